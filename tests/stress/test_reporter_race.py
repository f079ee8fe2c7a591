"""Threads reporting the same notice at the same moment: it is reported once."""

from __future__ import annotations

import logging
import threading
import time

from apiversion_client import Notice, NoticeKind, Policy, Reporter


class _SlowHandler(logging.Handler):
    """Counts notice records and holds the reporting thread for a moment."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0
        self.guard = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        if hasattr(record, "api_notice"):
            with self.guard:
                self.count += 1
            time.sleep(0.05)


def test_concurrent_reports_of_one_notice_are_deduped():
    """Eight threads reporting one notice together with Action.LOG produce one log record."""
    reporter = Reporter(Policy(default="log"))
    notice = Notice(kind=NoticeKind.DEPRECATED, message="GET /x is deprecated.", resource="GET /x")
    handler = _SlowHandler()
    logger = logging.getLogger("apiversion_client")
    logger.addHandler(handler)
    start = threading.Barrier(8)

    def report() -> None:
        start.wait(10)
        reporter.report([notice])

    threads = [threading.Thread(target=report) for _ in range(8)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
    finally:
        logger.removeHandler(handler)
    assert handler.count == 1
    assert reporter.notices == (notice,)


def test_a_policy_swap_while_threads_report_loses_no_notice():
    """A notice ignored under the old policy is recorded under the new one, whatever the timing."""
    import sys

    notices = (Notice(kind=NoticeKind.DEPRECATED, message="deprecated"),)
    old_interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    lost = 0
    try:
        for _ in range(300):
            reporter = Reporter(Policy(default="ignore"))
            stop = threading.Event()

            def hammer(reporter: Reporter = reporter, stop: threading.Event = stop) -> None:
                while not stop.is_set():
                    reporter.report(notices)

            thread = threading.Thread(target=hammer)
            thread.start()
            reporter.policy = Policy(default="collect")
            stop.set()
            thread.join(10)
            reporter.report(notices)
            lost += not reporter.notices
    finally:
        sys.setswitchinterval(old_interval)
    assert lost == 0
