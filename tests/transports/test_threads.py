"""One session shared by 16 threads: once means once, and overrides stay in their thread."""

from __future__ import annotations

import json
import re
import threading
import time
import warnings
from concurrent.futures import ThreadPoolExecutor

import pytest
from pytest_httpserver import HTTPServer

from apiversion_client import ApiDeprecationWarning

from ._helpers import echo

pytestmark = pytest.mark.network

THREADS = 16
REQUESTS = 1000
DEPRECATED = [("Deprecation", "@1688169600"), ("Sunset", "Wed, 01 Jan 2031 00:00:00 GMT")]


def test_16_threads_1000_requests_one_warning_one_notice(client, threaded_server: HTTPServer):
    """1,000 requests from 16 threads sharing a session to a deprecated resource: warned once."""
    threaded_server.expect_request(re.compile(r"/gdc/projects/\d+")).respond_with_data(
        "{}", headers=DEPRECATED
    )
    api = client(threaded_server.url_for("/"), profile="gooddata", api_version="3")
    start = threading.Barrier(THREADS, timeout=10)

    def work(worker: int) -> list[int]:
        start.wait()
        return [
            api.request("GET", f"/gdc/projects/{i}").status
            for i in range(worker, REQUESTS, THREADS)
        ]

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with ThreadPoolExecutor(THREADS) as pool:
            statuses = [s for done in pool.map(work, range(THREADS), timeout=120) for s in done]
    assert statuses == [200] * REQUESTS
    assert [w.category for w in caught] == [ApiDeprecationWarning]
    assert len(api.notices) == 1
    assert len(threaded_server.log) == REQUESTS


def test_per_thread_pins_do_not_leak(client, threaded_server: HTTPServer):
    """Each of 16 threads pins its own version; the server sees each request's own pin."""
    threaded_server.expect_request("/x").respond_with_handler(echo)
    api = client(threaded_server.url_for("/"), profile="gooddata", api_version="1")
    start = threading.Barrier(THREADS, timeout=10)

    def work(worker: int) -> list[tuple[str, str]]:
        mine = str(worker + 2)
        seen = []
        start.wait()
        with api.pinned(mine):
            for i in range(20):
                reply = api.request("GET", "/x")
                seen.append((mine, json.loads(reply.body)["headers"]["x-gdc-version"]))
                if i % 5 == 0:  # a per-request override inside the block, for this request only
                    other = str(worker + 100)
                    reply = api.request("GET", "/x", api_version=other)
                    seen.append((other, json.loads(reply.body)["headers"]["x-gdc-version"]))
        reply = api.request("GET", "/x")
        seen.append(("1", json.loads(reply.body)["headers"]["x-gdc-version"]))
        return seen

    with ThreadPoolExecutor(THREADS) as pool:
        results = [pair for done in pool.map(work, range(THREADS), timeout=120) for pair in done]
    assert len(results) == THREADS * 25
    assert all(expected == got for expected, got in results)


def test_an_override_in_the_main_thread_is_not_seen_by_workers(client, threaded_server: HTTPServer):
    """A ``pinned()`` block in one thread leaves other threads on the session's pin."""
    threaded_server.expect_request("/x").respond_with_handler(echo)
    api = client(threaded_server.url_for("/"), profile="gooddata", api_version="3")

    def header() -> str:
        return str(json.loads(api.request("GET", "/x").body)["headers"]["x-gdc-version"])

    with api.pinned("5"), ThreadPoolExecutor(4) as pool:
        in_workers = list(pool.map(lambda _: header(), range(8), timeout=60))
        here = header()
    assert in_workers == ["3"] * 8
    assert here == "5"


def test_a_slow_warning_handler_does_not_let_threads_warn_twice(
    client, threaded_server: HTTPServer
):
    """While one thread is still warning, the others do not pass the "first time" check."""
    threaded_server.expect_request("/a").respond_with_data("{}", headers=DEPRECATED)
    api = client(threaded_server.url_for("/"), profile="github", api_version="2022-11-28")
    shown: list[str] = []
    start = threading.Barrier(THREADS, timeout=10)

    def slow_show(message, category, filename, lineno, file=None, line=None):
        time.sleep(0.05)  # a handler that takes its time (a logging bridge, an IDE)
        shown.append(str(message))

    def work(_: int) -> int:
        start.wait()
        return api.request("GET", "/a").status

    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.showwarning = slow_show
        with ThreadPoolExecutor(THREADS) as pool:
            statuses = list(pool.map(work, range(THREADS), timeout=60))
    assert statuses == [200] * THREADS
    assert len(shown) == 1
    assert len(api.notices) == 1
