"""Refusals before sending, from the matrix, and the notices known in advance."""

from __future__ import annotations

import datetime as dt

import pytest

from apiversion_client import (
    ApiVersionEndOfLifeError,
    IncompatibleSdkVersionError,
    Negotiator,
    NoticeKind,
    NoticeSource,
    OperationNotAvailableError,
)

GDC = "https://secure.gooddata.com"
CDF = "https://api.cognitedata.com"


def gooddata(matrix, pin, on, **kwargs):
    return Negotiator(GDC, matrix=matrix, api_version=pin, today=on, **kwargs)


def test_removed_version_is_refused_with_the_way_out(cognite_matrix):
    """A version past its end of life is refused before sending, naming the successor."""
    negotiator = Negotiator(
        CDF, matrix=cognite_matrix, api_version="0.5", today=dt.date(2021, 3, 23)
    )
    with pytest.raises(ApiVersionEndOfLifeError) as info:
        negotiator.prepare("GET", f"{CDF}/projects/p/assets")
    error = info.value
    assert error.end_of_life == dt.date(2021, 3, 22)
    assert error.requested_version == "0.5"
    assert error.successor == "v1"
    assert error.response is None
    for expected in ("2021-03-22", "v1", "not sent"):
        assert expected in str(error)


def test_end_of_life_day_itself_is_refused(cognite_matrix):
    """On the end-of-life date itself the version is gone (Cognite: removed 2021-03-22)."""
    negotiator = Negotiator(
        CDF, matrix=cognite_matrix, api_version="0.5", today=dt.date(2021, 3, 22)
    )
    with pytest.raises(ApiVersionEndOfLifeError):
        negotiator.prepare("GET", f"{CDF}/projects/p/assets")


def test_allow_ended_sends_anyway(cognite_matrix):
    """allow_ended=True is the escape hatch for people who know better."""
    negotiator = Negotiator(
        CDF, matrix=cognite_matrix, api_version="0.5", today=dt.date(2022, 1, 1), allow_ended=True
    )
    prepared = negotiator.prepare("GET", f"{CDF}/projects/p/assets")
    assert prepared.url == f"{CDF}/api/0.5/projects/p/assets"


def test_sdk_release_that_does_not_support_the_pin_is_refused(cognite_matrix):
    """An SDK release outside the version's range is refused, naming the releases that work."""
    negotiator = Negotiator(
        CDF,
        matrix=cognite_matrix,
        api_version="v1",
        sdk="python-sdk",
        sdk_version="0.11.0",
        today=dt.date(2020, 1, 1),
    )
    with pytest.raises(IncompatibleSdkVersionError) as info:
        negotiator.prepare("GET", f"{CDF}/projects/p/assets")
    assert info.value.compatible_sdk_releases == ">=1"
    assert info.value.sdk == "python-sdk"
    assert "python-sdk 0.11.0 does not support API version v1" in str(info.value)
    assert ">=1" in str(info.value)


def test_old_sdk_default_fails_when_nothing_is_left(cognite_matrix):
    """An SDK release whose every version has been removed cannot even build a session."""
    with pytest.raises(IncompatibleSdkVersionError):
        Negotiator(
            CDF,
            matrix=cognite_matrix,
            sdk="python-sdk",
            sdk_version="0.11.0",
            today=dt.date(2021, 3, 22),
        )


def test_resource_of_a_changed_version_is_deprecated_then_ended(gooddata_matrix):
    """GoodData semantics: a resource changed in v2 is deprecated at v1, then ends."""
    path = f"{GDC}/gdc/account/profile/123/projects"
    before = gooddata(gooddata_matrix, "1", dt.date(2019, 9, 1)).prepare("GET", path)
    [notice] = [n for n in before.notices if n.kind is NoticeKind.DEPRECATED]
    assert notice.source is NoticeSource.MATRIX
    assert notice.resource == "GET /gdc/account/profile/{id}/projects"
    assert notice.successor == "2"
    assert "2019-10-01" in notice.message
    with pytest.raises(ApiVersionEndOfLifeError) as info:
        gooddata(gooddata_matrix, "1", dt.date(2019, 10, 2)).prepare("GET", path)
    assert info.value.resource == "GET /gdc/account/profile/{id}/projects"
    assert info.value.successor == "2"


def test_unchanged_resource_at_old_version_is_fine(gooddata_matrix):
    """Resources that never changed after the pin share the pin's own status.

    GoodData's matrix says a superseded version is deprecated: the version is, and
    the notice says so for the version, not for this resource.
    """
    prepared = gooddata(gooddata_matrix, "1", dt.date(2019, 10, 2)).prepare(
        "GET", f"{GDC}/gdc/md/project/objects"
    )
    [notice] = prepared.notices
    assert notice.kind is NoticeKind.DEPRECATED
    assert notice.resource is None


