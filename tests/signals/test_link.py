"""Link (RFC 8288): the RFC's examples, real servers' values, and salvage of broken ones."""

from __future__ import annotations

import pytest

from apiversion_client.signals import Link, LinkParams, parse_link

# (value, expected [(target, rels, title)])
LINKS = [
    pytest.param(
        '<http://example.com/TheBook/chapter2>; rel="previous"; title="previous chapter"',
        [("http://example.com/TheBook/chapter2", {"previous"}, "previous chapter")],
        id="rfc8288-title",
    ),
    pytest.param('</>; rel="http://example.net/foo"', [("/", {"http://example.net/foo"}, None)]),
    pytest.param(
        "</TheBook/chapter2>; rel=\"previous\"; title*=UTF-8'de'letztes%20Kapitel, "
        "</TheBook/chapter4>; rel=\"next\"; title*=UTF-8'de'n%c3%a4chstes%20Kapitel",
        [
            ("/TheBook/chapter2", {"previous"}, "letztes Kapitel"),
            ("/TheBook/chapter4", {"next"}, "nächstes Kapitel"),
        ],
        id="rfc8288-title-star",
    ),
    pytest.param(
        '<http://example.org/>; rel="start http://example.net/relation/other"',
        [("http://example.org/", {"start", "http://example.net/relation/other"}, None)],
        id="rfc8288-two-rels",
    ),
    pytest.param(
        '<https://developer.example.com/deprecation>; rel="deprecation"; type="text/html"',
        [("https://developer.example.com/deprecation", {"deprecation"}, None)],
        id="rfc9745",
    ),
    pytest.param(
        '<http://example.net/sunset>;rel="sunset";type="text/html"',
        [("http://example.net/sunset", {"sunset"}, None)],
        id="rfc8594",
    ),
    pytest.param(
        '<https://api.github.com/repositories/1/issues?page=2>; rel="next", '
        '<https://api.github.com/repositories/1/issues?page=5>; rel="last"',
        [
            ("https://api.github.com/repositories/1/issues?page=2", {"next"}, None),
            ("https://api.github.com/repositories/1/issues?page=5", {"last"}, None),
        ],
        id="github-pagination",
    ),
    pytest.param(
        '<https://api.example.com/v2/orders>; rel="successor-version", '
        '<https://api.example.com/v3/orders>; rel="latest-version"',
        [
            ("https://api.example.com/v2/orders", {"successor-version"}, None),
            ("https://api.example.com/v3/orders", {"latest-version"}, None),
        ],
        id="rfc5829-versions",
    ),
    pytest.param(
        '<https://x/v2>; rel="deprecation sunset"',
        [("https://x/v2", {"deprecation", "sunset"}, None)],
        id="several-rels-one-value",
    ),
    pytest.param(
        "<https://x/v2>; rel=successor-version",
        [("https://x/v2", {"successor-version"}, None)],
        id="token-rel",
    ),
    pytest.param(
        '<https://x/v2>; REL="Successor-Version"',
        [("https://x/v2", {"successor-version"}, None)],
        id="case",
    ),
    pytest.param(
        '<https://x/a,b;c>; rel="next"', [("https://x/a,b;c", {"next"}, None)], id="comma-in-uri"
    ),
    pytest.param(
        '<https://x/a>; title="a, b; c"; rel="next"',
        [("https://x/a", {"next"}, "a, b; c")],
        id="comma-in-title",
    ),
    pytest.param(
        '<https://x/a>; rel="next"; rel="prev"', [("https://x/a", {"next"}, None)], id="first-rel"
    ),
    pytest.param(
        "<https://x/a>; title=\"plain\"; title*=UTF-8''%e2%82%ac%20rates",
        [("https://x/a", set(), "€ rates")],
        id="title-star-wins",
    ),
    pytest.param(
        "<https://x/a>; title=\"plain\"; title*=UTF-8''%zz",
        [("https://x/a", set(), "plain")],
        id="bad-title-star-falls-back",
    ),
    pytest.param(
        "<https://x/a>; title*=ISO-8859-1'en'%A3%20rates",
        [("https://x/a", set(), "£ rates")],
        id="title-star-latin1",
    ),
    pytest.param(
        r'<https://x/a>; title="say \"hi\""', [("https://x/a", set(), 'say "hi"')], id="escapes"
    ),
    pytest.param("", [], id="empty"),
    pytest.param(" , ,", [], id="only-commas"),
    pytest.param("https://x/a; rel=next", [], id="no-angle-brackets"),
    pytest.param(
        'garbage, <https://x/a>; rel="next"', [("https://x/a", {"next"}, None)], id="garbage-first"
    ),
    pytest.param(
        '<https://x/a; rel="next", <https://x/b>; rel="prev"',
        [("https://x/a", {"next"}, None), ("https://x/b", {"prev"}, None)],
        id="missing-gt",
    ),
    pytest.param(
        '<https://x/a>; rel="deprecation', [("https://x/a", {"deprecation"}, None)], id="unterm"
    ),
    pytest.param(
        '<https://x/a>; rel="next" junk, <https://x/b>; rel="prev"',
        [("https://x/a", {"next"}, None), ("https://x/b", {"prev"}, None)],
        id="junk-after-param",
    ),
    pytest.param("<>; rel=next", [], id="empty-target-dropped"),
    pytest.param(
        '<https://x/a>; =x; rel="next", <https://x/b>',
        [("https://x/a", set(), None), ("https://x/b", set(), None)],
        id="empty-param-name",
    ),
    pytest.param("<https://x/a>", [("https://x/a", set(), None)], id="no-params"),
    pytest.param(
        '<https://x/a>;rel="alternate";hreflang=de', [("https://x/a", {"alternate"}, None)], id="h"
    ),
]


