"""Values quoted in messages: bounded, and never an error of their own.

A matrix can hold anything a TOML or JSON document can: a string of a million
characters, an integer of 5,000 digits (``repr`` of it raises), arrays nested
thousands deep (``repr`` of them overflows the stack).  Messages quote such
values through :func:`quote`, which shows a bounded prefix of each.
"""

from __future__ import annotations

from typing import Final

__all__ = ["describe", "quote"]

_LIMIT: Final = 60
_ITEMS: Final = 3
_DEPTH: Final = 2
_NAMES: Final = {dict: "table", list: "array", str: "string", bool: "boolean", int: "integer"}


def quote(value: object) -> str:
    """A short ``repr``-like text of a value, at most about 60 characters.

    Args:
        value: Anything from a decoded document (or a caller's mapping).

    Returns:
        The text; never raises.
    """
    text = _quote(value, _DEPTH)
    return text if len(text) <= _LIMIT else text[: _LIMIT - 3] + "..."


def describe(value: object) -> str:
    """The kind of a value and its quoted text, e.g. ``integer 5`` or ``array [1, 2]``.

    Args:
        value: Anything.

    Returns:
        The description; never raises.
    """
    name = _NAMES.get(type(value), type(value).__name__)
    if isinstance(value, int) and not isinstance(value, bool) and _huge(value):
        return quote(value)
    return f"{name} {quote(value)}"


def _huge(value: int) -> bool:
    return value.bit_length() > 200


def _quote(value: object, depth: int) -> str:
    if isinstance(value, str):
        return repr(value if len(value) <= _LIMIT else value[:_LIMIT])
    if isinstance(value, int) and not isinstance(value, bool) and _huge(value):
        digits = int(value.bit_length() * 0.30103) + 1
        return f"an integer of about {digits} digits"
    if isinstance(value, list | tuple):
        if depth == 0:
            return "[...]" if value else "[]"
        items = [_quote(item, depth - 1) for item in value[:_ITEMS]]
        items += ["..."] if len(value) > _ITEMS else []
        return "[" + ", ".join(items) + "]"
    if isinstance(value, dict):
        if depth == 0:
            return "{...}" if value else "{}"
        pairs = [
            f"{_quote(key, 0)}: {_quote(item, depth - 1)}"
            for key, item in list(value.items())[:_ITEMS]
        ]
        pairs += ["..."] if len(value) > _ITEMS else []
        return "{" + ", ".join(pairs) + "}"
    try:
        text = repr(value)
    except Exception:  # a caller's object whose repr fails is still named
        return f"<{type(value).__name__}>"
    return text if len(text) <= _LIMIT * 2 else text[: _LIMIT * 2]
