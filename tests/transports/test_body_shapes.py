"""Every way of reading a body gives what the plain client gives, after the core read a prefix.

A differential test: a server on 127.0.0.1 answers ``GET /items/<shape>``
with a page whose declared promise (``items[].id``) is broken, so the
tripwire reads a prefix of every body, in every framing a server uses:
``Content-Length``, chunked (small, and 2 MiB over the tripwire's bound),
``Content-Encoding: identity`` and an unknown coding, gzip (with a length and
chunked), a body cut short of its ``Content-Length``, and an empty 204.  Each
read (buffered ``content``, ``iter_content``, ``raw.read()`` with and without
decoding, ``raw.read(n)`` in a loop, ``raw.stream(n)``...) runs over the
plain client and over the versioned one; both must give the same bytes, or
fail with the same kind of exception.  Waits are bounded (timeouts; loops
bounded in steps), and the server stops after the module.
"""

from __future__ import annotations

import contextlib
import gzip
import http.server
import io
import json
import shutil
import signal
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
import urllib3

from apiversion_client import Policy, Reliance, VersionedSession
from apiversion_client.transports.urllib3 import VersionedPoolManager

from ._helpers import local_server, serving

pytestmark = pytest.mark.network

TIMEOUT = 10
SMALL = json.dumps({"items": [{"name": f"item {i:05d}"} for i in range(300)]}).encode()
LARGE = json.dumps({"items": [{"name": f"item {i:07d}"} for i in range(80_000)]}).encode()
OPTIONS: dict[str, Any] = {
    "profile": "github",
    "api_version": "2022-11-28",
    "policy": Policy(default="collect"),
    "relies": [Reliance("GET /items/{shape}", fields=["items[].id"])],
}
REMOVED = (
    b'{"error": {"message": "API version 1 has been removed"}, "padding": "'
    + b"x" * (2 * 1024 * 1024)
    + b'"}'
)
ATTACH: dict[str, Any] = {"profile": "gooddata", "api_version": "1", "errors": "attach"}
SHAPES = [
    "length",
    "chunked",
    "chunked-large",
    "identity",
    "unknown-coding",
    "gzip",
    "gzip-chunked",
    "short",
    "empty",
]


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        shape = self.path.rsplit("/", 1)[-1]
        body = LARGE if shape == "chunked-large" else SMALL
        headers = [("Content-Type", "application/json")]
        if shape == "empty":
            self.send_response(204)
            self.end_headers()
            return
        if shape in ("removed", "removed-chunked", "removed-gzip"):
            self._removed(shape)
            return
        if shape == "gzip-6":
            for _ in range(6):
                body = gzip.compress(body)
            headers.append(("Content-Encoding", ", ".join(["gzip"] * 6)))
        elif shape.startswith("gzip"):
            body = gzip.compress(body)
            headers.append(("Content-Encoding", "gzip"))
        elif shape == "identity":
            headers.append(("Content-Encoding", "identity"))
        elif shape == "unknown-coding":
            headers.append(("Content-Encoding", "x-foo"))
        self.send_response(200)
        for name, value in headers:
            self.send_header(name, value)
        if "chunked" in shape:
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for start in range(0, len(body), 7000):
                piece = body[start : start + 7000]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.wfile.write(b"0\r\n\r\n")
            return
        if shape == "short":
            self.send_header("Content-Length", str(len(body) + 500))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _removed(self, shape: str) -> None:
        """A GoodData 410 for a removed version, 2 MiB long (over the 1 MiB the core reads)."""
        body = REMOVED
        self.send_response(410)
        self.send_header("Content-Type", "application/json")
        if shape == "removed-gzip":
            body = gzip.compress(body)
            self.send_header("Content-Encoding", "gzip")
        if shape == "removed-chunked":
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for start in range(0, len(body), 50_000):
                piece = body[start : start + 50_000]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.wfile.write(b"0\r\n\r\n")
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep quiet."""


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serving(local_server(_Handler)) as url:
        yield url


def _loop(read: Callable[[], bytes]) -> bytes:
    parts = []
    for _ in range(100_000):  # bounded: a read that never ends fails the test, not the run
        part = read()
        if not part:
            return b"".join(parts)
        parts.append(part)
    raise AssertionError("the body never ended")


def _bounded(chunks: Iterator[bytes]) -> bytes:
    parts = []
    for step, chunk in enumerate(chunks):
        assert step < 100_000, "the stream never ended"
        parts.append(chunk)
    return b"".join(parts)


REQUESTS_READS: dict[str, Callable[[requests.Response], bytes]] = {
    "content": lambda r: r.content,
    "iter_content": lambda r: b"".join(r.iter_content(1000)),
    "raw.read()": lambda r: r.raw.read(),
    "raw.read(decode)": lambda r: r.raw.read(decode_content=True),
    "raw.read(n) loop": lambda r: _loop(lambda: r.raw.read(1000)),
    "raw.read(n, raw) loop": lambda r: _loop(lambda: r.raw.read(1000, decode_content=False)),
    "raw.stream(n)": lambda r: _bounded(r.raw.stream(1000)),
    "raw.stream(n, raw)": lambda r: _bounded(r.raw.stream(1000, decode_content=False)),
    "copyfileobj(raw)": lambda r: _copied(r.raw),
}


def _copied(raw: Any) -> bytes:
    copied = io.BytesIO()
    shutil.copyfileobj(raw, copied)
    return copied.getvalue()


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Interrupt a read that never ends (a loop inside the client that yields nothing)."""
    main = threading.current_thread() is threading.main_thread()
    if not main or not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum: int, frame: Any) -> None:
        raise TimeoutError(f"the read did not end within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _outcome(read: Callable[[], bytes]) -> tuple[str, bytes | str]:
    try:
        with _deadline(TIMEOUT):
            return "bytes", read()
    except Exception as error:  # the kind of failure is what must match
        return "error", type(error).__name__


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("how", sorted(REQUESTS_READS))
@pytest.mark.parametrize("stream", [True, False], ids=["stream", "buffered"])
def test_requests_reads_as_plain_requests_does(
    base_url: str, shape: str, how: str, stream: bool
) -> None:
    """Same bytes (or the same exception) as a plain ``requests.Session``."""
    read = REQUESTS_READS[how]
    url = f"{base_url}/items/{shape}"
    outcomes = []
    for session in (requests.Session(), VersionedSession(base_url, **OPTIONS)):
        with session:
            try:
                response = session.get(url, stream=stream, timeout=TIMEOUT)
            except Exception as error:
                outcomes.append(("error", type(error).__name__))
                continue
            with response:
                outcomes.append(_outcome(lambda response=response: read(response)))
    plain, versioned = outcomes
    assert versioned == plain


URLLIB3_READS: dict[str, Callable[[Any], bytes]] = {
    "read()": lambda r: r.read(),
    "read(raw)": lambda r: r.read(decode_content=False),
    "read(n) loop": lambda r: _loop(lambda: r.read(1000)),
    "stream(n)": lambda r: _bounded(r.stream(1000)),
    "stream(n, raw)": lambda r: _bounded(r.stream(1000, decode_content=False)),
    "data": lambda r: r.data,
}


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("how", sorted(URLLIB3_READS))
def test_urllib3_streaming_reads_as_plain_urllib3_does(base_url: str, shape: str, how: str) -> None:
    """``preload_content=False``: same bytes (or the same exception) as a plain ``PoolManager``."""
    read = URLLIB3_READS[how]
    url = f"{base_url}/items/{shape}"
    outcomes = []
    for pool in (urllib3.PoolManager(), VersionedPoolManager(base_url, **OPTIONS)):
        with pool:
            response = pool.request("GET", url, preload_content=False, timeout=TIMEOUT)
            outcomes.append(_outcome(lambda response=response: read(response)))
            response.release_conn()
    plain, versioned = outcomes
    if shape == "gzip-chunked" and how == "stream(n)":
        # urllib3's own chunk reader does not decode unless asked (decode_content=None);
        # once the core read a prefix, the body is read as a whole one is: decoded.
        assert versioned in (plain, ("bytes", SMALL)), versioned
        return
    assert versioned == plain


@pytest.mark.parametrize("shape", ["removed", "removed-chunked", "removed-gzip"])
def test_an_attached_version_error_leaves_the_streamed_body_whole(
    base_url: str, shape: str
) -> None:
    """errors="attach": the response comes back as the server sent it, over every transport."""
    import asyncio

    url = f"{base_url}/items/{shape}"
    with VersionedSession(base_url, **ATTACH) as session:
        response = session.get(url, stream=True, timeout=TIMEOUT)
        assert response.api_error is not None
        assert b"".join(response.iter_content(65536)) == REMOVED
    with VersionedSession(base_url, **ATTACH) as session:
        response = session.get(url, stream=True, timeout=TIMEOUT)
        assert _outcome(lambda: response.raw.read(decode_content=True)) == ("bytes", REMOVED)
    with VersionedPoolManager(base_url, **ATTACH) as pool:
        streamed = pool.request("GET", url, preload_content=False, timeout=TIMEOUT)
        assert streamed.api_error is not None  # type: ignore[attr-defined]
        assert _outcome(lambda: _bounded(streamed.stream(65536))) == ("bytes", REMOVED)
        streamed.release_conn()
    httpx = pytest.importorskip("httpx")
    from apiversion_client.transports.httpx import VersionedClient

    with VersionedClient(base_url, timeout=TIMEOUT, **ATTACH) as client:
        with client.stream("GET", url) as answer:
            assert answer.api_error is not None
            assert b"".join(answer.iter_bytes()) == REMOVED
        assert isinstance(answer, httpx.Response)
    pytest.importorskip("aiohttp")
    from apiversion_client.transports.aiohttp import VersionedClientSession

    async def read() -> bytes:
        async with (
            VersionedClientSession(base_url, **ATTACH) as client,
            client.get(url) as answer,
        ):
            assert answer.api_error is not None  # type: ignore[attr-defined]
            return await answer.read()

    assert asyncio.run(read()) == REMOVED


@pytest.mark.parametrize("stream", [True, False], ids=["stream", "buffered"])
def test_a_coding_urllib3_refuses_fails_where_the_plain_client_fails(
    base_url: str, stream: bool
) -> None:
    """Six codings in a chain: the call returns, and reading raises, as with plain requests."""
    url = f"{base_url}/items/gzip-6"
    outcomes = []
    for session in (requests.Session(), VersionedSession(base_url, **OPTIONS)):
        with session:
            try:
                response = session.get(url, stream=stream, timeout=TIMEOUT)
            except Exception as error:
                outcomes.append(("call", type(error).__name__))
                continue
            with response:
                outcomes.append(_outcome(lambda response=response: response.content))
    assert outcomes[1] == outcomes[0]
