"""What the reference server answers: a pure function of the matrix, the profile and the date.

The rules, in order (the server's whole behaviour; no I/O here):

1. The pin is read where the profile puts it: its header or one of its
   ``request_headers`` first, then the query parameter, then the ``Accept``
   media-type parameter, then the path template (``/api/{version}``; with a
   ``channel_header`` such as ``version: beta`` the channel is added:
   ``v1`` + ``beta`` is ``v1-beta``).
2. A pin that is not a version, not in the matrix, or not released yet on
   ``today`` is answered ``400`` "Unsupported API version: X" (with the
   supported versions).  A pin whose version is removed on ``today`` is
   answered ``410`` naming the version and "removed", with the successor.
3. No pin: the profile's ``unpinned`` rule picks the version.  ``oldest``
   (GoodData) is the oldest released stable version in which this resource
   exists and has not reached its end of life; ``latest`` the newest released
   stable version not removed; ``default`` the profile's ``default_version``
   when it is available, else the latest.
4. The resource, at the served version: one the matrix adds later is ``404``;
   one whose version has reached its end of life is ``410``.
5. A deprecated resource or version gets the profile's deprecation signals:
   ``X-GDC-Deprecated`` when the profile reads it and not ``Link`` (GoodData),
   else ``Deprecation`` / ``Sunset`` / ``Link``, else ``Warning: 299``.
   Every answer carries the profile's request-id header, the served version
   in its first echo header and, for profiles that read them,
   ``api-supported-versions`` / ``api-deprecated-versions``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any, Literal
from urllib.parse import parse_qsl, unquote

import attrs

from apiversion_client._core._naming import guess_template
from apiversion_client._core._placement import accept_version, header_lookup, path_pattern
from apiversion_client._errors import parse_cognite_error, parse_gooddata_error
from apiversion_client._matrix import CompatibilityMatrix, ResourceStatus, Status, VersionInfo
from apiversion_client._versions import ApiVersion, Channel
from apiversion_client.profiles import Profile
from apiversion_client.signals import SignalReader, format_http_date, format_sf_date

__all__ = ["DeprecationFormat", "Reply", "decide"]

DeprecationFormat = Literal["sf-date", "http-date"]
_CHANNELS = {"alpha", "beta", "preview"}
# Error codes: GoodData's style, and the one other APIs use (Azure's rules match it).
_GENERIC_CODES = {
    "gdc.api.version.unsupported": "UnsupportedApiVersion",
    "gdc.api.version.removed": "ApiVersionRemoved",
    "gdc.api.version.none": "NoApiVersionAvailable",
    "gdc.notfound": "NotFound",
}


@attrs.frozen
class Reply:
    """One answer of the reference server.

    Attributes:
        status: The HTTP status.
        headers: The header lines to send, in order.
        body: The JSON body.
        served: The version served, or ``None`` for an error.
    """

    status: int
    headers: tuple[tuple[str, str], ...]
    body: Any  # a JSON object, but for a broken promise's body (ReferenceServer.break_promise)
    served: str | None = None


@attrs.frozen
class _Deprecation:
    since: dt.date | None
    end_of_life: dt.date | None
    successor: str | None
    subject: str


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def read_pin(
    profile: Profile, path: str, query: str, headers: Mapping[str, str]
) -> tuple[str | None, str]:
    """Find the pin of a request where the profile puts it.

    Args:
        profile: The profile.
        path: The request path below the API's base path (no query).
        query: The raw query string.
        headers: The request headers, names lower-cased.

    Returns:
        The pin as sent (or ``None``) and the path with the version segment removed.
    """
    pin = header_lookup(headers, profile.own_pin_headers)
    if pin is None and profile.query:
        wanted = profile.query.lower()
        for key, value in parse_qsl(query, keep_blank_values=True):
            if key.lower() == wanted and value.strip():
                pin = value.strip()
                break
    if pin is None and profile.media_type:
        pin = accept_version(headers.get("accept", ""), profile.media_type)
    api_path = path
    if profile.path:
        found = path_pattern(profile.path).match(path)
        if found is not None:
            api_path = path[found.end() :] or "/"
            if pin is None:
                pin = unquote(found.group("version"))
                channel = headers.get((profile.channel_header or "").lower(), "").strip().lower()
                if channel in _CHANNELS and not pin.lower().endswith("-" + channel):
                    pin = f"{pin}-{channel}"
    return pin, api_path


def _released(info: VersionInfo, today: dt.date) -> bool:
    return info.released is None or info.released <= today


def _available(matrix: CompatibilityMatrix, today: dt.date) -> list[VersionInfo]:
    return [
        info
        for info in matrix.versions
        if _released(info, today) and matrix.status(info.version, on=today) is not Status.REMOVED
    ]


def _successor(matrix: CompatibilityMatrix, info: VersionInfo, today: dt.date) -> str | None:
    if info.successor is not None:
        return str(info.successor)
    stable = [i.version for i in _available(matrix, today) if i.channel is Channel.STABLE]
    if stable and stable[-1].sort_key > info.version.sort_key:
        return str(stable[-1])
    return None


def _unpinned(
    matrix: CompatibilityMatrix, profile: Profile, method: str, path: str, today: dt.date
) -> VersionInfo | None:
    stable = [info for info in _available(matrix, today) if info.channel is Channel.STABLE]
    if profile.unpinned == "oldest":
        for info in stable:
            rs = matrix.resource_status(info.version, method, path, on=today)
            if rs.exists and rs.status is not Status.REMOVED:
                return info
        return stable[0] if stable else None
    if profile.unpinned == "default" and profile.default_version is not None:
        wanted = matrix.get(profile.default_version)
        if wanted is not None and wanted in stable:
            return wanted
    return stable[-1] if stable else None


class _Context:
    """What every reply of one request shares."""

    def __init__(
        self,
        matrix: CompatibilityMatrix,
        profile: Profile,
        today: dt.date,
        base_url: str,
        deprecation_format: DeprecationFormat,
    ) -> None:
        self.matrix = matrix
        self.profile = profile
        self.today = today
        self.base_url = base_url.rstrip("/")
        self.deprecation_format = deprecation_format
        self.request_id = uuid.uuid4().hex[:20]

    def common_headers(self) -> list[tuple[str, str]]:
        headers = [("Content-Type", "application/json")]
        if self.profile.request_id_headers:
            headers.append((self.profile.request_id_headers[0], self.request_id))
        if SignalReader.VERSION_LISTS in self.profile.readers:
            available = _available(self.matrix, self.today)
            supported = [str(i.version) for i in available]
            deprecated = [
                str(i.version)
                for i in available
                if self.matrix.status(i.version, on=self.today) is Status.DEPRECATED
            ]
            if supported:
                headers.append(("api-supported-versions", ", ".join(supported)))
            if deprecated:
                headers.append(("api-deprecated-versions", ", ".join(deprecated)))
        return headers

    def supported_text(self) -> str:
        versions = [str(i.version) for i in _available(self.matrix, self.today)]
        return f" Supported versions: {', '.join(versions)}" if versions else ""

    def error(
        self,
        status: int,
        code: str,
        message: str,
        parameters: tuple[str, ...] = (),
        extra: list[tuple[str, str]] | None = None,
    ) -> Reply:
        """An error in the profile's format; ``message`` may hold ``%s`` for ``parameters``."""
        filled = message % parameters if parameters else message
        parser = self.profile.error_parser
        if parser is not parse_gooddata_error:
            code = _GENERIC_CODES.get(code, code)
        body: dict[str, Any]
        if parser is parse_gooddata_error:
            body = {
                "error": {
                    "errorClass": "com.gooddata.exception.ApiVersionException",
                    "component": "apiversion_client.testing.ReferenceServer",
                    "message": message,
                    "parameters": list(parameters),
                    "errorCode": code,
                    "errorId": uuid.uuid4().hex,
                    "requestId": self.request_id,
                    "trace": "",
                }
            }
        elif parser is parse_cognite_error:
            body = {"error": {"code": status, "message": filled}}
        else:
            body = {"error": {"code": code, "message": filled}}
        return Reply(status, tuple(self.common_headers() + (extra or [])), body)

    def deprecation_headers(self, dep: _Deprecation) -> list[tuple[str, str]]:
        readers = self.profile.readers
        end = _midnight(dep.end_of_life) if dep.end_of_life else None
        if SignalReader.GDC_DEPRECATED in readers and SignalReader.LINK not in readers:
            parts = []
            if end is not None:
                parts.append(f"End-of-life={format_http_date(end)}")
            if dep.successor:
                parts.append(f"valid-version={dep.successor}")
            return [("X-GDC-Deprecated", "; ".join(parts) or "deprecated")]
        if SignalReader.DEPRECATION in readers:
            if dep.since is None:
                value = "true"
            elif self.deprecation_format == "http-date":
                value = format_http_date(_midnight(dep.since))
            else:
                value = format_sf_date(_midnight(dep.since))
            lines = [("Deprecation", value)]
            if end is not None and SignalReader.SUNSET in readers:
                lines.append(("Sunset", format_http_date(end)))
            if dep.successor and SignalReader.LINK in readers:
                target = f"{self.base_url}/versions/{dep.successor}"
                link = f'<{target}>; rel="successor-version"; version="{dep.successor}"'
                lines.append(("Link", link))
            return lines
        if SignalReader.WARNING in readers:
            text = f"{dep.subject} is deprecated"
            if dep.end_of_life:
                text += f", unavailable from {dep.end_of_life.isoformat()}"
            if dep.successor:
                text += f"; use version {dep.successor}"
            return [("Warning", '299 - "' + text.replace('"', "'") + '"')]
        return []

    def gone(self, subject: str, version: str, end: dt.date | None, successor: str | None) -> Reply:
        """410: the version (or the resource at it) reached its end of life.

        ``subject`` holds one ``%s`` for the version (other ``%`` doubled).
        """
        message = f"{subject} has been removed"
        params = [version]
        if end is not None:
            message += " (end of life %s)"
            params.append(end.isoformat())
        if successor:
            message += "; use API version %s"
            params.append(successor)
        dep = _Deprecation(None, end, successor, subject % version)
        extra = self.deprecation_headers(dep) if successor or end else []
        return self.error(410, "gdc.api.version.removed", message, tuple(params), extra)


