"""A keep-alive HTTP/1.1 server on 127.0.0.1 in its own process, for the benchmarks.

Every response is a realistic deprecated one: ``Deprecation``, ``Sunset``,
``Link`` (successor and documentation), an echo of the version, a new request
id on every response (as real APIs send) and a small JSON body.
"""

from __future__ import annotations

import http.server
import itertools
import multiprocessing
import socket
from multiprocessing.connection import Connection
from typing import Any

BODY = b'{"id": 123, "name": "widget", "tags": ["a", "b"]}'
HEADERS = (
    ("Content-Type", "application/json"),
    ("Deprecation", "@1767225600"),
    ("Sunset", "Wed, 11 Nov 2026 23:59:59 GMT"),
    (
        "Link",
        '<https://api.example.com/v2/widgets>; rel="successor-version"; version="2025-01-01", '
        '<https://docs.example.com/deprecations>; rel="deprecation"; type="text/html"',
    ),
    ("api-version", "2024-01-01"),
)


_request_ids = itertools.count(0x8F14E45FCEEA167A)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self.send_response(200)
        for name, value in HEADERS:
            self.send_header(name, value)
        # A new request id on every response, as real APIs send.
        self.send_header("X-Request-Id", f"req-{next(_request_ids):016x}")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep quiet."""


def _serve(conn: Connection) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    conn.send(server.server_address[1])
    server.serve_forever(poll_interval=0.1)


class ServerProcess:
    """Start the server in a child process; ``url`` is its base URL."""

    def __init__(self) -> None:
        parent, child = multiprocessing.Pipe()
        self.process = multiprocessing.Process(target=_serve, args=(child,), daemon=True)
        self.process.start()
        if not parent.poll(30):
            self.process.kill()
            raise RuntimeError("the benchmark server did not start")
        self.url = f"http://127.0.0.1:{parent.recv()}"

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.join(10)
