"""Where coding runs, so that the event loop never waits on spaCy.

Coding one text is CPU work of tens of milliseconds to seconds. Run on the event loop it would
freeze every other request (and ``/v1/health``) for that long, so each request hands its
documents to a runner and awaits the result. Two strategies, chosen with ``detente serve
--runner``; ``benchmarks/load.py`` measures both:

``batch`` (default)
    Coding threads (``workers``, one per core up to 4) each take every document waiting in the
    queue (up to ``max_batch``) and code them with one ``Coder.pipe`` call, so concurrent
    requests share spaCy's batching, and a burst waits in the queue, not in the loop. With
    ``workers=1`` only one thread ever touches the model, the safe choice should a coder
    component keep state that is not thread-safe.

``threads``
    A bounded pool of ``workers`` threads, each calling ``Coder.pipe`` on one request's
    documents. spaCy's Cython and numpy code release the GIL for part of the work, so threads
    overlap; but each request is parsed alone.

Measured with ``benchmarks/load.py`` (500 news items, 20 concurrent, 2 cores shared with other
work, so ranges over several runs): ``batch`` with 2 threads served 88-129 requests/s (p50
136-214 ms), with 1 thread 65-99, with 4 threads 58; ``threads`` with 1-2 threads 43-76
requests/s (p50 233-472 ms).

Long texts (over ``HEAVY_CHARS``) take a lane of their own in both, coded one at a time under
the request's time budget: in the server a niced child process that is killed when the budget
is spent (``longtexts.py``), else a thread that stops parsing then (``parse.deadline``). A client
pasting a megabyte of run-on text so holds that lane only, every other request keeps the
coding threads, and the request is answered 503 (see ``app.py``).

Both use ``Coder.pipe``, whose contract is one result per document and a document record with
status ``error`` instead of an exception for a bad document, so one request's failure never
reaches another's.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

from detente.records import ERROR, CodeResult, Document, DocumentRecord

RUNNERS = ("batch", "threads")

#: texts longer than this (characters) are coded in the long-text lane, one at a time; a long
#: news story is 10-20 thousand characters
HEAVY_CHARS = 20_000


class Runner(Protocol):
    """What the app needs: code documents without blocking the loop."""

    name: str
    workers: int

    async def code_many(self, docs: Sequence[Document]) -> list[CodeResult]: ...

    async def start(self) -> None: ...

    async def close(self) -> None: ...


def default_workers() -> int:
    """One thread per core, at most 4: more threads only contend for the GIL."""
    return max(1, min(4, os.cpu_count() or 1))


def _pipe(coder: Any, docs: Sequence[Document], budget: float | None = None
          ) -> list[CodeResult]:
    """Code ``docs`` in this (worker) thread; never raises, one result per document.

    ``budget``: seconds after which parsing stops (the documents then get status error).
    """
    from detente.parse import deadline

    try:
        with deadline(budget):
            results = list(coder.pipe(list(docs)))
    except Exception as exc:  # a coder bug must not take the server down: record it per document
        return [_failed(d, exc) for d in docs]
    if len(results) != len(docs):  # the pipe contract was broken: do not hand out wrong results
        exc = RuntimeError(f"coder returned {len(results)} results for {len(docs)} documents")
        return [_failed(d, exc) for d in docs]
    return results


def _failed(doc: Document, exc: BaseException) -> CodeResult:
    reason = f"internal error: {type(exc).__name__}: {exc}"
    return CodeResult(document=DocumentRecord(doc_id=doc.id, status=ERROR, reason=reason,
                                              date=doc.date, meta=dict(doc.meta)), events=[])


class HeavyLane:
    """One thread for long texts, coded one at a time with a time budget each (used when no
    ``CoderSpec`` is given to build the long-text process of ``longtexts.py`` from)."""

    def __init__(self, coder: Any, budget: float | None):
        self.coder, self.budget = coder, budget
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="detente-long")
        self._lock: asyncio.Lock | None = None

    async def code(self, doc: Document) -> CodeResult:
        loop = asyncio.get_running_loop()
        # the budget counts from now, not from when the lane is free: a request waiting behind
        # another long text is answered 503 when its time is up, and its text is never parsed
        started = loop.time()
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            left = None if self.budget is None else self.budget - (loop.time() - started)
            if left is not None and left <= 0:
                raise asyncio.TimeoutError
            [result] = await loop.run_in_executor(self._pool, _pipe, self.coder, [doc], left)
        return result

    async def start(self) -> None:
        return None

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def _heavy_lane(coder: Any, budget: float | None, spec: Any) -> Any:
    if spec is None:
        return HeavyLane(coder, budget)
    from detente.serve.longtexts import LongTextProcess

    return LongTextProcess(spec, budget)


async def _with_heavy(docs: Sequence[Document], lane: HeavyLane, code_rest) -> list[CodeResult]:
    """Long texts through ``lane``, the rest through ``code_rest``, results in input order."""
    heavy = [i for i, d in enumerate(docs) if len(d.text) > HEAVY_CHARS]
    if not heavy:
        return await code_rest(list(docs))
    light = [i for i in range(len(docs)) if i not in set(heavy)]
    tasks = [lane.code(docs[i]) for i in heavy]
    if light:
        tasks.append(code_rest([docs[i] for i in light]))
    done = await asyncio.gather(*tasks)
    out: list[Any] = [None] * len(docs)
    for i, r in zip(heavy, done[:len(heavy)]):
        out[i] = r
    for i, r in zip(light, done[len(heavy)] if light else []):
        out[i] = r
    return out


class ThreadRunner:
    """Each request's documents are coded by one thread of a bounded pool."""

    name = "threads"

    def __init__(self, coder: Any, workers: int | None = None, budget: float | None = None,
                 spec: Any = None):
        self.coder = coder
        self.workers = workers or default_workers()
        self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="detente-code")
        self._heavy = _heavy_lane(coder, budget, spec)

    async def start(self) -> None:
        await self._heavy.start()

    async def code_many(self, docs: Sequence[Document]) -> list[CodeResult]:
        return await _with_heavy(docs, self._heavy, self._code_light)

    async def _code_light(self, docs: list[Document]) -> list[CodeResult]:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, _pipe, self.coder, docs)

    async def close(self) -> None:
        self._heavy.close()
        self._pool.shutdown(wait=True, cancel_futures=True)


