"""The values :func:`~apiversion_client.signals.read_signals` works with and returns.

:class:`SignalReader` and :class:`SignalProfile` say what to read;
:class:`Signals` is what one response said, :class:`Problem` what in it could
not be taken at face value.  The rules that fill them are in ``_read``.
"""

from __future__ import annotations

import datetime as _dt
import enum
from typing import Protocol

import attrs

from apiversion_client.signals._link import Link
from apiversion_client.signals._warning import WarningValue

__all__ = [
    "DEFAULT_ECHO_HEADERS",
    "MAX_PROBLEM_VALUE",
    "Problem",
    "SignalProfile",
    "SignalReader",
    "Signals",
]

#: The echo headers read when no profile is given.
DEFAULT_ECHO_HEADERS: tuple[str, ...] = ("api-version", "x-api-version")

#: Problem values are cut to this many characters for display.
MAX_PROBLEM_VALUE = 200


class SignalReader(enum.Enum):
    """A family of headers that :func:`read_signals` can read."""

    DEPRECATION = "deprecation"
    """The ``Deprecation`` header (RFC 9745)."""
    SUNSET = "sunset"
    """The ``Sunset`` header (RFC 8594)."""
    LINK = "link"
    """``Link`` relations about versions (RFC 8288)."""
    WARNING = "warning"
    """``Warning`` code 299 (RFC 7234, Kubernetes)."""
    GDC_DEPRECATED = "x-gdc-deprecated"
    """GoodData's ``X-GDC-Deprecated``."""
    VERSION_LISTS = "version-lists"
    """``api-supported-versions`` / ``api-deprecated-versions`` (ASP.NET API Versioning)."""


class SignalProfile(Protocol):
    """What :func:`read_signals` needs to know of a profile."""

    @property
    def readers(self) -> frozenset[SignalReader]:
        """The header families to read; the others are ignored."""
        ...

    @property
    def echo_headers(self) -> tuple[str, ...]:
        """Headers naming the version served, most authoritative first."""
        ...


def _display(value: str) -> str:
    return value if len(value) <= MAX_PROBLEM_VALUE else value[: MAX_PROBLEM_VALUE - 1] + "…"


@attrs.frozen
class Problem:
    """Something in a response's version signals that could not be taken at face value.

    Attributes:
        header: The header's name, e.g. ``"Sunset"``.
        value: The offending value, cut to 200 characters for display.
        message: What is wrong and what was done about it.
    """

    header: str
    value: str = attrs.field(converter=_display)
    message: str


@attrs.frozen
class Signals:
    """Everything one response said about versions, deprecation and sunset.

    ``Signals()`` is a response that said nothing.  Every datetime is aware UTC.

    Attributes:
        deprecated: The resource or version is deprecated (Deprecation,
            X-GDC-Deprecated, a Warning 299 about deprecation, or the served
            version listed in ``api-deprecated-versions``).
        deprecation: The earliest date the resource is (or was) deprecated.
        sunset: The earliest date it goes away (Sunset, X-GDC-Deprecated).
        successor_version: The version to move to, when the server named one.
        successor_link: Target of the first ``successor-version`` link, else of
            the first ``latest-version`` link.
        deprecation_link: Target of the first ``deprecation`` link.
        sunset_link: Target of the first ``sunset`` link.
        links: The links that carry a version-related relation, in order.
        warnings: Every valid ``Warning`` value, in order.
        served_version: The version the server says it served (first echo header).
        supported_versions: From ``api-supported-versions``.
        deprecated_versions: From ``api-deprecated-versions``.
        problems: What could not be read, or contradicted itself.
    """

    deprecated: bool = False
    deprecation: _dt.datetime | None = None
    sunset: _dt.datetime | None = None
    successor_version: str | None = None
    successor_link: str | None = None
    deprecation_link: str | None = None
    sunset_link: str | None = None
    links: tuple[Link, ...] = ()
    warnings: tuple[WarningValue, ...] = ()
    served_version: str | None = None
    supported_versions: tuple[str, ...] = ()
    deprecated_versions: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def deprecation_warnings(self) -> tuple[WarningValue, ...]:
        """The warnings with code 299 (miscellaneous persistent warning)."""
        return tuple(w for w in self.warnings if w.code == 299)

    @property
    def said_anything(self) -> bool:
        """True unless the response carried no signal at all (problems count)."""
        return self != Signals()
