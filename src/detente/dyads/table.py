"""The dyad x period table, computed in DuckDB SQL.

Decisions (README-ready; see also ``tone.yaml`` and ``turning.py``):

* **Dyads.** Every actor code x every recipient code of an event, as PLOVER dyads are formed:
  "Japan and China protested to the United States" gives CHN-USA and JPN-USA. An event with
  several actors and no recipient is reciprocal ("Japan and the Soviet Union signed a pact"):
  every unordered pair of its actors. Codes are compared after trimming and upper-casing; the
  same code twice in one event counts once, so an event counts at most once per dyad.
* **Labels.** Undirected by default, the two codes sorted alphabetically: "JPN-SUN". With
  ``directed=True`` the label is "actor->recipient", and a reciprocal event counts in both
  directions (each side did it with the other).
* **Domestic pairs** (the same code alone on both sides, e.g. a government arresting its own
  opposition) are kept as "JPN-JPN"; in compound events a code shared by both sides does not
  pair with itself ("the US and Britain met US and Soviet envoys" has no USA-USA).
* **No dyad.** Events with no recipient and a single actor code, or with no actor, or whose
  only other party is the unknown code ``---``, have no dyad. They are not in the table but
  are counted in the summary (``monadic``, with the count per actor in ``monadic_by_actor``).
* **Did not happen.** Events with ``negation`` or ``hypothetical`` in ``aux_modes`` ("Japan did
  not sign", "if China attacked") are excluded by default and counted in the summary
  (``excluded``); ``future`` and ``historical`` events are kept. Pass ``exclude_aux=()`` to count
  everything.
* **Periods.** ``year`` ("1956"), ``quarter`` ("1956-Q4") or ``month`` ("1956-10"). A date
  coarser than the period keeps its own, coarser label (a "1956" date in a monthly table is
  period "1956"), so nothing is spread over months it may not belong to. Events with no date,
  or a date that is not ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, go to period ``undated``
  (sorted last); they are never dropped, and ``undated_events`` lists them in document order.
* **Inferred dates** (``inferred_dates=True``, ``detente dyads --inferred-dates``). An event
  with no date but an inferred ``date_range`` closed at both ends (see
  ``detente.inferred_dates``) goes to the period labelled by its interval, ``"1957/1964"`` (ISO
  8601 interval form, even when both years are the same: ``"1957/1957"``), never to the years
  inside it: the span is what is known. The label sorts right after its first year. Such rows
  are off the timeline of turning points, and an ``inferred`` column counts the inferred events
  of each row. Off by default: the table is then exactly as without inference.
* **Columns.** dyad, period, events, docs, q1..q4 (PLOVER quad classes: verbal cooperation,
  material cooperation, verbal conflict, material conflict), one count column per event type
  present (PLOVER order), intensity_mean and intensity_sum (over events with an intensity),
  cooperative_share (q1+q2 over events with a quad class), tone, turning_point,
  turning_direction ("warming"/"cooling", empty when no turning point).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import pyarrow as pa

from detente.dyads import sources, turning
from detente.dyads import tone as tone_mod

PERIODS = ("year", "quarter", "month")
UNDATED = "undated"
#: aux_modes that mean the event did not (yet) take place and so is not a relation event.
EXCLUDED_AUX = ("negation", "hypothetical")
#: PLOVER's 16 event types in the manual's order: cooperation first, then conflict.
PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
                "COERCE", "ASSAULT")
UNKNOWN_CODE = "---"
#: the ISO date shapes of the event contract: YYYY, YYYY-MM, YYYY-MM-DD
DATE_RE = r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?"

_BASE_COLUMNS = ("dyad", "period", "events", "docs", "q1", "q2", "q3", "q4")
_TAIL_COLUMNS = ("intensity_mean", "intensity_sum", "cooperative_share", "tone",
                 "turning_point", "turning_direction")
#: the labels of dated periods at each granularity (coarser labels and "undated" do not match)
PERIOD_PATTERNS = {"year": re.compile(r"^\d{4}$"), "quarter": re.compile(r"^\d{4}-Q[1-4]$"),
                   "month": re.compile(r"^\d{4}-\d{2}$")}


@dataclass
class DyadTable:
    """The result of ``dyad_table``: an Arrow table of rows and a summary of what was counted."""

    table: pa.Table
    summary: dict[str, Any]
    by: str = "year"
    directed: bool = False
    type_columns: list[str] = field(default_factory=list)

    def rows(self) -> list[dict[str, Any]]:
        return self.table.to_pylist()

    def dyads(self) -> list[str]:
        """Dyads by number of events, most first (ties alphabetically)."""
        totals: dict[str, int] = {}
        for d, n in zip(self.table.column("dyad").to_pylist(),
                        self.table.column("events").to_pylist()):
            totals[d] = totals.get(d, 0) + n
        return sorted(totals, key=lambda d: (-totals[d], d))

    def to_json(self) -> dict[str, Any]:
        return {"by": self.by, "directed": self.directed, "summary": self.summary,
                "dyads": self.rows()}

    def write(self, path: str | Path) -> Path:
        """Write the rows by extension: .csv, .parquet, .json (rows + summary) or .jsonl."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix == ".csv":
            import pyarrow.csv as pcsv

            pcsv.write_csv(self.table, path)
        elif suffix == ".parquet":
            import pyarrow.parquet as pq

            pq.write_table(self.table, path)
        elif suffix == ".json":
            path.write_text(json.dumps(self.to_json(), ensure_ascii=False, indent=1) + "\n",
                            encoding="utf-8")
        elif suffix == ".jsonl":
            with path.open("w", encoding="utf-8") as fh:
                for row in self.rows():
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            raise ValueError(f"{path}: unknown output type (use .csv, .parquet, .json or .jsonl)")
        return path


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def period_sql(by: str, date: str = "date") -> str:
    """SQL turning an ISO date string into the period label for ``by``."""
    if by not in PERIODS:
        raise ValueError(f"period must be one of {PERIODS}, not {by!r}")
    valid = f"{date} IS NOT NULL AND regexp_full_match({date}, '{DATE_RE}')"
    year = f"substr({date}, 1, 4)"
    if by == "year":
        label = year
    elif by == "month":
        label = f"CASE WHEN length({date}) >= 7 THEN substr({date}, 1, 7) ELSE {year} END"
    else:
        label = (f"CASE WHEN length({date}) >= 7 THEN {year} || '-Q' || "
                 f"CAST((CAST(substr({date}, 6, 2) AS INTEGER) + 2) // 3 AS VARCHAR) "
                 f"ELSE {year} END")
    return f"CASE WHEN {valid} THEN {label} ELSE '{UNDATED}' END"


