"""[[relies]] in the matrix: loaded, refused by key path, in the schema, validated, written back."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

import apiversion_client
from apiversion_client import CompatibilityMatrix, MatrixError, Reliance, SortOrder
from apiversion_client._tripwire._load import ALLOWED_KEYS, REQUIRED_KEYS

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
BUNDLED = Path(apiversion_client.__file__).parent / "testing" / "data"
SCHEMA = json.loads(
    (Path(apiversion_client.__file__).parent / "schema" / "matrix.schema.json").read_text()
)

HEAD = '[[versions]]\nversion = "1"\n[[versions]]\nversion = "2"\n'


def load(relies: str, head: str = HEAD) -> CompatibilityMatrix:
    """A matrix of versions 1 and 2 with the given [[relies]] text (a bare key goes first)."""
    text = relies + "\n" + head if relies.startswith("relies =") else head + relies
    return CompatibilityMatrix.loads(text, source="m.toml")


def test_a_declaration_loads_with_every_key():
    """Every key of a [[relies]] table becomes the declaration's value."""
    matrix = load(
        """
[[relies]]
resource = "GET /items"
versions = ">=2"
description = "the list"
statuses = [200, 206]
fields = ["items[].name"]
never_null = ["items[].id"]
errors_readable = false
not_found = "possible"
sort = { field = "items[].id", direction = "descending" }
[[relies.limits]]
parameter = "limit"
max = 1000
"""
    )
    assert matrix.relies == (
        Reliance(
            "GET /items",
            versions=">=2",
            description="the list",
            statuses=[200, 206],
            fields=["items[].name"],
            never_null=["items[].id"],
            errors_readable=False,
            not_found="possible",
            sort=SortOrder("items[].id", "desc"),
            limits={"limit": 1000},
        ),
    )


@pytest.mark.parametrize(
    ("relies", "message"),
    [
        ('relies = "GET /x"', "m.toml: relies: expected an array of tables, got string 'GET /x'"),
        ("[[relies]]\nfields = []", "m.toml: relies[0].resource: missing required key"),
        (
            '[[relies]]\nresource = "GET /x"\nfeilds = []',
            "m.toml: relies[0].feilds: unknown key 'feilds'; did you mean 'fields'?",
        ),
        ('[[relies]]\nresource = "x"', "m.toml: relies[0].resource: a resource path must start"),
        (
            "[[relies]]\nresource = 5",
            "m.toml: relies[0].resource: expected a string, got integer 5",
        ),
        (
            '[[relies]]\nresource = "GET /x"\nversions = 2',
            "m.toml: relies[0].versions: expected a string, got integer 2",
        ),
        (
            '[[relies]]\nresource = "GET /x"\nversions = "=>2"',
            "m.toml: relies[0].versions: not a version range: '=>2'",
        ),
        (
            '[[relies]]\nresource = "GET /x"\nstatuses = [200, 404]',
            "m.toml: relies[0].statuses[1]: expected a success status from 200 to 299, got "
            "integer 404",
        ),
        (
            '[[relies]]\nresource = "GET /x"\nstatuses = 200',
            "m.toml: relies[0].statuses: expected an array of statuses, got integer 200",
        ),
        (
            '[[relies]]\nresource = "GET /x"\nfields = ["a", "b..c"]',
            "m.toml: relies[0].fields[1]: not a field path: 'b..c'",
        ),
        (
            '[[relies]]\nresource = "GET /x"\nnever_null = [1]',
            "m.toml: relies[0].never_null[0]: expected a string, got integer 1",
        ),
        (
            '[[relies]]\nresource = "GET /x"\nfields = "a"',
            "m.toml: relies[0].fields: expected an array of strings, got string 'a'",
        ),
        (
            '[[relies]]\nresource = "GET /x"\nerrors_readable = "yes"',
            "m.toml: relies[0].errors_readable: expected true or false, got string 'yes'",
        ),
        (
            '[[relies]]\nresource = "GET /x"\nsort = { field = "items.id" }',
            "m.toml: relies[0].sort.field: a sort field names an array",
        ),
        (
            '[[relies]]\nresource = "GET /x"\nsort = { field = "a[].b", direction = "up" }',
            "m.toml: relies[0].sort.direction: a sort direction is 'asc' or 'desc', got 'up'",
        ),
        (
            '[[relies]]\nresource = "GET /x"\nsort = { direction = "asc" }',
            "m.toml: relies[0].sort.field: missing required key",
        ),
        (
            '[[relies]]\nresource = "GET /x"\nlimits = [{ parameter = "limit", max = 0 }]',
            "m.toml: relies[0].limits[0].max: expected a positive integer, got integer 0",
        ),
        (
            '[[relies]]\nresource = "GET /x"\nlimits = [{ parameter = "a b", max = 5 }]',
            "m.toml: relies[0].limits[0].parameter: a request limit names a query parameter",
        ),
        (
            '[[relies]]\nresource = "GET /x"\nlimits = [{ max = 5 }]',
            "m.toml: relies[0].limits[0].parameter: missing required key",
        ),
        (
            '[[relies]]\nresource = "GET /x"\nnot_found = "gone"',
            "m.toml: relies[0].not_found: expected 'removed' or 'possible', got string 'gone'",
        ),
        (
            '[[relies]]\nresource = "GET /x"\n[[relies]]\nresource = "GET /y"\nfields = [""]',
            "m.toml: relies[1].fields[0]: a field path must not be empty",
        ),
    ],
)
def test_bad_declarations_name_the_file_and_the_key_path(relies, message):
    """Every problem is a MatrixError naming the file, the key path and the bad value."""
    with pytest.raises(MatrixError) as caught:
        load(relies)
    assert str(caught.value).startswith(message), str(caught.value)


