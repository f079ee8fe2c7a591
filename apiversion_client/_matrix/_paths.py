"""Resource templates: ``"METHOD /path/{name}"`` strings, compiled once, matched per request.

A ``{name}`` placeholder matches one non-empty path segment (no ``/``).  The
request path's query string, fragment and trailing slash are ignored; methods
compare case-insensitively; a template without a method matches every method.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import attrs

from apiversion_client._matrix._text import quote
from apiversion_client._templates import LITERAL, wire_template
from apiversion_client._wire import wire_path

__all__ = ["ResourceTemplate", "normalize_path"]

_METHOD = re.compile(r"[A-Za-z]+", re.ASCII)
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_.-]*)\}", re.ASCII)
# Characters a template may hold outside placeholders (RFC 3986 pchar, roughly).
_LITERAL = LITERAL  # one grammar for every template (apiversion_client._templates)


@attrs.frozen
class ResourceTemplate:
    """One compiled resource template.

    Attributes:
        text: The template as written (``"GET /gdc/account/profile/{id}/projects"``).
        method: The upper-cased method, or ``None`` for any method.
        path: The path template.
        pattern: The compiled pattern the request path must match in full.
    """

    text: str
    method: str | None
    path: str
    pattern: re.Pattern[str] = attrs.field(eq=False, repr=False)

    @classmethod
    def compile(cls, text: str) -> ResourceTemplate:
        """Compile a template.

        Args:
            text: ``"METHOD /path/{name}"`` or ``"/path/{name}"``.

        Returns:
            The compiled template.

        Raises:
            ValueError: The text is not a resource template; the message quotes it.
        """
        parts = text.split()
        if len(parts) == 1:
            method, path = None, parts[0]
        elif len(parts) == 2 and _METHOD.fullmatch(parts[0]):
            method, path = parts[0].upper(), parts[1]
        else:
            msg = f"not a resource ('METHOD /path/{{name}}' or '/path'): {quote(text)}"
            raise ValueError(msg)
        if not path.startswith("/"):
            msg = f"a resource path must start with '/': {quote(text)}"
            raise ValueError(msg)
        path = wire_template(path, text)  # as clients send it; stray braces refused
        regex: list[str] = []
        position = 0
        for match in _PLACEHOLDER.finditer(path):
            regex.append(_literal(path[position : match.start()], text))
            regex.append("[^/]+")
            position = match.end()
        regex.append(_literal(path[position:], text))
        pattern = "".join(regex)
        if len(pattern) > 1 and pattern.endswith("/"):
            pattern = pattern[:-1]
        return cls(text, method, path, re.compile(pattern))

    def matches(self, method: str, path: str) -> bool:
        """Whether a request matches.

        Args:
            method: The request method (any case).
            path: The request path, normalized with :func:`normalize_path`.

        Returns:
            Whether the method and the path match.
        """
        if self.method is not None and method.upper() != self.method:
            return False
        return self.pattern.fullmatch(path) is not None


def _literal(segment: str, text: str) -> str:
    if _LITERAL.fullmatch(segment) is None:
        msg = "a resource path may hold only URL characters and {name} placeholders: " + quote(text)
        raise ValueError(msg)
    return re.escape(segment)


def normalize_path(path: str) -> str:
    """Reduce a request path (or URL) to what templates match against.

    Args:
        path: A path (``/a/b?x=1``) or an absolute URL.

    Returns:
        The path without scheme, host, query, fragment and trailing slash.
    """
    if "://" in path:
        path = urlsplit(path).path
    path = path.split("?", 1)[0].split("#", 1)[0]
    if not path.startswith("/"):
        path = "/" + path
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    try:
        return wire_path(path)  # compared as templates are: as clients send it
    except UnicodeEncodeError:
        return path
