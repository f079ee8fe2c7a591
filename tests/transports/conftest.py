"""Real HTTP servers on 127.0.0.1 and a ``client`` fixture over every transport.

Servers: pytest-httpserver's ``httpserver`` (bound to 127.0.0.1 here), a second
one on another port as "another host" (``other_server``), a threaded one for
the thread tests, and a standard-library server that counts the connections it
accepts (``counting_server``) to prove that a refused request sent nothing.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from apiversion_client import CompatibilityMatrix

from .clients import CLIENT_FACTORIES, Client

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

ClientMaker = Callable[..., Client]


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    """Bind pytest-httpserver to the IPv4 loopback, never to a resolved name."""
    return ("127.0.0.1", 0)


@pytest.fixture(params=sorted(CLIENT_FACTORIES))
def client(request: pytest.FixtureRequest) -> Iterator[ClientMaker]:
    """Build clients of one transport (``client(base_url, **kwargs)``); all closed after."""
    factory = CLIENT_FACTORIES[request.param]
    built: list[Client] = []

    def make(base_url: str, **kwargs: Any) -> Client:
        made = factory(base_url, **kwargs)
        built.append(made)
        return made

    yield make
    for made in built:
        made.close()


def _server(threaded: bool = False) -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0, threaded=threaded)
    server.start()
    try:
        yield server
    finally:
        server.clear()
        if server.is_running():
            server.stop()


@pytest.fixture
def other_server() -> Iterator[HTTPServer]:
    """Another origin (another port): a host the version must never reach."""
    yield from _server()


@pytest.fixture
def threaded_server() -> Iterator[HTTPServer]:
    """A server that handles connections in parallel, for the thread tests."""
    yield from _server(threaded=True)


class CountingServer(http.server.ThreadingHTTPServer):
    """A standard-library server that counts every connection it accepts."""

    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _OkHandler)
        self.connections = 0
        self._count_lock = threading.Lock()

    def verify_request(self, request: Any, client_address: Any) -> bool:
        with self._count_lock:
            self.connections += 1
        return True

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"


class _OkHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _ok(self) -> None:
        body = b"{}"
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = _ok

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""


@pytest.fixture
def counting_server() -> Iterator[CountingServer]:
    """A server on 127.0.0.1 that counts accepted connections; stopped after the test."""
    server = CountingServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def gooddata_matrix() -> CompatibilityMatrix:
    """The GoodData example matrix (the vendor's changelog)."""
    return CompatibilityMatrix.load(EXAMPLES / "gooddata.toml")


@pytest.fixture(scope="session")
def cognite_matrix() -> CompatibilityMatrix:
    """The Cognite example matrix (the vendor's version table)."""
    return CompatibilityMatrix.load(EXAMPLES / "cognite.toml")