def _codes(column: str) -> str:
    return (f"list_distinct(list_filter(list_transform({column}, lambda x: upper(trim(x.code))), "
            f"lambda c: c IS NOT NULL AND c <> '' AND c <> '{UNKNOWN_CODE}'))")


def build_dyad_events(con, *, by: str = "year", directed: bool = False,
                      pairs: Sequence[tuple[str, str]] | None = None,
                      exclude_aux: Sequence[str] = EXCLUDED_AUX,
                      source: str = "events_in", target: str = "dyad_events",
                      inferred_dates: bool = False) -> dict[str, Any]:
    """Expand events into (event, dyad) rows in temp table ``target``; return the counts.

    ``target`` has one row per event and dyad: id, doc_id, event_type, intensity, quad_class,
    date, period, dyad, doc_order (first ``_row`` of the event's document) and
    sent_index, so that reports can list a dyad's events in time and document order.
    """
    excl = "[" + ", ".join(f"'{a}'" for a in exclude_aux) + "]::VARCHAR[]"
    period = period_sql(by)
    inferred = "FALSE"
    if inferred_dates:
        inferred = ("(date IS NULL AND date_range IS NOT NULL AND len(date_range) = 2 "
                    "AND date_range[1] IS NOT NULL AND date_range[2] IS NOT NULL)")
        period = (f"CASE WHEN {inferred} THEN date_range[1] || '/' || date_range[2] "
                  f"ELSE {period} END")
    keep = "TRUE"
    if exclude_aux:
        keep = f"NOT list_has_any(coalesce(aux_modes, []::VARCHAR[]), {excl})"
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _ev_base AS
        SELECT id, doc_id, event_type, intensity, quad_class, date, _row,
               coalesce(sentence."index", 0) AS sent_index,
               {period} AS period, {inferred} AS inferred,
               {_codes('actor')} AS a, {_codes('recipient')} AS r,
               {keep} AS kept
        FROM {source}""")
    # a state on both sides is a domestic pair only when it is the sole party on each side
    recip_pairs = ("list_filter(flatten(list_transform(a, lambda x: list_transform(r, "
                   "lambda y: [x, y]))), lambda p: p[1] <> p[2] OR (len(a) = 1 AND len(r) = 1))")
    recip_ordered = ("flatten(list_transform(range(1, len(a) + 1), "
                     "lambda i: list_transform(a[i + 1:], lambda y: [a[i], y])))")
    if directed:
        recip_both = (f"list_concat({recip_ordered}, "
                      f"list_transform({recip_ordered}, lambda p: [p[2], p[1]]))")
        label = "pr[1] || '->' || pr[2]"
    else:
        recip_both = recip_ordered
        label = "least(pr[1], pr[2]) || '-' || greatest(pr[1], pr[2])"
    where = ""
    if pairs:
        wanted = []
        for a, b in pairs:
            a, b = a.strip().upper(), b.strip().upper()
            wanted.append(f"{a}->{b}" if directed else f"{min(a, b)}-{max(a, b)}")
        where = "WHERE dyad IN (" + ", ".join(f"'{w.replace(chr(39), '')}'" for w in wanted) + ")"
    # labels are made distinct inside each event's list (an event counts once per dyad) and
    # the document order comes from a grouped join: both cheaper than DISTINCT or a window
    # over every row
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE {target} AS
        WITH docs AS (SELECT doc_id, min(_row) AS doc_order FROM _ev_base GROUP BY doc_id),
        p AS (
            SELECT id, doc_id, event_type, intensity, quad_class, date, period, sent_index,
                   inferred, list_distinct(list_transform(
                       CASE WHEN len(r) > 0 THEN {recip_pairs} ELSE {recip_both} END,
                       lambda pr: {label})) AS labels
            FROM _ev_base WHERE kept AND (len(r) > 0 OR len(a) > 1)
        ), u AS (SELECT * EXCLUDE (labels), unnest(labels) AS dyad FROM p)
        SELECT u.id, u.doc_id, u.event_type, u.intensity, u.quad_class, u.date, u.period,
               u.dyad, docs.doc_order, u.sent_index, u.inferred
        FROM u JOIN docs ON u.doc_id IS NOT DISTINCT FROM docs.doc_id {where}""")
    counts = con.execute(f"""
        SELECT count(*) AS total,
               count(*) FILTER (WHERE NOT kept) AS excluded,
               count(*) FILTER (WHERE kept AND NOT (len(r) > 0 AND len(a) > 0)
                                AND NOT (len(r) = 0 AND len(a) > 1)) AS monadic,
               count(*) FILTER (WHERE kept AND period = '{UNDATED}') AS undated,
               count(*) FILTER (WHERE date IS NOT NULL AND period = '{UNDATED}') AS bad_dates,
               count(*) FILTER (WHERE kept AND inferred) AS inferred
        FROM _ev_base""").fetchall()[0]
    in_table = con.execute(
        f"SELECT count(DISTINCT id), count(*), count(DISTINCT dyad), "
        f"count(DISTINCT id) FILTER (WHERE period = '{UNDATED}') FROM {target}").fetchall()[0]
    monadic_by_actor = dict(con.execute("""
        SELECT coalesce(a[1], '(none)') AS code, count(*) FROM _ev_base
        WHERE kept AND NOT (len(r) > 0 AND len(a) > 0) AND NOT (len(r) = 0 AND len(a) > 1)
        GROUP BY 1 ORDER BY 2 DESC, 1""").fetchall())
    return {"events_read": counts[0], "excluded": counts[1],
            "excluded_aux_modes": list(exclude_aux),
            "monadic": counts[2], "monadic_by_actor": monadic_by_actor,
            "undated_events": counts[3], "unparseable_dates": counts[4],
            "dyadic_events": in_table[0], "dyad_event_rows": in_table[1], "dyads": in_table[2],
            "undated_dyadic_events": in_table[3],
            **({"inferred_date_events": counts[5]} if inferred_dates else {})}


