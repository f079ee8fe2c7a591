"""A scripted HTTP server on 127.0.0.1 that the docs' examples talk to.

The docs show real requests against a real server, and must never touch the
network beyond loopback.  A page scripts the answers it needs in a hidden
code block (``server.answer("/gdc/", headers=[...])``); every request the
server receives is recorded, so a page can show exactly what was sent.
"""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterable
from typing import Any

import attrs


@attrs.frozen
class Answer:
    """What the server sends for requests whose path starts with ``prefix``."""

    prefix: str
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    body: Any = attrs.Factory(dict)
    method: str | None = None
    when: tuple[str, str] | None = None


@attrs.frozen
class Received:
    """One request the server received."""

    method: str
    path: str
    headers: tuple[tuple[str, str], ...]

    def header(self, name: str) -> str | None:
        """The first value of a header, by case-insensitive name."""
        wanted = name.lower()
        return next((v for k, v in self.headers if k.lower() == wanted), None)


class StandIn:
    """A threaded stdlib HTTP server with scripted answers, started on first use."""

    def __init__(self) -> None:
        self._answers: list[Answer] = []
        self.received: list[Received] = []
        self._lock = threading.Lock()
        self._server: http.server.ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The server's base URL, ``http://127.0.0.1:<port>``."""
        server = self._start()
        return f"http://127.0.0.1:{server.server_address[1]}"

    @property
    def last(self) -> Received:
        """The last request received."""
        with self._lock:
            return self.received[-1]

    def answer(
        self,
        prefix: str,
        status: int = 200,
        headers: Iterable[tuple[str, str]] = (),
        body: Any = None,
        method: str | None = None,
        when: tuple[str, str] | None = None,
    ) -> None:
        """Answer requests below ``prefix`` (the longest matching prefix wins).

        ``when=(name, value)`` answers only requests carrying that header value;
        such an answer wins over one without a condition.
        """
        with self._lock:
            self._answers.append(
                Answer(prefix, status, tuple(headers), {} if body is None else body, method, when)
            )

    def reset(self) -> None:
        """Forget the scripted answers and the received requests."""
        with self._lock:
            self._answers.clear()
            self.received.clear()

    def _find(self, request: Received) -> Answer:
        with self._lock:
            found = [
                a
                for a in self._answers
                if request.path.startswith(a.prefix)
                and a.method in (None, request.method)
                and (a.when is None or request.header(a.when[0]) == a.when[1])
            ]
        if not found:
            return Answer("/")
        return max(found, key=lambda a: (len(a.prefix), a.when is not None, a.method is not None))

    def _start(self) -> http.server.ThreadingHTTPServer:
        if self._server is None:
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
            server.daemon_threads = True
            thread = threading.Thread(target=server.serve_forever, daemon=True)
            thread.start()
            self._server, self._thread = server, thread
        return self._server

    def close(self) -> None:
        """Stop the server (if it was started)."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            if self._thread is not None:
                self._thread.join(timeout=5)
            self._server = self._thread = None


def _handler(standin: StandIn) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            request = Received(self.command, self.path, tuple(self.headers.items()))
            with standin._lock:
                standin.received.append(request)
            answer = standin._find(request)
            body = answer.body
            data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
            self.send_response(answer.status)
            for name, value in answer.headers:
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

        def log_message(self, format: str, *args: Any) -> None:
            del format, args

    return Handler
