"""The apiversion-client command line, run through its real entry points in subprocesses."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from apiversion_client import CompatibilityMatrix, render_markdown
from apiversion_client.testing import ReferenceServer, example_matrix

ROOT = Path(__file__).resolve().parents[2]
GOODDATA = str(ROOT / "examples" / "gooddata.toml")
COGNITE = str(ROOT / "examples" / "cognite.toml")
SVG = "{http://www.w3.org/2000/svg}"
COMMANDS = ["check", "validate", "table", "timeline", "probe", "serve", "demo"]

DEPRECATING = """
[api]
name = "Acme"
profile = "rfc"

[[versions]]
version = "1"
released = 2020-01-01
deprecated = 2021-01-01
end_of_life = 2030-01-01
successor = "2"
sdks = { acme = ">=1" }

[[versions]]
version = "2"
released = 2021-01-01
end_of_life = 2031-03-01
sdks = { acme = ">=2" }
"""


def run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "apiversion_client", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def assert_usage_error(result: subprocess.CompletedProcess[str], text: str) -> None:
    assert result.returncode == 2, result.stderr
    assert text in result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture
def acme(tmp_path):
    path = tmp_path / "acme.toml"
    path.write_text(DEPRECATING)
    return str(path)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    """`COMMAND --help` exits 0 and shows an example invocation."""
    result = run(command, "--help")
    assert result.returncode == 0
    assert f"example:\n  apiversion-client {command}" in result.stdout


def test_console_script_is_installed_and_runs():
    """The `apiversion-client` script declared in pyproject runs the same command line."""
    script = shutil.which("apiversion-client")
    if script is None:
        pytest.skip("the console script is not on PATH (package not installed)")
    result = subprocess.run(
        [script, "table", COGNITE, "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    assert json.loads(result.stdout)["api"]["name"] == "Cognite Data Fusion"


def test_no_command_is_a_usage_error():
    """Without a command the usage is printed on stderr with exit code 2."""
    result = run()
    assert_usage_error(result, "usage: apiversion-client")


def test_check_prints_support_default_and_days_left():
    """Check lists the supported versions, the default pin and days to each end of life."""
    result = run(
        "check", COGNITE, "--sdk", "python-sdk", "--sdk-version", "0.9", "--on", "2020-06-01"
    )
    assert result.returncode == 0, result.stdout
    assert "0.5           stable      2021-03-22 (in 294 days)" in result.stdout
    assert "default pin: 0.5" in result.stdout
    assert result.stdout.rstrip().endswith("OK")


def test_check_warns_on_deprecated_and_ending_soon(acme):
    """A deprecated pin, or one ending within --warn-days, exits 1."""
    deprecated = run("check", acme, "--sdk-version", "1.5", "--on", "2022-01-01")
    assert deprecated.returncode == 1
    assert "warning: API version 1 is deprecated; it ends on 2030-01-01" in deprecated.stdout
    ending = run("check", acme, "--sdk-version", "2.0", "--on", "2031-01-01", "--warn-days", "90")
    assert ending.returncode == 1
    assert "API version 2 ends on 2031-03-01, in 59 days" in ending.stdout
    fine = run("check", acme, "--sdk-version", "2.0", "--on", "2031-01-01", "--warn-days", "30")
    assert fine.returncode == 0


def test_check_fails_on_ended_or_incompatible(acme):
    """An ended pin or an SDK release that supports nothing exits 2; --json says why."""
    ended = run(
        "check", COGNITE, "--sdk", "python-sdk", "--sdk-version", "0.9", "--api-version", "0.5"
    )
    assert ended.returncode == 2
    assert "API version 0.5 reached its end of life on 2021-03-22" in ended.stdout
    old = run("check", acme, "--sdk-version", "0.1", "--on", "2022-01-01", "--json")
    assert old.returncode == 2
    report = json.loads(old.stdout)
    assert report["verdict"] == "error"
    assert report["default"] is None
    assert report["supported"] == []
    assert "acme 0.1" in report["messages"][0]
    wrong = run("check", acme, "--sdk-version", "1.0", "--api-version", "2", "--on", "2022-01-01")
    assert wrong.returncode == 2
    assert "SDK 1.0 does not support API version 2; it needs >=2" in wrong.stdout


def test_check_json_lists_versions():
    """Check --json gives every supported version with its status and days left."""
    result = run(
        "check",
        GOODDATA,
        "--sdk",
        "gooddata-js",
        "--sdk-version",
        "7.1",
        "--on",
        "2020-06-01",
        "--json",
    )
    report = json.loads(result.stdout)
    assert [row["version"] for row in report["supported"]] == ["1", "2", "3", "4"]
    assert [row["status"] for row in report["supported"]] == ["deprecated"] * 4
    assert report["default"] == "4"
    # Version 5 (which needs gooddata-js >=8) supersedes the default pin: a warning.
    assert (result.returncode, report["exit_code"]) == (1, 1)
    assert report["messages"] == ["API version 4 is deprecated"]


def test_check_input_errors_are_explained(acme):
    """Unknown SDK, ambiguous SDK, bad date and unknown version: exit 2, stderr, no traceback."""
    assert_usage_error(
        run("check", GOODDATA, "--sdk-version", "1"), "the matrix names several SDKs"
    )
    assert_usage_error(
        run("check", GOODDATA, "--sdk", "nope", "--sdk-version", "1"), "unknown SDK 'nope'"
    )
    assert_usage_error(
        run("check", acme, "--sdk-version", "1", "--on", "2020-02-30"), "not a date: '2020-02-30'"
    )
    assert_usage_error(
        run("check", acme, "--sdk-version", "1", "--api-version", "7"),
        "API version '7' is not in the matrix (versions: 1, 2)",
    )
    assert_usage_error(run("check", acme), "--sdk-version")


def test_validate_reports_findings_with_file_and_key_path():
    """Validate prints each finding with file and key path and exits 1 on errors."""
    result = run("validate", GOODDATA)
    assert result.returncode == 1
    assert (
        f"{GOODDATA}: versions[3].changes[0].predecessor_end_of_life: error: "
        "the predecessor's end of life 2019-10-01 is before this version's release 2019-11-14"
    ) in result.stdout
    clean = run("validate", COGNITE, "--json")
    assert clean.returncode == 0
    assert json.loads(clean.stdout) == {"findings": [], "exit_code": 0}


def test_bad_matrix_files_are_explained(tmp_path):
    """A missing file, bad TOML or a bad value: exit 2 with the MatrixError text."""
    bad = tmp_path / "bad.toml"
    bad.write_text('[[versions]]\nversion = "1"\nend_of_life = "2019-13"\n')
    assert_usage_error(run("validate", str(bad)), "versions[0].end_of_life")
    broken = tmp_path / "broken.toml"
    broken.write_text("[[versions]\n")
    assert_usage_error(run("table", str(broken)), "broken.toml")
    assert_usage_error(run("timeline", str(tmp_path / "missing.toml")), "missing.toml")


def test_table_renders_the_documentation_tables():
    """Table prints render_markdown's text, or the JSON form."""
    markdown = run("table", GOODDATA, "--sdk", "gooddata-js", "--on", "2020-06-01")
    assert markdown.returncode == 0
    matrix = CompatibilityMatrix.load(GOODDATA)
    expected = render_markdown(matrix, sdk="gooddata-js", on=dt.date(2020, 6, 1))
    assert markdown.stdout == expected
    as_json = run("table", COGNITE, "--format", "json")
    assert CompatibilityMatrix.from_dict(json.loads(as_json.stdout)) == CompatibilityMatrix.load(
        COGNITE
    )


