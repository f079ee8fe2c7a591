"""``apiversion-client demo``: what the library does, in a few screens, offline.

Starts the reference server on the bundled GoodData example at a fixed date
(2020-06-01, after version 5's release) and talks to it as an SDK would.
"""

from __future__ import annotations

import datetime as dt
import textwrap
import warnings
from typing import TextIO

from apiversion_client._exceptions import (
    ApiVersionRemovedError,
    ApiVersionWarning,
    IncompatibleSdkVersionError,
)
from apiversion_client._matrix import CompatibilityMatrix
from apiversion_client._policy import Policy
from apiversion_client.testing import ReferenceServer, example_matrix
from apiversion_client.transports.requests import VersionedSession

__all__ = ["run_demo"]

TODAY = dt.date(2020, 6, 1)
PROJECTS = "/gdc/account/profile/42/projects"
DEBUG = "/gdc/app/projects/42/executeAfm/debug"
_TIMEOUT = 5


def _screen(out: TextIO, number: int, title: str) -> None:
    out.write(f"\n== {number}. {title} " + "=" * max(4, 66 - len(title)) + "\n\n")


def _say(out: TextIO, text: str, indent: str = "  ") -> None:
    for paragraph in text.split("\n"):
        wrapped = textwrap.fill(paragraph, 92, initial_indent=indent, subsequent_indent=indent)
        out.write((wrapped or "") + "\n")


def run_demo(out: TextIO) -> int:
    """Run the demo, writing to ``out``.

    Args:
        out: Where to write the screens.

    Returns:
        The exit code (0).
    """
    path = example_matrix("gooddata")
    matrix = CompatibilityMatrix.load(path)
    out.write(
        "apiversion_client demo: a reference server plays the GoodData API on 127.0.0.1,\n"
        f"as its changelog ({path.name}, bundled) describes it, on {TODAY.isoformat()}.\n"
    )
    with ReferenceServer(matrix, today=TODAY) as server:
        out.write(f"Server: {server.base_url} (profile gooddata)\n")
        _pinning(out, server, matrix)
        _deprecation(out, server)
        _removed(out, server)
        _too_old(out, server, matrix)
    out.write(
        "\nThat is all: pin every request, hear about deprecations once, get typed errors\n"
        "that name the way out, refuse what cannot work.\n"
        "Next: the quickstarts, for application developers and for SDK authors, in the\n"
        "documentation (docs/quickstart-app.md, docs/quickstart-sdk.md in the source\n"
        "tree); every command: apiversion-client --help\n"
    )
    return 0


def _pinning(out: TextIO, server: ReferenceServer, matrix: CompatibilityMatrix) -> None:
    _screen(out, 1, "Pinning")
    session = VersionedSession(
        server.base_url,
        matrix=matrix,
        sdk="gooddata-python",
        sdk_version="0.5",
        today=TODAY,
    )
    out.write(
        "  >>> session = VersionedSession(url, matrix=matrix, sdk='gooddata-python',"
        " sdk_version='0.5')\n"
    )
    out.write(f"  >>> session.api_version\n  {session.api_version}\n")
    response = session.get(PROJECTS, timeout=_TIMEOUT)
    sent = server.requests[-1].header("X-GDC-Version")
    out.write(f"  >>> session.get('{PROJECTS}').json()\n  {response.json()}\n\n")
    _say(
        out,
        f"The request carried X-GDC-Version: {sent}, the newest version SDK 0.5 supports. "
        "Unpinned, the server would serve the oldest version not past its end of life:",
    )
    import requests

    unpinned = requests.get(server.base_url + PROJECTS, timeout=_TIMEOUT).json()
    out.write(f"  (no header) -> version {unpinned['version']}\n")


def _deprecation(out: TextIO, server: ReferenceServer) -> None:
    _screen(out, 2, "A deprecation, said once")
    session = VersionedSession(server.base_url, profile="gooddata", api_version="4", today=TODAY)
    out.write("  >>> session = VersionedSession(url, profile='gooddata', api_version='4')\n")
    out.write(f"  >>> for _ in range(3): session.post('{DEBUG}')\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(3):
            response = session.post(DEBUG, timeout=_TIMEOUT)
    out.write(f"  server said: X-GDC-Deprecated: {response.headers['X-GDC-Deprecated']}\n\n")
    ours = [w for w in caught if issubclass(w.category, ApiVersionWarning)]
    out.write(f"  3 requests, {len(ours)} warning:\n")
    for warning in ours:
        _say(out, f"{warning.category.__name__}: {warning.message}", indent="    ")
    out.write("\n")
    _say(
        out,
        "ApiDeprecationWarning is a FutureWarning, so users see it by default; "
        "`python -W error::FutureWarning` or pytest --apiversion-strict makes CI fail on it.",
    )


def _removed(out: TextIO, server: ReferenceServer) -> None:
    _screen(out, 3, "A removed version is a typed error")
    session = VersionedSession(
        server.base_url,
        profile="gooddata",
        api_version="1",
        today=TODAY,
        policy=Policy(default="collect"),
    )
    out.write("  >>> session = VersionedSession(url, profile='gooddata', api_version='1')\n")
    out.write(f"  >>> session.get('{PROJECTS}')\n")
    try:
        session.get(PROJECTS, timeout=_TIMEOUT)
    except ApiVersionRemovedError as error:
        _say(out, f"{type(error).__name__} (an ApiVersionRemovedError): {error}")
        out.write(
            f"  error.successor = {error.successor!r}, error.request_id = {error.request_id!r},\n"
            f"  error.response.status_code = {error.response.status_code}\n"
        )
    else:  # pragma: no cover - the server always answers 410 here
        out.write("  (unexpected: no error)\n")


def _too_old(out: TextIO, server: ReferenceServer, matrix: CompatibilityMatrix) -> None:
    _screen(out, 4, "An SDK release too old, refused before sending")
    session = VersionedSession(
        server.base_url,
        matrix=matrix,
        sdk="gooddata-python",
        sdk_version="0.2",
        api_version="5",
        today=TODAY,
    )
    out.write(
        "  >>> session = VersionedSession(url, matrix=matrix, sdk='gooddata-python',"
        " sdk_version='0.2', api_version='5')\n"
    )
    out.write(f"  >>> session.get('{PROJECTS}')\n")
    before = server.request_count
    try:
        session.get(PROJECTS, timeout=_TIMEOUT)
    except IncompatibleSdkVersionError as error:
        _say(out, f"IncompatibleSdkVersionError: {error}")
    sent = server.request_count - before
    out.write(f"  requests that reached the server: {sent}\n")
