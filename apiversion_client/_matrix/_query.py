"""The rules that answer matrix queries: lifecycle status, SDK ranges, resources.

Version status on a date ``on`` (``declared`` is the file's ``status``):

1. From the dates: ``end_of_life <= on`` is ``REMOVED`` (on the end-of-life
   date itself the version is gone); else ``deprecated <= on``, or, when the
   matrix has a policy, a declared successor released on or before ``on``, is
   ``DEPRECATED``; else the channel decides (``STABLE``; ``BETA`` for beta,
   alpha and preview; ``UNSTABLE``).
2. A declared status wins unless the dates say the version is later in life
   (stable < deprecated < removed).

Resource status at a pinned version ``V`` (GoodData semantics): only changed
resources get a new version.  When resource ``R`` changed next in ``W > V``,
``R`` at ``V`` is ``DEPRECATED`` from ``W``'s release (a version without a
release date counts as released) and ``REMOVED`` from that change's
``predecessor_end_of_life``.  A resource that did not change after ``V`` shares
``V``'s status.  An ``added`` change in ``W`` means the resource does not exist
before ``W``; a ``removed`` one means it does not exist from ``W`` on.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence

import attrs
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from apiversion_client._matrix._model import (
    ChangeKind,
    MatrixPolicy,
    ResourceChange,
    ResourceHistoryEntry,
    ResourceStatus,
    Status,
    VersionInfo,
)
from apiversion_client._matrix._paths import ResourceTemplate, normalize_path
from apiversion_client._versions import ApiVersion, Channel

__all__ = [
    "ResourceIndex",
    "channel_status",
    "format_spec",
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


def version_status(
    info: VersionInfo,
    on: dt.date,
    released: dict[ApiVersion, dt.date | None],
    policy: MatrixPolicy,
) -> Status:
    """The status of a version on a date (the rules are in the module docstring).

    Args:
        info: The version.
        on: The date.
        released: Every version's release date, to find the successor's.
        policy: The matrix's policy.

    Returns:
        The status.
    """
    if info.end_of_life is not None and info.end_of_life <= on:
        derived = Status.REMOVED
    elif (info.deprecated is not None and info.deprecated <= on) or _successor_released(
        info, on, released, policy
    ):
        derived = Status.DEPRECATED
    else:
        derived = channel_status(info.channel)
    declared = info.declared_status
    if declared is not None and declared.stage >= derived.stage:
        return declared
    return derived


def _successor_released(
    info: VersionInfo,
    on: dt.date,
    released: dict[ApiVersion, dt.date | None],
    policy: MatrixPolicy,
) -> bool:
    if policy.stable_support_months is None or info.successor is None:
        return False
    when = released.get(info.successor)
    return when is not None and when <= on


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


def sdk_version_of(sdk_version: str | Version) -> Version:
    """Read an SDK release.

    Args:
        sdk_version: A PEP 440 version string or a ``Version``.

    Returns:
        The version.

    Raises:
        ValueError: The string is not a PEP 440 version (the message quotes it).
    """
    if isinstance(sdk_version, Version):
        return sdk_version
    return Version(str(sdk_version).strip())


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


@attrs.frozen
class _Entry:
    template: ResourceTemplate
    info: VersionInfo
    change: ResourceChange


@attrs.frozen
class ResourceIndex:
    """Every resource template of a matrix, compiled once, in version order."""

    entries: tuple[_Entry, ...]

    @classmethod
    def build(cls, versions: Sequence[VersionInfo]) -> ResourceIndex:
        """Compile the templates of every change.

        Args:
            versions: The matrix's versions, oldest first.

        Returns:
            The index.
        """
        return cls(
            tuple(
                _Entry(ResourceTemplate.compile(text), info, change)
                for info in versions
                for change in info.changes
                for text in change.resources
            )
        )

    def history(self, method: str, path: str) -> tuple[ResourceHistoryEntry, ...]:
        """Every change of a resource, oldest first.

        Args:
            method: The request method.
            path: The request path or URL.

        Returns:
            One entry per change that names a matching template.
        """
        normalized = normalize_path(path)
        result: list[ResourceHistoryEntry] = []
        for entry in self.entries:
            if entry.template.matches(method, normalized) and not any(
                seen.change is entry.change for seen in result
            ):
                result.append(
                    ResourceHistoryEntry(
                        entry.info.version, entry.info.released, entry.template.text, entry.change
                    )
                )
        return tuple(result)

    def status(
        self,
        info: VersionInfo,
        version_state: Status,
        method: str,
        path: str,
        on: dt.date,
        released: dict[ApiVersion, dt.date | None],
    ) -> ResourceStatus:
        """A resource's status at a pinned version (rules in the module docstring).

        Args:
            info: The pinned version.
            version_state: The pinned version's own status on ``on``.
            method: The request method.
            path: The request path or URL.
            on: The date.
            released: Every version's release date.

        Returns:
            The resource's status.
        """
        history = self.history(method, path)
        if not history:
            return _own(None, info, version_state)
        pinned = info.version.sort_key
        before = [item for item in history if item.version.sort_key <= pinned]
        after = [item for item in history if item.version.sort_key > pinned]
        last = before[-1] if before else None
        following = after[0] if after else None
        resource = (following or last or history[0]).resource
        if (last is not None and last.change.kind is ChangeKind.REMOVED) or (
            last is None and history[0].change.kind is ChangeKind.ADDED
        ):
            added = history[0] if last is None else _next_added(after)
            return ResourceStatus(
                resource=resource,
                exists=False,
                status=Status.REMOVED,
                successor=added.version if added else None,
                summary=(added or last or history[0]).change.summary,
            )
        if following is None:
            return _own(resource, info, version_state)
        change = following.change
        when = released.get(following.version)
        state = version_state
        if when is None or when <= on:
            state = _later(state, Status.DEPRECATED)
        end, estimated = info.end_of_life, info.end_of_life_estimated
        eol = change.predecessor_end_of_life
        if eol is not None and (end is None or eol < end):
            end, estimated = eol, change.estimated
        if end is not None and end <= on:
            state = Status.REMOVED
        return ResourceStatus(
            resource=resource,
            exists=True,
            status=state,
            end_of_life=end,
            estimated=estimated,
            successor=None if change.kind is ChangeKind.REMOVED else following.version,
            summary=change.summary,
        )


def _next_added(after: list[ResourceHistoryEntry]) -> ResourceHistoryEntry | None:
    return next((item for item in after if item.change.kind is ChangeKind.ADDED), None)


def _later(current: Status, candidate: Status) -> Status:
    return candidate if candidate.stage > current.stage else current


def _own(resource: str | None, info: VersionInfo, state: Status) -> ResourceStatus:
    return ResourceStatus(
        resource=resource,
        exists=True,
        status=state,
        end_of_life=info.end_of_life,
        estimated=info.end_of_life_estimated,
    )
