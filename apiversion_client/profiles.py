"""Profiles: how one API carries its version and how its server speaks back.

A :class:`Profile` is data, not a subclass: where the pin goes on a request
(a header, a query parameter, a path segment, a media-type parameter, or a
combination), which deprecation signals the server sends, which header echoes
the version actually served, which header carries the request id, and the
rules that recognise a removed or unsupported version in an error response.

Build your own with a few keyword arguments::

    ACME = Profile(name="acme", header="Acme-Version", echo_headers=("Acme-Version",))

The built-in profiles are :data:`GOODDATA`, :data:`COGNITE`, :data:`GITHUB`,
:data:`STRIPE`, :data:`AZURE`, :data:`KUBERNETES` and :data:`RFC`; for APIs
served by a versioning framework, :data:`CADWYN` (FastAPI) and Django REST
framework's schemes :data:`DRF_ACCEPT`, :data:`DRF_QUERY` and :data:`DRF_PATH`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import attrs

from apiversion_client._errors import (
    DEFAULT_ERROR_RULES,
    DRF_ERROR_RULES,
    ErrorDetails,
    ErrorParser,
    ErrorRule,
    VersionErrorKind,
    parse_cognite_error,
    parse_generic_error,
    parse_gooddata_error,
)
from apiversion_client._templates import compile_template
from apiversion_client.signals import SignalReader

__all__ = [
    "AZURE",
    "BUILTIN",
    "CADWYN",
    "COGNITE",
    "DEFAULT_ERROR_RULES",
    "DRF_ACCEPT",
    "DRF_PATH",
    "DRF_QUERY",
    "GITHUB",
    "GOODDATA",
    "KUBERNETES",
    "RFC",
    "STRIPE",
    "ErrorDetails",
    "ErrorParser",
    "ErrorRule",
    "Profile",
    "SignalReader",
    "VersionErrorKind",
    "get",
]

_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_ALL_READERS = frozenset(SignalReader)
_RFC_READERS = frozenset(
    {SignalReader.DEPRECATION, SignalReader.SUNSET, SignalReader.LINK, SignalReader.VERSION_LISTS}
)

Unpinned = Literal["oldest", "latest", "default"]


_NAME_CHARS = "letters, digits and !#$%&'*+-.^_`|~"


class _ProfileKeyError(ValueError):
    """A bad key of a ``[profile]`` table: ``str()`` is ``"<key>: <problem>"``."""

    def __init__(self, key: str, problem: str) -> None:
        super().__init__(f"{key}: {problem}")
        self.key = key
        self.problem = problem


def _shown(value: object) -> str:
    """A short description of a value for messages: its type and a bounded repr."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        return f"an integer of about {int(value.bit_length() * 0.30103) + 1} digits"
    names = {dict: "table", list: "array", tuple: "array", int: "integer", float: "float"}
    name = names.get(type(value), type(value).__name__)
    if isinstance(value, dict | list | tuple):
        return f"{name} of {len(value)} items"
    text = repr(value)
    return f"{name} {text[:57] + '...' if len(text) > 60 else text}"


