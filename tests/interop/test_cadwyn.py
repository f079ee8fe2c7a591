"""Cadwyn (FastAPI, uvicorn) against the ``cadwyn`` profile, over every transport.

Versions served: 2024-06-01 (newest) and 2023-01-01 (deprecated by the app).
"""

from __future__ import annotations

import json
import warnings

import pytest

from apiversion_client import (
    ApiVersionMismatchWarning,
    NoticeKind,
    Policy,
    UnsupportedApiVersionError,
)

from .cadwyn_app import NEWEST, OLDEST

pytestmark = [pytest.mark.interop, pytest.mark.network]

COLLECT = Policy(default="collect")


def _api(client, server, **kwargs):
    kwargs.setdefault("policy", COLLECT)
    return client(server.url, profile="cadwyn", **kwargs)


def test_the_pin_is_served_and_echoed(client, cadwyn_server):
    """An exact version is served as such: x-api-version echoed, no notice."""
    api = _api(client, cadwyn_server, api_version=NEWEST)
    reply = api.request("GET", "/items/1")
    assert reply.status == 200
    assert json.loads(reply.body) == {"id": 1, "name": "widget"}
    assert ("x-api-version", NEWEST) in [(k.lower(), v) for k, v in reply.headers]
    assert reply.api_signals is not None
    assert reply.api_signals.served_version == NEWEST
    assert api.notices == ()


def test_an_older_pin_gets_the_older_shape_and_its_deprecation(client, cadwyn_server):
    """At 2023-01-01 Cadwyn migrates the body back; the app's Deprecation / Sunset are read."""
    api = _api(client, cadwyn_server, api_version=OLDEST)
    reply = api.request("GET", "/items/2")
    assert json.loads(reply.body) == {"id": 2, "title": "gadget"}
    [notice] = api.notices
    assert notice.kind is NoticeKind.SUNSET
    assert notice.requested_version == OLDEST
    assert notice.link == "https://example.invalid/changelog#2024-06-01"
    assert notice.sunset is not None
    assert notice.sunset.year == 2099


@pytest.mark.parametrize(
    ("pin", "served"),
    [("2023-06-15", OLDEST), ("2099-01-01", NEWEST)],
    ids=["between-versions", "newer-than-newest"],
)
def test_a_waterfall_is_a_version_mismatch(client, cadwyn_server, pin, served):
    """A date Cadwyn does not have is served by the closest earlier version: a mismatch."""
    api = _api(client, cadwyn_server, api_version=pin)
    reply = api.request("GET", "/items/1")
    assert reply.status == 200
    assert reply.api_signals is not None
    assert reply.api_signals.served_version == served
    mismatches = [n for n in api.notices if n.kind is NoticeKind.VERSION_MISMATCH]
    assert len(mismatches) == 1
    assert mismatches[0].requested_version == pin
    assert mismatches[0].served_version == served


def test_the_waterfall_warns_by_default(client, cadwyn_server):
    """With the default policy the mismatch is an ApiVersionMismatchWarning."""
    api = client(cadwyn_server.url, profile="cadwyn", api_version="2099-01-01")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        api.request("GET", "/items/1")
    [record] = caught
    assert record.category is ApiVersionMismatchWarning
    assert "served version 2024-06-01" in str(record.message)


@pytest.mark.parametrize("pin", ["2024.06.01", "20240601", "v2", "latest"])
def test_a_version_cadwyn_cannot_read_is_unsupported(client, cadwyn_server, pin):
    """Cadwyn's 422 naming ["header", "x-api-version"] raises, quoting FastAPI's words."""
    api = _api(client, cadwyn_server, api_version=pin)
    with pytest.raises(UnsupportedApiVersionError) as caught:
        api.request("GET", "/items/1")
    error = caught.value
    assert error.requested_version == pin
    assert error.response is not None
    assert f"API version {pin} is not supported by the server (HTTP 422" in str(error)
    assert 'The server says: "header x-api-version: ' in str(error)
    assert "[{" not in str(error)  # no Python repr of the detail list


def test_a_version_cadwyn_cannot_read_in_the_request_header(client, cadwyn_server):
    """A version the SDK set itself in x-api-version is the request's pin, checked alike."""
    api = _api(client, cadwyn_server, api_version=NEWEST)
    with pytest.raises(UnsupportedApiVersionError, match="not-a-date"):
        api.request("GET", "/items/1", headers={"x-api-version": "not-a-date"})


def test_per_request_and_block_overrides(client, cadwyn_server):
    """api_version= and pinned() reach Cadwyn and pick its version."""
    api = _api(client, cadwyn_server, api_version=NEWEST)
    assert "title" in json.loads(api.request("GET", "/items/1", api_version=OLDEST).body)
    with api.pinned(OLDEST):
        assert "title" in json.loads(api.request("GET", "/items/1").body)
    assert "name" in json.loads(api.request("GET", "/items/1").body)


def test_other_errors_are_not_about_the_version(client, cadwyn_server):
    """A 422 on another field and the app's own 404 are returned as they are."""
    api = _api(client, cadwyn_server, api_version=NEWEST)
    reply = api.request("GET", "/items/abc")
    assert reply.status == 422
    assert json.loads(reply.body)["detail"][0]["loc"] == ["path", "item_id"]
    assert api.request("GET", "/items/99").status == 404


def test_a_pin_older_than_every_version_is_a_plain_404(client, cadwyn_server):
    """Before the oldest version no route exists: Cadwyn's 404 "Not Found", not told apart."""
    api = _api(client, cadwyn_server, api_version="2000-01-01")
    reply = api.request("GET", "/items/1")
    assert reply.status == 404
    assert json.loads(reply.body) == {"detail": "Not Found"}
