"""The real OpenTelemetry SDK, in memory: spans and metrics a test can read back.

``otel`` instruments the library with a meter provider of its own (no global
state is set) and gives a tracer of a tracer provider of its own; both are
shut down after the test, and the library uninstrumented.  The reference
server serves the bundled GoodData matrix as on 2020-06-01, when version 4 of
``executeAfm/debug`` is deprecated (end of life 2021-01-01, successor 5).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import (
    InMemorySpanExporter,
)
from opentelemetry.trace import Tracer
from transports.clients import CLIENT_FACTORIES, Client

from apiversion_client import CompatibilityMatrix, Policy, telemetry
from apiversion_client.testing import ReferenceServer, example_matrix

ClientMaker = Callable[..., Client]

DAY = dt.date(2020, 6, 1)
DEBUG = "/gdc/app/projects/42/executeAfm/debug"
TEMPLATE = "/gdc/app/projects/{id}/executeAfm/debug"
SDK = "gooddata-python"


@attrs.define
class Otel:
    """An in-memory OpenTelemetry SDK the library reports to."""

    tracer_provider: TracerProvider
    spans: InMemorySpanExporter
    meter_provider: MeterProvider
    reader: InMemoryMetricReader

    @property
    def tracer(self) -> Tracer:
        return self.tracer_provider.get_tracer("tests")

    def finished(self) -> tuple[ReadableSpan, ...]:
        return tuple(self.spans.get_finished_spans())

    def events(self, span_name: str | None = None) -> list[tuple[str, str, dict[str, Any]]]:
        """``(span name, event name, attributes)`` of every event of the finished spans."""
        return [
            (span.name, event.name, dict(event.attributes or {}))
            for span in self.finished()
            if span_name is None or span.name == span_name
            for event in span.events
        ]

    def points(self, metric: str) -> list[tuple[dict[str, Any], int]]:
        """``(attributes, value)`` of every data point of a metric (cumulative)."""
        data = self.reader.get_metrics_data()
        found: list[tuple[dict[str, Any], int]] = []
        for resource_metrics in data.resource_metrics if data else ():
            for scope_metrics in resource_metrics.scope_metrics:
                for item in scope_metrics.metrics:
                    if item.name == metric:
                        found += [
                            (dict(p.attributes or {}), p.value) for p in item.data.data_points
                        ]
        return found

    def total(self, metric: str, **attributes: Any) -> int:
        """The sum of a counter over the data points that carry ``attributes``."""
        wanted = {key.replace("__", "."): value for key, value in attributes.items()}
        return sum(
            value
            for found, value in self.points(metric)
            if all(found.get(k) == v for k, v in wanted.items())
        )


@pytest.fixture
def otel() -> Iterator[Otel]:
    """The library instrumented into an in-memory SDK; uninstrumented after."""
    spans = InMemorySpanExporter()
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(spans))
    reader = InMemoryMetricReader()
    meter_provider = MeterProvider(metric_readers=[reader])
    telemetry.instrument(meter_provider=meter_provider)
    try:
        yield Otel(tracer_provider, spans, meter_provider, reader)
    finally:
        telemetry.uninstrument()
        meter_provider.shutdown()
        tracer_provider.shutdown()


@pytest.fixture(scope="session")
def matrix() -> CompatibilityMatrix:
    """The bundled GoodData example."""
    return CompatibilityMatrix.load(example_matrix("gooddata"))


@pytest.fixture
def server(matrix: CompatibilityMatrix) -> Iterator[ReferenceServer]:
    """The reference server for the GoodData example, on 2020-06-01."""
    with ReferenceServer(matrix, today=DAY) as running:
        yield running


def session_options(matrix: CompatibilityMatrix, **changes: Any) -> dict[str, Any]:
    """A session's keywords: version 4 of the GoodData example, the matrix's templates."""
    options: dict[str, Any] = {
        "matrix": matrix,
        "api_version": "4",
        "sdk": SDK,
        "sdk_version": "0.5",
        "today": DAY,
        "policy": Policy(default="collect"),
    }
    options.update(changes)
    return options


@pytest.fixture(params=sorted(CLIENT_FACTORIES))
def client(request: pytest.FixtureRequest) -> Iterator[ClientMaker]:
    """Build clients of one transport (``client(base_url, **kwargs)``); all closed after.

    The behaviour suite's own clients (``tests/transports/clients.py``): requests,
    urllib3, httpx, httpx-async and aiohttp.
    """
    factory = CLIENT_FACTORIES[request.param]
    built: list[Client] = []

    def make(base_url: str, **kwargs: Any) -> Client:
        made = factory(base_url, **kwargs)
        built.append(made)
        return made

    yield make
    for made in built:
        made.close()
