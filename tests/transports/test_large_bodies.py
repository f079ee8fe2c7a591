"""Large error bodies: the core reads at most 1 MiB, the caller still gets the whole body.

A server on 127.0.0.1 answers with bodies of 16 MiB, sent in 64 KiB chunks.
Peak memory is traced (tracemalloc: Python's own allocations, the server's
included, which reuses one chunk) and compared with what a body of that size
would cost if it were read whole.  Buffered calls read the body, as the plain
clients do; streaming calls must stay small, in every transport.
"""

from __future__ import annotations

import asyncio
import http.server
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import urllib3

from apiversion_client import ApiVersionRemovedError, VersionedSession
from apiversion_client.transports.urllib3 import VersionedPoolManager

from ._helpers import local_server, peak, serving

httpx = pytest.importorskip("httpx")
from apiversion_client.transports.httpx import (  # noqa: E402
    AsyncVersionedClient,
    VersionedClient,
)

pytestmark = pytest.mark.network

SIZE = 16 * 1024 * 1024
CHUNK = 64 * 1024
HEAD = b"API version 1 has been removed. " + b" " * (CHUNK - 32)
FILLER = b"x" * CHUNK
MIB = 1024 * 1024


def body_bytes() -> bytes:
    """The whole body the server sends (built only where a test compares it)."""
    return HEAD + FILLER * (SIZE // CHUNK - 1)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        status = {"/removed": 410, "/missing": 404, "/ok": 200}.get(self.path, 500)
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(SIZE))
        self.end_headers()
        head = HEAD if status == 410 else b"nothing here " + b" " * (CHUNK - 13)
        try:
            self.wfile.write(head)
            for _ in range(SIZE // CHUNK - 1):
                self.wfile.write(FILLER)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client closed a response it did not want whole

    def log_message(self, format: str, *args: Any) -> None:
        """Keep quiet."""


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serving(local_server(_Handler)) as url:
        yield url


OPTIONS: dict[str, Any] = {"profile": "gooddata", "api_version": "1"}


# ---------------------------------------------------------------- requests


def test_requests_streaming_version_error_stays_small(base_url: str) -> None:
    """stream=True: a 16 MiB 410 is recognised from its first MiB, memory stays small."""
    with VersionedSession(base_url, **OPTIONS) as session:

        def call() -> ApiVersionRemovedError:
            with pytest.raises(ApiVersionRemovedError) as caught:
                session.get("/removed", stream=True, timeout=10)
            return caught.value

        error, used = peak(call)
    assert "has been removed" in str(error)
    assert used < 4 * MIB, used
    assert error.response.content.startswith(b"API version 1 has been removed")
    assert MIB <= len(error.response.content) <= 2 * MIB


def test_requests_streaming_other_error_gives_back_the_whole_body(base_url: str) -> None:
    """stream=True: a 404 the rules read is returned, and streams whole from the first byte."""
    with VersionedSession(base_url, **OPTIONS) as session:

        def call() -> tuple[int, int, bytes]:
            response = session.get("/missing", stream=True, timeout=10)
            total, first = 0, b""
            for chunk in response.iter_content(CHUNK):
                first = first or chunk
                total += len(chunk)
            response.close()
            return response.status_code, total, first

        (status, total, first), used = peak(call)
    assert status == 404
    assert total == SIZE
    assert first.startswith(b"nothing here")
    assert used < 3 * MIB, used


def test_requests_buffered_reads_the_body_once(base_url: str) -> None:
    """Buffered: the body is read as requests reads it, whole and intact, not twice."""
    with VersionedSession(base_url, **OPTIONS) as session:
        response, used = peak(lambda: session.get("/missing", timeout=10))
        assert response.status_code == 404
        assert response.content == b"nothing here " + b" " * (CHUNK - 13) + FILLER * (
            SIZE // CHUNK - 1
        )
    assert used < 2.5 * SIZE, used


# ----------------------------------------------------------------- urllib3


def test_urllib3_streaming_keeps_the_body_for_the_caller(base_url: str) -> None:
    """preload_content=False: the rules read the first MiB, the caller reads every byte."""
    with VersionedPoolManager(base_url, **OPTIONS) as pool:

        def call() -> tuple[int, int]:
            response = pool.request("GET", "/missing", preload_content=False, timeout=10)
            total = sum(len(chunk) for chunk in response.stream(CHUNK))
            response.release_conn()
            return response.status, total

        (status, total), used = peak(call)
        assert (status, total) == (404, SIZE)
        assert used < 3 * MIB, used

        def removed() -> None:
            with pytest.raises(ApiVersionRemovedError) as caught:
                pool.request("GET", "/removed", preload_content=False, timeout=10)
            return caught.value.response.data

        kept, used = peak(removed)
    assert used < 4 * MIB, used
    assert kept.startswith(b"API version 1 has been removed")
    assert MIB <= len(kept) <= 2 * MIB


def test_urllib3_data_reads_whole_after_the_rules_read_a_prefix(base_url: str) -> None:
    """.data after the core's partial read is the whole body, and stays cached."""
    with VersionedPoolManager(base_url, **OPTIONS) as pool:
        response = pool.request("GET", "/missing", preload_content=False, timeout=10)
        assert len(response.data) == SIZE
        assert len(response.data) == SIZE
        assert response.data.startswith(b"nothing here")


# ------------------------------------------------------------------- httpx


def test_httpx_streaming_version_error_stays_small(base_url: str) -> None:
    """client.stream(): a 16 MiB 410 raises from its first MiB; the error keeps that MiB."""
    with VersionedClient(base_url, timeout=10, **OPTIONS) as client:

        def call() -> ApiVersionRemovedError:
            with pytest.raises(ApiVersionRemovedError) as caught, client.stream("GET", "/removed"):
                pass
            return caught.value

        error, used = peak(call)
    assert used < 4 * MIB, used
    assert error.response.content.startswith(b"API version 1 has been removed")
    assert len(error.response.content) <= 2 * MIB


def test_httpx_streaming_other_error_gives_back_the_whole_body(base_url: str) -> None:
    """client.stream(): a 404 the rules read streams whole, from its first byte."""
    with VersionedClient(base_url, timeout=10, **OPTIONS) as client:

        def call() -> tuple[int, int, bytes]:
            with client.stream("GET", "/missing") as response:
                total, first = 0, b""
                for chunk in response.iter_bytes():
                    first = first or chunk
                    total += len(chunk)
                return response.status_code, total, first

        (status, total, first), used = peak(call)
    assert (status, total) == (404, SIZE)
    assert first.startswith(b"nothing here")
    assert used < 4 * MIB, used


def test_httpx_async_streaming_other_error_gives_back_the_whole_body(base_url: str) -> None:
    """AsyncClient.stream(): the same, in asyncio."""

    async def call() -> tuple[int, int]:
        async with (
            AsyncVersionedClient(base_url, timeout=10, **OPTIONS) as client,
            client.stream("GET", "/missing") as response,
        ):
            total = 0
            async for chunk in response.aiter_bytes():
                total += len(chunk)
            return response.status_code, total

    (status, total), used = peak(lambda: asyncio.run(call()))
    assert (status, total) == (404, SIZE)
    assert used < 4 * MIB, used


def test_httpx_buffered_reads_the_body_once(base_url: str) -> None:
    """client.get(): the body is whole and intact, read once."""
    with VersionedClient(base_url, timeout=10, **OPTIONS) as client:
        response, used = peak(lambda: client.get("/missing"))
    assert response.status_code == 404
    assert len(response.content) == SIZE
    assert response.content.startswith(b"nothing here")
    assert used < 2.5 * SIZE, used


def test_plain_clients_for_scale(base_url: str) -> None:
    """The plain clients in streaming mode, for scale: what "small" means here."""
    with requests.Session() as session:

        def call() -> int:
            response = session.get(f"{base_url}/missing", stream=True, timeout=10)
            total = sum(len(c) for c in response.iter_content(CHUNK))
            response.close()
            return total

        total, used = peak(call)
    assert total == SIZE
    assert used < 3 * MIB, used
    assert urllib3.__version__
