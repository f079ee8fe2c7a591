"""Property tests: whatever a document holds, loading it raises MatrixError or gives a matrix.

A loaded matrix then answers every query, validates, renders and round-trips
through ``to_dict`` without any other exception.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from apiversion_client import CompatibilityMatrix, MatrixError, render_json, render_markdown
from apiversion_client._matrix._load import ALLOWED_KEYS
from apiversion_client._timeline import render_timeline_svg
from apiversion_client.profiles import _TABLE_READERS

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
DAYS = [dt.date(1, 1, 1), dt.date(2019, 10, 1), dt.date(2024, 1, 1), dt.date(9999, 12, 31)]
# APIVERSION_FUZZ_EXAMPLES=5000 runs a longer campaign.
FUZZ = settings(
    max_examples=int(os.environ.get("APIVERSION_FUZZ_EXAMPLES", "100")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

WORDS = [
    "1", "v1", "0.6", "2022-11-28", "v1-beta", "playground", "2019-10", "2019-13", ">=1",
    ">=1,<", "/a", "GET /a/{id}", "x y", "X-V\r\nX: 1", "", "x-gdc-deprecated", "stable",
    "deprecated", "removed", "gooddata", "rfc", "/api/{version}", "link", "changed", "added",
]  # fmt: skip

# Leaves a decoded TOML or JSON document (or a caller's mapping) can hold.
leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.sampled_from([-1, 0, 12, 999_999_999, 119_988, 119_989]),
    st.sampled_from([4301, 5000]).map(lambda digits: 10**digits),  # str() of it raises
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.sampled_from(WORDS),
    st.dates(),
    st.datetimes(timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=14))])),
    st.times(),
)
KEYS = sorted({key for keys in ALLOWED_KEYS.values() for key in keys} | set(_TABLE_READERS))
keys = st.one_of(st.sampled_from(KEYS), st.text(max_size=6), st.integers(-2, 2))


def nested(key_strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Leaves, arrays and tables, nested."""
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(key_strategy, inner, max_size=4)
        ),
        max_leaves=20,
    )


values = nested(keys)


def table(names: frozenset[str] | set[str]) -> st.SearchStrategy[dict[Any, Any]]:
    """A table whose keys are mostly the ones the loader knows, with values of any shape."""
    return st.dictionaries(
        st.one_of(st.sampled_from(sorted(names)), keys), values, max_size=len(names) + 1
    )


changes = st.lists(table(ALLOWED_KEYS["change"]), max_size=3)
versions = st.lists(
    st.tuples(table(ALLOWED_KEYS["version"]), st.none() | changes).map(
        lambda pair: pair[0] if pair[1] is None else {**pair[0], "changes": pair[1]}
    ),
    max_size=5,
)
documents = st.fixed_dictionaries(
    {"versions": st.one_of(versions, values)},
    optional={
        "api": st.one_of(table(ALLOWED_KEYS["api"]), values),
        "policy": st.one_of(table(ALLOWED_KEYS["policy"]), values),
        "profile": st.one_of(table(set(_TABLE_READERS)), values),
        "$schema": values,
    },
)


def exercise(matrix: CompatibilityMatrix) -> None:
    """Every query, check and rendering of a loaded matrix works."""
    for info in matrix.versions:
        for day in DAYS:
            matrix.status(info.version, on=day)
            matrix.resource_status(info.version, "GET", "/a/1", on=day)
        matrix.deprecated_on(info.version)
        assert matrix.knows(info.version)
    for day in DAYS:
        matrix.latest(on=day)
        render_markdown(matrix, on=day)
        for name in matrix.sdk_names or (None,):
            matrix.supported_by("1.0", sdk=name, on=day)
    matrix.validate()
    render_timeline_svg(matrix, on=dt.date(2024, 1, 1))
    assert CompatibilityMatrix.from_dict(matrix.to_dict()) == matrix
    assert CompatibilityMatrix.loads(render_json(matrix), format="json") == matrix


def load_or_refuse(load: Any, *args: Any) -> None:
    """Loading either gives a matrix that works everywhere, or raises MatrixError."""
    try:
        matrix = load(*args)
    except MatrixError as error:
        message = str(error)  # a ValueError whose message stays short, whatever the input
        assert len(message) < 2000, message
        return
    exercise(matrix)


@FUZZ
@given(documents)
@example({"versions": [{"version": "1", "sdks": {5: ">=1"}}]})
@example({"policy": {"stable_support_months": 10**5000}, "versions": []})
@example({"profile": {"path": 5}, "versions": []})
def test_from_dict_raises_only_matrix_error(document):
    """from_dict on any nested mapping: a working matrix or MatrixError, nothing else."""
    load_or_refuse(CompatibilityMatrix.from_dict, document, "m.toml")


@FUZZ
@given(st.one_of(values, documents))
def test_from_dict_of_any_value(value):
    """from_dict on any value at all (a list, a string, a number): MatrixError or a matrix."""
    load_or_refuse(CompatibilityMatrix.from_dict, value)


def as_json_text(document: Any) -> str | None:
    """The document as JSON text, when JSON can hold it."""
    try:
        return json.dumps(document, default=str)
    except (TypeError, ValueError):
        return None


@FUZZ
@given(documents)
def test_loads_json_raises_only_matrix_error(document):
    """The same documents as JSON text."""
    text = as_json_text(document)
    if text is not None:
        load_or_refuse(CompatibilityMatrix.loads, text, "json", "m.json")


EXAMPLE_TEXTS = [
    (EXAMPLES / name).read_text(encoding="utf-8") for name in ("gooddata.toml", "cognite.toml")
]
fragments = st.sampled_from(
    ['"', "'", "[", "]", "[[", "]]", "{", "}", "=", ",", "\n", "#", "\\", "1979-05-27",
     "2019-10", "1979-05-27T07:32:00-08:00", "0001-01-01T00:00:00+01:00", "9999-12-31",
     "[" * 2000, "{a=" * 1500, "7" * 5000, "inf", "nan", "true", "-", "x", " ", "\r\n",
     '"\\u0000"', 'version = "', "[[versions]]\n", "[profile]\n", "[policy]\n"]
)  # fmt: skip


@FUZZ
@given(
    st.sampled_from(EXAMPLE_TEXTS),
    st.lists(st.tuples(st.floats(0, 1), st.integers(0, 40), fragments), max_size=4),
)
def test_loads_toml_of_mutated_examples_raises_only_matrix_error(text, edits):
    """The bundled examples with random cuts and insertions: MatrixError or a matrix."""
    for where, cut, fragment in edits:
        at = int(where * len(text))
        text = text[:at] + fragment + text[at + cut :]
    load_or_refuse(CompatibilityMatrix.loads, text, "toml", "m.toml")


@FUZZ
@given(st.text(max_size=200), st.sampled_from(["toml", "json"]))
def test_loads_of_any_text_raises_only_matrix_error(text, format):
    """Any text at all, in either format."""
    load_or_refuse(CompatibilityMatrix.loads, text, format, "m.toml")
