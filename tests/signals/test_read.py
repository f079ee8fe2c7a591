"""read_signals: one response's header lines into one Signals value, with its conflict rules."""

from __future__ import annotations

import attrs
import pytest

from apiversion_client.signals import (
    DEFAULT_ECHO_HEADERS,
    Problem,
    SignalReader,
    Signals,
    WarningValue,
    _dates,
    _read,
    read_signals,
)

from ._helpers import utc


@attrs.frozen
class FakeProfile:
    """A profile as apiversion_client.profiles will define it (only what signals needs)."""

    readers: frozenset[SignalReader]
    echo_headers: tuple[str, ...] = ()


def test_nothing_said() -> None:
    """A response without version headers gives Signals() and says nothing."""
    signals = read_signals([("Content-Type", "application/json")])
    assert signals == Signals()
    assert not signals.said_anything


def test_rfc_deprecation_and_sunset() -> None:
    """Deprecation and Sunset give the deprecated flag and both dates."""
    signals = read_signals(
        [
            ("Deprecation", "@1688169599"),
            ("Sunset", "Wed, 31 Dec 2025 23:59:59 GMT"),
        ]
    )
    assert signals.deprecated
    assert signals.deprecation == utc(2023, 6, 30, 23, 59, 59)
    assert signals.sunset == utc(2025, 12, 31, 23, 59, 59)
    assert signals.problems == ()
    assert signals.said_anything


def test_github_response() -> None:
    """GitHub's HTTP-date Deprecation, Link and echo header are read with its echo header."""
    profile = FakeProfile(
        readers=frozenset({SignalReader.DEPRECATION, SignalReader.SUNSET, SignalReader.LINK}),
        echo_headers=("X-GitHub-Api-Version-Selected",),
    )
    signals = read_signals(
        [
            ("deprecation", "Tue, 10 Mar 2026 00:00:00 GMT"),
            ("sunset", "Wed, 11 Nov 2026 00:00:00 GMT"),
            ("link", '<https://docs.github.com/rest/deprecations>; rel="deprecation"'),
            ("x-github-api-version-selected", "2022-11-28"),
        ],
        profile,
    )
    assert signals.deprecation == utc(2026, 3, 10)
    assert signals.deprecation_link == "https://docs.github.com/rest/deprecations"
    assert signals.served_version == "2022-11-28"


def test_header_names_are_case_insensitive_and_mapping_accepted() -> None:
    """Header names match in any case, and a plain mapping works like header lines."""
    signals = read_signals({"DEPRECATION": "true", "Api-Version": "2.0"})
    assert signals.deprecated
    assert signals.deprecation is None
    assert signals.served_version == "2.0"


def test_deprecation_false_is_not_deprecated() -> None:
    """Deprecation: false says the resource is not deprecated."""
    assert not read_signals([("Deprecation", "false")]).deprecated


def test_unreadable_deprecation_date_is_a_problem() -> None:
    """A Deprecation whose date cannot be read still deprecates, with an unknown date."""
    signals = read_signals([("Deprecation", "1688169599")])
    assert signals.deprecated
    assert signals.deprecation is None
    assert [p.header for p in signals.problems] == ["Deprecation"]


def test_conflicting_deprecation_lines_take_the_earliest() -> None:
    """Two Deprecation lines with different dates: the earliest wins, and it is reported."""
    signals = read_signals([("Deprecation", "@1688169599"), ("Deprecation", "@1000000000")])
    assert signals.deprecation == utc(2001, 9, 9, 1, 46, 40)
    assert "conflicting" in signals.problems[0].message


def test_gooddata_response() -> None:
    """X-GDC-Deprecated deprecates; end of life is the sunset, valid version the successor."""
    signals = read_signals(
        [("X-GDC-Deprecated", "End-of-life=Sat, 09 Nov 2019 12:00:00 GMT; valid-version=2")]
    )
    assert signals.deprecated
    assert signals.sunset == utc(2019, 11, 9, 12)
    assert signals.successor_version == "2"
    assert signals.problems == ()


