"""DuckDB storage for event and document records.

Why DuckDB: a coded corpus of millions of events is too big for "load the JSONL into Python
lists", yet researchers want one file they can copy, query with SQL and open from R or Python.
DuckDB keeps the nested record shape of DESIGN.md (lists of actor structs, the sentence struct)
as typed columns, and the dyad aggregation runs as SQL inside it (see ``detente.dyads``).

Write semantics, chosen so that a crashed or repeated ``detente code --db`` run never leaves
duplicates behind:

* ``write_events``/``write_documents`` append in one transaction per call (a batch).
* Re-coding replaces: the first time one ``DuckDBStore`` instance sees a ``doc_id`` (in either
  call, in any order), every stored event and the document record of that ``doc_id`` are
  deleted before the new rows go in. Later batches of the same instance for that ``doc_id``
  append, so a document's events may be split across several calls.
* Event ids are unique: an incoming event replaces a stored event with the same ``id``, so
  writing the same batch twice leaves one copy.

DuckDB allows one writing process per file; a second one gets a clear ``StoreLockedError``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable

import pyarrow as pa

#: SQL type of an actor/recipient list: the Entity record of records.py.
ENTITY_LIST_SQL = ('STRUCT(code VARCHAR, sector VARCHAR, "text" VARCHAR, "start" BIGINT, '
                   '"end" BIGINT, name VARCHAR, inferred BOOLEAN)[]')
TRIGGER_SQL = 'STRUCT("text" VARCHAR, "start" BIGINT, "end" BIGINT)'
SENTENCE_SQL = 'STRUCT("index" BIGINT, "start" BIGINT, "end" BIGINT)'
#: where an event happened (detente.locate): null when the text gives no place
LOCATION_SQL = ('STRUCT(name VARCHAR, "text" VARCHAR, "start" BIGINT, "end" BIGINT, '
                'country VARCHAR, admin1 VARCHAR, lat DOUBLE, lon DOUBLE, feature VARCHAR, '
                'source VARCHAR)')
QUALITY_SQL = ('STRUCT(score DOUBLE, flags VARCHAR[], spans STRUCT(kind VARCHAR, "start" BIGINT, '
               '"end" BIGINT, "text" VARCHAR)[])')

#: The event contract of DESIGN.md as typed columns, in record order.
EVENT_COLUMNS: dict[str, str] = {
    "id": "VARCHAR", "doc_id": "VARCHAR", "event_type": "VARCHAR", "mode": "VARCHAR",
    "context": "VARCHAR[]", "aux_modes": "VARCHAR[]", "actor": ENTITY_LIST_SQL,
    "recipient": ENTITY_LIST_SQL, "date": "VARCHAR", "date_source": "VARCHAR",
    "trigger": TRIGGER_SQL, "sentence": SENTENCE_SQL, "intensity": "DOUBLE",
    "quad_class": "INTEGER", "cameo": "VARCHAR", "confidence": "DOUBLE", "evidence": "VARCHAR",
    "date_range": "VARCHAR[]", "date_evidence": "VARCHAR[]", "location": LOCATION_SQL,
}

#: The document record of DESIGN.md; ``meta`` is kept as a JSON string (its keys vary by corpus).
DOCUMENT_COLUMNS: dict[str, str] = {
    "doc_id": "VARCHAR", "status": "VARCHAR", "reason": "VARCHAR", "language": "VARCHAR",
    "sentences": "BIGINT", "events": "BIGINT", "quality": QUALITY_SQL, "date": "VARCHAR",
    "meta": "VARCHAR",
}

_ENTITY = pa.struct([("code", pa.string()), ("sector", pa.string()), ("text", pa.string()),
                     ("start", pa.int64()), ("end", pa.int64()), ("name", pa.string()),
                     ("inferred", pa.bool_())])

#: Arrow schema matching EVENT_COLUMNS: how Python dicts become a column batch quickly.
EVENT_ARROW = pa.schema([
    ("id", pa.string()), ("doc_id", pa.string()), ("event_type", pa.string()),
    ("mode", pa.string()), ("context", pa.list_(pa.string())),
    ("aux_modes", pa.list_(pa.string())), ("actor", pa.list_(_ENTITY)),
    ("recipient", pa.list_(_ENTITY)), ("date", pa.string()), ("date_source", pa.string()),
    ("trigger", pa.struct([("text", pa.string()), ("start", pa.int64()), ("end", pa.int64())])),
    ("sentence", pa.struct([("index", pa.int64()), ("start", pa.int64()), ("end", pa.int64())])),
    ("intensity", pa.float64()), ("quad_class", pa.int32()), ("cameo", pa.string()),
    ("confidence", pa.float64()), ("evidence", pa.string()),
    ("date_range", pa.list_(pa.string())), ("date_evidence", pa.list_(pa.string())),
    ("location", pa.struct([("name", pa.string()), ("text", pa.string()),
                            ("start", pa.int64()), ("end", pa.int64()),
                            ("country", pa.string()), ("admin1", pa.string()),
                            ("lat", pa.float64()), ("lon", pa.float64()),
                            ("feature", pa.string()), ("source", pa.string())])),
])

DOCUMENT_ARROW = pa.schema([
    ("doc_id", pa.string()), ("status", pa.string()), ("reason", pa.string()),
    ("language", pa.string()), ("sentences", pa.int64()), ("events", pa.int64()),
    ("quality", pa.struct([("score", pa.float64()), ("flags", pa.list_(pa.string())),
                           ("spans", pa.list_(pa.struct([
                               ("kind", pa.string()), ("start", pa.int64()),
                               ("end", pa.int64()), ("text", pa.string())])))])),
    ("date", pa.string()), ("meta", pa.string()),
])


class StoreError(RuntimeError):
    """A DuckDB store could not be opened or written."""


class StoreLockedError(StoreError):
    """Another process holds the DuckDB file open for writing."""


def _as_dict(record: Any) -> dict[str, Any]:
    """Records may come as dicts or as the dataclasses of ``detente.records``."""
    return record.to_dict() if hasattr(record, "to_dict") else record


def _clean_event(d: dict[str, Any]) -> dict[str, Any]:
    """Coerce one event to the Arrow schema: missing lists become [], numbers become numbers."""
    d = _as_dict(d)
    out = {k: d.get(k) for k in EVENT_COLUMNS}
    for key in ("context", "aux_modes", "actor", "recipient"):
        out[key] = out[key] or []
    for key in ("actor", "recipient"):
        out[key] = [e if isinstance(e, dict) else {"code": str(e)} for e in out[key]]
    for key in ("intensity", "confidence"):
        out[key] = None if out[key] is None else float(out[key])
    if out["quad_class"] is not None:
        out["quad_class"] = int(out["quad_class"])
    for key in ("id", "doc_id", "date"):
        if out[key] is not None and not isinstance(out[key], str):
            out[key] = str(out[key])
    return out


def events_to_arrow(events: Iterable[dict[str, Any]]) -> pa.Table:
    """Event dicts (``Event.to_dict()`` form) -> an Arrow table with the canonical schema."""
    return pa.Table.from_pylist([_clean_event(e) for e in events], schema=EVENT_ARROW)


def documents_to_arrow(documents: Iterable[dict[str, Any]]) -> pa.Table:
    """Document-record dicts (``DocumentRecord.to_dict()`` form) -> an Arrow table."""
    rows = []
    for d in documents:
        d = _as_dict(d)
        row = {k: d.get(k) for k in DOCUMENT_COLUMNS}
        q = row["quality"] or {}
        row["quality"] = {"score": q.get("score"), "flags": list(q.get("flags") or []),
                          "spans": list(q.get("spans") or [])}
        meta = row["meta"]
        row["meta"] = meta if isinstance(meta, str) or meta is None else json.dumps(meta)
        rows.append(row)
    return pa.Table.from_pylist(rows, schema=DOCUMENT_ARROW)


def _ddl(name: str, columns: dict[str, str]) -> str:
    cols = ", ".join(f'"{k}" {v}' for k, v in columns.items())
    return f'CREATE TABLE IF NOT EXISTS {name} ({cols}, seq BIGINT DEFAULT nextval(\'{name}_seq\'))'


def connect(path: str | Path, read_only: bool = False):
    """Open a DuckDB file, turning DuckDB's lock error into a message a user can act on."""
    import duckdb

    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:  # held by another process
        if "lock" in str(exc).lower():
            raise StoreLockedError(
                f"{path} is open in another process (DuckDB allows one writer per file); "
                f"wait for it to finish or use another file") from exc
        raise StoreError(f"cannot open {path}: {exc}") from exc


