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
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from apiversion_client._core._exchange import (
    finish,
    finish_async,
    notify_prepared,
    observers,
)
from apiversion_client._core._inspect import HeaderLines, ResponseReader
from apiversion_client._core._naming import ResourceNamer, ResourceResolver
from apiversion_client._core._options import (
    ErrorMode,
    NegotiatorOptions,
    initial_pin,
    resolve_profile,
    utc_today,
)
from apiversion_client._core._outcome import ErrorDecision, Outcome, Prepared
from apiversion_client._core._request import OVERRIDES, RequestPlanner
from apiversion_client._core._scope import BaseUrl, resolve
from apiversion_client._location import builder_package
from apiversion_client._notices import Draft, Notice
from apiversion_client._policy import Policy, Reporter
from apiversion_client._versions import ApiVersion
from apiversion_client.profiles import Profile

if TYPE_CHECKING:  # the matrix package (packaging, tomllib) loads only with a matrix
    from apiversion_client._core._preflight import MatrixAdvisor
    from apiversion_client._matrix import CompatibilityMatrix
    from apiversion_client._tripwire import Reliance, Tripwire
    from apiversion_client._tripwire._watch import TripwireWatch

__all__ = ["ErrorMode", "Negotiator", "NegotiatorOptions", "resolve_profile"]


def _as_today(today: dt.date | Callable[[], dt.date] | None) -> Callable[[], dt.date]:
    """``today=`` as a callable returning a date (a ``datetime`` counts by its date).

    Raises:
        TypeError: Neither a date nor a callable.
    """
    if today is None:
        return utc_today
    if callable(today):
        given = today

        def day() -> dt.date:
            value = given()
            return value.date() if isinstance(value, dt.datetime) else value

        return day
    if not isinstance(today, dt.date):
        raise TypeError(f"today: expected a date or a callable returning one, got {today!r}")
    fixed = today.date() if isinstance(today, dt.datetime) else today
    return lambda: fixed


