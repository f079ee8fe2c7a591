"""What the library adds to a real request: versioned against plain clients.

A keep-alive HTTP/1.1 server runs on 127.0.0.1 in its own process and answers
every request with a deprecated response (Deprecation, Sunset, Link, an echo
header).  ``requests.Session`` is timed against ``VersionedSession``, and
``httpx.Client`` against ``VersionedClient`` (when httpx and the httpx
transport are installed), in alternating rounds (the order flips every round)
so that machine noise hits both sides alike.

Run: ``python benchmarks/overhead.py [--rounds 20] [--per-round 200] [--json]``.
Prints numbers; asserts nothing.  Target: ``ratio_median`` at most 1.03 for requests.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import ServerProcess

from apiversion_client import ApiVersionWarning, VersionedSession

PROFILE = "rfc"
PIN = "2024-01-01"


def _clients(url: str) -> dict[str, Any]:
    clients: dict[str, Any] = {
        "requests_plain": requests.Session(),
        "requests_versioned": VersionedSession(url, profile=PROFILE, api_version=PIN),
    }
    try:
        import httpx

        from apiversion_client.transports.httpx import VersionedClient
    except ImportError as exc:
        print(f"httpx side skipped: {exc}", file=sys.stderr)
        return clients
    clients["httpx_plain"] = httpx.Client()
    clients["httpx_versioned"] = VersionedClient(url, profile=PROFILE, api_version=PIN)
    return clients


def _caller(name: str, client: Any, url: str) -> Callable[[], None]:
    target = url + "/projects/123/widgets"
    if name.endswith("_plain"):
        # The plain client sends the pin itself, as an SDK without this library would.
        headers = {"Api-Version": PIN}

        def plain() -> None:
            client.get(target, headers=headers).content  # noqa: B018 - read the body

        return plain

    def versioned() -> None:
        client.get(target).content  # noqa: B018 - read the body

    return versioned


def measure(rounds: int, per_round: int) -> dict[str, Any]:
    with ServerProcess() as server, warnings.catch_warnings():
        warnings.simplefilter("ignore", ApiVersionWarning)
        clients = _clients(server.url)
        calls = {name: _caller(name, c, server.url) for name, c in clients.items()}
        samples: dict[str, list[float]] = {name: [] for name in calls}
        for call in calls.values():  # warm up: connections, caches, imports
            for _ in range(50):
                call()
        names = list(calls)
        for index in range(rounds):
            order = names if index % 2 == 0 else names[::-1]
            for name in order:
                call, out = calls[name], samples[name]
                for _ in range(per_round):
                    start = time.perf_counter()
                    call()
                    out.append(time.perf_counter() - start)
        for client in clients.values():
            client.close()
    result: dict[str, Any] = {
        "requests_per_client": rounds * per_round,
        "median_us": {n: round(statistics.median(s) * 1e6, 1) for n, s in samples.items()},
    }
    ratios = {}
    for pair in ("requests", "httpx"):
        if f"{pair}_plain" in samples:
            plain = statistics.median(samples[f"{pair}_plain"])
            versioned = statistics.median(samples[f"{pair}_versioned"])
            ratios[pair] = round(versioned / plain, 3)
    result["ratio_median"] = ratios
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--per-round", type=int, default=200)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    result = measure(args.rounds, args.per_round)
    if args.json:
        print(json.dumps(result))
        return
    print(f"requests per client: {result['requests_per_client']}")
    for name, value in result["median_us"].items():
        print(f"  {name:<22}{value:>10.1f} µs / request (median)")
    for pair, ratio in result["ratio_median"].items():
        print(f"  ratio {pair:<16}{ratio:>10.3f} (versioned / plain)")


if __name__ == "__main__":
    main()
