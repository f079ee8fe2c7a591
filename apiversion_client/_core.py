"""The version negotiator: the I/O-free heart of the library.

Bytes and sockets live in the transports; this module only decides.

Before sending (:meth:`Negotiator.prepare`), in this order:

1. Scope: a request outside the API's base URL (another host, port, scheme or
   a path outside the base path) is left exactly as it is and never inspected.
2. The pin: a per-request or per-block override (``api_version=``,
   ``pinned()``) wins; else a version the request already carries (its own
   header, path segment or ``Accept`` parameter) is its pin; else the session's
   pin (``api_version=``, or the matrix's ``default_for`` the SDK release, or the
   profile's documented default).  The query scheme is the exception the
   profile applies: the pin replaces an ``api-version`` already in the URL.
3. Refusals, nothing sent (unless ``allow_ended``, which skips a and d):

   a. the matrix says the version ended on or before today ->
      :class:`ApiVersionEndOfLifeError`;
   b. this SDK release does not support the version ->
      :class:`IncompatibleSdkVersionError`;
   c. the operation does not exist in the version ->
      :class:`OperationNotAvailableError`;
   d. the matrix says this resource's version ended -> :class:`ApiVersionEndOfLifeError`.

4. Pre-flight notices: a matrix deprecation of the version or the resource, and a
   non-stable channel.

After receiving (:meth:`Negotiator.inspect`): an error status is checked
against the profile's error rules first (at most one error: removed beats
unsupported, by rule order); the header lines are read into
:class:`~apiversion_client.signals.Signals`; then notices: malformed signals,
the deprecation / sunset, and a served version that differs from the pin.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import json
import time
import types
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from apiversion_client._errors import ErrorDetails, VersionErrorKind
from apiversion_client._exceptions import (
    ApiVersionError,
    ApiVersionRemovedError,
    ApiVersionWarning,
    MatrixError,
    UnsupportedApiVersionError,
)
from apiversion_client._memo import Memo
from apiversion_client._messages import (
    deprecation_notice,
    error_message,
    malformed_notice,
    mismatch_notice,
    unstable_notice,
)
from apiversion_client._notices import Notice
from apiversion_client._pinning import BaseUrl, path_pattern, place
from apiversion_client._policy import Policy, Reporter
from apiversion_client._redact import redact_url
from apiversion_client._resources import resource_name
from apiversion_client._versions import ApiVersion, Channel
from apiversion_client.profiles import Profile
from apiversion_client.profiles import get as get_profile
from apiversion_client.signals import Signals
from apiversion_client.signals._read import (
    _NOTHING,
    _group,
    collect_lines,
    read_collected,
    signal_header_names,
)

if TYPE_CHECKING:  # the matrix package (packaging, tomllib) loads only with a matrix
    from apiversion_client._matrix import CompatibilityMatrix
    from apiversion_client._preflight import MatrixAdvisor

__all__ = ["ErrorDecision", "Negotiator", "Outcome", "Prepared", "attach", "resolve_profile"]

_MAX_BODY = 1 << 20
_PREPARED_ENTRIES = 512
_OUTCOME_ENTRIES = 512
HeaderLines = Iterable[tuple[str, str]] | Mapping[str, str]

# One context variable for every negotiator: a mapping from a negotiator's
# scope key to its override.  Threads and asyncio tasks each see their own.
_OVERRIDES: contextvars.ContextVar[Mapping[object, ApiVersion]] = contextvars.ContextVar(
    "apiversion_client_overrides", default=types.MappingProxyType({})
)


_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
_today_memo: tuple[int, dt.date] = (_EPOCH_ORDINAL, dt.date(1970, 1, 1))


def _utc_today() -> dt.date:
    # Asked on every deprecated response: the date only changes once a day.
    global _today_memo
    day = int(time.time() // 86400)
    memo = _today_memo
    if memo[0] != day:
        memo = _today_memo = (day, dt.date.fromordinal(_EPOCH_ORDINAL + day))
    return memo[1]


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return str(value)


@attrs.frozen
class Prepared:
    """What the core decided for one request before it is sent.

    Attributes:
        in_scope: Whether the request goes to the API at all.
        method: The HTTP method, upper case.
        url: The URL to send (the pin may be in its path or query).
        set_headers: Headers the transport sets on the request.
        version: The pin in effect, or ``None``.
        requested: The pin as sent on the wire, or ``None``.
        resource: ``"METHOD /templated/path"`` for messages and dedupe.
        display_url: ``url`` with credentials redacted.
        notices: Notices known before sending (matrix deprecation, channel).
    """

    in_scope: bool
    method: str
    url: str
    set_headers: tuple[tuple[str, str], ...] = ()
    version: ApiVersion | None = None
    requested: str | None = None
    resource: str = ""
    display_url: str = ""
    notices: tuple[Notice, ...] = ()


@attrs.frozen
class ErrorDecision:
    """The core's verdict that a response is a version error; the transport raises it."""

    kind: VersionErrorKind
    message: str
    status: int
    request_id: str | None
    requested_version: str | None
    successor: str | None
    supported: tuple[str, ...]
    url: str

    @property
    def exception_class(self) -> type[UnsupportedApiVersionError]:
        """The library's class for this error (before any transport mix-in)."""
        if self.kind is VersionErrorKind.REMOVED:
            return ApiVersionRemovedError
        return UnsupportedApiVersionError

    def build(
        self, response: Any = None, cls: type[ApiVersionError] | None = None
    ) -> ApiVersionError:
        """Create the exception, carrying ``response``.

        Args:
            response: The transport's response object.
            cls: A transport-specific subclass of :attr:`exception_class`.
        """
        return (cls or self.exception_class)(
            self.message,
            response=response,
            request_id=self.request_id,
            requested_version=self.requested_version,
            successor=self.successor,
            supported=self.supported,
            url=self.url,
        )


