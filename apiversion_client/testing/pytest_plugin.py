"""The apiversion_client pytest plugin (entry point ``pytest11``).

Collects every notice seen during a test run; see issue 6 for the full plugin.
"""
