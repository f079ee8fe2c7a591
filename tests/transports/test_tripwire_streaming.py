"""The tripwire reads a 2xx body prefix without taking it from the caller, in streaming mode too.

A server on 127.0.0.1 answers ``GET /items`` with a JSON page: small (a few
KiB), large (2 MiB: over the tripwire's bound, so only its first bytes are
read and it is not checked), or either of them gzip-encoded.  Each transport's own streaming
API must give the caller every byte, in order, after the core read its prefix;
the small and the gzip pages break a declared promise (``items[].id`` missing)
and are reported, the large one is not checked.
"""

from __future__ import annotations

import asyncio
import gzip
import http.server
import json
from collections.abc import Iterator
from typing import Any

import pytest
import urllib3

from apiversion_client import NoticeKind, Policy, Reliance, VersionedSession
from apiversion_client.transports.urllib3 import VersionedPoolManager

from ._helpers import local_server, serving

httpx = pytest.importorskip("httpx")
aiohttp = pytest.importorskip("aiohttp")
from apiversion_client.transports.aiohttp import VersionedClientSession  # noqa: E402
from apiversion_client.transports.httpx import AsyncVersionedClient, VersionedClient  # noqa: E402

pytestmark = pytest.mark.network

CHUNK = 16 * 1024


def page(count: int) -> bytes:
    """A page of ``count`` items, none with an id (the promise the declaration holds)."""
    return json.dumps({"items": [{"name": f"item {i:07d}"} for i in range(count)]}).encode()


BODIES = {
    "/items/small": page(100),  # ~2.5 KiB
    "/items/large": page(80_000),  # ~2 MiB
}
GZIPPED = {
    "/items/gzip": gzip.compress(BODIES["/items/small"]),
    "/items/large-gzip": gzip.compress(BODIES["/items/large"]),
}
OPTIONS: dict[str, Any] = {
    "profile": "github",
    "api_version": "2022-11-28",
    "policy": Policy(default="collect"),
    "relies": [Reliance("GET /items/{size}", fields=["items[].id"])],
}


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        gzipped = self.path in GZIPPED
        body = GZIPPED[self.path] if gzipped else BODIES[self.path]
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        for start in range(0, len(body), CHUNK):
            self.wfile.write(body[start : start + CHUNK])

    def log_message(self, format: str, *args: Any) -> None:
        """Keep quiet."""


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serving(local_server(_Handler)) as url:
        yield url


def expected(path: str) -> bytes:
    return BODIES["/items/large" if "large" in path else "/items/small"]


def reported(notices: Any) -> list[str]:
    return [n.detail for n in notices if n.kind is NoticeKind.BREAKING_CHANGE]


PATHS = ["/items/small", "/items/large", "/items/gzip", "/items/large-gzip"]


@pytest.mark.parametrize("path", PATHS)
def test_requests_streams_every_byte(base_url: str, path: str) -> None:
    """stream=True: iter_content gives the whole body after the core read its prefix."""
    with VersionedSession(base_url, **OPTIONS) as session:
        response = session.get(path, stream=True, timeout=10)
        received = b"".join(response.iter_content(CHUNK))
        assert received == expected(path)
        checked = reported(response.api_notices)
    assert checked == ([] if "large" in path else ["field-missing items[].id"])


@pytest.mark.parametrize("path", ["/items/small", "/items/large"])
@pytest.mark.parametrize("how", ["raw.read", "copyfileobj", "raw.read(n)"])
def test_requests_raw_gives_every_byte(base_url: str, path: str, how: str) -> None:
    """stream=True: ``response.raw`` (read undecoded by requests) gives the whole body too."""
    import io
    import shutil

    with VersionedSession(base_url, **OPTIONS) as session:
        response = session.get(path, stream=True, timeout=10)
        if how == "raw.read":
            received = response.raw.read()
        elif how == "copyfileobj":
            copied = io.BytesIO()
            shutil.copyfileobj(response.raw, copied)
            received = copied.getvalue()
        else:
            parts = []
            while part := response.raw.read(1000):
                parts.append(part)
            received = b"".join(parts)
        response.close()
    assert received == expected(path)


@pytest.mark.parametrize("path", PATHS)
def test_urllib3_streams_every_byte(base_url: str, path: str) -> None:
    """preload_content=False: stream() gives the whole body; so does .data."""
    with VersionedPoolManager(base_url, **OPTIONS) as pool:
        response = pool.request("GET", path, preload_content=False, timeout=10)
        received = b"".join(response.stream(CHUNK))
        response.release_conn()
        assert received == expected(path)
        assert reported(response.api_notices) == (  # type: ignore[attr-defined]
            [] if "large" in path else ["field-missing items[].id"]
        )
        again = pool.request("GET", path, preload_content=False, timeout=10)
        assert again.data == expected(path)
        assert isinstance(again, urllib3.BaseHTTPResponse)


@pytest.mark.parametrize("path", PATHS)
def test_httpx_streams_every_byte(base_url: str, path: str) -> None:
    """client.stream(): iter_bytes gives the whole body after the core read its prefix."""
    with VersionedClient(base_url, timeout=10, **OPTIONS) as client:
        with client.stream("GET", path) as response:
            received = b"".join(response.iter_bytes())
            notices = response.api_notices
        assert received == expected(path)
    assert reported(notices) == ([] if "large" in path else ["field-missing items[].id"])


@pytest.mark.parametrize("path", PATHS)
def test_httpx_async_streams_every_byte(base_url: str, path: str) -> None:
    """AsyncClient.stream(): aiter_bytes gives the whole body."""

    async def run() -> tuple[bytes, Any]:
        async with (
            AsyncVersionedClient(base_url, timeout=10, **OPTIONS) as client,
            client.stream("GET", path) as response,
        ):
            chunks = [chunk async for chunk in response.aiter_bytes()]
            return b"".join(chunks), response.api_notices

    received, notices = asyncio.run(run())
    assert received == expected(path)
    assert reported(notices) == ([] if "large" in path else ["field-missing items[].id"])


@pytest.mark.parametrize("path", PATHS)
def test_aiohttp_streams_every_byte(base_url: str, path: str) -> None:
    """response.content.iter_chunked gives the whole body after the core read its prefix."""

    async def run() -> tuple[bytes, Any]:
        async with (
            VersionedClientSession(base_url, **OPTIONS) as session,
            session.get(path) as response,
        ):
            chunks = [chunk async for chunk in response.content.iter_chunked(CHUNK)]
            return b"".join(chunks), response.api_notices  # type: ignore[attr-defined]

    received, notices = asyncio.run(run())
    assert received == expected(path)
    assert reported(notices) == ([] if "large" in path else ["field-missing items[].id"])
