"""Read a matrix's ``[[relies]]`` tables into :class:`Reliance` values, and write them back.

Called by the matrix loader (:mod:`apiversion_client._matrix._load`) with its
reader, so that every problem is a :class:`~apiversion_client.MatrixError`
naming the file and the key path (``relies[0].fields[2]``), like the rest of
the matrix.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final, NoReturn, Protocol

from apiversion_client._tripwire._model import Reliance, RequestLimit, SortOrder, VersionRange
from apiversion_client._tripwire._paths import FieldPath


class Reader(Protocol):
    """What this module needs of the matrix loader's reader."""

    def fail(self, path: str, problem: str) -> NoReturn:
        """Raise a :class:`~apiversion_client.MatrixError` at ``path``."""

    def table(self, value: object, path: str, kind: str) -> dict[str, Any]:
        """A table of ``kind`` (its keys checked), or fail."""

    def string(self, table: dict[str, Any], key: str, path: str) -> str | None:
        """A string value (``None`` when absent), or fail."""


__all__ = ["ALLOWED_KEYS", "REQUIRED_KEYS", "read_relies", "relies_dict"]

#: The keys each table of a declaration may hold (the JSON Schema is tested against these).
ALLOWED_KEYS: Final[Mapping[str, frozenset[str]]] = {
    "relies": frozenset(
        {
            "resource",
            "versions",
            "statuses",
            "fields",
            "never_null",
            "errors_readable",
            "sort",
            "limits",
            "not_found",
            "description",
        }
    ),
    "sort": frozenset({"field", "direction"}),
    "limit": frozenset({"parameter", "max"}),
}
REQUIRED_KEYS: Final[Mapping[str, frozenset[str]]] = {
    "relies": frozenset({"resource"}),
    "sort": frozenset({"field"}),
    "limit": frozenset({"parameter", "max"}),
}


def read_relies(
    reader: Reader, raw: object, describe: Callable[[object], str]
) -> tuple[Reliance, ...]:
    """Read the ``relies`` array of a matrix document.

    Args:
        reader: The matrix loader's reader: ``table(value, path, kind)``,
            ``string(table, key, path)``, ``boolean(table, key, path)`` and
            ``fail(path, problem)`` (which raises :class:`MatrixError`).
        raw: The value of the document's ``relies`` key.
        describe: Names a value's kind and quotes it for messages.

    Returns:
        The declarations, in document order.

    Raises:
        MatrixError: A problem, naming the key path.
    """
    if not isinstance(raw, list):
        reader.fail("relies", f"expected an array of tables, got {describe(raw)}")
    return tuple(_read_one(reader, item, f"relies[{i}]", describe) for i, item in enumerate(raw))


def _strings(
    reader: Reader, table: dict[str, Any], key: str, path: str, describe: Callable[[object], str]
) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list):
        reader.fail(f"{path}.{key}", f"expected an array of strings, got {describe(value)}")
    for i, item in enumerate(value):
        if not isinstance(item, str):
            reader.fail(f"{path}.{key}[{i}]", f"expected a string, got {describe(item)}")
    return value


def _paths(
    reader: Reader, table: dict[str, Any], key: str, path: str, describe: Callable[[object], str]
) -> tuple[FieldPath, ...]:
    parsed = []
    for i, text in enumerate(_strings(reader, table, key, path, describe)):
        try:
            parsed.append(FieldPath(text))
        except ValueError as error:
            reader.fail(f"{path}.{key}[{i}]", str(error))
    return tuple(parsed)


def _read_one(
    reader: Reader, raw: object, path: str, describe: Callable[[object], str]
) -> Reliance:
    table = reader.table(raw, path, "relies")
    resource = reader.string(table, "resource", path) or ""  # required: present
    try:
        Reliance(resource)
    except ValueError as error:
        reader.fail(f"{path}.resource", str(error))
    versions = reader.string(table, "versions", path)
    try:
        version_range = VersionRange.of(versions)
    except ValueError as error:
        reader.fail(f"{path}.versions", str(error))
    statuses = table.get("statuses", [])
    if not isinstance(statuses, list):
        reader.fail(f"{path}.statuses", f"expected an array of statuses, got {describe(statuses)}")
    for i, status in enumerate(statuses):
        if isinstance(status, bool) or not isinstance(status, int) or not 200 <= status <= 299:
            reader.fail(
                f"{path}.statuses[{i}]",
                f"expected a success status from 200 to 299, got {describe(status)}",
            )
    fields = _paths(reader, table, "fields", path, describe)
    never_null = _paths(reader, table, "never_null", path, describe)
    sort = None
    if "sort" in table:
        sort_table = reader.table(table["sort"], f"{path}.sort", "sort")
        field = reader.string(sort_table, "field", f"{path}.sort") or ""  # required: present
        direction = reader.string(sort_table, "direction", f"{path}.sort") or "asc"
        try:
            sort = SortOrder(field, direction)
        except ValueError as error:
            key = "direction" if "direction" in str(error) else "field"
            reader.fail(f"{path}.sort.{key}", str(error))
    limits = []
    raw_limits = table.get("limits", [])
    if not isinstance(raw_limits, list):
        reader.fail(f"{path}.limits", f"expected an array of tables, got {describe(raw_limits)}")
    for i, raw_limit in enumerate(raw_limits):
        where = f"{path}.limits[{i}]"
        limit_table = reader.table(raw_limit, where, "limit")
        parameter = reader.string(limit_table, "parameter", where)
        maximum = limit_table["max"]
        if isinstance(maximum, bool) or not isinstance(maximum, int) or maximum < 1:
            reader.fail(f"{where}.max", f"expected a positive integer, got {describe(maximum)}")
        try:
            limits.append(RequestLimit(parameter, maximum))
        except ValueError as error:
            reader.fail(f"{where}.parameter", str(error))
    not_found = reader.string(table, "not_found", path)
    if not_found is not None and not_found not in ("removed", "possible"):
        reader.fail(
            f"{path}.not_found", f"expected 'removed' or 'possible', got {describe(not_found)}"
        )
    readable = table.get("errors_readable", True)
    if not isinstance(readable, bool):
        reader.fail(f"{path}.errors_readable", f"expected true or false, got {describe(readable)}")
    return Reliance(
        resource,
        versions=version_range,
        statuses=statuses,
        fields=fields,
        never_null=never_null,
        errors_readable=readable,
        sort=sort,
        limits=tuple(limits),
        not_found=not_found,
        description=reader.string(table, "description", path),
    )


def relies_dict(reliance: Reliance) -> dict[str, Any]:
    """A declaration as a table of the matrix file (what :func:`read_relies` reads back).

    Args:
        reliance: The declaration.

    Returns:
        The table, without the keys that hold their defaults.
    """
    data: dict[str, Any] = {"resource": reliance.resource}
    if not reliance.versions.everything:
        data["versions"] = reliance.versions.text
    if reliance.statuses:
        data["statuses"] = sorted(reliance.statuses)
    if reliance.fields:
        data["fields"] = [str(path) for path in reliance.fields]
    if reliance.never_null:
        data["never_null"] = [str(path) for path in reliance.never_null]
    if not reliance.errors_readable:
        data["errors_readable"] = False
    if reliance.sort is not None:
        data["sort"] = {"field": str(reliance.sort.field), "direction": reliance.sort.direction}
    if reliance.limits:
        data["limits"] = [{"parameter": lim.parameter, "max": lim.max} for lim in reliance.limits]
    if reliance.not_found is not None:
        data["not_found"] = reliance.not_found
    if reliance.description is not None:
        data["description"] = reliance.description
    return data
