"""The shipped JSON Schema stays in step with the loader, and the examples validate."""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import re
import tomllib
from typing import Any

import pytest

import apiversion_client
from apiversion_client._matrix._load import ALLOWED_KEYS, REQUIRED_KEYS

from ._helpers import EXAMPLES

SCHEMA_PATH = pathlib.Path(apiversion_client.__file__).parent / "schema" / "matrix.schema.json"
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
UNDERSTOOD = {
    "$schema", "$id", "$defs", "$ref", "title", "description", "type", "properties",
    "additionalProperties", "required", "items", "pattern", "enum", "minimum", "maximum",
    "minItems",
}  # fmt: skip
TYPES = {"object": dict, "array": list, "string": str, "integer": int, "boolean": bool}


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    """Follow a local $ref."""
    while "$ref" in schema:
        schema = SCHEMA["$defs"][schema["$ref"].removeprefix("#/$defs/")]
    return schema


def validate(value: Any, schema: dict[str, Any], path: str = "") -> list[str]:
    """A tiny validator for the subset of JSON Schema the matrix schema uses."""
    schema = resolve(schema)
    types = schema.get("type")
    if types is not None:
        names = [types] if isinstance(types, str) else types
        if not any(
            isinstance(value, TYPES[name]) and not (name == "integer" and isinstance(value, bool))
            for name in names
        ):
            return [f"{path}: not {names}"]
    problems = []
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{path}: {value!r} not in enum")
    if "pattern" in schema and isinstance(value, str) and not re.search(schema["pattern"], value):
        problems.append(f"{path}: {value!r} does not match")
    if "minimum" in schema and isinstance(value, int) and value < schema["minimum"]:
        problems.append(f"{path}: below minimum")
    if "maximum" in schema and isinstance(value, int) and value > schema["maximum"]:
        problems.append(f"{path}: above maximum")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            problems.append(f"{path}: too few items")
        for i, item in enumerate(value):
            problems += validate(item, schema.get("items", {}), f"{path}[{i}]")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        problems += [
            f"{path}.{key}: required" for key in schema.get("required", ()) if key not in value
        ]
        for key, item in value.items():
            if key in properties:
                problems += validate(item, properties[key], f"{path}.{key}")
            elif schema.get("additionalProperties") is False:
                problems.append(f"{path}.{key}: not allowed")
            elif isinstance(schema.get("additionalProperties"), dict):
                problems += validate(item, schema["additionalProperties"], f"{path}.{key}")
    return problems


def as_json(value: Any) -> Any:
    """TOML values as a JSON-aware editor sees them: dates become text."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def keywords(schema: Any) -> set[str]:
    """Every keyword used anywhere in a schema (property names excluded)."""
    found: set[str] = set()
    if isinstance(schema, dict):
        for key, item in schema.items():
            found.add(key)
            if key in {"properties", "$defs"}:
                for sub in item.values():
                    found |= keywords(sub)
            else:
                found |= keywords(item)
    return found


def test_schema_uses_only_what_the_test_validator_understands():
    """The tiny validator checks every keyword the schema uses (none is silently skipped)."""
    assert keywords(SCHEMA) - UNDERSTOOD == set()


@pytest.mark.parametrize(
    ("kind", "schema"),
    [
        ("matrix", SCHEMA),
        ("api", SCHEMA["properties"]["api"]),
        ("policy", SCHEMA["properties"]["policy"]),
        ("version", SCHEMA["$defs"]["versionEntry"]),
        ("change", SCHEMA["$defs"]["change"]),
    ],
)
def test_schema_keys_match_the_loader(kind, schema):
    """Each object's property names and required keys are exactly the loader's."""
    assert set(schema["properties"]) == ALLOWED_KEYS[kind]
    assert set(schema.get("required", ())) == REQUIRED_KEYS[kind]
    assert schema["additionalProperties"] is False


@pytest.mark.parametrize("name", ["gooddata.toml", "cognite.toml"])
def test_examples_validate_against_the_schema(name):
    """Both examples are valid under the schema."""
    data = as_json(tomllib.loads((EXAMPLES / name).read_text(encoding="utf-8")))
    assert validate(data, SCHEMA) == []


def test_schema_rejects_what_the_loader_rejects():
    """Unknown keys, bad dates and bad enums fail the schema as they fail the loader."""
    bad = {
        "versions": [
            {"version": "1", "end_of_lfe": "2020-01-01"},
            {"version": "2", "released": "2019-13-45x", "status": "retired"},
            {"version": "3", "changes": [{"resources": ["GET x"]}]},
        ]
    }
    problems = validate(bad, SCHEMA)
    assert any("end_of_lfe" in problem for problem in problems)
    assert any("released" in problem for problem in problems)
    assert any("status" in problem for problem in problems)
    assert any("resources[0]" in problem for problem in problems)


def test_schema_ships_inside_the_package():
    """The schema is a data file of the package (the wheel includes the package dir)."""
    assert SCHEMA_PATH.is_file()
    assert SCHEMA["$schema"].startswith("https://json-schema.org/")


def test_schema_profile_keys_match_profile_from_dict():
    """The [profile] table's properties are exactly the keys Profile.from_dict reads."""
    from apiversion_client.profiles import _TABLE_READERS

    table = SCHEMA["properties"]["profile"]
    assert set(table["properties"]) == set(_TABLE_READERS)
    assert table["additionalProperties"] is False


def test_schema_profile_values_follow_the_profile_rules():
    """Reader names, error formats and header names in the schema are the profile module's."""
    from apiversion_client import SignalReader
    from apiversion_client.profiles import _TOKEN

    table = SCHEMA["properties"]["profile"]["properties"]
    names = {r.name.lower() for r in SignalReader} | {r.value for r in SignalReader}
    assert set(table["readers"]["items"]["enum"]) == names
    assert SCHEMA["$defs"]["headerName"]["pattern"] == f"^{_TOKEN.pattern}$"
    good = {"extends": "rfc", "header": "Acme-Version", "echo_headers": ["A", "B"],
            "readers": ["link"], "path": "/api/{version}", "error_format": "cognite"}  # fmt: skip
    assert validate({"profile": good, "versions": []}, SCHEMA) == []
    bad = {"header": "X V", "echo_headers": [5], "readers": ["nope"], "path": "api", "x": 1}
    problems = validate({"profile": bad, "versions": []}, SCHEMA)
    for key in ("header", "echo_headers[0]", "readers[0]", "path", ".x"):
        assert any(key in problem for problem in problems), (key, problems)


def test_schema_policy_and_id():
    """policy.superseded and the support window's bounds are the loader's; $id is honest."""
    from apiversion_client._matrix._load import MAX_SUPPORT_MONTHS

    policy = SCHEMA["properties"]["policy"]["properties"]
    assert policy["superseded"]["enum"] == ["stable", "deprecated"]
    assert policy["stable_support_months"]["maximum"] == MAX_SUPPORT_MONTHS
    assert SCHEMA["$id"].startswith("urn:")
    assert "example.invalid" not in json.dumps(SCHEMA)
