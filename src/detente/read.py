"""Read files and stdin into a stream of :class:`~detente.records.Document`.

The first stage of the pipeline: paths (files, directories, globs, ``-`` for stdin) go in, one
``Document`` per input record comes out, lazily, so that a corpus of millions of stories is never
held in memory. Formats are chosen by extension:

========================  ======================================================================
``.txt``                   one document per file
``.html`` / ``.htm``       one document per file, ``format="html"`` (the screen stage strips it)
``.jsonl``                 one document per line: ``id``, ``text``, optional ``date``; other
                           fields go to ``meta``
``.csv`` / ``.parquet``    one document per row, same columns as JSONL (header row for CSV;
                           Parquet read in pyarrow batches)
``*.gz``                   any of the above, gzip-compressed
========================  ======================================================================

Ids: a text or HTML file's id is its path relative to the directory it was found in, or to the
fixed part of the glob that matched it, without the extension (``cables/1956/moscow-17``;
``coll/*`` matching ``coll/x/a.txt`` and ``coll/y/a.txt`` gives ``x/a`` and ``y/a``), or its stem
when the file was named directly, so ids stay unique across a directory tree. A record without
an id gets ``"<path>:<line>"`` (``<path>:<row>`` for CSV and Parquet, counting data rows from 1).
Each file is read once per run, however many arguments or ``**`` matches name it. Ids that still
repeat (two JSONL files with the same ids, two directories with the same file names) are made
unique by :func:`unique_ids`, which the CLI applies: ``a``, ``a#2``, ``a#3``.

Nothing here raises for bad input: a record that cannot be read becomes a Document with ``error``
set to a reason a user can act on, and the coder turns it into a document record with status
``error``. That is how every input record stays accounted for. Decisions worth knowing:

* Bytes must be UTF-8 (a BOM is accepted). Undecodable bytes are an error for that record, with the
  byte offset, rather than a silent replacement: a wrong-encoding corpus is then noticed at once
  instead of being coded with holes in it.
* An empty file still yields one Document with empty text, so the coder records it as skipped.
* A date that is not ISO-8601 keeps the document, with ``date=None`` and ``meta["date_error"]``.
* A line the JSON parser rejects for any reason (syntax, nesting thousands deep, a number of
  thousands of digits) and a string holding a lone surrogate escape (``"\\ud800"``, which no
  UTF-8 file can store) are errors for that record only.
* A directory or glob with no readable file, and a closed stdin, give one error record each, so
  that a mistyped path is not a silent "0 documents".
* Inside a directory, only files with a known extension are read (a README next to the data is
  not a document); hidden files are ignored. A file named explicitly with an unknown extension is
  an error record.
"""

from __future__ import annotations

import datetime as _dt
import glob
import gzip
import io
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from detente.records import Document

#: extension (without .gz) -> reader kind
FORMATS = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html",
           ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet"}

#: fields of a record that are not metadata
_CORE_FIELDS = ("id", "text", "date")

#: rows per batch for the columnar formats; small enough that a batch of long texts stays small
BATCH_ROWS = 256

_GLOB_CHARS = re.compile(r"[*?\[]")


def read_documents(paths: Sequence[str], *, stdin: BinaryIO | io.TextIOBase | None = None
                   ) -> Iterator[Document]:
    """Yield one Document per input record of ``paths``, in order, lazily.

    ``paths`` may mix files, directories (read recursively, in sorted order), glob patterns and
    ``-`` for standard input (``stdin`` overrides ``sys.stdin``; JSONL when its first non-blank
    line is a JSON object, otherwise one text document with id ``stdin``).
    """
    seen: set[str] = set()
    for raw in paths:
        if raw == "-":
            stream = stdin if stdin is not None else sys.stdin
            if stream is None or getattr(stream, "closed", False):
                yield _error("stdin", "stdin: standard input is closed; nothing to read")
                continue
            yield from _read_stdin(stream)
            continue
        found = False
        for path, ident in _expand(raw):
            found = True
            key = _file_key(path)
            if key in seen:
                continue  # the same file through two arguments or a recursive glob: read once
            seen.add(key)
            yield from _read_file(path, ident)
        if not found and (Path(raw).is_dir() or _GLOB_CHARS.search(raw)):
            known = ", ".join(sorted(FORMATS))
            what = "directory" if Path(raw).is_dir() else "pattern"
            yield _error(raw.rstrip("/") or raw,
                         f"{raw}: no input files in this {what} (known extensions: {known}, "
                         "optionally .gz)")