def decide(
    matrix: CompatibilityMatrix,
    profile: Profile,
    *,
    method: str,
    path: str,
    query: str,
    headers: Mapping[str, str],
    today: dt.date,
    base_url: str,
    strict_resources: bool = False,
    deprecation_format: DeprecationFormat = "sf-date",
) -> Reply:
    """Decide the answer to one request (rules in the module documentation).

    Args:
        matrix: The API's matrix.
        profile: How the API carries versions.
        method: The request method.
        path: The request path below the API's base path, without the query.
        query: The raw query string.
        headers: The request headers, names lower-cased.
        today: The server's date.
        base_url: The server's base URL, for links.
        strict_resources: Answer 404 for resources the matrix never mentions.
        deprecation_format: How ``Deprecation`` dates are written.

    Returns:
        The reply.
    """
    method = method.upper()
    ctx = _Context(matrix, profile, today, base_url, deprecation_format)
    pin, api_path = read_pin(profile, path, query, headers)
    if pin is not None:
        try:
            info = matrix.get(ApiVersion.parse(pin))
        except (ValueError, TypeError):
            info = None
        if info is None or not _released(info, today):
            return ctx.error(
                400,
                "gdc.api.version.unsupported",
                "Unsupported API version: %s." + ctx.supported_text().replace("%", "%%"),
                (pin,),
            )
        if matrix.status(info.version, on=today) is Status.REMOVED:
            return ctx.gone(
                "API version %s", pin, info.end_of_life, _successor(matrix, info, today)
            )
        served: VersionInfo | None = info
    else:
        served = _unpinned(matrix, profile, method, api_path, today)
        if served is None:
            return ctx.error(400, "gdc.api.version.none", "No API version is available.")
    assert served is not None  # for mypy: both branches above return or set it
    version = str(served.version) if pin is None else pin
    rs = matrix.resource_status(served.version, method, api_path, on=today)
    name = rs.resource or f"{method.upper()} {guess_template(api_path)}"
    if (rs.resource is None and strict_resources) or not rs.exists:
        return ctx.error(404, "gdc.notfound", "Resource not found: %s %s", (method, path))
    if rs.resource is not None and rs.status is Status.REMOVED:
        successor = str(rs.successor) if rs.successor else _successor(matrix, served, today)
        return ctx.gone(
            name.replace("%", "%%") + " at API version %s", version, rs.end_of_life, successor
        )
    headers_out = ctx.common_headers()
    if profile.echo_headers:
        headers_out.append((profile.echo_headers[0], version))
    dep = _deprecation(matrix, served, rs, name, version, today)
    if dep is not None:
        headers_out.extend(ctx.deprecation_headers(dep))
    body = {
        "version": version,
        "resource": name,
        "path": path,
        "status": rs.status.value,
    }
    return Reply(200, tuple(headers_out), body, served=version)


def _deprecation(
    matrix: CompatibilityMatrix,
    info: VersionInfo,
    rs: ResourceStatus,
    name: str,
    version: str,
    today: dt.date,
) -> _Deprecation | None:
    if rs.status is not Status.DEPRECATED:
        return None
    if rs.resource is not None and rs.successor is not None:
        successor_info = matrix.get(rs.successor)
        since = successor_info.released if successor_info else None
        return _Deprecation(
            since, rs.end_of_life, str(rs.successor), f"{name} at API version {version}"
        )
    successor = _successor(matrix, info, today)
    since = info.deprecated
    if since is None and info.successor is not None:
        successor_info = matrix.get(info.successor)
        since = successor_info.released if successor_info else None
    return _Deprecation(since, info.end_of_life, successor, f"API version {version}")
