"""What the library adds to a real request: versioned against bare clients, on real traffic.

Issue 13's workload "c" (the default; ``_workload.py`` builds it): every call
is ``GET /objects/{i}`` with a new ``i``, and every response carries a new
``X-Request-Id`` and a new ``Date``, ``Content-Type``, ``Content-Length`` and a
small JSON body.  30 % of the resources, decided by ``i`` (``i % 20`` below 6),
are deprecated: half with ``Deprecation: @<epoch>``, ``Sunset: <IMF-fixdate>``
and ``Link: <https://api.example.com/v2/objects>; rel="successor-version"``
(one successor for all), half with ``X-GDC-Deprecated: End-of-life=<IMF-fixdate>;
valid-version=6``; the other 70 % carry no signal.  Every batch of a round
starts at a multiple of 20, so both sides get the same mix.

Secondary variants (``--variant``, several with commas, or ``all``):

* ``echo-link``: every response also carries ``api-version: 5`` (the profile's
  echo header), and every deprecated one a successor ``Link`` naming the
  resource itself (``<https://api.example.com/v2/objects/{i}>``, unique per
  resource);
* ``per-call-version``: workload c, the versioned client passing
  ``api_version="5"`` (the same pin) on every call;
* ``same-url``: the old benchmark, ``GET /objects/0`` with identical response
  headers every time (what the library's caches see best).

Clients, each pair against the same server: ``requests.Session`` against
``VersionedSession``, ``urllib3.PoolManager`` against ``VersionedPoolManager``
(``.request("GET", url)``), ``httpx.Client`` against ``VersionedClient``; every
body is read (``.content`` / ``.data``).  The versioned clients use a profile
``bench`` (pin header ``Api-Version``, every signal reader, echo header
``api-version``, request id ``X-Request-Id``) pinned at ``5``; the bare ones
send ``Api-Version: 5`` as a default header of the client, as an SDK without
this library would.  Both get the same absolute URLs.  Warnings are ignored by
a filter; the library still reads, dedupes and reports every notice.

The server (``_server.py``) is an asyncio keep-alive HTTP/1.1 server in another
process on 127.0.0.1, a few µs per response.  The main figure is the client's
CPU time per request (``time.process_time()`` of this process: the server's
work is not counted); wall time per request is the second.  After a warm-up,
each round times a batch of ``--per-round`` requests with the bare client and
one with the versioned client, as wholes (the order flips every round); the
ratio versioned / bare is computed per round, and the median of the per-round
ratios is reported with their min and max.

Run: ``python benchmarks/overhead.py [--rounds 15] [--per-round 1000]
[--clients requests,urllib3,httpx] [--variant c|echo-link|per-call-version|same-url|all]
[--no-trust-env] [--json]``.  The defaults take about a minute on 2 cores; a
quick look: ``--rounds 6 --per-round 500``.  Prints numbers; asserts nothing.
Targets (issue 13), workload c, CPU ratio: requests <= 1.03, httpx <= 1.08,
urllib3 <= 1.10.

requests reads the proxy settings from the environment on every request
(``trust_env``), which costs the bare client more the more environment
variables there are: the count is printed, and ``--no-trust-env`` turns it off
on both sides.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import platform
import statistics
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from importlib.metadata import version as installed_version
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import ServerProcess
from _workload import PIN, PIN_HEADER, PROFILE, SAME_ID, kind

from apiversion_client import ApiVersionWarning

CLIENTS = ("requests", "urllib3", "httpx")
VARIANTS = ("c", "echo-link", "per-call-version", "same-url")
#: The response variant (server port) each client variant talks to.
SERVED = {"c": "c", "echo-link": "echo-link", "per-call-version": "c", "same-url": "same-url"}
#: Issue 13's targets: workload c, versioned / bare client CPU per request.
TARGETS = {"requests": 1.03, "httpx": 1.08, "urllib3": 1.10}
WARMUP = 300

Call = Callable[[str], object]


def _pair(client: str, base: str, trust_env: bool) -> tuple[Any, Any]:
    """The bare and the versioned client of one library."""
    headers = dict([PIN_HEADER])
    if client == "requests":
        import requests

        from apiversion_client import VersionedSession

        bare = requests.Session()
        bare.headers.update(headers)
        versioned = VersionedSession(base, profile=PROFILE, api_version=PIN)
        bare.trust_env = versioned.trust_env = trust_env
        return bare, versioned
    if client == "urllib3":
        import urllib3

        from apiversion_client.transports.urllib3 import VersionedPoolManager

        return (
            urllib3.PoolManager(headers=headers),
            VersionedPoolManager(base, profile=PROFILE, api_version=PIN),
        )
    import httpx

    from apiversion_client.transports.httpx import VersionedClient

    return (
        httpx.Client(headers=headers, trust_env=trust_env),
        VersionedClient(base, profile=PROFILE, api_version=PIN, trust_env=trust_env),
    )


def _calls(client: str, variant: str, bare: Any, versioned: Any) -> tuple[Call, Call]:
    """``call(url)`` for each side: send, read the body, return the response."""
    pin: dict[str, str] = {"api_version": PIN} if variant == "per-call-version" else {}
    if client == "urllib3":
        bare_request, versioned_request = bare.request, versioned.request

        def bare_urllib3(url: str) -> object:
            response = bare_request("GET", url)
            response.data  # noqa: B018 - read the body
            return response

        def versioned_urllib3(url: str) -> object:
            response = versioned_request("GET", url, **pin)
            response.data  # noqa: B018 - read the body
            return response

        return bare_urllib3, versioned_urllib3
    bare_get, versioned_get = bare.get, versioned.get

    def bare_call(url: str) -> object:
        response = bare_get(url)
        response.content  # noqa: B018 - read the body
        return response

    def versioned_call(url: str) -> object:
        response = versioned_get(url, **pin)
        response.content  # noqa: B018 - read the body
        return response

    return bare_call, versioned_call


def _close(client: Any) -> None:
    close = getattr(client, "close", None) or client.clear  # PoolManager: clear()
    close()


def _batch(call: Call, urls: list[str]) -> tuple[float, float]:
    """Send every URL; return (CPU, wall) seconds for the whole batch."""
    gc.collect()
    cpu, wall = time.process_time(), time.perf_counter()
    for url in urls:
        call(url)
    return time.process_time() - cpu, time.perf_counter() - wall


def _check(response: object, client: str) -> None:
    """Complain when the versioned client did not see a deprecation the server sent."""
    signals = getattr(response, "api_signals", None)
    if signals is None or not signals.deprecated:
        print(f"warning: {client}: the versioned client saw no deprecation", file=sys.stderr)


def _spread(values: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(values), 4),
        "min": round(min(values), 4),
        "max": round(max(values), 4),
    }


def measure_pair(
    client: str,
    variant: str,
    base: str,
    rounds: int,
    per_round: int,
    ids: Iterator[int],
    trust_env: bool,
) -> dict[str, Any]:
    """Time one client pair on one variant: interleaved rounds, per-round ratios."""
    prefix = base + "/objects/"
    block = -(-per_round // 20) * 20  # every batch starts at a multiple of 20

    def urls(count: int = per_round) -> list[str]:
        if variant == "same-url":
            return [f"{prefix}{SAME_ID}"] * count
        start = next(ids) * block
        return [f"{prefix}{i}" for i in range(start, start + count)]

    bare, versioned = _pair(client, base, trust_env)
    try:
        bare_call, versioned_call = _calls(client, variant, bare, versioned)
        for _ in range(-(-WARMUP // per_round)):  # warm-up: connections, caches, imports
            _batch(bare_call, urls())
            _batch(versioned_call, urls())
        first_rfc = next(i for i in range(block) if kind(i) == "rfc")
        _check(versioned_call(urls(first_rfc + 1)[first_rfc]), client)
        samples: dict[str, list[tuple[float, float]]] = {"bare": [], "versioned": []}
        sides = (("bare", bare_call), ("versioned", versioned_call))
        for index in range(rounds):
            for side, call in sides if index % 2 == 0 else sides[::-1]:
                samples[side].append(_batch(call, urls()))
    finally:
        _close(bare)
        _close(versioned)

    def per_request(side: str, which: int) -> float:
        return round(statistics.median(s[which] for s in samples[side]) / per_round * 1e6, 1)

    pairs = list(zip(samples["bare"], samples["versioned"], strict=True))
    return {
        "client": client,
        "variant": variant,
        "bare_cpu_us": per_request("bare", 0),
        "versioned_cpu_us": per_request("versioned", 0),
        "cpu_ratio": _spread([v[0] / b[0] for b, v in pairs]),
        "bare_wall_us": per_request("bare", 1),
        "versioned_wall_us": per_request("versioned", 1),
        "wall_ratio": _spread([v[1] / b[1] for b, v in pairs]),
        "target_cpu_ratio": TARGETS.get(client) if variant == "c" else None,
    }


def _available(clients: list[str]) -> list[str]:
    found = []
    for client in clients:
        module = "apiversion_client.transports." + client
        try:
            __import__(module)
        except ImportError as exc:
            print(f"{client} skipped: {exc}", file=sys.stderr)
            continue
        found.append(client)
    return found


def measure(
    rounds: int, per_round: int, clients: list[str], variants: list[str], trust_env: bool
) -> dict[str, Any]:
    """Run every client pair on every variant against one server process."""
    clients = _available(clients)
    ids = itertools.count(1)
    results = []
    with ServerProcess() as server, warnings.catch_warnings():
        warnings.simplefilter("ignore", ApiVersionWarning)
        for variant in variants:
            for client in clients:
                base = server.urls[SERVED[variant]]
                results.append(
                    measure_pair(client, variant, base, rounds, per_round, ids, trust_env)
                )
    return {
        "rounds": rounds,
        "per_round": per_round,
        "trust_env": trust_env,
        "environment_variables": len(os.environ),
        "python": platform.python_version(),
        "versions": {name: installed_version(name) for name in CLIENTS if name in clients},
        "results": results,
    }


def _table(result: dict[str, Any]) -> str:
    lines = [
        f"{result['rounds']} rounds x {result['per_round']} requests per side; "
        f"trust_env={result['trust_env']}, {result['environment_variables']} environment "
        f"variables; Python {result['python']}, "
        + ", ".join(f"{k} {v}" for k, v in result["versions"].items()),
        "",
        f"{'client':<9}{'variant':<18}{'CPU µs/req':>22}  {'CPU ratio median [min-max]':<28}"
        f"{'target':<12}{'wall µs/req':>22}  wall ratio median [min-max]",
        f"{'':<9}{'':<18}{'bare':>11}{'versioned':>11}  {'':<28}{'':<12}"
        f"{'bare':>11}{'versioned':>11}",
    ]
    for row in result["results"]:
        cpu, wall, target = row["cpu_ratio"], row["wall_ratio"], row["target_cpu_ratio"]
        verdict = ""
        if target is not None:
            verdict = f"<= {target:.2f} " + ("met" if cpu["median"] <= target else "MISSED")
        lines.append(
            f"{row['client']:<9}{row['variant']:<18}"
            f"{row['bare_cpu_us']:>11.1f}{row['versioned_cpu_us']:>11.1f}  "
            f"{cpu['median']:.3f} [{cpu['min']:.3f}-{cpu['max']:.3f}]{'':<8}{verdict:<12}"
            f"{row['bare_wall_us']:>11.1f}{row['versioned_wall_us']:>11.1f}  "
            f"{wall['median']:.3f} [{wall['min']:.3f}-{wall['max']:.3f}]"
        )
    return "\n".join(lines)


def _names(text: str, allowed: tuple[str, ...]) -> list[str]:
    names = list(allowed) if text == "all" else [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in allowed]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"choose from {', '.join(allowed)} or all: {text!r}")
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="interleaved rounds (15)")
    parser.add_argument("--per-round", type=int, default=1000, help="requests per batch (1000)")
    parser.add_argument(
        "--clients",
        type=lambda t: _names(t, CLIENTS),
        default=list(CLIENTS),
        help="comma-separated, or all (requests,urllib3,httpx)",
    )
    parser.add_argument(
        "--variant",
        type=lambda t: _names(t, VARIANTS),
        default=["c"],
        help="c, echo-link, per-call-version, same-url, comma-separated, or all (c)",
    )
    parser.add_argument(
        "--no-trust-env",
        dest="trust_env",
        action="store_false",
        help="clients ignore proxy settings in the environment (both sides)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    result = measure(args.rounds, args.per_round, args.clients, args.variant, args.trust_env)
    print(json.dumps(result) if args.json else _table(result))


if __name__ == "__main__":
    main()
