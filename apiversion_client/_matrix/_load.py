"""Read a matrix document (TOML or JSON, same shape) into frozen values.

Every problem raises :class:`~apiversion_client.MatrixError` naming the source
and the key path (``versions[2].end_of_life``); indexes count from 0.
"""

from __future__ import annotations

import difflib
import json
import os
import tomllib
from collections.abc import Mapping
from typing import Any, NoReturn

import attrs
from packaging.specifiers import InvalidSpecifier, SpecifierSet

from apiversion_client._exceptions import MatrixError
from apiversion_client._matrix._dates import add_months, as_date
from apiversion_client._matrix._model import (
    ChangeKind,
    MatrixPolicy,
    ResourceChange,
    Status,
    VersionInfo,
)
from apiversion_client._matrix._paths import ResourceTemplate
from apiversion_client._matrix._profile import check_profile
from apiversion_client._matrix._text import describe, quote
from apiversion_client._tripwire._load import ALLOWED_KEYS as RELIES_KEYS
from apiversion_client._tripwire._load import REQUIRED_KEYS as RELIES_REQUIRED
from apiversion_client._tripwire._load import read_relies
from apiversion_client._tripwire._model import Reliance
from apiversion_client._versions import ApiVersion, Channel

__all__ = [
    "ALLOWED_KEYS",
    "MAX_SUPPORT_MONTHS",
    "ParsedMatrix",
    "parse_document",
    "read_file",
    "read_text",
]

# The keys each kind of table may hold; the JSON Schema is tested against these.
ALLOWED_KEYS: Mapping[str, frozenset[str]] = {
    "matrix": frozenset({"$schema", "api", "policy", "profile", "versions", "relies"}),
    "api": frozenset({"name", "profile", "description"}),
    "policy": frozenset({"stable_support_months", "superseded"}),
    "version": frozenset(
        {
            "version",
            "channel",
            "status",
            "released",
            "deprecated",
            "end_of_life",
            "end_of_life_estimated",
            "successor",
            "sdks",
            "changes",
            "description",
        }
    ),
    "change": frozenset(
        {"resources", "summary", "breaking", "predecessor_end_of_life", "estimated", "kind"}
    ),
    **RELIES_KEYS,  # the [[relies]] tables: relies, sort, limit
}
# Longer than any date can be written (the year 9999); the JSON Schema says the same.
MAX_SUPPORT_MONTHS = 9999 * 12
REQUIRED_KEYS: Mapping[str, frozenset[str]] = {
    "matrix": frozenset({"versions"}),
    "api": frozenset(),
    "policy": frozenset(),
    "version": frozenset({"version"}),
    "change": frozenset({"resources"}),
    **RELIES_REQUIRED,
}


@attrs.frozen
class ParsedMatrix:
    """What a document declares, checked and with the policy's dates derived."""

    versions: tuple[VersionInfo, ...]
    api_name: str | None
    api_description: str | None
    profile_name: str | None
    profile_table: dict[str, Any] | None = attrs.field(hash=False)
    policy: MatrixPolicy
    file_index: dict[ApiVersion, int] = attrs.field(hash=False)
    relies: tuple[Reliance, ...] = ()


