"""Time each signals parser on typical values against stdlib-based code doing the same job.

Run: ``python benchmarks/parsers.py [--number N] [--json]``.  Prints numbers;
asserts nothing.

Every parser reads ``--number`` typical, well-formed values that do not repeat
(a new date, epoch or per-resource Link target each time), five times over with
new values each time, so no cache can help either side; each side is timed best
of 5 (in chunks of 500 values, the two sides alternating, in process CPU time)
and reported in µs per call, with the ratio ours / stdlib against the target
of 1.5x.  The stdlib-based equivalents:

* ``parse_deprecation`` (``@<epoch>``): ``int`` and ``datetime.fromtimestamp``;
* ``parse_sunset`` / ``parse_http_date`` (IMF-fixdate):
  ``email.utils.parsedate_to_datetime``;
* ``parse_link``: ``requests.utils.parse_header_links``;
* ``parse_gdc_deprecated``: a ``str.split`` based reader and
  ``parsedate_to_datetime``;
* ``parse_warning``: a ``str.split`` based reader with ``email.utils.unquote``;
* ``read_signals`` of Deprecation + Sunset + Link lines: a hand-written hook
  that dispatches on the lower-cased name to the three functions above.
"""

from __future__ import annotations

import argparse
import datetime as dt
import email.utils
import json
import random
import time
from collections.abc import Callable, Sequence
from typing import Any

from requests.utils import parse_header_links

from apiversion_client.signals import (
    format_http_date,
    parse_deprecation,
    parse_gdc_deprecated,
    parse_http_date,
    parse_link,
    parse_sunset,
    parse_warning,
    read_signals,
)

TARGET = 1.5
#: Values per timed run.
CHUNK = 500
UTC = dt.UTC


# --- the stdlib-based equivalents -------------------------------------------------------


def std_deprecation(value: str) -> dt.datetime | None:
    """``@<epoch>`` with ``int`` and ``datetime.fromtimestamp``."""
    text = value.strip()
    if not text.startswith("@"):
        return None
    try:
        return dt.datetime.fromtimestamp(int(text[1:]), UTC)
    except (ValueError, OverflowError, OSError):
        return None


def std_http_date(value: str) -> dt.datetime | None:
    """An HTTP-date with ``email.utils.parsedate_to_datetime``."""
    try:
        return email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None


def std_link(value: str) -> list[dict[str, str]]:
    """A Link header with requests' ``parse_header_links``."""
    return parse_header_links(value)


def std_gdc(value: str) -> tuple[dt.datetime | None, str | None] | None:
    """``End-of-life=<date>; valid-version=<n>`` split on ``;`` and ``=``."""
    fields: dict[str, str] = {}
    for part in value.split(";"):
        key, _, text = part.partition("=")
        fields[key.strip().lower()] = text.strip()
    if not fields:
        return None
    end_of_life = fields.get("end-of-life")
    return (std_http_date(end_of_life) if end_of_life else None), fields.get("valid-version")


def std_warning(value: str) -> list[tuple[int, str, str]]:
    """``<code> <agent> "<text>"`` split on spaces, the text with ``email.utils.unquote``."""
    try:
        code, agent, text = value.split(" ", 2)
        return [(int(code), agent, email.utils.unquote(text.strip()))]
    except ValueError:
        return []