def test_gooddata_broken_example_is_a_problem() -> None:
    """The vendor's broken example deprecates with an unknown end of life and reports it."""
    signals = read_signals(
        [("X-GDC-Deprecated", '"End-of-life=Sat, X Nov 20XX 12:00:00 GM; valid-version=2"')]
    )
    assert signals.deprecated
    assert signals.sunset is None
    assert signals.successor_version == "2"
    assert signals.problems[0].message == "could not read the end of life"


def test_sunset_is_the_earliest_of_sunset_and_end_of_life() -> None:
    """Sunset and X-GDC-Deprecated's end of life compete; the earliest wins."""
    signals = read_signals(
        [
            ("Sunset", "Sat, 31 Dec 2022 23:59:59 GMT"),
            ("X-GDC-Deprecated", "End-of-life=Sat, 09 Nov 2019 12:00:00 GMT; valid-version=2"),
        ]
    )
    assert signals.sunset == utc(2019, 11, 9, 12)


def test_conflicting_sunsets() -> None:
    """Two Sunset lines with different dates: the earliest wins, and it is reported."""
    signals = read_signals(
        [("Sunset", "Sat, 31 Dec 2022 23:59:59 GMT"), ("Sunset", "Sun, 31 Dec 2023 23:59:59 GMT")]
    )
    assert signals.sunset == utc(2022, 12, 31, 23, 59, 59)
    assert [p.message for p in signals.problems] == ["conflicting dates; the earliest is used"]


def test_unreadable_sunset_is_a_problem() -> None:
    """A Sunset that is not a date is ignored and reported; alone it does not deprecate."""
    signals = read_signals([("Sunset", "soon")])
    assert signals.sunset is None
    assert not signals.deprecated
    assert signals.problems == (Problem("Sunset", "soon", "not an HTTP-date; ignored"),)


def test_sunset_before_deprecation_is_reported_and_both_kept() -> None:
    """A Sunset earlier than the Deprecation date is a problem; both dates stay as read."""
    signals = read_signals(
        [("Deprecation", "@1688169599"), ("Sunset", "Sat, 31 Dec 2018 23:59:59 GMT")]
    )
    assert signals.deprecation == utc(2023, 6, 30, 23, 59, 59)
    assert signals.sunset == utc(2018, 12, 31, 23, 59, 59)
    assert "earlier than the Deprecation date" in signals.problems[0].message


def test_links() -> None:
    """Version links fill the link fields; other relations are not kept."""
    signals = read_signals(
        [
            ("Link", '<https://x/page2>; rel="next"'),
            ("Link", '<https://x/v3>; rel="latest-version", <https://x/v2>; rel=successor-version'),
            ("Link", '<https://x/dep>; rel="deprecation", <https://x/sun>; rel="sunset"'),
        ]
    )
    assert signals.successor_link == "https://x/v2"
    assert signals.deprecation_link == "https://x/dep"
    assert signals.sunset_link == "https://x/sun"
    assert [link.target for link in signals.links] == [
        "https://x/v3",
        "https://x/v2",
        "https://x/dep",
        "https://x/sun",
    ]


def test_latest_version_link_is_the_fallback_successor() -> None:
    """Without a successor-version link, the latest-version link is the successor."""
    signals = read_signals([("Link", '<https://x/v3>; rel="latest-version"')])
    assert signals.successor_link == "https://x/v3"


def test_successor_version_from_link_params() -> None:
    """A successor-version link's version parameter names the successor version."""
    signals = read_signals([("Link", '<https://x/v2>; rel="successor-version"; version="2.0"')])
    assert signals.successor_version == "2.0"


def test_gdc_valid_version_wins_over_link() -> None:
    """X-GDC-Deprecated's valid version wins over a Link's version parameter."""
    signals = read_signals(
        [
            ("Link", '<https://x/v9>; rel="successor-version"; version="9"'),
            ("X-GDC-Deprecated", "End-of-life=Sat, 09 Nov 2019 12:00:00 GMT; valid-version=2"),
        ]
    )
    assert signals.successor_version == "2"


def test_malformed_link_is_a_problem_and_salvaged() -> None:
    """A malformed Link is reported and what could be read is kept."""
    signals = read_signals([("Link", '<https://x/dep>; rel="deprecation')])
    assert signals.deprecation_link == "https://x/dep"
    assert signals.problems[0].header == "Link"


