"""Every transport reports to OpenTelemetry: span events on the current span, two counters."""

from __future__ import annotations

import pytest

from apiversion_client import Policy, telemetry

from .conftest import DEBUG, SDK, TEMPLATE, session_options

pytestmark = pytest.mark.network

EVENT_ATTRIBUTES = {
    "http.request.method": "POST",
    "http.response.status_code": 200,
    "server.address": "127.0.0.1",
    "url.template": TEMPLATE,
    telemetry.ATTR_REQUESTED_VERSION: "4",
    telemetry.ATTR_NOTICE_KIND: "deprecated",
    telemetry.ATTR_NOTICE_SOURCE: "matrix",
    telemetry.ATTR_RESOURCE: f"POST {TEMPLATE}",
    telemetry.ATTR_SUCCESSOR: "5",
    telemetry.ATTR_SDK_NAME: SDK,
    telemetry.ATTR_SDK_VERSION: "0.5",
}


def test_a_notice_is_an_event_on_the_current_span(client, otel, server, matrix):
    """The deprecation of executeAfm/debug at 4 is one event, with the documented names."""
    api = client(server.base_url, **session_options(matrix))
    with otel.tracer.start_as_current_span("call"):
        assert api.request("POST", DEBUG).status == 200
    [(span, name, attributes)] = otel.events()
    assert (span, name) == ("call", telemetry.EVENT_NOTICE)
    assert attributes.items() >= EVENT_ATTRIBUTES.items()
    assert attributes["server.port"] == server.port
    assert attributes[telemetry.ATTR_SUNSET].startswith("2021-01-01")
    assert "Move to API version 5" in attributes[telemetry.ATTR_NOTICE_MESSAGE]


def test_requests_are_counted_by_pinned_version(client, otel, server, matrix):
    """Every request to the API counts once under its pin, overrides included."""
    api = client(server.base_url, **session_options(matrix))
    for _ in range(3):
        api.request("GET", "/gdc/account/profile/7/projects")
    api.request("GET", "/gdc/account/profile/7/projects", api_version="5")
    by_version = {
        attributes[telemetry.ATTR_REQUESTED_VERSION]: value
        for attributes, value in otel.points(telemetry.METRIC_REQUESTS)
    }
    assert by_version == {"4": 3, "5": 1}
    attributes, _ = otel.points(telemetry.METRIC_REQUESTS)[0]
    assert attributes == {
        "server.address": "127.0.0.1",
        "server.port": server.port,
        "http.request.method": "GET",
        "url.template": "/gdc/account/profile/{id}/projects",
        telemetry.ATTR_REQUESTED_VERSION: "4",
        telemetry.ATTR_SDK_NAME: SDK,
        telemetry.ATTR_SDK_VERSION: "0.5",
    }


def test_every_sighting_of_a_notice_is_counted(client, otel, server, matrix):
    """The notice counter counts each response's notices, not once per session."""
    api = client(server.base_url, **session_options(matrix))
    for _ in range(3):
        api.request("POST", DEBUG)
    assert len(api.notices) == 1  # the session says it once
    [(attributes, value)] = otel.points(telemetry.METRIC_NOTICES)
    assert value == 3
    assert attributes == {
        "server.address": "127.0.0.1",
        "server.port": server.port,
        "http.request.method": "POST",
        "url.template": TEMPLATE,
        telemetry.ATTR_NOTICE_KIND: "deprecated",
        telemetry.ATTR_REQUESTED_VERSION: "4",
        telemetry.ATTR_SDK_NAME: SDK,
        telemetry.ATTR_SDK_VERSION: "0.5",
    }


def test_a_server_notice_without_the_matrix_is_reported_too(client, otel, server):
    """Without a matrix the server's own header is the notice; a guessed resource is no label."""
    api = client(
        server.base_url,
        profile="gooddata",
        api_version="4",
        today=server.today,
        policy=Policy(default="collect"),
    )
    with otel.tracer.start_as_current_span("call"):
        api.request("POST", DEBUG)
    [(_, _, attributes)] = otel.events("call")
    assert attributes[telemetry.ATTR_NOTICE_SOURCE] == "server"
    assert attributes[telemetry.ATTR_RESOURCE] == f"POST {TEMPLATE}"
    [(counted, value)] = otel.points(telemetry.METRIC_NOTICES)
    assert value == 1
    assert "url.template" not in counted
    assert telemetry.ATTR_SDK_NAME not in counted