def unique_ids(docs: Iterable[Document], duplicates: list[tuple[str, str]] | None = None
               ) -> Iterator[Document]:
    """Yield ``docs`` with every id made unique: the second copy of id ``a`` becomes ``a#2``.

    Why: event ids are ``<doc_id>:<sentence>:<n>`` and the DuckDB store replaces rows by
    ``doc_id``, so two input records with one id would give clashing event ids and one would
    overwrite the other. The renamed document keeps the id it had in ``meta["input_id"]``; each
    renaming is appended to ``duplicates`` as (original id, new id) so the caller can warn. The
    renaming depends only on input order, so a resumed run renames the same way.
    """
    counts: dict[str, int] = {}
    for doc in docs:
        n = counts.get(doc.id, 0) + 1
        counts[doc.id] = n
        if n > 1:
            new = f"{doc.id}#{n}"
            while new in counts:
                n += 1
                new = f"{doc.id}#{n}"
            counts[doc.id] = n
            counts[new] = 1
            if duplicates is not None:
                duplicates.append((doc.id, new))
            doc = Document(id=new, text=doc.text, date=doc.date,
                           meta={**doc.meta, "input_id": doc.id}, error=doc.error,
                           format=doc.format)
        yield doc


def _file_key(path: Path) -> str:
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):
        return str(path.absolute())


def format_of(path: str | os.PathLike[str]) -> str | None:
    """The reader kind for a path from its extension (``.gz`` looked through), or None."""
    name = Path(path).name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return FORMATS.get(Path(name).suffix)


def count_records(paths: Sequence[str], *, max_scan_bytes: int = 2 << 30) -> int | None:
    """The number of records in ``paths`` when it is cheap to know, else None.

    Used for a progress bar's ETA only, so it may be approximate (a blank line in a JSONL file
    is counted). Text files count one each, Parquet reads its footer, uncompressed JSONL counts
    newlines; CSV (quoted newlines), gzip and stdin make the total unknown.
    """
    total, scanned = 0, 0
    seen: set[str] = set()
    for raw in paths:
        if raw == "-":
            return None
        for path, _ident in _expand(raw):
            key = _file_key(path)
            if key in seen:
                continue
            seen.add(key)
            kind = format_of(path)
            if kind is None:
                total += 1
            elif kind in ("text", "html"):
                total += 1
            elif path.name.lower().endswith(".gz") or kind == "csv":
                return None
            elif kind == "parquet":
                try:
                    import pyarrow.parquet as pq
                    total += max(1, pq.ParquetFile(path).metadata.num_rows)
                except Exception:
                    total += 1
            else:  # jsonl
                try:
                    size = path.stat().st_size
                    scanned += size
                    if scanned > max_scan_bytes:
                        return None
                    total += max(1, _count_lines(path))
                except OSError:
                    total += 1
    return total


# -- paths ----------------------------------------------------------------------------------------

