"""The two example matrices answer what the vendors' documentation says."""

from __future__ import annotations

import pytest

from apiversion_client import (
    ApiVersion,
    Channel,
    IncompatibleSdkVersionError,
    MatrixPolicy,
    Status,
)

from ._helpers import cognite, day, gooddata

V = ApiVersion.parse


def test_cognite_loads_with_its_profile_policy_and_sdks():
    """The Cognite example names its profile, policy and two SDKs."""
    matrix = cognite()
    assert matrix.profile_name == "cognite"
    assert matrix.api_name == "Cognite Data Fusion"
    assert matrix.policy == MatrixPolicy(stable_support_months=12)
    assert matrix.sdk_names == ("js-sdk", "python-sdk")
    assert matrix.source is not None
    assert matrix.source.endswith("cognite.toml")
    assert [str(info.version) for info in matrix.versions] == [
        "0.3",
        "0.4",
        "0.5",
        "0.6",
        "v1-beta",
        "v1",
        "playground",
    ]
    assert matrix.validate() == ()


def test_python_sdk_0_11_lost_api_0_3_on_its_removal():
    """Python SDK 0.11.0 supported API 0.3 on 2019-09-01 but not on 2019-09-11."""
    matrix = cognite()
    assert V("0.3") in matrix.supported_by("0.11.0", sdk="python-sdk", on=day("2019-09-01"))
    later = matrix.supported_by("0.11.0", sdk="python-sdk", on=day("2019-09-11"))
    assert later == (V("0.5"), V("0.6"))


def test_python_sdk_0_11_has_no_api_from_2021_03_22():
    """From 2021-03-22 (0.5 removed) SDK 0.11.0 supports no API version at all."""
    matrix = cognite()
    assert matrix.supported_by("0.11.0", sdk="python-sdk", on=day("2021-03-21")) == (V("0.5"),)
    assert matrix.supported_by("0.11.0", sdk="python-sdk", on=day("2021-03-22")) == ()
    with pytest.raises(IncompatibleSdkVersionError) as info:
        matrix.default_for("0.11.0", sdk="python-sdk", on=day("2021-03-22"))
    error = info.value
    assert "API v1 needs python-sdk>=1 (upgrade)" in str(error)
    assert error.compatible_sdk_releases == ">=1"
    assert (error.sdk, error.sdk_version) == ("python-sdk", "0.11.0")
    assert error.supported == ("v1",)


def test_api_0_5_is_removed_on_its_end_of_life_date():
    """0.5 is usable the day before 2021-03-22 and removed on it and after."""
    matrix = cognite()
    assert matrix.status("0.5", on=day("2021-03-21")) is Status.STABLE
    assert matrix.status("0.5", on=day("2021-03-22")) is Status.REMOVED
    assert matrix.status("0.5", on=day("2021-03-23")) is Status.REMOVED


def test_sdk_1_gets_v1_by_default():
    """Python SDK 1.x and JS SDK 2.x default to v1, never to the beta or the playground."""
    matrix = cognite()
    assert matrix.default_for("1.4.2", sdk="python-sdk", on=day("2024-01-01")) == V("v1")
    assert matrix.default_for("2.0.0", sdk="js-sdk", on=day("2024-01-01")) == V("v1")
    assert matrix.default_for("0.9", sdk="python-sdk", on=day("2019-01-01")) == V("0.6")


def test_js_beta_sdk_3_supports_only_the_beta_channel():
    """JS beta SDK 3.x speaks v1 beta (and the playground) and has no stable default."""
    matrix = cognite()
    assert matrix.supported_by("3.1.0", sdk="js-sdk", on=day("2024-01-01")) == (
        V("v1-beta"),
        V("playground"),
    )
    with pytest.raises(IncompatibleSdkVersionError, match=r"js-sdk>=2,<3 \(downgrade\)"):
        matrix.default_for("3.1.0", sdk="js-sdk", on=day("2024-01-01"))


def test_cognite_channels_statuses_and_descriptions():
    """v1 is stable, v1 beta is beta, the playground unstable, with the vendor's words."""
    matrix = cognite()
    on = day("2024-01-01")
    assert matrix.status("v1", on=on) is Status.STABLE
    assert matrix.status("v1-beta", on=on) is Status.BETA
    assert matrix.status("playground", on=on) is Status.UNSTABLE
    v1 = matrix.get("v1")
    assert v1 is not None
    assert v1.description == "Recommended for production environments"
    beta = matrix.get("v1-beta")
    assert beta is not None
    assert beta.channel is Channel.BETA
    assert beta.description is not None
    assert beta.description.startswith("Not recommended for production")
    assert matrix.latest(on=on) == V("v1")
    assert matrix.latest(Channel.BETA, on=on) == V("v1-beta")
    assert matrix.latest(None, on=on) == V("playground")


def test_gooddata_loads_with_sdks_and_changes():
    """The GoodData example has versions 1..5, three SDKs and four changes."""
    matrix = gooddata()
    assert matrix.profile_name == "gooddata"
    assert [str(info.version) for info in matrix.versions] == ["1", "2", "3", "4", "5"]
    assert matrix.sdk_names == ("gooddata-java", "gooddata-js", "gooddata-python")
    v2 = matrix.get(2)
    assert v2 is not None
    assert v2.released == day("2018-09-08")
    (change,) = v2.changes
    assert change.resources == ("GET /gdc/account/profile/{id}/projects",)
    assert change.predecessor_end_of_life == day("2019-10-01")
    assert change.estimated


def test_gooddata_version_4_row_loads_and_is_flagged():
    """Version 4's end of life before its release loads, and validate() reports it."""
    findings = gooddata().validate()
    assert len(findings) == 1
    (finding,) = findings
    assert finding.key_path == "versions[3].changes[0].predecessor_end_of_life"
    assert finding.severity == "error"
    assert str(finding).endswith(
        "gooddata.toml: versions[3].changes[0].predecessor_end_of_life: "
        "the predecessor's end of life 2019-10-01 is before this version's release 2019-11-14"
    )


def test_gooddata_needs_an_sdk_name():
    """With three SDKs in the matrix, leaving sdk out is a ValueError listing them."""
    with pytest.raises(ValueError, match="'gooddata-java', 'gooddata-js', 'gooddata-python'"):
        gooddata().supported_by("1.0")
    with pytest.raises(ValueError, match="did you mean 'gooddata-java'"):
        gooddata().supported_by("1.0", sdk="gooddata-jav")
