"""Real HTTP servers on 127.0.0.1 for the transport-specific tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer

#: Seconds any request of these tests waits at most.
TIMEOUT = 5


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    """Bind pytest-httpserver to the IPv4 loopback, never to a resolved name."""
    return ("127.0.0.1", 0)


@pytest.fixture
def other_server() -> Iterator[HTTPServer]:
    """Another origin (another port): a host the version must never reach."""
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    try:
        yield server
    finally:
        server.clear()
        if server.is_running():
            server.stop()
