"""The reference server: a real HTTP server that serves a compatibility matrix.

Standard library only (``http.server``), thread-based, bound to 127.0.0.1.
What it answers is decided by :func:`apiversion_client.testing._replies.decide`;
this module only does the I/O.
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import os
import sys
import threading
from collections.abc import Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import attrs

from apiversion_client._core import resolve_profile
from apiversion_client._core._naming import ResourceNamer
from apiversion_client._matrix import CompatibilityMatrix
from apiversion_client._tripwire import Reliance, Tripwire, VersionRange
from apiversion_client.profiles import Profile
from apiversion_client.testing._promises import (
    GATEWAY_FAULT,
    BrokenPromise,
    How,
    RawBody,
    apply_breaks,
    limit_refused,
    matching,
    promised_body,
    promised_status,
    resource_key,
)
from apiversion_client.testing._replies import DeprecationFormat, Reply, _Context, decide, read_pin

__all__ = ["RecordedRequest", "ReferenceServer"]

_HOST = "127.0.0.1"
_MAX_BODY = 1 << 20


@attrs.frozen
class RecordedRequest:
    """One request the reference server saw.

    Attributes:
        method: The request method.
        path: The request path, with its query.
        headers: Every header line, in order, as ``(name, value)`` pairs.
        status: The status it was answered with.
        served_version: The version served, or ``None`` for an error.
    """

    method: str
    path: str
    headers: tuple[tuple[str, str], ...]
    status: int
    served_version: str | None

    def header(self, name: str) -> str | None:
        """The first value of a request header (any case), or ``None``."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)


def _resolve_matrix(matrix: CompatibilityMatrix | str | os.PathLike[str]) -> CompatibilityMatrix:
    if isinstance(matrix, CompatibilityMatrix):
        return matrix
    return CompatibilityMatrix.load(matrix)


def _as_date(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"not a date: {value!r} (expected YYYY-MM-DD)") from None