def test_kubernetes_deprecation_warning() -> None:
    """A 299 warning that mentions deprecation deprecates; all warnings are kept."""
    text = "batch/v1beta1 CronJob is deprecated in v1.21+, unavailable in v1.25+"
    signals = read_signals([("Warning", f'299 - "{text}"'), ("Warning", '199 - "other"')])
    assert signals.deprecated
    assert signals.warnings == (WarningValue(299, "-", text), WarningValue(199, "-", "other"))
    assert signals.deprecation_warnings == (WarningValue(299, "-", text),)


def test_other_299_warning_does_not_deprecate() -> None:
    """A 299 warning about something else is kept but does not deprecate."""
    signals = read_signals([("Warning", '299 - "metadata.finalizers: prefer a domain"')])
    assert not signals.deprecated
    assert len(signals.warnings) == 1


def test_aspnet_version_lists() -> None:
    """api-supported-versions and api-deprecated-versions are merged over lines."""
    signals = read_signals(
        [
            ("api-supported-versions", "1.0, 2.0"),
            ("api-supported-versions", "3.0-beta"),
            ("api-deprecated-versions", "0.9"),
        ]
    )
    assert signals.supported_versions == ("1.0", "2.0", "3.0-beta")
    assert signals.deprecated_versions == ("0.9",)
    assert not signals.deprecated


def test_served_version_listed_as_deprecated_deprecates() -> None:
    """A served version that api-deprecated-versions lists makes the response deprecated."""
    signals = read_signals([("api-version", "0.9"), ("api-deprecated-versions", "0.9")])
    assert signals.deprecated


def test_echo_header_repeating_with_different_values() -> None:
    """An echo header repeated with different values is reported; the first wins."""
    signals = read_signals([("api-version", "1.0"), ("api-version", "2.0")])
    assert signals.served_version == "1.0"
    assert signals.problems[0].message == "repeated with different values"


def test_echo_headers_disagreeing() -> None:
    """Two echo headers naming different versions are reported; the profile's first wins."""
    signals = read_signals([("x-api-version", "2.0"), ("api-version", "1.0")])
    assert DEFAULT_ECHO_HEADERS == ("api-version", "x-api-version")
    assert signals.served_version == "1.0"
    assert "disagrees" in signals.problems[0].message


def test_profile_reads_only_its_headers() -> None:
    """Headers of readers the profile does not have are not read at all."""
    profile = FakeProfile(readers=frozenset({SignalReader.WARNING}), echo_headers=())
    signals = read_signals(
        [
            ("Deprecation", "@1688169599"),
            ("Sunset", "soon"),
            ("api-version", "1"),
            ("X-GDC-Deprecated", "deprecated"),
        ],
        profile,
    )
    assert signals == Signals()


def test_problem_values_are_truncated() -> None:
    """A problem keeps at most 200 characters of the offending value."""
    signals = read_signals([("Sunset", "x" * 1000)])
    assert len(signals.problems[0].value) == 200


def test_junk_header_lines_are_skipped() -> None:
    """Items that are not (str, str) pairs are ignored rather than raising."""
    lines: list[object] = [("Deprecation",), 42, ("Deprecation", None), ("Deprecation", "true")]
    assert read_signals(lines).deprecated  # type: ignore[arg-type]


@pytest.mark.parametrize("reader", list(SignalReader))
def test_every_reader_alone_reads_nothing_from_an_empty_response(reader: SignalReader) -> None:
    """Each reader on a response without its headers says nothing."""
    profile = FakeProfile(readers=frozenset({reader}), echo_headers=("api-version",))
    assert read_signals([], profile) == Signals()


def _clear_caches() -> None:
    for clear in _read._caches:
        clear()


def test_lines_are_kept_only_once_they_repeat() -> None:
    """A set of lines read once is not cached; read again it is, and the third read finds it."""
    _clear_caches()
    lines = [("Deprecation", "@1700000001"), ("Link", "<https://x/1/once>; rel=successor-version")]
    first, second, third = read_signals(lines), read_signals(lines), read_signals(lines)
    assert first == second == third
    assert second is not first
    assert third is second


