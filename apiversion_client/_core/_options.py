"""The settings every session, adapter, pool manager and client takes, defined once."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Literal, TypedDict

from apiversion_client._core._naming import ResourceResolver
from apiversion_client._exceptions import MatrixError
from apiversion_client._policy import Policy
from apiversion_client._versions import ApiVersion, Channel
from apiversion_client.profiles import Profile
from apiversion_client.profiles import get as get_profile

if TYPE_CHECKING:
    from apiversion_client._matrix import CompatibilityMatrix
    from apiversion_client._tripwire import Reliance, Tripwire

__all__ = ["ErrorMode", "NegotiatorOptions", "initial_pin", "resolve_profile", "utc_today"]

#: What a transport does with a version error found in a response.
ErrorMode = Literal["raise", "attach"]

_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
_today_memo: tuple[int, dt.date] = (_EPOCH_ORDINAL, dt.date(1970, 1, 1))


def utc_today() -> dt.date:
    """Today in UTC (asked on every request with a matrix: the date changes once a day)."""
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

    Attributes:
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
        relies: What the SDK relies on (the breaking-change tripwire): a
            :class:`~apiversion_client.Tripwire` (declarations and settings:
            ``sample_rate``, ``max_body``, ``max_items``), or
            :class:`~apiversion_client.Reliance` declarations.  The matrix's
            ``[[relies]]`` are used as well.  Responses that break a promise
            give ``breaking-change`` notices; the responses are never changed.
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
    relies: Tripwire | Iterable[Reliance] | Reliance | None


def initial_pin(
    api_version: str | ApiVersion | None,
    profile: Profile,
    matrix: CompatibilityMatrix | None,
    sdk: str | None,
    sdk_version: str | None,
    today: dt.date,
) -> ApiVersion | None:
    """The session's pin: given, else the matrix's default, else the profile's.

    Raises:
        ValueError: A pinning profile with no pin to be found (an unpinned
            session would be served old behaviour).
    """
    if api_version is not None:
        return ApiVersion.parse(api_version)
    if matrix is not None:
        from apiversion_client._matrix import Status

        if sdk_version is not None:
            return matrix.default_for(sdk_version, sdk=sdk, on=today)
        usable = [
            info.version
            for info in matrix.versions
            if info.channel is Channel.STABLE
            and matrix.status(info.version, on=today) is not Status.REMOVED
        ]
        if usable:
            return usable[-1]
    if profile.default_version is not None:
        return ApiVersion.parse(profile.default_version)
    if profile.pins:
        raise ValueError(
            f"no API version to pin for profile {profile.name!r}: pass api_version=, "
            "or a matrix (and sdk_version=) to take its default; an unpinned request "
            "is silently served whatever the server's default is"
        )
    return None


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
