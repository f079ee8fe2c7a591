"""The ``apiversion-client`` command line (also ``python -m apiversion_client``).

Commands: ``check``, ``validate``, ``table``, ``timeline``, ``schema``,
``probe``, ``tripwire``, ``serve``, ``report merge`` and ``demo``; ``apiversion-client
COMMAND --help`` shows each one's options with an example.  Exit codes: 0
fine, 1 a warning (deprecated, ending soon, suspicious data), 2 an error
(ended, incompatible, rejected) or bad input; bad input is explained on
stderr without a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from apiversion_client._exceptions import (
    ApiVersionError,
    IncompatibleSdkVersionError,
    MatrixError,
)
from apiversion_client._matrix import CompatibilityMatrix, Status, render_json, render_markdown

__all__ = ["main"]

PROG = "apiversion-client"


class UsageError(Exception):
    """Bad input from the command line: reported on stderr, exit code 2."""


def _count(n: int, noun: str) -> str:
    """``1 error``, ``2 errors``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (expected YYYY-MM-DD)") from None


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"not a positive integer: {text!r}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value < 1e9:  # nan, inf and 1e400 (inf) are no timeout a socket takes
        raise argparse.ArgumentTypeError(f"not a positive number of seconds: {text!r}")
    return value


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}")
    return int(text)


def load_matrix(path: str) -> CompatibilityMatrix:
    """Load a matrix file, turning every failure into a :class:`UsageError`."""
    try:
        return CompatibilityMatrix.load(path)
    except MatrixError as error:
        raise UsageError(str(error)) from None
    except OSError as error:
        raise UsageError(f"{path}: cannot read: {error.strerror or error}") from None


def _check_sdk(matrix: CompatibilityMatrix, sdk: str | None) -> None:
    if sdk is not None and sdk not in matrix.sdk_names:
        known = ", ".join(matrix.sdk_names) or "none"
        raise UsageError(f"unknown SDK {sdk!r}; the matrix names: {known}")


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


# ------------------------------------------------------------------- check


def _cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    matrix = load_matrix(args.matrix)
    _check_sdk(matrix, args.sdk)
    on: dt.date = args.on or _today()
    try:
        supported = matrix.supported_by(args.sdk_version, sdk=args.sdk, on=on)
    except ValueError as error:
        raise UsageError(str(error)) from None
    default: str | None = None
    problems: list[tuple[int, str]] = []
    try:
        default = str(matrix.default_for(args.sdk_version, sdk=args.sdk, on=on))
    except IncompatibleSdkVersionError as error:
        problems.append((2, str(error)))
    rows: list[dict[str, Any]] = []
    for version in supported:
        info = matrix.get(version)
        assert info is not None  # supported_by only returns versions of the matrix
        days = (info.end_of_life - on).days if info.end_of_life else None
        rows.append(
            {
                "version": str(version),
                "status": matrix.status(version, on=on).value,
                "end_of_life": info.end_of_life.isoformat() if info.end_of_life else None,
                "estimated": info.end_of_life_estimated,
                "days_left": days,
            }
        )
    subject = args.api_version or default
    if subject is not None:
        problems += _judge(matrix, subject, args, on)
    code = max((level for level, _ in problems), default=0)
    verdict = ("ok", "warning", "error")[code]
    if args.json:
        report = {
            "sdk": args.sdk,
            "sdk_version": args.sdk_version,
            "on": on.isoformat(),
            "supported": rows,
            "default": default,
            "api_version": subject,
            "verdict": verdict,
            "exit_code": code,
            "messages": [message for _, message in problems],
        }
        out.write(json.dumps(report, indent=2) + "\n")
        return code
    who = f"{args.sdk} {args.sdk_version}" if args.sdk else f"SDK {args.sdk_version}"
    out.write(f"{who} on {on.isoformat()} ({matrix.api_name or args.matrix})\n")
    if rows:
        out.write("\n" + _support_table(rows))
    else:
        out.write("\n  supports no API version available on this date\n")
    out.write(f"\n  default pin: {default or '(none)'}\n")
    if args.api_version:
        out.write(f"  checked pin: {args.api_version}\n")
    out.write("\n")
    for level, message in problems:
        out.write(f"{('ok', 'warning', 'error')[level]}: {message}\n")
    out.write(f"{verdict.upper()}\n")
    return code


