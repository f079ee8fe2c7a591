"""Advice from the compatibility matrix: refusals before sending, and the way out.

Used by the negotiator (:mod:`apiversion_client._core`) before each request:
the order of the checks is written down at the top of that module.
"""

from __future__ import annotations

import datetime as dt

from apiversion_client._exceptions import (
    ApiVersionEndOfLifeError,
    IncompatibleSdkVersionError,
    OperationNotAvailableError,
)
from apiversion_client._matrix import CompatibilityMatrix, Status
from apiversion_client._messages import (
    end_of_life_message,
    incompatible_message,
    matrix_deprecation_notice,
)
from apiversion_client._notices import Notice
from apiversion_client._versions import ApiVersion

__all__ = ["MatrixAdvisor"]


class MatrixAdvisor:
    """What the matrix says about a pin, for one SDK release.

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

    @property
    def sdk_name(self) -> str:
        """The SDK's name for messages."""
        if self.sdk:
            return self.sdk
        names = self.matrix.sdk_names
        return names[0] if len(names) == 1 else "the SDK"

    def preflight(
        self, version: ApiVersion, method: str, api_path: str, display_url: str, today: dt.date
    ) -> list[Notice]:
        """Refuse what cannot work; return the matrix's deprecation notices.

        Raises:
            ApiVersionEndOfLifeError: The version or resource has ended.
            IncompatibleSdkVersionError: The SDK release does not support the version.
            OperationNotAvailableError: The operation does not exist in the version.
        """
        matrix = self.matrix
        info = matrix.get(version)
        if info is None:
            return []
        status = matrix.status(version, on=today)
        successor = self.successor(version, today)
        if status is Status.REMOVED and not self.allow_ended:
            raise ApiVersionEndOfLifeError(
                end_of_life_message(
                    version, None, info.end_of_life, successor, self.hint(successor)
                ),
                end_of_life=info.end_of_life,
                requested_version=str(version),
                successor=successor,
                url=display_url,
            )
        if self.sdk_version is not None and not matrix.sdk_supports(
            version, self.sdk_version, sdk=self.sdk
        ):
            spec = matrix.compatible_sdk_releases(version, sdk=self.sdk)
            sdk_name = self.sdk or (matrix.sdk_names[0] if len(matrix.sdk_names) == 1 else "SDK")
            raise IncompatibleSdkVersionError(
                incompatible_message(version, sdk_name, self.sdk_version, spec),
                sdk=sdk_name,
                sdk_version=self.sdk_version,
                compatible_sdk_releases=str(spec) if spec is not None else None,
                requested_version=str(version),
                url=display_url,
            )
        rs = matrix.resource_status(version, method, api_path, on=today)
        notices: list[Notice] = []
        if rs.resource is not None and not rs.exists:
            raise OperationNotAvailableError(
                f"{rs.resource} does not exist in API version {version}"
                + (f"; it is available from version {rs.successor}" if rs.successor else "")
                + ". Nothing was sent.",
                resource=rs.resource,
                requested_version=str(version),
                successor=str(rs.successor) if rs.successor else None,
                url=display_url,
            )
        res_successor = str(rs.successor) if rs.successor else successor
        if rs.resource is not None and rs.status is Status.REMOVED and not self.allow_ended:
            raise ApiVersionEndOfLifeError(
                end_of_life_message(
                    version, rs.resource, rs.end_of_life, res_successor, self.hint(res_successor)
                ),
                end_of_life=rs.end_of_life,
                resource=rs.resource,
                requested_version=str(version),
                successor=res_successor,
                url=display_url,
            )
        if rs.resource is not None and rs.status is Status.DEPRECATED:
            notices.append(
                matrix_deprecation_notice(
                    version,
                    rs.resource,
                    rs.end_of_life,
                    res_successor,
                    self.hint(res_successor),
                    display_url,
                )
            )
        elif status is Status.DEPRECATED:
            notices.append(
                matrix_deprecation_notice(
                    version, None, info.end_of_life, successor, self.hint(successor), display_url
                )
            )
        return notices

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
        name = self.sdk or (
            self.matrix.sdk_names[0] if len(self.matrix.sdk_names) == 1 else "the SDK"
        )
        return f"upgrade {name} to a release matching {spec}"
