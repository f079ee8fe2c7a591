"""Version status, the policy, SDK ranges and lookups on small hand-made matrices."""

from __future__ import annotations

import datetime as dt
import types

import attrs
import pytest
from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version

from apiversion_client import (
    ApiVersion,
    CompatibilityMatrix,
    IncompatibleSdkVersionError,
    Status,
)
from apiversion_client._matrix._query import sdk_version_of

from ._helpers import cognite, day

V = ApiVersion.parse

LIFECYCLE = CompatibilityMatrix.loads(
    """
[policy]
stable_support_months = 12

[[versions]]
version = "1"
released = 2020-01-01
successor = "2"
sdks = { py = "<2" }

[[versions]]
version = "2"
released = 2021-06-15
deprecated = "2022-01"
end_of_life = 2023-01-01
sdks = { py = ">=2.0.0a1" }

[[versions]]
version = "3"
status = "beta"
sdks = { py = ">=3" }

[[versions]]
version = "4"
status = "removed"

[[versions]]
version = "5"
status = "deprecated"
end_of_life = 2024-01-01
sdks = { py = ">=9" }
"""
)


@pytest.mark.parametrize(
    ("version", "on", "expected"),
    [
        ("1", "2021-06-14", Status.STABLE),
        ("1", "2021-06-15", Status.DEPRECATED),  # successor released, under a policy
        ("1", "2022-06-14", Status.DEPRECATED),
        ("1", "2022-06-15", Status.REMOVED),  # 12 months after the successor: derived
        ("2", "2021-12-31", Status.STABLE),
        ("2", "2022-01-01", Status.DEPRECATED),  # month precision: the first day counts
        ("2", "2023-01-01", Status.REMOVED),  # on the end-of-life date itself
        ("3", "2030-01-01", Status.BETA),  # declared
        ("4", "2000-01-01", Status.REMOVED),  # declared, no dates
        ("5", "2023-12-31", Status.DEPRECATED),  # declared
        ("5", "2024-01-01", Status.REMOVED),  # the dates say later in life: they win
    ],
)
def test_status_table(version, on, expected):
    """Declared statuses win unless the dates say the version is later in life."""
    assert LIFECYCLE.status(version, on=day(on)) is expected


def test_policy_derives_an_estimated_end_of_life():
    """A stable version with a released successor ends stable_support_months after it."""
    info = LIFECYCLE.get("1")
    assert info is not None
    assert info.end_of_life == day("2022-06-15")
    assert info.end_of_life_estimated
    assert info.end_of_life_from_policy
    two = LIFECYCLE.get("2")
    assert two is not None
    assert not two.end_of_life_from_policy


