"""Every kind of bad matrix input raises MatrixError naming the file and the key path."""

from __future__ import annotations

import datetime as dt
import pickle

import pytest

from apiversion_client import CompatibilityMatrix, MatrixError

HEAD = 'versions = [{version = "1"}, {version = "2"}]\n'


def load(text: str, format: str = "toml") -> CompatibilityMatrix:
    """Load text as the file apiversions.toml."""
    return CompatibilityMatrix.loads(text, format=format, source="apiversions.toml")


def error_of(text: str, format: str = "toml") -> MatrixError:
    """The MatrixError that loading text raises."""
    with pytest.raises(MatrixError) as info:
        load(text, format)
    return info.value


def test_bad_date_message_names_file_and_key_path():
    """The documented example message, exactly."""
    error = error_of(
        '[[versions]]\nversion = "1"\n[[versions]]\nversion = "2"\n'
        '[[versions]]\nversion = "3"\nend_of_life = "2019-13"\n'
    )
    assert str(error) == "apiversions.toml: versions[2].end_of_life: not a date: '2019-13'"
    assert (error.source, error.key_path) == ("apiversions.toml", "versions[2].end_of_life")
    assert isinstance(error, ValueError)


def test_wrong_type():
    """A value of the wrong type names the expected and the actual type."""
    error = error_of('versions = "1"')
    assert str(error).startswith("apiversions.toml: versions: expected an array")
    error = error_of('versions = [{version = "1", sdks = {py = 1}}]')
    assert error.key_path == "versions[0].sdks.py"
    assert "expected a PEP 440 specifier string, got integer 1" in str(error)
    error = error_of(
        'versions = [{version = "1", changes = [{resources = ["/a"], breaking = "yes"}]}]'
    )
    assert error.key_path == "versions[0].changes[0].breaking"


def test_unknown_key_suggests_the_close_one():
    """An unknown key is refused with a did-you-mean from the allowed keys."""
    error = error_of('versions = [{version = "1", end_of_lfe = 2020-01-01}]')
    assert error.key_path == "versions[0].end_of_lfe"
    assert "did you mean 'end_of_life'?" in str(error)
    assert "did you mean 'versions'?" in str(error_of("version = []\nversions = []"))


def test_missing_required_key():
    """A version without its version, or a file without versions, is refused."""
    assert error_of("versions = [{released = 2020-01-01}]").key_path == "versions[0].version"
    assert error_of('[api]\nname = "x"').key_path == "versions"


def test_bad_specifier():
    """An SDK range that is not PEP 440 is refused, quoted."""
    error = error_of('versions = [{version = "1", sdks = {"python-sdk" = ">=1,<"}}]')
    assert str(error) == (
        "apiversions.toml: versions[0].sdks.\"python-sdk\": not a PEP 440 specifier: '>=1,<'"
    )


def test_duplicate_versions():
    """Two spellings of one version are duplicates."""
    error = error_of('versions = [{version = "1"}, {version = "v1"}]')
    assert error.key_path == "versions[1].version"
    assert "duplicate version 'v1' (versions[0] is '1')" in str(error)


def test_successor_must_exist():
    """A successor that the matrix does not list is refused, with the versions it does."""
    error = error_of('versions = [{version = "1", successor = "3"}, {version = "2"}]')
    assert error.key_path == "versions[0].successor"
    assert "no such version in the matrix: '3'" in str(error)
    assert "'2'" in str(error)


def test_bad_version_text():
    """A version that does not parse is refused with the parser's reason."""
    error = error_of('versions = [{version = "1 2"}]')
    assert error.key_path == "versions[0].version"
    assert "'1 2'" in str(error)


def test_bad_enum_value():
    """An unknown status, channel or change kind lists the allowed values."""
    error = error_of('versions = [{version = "1", status = "retired"}]')
    assert error.key_path == "versions[0].status"
    assert "'removed'" in str(error)
    assert "'retired'" in str(error)
    kind = error_of('versions = [{version = "1", changes = [{resources = ["/a"], kind = "x"}]}]')
    assert kind.key_path == "versions[0].changes[0].kind"


