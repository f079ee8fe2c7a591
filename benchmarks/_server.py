r"""A fast keep-alive HTTP/1.1 server on 127.0.0.1 in its own process, for the benchmarks.

It answers issue 13's workload (``_workload.py``): one listening port per
response variant (``c``, ``echo-link``, ``same-url``), every request
``GET /objects/{i}`` answered with ``200`` and the headers of resource ``i``.
A response is a prebuilt block per (variant, kind of resource) plus the few
lines that differ (``Date``, ``X-Request-Id``, and a per-resource ``Link`` in
``echo-link``): building one takes the server a few µs, and a request costs
it ~25-35 µs of CPU in all (mostly asyncio and the socket), where the stdlib
``ThreadingHTTPServer`` took ~300 µs, which hid the client's cost.

An ``asyncio.Protocol`` splits what arrives on ``\r\n\r\n``: it serves
keep-alive and pipelined requests on one connection, and any number of
connections.  Requests are assumed to have no body (the benchmarks only GET).
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import multiprocessing
import socket
from collections.abc import Callable
from multiprocessing.connection import Connection

from _workload import (
    BODY,
    KINDS,
    RESPONSE_VARIANTS,
    SAME_ID,
    SAME_RESPONSE,
    kind,
    response_lines,
    static_lines,
    unique_lines,
)

_STATUS = b"HTTP/1.1 200 OK\r\n"
#: Numbers the responses (across ports): each has its own Date and request id.
_responses = itertools.count(SAME_RESPONSE + 1)
_BAD = b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"


def _encode(lines: list[tuple[str, str]]) -> bytes:
    return b"".join(f"{name}: {value}\r\n".encode("latin-1") for name, value in lines)


def _builder(variant: str) -> Callable[[int], bytes]:
    """``build(i)``: the bytes of the next response for resource ``i``."""
    if variant == "same-url":
        fixed = _STATUS + _encode(response_lines(SAME_ID, SAME_RESPONSE, "c")) + b"\r\n" + BODY
        return lambda i: fixed
    heads = {what: _STATUS + _encode(static_lines(variant, what)) for what in KINDS}
    tail = b"\r\n" + BODY

    def build(i: int) -> bytes:
        unique = _encode(unique_lines(i, next(_responses), variant))
        return heads[kind(i)] + unique + tail

    return build


def _resource(request_line: bytes) -> int:
    """``i`` of ``GET /objects/{i}[?...] HTTP/1.1``; 0 for anything else."""
    try:
        target = request_line.split(b" ", 2)[1]
        return int(target.partition(b"?")[0].rpartition(b"/")[2])
    except (IndexError, ValueError):
        return 0


class _Protocol(asyncio.Protocol):
    def __init__(self, build: Callable[[int], bytes]) -> None:
        self.build = build
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def data_received(self, data: bytes) -> None:
        buffer = self.buffer + data if self.buffer else data
        replies = []
        start = 0
        while (end := buffer.find(b"\r\n\r\n", start)) != -1:
            line_end = buffer.find(b"\r\n", start, end)
            request_line = buffer[start : end if line_end == -1 else line_end]
            start = end + 4
            if not request_line.startswith(b"GET "):
                replies.append(_BAD)
                break
            replies.append(self.build(_resource(request_line)))
        self.buffer = buffer[start:]
        if replies and self.transport is not None:
            self.transport.write(b"".join(replies))
            if replies[-1] is _BAD:
                self.transport.close()


def _serve(conn: Connection) -> None:
    async def main() -> None:
        loop = asyncio.get_running_loop()
        ports = {}
        for variant in RESPONSE_VARIANTS:
            build = _builder(variant)
            server = await loop.create_server(
                functools.partial(_Protocol, build), "127.0.0.1", 0, backlog=128
            )
            ports[variant] = server.sockets[0].getsockname()[1]
        conn.send(ports)
        await asyncio.Event().wait()  # until the process is terminated

    asyncio.run(main())


class ServerProcess:
    """The server in a child process, as a context manager.

    ``urls[variant]`` is the base URL (``http://127.0.0.1:<port>``) answering
    that response variant.  Leaving the block stops the process (terminate,
    then kill if it does not stop within a few seconds).

    Args:
        timeout: Seconds to wait for the server to listen.

    Raises:
        RuntimeError: The server did not start in time.
    """

    def __init__(self, timeout: float = 20.0) -> None:
        self.timeout = timeout
        self.urls: dict[str, str] = {}
        self.process: multiprocessing.Process | None = None

    def __enter__(self) -> ServerProcess:
        parent, child = multiprocessing.Pipe(duplex=False)
        self.process = multiprocessing.Process(
            target=_serve, args=(child,), name="benchmark-server", daemon=True
        )
        self.process.start()
        child.close()
        try:
            if not parent.poll(self.timeout):
                raise RuntimeError(f"the benchmark server did not start in {self.timeout} s")
            ports = parent.recv()
        except BaseException:
            self.stop()
            raise
        finally:
            parent.close()
        self.urls = {variant: f"http://127.0.0.1:{port}" for variant, port in ports.items()}
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop the server process; safe to call twice."""
        process = self.process
        if process is None:
            return
        if process.is_alive():
            process.terminate()
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join(5)
        process.close()
        self.process = None
