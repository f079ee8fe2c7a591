"""The breaking-change tripwire: what an SDK relies on, and noticing when the API breaks it.

The parts, each in a module of its own:

* :mod:`._paths`: field paths (``items[].id``), parsed once;
* :mod:`._model`: the declarations (:class:`Reliance`, :class:`SortOrder`,
  :class:`RequestLimit`, :class:`VersionRange`), the settings
  (:class:`Tripwire`) and what checks find (:class:`BreakingChange` of a
  :class:`Breakage` category);
* :mod:`._check`: the pure, bounded checks (:func:`check`, :func:`read_body`);
* :mod:`._load`: the matrix's ``[[relies]]`` tables, read and written back;
* :mod:`._validate`: suspicious declarations in a matrix (``validate()``);
* :mod:`._watch`: the core's side: which responses, how much body, which notices;
* :mod:`._openapi`: declarations derived from an OpenAPI document;
* :mod:`._cli`: ``apiversion-client tripwire``, a live API against the declarations.

No I/O here but in :mod:`._cli`, which sends the requests it is asked to.
"""

from __future__ import annotations

from apiversion_client._tripwire._check import NOT_READ, NotJson, check, read_body
from apiversion_client._tripwire._model import (
    DEFAULT_MAX_BODY,
    DEFAULT_MAX_ITEMS,
    MAX_BODY_BOUND,
    Breakage,
    BreakingChange,
    Reliance,
    RequestLimit,
    SortOrder,
    Tripwire,
    VersionRange,
)
from apiversion_client._tripwire._paths import FieldPath

__all__ = [
    "DEFAULT_MAX_BODY",
    "DEFAULT_MAX_ITEMS",
    "MAX_BODY_BOUND",
    "NOT_READ",
    "Breakage",
    "BreakingChange",
    "FieldPath",
    "NotJson",
    "Reliance",
    "RequestLimit",
    "SortOrder",
    "Tripwire",
    "VersionRange",
    "check",
    "read_body",
]
