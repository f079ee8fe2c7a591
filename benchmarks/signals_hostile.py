"""Time every signals parser on 16, 32 and 64 KiB hostile values; linear means ~2x per step.

Run: ``python benchmarks/signals_hostile.py``.  Prints numbers; asserts nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from apiversion_client.signals import (
    parse_deprecation,
    parse_gdc_deprecated,
    parse_http_date,
    parse_link,
    parse_sf_date,
    parse_sunset,
    parse_version_list,
    parse_warning,
)

PARSERS: list[Callable[[str], object]] = [
    parse_http_date,
    parse_sf_date,
    parse_deprecation,
    parse_sunset,
    parse_link,
    parse_warning,
    parse_gdc_deprecated,
    parse_version_list,
]

PATTERNS = {
    "run-<": "<",
    'run-"': '"',
    "run-\\": "\\",
    "run-;": ";",
    "run-,": ",",
    "run-=": "=",
    "link-missing-gt": "<a;",
    "param-unterminated": '<a>;r="',
    "escaped-quotes": '"\\"',
    "day-commas": "Sun,",
    "gdc-lines": "End-of-life=Sat, ",
    "warnings": '299 - "x",',
    "sf-params": ";a=1",
}


def _seconds(parser: Callable[[str], object], value: str) -> float:
    start = time.perf_counter()
    parser(value)
    return time.perf_counter() - start


def main() -> None:
    sizes = (16 * 1024, 32 * 1024, 64 * 1024)
    print(f"{'parser':<22}{'input':<20}" + "".join(f"{s // 1024:>8} KiB" for s in sizes))
    for parser in PARSERS:
        for name, unit in PATTERNS.items():
            times = [_seconds(parser, unit * (size // len(unit))) for size in sizes]
            cells = "".join(f"{t * 1000:>10.2f}ms" for t in times)
            print(f"{parser.__name__:<22}{name:<20}{cells}")


if __name__ == "__main__":
    main()
