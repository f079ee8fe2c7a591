r"""What the breaking-change tripwire costs on a realistic workload, next to the same without it.

Run: ``python benchmarks/tripwire.py [--number 5000] [--rounds 9] [--per-round 500]
[--json]``.  Prints numbers; asserts nothing.

The workload: every call is ``GET /objects/{i}`` with a new ``i`` (the URL
never repeats), answered ``200`` with a JSON object of about 4 KiB (an id, a
name, an owner, timestamps, 40 tags of name and value, a description), a new
``X-Request-Id`` every time.  The declaration is what an SDK's model of that
object reads::

    Reliance("GET /objects/{id}", statuses=[200],
             fields=["name", "owner.id", "createdTime", "tags[].name", "tags[].value"],
             never_null=["id"])

so every body is parsed (``json.loads`` of 4 KiB) and 84 values are looked at.
A second workload, ``page``, is ``GET /objects`` answering a page of 25 such
objects without their tags and description (about 6 KiB), declared as
``items[].id`` / ``items[].name`` / ``nextCursor`` with a sort order on
``items[].createdTime``.

Two measures:

* **core**: the core's work per response as a transport does it
  (``start``, ``body_limit``, ``inspect``, ``settle``; the body already in
  memory), µs of CPU per response, best of 5 repeats of ``--number`` calls:
  no declarations; the declaration checked on every response; sampled at
  ``sample_rate=0.1``; a declaration of statuses only (no body read);
* **requests**: a ``VersionedSession`` against a keep-alive server on
  127.0.0.1 in another process, µs of CPU of this process per request, with
  the declaration against without, alternating rounds (``--rounds`` of
  ``--per-round`` requests, the order flipped every round); the median of
  the per-round ratios, with their min and max.  The body is read (``.content``)
  on both sides.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import json
import multiprocessing
import socket
import statistics
import time
import warnings
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from apiversion_client import Negotiator, Policy, Reliance, Tripwire, VersionedSession

BASE = "http://127.0.0.1"
PIN = "2022-11-28"
OBJECT = Reliance(
    "GET /objects/{id}",
    statuses=[200],
    fields=["name", "owner.id", "createdTime", "tags[].name", "tags[].value"],
    never_null=["id"],
)
PAGE = Reliance(
    "GET /objects",
    statuses=[200],
    fields=["items[].name", "nextCursor"],
    never_null=["items[].id"],
    sort=("items[].createdTime", "asc"),
)
STATUS_ONLY = Reliance("GET /objects/{id}", statuses=[200])


def object_body(i: int, tags: int = 40, lines: int = 40) -> dict[str, Any]:
    return {
        "id": i,
        "externalId": f"ext-{i:012d}",
        "name": f"Pump station {i}",
        "owner": {"id": 4242, "name": "Operations", "email": "ops@example.com"},
        "createdTime": 1_700_000_000_000 + i,
        "lastUpdatedTime": 1_700_000_500_000 + i,
        "tags": [{"name": f"tag-{t}", "value": f"value number {t} of {i}"} for t in range(tags)],
        "description": "A pump station on the north line. " * lines,
    }


OBJECT_BYTES = json.dumps(object_body(1)).encode()
PAGE_BYTES = json.dumps(
    {"items": [object_body(i, tags=0, lines=0) for i in range(25)], "nextCursor": "abc"}
).encode()


def negotiator(relies: Any) -> Negotiator:
    return Negotiator(
        BASE, profile="github", api_version=PIN, policy=Policy(default="collect"), relies=relies
    )


def core_per_call(relies: Any, number: int, path: Callable[[int], str], body: bytes) -> float:
    """µs of CPU per response of the core's work, best of 5."""
    best = float("inf")
    offset = itertools.count()
    for _ in range(5):
        wire = negotiator(relies)
        start = next(offset) * number
        urls = [f"{BASE}{path(start + i)}" for i in range(number)]
        lines = [[("X-GitHub-Request-Id", f"R{start + i:08d}")] for i in range(number)]
        gc.disable()
        began = time.process_time()
        for url, header_lines in zip(urls, lines, strict=True):
            prepared = wire.start("GET", url)
            limit = wire.body_limit(prepared, 200)
            outcome = wire.inspect(prepared, 200, header_lines, body[:limit] if limit else None)
            wire.settle(outcome)
        elapsed = time.process_time() - began
        gc.enable()
        best = min(best, elapsed / number * 1e6)
    return best


# --------------------------------------------------------------- the server


