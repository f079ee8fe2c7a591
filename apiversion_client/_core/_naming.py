"""Name the resource a request addresses, the way its API documents it.

A resource name is ``"METHOD /path/{template}"``.  It comes first from what
the SDK knows: the resource templates it declares (the matrix's
``changes.resources``, a ``resources=`` list or callable given to the
session, a built-in profile's templates); a request that matches one is
named by that template, and the name is *declared*.  Only when none matches
is the name guessed from the path: segments that look like identifiers
(numbers, UUIDs, long hex strings, slugs with digits such as ``w0`` or
``alice0``, e-mail addresses) become ``{id}``.  A guessed name is good for a
message, but it is never part of what makes two notices distinct (see
:attr:`~apiversion_client.Notice.key`): URL shapes that the guess gets wrong
cannot multiply a warning.

Matching declared templates: ``{name}`` matches one non-empty segment; the
query, the fragment and a trailing slash are ignored; a template without a
method matches every method.  When several match, the most specific wins:
literal segments before placeholders, from the left, and a template naming
the method before one that does not.  Matching walks a tree of the templates'
segments, so its cost grows with the depth of the path, not with the number
of templates.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from apiversion_client._templates import compile_template

__all__ = ["ResourceNamer", "ResourceResolver", "guess_template"]

#: A callable naming a request's resource: ``(method, path) -> template or None``.
ResourceResolver = Callable[[str, str], str | None]

_MAX_SEGMENTS = 32
_MAX_SEGMENT_LENGTH = 256
_MAX_CACHED_SEGMENT = 64


# What an identifier segment looks like.  A version-like segment (``v1``,
# ``v2beta1``: Kubernetes API groups) is a name, not an identifier.
_VERSION_LIKE = re.compile(r"v\d+(?:(?:alpha|beta|preview)\d*)?", re.ASCII | re.IGNORECASE)
_ID_PATTERNS = (
    re.compile(r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"),
    re.compile(r"[0-9a-fA-F]{12,}"),
    re.compile(r"(?=[^/]*\d)[A-Za-z0-9_.~%-]+", re.ASCII),  # a slug with a digit: w0, alice0
    re.compile(r"[^/@]+@[^/@]+"),
)


def _identifier_shape(segment: str) -> bool:
    if _VERSION_LIKE.fullmatch(segment):
        return False
    return any(pattern.fullmatch(segment) for pattern in _ID_PATTERNS)


@lru_cache(maxsize=4096)
def _short_identifier(segment: str) -> bool:
    # Collection names ("projects", "repos") repeat: their verdict is cached
    # (bounded: 4,096 segments of at most 64 characters).
    return _identifier_shape(segment)


def _is_identifier(segment: str) -> bool:
    if segment.isdigit() or len(segment) > _MAX_CACHED_SEGMENT:
        return True
    return _short_identifier(segment)


def guess_template(path: str) -> str:
    """Return ``path`` with identifier segments replaced by ``{id}``.

    Args:
        path: A URL path such as ``/gdc/projects/123/objects``.

    Returns:
        The templated path, e.g. ``/gdc/projects/{id}/objects``.  Very long
        paths are cut after a fixed number of segments, so the result is
        bounded in size whatever the input.
    """
    segments = path.split("/", _MAX_SEGMENTS + 1)
    out = []
    for index, segment in enumerate(segments):
        if index == _MAX_SEGMENTS:
            out.append("...")
            break
        if segment and _is_identifier(segment):
            out.append("{id}")
        else:
            out.append(segment[:_MAX_SEGMENT_LENGTH])
    return "/".join(out)


class _Node:
    __slots__ = ("ends", "literal", "patterns", "variable")

    def __init__(self) -> None:
        self.literal: dict[str, _Node] = {}
        self.variable: _Node | None = None
        self.patterns: dict[str, tuple[re.Pattern[str], _Node]] = {}
        # (method or None, specificity, display path) of the templates ending here.
        self.ends: list[tuple[str | None, tuple[int, ...], str]] = []


# Literal segments are more specific than patterns, patterns than placeholders.
_RANK: dict[type, int] = {str: 0, re.Pattern: 1, type(None): 2}


class ResourceNamer:
    """Names requests by their declared templates, else by a guess.

    Immutable once built; safe to share between threads.

    Args:
        templates: Declared templates, ``"METHOD /path/{name}"`` or ``"/path/{name}"``.
        resolver: A callable ``(method, path) -> template or None`` consulted
            first (an SDK's own router); what it returns is a declared name.

    Raises:
        ValueError: A template that cannot be read; the message quotes it.
    """

    def __init__(
        self, templates: Iterable[str] = (), resolver: ResourceResolver | None = None
    ) -> None:
        self._root = _Node()
        self._resolver = resolver
        self.templates: tuple[str, ...] = tuple(dict.fromkeys(templates))
        for text in self.templates:
            method, segments, path = compile_template(text)
            node = self._root
            for segment in segments:
                if segment is None:
                    if node.variable is None:
                        node.variable = _Node()
                    node = node.variable
                elif isinstance(segment, str):
                    node = node.literal.setdefault(segment, _Node())
                else:
                    entry = node.patterns.setdefault(segment.pattern, (segment, _Node()))
                    node = entry[1]
            specificity = (*(_RANK[type(s)] for s in segments), 0 if method else 1)
            node.ends.append((method, specificity, path))

    def __bool__(self) -> bool:
        return bool(self.templates) or self._resolver is not None

    def matches(self, method: str, path: str) -> tuple[str, ...]:
        """Every declared template matching the request, most specific first.

        Args:
            method: The request method, upper case.
            path: The request path (no query), below the API's base.

        Returns:
            Display names (``"GET /repos/{owner}/{repo}"``); empty when none matches.
        """
        if not self.templates:
            return ()
        path = path.rstrip("/") or "/"
        segments = path.split("/", _MAX_SEGMENTS + 1)
        if len(segments) > _MAX_SEGMENTS:
            return ()
        found: list[tuple[tuple[int, ...], str]] = []
        stack = [(self._root, 0)]
        last = len(segments)
        while stack:
            node, index = stack.pop()
            if index == last:
                for wanted, specificity, shown in node.ends:
                    if wanted is None or wanted == method:
                        found.append((specificity, f"{method} {shown}"))
                continue
            segment = segments[index]
            child = node.literal.get(segment)
            if child is not None:
                stack.append((child, index + 1))
            if node.variable is not None and segment:
                stack.append((node.variable, index + 1))
            for pattern, branch in node.patterns.values():
                if pattern.fullmatch(segment):
                    stack.append((branch, index + 1))
        found.sort()
        return tuple(dict.fromkeys(name for _, name in found))

    def name(self, method: str, path: str) -> tuple[str, bool]:
        """The resource's name, and whether it is declared (not a guess).

        Args:
            method: The request method, upper case.
            path: The request path (no query), below the API's base.
        """
        if self._resolver is not None:
            try:
                named = self._resolver(method, path)
            except Exception:  # an SDK's callable must never break a request
                named = None
            if named:
                text = str(named)[:_MAX_SEGMENT_LENGTH]
                return (text if " " in text else f"{method} {text}"), True
        if self.templates:
            declared = self.matches(method, path)
            if declared:
                return declared[0], True
        return f"{method} {guess_template(path or '/')}", False
