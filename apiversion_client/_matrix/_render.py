"""Write a matrix back out: the vendors' Markdown tables, and a JSON-compatible mapping."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from packaging.specifiers import SpecifierSet

from apiversion_client._matrix._dates import resolve_on
from apiversion_client._matrix._model import ChangeKind, ResourceChange, Status, VersionInfo
from apiversion_client._matrix._query import format_spec
from apiversion_client._tripwire._load import relies_dict

if TYPE_CHECKING:
    from apiversion_client._matrix._matrix import CompatibilityMatrix

__all__ = ["render_json", "render_markdown", "to_dict"]


def render_markdown(
    matrix: CompatibilityMatrix, sdk: str | None = None, on: dt.date | dt.datetime | None = None
) -> str:
    """Render the tables a vendor's version documentation shows.

    Three sections (an empty one is left out): current versions, newest first
    (version, status, description, supporting SDK releases); removed versions,
    newest first (version, SDK releases, removal date); and the changelog,
    oldest first (version, release date, what changed, resources, end of life
    of the predecessor, with "(estimated)" where it is an estimate).

    Args:
        matrix: The matrix.
        sdk: Show only this SDK's releases (default: every SDK, by name).
        on: The date that decides what is current (default: today, UTC).

    Returns:
        Markdown text ending in a newline.
    """
    day = resolve_on(on)
    title = f"# {matrix.api_name} API versions" if matrix.api_name else "# API versions"
    blocks = [title]
    current: list[list[str]] = []
    removed: list[list[str]] = []
    for info in reversed(matrix.versions):
        state = matrix.status(info.version, on=day)
        sdks = _sdk_cell(info, sdk)
        if state is Status.REMOVED:
            removed.append([str(info.version), sdks, _date(info.end_of_life)])
        else:
            current.append([str(info.version), state.value, info.description or "", sdks])
    if current:
        header = ["Version", "Status", "Description", "SDK releases"]
        blocks.append("## Current versions\n\n" + _table(header, current))
    if removed:
        header = ["Version", "SDK releases", "Removed"]
        blocks.append("## Removed versions\n\n" + _table(header, removed))
    changelog = [_change_row(info, change) for info in matrix.versions for change in info.changes]
    if changelog:
        header = ["Version", "Released", "What changed", "Resources", "Predecessor end of life"]
        blocks.append("## Changelog\n\n" + _table(header, changelog))
    return "\n\n".join(blocks) + "\n"


def _change_row(info: VersionInfo, change: ResourceChange) -> list[str]:
    summary = change.summary or ""
    if change.kind is not ChangeKind.CHANGED:
        summary = f"{change.kind.value}: {summary}" if summary else change.kind.value
    end = _date(change.predecessor_end_of_life)
    if end and change.estimated:
        end += " (estimated)"
    resources = "<br>".join(f"`{resource}`" for resource in change.resources)
    return [str(info.version), _date(info.released), summary, resources, end]


def _sdk_cell(info: VersionInfo, sdk: str | None) -> str:
    if sdk is not None:
        spec = info.sdks.get(sdk)
        return "" if spec is None else f"{sdk} {_spec(spec)}".strip()
    return "; ".join(f"{name} {_spec(spec)}".strip() for name, spec in info.sdks.items())


def _spec(spec: SpecifierSet) -> str:
    return format_spec(spec) or "any"


def _date(value: dt.date | None) -> str:
    return "" if value is None else value.isoformat()


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def _table(header: list[str], rows: Iterable[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def to_dict(matrix: CompatibilityMatrix) -> dict[str, Any]:
    """The matrix as a JSON-compatible mapping of the file's shape.

    Derived values (an end of life from the policy) are left out, so that
    ``CompatibilityMatrix.from_dict(to_dict(m)) == m``.

    Args:
        matrix: The matrix.

    Returns:
        The mapping; dates as ``YYYY-MM-DD`` text.
    """
    result: dict[str, Any] = {}
    api = _compact(
        name=matrix.api_name, profile=matrix.profile_name, description=matrix.api_description
    )
    if api:
        result["api"] = api
    policy = _compact(
        stable_support_months=matrix.policy.stable_support_months,
        superseded=(
            matrix.policy.superseded.value
            if matrix.policy.superseded is not Status.STABLE
            else None
        ),
    )
    if policy:
        result["policy"] = policy
    if matrix.profile_table is not None:
        result["profile"] = _plain(matrix.profile_table)
    result["versions"] = [_version_dict(info) for info in matrix.versions]
    if matrix.relies:
        result["relies"] = [relies_dict(reliance) for reliance in matrix.relies]
    return result


def _version_dict(info: VersionInfo) -> dict[str, Any]:
    own_eol = not info.end_of_life_from_policy
    data = _compact(
        version=str(info.version),
        channel=info.channel.value if info.channel is not info.version.channel else None,
        status=info.declared_status.value if info.declared_status else None,
        released=info.released,
        deprecated=info.deprecated,
        end_of_life=info.end_of_life if own_eol else None,
        end_of_life_estimated=(info.end_of_life_estimated and own_eol) or None,
        successor=str(info.successor) if info.successor else None,
        sdks={name: str(spec) for name, spec in info.sdks.items()} or None,
        changes=[_change_dict(change) for change in info.changes] or None,
        description=info.description,
    )
    data.update(_plain(data))
    return data


def _change_dict(change: ResourceChange) -> dict[str, Any]:
    return _compact(
        resources=list(change.resources),
        summary=change.summary,
        breaking=change.breaking or None,
        predecessor_end_of_life=change.predecessor_end_of_life,
        estimated=change.estimated or None,
        kind=change.kind.value if change.kind is not ChangeKind.CHANGED else None,
    )


def _compact(**values: Any) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def render_json(matrix: CompatibilityMatrix) -> str:
    """The matrix as JSON text (see :func:`to_dict`).

    Args:
        matrix: The matrix.

    Returns:
        Indented JSON ending in a newline.
    """
    return json.dumps(to_dict(matrix), indent=2, ensure_ascii=False) + "\n"
