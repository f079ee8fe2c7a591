"""aiohttp: redirect hops, per-task pins, errors as ClientResponseErrors, large bodies, internals.

The behaviour every transport shares runs over aiohttp in ``tests/transports``
(``clients_aiohttp.py``); these are the tests of aiohttp's own types and ways.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import gzip
import http.server
import inspect
import json
import subprocess
import sys
import threading
import tracemalloc
import warnings
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, TypeVar

import aiohttp
import pytest
from aiohttp.streams import StreamReader
from pytest_httpserver import HTTPServer
from werkzeug import Response

from apiversion_client import (
    ApiDeprecationWarning,
    ApiVersionError,
    ApiVersionRemovedError,
    UnsupportedApiVersionError,
)
from apiversion_client._core import MAX_ERROR_BODY, Negotiator
from apiversion_client.transports import aiohttp as transport
from apiversion_client.transports.aiohttp import (
    AiohttpApiVersionRemovedError,
    AiohttpUnsupportedApiVersionError,
    VersionedClientSession,
    VersionedMiddleware,
)

from ._helpers import DEPRECATED, GONE, UNSUPPORTED, echo, seen
from .conftest import TIMEOUT

pytestmark = pytest.mark.network

T = TypeVar("T")
V = "X-GDC-Version"


def run(make: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine on a fresh loop, bounded in time."""

    async def bounded() -> T:
        return await asyncio.wait_for(make(), 6 * TIMEOUT)

    return asyncio.run(bounded())


def _session(server: HTTPServer, **kwargs: Any) -> VersionedClientSession:
    kwargs.setdefault("profile", "gooddata")
    kwargs.setdefault("api_version", "3")
    kwargs.setdefault("timeout", aiohttp.ClientTimeout(total=TIMEOUT))
    return VersionedClientSession(server.url_for("/gdc"), **kwargs)


def _redirect(location: str, status: int = 302) -> Response:
    return Response(status=status, headers={"Location": location})


# ------------------------------------------------------------------ errors


def test_the_error_classes_are_library_errors_and_client_response_errors():
    """Each aiohttp error class is the library's class and an ``aiohttp.ClientResponseError``."""
    assert issubclass(AiohttpUnsupportedApiVersionError, UnsupportedApiVersionError)
    assert issubclass(AiohttpUnsupportedApiVersionError, aiohttp.ClientResponseError)
    assert issubclass(AiohttpApiVersionRemovedError, ApiVersionRemovedError)
    assert issubclass(AiohttpApiVersionRemovedError, aiohttp.ClientResponseError)


def test_a_removed_version_is_caught_as_client_response_error(httpserver: HTTPServer):
    """``except aiohttp.ClientResponseError`` catches it: status, request as sent, body, details."""
    httpserver.expect_request("/gdc/p").respond_with_json(
        GONE, status=410, headers={"X-GDC-Request": "r-1"}
    )

    async def main() -> tuple[aiohttp.ClientResponseError, Any]:
        async with _session(httpserver) as api:
            try:
                await api.get("/p")
            except aiohttp.ClientResponseError as error:
                return error, await error.response.json()  # type: ignore[attr-defined]
        raise AssertionError("no error")

    error, body = run(main)
    assert isinstance(error, AiohttpApiVersionRemovedError)
    assert body == GONE
    assert error.status == 410
    assert error.request_info.headers[V] == "3"  # the request as sent
    assert str(error.request_info.url) == httpserver.url_for("/gdc/p")
    assert error.headers is not None
    assert error.headers["X-GDC-Request"] == "r-1"
    assert (error.request_id, error.requested_version) == ("r-1", "3")
    assert str(error) == error.message
    assert "Version 3 was removed" in str(error)
    assert "AiohttpApiVersionRemovedError" in repr(error)


def test_an_unsupported_version_keeps_its_body(httpserver: HTTPServer):
    """GitHub's 400 for an unknown version: the unsupported-version class, body readable."""
    httpserver.expect_request("/repos").respond_with_json(UNSUPPORTED, status=400)

    async def main() -> tuple[BaseException, str]:
        async with VersionedClientSession(
            httpserver.url_for("/"), profile="github", api_version="2020-01-01"
        ) as api:
            with pytest.raises(AiohttpUnsupportedApiVersionError) as info:
                await api.get("/repos", timeout=aiohttp.ClientTimeout(total=TIMEOUT))
            return info.value, await info.value.response.text()

    error, text = run(main)
    assert "2020-01-01" in str(error)
    assert json.loads(text) == UNSUPPORTED


