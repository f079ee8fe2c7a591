"""With an HTTP client's own OpenTelemetry instrumentation: where the notice's event lands.

The event goes on the span current when the response is inspected.  The
requests, aiohttp and httpx (``instrument_client``) instrumentations wrap the
library's transport, so that is the client's own HTTP span.  urllib3's
instrumentation (and httpx's global one) wrap the connection pool or transport
*inside* the library's: their span has ended when the response is inspected,
and the event lands on the span around the call; the counters do not care.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from opentelemetry.instrumentation.aiohttp_client import AioHttpClientInstrumentor
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.instrumentation.requests import RequestsInstrumentor
from opentelemetry.instrumentation.urllib3 import URLLib3Instrumentor
from opentelemetry.trace import SpanKind

from apiversion_client import VersionedSession, telemetry
from apiversion_client.transports.aiohttp import VersionedClientSession
from apiversion_client.transports.httpx import AsyncVersionedClient, VersionedClient
from apiversion_client.transports.urllib3 import VersionedPoolManager

from .conftest import DEBUG, Otel, session_options

pytestmark = pytest.mark.network


@pytest.fixture
def instrumented(otel: Otel) -> Iterator[list[object]]:
    """Instrumentors to undo after the test (each a process-wide singleton)."""
    done: list[object] = []
    yield done
    for instrumentor in done:
        instrumentor.uninstrument()  # type: ignore[attr-defined]


def client_spans(otel: Otel) -> list[object]:
    return [span for span in otel.finished() if span.kind is SpanKind.CLIENT]


def assert_on_the_http_span(otel: Otel) -> None:
    """One client span, one notice event, on that span; the span around the call has none."""
    [http] = client_spans(otel)
    assert [event.name for event in http.events] == [telemetry.EVENT_NOTICE]
    # The instrumentations name it by the old conventions unless OTEL_SEMCONV_STABILITY_OPT_IN=http.
    assert http.attributes.get("http.request.method", http.attributes.get("http.method")) == "POST"
    assert otel.events("call") == []
    assert otel.total(telemetry.METRIC_NOTICES) == 1


def assert_on_the_calling_span(otel: Otel) -> None:
    """The client span has ended when the response is read: the event is on the caller's."""
    assert client_spans(otel)
    assert all(not span.events for span in client_spans(otel))
    [(_, name, _)] = otel.events("call")
    assert name == telemetry.EVENT_NOTICE
    assert otel.total(telemetry.METRIC_NOTICES) == 1


def test_requests_instrumentation_gets_the_event_on_its_span(otel, instrumented, server, matrix):
    """RequestsInstrumentor's span (around Session.send) holds the notice's event."""
    instrumentor = RequestsInstrumentor()
    instrumentor.instrument(tracer_provider=otel.tracer_provider)
    instrumented.append(instrumentor)
    with (
        VersionedSession(server.base_url, **session_options(matrix)) as session,
        otel.tracer.start_as_current_span("call"),
    ):
        session.post(DEBUG)
    assert_on_the_http_span(otel)


def test_httpx_instrument_client_gets_the_event_on_its_span(otel, server, matrix):
    """HTTPXClientInstrumentor.instrument_client() wraps the versioned transport: its span."""
    with VersionedClient(server.base_url, **session_options(matrix)) as client:
        HTTPXClientInstrumentor.instrument_client(client, tracer_provider=otel.tracer_provider)
        with otel.tracer.start_as_current_span("call"):
            client.post(DEBUG)
    assert_on_the_http_span(otel)


def test_async_httpx_instrument_client_gets_the_event_on_its_span(otel, server, matrix):
    """The same with the asyncio client."""

    async def main() -> None:
        async with AsyncVersionedClient(server.base_url, **session_options(matrix)) as client:
            HTTPXClientInstrumentor.instrument_client(client, tracer_provider=otel.tracer_provider)
            with otel.tracer.start_as_current_span("call"):
                await client.post(DEBUG)

    asyncio.run(main())
    assert_on_the_http_span(otel)


def test_aiohttp_instrumentation_gets_the_event_on_its_span(otel, instrumented, server, matrix):
    """AioHttpClientInstrumentor's span lasts until the middleware chain returns: its span."""
    instrumentor = AioHttpClientInstrumentor()
    instrumentor.instrument(tracer_provider=otel.tracer_provider)
    instrumented.append(instrumentor)

    async def main() -> None:
        async with VersionedClientSession(server.base_url, **session_options(matrix)) as session:
            with otel.tracer.start_as_current_span("call"):
                async with session.post(DEBUG) as response:
                    await response.read()

    asyncio.run(main())
    assert_on_the_http_span(otel)


def test_urllib3_instrumentation_span_ends_before_the_response_is_read(
    otel, instrumented, server, matrix
):
    """URLLib3Instrumentor wraps the pool inside VersionedPoolManager: the caller's span."""
    instrumentor = URLLib3Instrumentor()
    instrumentor.instrument(tracer_provider=otel.tracer_provider)
    instrumented.append(instrumentor)
    pool = VersionedPoolManager(server.base_url, **session_options(matrix))
    try:
        with otel.tracer.start_as_current_span("call"):
            pool.request("POST", DEBUG)
    finally:
        pool.clear()
    assert_on_the_calling_span(otel)


def test_httpx_global_instrumentation_span_ends_before_the_response_is_read(
    otel, instrumented, server, matrix
):
    """HTTPXClientInstrumentor().instrument() wraps the inner HTTPTransport: the caller's span."""
    instrumentor = HTTPXClientInstrumentor()
    instrumentor.instrument(tracer_provider=otel.tracer_provider)
    instrumented.append(instrumentor)
    with (
        VersionedClient(server.base_url, **session_options(matrix)) as client,
        otel.tracer.start_as_current_span("call"),
    ):
        client.post(DEBUG)
    assert_on_the_calling_span(otel)
