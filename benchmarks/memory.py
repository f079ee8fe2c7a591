"""Memory growth over many responses, each for a new URL, through one session's core.

Each iteration runs :meth:`Negotiator.prepare`, :meth:`Negotiator.inspect` and
:meth:`Negotiator.report` (no HTTP) for a new URL (a new id in the path and a
new query) with a deprecated response whose dates also change now and then.
Traced memory (``tracemalloc``) is sampled after a warm-up and at the end;
with bounded dedupe and bounded caches it must stay flat.

Run: ``python benchmarks/memory.py [--count 1000000] [--policy collect|warn] [--json]``.
Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import json
import time
import tracemalloc
import warnings
from typing import Any

from apiversion_client import ApiVersionWarning, Negotiator, Policy

BASE = "https://api.example.com/v1"
HEADERS = [
    ("Content-Type", "application/json"),
    ("Deprecation", "@1767225600"),
    ("Sunset", "Wed, 11 Nov 2026 23:59:59 GMT"),
    ("Link", '<https://api.example.com/v2/widgets>; rel="successor-version"'),
    ("api-version", "2024-01-01"),
]


def _headers(i: int) -> list[tuple[str, str]]:
    # Every 1,000th response announces another deprecation date: new distinct notices
    # (and new header values for the bounded caches) keep arriving, as in a long-lived
    # process; the caches (256 values each) are full after 256,000 responses.
    return [
        *HEADERS,
        ("X-Request-Id", f"req-{i:07d}"),
        ("Deprecation", f"@{1767225600 + i // 1_000}"),
    ]


def measure(count: int, policy: str) -> dict[str, Any]:
    negotiator = Negotiator(
        "https://api.example.com/v1",
        profile="rfc",
        api_version="2024-01-01",
        policy=Policy(default=policy),
    )
    warmup = count * 3 // 10  # past the point where every bounded cache is full
    samples: list[tuple[int, int]] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ApiVersionWarning)
        tracemalloc.start()
        start = time.perf_counter()
        for i in range(count):
            # Fixed-width ids: cached entries keep one size, so growth would be a leak.
            url = f"{BASE}/projects/{i:07d}/widgets/w{i:06x}?page={i % 97}&q=x{i:07d}"
            prepared = negotiator.prepare("GET", url)
            negotiator.report(prepared.notices)
            outcome = negotiator.inspect(prepared, 200, _headers(i))
            negotiator.report(outcome.notices)
            if i + 1 == warmup or i + 1 == count or (i + 1) % (count // 10 or 1) == 0:
                gc.collect()
                samples.append((i + 1, tracemalloc.get_traced_memory()[0]))
        elapsed = time.perf_counter() - start
        tracemalloc.stop()
    base = next(size for n, size in samples if n >= warmup)
    final = samples[-1][1]
    return {
        "count": count,
        "policy": policy,
        "seconds": round(elapsed, 1),
        "traced_after_warmup_kib": round(base / 1024, 1),
        "traced_at_end_kib": round(final / 1024, 1),
        "growth_kib": round((final - base) / 1024, 1),
        "samples_kib": [(n, round(size / 1024, 1)) for n, size in samples],
        "notices_logged": len(negotiator.reporter.notices),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--policy", choices=("collect", "warn"), default="collect")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    result = measure(args.count, args.policy)
    if args.json:
        print(json.dumps(result))
        return
    for key, value in result.items():
        print(f"{key:<26}{value}")


if __name__ == "__main__":
    main()
