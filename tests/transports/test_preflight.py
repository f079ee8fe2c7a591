"""Pre-flight refusals from the matrix: the server counts zero connections."""

from __future__ import annotations

import datetime as dt
import warnings

import pytest

from apiversion_client import (
    ApiDeprecationWarning,
    ApiVersionEndOfLifeError,
    CompatibilityMatrix,
    IncompatibleSdkVersionError,
    OperationNotAvailableError,
)

pytestmark = pytest.mark.network

ACME = CompatibilityMatrix.loads(
    """
[api]
name = "Acme"
profile = "gooddata"

[[versions]]
version = "1"

[[versions]]
version = "2"
released = 2020-01-01

[[versions.changes]]
resources = ["POST /reports/{id}/export"]
summary = "Report export added"
kind = "added"
"""
)


def cognite(client, server, **kwargs):
    kwargs.setdefault("sdk", "python-sdk")
    return client(server.url, profile="cognite", **kwargs)


def test_an_ended_version_is_refused_before_connecting(client, counting_server, cognite_matrix):
    """Cognite 0.5 with Python SDK 0.11.0 on 2021-03-23 (after its end): nothing is sent."""
    api = cognite(
        client,
        counting_server,
        matrix=cognite_matrix,
        sdk_version="0.11.0",
        api_version="0.5",
        today=dt.date(2021, 3, 23),
    )
    with pytest.raises(
        ApiVersionEndOfLifeError, match="reached its end of life on 2021-03-22"
    ) as e:
        api.request("GET", "/projects/p/assets")
    assert e.value.requested_version == "0.5"
    assert e.value.successor == "v1"
    assert e.value.response is None
    assert "Nothing was sent" in str(e.value) or "not sent" in str(e.value)
    assert counting_server.connections == 0


def test_the_same_version_is_sent_before_its_end_of_life(client, counting_server, cognite_matrix):
    """The day before, the same request goes out (the counter does count)."""
    api = cognite(
        client,
        counting_server,
        matrix=cognite_matrix,
        sdk_version="0.11.0",
        api_version="0.5",
        today=dt.date(2021, 3, 21),
    )
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        assert api.request("GET", "/projects/p/assets").status == 200
    assert counting_server.connections == 1


def test_allow_ended_sends_an_ended_version_anyway(client, counting_server, cognite_matrix):
    """``allow_ended=True`` skips the end-of-life refusal."""
    api = cognite(
        client,
        counting_server,
        matrix=cognite_matrix,
        sdk_version="0.11.0",
        api_version="0.5",
        allow_ended=True,
        today=dt.date(2021, 3, 23),
    )
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        assert api.request("GET", "/projects/p/assets").status == 200
    assert counting_server.connections == 1


def test_an_sdk_release_that_does_not_support_the_pin_is_refused(
    client, counting_server, cognite_matrix
):
    """Python SDK 0.11 pinned to v1 (which needs >=1): IncompatibleSdkVersionError, nothing sent."""
    api = cognite(
        client,
        counting_server,
        matrix=cognite_matrix,
        sdk_version="0.11.0",
        api_version="v1",
        today=dt.date(2021, 3, 23),
    )
    with pytest.raises(IncompatibleSdkVersionError, match="needs python-sdk >=1") as e:
        api.request("GET", "/projects/p/assets")
    assert e.value.sdk_version == "0.11.0"
    assert e.value.compatible_sdk_releases == ">=1"
    assert counting_server.connections == 0


@pytest.mark.parametrize("how", ["per-request", "scoped"])
def test_an_override_to_an_ended_version_is_refused(client, counting_server, cognite_matrix, how):
    """Overrides are checked like the session's pin: 0.6 after 2020-04-01 is never sent."""
    api = cognite(
        client,
        counting_server,
        matrix=cognite_matrix,
        sdk_version="1.0.0",
        today=dt.date(2021, 3, 23),
    )
    override = "0.6" if how == "per-request" else None
    with (
        api.pinned("0.6" if how == "scoped" else "v1"),
        pytest.raises(ApiVersionEndOfLifeError, match=r"API version 0\.6"),
    ):
        api.request("GET", "/projects/p/assets", api_version=override)
    assert counting_server.connections == 0


def test_a_resource_past_its_end_of_life_is_refused(client, counting_server, gooddata_matrix):
    """GoodData v1's user-projects list ended 2019-10 (v2 paged it): refused; others go out."""
    api = client(
        counting_server.url,
        matrix=gooddata_matrix,
        api_version="1",
        today=dt.date(2020, 1, 1),
    )
    with pytest.raises(ApiVersionEndOfLifeError) as e:
        api.request("GET", "/gdc/account/profile/123/projects")
    assert e.value.resource == "GET /gdc/account/profile/{id}/projects"
    assert e.value.successor == "2"
    assert counting_server.connections == 0
    with pytest.warns(ApiDeprecationWarning, match="API version 1 is deprecated"):
        assert api.request("GET", "/gdc/md/abc").status == 200
    assert counting_server.connections == 1


def test_a_deprecated_resource_warns_before_sending(client, counting_server, gooddata_matrix):
    """Before its end of life, the same resource warns (from the matrix) and is sent."""
    api = client(
        counting_server.url,
        matrix=gooddata_matrix,
        api_version="1",
        today=dt.date(2019, 5, 1),
    )
    with pytest.warns(ApiDeprecationWarning, match="Move to API version 2"):
        assert api.request("GET", "/gdc/account/profile/123/projects").status == 200
    assert counting_server.connections == 1


def test_an_operation_missing_from_the_pinned_version_is_refused(client, counting_server):
    """An operation added in version 2 is refused at version 1, naming version 2."""
    api = client(counting_server.url, matrix=ACME, api_version="1")
    with pytest.raises(OperationNotAvailableError, match="available from version 2") as e:
        api.request("POST", "/reports/7/export")
    assert e.value.resource == "POST /reports/{id}/export"
    assert counting_server.connections == 0
    assert api.request("POST", "/reports/7/export", api_version="2").status == 200
    assert counting_server.connections == 1