def test_lines_over_a_kibibyte_are_never_kept() -> None:
    """Large signal lines are read every time, never cached."""
    _clear_caches()
    lines = [("Link", "<https://x/" + "a" * 1100 + ">; rel=successor-version")]
    readings = [read_signals(lines) for _ in range(3)]
    assert readings[0] == readings[2]
    assert readings[2] is not readings[1]


def test_a_new_year_clears_the_caches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Caches filled in one year are cleared by the first reading in another."""
    _clear_caches()
    lines = [("Sunset", "Sunday, 06-Nov-94 08:49:37 GMT")]
    for _ in range(3):
        read_signals(lines)
    assert _read._signals
    monkeypatch.setattr(_read, "_clock", lambda: _read._year_end + 1.0)
    monkeypatch.setattr(_dates, "_current_year", lambda: _read._cache_year + 1)
    read_signals([("Deprecation", "@1700000002")])
    assert not _read._signals


def test_the_year_is_not_asked_for_on_every_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """Within the year the caches were filled in, a reading only looks at the clock."""
    read_signals([("Deprecation", "@1700000003")])
    asked = []
    monkeypatch.setattr(_dates, "_current_year", lambda: asked.append(1) or _read._cache_year)
    for number in range(5):
        read_signals([("Deprecation", f"@17000001{number}")])
    assert asked == []


def test_fast_values_do_not_go_through_the_scanners(monkeypatch: pytest.MonkeyPatch) -> None:
    """Usual values are read by the fast paths; only the others reach a (cached) scanner."""
    _clear_caches()
    calls: list[str] = []
    for name in ("_scan_deprecation", "_scan_sunset", "_scan_links", "_scan_warnings"):
        scan = getattr(_read, name)
        monkeypatch.setattr(
            _read, name, lambda v, scan=scan, name=name: calls.append(name) or scan(v)
        )
    read_signals(
        [
            ("Deprecation", "@1700000004"),
            ("Sunset", "Wed, 11 Nov 2026 23:59:59 GMT"),
            ("Link", '<https://x/v2>; rel="successor-version"; version="2"'),
            ("Warning", '299 - "v1 is deprecated"'),
        ]
    )
    assert calls == []
    read_signals([("Deprecation", "true, @1700000004"), ("Link", "<https://x/v2>; rel")])
    assert calls == ["_scan_deprecation", "_scan_links"]


def test_read_collected_is_read_signals_of_collected_lines() -> None:
    """The core's entry point gives what read_signals gives for the same lines."""
    lines = [
        ("Content-Type", "text/plain"),
        ("DEPRECATION", "@1688169599"),
        ("Link", '<https://x/v3>; rel="latest-version"'),
        ("api-version", "2"),
    ]
    readers, echo = frozenset(SignalReader), DEFAULT_ECHO_HEADERS
    collected = tuple(_read.collect_lines(lines, _read.signal_header_names(readers, echo)))
    assert collected == (
        ("deprecation", "@1688169599"),
        ("link", '<https://x/v3>; rel="latest-version"'),
        ("api-version", "2"),
    )
    assert _read.read_collected(collected, readers, echo) == read_signals(lines)
    assert _read.read_collected((), readers, echo) is _read._NOTHING


def test_collect_lines_is_no_longer_public() -> None:
    """collect_lines left the public namespace; the core's imports from _read remain."""
    import apiversion_client.signals as signals

    assert "collect_lines" not in signals.__all__
    assert not hasattr(signals, "collect_lines")
    for name in ("_NOTHING", "_group", "collect_lines", "read_collected", "signal_header_names"):
        assert hasattr(_read, name)
    assert "GdcEntry" in signals.__all__


def test_str_subclass_values_read_like_str() -> None:
    """Header values given as str subclasses are read exactly like plain strings."""

    class Text(str):
        __slots__ = ()

    lines = [
        ("Deprecation", "@1688169599"),
        ("Sunset", "Wed, 11 Nov 2026 23:59:59 GMT"),
        ("Link", '<https://x/v2>; rel="successor-version"'),
    ]
    _clear_caches()
    plain = read_signals(lines)
    _clear_caches()
    assert read_signals([(Text(name), Text(value)) for name, value in lines]) == plain
