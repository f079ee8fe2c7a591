"""Time the I/O-free core alone, in microseconds per call (``timeit``, best of 5).

Run: ``python benchmarks/core.py [--json]``.  Prints numbers; asserts nothing.

* ``inspect_full``: :meth:`Negotiator.inspect` of a response carrying every
  signal the RFC profile reads (Deprecation, Sunset, Link, Warning, version
  lists, an echo header, a request id), the same request and response again
  and again (what a session sees most: the outcome is remembered);
* ``inspect_full_new_request``: the same response for a new request (a new
  URL) every time: signals read from their cache, notices worded afresh;
* ``inspect_plain``: a response with no signal at all;
* ``prepare_pinned``: :meth:`Negotiator.prepare` of a request the session pins,
  the same URL again and again (remembered);
* ``prepare_new_url``: the same with a new URL (a new id) every time;
* ``read_signals_64k_hostile``: :func:`read_signals` of one 64 KiB hostile
  ``Link`` value (a run of ``<a;``), and the same for each other header.
"""

from __future__ import annotations

import argparse
import json
import timeit

from apiversion_client import Negotiator, Policy, read_signals

FULL_HEADERS = [
    ("Content-Type", "application/json"),
    ("Date", "Wed, 11 Nov 2026 07:28:00 GMT"),
    ("Deprecation", "@1767225600"),
    ("Sunset", "Wed, 11 Nov 2026 23:59:59 GMT"),
    (
        "Link",
        '<https://api.example.com/v2/widgets>; rel="successor-version"; version="2025-01-01", '
        '<https://docs.example.com/deprecations>; rel="deprecation"; type="text/html"',
    ),
    ("Warning", '299 - "Deprecated API version 2024-01-01; use 2025-01-01"'),
    ("api-supported-versions", "2024-01-01, 2025-01-01"),
    ("api-deprecated-versions", "2024-01-01"),
    ("api-version", "2024-01-01"),
    ("X-Request-Id", "req-8f14e45fceea167a"),
]
PLAIN_HEADERS = [
    ("Content-Type", "application/json"),
    ("Date", "Wed, 11 Nov 2026 07:28:00 GMT"),
    ("Content-Length", "2"),
]
HOSTILE = {
    "Link": "<a;",
    "Deprecation": "@" + "9",
    "Sunset": "Sun,",
    "Warning": '299 - "x",',
    "api-supported-versions": ",",
    "api-version": ",",
}


def _micros(stmt: object, number: int) -> float:
    best = min(timeit.repeat(stmt, number=number, repeat=5))  # type: ignore[arg-type]
    return best / number * 1e6


def measure(number: int) -> dict[str, float]:
    negotiator = Negotiator(
        "https://api.example.com/v1",
        profile="rfc",
        api_version="2024-01-01",
        policy=Policy(default="collect"),
    )
    url = "https://api.example.com/v1/projects/123/widgets?page=2"
    prepared = negotiator.prepare("GET", url)
    new_urls = iter(
        [f"https://api.example.com/v1/projects/{i}/widgets?page=2" for i in range(6 * number)]
    )
    fresh = [
        negotiator.prepare("GET", f"https://api.example.com/v1/p/{i}/w") for i in range(6 * number)
    ]
    fresh_iter = iter(fresh)
    results = {
        "prepare_pinned_us": _micros(lambda: negotiator.prepare("GET", url), number),
        "prepare_new_url_us": _micros(lambda: negotiator.prepare("GET", next(new_urls)), number),
        "inspect_full_us": _micros(lambda: negotiator.inspect(prepared, 200, FULL_HEADERS), number),
        "inspect_full_new_request_us": _micros(
            lambda: negotiator.inspect(next(fresh_iter), 200, FULL_HEADERS), number
        ),
        "inspect_plain_us": _micros(
            lambda: negotiator.inspect(prepared, 200, PLAIN_HEADERS), number
        ),
    }
    size = 64 * 1024
    for name, unit in HOSTILE.items():
        lines = [(name, unit * (size // len(unit)))]
        key = f"read_signals_64k_hostile_{name.lower()}_us"
        results[key] = _micros(lambda lines=lines: read_signals(lines), max(1, number // 1000))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--number", type=int, default=10_000, help="calls per timing")
    args = parser.parse_args()
    results = measure(args.number)
    if args.json:
        print(json.dumps({k: round(v, 2) for k, v in results.items()}))
        return
    for name, value in results.items():
        print(f"{name:<48}{value:>12.2f} µs")


if __name__ == "__main__":
    main()
