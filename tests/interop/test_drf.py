"""Django REST framework's versioning schemes against the ``drf-*`` profiles, over every transport.

Allowed versions: ``1.0`` / ``2.0`` (Accept, query), ``v1`` / ``v2`` (URL path and
namespaces), ``1`` / ``2`` (URL path under ``v``); the first of each is deprecated.
"""

from __future__ import annotations

import json

import pytest

from apiversion_client import NoticeKind, Policy, UnsupportedApiVersionError, profiles

pytestmark = [pytest.mark.interop, pytest.mark.network]

COLLECT = Policy(default="collect")

# name: (profile, base path, current version, deprecated version, invalid version, status, text)
SCHEMES = {
    "accept": (
        profiles.DRF_ACCEPT,
        "/accept",
        "2.0",
        "1.0",
        "9.9",
        406,
        'Invalid version in "Accept" header.',
    ),
    "query": (
        profiles.DRF_QUERY,
        "/query",
        "2.0",
        "1.0",
        "9.9",
        404,
        "Invalid version in query parameter.",
    ),
    "url-path": (
        profiles.DRF_PATH,
        "/path",
        "v2",
        "v1",
        "v9",
        404,
        "Invalid version in URL path.",
    ),
    "url-path-v": (
        profiles.DRF_PATH.evolve(path="/v{version}"),
        "/vpath",
        "2",
        "1",
        "9",
        404,
        "Invalid version in URL path.",
    ),
    "namespace": (
        profiles.DRF_PATH,
        "/ns",
        "v2",
        "v1",
        "v3",
        404,
        "Invalid version in URL path. Does not match any version namespace.",
    ),
}


@pytest.fixture(params=sorted(SCHEMES))
def scheme(request):
    """One DRF versioning scheme and what its app allows."""
    return SCHEMES[request.param]


def test_the_pin_reaches_drf(client, drf_server, scheme):
    """DRF's request.version is the pin, wherever the scheme reads it."""
    profile, base, current, _old, _bad, _status, _text = scheme
    api = client(drf_server.url + base, profile=profile, api_version=current, policy=COLLECT)
    reply = api.request("GET", "/items/1/")
    assert reply.status == 200
    assert json.loads(reply.body) == {"id": 1, "version": current, "name": "widget"}
    assert api.notices == ()


def test_a_deprecated_version_is_noticed(client, drf_server, scheme):
    """The app's Deprecation / Sunset on the old version become a sunset notice."""
    profile, base, _current, old, _bad, _status, _text = scheme
    api = client(drf_server.url + base, profile=profile, api_version=old, policy=COLLECT)
    reply = api.request("GET", "/items/2/")
    assert json.loads(reply.body) == {"id": 2, "version": old, "title": "gadget"}
    [notice] = api.notices
    assert notice.kind is NoticeKind.SUNSET
    assert notice.requested_version == old


def test_an_invalid_version_is_unsupported(client, drf_server, scheme):
    """DRF's invalid-version answer raises UnsupportedApiVersionError quoting DRF."""
    profile, base, _current, _old, bad, status, text = scheme
    api = client(drf_server.url + base, profile=profile, api_version=bad, policy=COLLECT)
    with pytest.raises(UnsupportedApiVersionError) as caught:
        api.request("GET", "/items/1/")
    error = caught.value
    assert error.requested_version == bad
    assert f"(HTTP {status} for GET" in str(error)
    assert f'The server says: "{text}"' in str(error)


def test_drf_not_found_is_not_about_the_version(client, drf_server, scheme):
    """DRF's own 404 for a missing object at a valid version is returned as is."""
    profile, base, current, _old, _bad, _status, _text = scheme
    api = client(drf_server.url + base, profile=profile, api_version=current, policy=COLLECT)
    reply = api.request("GET", "/items/7/")
    assert reply.status == 404
    assert json.loads(reply.body) == {"detail": "Not found."}


def test_an_unmounted_namespace_is_django_s_404(client, drf_server):
    """A namespace no URL includes never reaches DRF: Django's HTML 404, no version error."""
    api = client(drf_server.url + "/ns", profile="drf-path", api_version="v9", policy=COLLECT)
    reply = api.request("GET", "/items/1/")
    assert reply.status == 404
    assert b"<h1>Not Found</h1>" in reply.body


def test_an_override_moves_the_path_version(client, drf_server):
    """api_version= on one request replaces the path's version segment."""
    api = client(drf_server.url + "/path", profile="drf-path", api_version="v2", policy=COLLECT)
    assert json.loads(api.request("GET", "/items/1/", api_version="v1").body)["version"] == "v1"
    assert json.loads(api.request("GET", "/v2/items/1/").body)["version"] == "v2"
