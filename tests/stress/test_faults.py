"""Faulty servers: the transport's usual error or a typed one, never a crash here, no retries.

Each test runs a raw-socket server on 127.0.0.1 that counts connections and
request heads, so that a request retried behind the user's back would show.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator

import httpx
import pytest
import requests

from apiversion_client import (
    ApiVersionError,
    ApiVersionRemovedError,
    NoticeKind,
    Policy,
    VersionedSession,
)
from apiversion_client.transports.httpx import VersionedClient

pytestmark = pytest.mark.network

Respond = Callable[[socket.socket, bytes], None]


class RawServer:
    """Accept connections; read one request head at a time; let ``respond`` answer it."""

    def __init__(self, respond: Respond) -> None:
        self.respond = respond
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.1)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.connections = 0
        self.requests = 0
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._conns: list[socket.socket] = []
        self._main = threading.Thread(target=self._accept, daemon=True)
        self._main.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            self._conns.append(conn)
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(5)
        buffer = b""
        with conn:
            try:
                while not self._stop.is_set():
                    while b"\r\n\r\n" not in buffer:
                        chunk = conn.recv(65536)
                        if not chunk:
                            return
                        buffer += chunk
                    head, _, buffer = buffer.partition(b"\r\n\r\n")
                    self.requests += 1
                    self.respond(conn, head)
            except OSError:
                return

    def close(self) -> None:
        self._stop.set()
        self.sock.close()
        self._main.join(5)
        for conn in self._conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        for thread in self._threads:
            thread.join(5)


@pytest.fixture
def raw_server() -> Iterator[Callable[[Respond], RawServer]]:
    servers: list[RawServer] = []

    def start(respond: Respond) -> RawServer:
        server = RawServer(respond)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


def _response(status: str, headers: list[tuple[bytes, bytes]], body: bytes) -> bytes:
    lines = [b"HTTP/1.1 " + status.encode()]
    lines += [name + b": " + value for name, value in headers]
    lines.append(b"Content-Length: " + str(len(body)).encode())
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def _requests_get(server: RawServer, profile: str = "rfc", **kwargs):
    session = VersionedSession(
        server.url, profile=profile, api_version="2", policy=Policy(default="collect")
    )
    with session:
        return session, session.get("/items/1", timeout=kwargs.pop("timeout", 5), **kwargs)


def _httpx_get(server: RawServer, profile: str = "rfc", **kwargs):
    client = VersionedClient(
        server.url, profile=profile, api_version="2", policy=Policy(default="collect")
    )
    with client:
        return client, client.get("/items/1", timeout=kwargs.pop("timeout", 5), **kwargs)


CLIENTS = {"requests": _requests_get, "httpx": _httpx_get}
TRANSPORT_ERRORS = (requests.RequestException, httpx.TransportError)


def _not_ours(error: BaseException) -> None:
    """The error comes from the HTTP client, and no frame of this library raised it."""
    assert isinstance(error, TRANSPORT_ERRORS), repr(error)
    assert not isinstance(error, ApiVersionError)
    tb = error.__traceback__
    last = None
    while tb is not None:
        last = tb.tb_frame.f_code.co_filename
        tb = tb.tb_next
    assert last is not None
    assert "apiversion_client" not in last, last


@pytest.mark.parametrize("client", CLIENTS)
def test_connection_closed_mid_response(raw_server, client):
    """A body cut short by a closed connection gives the client's own error, sent once."""

    def respond(conn: socket.socket, _head: bytes) -> None:
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nDeprecation: @1767225600\r\nContent-Length: 1000\r\n\r\npartial"
        )
        conn.shutdown(socket.SHUT_RDWR)

    server = raw_server(respond)
    with pytest.raises(TRANSPORT_ERRORS) as info:
        CLIENTS[client](server)
    _not_ours(info.value)
    assert (server.connections, server.requests) == (1, 1)


@pytest.mark.parametrize("client", CLIENTS)
def test_connection_closed_before_any_response(raw_server, client):
    """A connection closed before the status line gives the client's own error, sent once."""

    def respond(conn: socket.socket, _head: bytes) -> None:
        conn.shutdown(socket.SHUT_RDWR)

    server = raw_server(respond)
    with pytest.raises(TRANSPORT_ERRORS) as info:
        CLIENTS[client](server)
    _not_ours(info.value)
    assert (server.connections, server.requests) == (1, 1)


