"""The tripwire in the core (no network): which responses, how much body, which notices, once."""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

import pytest

from apiversion_client import (
    Action,
    ApiVersion,
    BreakingChangeWarning,
    CompatibilityMatrix,
    Negotiator,
    NoticeKind,
    NoticeSource,
    Policy,
    Prepared,
    Reliance,
    Tripwire,
)
from apiversion_client._tripwire import DEFAULT_MAX_BODY, _watch

BASE = "https://api.example.com"
PIN = "2022-11-28"
ITEMS = Reliance(
    "GET /items",
    statuses=[200],
    fields=["items[].id", "nextCursor"],
    never_null=["items[].id"],
)
PAGE = b'{"items": [{"id": 1}, {"id": 2}], "nextCursor": null}'
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def negotiator(**options: object) -> Negotiator:
    """A GitHub-style negotiator pinned at PIN that collects its notices."""
    settings: dict[str, object] = {
        "profile": "github",
        "api_version": PIN,
        "policy": Policy(default="collect"),
        "relies": [ITEMS],
    }
    settings.update(options)
    return Negotiator(BASE, **settings)  # type: ignore[arg-type]


def kinds_and_details(outcome) -> list[tuple[NoticeKind, str | None]]:
    return [(notice.kind, notice.detail) for notice in outcome.notices]


def test_without_declarations_the_common_path_reads_no_body():
    """No relies and no [[relies]]: no tripwire at all, and a 2xx body is never asked for."""
    plain = negotiator(relies=None)
    assert plain.tripwire is None
    prepared = plain.start("GET", f"{BASE}/items")
    assert plain.body_limit(prepared, 200) == 0
    assert plain.inspect(prepared, 200, [], PAGE).drafts == ()


def test_only_declared_resources_that_need_the_body_read_it():
    """A declared 2xx with fields reads max_body + 1 bytes; others read nothing."""
    wire = negotiator(relies=[ITEMS, Reliance("GET /status", statuses=[200])])
    assert wire.body_limit(wire.start("GET", f"{BASE}/items"), 200) == DEFAULT_MAX_BODY + 1
    assert wire.body_limit(wire.start("GET", f"{BASE}/items?page=2"), 200) == DEFAULT_MAX_BODY + 1
    assert wire.body_limit(wire.start("GET", f"{BASE}/other"), 200) == 0
    assert wire.body_limit(wire.start("POST", f"{BASE}/items"), 200) == 0
    assert wire.body_limit(wire.start("HEAD", f"{BASE}/items"), 200) == 0
    assert wire.body_limit(wire.start("GET", f"{BASE}/status"), 200) == 0
    assert wire.body_limit(wire.start("GET", "https://elsewhere.example/items"), 200) == 0
    assert wire.body_limit(wire.start("GET", f"{BASE}/items"), 202) == 0  # the status says it
    small = negotiator(relies=Tripwire([ITEMS], max_body=1000))
    assert small.body_limit(small.start("GET", f"{BASE}/items"), 200) == 1001


def test_a_breaking_change_is_a_notice_of_its_own_kind():
    """Kind, class, detail, declared resource, version and URL; the response is not an error."""
    wire = negotiator()
    prepared = wire.start("GET", f"{BASE}/items?cursor=abc")
    outcome = wire.inspect(prepared, 200, [("X-GitHub-Request-Id", "R1")], b'{"items": [{}]}')
    assert outcome.error is None
    first, second = outcome.notices
    assert first.kind is NoticeKind.BREAKING_CHANGE
    assert first.category is BreakingChangeWarning
    assert first.source is NoticeSource.SERVER
    assert (first.detail, second.detail) == ("field-missing items[].id", "field-missing nextCursor")
    assert first.resource == "GET /items"
    assert first.declared_resource
    assert first.requested_version == PIN
    assert first.url == f"{BASE}/items?cursor=abc"
    assert first.key == (NoticeKind.BREAKING_CHANGE, PIN, "GET /items", "field-missing items[].id")
    assert first.message == (
        f"Breaking change in GET /items at API version {PIN} (field-missing): the SDK relies on "
        'the field items[].id, but items[0] has no member "id". The response was returned as the '
        "server sent it; report this to the API's owner (request id R1), or pin an API version "
        "that keeps the promise."
    )
    assert [d.key for d in outcome.drafts] == [n.key for n in outcome.notices]


