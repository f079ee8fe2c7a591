"""The compatibility matrix: an API's versions, their lifecycle, and the SDK releases per version.

A package of small private modules; the public names are re-exported here and
from :mod:`apiversion_client`.
"""

from __future__ import annotations

from apiversion_client._matrix._matrix import CompatibilityMatrix
from apiversion_client._matrix._model import (
    ChangeKind,
    Finding,
    MatrixPolicy,
    ResourceChange,
    ResourceHistoryEntry,
    ResourceStatus,
    Status,
    VersionInfo,
)
from apiversion_client._matrix._render import render_json, render_markdown

__all__ = [
    "ChangeKind",
    "CompatibilityMatrix",
    "Finding",
    "MatrixPolicy",
    "ResourceChange",
    "ResourceHistoryEntry",
    "ResourceStatus",
    "Status",
    "VersionInfo",
    "render_json",
    "render_markdown",
]