@pytest.mark.parametrize(("value", "expected"), LINKS)
def test_parse_link(value: str, expected: list[tuple[str, set[str], str | None]]) -> None:
    """Targets, lower-cased rels and decoded titles come out in order; broken parts are salvaged."""
    links = parse_link(value)
    assert [(link.target, set(link.rels), link.title) for link in links] == expected


def test_link_params_and_anchor() -> None:
    """Parameter names are lower-cased, values unquoted, and anchor/type exposed."""
    (link,) = parse_link('<https://x/a>; Anchor="#frag"; TYPE="text/html"; Version=2')
    assert link.anchor == "#frag"
    assert link.media_type == "text/html"
    assert link.params["version"] == "2"
    assert link.params["VERSION"] == "2"
    assert dict(link.params) == {"anchor": "#frag", "type": "text/html", "version": "2"}


def test_link_is_hashable_and_frozen() -> None:
    """A Link is an immutable value: equal links hash alike and can be set members."""
    first, second = parse_link('<https://x/a>; rel="next", <https://x/a>; rel="next"')
    assert first == second
    assert len({first, second}) == 1
    with pytest.raises(AttributeError):
        first.target = "other"  # type: ignore[misc]


def test_link_params_keep_repeats() -> None:
    """A repeated parameter keeps its first value for lookup and every value in pairs."""
    params = LinkParams([("Rel", "next"), ("rel", "prev")])
    assert params["rel"] == "next"
    assert params.pairs == (("rel", "next"), ("rel", "prev"))
    assert params == {"rel": "next"}
    assert 1 not in params  # type: ignore[comparison-overlap]


def test_link_defaults() -> None:
    """A Link built by hand has no rels, params, anchor or title."""
    link = Link(target="/x")
    assert (link.rels, dict(link.params), link.anchor, link.title) == (frozenset(), {}, None, None)


def test_rel_only_links_share_their_parameters() -> None:
    """Links whose only parameter is the same rel share one (immutable) parameters object."""
    (first,) = parse_link("<https://x/1>; rel=successor-version")
    (second,) = parse_link('<https://x/2>; rel="successor-version"')
    assert first.params is second.params
    assert first.params == LinkParams([("rel", "successor-version")])
    assert first.params.pairs == (("rel", "successor-version"),)


def test_shared_relation_tables_are_bounded() -> None:
    """However many distinct rels arrive, the shared tables stay within their bounds."""
    from apiversion_client.signals import _link

    for number in range(600):
        parse_link(f"<https://x/{number}>; rel=r{number}")
        parse_link(f"<https://x/{number}>; rel=r{number}; type=t")
    (long,) = parse_link("<https://x/>; rel=" + "r" * 100)
    assert len(_link._REL_ONLY) <= _link._RELS_ENTRIES
    assert len(_link._RELS) <= _link._RELS_ENTRIES
    assert "r" * 100 not in _link._REL_ONLY
    assert long.rels == frozenset({"r" * 100})