class ReferenceServer:
    """A real HTTP server on 127.0.0.1 that behaves as the API a matrix describes.

    It serves the pinned version and says so in the profile's echo header;
    serves an unpinned request by the profile's rule (GoodData: the oldest
    version not past its end of life); adds the profile's deprecation signals
    to resources served at a deprecated version; answers a removed version
    with ``410`` and an unknown one with ``400`` "Unsupported API version: X",
    in the profile's error format; and sets the profile's request-id header.
    Responses are JSON: ``{"version": ..., "resource": "GET /template",
    "path": ..., "status": ...}``.

    Use it as a context manager (or call :meth:`start` and :meth:`stop`).
    Handler threads are daemon threads; leaving the block shuts the server
    down and closes its socket.

    Args:
        matrix: The API's matrix, or the path of a matrix file.
        profile: A :class:`~apiversion_client.profiles.Profile` or a built-in
            profile's name; defaults to the matrix's ``[profile]`` table or
            ``[api] profile``.
        port: The port to bind on 127.0.0.1 (``0``: an ephemeral port).
        today: The server's date (a date or ``YYYY-MM-DD``); ``None`` is today
            in UTC, read on every request.  Settable later: :attr:`today`.
        base_path: The API lives below this path (e.g. ``"/gdc"``); requests
            elsewhere are answered ``404``.
        strict_resources: Answer ``404`` for resources the matrix never mentions
            (default: serve them at the selected version).
        deprecation_format: How ``Deprecation`` dates are written: ``"sf-date"``
            (RFC 9745, ``@1688169599``) or ``"http-date"`` (GitHub); default:
            HTTP-date for the ``github`` profile, else sf-date.
        max_logged_requests: How many requests :attr:`requests` keeps (oldest
            are dropped first).
        relies: Declarations the server keeps its promises for, besides the
            matrix's ``[[relies]]``: a declared resource's ``200`` body holds
            every declared field, its pages are in the declared order, its
            declared limits are enforced.  :meth:`break_promise` breaks one.

    Raises:
        MatrixError: ``matrix`` is a path to a bad matrix file.
        ValueError: No profile can be found, or a bad ``today``.

    Example:
        >>> with ReferenceServer("examples/gooddata.toml") as server:  # doctest: +SKIP
        ...     session = VersionedSession(server.base_url, profile="gooddata",
        ...                                api_version="5")
        ...     session.get("/gdc/account/profile/1/projects").json()["version"]
        '5'
    """

    def __init__(
        self,
        matrix: CompatibilityMatrix | str | os.PathLike[str],
        profile: Profile | str | None = None,
        *,
        port: int = 0,
        today: dt.date | str | None = None,
        base_path: str = "",
        strict_resources: bool = False,
        deprecation_format: DeprecationFormat | None = None,
        max_logged_requests: int = 1000,
        relies: Tripwire | Iterable[Reliance] | Reliance | None = None,
    ) -> None:
        self.matrix: CompatibilityMatrix = _resolve_matrix(matrix)
        #: The declarations whose promises the server keeps (the matrix's, then ``relies=``).
        self.relies: tuple[Reliance, ...] = (*self.matrix.relies, *Tripwire.of(relies).relies)
        self._breaks: tuple[BrokenPromise, ...] = ()
        self._namer = ResourceNamer(r.resource for r in self.relies)
        self.profile: Profile = resolve_profile(profile, self.matrix)
        self.port_requested = port
        self._today = _as_date(today)
        self.base_path = "/" + base_path.strip("/") if base_path.strip("/") else ""
        self.strict_resources = strict_resources
        if deprecation_format is None:
            deprecation_format = "http-date" if self.profile.name == "github" else "sf-date"
        self.deprecation_format: DeprecationFormat = deprecation_format
        self._log: collections.deque[RecordedRequest] = collections.deque(
            maxlen=max(1, max_logged_requests)
        )
        self._count = 0
        self._answering = 0  # requests recorded whose answer is still being written
        self._changed = threading.Condition()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ---------------------------------------------------------- life cycle

    def start(self) -> ReferenceServer:
        """Bind the socket and serve in a background thread.

        Returns:
            The server itself.

        Raises:
            RuntimeError: The server is already running.
            OSError: The port cannot be bound.
        """
        if self._httpd is not None:
            raise RuntimeError("the reference server is already running")
        httpd = _HTTPServer((_HOST, self.port_requested), _Handler)
        httpd.reference = self
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"apiversion-reference-server-{httpd.server_address[1]}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket (idempotent)."""
        httpd, thread = self._httpd, self._thread
        self._httpd, self._thread = None, None
        if httpd is None:
            return
        httpd.shutdown()
        # A request is recorded before its answer is written: let the answers in
        # flight finish, so that stopping after the n-th request still answers it.
        with self._changed:
            self._changed.wait_for(lambda: self._answering == 0, timeout=5)
        httpd.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def __enter__(self) -> ReferenceServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # ---------------------------------------------------------- properties

    @property
    def running(self) -> bool:
        """Whether the server is serving."""
        return self._httpd is not None

    @property
    def port(self) -> int:
        """The bound port.

        Raises:
            RuntimeError: The server is not running.
        """
        if self._httpd is None:
            raise RuntimeError("the reference server is not running: use it as a context manager")
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        """The server's root URL, e.g. ``http://127.0.0.1:54321``."""
        return f"http://{_HOST}:{self.port}"

    @property
    def base_url(self) -> str:
        """The API's base URL (the root URL plus ``base_path``): give it to a client."""
        return self.url + self.base_path

    @property
    def today(self) -> dt.date:
        """The server's date: the one set, else today in UTC.

        Set it (a date, ``YYYY-MM-DD`` or ``None`` for the real date) to travel in time.
        """
        return self._today if self._today is not None else dt.datetime.now(dt.UTC).date()

    @today.setter
    def today(self, value: dt.date | str | None) -> None:
        self._today = _as_date(value)

    @property
    def requests(self) -> tuple[RecordedRequest, ...]:
        """The requests seen so far, oldest first (bounded by ``max_logged_requests``)."""
        with self._changed:
            return tuple(self._log)

    @property
    def request_count(self) -> int:
        """How many requests were answered since the start (not bounded)."""
        with self._changed:
            return self._count

    def clear_requests(self) -> None:
        """Forget the recorded requests (the count stays)."""
        with self._changed:
            self._log.clear()

    def wait_for_requests(self, count: int, timeout: float | None = None) -> bool:
        """Wait until ``count`` requests in total were answered.

        Args:
            count: The total to wait for.
            timeout: Seconds to wait at most (``None``: no limit).

        Returns:
            Whether the count was reached.
        """
        with self._changed:
            return self._changed.wait_for(lambda: self._count >= count, timeout=timeout)

    # ------------------------------------------------------------ promises

    def break_promise(
        self,
        resource: str,
        how: How,
        *,
        version: str | VersionRange | None = None,
        field: str | None = None,
        status: int | None = None,
        limit: int | None = None,
        parameter: str | None = None,
    ) -> BrokenPromise:
        """Break a promise on purpose, so that a test proves a declaration catches it.

        Until :meth:`keep_promises`, answers for ``resource`` at ``version``:

        * ``how="drop-field"``: without ``field`` (in every item, for ``items[].id``);
        * ``how="null-field"``: with ``field`` null;
        * ``how="change-status"``: with the success status ``status`` (e.g. ``202``);
        * ``how="reorder"``: with the array of the sort field (``field``, else the
          declared sort order's) reversed;
        * ``how="not-json"``: with an HTML page for a body (a gateway's), same status;
        * ``how="error-format"``: every error in an API gateway's format (the
          status unchanged);
        * ``how="remove-endpoint"``: ``404`` (or ``status=405``);
        * ``how="reduce-limit"``: ``400`` for a limit parameter (``parameter``,
          else the declared one) above ``limit``.

        Args:
            resource: The resource template (``"GET /items"``), as declared.
            how: How to break the promise (above).
            version: A version (``"v1"``) or a range (``">=2"``); default: every version.
            field: The field path, for ``drop-field``, ``null-field`` and ``reorder``.
            status: The status, for ``change-status`` and ``remove-endpoint``.
            limit: The new largest limit, for ``reduce-limit``.
            parameter: The limit parameter, for ``reduce-limit``.

        Returns:
            The broken promise (it holds until :meth:`keep_promises`).

        Raises:
            ValueError: An unknown ``how``, a bad template, version range or field,
                or an argument ``how`` needs missing.
        """
        broken = BrokenPromise(
            resource,
            how,
            versions=version,
            field=field,
            status=status,
            limit=limit,
            parameter=parameter,
        )
        if how == "reorder" and field is None:
            key = broken.key
            if not any(r.sort is not None and r.key == key for r in self.relies):
                raise ValueError(
                    f"how='reorder' needs field= (e.g. 'items[].id'): no declaration of "
                    f"{resource} has a sort order"
                )
        with self._changed:
            self._breaks = (*self._breaks, broken)
            self._namer = ResourceNamer(
                (*(r.resource for r in self.relies), *(b.resource for b in self._breaks))
            )
        return broken

    def keep_promises(self) -> None:
        """Mend every promise :meth:`break_promise` broke."""
        with self._changed:
            self._breaks = ()
            self._namer = ResourceNamer(r.resource for r in self.relies)

    @property
    def broken_promises(self) -> tuple[BrokenPromise, ...]:
        """The promises broken on purpose, in the order they were broken."""
        return self._breaks

    def _promises(
        self, reply: Reply, method: str, path: str, query: str, headers: dict[str, str]
    ) -> Reply:
        """Keep (or break) the promises of declared resources (rules in ``_promises``)."""
        breaks_all, namer = self._breaks, self._namer
        if not self.relies and not breaks_all:
            return reply
        pin, api_path = read_pin(self.profile, path, query, headers)
        version = reply.served or pin
        name, declared = namer.name(method, api_path)
        if not declared:
            return reply
        key = resource_key(name)
        relies = matching(self.relies, key, method, version)
        breaks = matching(breaks_all, key, method, version)
        if not relies and not breaks:
            return reply
        context = _Context(
            self.matrix, self.profile, self.today, self.base_url, self.deprecation_format
        )
        if reply.status == 200:
            removed = next((b for b in breaks if b.how == "remove-endpoint"), None)
            refused = limit_refused(relies, breaks, query)
            if removed is not None:
                message = "Resource not found: %s %s"
                target = path.replace("%", "%%")
                reply = context.error(
                    removed.status or 404, "gdc.notfound", message, (method, target)
                )
            elif refused is not None:
                parameter, sent, most = refused
                reply = context.error(
                    400,
                    "gdc.request.invalid",
                    "Invalid %s: %s (at most %s)",
                    (parameter, str(sent), str(most)),
                )
            else:
                body = promised_body(relies, query, dict(reply.body))
                body, status = apply_breaks(body, promised_status(relies), breaks, relies)
                reply = attrs.evolve(reply, status=status, body=body)
        if reply.status >= 400 and any(b.how == "error-format" for b in breaks):
            reply = attrs.evolve(reply, body=GATEWAY_FAULT)
        return reply

    # ------------------------------------------------------------ answering

    def answer(self, method: str, target: str, headers: list[tuple[str, str]]) -> Reply:
        """Decide the reply to one request (no I/O; the handler calls this).

        Args:
            method: The request method.
            target: The request target (path and query).
            headers: The request's header lines.

        Returns:
            The reply.
        """
        parts = urlsplit(target)
        path = parts.path or "/"
        lowered: dict[str, str] = {}
        for name, value in headers:
            lowered.setdefault(name.lower(), value)
        if self.base_path and not (path == self.base_path or path.startswith(self.base_path + "/")):
            body = {"error": {"code": 404, "message": f"Not found: {path}"}}
            return Reply(404, (("Content-Type", "application/json"),), body)
        reply = decide(
            self.matrix,
            self.profile,
            method=method,
            path=path[len(self.base_path) :] or "/",
            query=parts.query,
            headers=lowered,
            today=self.today,
            base_url=self.base_url if self._httpd is not None else "http://127.0.0.1",
            strict_resources=self.strict_resources,
            deprecation_format=self.deprecation_format,
        )
        if reply.status == 200:
            reply = attrs.evolve(reply, body={**reply.body, "path": path})
        return self._promises(
            reply, method.upper(), path[len(self.base_path) :] or "/", parts.query, lowered
        )

    def _record(self, request: RecordedRequest) -> None:
        with self._changed:
            self._log.append(request)
            self._count += 1
            self._answering += 1
            self._changed.notify_all()

    def _answered(self) -> None:
        with self._changed:
            self._answering -= 1
            self._changed.notify_all()

    def __repr__(self) -> str:
        where = self.base_url if self.running else "not running"
        return f"<ReferenceServer {self.matrix.api_name or 'API'} ({self.profile.name}) {where}>"


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    reference: ReferenceServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away (a reset, a closed keep-alive) is no error; others are."""
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"

    def version_string(self) -> str:
        """The ``Server`` header."""
        return "apiversion-client-reference-server"

    def _handle(self) -> None:
        reference = self.server.reference
        length = self.headers.get("Content-Length", "")
        size = int(length) if length.isdigit() else 0
        if size > _MAX_BODY:
            self.close_connection = True
        elif size:
            self.rfile.read(size)
        lines = [(str(k), str(v)) for k, v in self.headers.items()]
        try:
            reply = reference.answer(self.command, self.path, lines)
        except Exception as exc:  # never let a bug kill the handler thread silently
            reply = Reply(
                500,
                (("Content-Type", "application/json"),),
                {"error": {"code": 500, "message": f"reference server error: {exc!r}"}},
            )
        bodiless = reply.status in (204, 304)  # no body, no Content-Length (RFC 9110)
        headers = reply.headers
        if isinstance(reply.body, RawBody):  # a broken promise: not JSON
            payload = reply.body.text.encode("utf-8")
            headers = tuple(
                ("Content-Type", reply.body.content_type)
                if name == "Content-Type"
                else (name, value)
                for name, value in headers
            )
        else:
            payload = json.dumps(reply.body).encode("utf-8")
        payload = b"" if bodiless else payload
        # Recorded before answering: a client that got its answer finds its request logged.
        reference._record(
            RecordedRequest(self.command, self.path, tuple(lines), reply.status, reply.served)
        )
        try:
            self.send_response(reply.status)
            for name, value in headers:
                self.send_header(name, value)
            if not bodiless:
                self.send_header("Content-Length", str(len(payload)))
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)
        finally:
            reference._answered()

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _handle

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: the server's log is :attr:`ReferenceServer.requests`."""
