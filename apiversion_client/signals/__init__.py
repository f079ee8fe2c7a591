"""Pure parsers for the headers in which servers announce versions and their end.

Every parser takes a header value (``str``) and never raises on any input;
every datetime it returns is timezone-aware UTC; every parser runs in time
linear in the length of its input and builds a bounded number of objects: no
list in a value is read past its 64th member (256th for version lists), so a
hostile 64 KiB value costs milliseconds, not one object per tiny member.
Nothing here does I/O or imports an HTTP client library.

The values servers actually send (``@1688169599``, ``Wed, 11 Nov 2026 23:59:59
GMT``, ``<https://...>; rel="successor-version"``, ...) are read by anchored
regular expressions and ``str`` methods; anything else by hand-written
scanners, which give the same result for every value the fast paths read.

* :func:`parse_http_date`, :func:`format_http_date`: HTTP-dates (RFC 9110).
* :func:`parse_sf_date`, :func:`format_sf_date`: Structured Field Dates (RFC 9651).
* :func:`parse_deprecation`: ``Deprecation`` (RFC 9745 and older forms).
* :func:`parse_sunset`: ``Sunset`` (RFC 8594).
* :func:`parse_link`: ``Link`` (RFC 8288).
* :func:`parse_warning`: ``Warning`` (RFC 7234, as Kubernetes sends it).
* :func:`parse_gdc_deprecated`: GoodData's ``X-GDC-Deprecated``.
* :func:`parse_version_list`, :func:`parse_served_version`: version lists
  (ASP.NET API Versioning) and echo headers.
* :func:`read_signals`: all of the above for one response, as :class:`Signals`.
"""

from __future__ import annotations

from apiversion_client.signals._dates import format_http_date, parse_http_date
from apiversion_client.signals._deprecation import Deprecation, parse_deprecation, parse_sunset
from apiversion_client.signals._gdc import GdcDeprecation, GdcEntry, parse_gdc_deprecated
from apiversion_client.signals._link import (
    REL_ALTERNATE,
    REL_DEPRECATION,
    REL_LATEST_VERSION,
    REL_PREDECESSOR_VERSION,
    REL_SUCCESSOR_VERSION,
    REL_SUNSET,
    VERSION_RELATIONS,
    Link,
    LinkParams,
    parse_link,
)
from apiversion_client.signals._read import (
    DEFAULT_ECHO_HEADERS,
    Problem,
    SignalProfile,
    SignalReader,
    Signals,
    read_signals,
)
from apiversion_client.signals._structured import format_sf_date, parse_sf_date
from apiversion_client.signals._versions_headers import parse_served_version, parse_version_list
from apiversion_client.signals._warning import WarningValue, parse_warning

__all__ = [
    "DEFAULT_ECHO_HEADERS",
    "REL_ALTERNATE",
    "REL_DEPRECATION",
    "REL_LATEST_VERSION",
    "REL_PREDECESSOR_VERSION",
    "REL_SUCCESSOR_VERSION",
    "REL_SUNSET",
    "VERSION_RELATIONS",
    "Deprecation",
    "GdcDeprecation",
    "GdcEntry",
    "Link",
    "LinkParams",
    "Problem",
    "SignalProfile",
    "SignalReader",
    "Signals",
    "WarningValue",
    "format_http_date",
    "format_sf_date",
    "parse_deprecation",
    "parse_gdc_deprecated",
    "parse_http_date",
    "parse_link",
    "parse_served_version",
    "parse_sf_date",
    "parse_sunset",
    "parse_version_list",
    "parse_warning",
    "read_signals",
]
