"""Error bodies of server frameworks: FastAPI / pydantic ``detail`` lists, DRF's texts, Cadwyn.

The bodies are the ones the real frameworks send (tests/interop runs them live):
FastAPI 0.165 / pydantic 2.13 under Cadwyn 9.0, Django REST framework 3.18.
"""

from __future__ import annotations

import json

import pytest

from apiversion_client import ErrorDetails, ErrorRule, VersionErrorKind, profiles
from apiversion_client._core import Negotiator
from apiversion_client._errors import (
    DEFAULT_ERROR_RULES,
    DRF_ERROR_RULES,
    MAX_DETAIL_ITEMS,
    parse_cognite_error,
    parse_generic_error,
    parse_gooddata_error,
)

# Cadwyn's answer to ``x-api-version: not-a-date`` (verbatim).
CADWYN_422 = {
    "detail": [
        {
            "type": "date_from_datetime_parsing",
            "loc": ["header", "x-api-version"],
            "msg": "Input should be a valid date or datetime, invalid character in year",
            "input": "not-a-date",
            "ctx": {"error": "invalid character in year"},
        }
    ]
}
# FastAPI's answer to a path parameter that is not an integer (verbatim).
PATH_422 = {
    "detail": [
        {
            "type": "int_parsing",
            "loc": ["path", "item_id"],
            "msg": "Input should be a valid integer, unable to parse string as an integer",
            "input": "abc",
        }
    ]
}
UNSUPPORTED = VersionErrorKind.UNSUPPORTED
HEADER_RULE = ErrorRule(
    statuses={422},
    kind=UNSUPPORTED,
    needs_message=False,
    rejected_fields={"header x-api-version"},
)


# ------------------------------------------------------------ detail lists


@pytest.mark.parametrize(
    ("body", "message", "fields"),
    [
        (
            CADWYN_422,
            "header x-api-version: Input should be a valid date or datetime, "
            "invalid character in year",
            ("header x-api-version",),
        ),
        (
            PATH_422,
            "path item_id: Input should be a valid integer, unable to parse string as an integer",
            ("path item_id",),
        ),
        (
            {"detail": [{"loc": ["body", "items", 0, "name"], "msg": "Field required"}]},
            "body items.0.name: Field required",
            ("body items.0.name",),
        ),
        (
            {
                "detail": [
                    {"loc": ["query", "version"], "msg": "bad"},
                    {"loc": ["body"], "msg": "x"},
                ]
            },
            "query version: bad; body: x",
            ("query version", "body"),
        ),
        ({"detail": [{"loc": ["name"], "msg": "too long"}]}, "name: too long", ("name",)),
        (
            {"detail": [{"loc": "query.version", "msg": "m"}]},
            "query.version: m",
            ("query.version",),
        ),
        ({"detail": [{"msg": "no location"}]}, "no location", ()),
        ({"detail": [{"loc": ["header", "a"]}]}, "header a", ("header a",)),
        ({"detail": ["plain", "texts"]}, "plain; texts", ()),
        (
            {"detail": [{"loc": ["header", "x"], "message": "from message"}]},
            "header x: from message",
            ("header x",),
        ),
        ({"detail": [1, None, {"loc": [{"odd": 1}]}]}, None, ()),
        ({"detail": []}, None, ()),
    ],
)
def test_a_detail_list_is_written_out_with_its_locations(body, message, fields):
    """A FastAPI / pydantic detail list reads as 'location: msg; ...', never as a Python repr."""
    details = parse_generic_error(body)
    assert details is not None
    assert details.message == message
    assert details.rejected_fields == fields
    assert "[{" not in (details.message or "")


def test_a_long_detail_list_is_bounded_and_counted():
    """At most MAX_DETAIL_ITEMS entries are written, the rest counted; each message is bounded."""
    items = [{"loc": ["body", "x", i], "msg": "m" * 1000} for i in range(500)]
    details = parse_generic_error({"detail": items})
    assert details is not None
    assert details.message is not None
    assert details.message.count("body x.") == MAX_DETAIL_ITEMS
    assert details.message.endswith(f"; and {500 - MAX_DETAIL_ITEMS} more")
    assert len(details.message) < 1500
    assert len(details.rejected_fields) == 64
    assert details.rejected_fields[0] == "body x.0"


