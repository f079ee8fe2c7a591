"""Putting the library under sessions and pools that SDKs own: settings kept, errors attached."""

from __future__ import annotations

import inspect

import pytest
import requests
import urllib3
from pytest_httpserver import HTTPServer
from requests.adapters import HTTPAdapter

import apiversion_client as avc
from apiversion_client import ApiVersionRemovedError, NegotiatorOptions, mount
from apiversion_client.transports.urllib3 import VersionedPoolManager, VersionedProxyManager

pytestmark = pytest.mark.network


def test_mount_keeps_the_retry_policy_and_pool_sizes_it_replaces() -> None:
    """mount() over an SDK's adapter keeps its max_retries and pool sizes (PyGithub, cognite)."""
    session = requests.Session()
    retry = urllib3.Retry(total=7, backoff_factor=0.5)
    session.mount("https://", HTTPAdapter(max_retries=retry, pool_connections=3, pool_maxsize=50))
    adapter = mount(session, "https://api.example.com", profile="github")
    assert adapter.max_retries is retry
    assert (adapter._pool_connections, adapter._pool_maxsize) == (3, 50)
    override = mount(
        session, "https://api.example.com", profile="github", adapter_kwargs={"pool_maxsize": 2}
    )
    assert override._pool_maxsize == 2
    session.close()


def test_attached_errors_let_the_sdk_handle_the_response(httpserver: HTTPServer) -> None:
    """errors="attach": the 410 comes back as sent, the typed error on response.api_error."""
    httpserver.expect_request("/v1/charges").respond_with_json(
        {"error": {"message": "API version 2020-08-27 has been removed"}}, status=410
    )
    session = requests.Session()
    mount(
        session,
        httpserver.url_for("/"),
        profile="stripe",
        api_version="2020-08-27",
        errors="attach",
    )
    response = session.get(httpserver.url_for("/v1/charges"), timeout=5)
    assert response.status_code == 410
    assert isinstance(response.api_error, ApiVersionRemovedError)  # type: ignore[attr-defined]
    assert response.json()["error"]["message"].endswith("removed")
    ok = requests.Session()
    mount(ok, httpserver.url_for("/"), profile="stripe", api_version="2020-08-27")
    with pytest.raises(ApiVersionRemovedError):
        ok.get(httpserver.url_for("/v1/charges"), timeout=5)
    session.close()
    ok.close()


def test_a_pool_manager_is_wrapped_with_its_settings() -> None:
    """wrapping() keeps TLS, pool size, retries and headers; a proxy manager stays a proxy one."""
    pool = urllib3.PoolManager(
        num_pools=3, maxsize=50, retries=urllib3.Retry(3), cert_reqs="CERT_NONE", headers={"A": "1"}
    )
    wrapped = VersionedPoolManager.wrapping(pool, "https://k8s.local", profile="kubernetes")
    assert wrapped.connection_pool_kw["maxsize"] == 50
    assert wrapped.connection_pool_kw["cert_reqs"] == "CERT_NONE"
    assert wrapped.connection_pool_kw["retries"].total == 3
    assert wrapped.headers == {"A": "1"}
    proxy = urllib3.ProxyManager("http://127.0.0.1:3128", num_pools=4, maxsize=2)
    through = VersionedPoolManager.wrapping(proxy, "https://k8s.local", profile="kubernetes")
    assert isinstance(through, VersionedProxyManager)
    assert str(through.proxy) == "http://127.0.0.1:3128"
    assert through.connection_pool_kw["maxsize"] == 2
    with pytest.raises(TypeError, match="PoolManager"):
        VersionedPoolManager.wrapping(object(), "https://k8s.local")  # type: ignore[arg-type]


def _signature_options(callable_: object) -> dict[str, object]:
    parameters = inspect.signature(callable_).parameters  # type: ignore[arg-type]
    return {name: parameters[name].default for name in NegotiatorOptions.__annotations__}


def test_every_transport_takes_the_one_set_of_options_with_the_same_defaults() -> None:
    """NegotiatorOptions is the one definition: every transport lists its keys, same defaults."""
    expected = _signature_options(avc.Negotiator)
    constructors: list[object] = [avc.VersionedSession, VersionedPoolManager]
    try:
        from apiversion_client.transports import httpx as httpx_transport
    except ImportError:  # pragma: no cover - httpx is a test dependency
        httpx_transport = None
    if httpx_transport is not None:
        constructors += [httpx_transport.VersionedClient, httpx_transport.AsyncVersionedClient]
    try:
        from apiversion_client.transports import aiohttp as aiohttp_transport
    except ImportError:
        aiohttp_transport = None
    if aiohttp_transport is not None:
        constructors.append(aiohttp_transport.VersionedClientSession)
    for constructor in constructors:
        assert _signature_options(constructor) == expected, constructor


def test_a_pool_manager_with_pools_of_its_own_keeps_them() -> None:
    """wrapping() keeps the pool classes (a SOCKSProxyManager's pools speak SOCKS)."""

    class Pools(urllib3.HTTPConnectionPool):
        pass

    pool = urllib3.PoolManager()
    pool.pool_classes_by_scheme = {"http": Pools, "https": urllib3.HTTPSConnectionPool}
    wrapped = VersionedPoolManager.wrapping(pool, "http://k8s.local", profile="kubernetes")
    assert wrapped.pool_classes_by_scheme["http"] is Pools
    assert isinstance(wrapped.connection_from_url("http://k8s.local/api"), Pools)
