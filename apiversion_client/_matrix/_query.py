"""The rules that answer matrix queries: lifecycle status and SDK ranges.

Version status on a date ``on`` (``declared`` is the file's ``status``):

1. From the dates: ``end_of_life <= on`` is ``REMOVED`` (on the end-of-life
   date itself the version is gone); else ``deprecated <= on``, or the policy's
   deprecation date (see :func:`policy_deprecations`) on or before ``on``, is
   ``DEPRECATED``; else the channel decides (``STABLE``; ``BETA`` for beta,
   alpha and preview; ``UNSTABLE``).
2. A declared status wins unless the dates say the version is later in life
   (stable < deprecated < removed).

The policy deprecates a stable-channel version (never a beta or unstable one):

* with ``stable_support_months``, from its declared successor's release;
* with ``superseded = "deprecated"``, from the first release of any newer
  stable-channel version (in version order).

Only release dates count: a successor or newer version without ``released``
deprecates nothing (``validate()`` warns about it).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence

from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version

from apiversion_client._exceptions import IncompatibleSdkVersionError
from apiversion_client._matrix._model import (
    MatrixPolicy,
    Status,
    VersionInfo,
)
from apiversion_client._matrix._text import describe, quote
from apiversion_client._versions import ApiVersion, Channel

__all__ = [
    "channel_status",
    "format_spec",
    "no_default_error",
    "policy_deprecations",
    "resolve_sdk",
    "sdk_range",
    "sdk_version_of",
    "upgrade_direction",
    "version_status",
]


def channel_status(channel: Channel) -> Status:
    """The status a channel gives a version that is not deprecated or removed.

    Args:
        channel: The version's channel.

    Returns:
        ``STABLE``, ``UNSTABLE`` or ``BETA`` (for beta, alpha and preview).
    """
    if channel is Channel.STABLE:
        return Status.STABLE
    if channel is Channel.UNSTABLE:
        return Status.UNSTABLE
    return Status.BETA


def policy_deprecations(
    versions: Sequence[VersionInfo], policy: MatrixPolicy
) -> dict[ApiVersion, dt.date]:
    """The date from which the policy deprecates each version (rules in the module docstring).

    Args:
        versions: The matrix's versions, oldest first.
        policy: The matrix's policy.

    Returns:
        The versions the policy deprecates on some date, with that date.
    """
    released = {info.version: info.released for info in versions}
    found: dict[ApiVersion, dt.date] = {}
    newer_stable: dt.date | None = None  # the first release of a newer stable version
    for info in reversed(versions):
        if info.channel is not Channel.STABLE:
            continue
        dates = []
        if policy.stable_support_months is not None and info.successor is not None:
            dates.append(released.get(info.successor))
        if policy.superseded is Status.DEPRECATED:
            dates.append(newer_stable)
        known = [day for day in dates if day is not None]
        if known:
            found[info.version] = min(known)
        if info.released is not None and (newer_stable is None or info.released < newer_stable):
            newer_stable = info.released
    return found


def version_status(info: VersionInfo, on: dt.date, policy_deprecated: dt.date | None) -> Status:
    """The status of a version on a date (the rules are in the module docstring).

    Args:
        info: The version.
        on: The date.
        policy_deprecated: The date the policy deprecates it from, if any
            (from :func:`policy_deprecations`).

    Returns:
        The status.
    """
    if info.end_of_life is not None and info.end_of_life <= on:
        derived = Status.REMOVED
    elif (info.deprecated is not None and info.deprecated <= on) or (
        policy_deprecated is not None and policy_deprecated <= on
    ):
        derived = Status.DEPRECATED
    else:
        derived = channel_status(info.channel)
    declared = info.declared_status
    if declared is not None and declared.stage >= derived.stage:
        return declared
    return derived


def resolve_sdk(names: Sequence[str], sdk: str | None) -> str | None:
    """The SDK a query is about.

    Args:
        names: Every SDK name in the matrix.
        sdk: The name asked for, or ``None``.

    Returns:
        ``sdk``; or the only name when ``sdk`` is ``None``; or ``None`` when the
        matrix names no SDK at all.

    Raises:
        ValueError: ``sdk`` is not in the matrix, or it is ``None`` and the
            matrix names several SDKs; the message lists the names.
    """
    known = ", ".join(repr(name) for name in names)
    if sdk is None:
        if len(names) > 1:
            msg = f"the matrix names several SDKs, say which one (sdk=...): {known}"
            raise ValueError(msg)
        return names[0] if names else None
    if names and sdk not in names:
        close = difflib.get_close_matches(sdk, names, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        msg = f"no SDK named {sdk!r} in the matrix{hint} (SDKs: {known})"
        raise ValueError(msg)
    return sdk


def sdk_version_of(sdk_version: object, argument: str = "sdk_version") -> Version:
    """Read an SDK release, as every query that takes one does.

    Args:
        sdk_version: A PEP 440 version string or a ``Version`` (an ``int`` is
            read as its text).
        argument: The argument's name, for the message.

    Returns:
        The version.

    Raises:
        packaging.version.InvalidVersion: (a ``ValueError``) The value is not
            a PEP 440 version; the message names the argument and quotes the
            value: ``sdk_version: not a PEP 440 version: 'two'``.
    """
    if isinstance(sdk_version, Version):
        return sdk_version
    if isinstance(sdk_version, int) and not isinstance(sdk_version, bool):
        sdk_version = str(sdk_version)
    if not isinstance(sdk_version, str):
        problem = f"expected a str or packaging.version.Version, got {describe(sdk_version)}"
        raise InvalidVersion(f"{argument}: {problem}")
    try:
        return Version(sdk_version.strip())
    except InvalidVersion:
        raise InvalidVersion(f"{argument}: not a PEP 440 version: {quote(sdk_version)}") from None


def sdk_range(info: VersionInfo, sdk: str | None) -> SpecifierSet | None:
    """The SDK releases that support a version, or ``None`` when it declares no range.

    Args:
        info: The version.
        sdk: The SDK's name (``None`` when the matrix names no SDK).

    Returns:
        The specifier, or ``None``.
    """
    return None if sdk is None else info.sdks.get(sdk)


def supports(info: VersionInfo, sdk_version: Version, sdk: str | None) -> bool:
    """Whether an SDK release supports a version.

    A version without any ``sdks`` supports every release; one that declares
    ranges for other SDKs only supports no release of this one.

    Args:
        info: The version.
        sdk_version: The SDK release.
        sdk: The SDK's name.

    Returns:
        Whether the release is in the version's range (pre-releases included).
    """
    spec = sdk_range(info, sdk)
    if spec is None:
        return not info.sdks
    return spec.contains(sdk_version, prereleases=True)


def format_spec(spec: SpecifierSet) -> str:
    """Write a range with lower bounds first (``>=2,<3``), as people write them.

    Args:
        spec: The range.

    Returns:
        The specifier text (empty for "any release").
    """
    parts = sorted(spec, key=lambda item: (item.operator.startswith("<"), str(item)))
    return ",".join(str(item) for item in parts)


def upgrade_direction(spec: SpecifierSet, sdk_version: Version) -> str:
    """Say whether a release is below or above a range.

    Args:
        spec: The range the release is not in.
        sdk_version: The release.

    Returns:
        ``"upgrade"``, ``"downgrade"`` or ``"change"`` (when neither is clear).
    """
    for specifier in spec:
        bound_text = specifier.version.removesuffix(".*")
        try:
            bound = Version(bound_text)
        except ValueError:
            continue
        if specifier.operator in (">=", ">", "~=", "==", "===") and sdk_version < bound:
            return "upgrade"
        if specifier.operator in ("<", "<=", "==", "~=") and sdk_version > bound:
            return "downgrade"
    return "change"


def no_default_error(
    available: Sequence[VersionInfo], name: str | None, release: Version, day: dt.date
) -> IncompatibleSdkVersionError:
    """The error for an SDK release that supports none of the available stable versions.

    Args:
        available: The stable versions available on ``day``, oldest first.
        name: The SDK's name.
        release: The SDK release.
        day: The date asked about.

    Returns:
        The error: it says, newest version first, which SDK releases each
        needs and whether to upgrade or downgrade.
    """
    who = f"{name} {release}" if name else f"SDK {release}"
    if not available:
        message = f"{who}: no stable API version is available on {day.isoformat()}"
        return IncompatibleSdkVersionError(message, sdk=name, sdk_version=str(release))
    hints = []
    newest: SpecifierSet | None = None
    for info in reversed(available):
        spec = sdk_range(info, name)
        if spec is not None:
            newest = newest if newest is not None else spec
            direction = upgrade_direction(spec, release)
            hints.append(
                f"API {info.version} needs {name}{format_spec(spec) or ' (any)'} ({direction})"
            )
    message = f"{who} supports no stable API version available on {day.isoformat()}"
    if hints:
        message += ": " + "; ".join(hints)
    return IncompatibleSdkVersionError(
        message,
        sdk=name,
        sdk_version=str(release),
        compatible_sdk_releases=format_spec(newest) if newest is not None else None,
        supported=[str(info.version) for info in available],
    )
