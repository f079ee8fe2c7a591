"""Profiles: how one API carries its version and how its server speaks back.

A :class:`Profile` is data, not a subclass: where the pin goes on a request
(a header, a query parameter, a path segment, a media-type parameter, or a
combination), which deprecation signals the server sends, which header echoes
the version actually served, which header carries the request id, and the
rules that recognise a removed or unsupported version in an error response.

Build your own with a few keyword arguments::

    ACME = Profile(name="acme", header="Acme-Version", echo_headers=("Acme-Version",))

The built-in profiles are :data:`GOODDATA`, :data:`COGNITE`, :data:`GITHUB`,
:data:`STRIPE`, :data:`AZURE`, :data:`KUBERNETES` and :data:`RFC`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import attrs

from apiversion_client._errors import (
    DEFAULT_ERROR_RULES,
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
    "COGNITE",
    "DEFAULT_ERROR_RULES",
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


def _header_name(value: str | None) -> str | None:
    if value is None:
        return None
    if not _TOKEN.fullmatch(str(value)):
        raise ValueError(f"not a valid HTTP header or parameter name: {value!r}")
    return value


def _header_names(values: Iterable[str]) -> tuple[str, ...]:
    names = (values,) if isinstance(values, str) else tuple(values)
    return tuple(_header_name(v) or "" for v in names)


def _readers(values: Iterable[SignalReader | str]) -> frozenset[SignalReader]:
    out = set()
    for value in values:
        if isinstance(value, SignalReader):
            out.add(value)
            continue
        try:
            out.add(SignalReader[str(value).upper().replace("-", "_")])
        except KeyError:
            names = ", ".join(r.name.lower() for r in SignalReader)
            raise ValueError(f"unknown signal reader {value!r}; expected one of {names}") from None
    return frozenset(out)


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
    if value.count("{version}") != 1 or not value.startswith("/"):
        raise ValueError(
            f"a version path template starts with '/' and holds '{{version}}' once: {value!r}"
        )
    return value.rstrip("/")


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

        Keys are the attribute names above; ``extends = "gooddata"`` starts from
        a built-in profile; ``error_format`` names a built-in error parser
        (``gooddata``, ``cognite``, ``generic``).

        Raises:
            ValueError: An unknown key or a bad value; the message names the key.
        """
        data = dict(data)
        base_name = data.pop("extends", None)
        base = get(base_name) if base_name is not None else None
        parsers: dict[str, ErrorParser] = {
            "gooddata": parse_gooddata_error,
            "cognite": parse_cognite_error,
            "generic": parse_generic_error,
        }
        if "error_format" in data:
            fmt = data.pop("error_format")
            if fmt not in parsers:
                raise ValueError(
                    f"error_format: unknown {fmt!r}; expected one of {sorted(parsers)}"
                )
            data["error_parser"] = parsers[fmt]
        allowed = {f.name for f in attrs.fields(cls)} - {"error_rules"}
        for key in data:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                raise ValueError(
                    f"{key}: unknown profile key; {hint}expected one of {sorted(allowed)}"
                )
        for key in ("request_headers", "echo_headers", "request_id_headers", "readers"):
            if key in data and isinstance(data[key], str):
                data[key] = (data[key],)
        if base is not None:
            return attrs.evolve(base, **data)
        if "name" not in data:
            data["name"] = "custom"
        return cls(**data)


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

GITHUB = Profile(
    name="github",
    header="X-GitHub-Api-Version",
    readers=_RFC_READERS,
    echo_headers=("X-GitHub-Api-Version-Selected",),
    request_id_headers=("X-GitHub-Request-Id",),
    default_version="2022-11-28",
    description="GitHub REST: X-GitHub-Api-Version, Deprecation / Sunset as HTTP dates.",
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

#: The built-in profiles by name.
BUILTIN: Mapping[str, Profile] = {
    p.name: p for p in (GOODDATA, COGNITE, GITHUB, STRIPE, AZURE, KUBERNETES, RFC)
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
