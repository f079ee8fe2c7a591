"""A plain FastAPI app that validates its own version header and query parameter.

The docs' recipe (docs/frameworks.md): a profile whose error rule requires the
rejected field FastAPI names in ``loc``.
"""

from __future__ import annotations

import json

import pytest

from apiversion_client import (
    ErrorRule,
    Policy,
    Profile,
    UnsupportedApiVersionError,
    VersionErrorKind,
    profiles,
)

pytestmark = [pytest.mark.interop, pytest.mark.network]


def _rejected(field: str) -> ErrorRule:
    return ErrorRule(
        statuses={422},
        kind=VersionErrorKind.UNSUPPORTED,
        needs_message=False,
        rejected_fields={field},
    )


HEADER = Profile(
    name="fastapi-header",
    header="api-version",
    error_rules=(_rejected("header api-version"), *profiles.DEFAULT_ERROR_RULES),
)
QUERY = Profile(
    name="fastapi-query",
    query="api-version",
    error_rules=(_rejected("query api-version"), *profiles.DEFAULT_ERROR_RULES),
)
COLLECT = Policy(default="collect")


def test_a_header_version_is_read(client, fastapi_server):
    """The pin reaches the route's Header dependency."""
    api = client(fastapi_server.url, profile=HEADER, api_version="2", policy=COLLECT)
    assert json.loads(api.request("GET", "/items/5").body) == {"id": 5, "version": "2"}


def test_a_rejected_header_version_is_unsupported(client, fastapi_server):
    """FastAPI's 422 naming the header: quoted readably, raised as unsupported."""
    api = client(fastapi_server.url, profile=HEADER, api_version="3", policy=COLLECT)
    with pytest.raises(UnsupportedApiVersionError) as caught:
        api.request("GET", "/items/5")
    assert "The server says: \"header api-version: Input should be '1' or '2'\"" in str(
        caught.value
    )


def test_a_rejected_query_version_is_unsupported(client, fastapi_server):
    """The same for a query parameter: the pin replaces one in the URL, FastAPI rejects it."""
    api = client(fastapi_server.url, profile=QUERY, api_version="1", policy=COLLECT)
    assert json.loads(api.request("GET", "/search?q=x").body) == {"q": "x", "version": "1"}
    with pytest.raises(UnsupportedApiVersionError, match="query api-version: Input should be"):
        api.request("GET", "/search?q=x&api-version=1", api_version="9")


def test_other_validation_errors_pass_through(client, fastapi_server):
    """A 422 on another field (or a missing one) is no version error."""
    api = client(fastapi_server.url, profile=QUERY, api_version="1", policy=COLLECT)
    reply = api.request("GET", "/search")
    assert reply.status == 422
    assert json.loads(reply.body)["detail"][0]["loc"] == ["query", "q"]


def test_without_the_rule_the_422_is_returned(client, fastapi_server):
    """The generic rules do not guess from a 422: without the recipe it is a plain reply."""
    plain = HEADER.evolve(error_rules=profiles.DEFAULT_ERROR_RULES)
    api = client(fastapi_server.url, profile=plain, api_version="3", policy=COLLECT)
    assert api.request("GET", "/items/5").status == 422