@attrs.frozen
class Outcome:
    """What the core found in one response."""

    signals: Signals
    notices: tuple[Notice, ...]
    error: ErrorDecision | None
    request_id: str | None


# The outcome of a response with no signal, shared (see Negotiator._read_grouped).
_NOTHING_FOUND = Outcome(_NOTHING, (), None, None)


def _decode_body(body: bytes | str | None) -> Any:
    if body is None:
        return None
    if isinstance(body, bytes):
        if len(body) > _MAX_BODY:
            body = body[:_MAX_BODY]
        body = body.decode("utf-8", errors="replace")
    text = body.strip()
    if text[:1] in ("{", "["):
        try:
            return json.loads(text)
        except ValueError:
            pass
    return text


class Negotiator:
    """Decide what to add to each request and what each response means.

    One negotiator serves one API (one base URL) for one session, adapter or
    client.  It is thread-safe: its configuration is immutable and its only
    state, the reporter, locks.

    Args:
        base_url: The API's base URL; only requests at or below it are pinned
            and inspected.
        profile: A :class:`~apiversion_client.profiles.Profile` or a built-in
            profile's name.  Defaults to the matrix's profile.
        api_version: The session's pin.  Defaults to the matrix's
            ``default_for(sdk_version)``, else the profile's documented default.
        matrix: The SDK's compatibility matrix, for pre-flight refusals.
        sdk: The SDK's name in the matrix (optional when it names one SDK).
        sdk_version: The SDK's own release, checked against the matrix.
        policy: What to do with notices (default: warn once per session).
        allow_ended: Send requests the matrix says have ended anyway.
        today: The date used for end-of-life decisions (a date or a callable
            returning one); defaults to today in UTC.

    Raises:
        ValueError: A bad base URL, profile or pin, or a pinning profile with no
            pin to be found (an unpinned session would be served old behaviour).
    """

    def __init__(
        self,
        base_url: str,
        *,
        profile: Profile | str | None = None,
        api_version: str | ApiVersion | None = None,
        matrix: CompatibilityMatrix | None = None,
        sdk: str | None = None,
        sdk_version: str | None = None,
        policy: Policy | None = None,
        allow_ended: bool = False,
        today: dt.date | Callable[[], dt.date] | None = None,
    ) -> None:
        self.profile: Profile = resolve_profile(profile, matrix)
        self.base = BaseUrl.parse(base_url)
        self.base_url = base_url
        self.matrix = matrix
        self.sdk = sdk
        self.sdk_version = str(sdk_version) if sdk_version is not None else None
        self.allow_ended = allow_ended
        if today is None:
            self._today: Callable[[], dt.date] = _utc_today
        elif callable(today):
            self._today = today
        else:
            fixed = today
            self._today = lambda: fixed
        self.reporter = Reporter(policy)
        self.advisor: MatrixAdvisor | None = None
        if matrix is not None:
            from apiversion_client._preflight import MatrixAdvisor

            self.advisor = MatrixAdvisor(matrix, sdk, self.sdk_version, allow_ended)
        self._scope_key = object()
        self._overridden = False
        self.pin: ApiVersion | None = self._initial_pin(api_version)
        # What the hot paths need of the profile, worked out once.
        profile = self.profile
        names = [name.lower() for name in profile.own_pin_headers]
        if profile.media_type:
            names.append("accept")
        self._request_names: tuple[str, ...] = tuple(dict.fromkeys(names))
        #: Lower-case names of the request headers :meth:`prepare` reads (the
        #: profile's own version headers, and ``accept`` for a media-type
        #: profile): a request carrying none of them may be prepared with no
        #: headers at all, which spares the transport a lookup per name.
        self.request_header_names: frozenset[str] = frozenset(self._request_names)
        self._readers = frozenset(profile.readers)
        self._echo_headers = tuple(profile.echo_headers)
        self._signal_names = signal_header_names(self._readers, self._echo_headers)
        self._signal_order = tuple(sorted(self._signal_names))
        self._request_id_names = tuple(name.lower() for name in profile.request_id_headers)
        #: Lower-case names of the response headers :meth:`inspect` reads (the
        #: signals and the request id): a transport may hand it only these lines.
        self.response_header_names: frozenset[str] = self._signal_names | frozenset(
            self._request_id_names
        )
        # Requests repeat: the same URL with the same pin is decided once, and
        # the same signals for the same prepared request are read once.
        self._prepared = Memo(_PREPARED_ENTRIES)
        self._outcomes = Memo(_OUTCOME_ENTRIES)

    # ------------------------------------------------------------- the pin

    def _initial_pin(self, api_version: str | ApiVersion | None) -> ApiVersion | None:
        if api_version is not None:
            return ApiVersion.parse(api_version)
        if self.matrix is not None:
            from apiversion_client._matrix import Status

            if self.sdk_version is not None:
                return self.matrix.default_for(self.sdk_version, sdk=self.sdk, on=self.today())
            usable = [
                info.version
                for info in self.matrix.versions
                if info.channel is Channel.STABLE
                and self.matrix.status(info.version, on=self.today()) is not Status.REMOVED
            ]
            if usable:
                return usable[-1]
        if self.profile.default_version is not None:
            return ApiVersion.parse(self.profile.default_version)
        if self.profile.pins:
            raise ValueError(
                f"no API version to pin for profile {self.profile.name!r}: pass api_version=, "
                "or a matrix (and sdk_version=) to take its default; an unpinned request "
                "is silently served whatever the server's default is"
            )
        return None

    def today(self) -> dt.date:
        """The date end-of-life decisions are made on."""
        return self._today()

    @property
    def override(self) -> ApiVersion | None:
        """The per-request or per-block override in effect in this thread / task."""
        return _OVERRIDES.get().get(self._scope_key)

    def pinned(
        self, version: str | ApiVersion | None
    ) -> contextlib.AbstractContextManager[ApiVersion | None]:
        """Override the pin for a block, in this thread or asyncio task only.

        ``None`` leaves the pin as it is (convenient for optional overrides, and
        cheap: the transports call this on every request).

        Raises:
            ValueError: The version cannot be parsed or cannot go on the wire.
        """
        if version is None:
            return contextlib.nullcontext(self.override or self.pin)
        return self._override(ApiVersion.parse(version))

    @contextlib.contextmanager
    def _override(self, parsed: ApiVersion) -> Iterator[ApiVersion | None]:
        self._overridden = True  # from now on, prepare looks overrides up
        current = dict(_OVERRIDES.get())
        current[self._scope_key] = parsed
        token = _OVERRIDES.set(current)
        try:
            yield parsed
        finally:
            _OVERRIDES.reset(token)

    # ------------------------------------------------------------ prepare

    def in_scope(self, url: str) -> bool:
        """Whether ``url`` belongs to the API (and so is pinned and inspected)."""
        return self.base.relative_path(url) is not None

    def resolve(self, url: str) -> str:
        """Resolve a path against the base URL; an absolute URL is returned as is.

        ``"/projects"`` and ``"projects"`` both land below the base URL (as httpx's
        ``base_url`` does), whatever the base URL's own path.
        """
        scheme_end = url.find("://")
        if scheme_end != -1 and url.find("?", 0, scheme_end) == -1:
            return url
        return self.base_url.rstrip("/") + "/" + url.lstrip("/")

    def prepare(
        self,
        method: str,
        url: str,
        headers: HeaderLines = (),
        *,
        case_insensitive: bool = False,
    ) -> Prepared:
        """Decide what to add to a request, or refuse it.

        Args:
            method: The HTTP method.
            url: The absolute request URL.
            headers: The request's headers as they are now.
            case_insensitive: ``headers`` is a mapping whose ``get`` ignores the
                case of names (requests' ``CaseInsensitiveDict``, ``httpx.Headers``,
                urllib3's ``HTTPHeaderDict``): the few names the profile reads are
                looked up instead of scanning every header.

        Returns:
            What to change; ``in_scope=False`` means "leave it alone".  The same
            request (method, URL, pin, version headers, day) gets the same
            :class:`Prepared`, decided once.

        Raises:
            ApiVersionEndOfLifeError: The matrix says the version or resource ended.
            IncompatibleSdkVersionError: This SDK release does not support the version.
            OperationNotAvailableError: The operation does not exist in the version.
            ValueError: The request's own version header holds control characters.
        """
        # A negotiator whose pinned() was never used has no override anywhere.
        override = _OVERRIDES.get().get(self._scope_key) if self._overridden else None
        pin = override if override is not None else self.pin
        own = self._request_values(headers, case_insensitive) if headers else ()
        key = (
            method,
            url,
            pin.text if pin is not None else None,
            override is not None,
            own,
            self._today() if self.advisor is not None else None,
        )
        prepared: Prepared | None = self._prepared.get(key)
        if prepared is None:
            prepared = self._decide(method.upper(), url, dict(own), pin, override is not None)
            self._prepared.put(key, prepared)
        return prepared

    def _request_values(self, headers: HeaderLines, case_insensitive: bool) -> tuple[Any, ...]:
        """The request's values of the headers :func:`place` reads, as (name, value) pairs."""
        names = self._request_names
        if not names:
            return ()
        if case_insensitive:
            found = []
            for name in names:
                value = headers.get(name)  # type: ignore[union-attr]
                if value is not None:
                    found.append((name, _text(value)))
            return tuple(found)
        items = headers.items() if isinstance(headers, Mapping) else headers
        seen: dict[str, str] = {}
        for header, value in items:
            lowered = _text(header).lower()
            if lowered in names:
                seen[lowered] = _text(value)  # the last one wins, as in a dict
        return tuple((name, seen[name]) for name in names if name in seen)

    def _decide(
        self,
        method: str,
        url: str,
        headers: dict[str, str],
        pin: ApiVersion | None,
        explicit: bool,
    ) -> Prepared:
        if not self.in_scope(url):
            return Prepared(in_scope=False, method=method, url=url)
        placement = place(self.profile, self.base, url, headers, pin, explicit=explicit)
        display_url = redact_url(placement.url)
        resource = resource_name(method, placement.url)
        notices: list[Notice] = []
        version = placement.version
        if version is not None:
            if version.channel is not Channel.STABLE:
                notices.append(unstable_notice(version, resource, display_url))
            if self.advisor is not None:
                notices.extend(
                    self.advisor.preflight(
                        version, method, self._api_path(placement.url), display_url, self.today()
                    )
                )
        return Prepared(
            in_scope=True,
            method=method,
            url=placement.url,
            set_headers=placement.set_headers,
            version=version,
            requested=placement.requested,
            resource=resource,
            display_url=display_url,
            notices=tuple(notices),
        )

    def _api_path(self, url: str) -> str:
        rel = self.base.relative_path(url) or "/"
        if self.profile.path:
            rel = path_pattern(self.profile.path).sub("", rel, count=1) or "/"
        return rel

    # ------------------------------------------------------------ inspect

    def needs_body(self, prepared: Prepared, status: int) -> bool:
        """Whether :meth:`inspect` needs the body of a response with this status."""
        if not prepared.in_scope or status < 400:
            return False
        return any(
            status in rule.statuses
            and rule.needs_body
            and (prepared.requested is not None or not rule.requires_pin)
            for rule in self.profile.error_rules
        )

    def inspect(
        self,
        prepared: Prepared,
        status: int,
        header_lines: HeaderLines,
        body: bytes | str | None = None,
    ) -> Outcome:
        """Read one response: notices and at most one error.  Never raises.

        Args:
            prepared: What :meth:`prepare` returned for the request.
            status: The response status.
            header_lines: All header lines, a repeated name kept as separate lines.
                Only the names in :attr:`response_header_names` are read, so a
                transport may pass just those lines.
            body: The body, when :meth:`needs_body` said so.
        """
        lines = collect_lines(header_lines, self.response_header_names)
        return self.inspect_grouped(prepared, status, _group(lines), body)

    def inspect_grouped(
        self,
        prepared: Prepared,
        status: int,
        groups: Mapping[str, Sequence[str]],
        body: bytes | str | None = None,
        *,
        skip: int = 0,
    ) -> Outcome:
        """:meth:`inspect` for headers kept grouped by lower-cased name.

        Looks up the few names it reads instead of scanning every line: the
        cheaper way for a client that keeps its headers so (urllib3's
        ``HTTPHeaderDict`` keeps ``{"link": ["Link", value, ...]}``).

        Args:
            prepared: What :meth:`prepare` returned for the request.
            status: The response status.
            groups: Lower-cased header name -> that name's values, in order.
            body: The body, when :meth:`needs_body` said so.
            skip: How many leading items of each sequence are not values
                (1 for urllib3, which keeps the name as sent first).
        """
        outcome, request_id = self._read_grouped(prepared, status, groups, body, skip)
        if outcome.request_id != request_id:
            outcome = Outcome(outcome.signals, outcome.notices, outcome.error, request_id)
        return outcome

    def _read_grouped(
        self,
        prepared: Prepared,
        status: int,
        groups: Mapping[str, Sequence[str]],
        body: bytes | str | None,
        skip: int,
    ) -> tuple[Outcome, str | None]:
        """:meth:`inspect_grouped`'s work, and this response's request id.

        The outcome may be a shared or remembered one whose ``request_id`` is
        another response's (building a new outcome per response, only for its
        request id, was a measurable cost): the transports put the id returned
        here on the response themselves (:func:`_attach`).
        """
        get = groups.get
        found: list[tuple[str, str]] = []
        for name in self._signal_order:
            values = get(name)
            if values is None:
                continue
            if len(values) == skip + 1:  # one line, the usual case: no slice to copy
                value = values[skip]
                if type(value) is str:
                    found.append((name, value))
                continue
            for value in values[skip:]:  # a loop: cheaper than a comprehension here
                if type(value) is str:
                    found.append((name, value))  # noqa: PERF401
        request_id = None
        for name in self._request_id_names:
            values = get(name)
            if values is not None and len(values) > skip:
                value = values[skip]  # a repeated name: its first line counts
                if value and type(value) is str:
                    request_id = value.strip()[:200]
                    break
        signal_lines = tuple(found)
        if status >= 400:
            signals = read_collected(signal_lines, self._readers, self._echo_headers)
            error = self._error(prepared, status, signals, request_id, body)
            notices = self._notices(prepared, signals)
            outcome = Outcome(signals=signals, notices=notices, error=error, request_id=request_id)
            return outcome, request_id
        if not signal_lines:
            return _NOTHING_FOUND, request_id
        # The same signals for the same prepared request (same day) mean the same
        # notices: read and word them once.  One entry per prepared request, its
        # last answer, found by the request's id (no hashing of header values)
        # and kept with ``prepared`` so that the id cannot be reused meanwhile.
        today = self._today  # the day, without a call for the default clock
        day = time.time() // 86400 if today is _utc_today else today()
        entry = self._outcomes.get(id(prepared))
        if entry is None or entry[0] is not prepared or entry[1] != day or entry[2] != signal_lines:
            signals = read_collected(signal_lines, self._readers, self._echo_headers)
            notices = self._notices(prepared, signals)
            entry = (prepared, day, signal_lines, Outcome(signals, notices, None, request_id))
            self._outcomes.put(id(prepared), entry)
        return entry[3], request_id

    def _notices(self, prepared: Prepared, signals: Signals) -> tuple[Notice, ...]:
        notices: list[Notice] = [
            malformed_notice(problem, prepared.requested, prepared.resource, prepared.display_url)
            for problem in signals.problems
        ]
        if signals.deprecated or signals.sunset is not None:
            successor = signals.successor_version or self._successor_or_none(prepared.version)
            notices.append(
                deprecation_notice(
                    signals,
                    prepared.requested,
                    prepared.resource,
                    prepared.display_url,
                    successor,
                    self._hint(successor),
                    self.today(),
                    self.reporter.policy.sunset_warning_days,
                )
            )
        served = signals.served_version
        if (
            served is not None
            and prepared.requested is not None
            and not _same_version(served, prepared.requested)
        ):
            notices.append(
                mismatch_notice(prepared.requested, served, prepared.resource, prepared.display_url)
            )
        return tuple(notices)

    def _successor_or_none(self, version: ApiVersion | None) -> str | None:
        if version is None or self.advisor is None:
            return None
        return self.advisor.successor(version, self.today())

    def _hint(self, successor: str | None) -> str | None:
        return self.advisor.hint(successor) if self.advisor is not None else None

    def _error(
        self,
        prepared: Prepared,
        status: int,
        signals: Signals,
        request_id: str | None,
        body: bytes | str | None,
    ) -> ErrorDecision | None:
        details: ErrorDetails | None = None
        if body is not None:
            try:
                details = self.profile.error_parser(_decode_body(body))
            except Exception:  # a vendor parser must never break a request
                details = None
        kind = None
        for rule in self.profile.error_rules:
            kind = rule.match(status, details, prepared.requested)
            if kind is not None:
                break
        if kind is None:
            return None
        supported = tuple(
            dict.fromkeys(
                (*signals.supported_versions, *(details.supported_versions if details else ()))
            )
        )
        successor = signals.successor_version or self._successor_or_none(prepared.version)
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
                self._hint(successor),
                request_id,
            ),
            status=status,
            request_id=request_id,
            requested_version=prepared.requested,
            successor=successor,
            supported=supported,
            url=prepared.display_url,
        )

    def report(self, notices: Iterable[Notice]) -> None:
        """Hand notices to the session's reporter (warn / log / raise / collect)."""
        if notices:
            self.reporter.report(notices)

    def settle(self, outcome: Outcome) -> ErrorDecision | None:
        """Report a response's notices; return the error the transport must raise, if any.

        When the response is a version error, a notice the policy escalates to an
        exception is swallowed: the error is what matters most and must not be
        hidden by it.
        """
        notices = outcome.notices
        if not notices:
            return outcome.error
        if outcome.error is None:
            self.reporter.report(notices)
            return None
        with contextlib.suppress(ApiVersionWarning):
            self.reporter.report(notices)
        return outcome.error

    @property
    def version_headers(self) -> frozenset[str]:
        """Lower-case names of the request headers that carry a version or channel.

        A transport that follows redirects itself drops them on a hop to another
        host, so that the version never reaches it, even one the caller set.
        """
        names = (*self.profile.own_pin_headers, self.profile.channel_header)
        return frozenset(name.lower() for name in names if name)


