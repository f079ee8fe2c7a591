"""Read a urllib3 response's headers for the core (used by requests and urllib3), cheaply."""

from __future__ import annotations

from typing import Any

from apiversion_client._core import Negotiator, Outcome, Prepared

__all__ = ["inspect_urllib3"]


def inspect_urllib3(
    negotiator: Negotiator,
    prepared: Prepared,
    status: int,
    headers: Any,
    body: bytes | None,
    response: Any = None,
) -> Outcome:
    """``negotiator.inspect`` of a urllib3 ``HTTPHeaderDict`` (or any mapping of headers).

    urllib3 keeps each name's lines together under the lower-cased name, as
    ``[name, value, value...]``: the core looks its few names up there
    (:meth:`Negotiator.inspect_grouped`), several times faster than walking
    the ``items()`` view, which looks every name up again.  Other mappings
    are read line by line; when ``headers`` is not a mapping at all (a
    requests response whose ``raw`` is not urllib3's), ``response.headers``.
    """
    container = getattr(headers, "_container", None)
    if type(container) is dict:
        return negotiator.inspect_grouped(prepared, status, container, body, skip=1)
    if not hasattr(headers, "items") and response is not None:
        headers = response.headers
    return negotiator.inspect(prepared, status, headers, body)