def test_bad_resource():
    """A resource that is not 'METHOD /path' or '/path' is refused."""
    error = error_of('versions = [{version = "1", changes = [{resources = ["GET x"]}]}]')
    assert error.key_path == "versions[0].changes[0].resources[0]"
    assert "'GET x'" in str(error)


def test_bad_policy_and_profile():
    """The policy's months must be a non-negative integer; profile must be a table."""
    assert error_of("policy = {stable_support_months = -1}\n" + HEAD).key_path == (
        "policy.stable_support_months"
    )
    assert error_of('policy = {stable_support_months = "12"}\n' + HEAD).key_path == (
        "policy.stable_support_months"
    )
    assert error_of('profile = "x"\n' + HEAD).key_path == "profile"


def test_bad_toml_syntax_gives_the_line():
    """A TOML syntax error says invalid TOML and the line."""
    error = error_of('versions = [\n{version = "1"\n')
    assert str(error).startswith("apiversions.toml: invalid TOML:")
    assert "line" in str(error)


def test_bad_json_syntax_gives_the_line():
    """A JSON syntax error says invalid JSON and the line; duplicate keys are refused."""
    error = error_of('{"versions": [\n  {"version": "1",}\n]}', "json")
    assert "invalid JSON" in str(error)
    assert "line 2" in str(error)
    duplicate = error_of('{"versions": [], "versions": []}', "json")
    assert "duplicate key 'versions'" in str(duplicate)


def test_unreadable_file(tmp_path):
    """A missing file or one that is not UTF-8 is a MatrixError naming the file."""
    missing = tmp_path / "nope.toml"
    with pytest.raises(MatrixError, match="cannot read the file") as info:
        CompatibilityMatrix.load(missing)
    assert info.value.source == str(missing)
    binary = tmp_path / "m.toml"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(MatrixError, match="not UTF-8"):
        CompatibilityMatrix.load(binary)


def test_top_level_must_be_a_table():
    """A JSON document that is not an object is refused."""
    assert "expected a table" in str(error_of("[1, 2]", "json"))


def test_unknown_format_is_a_value_error():
    """loads() only knows toml and json."""
    with pytest.raises(ValueError, match="'yaml'"):
        CompatibilityMatrix.loads("", format="yaml")


def test_matrix_error_pickles():
    """MatrixError keeps its source and key path through pickling."""
    error = error_of('versions = [{version = "1", released = "soon"}]')
    clone = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own data
    assert (clone.source, clone.key_path, str(clone)) == (error.source, error.key_path, str(error))


# ----------------------------------------------------------------------------
# Issue 14: inputs found by an adversarial run.  Each raised something other
# than MatrixError before (ValueError, RecursionError, OverflowError,
# AttributeError); each is now a MatrixError naming the file and the key path.

SUCCESSOR_RELEASED = (
    '[[versions]]\nversion = "1"\nsuccessor = "2"\n'
    '[[versions]]\nversion = "2"\nreleased = 2020-01-01\n'
)


def test_policy_months_past_the_year_9999():
    """A support window too long for any date names the policy key (was a plain ValueError)."""
    error = error_of("[policy]\nstable_support_months = 999999999\n" + SUCCESSOR_RELEASED)
    assert error.key_path == "policy.stable_support_months"
    assert error.problem == "must be at most 119988 (9999 years), got 999999999"
    # The largest window allowed still cannot end 9999 years after 2020: the version is named.
    error = error_of("[policy]\nstable_support_months = 119988\n" + SUCCESSOR_RELEASED)
    assert error.key_path == "policy.stable_support_months"
    assert "versions[0] (1)" in error.problem
    assert "119988 months after 2020-01-01 is past the year 9999" in error.problem
    huge = {"policy": {"stable_support_months": 10**5000}, "versions": []}
    with pytest.raises(MatrixError) as info:
        CompatibilityMatrix.from_dict(huge, source="m.toml")
    assert info.value.key_path == "policy.stable_support_months"
    assert "an integer of about 5001 digits" in str(info.value)


@pytest.mark.parametrize(
    ("format", "text"),
    [
        ("toml", "versions = []\nx = " + "7" * 5000),
        ("json", '{"versions": [], "x": ' + "7" * 5000 + "}"),
        ("toml", "versions = [{version = " + "7" * 5000 + "}]"),
    ],
)
def test_an_integer_of_5000_digits(format, text):
    """An integer longer than Python converts is bad syntax of its format, not a ValueError."""
    error = error_of(text, format)
    assert error.problem.startswith(f"invalid {format.upper()}: a number is too long to read")
    assert error.source == "apiversions.toml"


