"""Every code example in docs/ runs, so the docs cannot drift from the code.

Each page is one test: its examples run in order in one namespace, as a reader
would type them.  Python blocks run (``>>>`` blocks are doctests); a block with
a ``:caption:`` is a file the reader writes, and is written into the page's
own temporary directory (on ``sys.path`` and the working directory while the
page runs); TOML and JSON blocks must load as compatibility matrices.  Servers
are :class:`~tests.docs.standin.StandIn` instances on 127.0.0.1.
"""

from __future__ import annotations

import doctest
import importlib
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
import requests
from sybil import Document, Example, Region, Sybil
from sybil.parsers.myst import CodeBlockParser, PythonCodeBlockParser, SkipParser

import apiversion_client
from apiversion_client import CompatibilityMatrix

from .standin import StandIn

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
PAGES = sorted(
    p for p in DOCS.rglob("*.md") if not {"_build", "_generated"} & set(p.relative_to(DOCS).parts)
)
CHECKER = doctest.OutputChecker()
CLI = "import sys; from apiversion_client.cli import main; sys.exit(main(sys.argv[1:]))"
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE

pytestmark = pytest.mark.network


def _caption(region: Region) -> str | None:
    options = region.lexemes.get("options") or {}
    caption = options.get("caption")
    return str(caption).strip() if caption else None


def _write_file(example: Example) -> None:
    """Write a captioned block to its path in the page's directory; check matrices."""
    path = Path(example.namespace["docs_dir"]) / str(example.region.lexemes["caption"])
    path.parent.mkdir(parents=True, exist_ok=True)
    text = str(example.parsed)
    path.write_text(text, encoding="utf-8")
    if (path.suffix == ".toml" and "[[versions]]" in text) or (
        path.suffix == ".json" and '"versions"' in text
    ):
        CompatibilityMatrix.load(path)
    elif path.suffix == ".py":
        compile(text, str(path), "exec")


def _check_matrix(fmt: str) -> Any:
    def evaluate(example: Example) -> None:
        CompatibilityMatrix.loads(str(example.parsed), format=fmt)

    return evaluate


def _run_console(example: Example) -> str | None:
    """Run the ``$ apiversion-client ...`` and ``$ python -m pytest ...`` lines of a block.

    Other commands (``pip install``...) are shown, not run.  ``$API`` in a command
    is the page's ``API`` variable (a server on 127.0.0.1).  The output that
    follows a command must match (``...`` matches anything).
    """
    commands: list[tuple[str, list[str]]] = []
    for line in str(example.parsed).splitlines():
        if line.startswith("$ "):
            commands.append((line[2:], []))
        elif commands:
            commands[-1][1].append(line)
    for command, expected_lines in commands:
        argv = shlex.split(command.replace("$API", str(example.namespace.get("API", ""))))
        if argv[0] == "apiversion-client":
            argv = [sys.executable, "-c", CLI, *argv[1:]]
        elif argv[:3] == ["python", "-m", "pytest"]:
            argv = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *argv[3:]]
        else:
            continue
        done = subprocess.run(
            argv,
            cwd=example.namespace["docs_dir"],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        out = done.stdout + done.stderr
        expected = "\n".join(expected_lines).rstrip() + "\n"
        if not CHECKER.check_output(expected, out.rstrip() + "\n", FLAGS):
            return f"$ {command}\nexpected:\n{expected}got (exit {done.returncode}):\n{out}"
    return None


class _Files:
    """Route captioned blocks of any language to the file writer."""

    def __init__(self, parsers: Iterable[Any]) -> None:
        self.parsers = list(parsers)

    def __call__(self, document: Document) -> Iterable[Region]:
        for parser in self.parsers:
            for region in parser(document):
                caption = _caption(region)
                if caption is not None:
                    region.lexemes["caption"] = caption
                    region.evaluator = _write_file
                yield region


def _setup(namespace: dict[str, Any]) -> None:
    docs_dir = tempfile.mkdtemp(prefix="apiversion-docs-")
    shutil.copytree(ROOT / "examples", Path(docs_dir) / "examples")
    namespace["docs_dir"] = docs_dir
    namespace["server"] = namespace["_standin"] = StandIn()
    namespace["_cwd"] = os.getcwd()
    namespace["_modules"] = set(sys.modules)
    sys.path.insert(0, docs_dir)
    os.chdir(docs_dir)


def _teardown(namespace: dict[str, Any]) -> None:
    for value in list(namespace.values()):
        if isinstance(value, requests.Session):
            value.close()
    namespace["_standin"].close()
    os.chdir(namespace["_cwd"])
    docs_dir = namespace["docs_dir"]
    sys.path.remove(docs_dir)
    for name in set(sys.modules) - namespace["_modules"]:
        module_file = getattr(sys.modules[name], "__file__", None) or ""
        if module_file.startswith(docs_dir):
            del sys.modules[name]
    importlib.invalidate_caches()
    shutil.rmtree(docs_dir, ignore_errors=True)


SYBIL = Sybil(
    parsers=[
        _Files(
            [
                PythonCodeBlockParser(doctest_optionflags=FLAGS),
                CodeBlockParser("toml", _check_matrix("toml")),
                CodeBlockParser("json", _check_matrix("json")),
                CodeBlockParser("console", _run_console),
            ]
        ),
        SkipParser(),
    ],
    path=str(DOCS),
    patterns=["*.md"],
)


def _examples(page: Path) -> list[Example]:
    return list(SYBIL.parse(page))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_page_examples_run(page: Path) -> None:
    """Every example on the page runs, in order, and prints what the page shows."""
    document = SYBIL.parse(page)
    _setup(document.namespace)
    try:
        for example in document:
            try:
                example.evaluate()
            except Exception as error:
                where = f"docs/{page.relative_to(DOCS)}, line {example.line}"
                raise AssertionError(f"{where}: {error}") from error
    finally:
        _teardown(document.namespace)


def test_docs_have_examples() -> None:
    """The docs hold runnable examples at all (a parser change cannot silently skip them)."""
    assert sum(len(_examples(page)) for page in PAGES) >= 40


def test_api_reference_names_every_public_name() -> None:
    """The API reference page documents every name in ``apiversion_client.__all__``."""
    text = (DOCS / "reference" / "api.md").read_text(encoding="utf-8")
    missing = [
        name
        for name in apiversion_client.__all__
        if name not in ("__version__", "profiles") and f"apiversion_client.{name}\n" not in text
    ]
    assert missing == []


def test_every_builtin_profile_has_a_page() -> None:
    """Each built-in profile has its own page, listed in the profiles index."""
    index = (DOCS / "profiles" / "index.md").read_text(encoding="utf-8")
    for name in apiversion_client.profiles.BUILTIN:
        assert (DOCS / "profiles" / f"{name}.md").is_file(), name
        assert f"\n{name}\n" in index, name