def _type_columns(con, target: str) -> list[str]:
    present = [r[0] for r in con.execute(
        f"SELECT DISTINCT event_type FROM {target} WHERE event_type IS NOT NULL").fetchall()]
    order = {t: i for i, t in enumerate(PLOVER_TYPES)}
    return sorted(present, key=lambda t: (order.get(t, len(order)), t))


def dyad_table(con, *, by: str = "year", directed: bool = False,
               pairs: Sequence[tuple[str, str]] | None = None,
               exclude_aux: Sequence[str] = EXCLUDED_AUX, source: str = "events_in",
               min_shift: float = 2.5, thresholds: tone_mod.Thresholds | None = None,
               inferred_dates: bool = False) -> DyadTable:
    """The dyad x period table of the events in temp table ``source`` on DuckDB ``con``."""
    summary = build_dyad_events(con, by=by, directed=directed, pairs=pairs,
                                exclude_aux=exclude_aux, source=source,
                                inferred_dates=inferred_dates)
    inferred_sql = ", count(*) FILTER (WHERE inferred) AS inferred" if inferred_dates else ""
    types = _type_columns(con, "dyad_events")
    reserved = set(_BASE_COLUMNS + _TAIL_COLUMNS)
    type_cols = [(t, f"type_{t}" if t.lower() in reserved else t) for t in types]
    type_sql = "".join(f", count(*) FILTER (WHERE event_type = '{t.replace(chr(39), chr(39) * 2)}')"
                       f" AS {_q(name)}" for t, name in type_cols)
    tone_sql = tone_mod.sql_case("intensity_mean", "cooperative_share", "_n_coop", "_n_conf",
                                 thresholds)
    table = con.sql(f"""
        WITH g AS (
            SELECT dyad, period, count(*) AS events, count(DISTINCT doc_id) AS docs,
                   count(*) FILTER (WHERE quad_class = 1) AS q1,
                   count(*) FILTER (WHERE quad_class = 2) AS q2,
                   count(*) FILTER (WHERE quad_class = 3) AS q3,
                   count(*) FILTER (WHERE quad_class = 4) AS q4
                   {inferred_sql}{type_sql},
                   avg(intensity) AS intensity_mean, sum(intensity) AS intensity_sum,
                   count(*) FILTER (WHERE quad_class IN (1, 2)) AS _n_coop,
                   count(*) FILTER (WHERE quad_class IN (3, 4)) AS _n_conf,
                   CAST(count(*) FILTER (WHERE quad_class IN (1, 2)) AS DOUBLE)
                       / nullif(count(quad_class), 0) AS cooperative_share,
                   count(intensity) AS _n_int, sum(intensity * intensity) AS _sumsq
            FROM dyad_events GROUP BY dyad, period
        )
        SELECT * EXCLUDE (_n_coop, _n_conf), {tone_sql} AS tone FROM g ORDER BY dyad, period
        """).to_arrow_table()
    table = _with_turning_points(table, by, min_shift)
    return DyadTable(table=table, summary=summary, by=by, directed=directed,
                     type_columns=[name for _, name in type_cols])