def _header_name(value: str | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {_shown(value)}")
    if not _TOKEN.fullmatch(value):
        shown = value if len(value) <= 60 else value[:57] + "..."
        raise ValueError(
            f"not a valid HTTP header or parameter name (only {_NAME_CHARS}; "
            f"no spaces or line breaks): {shown!r}"
        )
    return value


def _header_names(values: Iterable[str]) -> tuple[str, ...]:
    names = (values,) if isinstance(values, str) else tuple(values)
    return tuple(_header_name(name) or "" for name in names)


def _reader(value: SignalReader | str) -> SignalReader:
    if isinstance(value, SignalReader):
        return value
    if not isinstance(value, str):
        raise TypeError(f"expected a signal reader name, got {_shown(value)}")
    wanted = value.strip().lower()
    for reader in SignalReader:
        if wanted in (reader.name.lower(), reader.name.lower().replace("_", "-"), reader.value):
            return reader
    names = ", ".join(r.name.lower() for r in SignalReader)
    shown = value if len(value) <= 60 else value[:57] + "..."
    raise ValueError(f"unknown signal reader {shown!r}; expected one of {names}")


def _readers(values: Iterable[SignalReader | str]) -> frozenset[SignalReader]:
    items = (values,) if isinstance(values, str | SignalReader) else tuple(values)
    return frozenset(_reader(value) for value in items)


def _rules(values: Iterable[ErrorRule]) -> tuple[ErrorRule, ...]:
    return tuple(values)


def _templates(values: Iterable[str]) -> tuple[str, ...]:
    templates = (values,) if isinstance(values, str) else tuple(values)
    for text in templates:
        compile_template(text)  # raises a ValueError quoting a bad one
    return tuple(str(text) for text in templates)


def _path_template(value: str | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {_shown(value)}")
    if value.count("{version}") != 1 or not value.startswith("/"):
        raise ValueError(
            f"a version path template starts with '/' and holds '{{version}}' once: {value!r}"
        )
    if any(char.isspace() or not char.isprintable() for char in value):
        raise ValueError(
            f"a version path template holds no spaces or control characters: {value!r}"
        )
    return value.rstrip("/")


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {_shown(value)}")
    return value


def _unpinned(value: object) -> str:
    allowed = ("oldest", "latest", "default")
    if _text(value) not in allowed:
        raise ValueError(f"expected one of {', '.join(map(repr, allowed))}, got {value!r}")
    return str(value)


def _default_version(value: object) -> str:
    from apiversion_client._versions import ApiVersion

    text = _text(value)
    ApiVersion.parse(text)  # raises ValueError quoting the text
    return text


def _error_parser(value: object) -> ErrorParser:
    parsers: dict[str, ErrorParser] = {
        "gooddata": parse_gooddata_error,
        "cognite": parse_cognite_error,
        "generic": parse_generic_error,
    }
    if _text(value) not in parsers:
        raise ValueError(f"unknown {value!r}; expected one of {', '.join(sorted(parsers))}")
    return parsers[str(value)]


def _extends(value: object) -> Profile:
    name = _text(value)
    try:
        return get(name)
    except ValueError:
        import difflib  # only to word an error

        close = difflib.get_close_matches(name.strip().lower(), list(BUILTIN), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ValueError(
            f"unknown profile {name!r}{hint} (built-in profiles: {', '.join(BUILTIN)})"
        ) from None


def _table_list(key: str, value: object, read: Any) -> tuple[Any, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise _ProfileKeyError(
            key, f"expected a string or an array of strings, got {_shown(value)}"
        )
    for i, item in enumerate(items):
        try:
            read(item)
        except (TypeError, ValueError) as error:
            raise _ProfileKeyError(f"{key}[{i}]", str(error)) from None
    return tuple(items)


# How each key of a ``[profile]`` table is read (``Profile.from_dict``); the
# attribute converters check the values once more when the profile is built.
# The keys holding lists take one string or an array: each item is read alone.
_LIST_ITEM_READERS: Mapping[str, Any] = {
    "request_headers": _header_name,
    "readers": _reader,
    "echo_headers": _header_name,
    "request_id_headers": _header_name,
}
_TABLE_READERS: Mapping[str, Any] = {
    "name": _text,
    "header": _header_name,
    "query": _header_name,
    "path": _path_template,
    "media_type": _header_name,
    "channel_header": _header_name,
    **_LIST_ITEM_READERS,
    "default_version": _default_version,
    "unpinned": _unpinned,
    "description": _text,
    "error_format": _error_parser,
    "extends": _extends,
}


@attrs.frozen
class Profile:
    """How one API carries its version and reports on it.

    Attributes:
        name: A short name, e.g. ``"gooddata"``.
        header: Request header that carries the pin (``X-GDC-Version``).
        query: Query parameter that carries the pin (``api-version``).  The pin
            replaces a value already in the URL (Azure's guidelines).
        path: Path template for the pin, relative to the base URL, e.g.
            ``"/api/{version}"``.  A request whose path already has a version
            there keeps it (it is that request's pin).
        media_type: ``Accept`` media-type parameter that carries the pin
            (``Accept: application/json; version=2``).
        channel_header: With ``path``: header that carries a non-stable
            channel (``version: beta``) while the path carries the base version.
        request_headers: Extra request headers whose presence makes their value
            the request's own pin (an SDK that sets ``cdf-version`` itself).
        readers: The signal readers that apply to responses.
        echo_headers: Response headers naming the version actually served.
        request_id_headers: Response headers carrying the request id.
        error_parser: Reads the vendor's error body.
        error_rules: Recognise removed / unsupported versions in error responses.
        default_version: The version the server uses when a request is unpinned,
            when the vendor documents one (GitHub: ``2022-11-28``).
        unpinned: What the server serves to an unpinned request: the oldest
            version not past its end of life (GoodData), the latest, or
            ``default_version``.  Used by the reference server.
        description: One line for documentation and ``--help``.
        resources: The API's public resource templates
            (``"/repos/{owner}/{repo}"``), which name resources in notices.
    """

    name: str
    header: str | None = attrs.field(default=None, converter=_header_name)
    query: str | None = attrs.field(default=None, converter=_header_name)
    path: str | None = attrs.field(default=None, converter=_path_template)
    media_type: str | None = attrs.field(default=None, converter=_header_name)
    channel_header: str | None = attrs.field(default=None, converter=_header_name)
    request_headers: tuple[str, ...] = attrs.field(default=(), converter=_header_names)
    readers: frozenset[SignalReader] = attrs.field(default=_ALL_READERS, converter=_readers)
    echo_headers: tuple[str, ...] = attrs.field(default=(), converter=_header_names)
    request_id_headers: tuple[str, ...] = attrs.field(
        default=("X-Request-Id",), converter=_header_names
    )
    error_parser: ErrorParser = parse_generic_error
    error_rules: tuple[ErrorRule, ...] = attrs.field(default=DEFAULT_ERROR_RULES, converter=_rules)
    default_version: str | None = None
    unpinned: Unpinned = "default"
    description: str = ""
    resources: tuple[str, ...] = attrs.field(default=(), converter=_templates)

    @property
    def pins(self) -> bool:
        """Whether this profile puts a version on requests at all."""
        return any((self.header, self.query, self.path, self.media_type))

    @property
    def own_pin_headers(self) -> tuple[str, ...]:
        """Request headers whose presence makes their value the request's own pin."""
        return ((self.header,) if self.header else ()) + self.request_headers

    def evolve(self, **changes: Any) -> Profile:
        """Return a copy with some fields changed (``attrs.evolve``)."""
        return attrs.evolve(self, **changes)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Profile:
        """Build a profile from a ``[profile]`` table of a matrix file.

        Keys are the attribute names above except ``error_parser`` and
        ``error_rules``; ``extends = "gooddata"`` starts from a built-in
        profile; ``error_format`` names a built-in error parser (``gooddata``,
        ``cognite``, ``generic``).  Header lists and ``readers`` take one
        string or an array of strings.  Loading a matrix checks its
        ``[profile]`` table with this method.

        Args:
            data: The table.

        Returns:
            The profile (named ``"custom"`` unless the table or ``extends``
            names it).

        Raises:
            ValueError: An unknown key or a bad value.  The message starts with
                the key and says what is wrong: ``header: not a valid HTTP
                header or parameter name ...``, ``echo_headers[0]: expected a
                string, got integer 5``.
            TypeError: ``data`` is not a mapping.
        """
        if not isinstance(data, Mapping):
            raise TypeError(f"a profile table must be a mapping, not {type(data).__name__}")
        fields: dict[str, Any] = {}
        base: Profile | None = None
        pairs: Iterable[tuple[object, object]] = data.items()
        for key, value in pairs:
            read = _TABLE_READERS.get(key) if isinstance(key, str) else None
            if read is None or not isinstance(key, str):
                name = key if isinstance(key, str) else _shown(key)
                import difflib  # only to word an error

                close = difflib.get_close_matches(name, sorted(_TABLE_READERS), n=1)
                if name == "error_parser":
                    close = ["error_format"]
                hint = f"did you mean {close[0]!r}? " if close else ""
                raise _ProfileKeyError(
                    name[:60],
                    f"unknown profile key; {hint}expected one of {sorted(_TABLE_READERS)}",
                )
            converted: Any
            if key in _LIST_ITEM_READERS:
                converted = _table_list(key, value, _LIST_ITEM_READERS[key])
            else:
                try:
                    converted = read(value)
                except (TypeError, ValueError) as error:
                    raise _ProfileKeyError(key, str(error)) from None
            if key == "extends":
                base = converted
            elif key == "error_format":
                fields["error_parser"] = converted
            else:
                fields[key] = converted
        if base is not None:
            return attrs.evolve(base, **fields)
        fields.setdefault("name", "custom")
        return cls(**fields)


GOODDATA = Profile(
    name="gooddata",
    header="X-GDC-Version",
    readers={SignalReader.GDC_DEPRECATED, SignalReader.DEPRECATION, SignalReader.SUNSET},
    request_id_headers=("X-GDC-Request",),
    error_parser=parse_gooddata_error,
    unpinned="oldest",
    description="GoodData: X-GDC-Version request header, X-GDC-Deprecated response header.",
)

COGNITE = Profile(
    name="cognite",
    path="/api/{version}",
    channel_header="version",
    request_headers=("cdf-version",),
    readers=_RFC_READERS | {SignalReader.WARNING},
    request_id_headers=("X-Request-Id",),
    error_parser=parse_cognite_error,
    unpinned="latest",
    description="Cognite Data Fusion: /api/<version>/ in the path, beta channel in a header.",
)

# GitHub's repository collections most SDK calls address (docs.github.com/rest).
_GITHUB_COLLECTIONS = (
    *("issues", "pulls", "commits", "branches", "releases", "tags", "labels"),
    *("milestones", "hooks", "collaborators", "deployments", "contributors"),
)

GITHUB = Profile(
    name="github",
    header="X-GitHub-Api-Version",
    readers=_RFC_READERS,
    echo_headers=("X-GitHub-Api-Version-Selected",),
    request_id_headers=("X-GitHub-Request-Id",),
    default_version="2022-11-28",
    description="GitHub REST: X-GitHub-Api-Version, Deprecation / Sunset as HTTP dates.",
    # GitHub's public REST paths (docs.github.com/rest): a few hundred repositories
    # are one resource, not a few hundred.
    resources=(
        "/repos/{owner}/{repo}",
        *(
            f"/repos/{{owner}}/{{repo}}/{collection}{item}"
            for collection in _GITHUB_COLLECTIONS
            for item in ("", "/{id}")
        ),
        "/repos/{owner}/{repo}/{collection}",
        "/repos/{owner}/{repo}/{collection}/{id}",
        "/repos/{owner}/{repo}/{collection}/{id}/{sub}",
        "/repos/{owner}/{repo}/contents/{path}",
        "/users/{username}",
        "/users/{username}/{collection}",
        "/orgs/{org}",
        "/orgs/{org}/{collection}",
        "/gists/{gist_id}",
        "/user",
        "/user/{collection}",
        "/search/{kind}",
    ),
)

STRIPE = Profile(
    name="stripe",
    header="Stripe-Version",
    readers=_RFC_READERS,
    echo_headers=("Stripe-Version",),
    request_id_headers=("Request-Id",),
    description="Stripe: Stripe-Version (date plus release train), echoed on responses.",
)

AZURE = Profile(
    name="azure",
    query="api-version",
    readers=_RFC_READERS,
    request_id_headers=("x-ms-request-id", "x-ms-correlation-request-id", "x-request-id"),
    error_rules=(
        ErrorRule(
            statuses=frozenset({400, 404}),
            kind=VersionErrorKind.UNSUPPORTED,
            requires_pin=True,
            needs_message=False,
            pattern=r"(?:Invalid|Unsupported|NoRegisteredProviderFound)ApiVersion|"
            r"InvalidApiVersionParameter|NoRegisteredProviderFound",
        ),
        *DEFAULT_ERROR_RULES,
    ),
    description="Azure: api-version query parameter, -preview versions.",
)

KUBERNETES = Profile(
    name="kubernetes",
    readers={SignalReader.WARNING},
    request_id_headers=("Audit-Id",),
    description="Kubernetes: versions in API group paths, deprecations as Warning: 299.",
)

RFC = Profile(
    name="rfc",
    header="Api-Version",
    readers=_ALL_READERS,
    echo_headers=("api-version", "x-api-version"),
    request_id_headers=("X-Request-Id", "Request-Id"),
    description="Generic: Deprecation (RFC 9745), Sunset (RFC 8594), Link (RFC 8288), "
    "api-supported-versions.",
)

#: Cadwyn (FastAPI's versioning framework), with its defaults: ``Cadwyn(versions=...)``.
#:
#: What it relies on (Cadwyn 9.0's source and docs, github.com/zmievsa/cadwyn):
#:
#: * the pin: ``Cadwyn(api_version_parameter_name="x-api-version",
#:   api_version_location="custom_header", api_version_format="date")`` are the
#:   defaults (``cadwyn/applications.py``); versions are ISO dates;
#: * the echo: ``VersionPickingMiddleware`` sets the same header on the response
#:   to "the **matched** version, not the requested one" (``cadwyn/middleware.py``);
#: * the waterfall: a date between two versions is served by "the closest earlier
#:   applicable version" and never by a later one (docs/concepts/main_app.md,
#:   docs/concepts/api_version_parameter.md "API version waterfalling",
#:   ``_RootCadwynAPIRouter._get_routes_from_closest_suitable_version``), so a pin
#:   of ``2023-06-15`` answered ``x-api-version: 2023-01-01`` is reported as a
#:   version mismatch, as is a pin newer than the newest version;
#: * the error: a header that is not a date fails FastAPI's validation of the
#:   route's version dependency: ``422 {"detail": [{"type":
#:   "date_from_datetime_parsing", "loc": ["header", "x-api-version"], "msg":
#:   "Input should be a valid date or datetime, ..."}]}``, an
#:   :class:`~apiversion_client.UnsupportedApiVersionError` by its ``loc``.
#:   A pin older than the oldest version matches no route: ``404 {"detail":
#:   "Not Found"}``, as for any unknown path, so it is not told apart.
#:
#: Another header name: ``CADWYN.evolve(header=..., echo_headers=(...,),
#: error_rules=...)`` (see docs/frameworks.md).
CADWYN = Profile(
    name="cadwyn",
    header="x-api-version",
    readers=_RFC_READERS,
    echo_headers=("x-api-version",),
    request_id_headers=("X-Request-Id",),
    error_rules=(
        ErrorRule(
            statuses=frozenset({400, 422}),
            kind=VersionErrorKind.UNSUPPORTED,
            needs_message=False,
            rejected_fields=frozenset({"header x-api-version"}),
        ),
        *DEFAULT_ERROR_RULES,
    ),
    description="Cadwyn (FastAPI): x-api-version date header, echoed with the version served.",
)

#: Django REST framework's ``AcceptHeaderVersioning``: ``Accept:
#: application/json; version=1.0``.  An unknown version is ``406 {"detail":
#: "Invalid version in \"Accept\" header."}`` (``rest_framework/versioning.py``).
DRF_ACCEPT = Profile(
    name="drf-accept",
    media_type="version",
    readers=_RFC_READERS,
    error_rules=DRF_ERROR_RULES,
    description="Django REST framework, AcceptHeaderVersioning: Accept: ...; version=<v>.",
)

#: Django REST framework's ``QueryParameterVersioning``: ``?version=1.0``.  An
#: unknown version is ``404 {"detail": "Invalid version in query parameter."}``.
DRF_QUERY = Profile(
    name="drf-query",
    query="version",
    readers=_RFC_READERS,
    error_rules=DRF_ERROR_RULES,
    description="Django REST framework, QueryParameterVersioning: ?version=<v>.",
)

#: Django REST framework's ``URLPathVersioning`` and ``NamespaceVersioning``: the
#: version is the first path segment below the base URL (``/v1/users/``); use
#: ``DRF_PATH.evolve(path="/v{version}")`` for ``v``-prefixed numbers or
#: ``path="/api/{version}"`` for a deeper segment.  An unknown version is ``404
#: {"detail": "Invalid version in URL path."}``.
DRF_PATH = Profile(
    name="drf-path",
    path="/{version}",
    readers=_RFC_READERS,
    error_rules=DRF_ERROR_RULES,
    description="Django REST framework, URLPathVersioning / NamespaceVersioning: /<v>/...",
)

#: The built-in profiles by name.
BUILTIN: Mapping[str, Profile] = {
    p.name: p
    for p in (
        GOODDATA,
        COGNITE,
        GITHUB,
        STRIPE,
        AZURE,
        KUBERNETES,
        RFC,
        CADWYN,
        DRF_ACCEPT,
        DRF_QUERY,
        DRF_PATH,
    )
}


def get(name: str | Profile) -> Profile:
    """Return a built-in profile by name (any case), or the profile given.

    Raises:
        ValueError: No built-in profile has that name; the message lists them.
    """
    if isinstance(name, Profile):
        return name
    try:
        return BUILTIN[str(name).strip().lower()]
    except KeyError:
        raise ValueError(
            f"unknown profile {name!r}; built-in profiles are {', '.join(BUILTIN)}"
        ) from None
