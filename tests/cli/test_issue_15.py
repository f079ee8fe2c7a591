"""The command line's rough edges: columns, schema, statuses, labelled markers, bad matrices."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from importlib.resources import files
from pathlib import Path

import pytest

from apiversion_client import CompatibilityMatrix, profiles
from apiversion_client._timeline import render_timeline_svg

from .test_cli import COGNITE, GOODDATA, ROOT, SVG, assert_usage_error, run

DATED = """
[api]
name = "Dated"

[[versions]]
version = "2024-01-01"
released = 2024-01-01
end_of_life = 2026-01-01
sdks = { dated = ">=1" }

[[versions]]
version = "2025-01-01-beta"
released = 2024-06-01
sdks = { dated = ">=1" }

[[versions]]
version = "2025-01-01.acacia-preview"
released = 2024-09-01
sdks = { dated = ">=1" }
"""


def test_check_table_separates_every_column(tmp_path):
    """A version longer than the column is followed by two spaces; columns stay aligned."""
    path = tmp_path / "dated.toml"
    path.write_text(DATED)
    result = run("check", str(path), "--sdk-version", "1.0", "--on", "2025-01-01")
    lines = result.stdout.splitlines()
    table = lines[lines.index("  Version                    Status      End of life") :][:4]
    assert table == [
        "  Version                    Status      End of life",
        "  2024-01-01                 stable      2026-01-01 (in 365 days)",
        "  2025-01-01-beta            beta        -",
        "  2025-01-01.acacia-preview  beta        -",
    ]
    assert "betabeta" not in result.stdout


def test_check_table_keeps_its_old_widths_for_short_versions():
    """Short versions keep the 14 and 12 character columns of before."""
    result = run(
        "check", COGNITE, "--sdk", "python-sdk", "--sdk-version", "1.2", "--on", "2024-01-01"
    )
    assert (
        "  Version       Status      End of life\n  v1            stable      -\n" in result.stdout
    )


def test_schema_prints_the_shipped_schema():
    """`schema` prints the package's JSON Schema; its $id no longer points at example.invalid."""
    result = run("schema")
    assert result.returncode == 0
    shipped = files("apiversion_client").joinpath("schema", "matrix.schema.json").read_text()
    assert result.stdout == shipped
    schema = json.loads(result.stdout)
    assert schema["$id"] == "urn:apiversion-client:schema:matrix"
    assert "example.invalid" not in result.stdout


def test_schema_output_writes_a_file_or_into_a_directory(tmp_path):
    """--output PATH writes the file; a directory gets matrix.schema.json inside it."""
    target = tmp_path / "my.schema.json"
    result = run("schema", "--output", str(target))
    assert result.returncode == 0
    assert result.stdout == f"wrote {target}\n"
    assert json.loads(target.read_text())["title"] == "apiversion_client compatibility matrix"
    into = run("schema", "-o", str(tmp_path))
    assert into.stdout == f"wrote {tmp_path / 'matrix.schema.json'}\n"
    assert (tmp_path / "matrix.schema.json").read_text() == target.read_text()
    assert_usage_error(run("schema", "-o", str(tmp_path / "no" / "such.json")), "cannot write")


def test_examples_point_their_schema_key_at_a_real_file():
    """The examples' "$schema" is a relative path to the shipped schema, which exists."""
    for name in ("gooddata.toml", "cognite.toml"):
        text = (ROOT / "examples" / name).read_text()
        [target] = re.findall(r'^"\$schema" = "(.+)"$', text, re.MULTILINE)
        assert (ROOT / "examples" / target).resolve().is_file()


def test_validate_refuses_an_unknown_profile_listing_the_built_in_ones(tmp_path):
    """[api] profile = "nope": validate exits 2 naming api.profile and every built-in profile."""
    path = tmp_path / "m.toml"
    path.write_text('[api]\nprofile = "nope"\n[[versions]]\nversion = "1"\n')
    result = run("validate", str(path))
    assert_usage_error(result, f"{path}: api.profile: unknown profile 'nope'")
    assert ", ".join(profiles.BUILTIN) in result.stderr


