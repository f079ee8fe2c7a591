"""Building frozen attrs values on hot paths without attrs' generated ``__init__``.

attrs' ``__init__`` of a frozen, slotted class fills each field through a bound
``object.__setattr__`` (plain assignment is refused); a parser that builds a
value per header pays for it on every response.  :func:`slot_setters` hands out
the ``__set__`` of each field's slot instead: the same slots get the same
values, in about half the time.  It refuses, at import time, a class it cannot
build that way: one whose slots are not exactly the fields named (a cached hash
adds a slot), or with a converter or a validator that attrs' ``__init__`` would
apply and a direct build would skip.  A direct build sets every field: defaults
are not applied.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

__all__ = ["slot_setters"]


def slot_setters(cls: type, *names: str) -> tuple[Callable[[Any, Any], None], ...]:
    """The slot setters of ``cls``'s fields, in the order named.

    Args:
        cls: A frozen, slotted attrs class with plain fields.
        names: All of its field names, in definition order.

    Returns:
        One ``setter(instance, value)`` per name.

    Raises:
        TypeError: ``cls`` cannot be built field by field (see the module
            documentation), or ``names`` are not exactly its fields.
    """
    if not attrs.has(cls):
        raise TypeError(f"{cls.__name__} is not an attrs class")
    fields = attrs.fields(cls)
    if tuple(field.name for field in fields) != names:
        raise TypeError(f"{cls.__name__}: fields are {[f.name for f in fields]}, not {names}")
    for field in fields:
        if field.converter is not None or field.validator is not None:
            raise TypeError(f"{cls.__name__}.{field.name} has a converter or a validator")
    slots = set(cls.__dict__.get("__slots__", ())) - {"__weakref__"}
    if slots != set(names):
        raise TypeError(f"{cls.__name__}: slots {sorted(slots)} are not its fields")
    setters = []
    for name in names:
        descriptor = cls.__dict__[name]
        if type(descriptor).__name__ != "member_descriptor":
            raise TypeError(f"{cls.__name__}.{name} is not a plain slot")
        setters.append(descriptor.__set__)
    return tuple(setters)