def _support_table(rows: list[dict[str, Any]]) -> str:
    """The supported versions as aligned columns: each as wide as its longest cell, plus two."""
    lines = [("Version", "Status", "End of life")]
    for row in rows:
        end = str(row["end_of_life"] or "-")
        if row["days_left"] is not None:
            end += f" (in {row['days_left']} days)"
        if row["estimated"]:
            end += ", estimated"
        lines.append((row["version"], row["status"], end))
    # At least the widths of old (14 and 12), so that short versions line up as before.
    width_version = max(14, *(len(line[0]) + 2 for line in lines))
    width_status = max(12, *(len(line[1]) + 2 for line in lines))
    return "".join(
        f"  {version:<{width_version}}{status:<{width_status}}{end}".rstrip() + "\n"
        for version, status, end in lines
    )


def _judge(
    matrix: CompatibilityMatrix, version: str, args: argparse.Namespace, on: dt.date
) -> list[tuple[int, str]]:
    try:
        info = matrix.get(version)
    except ValueError as error:
        raise UsageError(str(error)) from None
    if info is None:
        known = ", ".join(str(i.version) for i in matrix.versions)
        raise UsageError(f"API version {version!r} is not in the matrix (versions: {known})")
    found: list[tuple[int, str]] = []
    if not matrix.sdk_supports(info.version, args.sdk_version, sdk=args.sdk):
        spec = matrix.compatible_sdk_releases(info.version, sdk=args.sdk)
        needs = f"; it needs {spec}" if spec is not None and str(spec) else ""
        found.append((2, f"SDK {args.sdk_version} does not support API version {version}{needs}"))
    status = matrix.status(info.version, on=on)
    end = info.end_of_life
    if status is Status.REMOVED:
        when = f" on {end.isoformat()}" if end else ""
        found.append((2, f"API version {version} reached its end of life{when}"))
    elif status is Status.DEPRECATED:
        when = f"; it ends on {end.isoformat()}" if end else ""
        found.append((1, f"API version {version} is deprecated{when}"))
    elif end is not None and (end - on).days <= args.warn_days:
        found.append(
            (1, f"API version {version} ends on {end.isoformat()}, in {(end - on).days} days")
        )
    return found


# ---------------------------------------------------------------- validate


def _cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    matrix = load_matrix(args.matrix)
    findings = matrix.validate()
    errors = [f for f in findings if f.severity == "error"]
    warnings = [f for f in findings if f.severity == "warning"]
    code = 1 if errors or (args.strict and warnings) else 0
    if args.json:
        items = [
            {
                "source": f.source,
                "key_path": f.key_path,
                "severity": f.severity,
                "message": f.message,
            }
            for f in findings
        ]
        out.write(json.dumps({"findings": items, "exit_code": code}, indent=2) + "\n")
        return code
    for finding in findings:
        out.write(f"{finding.source or args.matrix}: {finding.key_path}: ")
        out.write(f"{finding.severity}: {finding.message}\n")
    versions = len(matrix.versions)
    out.write(
        f"{args.matrix}: {_count(versions, 'version')}, {_count(len(errors), 'error')}, "
        f"{_count(len(warnings), 'warning')}\n"
    )
    return code


# ------------------------------------------------------------ table, timeline


def _cmd_table(args: argparse.Namespace, out: TextIO) -> int:
    matrix = load_matrix(args.matrix)
    _check_sdk(matrix, args.sdk)
    if args.format == "json":
        out.write(render_json(matrix))
    else:
        out.write(render_markdown(matrix, sdk=args.sdk, on=args.on))
    return 0