@pytest.mark.parametrize(
    ("name", "text", "key"),
    [
        ("deep.toml", "versions = " + "[" * 3000 + "]" * 3000, "nested too deeply"),
        ("deep.json", '{"versions": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
        ("big.toml", "versions = []\nx = " + "9" * 5000, "a number is too long to read"),
        ("header.toml", 'versions = []\n[profile]\nheader = "X-V\\r\\nX: 1"', "profile.header"),
        ("path.toml", "versions = []\n[profile]\npath = 5", "profile.path: expected a string"),
    ],
    ids=["deep-toml", "deep-json", "big-integer", "header-crlf", "path-integer"],
)
def test_validate_explains_hostile_files_without_a_traceback(tmp_path, name, text, key):
    """Deep nesting, huge integers, bad [profile] values: exit 2, one line, no traceback."""
    path = tmp_path / name
    path.write_text(text)
    result = run("validate", str(path))
    assert_usage_error(result, key)
    assert len(result.stderr.splitlines()) == 1


def test_table_and_timeline_show_gooddata_1_to_4_as_deprecated(tmp_path):
    """The GoodData example: versions older than the latest are deprecated in both renderings."""
    table = run("table", GOODDATA, "--on", "2024-01-01").stdout
    rows = re.findall(r"^\| (\d) \| (\w+) \|", table, re.MULTILINE)
    assert rows == [("5", "stable")] + [(v, "deprecated") for v in "4321"]
    out = tmp_path / "gd.svg"
    run("timeline", GOODDATA, "-o", str(out), "--on", "2024-01-01")
    root = ET.parse(out).getroot()  # noqa: S314 - our own file
    groups = root.findall(f"{SVG}g[@class='version']")
    assert [(g.get("data-version"), g.get("data-status")) for g in groups] == [
        ("1", "deprecated"), ("2", "deprecated"), ("3", "deprecated"), ("4", "deprecated"),
        ("5", "stable"),
    ]  # fmt: skip
    markers = root.findall(f".//{SVG}path[@class='deprecated']")
    assert len(markers) == 4  # each deprecation date is drawn


def labels(svg: str) -> list[tuple[float, float, str]]:
    """The resource end-of-life labels of a picture: (x, y, text)."""
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    return [
        (float(t.get("x", "0")), float(t.get("y", "0")), "".join(t.itertext()).split("ends")[0])
        for t in root.iter(f"{SVG}text")
        if t.get("class") == "resource-end-label"
    ]


def test_timeline_labels_each_resource_end_in_the_picture():
    """Every diamond has a text label with its resource and date, not only a tooltip."""
    svg = render_timeline_svg(CompatibilityMatrix.load(GOODDATA), on=dt.date(2020, 6, 1))
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    texts = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "resource-end-label"]
    assert texts == [
        "GET /gdc/account/profile/{id}/projects ends 2019-10-01 (estimated)",
        "POST /gdc/internal/projects/{id}/exportResult ends 2019-10-01 (estimated)",
        "POST /gdc/app/projects/{id}/executeAfm/debug ends 2021-01-01 (estimated)",
    ]
    diamonds = root.findall(f"{SVG}g[@class='version']/{SVG}path[@class='resource-end']")
    assert len(diamonds) == 3


CROWDED = {
    "api": {"name": "Crowded"},
    "versions": [
        {"version": "1", "released": "2020-01-01", "sdks": {"a-very-long-sdk-name": ">=1.0.0,<2",
                                                           "another-long-sdk-name": ">=1"}},
        {
            "version": "2",
            "released": "2020-06-01",
            "changes": [
                {"resources": [f"GET /things/{{id}}/part{i}"], "predecessor_end_of_life": day}
                for i, day in enumerate(
                    ["2021-01-01", "2021-01-15", "2021-02-01", "2021-06-01", "2023-12-01"]
                )
            ],
        },
        {"version": "3", "released": "2021-01-01"},
    ],
}  # fmt: skip


def boxes(svg: str) -> list[tuple[float, float, float, float]]:
    """Estimated boxes (left, top, right, bottom) of every text in the plot and left column."""
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    found = []
    for t in root.iter(f"{SVG}text"):
        if t.get("class") not in {"resource-end-label", "sdks", "version-label", "status"}:
            continue
        x, y, text = float(t.get("x", "0")), float(t.get("y", "0")), t.text or ""
        found.append((x, y - 10, x + 6.3 * len(text), y + 2))
    return found


def test_timeline_labels_are_staggered_and_never_overlap():
    """Five resource ends close together: on separate lines, inside the picture, no overlap."""
    svg = render_timeline_svg(CompatibilityMatrix.from_dict(CROWDED), on=dt.date(2022, 1, 1))
    found = labels(svg)
    assert len(found) == 5
    assert len({y for _, y, _ in found}) >= 3  # staggered over several lines
    placed = boxes(svg)
    for i, a in enumerate(placed):
        assert a[0] >= 0, a
        assert a[2] <= 1000, a
        for b in placed[i + 1 :]:
            overlap = a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
            assert not overlap, (a, b)
    # The row grew: version 2's row starts below the last label of version 1.
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    second = root.find(f"{SVG}g[@data-version='2']/{SVG}text[@class='version-label']")
    assert second is not None
    assert float(second.get("y", "0")) - 13 > max(y for _, y, _ in found)


@pytest.mark.parametrize("path", [GOODDATA, COGNITE])
def test_bundled_timelines_have_no_overlapping_text(path):
    """The bundled examples' pictures: no two texts overlap (by estimated width)."""
    for on in (dt.date(2020, 6, 1), dt.date(2024, 1, 1)):
        placed = boxes(render_timeline_svg(CompatibilityMatrix.load(path), on=on))
        for i, a in enumerate(placed):
            for b in placed[i + 1 :]:
                assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)


def test_schema_file_is_found_from_an_example_directory():
    """The docs' advice works: examples/ reaches the schema by a relative path."""
    assert (Path(ROOT) / "apiversion_client" / "schema" / "matrix.schema.json").is_file()