class _Reader:
    def __init__(self, source: str | None) -> None:
        self.source = source

    def fail(self, path: str, problem: str) -> NoReturn:
        raise MatrixError(problem, source=self.source, key_path=path)

    def table(self, value: object, path: str, kind: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(path, f"expected a table, got {describe(value)}")
        for key in value:
            if not isinstance(key, str):
                self.fail(path, f"a key must be a string, got {describe(key)}")
            if key not in ALLOWED_KEYS[kind]:
                name = key[:60]
                close = difflib.get_close_matches(name, sorted(ALLOWED_KEYS[kind]), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                allowed = ", ".join(sorted(ALLOWED_KEYS[kind]))
                self.fail(_join(path, name), f"unknown key {quote(key)}{hint} (allowed: {allowed})")
        for key in sorted(REQUIRED_KEYS[kind] - value.keys()):
            self.fail(_join(path, key), "missing required key")
        return value

    def string(self, table: dict[str, Any], key: str, path: str) -> str | None:
        value = table.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(_join(path, key), f"expected a string, got {describe(value)}")
        return value

    def boolean(self, table: dict[str, Any], key: str, path: str) -> bool:
        value = table.get(key, False)
        if not isinstance(value, bool):
            self.fail(_join(path, key), f"expected true or false, got {describe(value)}")
        return value

    def date(self, table: dict[str, Any], key: str, path: str) -> Any:
        if key not in table:
            return None
        try:
            return as_date(table[key])
        except ValueError as error:
            self.fail(_join(path, key), str(error))

    def version(self, value: object, path: str) -> ApiVersion:
        if isinstance(value, bool) or not isinstance(value, str | int):
            self.fail(path, f"expected a version string, got {describe(value)}")
        if isinstance(value, int) and value.bit_length() > 200:
            self.fail(path, f"not an API version: {quote(value)} (too long)")
        try:
            return ApiVersion.parse(value)
        except ValueError as error:
            self.fail(path, str(error))

    def enum(self, table: dict[str, Any], key: str, path: str, enum_type: Any) -> Any:
        text = self.string(table, key, path)
        if text is None:
            return None
        try:
            return enum_type(text.lower())
        except ValueError:
            allowed = ", ".join(repr(member.value) for member in enum_type)
            self.fail(_join(path, key), f"expected one of {allowed}, got {quote(text)}")


def _join(path: str, key: str) -> str:
    shown = key if key.replace("_", "").replace("$", "").isalnum() else json.dumps(key)
    return f"{path}.{shown}" if path else shown


def read_file(path: str | os.PathLike[str], format: str | None = None) -> ParsedMatrix:
    """Read and check a matrix file.

    Args:
        path: The file.  ``.json`` files are JSON, all others TOML, unless
            ``format`` says otherwise.
        format: ``"toml"``, ``"json"`` or ``None``.

    Returns:
        The checked document.

    Raises:
        MatrixError: The file cannot be read or is not a valid matrix.
    """
    source = os.fspath(path)
    if format is None:
        format = "json" if source.lower().endswith(".json") else "toml"
    try:
        with open(source, encoding="utf-8") as file:
            text = file.read()
    except OSError as error:
        raise MatrixError(
            f"cannot read the file: {error.strerror or error}", source=source
        ) from error
    except UnicodeDecodeError as error:
        raise MatrixError(f"not UTF-8 text: {error}", source=source) from error
    return read_text(text, format, source)


def read_text(text: str, format: str, source: str | None) -> ParsedMatrix:
    """Parse and check a TOML or JSON document.

    Args:
        text: The document.
        format: ``"toml"`` or ``"json"``.
        source: The name to put in error messages.

    Returns:
        The checked document.

    Raises:
        MatrixError: Bad syntax (with the line) or not a valid matrix.
        ValueError: ``format`` is neither ``"toml"`` nor ``"json"``.
    """
    if format not in ("toml", "json"):
        msg = f"format must be 'toml' or 'json', not {quote(format)}"
        raise ValueError(msg)
    name = format.upper()
    try:
        if format == "toml":
            data: object = tomllib.loads(text)
        else:
            data = json.loads(text, object_pairs_hook=_no_duplicate_keys)
            where = _lone_surrogate(data)
            if where is not None:  # "\ud800" is valid JSON, and no text can hold it
                problem = "a string holds a lone surrogate (a \\ud800-\\udfff escape alone)"
                raise MatrixError(problem, source=source, key_path=where)
    except tomllib.TOMLDecodeError as error:
        raise MatrixError(f"invalid TOML: {error}", source=source) from error
    except json.JSONDecodeError as error:
        problem = f"invalid JSON: {error.msg} (at line {error.lineno}, column {error.colno})"
        raise MatrixError(problem, source=source) from error
    except _DuplicateKeyError as error:
        problem = f"invalid JSON: duplicate key {quote(error.key)}"
        raise MatrixError(problem, source=source) from None
    except RecursionError:
        problem = f"invalid {name}: arrays or tables nested too deeply to read"
        raise MatrixError(problem, source=source) from None
    except ValueError as error:  # an integer longer than sys.get_int_max_str_digits()
        problem = f"invalid {name}: a number is too long to read ({error})"
        raise MatrixError(problem, source=source) from None
    return parse_document(data, source)


def _lone_surrogate(data: object) -> str | None:
    """The key path of the first string (or key) that cannot be UTF-8 text, if any."""
    stack: list[tuple[object, str]] = [(data, "")]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            if not value.isascii() and not _encodable(value):
                return path or "(the document)"
        elif isinstance(value, dict):
            for key, item in value.items():
                where = _join(path, key[:60]) if isinstance(key, str) else path
                if isinstance(key, str) and not key.isascii() and not _encodable(key):
                    return where
                stack.append((item, where))
        elif isinstance(value, list):
            stack.extend((item, f"{path}[{i}]") for i, item in enumerate(value))
    return None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


def parse_document(data: object, source: str | None) -> ParsedMatrix:
    """Check a decoded document and build its values.

    Args:
        data: The decoded TOML or JSON (a mapping).
        source: The name to put in error messages.

    Returns:
        The checked document, versions oldest first.

    Raises:
        MatrixError: The document is not a valid matrix.
    """
    reader = _Reader(source)
    top = reader.table(dict(data) if isinstance(data, Mapping) else data, "", "matrix")
    api = reader.table(top.get("api", {}), "api", "api")
    policy = _read_policy(reader, reader.table(top.get("policy", {}), "policy", "policy"))
    profile_table = top.get("profile")
    if profile_table is not None and not isinstance(profile_table, dict):
        reader.fail("profile", f"expected a table, got {describe(profile_table)}")
    profile_name = reader.string(api, "profile", "api")
    check_profile(profile_name, profile_table, reader.fail)
    raw_versions = top["versions"]
    if not isinstance(raw_versions, list):
        reader.fail("versions", f"expected an array of tables, got {describe(raw_versions)}")
    infos = [_read_version(reader, raw, f"versions[{i}]") for i, raw in enumerate(raw_versions)]
    _check_unique_and_successors(reader, infos, raw_versions)
    file_index = {info.version: i for i, info in enumerate(infos)}
    ordered = sorted(infos, key=lambda info: info.version.sort_key)
    relies = read_relies(reader, top["relies"], describe) if "relies" in top else ()
    return ParsedMatrix(
        versions=tuple(_apply_policy(reader, ordered, policy, file_index)),
        api_name=reader.string(api, "name", "api"),
        api_description=reader.string(api, "description", "api"),
        profile_name=profile_name,
        profile_table=profile_table,
        policy=policy,
        file_index=file_index,
        relies=relies,
    )


def _read_policy(reader: _Reader, table: dict[str, Any]) -> MatrixPolicy:
    months = table.get("stable_support_months")
    if months is not None and (isinstance(months, bool) or not isinstance(months, int)):
        reader.fail("policy.stable_support_months", f"expected an integer, got {describe(months)}")
    if months is not None and months < 0:
        reader.fail("policy.stable_support_months", f"must not be negative, got {quote(months)}")
    if months is not None and months > MAX_SUPPORT_MONTHS:
        reader.fail(
            "policy.stable_support_months",
            f"must be at most {MAX_SUPPORT_MONTHS} (9999 years), got {quote(months)}",
        )
    superseded = reader.enum(table, "superseded", "policy", Status)
    if superseded not in (None, Status.STABLE, Status.DEPRECATED):
        reader.fail(
            "policy.superseded",
            f"expected 'stable' or 'deprecated', got {quote(table['superseded'])}",
        )
    return MatrixPolicy(stable_support_months=months, superseded=superseded or Status.STABLE)


def _read_version(reader: _Reader, raw: object, path: str) -> VersionInfo:
    table = reader.table(raw, path, "version")
    version = reader.version(table["version"], _join(path, "version"))
    successor = None
    if table.get("successor") is not None:
        successor = reader.version(table["successor"], _join(path, "successor"))
    sdks_raw = table.get("sdks", {})
    if not isinstance(sdks_raw, dict):
        reader.fail(_join(path, "sdks"), f"expected a table, got {describe(sdks_raw)}")
    sdks: dict[str, SpecifierSet] = {}
    for name, spec in sdks_raw.items():
        if not isinstance(name, str):
            reader.fail(_join(path, "sdks"), f"an SDK name must be a string, got {describe(name)}")
        key = _join(_join(path, "sdks"), name)
        if not name.strip():
            reader.fail(key, "an SDK name must not be empty")
        if not isinstance(spec, str):
            reader.fail(key, f"expected a PEP 440 specifier string, got {describe(spec)}")
        try:
            sdks[name] = SpecifierSet(spec)
        except InvalidSpecifier:
            reader.fail(key, f"not a PEP 440 specifier: {quote(spec)}")
    changes_raw = table.get("changes", [])
    if not isinstance(changes_raw, list):
        reader.fail(_join(path, "changes"), f"expected an array, got {describe(changes_raw)}")
    changes = tuple(
        _read_change(reader, change, f"{path}.changes[{i}]") for i, change in enumerate(changes_raw)
    )
    return VersionInfo(
        version=version,
        channel=reader.enum(table, "channel", path, Channel) or version.channel,
        declared_status=reader.enum(table, "status", path, Status),
        released=reader.date(table, "released", path),
        deprecated=reader.date(table, "deprecated", path),
        end_of_life=reader.date(table, "end_of_life", path),
        end_of_life_estimated=reader.boolean(table, "end_of_life_estimated", path),
        successor=successor,
        sdks=sdks,
        changes=changes,
        description=reader.string(table, "description", path),
    )


def _read_change(reader: _Reader, raw: object, path: str) -> ResourceChange:
    table = reader.table(raw, path, "change")
    resources = table["resources"]
    if not isinstance(resources, list) or not resources:
        reader.fail(_join(path, "resources"), f"expected an array, got {describe(resources)}")
    for i, resource in enumerate(resources):
        key = f"{path}.resources[{i}]"
        if not isinstance(resource, str):
            reader.fail(key, f"expected a string, got {describe(resource)}")
        try:
            ResourceTemplate.compile(resource)
        except ValueError as error:
            reader.fail(key, str(error))
    return ResourceChange(
        resources=tuple(resources),
        summary=reader.string(table, "summary", path),
        breaking=reader.boolean(table, "breaking", path),
        predecessor_end_of_life=reader.date(table, "predecessor_end_of_life", path),
        estimated=reader.boolean(table, "estimated", path),
        kind=reader.enum(table, "kind", path, ChangeKind) or ChangeKind.CHANGED,
    )


def _check_unique_and_successors(
    reader: _Reader, infos: list[VersionInfo], raw_versions: list[Any]
) -> None:
    seen: dict[ApiVersion, int] = {}
    for i, info in enumerate(infos):
        if info.version in seen:
            first = seen[info.version]
            reader.fail(
                f"versions[{i}].version",
                f"duplicate version {str(info.version)!r} "
                f"(versions[{first}] is {str(infos[first].version)!r})",
            )
        seen[info.version] = i
    for i, info in enumerate(infos):
        if info.successor is not None and info.successor not in seen:
            known = ", ".join(repr(str(other.version)) for other in infos)
            reader.fail(
                f"versions[{i}].successor",
                f"no such version in the matrix: {quote(raw_versions[i]['successor'])} "
                f"(versions: {known})",
            )
        if info.successor is not None and info.successor == info.version:
            reader.fail(f"versions[{i}].successor", "a version cannot succeed itself")


def _apply_policy(
    reader: _Reader,
    infos: list[VersionInfo],
    policy: MatrixPolicy,
    file_index: dict[ApiVersion, int],
) -> list[VersionInfo]:
    """Derive an estimated end of life for stable versions whose successor is released."""
    months = policy.stable_support_months
    if months is None:
        return infos
    released = {info.version: info.released for info in infos}
    result = []
    for info in infos:
        successor_released = released.get(info.successor) if info.successor else None
        if (
            info.end_of_life is None
            and info.channel is Channel.STABLE
            and successor_released is not None
        ):
            try:
                end = add_months(successor_released, months)
            except ValueError as error:
                where = f"versions[{file_index[info.version]}]"
                reader.fail(
                    "policy.stable_support_months",
                    f"too long: the end of life it gives {where} ({info.version}) cannot be "
                    f"written: {error}",
                )
            info = attrs.evolve(
                info, end_of_life=end, end_of_life_estimated=True, end_of_life_from_policy=True
            )
        result.append(info)
    return result