def test_timeline_writes_an_svg_with_every_version(tmp_path):
    """Timeline -o writes SVG with one group per version, markers and the today line."""
    out = tmp_path / "lifecycle.svg"
    result = run("timeline", COGNITE, "-o", str(out), "--on", "2020-06-01")
    assert result.returncode == 0
    assert f"wrote {out}" in result.stdout
    root = ET.parse(out).getroot()  # noqa: S314 - our own file, not untrusted data
    assert root.tag == f"{SVG}svg"
    groups = root.findall(f"{SVG}g[@class='version']")
    assert [g.get("data-version") for g in groups] == [
        "0.3",
        "0.4",
        "0.5",
        "0.6",
        "v1-beta",
        "v1",
        "playground",
    ]
    assert [g.get("data-status") for g in groups][:4] == ["removed", "removed", "stable", "removed"]
    assert len(root.findall(f".//{SVG}line[@class='end-of-life']")) == 4
    assert len(root.findall(f"{SVG}line[@class='today']")) == 1
    sdk_lines = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "sdks"]
    assert "js-sdk <2 · python-sdk <1" in sdk_lines


@pytest.mark.network
def test_probe_reports_what_the_server_said():
    """Probe prints pin, deprecation, sunset and successor; exit 1 when deprecated."""
    with ReferenceServer(example_matrix("gooddata"), today="2020-06-01") as server:
        url = server.url + "/gdc/app/projects/1/executeAfm/debug"
        deprecated = run(
            "probe", url, "--profile", "gooddata", "--api-version", "4", "--method", "post"
        )
        fine = run("probe", url, "--profile", "gooddata", "--api-version", "5", "--json")
        removed = run(
            "probe",
            server.url + "/gdc/account/profile/1/projects",
            "--profile",
            "gooddata",
            "--api-version",
            "1",
        )
        assert server.requests[0].method == "POST"
    assert deprecated.returncode == 1
    assert "pinned      4 (header X-GDC-Version)" in deprecated.stdout
    assert "sunset      2021-01-01T00:00:00+00:00" in deprecated.stdout
    assert "successor   5" in deprecated.stdout
    report = json.loads(fine.stdout)
    assert fine.returncode == 0
    assert (report["status"], report["pinned"], report["deprecated"]) == (200, "5", False)
    assert removed.returncode == 2
    assert "-> 410 Gone" in removed.stdout
    assert "error       RequestsApiVersionRemovedError" in removed.stdout


