"""Load event and document records from files or a DuckDB store into one DuckDB connection.

Every source ends up as a temp table with the typed columns of ``detente.store`` (the record
contract of DESIGN.md) plus ``_row``, the record's position in the input, which stands for
"document order" when undated events are listed. Reading is done by DuckDB's own readers
(JSONL, CSV, Parquet) so that a million records load in seconds; a JSONL file DuckDB refuses
(a malformed line) is read again line by line in Python, keeping every good line and recording
each bad one in ``LoadReport.skipped`` instead of failing the run or dropping lines silently.

Accepted inputs: ``.jsonl``/``.ndjson``/``.json`` (optionally ``.gz``), ``.parquet``, ``.csv``
(nested fields as JSON strings), ``.duckdb``/``.db`` (tables ``events`` and ``documents``),
a directory (its files whose records look like the requested kind), or ``-`` for stdin JSONL.
"""

from __future__ import annotations

import io
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

import pyarrow as pa

from detente import store

EVENTS, DOCUMENTS = "events", "documents"

_JSON_SUFFIXES = (".jsonl", ".ndjson", ".json", ".jsonl.gz", ".ndjson.gz", ".json.gz")
_DB_SUFFIXES = (".duckdb", ".db")
_ROW_STRIDE = 10**12  # _row = file index * stride + line number: keeps files in the order given

# json_transform structures for nested columns stored as JSON text (CSV, stringly Parquet).
_ENTITY_JSON = ('[{"code":"VARCHAR","sector":"VARCHAR","text":"VARCHAR","start":"BIGINT",'
                '"end":"BIGINT","name":"VARCHAR","inferred":"BOOLEAN"}]')
_NESTED_JSON = {
    "context": '["VARCHAR"]', "aux_modes": '["VARCHAR"]', "actor": _ENTITY_JSON,
    "recipient": _ENTITY_JSON, "trigger": '{"text":"VARCHAR","start":"BIGINT","end":"BIGINT"}',
    "sentence": '{"index":"BIGINT","start":"BIGINT","end":"BIGINT"}',
    "quality": ('{"score":"DOUBLE","flags":["VARCHAR"],"spans":[{"kind":"VARCHAR",'
                '"start":"BIGINT","end":"BIGINT","text":"VARCHAR"}]}'),
}
_LISTS = ("context", "aux_modes", "actor", "recipient")


class SourceError(ValueError):
    """An input cannot be read as event or document records."""


@dataclass
class LoadReport:
    """What was read: files, record count, and every record that could not be read."""

    files: list[str] = field(default_factory=list)
    rows: int = 0
    skipped: list[str] = field(default_factory=list)


def _suffix(path: Path) -> str:
    name = path.name.lower()
    for suf in _JSON_SUFFIXES + _DB_SUFFIXES + (".parquet", ".csv"):
        if name.endswith(suf):
            return suf
    return path.suffix.lower()


def _first_keys(path: Path) -> set[str]:
    """The field names of a file's first record: enough to tell events from documents."""
    import gzip

    import pyarrow.parquet as pq

    suf = _suffix(path)
    try:
        if suf == ".parquet":
            return set(pq.read_schema(path).names)
        if suf == ".csv":
            with path.open(encoding="utf-8", errors="replace") as fh:
                return {h.strip().strip('"') for h in fh.readline().split(",")}
        if suf in _JSON_SUFFIXES:
            opener = gzip.open if suf.endswith(".gz") else open
            with opener(path, "rt", encoding="utf-8", errors="replace") as fh:
                for line in fh:
                    if line.strip():
                        obj = json.loads(line)
                        return set(obj) if isinstance(obj, dict) else set()
    except (OSError, ValueError, RecursionError):
        return set()
    return set()


def _looks_like(path: Path, kind: str) -> bool:
    keys = _first_keys(path)
    if kind == EVENTS:
        return "event_type" in keys
    return "status" in keys and "event_type" not in keys


def expand_paths(paths: Sequence[str | Path], kind: str) -> list[Path | str]:
    """Files to read: directories become their files holding records of ``kind``."""
    out: list[Path | str] = []
    for p in paths:
        if str(p) == "-":
            out.append("-")
            continue
        path = Path(p)
        if path.is_dir():
            found = sorted(f for f in path.iterdir() if f.is_file()
                           and _suffix(f) in _JSON_SUFFIXES + (".parquet", ".csv")
                           and _looks_like(f, kind))
            found += sorted(f for f in path.iterdir() if _suffix(f) in _DB_SUFFIXES)
            if not found:
                raise SourceError(f"{path}: no {kind} files found in this directory")
            out.extend(found)
        elif path.exists():
            out.append(path)
        else:
            raise SourceError(f"{path}: no such file")
    return out


