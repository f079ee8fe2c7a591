"""resource_status and resource_history: GoodData's per-resource versions."""

from __future__ import annotations

import pytest

from apiversion_client import ApiVersion, CompatibilityMatrix, Status

from ._helpers import day, gooddata

V = ApiVersion.parse
PROJECTS = "GET /gdc/account/profile/{id}/projects"


@pytest.mark.parametrize(
    ("version", "on", "status", "successor"),
    [
        ("1", "2018-09-07", Status.STABLE, "2"),  # before version 2's release
        ("1", "2018-09-08", Status.DEPRECATED, "2"),  # deprecated from the successor's release
        ("1", "2019-09-30", Status.DEPRECATED, "2"),
        ("1", "2019-10-01", Status.REMOVED, "2"),  # predecessor_end_of_life "2019-10"
        # Never changed after 2: version 2's own status, deprecated since 3 was released
        # (GoodData's policy: superseded = "deprecated").
        ("2", "2019-10-01", Status.DEPRECATED, None),
        ("2", "2018-11-14", Status.STABLE, None),
        ("5", "2019-10-01", Status.STABLE, None),
    ],
)
def test_changed_resource_lifecycle(version, on, status, successor):
    """A resource at V is deprecated from the next change's release and removed at its end."""
    result = gooddata().resource_status(
        version, "GET", "/gdc/account/profile/123/projects", day(on)
    )
    assert result.resource == PROJECTS
    assert result.exists
    assert result.status is status
    assert result.successor == (V(successor) if successor else None)


def test_changed_resource_carries_end_of_life_and_summary():
    """The result names the end of life, whether it is estimated, and the change."""
    result = gooddata().resource_status(
        "1", "get", "/gdc/account/profile/7/projects", day("2019-01-01")
    )
    assert result.end_of_life == day("2019-10-01")
    assert result.estimated
    assert result.summary == "Paging added to the list of user projects"


@pytest.mark.parametrize(
    "path",
    [
        "/gdc/account/profile/123/projects",
        "/gdc/account/profile/123/projects/",
        "/gdc/account/profile/abc/projects?offset=10&limit=5",
        "https://secure.gooddata.com/gdc/account/profile/abc/projects#x",
    ],
)
def test_path_matching_ignores_query_and_trailing_slash(path):
    """Placeholders match one segment; query, fragment, host and trailing slash are ignored."""
    assert gooddata().resource_status("1", "GET", path, day("2019-01-01")).resource == PROJECTS


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/gdc/account/profile/123/projects"),  # other method
        ("GET", "/gdc/account/profile/1/2/projects"),  # a placeholder is one segment
        ("GET", "/gdc/account/profile//projects"),  # ... and not empty
        ("GET", "/gdc/account/profile/123/projects/extra"),
    ],
)
def test_unmentioned_resources_share_the_version_status(method, path):
    """A resource the matrix never mentions has resource None and the version's status."""
    matrix = gooddata()
    result = matrix.resource_status("1", method, path, day("2019-11-01"))
    assert result.resource is None
    assert result.exists
    assert result.status is matrix.status("1", on=day("2019-11-01")) is Status.DEPRECATED
    assert result.successor is None
    assert matrix.resource_status("5", method, path, day("2019-11-01")).status is Status.STABLE


def test_debug_resource_is_not_confused_with_execute_afm():
    """The executeAfm and executeAfm/debug resources are distinct."""
    matrix = gooddata()
    afm = matrix.resource_status("3", "POST", "/gdc/app/projects/p1/executeAfm", day("2020-06-01"))
    debug = matrix.resource_status(
        "3", "POST", "/gdc/app/projects/p1/executeAfm/debug", day("2020-06-01")
    )
    assert afm.status is Status.DEPRECATED  # version 3's own status: 4 and 5 are released
    assert afm.successor is None
    assert debug.resource == "POST /gdc/app/projects/{id}/executeAfm/debug"
    assert debug.status is Status.DEPRECATED
    assert debug.successor == V("5")
    assert debug.end_of_life == day("2021-01-01")


ADDED_REMOVED = CompatibilityMatrix.from_dict(
    {
        "versions": [
            {"version": "1", "released": "2020-01-01"},
            {
                "version": "2",
                "released": "2020-06-01",
                "changes": [{"resources": ["POST /things"], "kind": "added", "summary": "New"}],
            },
            {
                "version": "3",
                "released": "2021-01-01",
                "changes": [
                    {"resources": ["/old/{id}"], "kind": "removed", "summary": "Gone"},
                    {"resources": ["GET /things"], "predecessor_end_of_life": "2021-06"},
                ],
            },
        ]
    }
)


def test_added_resource_does_not_exist_before():
    """An operation added in W does not exist in versions before W; it does from W."""
    before = ADDED_REMOVED.resource_status("1", "POST", "/things", day("2020-07-01"))
    assert not before.exists
    assert before.status is Status.REMOVED
    assert before.successor == V("2")
    assert ADDED_REMOVED.resource_status("2", "POST", "/things", day("2020-07-01")).exists


def test_removed_resource_is_deprecated_before_and_gone_from_w():
    """A removed operation is deprecated in older versions and does not exist from W on."""
    older = ADDED_REMOVED.resource_status("2", "DELETE", "/old/5", day("2021-02-01"))
    assert older.exists
    assert older.status is Status.DEPRECATED
    assert older.successor is None  # nothing to move to
    assert older.summary == "Gone"
    gone = ADDED_REMOVED.resource_status("3", "GET", "/old/5", day("2021-02-01"))
    assert not gone.exists
    assert gone.resource == "/old/{id}"


def test_resource_history_lists_changes_oldest_first():
    """resource_history names each version that changed the resource and when it ends."""
    history = ADDED_REMOVED.resource_history("get", "/things")
    assert [(str(entry.version), entry.resource) for entry in history] == [("3", "GET /things")]
    assert history[0].change.predecessor_end_of_life == day("2021-06-01")
    assert history[0].released == day("2021-01-01")
    assert ADDED_REMOVED.resource_history("GET", "/nothing") == ()


def test_unknown_pinned_version_is_a_key_error():
    """resource_status needs a version the matrix lists."""
    with pytest.raises(KeyError):
        gooddata().resource_status("9", "GET", "/x")
