"""Sphinx configuration for the apiversion_client documentation.

Build with ``python -m sphinx -W --keep-going -b html docs docs/_build/html``.
The pages are MyST Markdown; the API reference is generated from the Google-style
docstrings; the timeline pictures of the bundled example matrices are drawn at
build time into ``docs/_generated/`` (kept out of git).
"""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GENERATED = HERE / "_generated"
sys.path.insert(0, str(ROOT))

import apiversion_client  # noqa: E402 - needs the path above in a bare checkout

project = "apiversion_client"
author = "apiversion_client developers"
copyright = "apiversion_client developers"
release = apiversion_client.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_generated/*.md", ".gitignore"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# Google style docstrings; attributes as fields of their class, so an attrs
# field documented under "Attributes:" is not described twice.
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_ivar = True
napoleon_use_rtype = False
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_preserve_defaults = True
autodoc_default_options = {"members": True, "show-inheritance": True}

html_theme = "furo"
html_title = f"apiversion_client {release}"
html_static_path: list[str] = []


def _draw_timelines() -> str:
    """Draw the bundled examples' timelines; return the Markdown that shows them."""
    GENERATED.mkdir(exist_ok=True)
    try:
        render = importlib.import_module("apiversion_client._timeline").render_timeline_svg
    except (ImportError, AttributeError):
        return (
            "```{note}\nThe timeline pictures are drawn by `apiversion-client timeline`, "
            "which is not part of this build.\n```\n"
        )
    from apiversion_client import CompatibilityMatrix

    parts = []
    for name, title in (("gooddata", "GoodData"), ("cognite", "Cognite Data Fusion")):
        matrix = CompatibilityMatrix.load(ROOT / "examples" / f"{name}.toml")
        svg = render(matrix)
        (GENERATED / f"timeline-{name}.svg").write_text(svg, encoding="utf-8")
        parts.append(
            f"```{{figure}} /_generated/timeline-{name}.svg\n"
            f":alt: Timeline of the {title} example matrix\n\n"
            f"`apiversion-client timeline examples/{name}.toml`\n```\n"
        )
    return "\n".join(parts)


_LIST_ITEM = re.compile(r"\s*(?:[*-]|[0-9]+\.|[a-z]\.)\s")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _module_docstring_for_a_page(app, what, name, obj, options, lines):
    """Make a module docstring (written for ``help()``) render inside a page.

    Section titles (a line underlined with ``=``) cannot appear inside a
    directive: the page gives the section its own heading.  A nested list
    written without blank lines around it gets them.
    """
    if what != "module":
        return
    kept = []
    for i, line in enumerate(lines):
        underline = set(line.strip()) == {"="}
        titled = i + 1 < len(lines) and set(lines[i + 1].strip()) == {"="}
        if not (underline or (titled and line.strip())):
            kept.append(line)
    spaced: list[str] = []
    for line in kept:
        previous = spaced[-1] if spaced else ""
        if (
            previous.strip()
            and line.strip()
            and _LIST_ITEM.match(line)
            and _indent(line) != _indent(previous)
        ):
            spaced.append("")
        spaced.append(line)
    lines[:] = spaced


def setup(app):
    """Register the docstring hook."""
    app.connect("autodoc-process-docstring", _module_docstring_for_a_page)


GENERATED.mkdir(exist_ok=True)
(GENERATED / "timelines.md").write_text(_draw_timelines(), encoding="utf-8")
