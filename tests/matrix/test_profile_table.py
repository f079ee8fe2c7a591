"""The profile a matrix names is checked when the matrix is loaded, with the key path."""

from __future__ import annotations

import pytest

from apiversion_client import CompatibilityMatrix, MatrixError, Profile, profiles
from apiversion_client._core import resolve_profile

VERSIONS = '\n[[versions]]\nversion = "1"\n'


def error_of(text: str) -> MatrixError:
    """The MatrixError that loading a TOML matrix named m.toml raises."""
    with pytest.raises(MatrixError) as info:
        CompatibilityMatrix.loads(text, source="m.toml")
    return info.value


@pytest.mark.parametrize(
    ("table", "key_path", "problem"),
    [
        ("path = 5", "profile.path", "expected a string, got integer 5"),
        ('path = "/v/{version}/x y"', "profile.path", "no spaces or control characters"),
        ("echo_headers = [5]", "profile.echo_headers[0]", "expected a string, got integer 5"),
        ('echo_headers = ["ok", "a b"]', "profile.echo_headers[1]", "not a valid HTTP header"),
        ("request_id_headers = {a = 1}", "profile.request_id_headers", "a string or an array"),
        (
            'header = "X-V\\r\\nX-Injected: 1"',
            "profile.header",
            "not a valid HTTP header or parameter name (only letters, digits and "
            "!#$%&'*+-.^_`|~; no spaces or line breaks): 'X-V\\r\\nX-Injected: 1'",
        ),
        ('readers = ["link", "nope"]', "profile.readers[1]", "unknown signal reader 'nope'"),
        ("readers = [true]", "profile.readers[0]", "expected a signal reader name"),
        ('extends = "githb"', "profile.extends", "did you mean 'github'?"),
        ('error_format = "xml"', "profile.error_format", "unknown 'xml'"),
        ('error_parser = "gooddata"', "profile.error_parser", "did you mean 'error_format'?"),
        ('unpinned = "newest"', "profile.unpinned", "expected one of 'oldest'"),
        ('default_version = "a b"', "profile.default_version", "not an API version"),
        ('headr = "X"', "profile.headr", "unknown profile key; did you mean 'header'?"),
        ('"x y" = 1', 'profile."x y"', "unknown profile key"),
        ("name = 1", "profile.name", "expected a string, got integer 1"),
    ],
)
def test_a_bad_profile_table_fails_on_load(table, key_path, problem):
    """Each bad [profile] value is a MatrixError on load naming profile.<key> and the problem."""
    error = error_of(f"[profile]\n{table}\n{VERSIONS}")
    assert error.key_path == key_path
    assert problem in error.problem
    assert str(error).startswith(f"m.toml: {key_path}: ")


def test_an_unknown_api_profile_fails_on_load_listing_the_built_in_ones():
    """[api] profile must name a built-in profile; the message lists them all, from BUILTIN."""
    error = error_of('[api]\nprofile = "nope"\n' + VERSIONS)
    assert error.key_path == "api.profile"
    assert error.problem.startswith("unknown profile 'nope'")
    assert ", ".join(profiles.BUILTIN) in error.problem
    assert "did you mean 'github'?" in error_of('[api]\nprofile = "githib"\n' + VERSIONS).problem


def test_built_in_profile_names_load_in_any_case():
    """[api] profile is read as profiles.get reads it: any case, surrounding spaces ignored."""
    for name in profiles.BUILTIN:
        matrix = CompatibilityMatrix.loads(f'[api]\nprofile = " {name.upper()} "\n' + VERSIONS)
        assert resolve_profile(None, matrix) is profiles.BUILTIN[name]


def test_a_good_profile_table_loads_and_builds_the_profile():
    """A valid [profile] table loads, and the session builds the profile it describes."""
    matrix = CompatibilityMatrix.loads(
        '[profile]\nextends = "rfc"\nname = "acme"\nheader = "Acme-Version"\n'
        'echo_headers = "Acme-Served"\nreaders = ["deprecation", "x-gdc-deprecated"]\n' + VERSIONS
    )
    profile = resolve_profile(None, matrix)
    assert (profile.name, profile.header, profile.echo_headers) == (
        "acme",
        "Acme-Version",
        ("Acme-Served",),
    )
    assert {reader.value for reader in profile.readers} == {"deprecation", "x-gdc-deprecated"}


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"path": 5}, "path: expected a string, got integer 5"),
        ({"echo_headers": [5]}, "echo_headers[0]: expected a string, got integer 5"),
        ({"header": "X-V\r\nX-Injected: 1"}, "header: not a valid HTTP header or parameter name"),
        ({"readers": ["nope"]}, "readers[0]: unknown signal reader 'nope'; expected one of"),
        ({"extends": "nope"}, "extends: unknown profile 'nope'"),
        ({5: "x"}, "integer 5: unknown profile key"),
    ],
)
def test_profile_from_dict_names_the_key(table, message):
    """Profile.from_dict raises a ValueError whose message starts with the key, then the problem."""
    with pytest.raises(ValueError) as info:
        Profile.from_dict(table)
    assert str(info.value).startswith(message)


@pytest.mark.parametrize(
    ("table", "key_path"),
    [
        ({"path": 5}, "profile.path"),
        ({"echo_headers": [5]}, "profile.echo_headers[0]"),
        ({"header": "X-V\r\nX-Injected: 1"}, "profile.header"),
        ({"readers": ["nope"]}, "profile.readers[0]"),
    ],
)
def test_a_session_on_a_matrix_built_by_hand_names_the_key_too(table, key_path):
    """A matrix built without the loader: building the session names profile.<key> as before."""
    matrix = CompatibilityMatrix(versions=(), profile_table=table, source="m.toml")
    with pytest.raises(MatrixError) as info:
        resolve_profile(None, matrix)
    assert info.value.key_path == key_path
    assert not isinstance(info.value.__cause__, AttributeError)


def test_profile_constructor_refuses_wrong_types():
    """Profile(header=5) or Profile(path=5) is a TypeError, not a later AttributeError."""
    with pytest.raises(TypeError, match="expected a string, got integer 5"):
        Profile(name="x", header=5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="expected a string, got integer 5"):
        Profile(name="x", path=5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="expected a string, got integer 5"):
        Profile(name="x", echo_headers=[5])  # type: ignore[list-item]


def test_api_profile_with_a_profile_table_is_a_validate_warning():
    """[api] profile wins over a [profile] table: validate() says the table is ignored."""
    matrix = CompatibilityMatrix.loads(
        '[api]\nprofile = "rfc"\n[profile]\nheader = "X-A"\n' + VERSIONS, source="m.toml"
    )
    [finding] = matrix.validate()
    assert (finding.key_path, finding.severity) == ("profile", "warning")
    assert 'extends = "rfc"' in finding.message
