"""After receiving: what one response means, as an :class:`Outcome`.

The order (written down once, here):

1. The header lines are read once, in order.  Only the names the profile
   reads (its signal headers and request-id headers) are kept; names are
   compared case-insensitively; a repeated name is kept as separate lines;
   values that are ``str`` subclasses or ``bytes`` are read as plain text.
   The request id is the first non-blank line of the profile's first
   request-id header that is present.
2. An error status (400 or more) is checked against the profile's error rules,
   in order; the first rule that matches decides (at most one error per
   response).  The body is read only when a rule needs it, and only its first
   :data:`MAX_ERROR_BODY` bytes.
3. The signal lines are read into :class:`~apiversion_client.signals.Signals`
   (the rule book is in :mod:`apiversion_client.signals._read`).
4. Notices, in this order: one per malformed signal, the deprecation (dated
   or not: one kind, ``deprecated``), one per ``Warning`` that is not about a
   deprecation, and a served version that differs from the pin (not on an
   error response: a server may echo its latest version there).  They are
   drafts: worded only if reported or looked at.  A deprecation is about the
   version served when the server names another than the pin (a waterfall).
5. Breaking changes (only with declarations, and not on a version error,
   which says it all): a response to a declared resource is checked against
   the declarations that hold for its pin, one ``breaking-change`` notice per
   category and field (see :mod:`apiversion_client._tripwire._watch`).  A
   body is read for them only when a declaration needs it, up to a bound.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from apiversion_client._core._messages import (
    MAX_SERVER_TEXT,
    deprecation_notice,
    error_message,
    malformed_notice,
    mismatch_notice,
    server_warning_notice,
)
from apiversion_client._core._outcome import ErrorDecision, Outcome, Prepared
from apiversion_client._errors import ErrorDetails
from apiversion_client._notices import Draft, Notice, NoticeKind, deprecation_key
from apiversion_client._versions import deprecated_version, same_version
from apiversion_client.signals import Problem, Signals, WarningValue
from apiversion_client.signals._read import read_collected, signal_header_names

if TYPE_CHECKING:
    from apiversion_client._core._negotiator import Negotiator

__all__ = ["MAX_ERROR_BODY", "HeaderLines", "ResponseReader", "text_of"]

#: At most this many bytes of an error body are read for the error rules.
MAX_ERROR_BODY = 1 << 20

#: Header lines as the core reads them: ``(name, value)`` pairs (a mapping is read
#: as its items).
HeaderLines = Iterable[tuple[str, str]] | Mapping[str, str]

_NOTHING = Signals()
# No version is longer (ApiVersion refuses longer texts): a longer "version" is hostile.
_MAX_VERSION = 128
# At most this many Warning notices from one response.
_MAX_SERVER_WARNINGS = 16
_MAX_REQUEST_ID = 200


def _without_hostile_versions(signals: Signals) -> Signals:
    """``signals`` without a served or successor version too long to be one.

    No version is longer than 128 characters: a longer one is a hostile value
    (a 64 KiB echo), kept in no notice, no key, no error and no message.
    """
    served, successor = signals.served_version, signals.successor_version
    if (served is None or len(served) <= _MAX_VERSION) and (
        successor is None or len(successor) <= _MAX_VERSION
    ):
        return signals
    return attrs.evolve(signals, served_version=_short(served), successor_version=_short(successor))


def _short(version: str | None) -> str | None:
    """A version text, or ``None`` when it is too long to be one."""
    return version if version is None or len(version) <= _MAX_VERSION else None


def is_deprecation_warning(warning: WarningValue) -> bool:
    """Whether a ``Warning`` already counts as a deprecation (rule 5 of the signals rule book)."""
    return warning.code == 299 and "deprecat" in warning.text.lower()


def text_of(value: object) -> str:
    """A header name or value as plain ``str`` (``bytes`` read as Latin-1)."""
    if type(value) is str:
        return value
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("latin-1")
    return str(value)  # a str subclass (email's header values) or anything else


def _items(lines: HeaderLines) -> Iterable[Any]:
    if type(lines) is list or type(lines) is tuple:
        return lines
    if isinstance(lines, Mapping):
        return lines.items()
    return lines


def _decode_body(body: bytes | str) -> Any:
    if isinstance(body, bytes):
        body = body[:MAX_ERROR_BODY].decode("utf-8", errors="replace")
    text = body[:MAX_ERROR_BODY].strip()
    if text[:1] in ("{", "["):
        try:
            return json.loads(text)
        except (ValueError, RecursionError):
            pass
    return text


class ResponseReader:
    """Reads responses for one negotiator (its profile, matrix and reporter).

    Immutable after construction; safe to share between threads.
    """

    def __init__(self, negotiator: Negotiator) -> None:
        self._negotiator = negotiator
        profile = negotiator.profile
        self._profile = profile
        self._readers = frozenset(profile.readers)
        self._echo_headers = tuple(profile.echo_headers)
        signal_names = signal_header_names(self._readers, self._echo_headers)
        self._request_id_names = tuple(
            dict.fromkeys(name.lower() for name in profile.request_id_headers)
        )
        self._id_names = frozenset(self._request_id_names)
        self._signal_names = signal_names
        self._wanted = signal_names | self._id_names
        #: Lower-case names of the response headers read (see Negotiator.response_header_names).
        self.header_names: frozenset[str] = self._wanted
        self._tripwire = negotiator.tripwire

    # ------------------------------------------------------------ reading

    def inspect(
        self, prepared: Prepared, status: int, header_lines: HeaderLines, body: bytes | str | None
    ) -> Outcome:
        """Read one response (see the module documentation).  Never raises."""
        if not prepared.in_scope:
            return Outcome(_NOTHING, None, None)
        signals_seen: list[tuple[str, str]] = []
        ids: dict[str, str] = {}
        wanted, id_names, signal_names = self._wanted, self._id_names, self._signal_names
        try:
            items: Iterable[Any] = header_lines
            if type(items) is not list and type(items) is not tuple:
                items = _items(header_lines)
            for name, value in items:
                if type(name) is not str:
                    raise TypeError  # bytes or a subclass: the careful reading
                key = name.lower()
                if key in wanted:
                    if type(value) is not str:
                        value = text_of(value)
                    if key in id_names:
                        if key not in ids and value.strip():
                            ids[key] = value
                        if key not in signal_names:
                            continue
                    signals_seen.append((key, value))
        except (TypeError, ValueError, AttributeError):
            # Something that is not a (str, str) pair: read line by line, carefully.
            signals_seen, ids = self._careful(header_lines)
        request_id = None
        if ids:
            for name in self._request_id_names:
                found = ids.get(name)
                if found is not None:
                    request_id = found.strip()[:_MAX_REQUEST_ID]
                    break
        signals = (
            read_collected(tuple(signals_seen), self._readers, self._echo_headers)
            if signals_seen
            else _NOTHING
        )
        # What the error and the notices read (the outcome keeps what was sent).
        read = _without_hostile_versions(signals) if signals is not _NOTHING else signals
        error = None
        if status >= 400:
            error = self._error(prepared, status, read, request_id, body)
        drafts = self._drafts(prepared, read, status) if read is not _NOTHING else ()
        tripwire = self._tripwire
        if tripwire is not None and error is None:
            broken = tripwire.drafts(prepared, status, body, request_id)
            if broken:
                drafts = (*drafts, *broken)
        return Outcome(signals, error, request_id, drafts)

    def _careful(self, header_lines: HeaderLines) -> tuple[list[tuple[str, str]], dict[str, str]]:
        """The signal lines and request ids, skipping whatever is not a pair of texts."""
        signals_seen: list[tuple[str, str]] = []
        ids: dict[str, str] = {}
        for item in _items(header_lines):
            try:
                name, value = item
                key = text_of(name).lower().strip()
                text = text_of(value)
            except (TypeError, ValueError, AttributeError):
                continue  # not a pair: never an error
            if key not in self._wanted:
                continue
            if key in self._id_names:
                if key not in ids and text.strip():
                    ids[key] = text
                if key not in self._signal_names:
                    continue
            signals_seen.append((key, text))
        return signals_seen, ids

    def body_limit(self, prepared: Prepared, status: int) -> int:
        """How many bytes of the body :meth:`inspect` needs (0: none)."""
        if not prepared.in_scope:
            return 0
        tripwire = self._tripwire
        wanted = tripwire.body_limit(prepared, status) if tripwire is not None else 0
        if status < 400:
            return wanted
        for rule in self._profile.error_rules:
            if (
                status in rule.statuses
                and rule.needs_body
                and (prepared.requested is not None or not rule.requires_pin)
            ):
                return MAX_ERROR_BODY
        return wanted

    # ------------------------------------------------------------- errors

    def _error(
        self,
        prepared: Prepared,
        status: int,
        signals: Signals,
        request_id: str | None,
        body: bytes | str | None,
    ) -> ErrorDecision | None:
        profile = self._profile
        details: ErrorDetails | None = None
        if body is not None:
            try:
                details = profile.error_parser(_decode_body(body))
            except Exception:  # a vendor parser must never break a request
                details = None
        kind = None
        for rule in profile.error_rules:
            kind = rule.match(status, details, prepared.requested)
            if kind is not None:
                break
        if kind is None:
            return None
        negotiator = self._negotiator
        # A version longer than any version can be is a hostile value: kept out
        # of the error (its message, successor and supported list).
        supported = tuple(
            dict.fromkeys(
                version
                for version in (
                    *signals.supported_versions,
                    *(details.supported_versions if details else ()),
                )
                if len(version) <= _MAX_VERSION
            )
        )
        successor = signals.successor_version or negotiator.successor_of(prepared.version)
        if successor is None and supported:
            successor = supported[-1]
        request_id = request_id or (details.request_id if details else None)
        return ErrorDecision(
            kind=kind,
            message=error_message(
                kind,
                status,
                prepared,
                details.message if details else None,
                successor,
                supported,
                negotiator.hint(successor),
                request_id,
            ),
            status=status,
            request_id=request_id,
            requested_version=prepared.requested,
            successor=successor,
            supported=supported,
            url=prepared.display_url,
        )

    # ------------------------------------------------------------ notices

    def _drafts(self, prepared: Prepared, signals: Signals, status: int) -> tuple[Draft, ...]:
        requested = prepared.requested
        resource = prepared.resource
        scope = resource if prepared.declared else None
        drafts: list[Draft] = [
            Draft(
                NoticeKind.MALFORMED,
                (NoticeKind.MALFORMED, requested, scope, problem.header),
                resource,
                self._word_malformed,
                (prepared, problem),
                requested,
            )
            for problem in signals.problems
        ]
        served = signals.served_version
        if signals.deprecated or signals.sunset is not None:
            successor = signals.successor_version or self._negotiator.successor_of(prepared.version)
            version = deprecated_version(requested, served)
            key = deprecation_key(version, scope, signals.sunset, successor)
            drafts.append(
                Draft(
                    NoticeKind.DEPRECATED,
                    key,
                    resource,
                    self._word_deprecation,
                    (prepared, signals, successor),
                    version,
                )
            )
        warned = 0
        for warning in signals.warnings:
            if warned == _MAX_SERVER_WARNINGS:
                break  # a response of hundreds of Warning lines warns a bounded number of times
            if not is_deprecation_warning(warning):
                warned += 1
                kind = NoticeKind.SERVER_WARNING
                detail = f"Warning: {warning.code} {warning.text[:MAX_SERVER_TEXT]}"
                key = (kind, requested, scope, detail)
                drafts.append(
                    Draft(
                        kind,
                        key,
                        resource,
                        self._word_server_warning,
                        (prepared, warning),
                        requested,
                    )
                )
        if (
            served is not None
            and requested is not None
            and status < 400  # a version echoed on an error is not the version served
            and not same_version(served, requested)
        ):
            kind = NoticeKind.VERSION_MISMATCH
            key = (kind, requested, served, scope)
            drafts.append(
                Draft(kind, key, resource, self._word_mismatch, (prepared, served), requested)
            )
        return tuple(drafts)

    def _word_malformed(self, prepared: Prepared, problem: Problem) -> Notice:
        return malformed_notice(
            problem, prepared.requested, prepared.resource, prepared.display_url, prepared.declared
        )

    def _word_deprecation(
        self, prepared: Prepared, signals: Signals, successor: str | None
    ) -> Notice:
        negotiator = self._negotiator
        return deprecation_notice(
            signals,
            prepared.requested,
            prepared.resource,
            prepared.display_url,
            successor,
            negotiator.hint(successor),
            negotiator.today(),
            negotiator.reporter.policy.sunset_warning_days,
            prepared.declared,
        )

    def _word_server_warning(self, prepared: Prepared, warning: WarningValue) -> Notice:
        return server_warning_notice(
            warning, prepared.requested, prepared.resource, prepared.display_url, prepared.declared
        )

    def _word_mismatch(self, prepared: Prepared, served: str) -> Notice:
        requested = prepared.requested or ""
        return mismatch_notice(
            requested, served, prepared.resource, prepared.display_url, prepared.declared
        )