def test_error_responses_give_their_connection_back(httpserver: HTTPServer):
    """Three version errors in a row on a one-connection pool: none of them holds it."""
    httpserver.expect_request("/gdc/p").respond_with_json(GONE, status=410)
    httpserver.expect_request("/gdc/q").respond_with_data("{}")

    async def main() -> int:
        connector = aiohttp.TCPConnector(limit=1)
        async with _session(httpserver, connector=connector) as api:
            for _ in range(3):
                with pytest.raises(ApiVersionRemovedError):
                    await api.get("/p")
            async with api.get("/q") as response:  # waits for the only connection
                return response.status

    assert run(main) == 200


def test_a_constructed_error_without_response_is_still_usable():
    """Built by hand (no response): the library's details, status 0, a repr that works."""
    error = AiohttpUnsupportedApiVersionError("no", requested_version="9")
    assert (str(error), error.requested_version, error.response, error.status) == (
        "no",
        "9",
        None,
        0,
    )
    assert isinstance(error, ApiVersionError)
    assert error.history == ()
    assert repr(error).startswith("AiohttpUnsupportedApiVersionError(")


# --------------------------------------------------------------- redirects


def test_each_hop_to_the_api_is_pinned_and_no_other_origin_sees_a_version(
    httpserver: HTTPServer, other_server: HTTPServer
):
    """Hops within the API pinned; the hop to another origin gets no pin, no caller's version."""
    httpserver.expect_request("/gdc/a").respond_with_response(_redirect("/gdc/b"))
    httpserver.expect_request("/gdc/b").respond_with_response(
        _redirect(other_server.url_for("/c"), 307)
    )
    other_server.expect_request("/c").respond_with_handler(echo)

    async def main() -> tuple[dict[str, Any], list[Any]]:
        async with _session(httpserver) as api:
            headers = {"Authorization": "Bearer s", V: "2", "X-Other": "kept"}
            async with api.get("/a", headers=headers) as response:
                got = await response.json()
                return got, [getattr(r, "api_version", None) for r in response.history]

    got, history = run(main)
    assert V.lower() not in got["headers"]
    assert "authorization" not in got["headers"]
    assert got["headers"]["x-other"] == "kept"
    assert history == ["2", "2"]  # the caller's own header is the pin, towards the API
    assert seen(httpserver, V) == [("GET", "/gdc/a", "2"), ("GET", "/gdc/b", "2")]


def test_every_cross_origin_hop_after_the_api_loses_the_callers_version(
    httpserver: HTTPServer, other_server: HTTPServer
):
    """API -> other -> other again: each hop away from the API drops the caller's version header."""
    httpserver.expect_request("/gdc/go").respond_with_response(
        _redirect(other_server.url_for("/one"), 308)
    )
    other_server.expect_request("/one").respond_with_response(_redirect("/two", 302))
    other_server.expect_request("/two").respond_with_handler(echo)

    async def main() -> dict[str, Any]:
        async with _session(httpserver) as api, api.get("/go", headers={V: "2"}) as response:
            return dict(await response.json())

    assert V.lower() not in run(main)["headers"]
    assert seen(other_server, V) == [("GET", "/one", None), ("GET", "/two", None)]


def test_a_redirect_back_to_the_api_is_pinned_again(
    httpserver: HTTPServer, other_server: HTTPServer
):
    """API -> other origin -> API: the version is left out in between, and back on at the end."""
    httpserver.expect_request("/gdc/go").respond_with_response(
        _redirect(other_server.url_for("/bounce"))
    )
    other_server.expect_request("/bounce").respond_with_response(
        _redirect(httpserver.url_for("/gdc/back"))
    )
    httpserver.expect_request("/gdc/back").respond_with_handler(echo)

    async def main() -> str:
        async with _session(httpserver, api_version="4") as api, api.get("/go") as response:
            return str((await response.json())["headers"][V.lower()])

    assert run(main) == "4"
    assert seen(other_server, V) == [("GET", "/bounce", None)]


