"""Write event and document records to JSONL, Parquet or CSV, and read them back.

The last stage of the pipeline. A writer is chosen by the output's extension (``.jsonl`` — the
default, and standard output when there is no path — ``.parquet``, ``.csv``, each optionally
``.gz`` for JSONL and CSV) and takes batches of record dicts (``Event.to_dict()``,
``DocumentRecord.to_dict()``). The DuckDB store lives in :mod:`detente.store`.

Nested fields (``actor``, ``recipient``, ``trigger``, ``sentence``, ``quality``, ``meta``, ...) are
stored as JSON strings in Parquet and CSV, not as struct columns. Why: a document's ``meta`` holds
whatever fields the input had, so no fixed schema fits it, and a schema inferred from the first
batch breaks on the first record that differs; JSON text keeps every record whole, reads the same
in Parquet and CSV, and DuckDB, pandas and Arrow all parse it (``json_extract(actor, '$[0].code')``
in DuckDB). Scalars keep their types in Parquet. The Parquet file's schema metadata lists its JSON
columns under ``detente.json_columns``, and :func:`load_records` turns any of the three formats
back into the dicts that were written.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal, TextIO

Kind = Literal["events", "documents"]
FORMATS = ("jsonl", "parquet", "csv")

#: columns with a fixed scalar type; every other column of a Parquet or CSV file is JSON text
_STRING = {"id", "doc_id", "event_type", "mode", "date", "date_source", "cameo", "evidence",
           "status", "reason", "language"}
_FLOAT = {"intensity", "confidence"}
_INT = {"quad_class", "sentences", "events"}
#: rows buffered before a Parquet row group is written (bounded memory, few row groups)
PARQUET_ROWS = 20_000
_JSON_KEY = b"detente.json_columns"


def format_of(path: str | Path) -> str:
    """``jsonl``, ``parquet`` or ``csv`` from an output path's extension (``.gz`` ignored)."""
    name = Path(path).name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    suffix = Path(name).suffix.lstrip(".")
    if suffix in ("jsonl", "ndjson", "json"):
        return "jsonl"
    if suffix in FORMATS:
        return suffix
    raise ValueError(f"{path}: unknown output format {Path(name).suffix or '(no extension)'!r}; "
                     "use .jsonl, .parquet or .csv")


@contextlib.contextmanager
def open_writer(path: str | Path | None, kind: Kind, *, fmt: str | None = None
                ) -> Iterator["RecordWriter"]:
    """A writer for ``kind`` records at ``path`` (standard output as JSONL when None).

    ``fmt`` overrides the extension, for temporary files that are renamed into place.
    Everything written before an exception (Ctrl-C included) is flushed and kept.
    """
    if kind not in ("events", "documents"):
        raise ValueError(f"kind must be 'events' or 'documents', not {kind!r}")
    if path is None or str(path) == "-":
        writer: RecordWriter = JsonlWriter(sys.stdout, close_stream=False)
    else:
        fmt = fmt or format_of(path)
        gz = str(path).lower().endswith(".gz")
        if fmt == "parquet":
            writer = ParquetWriter(Path(path))
        elif fmt == "csv":
            writer = CsvWriter(_open_text(Path(path), gz))
        elif fmt == "jsonl":
            writer = JsonlWriter(_open_text(Path(path), gz))
        else:
            raise ValueError(f"unknown output format {fmt!r}; use one of {', '.join(FORMATS)}")
    try:
        yield writer
    finally:
        writer.close()


def _open_text(path: Path, gz: bool) -> TextIO:
    path.parent.mkdir(parents=True, exist_ok=True)
    if gz:
        return io.TextIOWrapper(gzip.open(path, "wb"), encoding="utf-8", newline="")
    return open(path, "w", encoding="utf-8", newline="")


class RecordWriter:
    """Takes batches of record dicts; ``close`` makes the file complete."""

    count = 0

    def write(self, records: list[dict[str, Any]]) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def close(self) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class JsonlWriter(RecordWriter):
    """One compact JSON object per line, UTF-8 as is (not \\u-escaped)."""

    def __init__(self, stream: TextIO, *, close_stream: bool = True) -> None:
        self._out, self._close = stream, close_stream
        self.count = 0

    def write(self, records: list[dict[str, Any]]) -> None:
        if records:
            text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                # a lone surrogate (from a JSON escape in the input) cannot be stored as UTF-8;
                # such a record is written with \u escapes, still valid JSON, never a crash
                text = "".join(_json_line(r) for r in records)
            self._out.write(text)
            self._out.flush()
            self.count += len(records)

    def close(self) -> None:
        if self._close:
            self._out.close()
        else:
            self._out.flush()