def test_sampling_skips_bodies_not_statuses(monkeypatch):
    """sample_rate reads a share of bodies; an unexpected status is caught on every response."""
    draws = iter([0.1, 0.9, 0.49, 0.5])
    monkeypatch.setattr(_watch.random, "random", lambda: next(draws))
    wire = negotiator(relies=Tripwire([ITEMS], sample_rate=0.5))
    prepared = wire.start("GET", f"{BASE}/items")
    assert [wire.body_limit(prepared, 200) > 0 for _ in range(4)] == [True, False, True, False]
    never = negotiator(relies=Tripwire([ITEMS], sample_rate=0))
    prepared = never.start("GET", f"{BASE}/items")
    assert never.body_limit(prepared, 200) == 0
    assert kinds_and_details(never.inspect(prepared, 202, [], None)) == [
        (NoticeKind.BREAKING_CHANGE, "status-changed")
    ]
    assert never.inspect(prepared, 200, [], None).drafts == ()  # no body: nothing to check


def test_declarations_hold_for_their_versions_only():
    """A pin outside a declaration's range is not checked against it."""
    later = Reliance("GET /items", versions=">2022-11-28", statuses=[200])
    wire = negotiator(relies=[later])
    prepared = wire.start("GET", f"{BASE}/items")
    assert wire.inspect(prepared, 202, [], None).drafts == ()
    newer = wire.start("GET", f"{BASE}/items", [("X-GitHub-Api-Version", "2026-03-10")])
    assert kinds_and_details(wire.inspect(newer, 202, [], None)) == [
        (NoticeKind.BREAKING_CHANGE, "status-changed")
    ]


def test_a_version_error_says_it_all():
    """A 410 the profile reads as a removed version is the error; no breaking change with it."""
    wire = negotiator(profile="gooddata", api_version="1", relies=[Reliance("GET /items")])
    prepared = wire.start("GET", f"{BASE}/items")
    body = b'{"error": {"message": "API version 1 has been removed"}}'
    outcome = wire.inspect(prepared, 410, [], body)
    assert outcome.error is not None
    assert outcome.drafts == ()


def test_one_fact_is_reported_once_per_session():
    """The same breaking change on many responses (many ids) warns once; another field again."""
    wire = negotiator(relies=[Reliance("GET /items/{id}", fields=["id", "name"])], policy=Policy())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for i in range(50):
            prepared = wire.start("GET", f"{BASE}/items/{i}")
            wire.settle(wire.inspect(prepared, 200, [], b'{"id": 1}'))
        prepared = wire.start("GET", f"{BASE}/items/x")
        wire.settle(wire.inspect(prepared, 200, [], b'{"name": "n"}'))
    assert [w.category for w in caught] == [BreakingChangeWarning, BreakingChangeWarning]
    [first, second] = wire.reporter.records()
    assert first.count == 50
    assert first.notice.detail == "field-missing name"
    assert second.notice.detail == "field-missing id"


def test_the_policy_decides_raise_log_or_ignore(caplog):
    """breaking-change is a kind for policies: raise it, log it, or ignore it."""
    prepared_body = b'{"items": []}'
    raising = negotiator(policy=Policy(actions={"breaking-change": "raise"}))
    prepared = raising.start("GET", f"{BASE}/items")
    with pytest.raises(BreakingChangeWarning, match=r"\(field-missing\).*nextCursor"):
        raising.settle(raising.inspect(prepared, 200, [], prepared_body))
    logging_one = negotiator(policy=Policy(default=Action.LOG))
    prepared = logging_one.start("GET", f"{BASE}/items")
    with caplog.at_level(logging.WARNING, logger="apiversion_client"):
        logging_one.settle(logging_one.inspect(prepared, 200, [], prepared_body))
    [record] = caplog.records
    assert record.api_notice_kind == "breaking-change"  # type: ignore[attr-defined]
    quiet = negotiator(policy=Policy(actions={NoticeKind.BREAKING_CHANGE: "ignore"}))
    prepared = quiet.start("GET", f"{BASE}/items")
    quiet.settle(quiet.inspect(prepared, 200, [], prepared_body))
    assert quiet.reporter.notices == ()