def _expand(raw: str, root: Path | None = None) -> Iterator[tuple[Path, str]]:
    """(path, id for a one-document file) pairs for one command-line argument.

    ``root``: the directory ids are relative to (a glob's fixed part), default the directory
    itself, so that ``coll/*`` matching ``coll/x/a.txt`` and ``coll/y/a.txt`` gives ``x/a`` and
    ``y/a``, not ``a`` twice.
    """
    path = Path(raw)
    if path.is_dir():
        base = root or path
        for child in sorted(path.rglob("*")):
            rel = child.relative_to(path)
            if any(part.startswith(".") for part in rel.parts):
                continue
            if child.is_file() and format_of(child) is not None:
                try:
                    ident = _strip_ext(child.relative_to(base).as_posix())
                except ValueError:
                    ident = _strip_ext(rel.as_posix())
                yield child, ident
        return
    if not path.exists() and _GLOB_CHARS.search(raw):
        matches = sorted(glob.glob(raw, recursive=True))
        if not matches:
            yield path, raw  # reported as not found by _read_file
        root = _glob_root(raw)
        for m in matches:
            mp = Path(m)
            if mp.is_dir():
                yield from _expand(m, root)
            else:
                try:
                    ident = _strip_ext(mp.relative_to(root).as_posix()) if root else _stem(mp)
                except ValueError:
                    ident = _stem(mp)
                yield mp, ident
        return
    yield path, _stem(path)


def _glob_root(pattern: str) -> Path | None:
    """The fixed directory part of a glob, so that ids stay relative paths under it."""
    parts = Path(pattern).parts
    fixed: list[str] = []
    for part in parts:
        if _GLOB_CHARS.search(part):
            break
        fixed.append(part)
    if len(fixed) == len(parts):
        return None
    return Path(*fixed) if fixed else Path(".")


def _strip_ext(name: str) -> str:
    if name.lower().endswith(".gz"):
        name = name[:-3]
    base, dot, ext = name.rpartition(".")
    return base if dot and "/" not in ext and base else name


def _stem(path: Path) -> str:
    return _strip_ext(path.name)


def _count_lines(path: Path) -> int:
    n, last = 0, b"\n"
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 22):
            n += chunk.count(b"\n")
            last = chunk[-1:]
    return n + (last != b"\n")


# -- files ----------------------------------------------------------------------------------------

def _read_file(path: Path, ident: str) -> Iterator[Document]:
    where = str(path)
    kind = format_of(path)
    if not path.exists():
        yield _error(ident, f"{where}: no such file or directory")
        return
    if kind is None:
        known = ", ".join(sorted(FORMATS))
        yield _error(ident, f"{where}: unknown file type {path.suffix or '(none)'!r} "
                            f"(known: {known}, optionally .gz)")
        return
    try:
        if kind in ("text", "html"):
            yield _one_document(path, ident, kind)
        elif kind == "jsonl":
            yield from _guard(_jsonl_lines(path), ident, where)
        elif kind == "csv":
            yield from _guard(_csv_rows(path), ident, where)
        else:
            yield from _guard(_parquet_rows(path), ident, where)
    except OSError as exc:  # unreadable before the first record
        yield _error(ident, f"{where}: cannot read file: {exc.strerror or exc}")


def _guard(docs: Iterator[Document], ident: str, where: str) -> Iterator[Document]:
    """Yield ``docs``; an empty file gives one empty Document, a failure mid-file one error."""
    n = 0
    try:
        for doc in docs:
            n += 1
            yield doc
    except (OSError, EOFError, ValueError, gzip.BadGzipFile) as exc:
        yield _error(f"{where}:{n + 1}" if n else ident,
                     f"{where}: reading stopped after {n} record(s): {_describe(exc)}")
        return
    except Exception as exc:  # pyarrow raises its own error types; never crash the run
        yield _error(f"{where}:{n + 1}" if n else ident,
                     f"{where}: reading stopped after {n} record(s): {_describe(exc)}")
        return
    if n == 0:
        yield Document(id=ident, text="")


def _describe(exc: BaseException) -> str:
    msg = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return msg.strip().splitlines()[0] if msg.strip() else type(exc).__name__


