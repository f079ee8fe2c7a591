"""The API's base URL: which requests belong to the API, and their path below it."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import attrs

from apiversion_client._wire import on_the_wire, wire_path

__all__ = ["DEFAULT_PORTS", "BaseUrl", "host_key", "resolve", "wire_path"]

# A URL with a scheme (RFC 3986: a letter, then letters, digits, "+", "-", "."):
# "/hooks/https://x" and "hooks?next=https://x" are paths.
_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")

#: The port each scheme uses when a URL names none.
DEFAULT_PORTS = {"http": 80, "https": 443}


def host_key(host: str) -> str | None:
    """A host name as HTTP clients send it: lower case, a non-ASCII name as its A-label.

    requests, httpx and urllib3 send ``bücher.example`` as
    ``xn--bcher-kva.example`` (IDNA, with the ``idna`` package they depend on);
    the base URL and every URL compared with it are put in that form.  None
    when a non-ASCII name cannot be encoded (no client can send it either).
    """
    host = host.lower()
    if host.isascii():
        return host
    try:
        import idna  # requests', httpx's and urllib3's IDNA (2008, UTS 46)

        return str(idna.encode(host, uts46=True).decode("ascii"))
    except ImportError:
        pass
    except (UnicodeError, ValueError):  # idna.IDNAError is a UnicodeError
        return None
    try:
        return host.encode("idna").decode("ascii")  # the standard library's IDNA 2003
    except UnicodeError:
        return None


def _origin(url: str) -> tuple[str, str | None, int | None, str] | None:
    r"""(scheme, host key, port, path) of a URL, or None when it cannot be one of the API's.

    A backslash in the authority is never in scope: urllib3 (and browsers)
    end the authority at ``\`` where ``urlsplit`` does not, so
    ``http://other\@api/`` would be the API to one and another host to the
    other.  Nor is a URL holding a tab or a line break: ``urlsplit`` drops
    them silently, where clients keep (urllib3) or encode (requests) them, so
    the two would again read different hosts.
    """
    if "\t" in url or "\n" in url or "\r" in url:
        return None
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        port = parts.port if parts.port is not None else DEFAULT_PORTS.get(scheme)
        host = parts.hostname or ""
    except ValueError:
        return None
    if "\\" in parts.netloc:
        return None
    try:
        path = wire_path(parts.path)
    except UnicodeEncodeError:
        return None
    return scheme, host_key(host), port, path


@attrs.frozen
class BaseUrl:
    """The API's base URL, split once: what is in scope and what is not.

    Attributes:
        scheme: ``http`` or ``https``, lower case.
        host: The host name, lower case, a non-ASCII name as its IDNA A-label
            (an IPv6 literal without brackets).
        port: The port, the scheme's default made explicit.
        path: The base path without a trailing slash, percent-encoded as
            clients send it (:func:`wire_path`); ``""`` for the root.
    """

    scheme: str
    host: str
    port: int | None
    path: str

    @classmethod
    def parse(cls, url: str) -> BaseUrl:
        """Parse a base URL.

        Raises:
            ValueError: Not an absolute http(s) URL; the message quotes it.
        """
        try:
            url = url.strip()  # a line break read with it from a file or the environment
            if "\t" in url or "\n" in url or "\r" in url:
                raise ValueError("it holds a tab or a line break")
            parts = urlsplit(url)
            port = parts.port
        except ValueError as exc:
            raise ValueError(f"not a valid base URL: {url!r} ({exc})") from None
        if parts.scheme.lower() not in DEFAULT_PORTS or not parts.hostname:
            raise ValueError(f"the base URL must be an absolute http(s) URL, got {url!r}")
        scheme = parts.scheme.lower()
        host = host_key(parts.hostname)
        if host is None or "\\" in parts.netloc:
            raise ValueError(f"not a valid base URL: {url!r} (its host cannot be sent as written)")
        try:
            path = wire_path(parts.path.rstrip("/"))
        except UnicodeEncodeError:
            raise ValueError(f"not a valid base URL: {url!r} (its path cannot be sent)") from None
        return cls(
            scheme=scheme,
            host=host,
            port=port if port is not None else DEFAULT_PORTS[scheme],
            path=path,
        )

    # The base as a URL prefix in its usual spelling (``https://host[:port]/path``).
    _prefix: str = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        port = "" if self.port == DEFAULT_PORTS.get(self.scheme) else f":{self.port}"
        host = f"[{self.host}]" if ":" in self.host else self.host  # an IPv6 literal
        object.__setattr__(self, "_prefix", f"{self.scheme}://{host}{port}{self.path}")

    @property
    def prefix(self) -> str:
        """The base URL in its usual spelling, without a trailing slash.

        ``scheme://host[:port]/path``: the host lower case (IDNA for a
        non-ASCII name), the port only when it is not the scheme's default.
        """
        return self._prefix

    def spelled_as_usual(self, url: str) -> bool:
        """Whether ``url`` starts with :attr:`prefix`, on a boundary (``/``, ``?``, ``#``, end).

        A string test (no parsing): ``https://api:443/x`` is not spelled as usual
        for the base ``https://api``, nor ``https://api/v1beta`` for ``https://api/v1``.
        """
        prefix = self._prefix
        return url.startswith(prefix) and url[len(prefix) : len(prefix) + 1] in ("", "/", "?", "#")

    def relative_path(self, url: str) -> str | None:
        """Return the path of ``url`` below this base, or ``None`` if out of scope.

        Same scheme, host and port (default ports made explicit) and a path at
        or below the base path, on a segment boundary.
        """
        # Most URLs start with the base spelled as usual: a string test gives the
        # same answer as the parse below (a property test holds them together).
        prefix = self._prefix
        if url.startswith(prefix) and on_the_wire(url):
            rest = url[len(prefix) :]
            if "?" in rest or "#" in rest:
                rest = rest.partition("?")[0].partition("#")[0]
            if not rest:
                return "/"
            if rest[0] == "/":
                return rest
        return self._relative_path_parsed(url)

    def _relative_path_parsed(self, url: str) -> str | None:
        origin = _origin(url)
        if origin is None:
            return None
        scheme, host, port, path = origin
        if scheme != self.scheme or host != self.host or port != self.port:
            return None
        if not self.path:
            return path or "/"
        if path == self.path:
            return "/"
        if path.startswith(self.path + "/"):
            return path[len(self.path) :]
        return None

    def same_origin(self, url: str) -> bool:
        """Whether ``url`` has this base's scheme, host and port (any path)."""
        origin = _origin(url)
        return origin is not None and origin[:3] == (self.scheme, self.host, self.port)


def resolve(base_url: str, url: str) -> str:
    """Resolve a path against the base URL as given; an absolute URL is returned as is.

    ``"/projects"`` and ``"projects"`` both land below the base URL (as httpx's
    ``base_url`` does), whatever the base URL's own path.
    """
    if _ABSOLUTE.match(url):
        return url
    return base_url.rstrip("/") + "/" + url.lstrip("/")
