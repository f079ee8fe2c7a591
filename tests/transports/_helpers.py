"""Helpers for the transport tests: server handlers and what the servers saw."""

from __future__ import annotations

import contextlib
import gc
import http.server
import json
import socketserver
import threading
import tracemalloc
from collections.abc import Callable, Iterator
from typing import TypeVar

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

T = TypeVar("T")


def echo(request: Request) -> Response:
    """Answer with the request's method, path, query and headers as JSON."""
    return Response(
        json.dumps(
            {
                "method": request.method,
                "path": request.path,
                "query": list(request.args.items(multi=True)),
                "headers": {k.lower(): v for k, v in request.headers.items()},
            }
        ),
        content_type="application/json",
    )


def seen_headers(server: HTTPServer, name: str) -> list[str | None]:
    """The value of one request header on every request ``server`` received, in order."""
    return [request.headers.get(name) for request, _response in server.log]


def local_server(handler: type[http.server.BaseHTTPRequestHandler]) -> http.server.HTTPServer:
    """A threaded standard-library server on 127.0.0.1 (any free port) for ``handler``."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    return server


@contextlib.contextmanager
def serving(server: socketserver.BaseServer) -> Iterator[str]:
    """Serve ``server`` in a thread; yield its base URL; stop it (bounded) afterwards."""
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def peak(action: Callable[[], T]) -> tuple[T, int]:
    """Run ``action``; return its result and the peak of traced memory above the start."""
    gc.collect()
    tracemalloc.start()
    try:
        start = tracemalloc.get_traced_memory()[0]
        result = action()
        return result, tracemalloc.get_traced_memory()[1] - start
    finally:
        tracemalloc.stop()