def _json_line(record: dict[str, Any]) -> str:
    line = json.dumps(record, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(record, ensure_ascii=True)
    return line + "\n"


def _column_order(records: list[dict[str, Any]]) -> list[str]:
    cols: dict[str, None] = {}
    for r in records:
        cols.update(dict.fromkeys(r))
    return list(cols)


def _is_json_column(name: str) -> bool:
    return name not in _STRING and name not in _FLOAT and name not in _INT


def _cell(name: str, value: Any) -> Any:
    if _is_json_column(name):
        return None if value is None else json.dumps(value, ensure_ascii=False)
    return value


class _Columns:
    """The column list, fixed by the first batch; a later record with new keys is an error
    rather than a silently dropped field."""

    def __init__(self) -> None:
        self.names: list[str] | None = None

    def fix(self, records: list[dict[str, Any]]) -> list[str]:
        if self.names is None:
            self.names = _column_order(records)
        else:
            extra = [k for k in _column_order(records) if k not in self.names]
            if extra:
                raise ValueError(f"record has fields {extra} that earlier records did not; "
                                 "a table needs one column set (write JSONL instead)")
        return self.names


class CsvWriter(RecordWriter):
    """A header row, then one row per record; nested fields as JSON, None as an empty cell."""

    def __init__(self, stream: TextIO) -> None:
        self._out = stream
        self._csv = csv.writer(stream)
        self._cols = _Columns()
        self.count = 0

    def write(self, records: list[dict[str, Any]]) -> None:
        if not records:
            return
        first = self._cols.names is None
        names = self._cols.fix(records)
        if first:
            self._csv.writerow(names)
        for r in records:
            row = []
            for n in names:
                v = _cell(n, r.get(n))
                row.append("" if v is None else v)
            self._csv.writerow(row)
        self._out.flush()
        self.count += len(records)

    def close(self) -> None:
        self._out.close()


class ParquetWriter(RecordWriter):
    """Buffered row groups with a fixed schema: typed scalars, nested fields as JSON strings."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._cols = _Columns()
        self._buffer: list[dict[str, Any]] = []
        self._writer: Any = None
        self.count = 0

    def write(self, records: list[dict[str, Any]]) -> None:
        if not records:
            return
        self._cols.fix(records)
        self._buffer.extend(records)
        self.count += len(records)
        if len(self._buffer) >= PARQUET_ROWS:
            self._flush()

    def _schema(self) -> Any:
        import pyarrow as pa

        fields = []
        for n in self._cols.names or []:
            typ = pa.float64() if n in _FLOAT else pa.int64() if n in _INT else pa.string()
            fields.append(pa.field(n, typ))
        json_cols = [n for n in self._cols.names or [] if _is_json_column(n)]
        return pa.schema(fields, metadata={_JSON_KEY: json.dumps(json_cols).encode()})

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self._writer is None:
            if self._cols.names is None:
                return
            self._path.parent.mkdir(parents=True, exist_ok=True)
            self._writer = pq.ParquetWriter(str(self._path), self._schema())
        if not self._buffer:
            return
        names = self._cols.names or []
        columns = {n: [_cell(n, r.get(n)) for r in self._buffer] for n in names}
        self._writer.write_table(pa.Table.from_pydict(columns, schema=self._writer.schema))
        self._buffer.clear()

    def close(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self._cols.names is None:
            # No record at all: still leave a readable (empty) file behind.
            self._path.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(pa.table({}), str(self._path))
            return
        self._flush()
        self._writer.close()


# -- reading back ---------------------------------------------------------------------------------

def load_records(path: str | Path, *, fmt: str | None = None) -> Iterator[dict[str, Any]]:
    """Yield the record dicts of a file written by :func:`open_writer`, nested fields decoded.

    CSV cannot tell an empty string from None, nor a string from a number: empty cells come back
    as None and the known numeric columns as numbers.
    """
    path = Path(path)
    fmt = fmt or format_of(path)
    gz = str(path).lower().endswith(".gz")
    if fmt == "jsonl":
        opener = gzip.open if gz else open
        with opener(path, "rt", encoding="utf-8") as fh:  # type: ignore[operator]
            for line in fh:
                if line.strip():
                    yield json.loads(line)
    elif fmt == "parquet":
        import pyarrow.parquet as pq

        pf = pq.ParquetFile(str(path))
        meta = pf.schema_arrow.metadata or {}
        json_cols = set(json.loads(meta.get(_JSON_KEY, b"[]")))
        for batch in pf.iter_batches(batch_size=4096):
            for row in batch.to_pylist():
                for n in json_cols:
                    if row.get(n) is not None:
                        row[n] = json.loads(row[n])
                yield row
    elif fmt == "csv":
        csv.field_size_limit(1 << 30)
        opener = gzip.open if gz else open
        with opener(path, "rt", encoding="utf-8", newline="") as fh:  # type: ignore[operator]
            for row in csv.DictReader(fh):
                yield {k: _from_csv(k, v) for k, v in row.items()}
    else:
        raise ValueError(f"unknown format {fmt!r}")


def _from_csv(name: str, value: str) -> Any:
    if value == "":
        return None
    if name in _FLOAT:
        return float(value)
    if name in _INT:
        return int(value)
    if _is_json_column(name):
        return json.loads(value)
    return value
