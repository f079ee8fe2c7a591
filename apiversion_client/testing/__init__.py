"""Testing helpers for SDK authors and application developers (public API).

* :class:`ReferenceServer`: a real HTTP server on 127.0.0.1 that behaves as the
  versioned API a compatibility matrix describes (pinning, echo, deprecation
  signals, removed and unknown versions, time travel with ``today``).
* :class:`NoticeCollector`: a context manager that collects every notice the
  library reports, from any session.
* :func:`example_matrix`: the bundled example matrices (GoodData, Cognite).

The pytest plugin (``apiversion_client.testing.pytest_plugin``) is loaded by
pytest automatically; see its documentation for ``--apiversion-strict`` and
the ``api_notices`` fixture.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from apiversion_client.testing._collector import NoticeCollector
from apiversion_client.testing._server import RecordedRequest, ReferenceServer

__all__ = ["EXAMPLES", "NoticeCollector", "RecordedRequest", "ReferenceServer", "example_matrix"]

#: The names of the bundled example matrices.
EXAMPLES: tuple[str, ...] = ("gooddata", "cognite")


def example_matrix(name: str) -> Path:
    """The path of a bundled example matrix file (shipped in the wheel).

    Args:
        name: ``"gooddata"`` or ``"cognite"``.

    Returns:
        The path of the TOML file.

    Raises:
        ValueError: No bundled example has that name.
    """
    if name not in EXAMPLES:
        raise ValueError(f"no bundled example {name!r}; bundled: {', '.join(EXAMPLES)}")
    return Path(str(resources.files(__name__).joinpath("data", f"{name}.toml")))
