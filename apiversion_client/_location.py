"""Where a warning points: at the user's line, past every library in between.

A deprecation found deep inside a request is the user's business, so the
warning names the line of the user's code that made the request: the first
frame, counting outward from the reporter, that is not inside

* this library, or an HTTP client library (requests, urllib3, httpx, httpcore,
  anyio, sniffio, aiohttp), or ``contextlib`` (a ``with client.stream(...)``), or
  a wrapper that sits between a call and an SDK (pydantic's ``validate_call``,
  which the kubernetes client puts on every method; wrapt, decorator, tenacity,
  backoff);
* a package the session was told to skip (``skip_packages=``): the SDK that
  wraps the session, or a third-party SDK whose session the library was
  mounted on.  By default, the package that built the session is skipped when
  it is installed (in a ``site-packages`` directory): an SDK built on the
  library hands its users' lines the warnings, while code being developed in
  a checkout (an application, an SDK's own tests) is its own user.

Frames of code typed at a prompt or passed to ``python -c`` (``<stdin>``,
``<string>``, ``<console>``...) are user code; frozen import machinery
(``<frozen ...>``) is not.  On Python 3.12+ the skipping is done by
``warnings.warn(skip_file_prefixes=...)``; on 3.11 by counting frames.
"""

from __future__ import annotations

import os
import site
import sys
import sysconfig
import warnings
from collections.abc import Iterable
from types import FrameType, ModuleType

__all__ = ["builder_package", "warn_at_user_line"]

_OWN_PACKAGE = __name__.partition(".")[0]
# Wrappers that sit between a user's call and an SDK's code without being either:
# validation (the kubernetes client wraps every method in pydantic's
# validate_call) and retry decorators.
_WRAPPERS = ("pydantic", "pydantic_core", "wrapt", "decorator", "tenacity", "backoff")
_LIBRARIES = (
    _OWN_PACKAGE,
    "requests",
    "urllib3",
    "httpx",
    "httpcore",
    "anyio",
    "sniffio",
    "aiohttp",
)
_FROZEN = "<frozen "


def _module_dirs(module: ModuleType) -> list[str]:
    paths = list(getattr(module, "__path__", ()) or ())
    file = getattr(module, "__file__", None)
    if not paths and file:
        paths = [os.path.dirname(file)] if os.path.basename(file) == "__init__.py" else [file]
    return [os.path.abspath(path) + (os.sep if os.path.isdir(path) else "") for path in paths]


def skip_prefixes(packages: Iterable[str]) -> tuple[str, ...]:
    """The file prefixes of the libraries and ``packages`` (those already imported)."""
    prefixes: list[str] = []
    for name in (*_LIBRARIES, *_WRAPPERS, *packages):
        module = sys.modules.get(name)
        if module is not None:
            prefixes.extend(_module_dirs(module))
    contextlib_module = sys.modules.get("contextlib")
    if contextlib_module is not None:
        prefixes.extend(_module_dirs(contextlib_module))
    return (*prefixes, _FROZEN)


def _user_stacklevel(prefixes: tuple[str, ...]) -> int | None:
    """The ``stacklevel`` (counted from our caller's caller) of the first user frame."""
    frame: FrameType | None = sys._getframe(2)
    level = 1
    while frame is not None:
        filename = frame.f_code.co_filename
        if not (filename.startswith(_FROZEN) or os.path.abspath(filename).startswith(prefixes)):
            return level
        frame = frame.f_back
        level += 1
    return None


def warn_at_user_line(message: str, category: type[Warning], packages: Iterable[str]) -> None:
    """``warnings.warn`` pointing at the first frame outside the libraries and ``packages``.

    When every frame is in a skipped package (an installed application that
    built its own session and is its own user), the packages are not skipped:
    the warning points at the application's own line, never at this library.
    """
    prefixes = skip_prefixes(packages)
    level = _user_stacklevel(prefixes)
    if level is None:
        prefixes = skip_prefixes(())
        level = _user_stacklevel(prefixes) or 1
    if sys.version_info >= (3, 12):  # pragma: no cover - CI runs 3.11 too
        warnings.warn(message, category, stacklevel=2, skip_file_prefixes=prefixes)
    else:
        warnings.warn(message, category, stacklevel=level + 1)


def _installed_dirs() -> tuple[str, ...]:
    dirs = {sysconfig.get_paths().get(key, "") for key in ("purelib", "platlib")}
    dirs.update(getattr(site, "getsitepackages", list)())
    user = getattr(site, "getusersitepackages", lambda: "")()
    dirs.add(user if isinstance(user, str) else "")
    return tuple(os.path.abspath(d) + os.sep for d in dirs if d)


def builder_package() -> str | None:
    """The top-level package that is building a session now, when it is an installed one.

    Walks outward from the caller past this library and the HTTP client
    libraries; ``None`` for ``__main__``, for code outside ``site-packages``
    (an application or a checkout), and when nothing else is on the stack.
    """
    library_prefixes = skip_prefixes(())
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        filename = frame.f_code.co_filename
        if not (
            filename.startswith(_FROZEN) or os.path.abspath(filename).startswith(library_prefixes)
        ):
            name = str(frame.f_globals.get("__name__", "")).partition(".")[0]
            if not name or name == "__main__" or filename.startswith("<"):
                return None
            installed = os.path.abspath(filename).startswith(_installed_dirs())
            return name if installed else None
        frame = frame.f_back
    return None