def test_a_request_the_caller_sends_elsewhere_keeps_its_headers(
    httpserver: HTTPServer, other_server: HTTPServer
):
    """Not a redirect: a request to another origin passes through untouched, headers and all."""
    other_server.expect_request("/x").respond_with_handler(echo)

    async def main() -> tuple[dict[str, Any], bool]:
        async with (
            _session(httpserver) as api,
            api.get(other_server.url_for("/x"), headers={V: "9"}) as response,
        ):
            return dict(await response.json()), hasattr(response, "api_version")

    got, inspected = run(main)
    assert got["headers"][V.lower()] == "9"
    assert not inspected


def test_303_turns_a_post_into_a_pinned_get(httpserver: HTTPServer):
    """303 See Other: aiohttp's GET to the new location is pinned like the POST was."""
    httpserver.expect_request("/gdc/jobs", method="POST").respond_with_response(
        _redirect("/gdc/jobs/1", 303)
    )
    httpserver.expect_request("/gdc/jobs/1", method="GET").respond_with_handler(echo)

    async def main() -> dict[str, Any]:
        async with _session(httpserver) as api, api.post("/jobs", json={"a": 1}) as response:
            return dict(await response.json())

    got = run(main)
    assert (got["method"], got["body"], got["headers"][V.lower()]) == ("GET", "", "3")


def test_head_does_not_follow_redirects_unless_asked(httpserver: HTTPServer):
    """``head()`` keeps aiohttp's default (no redirects), pinned and inspected."""
    httpserver.expect_request("/gdc/old").respond_with_response(_redirect("/gdc/new", 301))

    async def main() -> tuple[int, str | None]:
        async with _session(httpserver) as api, api.head("/old") as response:
            return response.status, response.api_version  # type: ignore[attr-defined]

    assert run(main) == (301, "3")
    assert len(httpserver.log) == 1


def test_a_path_pin_is_sent_and_the_request_aiohttp_holds_is_given_back(httpserver: HTTPServer):
    """Cognite's /api/v1 goes on the URL sent; a middleware outside sees its own request again."""
    httpserver.expect_request("/api/v1/projects/p").respond_with_handler(echo)
    outside: list[tuple[str, str, str | None]] = []

    async def watch(
        request: aiohttp.ClientRequest, handler: aiohttp.ClientHandlerType
    ) -> aiohttp.ClientResponse:
        response = await handler(request)
        outside.append((str(request.url), str(response.url), request.headers.get("version")))
        return response

    async def main() -> dict[str, Any]:
        async with (
            VersionedClientSession(
                httpserver.url_for("/"),
                profile="cognite",
                api_version="v1-beta",
                middlewares=(watch,),
                policy=None,
            ) as api,
            api.get("/projects/p") as response,
        ):
            return {
                "seen": await response.json(),
                "info": str(response.request_info.url),
                "channel": response.request_info.headers.get("version"),
            }

    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")  # v1-beta warns that it is a beta version
        got = run(main)
    assert got["seen"]["path"] == "/api/v1/projects/p"
    assert got["seen"]["headers"]["version"] == "beta"
    assert got["info"] == httpserver.url_for("/api/v1/projects/p")
    assert got["channel"] == "beta"
    # the middleware outside ours: its request unpinned, the response's URL the one sent
    assert outside == [
        (httpserver.url_for("/projects/p"), httpserver.url_for("/api/v1/projects/p"), None)
    ]


# ------------------------------------------------------------------- pins


async def _header(api: VersionedClientSession, **kwargs: Any) -> str:
    async with api.get("/x", **kwargs) as response:
        return str((await response.json())["headers"][V.lower()])