def test_json_matrices_declare_the_same_way():
    """The JSON shape is the TOML one."""
    document = {
        "versions": [{"version": "1"}],
        "relies": [
            {"resource": "GET /x", "fields": ["a[].b"], "limits": [{"parameter": "n", "max": 5}]}
        ],
    }
    matrix = CompatibilityMatrix.loads(json.dumps(document), format="json")
    assert matrix.relies[0].limits[0].max == 5
    with pytest.raises(MatrixError, match=r"relies\[0\]\.fields\[0\]"):
        CompatibilityMatrix.from_dict(
            {**document, "relies": [{"resource": "GET /x", "fields": ["["]}]}
        )


@pytest.mark.parametrize("name", ["gooddata.toml", "cognite.toml"])
def test_the_examples_declare_what_an_sdk_relies_on(name):
    """Both vendor examples have declarations, validate cleanly and match the bundled copies."""
    matrix = CompatibilityMatrix.load(EXAMPLES / name)
    assert len(matrix.relies) >= 2
    assert not [f for f in matrix.validate() if f.key_path.startswith("relies")]
    assert (EXAMPLES / name).read_bytes() == (BUNDLED / name).read_bytes()


@pytest.mark.parametrize("name", ["gooddata.toml", "cognite.toml"])
def test_declarations_are_written_back_as_read(name):
    """to_dict writes [[relies]] so that from_dict(to_dict(m)) == m, with no default written."""
    matrix = CompatibilityMatrix.load(EXAMPLES / name)
    data = matrix.to_dict()
    assert CompatibilityMatrix.from_dict(data) == matrix
    raw = tomllib.loads((EXAMPLES / name).read_text(encoding="utf-8"))["relies"]
    assert data["relies"] == raw


@pytest.mark.parametrize(
    ("kind", "path"),
    [("relies", ("reliance",)), ("sort", ("sortOrder",)), ("limit", ("requestLimit",))],
)
def test_the_schema_knows_the_loaders_keys(kind, path):
    """Each declaration table's properties and required keys in the schema are the loader's."""
    schema = SCHEMA["$defs"][path[0]]
    assert set(schema["properties"]) == ALLOWED_KEYS[kind]
    assert set(schema.get("required", ())) == REQUIRED_KEYS[kind]
    assert schema["additionalProperties"] is False
    assert SCHEMA["properties"]["relies"]["items"] == {"$ref": "#/$defs/reliance"}


def test_the_schema_refuses_what_the_loader_refuses():
    """Bad paths, statuses, directions and limits fail the schema as they fail the loader."""
    from tests.matrix.test_schema import validate

    bad = {
        "versions": [],
        "relies": [
            {
                "resource": "items",
                "statuses": [404],
                "fields": ["a..b"],
                "sort": {"field": "items.id", "direction": "up"},
                "limits": [{"parameter": "a b", "max": 0}],
                "not_found": "gone",
                "extra": 1,
            }
        ],
    }
    problems = validate(bad, SCHEMA)
    for key in (
        "resource",
        "statuses[0]",
        "fields[0]",
        "sort.field",
        "sort.direction",
        "limits[0].parameter",
        "limits[0].max",
        "not_found",
        ".extra",
    ):
        assert any(key in problem for problem in problems), (key, problems)
    good = {"versions": [], "relies": [{"resource": "GET /x", "sort": {"field": "a[].b[].c"}}]}
    assert validate(good, SCHEMA) == []


def test_validate_reports_declarations_that_cannot_be_right():
    """A range holding no version, a resource the matrix removes in range, two declarations
    of one resource over the same versions, a sort order whose array is not read.
    """
    matrix = load(
        """
[[versions.changes]]
resources = ["GET /old"]
kind = "removed"

[[relies]]
resource = "GET /x"
versions = ">=7"

[[relies]]
resource = "GET /old"

[[relies]]
resource = "GET /y/{id}"
fields = ["a"]

[[relies]]
resource = "GET /y/{other}"
versions = "2"
sort = { field = "items[].id" }
"""
    )
    findings = [(f.key_path, f.message) for f in matrix.validate()]
    assert findings == [
        (
            "relies[0].versions",
            "'>=7' holds no version of the matrix (1, 2): the declaration is never used",
        ),
        (
            "relies[1].resource",
            "the matrix says GET /old does not exist at API version 2, which '*' holds",
        ),
        (
            "relies[3].resource",
            "relies[2] declares GET /y/{id} for some of the same versions: merge the two",
        ),
        (
            "relies[3].sort.field",
            "no field of the array of items[].id is in fields: a page without the array is not "
            "reported (add e.g. its id to fields)",
        ),
    ]
    assert all(f.severity == "warning" and f.source == "m.toml" for f in matrix.validate())
