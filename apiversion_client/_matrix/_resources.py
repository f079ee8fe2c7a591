"""Resources: which versions changed an operation, and its status at a pinned version.

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
from collections.abc import Sequence

import attrs

from apiversion_client._matrix._model import (
    ChangeKind,
    ResourceChange,
    ResourceHistoryEntry,
    ResourceStatus,
    Status,
    VersionInfo,
)
from apiversion_client._matrix._paths import ResourceTemplate, normalize_path
from apiversion_client._versions import ApiVersion

__all__ = ["ResourceIndex"]


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
