"""The official kubernetes client over ``VersionedPoolManager.wrapping(...)`` of its pool manager.

The client builds its own urllib3 ``PoolManager`` (TLS, pool size, retries, a
proxy) in ``ApiClient(configuration).rest_client.pool_manager``; the tests
replace it with a versioned one that keeps those settings.  The fake API server
(``answer``) sends ``Warning: 299`` headers as kube-apiserver does: one for a
deprecated API version, one for a field the server dropped, and answers an
expired watch with ``410 Gone``.
"""

from __future__ import annotations

import json
import ssl
import warnings
from collections.abc import Callable, Iterator, Sequence
from typing import Any
from urllib.parse import urlsplit

import pytest
import urllib3

import apiversion_client as avc
from apiversion_client.transports.urllib3 import VersionedPoolManager, VersionedProxyManager

from ._fake import FakeApi, Received, Reply
from .conftest import here, require

kubernetes = require("kubernetes")

pytestmark = [pytest.mark.interop, pytest.mark.network]

DEPRECATED = (
    "batch/v1beta1 CronJob is deprecated in v1.21+, unavailable in v1.25+; use batch/v1 CronJob"
)
UNKNOWN_FIELD = 'unknown field "spec.foo"'
# kubernetes 37 and later wrap every API method in pydantic's validate_call:
# its frames sit between the caller and the client, so warnings skip them too.
PYDANTIC_WRAPPED = hasattr(
    kubernetes.client.CustomObjectsApi.create_namespaced_custom_object, "__wrapped__"
)
SKIP = ("kubernetes", "pydantic")


def _warning(text: str) -> tuple[str, str]:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return ("Warning", f'299 - "{escaped}"')


def answer(request: Received) -> Reply:
    """kube-apiserver, as far as these tests need it (any target form: origin or proxy)."""
    path = urlsplit(request.path).path
    audit = [("Audit-Id", f"audit-{len(path)}")]
    if path.startswith("/apis/batch/v1beta1/"):
        headers = [_warning(DEPRECATED), *audit]
        if request.method == "POST":
            body = json.loads(request.body)
            if "foo" in body.get("spec", {}):
                headers.append(_warning(UNKNOWN_FIELD))
            return Reply(201, tuple(headers), body)
        return Reply(200, tuple(headers), {"kind": "CronJobList", "items": []})
    if path == "/api/v1/namespaces/default/pods":
        status = {
            "kind": "Status",
            "apiVersion": "v1",
            "status": "Failure",
            "message": "too old resource version: 1 (42)",
            "reason": "Expired",
            "code": 410,
        }
        return Reply(410, tuple(audit), status)
    return Reply(404, tuple(audit), {"kind": "Status", "reason": "NotFound", "code": 404})


@pytest.fixture
def api() -> Iterator[FakeApi]:
    """The fake API server on 127.0.0.1."""
    with FakeApi(answer, name="fake-kube-apiserver") as fake:
        yield fake


@pytest.fixture
def api_client() -> Iterator[Callable[..., Any]]:
    """Build ``ApiClient``s from configuration settings; their pool managers cleared after."""
    built: list[Any] = []

    def make(host: str, **settings: Any) -> Any:
        configuration = kubernetes.client.Configuration(host=host)
        for name, value in settings.items():
            setattr(configuration, name, value)
        client = kubernetes.client.ApiClient(configuration)
        built.append(client)
        return client

    yield make
    for client in built:
        client.rest_client.pool_manager.clear()
        client.close()


def _versioned(client: Any, skip_packages: Sequence[str] = SKIP) -> VersionedPoolManager:
    """Put the library under ``client``: its pool manager, wrapped, put back in its place."""
    rest = client.rest_client
    rest.pool_manager = VersionedPoolManager.wrapping(
        rest.pool_manager,
        client.configuration.host,
        profile="kubernetes",
        skip_packages=skip_packages,
    )
    return rest.pool_manager


def _cronjob(**spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": "batch/v1beta1",
        "kind": "CronJob",
        "metadata": {"name": "nightly"},
        "spec": {"schedule": "@daily", **spec},
    }


def test_tls_pool_and_retry_settings_are_kept(api_client, tmp_path):
    """The wrapped manager keeps every connection-pool keyword, the pool count and headers."""
    ca = tmp_path / "ca.crt"
    ca.write_text("not read before a TLS handshake")
    retries = urllib3.Retry(total=3, backoff_factor=0.5)
    client = api_client(
        "https://kube.example:6443",
        ssl_ca_cert=str(ca),
        cert_file=str(tmp_path / "client.crt"),
        key_file=str(tmp_path / "client.key"),
        tls_server_name="kubernetes.default.svc",
        connection_pool_maxsize=7,
        retries=retries,
    )
    old = client.rest_client.pool_manager
    expected = dict(old.connection_pool_kw)
    new = _versioned(client)
    assert type(new) is VersionedPoolManager
    assert new.connection_pool_kw == expected
    assert new.connection_pool_kw["cert_reqs"] == ssl.CERT_REQUIRED
    assert new.connection_pool_kw["ca_certs"] == str(ca)
    assert new.connection_pool_kw["server_hostname"] == "kubernetes.default.svc"
    assert new.connection_pool_kw["maxsize"] == 7
    assert new.connection_pool_kw["retries"] is retries
    assert new.pools._maxsize == old.pools._maxsize
    assert new.headers == old.headers
    # ... and every pool it makes is built with them.
    pool = new.connection_from_url("https://kube.example:6443/api")
    assert (pool.ca_certs, pool.cert_reqs, pool.retries) == (str(ca), ssl.CERT_REQUIRED, retries)
    assert pool.pool.maxsize == 7


