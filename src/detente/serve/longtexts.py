"""The server's lane for long texts: one worker process, niced, killed when a text's time is up.

A text over ``runner.HEAVY_CHARS`` characters (a megabyte of run-on text, a data dump pasted
into the page) can cost a minute of CPU. Coded in a thread of the server it would take a share
of the GIL from every ordinary request, and once its time budget is spent nothing could stop it
mid-screening. Here it goes to a separate process instead:

* the process runs at a lower scheduling priority (``nice`` +10), so ordinary requests get the
  cores first and the long text uses what is left;
* when the budget is spent the process is killed (and a fresh one started), so the CPU and the
  memory the text took are given back at once;
* it dies with the server (``executors.local.die_with_parent``).

The price is a second copy of the model in memory (~200 MB), loaded when the server starts.
Long texts are coded one at a time; each waits its turn within its own budget.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from detente.records import CodeResult, Document

#: how much lower than the server a long text's process is scheduled (nice increment)
NICENESS = 10


def _serve(spec: Any, conn: Any, parent: int) -> None:
    """The worker: load the model, then code one document per message until the pipe closes."""
    import signal

    from detente.executors import CoderLoadError, cached_coder
    from detente.executors.local import die_with_parent
    from detente.serve.runner import _failed, _pipe

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(parent)
    try:
        os.nice(NICENESS)
    except OSError:
        pass
    try:
        coder: Any = cached_coder(spec)
    except CoderLoadError as exc:
        coder = exc
    while True:
        try:
            doc = conn.recv()
        except (EOFError, OSError):
            return
        if isinstance(coder, Exception):
            conn.send(_failed(doc, coder))
        else:
            conn.send(_pipe(coder, [doc])[0])


def _exchange(conn: Any, doc: Document, seconds: float | None) -> bool:
    """Send ``doc`` and wait for the answer for at most ``seconds`` in all (in a thread: a
    large text fills the pipe, and sending blocks until the child reads it)."""
    until = None if seconds is None else time.monotonic() + seconds
    conn.send(doc)
    return conn.poll(None if until is None else max(0.0, until - time.monotonic()))


class LongTextProcess:
    """Codes long texts one at a time in a child process, within ``budget`` seconds each."""

    def __init__(self, spec: Any, budget: float | None):
        self.spec, self.budget = spec, budget
        self._proc: Any = None
        self._conn: Any = None
        self._lock: asyncio.Lock | None = None
        self._waiter = ThreadPoolExecutor(1, thread_name_prefix="detente-long-wait")
        self._admin = ThreadPoolExecutor(1, thread_name_prefix="detente-long-start")
        self._ready: Any = None

    def _spawn(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        ours, theirs = ctx.Pipe()
        proc = ctx.Process(target=_serve, args=(self.spec, theirs, os.getpid()),
                           name="detente-long-texts", daemon=True)
        proc.start()
        theirs.close()
        self._proc, self._conn = proc, ours

    def _kill(self) -> None:
        proc, conn = self._proc, self._conn
        self._proc = self._conn = None
        if proc is not None:
            proc.kill()
            proc.join(5)
        if conn is not None:
            conn.close()

    def _restart(self) -> None:
        self._kill()
        self._spawn()

    async def start(self) -> None:
        # the model loads in the child now, not during the first long text's budget
        loop = asyncio.get_running_loop()
        self._ready = loop.run_in_executor(self._admin, self._spawn)

    async def code(self, doc: Document) -> CodeResult:
        loop = asyncio.get_running_loop()
        started = loop.time()
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            if self._ready is not None:
                await self._ready  # a (re)start off the event loop: starting blocks for a while
            left = None if self.budget is None else self.budget - (loop.time() - started)
            if left is not None and left <= 0:
                raise asyncio.TimeoutError  # its time passed while it waited its turn
            if self._proc is None or not self._proc.is_alive():
                await loop.run_in_executor(self._admin, self._restart)
            conn = self._conn
            done = False
            try:
                ready = await loop.run_in_executor(self._waiter, _exchange, conn, doc, left)
                if not ready:
                    raise asyncio.TimeoutError
                result = conn.recv()
                done = True
                return result
            except (EOFError, OSError) as exc:  # the process died (out of memory?)
                from detente.serve.runner import _failed

                return _failed(doc, RuntimeError(f"the long-text worker stopped: {exc!r}"))
            finally:
                if not done:
                    # over budget or cancelled: kill it now (the CPU and memory come back at
                    # once) and start a fresh one, off the event loop and without making this
                    # request's 503 wait for it
                    proc = self._proc
                    if proc is not None:
                        proc.kill()
                    self._ready = loop.run_in_executor(self._admin, self._restart)

    def close(self) -> None:
        self._admin.shutdown(wait=True)
        self._kill()
        self._waiter.shutdown(wait=False, cancel_futures=True)
