"""Start a real server in a subprocess on 127.0.0.1, wait for it (bounded), stop it for sure.

The test process binds 127.0.0.1 port 0 itself and hands the listening socket
to the child (``pass_fds``): no port is guessed, none can be taken by another
process in between.  The child's output goes to a log file, quoted when the
server does not come up.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import attrs

HERE = Path(__file__).resolve().parent
#: Seconds a server has to answer its readiness probe (imports on a busy 2-core machine).
START_DEADLINE = 60.0
#: Seconds a server has to exit after SIGTERM before it is killed.
STOP_TIMEOUT = 10.0
_PROBE_TIMEOUT = 2.0


class ServerDidNotStart(RuntimeError):
    """The server exited or did not answer before the deadline; the message quotes its log."""


@attrs.define
class RunningServer:
    """A server process and where it listens."""

    app: str
    url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log_tail(self, limit: int = 4000) -> str:
        """The end of the server's output."""
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return text[-limit:]

    def stop(self) -> None:
        """Terminate, wait (bounded), kill if it must; remove the log."""
        process = self.process
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=STOP_TIMEOUT)
        self.log_path.unlink(missing_ok=True)


def _listening_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind(("127.0.0.1", 0))
        sock.listen(64)
    except OSError:
        sock.close()
        raise
    return sock


def _answers(port: int, path: str) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=_PROBE_TIMEOUT)
    try:
        connection.request("GET", path)
        return connection.getresponse().status < 500
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()


def start(app: str, ready_path: str, *, deadline: float = START_DEADLINE) -> RunningServer:
    """Start ``_serve.py app`` and return once ``ready_path`` answers.

    Raises:
        ServerDidNotStart: The process exited, or did not answer within
            ``deadline`` seconds (it is stopped first).
    """
    sock = _listening_socket()
    port = sock.getsockname()[1]
    fd, log_name = tempfile.mkstemp(prefix=f"interop-{app}-", suffix=".log")
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    try:
        process = subprocess.Popen(
            [sys.executable, str(HERE / "_serve.py"), app, str(sock.fileno())],
            pass_fds=(sock.fileno(),),
            stdin=subprocess.DEVNULL,
            stdout=fd,
            stderr=subprocess.STDOUT,
            cwd=HERE,
            env=env,
        )
    finally:
        os.close(fd)
        sock.close()  # the child holds its own copy
    server = RunningServer(app, f"http://127.0.0.1:{port}", process, Path(log_name))
    end = time.monotonic() + deadline
    while True:
        if process.poll() is not None:
            tail = server.log_tail()
            server.stop()
            raise ServerDidNotStart(
                f"{app} server exited with {process.returncode} before answering:\n{tail}"
            )
        if _answers(port, ready_path):
            return server
        if time.monotonic() > end:
            tail = server.log_tail()
            server.stop()
            raise ServerDidNotStart(
                f"{app} server did not answer GET {ready_path} within {deadline:.0f} s:\n{tail}"
            )
        time.sleep(0.1)
