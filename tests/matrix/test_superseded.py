"""policy.superseded: a stable version is deprecated once a newer stable version is released."""

from __future__ import annotations

import datetime as dt

import pytest

from apiversion_client import CompatibilityMatrix, MatrixPolicy, NoticeKind, NoticeSource, Status
from apiversion_client._core import Negotiator

from ._helpers import day, gooddata

ACME = CompatibilityMatrix.loads(
    """
[policy]
superseded = "deprecated"

[[versions]]
version = "1"
released = 2020-01-01

[[versions]]
version = "2-beta"
released = 2020-03-01

[[versions]]
version = "2"
released = 2020-06-01

[[versions]]
version = "3"
released = 2021-01-01
end_of_life = 2030-01-01
""",
    source="acme.toml",
)


@pytest.mark.parametrize(
    ("version", "on", "expected"),
    [
        ("1", "2020-05-31", Status.STABLE),  # a beta release does not supersede
        ("1", "2020-06-01", Status.DEPRECATED),  # from the release of 2, the next stable one
        ("2", "2020-12-31", Status.STABLE),
        ("2", "2021-01-01", Status.DEPRECATED),
        ("2-beta", "2025-01-01", Status.BETA),  # only stable versions are superseded
        ("3", "2025-01-01", Status.STABLE),  # the newest
        ("3", "2030-01-01", Status.REMOVED),  # the end of life still decides
    ],
)
def test_status_under_the_superseded_policy(version, on, expected):
    """Deprecated from the first release of a newer stable version; beta versions never."""
    assert ACME.status(version, on=day(on)) is expected


def test_deprecated_on_says_from_when():
    """deprecated_on gives the policy's date, the declared one, or None."""
    assert ACME.deprecated_on("1") == day("2020-06-01")
    assert ACME.deprecated_on("2") == day("2021-01-01")
    assert ACME.deprecated_on("2-beta") is None
    assert ACME.deprecated_on("3") is None
    declared = CompatibilityMatrix.from_dict(
        {
            "policy": {"superseded": "deprecated"},
            "versions": [
                {"version": "1", "released": "2020-01-01", "deprecated": "2020-02-01"},
                {"version": "2", "released": "2020-06-01"},
            ],
        }
    )
    assert declared.deprecated_on("1") == day("2020-02-01")  # the earlier of the two


def test_without_the_policy_a_newer_version_changes_nothing():
    """The default (superseded = "stable") keeps older versions stable."""
    plain = CompatibilityMatrix.from_dict({**ACME.to_dict(), "policy": {}})
    assert plain.policy == MatrixPolicy()
    assert plain.status("1", on=day("2025-01-01")) is Status.STABLE
    assert plain.deprecated_on("1") is None


def test_gooddata_versions_1_to_4_are_deprecated():
    """The bundled GoodData example: "any version older than the latest is deprecated"."""
    matrix = gooddata()
    assert matrix.policy.superseded is Status.DEPRECATED
    on = day("2024-01-01")
    assert [matrix.status(v, on=on).value for v in ("1", "2", "3", "4", "5")] == [
        "deprecated", "deprecated", "deprecated", "deprecated", "stable",
    ]  # fmt: skip
    assert [str(matrix.deprecated_on(v)) for v in ("1", "2", "3", "4")] == [
        "2018-09-08", "2018-11-15", "2019-11-14", "2020-01-16",
    ]  # fmt: skip
    # A deprecated version is still served and still the default of an SDK that has no newer one.
    assert matrix.latest(on=on) == matrix.get("5").version
    assert str(matrix.default_for("7.1", sdk="gooddata-js", on=on)) == "4"
    assert [str(v) for v in matrix.supported_by("7.1", sdk="gooddata-js", on=on)] == [
        "1", "2", "3", "4",
    ]  # fmt: skip


def test_a_deprecated_version_is_used_with_a_notice_not_refused():
    """Pinned to GoodData 4 today: the request is prepared (nothing refused), with one notice."""
    negotiator = Negotiator(
        "https://secure.gooddata.com",
        matrix=gooddata(),
        api_version="4",
        sdk="gooddata-js",
        sdk_version="7.1",
        today=dt.date(2024, 1, 1),
    )
    prepared = negotiator.prepare("GET", "https://secure.gooddata.com/gdc/md/project/objects")
    assert ("X-GDC-Version", "4") in prepared.set_headers
    [notice] = prepared.notices
    assert (notice.kind, notice.source) == (NoticeKind.DEPRECATED, NoticeSource.MATRIX)
    assert notice.successor == "5"
    assert "API version 4 is deprecated" in notice.message


def test_the_policy_round_trips_through_to_dict_and_json():
    """to_dict writes superseded only when it is not the default, and loads back equal."""
    assert ACME.to_dict()["policy"] == {"superseded": "deprecated"}
    assert CompatibilityMatrix.from_dict(ACME.to_dict()) == ACME
    assert "policy" not in CompatibilityMatrix.from_dict({"versions": []}).to_dict()
    assert CompatibilityMatrix.from_dict(gooddata().to_dict()) == gooddata()


def test_matrix_policy_refuses_other_statuses():
    """MatrixPolicy(superseded=...) takes STABLE or DEPRECATED only."""
    with pytest.raises(ValueError, match="superseded"):
        MatrixPolicy(superseded=Status.REMOVED)


def test_a_newer_version_without_a_release_date_is_a_warning():
    """With the policy, an undated newer stable version supersedes nothing: validate says so."""
    matrix = CompatibilityMatrix.loads(
        '[policy]\nsuperseded = "deprecated"\n'
        '[[versions]]\nversion = "1"\n[[versions]]\nversion = "2"\n',
        source="m.toml",
    )
    assert matrix.status("1", on=day("2030-01-01")) is Status.STABLE
    [finding] = matrix.validate()
    assert (finding.key_path, finding.severity) == ("versions[1].released", "warning")
    assert "cannot deprecate the versions before it" in finding.message
    assert gooddata().validate()[0].key_path.startswith("versions[3].changes")  # v1: no warning
