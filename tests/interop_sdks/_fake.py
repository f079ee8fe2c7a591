"""A loopback fake of a third-party API: a threaded HTTP/1.1 server on 127.0.0.1.

Each test module describes the API it fakes as a function from the request
received to the reply (``answer(request) -> Reply``); the server records every
request, so a test can assert on what the real SDK sent.  It is stopped for
sure: the accept loop is shut down, every open keep-alive connection is
closed, and each handler thread is joined with a bound.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import socket
import threading
from collections.abc import Callable
from typing import Any

import attrs

#: Seconds a handler thread has to end once its connection is closed.
JOIN_TIMEOUT = 5.0
#: Seconds an idle keep-alive connection is kept open by the server.
IDLE_TIMEOUT = 30.0


@attrs.frozen
class Received:
    """One request the fake received: method, target as sent, headers, body."""

    method: str
    path: str
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def header(self, name: str) -> str | None:
        """The first value of a header (case-insensitive), or ``None``."""
        wanted = name.lower()
        return next((v for k, v in self.headers if k.lower() == wanted), None)


@attrs.frozen
class Reply:
    """What the fake sends back; ``headers`` may repeat a name (one line each)."""

    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    body: Any = attrs.Factory(dict)

    def encoded(self) -> bytes:
        """The body as sent: bytes as they are, anything else as JSON."""
        if isinstance(self.body, bytes):
            return self.body
        return json.dumps(self.body).encode()


Answer = Callable[[Received], Reply]


class FakeApi:
    """A fake API server on 127.0.0.1 answering with ``answer``; started on creation.

    Args:
        answer: The API: the reply to each request received.
        name: Shown in the server thread's name.
    """

    def __init__(self, answer: Answer, name: str = "fake-api") -> None:
        self.answer = answer
        self.received: list[Received] = []
        self._lock = threading.Lock()
        self._open: dict[socket.socket, threading.Thread] = {}
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._server.block_on_close = False  # stop() joins the threads itself, bounded
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name=name
        )
        self._thread.daemon = True
        self._thread.start()

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def last(self) -> Received:
        """The last request received."""
        with self._lock:
            return self.received[-1]

    def paths(self) -> list[str]:
        """The request targets received, in order."""
        with self._lock:
            return [r.path for r in self.received]

    def stop(self) -> None:
        """Stop accepting, close every open connection, join the threads (bounded)."""
        self._server.shutdown()
        with self._lock:
            open_connections = list(self._open.items())
        for sock, _ in open_connections:
            with contextlib.suppress(OSError):  # already closed by the client
                sock.shutdown(socket.SHUT_RDWR)
        for _, thread in open_connections:
            thread.join(timeout=JOIN_TIMEOUT)
        self._server.server_close()
        self._thread.join(timeout=JOIN_TIMEOUT)

    def __enter__(self) -> FakeApi:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _handler(self) -> type[http.server.BaseHTTPRequestHandler]:
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            timeout = IDLE_TIMEOUT

            def setup(self) -> None:
                super().setup()
                with fake._lock:
                    fake._open[self.connection] = threading.current_thread()

            def finish(self) -> None:
                try:
                    super().finish()
                finally:
                    with fake._lock:
                        fake._open.pop(self.connection, None)

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                request = Received(self.command, self.path, tuple(self.headers.items()), body)
                with fake._lock:
                    fake.received.append(request)
                reply = fake.answer(request)
                data = reply.encoded()
                self.send_response(reply.status)
                for name, value in reply.headers:
                    self.send_header(name, value)
                if not any(name.lower() == "content-type" for name, _ in reply.headers):
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

            def log_message(self, format: str, *args: Any) -> None:
                del format, args

        return Handler
