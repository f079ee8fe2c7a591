"""The texts users read: stable, specific, and saying what to do.

Every message names the version, the resource when there is one, the date when
there is one, and the way out (the successor version, the SDK release to
upgrade to).  Kept in one module so they stay consistent and are easy to test.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from apiversion_client._errors import VersionErrorKind
from apiversion_client._notices import Notice, NoticeKind, NoticeSource
from apiversion_client._versions import ApiVersion, deprecated_version

if TYPE_CHECKING:
    from packaging.specifiers import SpecifierSet

    from apiversion_client._core._outcome import Prepared
    from apiversion_client.signals import Problem, Signals, WarningValue

#: Server texts quoted in a message are cut to this many characters.
MAX_SERVER_TEXT = 300
_MAX_LINK = 2048


# What can rewrite what a terminal or log line shows: control characters (C0,
# DEL, C1: escape sequences, line breaks), bidirectional controls, line and
# paragraph separators, lone surrogates.  Joiners, no-break and ideographic
# spaces belong to the text of many scripts and are kept.
_UNSAFE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)


def shown(text: str) -> str:
    r"""Text as a message shows it: what could rewrite a terminal line escaped.

    Every message that quotes what a server sent (a ``Warning``, an error
    body's message, a served version, a link, a request id, a URL path) is
    passed through here: control characters (escape sequences, line breaks),
    bidirectional controls and lone surrogates come out as backslash escapes
    (``\x1b``, ``\u202e``); text in any script is kept as it is.  Applying
    it twice changes nothing.
    """
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_escaped, text)


def _escaped(found: re.Match[str]) -> str:
    return found.group().encode("unicode_escape").decode("ascii")


def fmt_date(value: dt.date | dt.datetime | None) -> str:
    """Format a date for a message: ``2019-10-01``, or with the time when it is not midnight."""
    if value is None:
        return "an unknown date"
    if isinstance(value, dt.datetime):
        value = value.astimezone(dt.UTC)
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M:%S UTC")
    return value.isoformat()


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.astimezone(dt.UTC).date() if isinstance(value, dt.datetime) else value


def _way_out(successor: str | None, hint: str | None) -> str:
    parts = []
    if successor:
        parts.append(f"move to API version {successor}")
    if hint:
        parts.append(hint)
    if not parts:
        return ""
    joined = "; ".join(parts)
    return f" {joined[0].upper()}{joined[1:]}."


def _subject(version: ApiVersion | str | None, resource: str | None) -> str:
    if resource and version is not None:
        return f"{resource} at API version {version}"
    if resource:
        return f"{resource} (unpinned)"
    return f"API version {version}"


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def unstable_notice(version: ApiVersion, resource: str, url: str) -> Notice:
    """A non-stable channel is pinned."""
    return Notice(
        kind=NoticeKind.UNSTABLE,
        source=NoticeSource.PIN,
        message=(
            f"API version {version} is {_article(version.channel.value)} {version.channel.value} "
            "version: its interface may "
            "change without notice. Pin a stable version for production use."
        ),
        requested_version=str(version),
        url=url,
    )


def matrix_deprecation_notice(
    version: ApiVersion,
    resource: str | None,
    end_of_life: dt.date | None,
    successor: str | None,
    hint: str | None,
    url: str,
    declared: bool = False,
) -> Notice:
    """The matrix says the version or the resource at that version is deprecated."""
    ends = f"; it ends on {fmt_date(end_of_life)}" if end_of_life else ""
    return Notice(
        kind=NoticeKind.DEPRECATED,
        source=NoticeSource.MATRIX,
        message=shown(
            f"{_subject(version, resource)} is deprecated{ends}.{_way_out(successor, hint)}"
        ),
        requested_version=str(version),
        resource=resource,
        url=url,
        sunset=end_of_life,
        successor=successor,
        declared_resource=declared and resource is not None,
    )


def _links(signals: Signals, base: str) -> tuple[str | None, str]:
    """The link a notice carries, and the "See ..." text naming every link the server gave.

    Relative targets are resolved against the request URL (RFC 8288 section 3.1).
    """
    resolved = [
        shown(urljoin(base, target)[:_MAX_LINK]) if target else None
        for target in (signals.successor_link, signals.deprecation_link, signals.sunset_link)
    ]
    successor, deprecation, sunset = resolved
    parts = []
    if successor:
        parts.append(f"See {successor}")
    if deprecation and deprecation != successor:
        parts.append(f"details: {deprecation}" if parts else f"See {deprecation}")
    if sunset and not parts:
        parts.append(f"See {sunset}")
    # No full stop after a link: it would be taken as part of it when copied.
    return successor or deprecation or sunset, (" " + "; ".join(parts)) if parts else ""


def deprecation_notice(
    signals: Signals,
    requested: str | None,
    resource: str,
    url: str,
    successor: str | None,
    hint: str | None,
    today: dt.date,
    warning_days: int,
    declared: bool = False,
) -> Notice:
    """The server says the version or resource is deprecated, or announces its sunset.

    The version named is the one served when the server says it served another
    than the pin (a silent waterfall): that is the version that is deprecated.
    """
    subject = _subject(deprecated_version(requested, signals.served_version), resource)
    sunset = signals.sunset
    if sunset is not None:
        days = (_as_date(sunset) - today).days
        if days < 0:
            when = f"reached its end of life on {fmt_date(sunset)} ({-days} days ago)"
        elif days <= warning_days:
            when = f"ends on {fmt_date(sunset)}, in {days} days"
        else:
            when = f"ends on {fmt_date(sunset)}"
        text = f"{subject} is deprecated and {when}."
    else:
        since = ""
        if signals.deprecation is not None:
            verb = "since" if _as_date(signals.deprecation) <= today else "from"
            since = f" {verb} {fmt_date(signals.deprecation)}"
        text = f"{subject} is deprecated{since}."
    for warning in signals.warnings:
        if warning.code == 299 and "deprecat" in warning.text.lower():
            text += f' The server says: "{warning.text[:MAX_SERVER_TEXT]}".'
            break
    text += _way_out(successor, hint)
    link, see = _links(signals, url)
    text += see
    return Notice(
        kind=NoticeKind.DEPRECATED,
        message=shown(text),
        requested_version=requested,
        served_version=signals.served_version,
        resource=resource,
        url=url,
        deprecation=signals.deprecation,
        sunset=sunset,
        successor=successor,
        link=link,
        declared_resource=declared,
    )


def server_warning_notice(
    warning: WarningValue, requested: str | None, resource: str, url: str, declared: bool = False
) -> Notice:
    """The server sent a ``Warning`` that is not about a deprecation."""
    text = warning.text[:MAX_SERVER_TEXT]
    return Notice(
        kind=NoticeKind.SERVER_WARNING,
        message=shown(f"The server warns about {resource} (Warning {warning.code}): {text}"),
        requested_version=requested,
        resource=resource,
        url=url,
        detail=f"Warning: {warning.code} {text}",
        declared_resource=declared,
    )


def mismatch_notice(
    requested: str, served: str, resource: str, url: str, declared: bool = False
) -> Notice:
    """The server served another version than the pinned one."""
    return Notice(
        kind=NoticeKind.VERSION_MISMATCH,
        message=shown(
            f"API version {requested} was pinned but the server says it served version "
            f"{served} for {resource}. Check that the server supports version {requested}, "
            "or pin the version it serves."
        ),
        requested_version=requested,
        served_version=served,
        resource=resource,
        url=url,
        declared_resource=declared,
    )


def malformed_notice(
    problem: Problem, requested: str | None, resource: str, url: str, declared: bool = False
) -> Notice:
    """A version or deprecation header could not be understood; it was not fatal."""
    return Notice(
        kind=NoticeKind.MALFORMED,
        message=shown(
            f"Could not fully read the {problem.header} header of the response to {resource}: "
            f"{problem.message} (value: {problem.value!r}). The request was not affected."
        ),
        requested_version=requested,
        resource=resource,
        url=url,
        detail=f"{problem.header}: {problem.value}",
        declared_resource=declared,
    )


def end_of_life_message(
    version: ApiVersion,
    resource: str | None,
    end_of_life: dt.date | None,
    successor: str | None,
    hint: str | None,
) -> str:
    """The matrix says the version or resource has ended; nothing was sent."""
    when = f" on {fmt_date(end_of_life)}" if end_of_life else ""
    return shown(
        f"{_subject(version, resource)} reached its end of life{when}; the request was not "
        f"sent.{_way_out(successor, hint)} (Pass allow_ended=True to send it anyway.)"
    )


def incompatible_message(
    version: ApiVersion, sdk: str, sdk_version: str, spec: SpecifierSet | None
) -> str:
    """This SDK release does not support the pinned version; nothing was sent."""
    if spec is not None and str(spec):
        way = f"API version {version} needs {sdk} {spec}"
    else:
        way = f"no release of {sdk} supports API version {version}"
    return (
        f"{sdk} {sdk_version} does not support API version {version}: {way}. "
        "The request was not sent. Upgrade the SDK or pin a version it supports."
    )


def error_message(
    kind: VersionErrorKind,
    status: int,
    prepared: Prepared,
    server_message: str | None,
    successor: str | None,
    supported: tuple[str, ...],
    hint: str | None,
    request_id: str | None,
) -> str:
    """The server rejected the pinned version."""
    what = "has been removed" if kind is VersionErrorKind.REMOVED else "is not supported"
    text = (
        f"API version {prepared.requested} {what} by the server (HTTP {status} for "
        f"{prepared.method} {prepared.display_url})."
    )
    if server_message:
        text += f' The server says: "{server_message[:MAX_SERVER_TEXT]}".'
    text += _way_out(successor, hint)
    if supported:
        text += f" Supported versions: {', '.join(supported[:20])}."
    if request_id:
        text += f" Request id: {request_id}."
    return shown(text)