def test_a_huge_location_is_bounded():
    """A location of thousands of parts or characters is cut, not copied whole."""
    body = {"detail": [{"loc": ["header", "v" * 10_000, *range(1000)], "msg": "m"}]}
    details = parse_generic_error(body)
    assert details is not None
    assert len(details.rejected_fields[0]) <= 200


def test_line_breaks_in_a_detail_message_are_folded():
    """A message with line breaks reads as one line in the error text."""
    details = parse_generic_error({"detail": [{"loc": ["query", "v"], "msg": "a\n  b"}]})
    assert details is not None
    assert details.message == "query v: a b"


def test_a_detail_object_gives_its_message_and_code():
    """FastAPI's HTTPException(detail={...}) reads as the object's message and code."""
    details = parse_generic_error(
        {"detail": {"code": "VersionRetired", "message": "API version 2020-01-01 is retired"}}
    )
    assert details == ErrorDetails(
        message="API version 2020-01-01 is retired", code="VersionRetired"
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"detail": "Not Found"}, ErrorDetails(message="Not Found")),
        (
            {"detail": 'Invalid version in "Accept" header.'},
            ErrorDetails(message='Invalid version in "Accept" header.'),
        ),
        ({"detail": 7}, ErrorDetails(message="7")),
        ({"error": {"code": "C", "message": "m"}}, ErrorDetails(message="m", code="C")),
        ({"title": "Bad Request", "code": 400}, ErrorDetails(message="Bad Request", code="400")),
        ("plain text", ErrorDetails(message="plain text")),
        ([1, 2], None),
    ],
)
def test_other_bodies_read_as_before(body, expected):
    """Strings in detail, vendors' objects, problem details and text keep their old reading."""
    assert parse_generic_error(body) == expected


def test_a_message_still_wins_over_a_detail_list():
    """A top-level message is the message; the detail list still gives the rejected fields."""
    details = parse_generic_error({"message": "m", "detail": [{"loc": ["query", "v"], "msg": "x"}]})
    assert details == ErrorDetails(message="m", rejected_fields=("query v",))


def test_vendor_parsers_fall_back_to_detail_lists():
    """GoodData's and Cognite's parsers read a framework body through the generic one."""
    assert parse_cognite_error(CADWYN_422) == parse_generic_error(CADWYN_422)
    gooddata = parse_gooddata_error(CADWYN_422)
    assert gooddata is not None
    assert gooddata.message is None  # GoodData's own shape: no message key
    assert parse_gooddata_error([CADWYN_422]) is None


# ------------------------------------------------------------ rules


@pytest.mark.parametrize(
    ("body", "status", "pinned", "expected"),
    [
        (CADWYN_422, 422, "not-a-date", UNSUPPORTED),
        ({"detail": [{"loc": ["HEADER", "X-API-Version"], "msg": "?"}]}, 422, "x", UNSUPPORTED),
        (PATH_422, 422, "2024-06-01", None),  # another field: not about the version
        (CADWYN_422, 400, "not-a-date", None),  # not one of the rule's statuses
        (CADWYN_422, 422, None, None),  # not pinned
        ({"detail": "Unprocessable"}, 422, "x", None),
        ("text", 422, "x", None),
    ],
)
def test_a_rule_can_require_a_rejected_field(body, status, pinned, expected):
    """rejected_fields matches the body's locations case-insensitively, whatever the words."""
    assert HEADER_RULE.match(status, parse_generic_error(body), pinned) is expected
    assert HEADER_RULE.match(status, None, pinned) is None
    assert HEADER_RULE.needs_body


def test_rejected_fields_combine_with_pattern_and_message():
    """A rule with rejected fields and a pattern needs both; the message test still applies."""
    details = parse_generic_error(CADWYN_422)
    both = ErrorRule(statuses={422}, rejected_fields="header x-api-version", pattern="datetime")
    assert both.match(422, details, "not-a-date") is UNSUPPORTED  # 'version' and 'invalid' said
    other = ErrorRule(statuses={422}, rejected_fields={"header x-api-version"}, pattern="nope")
    assert other.match(422, details, "not-a-date") is None


