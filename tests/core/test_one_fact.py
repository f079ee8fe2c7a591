"""One fact, one report: kinds, merging, errors, waterfalls, links, server warnings, paths."""

from __future__ import annotations

import datetime as dt
import warnings

import pytest

from apiversion_client import (
    ApiDeprecationWarning,
    ApiServerWarning,
    CompatibilityMatrix,
    Negotiator,
    NoticeKind,
    Policy,
    Profile,
    profiles,
)

BASE = "https://api.example.com"
TODAY = dt.date(2026, 12, 1)
GDC_LINE = "End-of-life=Sat, 01 Jan 2028 12:00:00 GMT; valid-version=6"


def negotiator(profile: Profile | str = "rfc", **kwargs: object) -> Negotiator:
    options: dict[str, object] = {"api_version": "5", "today": TODAY}
    options.update(kwargs)
    return Negotiator(BASE, profile=profile, **options)  # type: ignore[arg-type]


def run(n: Negotiator, lines: list[tuple[str, str]], status: int = 200, path: str = "/x/1"):  # type: ignore[no-untyped-def]
    prepared = n.start("GET", BASE + path)
    outcome = n.inspect(prepared, status, lines)
    return outcome, n.settle(outcome)


def test_a_dated_deprecation_is_the_kind_deprecated() -> None:
    """GoodData's end of life, a Sunset: the kind is "deprecated", and "sunset" names it too."""
    for profile, lines in (
        (profiles.GOODDATA, [("X-GDC-Deprecated", GDC_LINE)]),
        (profiles.RFC, [("Sunset", "Sat, 01 Jan 2028 12:00:00 GMT")]),
    ):
        outcome, _ = run(negotiator(profile, policy=Policy(default="collect")), lines)
        assert [n.kind for n in outcome.notices] == [NoticeKind.DEPRECATED]
    assert NoticeKind.SUNSET is NoticeKind.DEPRECATED
    assert NoticeKind("sunset") is NoticeKind.DEPRECATED


def test_a_policy_for_deprecated_raises_for_a_dated_deprecation() -> None:
    """Policy(actions={"deprecated": "raise"}) raises for GoodData's X-GDC-Deprecated."""
    n = negotiator(profiles.GOODDATA, policy=Policy(actions={"deprecated": "raise"}))
    with pytest.raises(ApiDeprecationWarning, match="Move to API version 6"):
        run(n, [("X-GDC-Deprecated", GDC_LINE)])


def test_the_matrix_and_the_server_saying_the_same_thing_warn_once() -> None:
    """A matrix deprecation and the server's, same version, day and successor: one warning."""
    matrix = CompatibilityMatrix.from_dict(
        {
            "api": {"name": "Acme", "profile": "rfc"},
            "versions": [
                {
                    "version": "5",
                    "released": "2020-01-01",
                    "deprecated": "2026-01-01",
                    "end_of_life": "2028-01-01",
                    "successor": "6",
                },
                {"version": "6", "released": "2026-01-01"},
            ],
        }
    )
    n = Negotiator(BASE, matrix=matrix, api_version="5", today=TODAY)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run(n, [("Deprecation", "@1767225600"), ("Sunset", "Sat, 01 Jan 2028 00:00:00 GMT")])
    assert [w.category for w in caught] == [ApiDeprecationWarning]
    assert len(n.reporter.notices) == 1
    assert n.reporter.records()[0].count == 2


def test_a_response_that_is_an_error_does_not_also_warn() -> None:
    """A 410 with a Sunset is an error; its deprecation stays on the outcome, not a warning."""
    n = negotiator()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        outcome, error = run(
            n, [("Sunset", "Sat, 01 Jan 2022 00:00:00 GMT")], status=410, path="/gone"
        )
    assert error is not None
    assert [notice.kind for notice in outcome.notices] == [NoticeKind.DEPRECATED]
    assert n.reporter.notices == ()