class Negotiator:
    """Decide what to add to each request and what each response means.

    One negotiator serves one API (one base URL) for one session, adapter or
    client.  It is thread-safe: its settings are frozen, and its only state,
    the reporter, locks.

    Args:
        base_url: The API's base URL; only requests at or below it are pinned
            and inspected.
        **options: The settings, each described once in :class:`NegotiatorOptions`
            (``profile``, ``api_version``, ``matrix``, ``sdk``, ``sdk_version``,
            ``policy``, ``allow_ended``, ``today``, ``resources``,
            ``skip_packages``, ``errors``, ``relies``).

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
        relies: Tripwire | Iterable[Reliance] | Reliance | None = None,
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
            "relies": relies,
        }
        self._errors: ErrorMode = errors
        self._profile: Profile = resolve_profile(profile, matrix)
        if isinstance(base_url, str):
            base_url = base_url.strip()  # read from a file or the environment: a line break
        self._base = BaseUrl.parse(base_url)
        self._base_url = base_url
        self._matrix = matrix
        self._sdk = sdk
        if sdk_version is not None:
            from apiversion_client._matrix._query import sdk_version_of

            sdk_version_of(sdk_version)  # a ValueError naming sdk_version and quoting it
        self._sdk_version = str(sdk_version) if sdk_version is not None else None
        self._allow_ended = bool(allow_ended)
        self._today: Callable[[], dt.date] = _as_today(today)
        if policy is None:
            policy = Policy.from_environment()
        self.reporter = Reporter(policy, skip_packages=skip_packages, today=self._today)
        self._advisor: MatrixAdvisor | None = None
        matrix_templates: tuple[str, ...] = ()
        if matrix is not None:
            from apiversion_client._core._preflight import MatrixAdvisor

            self._advisor = MatrixAdvisor(matrix, sdk, self._sdk_version, self._allow_ended)
            matrix_templates = self._advisor.templates.templates
        # The tripwire: only with declarations (one ``is None`` test per response without).
        self._tripwire: TripwireWatch | None = None
        if relies is not None or (matrix is not None and matrix.relies):
            from apiversion_client._tripwire._watch import watch_for

            self._tripwire = watch_for(relies, matrix, self._profile.error_parser)
        declared: Iterable[str] = ()
        resolver: ResourceResolver | None = None
        if callable(resources):
            resolver = resources
        elif resources is not None:
            if isinstance(resources, str):
                resources = (resources,)
            declared = resources
        relied_on = self._tripwire.templates if self._tripwire is not None else ()
        self._namer = ResourceNamer(
            (*declared, *relied_on, *matrix_templates, *self._profile.resources), resolver
        )
        self._scope_key = object()
        self._pin: ApiVersion | None = initial_pin(
            api_version, self._profile, matrix, sdk, self._sdk_version, self.today()
        )
        self._planner = RequestPlanner(
            self._profile,
            self._base,
            self._pin,
            self._namer,
            self._advisor,
            (str(info.version) for info in (matrix.versions if matrix else ())),
            self._today,
            self.hint,
            self._scope_key,
        )
        #: The response side (see :mod:`apiversion_client._core._inspect`).
        self.reader = ResponseReader(self)
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

    def __reduce__(self) -> Any:
        """Refuse to pickle or copy, saying what to do instead.

        A negotiator holds its session's state (the notices seen, the policy
        in effect, locks); a copy in another process would report everything
        again or miss a redirect guard.  Build one there with the same
        arguments, or :meth:`evolve` one here.
        """
        raise TypeError(
            f"a {type(self).__name__} cannot be pickled or copied: it holds its session's "
            "state (notices seen, locks). Build a new client with the same arguments in "
            "the other process, or use negotiator.evolve()."
        )

    def evolve(self, **changes: Any) -> Negotiator:
        """A new negotiator with some settings changed (a fresh reporter too).

        The policy is the one in effect now (including one set on the reporter
        since), unless ``policy=`` is among the changes.

        Args:
            **changes: Any of :class:`NegotiatorOptions`, or ``base_url``.

        Raises:
            TypeError: An unknown setting.
        """
        unknown = set(changes) - set(NegotiatorOptions.__annotations__) - {"base_url"}
        if unknown:
            raise TypeError(f"unknown Negotiator settings: {sorted(unknown)}")
        # The policy in effect now (set on the reporter or not), unless changed.
        options: dict[str, Any] = {**self._options, "policy": self.reporter.policy, **changes}
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
    def tripwire(self) -> TripwireWatch | None:
        """The breaking-change tripwire: its declarations (``.relies``), or ``None`` without any."""
        return self._tripwire

    @property
    def resources(self) -> ResourceNamer:
        """How requests are named: the declared templates, then a guess."""
        return self._namer

    def today(self) -> dt.date:
        """The date end-of-life decisions are made on."""
        return self._today()

    # ------------------------------------------------------------ overrides

    @property
    def override(self) -> ApiVersion | None:
        """The per-request or per-block override in effect in this thread / task."""
        return OVERRIDES.get().get(self._scope_key)

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
        self._planner.overridden = True
        current = dict(OVERRIDES.get())
        current[self._scope_key] = parsed
        token = OVERRIDES.set(current)
        try:
            yield parsed
        finally:
            OVERRIDES.reset(token)

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
        return self._planner.request_names

    @property
    def response_header_names(self) -> frozenset[str]:
        """Lower-case names of the response headers :meth:`inspect` reads.

        The profile's signal headers, echo headers and request-id headers.  For
        transport authors, as :attr:`request_header_names`.
        """
        return self.reader.header_names

    @property
    def version_headers(self) -> frozenset[str]:
        """Lower-case names of the request headers that carry a version or channel.

        A transport strips them from a hop to another origin, so that the version
        never reaches it, even one the caller set.
        """
        profile = self._profile
        names = (*profile.own_pin_headers, profile.channel_header)
        return frozenset(name.lower() for name in names if name)

    # ------------------------------------------------------------ prepare

    def prepare(self, method: str, url: str, headers: HeaderLines = ()) -> Prepared:
        """Decide what to add to a request, or refuse it.

        Args:
            method: The HTTP method.
            url: The absolute request URL.
            headers: The request's header lines (``(name, value)`` pairs, a name
                possibly repeated; a mapping is read as its items).  Only the
                lines named in :attr:`request_header_names` are read.

        Returns:
            What to change; ``in_scope=False`` means "leave it alone".

        Raises:
            ApiVersionEndOfLifeError: The matrix says the version or resource ended.
            IncompatibleSdkVersionError: This SDK release does not support the version.
            OperationNotAvailableError: The operation does not exist in the version.
            ValueError: The request's own version header holds control characters,
                or two different versions.
        """
        return self._planner.prepare(method, url, headers)

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

        An error status that one of the profile's error rules reads from the
        body needs it, and a response to a declared resource whose declaration
        reads it (the tripwire, sampled); never more than its first mebibyte.
        """
        return self.reader.body_limit(prepared, status)

    def needs_body(self, prepared: Prepared, status: int) -> bool:
        """Whether :meth:`inspect` needs the body of a response with this status."""
        return self.reader.body_limit(prepared, status) > 0

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
        return self.reader.inspect(prepared, status, header_lines, body)

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
        prepared = self._planner.prepare(method, url, headers)
        if prepared.in_scope and observers:
            notify_prepared(self, prepared)
        if prepared.drafts:
            self.reporter.report_drafts(prepared.drafts)
        return prepared

    # The end of one exchange, the same for every transport (see _exchange).
    finish = finish
    finish_async = finish_async