def _open_binary(path: Path) -> BinaryIO:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def _one_document(path: Path, ident: str, kind: str) -> Document:
    fmt = "html" if kind == "html" else "text"
    try:
        with _open_binary(path) as fh:
            data = fh.read()
    except (OSError, EOFError) as exc:
        return _error(ident, f"{path}: cannot read file: {_describe(exc)}", fmt=fmt)
    text, err = _decode(data)
    if err:
        return _error(ident, f"{path}: {err}", fmt=fmt)
    return Document(id=ident, text=text, format=fmt)


def _decode(data: bytes) -> tuple[str, str | None]:
    """Strict UTF-8 (BOM dropped) -> (text, None), or ("", reason)."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        bad = data[exc.start:exc.start + 1].hex()
        return "", (f"not valid UTF-8 (byte 0x{bad} at offset {exc.start}); "
                    "re-encode the input as UTF-8")


def _jsonl_lines(path: Path) -> Iterator[Document]:
    where = str(path)
    with _open_binary(path) as fh:
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            fallback = f"{where}:{lineno}"
            line, err = _decode(raw)
            if err:
                yield _error(_salvage_id(raw) or fallback, f"{fallback}: {err}")
                continue
            obj, err = parse_json_line(line)
            if err:
                yield _error(fallback, f"{fallback}: {err}")
                continue
            yield record_to_document(obj, fallback)


def parse_json_line(line: str) -> tuple[Any, str | None]:
    """One JSON text -> (value, None), or (None, reason) for *any* failure of the JSON parser.

    Not only syntax errors: a line nested thousands of levels deep raises RecursionError, and an
    integer of more than 4,300 digits ValueError. Each must cost one record, not the rest of the
    file (or a traceback on stdin).
    """
    try:
        return json.loads(line), None
    except json.JSONDecodeError as exc:
        return None, f"malformed JSON ({exc.msg} at column {exc.colno})"
    except RecursionError:
        return None, "malformed JSON (nested too deeply to read)"
    except (ValueError, TypeError, OverflowError) as exc:
        if "integer string conversion" in str(exc):
            return None, "malformed JSON (a number of more than 4,300 digits)"
        return None, f"malformed JSON ({_describe(exc)})"


def _salvage_id(raw: bytes) -> str | None:
    """The ``id`` of a JSON line whose *other* fields hold bad bytes, so the error record keeps
    the id the user knows; None when the line does not parse or the id itself is damaged."""
    obj, err = parse_json_line(raw.decode("utf-8", "surrogateescape"))
    if err:
        return None
    ident = obj.get("id") if isinstance(obj, dict) else None
    if ident is None or ident == "" or isinstance(ident, (dict, list)):
        return None
    ident = str(ident)
    return None if _has_bad_bytes(ident) else ident


def record_to_document(obj: Any, fallback_id: str) -> Document:
    """One parsed record (a JSON object or a table row) -> Document, never raising.

    ``fallback_id`` ("<path>:<line>") is the id when the record has none, and names the record in
    error reasons.
    """
    if not isinstance(obj, dict):
        return _error(fallback_id, f"{fallback_id}: a record must be a JSON object, "
                                   f"got {type(obj).__name__}")
    raw_id = obj.get("id")
    ident = fallback_id if raw_id is None or raw_id == "" else str(raw_id)
    bad = [k for k, v in obj.items() if not_unicode(k) or not_unicode(v)]
    if bad:
        # a JSON escape such as "\ud800" gives a string no UTF-8 writer can store; like bad
        # bytes, it is an error for this record (its id kept when the id itself is sound)
        if "id" in bad:
            ident = fallback_id
        meta = {k: v for k, v in obj.items() if k not in _CORE_FIELDS and k not in bad}
        names = ", ".join(repr(k.encode("utf-8", "backslashreplace").decode()) for k in bad)
        return _error(ident, f"{fallback_id}: field {names} holds a lone surrogate (an escape "
                             "like \\ud800 that is not a character); fix the input's encoding",
                      meta=meta)
    meta = {k: v for k, v in obj.items() if k not in _CORE_FIELDS}
    date, date_err = normalize_date(obj.get("date"))
    if date_err:
        meta["date_error"] = date_err
    text = obj.get("text")
    if "text" not in obj or text is None:
        return _error(ident, f"{fallback_id}: record has no 'text' field", meta=meta, date=date)
    if not isinstance(text, str):
        return _error(ident, f"{fallback_id}: 'text' must be a string, got "
                             f"{type(text).__name__}", meta=meta, date=date)
    return Document(id=ident, text=text, date=date, meta=meta)


def not_unicode(value: Any) -> bool:
    """True when ``value`` (a string, or a list or dict holding strings) cannot be encoded as
    UTF-8: it holds a lone surrogate, which only a JSON escape can put there."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(not_unicode(k) or not_unicode(v) for k, v in value.items())
    if isinstance(value, list):
        return any(not_unicode(v) for v in value)
    return False


