"""Field paths: where in a JSON body the SDK reads a value.

The syntax is the one SDK authors write in a matrix file:

* ``name`` reads the member ``name`` of an object; ``a.b.c`` walks members;
* ``name[]`` reads the array ``name`` and goes on in *every* item of it:
  ``items[].id`` is "the member ``id`` of every item of ``items``";
* a path may start with ``[]`` for a body that is an array itself: ``[].id``;
* ``a[][]`` walks an array of arrays.

Member names are any text without ``.``, ``[`` and ``]``, spaces and
control characters (JSON keys such as ``@type``, ``$ref`` or ``x-total`` are
fine).  A path is at most :data:`MAX_STEPS` steps.
"""

from __future__ import annotations

import re
from typing import Any, Final

import attrs

__all__ = ["EVERY", "MAX_STEPS", "FieldPath", "Step", "describe_value", "show"]

#: The step that means "every item of this array".
EVERY: Final = 0
#: The most steps a path may have.
MAX_STEPS: Final = 32

#: One step: a member name, or :data:`EVERY`.
Step = str | int

_NAME = re.compile(r"[^.\[\]\s\x00-\x1f\x7f]+")


def _parse(text: str) -> tuple[Step, ...]:
    if not isinstance(text, str):
        raise TypeError(f"a field path is a string ('items[].id'), got {text!r}")
    if not text:
        raise ValueError("a field path must not be empty")
    steps: list[Step] = []
    position, end = 0, len(text)
    while position < end:
        if text.startswith("[]", position):
            steps.append(EVERY)
            position += 2
        else:
            if steps:
                if text[position] != ".":
                    raise ValueError(
                        f"not a field path: {text!r} (expected '.' or '[]' at {position})"
                    )
                position += 1
            match = _NAME.match(text, position)
            if match is None:
                raise ValueError(
                    f"not a field path: {text!r} (a member name expected at {position}; "
                    "names hold no '.', '[', ']' or spaces)"
                )
            steps.append(match.group())
            position = match.end()
        if len(steps) > MAX_STEPS:
            raise ValueError(f"not a field path: {text!r} (more than {MAX_STEPS} steps)")
    return tuple(steps)


@attrs.frozen(order=False)
class FieldPath:
    """A parsed field path (see the module documentation for the syntax).

    ``str(path)`` gives the text back.  Comparisons with other types return
    ``NotImplemented``; two paths are equal when their text is.

    Attributes:
        text: The path as written.
        steps: Member names, and :data:`EVERY` for each ``[]``.

    Raises:
        ValueError: The text is not a field path; the message quotes it.
    """

    text: str
    steps: tuple[Step, ...] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "steps", _parse(self.text))

    @classmethod
    def of(cls, value: FieldPath | str) -> FieldPath:
        """A path from its text, or the path itself."""
        return value if isinstance(value, FieldPath) else cls(value)

    def __str__(self) -> str:
        return self.text

    @property
    def lists(self) -> int:
        """How many ``[]`` the path holds."""
        return sum(1 for step in self.steps if not isinstance(step, str))

    def split_at_last_list(self) -> tuple[tuple[Step, ...], tuple[Step, ...]]:
        """The steps to the path's last array, and the steps inside each of its items.

        For a sort order: ``items[].created`` is ``(("items",), ("created",))``;
        ``items[].points[].t`` is ``(("items", EVERY, "points"), ("t",))``: the
        points of every item are in order by ``t``.

        Raises:
            ValueError: The path holds no ``[]``.
        """
        if not self.lists:
            raise ValueError(
                f"a sort field names an array and a member of its items, "
                f"e.g. 'items[].createdTime': {self.text!r}"
            )
        index = max(i for i, step in enumerate(self.steps) if not isinstance(step, str))
        return self.steps[:index], self.steps[index + 1 :]


def describe_value(value: Any) -> str:
    """The JSON type of a value, for messages: ``an object``, ``null``, ``an array``..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    return "a number"


def show(steps: tuple[Step, ...], indexes: tuple[int, ...] = ()) -> str:
    """Write steps back as text, with the item indexes of a concrete value (``items[3].id``)."""
    out: list[str] = []
    numbers = iter(indexes)
    for step in steps:
        if isinstance(step, str):
            out.append(f".{step}" if out else step)
        else:
            index = next(numbers, None)
            out.append("[]" if index is None else f"[{index}]")
    return "".join(out) or "the body"