def _cmd_timeline(args: argparse.Namespace, out: TextIO) -> int:
    from apiversion_client._timeline import render_timeline_svg

    matrix = load_matrix(args.matrix)
    _check_sdk(matrix, args.sdk)
    svg = render_timeline_svg(matrix, on=args.on, sdk=args.sdk)
    if args.output in (None, "-"):
        out.write(svg)
        return 0
    try:
        with open(args.output, "w", encoding="utf-8") as file:
            file.write(svg)
    except OSError as error:
        raise UsageError(f"{args.output}: cannot write: {error.strerror or error}") from None
    print(f"wrote {args.output} ({len(matrix.versions)} versions)", file=out)
    return 0


# ------------------------------------------------------------------ schema


SCHEMA_NAME = "matrix.schema.json"


def _cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    from importlib.resources import files

    text = files("apiversion_client").joinpath("schema", SCHEMA_NAME).read_text(encoding="utf-8")
    if args.output in (None, "-"):
        out.write(text)
        return 0
    import os

    target = args.output
    if os.path.isdir(target):
        target = os.path.join(target, SCHEMA_NAME)
    try:
        with open(target, "w", encoding="utf-8") as file:
            file.write(text)
    except OSError as error:
        raise UsageError(f"{target}: cannot write: {error.strerror or error}") from None
    print(f"wrote {target}", file=out)
    return 0


# ------------------------------------------------------------------- probe


