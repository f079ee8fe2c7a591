"""The fleet view: version notices in OpenTelemetry, and notice reports CI can keep.

OpenTelemetry (the ``otel`` extra, ``pip install 'apiversion-client[otel]'``;
only ``opentelemetry-api`` is needed, the application configures its SDK and
exporters as usual):

* :func:`instrument` registers an observer of every exchange of every session,
  adapter, pool manager, client and middleware of this library.  Each notice
  a response gives (and each notice known before sending) becomes an event
  named :data:`EVENT_NOTICE` on the span current when the response is
  inspected, and is counted in :data:`METRIC_NOTICES`; each request to the API
  is counted in :data:`METRIC_REQUESTS` by its pinned version.
* :func:`uninstrument` removes it.  Both are idempotent and thread-safe.

Nothing here runs, and OpenTelemetry is not imported, until :func:`instrument`
is called: ``import apiversion_client`` (and this module) never loads it.

Attribute names follow OpenTelemetry's semantic conventions where one exists
(``http.request.method``, ``url.template``, ``server.address``,
``server.port``, ``http.response.status_code``) and the ``apiversion.``
namespace for the rest; each name is a constant below, documented once in
``docs/fleet.md``.

Reports (no extra needed): :class:`NoticeReport` is the one JSON format
(``"format": 1``) in which the pytest plugin (``--apiversion-report``), a
session (``session.negotiator.reporter.to_json()``) and ``apiversion-client
report merge`` write notices; reports merge, and a merged report reads back
as it was written.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from apiversion_client._core import add_observer, remove_observer
from apiversion_client._telemetry_report import (
    REPORT_FORMAT,
    NoticeReport,
    ReportCounts,
    ReportEntry,
    ReportError,
)

if TYPE_CHECKING:
    from apiversion_client._telemetry_otel import OtelObserver

__all__ = [
    "ATTR_DEPRECATION",
    "ATTR_LINK",
    "ATTR_NOTICE_DETAIL",
    "ATTR_NOTICE_KIND",
    "ATTR_NOTICE_MESSAGE",
    "ATTR_NOTICE_SOURCE",
    "ATTR_REQUESTED_VERSION",
    "ATTR_RESOURCE",
    "ATTR_SDK_NAME",
    "ATTR_SDK_VERSION",
    "ATTR_SERVED_VERSION",
    "ATTR_SUCCESSOR",
    "ATTR_SUNSET",
    "EVENT_NOTICE",
    "INSTRUMENTATION_SCOPE",
    "METRIC_NOTICES",
    "METRIC_REQUESTS",
    "REPORT_FORMAT",
    "NoticeReport",
    "ReportCounts",
    "ReportEntry",
    "ReportError",
    "instrument",
    "instrumented",
    "uninstrument",
]

#: The instrumentation scope (tracer and meter name) of this library's telemetry.
INSTRUMENTATION_SCOPE = "apiversion_client"

#: The span event each notice becomes.
EVENT_NOTICE = "apiversion.notice"
#: Counter of requests sent to an API, by pinned version (unit ``{request}``).
METRIC_REQUESTS = "apiversion.client.requests"
#: Counter of notices, every sighting (not once per session), by kind (unit ``{notice}``).
METRIC_NOTICES = "apiversion.client.notices"

#: The version pinned on the request, as sent (events and both counters).
ATTR_REQUESTED_VERSION = "apiversion.requested_version"
#: The version the server says it served (events).
ATTR_SERVED_VERSION = "apiversion.served_version"
#: The kind of notice: ``deprecated``, ``version-mismatch``, ``unstable``,
#: ``malformed``, ``server-warning`` (events and the notice counter).
ATTR_NOTICE_KIND = "apiversion.notice.kind"
#: Who said so: ``server``, ``matrix`` or ``pin`` (events).
ATTR_NOTICE_SOURCE = "apiversion.notice.source"
#: The notice's message, as a warning would say it (events).
ATTR_NOTICE_MESSAGE = "apiversion.notice.message"
#: For a malformed signal or a server warning: the header and the value (events).
ATTR_NOTICE_DETAIL = "apiversion.notice.detail"
#: The resource as the library names it, ``"GET /repos/{owner}/{repo}"``:
#: a declared template, else a guess from the path (events).
ATTR_RESOURCE = "apiversion.resource"
#: When the version or resource is (or was) deprecated, ISO 8601 (events).
ATTR_DEPRECATION = "apiversion.deprecation"
#: When it ends, ISO 8601 (events).
ATTR_SUNSET = "apiversion.sunset"
#: The version to move to, when known (events).
ATTR_SUCCESSOR = "apiversion.successor"
#: A documentation or successor link the server gave (events).
ATTR_LINK = "apiversion.link"
#: The SDK's name in the compatibility matrix (events and both counters).
ATTR_SDK_NAME = "apiversion.sdk.name"
#: The SDK's own release (events and both counters).
ATTR_SDK_VERSION = "apiversion.sdk.version"

_lock = threading.Lock()
_observer: OtelObserver | None = None


def instrument(*, meter_provider: Any = None) -> None:
    """Send every notice and request of this library to OpenTelemetry.

    Idempotent: a second call replaces the counters (with the meter provider
    it is given) and keeps one observer registered.  There is no tracer
    provider to give: a notice becomes an event on the span current when the
    response is inspected, whichever tracer provider made that span.

    Args:
        meter_provider: The ``MeterProvider`` to create the counters with;
            ``None``: OpenTelemetry's global one (a no-op until the
            application sets one).

    Raises:
        ModuleNotFoundError: ``opentelemetry-api`` is not installed; the
            message names the extra, ``apiversion-client[otel]``.
        TypeError: ``meter_provider`` is not a meter provider.
    """
    global _observer
    try:
        from apiversion_client._telemetry_otel import OtelObserver
    except ModuleNotFoundError as exc:
        if exc.name is None or not exc.name.startswith("opentelemetry"):
            raise
        raise ModuleNotFoundError(
            "apiversion_client.telemetry.instrument() needs OpenTelemetry's API: "
            "pip install 'apiversion-client[otel]'",
            name=exc.name,
        ) from exc
    if meter_provider is not None and not callable(getattr(meter_provider, "get_meter", None)):
        raise TypeError(
            f"meter_provider: expected an OpenTelemetry MeterProvider (or None), "
            f"got {type(meter_provider).__name__}"
        )
    observer = OtelObserver(meter_provider)
    with _lock:
        if _observer is not None:
            remove_observer(_observer)
        _observer = observer
        add_observer(observer)


def uninstrument() -> None:
    """Stop sending notices and requests to OpenTelemetry (no error if not instrumented)."""
    global _observer
    with _lock:
        if _observer is not None:
            remove_observer(_observer)
            _observer = None


def instrumented() -> bool:
    """Whether :func:`instrument` is in effect."""
    return _observer is not None
