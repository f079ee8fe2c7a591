"""Pins for the transport fixes made after the review, against real servers on 127.0.0.1.

A standard-library server answers with what each fix is about: a 2 MiB
removed-version error, an error body cut short, a small removed-version error,
and gzip bombs (a small body that decompresses to 200 MiB).  Waits are bounded
(request timeouts, and a pool timeout where a leaked connection would block a
pool of one forever); the server is stopped after the module.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import http.server
import weakref
import zlib
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import urllib3
from pytest_httpserver import HTTPServer
from requests.adapters import HTTPAdapter

from apiversion_client import ApiVersionRemovedError, VersionedSession, mount
from apiversion_client.transports.urllib3 import VersionedPoolManager

from ._helpers import peak, seen_headers, serving

pytestmark = pytest.mark.network

TIMEOUT = 5
MIB = 1024 * 1024
BIG = 2 * MIB
REMOVED = b'{"error": {"message": "API version 1 has been removed"}}'
OPTIONS: dict[str, Any] = {"profile": "gooddata", "api_version": "1"}


def _gzip_bomb(size: int, text: bytes = b"nothing here ") -> bytes:
    """A gzip body of ``size`` bytes (a short text, then zeros), about a thousandth as big."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(MIB)
    parts = [compressor.compress(text)]
    parts.extend(compressor.compress(zeros) for _ in range(size // MIB))
    parts.append(compressor.flush())
    return b"".join(parts)


BOMB_SIZE = 200 * MIB


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    bomb = b""
    removed_bomb = b""

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in {"Content-Length": str(len(body)), **(headers or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        # The client may close an error it keeps only the first MiB of.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path == "/big-removed":
            self._send(410, b"API version 1 has been removed. " + b" " * (BIG - 32))
        elif self.path == "/truncated":
            # Declares far more than it sends, then closes: a body cut short.
            self.send_response(410)
            self.send_header("Content-Length", "100000")
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(REMOVED[:40])
            self.wfile.flush()
            self.close_connection = True
        elif self.path == "/removed":
            self._send(410, REMOVED, {"Content-Type": "application/json"})
        elif self.path == "/bomb":
            self._send(404, self.bomb, {"Content-Encoding": "gzip"})
        elif self.path == "/removed-bomb":
            self._send(410, self.removed_bomb, {"Content-Encoding": "gzip"})
        else:
            self._send(200, b"{}", {"Content-Type": "application/json"})

    def log_message(self, format: str, *args: Any) -> None:
        """Keep quiet."""


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up on an error it did not want whole is no failure."""


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    _Handler.bomb = _gzip_bomb(BOMB_SIZE)
    _Handler.removed_bomb = _gzip_bomb(BOMB_SIZE, b"API version 1 has been removed. ")
    with serving(_Server(("127.0.0.1", 0), _Handler)) as url:
        yield url


class _BoundedPool(urllib3.HTTPConnectionPool):
    """A pool that waits at most 2 s for a connection (requests passes no pool timeout)."""

    def urlopen(self, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("pool_timeout") is None:
            kwargs["pool_timeout"] = 2
        return super().urlopen(*args, **kwargs)


# ------------------------------------------------- connections and cut bodies (fix 1)


def test_requests_streaming_error_gives_its_connection_back_to_a_pool_of_one(
    base_url: str,
) -> None:
    """Fix 1: stream=True, a 2 MiB 410 kept to its first MiB; the next request still runs.

    pool_maxsize=1 and pool_block=True: a connection not given back would
    block the next request for good (here: EmptyPoolError after 2 s).
    """
    with VersionedSession(
        base_url, **OPTIONS, adapter_kwargs={"pool_maxsize": 1, "pool_block": True}
    ) as session:
        session.adapter.poolmanager.pool_classes_by_scheme = {"http": _BoundedPool}
        for _ in range(2):
            with pytest.raises(ApiVersionRemovedError) as caught:
                session.get("/big-removed", stream=True, timeout=TIMEOUT)
            assert len(caught.value.response.content) <= MIB
            assert session.get("/ok", timeout=TIMEOUT).status_code == 200


def test_urllib3_streaming_error_gives_its_connection_back_to_a_pool_of_one(
    base_url: str,
) -> None:
    """Fix 1: preload_content=False, the same with urllib3: maxsize=1, block=True."""
    with VersionedPoolManager(base_url, **OPTIONS, maxsize=1, block=True) as pool:
        for _ in range(2):
            with pytest.raises(ApiVersionRemovedError) as caught:
                pool.request(
                    "GET", "/big-removed", preload_content=False, timeout=TIMEOUT, pool_timeout=2
                )
            assert len(caught.value.response.data) <= MIB
            response = pool.request("GET", "/ok", timeout=TIMEOUT, pool_timeout=2)
            assert response.status == 200


def test_a_streamed_error_body_cut_short_is_still_the_typed_error(base_url: str) -> None:
    """Fix 1: Content-Length promises more than arrives: the typed error, not ProtocolError.

    Streaming (requests stream=True, urllib3 preload_content=False): the core
    reads no body, and the 410 on a pinned request is a removed version.
    """
    with VersionedSession(base_url, **OPTIONS) as session, pytest.raises(ApiVersionRemovedError):
        session.get("/truncated", stream=True, timeout=TIMEOUT)
    with (
        VersionedPoolManager(base_url, **OPTIONS, retries=False) as pool,
        pytest.raises(ApiVersionRemovedError),
    ):
        pool.request("GET", "/truncated", preload_content=False, timeout=TIMEOUT)


def test_a_buffered_error_body_cut_short_is_what_plain_requests_raises(base_url: str) -> None:
    """Fix 1: buffered requests raises requests' own error, as a plain session does.

    Never urllib3's ProtocolError escaping the adapter (not a RequestException).
    """
    with requests.Session() as plain, pytest.raises(requests.RequestException) as expected:
        plain.get(f"{base_url}/truncated", timeout=TIMEOUT)
    with (
        VersionedSession(base_url, **OPTIONS) as session,
        pytest.raises(requests.RequestException) as caught,
    ):
        session.get("/truncated", timeout=TIMEOUT)
    assert type(caught.value) is type(expected.value)


# ------------------------------------------------------------ mounting (fix 2)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (
            "http://api.example.com/v1",
            ["http://api.example.com/v1", "http://api.example.com:80/v1"],
        ),
        (
            "https://api.example.com:443/v1/",
            ["https://api.example.com:443/v1", "https://api.example.com/v1"],
        ),
        ("https://api.example.com", ["https://api.example.com/", "https://api.example.com:443/"]),
        ("http://[::1]/v1", ["http://[::1]/v1", "http://[::1]:80/v1"]),
        ("http://127.0.0.1:8080/v1", ["http://127.0.0.1:8080/v1"]),  # no port-less twin
    ],
)
def test_mount_prefixes_spell_the_default_port_both_ways(given: str, expected: list[str]) -> None:
    """Fix 2: the base as given, and with the scheme's default port written out and left out."""
    from apiversion_client._core._scope import BaseUrl
    from apiversion_client.transports.requests import _mount_prefixes

    assert _mount_prefixes(given, BaseUrl.parse(given)) == expected


def test_mount_on_a_plain_session_covers_the_default_port_spelled_out() -> None:
    """Fix 2: requests compares prefixes as text: ``:80`` and no port pick the same adapter."""
    with requests.Session() as session:
        adapter = mount(session, "http://api.example.com/v1", **OPTIONS)
        assert session.get_adapter("http://api.example.com/v1/things") is adapter
        assert session.get_adapter("http://api.example.com:80/v1/things") is adapter
        other = mount(session, "https://other.example.com:443/v2", **OPTIONS)
        assert session.get_adapter("https://other.example.com/v2/x") is other
        assert session.get_adapter("https://other.example.com:443/v2/x") is other
        assert session.get_adapter("http://elsewhere.example.com/v1") is not adapter


def test_a_versioned_session_pins_every_spelling_of_the_api(httpserver: HTTPServer) -> None:
    """Fix 2: userinfo and an upper-case scheme are the API too: the pin is sent.

    Also with a broader adapter the caller mounted (``http://``): it does not
    take the API's requests.
    """
    httpserver.expect_request("/api/things").respond_with_data("{}")
    base = httpserver.url_for("/api")
    with VersionedSession(base, profile="gooddata", api_version="3") as session:
        session.mount("http://", HTTPAdapter())
        origin = base.partition("://")[2]
        for url in (
            f"{base}/things",
            f"http://user:pw@{origin}/things",
            f"HTTP://{origin}/things",
        ):
            assert session.get(url, timeout=TIMEOUT).status_code == 200
    assert seen_headers(httpserver, "X-GDC-Version") == ["3", "3", "3"]


class _CountingAdapter(HTTPAdapter):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> Any:
        self.urls.append(request.url or "")
        return super().send(request, *args, **kwargs)


def test_an_adapter_mounted_on_part_of_the_api_is_still_used_there(
    httpserver: HTTPServer, other_server: HTTPServer
) -> None:
    """Fix 2: the caller's adapter on ``base + "/uploads/"`` keeps that path.

    And another host (another port) is not pinned.
    """
    httpserver.expect_request("/api/uploads/x").respond_with_data("{}")
    httpserver.expect_request("/api/things").respond_with_data("{}")
    other_server.expect_request("/api/things").respond_with_data("{}")
    base = httpserver.url_for("/api")
    uploads = _CountingAdapter()
    with VersionedSession(base, profile="gooddata", api_version="3") as session:
        session.mount(base + "/uploads/", uploads)
        assert session.get_adapter(base + "/uploads/x") is uploads
        session.get(base + "/uploads/x", timeout=TIMEOUT)
        session.get(base + "/things", timeout=TIMEOUT)
        session.get(other_server.url_for("/api/things"), timeout=TIMEOUT)
    assert uploads.urls == [base + "/uploads/x"]
    assert seen_headers(httpserver, "X-GDC-Version") == [None, "3"]
    assert seen_headers(other_server, "X-GDC-Version") == [None]


@pytest.mark.parametrize(
    "spelling",
    ["{scheme}://{host}:{port}", "{scheme}://user:pw@{host}:{port}"],
    ids=["usual", "userinfo"],
)
def test_a_caller_sub_mount_is_used_for_every_spelling_of_its_urls(
    httpserver: HTTPServer, spelling: str
) -> None:
    """Review 13: userinfo or a default port written out still reaches the caller's adapter."""
    origin = spelling.format(scheme="http", host="127.0.0.1", port=httpserver.port)
    base = httpserver.url_for("/api")
    uploads = _CountingAdapter()
    with VersionedSession(base, profile="gooddata", api_version="3") as session:
        session.mount(base + "/uploads/", uploads)
        assert session.get_adapter(origin + "/api/uploads/x") is uploads
        assert session.get_adapter(origin + "/api/things") is session.adapter


def test_a_caller_sub_mount_is_used_with_the_default_port_written_out() -> None:
    """Review 13: ``https://api:443/v1/uploads/f`` goes to the adapter mounted on ``/uploads``."""
    uploads = HTTPAdapter()
    for base in ("https://api.example/v1", "https://api.example"):
        with VersionedSession(base, profile="rfc", api_version="v1") as session:
            session.mount(base + "/uploads", uploads)
            path = base.partition("api.example")[2]
            for url in (
                f"https://api.example{path}/uploads/f",
                f"https://api.example:443{path}/uploads/f",
                f"https://u:pw@api.example:443{path}/uploads/f?x=1",
                f"HTTPS://API.example{path}/uploads/f",
            ):
                assert session.get_adapter(url) is uploads, url
            for url in (f"https://api.example:443{path}/things", f"https://api.example{path}/x"):
                assert session.get_adapter(url) is session.adapter, url
            assert session.get_adapter(f"https://other.example{path}/uploads/f") is not uploads


# ---------------------------------------------------------- gzip bombs (fix 5)


def test_httpx_reads_a_gzip_bomb_only_up_to_the_bound(base_url: str) -> None:
    """Fix 5: a 200 MiB gzip bomb (404 the rules read) is decoded to 1 MiB at most, streaming.

    The core decodes a bounded prefix; the caller, who never reads the body,
    pays for none of the rest.
    """
    pytest.importorskip("httpx")
    from apiversion_client.transports.httpx import VersionedClient

    with VersionedClient(base_url, timeout=TIMEOUT, **OPTIONS) as client:

        def call() -> int:
            with client.stream("GET", "/bomb") as response:
                return response.status_code

        status, used = peak(call)
    assert status == 404
    assert used < 50 * MIB, used


def test_httpx_async_reads_a_gzip_bomb_only_up_to_the_bound(base_url: str) -> None:
    """Fix 5: the same in asyncio (AsyncVersionedClient.stream)."""
    pytest.importorskip("httpx")
    from apiversion_client.transports.httpx import AsyncVersionedClient

    async def call() -> int:
        async with (
            AsyncVersionedClient(base_url, timeout=TIMEOUT, **OPTIONS) as client,
            client.stream("GET", "/bomb") as response,
        ):
            return response.status_code

    status, used = peak(lambda: asyncio.run(call()))
    assert status == 404
    assert used < 50 * MIB, used


# ------------------------------------------------------- raised errors (fix 8)


@pytest.mark.parametrize("stream", [False, True], ids=["buffered", "streaming"])
def test_a_dropped_version_error_is_freed_without_the_garbage_collector(
    base_url: str, stream: bool
) -> None:
    """Fix 8: no reference cycle through the raising frame: ``del`` frees error and response."""
    with VersionedSession(base_url, **OPTIONS) as session:
        gc.collect()
        gc.disable()
        try:
            try:
                session.get("/removed", stream=stream, timeout=TIMEOUT)
            except ApiVersionRemovedError as error:
                error_ref = weakref.ref(error)
                response_ref = weakref.ref(error.response)
            else:  # pragma: no cover - the assertion below says what went wrong
                pytest.fail("no ApiVersionRemovedError")
            # ``error`` is unbound when the except block ends: nothing else holds it.
            assert error_ref() is None
            assert response_ref() is None
        finally:
            gc.enable()


def test_errors_attach_returns_the_response_with_its_error(base_url: str) -> None:
    """Fix 8: errors="attach" raises nothing; the response carries ``api_error``."""
    with VersionedSession(base_url, **OPTIONS, errors="attach") as session:
        for stream in (False, True):
            response = session.get("/removed", stream=stream, timeout=TIMEOUT)
            assert response.status_code == 410
            assert isinstance(response.api_error, ApiVersionRemovedError)  # type: ignore[attr-defined]
            assert response.content == REMOVED
            response.close()


def test_a_mount_on_another_port_leaves_the_default_port_to_its_adapter() -> None:
    """The API on :8443 does not take over the caller's adapter for :443 of the same host."""
    with requests.Session() as session:
        custom = HTTPAdapter(max_retries=7)
        session.mount("https://api.example.com/", custom)
        adapter = mount(session, "https://api.example.com:8443/v1", **OPTIONS)
        assert session.get_adapter("https://api.example.com/v1/x") is custom
        assert session.get_adapter("https://api.example.com:8443/v1/x") is adapter


@pytest.mark.parametrize("mode", ["buffered", "streaming", "async"])
def test_httpx_a_removed_version_gzip_bomb_keeps_a_bounded_body(base_url: str, mode: str) -> None:
    """A 410 whose gzip body inflates to 200 MiB: the error keeps the first MiB, decoded.

    The error's response never decodes the rest (httpx's read() would, from
    the compressed prefix the core read), buffered, streaming or in asyncio.
    """
    pytest.importorskip("httpx")
    from apiversion_client.transports.httpx import AsyncVersionedClient, VersionedClient

    def send() -> None:
        if mode == "async":

            async def run() -> None:
                async with AsyncVersionedClient(base_url, timeout=TIMEOUT, **OPTIONS) as c:
                    await c.get("/removed-bomb")

            asyncio.run(run())
            return
        with VersionedClient(base_url, timeout=TIMEOUT, **OPTIONS) as client:
            if mode == "streaming":
                with client.stream("GET", "/removed-bomb"):
                    pass
            else:
                client.get("/removed-bomb")

    def call() -> ApiVersionRemovedError:
        with pytest.raises(ApiVersionRemovedError) as caught:
            send()
        return caught.value

    error, used = peak(call)
    assert used < 50 * MIB, used
    body = error.response.content
    assert body.startswith(b"API version 1 has been removed.")
    assert len(body) <= MIB
