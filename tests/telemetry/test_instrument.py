"""instrument() and uninstrument(): idempotent, free when off, clear when the extra is missing."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from apiversion_client import VersionedSession, telemetry
from apiversion_client._core import _exchange

from .conftest import DEBUG, session_options

BLOCK_OPENTELEMETRY = """
import importlib.abc, sys

class NoOpenTelemetry(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] == "opentelemetry":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, NoOpenTelemetry())
"""


def run_python(code: str, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *options, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_importing_the_library_does_not_import_opentelemetry():
    """Importing the library (telemetry, transports, testing too) loads no OpenTelemetry module."""
    done = run_python(
        """
        import sys
        import apiversion_client, apiversion_client.telemetry, apiversion_client.testing
        import apiversion_client.transports.requests, apiversion_client.transports.urllib3
        loaded = sorted(name for name in sys.modules if name.startswith("opentelemetry"))
        print(loaded)
        """,
        "-X",
        "importtime",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    imported = [line for line in done.stderr.splitlines() if line.startswith("import time:")]
    assert any("apiversion_client.telemetry" in line for line in imported)
    assert not any("opentelemetry" in line for line in imported)


def test_importing_the_package_leaves_the_fleet_view_unloaded():
    """Importing the package loads neither telemetry nor the report format: no import cost."""
    done = run_python(
        """
        import sys
        import apiversion_client, apiversion_client.transports.requests
        print(sorted(name for name in sys.modules if "telemetry" in name))
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_without_the_extra_instrument_names_it_and_sessions_work():
    """No opentelemetry-api: instrument() says which extra to install; nothing else changes."""
    done = run_python(
        BLOCK_OPENTELEMETRY
        + """
import apiversion_client as avc
from apiversion_client import telemetry
from apiversion_client._core import _exchange
try:
    telemetry.instrument()
except ModuleNotFoundError as error:
    print("refused:", error)
print("instrumented:", telemetry.instrumented(), "observers:", len(_exchange.observers))
negotiator = avc.Negotiator("https://api.example.com", profile="github", api_version="2022-11-28")
print(negotiator.start("GET", "https://api.example.com/zen").set_headers)
"""
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("refused: ")
    assert "pip install 'apiversion-client[otel]'" in lines[0]
    assert lines[1] == "instrumented: False observers: 0"
    assert lines[2] == "(('X-GitHub-Api-Version', '2022-11-28'),)"


def test_instrument_is_idempotent_and_uninstrument_removes_the_observer(otel):
    """Twice instrumented is one observer; uninstrumented twice is no error."""
    assert telemetry.instrumented()
    telemetry.instrument(meter_provider=otel.meter_provider)
    assert len(_exchange.observers) == 1
    telemetry.uninstrument()
    telemetry.uninstrument()
    assert not telemetry.instrumented()
    assert _exchange.observers == []


@pytest.mark.network
def test_uninstrumented_nothing_is_counted(otel, server, matrix):
    """After uninstrument() requests and notices reach OpenTelemetry no more."""
    telemetry.uninstrument()
    with VersionedSession(server.base_url, **session_options(matrix)) as session:
        session.post(DEBUG)
    assert otel.points(telemetry.METRIC_REQUESTS) == []
    assert otel.points(telemetry.METRIC_NOTICES) == []


@pytest.mark.network
def test_without_a_recording_span_notices_are_still_counted(otel, server, matrix):
    """No span current: no event anywhere, the counters count all the same."""
    with VersionedSession(server.base_url, **session_options(matrix)) as session:
        session.post(DEBUG)
    assert otel.events() == []
    assert otel.total(telemetry.METRIC_NOTICES, apiversion__notice__kind="deprecated") == 1
    assert otel.total(telemetry.METRIC_REQUESTS) == 1


@pytest.mark.network
def test_an_observer_that_fails_never_breaks_a_request(otel, server, matrix, caplog):
    """A meter that raises is logged by the core; the request returns as usual."""

    class Broken:
        def add(self, *args, **kwargs):
            raise RuntimeError("exporter down")

    observer = _exchange.observers[0]
    observer._requests = observer._notices = Broken()
    with VersionedSession(server.base_url, **session_options(matrix)) as session:
        assert session.post(DEBUG).status_code == 200
    assert "exchange observer" in caplog.text


@pytest.mark.parametrize("provider", ["x", 5, object()])
def test_instrument_names_a_meter_provider_that_is_none(provider):
    """``instrument(meter_provider="x")`` is a TypeError naming the argument."""
    pytest.importorskip("opentelemetry.metrics")
    with pytest.raises(TypeError, match="meter_provider: expected an OpenTelemetry MeterProvider"):
        telemetry.instrument(meter_provider=provider)
