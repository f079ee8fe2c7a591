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

__all__ = ["NOT_ON_THE_WIRE", "wire_path"]

#: What a URL holds once a client has encoded it: unreserved characters,
#: sub-delimiters, ``:``, ``@``, ``/``, ``?``, ``#``, the brackets of an IPv6
#: literal, and ``%`` escapes in upper case.  A match is something to encode
#: (or a lower-case escape to raise).
NOT_ON_THE_WIRE = re.compile(
    r"[^A-Za-z0-9\-._~!$&'()*+,;=:@/%?#\[\]]|%(?:[0-9A-Fa-f][a-f]|[a-f][0-9A-F])"
)
_PATH_SAFE = "!$&'()*+,;=:@/%-._~[]"
_LOWER_ESCAPE = re.compile(r"%(?:[0-9A-Fa-f][a-f]|[a-f][0-9A-F])")


def wire_path(path: str) -> str:
    """A URL path as HTTP clients send it: what they percent-encode, encoded (UTF-8).

    Text already encoded is left as it is, but for its escapes, which are
    written in upper case (``%c3%bc`` is ``%C3%BC``).

    Raises:
        UnicodeEncodeError: The path holds a lone surrogate (no client sends it).
    """
    if NOT_ON_THE_WIRE.search(path) is None:
        return path
    path = quote(path, safe=_PATH_SAFE)
    if "%" in path:
        path = _LOWER_ESCAPE.sub(lambda escape: escape.group().upper(), path)
    return path