def test_the_matrix_declarations_are_used_too():
    """The matrix's [[relies]] are watched (unless use_matrix=False); twice declared, once told."""
    matrix = CompatibilityMatrix.load(EXAMPLES / "cognite.toml")
    path = f"{BASE}/projects/p/assets"
    wire = negotiator(profile=None, api_version="v1", matrix=matrix, relies=None)
    assert wire.tripwire is not None
    assert len(wire.tripwire.relies) == len(matrix.relies)
    prepared = wire.start("GET", path)
    assert prepared.resource == "GET /projects/{project}/assets"
    details = [d for _, d in kinds_and_details(wire.inspect(prepared, 200, [], b'{"items": []}'))]
    assert details == ["field-missing nextCursor"]
    off = negotiator(
        profile=None, api_version="v1", matrix=matrix, relies=Tripwire(use_matrix=False)
    )
    assert off.tripwire is None
    both = negotiator(profile=None, api_version="v1", matrix=matrix, relies=list(matrix.relies))
    prepared = both.start("GET", path)
    assert len(both.inspect(prepared, 200, [], b'{"items": []}').drafts) == 1


def test_a_404_the_matrix_expects_is_no_removal():
    """The matrix says the resource does not exist at the pin: its 404 is right, not a breach."""
    matrix = CompatibilityMatrix.loads(
        """
[[versions]]
version = "1"
[[versions]]
version = "2"
[[versions.changes]]
resources = ["GET /old"]
kind = "removed"
"""
    )
    wire = Negotiator(
        BASE,
        profile="gooddata",
        matrix=matrix,
        relies=[Reliance("GET /old")],
        policy=Policy(default="collect"),
    )
    prepared = Prepared(
        in_scope=True,
        method="GET",
        url=f"{BASE}/old",
        version=ApiVersion.parse("2"),
        requested="2",
        api_path="/old",
        namer=wire.resources,
    )
    assert wire.inspect(prepared, 404, [], None).drafts == ()
    at_one = Prepared(
        in_scope=True,
        method="GET",
        url=f"{BASE}/old",
        version=ApiVersion.parse("1"),
        requested="1",
        api_path="/old",
        namer=wire.resources,
    )
    assert kinds_and_details(wire.inspect(at_one, 404, [], None)) == [
        (NoticeKind.BREAKING_CHANGE, "endpoint-removed")
    ]


def test_an_sdks_own_resolver_names_declared_resources():
    """resources= as a callable: the name it returns finds the declaration."""
    wire = negotiator(resources=lambda method, path: "/items" if path.startswith("/i") else None)
    prepared = wire.start("GET", f"{BASE}/i/1")
    assert prepared.resource == "GET /items"
    assert len(wire.inspect(prepared, 200, [], b"{}").drafts) == 2


def test_a_body_over_the_bound_or_broken_never_fails_the_response():
    """A cut body is not checked; a hostile one is a finding or nothing, never an exception."""
    wire = negotiator(relies=Tripwire([ITEMS], max_body=64))
    prepared = wire.start("GET", f"{BASE}/items")
    assert wire.inspect(prepared, 200, [], b'{"items": [' + b'{"id": 1},' * 100).drafts == ()
    for body in (b"[" * 60, b"\x00\xff" * 30, "{}", b'{"items": {"id": 1}}'):
        outcome = wire.inspect(prepared, 200, [], body)
        assert all(n.kind is NoticeKind.BREAKING_CHANGE for n in outcome.notices)