def test_each_task_sees_only_its_own_pinned_block(httpserver: HTTPServer):
    """20 concurrent tasks, each in its own ``pinned()`` block: no pin leaks between tasks."""
    httpserver.expect_request("/gdc/x").respond_with_handler(echo)

    async def task(api: VersionedClientSession, mine: str) -> list[tuple[str, str]]:
        got = []
        with api.pinned(mine):
            for _ in range(3):
                got.append((mine, await _header(api)))
                await asyncio.sleep(0)  # let the other tasks run inside their blocks
            override = mine + "0"
            got.append((override, await _header(api, api_version=override)))
        got.append(("1", await _header(api)))
        return got

    async def main() -> list[tuple[str, str]]:
        async with _session(httpserver, api_version="1") as api:
            done = await asyncio.gather(*(task(api, str(n + 2)) for n in range(20)))
        return [pair for pairs in done for pair in pairs]

    results = run(main)
    assert len(results) == 100
    assert all(expected == got for expected, got in results)


def test_a_block_in_one_task_is_not_seen_by_a_sibling_task(httpserver: HTTPServer):
    """A task created before the block keeps the session's pin; one created inside inherits."""
    httpserver.expect_request("/gdc/x").respond_with_handler(echo)

    async def main() -> tuple[str, str, str]:
        async with _session(httpserver, api_version="1") as api:
            inside, release = asyncio.Event(), asyncio.Event()

            async def sibling() -> str:
                await inside.wait()
                value = await _header(api)
                release.set()
                return value

            other = asyncio.create_task(sibling())
            with api.pinned("5"):
                inside.set()
                await asyncio.wait_for(release.wait(), TIMEOUT)
                here = await _header(api)
                child = await asyncio.create_task(_header(api))
            return await other, here, child

    assert run(main) == ("1", "5", "5")


def test_per_request_override_on_every_method(httpserver: HTTPServer):
    """``api_version=`` on each verb and on ``request()``, awaited or in ``async with``."""
    httpserver.expect_request("/gdc/x").respond_with_handler(echo)

    async def main() -> list[str]:
        got = []
        async with _session(httpserver) as api:
            for method, pin in [("get", "4"), ("post", "5"), ("put", "6"), ("patch", "7")]:
                response = await getattr(api, method)("/x", api_version=pin)
                got.append((await response.json())["headers"][V.lower()])
                response.release()
            async with api.request("DELETE", "/x", api_version="8") as response:
                got.append((await response.json())["headers"][V.lower()])
            async with api.options("/x", api_version="9") as response:
                got.append((await response.json())["headers"][V.lower()])
            got.append(await _header(api))
        return got

    assert run(main) == ["4", "5", "6", "7", "8", "9", "3"]


def test_the_middleware_pins_a_plain_client_session(
    httpserver: HTTPServer, other_server: HTTPServer
):
    """``VersionedMiddleware`` on an SDK's own ``ClientSession``: the API pinned, nothing else."""
    httpserver.expect_request("/gdc/p").respond_with_handler(echo)
    other_server.expect_request("/q").respond_with_handler(echo)
    versioned = VersionedMiddleware.create(
        httpserver.url_for("/gdc"), profile="gooddata", api_version="3"
    )

    async def main() -> list[str | None]:
        got = []
        timeout = aiohttp.ClientTimeout(total=TIMEOUT)
        async with aiohttp.ClientSession(middlewares=(versioned,), timeout=timeout) as session:
            for url in (httpserver.url_for("/gdc/p"), other_server.url_for("/q")):
                async with session.get(url) as response:
                    got.append((await response.json())["headers"].get(V.lower()))
            with versioned.pinned("5"):
                async with session.get(httpserver.url_for("/gdc/p")) as response:
                    got.append((await response.json())["headers"].get(V.lower()))
        return got

    assert run(main) == ["3", None, "5"]
    assert str(versioned.api_version) == "3"


def test_a_version_that_could_inject_headers_never_leaves(httpserver: HTTPServer):
    """A bad per-request version raises ValueError when awaited; nothing is sent."""

    async def main() -> None:
        async with _session(httpserver) as api:
            with pytest.raises(ValueError, match="not an API version"):
                await api.get("/x", api_version="3\r\nX-Injected: 1")

    run(main)
    assert httpserver.log == []