def test_pinned_newer_version_serves_the_changed_resource(gooddata_matrix):
    """At the version that changed the resource, it has no end of life of its own.

    Version 2 is superseded (deprecated by GoodData's policy), so the notice points
    at the latest version, not at a change of this resource.
    """
    prepared = gooddata(gooddata_matrix, "2", dt.date(2019, 10, 2)).prepare(
        "GET", f"{GDC}/gdc/account/profile/1/projects"
    )
    [notice] = prepared.notices
    assert (notice.sunset, notice.successor) == (None, "5")


def test_operation_added_later_is_not_available():
    """An operation added in a later version is refused at an earlier pin."""
    from apiversion_client import CompatibilityMatrix

    matrix = CompatibilityMatrix.from_dict(
        {
            "api": {"name": "Acme", "profile": "rfc"},
            "versions": [
                {"version": "1", "released": "2020-01-01"},
                {
                    "version": "2",
                    "released": "2021-01-01",
                    "changes": [{"resources": ["POST /reports"], "kind": "added", "summary": "x"}],
                },
            ],
        }
    )
    negotiator = Negotiator("https://acme.test", matrix=matrix, api_version="1")
    with pytest.raises(OperationNotAvailableError) as info:
        negotiator.prepare("POST", "https://acme.test/reports")
    assert info.value.resource == "POST /reports"
    assert "version 2" in str(info.value)
    negotiator.prepare("GET", "https://acme.test/reports")  # another method: not refused


def test_unstable_channel_gives_a_notice(cognite_matrix):
    """A beta pin gives an UNSTABLE notice before sending."""
    negotiator = Negotiator(
        CDF, matrix=cognite_matrix, api_version="v1-beta", today=dt.date(2024, 1, 1)
    )
    prepared = negotiator.prepare("GET", f"{CDF}/projects/p/assets")
    kinds = {n.kind for n in prepared.notices}
    assert NoticeKind.UNSTABLE in kinds


def test_version_unknown_to_the_matrix_is_not_refused(gooddata_matrix):
    """A version the matrix does not list is sent as is (the server decides)."""
    prepared = gooddata(gooddata_matrix, "9", dt.date(2024, 1, 1)).prepare("GET", f"{GDC}/gdc")
    assert ("X-GDC-Version", "9") in prepared.set_headers


def test_matrix_profile_table_builds_a_custom_profile():
    """A matrix's [profile] table is the session's profile when none is given."""
    from apiversion_client import CompatibilityMatrix

    matrix = CompatibilityMatrix.loads(
        """
[api]
name = "Acme"

[profile]
name = "acme"
header = "Acme-Version"
echo_headers = ["Acme-Version-Served"]

[[versions]]
version = "2"
""",
        format="toml",
        source="acme.toml",
    )
    negotiator = Negotiator("https://acme.test", matrix=matrix, api_version="2")
    assert negotiator.profile.header == "Acme-Version"
    prepared = negotiator.prepare("GET", "https://acme.test/x")
    assert ("Acme-Version", "2") in prepared.set_headers


def test_matrix_profile_table_errors_name_file_and_key():
    """A bad [profile] table is a MatrixError naming the file and the key, on load and on use."""
    from apiversion_client import CompatibilityMatrix, MatrixError

    pattern = r"acme\.toml: profile\.headr: unknown profile key; did you mean .header.\?"
    with pytest.raises(MatrixError, match=pattern):
        CompatibilityMatrix.loads(
            '[api]\nname = "Acme"\n[profile]\nheadr = "X"\n[[versions]]\nversion = "2"\n',
            format="toml",
            source="acme.toml",
        )
    built = CompatibilityMatrix(versions=(), profile_table={"headr": "X"}, source="acme.toml")
    with pytest.raises(MatrixError, match=pattern):
        Negotiator("https://acme.test", matrix=built, api_version="2")


@pytest.mark.parametrize("own", ["a b", "5;q=1", "x" * 300])
def test_a_version_the_matrix_cannot_read_is_refused_for_an_sdk_release(gooddata_matrix, own):
    """A request's own version that is no version is unknown to the SDK release: refused.

    Without an SDK release the server decides; the refusal quotes the value
    (cut to 64 characters) and the redacted URL.
    """
    strict = gooddata(
        gooddata_matrix, "5", dt.date(2020, 1, 1), sdk="gooddata-python", sdk_version="1.0.0"
    )
    url = f"{GDC}/gdc/app/projects/1?token=secret"
    with pytest.raises(IncompatibleSdkVersionError, match="cannot read the API version") as info:
        strict.prepare("GET", url, {"X-GDC-Version": own})
    assert info.value.requested_version == (own if len(own) <= 64 else own[:64] + "...")
    assert "secret" not in str(info.value.url)
    assert len(str(info.value)) < 400
    lenient = gooddata(gooddata_matrix, "5", dt.date(2020, 1, 1))
    prepared = lenient.prepare("GET", url, {"X-GDC-Version": own})
    assert (prepared.requested, prepared.version) == (own, None)