def test_rejected_fields_are_normalised_and_checked():
    """Names are lower-cased with spaces folded; a non-string is a TypeError."""
    rule = ErrorRule(statuses={422}, rejected_fields=["Header   X-Api-Version"])
    assert rule.rejected_fields == frozenset({"header x-api-version"})
    with pytest.raises(TypeError, match="rejected field"):
        ErrorRule(statuses={422}, rejected_fields=[5])  # type: ignore[list-item]


def test_rules_without_rejected_fields_behave_as_before():
    """The default rules neither need nor look at rejected fields."""
    assert all(rule.rejected_fields == frozenset() for rule in DEFAULT_ERROR_RULES)
    details = ErrorDetails(message="API version 9 is not supported", rejected_fields=("x",))
    assert DEFAULT_ERROR_RULES[0].match(400, details, "9") is UNSUPPORTED
    assert DEFAULT_ERROR_RULES[0].needs_body
    assert not DEFAULT_ERROR_RULES[1].needs_body


@pytest.mark.parametrize(
    ("status", "detail", "expected"),
    [
        (406, 'Invalid version in "Accept" header.', UNSUPPORTED),
        (404, "Invalid version in URL path.", UNSUPPORTED),
        (
            404,
            "Invalid version in URL path. Does not match any version namespace.",
            UNSUPPORTED,
        ),
        (404, "Invalid version in query parameter.", UNSUPPORTED),
        (404, "Invalid version in hostname.", UNSUPPORTED),
        (406, "Could not satisfy the request Accept header.", None),
        (404, "Not found.", None),
        (404, "No Book matches the given query.", None),
        (400, "Invalid version in query parameter.", UNSUPPORTED),  # the default rules
        (410, "Gone", VersionErrorKind.REMOVED),
    ],
)
def test_drf_rules_read_drf_texts(status, detail, expected):
    """DRF's invalid-version answers are unsupported versions; its other 404 / 406 are not."""
    details = parse_generic_error({"detail": detail})
    kinds = [rule.match(status, details, "9.9") for rule in DRF_ERROR_RULES]
    assert next((kind for kind in kinds if kind is not None), None) is expected


# ------------------------------------------------------------ profiles


def _decide(profile, status, body, pin, headers=()):
    negotiator = Negotiator("http://127.0.0.1:9/api", profile=profile, api_version=pin)
    prepared = negotiator.prepare("GET", "http://127.0.0.1:9/api/items/1")
    data = json.dumps(body).encode()
    if not negotiator.needs_body(prepared, status):
        data = None
    return negotiator.inspect(prepared, status, list(headers), data)


def test_cadwyn_profile_reports_a_rejected_version_header():
    """Cadwyn's 422 naming x-api-version is an unsupported version quoting FastAPI's words."""
    outcome = _decide(profiles.CADWYN, 422, CADWYN_422, "2024.06.01")
    assert outcome.error is not None
    assert outcome.error.kind is UNSUPPORTED
    assert 'The server says: "header x-api-version: Input should be a valid date' in (
        outcome.error.message
    )
    assert _decide(profiles.CADWYN, 422, PATH_422, "2024-06-01").error is None
    assert _decide(profiles.CADWYN, 404, {"detail": "Not Found"}, "1999-01-01").error is None


@pytest.mark.parametrize("profile", [profiles.DRF_ACCEPT, profiles.DRF_QUERY, profiles.DRF_PATH])
def test_drf_profiles_report_drf_texts(profile):
    """Every DRF profile turns DRF's invalid-version answers into an unsupported version."""
    for status, text in [
        (406, 'Invalid version in "Accept" header.'),
        (404, "Invalid version in URL path."),
        (404, "Invalid version in query parameter."),
    ]:
        outcome = _decide(profile, status, {"detail": text}, "9.9")
        assert outcome.error is not None
        assert outcome.error.kind is UNSUPPORTED
        assert f'The server says: "{text}"' in outcome.error.message
    assert _decide(profile, 404, {"detail": "Not found."}, "1.0").error is None


def test_framework_profiles_are_built_in():
    """The framework profiles are in BUILTIN under their names, with what they send."""
    assert profiles.get("cadwyn") is profiles.CADWYN
    assert profiles.CADWYN.header == "x-api-version"
    assert profiles.CADWYN.echo_headers == ("x-api-version",)
    assert profiles.get("drf-accept").media_type == "version"
    assert profiles.get("drf-query").query == "version"
    assert profiles.get("drf-path").path == "/{version}"
