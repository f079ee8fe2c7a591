"""The values a compatibility matrix is made of: all frozen, hashable and picklable."""

from __future__ import annotations

import datetime as dt
import enum
import types
from collections.abc import Iterable, Mapping
from typing import Literal

import attrs
from packaging.specifiers import SpecifierSet

from apiversion_client._versions import ApiVersion, Channel

__all__ = [
    "ChangeKind",
    "Finding",
    "MatrixPolicy",
    "ResourceChange",
    "ResourceHistoryEntry",
    "ResourceStatus",
    "Status",
    "VersionInfo",
]


class Status(enum.Enum):
    """Where a version (or a resource in a version) is in its life."""

    STABLE = "stable"
    """Supported, stable channel."""
    BETA = "beta"
    """Supported, pre-release channel (beta, alpha or preview)."""
    UNSTABLE = "unstable"
    """Usable but without any promise (playground)."""
    DEPRECATED = "deprecated"
    """Still served, but scheduled to end: move to the successor."""
    REMOVED = "removed"
    """No longer served (its end of life has passed)."""

    @property
    def stage(self) -> int:
        """How far in life the status is: 0 for usable, 1 for deprecated, 2 for removed."""
        if self is Status.REMOVED:
            return 2
        return 1 if self is Status.DEPRECATED else 0


class ChangeKind(enum.Enum):
    """What a :class:`ResourceChange` did to its resources."""

    CHANGED = "changed"
    """The resources changed; the predecessor keeps working until its end of life."""
    ADDED = "added"
    """The resources are new: they do not exist in older versions."""
    REMOVED = "removed"
    """The resources are gone: they do not exist from this version on."""


def _sdk_pairs(
    value: Mapping[str, SpecifierSet] | Iterable[tuple[str, SpecifierSet]],
) -> tuple[tuple[str, SpecifierSet], ...]:
    pairs = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted(pairs, key=lambda pair: pair[0]))


def _superseded_status(instance: object, attribute: object, value: Status) -> None:
    if value not in (Status.STABLE, Status.DEPRECATED):
        msg = f"superseded must be Status.STABLE or Status.DEPRECATED, not {value!r}"
        raise ValueError(msg)


@attrs.frozen
class MatrixPolicy:
    """The matrix's ``[policy]`` table: the vendor's lifecycle promises.

    Attributes:
        stable_support_months: How many months a stable version stays after its
            declared successor is released (Cognite: 12).  Used to derive an
            estimated end of life where none is declared, and to flag declared
            ones that break the promise.  ``None`` when the vendor promises nothing.
        superseded: What a stable version is once a newer stable version is
            released: ``Status.STABLE`` (the default: a newer version alone
            changes nothing) or ``Status.DEPRECATED`` (GoodData: "any version
            older than the latest is deprecated").  A deprecated version is
            still served until its end of life, if it has one.
    """

    stable_support_months: int | None = None
    superseded: Status = attrs.field(default=Status.STABLE, validator=_superseded_status)


@attrs.frozen
class ResourceChange:
    """One entry of a version's ``changes``.

    Attributes:
        resources: Resource templates, ``"METHOD /path/{template}"`` or
            ``"/path"`` (any method).
        summary: What changed, for people.
        breaking: Whether the change breaks clients of the predecessor.
        predecessor_end_of_life: When the previous version of these resources
            ends (it is removed on that date).
        estimated: Whether that date is an estimate.
        kind: Whether the resources changed, were added or were removed.
    """

    resources: tuple[str, ...]
    summary: str | None = None
    breaking: bool = False
    predecessor_end_of_life: dt.date | None = None
    estimated: bool = False
    kind: ChangeKind = ChangeKind.CHANGED


@attrs.frozen
class VersionInfo:
    """Everything the matrix declares (or derives) about one version.

    Attributes:
        version: The version.
        channel: Its channel: declared, else the version's own.
        declared_status: The status written in the file, if any.
        released: Its release date.
        deprecated: The date it was deprecated.
        end_of_life: The date it is removed: declared, or derived from the
            policy and the successor's release (then ``end_of_life_estimated``).
        end_of_life_estimated: Whether ``end_of_life`` is an estimate.
        successor: The version to move to.
        sdks: SDK name to the PEP 440 specifier of its releases that support
            this version (read-only mapping; stored as sorted pairs).
        changes: What changed in this version.
        description: Free text (e.g. "recommended for production environments").
        end_of_life_from_policy: Whether ``end_of_life`` was derived from the policy.
    """

    version: ApiVersion
    channel: Channel
    declared_status: Status | None = None
    released: dt.date | None = None
    deprecated: dt.date | None = None
    end_of_life: dt.date | None = None
    end_of_life_estimated: bool = False
    successor: ApiVersion | None = None
    _sdks: tuple[tuple[str, SpecifierSet], ...] = attrs.field(
        default=(), converter=_sdk_pairs, alias="sdks"
    )
    changes: tuple[ResourceChange, ...] = ()
    description: str | None = None
    end_of_life_from_policy: bool = False

    @property
    def sdks(self) -> Mapping[str, SpecifierSet]:
        """SDK name to the specifier of its releases that support this version."""
        return types.MappingProxyType(dict(self._sdks))


@attrs.frozen
class ResourceStatus:
    """The state of one resource (an operation) at one pinned version.

    Attributes:
        resource: The matched ``"METHOD /template"`` (as written in the matrix),
            or ``None`` when the matrix never mentions the resource.
        exists: ``False`` when the resource was added in a later version or
            removed in this or an earlier one.
        status: The resource's status at the pinned version on the date asked
            (``REMOVED`` when it does not exist).
        end_of_life: When this version of the resource ends.
        estimated: Whether ``end_of_life`` is an estimate.
        successor: The version in which the resource changed next (or in which
            it was added); ``None`` when it never changed again or was removed.
        summary: The summary of that next change (or of the removal).
    """

    resource: str | None
    exists: bool
    status: Status
    end_of_life: dt.date | None = None
    estimated: bool = False
    successor: ApiVersion | None = None
    summary: str | None = None


@attrs.frozen
class ResourceHistoryEntry:
    """One version that changed a resource (see ``CompatibilityMatrix.resource_history``).

    Attributes:
        version: The version that changed it.
        released: That version's release date.
        resource: The matching template as written in the matrix.
        change: The change itself (its ``predecessor_end_of_life`` says when the
            previous version of the resource ends).
    """

    version: ApiVersion
    released: dt.date | None
    resource: str
    change: ResourceChange


@attrs.frozen
class Finding:
    """Something suspicious in a matrix that still loads (see ``validate()``).

    Attributes:
        key_path: Where, e.g. ``"versions[3].changes[0].predecessor_end_of_life"``.
        message: What is suspicious.
        severity: ``"error"`` for data that contradicts itself, else ``"warning"``.
        source: The file name, when there is one.
    """

    key_path: str
    message: str
    severity: Literal["warning", "error"] = "warning"
    source: str | None = None

    def __str__(self) -> str:
        return ": ".join(part for part in (self.source, self.key_path, self.message) if part)