def _with_turning_points(table: pa.Table, by: str, min_shift: float) -> pa.Table:
    """Append turning_point/turning_direction, computed per dyad on its dated periods."""
    n_rows = table.num_rows
    flags = np.zeros(n_rows, dtype=bool)
    directions: list[str | None] = [None] * n_rows
    if n_rows:
        dyad = np.asarray(table.column("dyad").to_pylist(), dtype=object)
        period = table.column("period").to_pylist()
        n_int = np.asarray(table.column("_n_int").to_numpy(zero_copy_only=False), dtype=float)
        total = np.nan_to_num(np.asarray(
            table.column("intensity_sum").to_numpy(zero_copy_only=False), dtype=float))
        sumsq = np.nan_to_num(np.asarray(
            table.column("_sumsq").to_numpy(zero_copy_only=False), dtype=float))
        pattern = PERIOD_PATTERNS[by]
        on_timeline = np.array([bool(pattern.match(p)) for p in period])
        # rows are sorted by dyad: each dyad is one contiguous block
        starts = np.flatnonzero(np.r_[True, dyad[1:] != dyad[:-1]])
        ends = np.r_[starts[1:], n_rows]
        for lo, hi in zip(starts, ends):
            idx = np.arange(lo, hi)[on_timeline[lo:hi]]
            if len(idx) < 2:
                continue
            for tp in turning.change_points(n_int[idx], total[idx], sumsq[idx],
                                            min_shift=min_shift):
                row = int(idx[tp.index])
                flags[row] = True
                directions[row] = tp.direction
    table = table.drop_columns(["_n_int", "_sumsq"])
    table = table.append_column("turning_point", pa.array(flags, pa.bool_()))
    return table.append_column("turning_direction", pa.array(directions, pa.string()))


def undated_events(con, dyad: str | None = None, target: str = "dyad_events",
                   source: str = "events_in") -> list[dict[str, Any]]:
    """Undated events (of one dyad, or all), in document order, then sentence order."""
    where = "AND d.dyad = ?" if dyad else ""
    params = [dyad] if dyad else []
    rows = con.execute(f"""
        SELECT d.dyad, e.* EXCLUDE (_row) FROM {target} d JOIN {source} e USING (id)
        WHERE d.period = '{UNDATED}' {where}
        ORDER BY d.doc_order, d.sent_index, e._row""", params)
    names = [c[0] for c in rows.description]
    return [dict(zip(names, r)) for r in rows.fetchall()]


def dyads_from_paths(paths: Sequence[str | Path], con=None, **kwargs: Any) -> DyadTable:
    """Load events from files or a .duckdb store and build the dyad table (see ``dyad_table``)."""
    import duckdb

    con = con or duckdb.connect()
    report = sources.load(con, paths, sources.EVENTS)
    result = dyad_table(con, **kwargs)
    result.summary["files"] = report.files
    result.summary["unreadable_records"] = report.skipped
    return result