def _error(ident: str, reason: str, *, meta: dict[str, Any] | None = None,
           date: str | None = None, fmt: str = "text") -> Document:
    return Document(id=ident, text="", date=date, meta=meta or {}, error=reason, format=fmt)


# -- dates ----------------------------------------------------------------------------------------

_YEAR = re.compile(r"^\d{4}$")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def normalize_date(value: Any) -> tuple[str | None, str | None]:
    """An ISO-8601 date or datetime -> ("YYYY-MM-DD" | "YYYY-MM" | "YYYY", None).

    The time of day is dropped (event dates are days at best); ``None`` or ``""`` is no date.
    Anything else -> (None, reason), and the caller keeps the document without a date.
    """
    if value is None or value == "":
        return None, None
    if isinstance(value, _dt.datetime):
        return value.date().isoformat(), None
    if isinstance(value, _dt.date):
        return value.isoformat(), None
    if not isinstance(value, str):
        return None, f"date {value!r} is not an ISO-8601 string"
    s = value.strip()
    if _YEAR.match(s):
        return s, None
    m = _YEAR_MONTH.match(s)
    if m and 1 <= int(m.group(2)) <= 12:
        return s, None
    m = _COMPACT.match(s)
    if m:
        s = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    try:
        if len(s) == 10:
            return _dt.date.fromisoformat(s).isoformat(), None
        return _dt.datetime.fromisoformat(s.replace("z", "Z")).date().isoformat(), None
    except ValueError:
        return None, f"date {value!r} is not ISO-8601 (YYYY-MM-DD[Thh:mm:ss])"


# -- columnar formats -----------------------------------------------------------------------------

def _csv_rows(path: Path) -> Iterator[Document]:
    """CSV rows -> Documents, streaming, with a header row naming the columns.

    Python's csv module rather than pyarrow's batch reader, on purpose: it hands over one row at
    a time, so a row with bad bytes or the wrong number of fields becomes one error record at its
    own place in the stream, and its row number is exact (pyarrow reports such rows apart from
    their batch, without a reliable number). Rows are counted from 1 after the header.
    """
    import csv

    where = str(path)
    csv.field_size_limit(1 << 30)  # the default (128 KB) would reject a long article
    with _open_binary(path) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="surrogateescape", newline="")
        rows = csv.reader(text)
        header = next(rows, None)
        if header is None:
            return
        if any(_has_bad_bytes(h) for h in header):
            yield _error(_stem(path), f"{where}: the CSV header is not valid UTF-8")
            return
        names = [h.strip() for h in header]
        for row_no, values in enumerate(rows, start=1):
            fallback = f"{where}:{row_no}"
            if not values:
                continue  # a blank line is not a record
            if len(values) != len(names):
                yield _error(fallback, f"{fallback}: malformed CSV row (expected {len(names)} "
                                       f"fields, got {len(values)})")
                continue
            obj: dict[str, Any] = dict(zip(names, values))
            bad = next((k for k, v in obj.items() if _has_bad_bytes(v)), None)
            if bad is not None:
                ident = obj.get("id") if not _has_bad_bytes(obj.get("id") or "") else None
                yield _error(str(ident or fallback),
                             f"{fallback}: column {bad!r} is not valid UTF-8; "
                             "re-encode the input as UTF-8")
                continue
            for key in ("id", "date"):
                if obj.get(key) == "":
                    obj[key] = None
            yield record_to_document(obj, fallback)