def _sql_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _normalise(con, source_sql: str, columns: dict[str, str], row_offset: int) -> str:
    """A SELECT giving ``columns`` with their canonical types from whatever ``source_sql`` has.

    Nested columns arriving as text (CSV, Parquet written with JSON strings) are parsed as JSON;
    nested columns of another struct shape are converted through JSON; missing columns are NULL
    and missing lists are empty, so the aggregation never meets a NULL list.
    """
    described = con.execute(f"DESCRIBE SELECT * FROM ({source_sql})").fetchall()
    present = {row[0]: row[1].upper() for row in described}
    parts = []
    for name, sql_type in columns.items():
        q = f'"{name}"'
        if name not in present:
            expr = "[]" if name in _LISTS else "NULL"
            expr = f"CAST({expr} AS {sql_type})"
        elif name in _NESTED_JSON:
            have = present[name]
            if have in ("VARCHAR", "JSON"):
                # a list of words written as plain text ("negation;future") is split, not lost
                plain = ""
                if sql_type == "VARCHAR[]":
                    plain = (f"WHEN trim({q}) <> '' THEN list_filter(string_split_regex("
                             f"trim({q}), '\\s*[;,|]\\s*'), lambda w: w <> '') ")
                expr = (f"CASE WHEN json_valid({q}) THEN "
                        f"CAST(json_transform({q}, {_sql_str(_NESTED_JSON[name])}) AS {sql_type}) "
                        f"{plain}END")
            elif have.replace('"', "") == sql_type.replace('"', "").upper():
                expr = q
            else:
                expr = (f"CAST(json_transform(to_json({q}), {_sql_str(_NESTED_JSON[name])}) "
                        f"AS {sql_type})")
            if name in _LISTS:
                expr = f"coalesce({expr}, CAST([] AS {sql_type}))"
        elif name == "meta":
            expr = f"CAST({q} AS VARCHAR)" if present[name] in ("VARCHAR", "JSON") \
                else f"CAST(to_json({q}) AS VARCHAR)"
        elif name == "evidence":  # offsets count from its first character: never trimmed
            expr = f"NULLIF(TRY_CAST({q} AS VARCHAR), '')"
        elif sql_type == "VARCHAR":
            expr = f"NULLIF(trim(TRY_CAST({q} AS VARCHAR)), '')"  # CSV writes null as ""
        else:
            expr = f"TRY_CAST({q} AS {sql_type})"
        parts.append(f"{expr} AS {q}")
    order = "seq" if "seq" in present else None
    rownum = f"row_number() OVER ({'ORDER BY seq' if order else ''})"
    parts.append(f"{row_offset} + {rownum} AS _row")
    return f"SELECT {', '.join(parts)} FROM ({source_sql})"


def _read_lines_python(lines: Iterable[str], label: str, kind: str,
                       report: LoadReport) -> pa.Table:
    """Line-by-line JSONL reading: keeps good records, records each bad line in ``report``."""
    good: list[dict[str, Any]] = []
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise ValueError("not a JSON object")
            if kind == EVENTS and not obj.get("event_type"):
                raise ValueError("no event_type")
            if kind == DOCUMENTS and not obj.get("doc_id"):
                raise ValueError("no doc_id")
            good.append(obj)
        except (ValueError, TypeError, RecursionError) as exc:
            report.skipped.append(f"{label}:{lineno}: {str(exc)[:200]}")
    try:
        return (store.events_to_arrow(good) if kind == EVENTS
                else store.documents_to_arrow(good))
    except (pa.ArrowException, ValueError, TypeError):
        # One record with a wrongly typed field would sink the whole batch: convert one by one.
        tables = []
        convert = store.events_to_arrow if kind == EVENTS else store.documents_to_arrow
        for obj in good:
            try:
                tables.append(convert([obj]))
            except (pa.ArrowException, ValueError, TypeError) as exc:
                name = obj.get("id") or obj.get("doc_id")
                report.skipped.append(f"{label}: record {name}: {exc}")
        schema = store.EVENT_ARROW if kind == EVENTS else store.DOCUMENT_ARROW
        return pa.concat_tables(tables) if tables else schema.empty_table()


def _attached(con, path: Path) -> str | None:
    """The alias under which ``path`` is already attached to ``con``, if it is."""
    target = str(path.resolve())
    for name, db_path in con.execute(
            "SELECT database_name, path FROM duckdb_databases()").fetchall():
        if db_path and str(Path(db_path).resolve()) == target:
            return name
    return None


