"""Time every signals parser, and read_signals per header, on 8, 32 and 64 KiB hostile values.

Run: ``python benchmarks/signals_hostile.py [--json] [--only NAME]``.  Prints
numbers; asserts nothing.  Linear means about 4x from 8 to 32 KiB and 2x from
32 to 64 KiB; the target is under 15 ms for any 64 KiB value (``OVER`` marks a
row above it, ``NONLINEAR`` a row whose 64 KiB time is more than 3x its 32 KiB
time).  Each cell is the best of 3 calls.

The patterns are the general ones (runs of the characters the scanners stop
at, unterminated quotes and links) and, for every header family, a value of
many tiny list members (``@1,`` for Deprecation, ``<a>,`` for Link, ``1,`` for
version lists, ...), each repeated up to the size.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable

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

TARGET_MS = 15.0
SIZES = (8 * 1024, 32 * 1024, 64 * 1024)


def _reader(header: str) -> Callable[[str], object]:
    def read(value: str) -> object:
        return read_signals([(header, value)])

    read.__name__ = f"read_signals[{header}]"
    return read


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
    *(
        _reader(header)
        for header in (
            "Deprecation",
            "Sunset",
            "Link",
            "Warning",
            "X-GDC-Deprecated",
            "api-supported-versions",
            "api-version",
        )
    ),
]

#: Pattern name -> unit repeated up to the size (a tuple: prefix, unit).
PATTERNS: dict[str, tuple[str, str]] = {
    # general
    "run-<": ("", "<"),
    'run-"': ("", '"'),
    "run-\\": ("", "\\"),
    "run-;": ("", ";"),
    "run-,": ("", ","),
    "run-=": ("", "="),
    "run-space": ("", " "),
    "run-digits": ("", "9"),
    "link-missing-gt": ("", "<a;"),
    "param-unterminated": ("", '<a>;r="'),
    "escaped-quotes": ("", '"\\"'),
    "long-quoted": ('<a>; title="', "x"),
    "long-escapes": ('<a>; title="', "\\x"),
    # many tiny members: Deprecation, Sunset, sf-date
    "dep-@1,": ("", "@1,"),
    "dep-true,": ("", "true,"),
    "dep-x,": ("", "x,"),
    "day-commas": ("", "Sun,"),
    "sunset-dates": ("", "Sun, 06 Nov 1994 08:49:37 GMT, "),
    "sf-params": ("@1", ";a=1"),
    "sf-bare-params": ("@1", ";a"),
    # Link
    "link-<a,": ("", "<a,"),
    "link-<a>,": ("", "<a>,"),
    "link-<>,": ("", "<>,"),
    "link-params": ("<a>", ";a=1"),
    "link-bare-params": ("<a>", ";a"),
    "link-rels": ('<a>; rel="', "x "),
    "link-versions": ("", '<a>; rel="successor-version"; version="2",'),
    # Warning
    "warnings": ("", '299 - "x",'),
    "warning-empty-texts": ("", '299 - "",'),
    "warning-codes": ("", "1,"),
    # X-GDC-Deprecated
    "gdc-lines": ("", "End-of-life=Sat, "),
    "gdc-entries": ("", "End-of-life=Sat, 01 Nov 2025 12:00:00 GMT; valid-version=3, "),
    "gdc-deprecated,": ("", "deprecated,"),
    "gdc-versions": ("", "valid-version=1;"),
    "gdc-quotes": ("", '",'),
    # version lists, echo headers
    "versions-,1": ("", ",1"),
    "versions-distinct": ("", ""),  # built by _value: 1,2,3,...
    "echo-1,2,": ("", "1,2,"),
}


def _value(name: str, size: int) -> str:
    if name == "versions-distinct":
        parts, total, i = [], 0, 0
        while total < size:
            part = f"{i},"
            parts.append(part)
            total += len(part)
            i += 1
        return "".join(parts)[:size]
    prefix, unit = PATTERNS[name]
    return prefix + unit * ((size - len(prefix)) // len(unit))


def _ms(parser: Callable[[str], object], value: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        parser(value)
        best = min(best, time.perf_counter() - start)
    return best * 1000


def measure(only: str | None = None) -> dict[str, dict[str, list[float]]]:
    """Milliseconds per call, per parser and pattern, at each of :data:`SIZES`."""
    results: dict[str, dict[str, list[float]]] = {}
    for parser in PARSERS:
        if only and only not in parser.__name__:
            continue
        rows = results.setdefault(parser.__name__, {})
        for name in PATTERNS:
            rows[name] = [round(_ms(parser, _value(name, size)), 3) for size in SIZES]
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--only", help="only parsers whose name contains this")
    args = parser.parse_args()
    results = measure(args.only)
    worst = max(
        ((times[-1], f"{p} {n}") for p, rows in results.items() for n, times in rows.items()),
        default=(0.0, ""),
    )
    if args.json:
        print(json.dumps({"sizes": SIZES, "target_ms": TARGET_MS, "results": results}))
        return
    print(f"{'parser':<36}{'input':<22}" + "".join(f"{s // 1024:>7} KiB" for s in SIZES))
    for name, rows in results.items():
        for pattern, times in rows.items():
            flags = []
            if times[-1] > TARGET_MS:
                flags.append("OVER")
            if times[-1] > 3 * max(times[-2], 0.05):
                flags.append("NONLINEAR")
            cells = "".join(f"{t:>8.2f}ms" for t in times)
            print(f"{name:<36}{pattern:<22}{cells}  {' '.join(flags)}")
    print(f"slowest at 64 KiB: {worst[1]}: {worst[0]:.2f} ms (target under {TARGET_MS} ms)")


if __name__ == "__main__":
    main()
