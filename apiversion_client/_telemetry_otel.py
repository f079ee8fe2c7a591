"""The OpenTelemetry observer behind :func:`apiversion_client.telemetry.instrument`.

Imported by ``instrument()`` only, so that nothing else loads OpenTelemetry.
The core tells it of every request it pins and every response it reads (an
:class:`~apiversion_client._core.ExchangeObserver`), in the transport's own
call stack: the span current then is the HTTP client span when the application
instruments its HTTP client around the transport (see ``docs/fleet.md`` for
which instrumentations do), else the application's own span.

Rules:

* Counters carry only values with few distinct values: the server, the pinned
  version, the method, the SDK, the notice's kind and, when the resource is a
  declared template (matrix, ``resources=``, profile), ``url.template``.  A
  resource guessed from a URL is never a metric attribute: a guess can be as
  many values as the server has URLs.
* Span events carry everything the notice says; a notice is worded only when
  the current span records (wording costs microseconds; counting does not).
* One exchange counts each fact once: a deprecation the matrix announced
  before sending and the server repeated in the response (the same
  :attr:`Draft.key`) is one notice, as the reporter says it once.
* Nothing here raises into a request: the core logs and ignores what an
  observer raises.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from opentelemetry import metrics, trace

from apiversion_client import telemetry as names
from apiversion_client._core import Negotiator, Outcome, Prepared
from apiversion_client._notices import Draft, Notice

__all__ = ["OtelObserver"]

# OpenTelemetry semantic conventions (HTTP client spans and metrics).
HTTP_REQUEST_METHOD = "http.request.method"
HTTP_RESPONSE_STATUS_CODE = "http.response.status_code"
SERVER_ADDRESS = "server.address"
SERVER_PORT = "server.port"
URL_TEMPLATE = "url.template"

Attributes = dict[str, str | int]


def _version() -> str:
    from apiversion_client import __version__

    return __version__


def _sdk_name(negotiator: Negotiator) -> str | None:
    if negotiator.sdk is not None:
        return negotiator.sdk
    matrix = negotiator.matrix
    if matrix is not None:
        sdks = matrix.sdk_names
        if len(sdks) == 1:
            return sdks[0]
    return None


def _common(negotiator: Negotiator, prepared: Prepared) -> Attributes:
    """The attributes of the request, for the counters (few distinct values each)."""
    base = negotiator.base
    out: Attributes = {
        SERVER_ADDRESS: base.host,
        HTTP_REQUEST_METHOD: prepared.method,
    }
    if base.port is not None:
        out[SERVER_PORT] = base.port
    if prepared.requested is not None:
        out[names.ATTR_REQUESTED_VERSION] = prepared.requested
    if prepared.declared:
        out[URL_TEMPLATE] = prepared.resource.partition(" ")[2]
    sdk = _sdk_name(negotiator)
    if sdk is not None:
        out[names.ATTR_SDK_NAME] = sdk
    if negotiator.sdk_version is not None:
        out[names.ATTR_SDK_VERSION] = negotiator.sdk_version
    return out


def _iso(value: dt.datetime | dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _event(notice: Notice, common: Attributes, status: int) -> Attributes:
    """The attributes of one notice's span event."""
    out = dict(common)
    out[HTTP_RESPONSE_STATUS_CODE] = status
    out[names.ATTR_NOTICE_KIND] = notice.kind.value
    out[names.ATTR_NOTICE_SOURCE] = notice.source.value
    out[names.ATTR_NOTICE_MESSAGE] = notice.message
    optional = (
        (names.ATTR_RESOURCE, notice.resource),
        (names.ATTR_SERVED_VERSION, notice.served_version),
        (names.ATTR_DEPRECATION, _iso(notice.deprecation)),
        (names.ATTR_SUNSET, _iso(notice.sunset)),
        (names.ATTR_SUCCESSOR, notice.successor),
        (names.ATTR_LINK, notice.link),
        (names.ATTR_NOTICE_DETAIL, notice.detail),
    )
    out.update({key: value for key, value in optional if value is not None})
    if notice.requested_version is not None:
        out[names.ATTR_REQUESTED_VERSION] = notice.requested_version
    return out


def _distinct(before: tuple[Draft, ...], after: tuple[Draft, ...]) -> tuple[Draft, ...]:
    """The notices of one exchange, each fact once.

    The matrix (before sending) and the server may state the same fact (same
    key: version, day, successor); the reporter says it once, and so does this.
    """
    if not before:
        return after
    if not after:
        return before
    keys = {draft.key for draft in before}
    return before + tuple(draft for draft in after if draft.key not in keys)


class OtelObserver:
    """Count requests and notices; put each notice on the current span as an event.

    Args:
        meter_provider: The meter provider for the counters (``None``: the global one).
    """

    __slots__ = ("_notices", "_requests")

    def __init__(self, meter_provider: Any = None) -> None:
        meter = metrics.get_meter(
            names.INSTRUMENTATION_SCOPE, _version(), meter_provider=meter_provider
        )
        self._requests = meter.create_counter(
            names.METRIC_REQUESTS,
            unit="{request}",
            description="Requests sent to a versioned API, by pinned API version.",
        )
        self._notices = meter.create_counter(
            names.METRIC_NOTICES,
            unit="{notice}",
            description="API version notices (deprecations, mismatches...), every sighting.",
        )

    def request_prepared(self, negotiator: Negotiator, prepared: Prepared) -> None:
        """Count one request to the API, by its pin."""
        self._requests.add(1, _common(negotiator, prepared))

    def response_read(
        self, negotiator: Negotiator, prepared: Prepared, outcome: Outcome, status: int
    ) -> None:
        """Count the response's notices (and those known before sending); add their events."""
        drafts = _distinct(prepared.drafts, outcome.drafts)
        if not drafts:
            return
        common = _common(negotiator, prepared)
        span = trace.get_current_span()
        recording = span.is_recording()
        for draft in drafts:
            counted = dict(common)
            counted[names.ATTR_NOTICE_KIND] = draft.kind.value
            self._notices.add(1, counted)
            if recording:
                span.add_event(names.EVENT_NOTICE, _event(draft.notice(), common, status))