@pytest.mark.network
def test_probe_input_errors_are_explained():
    """A bad URL, an unknown profile or a closed port: exit 2 with a one-line reason."""
    assert_usage_error(
        run("probe", "ftp://example.invalid/", "--profile", "github"), "not an absolute http(s) URL"
    )
    assert_usage_error(run("probe", "http://127.0.0.1:1/", "--profile", "nope"), "unknown profile")
    with ReferenceServer(example_matrix("gooddata")) as server:
        url = server.url + "/x"
    assert_usage_error(
        run("probe", url, "--profile", "gooddata", "--timeout", "5"), f"could not reach {url}"
    )


@pytest.mark.network
def test_serve_answers_and_stops_after_max_requests():
    """Serve prints its URL, logs each request and stops by itself after --max-requests."""
    import requests

    with subprocess.Popen(
        [
            sys.executable,
            "-m",
            "apiversion_client",
            "serve",
            GOODDATA,
            "--today",
            "2020-06-01",
            "--max-requests",
            "2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        try:
            first = process.stdout.readline()
            assert first.startswith("Serving GoodData (profile gooddata) on http://127.0.0.1:")
            url = first.split(" on ", 1)[1].split(";", 1)[0]
            pinned = requests.get(url + "/x", headers={"X-GDC-Version": "3"}, timeout=5)
            unknown = requests.get(url + "/x", headers={"X-GDC-Version": "8"}, timeout=5)
            out, _ = process.communicate(timeout=30)
        finally:
            process.kill()
    assert pinned.json()["version"] == "3"
    assert unknown.status_code == 400
    assert process.returncode == 0
    assert "GET /x -> 200 (version 3)\nGET /x -> 400\nStopped after 2 requests." in out


@pytest.mark.network
def test_serve_stops_after_duration_and_rejects_bad_input():
    """Serve --duration stops by itself; a bad --today or --port is a usage error."""
    result = run("serve", COGNITE, "--duration", "0.3", timeout=30)
    assert result.returncode == 0
    assert "Stopped after 0 requests." in result.stdout
    assert_usage_error(run("serve", COGNITE, "--today", "tomorrow"), "not a date: 'tomorrow'")
    assert_usage_error(run("serve", COGNITE, "--port", "99999"), "not a port number")


@pytest.mark.network
def test_demo_runs_offline_and_shows_each_screen():
    """Demo exits 0 within seconds and shows pinning, one warning, a typed error, a refusal."""
    result = run("demo", timeout=60)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for title in (
        "== 1. Pinning",
        "== 2. A deprecation, said once",
        "== 3. A removed version is a typed error",
        "== 4. An SDK release too old, refused before sending",
    ):
        assert title in out
    assert "The request carried X-GDC-Version: 5" in out
    assert "3 requests, 1 warning:" in out
    assert "error.successor = '2'" in out
    assert "requests that reached the server: 0" in out
    assert result.stderr == ""


@pytest.mark.parametrize("name", ["gooddata", "cognite"])
def test_bundled_examples_are_copies_of_the_examples(name):
    """The matrices shipped in the wheel are byte-for-byte the ones in examples/."""
    assert example_matrix(name).read_bytes() == (ROOT / "examples" / f"{name}.toml").read_bytes()


@pytest.mark.network
def test_probe_shows_server_text_with_control_characters_escaped():
    """A reason phrase, request id and Warning with escape sequences: escaped on the terminal."""
    import http.server
    import threading

    class Hostile(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200, "OK\x1b[2J\x1b[31mPWNED")
            self.send_header("Deprecation", "@1700000000")
            self._headers_buffer.append(b"X-Request-Id: id\x1b]0;title\x07\r\n")
            self._headers_buffer.append(b'Warning: 299 - "deprecated \x1b[31mred"\r\n')
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Hostile)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/x"
        result = run("probe", url, "--profile", "rfc", "--api-version", "2024-01-01")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
    assert result.returncode == 1
    assert "\x1b" not in result.stdout
    assert "\x07" not in result.stdout
    assert "-> 200 OK\\x1b[2J\\x1b[31mPWNED" in result.stdout
    assert "request id  id\\x1b]0;title\\x07" in result.stdout


@pytest.mark.parametrize("command", ["table", "timeline", "check"])
def test_a_json_matrix_with_a_lone_surrogate_is_a_matrix_error(tmp_path, command):
    """A lone-surrogate escape is valid JSON but no text: a MatrixError naming the key."""
    path = tmp_path / "m.json"
    path.write_text(
        '{"api": {"name": "Acme \\ud800"}, "versions": [{"version": "1", "sdks": {"py": ">=1"}}]}'
    )
    result = run(command, str(path), *(["--sdk-version", "1"] if command == "check" else []))
    assert_usage_error(result, "api.name")
    assert "lone surrogate" in result.stderr


@pytest.mark.parametrize("value", ["inf", "1e400", "nan", "0", "-1"])
def test_a_timeout_that_is_no_number_of_seconds_is_refused(value):
    """``--timeout inf`` is a usage error (it raised OverflowError from the socket)."""
    result = run("probe", "http://127.0.0.1:9/x", "--profile", "rfc", "--timeout", value)
    assert result.returncode == 2
    assert "not a positive number of seconds" in result.stderr
    assert "Traceback" not in result.stderr


def test_tripwire_explains_a_base_url_that_is_no_url():
    """``http://[::1`` is explained, exit 2 (it raised ValueError from urlsplit)."""
    assert_usage_error(run("tripwire", COGNITE, "http://[::1"), "not a valid URL")


def test_ctrl_c_ends_a_command_with_130_and_one_line(monkeypatch, capsys):
    """KeyboardInterrupt in a command: "interrupted" on stderr, exit 130, no traceback."""
    from apiversion_client import cli

    def interrupted(args, out):
        raise KeyboardInterrupt

    parser = cli.build_parser()
    monkeypatch.setattr(cli, "build_parser", lambda: parser)
    parser.set_defaults(handler=interrupted)
    for action in parser._subparsers._group_actions:  # every subcommand's handler
        for sub in action.choices.values():
            sub.set_defaults(handler=interrupted)
    assert cli.main(["validate", GOODDATA]) == 130
    assert capsys.readouterr().err == "apiversion-client validate: interrupted\n"