def _cmd_probe(args: argparse.Namespace, out: TextIO) -> int:
    import re
    from urllib.parse import urlsplit

    import requests

    from apiversion_client._core._messages import shown
    from apiversion_client._exceptions import UnsupportedApiVersionError
    from apiversion_client._policy import Policy
    from apiversion_client.profiles import get as get_profile
    from apiversion_client.transports.requests import VersionedSession

    try:
        profile = get_profile(args.profile)
        parts = urlsplit(args.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an absolute http(s) URL: {args.url!r}")
        _ = parts.port  # raises on a bad port
    except ValueError as bad:
        raise UsageError(str(bad)) from None
    base = f"{parts.scheme}://{parts.netloc}"
    pin = args.api_version
    if pin is None and profile.path:
        before, _, after = profile.path.partition("{version}")
        found = re.match(re.escape(before) + r"([^/]+)" + re.escape(after), parts.path)
        pin = found.group(1) if found else None
    collect = Policy(default="collect")
    try:
        session = VersionedSession(base, profile=profile, api_version=pin, policy=collect)
    except ValueError:  # nothing to pin: probe what the server serves unpinned
        bare = profile.evolve(header=None, query=None, path=None, media_type=None)
        session = VersionedSession(base, profile=bare.evolve(request_headers=()), policy=collect)
    error: UnsupportedApiVersionError | None = None
    response: Any
    try:
        with session:
            response = session.request(
                args.method.upper(), args.url, timeout=args.timeout, api_version=args.api_version
            )
    except UnsupportedApiVersionError as rejected:
        error, response = rejected, rejected.response
    except (requests.RequestException, ValueError) as failed:
        raise UsageError(f"could not reach {args.url}: {failed}") from None
    signals = response.api_signals
    notices = response.api_notices
    where = _pin_location(profile)
    report: dict[str, Any] = {
        "url": args.url,
        "method": args.method.upper(),
        "status": response.status_code,
        "pinned": response.api_version,
        "pinned_in": where if response.api_version else None,
        "served": signals.served_version,
        "deprecated": signals.deprecated,
        "deprecation": signals.deprecation.isoformat() if signals.deprecation else None,
        "sunset": signals.sunset.isoformat() if signals.sunset else None,
        "successor": signals.successor_version
        or signals.successor_link
        or (error.successor if error else None),
        "links": [
            link.target + " (" + ", ".join(sorted(link.rels)) + ")" for link in signals.links
        ],
        "warnings": [f'{w.code} {w.agent} "{w.text}"' for w in signals.warnings],
        "supported": list(signals.supported_versions),
        "request_id": response.api_request_id,
        "problems": [f"{p.header}: {p.message} ({p.value!r})" for p in signals.problems],
        "notices": [notice.message for notice in notices],
        "error": f"{type(error).__name__}: {error}" if error else None,
    }
    code = 2 if error else (1 if signals.deprecated or signals.sunset else 0)
    report["exit_code"] = code
    if args.json:
        out.write(json.dumps(report, indent=2) + "\n")
        return code
    # Text mode writes to a terminal: what the server sent is shown with its
    # control characters escaped (JSON mode escapes them itself).
    reason = shown(str(response.reason or ""))
    out.write(shown(f"{report['method']} {args.url}") + f" -> {response.status_code} {reason}\n")
    labels = [
        ("pinned", f"{report['pinned']} ({where})" if report["pinned"] else "(none)"),
        ("served", report["served"] or "(not said)"),
        ("deprecated", "yes" if signals.deprecated else "no"),
        ("deprecation", report["deprecation"]),
        ("sunset", report["sunset"]),
        ("successor", report["successor"]),
        ("links", "; ".join(report["links"])),
        ("warnings", "; ".join(report["warnings"])),
        ("supported", ", ".join(report["supported"])),
        ("request id", report["request_id"]),
        ("problems", "; ".join(report["problems"]) or "none"),
    ]
    for label, value in labels:
        if value:
            out.write(f"  {label:<12}{shown(str(value))}\n")
    for message in report["notices"]:
        out.write(f"  notice      {shown(message)}\n")
    if error is not None:
        out.write(f"  error       {shown(report['error'])}\n")
    return code


def _pin_location(profile: Any) -> str:
    if profile.header:
        return f"header {profile.header}"
    if profile.query:
        return f"query parameter {profile.query}"
    if profile.path:
        return f"path {profile.path}"
    if profile.media_type:
        return f"Accept parameter {profile.media_type}"
    return "not pinned"


# ---------------------------------------------------------------- tripwire


def _cmd_tripwire(args: argparse.Namespace, out: TextIO) -> int:
    from apiversion_client._tripwire._cli import TripwireUsageError, run

    matrix = load_matrix(args.matrix)
    try:
        return run(args, out, matrix)
    except TripwireUsageError as error:
        raise UsageError(str(error)) from None


# ------------------------------------------------------------- serve, demo


def _cmd_serve(args: argparse.Namespace, out: TextIO) -> int:
    from apiversion_client.testing import ReferenceServer

    matrix = load_matrix(args.matrix)
    try:
        server = ReferenceServer(matrix, args.profile, port=args.port, today=args.today)
    except ValueError as error:
        raise UsageError(str(error)) from None
    try:
        server.start()
    except OSError as error:
        raise UsageError(f"cannot listen on 127.0.0.1:{args.port}: {error.strerror}") from None
    deadline = time.monotonic() + args.duration if args.duration else None
    limit = f"; stops after {args.max_requests} requests" if args.max_requests else ""
    limit += f"; stops after {args.duration:g} s" if args.duration else ""
    print(
        f"Serving {matrix.api_name or args.matrix} (profile {server.profile.name}) on "
        f"{server.base_url}; today is {server.today.isoformat()}{limit}. Ctrl-C stops.",
        file=out,
        flush=True,
    )
    shown = 0
    try:
        while True:
            server.wait_for_requests(shown + 1, timeout=0.2)
            log = server.requests
            new = server.request_count - shown
            for request in log[len(log) - min(new, len(log)) :]:
                served = f" (version {request.served_version})" if request.served_version else ""
                print(f"{request.method} {request.path} -> {request.status}{served}", file=out)
            if new:
                out.flush()
            shown += new
            if args.max_requests and shown >= args.max_requests:
                break
            if deadline is not None and time.monotonic() >= deadline:
                break
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    print(f"Stopped after {shown} requests.", file=out, flush=True)
    return 0


# ------------------------------------------------------------------ report


def _cmd_report_merge(args: argparse.Namespace, out: TextIO) -> int:
    from apiversion_client._telemetry_report import ReportError, report_command

    try:
        return report_command(
            args.reports,
            service=args.service,
            as_json=args.json,
            on=args.on or _today(),
            out=out,
            output=args.output,
        )
    except ReportError as error:
        raise UsageError(str(error)) from None
    except OSError as error:
        name = error.filename or "report"
        doing = "write" if name == args.output else "read"
        raise UsageError(f"{name}: cannot {doing}: {error.strerror or error}") from None


def _cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    from apiversion_client.testing._demo import run_demo

    return run_demo(out)


# ------------------------------------------------------------------ parser


def _command(
    subparsers: Any, name: str, summary: str, example: str, handler: Callable[..., int]
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name,
        help=summary,
        description=summary,
        epilog=f"example:\n  {example}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(handler=handler)
    return parser


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the command line."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Keep an SDK and the versioned REST API it talks to in step.",
        epilog="example:\n  apiversion-client demo\n\n"
        "exit codes: 0 fine, 1 a warning, 2 an error or bad input",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    from apiversion_client import __version__

    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check = _command(
        sub,
        "check",
        "What an SDK release supports, its default pin, and how long each version lasts.",
        "apiversion-client check apiversions.toml --sdk gooddata-python --sdk-version 0.4",
        _cmd_check,
    )
    check.add_argument("matrix", help="the matrix file (TOML or JSON)")
    check.add_argument("--sdk-version", required=True, help="the SDK release (PEP 440)")
    check.add_argument("--sdk", help="the SDK's name in the matrix (needed if it names several)")
    check.add_argument("--api-version", help="check this pin instead of the default one")
    check.add_argument("--on", type=_date, help="the date to check on (default: today, UTC)")
    check.add_argument(
        "--warn-days",
        type=int,
        default=90,
        help="warn when the pin ends within this many days (default: 90)",
    )
    check.add_argument("--json", action="store_true", help="print JSON")

    validate = _command(
        sub,
        "validate",
        "Load a matrix and report suspicious data with its key path (exit 1 on errors).",
        "apiversion-client validate apiversions.toml",
        _cmd_validate,
    )
    validate.add_argument("matrix", help="the matrix file (TOML or JSON)")
    validate.add_argument("--strict", action="store_true", help="warnings fail too")
    validate.add_argument("--json", action="store_true", help="print JSON")

    table = _command(
        sub,
        "table",
        "Print the documentation tables (current, removed, changelog).",
        "apiversion-client table apiversions.toml --sdk gooddata-js > docs/versions.md",
        _cmd_table,
    )
    table.add_argument("matrix", help="the matrix file (TOML or JSON)")
    table.add_argument("--sdk", help="show only this SDK's releases")
    table.add_argument("--format", choices=("markdown", "json"), default="markdown")
    table.add_argument("--on", type=_date, help="the date that decides what is current")

    timeline = _command(
        sub,
        "timeline",
        "Draw each version's life (released, deprecated, end of life, today) as SVG.",
        "apiversion-client timeline apiversions.toml -o lifecycle.svg",
        _cmd_timeline,
    )
    timeline.add_argument("matrix", help="the matrix file (TOML or JSON)")
    timeline.add_argument("-o", "--output", help="the SVG file to write (default: stdout)")
    timeline.add_argument("--sdk", help="show only this SDK's releases")
    timeline.add_argument("--on", type=_date, help="the date of the today line")

    schema = _command(
        sub,
        "schema",
        "Print the matrix file's JSON Schema, or write it for an editor to find.",
        "apiversion-client schema --output matrix.schema.json",
        _cmd_schema,
    )
    schema.add_argument(
        "-o",
        "--output",
        help=f"the file (or directory: {SCHEMA_NAME} in it) to write (default: stdout)",
    )

    probe = _command(
        sub,
        "probe",
        "Send one real request and print what the server said about versions.",
        "apiversion-client probe https://api.github.com/zen --profile github",
        _cmd_probe,
    )
    probe.add_argument("url", help="the absolute http(s) URL to request")
    probe.add_argument("--profile", required=True, help="a built-in profile: gooddata, github...")
    probe.add_argument("--api-version", help="the version to pin (default: the profile's)")
    probe.add_argument("--method", default="GET", help="the request method (default: GET)")
    probe.add_argument("--timeout", type=_seconds, default=10.0, help="seconds (default: 10)")
    probe.add_argument("--json", action="store_true", help="print JSON")

    tripwire = _command(
        sub,
        "tripwire",
        "Check a live API against the matrix's [[relies]] declarations, one request each "
        "(exit 1 if a promise is broken).",
        "apiversion-client tripwire apiversions.toml https://api.example.com --param project=demo",
        _cmd_tripwire,
    )
    from apiversion_client._tripwire._cli import add_arguments

    add_arguments(tripwire, _seconds)

    serve = _command(
        sub,
        "serve",
        "Run the reference server for a matrix on 127.0.0.1 (until Ctrl-C).",
        "apiversion-client serve apiversions.toml --port 8080 --today 2020-06-01",
        _cmd_serve,
    )
    serve.add_argument("matrix", help="the matrix file (TOML or JSON)")
    serve.add_argument("--profile", help="a built-in profile (default: the matrix's)")
    serve.add_argument("--port", type=_port, default=0, help="the port (default: any free one)")
    serve.add_argument("--today", type=_date, help="the server's date (default: today, UTC)")
    serve.add_argument("--max-requests", type=_positive_int, help="stop after N requests")
    serve.add_argument("--duration", type=_seconds, help="stop after S seconds")

    report = sub.add_parser(
        "report",
        help="Merge notice reports (pytest's --apiversion-report, sessions) into one table.",
        description="Notice reports: JSON files of format 1 (see docs/fleet.md).",
        epilog="example:\n  apiversion-client report merge billing.json shipping.json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    report_sub = report.add_subparsers(dest="report_command", metavar="SUBCOMMAND", required=True)
    merge = _command(
        report_sub,
        "merge",
        "Merge notice reports; print service, version, resource, sunset and times seen "
        "(exit 1 if a deprecation was seen, 2 if a sunset has passed).",
        "apiversion-client report merge billing.json shipping.json",
        _cmd_report_merge,
    )
    merge.add_argument("reports", nargs="+", metavar="REPORT", help="notice report files (JSON)")
    merge.add_argument("--service", help="the service of the notices that name none")
    merge.add_argument("--on", type=_date, help="the date sunsets are judged on (default: today)")
    merge.add_argument("--json", action="store_true", help="print the merged report (JSON)")
    merge.add_argument("-o", "--output", help="the file to write (default: stdout)")

    _command(
        sub,
        "demo",
        "Show what the library does, offline, against the bundled GoodData example.",
        "apiversion-client demo",
        _cmd_demo,
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Args:
        argv: The arguments (default: ``sys.argv[1:]``).

    Returns:
        The exit code: 0 fine, 1 a warning, 2 an error or bad input.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace, TextIO], int] = args.handler
    try:
        return handler(args, sys.stdout)
    except UsageError as error:
        print(f"{PROG} {args.command}: error: {error}", file=sys.stderr)
        return 2
    except ApiVersionError as error:  # pragma: no cover - commands catch their own
        print(f"{PROG} {args.command}: {type(error).__name__}: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. piped into head
        return 0
    except KeyboardInterrupt:
        print(f"{PROG} {args.command}: interrupted", file=sys.stderr)
        return 130  # as a shell reports a command stopped by Ctrl-C
