"""Keep credentials out of messages, log records and exception texts.

Every URL this library puts into a human-readable string passes through
:func:`redact_url` first: userinfo is dropped and the values of query
parameters that commonly carry secrets are replaced.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlsplit, urlunsplit

__all__ = ["REDACTED", "SENSITIVE_QUERY_PARAMETERS", "redact_url"]

REDACTED = "REDACTED"

#: Query parameter names (compared case-insensitively, ``-`` and ``_`` alike)
#: whose values are never shown.
SENSITIVE_QUERY_PARAMETERS = frozenset(
    {
        "access_token",
        "api_key",
        "apikey",
        "auth",
        "client_secret",
        "code",
        "key",
        "password",
        "passwd",
        "refresh_token",
        "secret",
        "session",
        "sig",
        "signature",
        "token",
        "x_amz_signature",
        "x_amz_credential",
        "x_amz_security_token",
    }
)

_MAX_SHOWN = 2048


def _is_sensitive(name: str) -> bool:
    normal = name.strip().lower().replace("-", "_")
    return normal in SENSITIVE_QUERY_PARAMETERS or normal.endswith(("_token", "_secret", "_key"))


def redact_url(url: str) -> str:
    """Return ``url`` without credentials, for display.

    Userinfo (``user:password@``) is removed, the values of sensitive query
    parameters become ``REDACTED``, and the fragment is dropped.  Never raises:
    a string that is not a URL is returned shortened and without anything that
    looks like userinfo.

    Args:
        url: Any URL (absolute or not).

    Returns:
        A string safe to put in a message or log record.
    """
    # A plain URL (no userinfo, fragment or secret) is shown as it is.  Nothing is
    # cached: URLs carry secrets, and redaction only runs when a message is worded.
    if len(url) <= _MAX_SHOWN and _is_plain(url):
        return url
    return _redact(url)


_SAFE = r"[A-Za-z0-9._~-]"
_PLAIN = re.compile(
    rf"https?://[a-z0-9.-]+(?::(?P<port>[0-9]{{1,5}}))?(?:/[^?#@\s\\]*)?"
    rf"(?:\?(?P<query>{_SAFE}+={_SAFE}*(?:&{_SAFE}+={_SAFE}*)*))?"
)


def _is_plain(url: str) -> bool:
    """Whether :func:`_redact` would return ``url`` unchanged (checked without parsing it)."""
    match = _PLAIN.fullmatch(url)
    if match is None:
        return False
    port = match.group("port")
    if port is not None and (port[0] == "0" or int(port) > 65535):
        return False
    query = match.group("query")
    return query is None or not any(
        _is_sensitive(pair.partition("=")[0]) for pair in query.split("&")
    )


def _redact(url: str) -> str:
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        if ":" in host:  # IPv6 literal
            host = f"[{host}]"
        netloc = host if parts.port is None else f"{host}:{parts.port}"
        query = parts.query
        if query:
            pairs = parse_qsl(query, keep_blank_values=True)
            query = "&".join(
                f"{quote(name, safe='')}="
                + (REDACTED if _is_sensitive(name) else quote(value, safe=""))
                for name, value in pairs
            )
        shown = urlunsplit((parts.scheme, netloc, parts.path, query, ""))
        if not parts.netloc and "@" in parts.path and not url.startswith("/"):
            # "user:pw@host/x" has no "//": urlsplit reads the secret as a scheme
            # and a path.  Keep only what follows the last "@".
            shown = parts.path.rpartition("@")[2]
    except ValueError:
        shown = url.rpartition("@")[2] if "@" in url else url
        shown = shown.partition("?")[0]
    if len(shown) > _MAX_SHOWN:
        shown = shown[:_MAX_SHOWN] + "..."
    return shown