def attach(response: Any, prepared: Prepared, outcome: Outcome) -> None:
    """Put what the core found on a transport's response, under the same names everywhere.

    ``response.api_version`` (the pin as sent), ``api_signals``, ``api_notices``
    (before sending and from the response) and ``api_request_id``.
    """
    _attach(response, prepared, outcome, outcome.request_id)


def _attach(response: Any, prepared: Prepared, outcome: Outcome, request_id: str | None) -> None:
    """:func:`attach` with the response's own request id (see ``Negotiator._read_grouped``)."""
    response.api_version = prepared.requested
    response.api_signals = outcome.signals
    response.api_notices = prepared.notices + outcome.notices
    response.api_request_id = request_id


def resolve_profile(profile: Profile | str | None, matrix: CompatibilityMatrix | None) -> Profile:
    """The profile given, else the matrix's ``[api] profile`` name or ``[profile]`` table.

    Raises:
        MatrixError: The matrix names an unknown profile or has a bad ``[profile]`` table.
        ValueError: No profile given and the matrix names none.
    """
    if profile is not None:
        return get_profile(profile)
    if matrix is not None and matrix.profile_name is not None:
        try:
            return get_profile(matrix.profile_name)
        except ValueError as exc:
            raise MatrixError(str(exc), source=matrix.source, key_path="api.profile") from None
    if matrix is not None and matrix.profile_table is not None:
        try:
            return Profile.from_dict(matrix.profile_table)
        except (TypeError, ValueError) as exc:
            key, _, problem = str(exc).partition(": ")
            if not problem:
                key, problem = "", str(exc)
            path = f"profile.{key}" if key and " " not in key else "profile"
            raise MatrixError(problem or str(exc), source=matrix.source, key_path=path) from None
    raise ValueError("a profile is required (or a matrix that names one)")


def _same_version(served: str, requested: str) -> bool:
    if served.strip().lower() == requested.strip().lower():
        return True
    try:
        return ApiVersion.parse(served) == ApiVersion.parse(requested)
    except (ValueError, TypeError):
        return False
