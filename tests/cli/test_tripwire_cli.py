"""apiversion-client tripwire: a live API against the declarations; exit codes as the others."""

from __future__ import annotations

import json

import pytest

from apiversion_client.testing import ReferenceServer, example_matrix

from .test_cli import COGNITE, GOODDATA, assert_usage_error, run

pytestmark = pytest.mark.network

ASSETS = "GET /projects/{project}/assets"


def test_promises_kept_exit_0_and_say_what_was_sent():
    """Each declaration is one request (its limits at their max); unfilled or unsafe ones skip."""
    with ReferenceServer(example_matrix("cognite"), today="2024-01-01") as server:
        base_url = server.base_url
        result = run("tripwire", COGNITE, base_url, "--param", "project=demo")
        [request] = server.requests
    assert result.returncode == 0, result.stderr
    assert request.path == "/api/v1/projects/demo/assets?limit=1000"
    assert result.stdout.splitlines() == [
        f"Cognite Data Fusion at {base_url} (API version v1): 2 declarations",
        "  kept     GET /projects/demo/assets?limit=1000 -> 200",
        "  skipped  POST /projects/demo/timeseries/data/list",
        "           POST is not sent (--methods GET)",
        "1 kept, 0 broken, 1 skipped, 0 error: OK",
    ]


def test_a_broken_promise_exits_1_with_the_message():
    """A reduced limit and a reordered page: exit 1, each named, in text and in JSON."""
    with ReferenceServer(example_matrix("cognite"), today="2024-01-01") as server:
        server.break_promise(ASSETS, "reduce-limit", limit=100)
        server.break_promise(
            "POST /projects/{project}/timeseries/data/list", "reorder", version="v1"
        )
        text = run(
            "tripwire", COGNITE, server.base_url, "--param", "project=p", "--methods", "get,post"
        )
        as_json = run(
            "tripwire",
            COGNITE,
            server.base_url,
            "--param",
            "project=p",
            "--methods",
            "GET,POST",
            "--json",
        )
    assert text.returncode == 1, text.stderr
    assert "  BROKEN   GET /projects/p/assets?limit=1000 -> 400" in text.stdout
    assert "(limit-reduced): the SDK relies on the API accepting limit up to 1000" in text.stdout
    assert "(sort-order-changed)" in text.stdout
    assert text.stdout.endswith("0 kept, 2 broken, 0 skipped, 0 error: BROKEN\n")
    report = json.loads(as_json.stdout)
    assert as_json.returncode == report["exit_code"] == 1
    assert report["verdict"] == "broken"
    assert [row["breaking_changes"] for row in report["declarations"]] == [
        ["limit-reduced limit"],
        ["sort-order-changed items[].datapoints[].timestamp"],
    ]
    assert report["declarations"][0]["status"] == 400


def test_a_pin_outside_every_range_checks_nothing_and_exits_2():
    """Nothing checked is not a pass: exit 2, each declaration saying why it was skipped."""
    with ReferenceServer(example_matrix("gooddata"), today="2019-06-01") as server:
        result = run("tripwire", GOODDATA, server.base_url, "--api-version", "1", "--param", "id=7")
    assert result.returncode == 2
    assert "declared for versions >=2, not for the pin 1" in result.stdout
    assert result.stdout.endswith("0 kept, 0 broken, 2 skipped, 0 error: ERROR\n")


def test_a_rejected_or_refused_version_is_an_error(tmp_path):
    """The server rejects the pin, or the matrix says it ended: an error row, exit 2."""
    with ReferenceServer(example_matrix("cognite"), today="2024-01-01") as server:
        rejected = run(
            "tripwire", COGNITE, server.base_url, "--param", "project=p", "--api-version", "v7"
        )
    assert rejected.returncode == 2
    assert "  ERROR    GET /projects/p/assets?limit=1000" in rejected.stdout
    assert "UnsupportedApiVersionError: API version v7 is not supported" in rejected.stdout
    ended = tmp_path / "ended.toml"
    ended.write_text(
        '[api]\nprofile = "github"\n[[versions]]\nversion = "2020-01-01"\n'
        'end_of_life = 2021-01-01\n[[relies]]\nresource = "GET /x"\n'
    )
    refused = run(
        "tripwire", str(ended), "http://127.0.0.1:1", "--api-version", "2020-01-01", "--json"
    )
    report = json.loads(refused.stdout)
    assert refused.returncode == report["exit_code"] == 2
    [row] = report["declarations"]
    assert row["result"] == "error"
    assert row["messages"][0].startswith("ApiVersionEndOfLifeError: ")


def test_input_errors_are_explained(tmp_path):
    """No declarations, a bad URL, a bad --param, an unreachable API: exit 2, one line each."""
    bare = tmp_path / "bare.toml"
    bare.write_text('[api]\nprofile = "github"\n[[versions]]\nversion = "2022-11-28"\n')
    assert_usage_error(run("tripwire", str(bare), "http://127.0.0.1:1"), "no [[relies]]")
    assert_usage_error(run("tripwire", COGNITE, "ftp://x/"), "not an absolute http(s) URL")
    assert_usage_error(
        run("tripwire", COGNITE, "http://127.0.0.1:1", "--param", "project"),
        "--param takes NAME=VALUE, got 'project'",
    )
    with ReferenceServer(example_matrix("cognite")) as server:
        url = server.base_url
    assert_usage_error(
        run("tripwire", COGNITE, url, "--param", "project=p", "--timeout", "5"),
        f"could not reach {url}",
    )
    assert_usage_error(run("tripwire", COGNITE, url, "--api-version", "not a version!"), "")


def test_help_has_an_example():
    """The --help of tripwire shows what it does and an example."""
    result = run("tripwire", "--help")
    assert result.returncode == 0
    assert "example:\n  apiversion-client tripwire apiversions.toml" in result.stdout
    assert "--param NAME=VALUE" in result.stdout


@pytest.mark.parametrize("value", ["my/project", "q?x", "a#b", "with space"])
def test_a_param_value_fills_one_segment_and_the_promise_is_still_checked(value):
    """Slashes, "?" and "#" in a --param value are encoded: the resource is still checked."""
    with ReferenceServer(example_matrix("cognite"), today="2024-01-01") as server:
        server.break_promise(ASSETS, "reduce-limit", limit=100)
        result = run("tripwire", COGNITE, server.base_url, "--param", f"project={value}")
        [request] = server.requests
    assert result.returncode == 1, result.stdout + result.stderr
    assert "BROKEN   GET /projects/" in result.stdout
    assert request.path.count("/") == 5  # /api/v1/projects/<one segment>/assets


def test_a_declaration_written_loosely_is_still_checked(tmp_path):
    """A lower-case method or a trailing slash names the same resource: checked, not skipped."""
    matrix = tmp_path / "m.toml"
    matrix.write_text(
        '[api]\nname = "T"\nprofile = "github"\n[[versions]]\nversion = "2022-11-28"\n'
        '[[relies]]\nresource = "get /items/{id}"\nfields = ["id"]\n'
        '[[relies]]\nresource = "GET /things/{id}/"\nfields = ["id"]\n'
    )
    from apiversion_client import CompatibilityMatrix

    with ReferenceServer(CompatibilityMatrix.load(matrix), today="2024-01-01") as server:
        result = run("tripwire", str(matrix), server.base_url, "--param", "id=5")
    assert "not checked" not in result.stdout, result.stdout
    assert result.stdout.count("kept     GET") == 2, result.stdout
    assert result.returncode == 0, result.stderr
