"""Transports: thin translations between HTTP client libraries and the core.

* :mod:`apiversion_client.transports.requests`: ``VersionedAdapter``,
  ``VersionedSession``, ``mount`` (also importable from the top level).
"""
