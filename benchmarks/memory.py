"""Memory one session's core keeps over many responses, each for a new URL with new values.

Issue 13's memory target: a million responses through one negotiator, each for
a new URL (``/objects/{i}``, a new ``i``), each with a new request id and a new
``Date``, one in 100 also carrying one 64 KiB header of a hostile-ish value
never seen before, must keep less than 8 MiB.

Each iteration does what a transport does, with no HTTP
(:meth:`Negotiator.prepare`, :meth:`Negotiator.inspect`,
:meth:`Negotiator.settle`), on the lines of ``_workload.py``'s ``echo-link``
variant (profile ``bench``, pin ``5``): 70 % plain responses, 15 % RFC
deprecations, 15 % GoodData ones, an echo header on every response and a
successor ``Link`` naming the resource itself on every deprecated one.  The
responses with ``i % 100 == 1`` (deprecated ones; ``--large-every`` changes
the 100, 0 for none) also carry a 64 KiB header,
in turn a ``Link`` (a successor link to the resource, then a run of ``<a;``)
and a ``Warning`` (``299``, a quoted text naming the resource): too large for
the value caches, parsed every time.  Traced memory (``tracemalloc``, started
just before the first response: the session's own allocations) is sampled
after a warm-up (30 % of the responses, past the point where every bounded
cache and memory is full) and at every tenth of the run; the growth is the end
minus the warm-up.

Run: ``python benchmarks/memory.py [--count 1000000] [--large-every 100]
[--policy collect|warn] [--json]``.  A million responses take about five
minutes on 2 cores under ``tracemalloc``; ``--count 100000`` is a quick run
(about half a minute).
Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
import tracemalloc
import warnings
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _workload import PIN, PROFILE, response_lines

from apiversion_client import ApiVersionWarning, Negotiator, Policy

BASE = "https://api.example.com/v1"
#: Issue 13's target, per session.
TARGET_MIB = 8.0
LARGE = 64 * 1024


def large_line(i: int) -> tuple[str, str]:
    """A 64 KiB header line of a value never seen before: a ``Link`` or a ``Warning``."""
    if (i // 100) % 2 == 0:
        head = f'<https://api.example.com/v2/objects/{i}>; rel="successor-version", '
        return "Link", (head + "<a;" * (LARGE // 3))[:LARGE]
    head = f'299 api.example.com "object {i} is deprecated: '
    return "Warning", head + "x" * (LARGE - len(head) - 1) + '"'


def lines_for(i: int, large_every: int = 100) -> list[tuple[str, str]]:
    """The response lines of resource ``i`` (response number ``i`` too)."""
    lines = response_lines(i, i, "echo-link")
    if large_every and i % large_every == 1 % large_every:
        lines.append(large_line(i))
    return lines


def measure(count: int, policy: str, large_every: int = 100) -> dict[str, Any]:
    """Run ``count`` responses through one negotiator under ``tracemalloc``."""
    negotiator = Negotiator(BASE, profile=PROFILE, api_version=PIN, policy=Policy(default=policy))
    prepare, inspect, settle = negotiator.prepare, negotiator.inspect, negotiator.settle
    warmup = max(1, count * 3 // 10)
    every = max(1, count // 10)
    samples: list[tuple[int, int]] = []
    large = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ApiVersionWarning)
        gc.collect()
        tracemalloc.start()
        start = time.perf_counter()
        for i in range(1, count + 1):
            prepared = prepare("GET", f"{BASE}/objects/{i}", ())
            lines = lines_for(i, large_every)
            large += len(lines[-1][1]) == LARGE
            settle(inspect(prepared, 200, lines))
            if i in (warmup, count) or i % every == 0:
                gc.collect()
                samples.append((i, tracemalloc.get_traced_memory()[0]))
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    base = next(size for n, size in samples if n >= warmup)
    final = samples[-1][1]
    return {
        "count": count,
        "policy": policy,
        "large_headers": large,
        "seconds": round(elapsed, 1),
        "traced_after_warmup_kib": round(base / 1024, 1),
        "traced_at_end_kib": round(final / 1024, 1),
        "growth_kib": round((final - base) / 1024, 1),
        "traced_peak_kib": round(peak / 1024, 1),
        "target_mib": TARGET_MIB,
        "target_met": final < TARGET_MIB * 1024 * 1024,
        "samples_kib": [(n, round(size / 1024, 1)) for n, size in samples],
        "notices_logged": len(negotiator.reporter.notices),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--count", type=int, default=1_000_000, help="responses (1,000,000; 100,000 is quick)"
    )
    parser.add_argument(
        "--large-every", type=int, default=100, help="one 64 KiB header per N responses (100)"
    )
    parser.add_argument("--policy", choices=("collect", "warn"), default="collect")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    result = measure(args.count, args.policy, args.large_every)
    if args.json:
        print(json.dumps(result))
        return
    for key, value in result.items():
        print(f"{key:<26}{value}")


if __name__ == "__main__":
    main()