def _has_bad_bytes(value: str) -> bool:
    """True when surrogateescape decoding met bytes that are not UTF-8."""
    return any("\udc80" <= ch <= "\udcff" for ch in value)


def _parquet_rows(path: Path) -> Iterator[Document]:
    import pyarrow.parquet as pq

    where = str(path)
    pf = pq.ParquetFile(path)
    row = 0
    for batch in pf.iter_batches(batch_size=BATCH_ROWS):
        for obj in batch.to_pylist():
            row += 1
            fallback = f"{where}:{row}"
            # binary cells are decoded as strict UTF-8 like every other format's bytes: a
            # replacement character silently standing in for bad bytes would hide a damaged
            # corpus (the id is kept when it is sound)
            bad = None
            for key, value in list(obj.items()):
                if isinstance(value, (bytes, bytearray)):
                    text, err = _decode(bytes(value))
                    if err:
                        bad = bad or (key, err)
                        obj[key] = None
                        continue
                    obj[key] = text
                else:
                    obj[key] = _jsonable(value)
            if bad is not None:
                ident = obj.get("id")
                yield _error(str(ident) if ident not in (None, "") else fallback,
                             f"{fallback}: column {bad[0]!r} is {bad[1]}")
                continue
            yield record_to_document(obj, fallback)


def _jsonable(value: Any) -> Any:
    """Parquet cell -> something JSON can carry (dates as ISO strings, decimals as floats)."""
    if isinstance(value, (_dt.date, _dt.datetime, _dt.time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, _dt.timedelta):
        return value.total_seconds()
    if type(value).__name__ == "Decimal":
        return float(value)
    if isinstance(value, (bytes, bytearray)):  # nested binary: hex, never a lossy decode
        return bytes(value).hex()
    return value


# -- stdin ----------------------------------------------------------------------------------------

def _read_stdin(stream: Any) -> Iterator[Document]:
    """JSONL when the first non-blank line is a JSON object, else one text document."""
    binary = getattr(stream, "buffer", stream)
    first_lines: list[bytes] = []
    line = b""
    for line in _lines(binary):
        first_lines.append(line)
        if line.strip():
            break
    head = first_lines[-1].strip() if first_lines else b""
    is_jsonl = False
    if head.startswith(b"{"):
        try:
            json_head = head.decode("utf-8-sig")
        except UnicodeDecodeError:
            json_head = head.decode("utf-8", "surrogateescape")
        try:
            is_jsonl = isinstance(json.loads(json_head), dict)
        except json.JSONDecodeError:
            is_jsonl = False
        except (RecursionError, ValueError, TypeError):
            is_jsonl = True  # a JSON object too deep or too large to read: still JSONL
    if not is_jsonl:
        data = b"".join(first_lines) + b"".join(_lines(binary))
        text, err = _decode(data)
        yield _error("stdin", f"stdin: {err}") if err else Document(id="stdin", text=text)
        return
    lineno = len(first_lines) - 1
    for raw in _chain(first_lines[-1:], _lines(binary)):
        lineno += 1
        if not raw.strip():
            continue
        fallback = f"stdin:{lineno}"
        text, err = _decode(raw)
        if err:
            yield _error(_salvage_id(raw) or fallback, f"{fallback}: {err}")
            continue
        obj, err = parse_json_line(text)
        if err:
            yield _error(fallback, f"{fallback}: {err}")
            continue
        yield record_to_document(obj, fallback)


def _lines(stream: Any) -> Iterator[bytes]:
    for line in stream:
        yield line if isinstance(line, bytes) else line.encode("utf-8", "surrogateescape")


def _chain(*its: Iterable[bytes]) -> Iterator[bytes]:
    for it in its:
        yield from it
