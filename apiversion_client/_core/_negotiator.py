"""The version negotiator: the I/O-free heart of the library.

Bytes and sockets live in the transports; this module only decides.

Before sending (:meth:`Negotiator.prepare`), in this order:

1. Scope: a request outside the API's base URL (another host, port, scheme or
   a path outside the base path) is left exactly as it is and never inspected.
2. The pin: a per-request or per-block override (``api_version=``,
   ``pinned()``) wins; else a version the request already carries (its own
   header, read line by line; a version path segment; an ``Accept``
   parameter) is its pin; else the session's pin (``api_version=``, or the
   matrix's ``default_for`` the SDK release, or the profile's documented
   default).  The query scheme is the exception the profile applies: the pin
   replaces an ``api-version`` already in the URL.
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

After receiving (:meth:`Negotiator.inspect`): see :mod:`apiversion_client._core._inspect`.

A negotiator's settings are frozen: they are read-only attributes, and
:meth:`Negotiator.evolve` builds a new negotiator with some of them changed.
The policy is the exception that proves the rule: it is a frozen value of its
own that the reporter holds, and ``negotiator.reporter.policy = ...`` applies
to every later notice.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import time
import types
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, TypedDict

from apiversion_client._core._caches import BoundedCache
from apiversion_client._core._exchange import ResponseBinding, finish, finish_async
from apiversion_client._core._inspect import HeaderLines, ResponseReader, text_of
from apiversion_client._core._messages import matrix_deprecation_notice, unstable_notice
from apiversion_client._core._naming import ResourceNamer, ResourceResolver
from apiversion_client._core._outcome import ErrorDecision, Outcome, Prepared
from apiversion_client._core._placement import place, version_segment
from apiversion_client._core._redact import redact_url
from apiversion_client._core._scope import BaseUrl, resolve
from apiversion_client._exceptions import MatrixError
from apiversion_client._location import builder_package
from apiversion_client._notices import Draft, Notice, NoticeKind, deprecation_key
from apiversion_client._policy import Policy, Reporter
from apiversion_client._versions import ApiVersion, Channel, VersionKind
from apiversion_client.profiles import Profile
from apiversion_client.profiles import get as get_profile

if TYPE_CHECKING:  # the matrix package (packaging, tomllib) loads only with a matrix
    from apiversion_client._core._preflight import MatrixAdvisor
    from apiversion_client._matrix import CompatibilityMatrix

__all__ = ["ErrorMode", "Negotiator", "NegotiatorOptions", "resolve_profile"]

#: What a transport does with a version error found in a response.
ErrorMode = Literal["raise", "attach"]

# One context variable for every negotiator: a mapping from a negotiator's
# scope key to its override.  Threads and asyncio tasks each see their own.
_OVERRIDES: contextvars.ContextVar[Mapping[object, ApiVersion]] = contextvars.ContextVar(
    "apiversion_client_overrides", default=types.MappingProxyType({})
)
_STABLE = Channel.STABLE
_SEGMENT_VERDICTS = 256
_MAX_SEGMENT = 64
# Names that are versions in a path without being numbers or dates.
_NAMED_VERSIONS = frozenset({"playground", "experimental", "unstable", "alpha", "beta", "preview"})

_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
_today_memo: tuple[int, dt.date] = (_EPOCH_ORDINAL, dt.date(1970, 1, 1))


def _utc_today() -> dt.date:
    # Asked on every request with a matrix: the date only changes once a day.
    global _today_memo
    day = int(time.time() // 86400)
    memo = _today_memo
    if memo[0] != day:
        memo = _today_memo = (day, dt.date.fromordinal(_EPOCH_ORDINAL + day))
    return memo[1]


class NegotiatorOptions(TypedDict, total=False):
    """The keywords every session, adapter, pool manager and client takes.

    One definition: :class:`Negotiator` takes exactly these, and each transport
    passes them through (a test checks that every transport's signature lists
    them with the same defaults).

    Keys:
        profile: A :class:`~apiversion_client.profiles.Profile` or a built-in
            profile's name.  Defaults to the matrix's profile.
        api_version: The session's pin.  Defaults to the matrix's
            ``default_for(sdk_version)``, else the profile's documented default.
        matrix: The SDK's compatibility matrix, for pre-flight refusals.
        sdk: The SDK's name in the matrix (optional when it names one SDK).
        sdk_version: The SDK's own release, checked against the matrix.
        policy: What to do with notices (default: warn once per session).
        allow_ended: Send requests the matrix says have ended anyway.
        today: The date for end-of-life decisions (a date or a callable returning
            one); defaults to today in UTC.
        resources: The API's resource templates (``"GET /repos/{owner}/{repo}"``)
            or a callable ``(method, path) -> template or None``; they name
            resources in notices and make notices about them distinct.  The
            matrix's and the profile's templates are used as well.
        skip_packages: Packages whose frames a warning skips to point at the
            user's line: the SDK built on the session, or the third-party SDK
            whose session it was mounted on.  Default: the installed package
            that built the session, if any (see :mod:`apiversion_client._location`).
        errors: What a transport does with a version error found in a response:
            ``"raise"`` it (the default), or ``"attach"`` it to the response as
            ``response.api_error`` and return the response as the server sent it.
            ``"attach"`` is for an adapter mounted on a session an SDK owns
            whose own error handling must run (stripe-python turns any exception
            raised inside its session into a connection error).  Refusals before
            sending are raised either way.
    """

    profile: Profile | str | None
    api_version: str | ApiVersion | None
    matrix: CompatibilityMatrix | None
    sdk: str | None
    sdk_version: str | None
    policy: Policy | None
    allow_ended: bool
    today: dt.date | Callable[[], dt.date] | None
    resources: Iterable[str] | ResourceResolver | None
    skip_packages: Iterable[str] | None
    errors: ErrorMode


class Negotiator:
    """Decide what to add to each request and what each response means.

    One negotiator serves one API (one base URL) for one session, adapter or
    client.  It is thread-safe: its settings are frozen, and its only state,
    the reporter, locks.

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
        resources: Resource templates or a callable naming resources (see
            :class:`NegotiatorOptions`).
        skip_packages: Packages a warning skips to reach the user's line (see
            :class:`NegotiatorOptions`).
        errors: ``"raise"`` version errors found in responses, or ``"attach"``
            them as ``response.api_error`` (see :class:`NegotiatorOptions`).

    Raises:
        ValueError: A bad base URL, profile, pin or resource template, or a
            pinning profile with no pin to be found (an unpinned session would be
            served old behaviour).
        MatrixError: The matrix names an unknown profile or has a bad ``[profile]``.
    """

    _frozen = False

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
        resources: Iterable[str] | ResourceResolver | None = None,
        skip_packages: Iterable[str] | None = None,
        errors: ErrorMode = "raise",
    ) -> None:
        if errors not in ("raise", "attach"):
            raise ValueError(f"errors: expected 'raise' or 'attach', got {errors!r}")
        if skip_packages is None:
            found = builder_package()
            skip_packages = (found,) if found else ()
        self._options: NegotiatorOptions = {
            "profile": profile,
            "api_version": api_version,
            "matrix": matrix,
            "sdk": sdk,
            "sdk_version": sdk_version,
            "policy": policy,
            "allow_ended": allow_ended,
            "today": today,
            "resources": resources,
            "skip_packages": skip_packages,
            "errors": errors,
        }
        self._errors: ErrorMode = errors
        self._profile: Profile = resolve_profile(profile, matrix)
        self._base = BaseUrl.parse(base_url)
        self._base_url = base_url
        self._matrix = matrix
        self._sdk = sdk
        if sdk_version is not None:
            from apiversion_client._matrix._query import sdk_version_of

            sdk_version_of(sdk_version)  # a ValueError naming sdk_version and quoting it
        self._sdk_version = str(sdk_version) if sdk_version is not None else None
        self._allow_ended = bool(allow_ended)
        if today is None:
            self._today: Callable[[], dt.date] = _utc_today
        elif callable(today):
            self._today = today
        else:
            fixed = today
            self._today = lambda: fixed
        if policy is None:
            policy = Policy.from_environment()
        self.reporter = Reporter(policy, skip_packages=skip_packages)
        self._advisor: MatrixAdvisor | None = None
        matrix_templates: tuple[str, ...] = ()
        if matrix is not None:
            from apiversion_client._core._preflight import MatrixAdvisor

            self._advisor = MatrixAdvisor(matrix, sdk, self._sdk_version, self._allow_ended)
            matrix_templates = self._advisor.templates.templates
        declared: Iterable[str] = ()
        resolver: ResourceResolver | None = None
        if callable(resources):
            resolver = resources
        elif resources is not None:
            if isinstance(resources, str):
                resources = (resources,)
            declared = resources
        self._namer = ResourceNamer(
            (*declared, *matrix_templates, *self._profile.resources), resolver
        )
        self._scope_key = object()
        self._overridden = False
        self._pin: ApiVersion | None = self._initial_pin(api_version)
        self._known_names = frozenset(
            name.lower()
            for name in (
                *_NAMED_VERSIONS,
                *((self._pin.text,) if self._pin is not None else ()),
                *(str(info.version) for info in (matrix.versions if matrix else ())),
            )
        )
        self._segments: BoundedCache[bool] = BoundedCache(_SEGMENT_VERDICTS)
        own = [name.lower() for name in self._profile.own_pin_headers]
        if self._profile.media_type:
            own.append("accept")
        self._request_names = frozenset(own)
        # A header profile and the session's pin: the one header every request
        # that carries no version of its own gets (see prepare).
        header = self._profile.header
        simple = header and not (
            self._profile.query or self._profile.path or self._profile.media_type
        )
        self._pin_headers: tuple[tuple[str, str], ...] | None = None
        if header and simple and self._pin is not None:
            self._pin_headers = ((header, self._pin.text),)
        self._reader = ResponseReader(self)
        self._frozen = True

    def __setattr__(self, name: str, value: Any) -> None:
        if self._frozen:
            raise AttributeError(
                f"a Negotiator's settings are frozen: {name!r} cannot be set; build a new one "
                f"with negotiator.evolve({name.lstrip('_')}=...)"
            )
        object.__setattr__(self, name, value)

    def __repr__(self) -> str:
        return (
            f"<Negotiator {self._base_url!r} profile={self._profile.name!r} "
            f"pin={self._pin.text if self._pin else None!r}>"
        )

    def evolve(self, **changes: Any) -> Negotiator:
        """A new negotiator with some settings changed (a fresh reporter too).

        Args:
            **changes: Any of :class:`NegotiatorOptions`, or ``base_url``.

        Raises:
            TypeError: An unknown setting.
        """
        unknown = set(changes) - set(NegotiatorOptions.__annotations__) - {"base_url"}
        if unknown:
            raise TypeError(f"unknown Negotiator settings: {sorted(unknown)}")
        options: dict[str, Any] = {**self._options, **changes}
        base_url = options.pop("base_url", self._base_url)
        return Negotiator(base_url, **options)

    # ------------------------------------------------------------ settings

    @property
    def base_url(self) -> str:
        """The API's base URL, as given."""
        return self._base_url

    @property
    def base(self) -> BaseUrl:
        """The API's base URL, parsed."""
        return self._base

    @property
    def profile(self) -> Profile:
        """The profile in use."""
        return self._profile

    @property
    def matrix(self) -> CompatibilityMatrix | None:
        """The compatibility matrix, if any."""
        return self._matrix

    @property
    def sdk(self) -> str | None:
        """The SDK's name in the matrix, as given."""
        return self._sdk

    @property
    def sdk_version(self) -> str | None:
        """The SDK's own release, as given."""
        return self._sdk_version

    @property
    def errors(self) -> ErrorMode:
        """``"raise"`` or ``"attach"``: what transports do with a version error."""
        return self._errors

    @property
    def allow_ended(self) -> bool:
        """Whether requests the matrix says have ended are sent anyway."""
        return self._allow_ended

    @property
    def pin(self) -> ApiVersion | None:
        """The session's pin: what an unpinned request is sent with."""
        return self._pin

    @property
    def policy(self) -> Policy:
        """The reporter's current policy."""
        return self.reporter.policy

    @property
    def resources(self) -> ResourceNamer:
        """How requests are named: the declared templates, then a guess."""
        return self._namer

    def _initial_pin(self, api_version: str | ApiVersion | None) -> ApiVersion | None:
        if api_version is not None:
            return ApiVersion.parse(api_version)
        matrix = self._matrix
        if matrix is not None:
            from apiversion_client._matrix import Status

            if self._sdk_version is not None:
                return matrix.default_for(self._sdk_version, sdk=self._sdk, on=self.today())
            usable = [
                info.version
                for info in matrix.versions
                if info.channel is Channel.STABLE
                and matrix.status(info.version, on=self.today()) is not Status.REMOVED
            ]
            if usable:
                return usable[-1]
        profile = self._profile
        if profile.default_version is not None:
            return ApiVersion.parse(profile.default_version)
        if profile.pins:
            raise ValueError(
                f"no API version to pin for profile {profile.name!r}: pass api_version=, "
                "or a matrix (and sdk_version=) to take its default; an unpinned request "
                "is silently served whatever the server's default is"
            )
        return None

    def today(self) -> dt.date:
        """The date end-of-life decisions are made on."""
        return self._today()

    # ------------------------------------------------------------ overrides

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
            return contextlib.nullcontext(self.override or self._pin)
        return self._override(ApiVersion.parse(version))

    @contextlib.contextmanager
    def _override(self, parsed: ApiVersion) -> Iterator[ApiVersion | None]:
        # From now on prepare looks overrides up (a flag that is never reset: a
        # context copied inside the block keeps its override).
        object.__setattr__(self, "_overridden", True)
        current = dict(_OVERRIDES.get())
        current[self._scope_key] = parsed
        token = _OVERRIDES.set(current)
        try:
            yield parsed
        finally:
            _OVERRIDES.reset(token)

    # ------------------------------------------------------------- scope

    def in_scope(self, url: str) -> bool:
        """Whether ``url`` belongs to the API (and so is pinned and inspected)."""
        return self._base.relative_path(url) is not None

    def resolve(self, url: str) -> str:
        """Resolve a path against the base URL; an absolute URL is returned as is.

        ``"/projects"`` and ``"projects"`` both land below the base URL (as httpx's
        ``base_url`` does), whatever the base URL's own path.
        """
        return resolve(self._base_url, url)

    @property
    def request_header_names(self) -> frozenset[str]:
        """Lower-case names of the request headers :meth:`prepare` reads.

        The profile's own version headers (and ``accept`` for a media-type
        profile).  For transport authors: a transport may hand :meth:`prepare`
        only the request's lines with these names (every one of them, each
        repeated line kept), or none when the request has none of them.
        """
        return self._request_names

    @property
    def response_header_names(self) -> frozenset[str]:
        """Lower-case names of the response headers :meth:`inspect` reads.

        The profile's signal headers, echo headers and request-id headers.  For
        transport authors, as :attr:`request_header_names`.
        """
        return self._reader.header_names

    @property
    def version_headers(self) -> frozenset[str]:
        """Lower-case names of the request headers that carry a version or channel.

        A transport strips them from a hop to another origin, so that the version
        never reaches it, even one the caller set.
        """
        profile = self._profile
        names = (*profile.own_pin_headers, profile.channel_header)
        return frozenset(name.lower() for name in names if name)

    def _is_version(self, text: str) -> bool:
        """Whether a path segment is a version of this API (cached per segment)."""
        if len(text) > _MAX_SEGMENT:
            return False
        known = self._segments.get(text)
        if known is None:
            try:
                parsed = ApiVersion.parse(text)
            except (ValueError, TypeError):
                verdict = False
            else:
                verdict = parsed.kind is not VersionKind.NAME or (
                    text.lower() in self._known_names
                    or str(parsed.base).lower() in self._known_names
                )
            known = self._segments.put(text, verdict)
        return known

    # ------------------------------------------------------------ prepare

    def prepare(self, method: str, url: str, headers: HeaderLines = ()) -> Prepared:
        """Decide what to add to a request, or refuse it.

        Args:
            method: The HTTP method.
            url: The absolute request URL.
            headers: The request's header lines (``(name, value)`` pairs, a name
                possibly repeated; a mapping is read as its items).

        Returns:
            What to change; ``in_scope=False`` means "leave it alone".

        Raises:
            ApiVersionEndOfLifeError: The matrix says the version or resource ended.
            IncompatibleSdkVersionError: This SDK release does not support the version.
            OperationNotAvailableError: The operation does not exist in the version.
            ValueError: The request's own version header holds control characters,
                or two different versions.
        """
        method = method.upper() if type(method) is str else text_of(method).upper()
        rel = self._base.relative_path(url)
        if rel is None:
            return Prepared(in_scope=False, method=method, url=url)
        override = _OVERRIDES.get().get(self._scope_key) if self._overridden else None
        own = self._version_lines(headers) if headers else None
        version = self._pin
        pin_headers = self._pin_headers
        if override is None and not own and pin_headers is not None and version is not None:
            # The common case: a header profile, the session's pin, no version of
            # the request's own (what place() decides, without asking it).
            url_sent, set_headers, api_path = url, pin_headers, rel
            requested: str | None = version.text
        else:
            profile = self._profile
            placement = place(
                profile,
                self._base,
                url,
                rel,
                own or {},
                override if override is not None else version,
                explicit=override is not None,
                is_version=self._is_version,
            )
            url_sent, set_headers = placement.url, placement.set_headers
            version, requested, api_path = placement.version, placement.requested, rel
            if profile.path:
                match = version_segment(profile.path, rel, self._is_version)
                if match is not None:
                    api_path = rel[match.end() :] or "/"
        drafts: tuple[Draft, ...] = ()
        if version is not None and (self._advisor is not None or version.channel is not _STABLE):
            drafts = self._preflight(version, method, api_path, url_sent)
        return Prepared(
            in_scope=True,
            method=method,
            url=url_sent,
            set_headers=set_headers,
            version=version,
            requested=requested,
            api_path=api_path,
            drafts=drafts,
            namer=self._namer,
        )

    def _version_lines(self, headers: HeaderLines) -> dict[str, list[str]]:
        """The request's version-bearing header lines: lower-cased name -> values."""
        wanted = self._request_names
        found: dict[str, list[str]] = {}
        items: Iterable[Any] = headers
        if (
            type(headers) is not list
            and type(headers) is not tuple
            and isinstance(headers, Mapping)
        ):
            items = headers.items()
        for item in items:
            try:
                name, value = item
                key = name.lower() if type(name) is str else text_of(name).lower()
            except (TypeError, ValueError, AttributeError):
                continue
            if key in wanted:
                found.setdefault(key, []).append(value if type(value) is str else text_of(value))
        return found

    def _preflight(
        self, version: ApiVersion, method: str, api_path: str, url: str
    ) -> tuple[Draft, ...]:
        drafts: list[Draft] = []
        if version.channel is not Channel.STABLE:
            key: tuple[Any, ...] = (NoticeKind.UNSTABLE, version.text, None, None)
            drafts.append(
                Draft(
                    NoticeKind.UNSTABLE,
                    key,
                    None,
                    self._word_unstable,
                    (version, url),
                    version.text,
                )
            )
        advisor = self._advisor
        if advisor is None:
            return tuple(drafts)
        verdict = advisor.verdict(version, method, api_path, self.today())
        if verdict.refusal is not None:
            cls, message, kwargs = verdict.refusal
            raise cls(message, url=redact_url(url), **kwargs)
        if verdict.deprecated is not None:
            resource, end_of_life, successor = verdict.deprecated
            if resource is not None:  # the name the server's notices use for it too
                resource = self._namer.name(method, api_path)[0]
            key = deprecation_key(version.text, resource, end_of_life, successor)
            drafts.append(
                Draft(
                    NoticeKind.DEPRECATED,
                    key,
                    resource,
                    self._word_matrix_deprecation,
                    (version, resource, end_of_life, successor, url),
                    version.text,
                )
            )
        return tuple(drafts)

    def _word_unstable(self, version: ApiVersion, url: str) -> Notice:
        return unstable_notice(version, "", redact_url(url))

    def _word_matrix_deprecation(
        self,
        version: ApiVersion,
        resource: str | None,
        end_of_life: dt.date | None,
        successor: str | None,
        url: str,
    ) -> Notice:
        return matrix_deprecation_notice(
            version, resource, end_of_life, successor, self.hint(successor), redact_url(url), True
        )

    def successor_of(self, version: ApiVersion | None) -> str | None:
        """The version the matrix says to move to from ``version``, if it says."""
        if version is None or self._advisor is None:
            return None
        return self._advisor.successor(version, self.today())

    def hint(self, successor: str | None) -> str | None:
        """Which SDK release to upgrade to for ``successor``, when the matrix says."""
        return self._advisor.hint(successor) if self._advisor is not None else None

    # ------------------------------------------------------------ inspect

    def body_limit(self, prepared: Prepared, status: int) -> int:
        """How many bytes of a response body :meth:`inspect` needs (0: none at all).

        Only an error status that one of the profile's error rules reads from
        the body needs it, and never more than its first mebibyte.
        """
        return self._reader.body_limit(prepared, status)

    def needs_body(self, prepared: Prepared, status: int) -> bool:
        """Whether :meth:`inspect` needs the body of a response with this status."""
        return self._reader.body_limit(prepared, status) > 0

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
            header_lines: All header lines as ``(name, value)`` pairs, a repeated
                name kept as separate lines (a mapping is read as its items).
            body: The body (its first :meth:`body_limit` bytes), when
                :meth:`body_limit` asked for it.
        """
        return self._reader.inspect(prepared, status, header_lines, body)

    # ---------------------------------------------------------- reporting

    def report(self, notices: Iterable[Notice] | Sequence[Draft]) -> None:
        """Hand notices (or drafts) to the session's reporter (warn / log / raise / collect)."""
        if not notices:
            return
        items = tuple(notices)
        if isinstance(items[0], Draft):
            self.reporter.report_drafts(items)  # type: ignore[arg-type]
        else:
            self.reporter.report(items)  # type: ignore[arg-type]

    def settle(self, outcome: Outcome) -> ErrorDecision | None:
        """Report a response's notices; return the error the transport must raise, if any.

        A response that is a version error does not also warn: the error is what
        matters, and says it all; its notices stay on the outcome (and on the
        response's ``api_notices``).
        """
        if outcome.error is not None:
            return outcome.error  # the error says it all; its notices stay on the outcome
        if outcome.drafts:
            self.reporter.report_drafts(outcome.drafts)
        return None

    # --------------------------------------------------- one exchange

    def start(self, method: str, url: str, headers: HeaderLines = ()) -> Prepared:
        """:meth:`prepare` a request and report what is known before sending.

        The first step of every transport; :meth:`finish` (or
        :meth:`finish_async`) is the last.

        Raises:
            As :meth:`prepare`, and ``ApiVersionWarning`` subclasses when the
            policy raises on a pre-flight notice.
        """
        prepared = self.prepare(method, url, headers)
        if prepared.drafts:
            self.reporter.report_drafts(prepared.drafts)
        return prepared

    def finish(
        self,
        binding: ResponseBinding[Any],
        prepared: Prepared,
        response: Any,
        status: int,
        header_lines: HeaderLines,
    ) -> None:
        """Read the body if needed, inspect, attach, report, raise: the end of one exchange.

        Args:
            binding: How to read a body prefix, close and build errors for this
                transport's responses.
            prepared: What :meth:`start` returned.
            response: The transport's response.
            status: Its status.
            header_lines: Its header lines.

        What was found is attached to the response (:func:`attach`).

        Raises:
            UnsupportedApiVersionError: Or a subclass built by the binding, when
                the response is a version error; notices escalated by the policy.
        """
        finish(self, binding, prepared, response, status, header_lines)

    async def finish_async(
        self,
        binding: ResponseBinding[Any],
        prepared: Prepared,
        response: Any,
        status: int,
        header_lines: HeaderLines,
    ) -> None:
        """:meth:`finish` for a transport whose body reads and closes are coroutines."""
        await finish_async(self, binding, prepared, response, status, header_lines)


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
        except (TypeError, ValueError, AttributeError) as exc:
            key, _, problem = str(exc).partition(": ")
            if not problem:
                key, problem = "", str(exc)
            path = f"profile.{key}" if key and " " not in key else "profile"
            raise MatrixError(problem or str(exc), source=matrix.source, key_path=path) from None
    raise ValueError("a profile is required (or a matrix that names one)")
