"""API version values: parse, order and format the version shapes real APIs use.

Three kinds of version exist, and versions of one kind are totally ordered:

* ``NUMERIC``: integers (``5``), dotted (``0.6``, ``1.2``) and v-prefixed
  (``v1``, ``v2.1``) versions.  They share one order, so ``v1`` orders after
  ``0.6``.  Trailing zero components do not count (``1`` orders equal to
  ``1.0``), as in PEP 440.
* ``DATE``: ``2022-11-28`` and ``20230101`` (one order for both spellings),
  optionally with a release train (``2026-06-24.dahlia``: by date, then train;
  a date without a train orders before the same date with one).
* ``NAME``: anything else that is a plain word (``playground``, ``latest``),
  ordered by the case-folded name.

Numeric and date versions may carry a channel suffix (``-alpha``, ``-beta``,
``-preview``).  Within one base version, pre-release channels order before the
stable one, as in PEP 440: ``v1-alpha < v1-beta < v1-preview < v1``.

Equality follows the order: two versions are equal when they order equal
(``ApiVersion.parse("20230101") == ApiVersion.parse("2023-01-01")`` and
``v1 == 1``), so a version can be looked up by any of its spellings.  ``str()``
still returns the exact wire text each was parsed from.  Comparing versions of
different kinds with ``<`` raises :class:`TypeError`; ``==`` is simply false.

A version never equals a ``str``, not even its own wire text:
``ApiVersion.parse("4") == "4"`` is ``False``.  Equal objects must hash alike,
and ``v1`` equals ``1``; were each also equal to its own text, ``"v1"`` and
``"1"`` would need one hash.  Compare ``str(version) == "4"`` (the wire text)
or ``version == ApiVersion.parse("4")`` (the version, any spelling).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from typing import Any

import attrs

__all__ = ["ApiVersion", "Channel", "VersionKind", "deprecated_version", "same_version"]


class Channel(enum.Enum):
    """The release channel of an API version."""

    STABLE = "stable"
    """Generally available; the default."""
    BETA = "beta"
    """Backwards-compatible changes only, promoted to stable later."""
    ALPHA = "alpha"
    """Early access; may change incompatibly."""
    PREVIEW = "preview"
    """A preview (Azure's ``-preview``); may change before it is stable."""
    UNSTABLE = "unstable"
    """No promise at all (a ``playground`` or ``experimental`` version)."""


class VersionKind(enum.Enum):
    """The kind of an :class:`ApiVersion`: versions of one kind are ordered."""

    NUMERIC = "numeric"
    """Integers, dotted and v-prefixed versions (``5``, ``0.6``, ``v1``)."""
    DATE = "date"
    """Dates, with or without dashes, optionally with a release train."""
    NAME = "name"
    """Named versions (``playground``, ``latest``)."""


# Within one base version, the rank of each channel: stable orders last.
_CHANNEL_RANK = {
    Channel.ALPHA: 0,
    Channel.BETA: 1,
    Channel.PREVIEW: 2,
    Channel.STABLE: 3,
    Channel.UNSTABLE: 3,
}
_KIND_RANK = {VersionKind.NUMERIC: 0, VersionKind.DATE: 1, VersionKind.NAME: 2}
_SUFFIX_CHANNEL = {"alpha": Channel.ALPHA, "beta": Channel.BETA, "preview": Channel.PREVIEW}
_NAME_CHANNEL = {
    "playground": Channel.UNSTABLE,
    "experimental": Channel.UNSTABLE,
    "unstable": Channel.UNSTABLE,
    "alpha": Channel.ALPHA,
    "beta": Channel.BETA,
    "preview": Channel.PREVIEW,
}
_MAX_LENGTH = 128

# All patterns are linear: no nested quantifiers over overlapping classes.
_SUFFIX = r"(?:-(?P<channel>alpha|beta|preview))?"
_NUMERIC_RE = re.compile(r"(?P<v>v)?(?P<numbers>[0-9]+(?:\.[0-9]+)*)" + _SUFFIX, re.I | re.A)
_DATE_RE = re.compile(
    r"(?:(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})"
    r"|(?P<y2>[0-9]{4})(?P<m2>[0-9]{2})(?P<d2>[0-9]{2}))"
    r"(?:\.(?P<train>[a-z][a-z0-9_]*))?" + _SUFFIX,
    re.I | re.A,
)
# Only URL-unreserved characters: safe in a header, a path segment and a query value.
_NAME_RE = re.compile(r"[a-z][a-z0-9._~-]*", re.I | re.A)


@attrs.frozen(eq=False, order=False)
class ApiVersion:
    """One API version, as sent on the wire.

    Create instances with :meth:`parse`.  Instances are immutable, hashable
    and picklable; see the module documentation for equality and order.

    Attributes:
        text: The exact wire text (``str(version)`` returns it).
        kind: The :class:`VersionKind`.
        channel: The :class:`Channel` (from the suffix or the name).
        numbers: The numeric components of a numeric version (``(0, 6)``),
            else ``()``.
        date: The date of a date version, else ``None``.
        train: The release train of a date version (``"dahlia"``), else ``None``.
    """

    text: str
    kind: VersionKind
    channel: Channel
    numbers: tuple[int, ...] = ()
    date: dt.date | None = None
    train: str | None = None
    _base_text: str = attrs.field(default="", repr=False, alias="base_text")

    @classmethod
    def parse(cls, text: str | int | ApiVersion) -> ApiVersion:
        """Parse a version from its wire text.

        Args:
            text: The version text (surrounding whitespace is stripped), a
                non-negative ``int``, or an :class:`ApiVersion` (returned as is).

        Returns:
            The parsed version.

        Raises:
            ValueError: The text is empty, too long, contains control or other
                characters that cannot go into a header or query value, or is
                not a version; the message quotes the input.
            TypeError: ``text`` is of another type.
        """
        if isinstance(text, ApiVersion):
            return text
        if isinstance(text, bool) or not isinstance(text, str | int):
            msg = f"an API version must be a str or an int, not {type(text).__name__}"
            raise TypeError(msg)
        if isinstance(text, int):
            if text < 0:
                msg = f"not an API version: {text!r} (negative)"
                raise ValueError(msg)
            text = str(text)
        if any((ord(c) < 32 and c != "\t") or 127 <= ord(c) < 160 for c in text):
            msg = f"not an API version: {text!r} (contains control characters)"
            raise ValueError(msg)
        stripped = text.strip(" \t")
        if not stripped:
            msg = f"not an API version: {text!r} (empty)"
            raise ValueError(msg)
        if len(stripped) > _MAX_LENGTH:
            msg = f"not an API version: {text[:40]!r}... (longer than {_MAX_LENGTH} characters)"
            raise ValueError(msg)
        return _parse_date(stripped) or _parse_numeric(stripped) or _parse_name(text, stripped)

    # ------------------------------------------------------------- properties

    @property
    def base(self) -> ApiVersion:
        """The version without its channel suffix (``v1-beta`` gives ``v1``)."""
        if not self._base_text or self._base_text == self.text:
            return self
        return ApiVersion.parse(self._base_text)

    @property
    def is_prerelease(self) -> bool:
        """Whether the channel is anything but :attr:`Channel.STABLE`."""
        return self.channel is not Channel.STABLE

    @property
    def sort_key(self) -> tuple[Any, ...]:
        """A key that orders all versions, of every kind (numeric, then date, then name).

        Useful to sort a mixed collection; ``<`` itself refuses to compare kinds.
        """
        return (_KIND_RANK[self.kind], self._key())

    def _key(self) -> tuple[Any, ...]:
        rank = _CHANNEL_RANK[self.channel]
        if self.kind is VersionKind.NUMERIC:
            numbers = list(self.numbers)
            while len(numbers) > 1 and numbers[-1] == 0:
                numbers.pop()
            return (tuple(numbers), rank)
        if self.kind is VersionKind.DATE:
            assert self.date is not None
            return (self.date.toordinal(), self.train or "", rank)
        return (self.text.casefold(),)

    # ------------------------------------------------------------ comparisons

    def __repr__(self) -> str:
        return f"ApiVersion({self.text!r})"

    def __str__(self) -> str:
        return self.text

    def __hash__(self) -> int:
        return hash((self.kind, self._key()))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ApiVersion):
            return NotImplemented
        return self.kind is other.kind and self._key() == other._key()

    def _keys(self, other: ApiVersion, op: str) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
        if self.kind is not other.kind:
            msg = (
                f"cannot compare API versions of different kinds with {op!r}: "
                f"{self.text!r} ({self.kind.value}) and {other.text!r} ({other.kind.value})"
            )
            raise TypeError(msg)
        return self._key(), other._key()

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, ApiVersion):
            return NotImplemented
        mine, theirs = self._keys(other, "<")
        return mine < theirs

    def __le__(self, other: object) -> bool:
        if not isinstance(other, ApiVersion):
            return NotImplemented
        mine, theirs = self._keys(other, "<=")
        return mine <= theirs

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, ApiVersion):
            return NotImplemented
        mine, theirs = self._keys(other, ">")
        return mine > theirs

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, ApiVersion):
            return NotImplemented
        mine, theirs = self._keys(other, ">=")
        return mine >= theirs


