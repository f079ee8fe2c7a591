"""URL paths in the form HTTP clients send them.

requests, urllib3, httpx and aiohttp (yarl) percent-encode what a path may not
hold as written (spaces, non-ASCII letters, ``{``, ``|``...) before sending,
and percent-escapes compare without regard to case (RFC 3986, section
6.2.2.1).  The base URL, every URL compared with it and every resource
template are put in that one form, so that what is compared is what goes on
the wire.
"""

from __future__ import annotations

import re
from urllib.parse import quote

__all__ = ["on_the_wire", "wire_path"]

# What a URL holds once a client has encoded it: unreserved characters,
# sub-delimiters, ``:``, ``@``, ``/``, ``?``, ``#``, the brackets of an IPv6
# literal, and ``%`` escapes in upper case of what is not unreserved.  A
# character outside that set is something to encode; an escape this matches is
# one to raise or decode, or a ``%`` that starts no escape.
_NOT_WIRE_CHARACTER = re.compile(r"[^A-Za-z0-9\-._~!$&'()*+,;=:@/%?#\[\]]")
_ESCAPE_TO_MEND = re.compile(
    r"%(?:[0-9A-Fa-f][a-f]|[a-f][0-9A-F])"
    r"|%(?![0-9A-Fa-f]{2})"
    r"|%(?:[46][1-9A-F]|[57][0-9A]|3[0-9]|2[DE]|5F|7E)"
)


def on_the_wire(text: str) -> bool:
    """Whether a URL (or a path) is already as clients send it: :func:`wire_path` leaves it.

    One scan for characters to encode, and one for escapes only when there is a
    ``%`` (the common URL holds none): cheap enough for every request.
    """
    if _NOT_WIRE_CHARACTER.search(text) is not None:
        return False
    return "%" not in text or _ESCAPE_TO_MEND.search(text) is None


_PATH_SAFE = "!$&'()*+,;=:@/%-._~[]"
_LOWER_ESCAPE = re.compile(r"%(?:[0-9A-Fa-f][a-f]|[a-f][0-9A-F])")
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
# The escapes of unreserved characters (letters, digits, "-", ".", "_", "~"):
# the same URL as the characters themselves (RFC 3986, section 6.2.2.2), and
# requests sends them decoded.
_UNRESERVED_ESCAPE = re.compile(r"%(?:[46][1-9A-Fa-f]|[57][0-9Aa]|3[0-9]|2[DdEe]|5[Ff]|7[Ee])")


def wire_path(path: str) -> str:
    """A URL path as HTTP clients send it: what they percent-encode, encoded (UTF-8).

    Text already encoded is left as it is, but for its escapes: written in
    upper case (``%c3%bc`` is ``%C3%BC``), those of unreserved characters
    decoded (``%7E`` is ``~``); and when some ``%`` starts no escape, every
    ``%`` is encoded (``%25``), as urllib3 and requests send it.

    Raises:
        UnicodeEncodeError: The path holds a lone surrogate (no client sends it).
    """
    if on_the_wire(path):
        return path
    if "%" in path:
        if _STRAY_PERCENT.search(path) is not None:
            # A "%" that starts no escape: clients (urllib3's rule, and requests
            # through it) then send every "%" as "%25", valid escapes included.
            path = path.replace("%", "%25")
        else:
            path = _UNRESERVED_ESCAPE.sub(_decoded, path)
    path = quote(path, safe=_PATH_SAFE)
    if "%" in path:
        path = _LOWER_ESCAPE.sub(lambda escape: escape.group().upper(), path)
    return path


def _decoded(escape: re.Match[str]) -> str:
    return chr(int(escape.group()[1:], 16))
