"""`CompatibilityMatrix`: which API versions exist, how long, and which SDK releases speak them."""

from __future__ import annotations

import datetime as dt
import os
import types
from collections.abc import Mapping
from typing import Any

import attrs
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from apiversion_client._matrix import _load, _query, _render, _resources, _validate
from apiversion_client._matrix._dates import resolve_on
from apiversion_client._matrix._model import (
    Finding,
    MatrixPolicy,
    ResourceHistoryEntry,
    ResourceStatus,
    Status,
    VersionInfo,
)
from apiversion_client._tripwire._model import Reliance
from apiversion_client._versions import ApiVersion, Channel

__all__ = ["CompatibilityMatrix"]

_DateLike = dt.date | dt.datetime | None
_VersionLike = str | int | ApiVersion


def _frozen_relies(value: Any) -> tuple[Reliance, ...]:
    return tuple(value)


def _frozen_versions(value: Any) -> tuple[VersionInfo, ...]:
    return tuple(sorted(value, key=lambda info: info.version.sort_key))


@attrs.frozen
class CompatibilityMatrix:
    """An API's versions, their lifecycle, and the SDK releases that support each.

    Load one with :meth:`load`, :meth:`loads` or :meth:`from_dict`.  All
    queries are pure: they take the date they are about (``on``: a date, a
    datetime counted by its UTC date, or ``None`` for today's UTC date).
    Equality ignores :attr:`source`.

    Attributes:
        versions: Every version, oldest first (numeric, then date, then named
            versions such as ``playground``).
        api_name: The ``[api] name``.
        api_description: The ``[api] description``.
        profile_name: The built-in profile named by ``[api] profile``.
        policy: The ``[policy]`` table.
        source: The file the matrix was read from, for messages.
        relies: What the SDK relies on (the ``[[relies]]`` tables): the
            breaking-change tripwire's declarations, in document order.
    """

    versions: tuple[VersionInfo, ...] = attrs.field(converter=_frozen_versions)
    api_name: str | None = None
    api_description: str | None = None
    profile_name: str | None = None
    _profile_table: dict[str, Any] | None = attrs.field(
        default=None, hash=False, alias="profile_table"
    )
    policy: MatrixPolicy = attrs.field(factory=MatrixPolicy)
    source: str | None = attrs.field(default=None, eq=False)
    _file_index: dict[ApiVersion, int] | None = attrs.field(
        default=None, eq=False, repr=False, alias="file_index"
    )
    relies: tuple[Reliance, ...] = attrs.field(default=(), converter=_frozen_relies)
    _by_version: dict[ApiVersion, VersionInfo] = attrs.field(init=False, eq=False, repr=False)
    _released: dict[ApiVersion, dt.date | None] = attrs.field(init=False, eq=False, repr=False)
    _policy_deprecated: dict[ApiVersion, dt.date] = attrs.field(init=False, eq=False, repr=False)
    _index: _resources.ResourceIndex = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_by_version", {info.version: info for info in self.versions})
        object.__setattr__(
            self, "_released", {info.version: info.released for info in self.versions}
        )
        object.__setattr__(self, "_index", _resources.ResourceIndex.build(self.versions))
        object.__setattr__(
            self, "_policy_deprecated", _query.policy_deprecations(self.versions, self.policy)
        )

    # ---------------------------------------------------------------- loading

    @classmethod
    def load(cls, path: str | os.PathLike[str], format: str | None = None) -> CompatibilityMatrix:
        """Read a matrix file.

        Args:
            path: A TOML file, or a JSON one (``.json``).
            format: ``"toml"`` or ``"json"`` to override the file name's suffix.

        Returns:
            The matrix; its :attr:`source` is ``path``.

        Raises:
            MatrixError: The file cannot be read, has bad syntax (the message
                gives the line) or is not a valid matrix (it gives the key path).
        """
        return cls._from_parsed(_load.read_file(path, format), os.fspath(path))

    @classmethod
    def loads(
        cls, text: str, format: str = "toml", source: str | None = None
    ) -> CompatibilityMatrix:
        """Read a matrix from TOML or JSON text.

        Args:
            text: The document.
            format: ``"toml"`` or ``"json"``.
            source: The name to give in messages.

        Returns:
            The matrix.

        Raises:
            MatrixError: Bad syntax or not a valid matrix.
            ValueError: ``format`` is unknown.
        """
        return cls._from_parsed(_load.read_text(text, format, source), source)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str | None = None) -> CompatibilityMatrix:
        """Build a matrix from a mapping of the file's shape.

        Args:
            data: The decoded document (dates as dates or ``YYYY-MM[-DD]`` text).
            source: The name to give in messages.

        Returns:
            The matrix.

        Raises:
            MatrixError: Not a valid matrix.
        """
        return cls._from_parsed(_load.parse_document(data, source), source)

    @classmethod
    def _from_parsed(cls, parsed: _load.ParsedMatrix, source: str | None) -> CompatibilityMatrix:
        return cls(
            versions=parsed.versions,
            api_name=parsed.api_name,
            api_description=parsed.api_description,
            profile_name=parsed.profile_name,
            profile_table=parsed.profile_table,
            policy=parsed.policy,
            source=source,
            file_index=parsed.file_index,
            relies=parsed.relies,
        )

    # ------------------------------------------------------------- properties

    @property
    def profile_table(self) -> Mapping[str, Any] | None:
        """The raw ``[profile]`` table (read-only view), or ``None``."""
        if self._profile_table is None:
            return None
        return types.MappingProxyType(self._profile_table)

    @property
    def sdk_names(self) -> tuple[str, ...]:
        """Every SDK named by any version, sorted."""
        return tuple(sorted({name for info in self.versions for name in info.sdks}))

    # ---------------------------------------------------------------- queries

    def knows(self, version: _VersionLike) -> bool:
        """Whether the matrix lists a version (by any spelling that orders equal).

        Never raises: text that is not a version is simply not known.  A
        session can ask this before sending a pinned version that the matrix
        does not list (``apiversion-client check`` refuses such a pin).

        Args:
            version: The version.

        Returns:
            Whether :meth:`get` finds it.
        """
        try:
            return self.get(version) is not None
        except (TypeError, ValueError):
            return False

    def get(self, version: _VersionLike) -> VersionInfo | None:
        """The entry of one version.

        Args:
            version: The version (any spelling that orders equal finds it).

        Returns:
            Its entry, or ``None`` when the matrix does not list it.

        Raises:
            ValueError: ``version`` is a string that is not a version.
        """
        return self._by_version.get(ApiVersion.parse(version))

    def _info(self, version: _VersionLike) -> VersionInfo:
        info = self.get(version)
        if info is None:
            known = ", ".join(str(entry.version) for entry in self.versions)
            msg = f"version {str(version)!r} is not in the matrix (versions: {known})"
            raise KeyError(msg)
        return info

    def status(self, version: _VersionLike, on: _DateLike = None) -> Status:
        """A version's status on a date.

        Declared statuses win unless the dates say later in life; a version is
        ``REMOVED`` on its end-of-life date itself.

        Args:
            version: The version.
            on: The date (default: today, UTC).

        Returns:
            The status.

        Raises:
            KeyError: The matrix does not list the version.
        """
        return self._status(self._info(version), resolve_on(on))

    def _status(self, info: VersionInfo, day: dt.date) -> Status:
        return _query.version_status(info, day, self._policy_deprecated.get(info.version))

    def deprecated_on(self, version: _VersionLike) -> dt.date | None:
        """The date from which a version is deprecated: declared, or derived from the policy.

        The earliest of its ``deprecated`` date, its successor's release (with
        ``stable_support_months``) and the first release of a newer stable
        version (with ``superseded = "deprecated"``).

        Args:
            version: The version.

        Returns:
            The date, or ``None`` when nothing deprecates the version (a
            ``status = "deprecated"`` declared without a date is not a date).

        Raises:
            KeyError: The matrix does not list the version.
        """
        info = self._info(version)
        dates = [d for d in (info.deprecated, self._policy_deprecated.get(info.version)) if d]
        return min(dates, default=None)

    def latest(
        self, channel: Channel | None = Channel.STABLE, on: _DateLike = None
    ) -> ApiVersion | None:
        """The newest version of a channel that is not removed on a date.

        Args:
            channel: The channel, or ``None`` for any.
            on: The date (default: today, UTC).

        Returns:
            The version, or ``None`` when there is none.
        """
        day = resolve_on(on)
        found = [
            info.version
            for info in self.versions
            if (channel is None or info.channel is channel)
            and self._status(info, day) is not Status.REMOVED
        ]
        return found[-1] if found else None

    def sdk_supports(
        self, version: _VersionLike, sdk_version: str | Version, sdk: str | None = None
    ) -> bool:
        """Whether an SDK release supports a version (whatever the date).

        A version that declares no range for the SDK supports it only when it
        declares no ``sdks`` at all.  Pre-releases of the SDK match.

        Args:
            version: The API version.
            sdk_version: The SDK release.
            sdk: The SDK's name; may be left out when the matrix names one SDK.

        Returns:
            Whether the release supports the version.

        Raises:
            KeyError: The matrix does not list the version.
            ValueError: ``sdk`` is ambiguous or unknown, or ``sdk_version`` is
                not a PEP 440 version.
        """
        name = _query.resolve_sdk(self.sdk_names, sdk)
        return _query.supports(self._info(version), _query.sdk_version_of(sdk_version), name)

    def compatible_sdk_releases(
        self, version: _VersionLike, sdk: str | None = None
    ) -> SpecifierSet | None:
        """The SDK releases that support a version.

        Args:
            version: The API version.
            sdk: The SDK's name; may be left out when the matrix names one SDK.

        Returns:
            The specifier, or ``None`` when the version declares no range for it.

        Raises:
            KeyError: The matrix does not list the version.
            ValueError: ``sdk`` is ambiguous or unknown.
        """
        name = _query.resolve_sdk(self.sdk_names, sdk)
        return _query.sdk_range(self._info(version), name)

    def supported_by(
        self, sdk_version: str | Version, sdk: str | None = None, on: _DateLike = None
    ) -> tuple[ApiVersion, ...]:
        """The versions an SDK release supports that are not removed on a date.

        Args:
            sdk_version: The SDK release.
            sdk: The SDK's name; may be left out when the matrix names one SDK.
            on: The date (default: today, UTC).

        Returns:
            The versions, oldest first, every channel.

        Raises:
            ValueError: ``sdk`` is ambiguous or unknown, or ``sdk_version`` is
                not a PEP 440 version.
        """
        name = _query.resolve_sdk(self.sdk_names, sdk)
        release = _query.sdk_version_of(sdk_version)
        day = resolve_on(on)
        return tuple(
            info.version
            for info in self.versions
            if _query.supports(info, release, name)
            and self._status(info, day) is not Status.REMOVED
        )

    def default_for(
        self, sdk_version: str | Version, sdk: str | None = None, on: _DateLike = None
    ) -> ApiVersion:
        """The version an SDK release should pin: the newest stable one it supports.

        Only stable-channel versions that are not past their end of life on
        ``on`` count (deprecated ones do; ones declared ``beta`` or
        ``unstable`` do not).

        Args:
            sdk_version: The SDK release.
            sdk: The SDK's name; may be left out when the matrix names one SDK.
            on: The date (default: today, UTC).

        Returns:
            The version.

        Raises:
            IncompatibleSdkVersionError: No such version; the message says which
                SDK releases would work, and whether to upgrade or downgrade.
            ValueError: ``sdk`` is ambiguous or unknown, or ``sdk_version`` is
                not a PEP 440 version.
        """
        name = _query.resolve_sdk(self.sdk_names, sdk)
        release = _query.sdk_version_of(sdk_version)
        day = resolve_on(on)
        available = [
            info
            for info in self.versions
            if info.channel is Channel.STABLE
            and self._status(info, day) in (Status.STABLE, Status.DEPRECATED)
        ]
        for info in reversed(available):
            if _query.supports(info, release, name):
                return info.version
        raise _query.no_default_error(available, name, release, day)

    def resource_status(
        self, version: _VersionLike, method: str, path: str, on: _DateLike = None
    ) -> ResourceStatus:
        """The status of one operation at a pinned version on a date.

        Only resources that changed get a new version: a resource that changed
        next in ``W`` after the pinned version is deprecated from ``W``'s
        release and removed at that change's ``predecessor_end_of_life``; one
        that never changed after it shares the version's own status.

        Args:
            version: The pinned version.
            method: The request method (any case).
            path: The request path or URL (query and trailing slash ignored).
            on: The date (default: today, UTC).

        Returns:
            The resource's status (``resource`` is ``None`` when the matrix never
            mentions it).

        Raises:
            KeyError: The matrix does not list the version.
        """
        info = self._info(version)
        day = resolve_on(on)
        state = self._status(info, day)
        return self._index.status(info, state, method, path, day, self._released)

    def resource_history(self, method: str, path: str) -> tuple[ResourceHistoryEntry, ...]:
        """Which versions changed a resource, and when each predecessor ends.

        Args:
            method: The request method (any case).
            path: The request path or URL, or a template (``/a/{id}``) itself.

        Returns:
            One entry per change, oldest first.
        """
        return self._index.history(method, path)

    def validate(self) -> tuple[Finding, ...]:
        """Find suspicious but loadable data.

        Returns:
            The findings (end of life before release, a declared end of life
            shorter than the policy, deprecated after end of life, ...).
        """
        return _validate.validate(self)

    def file_position(self, version: ApiVersion) -> int:
        """The index of a version in the file (``versions[i]``), for messages.

        Args:
            version: A version of the matrix.

        Returns:
            Its index in the document, or its index in :attr:`versions`.
        """
        if self._file_index is not None and version in self._file_index:
            return self._file_index[version]
        return next(i for i, info in enumerate(self.versions) if info.version == version)

    def to_dict(self) -> dict[str, Any]:
        """The matrix as a JSON-compatible mapping of the file's shape.

        ``CompatibilityMatrix.from_dict(m.to_dict()) == m``.

        Returns:
            The mapping (dates as ``YYYY-MM-DD`` text).
        """
        return _render.to_dict(self)