def test_verify_ssl_off_is_kept(api_client):
    """``verify_ssl = False`` (a test cluster) stays off: the manager is not made stricter."""
    client = api_client("https://kube.example:6443", verify_ssl=False)
    new = _versioned(client)
    assert new.connection_pool_kw["cert_reqs"] == ssl.CERT_NONE


def test_warning_headers_are_a_deprecation_and_a_server_warning_once_each(api, api_client):
    """Warning 299s surface as ApiDeprecationWarning and ApiServerWarning, once, at the caller."""
    client = api_client(api.url)
    manager = _versioned(client)
    custom = kubernetes.client.CustomObjectsApi(client)
    create = custom.create_namespaced_custom_object
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        line = here() + 1
        created = create("batch", "v1beta1", "default", "cronjobs", _cronjob(foo=1))
        create("batch", "v1beta1", "default", "cronjobs", _cronjob(foo=2))
        custom.list_namespaced_custom_object("batch", "v1beta1", "default", "cronjobs")
    assert created["kind"] == "CronJob"  # the client read its response as usual
    shown = [w for w in caught if issubclass(w.category, avc.ApiVersionWarning)]
    assert [w.category for w in shown] == [avc.ApiDeprecationWarning, avc.ApiServerWarning]
    for warning in shown:
        assert (warning.filename, warning.lineno) == (__file__, line)
    deprecation, server_warning = (str(w.message) for w in shown)
    assert DEPRECATED in deprecation
    assert UNKNOWN_FIELD in server_warning
    kinds = [notice.kind for notice in manager.notices]
    assert kinds == [avc.NoticeKind.DEPRECATED, avc.NoticeKind.SERVER_WARNING]
    assert len(api.received) == 3


def test_the_client_reads_responses_as_before(api, api_client):
    """Under the versioned manager the client still sends its headers and decodes its models."""
    client = api_client(api.url)
    _versioned(client)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", avc.ApiVersionWarning)
        listed = kubernetes.client.CustomObjectsApi(client).list_namespaced_custom_object(
            "batch", "v1beta1", "default", "cronjobs"
        )
    assert listed == {"kind": "CronJobList", "items": []}
    assert api.last.header("Accept") == "application/json"
    assert api.last.header("User-Agent").startswith("OpenAPI-Generator/")


def test_an_expired_watch_stays_the_clients_api_exception(api, api_client):
    """A 410 Gone on an unpinned request is Kubernetes' own error, not a removed version."""
    client = api_client(api.url)
    manager = _versioned(client)
    core = kubernetes.client.CoreV1Api(client)
    with pytest.raises(kubernetes.client.ApiException) as caught:
        core.list_namespaced_pod("default", resource_version="1", watch=False)
    assert caught.value.status == 410
    assert json.loads(caught.value.body)["reason"] == "Expired"
    assert manager.notices == ()


def test_a_proxy_is_kept(api, api_client):
    """Behind ``configuration.proxy`` the manager stays a proxy manager: requests go through it."""
    client = api_client(
        "http://kube.invalid:6443",
        proxy=api.url,
        proxy_headers={"Proxy-Authorization": "Basic dXNlcjpwYXNz"},
        no_proxy="",
    )
    assert isinstance(client.rest_client.pool_manager, urllib3.ProxyManager)
    manager = _versioned(client)
    assert type(manager) is VersionedProxyManager
    assert str(manager.proxy) == api.url
    custom = kubernetes.client.CustomObjectsApi(client)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        custom.list_namespaced_custom_object("batch", "v1beta1", "default", "cronjobs")
    # The fake received it as a proxy does: the absolute URL, with the proxy's credentials.
    expected = "http://kube.invalid:6443/apis/batch/v1beta1/namespaces/default/cronjobs"
    assert api.last.path == expected
    assert api.last.header("Proxy-Authorization") == "Basic dXNlcjpwYXNz"
    assert [w.category for w in caught] == [avc.ApiDeprecationWarning]


def test_skipping_kubernetes_alone_reaches_the_caller(api, api_client):
    """``skip_packages=["kubernetes"]`` is enough to point at the caller's line."""
    client = api_client(api.url)
    _versioned(client, skip_packages=["kubernetes"])
    custom = kubernetes.client.CustomObjectsApi(client)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        line = here() + 1
        custom.list_namespaced_custom_object("batch", "v1beta1", "default", "cronjobs")
    [warning] = [w for w in caught if issubclass(w.category, avc.ApiVersionWarning)]
    assert (warning.filename, warning.lineno) == (__file__, line)