def _suffix(text: str, match: re.Match[str]) -> tuple[Channel, str]:
    label = match.group("channel")
    if label is None:
        return Channel.STABLE, text
    return _SUFFIX_CHANNEL[label.lower()], text[: match.start("channel") - 1]


def _parse_date(text: str) -> ApiVersion | None:
    match = _DATE_RE.fullmatch(text)
    if match is None:
        return None
    year, month, day = (match.group(k) or match.group(k + "2") for k in ("y", "m", "d"))
    try:
        date = dt.date(int(year), int(month), int(day))
    except ValueError:
        if match.group("y") is not None:
            msg = f"not an API version: {text!r} (not a valid date)"
            raise ValueError(msg) from None
        return None  # eight digits that are no date: an integer version
    channel, base = _suffix(text, match)
    train = match.group("train")
    return ApiVersion(
        text, VersionKind.DATE, channel, date=date, train=train.lower() if train else None,
        base_text=base,
    )  # fmt: skip


def _parse_numeric(text: str) -> ApiVersion | None:
    match = _NUMERIC_RE.fullmatch(text)
    if match is None:
        return None
    numbers = tuple(int(part) for part in match.group("numbers").split("."))
    channel, base = _suffix(text, match)
    return ApiVersion(text, VersionKind.NUMERIC, channel, numbers=numbers, base_text=base)


def _parse_name(original: str, text: str) -> ApiVersion:
    if _NAME_RE.fullmatch(text) is None:
        if not text.isascii() or any(c in text for c in ' "\\,;?&#/=%+'):
            reason = "contains characters that cannot go into a header or query value"
        else:
            reason = "not a number, date or name"
        msg = f"not an API version: {original!r} ({reason})"
        raise ValueError(msg)
    return ApiVersion(text, VersionKind.NAME, _NAME_CHANNEL.get(text.lower(), Channel.STABLE))


def same_version(one: str, other: str) -> bool:
    """Whether two version texts name the same version (``"v1"`` and ``"1"`` do).

    Never raises: texts that are not versions are the same only when they are
    equal, ignoring case and surrounding whitespace.
    """
    if one.strip().lower() == other.strip().lower():
        return True
    try:
        return ApiVersion.parse(one) == ApiVersion.parse(other)
    except (ValueError, TypeError):
        return False


def deprecated_version(requested: str | None, served: str | None) -> str | None:
    """The version a deprecation is about: the one served, when the server names another."""
    if served is not None and (requested is None or not same_version(served, requested)):
        return served
    return requested
