"""render_markdown gives the vendors' tables back; to_dict/render_json round-trip."""

from __future__ import annotations

import json

from apiversion_client import CompatibilityMatrix, render_json, render_markdown

from ._helpers import cognite, day, gooddata

COGNITE_2020 = """\
# Cognite Data Fusion API versions

## Current versions

| Version | Status | Description | SDK releases |
|---|---|---|---|
| playground | unstable | Unstable: do not use in production; the interface changes constantly | python-sdk >=1 |
| v1 | stable | Recommended for production environments | python-sdk >=1 |
| v1-beta | beta | Not recommended for production environments; backwards-compatible changes only, promoted to v1 within about 3 months | python-sdk >=2,<3 |
| 0.6 | stable |  | python-sdk <1 |
| 0.5 | stable |  | python-sdk <1 |

## Removed versions

| Version | SDK releases | Removed |
|---|---|---|
| 0.4 | python-sdk <0.12 | 2019-09-10 |
| 0.3 | python-sdk <0.12 | 2019-09-10 |
"""  # noqa: E501 - a Markdown table is one line per row


def test_cognite_tables_for_one_sdk():
    """Current and removed versions, newest first, with one SDK's releases."""
    assert render_markdown(cognite(), sdk="python-sdk", on=day("2020-02-01")) == COGNITE_2020


def test_gooddata_changelog_rows():
    """The changelog lists each change with its date, resources and estimated end of life."""
    text = render_markdown(gooddata(), on=day("2020-02-01"))
    assert "## Changelog" in text
    assert (
        "| 2 | 2018-09-08 | Paging added to the list of user projects | "
        "`GET /gdc/account/profile/{id}/projects` | 2019-10-01 (estimated) |"
    ) in text
    assert "| 3 | 2018-11-15 | Filter merging in executeAfm | " in text
    assert "gooddata-java >=2.30; gooddata-js >=5; gooddata-python >=0.2" in text
    assert "## Removed versions" not in text


def test_cells_are_escaped():
    """A pipe in a description cannot break the table."""
    matrix = CompatibilityMatrix.from_dict(
        {"versions": [{"version": "1", "description": "a | b\nc"}]}
    )
    assert "| 1 | stable | a \\| b c |  |" in render_markdown(matrix, on=day("2020-01-01"))


def test_to_dict_round_trips_both_examples():
    """from_dict(m.to_dict()) == m, through JSON text too."""
    for matrix in (cognite(), gooddata()):
        assert CompatibilityMatrix.from_dict(matrix.to_dict()) == matrix
        again = CompatibilityMatrix.loads(render_json(matrix), format="json")
        assert again == matrix
        json.loads(render_json(matrix))


def test_to_dict_leaves_out_derived_end_of_life():
    """An end of life derived from the policy is not written back as declared."""
    matrix = CompatibilityMatrix.from_dict(
        {
            "policy": {"stable_support_months": 6},
            "versions": [
                {"version": "1", "successor": "2"},
                {"version": "2", "released": "2020-01-01"},
            ],
        }
    )
    info = matrix.get("1")
    assert info is not None
    assert info.end_of_life == day("2020-07-01")
    assert "end_of_life" not in matrix.to_dict()["versions"][0]
