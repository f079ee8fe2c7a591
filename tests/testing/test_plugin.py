"""The pytest plugin, run inside pytester."""

from __future__ import annotations

import fnmatch

import pytest

from apiversion_client import Notice, NoticeKind, Policy, Reporter

# Plugins installed beside this one (pytest-asyncio) may warn at configure time,
# which the outer run's filterwarnings = error would turn into an error in-process.
OTHERS = ("-p", "no:asyncio")


def run(pytester, *args):
    return pytester.runpytest(*args, *OTHERS)


INNER = """
import pytest
from apiversion_client import Notice, NoticeKind, Policy, Reporter

def report(kind, version, resource, message):
    Reporter(Policy(default="collect")).report(
        [Notice(kind=NoticeKind(kind), message=message, requested_version=version,
                resource=resource)]
    )

def test_one():
    report("deprecated", "4", "POST /x", "POST /x at API version 4 is deprecated.")
    report("deprecated", "4", "POST /x", "POST /x at API version 4 is deprecated.")

def test_two():
    report("deprecated", "4", "POST /x", "POST /x at API version 4 is deprecated.")
    report("unstable", "v1-beta", None, "API version v1-beta is a beta version.")
"""

UNSTABLE_ONLY = """
from apiversion_client import Notice, NoticeKind, Policy, Reporter

def test_beta():
    Reporter(Policy(default="collect")).report(
        [Notice(kind=NoticeKind.UNSTABLE, message="beta", requested_version="v1-beta")]
    )
"""


def test_summary_groups_notices_by_version_and_resource(pytester):
    """The end-of-run summary lists notices by version, then resource, with their tests."""
    pytester.makepyfile(test_inner=INNER)
    result = run(pytester)
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(
        [
            "*API version notices (apiversion_client)*",
            "API version 4",
            "  POST /x",
            "    [deprecated] 3 times: POST /x at API version 4 is deprecated.",
            "      test_inner.py::test_one",
            "      test_inner.py::test_two",
            "API version v1-beta",
            "  (any resource)",
            "    [unstable] 1 time: API version v1-beta is a beta version.",
            "-- 4 notices; --apiversion-strict fails the run on deprecations and breaking changes",
        ]
    )
    assert result.ret == 0


def test_no_summary_when_no_notice_was_seen(pytester):
    """A run that saw no notice prints nothing of the plugin's."""
    pytester.makepyfile(test_quiet="def test_nothing():\n    assert True\n")
    result = run(pytester)
    result.assert_outcomes(passed=1)
    assert "apiversion_client" not in result.stdout.str()


def test_strict_fails_a_run_that_saw_a_deprecation(pytester):
    """--apiversion-strict turns a green run with a deprecation into a failed one, saying why."""
    pytester.makepyfile(test_inner=INNER)
    result = run(pytester, "--apiversion-strict")
    result.assert_outcomes(passed=2)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        [
            "apiversion strict: 3 deprecation notices that no test expected; the run fails. "
            "A test that triggers notices on purpose says so with @pytest.mark.apiversion_expected."
        ]
    )


@pytest.mark.parametrize(
    ("args", "last"),
    [
        ((), "=* 2 passed, 3 deprecation notices (apiversion strict) in *s =*"),
        (("-q",), "2 passed, 3 deprecation notices (apiversion strict) in *s"),
        (
            ("-q", "-k", "test_two"),
            "1 passed, 1 deselected, 1 deprecation notice (apiversion strict) in *s",
        ),
    ],
)
def test_the_last_line_of_a_failed_strict_run_says_why(pytester, args, last):
    """The run's last line counts the deprecations that failed it, in the right number."""
    pytester.makepyfile(test_inner=INNER)
    result = run(pytester, "--apiversion-strict", *args)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert fnmatch.fnmatchcase(result.stdout.lines[-1], last), result.stdout.lines[-1]


def test_the_last_line_of_a_run_that_is_not_strict_is_pytests_own(pytester):
    """Without strict the last line counts tests only."""
    pytester.makepyfile(test_inner=INNER)
    result = run(pytester, "-q")
    assert result.ret == 0
    assert "apiversion" not in result.stdout.lines[-1]


def test_strict_from_the_ini_file(pytester):
    """The ini option apiversion_strict = true works like the flag."""
    pytester.makeini("[pytest]\napiversion_strict = true\n")
    pytester.makepyfile(test_inner=INNER)
    assert run(pytester).ret == pytest.ExitCode.TESTS_FAILED