@pytest.mark.parametrize("client", CLIENTS)
def test_slow_response_times_out_once(raw_server, client):
    """A server slower than the timeout gives the client's timeout error and no second attempt."""
    release = threading.Event()

    def respond(conn: socket.socket, _head: bytes) -> None:
        release.wait(5)
        conn.sendall(_response("200 OK", [], b"{}"))

    server = raw_server(respond)
    try:
        with pytest.raises(TRANSPORT_ERRORS) as info:
            CLIENTS[client](server, timeout=0.3)
    finally:
        release.set()
    _not_ours(info.value)
    time.sleep(0.1)
    assert (server.connections, server.requests) == (1, 1)


@pytest.mark.parametrize("client", CLIENTS)
def test_enormous_signal_header_is_read_or_reported(raw_server, client):
    """A 60 KiB Link and 80 Deprecation lines: a response with notices, no error, sent once."""
    link = b"<a;" * 20_000
    headers = [(b"Link", link)] + [(b"Deprecation", b"@%d" % (1767225600 + i)) for i in range(80)]

    def respond(conn: socket.socket, _head: bytes) -> None:
        conn.sendall(_response("200 OK", headers, b"{}"))

    server = raw_server(respond)
    owner, response = CLIENTS[client](server)
    assert response.status_code == 200
    kinds = {notice.kind for notice in owner.notices}
    assert NoticeKind.MALFORMED in kinds
    assert kinds & {NoticeKind.DEPRECATED, NoticeKind.SUNSET}
    assert (server.connections, server.requests) == (1, 1)


@pytest.mark.parametrize("client", CLIENTS)
def test_header_line_over_the_client_limit(raw_server, client):
    """A header line beyond what the client accepts gives the client's own error, sent once."""

    def respond(conn: socket.socket, _head: bytes) -> None:
        conn.sendall(_response("200 OK", [(b"Sunset", b"x" * 300_000)], b"{}"))

    server = raw_server(respond)
    try:
        _owner, response = CLIENTS[client](server)
    except TRANSPORT_ERRORS as error:
        _not_ours(error)
    else:  # a client that accepts it: the value is a malformed signal, nothing more
        assert response.status_code == 200
    assert (server.connections, server.requests) == (1, 1)


@pytest.mark.parametrize("client", CLIENTS)
def test_invalid_utf8_in_header_values(raw_server, client):
    """Bytes that are not UTF-8 in signal headers become malformed notices, not errors."""
    headers = [
        (b"Deprecation", b"\xff\xfe@17672\xc3"),
        (b"Sunset", b"Wed, 11 Nov 2099 23:59:59 GMT\x80"),
        (b"Link", b'<https://x/\xe9>; rel="successor-version"; version="\xff"'),
        (b"Warning", b'299 - "deprecat\xed"'),
        (b"api-version", b"\xc0\xaf"),
    ]

    def respond(conn: socket.socket, _head: bytes) -> None:
        conn.sendall(_response("200 OK", headers, b"{}"))

    server = raw_server(respond)
    owner, response = CLIENTS[client](server)
    assert response.status_code == 200
    assert any(notice.kind is NoticeKind.MALFORMED for notice in owner.notices)
    assert (server.connections, server.requests) == (1, 1)


@pytest.mark.parametrize("client", CLIENTS)
@pytest.mark.parametrize(
    "body",
    [b"<html><body>Gone</body></html>", b'{"error": ', b"\xff\xfe\x00{", b"", b"null"],
    ids=["html", "truncated-json", "binary", "empty", "null"],
)
def test_error_body_that_is_not_json(raw_server, client, body):
    """GoodData expects a JSON error body; anything else still gives the typed 410 error."""

    def respond(conn: socket.socket, _head: bytes) -> None:
        conn.sendall(_response("410 Gone", [(b"Content-Type", b"application/json")], body))

    server = raw_server(respond)
    with pytest.raises(ApiVersionRemovedError):
        CLIENTS[client](server, profile="gooddata")
    assert (server.connections, server.requests) == (1, 1)


@pytest.mark.parametrize("client", CLIENTS)
def test_bad_request_with_a_body_that_is_not_json(raw_server, client):
    """A 400 whose body is not JSON is the caller's response (not a version error), sent once."""

    def respond(conn: socket.socket, _head: bytes) -> None:
        conn.sendall(_response("400 Bad Request", [], b"\x00\x01 not json {"))

    server = raw_server(respond)
    _owner, response = CLIENTS[client](server, profile="gooddata")
    assert response.status_code == 400
    assert (server.connections, server.requests) == (1, 1)