def std_read_signals(lines: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """A hand-written hook: Deprecation, Sunset and Link lines by lower-cased name."""
    found: dict[str, Any] = {}
    for name, value in lines:
        key = name.lower()
        if key == "deprecation":
            found["deprecation"] = std_deprecation(value)
        elif key == "sunset":
            found["sunset"] = std_http_date(value)
        elif key == "link":
            found.setdefault("links", []).extend(std_link(value))
    return found


# --- typical values, none repeating ------------------------------------------------------


def _dates(rng: random.Random, number: int) -> list[dt.datetime]:
    start = dt.datetime(2025, 1, 1, tzinfo=UTC)
    return [start + dt.timedelta(seconds=rng.randrange(4 * 365 * 86400)) for _ in range(number)]


def values(number: int, seed: int = 13) -> dict[str, list[Any]]:
    """The typical inputs of each case, ``number`` distinct values each."""
    rng = random.Random(seed)  # noqa: S311 - benchmark inputs, not secrets
    dates = _dates(rng, number)
    epochs = [int(d.timestamp()) - 86400 * 365 for d in dates]
    links = [
        f'<https://api.example.com/v2/orders/{rng.randrange(10**9)}>; rel="successor-version"'
        if i % 2
        else f'<https://api.example.com/v2/orders/{rng.randrange(10**9)}>; rel="successor-version"'
        f'; version="2", <https://developer.example.com/deprecation>; rel="deprecation"'
        f'; type="text/html"'
        for i in range(number)
    ]
    return {
        "deprecation": [f"@{epoch}" for epoch in epochs],
        "http_date": [format_http_date(d) for d in dates],
        "link": links,
        "gdc": [
            f"End-of-life={format_http_date(d)}; valid-version={rng.randrange(2, 60)}"
            for d in dates
        ],
        "warning": [
            f'299 - "batch/v1beta{i % 9} CronJob{i} is deprecated in v1.{i % 40}+, '
            f'unavailable in v1.{i % 40 + 4}+; use batch/v1 CronJob{i}"'
            for i in range(number)
        ],
        "read_signals": [
            [
                ("Deprecation", f"@{epoch}"),
                ("Sunset", format_http_date(d)),
                ("Link", link),
            ]
            for epoch, d, link in zip(epochs, dates, links, strict=True)
        ],
    }


Case = tuple[str, Callable[[Any], object], Callable[[Any], object], str]

CASES: list[Case] = [
    ("parse_deprecation", parse_deprecation, std_deprecation, "deprecation"),
    ("parse_sunset", parse_sunset, std_http_date, "http_date"),
    ("parse_http_date", parse_http_date, std_http_date, "http_date"),
    ("parse_link", parse_link, std_link, "link"),
    ("parse_gdc_deprecated", parse_gdc_deprecated, std_gdc, "gdc"),
    ("parse_warning", parse_warning, std_warning, "warning"),
    ("read_signals", read_signals, std_read_signals, "read_signals"),
]


def _chunk_seconds(function: Callable[[Any], object], chunk: list[Any]) -> float:
    start = time.process_time()
    for value in chunk:
        function(value)
    return time.process_time() - start


def measure(number: int, repeat: int = 5) -> dict[str, dict[str, float]]:
    """µs per call of ours and of the stdlib equivalent, and their ratio, per case.

    ``number`` values are read ``repeat`` times over, each time new ones (no
    value is ever read twice by one side, so nothing is found in a cache).  The
    values are cut into chunks of :data:`CHUNK`; each chunk is timed in CPU time
    of this process, the two sides alternating, and the best of the ``repeat``
    times of each chunk position are summed: CPU time and best-of-short-runs
    keep a machine shared with other work from counting against either side.
    """
    inputs = values(number * repeat)
    results: dict[str, dict[str, float]] = {}
    for name, ours, stdlib, kind in CASES:
        cases = inputs[kind]
        ours_s = stdlib_s = 0.0
        for at in range(0, number, CHUNK):
            ours_best = stdlib_best = float("inf")
            for round_ in range(repeat):
                start = round_ * number + at
                chunk = cases[start : start + min(CHUNK, number - at)]
                ours_best = min(ours_best, _chunk_seconds(ours, chunk))
                stdlib_best = min(stdlib_best, _chunk_seconds(stdlib, chunk))
            ours_s, stdlib_s = ours_s + ours_best, stdlib_s + stdlib_best
        ours_us, stdlib_us = ours_s / number * 1e6, stdlib_s / number * 1e6
        results[name] = {
            "ours_us": round(ours_us, 3),
            "stdlib_us": round(stdlib_us, 3),
            "ratio": round(ours_us / stdlib_us, 2),
        }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--number", type=int, default=5000, help="distinct values per case")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    results = measure(args.number)
    if args.json:
        print(json.dumps({"target": TARGET, "number": args.number, "results": results}))
        return
    print(f"{'parser':<22}{'ours µs':>10}{'stdlib µs':>11}{'ratio':>8}   target {TARGET}x")
    for name, row in results.items():
        verdict = "ok" if row["ratio"] <= TARGET else "OVER"
        print(
            f"{name:<22}{row['ours_us']:>10.2f}{row['stdlib_us']:>11.2f}"
            f"{row['ratio']:>7.2f}x   {verdict}"
        )


if __name__ == "__main__":
    main()