def test_a_waterfall_names_the_version_served_as_deprecated() -> None:
    """Pinned 5, served 4 and deprecated: the message says version 4 is deprecated."""
    n = negotiator(profiles.RFC, policy=Policy(default="collect"))
    outcome, _ = run(n, [("api-version", "4"), ("Deprecation", "true")])
    deprecation = next(x for x in outcome.notices if x.kind is NoticeKind.DEPRECATED)
    assert "at API version 4 is deprecated" in deprecation.message
    assert NoticeKind.VERSION_MISMATCH in [x.kind for x in outcome.notices]


def test_an_echo_on_an_error_response_is_not_a_mismatch() -> None:
    """A 422 echoing the server's latest version says nothing about the version served."""
    n = negotiator(profiles.RFC, policy=Policy(default="collect"))
    outcome, _ = run(n, [("api-version", "9")], status=422)
    assert [x.kind for x in outcome.notices] == []


def test_relative_links_are_resolved_and_both_kept() -> None:
    """A relative successor link resolves against the request URL; the deprecation link stays."""
    n = negotiator(profiles.RFC, policy=Policy(default="collect"))
    outcome, _ = run(
        n,
        [
            ("Deprecation", "true"),
            (
                "Link",
                '</v2/items>; rel="successor-version", <migrate.html>; rel="deprecation"',
            ),
        ],
        path="/v1/items/7",
    )
    [notice] = outcome.notices
    assert notice.link == "https://api.example.com/v2/items"
    assert "See https://api.example.com/v2/items" in notice.message
    assert "https://api.example.com/v1/items/migrate.html" in notice.message
    assert outcome.signals.successor_link == "/v2/items"  # the raw target is kept


def test_every_other_warning_header_surfaces_once() -> None:
    """A Warning that is not about a deprecation is an ApiServerWarning, once per text."""
    n = negotiator(profiles.KUBERNETES)
    line = ("Warning", '299 - "unknown field \\"spec.foo\\""')
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run(n, [line])
        run(n, [line])
        run(n, [("Warning", '299 - "metadata.finalizers: \\"x\\": prefer a domain"')])
    assert [w.category for w in caught] == [ApiServerWarning, ApiServerWarning]
    assert 'unknown field "spec.foo"' in str(caught[0].message)


def test_a_deprecation_warning_header_is_not_also_a_server_warning() -> None:
    """Kubernetes' "... is deprecated" Warning is a deprecation, reported once as such."""
    n = negotiator(profiles.KUBERNETES, policy=Policy(default="collect"))
    outcome, _ = run(n, [("Warning", '299 - "batch/v1beta1 CronJob is deprecated in v1.21+"')])
    assert [x.kind for x in outcome.notices] == [NoticeKind.DEPRECATED]


@pytest.mark.parametrize(
    ("template", "path", "sent"),
    [
        ("/{version}", "/users/5/", "/v2/users/5/"),
        ("/{version}", "/v1/users/5/", "/v1/users/5/"),
        ("/v{version}", "/values/1", "/v2/values/1"),
        ("/v{version}", "/v3/values/1", "/v3/values/1"),
    ],
)
def test_a_version_first_path_template_only_matches_versions(
    template: str, path: str, sent: str
) -> None:
    """A segment that is not a version is part of the resource: the pin is inserted."""
    profile = Profile(name="drf-path", path=template)
    pin = "v2" if template == "/{version}" else "2"
    n = Negotiator("http://api.example", profile=profile, api_version=pin)
    prepared = n.prepare("GET", "http://api.example" + path)
    assert prepared.url == "http://api.example" + sent
    with n.pinned("v1" if template == "/{version}" else "1"):
        overridden = n.prepare("DELETE", "http://api.example" + path)
    # An override changes the version, never which resource is addressed.
    assert overridden.url.rsplit("/", 2)[-2:] == ("http://api.example" + sent).rsplit("/", 2)[-2:]
    assert overridden.api_path == prepared.api_path
