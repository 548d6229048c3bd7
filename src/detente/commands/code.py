"""``detente code``: code files, directories or stdin into PLOVER event records.

Two output modes:

* **files** — ``-o events.jsonl|.parquet|.csv`` (or standard output as JSONL without ``-o``),
  ``--docs documents.jsonl`` for the document records; written as the run goes, so Ctrl-C keeps
  what was coded. For small and medium runs.
* **shards** — ``-o DIR`` (an existing directory, a path ending in ``/``, or one without a
  known extension) or ``--resume``: ``DIR/events-NNNNN.jsonl``, ``DIR/documents-NNNNN.jsonl``
  and ``DIR/manifest.json`` (see :mod:`detente.executors.shards`); ``--resume`` recodes only
  the shards that are not finished, and the result is the same as an uninterrupted run.

Every input record gets one document record (status ok, skipped or error, with a reason). The
exit code is 1 when any document has status error, 0 otherwise (2 for a usage error, 130 when
interrupted).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from detente.executors import (MAX_CHARS, CoderLoadError, CoderSpec, Shard, ShardPart, iter_shards,
                               make_executor)
from detente.executors.local import WorkerStartError
from detente.read import count_records, read_documents, unique_ids
from detente.read import format_of as read_format_of
from detente.records import ERROR, OK, SKIPPED
from detente.write import FORMATS, format_of, open_writer

_GLOB = re.compile(r"[*?\[]")

#: errors listed on stderr at the end of a run that has no --docs file to hold them
SHOW_ERRORS = 5


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="files, directories, globs, or - for stdin (.txt .html .jsonl .csv "
                             ".parquet, optionally .gz)")
    parser.add_argument("-o", "--output", metavar="OUT",
                        help="events file (.jsonl .parquet .csv; default JSONL on stdout), or a "
                             "directory for sharded output with a manifest")
    parser.add_argument("--docs", metavar="DOCS",
                        help="document records file (.jsonl .parquet .csv), one per input record")
    parser.add_argument("--db", metavar="DB", help="also store events and documents in this "
                                                   "DuckDB file")
    parser.add_argument("--dictionary", action="append", default=[], metavar="FILE",
                        help="extra actors: a gazetteer YAML (states, igos, actors) or an "
                             "office-holder TSV; repeatable")
    parser.add_argument("--lang", choices=("en", "any"), default="en",
                        help="en: skip documents that are not English (default); any: code all")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="worker processes (default: all cores; 1 = in this process)")
    parser.add_argument("--executor", choices=("local", "ray"), default="local",
                        help="local processes (default) or Ray, one task per shard")
    parser.add_argument("--address", metavar="ADDR",
                        help="Ray cluster to join (e.g. auto); default: start Ray locally")
    parser.add_argument("--resume", action="store_true",
                        help="continue a sharded run in OUT, skipping finished shards")
    parser.add_argument("--fail-fast", action="store_true",
                        help="stop at the first document with status error")
    parser.add_argument("--batch-size", type=int, default=64, metavar="N",
                        help="documents per parsing batch and per work unit (default 64)")
    parser.add_argument("--shard-size", type=int, default=None, metavar="N",
                        help="input records per output shard / Ray task (default 1000)")
    parser.add_argument("--max-chars", type=int, default=MAX_CHARS, metavar="N",
                        help=f"skip (with a reason) documents longer than N characters "
                             f"(default {MAX_CHARS:,}; 0 = no limit)")
    parser.add_argument("--format", choices=FORMATS, default="jsonl", dest="shard_format",
                        help="file format of the shards in an output directory (default jsonl)")
    parser.add_argument("--crawl", action="store_true",
                        help="two passes: first find phrases injected across many documents "
                             "(junk everywhere, even where they occur once), then code with "
                             "them masked; needs files, not stdin")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.add_argument("--model", choices=("rules", "hybrid"), default="rules",
                        help="rules alone (default), or rules with the learned event model, "
                             "which proposes event types the lexicon missed and vetoes "
                             "implausible ones")


class UsageError(Exception):
    """A problem with the command line, reported as one line and exit code 2."""


def _is_directory_output(out: str | None) -> bool:
    if out is None or out == "-":
        return False
    if out.endswith(("/", os.sep)) or Path(out).is_dir():
        return True
    try:
        format_of(out)
    except ValueError:
        return not Path(out).suffix
    return False


def _dictionary_settings(paths: list[str]) -> list[dict[str, str]]:
    out = []
    for p in paths:
        try:
            digest = hashlib.sha256(Path(p).read_bytes()).hexdigest()
        except OSError as exc:
            raise UsageError(f"--dictionary {p}: {exc.strerror or exc}") from exc
        out.append({"path": Path(p).name, "sha256": digest})
    return out


class Stats:
    """Counts shown by the progress bar and the final summary."""

    def __init__(self) -> None:
        self.docs = self.events = 0
        self.status = {OK: 0, SKIPPED: 0, ERROR: 0}
        self.resumed = 0
        self.errors: list[tuple[str, str]] = []
        #: (input id, new id) of records renamed because their id was already used
        self.duplicates: list[tuple[str, str]] = []

    def add(self, coded: list[tuple[dict[str, Any], list[dict[str, Any]]]]) -> None:
        for doc, events in coded:
            self.docs += 1
            self.events += len(events)
            st = doc.get("status", OK)
            self.status[st] = self.status.get(st, 0) + 1
            if st == ERROR and len(self.errors) < SHOW_ERRORS:
                self.errors.append((str(doc.get("doc_id")), str(doc.get("reason"))))

    def add_done(self, counts: dict[str, int]) -> None:
        self.resumed += counts.get("records", 0)
        self.docs += counts.get("records", 0)
        self.events += counts.get("events", 0)
        for st in (OK, SKIPPED, ERROR):
            self.status[st] += counts.get(st, 0)


class Progress:
    """A rich progress bar on stderr when it is a terminal; nothing otherwise."""

    def __init__(self, enabled: bool, total: int | None) -> None:
        self._bar = None
        if not enabled:
            return
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress as Bar, SpinnerColumn,
                                   TextColumn, TimeElapsedColumn, TimeRemainingColumn)

        self._bar = Bar(SpinnerColumn(), TextColumn("coding"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.fields[rate]} docs/s  events {task.fields[events]}  "
                                   "errors {task.fields[errors]}"),
                        TimeElapsedColumn(), TimeRemainingColumn(),
                        console=Console(stderr=True), transient=False)
        self._bar.start()
        self._task = self._bar.add_task("code", total=total, rate="-", events=0, errors=0)
        self._t0 = time.monotonic()
        self._base = 0

    def update(self, stats: Stats) -> None:
        if self._bar is None:
            return
        coded = stats.docs - stats.resumed
        elapsed = max(1e-6, time.monotonic() - self._t0)
        self._bar.update(self._task, completed=stats.docs, rate=f"{coded / elapsed:,.1f}",
                         events=f"{stats.events:,}", errors=stats.status[ERROR])

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


class FileOutput:
    """Events (and document records, and DuckDB rows) written as the run goes."""

    def __init__(self, events: str | None, docs: str | None, db: str | None) -> None:
        self._ctx = [open_writer(events, "events")]
        if docs:
            self._ctx.append(open_writer(docs, "documents"))
        self._events = self._ctx[0].__enter__()
        self._docs = self._ctx[1].__enter__() if docs else None
        self._store = _open_store(db) if db else None

    def add(self, part: ShardPart) -> None:
        docs = [d for d, _ in part.coded]
        events = [e for _, ev in part.coded for e in ev]
        self._events.write(events)
        if self._docs is not None:
            self._docs.write(docs)
        if self._store is not None:
            self._store.write_documents(docs)
            self._store.write_events(events)

    def close(self) -> None:
        for ctx in reversed(self._ctx):
            ctx.__exit__(None, None, None)
        if self._store is not None:
            self._store.close()


def _open_store(path: str) -> Any:
    from detente.store import DuckDBStore

    return DuckDBStore(path)


def _sigterm_as_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def run(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except UsageError as exc:
        print(f"detente code: {exc}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    sharded = args.resume or _is_directory_output(args.output)
    if args.resume and not _is_directory_output(args.output):
        raise UsageError("--resume needs -o DIR (a directory for sharded output)")
    if args.address and args.executor != "ray":
        raise UsageError("--address is for --executor ray")
    if args.batch_size < 1 or args.workers < 1 or (args.shard_size or 1) < 1:
        raise UsageError("--batch-size, --workers and --shard-size must be at least 1")
    if not sharded:
        for opt, path in (("-o", args.output), ("--docs", args.docs)):
            if path and path != "-":
                try:
                    format_of(path)
                except ValueError as exc:
                    raise UsageError(f"{opt}: {exc}") from exc
    elif args.docs:
        raise UsageError("--docs is for single-file output; a directory output holds the "
                         "document records itself (documents-NNNNN files)")
    _check_not_input(args)
    max_chars = args.max_chars if args.max_chars > 0 else None
    settings = {"lang": args.lang, "dictionaries": _dictionary_settings(args.dictionary),
                "max_chars": max_chars}
    junk: tuple[str, ...] = ()
    if getattr(args, "crawl", False):
        junk = _crawl_pass(args.paths)
        settings["junk_phrases"] = list(junk)
    spec = CoderSpec(dictionaries=tuple(args.dictionary), lang=args.lang, junk_phrases=junk,
                     model=args.model)

    shard_size = args.shard_size
    out = None
    if sharded:
        from detente.executors.shards import OutputError, ShardedOutput

        if shard_size is None:
            shard_size = _manifest_shard_size(args.output) if args.resume else None
        shard_size = shard_size or 1000
        try:
            out = ShardedOutput(args.output, shard_size=shard_size, fmt=args.shard_format,
                                settings=settings, resume=args.resume)
        except OutputError as exc:
            raise UsageError(str(exc)) from exc
        except (OSError, ValueError) as exc:  # not a directory, unreadable manifest, ...
            raise UsageError(f"-o {args.output}: {exc}") from exc
    shard_size = shard_size or 1000

    show = not args.no_progress and sys.stderr.isatty()
    total = count_records(args.paths) if (show or args.workers > 1) else None
    workers = args.workers
    if args.executor == "local" and total is not None and total <= args.batch_size:
        workers = 1  # one batch: starting processes would cost more than it saves

    try:
        executor = make_executor(args.executor, spec, workers=workers,
                                 batch_size=args.batch_size, address=args.address,
                                 max_chars=max_chars)
    except RuntimeError as exc:  # RayMissingError and Ray start-up failures
        raise UsageError(str(exc)) from exc

    if out is None:
        try:
            out = FileOutput(None if args.output in (None, "-") else args.output, args.docs,
                             args.db)
        except Exception as exc:
            executor.close()
            raise UsageError(f"cannot open output: {exc}") from exc

    stats = Stats()
    duplicates = stats.duplicates
    progress = Progress(show, total)
    old_term = signal.signal(signal.SIGTERM, _sigterm_as_interrupt)
    interrupted = failed_fast = False
    fatal = None
    try:
        shards = iter_shards(unique_ids(read_documents(args.paths), duplicates), shard_size)
        for part in executor.run(_todo(shards, out, stats, progress)):
            if args.fail_fast and any(d.get("status") == ERROR for d, _ in part.coded):
                cut = next(i for i, (d, _) in enumerate(part.coded) if d.get("status") == ERROR)
                part = ShardPart(part.shard, part.coded[:cut + 1], last=False)
                failed_fast = True
            out.add(part)
            stats.add(part.coded)
            progress.update(stats)
            if failed_fast:
                break
    except KeyboardInterrupt:
        interrupted = True
    except (CoderLoadError, WorkerStartError) as exc:
        fatal = str(exc)
    finally:
        signal.signal(signal.SIGTERM, old_term)
        progress.close()
        executor.close()
        if sharded and (interrupted or failed_fast or fatal):
            out.abort()
        elif not sharded:
            out.close()

    if fatal:
        print(f"detente code: {fatal}", file=sys.stderr)
        return 2
    if interrupted or failed_fast:
        _summary(stats, args, sharded)
        if interrupted:
            where = (f"finished shards are kept in {args.output}; rerun with --resume to go on"
                     if sharded else "what was coded so far is written")
            print(f"interrupted: {where}", file=sys.stderr)
            return 130
        doc_id, reason = stats.errors[0] if stats.errors else ("?", "?")
        print(f"stopped at the first error (--fail-fast): {doc_id}: {reason}", file=sys.stderr)
        return 1

    if sharded:
        out.finish()
        if args.db:
            try:
                _load_db(out, args.db)
            except Exception as exc:  # StoreLockedError and friends: the shards are complete
                _summary(stats, args, sharded)
                print(f"detente code: --db {args.db}: {exc}", file=sys.stderr)
                return 2
    _summary(stats, args, sharded)
    return 1 if stats.status[ERROR] else 0


def _crawl_pass(paths: list[str]) -> tuple[str, ...]:
    """Pass 1 of ``--crawl``: the phrases judged junk across the input (see
    :mod:`detente.screen.crawl` for why two passes)."""
    from detente.screen.crawl import scan_documents

    if any(p == "-" for p in paths):
        raise UsageError("--crawl reads the input twice: give files, not stdin")
    scan = scan_documents(read_documents(paths))
    junk = tuple(scan.phrases().strings())
    shown = ", ".join(repr(p) for p in junk[:5]) + (" ..." if len(junk) > 5 else "")
    print(f"detente code: crawl pass over {scan.docs:,} documents: {len(junk)} junk phrase"
          f"{'' if len(junk) == 1 else 's'}{': ' + shown if junk else ''}", file=sys.stderr)
    return junk


def _todo(shards: Iterator[Shard], out: Any, stats: Stats, progress: Progress
          ) -> Iterator[Shard]:
    """The shards still to code: finished ones of a resumed run are counted and passed over."""
    from detente.executors.shards import ShardedOutput

    for shard in shards:
        if isinstance(out, ShardedOutput):
            if out.is_done(shard):
                stats.add_done(out.done_counts(shard))
                progress.update(stats)
                continue
            out.expect(shard)
        yield shard


def _check_not_input(args: argparse.Namespace) -> None:
    """Refuse outputs that would write over an input or be read back as one.

    ``-o``, ``--docs`` or ``--db`` naming an input file would truncate it before it is read;
    an output (file or directory) inside an input directory would be read as input by the next
    run (``--resume`` included), so both are usage errors, checked before anything is opened.
    """
    outputs = [(opt, path) for opt, path in (("-o", args.output), ("--docs", args.docs),
                                             ("--db", args.db)) if path and path != "-"]
    if not outputs:
        return
    resolved = {opt: Path(path).resolve() for opt, path in outputs}
    by_path = {str(r): opt for opt, r in resolved.items()}
    input_dirs: list[Path] = []
    for raw in args.paths:
        if raw == "-":
            continue
        if Path(raw).is_dir():
            input_dirs.append(Path(raw).resolve())
        elif not Path(raw).exists() and _GLOB.search(raw):
            import glob

            input_dirs.extend(Path(m).resolve() for m in glob.glob(raw, recursive=True)
                              if Path(m).is_dir())
    sharded = args.resume or _is_directory_output(args.output)
    for opt, out in resolved.items():
        if not (opt == "-o" and sharded) and read_format_of(out) is None:
            continue  # a file detente does not read (a .duckdb store) may sit among the inputs
        for d in input_dirs:
            if out == d or d in out.parents:
                raise UsageError(f"{opt} {getattr(args, _DEST[opt])} is inside the input "
                                 f"directory {d}; it would be read as input by the next run. "
                                 "Write it somewhere else")
    if not any(r.exists() for r in resolved.values()):
        return  # an output that does not exist yet cannot be an input file
    for path, _ident in _expand_inputs(args.paths):
        opt = by_path.get(str(path.resolve()))
        if opt is not None:
            raise UsageError(f"{opt} {getattr(args, _DEST[opt])} is also an input; detente "
                             "never writes over its input. Write it somewhere else")


_DEST = {"-o": "output", "--docs": "docs", "--db": "db"}


def _expand_inputs(paths: list[str]) -> Iterator[tuple[Path, str]]:
    from detente.read import _expand

    for raw in paths:
        if raw != "-":
            yield from _expand(raw)


def _manifest_shard_size(directory: str) -> int | None:
    import json

    path = Path(directory) / "manifest.json"
    try:
        return int(json.loads(path.read_text(encoding="utf-8"))["shard_size"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _load_db(out: Any, db: str) -> None:
    """Load a finished sharded run into DuckDB; the store replaces rows by doc_id, so loading
    again after a resumed run leaves no duplicates."""
    store = _open_store(db)
    try:
        for docs in out.records("documents"):
            store.write_documents(docs)
        for events in out.records("events"):
            store.write_events(events)
    finally:
        store.close()


def _warn_duplicates(duplicates: list[tuple[str, str]]) -> None:
    if duplicates:
        first, new = duplicates[0]
        more = f" (and {len(duplicates) - 1:,} more)" if len(duplicates) > 1 else ""
        print(f"detente code: warning: {len(duplicates):,} input record(s) repeat an earlier "
              f"id; renamed to keep ids unique, e.g. {first!r} -> {new!r}{more} (the input id "
              "is kept in meta.input_id)", file=sys.stderr)


def _summary(stats: Stats, args: argparse.Namespace, sharded: bool) -> None:
    _warn_duplicates(stats.duplicates)
    st = stats.status
    resumed = f" ({stats.resumed:,} from finished shards)" if stats.resumed else ""
    errors = f"{st[ERROR]:,} error" + ("" if st[ERROR] == 1 else "s")
    print(f"detente code: {stats.docs:,} documents{resumed}: {st[OK]:,} ok, {st[SKIPPED]:,} "
          f"skipped, {errors}; {stats.events:,} events", file=sys.stderr)
    if stats.errors and not (args.docs or sharded):
        for doc_id, reason in stats.errors:
            print(f"  error {doc_id}: {reason}", file=sys.stderr)
        if st[ERROR] > len(stats.errors):
            print(f"  ... and {st[ERROR] - len(stats.errors):,} more (write them with --docs)",
                  file=sys.stderr)
