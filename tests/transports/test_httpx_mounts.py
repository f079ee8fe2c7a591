"""A versioned httpx client wraps the transport httpx would use for the API."""

from __future__ import annotations

import httpx
import pytest
from pytest_httpserver import HTTPServer

from apiversion_client.transports.httpx import AsyncVersionedClient, VersionedClient

from ._helpers import echo, seen_headers


class Counting(httpx.HTTPTransport):
    """A real transport that counts what it sends."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(str(request.url))
        return super().handle_request(request)


class AsyncCounting(httpx.AsyncHTTPTransport):
    """The asyncio twin of :class:`Counting`."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(str(request.url))
        return await super().handle_async_request(request)


@pytest.mark.parametrize("pattern", ["all://", "http://", "all://127.0.0.1"])
def test_a_broader_mount_is_the_transport_the_api_goes_through(httpserver: HTTPServer, pattern):
    """mounts={"all://": t} (or a scheme, or a host on any scheme) carries the API's calls too.

    The pin is added on the way in; a mount on the origin would be replaced,
    a broader one is wrapped.
    """
    httpserver.expect_request("/gdc/x").respond_with_handler(echo)
    counting = Counting()
    base = httpserver.url_for("/")
    with VersionedClient(
        base, profile="gooddata", api_version="5", mounts={pattern: counting}, trust_env=False
    ) as client:
        assert client.get("/gdc/x").json()["headers"]["x-gdc-version"] == "5"
    assert counting.sent == [httpserver.url_for("/gdc/x")]
    assert seen_headers(httpserver, "X-GDC-Version") == ["5"]


def test_a_mount_on_the_origin_is_wrapped_and_replaced(httpserver: HTTPServer):
    """mounts={origin: t}: t carries the calls, under the versioned transport."""
    httpserver.expect_request("/gdc/x").respond_with_handler(echo)
    counting = Counting()
    origin = httpserver.url_for("/").rstrip("/")
    with VersionedClient(
        origin, profile="gooddata", api_version="5", mounts={origin: counting}
    ) as client:
        client.get("/gdc/x")
        assert client._mounts  # the origin's pattern holds the versioned transport only
        assert client.api_transport.transport is counting
    assert len(counting.sent) == 1
    assert seen_headers(httpserver, "X-GDC-Version") == ["5"]


def test_a_proxy_from_the_environment_is_kept_for_the_api(monkeypatch):
    """HTTP_PROXY applies to the API as it would to a plain httpx.Client.

    The proxy transport httpx built from the environment is the one wrapped
    (before, the API's own mount bypassed it).
    """
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    base = "http://api.invalid"
    with VersionedClient(base, profile="gooddata", api_version="5") as client:
        proxy = client._transport_for_url(httpx.URL("http://elsewhere.invalid/"))
        assert proxy is not client._transport  # httpx mounted the proxy on "http://"
        assert client.api_transport.transport is proxy
    monkeypatch.setenv("NO_PROXY", "api.invalid")
    with VersionedClient(base, profile="gooddata", api_version="5") as client:
        proxy = client._transport_for_url(httpx.URL("http://elsewhere.invalid/"))
        assert client.api_transport.transport is not proxy


def test_the_default_transport_is_not_shared(httpserver: HTTPServer):
    """With no mount for the API, its transport is a twin of httpx's default, not it.

    Instrumentation that wraps every transport of a client (OpenTelemetry's)
    would otherwise time the API's calls twice.
    """
    with VersionedClient(httpserver.url_for("/"), profile="gooddata", api_version="5") as client:
        assert client.api_transport.transport is not client._transport


def test_the_async_client_wraps_a_broader_mount_too(httpserver: HTTPServer):
    """AsyncVersionedClient: the same, over asyncio."""
    import asyncio

    httpserver.expect_request("/gdc/x").respond_with_handler(echo)
    counting = AsyncCounting()

    async def main() -> str:
        async with AsyncVersionedClient(
            httpserver.url_for("/"),
            profile="gooddata",
            api_version="4",
            mounts={"all://": counting},
        ) as client:
            return (await client.get("/gdc/x")).json()["headers"]["x-gdc-version"]

    assert asyncio.run(main()) == "4"
    assert len(counting.sent) == 1
