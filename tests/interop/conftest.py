"""Real third-party servers in subprocesses, and a ``client`` fixture over every transport.

The servers (``cadwyn_app.py``, ``fastapi_app.py``, ``drf_app.py``) start once
per test session, each on its own 127.0.0.1 port, and are stopped at the end.
Their packages come with the ``interop`` extra (``pip install -e '.[interop]'``);
without them the tests that need them are skipped, saying which package is
missing, except in CI (``CI`` set), where a missing package fails them.
Select these tests with ``-m interop``, leave them out with ``-m "not interop"``.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from transports.clients import CLIENT_FACTORIES, Client

from ._servers import RunningServer, start

ClientMaker = Callable[..., Client]

# The packages each app needs: (module imported, distribution to install).
_NEEDS = {
    "cadwyn": (("cadwyn", "cadwyn"), ("fastapi", "fastapi"), ("uvicorn", "uvicorn")),
    "fastapi": (("fastapi", "fastapi"), ("uvicorn", "uvicorn")),
    "drf": (("django", "django"), ("rest_framework", "djangorestframework")),
}
_READY = {"cadwyn": "/docs", "fastapi": "/healthz", "drf": "/healthz"}


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``interop`` marker (``--strict-markers`` accepts it)."""
    config.addinivalue_line(
        "markers",
        "interop: runs against a real third-party server (Cadwyn, FastAPI, Django REST "
        "framework) started on 127.0.0.1; needs the interop extra",
    )


def _require(app: str) -> None:
    missing = [dist for module, dist in _NEEDS[app] if importlib.util.find_spec(module) is None]
    if not missing:
        return
    reason = (
        f"the {app} interop server needs {', '.join(missing)}, which is not installed "
        "(pip install -e '.[interop]')"
    )
    if os.environ.get("CI", "").lower() not in ("", "0", "false"):
        pytest.fail(f"{reason}; .ci/run installs the interop extra, so CI must have it")
    pytest.skip(reason)


def _server(app: str) -> Iterator[RunningServer]:
    _require(app)
    server = start(app, _READY[app])
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def cadwyn_server() -> Iterator[RunningServer]:
    """The Cadwyn app (``cadwyn_app.py``) under uvicorn."""
    yield from _server("cadwyn")


@pytest.fixture(scope="session")
def fastapi_server() -> Iterator[RunningServer]:
    """The plain FastAPI app (``fastapi_app.py``) under uvicorn."""
    yield from _server("fastapi")


@pytest.fixture(scope="session")
def drf_server() -> Iterator[RunningServer]:
    """The Django REST framework app (``drf_app.py``) under Django's server."""
    yield from _server("drf")


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
