"""32 threads share one session against a loopback server with a mix of responses."""

from __future__ import annotations

import collections
import gc
import http.server
import json
import logging
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from apiversion_client import (
    ApiVersionRemovedError,
    NoticeKind,
    Policy,
    UnsupportedApiVersionError,
    VersionedSession,
)

pytestmark = pytest.mark.network

THREADS = 32
REQUESTS = 20_000
DEPRECATED_RESOURCES = ("alpha", "beta", "gamma", "delta", "epsilon")
PIN = "2024-01-01"
KINDS = ("normal", "deprecated", "normal", "removed", "malformed", "unsupported", "normal")


def _reply(path: str) -> tuple[int, list[tuple[str, str]], bytes]:
    """The server's answer for a path ``/api/<kind>/<name>/<n>``."""
    _, _, kind, name, _n = path.split("/", 4)
    if kind == "deprecated":
        index = DEPRECATED_RESOURCES.index(name)
        return (
            200,
            [
                ("Deprecation", f"@{1767225600 + index * 86400}"),
                ("Sunset", f"Wed, {11 + index:02d} Nov 2099 23:59:59 GMT"),
                ("Link", f'<https://api.example.com/v2/{name}>; rel="successor-version"'),
            ],
            b'{"ok": true}',
        )
    if kind == "removed":
        return 410, [], b'{"error": {"code": "VersionRemoved", "message": "gone"}}'
    if kind == "unsupported":
        body = {
            "error": {"code": "UnsupportedApiVersion", "message": f"Unsupported API version {PIN}"}
        }
        return 400, [], json.dumps(body).encode()
    if kind == "malformed":
        return 200, [("Sunset", "soon, probably"), ("Link", "<unterminated")], b"{}"
    return 200, [("Content-Type", "application/json")], b'{"items": [1, 2, 3]}'


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    counts: collections.Counter[str]
    lock: threading.Lock

    def do_GET(self) -> None:
        status, headers, body = _reply(self.path)
        with self.lock:
            self.counts[self.path.split("/")[2]] += 1
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep quiet."""


@pytest.fixture
def server() -> Iterator[tuple[str, collections.Counter[str]]]:
    handler = type(
        "Handler", (_Handler,), {"counts": collections.Counter(), "lock": threading.Lock()}
    )
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/api", handler.counts
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(10)


class _Counting(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self.guard = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        if hasattr(record, "api_notice"):
            with self.guard:
                self.records.append(record)


def _path(i: int) -> str:
    kind = ("normal", "deprecated", "normal", "removed", "malformed", "unsupported", "normal")[
        i % 7
    ]
    name = (
        DEPRECATED_RESOURCES[(i // 7) % len(DEPRECATED_RESOURCES)] if kind == "deprecated" else "x"
    )
    return f"/{kind}/{name}/{i}"


def test_thirty_two_threads_share_a_session(server):
    """20,000 mixed requests from 32 threads: only typed errors, each deprecation reported once."""
    base, counts = server
    session = VersionedSession(
        base,
        profile="rfc",
        api_version=PIN,
        policy=Policy(default="log"),
        adapter_kwargs={"pool_maxsize": THREADS, "pool_connections": 1},
        # Declared resources: one deprecation on several of them is one notice each.
        resources=[f"GET /deprecated/{name}/{{id}}" for name in DEPRECATED_RESOURCES],
    )
    handler = _Counting()
    logger = logging.getLogger("apiversion_client")
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.DEBUG)
    outcomes: collections.Counter[str] = collections.Counter()
    unexpected: list[BaseException] = []
    guard = threading.Lock()

    def one(i: int) -> None:
        try:
            response = session.get(_path(i), timeout=30)
            result = f"ok-{response.status_code}"
        except ApiVersionRemovedError:
            result = "removed"
        except UnsupportedApiVersionError:
            result = "unsupported"
        except BaseException as error:  # anything else is a failure
            with guard:
                unexpected.append(error)
            return
        with guard:
            outcomes[result] += 1

    # Memory is followed by the interpreter's count of allocated blocks (tracemalloc
    # would triple the run time): after a warm-up it must stay flat.
    try:
        with ThreadPoolExecutor(THREADS) as pool:
            list(pool.map(one, range(REQUESTS // 4)))
            gc.collect()
            after_warmup = sys.getallocatedblocks()
            list(pool.map(one, range(REQUESTS // 4, REQUESTS)))
            gc.collect()
            at_end = sys.getallocatedblocks()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        session.close()

    assert unexpected == []
    expected = collections.Counter(_path(i).split("/")[1] for i in range(REQUESTS))
    assert outcomes["removed"] == expected["removed"]
    assert outcomes["unsupported"] == expected["unsupported"]
    assert outcomes["ok-200"] == expected["normal"] + expected["deprecated"] + expected["malformed"]
    assert sum(counts.values()) == REQUESTS  # nothing retried, nothing lost

    reported = [record.api_notice for record in handler.records]  # type: ignore[attr-defined]
    keys = collections.Counter(notice.key for notice in reported)
    assert all(n == 1 for n in keys.values()), "a notice was reported more than once"
    deprecations = [n for n in reported if n.kind in (NoticeKind.SUNSET, NoticeKind.DEPRECATED)]
    assert sorted(n.resource for n in deprecations) == sorted(
        f"GET /deprecated/{name}/{{id}}" for name in DEPRECATED_RESOURCES
    )
    assert [n.kind for n in reported].count(NoticeKind.MALFORMED) == 2  # Sunset and Link
    assert list(session.notices) == reported  # the notice log agrees with what was reported
    # Memory flat: the last 15,000 requests leave no more than a small, fixed allowance.
    assert at_end - after_warmup < 5_000, (after_warmup, at_end)
