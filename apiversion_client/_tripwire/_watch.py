"""The tripwire in the core: which responses to check, how much body to read, what to report.

One :class:`TripwireWatch` per negotiator, built only when there are
declarations (``relies=`` or the matrix's ``[[relies]]``); a negotiator without
any pays one ``is None`` test per response.

For a response to a request the core names by a declared template (the
declarations' templates are declared templates too), the watch finds the
declarations for that resource whose version range holds the pin (remembered
per resource and pin, in a bounded cache).  :meth:`TripwireWatch.body_limit`
asks for the body only when one of them reads it for this status, and then
only for a sampled share of responses, up to ``max_body + 1`` bytes (a body
longer than ``max_body`` is not checked).  :meth:`TripwireWatch.drafts` runs
:func:`~apiversion_client._tripwire._check.check` and turns each breaking
change into a draft notice of the kind ``breaking-change``, keyed by (kind,
version, declared resource, category and field): a bounded set.

Immutable after construction but for the cache; safe to share between threads.
"""

from __future__ import annotations

import logging
import random
from typing import TYPE_CHECKING, Any

from apiversion_client._core._caches import BoundedCache
from apiversion_client._core._messages import shown
from apiversion_client._notices import Draft, Notice, NoticeKind, NoticeSource
from apiversion_client._tripwire._check import NOT_READ, NotJson, check, read_body
from apiversion_client._tripwire._model import (
    Breakage,
    BreakingChange,
    Reliance,
    Tripwire,
    template_key,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from apiversion_client._core._outcome import Prepared
    from apiversion_client._errors import ErrorDetails, ErrorParser
    from apiversion_client._matrix import CompatibilityMatrix

__all__ = ["TripwireWatch", "breaking_notice", "watch_for"]

logger = logging.getLogger("apiversion_client")
_CACHED = 512
_KIND = NoticeKind.BREAKING_CHANGE
_NOTHING: tuple[Reliance, ...] = ()


def breaking_notice(change: BreakingChange, url: str, request_id: str | None) -> Notice:
    """The notice of one breaking change: what was promised, what came, and what to do."""
    told = f" (request id {request_id})" if request_id else ""
    return Notice(
        kind=_KIND,
        source=NoticeSource.SERVER,
        message=shown(
            f"{change.message} The response was returned as the server sent it; report this "
            f"to the API's owner{told}, or pin an API version that keeps the promise."
        ),
        requested_version=change.version,
        resource=change.resource,
        url=url,
        detail=change.detail,
        declared_resource=True,
    )


class TripwireWatch:
    """Checks the responses of one negotiator against its declarations.

    Args:
        tripwire: The declarations given in code and the settings.
        matrix: The negotiator's matrix: its ``[[relies]]`` are used too (unless
            ``tripwire.use_matrix`` is false), and a ``404`` on a resource the
            matrix says does not exist at the pin is no removal.
        error_parser: The profile's error parser.
    """

    def __init__(
        self,
        tripwire: Tripwire,
        matrix: CompatibilityMatrix | None,
        error_parser: ErrorParser,
    ) -> None:
        self.tripwire = tripwire
        relies = tripwire.relies
        if matrix is not None and tripwire.use_matrix:
            relies = (*relies, *matrix.relies)
        #: Every declaration watched: code first, then the matrix's.
        self.relies: tuple[Reliance, ...] = relies
        self._matrix = matrix
        self._parser = error_parser
        by_key: dict[tuple[str | None, str], list[Reliance]] = {}
        for reliance in relies:
            by_key.setdefault(reliance.key, []).append(reliance)
        self._by_key = {key: tuple(found) for key, found in by_key.items()}
        self._found: BoundedCache[tuple[Reliance, ...]] = BoundedCache(_CACHED)
        self._rate = tripwire.sample_rate
        self._limit = tripwire.max_body + 1

    @property
    def templates(self) -> tuple[str, ...]:
        """The declared templates: the namer names requests by them."""
        return tuple(dict.fromkeys(reliance.resource for reliance in self.relies))

    def __bool__(self) -> bool:
        return bool(self.relies)

    def matching(self, prepared: Prepared) -> tuple[Reliance, ...]:
        """The declarations that hold for this request (its resource, its pin)."""
        if not prepared.declared:
            return _NOTHING
        resource = prepared.resource
        requested = prepared.requested
        cache_key = (resource, requested)
        found = self._found.get(cache_key)
        if found is None:
            found = self._find(resource, prepared)
            if len(resource) <= 256 and (requested is None or len(requested) <= 64):
                self._found.put(cache_key, found)
        return found

    def _find(self, resource: str, prepared: Prepared) -> tuple[Reliance, ...]:
        method, _, path = resource.partition(" ")
        _, key_path = template_key(None, path)
        candidates = (
            *self._by_key.get((method, key_path), ()),
            *self._by_key.get((None, key_path), ()),
        )
        if not candidates:
            return _NOTHING
        version = prepared.version
        return tuple(reliance for reliance in candidates if version in reliance.versions)

    def body_limit(self, prepared: Prepared, status: int) -> int:
        """How many bytes of the body the checks need (0: none, or not sampled)."""
        relies = self.matching(prepared)
        if not relies or prepared.method == "HEAD":
            return 0
        if not any(reliance.needs_body(status) for reliance in relies):
            return 0
        rate = self._rate
        if rate < 1.0 and (rate <= 0.0 or random.random() >= rate):  # noqa: S311 - a sample
            return 0
        return self._limit

    def drafts(
        self,
        prepared: Prepared,
        status: int,
        body: bytes | str | None,
        request_id: str | None,
    ) -> tuple[Draft, ...]:
        """Check a response against the declarations that hold for it; never raises."""
        relies = self.matching(prepared)
        if not relies:
            return ()
        decoded: Any = NOT_READ
        if body is not None and prepared.method != "HEAD":
            decoded = read_body(body, self.tripwire.max_body)
        details: ErrorDetails | None = None
        if status >= 400 and decoded is not NOT_READ and not isinstance(decoded, NotJson):
            try:
                details = self._parser(decoded)
            except Exception:  # a vendor parser must never break a request
                details = None
        query = ""
        if status >= 400 and "?" in prepared.url:
            query = prepared.url.partition("?")[2].partition("#")[0]
        resource, requested = prepared.resource, prepared.requested
        drafts: list[Draft] = []
        seen: set[str] = set()
        for reliance in relies:
            try:
                changes = check(
                    reliance,
                    status,
                    decoded,
                    details,
                    version=requested,
                    query=query,
                    max_items=self.tripwire.max_items,
                    resource=resource,
                )
            except Exception:  # pragma: no cover - check() never raises; a bug must not either
                logger.exception("apiversion_client tripwire check of %s failed", resource)
                continue
            for change in changes:
                if change.detail in seen:
                    continue  # two declarations, one fact
                if change.category is Breakage.ENDPOINT_REMOVED and not self._should_exist(
                    prepared
                ):
                    continue
                seen.add(change.detail)
                drafts.append(
                    Draft(
                        _KIND,
                        (_KIND, requested, resource, change.detail),
                        resource,
                        breaking_notice,
                        (change, prepared.display_url, request_id),
                        requested,
                    )
                )
        return tuple(drafts)

    def _should_exist(self, prepared: Prepared) -> bool:
        """False when the matrix says the resource does not exist at the pin (a 404 is right)."""
        matrix, version = self._matrix, prepared.version
        if matrix is None or version is None:
            return True
        try:
            state = matrix.resource_status(version, prepared.method, prepared.api_path)
        except (KeyError, ValueError):
            return True
        return state.exists


def watch_for(
    relies: Tripwire | Iterable[Reliance] | Reliance | None,
    matrix: CompatibilityMatrix | None,
    error_parser: ErrorParser,
) -> TripwireWatch | None:
    """The watch a negotiator needs, or ``None`` when nothing is declared."""
    watch = TripwireWatch(Tripwire.of(relies), matrix, error_parser)
    return watch if watch else None