class BatchRunner:
    """Coding threads that take every document waiting (up to ``max_batch``) in one ``pipe``.

    With ``workers`` > 1, up to that many batches are coded at once, each in its own thread.
    """

    name = "batch"

    def __init__(self, coder: Any, workers: int | None = None, max_batch: int = 64,
                 budget: float | None = None, spec: Any = None):
        self.coder = coder
        self._heavy = _heavy_lane(coder, budget, spec)
        self.workers = workers or default_workers()
        self.max_batch = max_batch
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="detente-batch")
        self._queue: asyncio.Queue[tuple[Document, asyncio.Future]] | None = None
        self._task: asyncio.Task | None = None
        self._running: set[asyncio.Task] = set()

    async def start(self) -> None:
        await self._heavy.start()
        self._queue = asyncio.Queue()
        self._task = asyncio.create_task(self._serve(), name="detente-batcher")

    async def code_many(self, docs: Sequence[Document]) -> list[CodeResult]:
        return await _with_heavy(docs, self._heavy, self._code_light)

    async def _code_light(self, docs: Sequence[Document]) -> list[CodeResult]:
        if self._queue is None:
            raise RuntimeError("BatchRunner.start() was not called")
        loop = asyncio.get_running_loop()
        futures = []
        for doc in docs:
            fut = loop.create_future()
            self._queue.put_nowait((doc, fut))
            futures.append(fut)
        return list(await asyncio.gather(*futures))

    async def _serve(self) -> None:
        assert self._queue is not None
        free = asyncio.Semaphore(self.workers)
        while True:
            await free.acquire()  # a thread is free: whatever waits now forms its batch
            batch = [await self._queue.get()]
            while len(batch) < self.max_batch and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            task = asyncio.create_task(self._code(batch, free))
            self._running.add(task)
            task.add_done_callback(self._running.discard)

    async def _code(self, batch: list[tuple[Document, asyncio.Future]],
                    free: asyncio.Semaphore) -> None:
        try:
            live = [(d, f) for d, f in batch if not f.cancelled()]  # clients that went away
            if not live:
                return
            loop = asyncio.get_running_loop()
            results = await loop.run_in_executor(self._pool, _pipe, self.coder,
                                                 [d for d, _ in live])
            for (_, fut), result in zip(live, results):
                if not fut.done():
                    fut.set_result(result)
        finally:
            free.release()

    async def close(self) -> None:
        for task in [self._task, *self._running]:
            if task is not None:
                task.cancel()
        for task in [self._task, *self._running]:
            if task is not None:
                try:
                    await task
                except asyncio.CancelledError:
                    pass
        self._heavy.close()
        self._pool.shutdown(wait=True, cancel_futures=True)


def make_runner(coder: Any, kind: str = "batch", workers: int | None = None,
                budget: float | None = None, spec: Any = None) -> Runner:
    """The runner named ``kind`` ("batch" or "threads") around ``coder``; ``budget`` is the
    time limit of a long text in the long-text lane, which is a process building its coder from
    ``spec`` (a ``CoderSpec``) when one is given, else a thread sharing ``coder``."""
    if kind == "threads":
        return ThreadRunner(coder, workers, budget, spec)
    if kind == "batch":
        return BatchRunner(coder, workers, budget=budget, spec=spec)
    raise ValueError(f"unknown runner {kind!r}: choose one of {', '.join(RUNNERS)}")
