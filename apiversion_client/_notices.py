"""Notices: what the core found out about versions, as frozen data.

A notice is the library's unit of "something worth telling the user": a
deprecation, an approaching or passed sunset, a version mismatch, an unstable
channel, a malformed signal.  The policy decides what happens to each one
(warn, log, raise, collect, ignore); the notice itself is plain data that can be
logged, compared and stored.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import attrs

from apiversion_client._exceptions import (
    ApiDeprecationWarning,
    ApiServerWarning,
    ApiVersionMismatchWarning,
    ApiVersionWarning,
    BreakingChangeWarning,
    MalformedSignalWarning,
    UnstableApiWarning,
)
from apiversion_client._versions import deprecated_version

__all__ = ["Draft", "Notice", "NoticeKind", "NoticeSource", "deprecation_key", "notice_key"]


class NoticeKind(enum.Enum):
    """The kinds of notice, each with its own warning class."""

    #: The version or resource in use is deprecated, with or without a date for
    #: its end (``Deprecation``, ``Sunset``, ``X-GDC-Deprecated``, a matrix's
    #: dates).  ``NoticeKind.SUNSET`` and ``"sunset"`` are other names for it.
    DEPRECATED = "deprecated"
    #: The same kind as :attr:`DEPRECATED` (kept so that ``"sunset"`` in a policy
    #: or a filter keeps working): one word covers a deprecation, dated or not.
    SUNSET = "deprecated"  # noqa: PIE796 - an alias on purpose (see its comment)
    #: The server says it served another version than the one pinned.
    VERSION_MISMATCH = "version-mismatch"
    #: A beta, alpha, preview or unstable version is in use.
    UNSTABLE = "unstable"
    #: A version or deprecation header could not be understood.
    MALFORMED = "malformed"
    #: The server sent a ``Warning`` header that is not about a deprecation
    #: (Kubernetes: unknown fields, finalizer names...).
    SERVER_WARNING = "server-warning"
    #: A response broke a promise the SDK declared it relies on (the tripwire):
    #: its ``detail`` is the category and the field (``"field-missing items[].id"``).
    BREAKING_CHANGE = "breaking-change"

    # Members are singletons compared by identity, so identity hashing agrees
    # with equality; ``Enum.__hash__`` is a Python function (``hash(name)``),
    # and a kind is hashed on every response that repeats a notice.
    __hash__ = object.__hash__

    @classmethod
    def _missing_(cls, value: object) -> NoticeKind | None:
        if isinstance(value, str) and value.strip().lower() == "sunset":
            return cls.DEPRECATED
        return None

    @property
    def category(self) -> type[ApiVersionWarning]:
        """The warning class used when this kind of notice is warned or raised."""
        return _CATEGORIES[self]


_CATEGORIES: dict[NoticeKind, type[ApiVersionWarning]] = {
    NoticeKind.DEPRECATED: ApiDeprecationWarning,
    NoticeKind.VERSION_MISMATCH: ApiVersionMismatchWarning,
    NoticeKind.UNSTABLE: UnstableApiWarning,
    NoticeKind.MALFORMED: MalformedSignalWarning,
    NoticeKind.SERVER_WARNING: ApiServerWarning,
    NoticeKind.BREAKING_CHANGE: BreakingChangeWarning,
}


class NoticeSource(enum.Enum):
    """Where a notice came from."""

    #: Read from the server's response headers.
    SERVER = "server"
    #: Known from the compatibility matrix before sending.
    MATRIX = "matrix"
    #: Known from the pinned version itself (e.g. its channel).
    PIN = "pin"


@attrs.frozen
class Notice:
    """One thing worth telling the user about the versions in use.

    Attributes:
        kind: What kind of notice this is.
        message: Stable, human-readable text that says what to do.
        source: Whether the server, the matrix or the pin itself said so.
        requested_version: The version pinned for the request, as sent.
        served_version: The version the server says it served, if it said.
        resource: The resource as ``"METHOD /path/{template}"``.
        url: The request URL, credentials redacted.
        deprecation: When the version or resource was (or will be) deprecated.
        sunset: When it ends (Sunset, X-GDC-Deprecated end of life, matrix end of life).
        successor: The version to move to, when known.
        link: A documentation or successor link the server gave.
        detail: For malformed signals, the header name and the offending value;
            for a breaking change, its category and field (``"field-missing items[].id"``).
        declared_resource: ``resource`` is a template the SDK declared (the
            matrix's resources, ``resources=``, the profile's templates), not a
            guess from the URL; only a declared resource makes notices distinct.
    """

    kind: NoticeKind
    message: str
    source: NoticeSource = NoticeSource.SERVER
    requested_version: str | None = None
    served_version: str | None = None
    resource: str | None = None
    url: str | None = None
    deprecation: datetime | date | None = None
    sunset: datetime | date | None = None
    successor: str | None = None
    link: str | None = None
    detail: str | None = None
    declared_resource: bool = False
    # Computed once: the reporter asks for it on every response that repeats a notice.
    _key: tuple[Any, ...] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_key", notice_key(self))

    @property
    def category(self) -> type[ApiVersionWarning]:
        """The warning class for this notice."""
        return self.kind.category

    @property
    def key(self) -> tuple[Any, ...]:
        """The identity used for "once per session".

        The kind, the versions, the dates, the successor and, for a malformed
        signal, the header (for a breaking change, its category and field);
        the resource only when it is declared.  Never the
        URL or a resource name guessed from it: however a server shapes its
        URLs, one deprecation warns a bounded number of times (the resources
        it was seen on are counted by the :class:`~apiversion_client.Reporter`).
        """
        return self._key

    def as_dict(self) -> dict[str, Any]:
        """Return the notice as JSON-friendly data (dates as ISO 8601 strings)."""
        out: dict[str, Any] = {}
        for field in attrs.fields(type(self)):
            if not field.init:
                continue
            value = getattr(self, field.name)
            if isinstance(value, enum.Enum):
                value = value.value
            elif isinstance(value, date):
                value = value.isoformat()
            out[field.name] = value
        return out


def _as_day(value: datetime | date | None) -> date | None:
    if isinstance(value, datetime):
        return value.astimezone(UTC).date()
    return value


def deprecation_key(
    version: str | None,
    resource: str | None,
    sunset: datetime | date | None,
    successor: str | None,
) -> tuple[Any, ...]:
    """The key of a deprecation: the version, the declared resource, the day it ends, the successor.

    The same fact said by the matrix before sending and by the server after
    (an end of life on the same day, the same successor) is one notice.
    """
    return (NoticeKind.DEPRECATED, version, resource, _as_day(sunset), successor)


def notice_key(notice: Notice) -> tuple[Any, ...]:
    """The dedupe key of a notice (see :attr:`Notice.key`)."""
    resource = notice.resource if notice.declared_resource else None
    kind = notice.kind
    if kind is NoticeKind.DEPRECATED:
        return deprecation_key(
            deprecated_version(notice.requested_version, notice.served_version),
            resource,
            notice.sunset,
            notice.successor,
        )
    if kind is NoticeKind.MALFORMED:
        # One per header: a server that garbles a header differently on every
        # response (or a hostile one) must not make every response a new warning.
        header = (notice.detail or "").partition(":")[0]
        return (kind, notice.requested_version, resource, header)
    if kind is NoticeKind.SERVER_WARNING or kind is NoticeKind.BREAKING_CHANGE:
        return (kind, notice.requested_version, resource, notice.detail)
    return (kind, notice.requested_version, notice.served_version, resource)


class Draft:
    """A notice not worded yet: its kind, its key, and how to word it.

    Wording a notice (dates formatted, a message assembled, a :class:`Notice`
    built) costs several microseconds; most notices on a busy session repeat
    one already reported, and only the key is needed to tell.  The core hands
    drafts to the reporter, which words one only when it will be reported,
    or when someone asks for it (a listener, ``outcome.notices``).

    Attributes:
        kind: The notice's kind.
        key: What :attr:`Notice.key` of the worded notice will be.
        resource: The resource name, for counting where a notice was seen.
        version: The API version the notice is about (for snoozes).
    """

    __slots__ = ("_args", "_build", "_notice", "key", "kind", "resource", "version")

    def __init__(
        self,
        kind: NoticeKind,
        key: tuple[Any, ...],
        resource: str | None,
        build: Callable[..., Notice],
        args: tuple[Any, ...],
        version: str | None = None,
    ) -> None:
        self.kind = kind
        self.key = key
        self.resource = resource
        self.version = version
        self._build = build
        self._args = args
        self._notice: Notice | None = None

    @classmethod
    def of(cls, notice: Notice) -> Draft:
        """A draft of a notice already worded."""
        version = (
            deprecated_version(notice.requested_version, notice.served_version)
            if notice.kind is NoticeKind.DEPRECATED
            else notice.requested_version
        )
        draft = cls(notice.kind, notice.key, notice.resource, _same, (notice,), version)
        draft._notice = notice
        return draft

    def notice(self) -> Notice:
        """Word the notice (once; later calls return the same object)."""
        notice = self._notice
        if notice is None:
            notice = self._notice = self._build(*self._args)
        return notice


def _same(notice: Notice) -> Notice:
    return notice
