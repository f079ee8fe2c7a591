"""Findings: data that loads but is probably wrong (the vendors' own tables have some)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from apiversion_client._matrix._dates import add_months
from apiversion_client._matrix._model import Finding, Status, VersionInfo
from apiversion_client._matrix._text import quote
from apiversion_client._tripwire._validate import relies_findings
from apiversion_client._versions import Channel

if TYPE_CHECKING:
    from apiversion_client._matrix._matrix import CompatibilityMatrix

__all__ = ["validate"]


def validate(matrix: CompatibilityMatrix) -> tuple[Finding, ...]:
    """Check a loaded matrix for suspicious data.

    Errors (the data contradicts itself): an end of life before the release of
    the version or of the change that sets it.  Warnings: deprecated after the
    end of life; a declared end of life earlier than the policy's support
    window; a declared channel that contradicts the version's suffix; release
    dates that do not follow the version order; a successor older than its
    predecessor; a newer stable version without a release date when
    ``superseded = "deprecated"`` needs one; a ``[profile]`` table that
    ``[api] profile`` overrides; and the ``[[relies]]`` declarations' findings
    (:func:`~apiversion_client._tripwire._validate.relies_findings`).

    Args:
        matrix: The matrix.

    Returns:
        The findings, in document order.
    """
    findings: list[Finding] = []
    for info in sorted(matrix.versions, key=lambda item: matrix.file_position(item.version)):
        path = f"versions[{matrix.file_position(info.version)}]"
        for key, severity, message in _version_findings(matrix, info):
            findings.append(Finding(f"{path}.{key}", message, severity, matrix.source))
    findings.extend(_release_order(matrix))
    findings.extend(_undated_successors(matrix))
    findings.extend(relies_findings(matrix))
    if matrix.profile_name is not None and matrix.profile_table is not None:
        findings.append(
            Finding(
                "profile",
                f"ignored: [api] profile names the built-in profile {quote(matrix.profile_name)}; "
                f'to start from it, write extends = "{matrix.profile_name}" in [profile] '
                "and remove [api] profile",
                "warning",
                matrix.source,
            )
        )
    return tuple(findings)


_Item = tuple[str, Literal["warning", "error"], str]


def _version_findings(matrix: CompatibilityMatrix, info: VersionInfo) -> Iterator[_Item]:
    released = info.released
    eol = None if info.end_of_life_from_policy else info.end_of_life
    if eol is not None and released is not None and eol < released:
        yield "end_of_life", "error", f"end of life {eol} is before the release {released}"
    if info.deprecated is not None and eol is not None and info.deprecated > eol:
        yield "deprecated", "warning", f"deprecated {info.deprecated} after end of life {eol}"
    if info.version.channel is not Channel.STABLE and info.channel is not info.version.channel:
        yield (
            "channel",
            "warning",
            f"channel {info.channel.value!r} contradicts the version's suffix "
            f"({info.version.channel.value!r})",
        )
    for i, change in enumerate(info.changes):
        end = change.predecessor_end_of_life
        if end is not None and released is not None and end < released:
            yield (
                f"changes[{i}].predecessor_end_of_life",
                "error",
                f"the predecessor's end of life {end} is before this version's release {released}",
            )
    yield from _successor_findings(matrix, info)


def _successor_findings(matrix: CompatibilityMatrix, info: VersionInfo) -> Iterator[_Item]:
    successor = matrix.get(info.successor) if info.successor is not None else None
    if successor is None:
        return
    if successor.version.sort_key < info.version.sort_key:
        yield "successor", "warning", f"successor {successor.version} is older than {info.version}"
    months = matrix.policy.stable_support_months
    if (
        months is not None
        and info.channel is Channel.STABLE
        and successor.released is not None
        and info.end_of_life is not None
        and not info.end_of_life_from_policy
    ):
        promised = add_months(successor.released, months)
        if info.end_of_life < promised:
            yield (
                "end_of_life",
                "warning",
                f"end of life {info.end_of_life} is earlier than the policy allows: "
                f"{promised} ({months} months after {successor.version} was released "
                f"on {successor.released})",
            )


def _release_order(matrix: CompatibilityMatrix) -> Iterator[Finding]:
    previous: VersionInfo | None = None
    for info in matrix.versions:
        if info.released is None or info.version.channel is not Channel.STABLE:
            continue
        if (
            previous is not None
            and previous.released is not None
            and previous.version.kind is info.version.kind
            and info.released < previous.released
        ):
            yield Finding(
                f"versions[{matrix.file_position(info.version)}].released",
                f"released {info.released}, before the older version {previous.version} "
                f"({previous.released})",
                "warning",
                matrix.source,
            )
        previous = info


def _undated_successors(matrix: CompatibilityMatrix) -> Iterator[Finding]:
    if matrix.policy.superseded is not Status.DEPRECATED:
        return
    older = False
    for info in matrix.versions:
        if info.channel is not Channel.STABLE:
            continue
        if older and info.released is None:
            yield Finding(
                f"versions[{matrix.file_position(info.version)}].released",
                f'no release date: with superseded = "deprecated", {info.version} cannot '
                "deprecate the versions before it until it has one",
                "warning",
                matrix.source,
            )
        older = True
