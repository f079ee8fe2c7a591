"""8 and 64 KiB hostile values: every parser returns, within its bounds (no timing asserted).

``test_bounds.py`` counts the work; ``benchmarks/signals_hostile.py`` times it.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from apiversion_client.signals import (
    Signals,
    parse_deprecation,
    parse_gdc_deprecated,
    parse_http_date,
    parse_link,
    parse_served_version,
    parse_sf_date,
    parse_sunset,
    parse_version_list,
    parse_warning,
    read_signals,
)
from apiversion_client.signals._link import MAX_LINK_PARAMS, MAX_LINKS
from apiversion_client.signals._scan import MAX_MEMBERS, MAX_VERSIONS

from ._helpers import HOSTILE_SIZES, hostile_values


def _read_everything(value: str) -> object:
    names = ["Deprecation", "Sunset", "Link", "Warning", "X-GDC-Deprecated", "api-version"]
    return read_signals([(name, value) for name in names])


PARSERS: list[Callable[[str], object]] = [
    parse_http_date,
    parse_sf_date,
    parse_deprecation,
    parse_sunset,
    parse_link,
    parse_warning,
    parse_gdc_deprecated,
    parse_version_list,
    parse_served_version,
    _read_everything,
]


VALUES = [
    pytest.param(value, id=f"{size // 1024}k-{name}")
    for size in HOSTILE_SIZES
    for name, value in hostile_values(size)
]


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.__name__)
@pytest.mark.parametrize("value", VALUES)
def test_hostile_value_returns(parser: Callable[[str], object], value: str) -> None:
    """A value built to trip backtracking or quadratic scans is parsed and returns."""
    assert len(value) >= min(HOSTILE_SIZES) - 64
    parser(value)


@pytest.mark.parametrize("value", VALUES)
def test_hostile_value_stays_within_the_bounds(value: str) -> None:
    """Whatever a hostile value holds, no result holds more than the bounds allow."""
    links = parse_link(value)
    assert len(links) <= MAX_LINKS
    assert all(len(link.params.pairs) <= MAX_LINK_PARAMS for link in links)
    assert len(parse_warning(value)) <= MAX_MEMBERS
    gdc = parse_gdc_deprecated(value)
    assert gdc is None or len(gdc.entries) <= MAX_MEMBERS
    assert len(parse_version_list(value)) <= MAX_VERSIONS
    signals = _read_everything(value)
    assert isinstance(signals, Signals)
    assert len(signals.links) <= MAX_LINKS
    assert len(signals.warnings) <= MAX_MEMBERS