def _serve(port_pipe: Connection) -> None:
    """A keep-alive HTTP/1.1 server (asyncio) answering the workload; sends its port first."""

    def answer(target: bytes, n: int) -> bytes:
        path = target.decode("latin-1").partition("?")[0]
        body = PAGE_BYTES if path == "/objects" else OBJECT_BYTES
        head = (
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nX-GitHub-Request-Id: R{n:010d}\r\n\r\n"
        )
        return head.encode("latin-1") + body

    counter = itertools.count()

    class Protocol(asyncio.Protocol):
        def connection_made(self, transport: Any) -> None:
            self.transport = transport
            self.buffer = b""

        def data_received(self, data: bytes) -> None:
            self.buffer += data
            while b"\r\n\r\n" in self.buffer:
                head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
                target = head.split(b"\r\n", 1)[0].split(b" ")[1]
                self.transport.write(answer(target, next(counter)))

    async def main() -> None:
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        loop = asyncio.get_running_loop()
        server = await loop.create_server(Protocol, sock=sock)
        port_pipe.send(sock.getsockname()[1])
        async with server:
            await server.serve_forever()

    asyncio.run(main())


def requests_rounds(
    base: str, rounds: int, per_round: int, path: Callable[[int], str], relies: Any
) -> dict[str, Any]:
    """CPU µs per request with and without the declaration, alternating rounds."""
    bare = VersionedSession(
        base, profile="github", api_version=PIN, policy=Policy(default="collect")
    )
    wired = VersionedSession(
        base, profile="github", api_version=PIN, policy=Policy(default="collect"), relies=relies
    )
    ids = itertools.count()

    def batch(session: VersionedSession) -> float:
        start = next(ids) * per_round
        began = time.process_time()
        for i in range(start, start + per_round):
            session.get(path(i)).content  # noqa: B018 - the body is read, as SDKs do
        return (time.process_time() - began) / per_round * 1e6

    for session in (bare, wired):
        batch(session)  # warm up (connections, caches)
    plain, checked, ratios = [], [], []
    for round_number in range(rounds):
        order = (bare, wired) if round_number % 2 == 0 else (wired, bare)
        times = {id(session): batch(session) for session in order}
        plain.append(times[id(bare)])
        checked.append(times[id(wired)])
        ratios.append(times[id(wired)] / times[id(bare)])
    bare.close()
    wired.close()
    return {
        "without_us": round(statistics.median(plain), 1),
        "with_us": round(statistics.median(checked), 1),
        "ratio_median": round(statistics.median(ratios), 3),
        "ratio_min": round(min(ratios), 3),
        "ratio_max": round(max(ratios), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--number", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--per-round", type=int, default=500)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    warnings.simplefilter("ignore")

    def one(i: int) -> str:
        return f"/objects/{i}"

    def page(i: int) -> str:
        return f"/objects?cursor={i}"

    core = {
        "object_without": core_per_call(None, args.number, one, OBJECT_BYTES),
        "object_checked": core_per_call([OBJECT], args.number, one, OBJECT_BYTES),
        "object_sampled_10pct": core_per_call(
            Tripwire([OBJECT], sample_rate=0.1), args.number, one, OBJECT_BYTES
        ),
        "object_status_only": core_per_call([STATUS_ONLY], args.number, one, OBJECT_BYTES),
        "page_without": core_per_call(None, args.number, page, PAGE_BYTES),
        "page_checked": core_per_call([PAGE], args.number, page, PAGE_BYTES),
    }
    receive, send = multiprocessing.Pipe(duplex=False)
    server = multiprocessing.Process(target=_serve, args=(send,), daemon=True)
    server.start()
    try:
        base = f"http://127.0.0.1:{receive.recv()}"
        over_requests = {
            "object": requests_rounds(base, args.rounds, args.per_round, one, [OBJECT]),
            "object_sampled_10pct": requests_rounds(
                base, args.rounds, args.per_round, one, Tripwire([OBJECT], sample_rate=0.1)
            ),
            "page": requests_rounds(base, args.rounds, args.per_round, page, [PAGE]),
        }
    finally:
        server.terminate()
        server.join(5)
    result = {
        "body_bytes": {"object": len(OBJECT_BYTES), "page": len(PAGE_BYTES)},
        "core_us_per_response": {key: round(value, 2) for key, value in core.items()},
        "requests_cpu_us_per_request": over_requests,
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"bodies: object {len(OBJECT_BYTES)} bytes, page {len(PAGE_BYTES)} bytes")
    print("core, µs of CPU per response (best of 5):")
    for key, value in result["core_us_per_response"].items():
        print(f"  {key:<24}{value:>8.2f}")
    print("VersionedSession over loopback, µs of CPU per request (median of rounds):")
    for key, value in over_requests.items():
        print(
            f"  {key:<24}without {value['without_us']:>7.1f}  with {value['with_us']:>7.1f}  "
            f"ratio {value['ratio_median']:.3f} ({value['ratio_min']:.3f}-{value['ratio_max']:.3f})"
        )


if __name__ == "__main__":
    main()
