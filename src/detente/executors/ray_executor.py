"""The Ray executor: one Ray task per input shard, on a local Ray instance or a cluster.

Install with ``pip install -e '.[ray]'``. Without ``address`` a private local instance is started
with ``workers`` CPUs; with ``address="auto"`` (or ``ray://host:10001``) the run joins a running
cluster (``ray start --head`` on the head node, ``ray start --address HEAD:6379`` on the others,
detente installed in the same environment on every node).

Each Ray worker process keeps one Coder per :class:`~detente.executors.CoderSpec` in a module
cache, so the model loads once per worker process, not once per task. Shards are submitted in a
bounded window (``2 x`` the cluster's CPUs) and their results are returned in input order, so the
records are the same as the local executor's. A task that fails for good (after Ray's retries of
crashed workers) turns its documents into error records instead of stopping the run.
"""

from __future__ import annotations

import collections
import os
from collections.abc import Iterable, Iterator
from typing import Any

from detente.executors import (CoderLoadError, CoderSpec, Coded, Shard, ShardPart,
                               failed_record)

INSTALL_HINT = "Ray is not installed: pip install -e '.[ray]'"


class RayMissingError(RuntimeError):
    """The ``ray`` extra is not installed."""


def _import_ray() -> Any:
    try:
        import ray
    except ImportError as exc:
        raise RayMissingError(INSTALL_HINT) from exc
    return ray


def _code_shard(spec: CoderSpec, docs: list[Any], batch_size: int, max_chars: int | None
                ) -> list[Coded]:
    """Body of the Ray task (runs in a Ray worker process)."""
    from detente.executors import cached_coder, code_batch

    return code_batch(cached_coder(spec), docs, batch_size, max_chars)


class RayExecutor:
    """One task per shard; results in input order."""

    def __init__(self, spec: CoderSpec, *, workers: int = 2, batch_size: int = 64,
                 address: str | None = None, max_chars: int | None = None) -> None:
        self.ray = _import_ray()
        self.max_chars = max_chars
        self.spec, self.batch_size = spec, max(1, batch_size)
        self._started_here = False
        if not self.ray.is_initialized():
            os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
            if address:
                self.ray.init(address=address, logging_level="WARNING")
            else:
                # a private instance on this machine: its start-up notices are noise here
                self.ray.init(num_cpus=max(1, workers), include_dashboard=False,
                              logging_level="ERROR", log_to_driver=False)
            self._started_here = True
        cpus = int(self.ray.cluster_resources().get("CPU", workers) or 1)
        self.window = max(2, 2 * cpus)
        self._remote = self.ray.remote(num_cpus=1, max_retries=2)(_code_shard)

    def run(self, shards: Iterable[Shard]) -> Iterator[ShardPart]:
        pending: collections.deque[tuple[Shard, Any]] = collections.deque()
        it = iter(shards)
        exhausted = False
        while True:
            while not exhausted and len(pending) < self.window:
                shard = next(it, None)
                if shard is None:
                    exhausted = True
                    break
                pending.append((shard, self._remote.remote(self.spec, shard.docs,
                                                           self.batch_size, self.max_chars)))
            if not pending:
                break
            shard, ref = pending.popleft()
            try:
                coded = self.ray.get(ref)
            except CoderLoadError as exc:  # Ray re-raises it as a subclass: nothing can run
                raise CoderLoadError(str(exc).strip().splitlines()[-1]) from None
            except Exception as exc:  # RayTaskError, WorkerCrashedError, ...
                first = (str(exc).splitlines() or [""])[0]
                reason = f"Ray task failed: {type(exc).__name__}: {first}"
                coded = [(failed_record(d, reason), []) for d in shard.docs]
            yield ShardPart(shard.index, coded, last=True)

    def close(self) -> None:
        if self._started_here and self.ray.is_initialized():
            self.ray.shutdown()
