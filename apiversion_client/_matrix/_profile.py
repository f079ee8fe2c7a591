"""The profile a matrix names: ``[api] profile`` or a ``[profile]`` table, checked on load.

A bad profile must fail where the SDK's CI loads the matrix, not later when a
session is built: the loader calls :func:`check_profile`, which asks the same
functions the session does (:func:`apiversion_client.profiles.get` and
:meth:`~apiversion_client.profiles.Profile.from_dict`).
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Mapping
from typing import Any, NoReturn

from apiversion_client._matrix._text import quote

__all__ = ["check_profile", "unknown_profile_message"]

_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\[[0-9]+\])?", re.ASCII)


def unknown_profile_message(name: str) -> str | None:
    """Say why a name is not a built-in profile, or ``None`` when it is one.

    Args:
        name: The name (any case, as :func:`apiversion_client.profiles.get` takes it).

    Returns:
        ``None``, or the problem: the name, a close match and every built-in
        profile (read from :data:`apiversion_client.profiles.BUILTIN`).
    """
    from apiversion_client import profiles

    try:
        profiles.get(name)
    except ValueError:
        builtin = list(profiles.BUILTIN)
        close = difflib.get_close_matches(name.strip().lower(), builtin, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return f"unknown profile {quote(name)}{hint} (built-in profiles: {', '.join(builtin)})"
    return None


def check_profile(
    name: str | None,
    table: Mapping[str, Any] | None,
    fail: Callable[[str, str], NoReturn],
) -> None:
    """Check ``[api] profile`` and the ``[profile]`` table as a session would read them.

    Args:
        name: The ``[api] profile`` name, if any.
        table: The ``[profile]`` table, if any.
        fail: Raises the loader's error for a key path and a problem.
    """
    if name is not None:
        problem = unknown_profile_message(name)
        if problem is not None:
            fail("api.profile", problem)
    if table is None:
        return
    from apiversion_client import profiles

    for key in table:
        if not isinstance(key, str):
            fail("profile", f"unknown key {quote(key)}: keys are names")
    try:
        profiles.Profile.from_dict(table)
    except profiles._ProfileKeyError as error:  # the package's own error: key and problem
        key = error.key if _KEY.fullmatch(error.key) else json.dumps(error.key)
        fail(f"profile.{key}", error.problem)
    except (TypeError, ValueError) as error:
        fail("profile", str(error))