class DuckDBStore:
    """Events and document records in one DuckDB file, tables ``events`` and ``documents``.

    >>> store = DuckDBStore("corpus.duckdb")
    >>> store.write_documents([r.document.to_dict()])
    >>> store.write_events([e.to_dict() for e in r.events])
    >>> store.close()

    Both tables carry a ``seq`` column: the order rows were written in, which stands for the
    documents' input order when undated events are listed "in document order".
    """

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise StoreError(f"no DuckDB file at {self.path}")
        self.con = connect(self.path, read_only=read_only)
        self._claimed: set[str] = set()
        if not read_only:
            self.con.execute("CREATE SEQUENCE IF NOT EXISTS events_seq")
            self.con.execute("CREATE SEQUENCE IF NOT EXISTS documents_seq")
            self.con.execute(_ddl("events", EVENT_COLUMNS))
            self.con.execute(_ddl("documents", DOCUMENT_COLUMNS))
            # a store written before events had a location gets the column (null for old rows)
            self.con.execute(f'ALTER TABLE events ADD COLUMN IF NOT EXISTS "location" '
                             f'{LOCATION_SQL}')

    # -- writing -------------------------------------------------------------------------------
    def _claim(self, doc_ids: set[str]) -> None:
        """Delete the old rows of documents this instance has not written yet (re-coding)."""
        fresh = sorted(d for d in doc_ids if d not in self._claimed)
        if fresh:
            self.con.execute("CREATE OR REPLACE TEMP TABLE _fresh (doc_id VARCHAR)")
            self.con.executemany("INSERT INTO _fresh VALUES (?)", [(d,) for d in fresh])
            self.con.execute("DELETE FROM events WHERE doc_id IN (SELECT doc_id FROM _fresh)")
            self.con.execute("DELETE FROM documents WHERE doc_id IN (SELECT doc_id FROM _fresh)")
            self._claimed.update(fresh)

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.path} was opened read-only")

    def write_events(self, events: list[dict[str, Any]]) -> int:
        """Append events (``Event.to_dict()`` dicts or ``Event``s); returns rows written."""
        self._check_writable()
        if not events:
            return 0
        events = [_as_dict(e) for e in events]
        batch = events_to_arrow(events)
        cols = ", ".join(f'"{k}"' for k in EVENT_COLUMNS)
        self.con.execute("BEGIN TRANSACTION")
        try:
            self._claim({e.get("doc_id") or "" for e in events})
            self.con.register("_batch", batch)
            self.con.execute("DELETE FROM events WHERE id IN (SELECT id FROM _batch)")
            self.con.execute(f"INSERT INTO events ({cols}) SELECT {cols} FROM _batch")
            self.con.unregister("_batch")
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise
        return batch.num_rows

    def write_documents(self, documents: list[dict[str, Any]]) -> int:
        """Append document records (dicts or ``DocumentRecord``s), replacing the same doc_id."""
        self._check_writable()
        if not documents:
            return 0
        documents = [_as_dict(d) for d in documents]
        batch = documents_to_arrow(documents)
        cols = ", ".join(f'"{k}"' for k in DOCUMENT_COLUMNS)
        self.con.execute("BEGIN TRANSACTION")
        try:
            self._claim({d.get("doc_id") or "" for d in documents})
            self.con.register("_batch", batch)
            self.con.execute("DELETE FROM documents WHERE doc_id IN (SELECT doc_id FROM _batch)")
            self.con.execute(f"INSERT INTO documents ({cols}) SELECT {cols} FROM _batch")
            self.con.unregister("_batch")
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise
        return batch.num_rows

    # -- reading -------------------------------------------------------------------------------
    def events_relation(self):
        """The ``events`` table as a DuckDB relation, in write order."""
        return self.con.sql("SELECT * FROM events ORDER BY seq")

    def documents_relation(self):
        """The ``documents`` table as a DuckDB relation, in write order."""
        return self.con.sql("SELECT * FROM documents ORDER BY seq")

    def count(self, table: str = "events") -> int:
        if table not in ("events", "documents"):
            raise ValueError(table)
        return int(self.con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "DuckDBStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
