"""Transports: thin translations between HTTP client libraries and the core.

Each transport only translates; every decision is the I/O-free
:class:`~apiversion_client.Negotiator`'s.

* :mod:`apiversion_client.transports.requests`: ``VersionedAdapter``,
  ``VersionedSession``, ``mount`` (also importable from the top level).
* :mod:`apiversion_client.transports.urllib3`: ``VersionedPoolManager``.
* :mod:`apiversion_client.transports.httpx` (extra ``apiversion-client[httpx]``):
  ``VersionedTransport``, ``AsyncVersionedTransport``, ``VersionedClient``,
  ``AsyncVersionedClient``.
* :mod:`apiversion_client.transports.aiohttp` (extra ``apiversion-client[aiohttp]``,
  aiohttp 3.12 or later): ``VersionedMiddleware`` (a client middleware for any
  ``aiohttp.ClientSession``), ``VersionedClientSession``.
"""
