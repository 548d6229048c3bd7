"""The local executor: this process, or a pool of worker processes on this machine.

Work is sent in chunks of ``batch_size`` documents (not whole shards) so that the progress bar
moves and both cores stay busy even when a run has a single shard; results come back in input
order. At most ``2 * workers`` chunks are in flight, which bounds memory whatever the corpus size.
Workers are started with ``spawn`` (no fork of a parent that runs a progress thread), load the
model once in their initializer, and ignore SIGINT so that Ctrl-C is handled by the parent alone.
"""

from __future__ import annotations

import collections
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from detente.executors import (CoderLoadError, CoderSpec, Coded, Shard, ShardPart, cached_coder,
                               code_batch, failed_record)
from detente.records import Document

_SPEC: CoderSpec | None = None
_LOAD_ERROR: CoderLoadError | None = None


def _init_worker(spec: CoderSpec, parent: int | None = None) -> None:
    global _SPEC, _LOAD_ERROR
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(parent)
    _SPEC = spec
    try:
        cached_coder(spec)  # load the model now, not in the middle of the first chunk
    except CoderLoadError as exc:
        _LOAD_ERROR = exc  # raised with the first chunk, so the parent gets the message


def die_with_parent(parent: int | None = None, poll: float = 1.0) -> None:
    """End this worker when the process that started it dies, even by ``kill -9``.

    Each worker holds the model (~200 MB) and would otherwise live on as an orphan. On Linux the
    kernel sends SIGKILL at once (``prctl(PR_SET_PDEATHSIG)``); everywhere, and as a fallback
    for what prctl misses, a daemon thread checks every ``poll`` seconds whether the parent is
    still the one that started it (an orphan is re-parented to init or a subreaper).
    """
    parent = parent or os.getppid()
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            PR_SET_PDEATHSIG = 1
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(poll)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="detente-parent-watch", daemon=True).start()


def _work(docs: list[Document], batch_size: int, max_chars: int | None) -> list[Coded]:
    if _LOAD_ERROR is not None:
        raise _LOAD_ERROR
    assert _SPEC is not None
    return code_batch(cached_coder(_SPEC), docs, batch_size, max_chars)


class WorkerStartError(RuntimeError):
    """No worker process could code anything (the model failed to load, say)."""


class LocalExecutor:
    """Code shards here (``workers=1``) or in ``workers`` local processes."""

    def __init__(self, spec: CoderSpec, *, workers: int = 1, batch_size: int = 64,
                 max_chars: int | None = None) -> None:
        self.spec, self.workers, self.batch_size = spec, max(1, workers), max(1, batch_size)
        self.max_chars = max_chars
        self._pool: ProcessPoolExecutor | None = None
        self._succeeded = False

    def run(self, shards: Iterable[Shard]) -> Iterator[ShardPart]:
        if self.workers == 1:
            yield from self._run_here(shards)
        else:
            yield from self._run_pool(shards)

    def _chunks(self, shards: Iterable[Shard]) -> Iterator[tuple[int, list[Document], bool]]:
        for shard in shards:
            docs = shard.docs
            for start in range(0, len(docs), self.batch_size):
                end = start + self.batch_size
                yield shard.index, docs[start:end], end >= len(docs)

    def _run_here(self, shards: Iterable[Shard]) -> Iterator[ShardPart]:
        coder = cached_coder(self.spec)
        for index, docs, last in self._chunks(shards):
            yield ShardPart(index, code_batch(coder, docs, self.batch_size, self.max_chars), last)

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.workers,
                                   mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_init_worker, initargs=(self.spec, os.getpid()))

    def _run_pool(self, shards: Iterable[Shard]) -> Iterator[ShardPart]:
        self._pool = self._new_pool()
        pending: collections.deque[tuple[int, list[Document], bool, Future[Any]]] = \
            collections.deque()
        chunks = self._chunks(shards)
        exhausted = False
        while True:
            while not exhausted and len(pending) < 2 * self.workers:
                nxt = next(chunks, None)
                if nxt is None:
                    exhausted = True
                    break
                index, docs, last = nxt
                pending.append((index, docs, last, self._submit(docs)))
            if not pending:
                break
            index, docs, last, fut = pending.popleft()
            try:
                coded = fut.result()
                self._succeeded = True
            except BrokenProcessPool:
                if not self._succeeded:
                    self._probe()
                # A worker died (out of memory, a crash in native code): the documents it held
                # cannot be told apart, so retry them one by one in a fresh pool.
                coded = self._retry_alone(docs)
                pending = collections.deque(
                    (i, d, lst, self._submit(d)) for i, d, lst, _f in pending)
            yield ShardPart(index, coded, last)
        self.close()

    def _probe(self) -> None:
        """After a crash before any success: can a fresh worker start at all?"""
        try:
            self._submit([]).result()
        except BrokenProcessPool:
            self.close()
            raise WorkerStartError("the worker processes stop before coding anything; run with "
                                   "--workers 1 to see the error") from None
        self._succeeded = True

    def _submit(self, docs: list[Document]) -> Future[Any]:
        assert self._pool is not None
        try:
            return self._pool.submit(_work, docs, self.batch_size, self.max_chars)
        except BrokenProcessPool:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._new_pool()
            return self._pool.submit(_work, docs, self.batch_size, self.max_chars)

    def _retry_alone(self, docs: list[Document]) -> list[Coded]:
        out: list[Coded] = []
        for doc in docs:
            try:
                out.extend(self._submit([doc]).result())
            except BrokenProcessPool:
                out.append((failed_record(doc, "the worker process died while coding this "
                                               "document (out of memory?)"), []))
        return out

    def close(self) -> None:
        """Stop the workers; pending work is dropped (used on Ctrl-C and at the end)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
