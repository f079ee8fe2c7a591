"""Every kind of bad matrix input raises MatrixError naming the file and the key path."""

from __future__ import annotations

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
