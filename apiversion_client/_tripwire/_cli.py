"""``apiversion-client tripwire``: check a live API against a matrix's ``[[relies]]`` declarations.

For each declaration (in file order) the command sends one real request to the
API, pinned as a session with the matrix would pin it, and reports whether
the response kept the declaration's promises:

* the resource's ``{placeholders}`` are filled from ``--param name=value``; a
  declaration with a placeholder left unfilled is skipped, saying which;
* only the methods of ``--methods`` are sent (default ``GET``: a live API is
  never written to unless asked); other declarations are skipped;
* a declaration whose version range does not hold the pin is skipped;
* each declared request limit is sent at its ``max`` (``?limit=1000``), so
  that a reduced limit shows.

Exit codes, as the other commands: 0 every promise held; 1 a promise broken
(a breaking change, the tripwire's warning); 2 an error: bad input, the API
unreachable or rejecting the version, or nothing checked at all.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote, urlencode, urlsplit

from apiversion_client._notices import NoticeKind
from apiversion_client._templates import compile_template
from apiversion_client._tripwire._model import Reliance, Tripwire

if TYPE_CHECKING:
    import argparse

    from apiversion_client._matrix import CompatibilityMatrix

__all__ = ["add_arguments", "run"]

_PLACEHOLDER = re.compile(r"\{([^/{}]*)\}")
_PARAM = re.compile(r"([A-Za-z_][A-Za-z0-9_.-]*)=(.*)", re.DOTALL)


class TripwireUsageError(Exception):
    """Bad input: the command line reports it on stderr, exit code 2."""


def add_arguments(parser: argparse.ArgumentParser, seconds: Any) -> None:
    """Add the command's arguments to its parser.

    Args:
        parser: The ``tripwire`` subcommand's parser.
        seconds: The command line's type for a positive number of seconds.
    """
    parser.add_argument("matrix", help="the matrix file with [[relies]] declarations")
    parser.add_argument("base_url", help="the API's base URL (http or https)")
    parser.add_argument("--profile", help="a built-in profile (default: the matrix's)")
    parser.add_argument("--api-version", help="the version to pin (default: the matrix's)")
    parser.add_argument("--sdk", help="the SDK's name in the matrix")
    parser.add_argument("--sdk-version", help="the SDK release whose default pin to use")
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a value for the {NAME} placeholder of resources (repeatable)",
    )
    parser.add_argument(
        "--methods",
        default="GET",
        help="the methods to send, comma-separated (default: GET; a live API is not written to)",
    )
    parser.add_argument("--timeout", type=seconds, default=10.0, help="seconds (default: 10)")
    parser.add_argument("--json", action="store_true", help="print JSON")


def _params(values: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for value in values:
        match = _PARAM.fullmatch(value)
        if match is None:
            raise TripwireUsageError(f"--param takes NAME=VALUE, got {value!r}")
        found[match.group(1)] = match.group(2)
    return found


def _target(reliance: Reliance, params: dict[str, str]) -> tuple[str, str] | str:
    """``(method, path with query)``, or why the declaration cannot be sent."""
    method, _, path = reliance.resource.partition(" ")
    if not path:
        method, path = "GET", method
    missing = [name for name in _PLACEHOLDER.findall(path) if name not in params]
    if missing:
        flags = " ".join(f"--param {name}=..." for name in missing)
        return f"no value for {', '.join('{' + name + '}' for name in missing)} (pass {flags})"
    # A value fills one path segment: "/", "?" and "#" in it are percent-encoded.
    filled = _PLACEHOLDER.sub(lambda m: quote(params[m.group(1)], safe=""), path)
    query = urlencode([(limit.parameter, str(limit.max)) for limit in reliance.limits])
    return method.upper(), filled + (f"?{query}" if query else "")


def run(args: argparse.Namespace, out: TextIO, matrix: CompatibilityMatrix) -> int:
    """Run the command (see the module documentation).

    Args:
        args: The parsed arguments.
        out: Where to print.
        matrix: The loaded matrix.

    Returns:
        The exit code.

    Raises:
        TripwireUsageError: Bad input, or the API cannot be reached.
    """
    import requests

    from apiversion_client._exceptions import ApiVersionError
    from apiversion_client._policy import Policy
    from apiversion_client.transports.requests import VersionedSession

    if not matrix.relies:
        raise TripwireUsageError(f"{args.matrix}: no [[relies]] declarations to check")
    try:
        parts = urlsplit(args.base_url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as error:
        raise TripwireUsageError(f"not a valid URL: {args.base_url!r} ({error})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise TripwireUsageError(f"not an absolute http(s) URL: {args.base_url!r}")
    params = _params(args.param)
    methods = {m.strip().upper() for m in args.methods.split(",") if m.strip()}
    try:
        session = VersionedSession(
            args.base_url,
            profile=args.profile,
            matrix=matrix,
            api_version=args.api_version,
            sdk=args.sdk,
            sdk_version=args.sdk_version,
            policy=Policy(default="collect", once=False),
            relies=Tripwire(),  # the matrix's, every body read
        )
    except (ValueError, ApiVersionError) as error:
        raise TripwireUsageError(str(error)) from None
    pin = session.negotiator.pin
    rows: list[dict[str, Any]] = []
    with session:
        for index, reliance in enumerate(matrix.relies):
            rows.append(
                _check_one(session, index, reliance, params, methods, pin, args.timeout, requests)
            )
    checked = [row for row in rows if row["result"] in ("kept", "broken")]
    errors = [row for row in rows if row["result"] == "error"]
    broken = [row for row in rows if row["result"] == "broken"]
    code = 2 if errors or not checked else (1 if broken else 0)
    verdict = ("ok", "broken", "error")[code]
    if args.json:
        report = {
            "base_url": args.base_url,
            "api_version": pin.text if pin else None,
            "declarations": rows,
            "verdict": verdict,
            "exit_code": code,
        }
        out.write(json.dumps(report, indent=2) + "\n")
        return code
    name = matrix.api_name or args.matrix
    pinned = f"API version {pin.text}" if pin else "unpinned"
    out.write(f"{name} at {args.base_url} ({pinned}): {len(rows)} declarations\n")
    for row in rows:
        label = {"kept": "kept", "broken": "BROKEN", "skipped": "skipped", "error": "ERROR"}
        request = f"{row['method']} {row['path']}" if row["path"] else row["resource"]
        status = f" -> {row['status']}" if row["status"] is not None else ""
        out.write(f"  {label[row['result']]:<8} {request}{status}\n")
        for message in row["messages"]:
            out.write(f"           {message}\n")
    counts = ", ".join(
        f"{sum(1 for r in rows if r['result'] == result)} {result}"
        for result in ("kept", "broken", "skipped", "error")
    )
    out.write(f"{counts}: {verdict.upper()}\n")
    return code


def _check_one(
    session: Any,
    index: int,
    reliance: Reliance,
    params: dict[str, str],
    methods: set[str],
    pin: Any,
    timeout: float,
    requests: Any,
) -> dict[str, Any]:
    from apiversion_client._exceptions import ApiVersionError

    row: dict[str, Any] = {
        "index": index,
        "resource": reliance.resource,
        "versions": str(reliance.versions),
        "method": None,
        "path": None,
        "status": None,
        "result": "skipped",
        "breaking_changes": [],
        "messages": [],
    }
    if pin not in reliance.versions:
        row["messages"].append(
            f"declared for versions {reliance.versions}, not for the pin {pin.text if pin else '-'}"
        )
        return row
    target = _target(reliance, params)
    if isinstance(target, str):
        row["messages"].append(target)
        return row
    method, path = target
    row["method"], row["path"] = method, path
    if method not in methods:
        row["messages"].append(f"{method} is not sent (--methods {','.join(sorted(methods))})")
        return row
    negotiator = session.negotiator
    try:
        named = negotiator.prepare(method, negotiator.resolve(path), ()).resource
    except ApiVersionError:
        named = None  # refused before sending: the request below says so, as an error row
    declared_method, _, declared_path = compile_template(reliance.resource)
    declared = f"{declared_method or method} {declared_path}"
    if named is not None and named != declared:
        # The declaration would not apply to this request: "kept" would be a guess.
        row["messages"].append(f"{method} {path} is not {declared} (named {named}): not checked")
        return row
    try:
        response = session.request(method, path, timeout=timeout)
    except ApiVersionError as error:
        row["result"] = "error"
        row["messages"].append(f"{type(error).__name__}: {error}")
        return row
    except (requests.RequestException, ValueError) as failed:
        raise TripwireUsageError(f"could not reach {session.base_url}: {failed}") from None
    row["status"] = response.status_code
    found = [n for n in response.api_notices if n.kind is NoticeKind.BREAKING_CHANGE]
    response.close()
    row["result"] = "broken" if found else "kept"
    row["breaking_changes"] = [n.detail for n in found]
    row["messages"] = [n.message for n in found]
    return row