def _source_sql(con, path: Path | str, kind: str, index: int, report: LoadReport,
                prefix: str) -> str:
    """SQL reading one input, normalised; may create ``{prefix}{index}`` tables on ``con``."""
    src = f"{prefix}{index}"
    columns = store.EVENT_COLUMNS if kind == EVENTS else store.DOCUMENT_COLUMNS
    offset = index * _ROW_STRIDE
    if path == "-":
        table = _read_lines_python(io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8"),
                                   "<stdin>", kind, report)
        con.register(src, table)
        return _normalise(con, f"SELECT * FROM {src}", columns, offset)
    assert isinstance(path, Path)
    suf = _suffix(path)
    p = _sql_str(str(path))
    if suf in _DB_SUFFIXES:
        alias = _attached(con, path)
        try:
            if alias is None:
                alias = f"_db{len(con.execute('SELECT * FROM duckdb_databases()').fetchall())}"
                con.execute(f"ATTACH {p} AS {alias} (READ_ONLY)")
        except Exception as exc:  # noqa: BLE001 - DuckDB raises several kinds here
            msg = str(exc)
            if "lock" in msg.lower():
                raise store.StoreLockedError(
                    f"{path} is open for writing in another process; wait for it to finish"
                ) from exc
            raise SourceError(f"{path}: cannot open as DuckDB: {msg}") from exc
        tables = {r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = ?", [alias]).fetchall()}
        if kind not in tables:
            if kind == DOCUMENTS:
                return ""
            raise SourceError(f"{path}: no '{kind}' table (is it a detente store?)")
        return _normalise(con, f"SELECT * FROM {alias}.{kind}", columns, offset)
    if suf == ".parquet":
        return _normalise(con, f"SELECT * FROM read_parquet({p})", columns, offset)
    if suf == ".csv":
        return _normalise(con, f"SELECT * FROM read_csv({p}, header=true, all_varchar=true)",
                          columns, offset)
    if suf in _JSON_SUFFIXES:
        cols = "{" + ", ".join(f"{_sql_str(k)}: {_sql_str(v)}" for k, v in columns.items()) + "}"
        fmt = "auto" if suf in (".json", ".json.gz") else "newline_delimited"
        try:
            con.execute(f"CREATE OR REPLACE TEMP TABLE {src} AS SELECT * FROM "
                        f"read_json({p}, format={_sql_str(fmt)}, columns={cols})")
        except Exception:  # noqa: BLE001 - malformed input: fall back to the careful reader
            import gzip

            opener = gzip.open if suf.endswith(".gz") else open
            with opener(path, "rt", encoding="utf-8", errors="replace") as fh:
                table = _read_lines_python(fh, str(path), kind, report)
            con.register(src, table)
        sql = f"SELECT * FROM {src}"
        return _normalise(con, sql, columns, offset)
    raise SourceError(f"{path}: unknown file type (use .jsonl, .parquet, .csv or .duckdb)")


def load(con, paths: Sequence[str | Path], kind: str = EVENTS,
         table: str | None = None) -> LoadReport:
    """Read ``paths`` into temp table ``table`` (default: ``events_in``/``documents_in``)."""
    table = table or f"{kind}_in"
    report = LoadReport()
    selects = []
    for i, path in enumerate(expand_paths(paths, kind)):
        sql = _source_sql(con, path, kind, i, report, prefix=f"_{table}_src")
        if sql:
            selects.append(sql)
            report.files.append(str(path))
    columns = store.EVENT_COLUMNS if kind == EVENTS else store.DOCUMENT_COLUMNS
    _drop(con, table)
    if not selects:
        cols = ", ".join(f'"{k}" {v}' for k, v in columns.items())
        con.execute(f"CREATE TEMP TABLE {table} ({cols}, _row BIGINT)")
    else:
        # a view, not a copy: DuckDB reads only the columns a query needs (the JSON sources
        # are already materialised in their own temp tables)
        con.execute(f"CREATE TEMP VIEW {table} AS "
                    + " UNION ALL ".join(f"({s})" for s in selects))
    report.rows = int(con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])
    return report


def _drop(con, name: str) -> None:
    """Remove a temp table or view called ``name`` from an earlier load on this connection."""
    for kind, catalog in (("VIEW", "duckdb_views()"), ("TABLE", "duckdb_tables()")):
        hit = con.execute(f"SELECT count(*) FROM {catalog} WHERE temporary AND "
                          f"{'view_name' if kind == 'VIEW' else 'table_name'} = ?",
                          [name]).fetchall()[0][0]
        if hit:
            con.execute(f"DROP {kind} {name}")


def load_arrow(con, table: pa.Table, kind: str = EVENTS, name: str | None = None) -> LoadReport:
    """Load an Arrow table (e.g. ``store.events_to_arrow(dicts)``) as a source."""
    name = name or f"{kind}_in"
    columns = store.EVENT_COLUMNS if kind == EVENTS else store.DOCUMENT_COLUMNS
    con.register("_arrow_src", table)
    _drop(con, name)
    con.execute(f"CREATE TEMP TABLE {name} AS "
                + _normalise(con, "SELECT * FROM _arrow_src", columns, 0))
    con.unregister("_arrow_src")
    return LoadReport(files=["<memory>"], rows=table.num_rows)