def test_a_deprecation_warns_once_at_the_awaiting_line(httpserver: HTTPServer):
    """In a coroutine the warning points at this file's ``async with`` line, once per session."""
    httpserver.expect_request("/gdc/p").respond_with_data("{}", headers=DEPRECATED)

    async def main() -> None:
        async with _session(httpserver) as api:
            for _ in range(2):
                async with api.get("/p") as response:
                    await response.read()

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run(main)
    assert [w.category for w in caught] == [ApiDeprecationWarning]
    assert caught[0].filename == __file__


# ------------------------------------------------------------------ bodies


def test_an_error_body_the_rules_read_is_whole_for_the_caller_buffered_or_streamed(
    httpserver: HTTPServer,
):
    """A 404 the rules read: ``read()`` and ``content.iter_chunked()`` both get every byte."""
    body = json.dumps({"error": {"message": "Project %s not found", "parameters": ["x"]}})
    httpserver.expect_request("/gdc/p").respond_with_data(
        body, status=404, content_type="application/json"
    )

    async def main() -> tuple[bytes, bytes, Any]:
        async with _session(httpserver) as api:
            async with api.get("/p") as response:
                streamed = b"".join([chunk async for chunk in response.content.iter_chunked(7)])
            async with api.get("/p") as response:
                buffered = await response.read()
                parsed = await response.json()
        return streamed, buffered, parsed

    streamed, buffered, parsed = run(main)
    assert streamed == buffered == body.encode()
    assert parsed["error"]["parameters"] == ["x"]


def test_a_gzip_error_body_is_read_decoded_and_kept_for_the_caller(httpserver: HTTPServer):
    """A gzip body is decoded before the core reads it; the error's response still decodes."""
    httpserver.expect_request("/gdc/p").respond_with_data(
        gzip.compress(json.dumps(GONE).encode()),
        status=410,
        headers={"Content-Encoding": "gzip"},
        content_type="application/json",
    )

    async def main() -> tuple[str, Any]:
        async with _session(httpserver) as api:
            with pytest.raises(ApiVersionRemovedError) as info:
                await api.get("/p")
            return str(info.value), await info.value.response.json()

    message, body = run(main)
    assert "Version 3 was removed" in message
    assert body == GONE


SIZE = 16 * 1024 * 1024
CHUNK = 64 * 1024
MIB = 1024 * 1024
HEAD = b"API version 1 has been removed. " + b" " * (CHUNK - 32)
FILLER = b"x" * CHUNK