@pytest.mark.parametrize(
    ("format", "text"),
    [
        ("toml", "versions = " + "[" * 3000 + "]" * 3000),
        ("toml", 'versions = [{version = "1", description = ' + "{a = " * 3000 + "1" + "}" * 3000),
        ("json", '{"versions": ' + "[" * 100_000 + "]" * 100_000 + "}"),
        ("json", '{"versions": [], "x": ' + '{"a": ' * 100_000 + "1" + "}" * 100_001),
    ],
)
def test_deeply_nested_documents(format, text):
    """Arrays or tables nested thousands deep are refused, not a RecursionError."""
    error = error_of(text, format)
    assert error.problem == f"invalid {format.upper()}: arrays or tables nested too deeply to read"


def test_deeply_nested_values_from_a_mapping_are_quoted_briefly():
    """from_dict with a value nested 10,000 deep: the message quotes a bounded prefix."""
    deep: list[object] = []
    inner = deep
    for _ in range(10_000):
        inner.append([])
        inner = inner[0]  # type: ignore[assignment]
    with pytest.raises(MatrixError) as info:
        CompatibilityMatrix.from_dict({"versions": deep}, source="m.toml")
    assert info.value.key_path == "versions[0]"
    assert "expected a table, got array [[[...]]]" in str(info.value)


def test_huge_values_from_a_mapping():
    """An integer of 5,000 digits where a version or a string belongs is named, not repr'd."""
    big = 10**5000
    for data, key in [
        ({"versions": [{"version": big}]}, "versions[0].version"),
        ({"versions": [{"version": "1", "sdks": {"py": big}}]}, "versions[0].sdks.py"),
        ({"versions": [{"version": "1", "description": big}]}, "versions[0].description"),
        ({"versions": [{"version": "1", "released": big}]}, "versions[0].released"),
        ({"versions": [{"version": "1"}], big: 1}, ""),  # a key: the table holding it
    ]:
        with pytest.raises(MatrixError) as info:
            CompatibilityMatrix.from_dict(data, source="m.toml")
        assert info.value.key_path == key
        assert "about 5001 digits" in str(info.value)


def test_sdk_names_must_be_strings():
    """A mapping whose sdks table has a non-string key: MatrixError, not AttributeError."""
    with pytest.raises(MatrixError) as info:
        CompatibilityMatrix.from_dict({"versions": [{"version": "1", "sdks": {5: ">=1"}}]})
    assert info.value.key_path == "versions[0].sdks"
    assert "an SDK name must be a string, got integer 5" in str(info.value)


def test_a_datetime_whose_utc_date_is_before_the_year_1():
    """0001-01-01T00:00:00+01:00 is a valid TOML datetime with no UTC date: not an OverflowError."""
    error = error_of('versions = [{version = "1", released = 0001-01-01T00:00:00+01:00}]')
    assert error.key_path == "versions[0].released"
    assert "out of range" in error.problem


def test_a_date_far_in_the_future_loads_and_renders():
    """An end of life on 9999-12-31 loads, answers queries and draws (no overflow)."""
    from apiversion_client._timeline import render_timeline_svg

    matrix = load('versions = [{version = "1", released = 0001-01-01, end_of_life = 9999-12-31}]')
    assert matrix.status("1", on=dt.date(2024, 1, 1)).value == "stable"
    assert "<svg" in render_timeline_svg(matrix, on=dt.date(2024, 1, 1))


def test_bad_policy_superseded():
    """The policy's superseded takes "stable" or "deprecated" only."""
    error = error_of('policy = {superseded = "removed"}\n' + HEAD)
    assert error.key_path == "policy.superseded"
    assert "expected 'stable' or 'deprecated', got 'removed'" in str(error)
    assert error_of("policy = {superseded = 5}\n" + HEAD).key_path == "policy.superseded"
    assert error_of('policy = {superseded = "retired"}\n' + HEAD).key_path == "policy.superseded"
