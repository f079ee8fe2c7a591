"""What every transport shows its user about the negotiator behind it."""

from __future__ import annotations

import contextlib

from apiversion_client._core import Negotiator
from apiversion_client._notices import Notice
from apiversion_client._policy import NoticeRecord
from apiversion_client._versions import ApiVersion

__all__ = ["NegotiatorViews"]

# Entered and left by every request without an override: reusable, it holds nothing.
_UNCHANGED: contextlib.AbstractContextManager[None] = contextlib.nullcontext()


class NegotiatorViews:
    """``api_version``, ``notices`` and ``pinned()``, the same on every transport.

    Mixed into sessions, adapters, pool managers, transports and clients; each
    sets ``self.negotiator``.
    """

    negotiator: Negotiator

    def __repr__(self) -> str:
        negotiator = self.negotiator
        pin = negotiator.pin.text if negotiator.pin is not None else None
        return (
            f"<{type(self).__name__} {negotiator.base_url!r} profile={negotiator.profile.name!r} "
            f"api_version={pin!r}>"
        )

    @property
    def api_version(self) -> ApiVersion | None:
        """The pin an unpinned request is sent with."""
        return self.negotiator.pin

    @property
    def notices(self) -> tuple[Notice, ...]:
        """The notices reported so far (once each, oldest first, bounded)."""
        return self.negotiator.reporter.notices

    def notice_records(self) -> tuple[NoticeRecord, ...]:
        """Every distinct notice seen, how often, and on which resources (bounded)."""
        return self.negotiator.reporter.records()

    def _scope(
        self, api_version: str | ApiVersion | None
    ) -> contextlib.AbstractContextManager[ApiVersion | None]:
        """The per-request override: a shared no-op when there is none (most requests)."""
        if api_version is None:
            return _UNCHANGED
        return self.negotiator.pinned(api_version)

    def pinned(
        self, version: str | ApiVersion | None
    ) -> contextlib.AbstractContextManager[ApiVersion | None]:
        """Override the pin for a block, in this thread or asyncio task only.

        Example:
            ``with session.pinned("4"): session.get("/projects")``
        """
        return self.negotiator.pinned(version)
