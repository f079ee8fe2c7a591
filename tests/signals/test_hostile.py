"""64 KiB hostile values: every parser returns (no timing asserted; see benchmarks/)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from apiversion_client.signals import (
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

from ._helpers import HOSTILE_SIZE, hostile_values


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


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.__name__)
@pytest.mark.parametrize(("name", "value"), hostile_values(), ids=[n for n, _ in hostile_values()])
def test_hostile_value_returns(parser: Callable[[str], object], name: str, value: str) -> None:
    """A 64 KiB value built to trip backtracking or quadratic scans is parsed and returns."""
    assert len(value) >= HOSTILE_SIZE - 16
    parser(value)