class _Large(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        status = {"/removed": 410, "/missing": 404}.get(self.path, 500)
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(SIZE))
        self.end_headers()
        head = HEAD if status == 410 else b"nothing here " + b" " * (CHUNK - 13)
        try:
            self.wfile.write(head)
            for _ in range(SIZE // CHUNK - 1):
                self.wfile.write(FILLER)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client closed a response it did not want whole

    def log_message(self, format: str, *args: Any) -> None:
        """Keep quiet."""


@pytest.fixture(scope="module")
def large() -> Iterator[str]:
    """A server on 127.0.0.1 answering with 16 MiB bodies; stopped after the module."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Large)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def peak(action: Callable[[], T]) -> tuple[T, int]:
    """Run ``action``; return its result and the peak of traced memory above the start."""
    gc.collect()
    tracemalloc.start()
    try:
        start = tracemalloc.get_traced_memory()[0]
        result = action()
        return result, tracemalloc.get_traced_memory()[1] - start
    finally:
        tracemalloc.stop()


def _large_session(base_url: str) -> VersionedClientSession:
    return VersionedClientSession(
        base_url, profile="gooddata", api_version="1", timeout=aiohttp.ClientTimeout(total=30)
    )


def test_a_large_error_body_streams_whole_after_the_core_read_its_first_mib(large: str):
    """A 16 MiB 404 the rules read: the caller streams every byte from the first, memory small."""

    async def main() -> tuple[int, int, bytes]:
        async with _large_session(large) as api, api.get("/missing") as response:
            total, first = 0, b""
            async for chunk in response.content.iter_chunked(CHUNK):
                first = first or chunk
                total += len(chunk)
            return response.status, total, first

    (status, total, first), used = peak(lambda: run(main))
    assert (status, total) == (404, SIZE)
    assert first.startswith(b"nothing here")
    assert used < 4 * MIB, used


def test_a_large_version_error_keeps_its_first_mib_and_stays_small(large: str):
    """A 16 MiB 410: raised from its first MiB; the error's body is that MiB, memory small."""

    async def main() -> tuple[bytes, int, bool]:
        async with _large_session(large) as api:
            with pytest.raises(ApiVersionRemovedError) as info:
                await api.get("/removed")
            response = info.value.response
            return await response.read(), len(await response.text()), response.closed

    (kept, text_length, closed), used = peak(lambda: run(main))
    assert used < 4 * MIB, used
    assert kept.startswith(b"API version 1 has been removed")
    assert len(kept) == text_length == MAX_ERROR_BODY
    assert closed


def test_a_large_error_body_reads_whole_buffered(large: str):
    """``read()`` after the core's partial read: the whole 16 MiB body, once."""

    async def main() -> bytes:
        async with _large_session(large) as api, api.get("/missing") as response:
            return await response.read()

    body = run(main)
    assert len(body) == SIZE
    assert body.startswith(b"nothing here")
    assert body.endswith(FILLER)


# -------------------------------------------------------- aiohttp internals


def test_pin_stream_reader_slots_that_unread_uses():
    """StreamReader keeps the buffer state ``unread_data()`` updates, under these names."""
    slots = set(StreamReader.__slots__)
    assert {"_buffer", "_buffer_offset", "_size", "_cursor", "_eof_counter"} <= slots
    source = inspect.getsource(StreamReader.unread_data)
    for name in ("_buffer_offset", "_size", "_cursor", "_buffer.appendleft", "_eof_counter"):
        assert name in source, name


def _stream(chunks: list[bytes]) -> StreamReader:
    class Protocol:  # what StreamReader asks of its protocol, aiohttp 3.12 to 3.14
        connected = True
        _reading_paused = False

        def pause_reading(self) -> None: ...

        def resume_reading(self, resume_parser: bool = True) -> None: ...

    stream = StreamReader(Protocol(), 2**16, loop=asyncio.get_running_loop())  # type: ignore[arg-type]
    for chunk in chunks:
        stream.feed_data(chunk)
    stream.feed_eof()
    return stream


def test_pin_unread_puts_a_prefix_back_as_unread_data_does():
    """``_unread`` leaves the stream as the deprecated ``unread_data()`` would, for every read."""

    async def main() -> list[Any]:
        results = []
        for reader in ("read", "iter_chunked", "readline", "readchunk"):
            ours = _stream([b"line one\n", b"line two\n", b"three"])
            theirs = _stream([b"line one\n", b"line two\n", b"three"])
            prefix = await ours.read(12)
            transport._unread(ours, prefix)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                theirs.unread_data(await theirs.read(12))
            for stream in (ours, theirs):
                if reader == "read":
                    results.append(await stream.read())
                elif reader == "iter_chunked":
                    results.append([c async for c in stream.iter_chunked(4)])
                elif reader == "readline":
                    results.append([await stream.readline() for _ in range(3)])
                else:
                    results.append(await stream.readchunk())
        return results

    results = run(main)
    pairs = list(zip(results[::2], results[1::2], strict=True))
    assert all(ours == theirs for ours, theirs in pairs), pairs
    assert pairs[0][0] == b"line one\nline two\nthree"


def test_pin_unread_after_a_partial_chunk_read():
    """A prefix read that stopped inside a buffered chunk (``_buffer_offset``) comes back whole."""

    async def main() -> bytes:
        stream = _stream([b"abcdefghij" * 10])
        first = await stream.read(5)  # leaves an offset into the first chunk
        transport._unread(stream, first)
        return await stream.read()

    assert run(main) == b"abcdefghij" * 10


def test_pin_a_closed_response_reads_a_body_kept_for_it(httpserver: HTTPServer):
    """ClientResponse ``_body`` / ``_released``: after ``close()``, read/text/json give the body."""
    httpserver.expect_request("/p").respond_with_data("x" * 100)

    async def main() -> tuple[bytes, str, Any, bool]:
        async with aiohttp.ClientSession() as session:
            response = await session.get(
                httpserver.url_for("/p"), timeout=aiohttp.ClientTimeout(total=TIMEOUT)
            )
            response.close()
            transport._keep_body(response, b'{"kept": 1}')
            return (
                await response.read(),
                await response.text(),
                await response.json(content_type=None),
                response.closed,
            )

    assert run(main) == (b'{"kept": 1}', '{"kept": 1}', {"kept": 1}, True)


def test_pin_client_response_takes_the_attributes_attach_sets():
    """``ClientResponse`` has no ``__slots__``: the core's ``attach`` can set ``api_*`` on it."""
    assert "__slots__" not in vars(aiohttp.ClientResponse)
    assert "__dict__" in dir(aiohttp.ClientResponse)


def test_pin_middlewares_run_once_per_redirect_hop(httpserver: HTTPServer):
    """Session middlewares run inside aiohttp's redirect loop, on a fresh request per hop."""
    httpserver.expect_request("/a").respond_with_response(_redirect("/b"))
    httpserver.expect_request("/b").respond_with_data("ok")
    requests: list[aiohttp.ClientRequest] = []

    async def record(
        request: aiohttp.ClientRequest, handler: aiohttp.ClientHandlerType
    ) -> aiohttp.ClientResponse:
        requests.append(request)
        request.headers["X-Added"] = "by the middleware"
        return await handler(request)

    async def main() -> None:
        async with (
            aiohttp.ClientSession(middlewares=(record,)) as session,
            session.get(httpserver.url_for("/a"), headers={"X-Mine": "1"}) as response,
        ):
            await response.read()

    run(main)
    assert [r.url.path for r in requests] == ["/a", "/b"]
    assert requests[0] is not requests[1]
    assert requests[0].headers is not requests[1].headers
    # the next hop is built from the caller's headers, not from the request a middleware changed
    assert [r.headers.get("X-Mine") for r, _ in httpserver.log] == ["1", "1"]


# ---------------------------------------------------------------- contract


def test_the_session_takes_every_negotiator_option_with_the_same_defaults():
    """``VersionedClientSession`` lists each ``NegotiatorOptions`` key with Negotiator's default."""
    core = inspect.signature(Negotiator).parameters
    ours = inspect.signature(VersionedClientSession).parameters
    options = [name for name in core if name != "base_url"]
    assert options == list(ours)[1 : 1 + len(options)]
    for name in options:
        assert ours[name].default == core[name].default, name
        assert ours[name].kind is inspect.Parameter.KEYWORD_ONLY, name


def test_the_transport_says_which_extra_to_install():
    """Importing it without aiohttp is an ImportError naming ``apiversion-client[aiohttp]``."""
    code = (
        "import importlib.abc, sys\n"
        "class Block(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'aiohttp' or name.startswith('aiohttp.'):\n"
        "            raise ModuleNotFoundError(name, name=name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "import apiversion_client, apiversion_client.transports.requests\n"
        "try:\n"
        "    import apiversion_client.transports.aiohttp\n"
        "except ImportError as exc:\n"
        "    print(type(exc).__name__, exc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ImportError ")
    assert "pip install 'apiversion-client[aiohttp]'" in done.stdout


def test_importing_the_package_does_not_import_aiohttp():
    """``import apiversion_client`` leaves aiohttp unloaded, installed or not."""
    done = subprocess.run(
        [sys.executable, "-c", "import sys, apiversion_client; print('aiohttp' in sys.modules)"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout.strip()) == (0, "False"), done.stderr


def test_a_matrix_refusal_sends_nothing(httpserver: HTTPServer):
    """A version the matrix says has ended is refused before aiohttp opens a connection."""
    from apiversion_client import ApiVersionEndOfLifeError, CompatibilityMatrix

    matrix = CompatibilityMatrix.from_dict(
        {
            "api": {"name": "demo", "profile": "gooddata"},
            "versions": [
                {"version": "1", "released": "2017-01-01", "end_of_life": "2020-01-01"},
                {"version": "2", "released": "2019-01-01"},
            ],
        }
    )

    async def main() -> None:
        async with VersionedClientSession(
            httpserver.url_for("/"), matrix=matrix, api_version="1", today=dt.date(2026, 1, 1)
        ) as api:
            with pytest.raises(ApiVersionEndOfLifeError):
                await api.get("/gdc/projects")

    run(main)
    assert httpserver.log == []