def test_strict_ignores_notices_that_are_not_deprecations(pytester):
    """An unstable-channel notice alone does not fail a strict run, and the summary says so."""
    pytester.makepyfile(test_beta=UNSTABLE_ONLY)
    result = run(pytester, "--apiversion-strict")
    assert result.ret == 0
    result.stdout.fnmatch_lines(
        [
            "*[[]unstable[]] 1 time: beta",
            "*test_beta.py::test_beta",
            "-- 1 notice; none is an unexpected deprecation or breaking change, so "
            "--apiversion-strict passes",
        ]
    )


def test_every_count_in_the_summary_reads_right_for_one(pytester):
    """One notice, one test past five, one hidden entry: all singular."""
    pytester.makepyfile(
        test_one="""
        import datetime as dt
        import pytest
        from apiversion_client import Notice, NoticeKind, Policy, Reporter

        def report(resource, day=1):
            Reporter(Policy(default="collect")).report(
                [Notice(kind=NoticeKind.DEPRECATED, message=f"{resource} is deprecated.",
                        requested_version="4", resource=resource, sunset=dt.date(2030, 1, day))]
            )

        @pytest.mark.parametrize("n", range(6))
        def test_six(n):
            report("GET /a-six")

        @pytest.mark.parametrize("day", range(2, 27))
        def test_many(day):
            report("GET /many", day)
        """
    )
    result = run(pytester)
    result.stdout.fnmatch_lines(
        [
            "    [[]deprecated[]] 6 times: GET /a-six is deprecated.",
            "      test_one.py::test_six[[]4[]]",
            "      ... and 1 more test",
            "... and 1 more (1 notice) not shown",
            "-- 31 notices; --apiversion-strict fails the run on deprecations and breaking changes",
        ]
    )
    single = pytester.makepyfile(test_one=UNSTABLE_ONLY)
    assert single.name == "test_one.py"
    run(pytester).stdout.fnmatch_lines(
        ["-- 1 notice; --apiversion-strict fails the run on deprecations and breaking changes"]
    )


def test_a_deprecation_seen_on_hundreds_of_resources_is_one_entry(pytester):
    """A version deprecated as a whole, seen on 300 URLs, is one entry naming the first few."""
    pytester.makepyfile(
        test_flood="""
        from apiversion_client import Notice, NoticeKind, Policy, Reporter

        def test_flood():
            reporter = Reporter(Policy(default="collect"))
            for i in range(300):
                reporter.report(
                    [Notice(kind=NoticeKind.DEPRECATED, requested_version="3",
                            resource=f"GET /users/user-{i}",
                            message=f"GET /users/user-{i} at API version 3 is deprecated.")]
                )
        """
    )
    result = run(pytester, "--apiversion-strict")
    result.stdout.fnmatch_lines(
        [
            "API version 3",
            "  seen on 300 resources: GET /users/user-0, GET /users/user-1, GET /users/user-2,"
            " GET /users/user-3, GET /users/user-4 and 295 more resources",
            "    [[]deprecated[]] 300 times: GET /users/user-0 at API version 3 is deprecated.",
            "      test_flood.py::test_flood",
            "-- 300 notices",
            "apiversion strict: 300 deprecation notices that no test expected; *",
        ],
        consecutive=True,
    )


def test_api_notices_fixture_holds_the_tests_own_notices(pytester):
    """api_notices is a collector with this test's notices and no other test's."""
    pytester.makepyfile(
        test_fixture="""
        from apiversion_client import Notice, NoticeKind, Policy, Reporter

        def test_first(api_notices):
            Reporter(Policy(default="collect")).report(
                [Notice(kind=NoticeKind.SUNSET, message="ends", requested_version="2")]
            )
            assert [n.message for n in api_notices.notices] == ["ends"]
            assert len(api_notices.deprecations) == 1

        def test_second(api_notices):
            assert api_notices.notices == ()
        """
    )
    run(pytester).assert_outcomes(passed=2)


def test_plugin_loads_from_its_entry_point_in_a_fresh_process(pytester):
    """In a subprocess the pytest11 entry point loads the plugin, which fails a strict run."""
    pytester.makepyfile(test_inner=INNER)
    result = pytester.runpytest_subprocess("--apiversion-strict", *OTHERS)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*API version notices (apiversion_client)*"])
    disabled = pytester.runpytest_subprocess("-p", "no:apiversion_client", *OTHERS)
    assert "apiversion_client" not in disabled.stdout.str()


def test_inner_runs_do_not_leak_into_the_outer_fixture(pytester, api_notices):
    """Notices of a nested run reach its own log; this test's collector sees them too."""
    pytester.makepyfile(test_inner=INNER)
    run(pytester).assert_outcomes(passed=2)
    Reporter(Policy(default="collect")).report(
        [Notice(kind=NoticeKind.UNSTABLE, message="outer", requested_version="v1-beta")]
    )
    assert [n.message for n in api_notices.notices][-1] == "outer"
    assert len(api_notices) == 5
