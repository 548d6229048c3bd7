"""Run ``detente serve`` in a child process, for tests, benchmarks and scripts.

Tests and ``benchmarks/load.py`` exercise the server the way users run it, through the CLI in its
own process on a real socket, not an in-process test client: this finds what only a real server
shows (the lifespan, uvicorn's HTTP parser, the body limit on a real stream, thread pools).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Sequence


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


class ServerProcess:
    """``with ServerProcess() as server: httpx.get(server.url + "/v1/health")``.

    Starts ``detente serve`` on a free loopback port, waits until ``/v1/health`` answers (the
    model is loaded by then), and stops the process on exit. Its output goes to ``log_path``,
    which :meth:`log` reads back for failure messages.
    """

    def __init__(self, *args: str, host: str = "127.0.0.1", port: int | None = None,
                 timeout: float = 180.0, log_path: str | Path | None = None):
        self.host = host
        self.port = port or free_port(host)
        self.args: Sequence[str] = args
        self.timeout = timeout
        self.url = f"http://{host}:{self.port}"
        self.log_path = Path(log_path) if log_path else Path(
            tempfile.mkstemp(prefix="detente-serve-", suffix=".log")[1])
        self.proc: subprocess.Popen | None = None

    def start(self) -> "ServerProcess":
        cmd = [sys.executable, "-m", "detente.cli", "serve", "--host", self.host,
               "--port", str(self.port), "--log-level", "warning", *self.args]
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env,
                                         stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"detente serve exited with {self.proc.returncode}:\n"
                                   f"{self.log()}")
            try:
                with urllib.request.urlopen(self.url + "/v1/health", timeout=2) as r:
                    if r.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"detente serve did not answer within {self.timeout:.0f}s:\n"
                           f"{self.log()}")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-5000:]
        except OSError:
            return ""

    def __enter__(self) -> "ServerProcess":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
