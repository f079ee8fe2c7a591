"""Read a urllib3 response's headers for the core (used by requests and urllib3), cheaply."""

from __future__ import annotations

from typing import Any

from apiversion_client._core import Negotiator, Outcome, Prepared, _attach

__all__ = ["inspect_urllib3"]


def inspect_urllib3(
    negotiator: Negotiator,
    prepared: Prepared,
    status: int,
    headers: Any,
    body: bytes | None,
    response: Any,
) -> Outcome:
    """Read a response's urllib3 ``HTTPHeaderDict`` and :func:`attach` what was found to it.

    urllib3 keeps each name's lines together under the lower-cased name, as
    ``[name, value, value...]``: the core looks its few names up there
    (:meth:`Negotiator.inspect_grouped`), several times faster than walking
    the ``items()`` view, which looks every name up again.  Other mappings
    are read line by line; when ``headers`` is not a mapping at all (a
    requests response whose ``raw`` is not urllib3's), ``response.headers``.

    Returns the outcome for :meth:`Negotiator.settle`; its ``request_id`` may
    be another response's (the response carries its own as ``api_request_id``).
    """
    container = getattr(headers, "_container", None)
    if type(container) is dict:
        outcome, request_id = negotiator._read_grouped(prepared, status, container, body, 1)
        _attach(response, prepared, outcome, request_id)
        return outcome
    if not hasattr(headers, "items"):
        headers = response.headers
    outcome = negotiator.inspect(prepared, status, headers, body)
    _attach(response, prepared, outcome, outcome.request_id)
    return outcome
