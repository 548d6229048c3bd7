"""Sharded output with a manifest: what makes ``detente code --resume`` safe.

Layout of an output directory::

    OUT/events-00000.jsonl      events of input records 0 .. N-1
    OUT/documents-00000.jsonl   their document records, one per input record
    OUT/events-00001.jsonl ...
    OUT/manifest.json           the run's settings and, per finished shard, its record counts,
                                the sha256 of its input records and of both files

A shard is written to hidden temporary files, which are renamed into place once complete; the
manifest is then rewritten (temporary file + rename) to list it. A kill at any moment therefore
leaves either a listed, complete shard or nothing that counts (stray temporaries are removed on
the next run), and ``--resume`` recodes exactly the shards not listed. Since shard boundaries
depend only on the input and the shard size, and the coder is deterministic, a resumed run
produces the same files as an uninterrupted one. The manifest holds no timestamps, so it is the
same too.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from detente.executors import Shard, ShardPart
from detente.records import ERROR, OK, SKIPPED
from detente.write import RecordWriter, load_records, open_writer

MANIFEST = "manifest.json"
LAYOUT = "detente-shards/1"


class OutputError(RuntimeError):
    """The output directory cannot be used as asked (a message for the user)."""


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=1, ensure_ascii=False)
        fh.write("\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class ShardedOutput:
    """Writes shards of a run into ``directory`` and keeps its manifest."""

    def __init__(self, directory: str | Path, *, shard_size: int, fmt: str = "jsonl",
                 settings: dict[str, Any] | None = None, resume: bool = False) -> None:
        self.dir = Path(directory)
        self.fmt = fmt
        self.dir.mkdir(parents=True, exist_ok=True)
        for stale in self.dir.glob(".*.tmp-*"):
            stale.unlink(missing_ok=True)
        path = self.dir / MANIFEST
        old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
        wanted = {"layout": LAYOUT, "shard_size": shard_size, "format": fmt,
                  "settings": settings or {}}
        if old is not None and not resume and not old.get("shards"):
            old = None  # a run that stopped before its first shard: nothing to protect
        if old is not None and not resume:
            raise OutputError(f"{self.dir} already holds a coded run ({MANIFEST}); add --resume "
                              "to continue it, or write to a new directory")
        if old is not None:
            for key, value in wanted.items():
                if old.get(key) != value:
                    raise OutputError(
                        f"cannot resume into {self.dir}: its {key} is {old.get(key)!r}, this run's "
                        f"is {value!r}; rerun with the same settings or use a new directory")
        self.manifest: dict[str, Any] = old or {**wanted, "complete": False, "shards": {}}
        self.manifest["complete"] = False
        self._current: int | None = None
        self._writers: dict[str, tuple[Path, Path, RecordWriter, Any]] = {}
        self._counts: dict[str, int] = {}
        self._expected: dict[int, str] = {}
        self.seen = 0
        self._save()

    # -- names ---------------------------------------------------------------------------------
    def file_name(self, kind: str, index: int) -> str:
        return f"{kind}-{index:05d}.{self.fmt}"

    def _save(self) -> None:
        _write_json_atomic(self.dir / MANIFEST, self.manifest)

    # -- resume --------------------------------------------------------------------------------
    def is_done(self, shard: Shard) -> bool:
        """True when ``shard`` is listed as finished, for the same input, with intact files."""
        self.seen = max(self.seen, shard.index + 1)
        entry = self.manifest["shards"].get(str(shard.index))
        if not entry or entry.get("input_sha256") != shard.fingerprint \
                or entry.get("records") != len(shard.docs):
            return False
        for info in entry["files"].values():
            f = self.dir / info["name"]
            if not f.exists() or f.stat().st_size != info["bytes"] or _sha256(f) != info["sha256"]:
                return False
        return True

    def done_counts(self, shard: Shard) -> dict[str, int]:
        return dict(self.manifest["shards"][str(shard.index)]["counts"])

    # -- writing -------------------------------------------------------------------------------
    def expect(self, shard: Shard) -> None:
        """Note a shard sent for coding: its fingerprint goes into the manifest when it is done."""
        self.seen = max(self.seen, shard.index + 1)
        self._expected[shard.index] = shard.fingerprint

    def _start(self, index: int) -> None:
        self._current = index
        self._counts = {"records": 0, OK: 0, SKIPPED: 0, ERROR: 0, "events": 0}
        for kind in ("events", "documents"):
            final = self.dir / self.file_name(kind, index)
            tmp = self.dir / f".{final.name}.tmp-{os.getpid()}"
            ctx = open_writer(tmp, kind, fmt=self.fmt)  # type: ignore[arg-type]
            self._writers[kind] = (tmp, final, ctx.__enter__(), ctx)

    def add(self, part: ShardPart) -> None:
        """Write a part of the open shard (opening it at its first part); commit at its last."""
        if self._current is None:
            self._start(part.shard)
        if self._current != part.shard:
            raise RuntimeError(f"shard {part.shard} part arrived while shard {self._current} "
                               "was open")
        docs = [d for d, _ev in part.coded]
        events = [e for _d, ev in part.coded for e in ev]
        self._writers["documents"][2].write(docs)
        self._writers["events"][2].write(events)
        self._counts["records"] += len(docs)
        self._counts["events"] += len(events)
        for d in docs:
            self._counts[d.get("status", OK)] = self._counts.get(d.get("status", OK), 0) + 1
        if part.last:
            self._commit()

    def _commit(self) -> None:
        files = {}
        for kind, (tmp, final, _w, ctx) in self._writers.items():
            ctx.__exit__(None, None, None)
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, final)
            files[kind] = {"name": final.name, "bytes": final.stat().st_size,
                           "sha256": _sha256(final)}
        _fsync_dir(self.dir)
        self._writers.clear()
        self.manifest["shards"][str(self._current)] = {
            "records": self._counts["records"],
            "input_sha256": self._expected.pop(self._current, ""),
            "counts": dict(self._counts), "files": files}
        self._save()
        self._current = None

    def abort(self) -> None:
        """Drop the shard being written (Ctrl-C): finished shards stay, listed in the manifest."""
        for tmp, _final, _w, ctx in self._writers.values():
            try:
                ctx.__exit__(None, None, None)
            except Exception:
                pass
            tmp.unlink(missing_ok=True)
        self._writers.clear()
        self._current = None

    def finish(self) -> dict[str, int]:
        """Mark the run complete: drop shards beyond the input's end; return the totals."""
        shards = self.manifest["shards"]
        for key in [k for k in shards if int(k) >= self.seen]:
            for info in shards[key]["files"].values():
                (self.dir / info["name"]).unlink(missing_ok=True)
            del shards[key]
        self.manifest["shards"] = {k: shards[k] for k in sorted(shards, key=int)}
        totals: dict[str, int] = {}
        for entry in shards.values():
            for k, v in entry["counts"].items():
                totals[k] = totals.get(k, 0) + v
        self.manifest["totals"] = totals
        self.manifest["complete"] = True
        self._save()
        return totals

    def records(self, kind: str) -> Iterator[list[dict[str, Any]]]:
        """The records of every finished shard, one list per shard, in order (for --db)."""
        for key in sorted(self.manifest["shards"], key=int):
            name = self.manifest["shards"][key]["files"][kind]["name"]
            yield list(load_records(self.dir / name, fmt=self.fmt))