def test_on_accepts_datetimes_by_their_utc_date():
    """An aware datetime counts by its UTC date; a naive one is taken as UTC."""
    late_in_new_york = dt.datetime(2022, 12, 31, 20, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    assert LIFECYCLE.status("2", on=late_in_new_york) is Status.REMOVED
    assert LIFECYCLE.status("2", on=dt.datetime(2022, 12, 31, 23, 59)) is Status.DEPRECATED
    assert LIFECYCLE.status("3") is Status.BETA  # default: today


def test_get_accepts_any_spelling_and_unknown_versions_are_none():
    """get() finds a version by an equal spelling; an unlisted one is None."""
    assert LIFECYCLE.get(V("v1")) is LIFECYCLE.get("1")
    assert LIFECYCLE.get(1) is LIFECYCLE.get("1")
    assert LIFECYCLE.get("9") is None
    with pytest.raises(KeyError, match="'9' is not in the matrix"):
        LIFECYCLE.status("9")


def test_sdk_supports_and_compatible_releases():
    """Ranges decide; prereleases match; a version without sdks supports every release."""
    assert LIFECYCLE.sdk_supports("1", "1.9")
    assert not LIFECYCLE.sdk_supports("1", Version("2.0"))
    assert LIFECYCLE.sdk_supports("2", "2.0.0b1")  # pre-releases match
    assert LIFECYCLE.sdk_supports("3", "3.1.0rc1")
    assert LIFECYCLE.sdk_supports("4", "0.1")  # declares no sdks at all
    assert LIFECYCLE.compatible_sdk_releases("1") == SpecifierSet("<2")
    assert LIFECYCLE.compatible_sdk_releases("4") is None
    with pytest.raises(ValueError, match="'not a version'"):
        LIFECYCLE.sdk_supports("1", "not a version")


def test_version_declaring_other_sdks_only_does_not_support_this_one():
    """A version that names SDKs but not this one does not support it."""
    matrix = cognite()
    assert not matrix.sdk_supports("0.3", "1.0", sdk="js-sdk")
    assert matrix.compatible_sdk_releases("0.3", sdk="js-sdk") is None
    assert matrix.compatible_sdk_releases("v1", sdk="js-sdk") == SpecifierSet(">=2,<3")


def test_default_for_prefers_the_newest_stable_supported_version():
    """default_for skips beta and removed versions, keeps deprecated ones."""
    assert LIFECYCLE.default_for("2.1", on=day("2022-03-01")) == V("2")
    assert LIFECYCLE.default_for("1.0", on=day("2021-07-01")) == V("1")  # deprecated, usable
    with pytest.raises(IncompatibleSdkVersionError, match=r"py 1\.0 supports no stable API"):
        LIFECYCLE.default_for("1.0", on=day("2022-06-15"))


def test_supported_by_includes_every_channel():
    """supported_by lists beta versions too, oldest first."""
    # 4 is removed (declared) though it declares no sdks, so it would support every release.
    assert LIFECYCLE.supported_by("3.1", on=day("2022-01-01")) == (V("2"), V("3"))
    assert V("3") in LIFECYCLE.supported_by("3.1", on=day("2022-01-01"))


def test_no_sdk_names_means_every_version_supports_every_release():
    """A matrix without sdks needs no sdk name and supports every release."""
    matrix = CompatibilityMatrix.from_dict({"versions": [{"version": "1"}, {"version": "2"}]})
    assert matrix.sdk_names == ()
    assert matrix.default_for("0.1", on=day("2024-01-01")) == V("2")


def test_values_are_frozen():
    """VersionInfo and the matrix cannot be changed; sdks is a read-only mapping."""
    info = LIFECYCLE.get("1")
    assert info is not None
    assert isinstance(info.sdks, types.MappingProxyType)
    with pytest.raises(TypeError):
        info.sdks["py"] = SpecifierSet(">=0")  # type: ignore[index]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        info.released = None  # type: ignore[misc]
    assert hash(info) == hash(LIFECYCLE.get(1))


def test_profile_table_is_kept_raw():
    """A [profile] table is kept as written (once checked), read-only."""
    matrix = CompatibilityMatrix.loads(
        '[profile]\nheader = "X-Api-Version"\nreaders = "link"\n[[versions]]\nversion = "1"\n'
    )
    assert matrix.profile_table == {"header": "X-Api-Version", "readers": "link"}
    assert matrix.profile_name is None
    assert LIFECYCLE.profile_table is None


def test_json_and_toml_give_equal_matrices():
    """The same document in JSON and TOML loads to equal matrices."""
    json_text = (
        '{"versions": [{"version": "1", "released": "2020-01-01", "sdks": {"py": "<2"},'
        ' "changes": [{"resources": ["/a"], "predecessor_end_of_life": "2021-01"}]}]}'
    )
    toml_text = (
        '[[versions]]\nversion = "1"\nreleased = 2020-01-01\nsdks = {py = "<2"}\n'
        '[[versions.changes]]\nresources = ["/a"]\npredecessor_end_of_life = "2021-01"\n'
    )
    assert CompatibilityMatrix.loads(json_text, format="json") == CompatibilityMatrix.loads(
        toml_text
    )


@pytest.mark.parametrize(
    "call",
    [
        lambda m: m.supported_by("two"),
        lambda m: m.default_for("two", on=dt.date(2021, 1, 1)),
        lambda m: m.sdk_supports("1", "two"),
    ],
)
def test_a_bad_sdk_version_names_the_argument(call):
    """sdk_version="two": a ValueError naming the argument and quoting the value."""
    with pytest.raises(ValueError) as info:
        call(LIFECYCLE)
    assert str(info.value) == "sdk_version: not a PEP 440 version: 'two'"
    assert isinstance(info.value, InvalidVersion)  # still what packaging raises, for old callers


def test_sdk_version_of_is_the_one_check_for_every_caller():
    """The check the session constructors can share: types and values, with the argument name."""
    assert sdk_version_of(" 1.2 ") == Version("1.2")
    assert sdk_version_of(Version("3")) == Version("3")
    assert sdk_version_of(2) == Version("2")
    with pytest.raises(ValueError, match=r"^sdk_version: expected a str or packaging"):
        sdk_version_of(None)
    with pytest.raises(ValueError, match=r"^release: not a PEP 440 version: 'x y'"):
        sdk_version_of("x y", argument="release")


def test_knows_says_whether_the_matrix_lists_a_version():
    """knows() is True for any spelling of a listed version, False otherwise; it never raises."""
    assert LIFECYCLE.knows("1")
    assert LIFECYCLE.knows("v1")
    assert LIFECYCLE.knows(1)
    assert LIFECYCLE.knows(V("5"))
    assert not LIFECYCLE.knows("6")
    assert not LIFECYCLE.knows("not a version!")
    assert not LIFECYCLE.knows("")
    assert not LIFECYCLE.knows(None)  # type: ignore[arg-type]
