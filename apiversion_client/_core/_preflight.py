"""Advice from the compatibility matrix: refusals before sending, and the way out.

Used by the negotiator before each request; the order of the checks is
written down at the top of :mod:`apiversion_client._core._negotiator`.  What the
matrix says about a request depends only on the pin, the method, the matrix
templates the path matches and the day, so the verdict is worked out once per
such combination (a bounded cache; see :mod:`apiversion_client._core._caches`).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import attrs

from apiversion_client._core._caches import BoundedCache
from apiversion_client._core._messages import end_of_life_message, incompatible_message
from apiversion_client._core._naming import ResourceNamer
from apiversion_client._core._redact import redact_url
from apiversion_client._exceptions import (
    ApiVersionEndOfLifeError,
    ApiVersionError,
    IncompatibleSdkVersionError,
    OperationNotAvailableError,
)
from apiversion_client._versions import ApiVersion

if TYPE_CHECKING:
    from apiversion_client._matrix import CompatibilityMatrix

__all__ = ["MatrixAdvisor", "Verdict"]

_VERDICTS = 1024


@attrs.frozen
class Verdict:
    """What the matrix says about one (pin, method, resource, day).

    Attributes:
        refusal: The error to raise before sending (its class and arguments,
            without the URL, which is the request's own), or ``None``.
        deprecated: ``(resource or None, end of life, successor)`` when the
            matrix says the version or the resource is deprecated.
    """

    refusal: tuple[type[ApiVersionError], str, dict[str, Any]] | None = None
    deprecated: tuple[str | None, dt.date | None, str | None] | None = None


_FINE = Verdict()


class MatrixAdvisor:
    """What the matrix says about a pin, for one SDK release.

    Immutable after construction (its only state is a cache of verdicts keyed
    by values); safe to share between threads.

    Args:
        matrix: The SDK's compatibility matrix.
        sdk: The SDK's name in the matrix (``None`` when it names one SDK).
        sdk_version: The SDK's own release, or ``None`` to skip the SDK check.
        allow_ended: Do not refuse versions or resources past their end of life.
    """

    def __init__(
        self,
        matrix: CompatibilityMatrix,
        sdk: str | None,
        sdk_version: str | None,
        allow_ended: bool,
    ) -> None:
        self.matrix = matrix
        self.sdk = sdk
        self.sdk_version = sdk_version
        self.allow_ended = allow_ended
        self.templates = ResourceNamer(
            text for info in matrix.versions for change in info.changes for text in change.resources
        )
        self._verdicts: BoundedCache[Verdict] = BoundedCache(_VERDICTS)

    @property
    def sdk_name(self) -> str:
        """The SDK's name for messages."""
        if self.sdk:
            return self.sdk
        names = self.matrix.sdk_names
        return names[0] if len(names) == 1 else "the SDK"

    def knows(self, version: ApiVersion) -> bool:
        """Whether the matrix lists ``version``."""
        return self.matrix.get(version) is not None

    def verdict(self, version: ApiVersion, method: str, api_path: str, today: dt.date) -> Verdict:
        """What the matrix says about a request (worked out once per resource and day).

        Args:
            version: The pin in effect.
            method: The request method, upper case.
            api_path: The request path below the base URL, without the version segment.
            today: The day of the decision.
        """
        key = (version.text, method, self.templates.matches(method, api_path), today)
        found = self._verdicts.get(key)
        if found is None:
            found = self._verdicts.put(key, self._decide(version, method, api_path, today))
        return found

    def refuse_unreadable(self, requested: str, url: str) -> None:
        """Refuse a request whose own version the matrix cannot read, for an SDK release.

        A version that is not one (``"5;q=1"``, ``"a b"``) is unknown to every
        matrix; with an SDK release to hold it against, it is refused like any
        unknown version.  Without one, the server decides.

        Raises:
            IncompatibleSdkVersionError: ``sdk_version`` is declared.
        """
        if self.sdk_version is None:
            return
        shown = requested if len(requested) <= 64 else requested[:64] + "..."
        listed = ", ".join(str(known.version) for known in self.matrix.versions[-8:])
        raise IncompatibleSdkVersionError(
            f"{self.sdk_name} {self.sdk_version} cannot read the API version this request "
            f"carries ({shown!r}): its compatibility matrix lists {listed or 'no version'}. "
            "The request was not sent. Send a version the matrix lists.",
            url=redact_url(url),
            sdk=self.sdk_name,
            sdk_version=self.sdk_version,
            compatible_sdk_releases=None,
            requested_version=shown,
        )

    def _decide(self, version: ApiVersion, method: str, api_path: str, today: dt.date) -> Verdict:
        from apiversion_client._matrix import Status

        matrix = self.matrix
        info = matrix.get(version)
        if info is None:
            if self.sdk_version is None:
                return _FINE  # no SDK release to hold it against: the server decides
            listed = ", ".join(str(known.version) for known in matrix.versions[-8:])
            return Verdict(
                refusal=(
                    IncompatibleSdkVersionError,
                    f"{self.sdk_name} {self.sdk_version} does not know API version {version}: "
                    f"its compatibility matrix lists {listed or 'no version'}. The request was "
                    "not sent. Pin a version the matrix lists, or upgrade the SDK.",
                    {
                        "sdk": self.sdk_name,
                        "sdk_version": self.sdk_version,
                        "compatible_sdk_releases": None,
                        "requested_version": str(version),
                    },
                )
            )
        status = matrix.status(version, on=today)
        successor = self.successor(version, today)
        text = str(version)
        if status is Status.REMOVED and not self.allow_ended:
            message = end_of_life_message(
                version, None, info.end_of_life, successor, self.hint(successor)
            )
            return Verdict(
                refusal=(
                    ApiVersionEndOfLifeError,
                    message,
                    {
                        "end_of_life": info.end_of_life,
                        "requested_version": text,
                        "successor": successor,
                    },
                )
            )
        if self.sdk_version is not None and not matrix.sdk_supports(
            version, self.sdk_version, sdk=self.sdk
        ):
            spec = matrix.compatible_sdk_releases(version, sdk=self.sdk)
            name = self.sdk or (matrix.sdk_names[0] if len(matrix.sdk_names) == 1 else "SDK")
            return Verdict(
                refusal=(
                    IncompatibleSdkVersionError,
                    incompatible_message(version, name, self.sdk_version, spec),
                    {
                        "sdk": name,
                        "sdk_version": self.sdk_version,
                        "compatible_sdk_releases": str(spec) if spec is not None else None,
                        "requested_version": text,
                    },
                )
            )
        rs = matrix.resource_status(version, method, api_path, on=today)
        if rs.resource is not None and not rs.exists:
            message = (
                f"{rs.resource} does not exist in API version {version}"
                + (f"; it is available from version {rs.successor}" if rs.successor else "")
                + ". Nothing was sent."
            )
            return Verdict(
                refusal=(
                    OperationNotAvailableError,
                    message,
                    {
                        "resource": rs.resource,
                        "requested_version": text,
                        "successor": str(rs.successor) if rs.successor else None,
                    },
                )
            )
        res_successor = str(rs.successor) if rs.successor else successor
        if rs.resource is not None and rs.status is Status.REMOVED and not self.allow_ended:
            message = end_of_life_message(
                version, rs.resource, rs.end_of_life, res_successor, self.hint(res_successor)
            )
            return Verdict(
                refusal=(
                    ApiVersionEndOfLifeError,
                    message,
                    {
                        "end_of_life": rs.end_of_life,
                        "resource": rs.resource,
                        "requested_version": text,
                        "successor": res_successor,
                    },
                )
            )
        if rs.resource is not None and rs.status is Status.DEPRECATED:
            return Verdict(deprecated=(rs.resource, rs.end_of_life, res_successor))
        if status is Status.DEPRECATED:
            return Verdict(deprecated=(None, info.end_of_life, successor))
        return _FINE

    def successor(self, version: ApiVersion, today: dt.date) -> str | None:
        """The version to move to from ``version``: its declared successor, else the latest."""
        info = self.matrix.get(version)
        if info is not None and info.successor is not None:
            return str(info.successor)
        try:
            latest = self.matrix.latest(on=today)
        except (LookupError, ValueError):
            return None
        if latest is None or latest == version:
            return None
        try:
            return str(latest) if latest > version else None
        except TypeError:
            return None

    def hint(self, successor: str | None) -> str | None:
        """Say which SDK release to upgrade to for ``successor``, if ours is too old."""
        if successor is None:
            return None
        try:
            spec = self.matrix.compatible_sdk_releases(successor, sdk=self.sdk)
        except (LookupError, ValueError):
            return None
        if spec is None or not str(spec):
            return None
        if self.sdk_version is not None and spec.contains(self.sdk_version, prereleases=True):
            return None
        return f"upgrade {self.sdk_name} to a release matching {spec}"
