"""Assemble the HTML report from events (and document records) loaded into DuckDB.

One self-contained file: CSS inlined from ``style.css``, charts as inline SVG (``svg.py``), no
script, no font or image fetched from anywhere, so it opens the same offline, in a mail client
or years later. The numbers come from the same dyad table as ``detente dyads`` so the report
and the CSV never disagree. This module gathers the data with SQL; ``sections.py`` writes HTML.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from html import escape
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any, Sequence

from detente.dyads import sources
from detente.dyads.table import (DATE_RE, EXCLUDED_AUX, PERIOD_PATTERNS, dyad_table,
                                 undated_events)
from detente.dyads.tone import load_thresholds
from detente.report import sections

#: strongest events shown per dyad
STRONGEST = 5
#: at most this many of one event type among a dyad's strongest events, so that the list shows
#: the range of what happened rather than five copies of the same kind of aid
PER_TYPE = 2
#: undated events listed per dyad (the count is always given in full)
UNDATED_SHOWN = 12


@dataclass
class ReportOptions:
    top: int = 6  # dyads shown in detail; the overview lists up to twice as many
    by: str | None = None  # None: chosen from the time span of the data
    title: str = "Relations over time"
    strongest: int = STRONGEST
    exclude_aux: Sequence[str] = EXCLUDED_AUX
    min_shift: float = 2.5
    sources: list[str] = field(default_factory=list)
    #: place undated events with an inferred date range, drawn as spans (detente.inferred_dates)
    inferred_dates: bool = False


def _asset(name: str) -> str:
    return resources.files("detente.report").joinpath(name).read_text(encoding="utf-8")


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("detente")
    except Exception:  # noqa: BLE001 - running from a source tree without metadata
        return "dev"


def choose_period(con, source: str = "events_in") -> str:
    """year, quarter or month: the finest that keeps the corpus's time span readable."""
    first, last = con.execute(f"""
        SELECT min(CAST(substr(date, 1, 4) AS INTEGER)), max(CAST(substr(date, 1, 4) AS INTEGER))
        FROM {source} WHERE regexp_full_match(coalesce(date, ''), '{DATE_RE}')""").fetchall()[0]
    if first is None:
        return "year"
    span = last - first
    return "year" if span >= 6 else "quarter" if span >= 2 else "month"


_SPAN = re.compile(r"^(\d{4})/(\d{4})$")


def _span_ends(label: str, by: str) -> tuple[str, str] | None:
    """The first and last period of ``by`` an inferred span "1957/1964" covers."""
    m = _SPAN.match(label)
    if not m:
        return None
    a, b = m.group(1), m.group(2)
    if by == "year":
        return a, b
    if by == "quarter":
        return f"{a}-Q1", f"{b}-Q4"
    return f"{a}-01", f"{b}-12"


def _spans(rows: list[dict[str, Any]], by: str) -> list[sections.svg.Span]:
    out = []
    for r in rows:
        ends = _span_ends(r["period"], by)
        if ends:
            out.append(sections.svg.Span(r["period"], ends[0], ends[1], r["events"],
                                         r["intensity_mean"], r["tone"]))
    return out


def full_axis(periods: list[str], by: str) -> list[str]:
    """Every period from the first to the last dated one, so that gaps in coverage show; the
    periods an inferred span ("1957/1964") covers count as dated."""
    ends = [e for p in periods for e in (_span_ends(p, by) or ())]
    dated = sorted([p for p in periods if PERIOD_PATTERNS[by].match(p)] + ends)
    if not dated:
        return []
    first, last = dated[0], dated[-1]
    y0, y1 = int(first[:4]), int(last[:4])
    if by == "year":
        return [str(y) for y in range(y0, y1 + 1)]
    if by == "quarter":
        axis = [f"{y}-Q{q}" for y in range(y0, y1 + 1) for q in range(1, 5)]
    else:
        axis = [f"{y}-{m:02d}" for y in range(y0, y1 + 1) for m in range(1, 13)]
    return [p for p in axis if first <= p <= last]


def _types_and_strongest(con, dyads: list[str], strongest: int
                         ) -> tuple[dict[str, list], dict[str, list]]:
    """Per dyad: (event type, count, usual quad class) and the strongest events."""
    types: dict[str, list] = {d: [] for d in dyads}
    strong: dict[str, list] = {d: [] for d in dyads}
    if not dyads:
        return types, strong
    con.execute("CREATE OR REPLACE TEMP TABLE _leading (dyad VARCHAR)")
    con.executemany("INSERT INTO _leading VALUES (?)", [(d,) for d in dyads])
    for dyad, etype, n, quad in con.execute("""
            SELECT dyad, coalesce(event_type, '?'), count(*), mode(quad_class)
            FROM dyad_events WHERE dyad IN (SELECT dyad FROM _leading)
            GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2""").fetchall():
        types[dyad].append((etype, n, quad))
    # largest |intensity| first, at most PER_TYPE of a type; ties: earlier date, document order
    rows = con.sql(f"""
        WITH per_type AS (
            SELECT d.dyad, d.doc_order, d.sent_index, e.* EXCLUDE (_row)
            FROM dyad_events d JOIN events_in e USING (id)
            WHERE d.dyad IN (SELECT dyad FROM _leading) AND e.intensity IS NOT NULL
            QUALIFY row_number() OVER (PARTITION BY d.dyad, e.event_type ORDER BY
                abs(e.intensity) DESC, e.date NULLS LAST, d.doc_order, d.sent_index) <= {PER_TYPE}
        ), ranked AS (
            SELECT * FROM per_type
            QUALIFY row_number() OVER (PARTITION BY dyad ORDER BY abs(intensity) DESC,
                date NULLS LAST, doc_order, sent_index) <= {int(strongest)}
        )
        SELECT * EXCLUDE (doc_order, sent_index) FROM ranked
        ORDER BY dyad, abs(intensity) DESC, date NULLS LAST, doc_order, sent_index
        """).to_arrow_table().to_pylist()
    for ev in rows:
        strong[ev["dyad"]].append(ev)
    return types, strong


def _map_points(con, dyads: list[str]) -> tuple[list[sections.svg.MapPoint], int, int]:
    """The located events of the leading dyads as map points (one per spot and quad class),
    the number located and the number of events in those dyads."""
    from detente.report import geo

    if not dyads:
        return [], 0, 0
    con.execute("CREATE OR REPLACE TEMP TABLE _leading (dyad VARCHAR)")
    con.executemany("INSERT INTO _leading VALUES (?)", [(d,) for d in dyads])
    rows = con.execute("""
        WITH ev AS (
            SELECT DISTINCT e.id, e.quad_class, e.location
            FROM dyad_events d JOIN events_in e USING (id)
            WHERE d.dyad IN (SELECT dyad FROM _leading))
        SELECT location.name, location.country, location.lat, location.lon, quad_class, count(*)
        FROM ev WHERE location IS NOT NULL AND location.country IS NOT NULL
        GROUP BY ALL ORDER BY 6 DESC""").fetchall()
    total = con.execute("""SELECT count(DISTINCT id) FROM dyad_events
                           WHERE dyad IN (SELECT dyad FROM _leading)""").fetchall()[0][0]
    points: dict[tuple, sections.svg.MapPoint] = {}
    located = 0
    for name, country, lat, lon, quad, n in rows:
        located += n
        exact = lat is not None and lon is not None
        if not exact:
            centre = geo.country_centre(country)
            if centre is None:
                continue
            lat, lon = centre
        key = (round(lat, 2), round(lon, 2), quad, exact)
        p = points.get(key)
        if p is None:
            points[key] = sections.svg.MapPoint(lat, lon, quad, "", exact, 0)
            p = points[key]
        p.count += n
        p.label = (p.label + "; " if p.label else "") + f"{name or country} ({country}): {n}"
    for p in points.values():
        p.label = f"{p.label} · {sections.svg.QUAD_NAMES.get(p.quad, '')}"
    return list(points.values()), located, int(total)


def _quality_view(con) -> sections.QualityView:
    documents, mean_score, flagged, events = con.execute("""
        SELECT count(*), avg(quality.score), count(*) FILTER (WHERE len(quality.flags) > 0),
               coalesce(sum(events), 0)
        FROM documents_in""").fetchall()[0]
    return sections.QualityView(
        documents=int(documents), mean_score=mean_score, flagged=int(flagged),
        events=int(events),
        status=dict(con.execute(
            "SELECT coalesce(status, '?'), count(*) FROM documents_in GROUP BY 1").fetchall()),
        reasons=con.execute("""
            SELECT coalesce(status, '?'), reason, count(*) FROM documents_in
            WHERE reason IS NOT NULL AND reason <> ''
            GROUP BY 1, 2 ORDER BY 3 DESC, 2 LIMIT 12""").fetchall(),
        flags=con.execute("""
            SELECT f, count(*) FROM (SELECT unnest(quality.flags) AS f FROM documents_in)
            GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 14""").fetchall(),
        languages=con.execute("""
            SELECT coalesce(language, '?'), count(*) FROM documents_in
            GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 6""").fetchall())


def render(con, options: ReportOptions | None = None, have_docs: bool = False) -> str:
    """The report HTML for the events in temp table ``events_in`` (and ``documents_in``)."""
    options = options or ReportOptions()
    by = options.by or choose_period(con)
    result = dyad_table(con, by=by, exclude_aux=options.exclude_aux,
                        min_shift=options.min_shift, inferred_dates=options.inferred_dates)
    ranked = result.dyads()
    leading = ranked[: options.top]
    listed = ranked[: max(options.top * 2, 10)]
    rows_by: dict[str, list[dict[str, Any]]] = {d: [] for d in listed}
    for row in result.rows():
        if row["dyad"] in rows_by:
            rows_by[row["dyad"]].append(row)
    types, strongest = _types_and_strongest(con, leading, options.strongest)
    views = {d: sections.DyadView(d, rows_by[d], full_axis([r["period"] for r in rows_by[d]], by),
                                  spans=_spans(rows_by[d], by))
             for d in listed}
    for d in leading:
        views[d].types, views[d].strongest = types[d], strongest[d]
        if any(r["period"] == "undated" for r in rows_by[d]):
            views[d].undated = undated_events(con, d)[:UNDATED_SHOWN]
    quality = _quality_view(con) if have_docs else None
    points, located, in_leading = _map_points(con, leading)
    if points:
        from detente.report import geo

        where = sections.places_map(points, geo.land_cells(), located, in_leading, len(leading))
    else:
        where = ""
    summary = result.summary
    source_text = ", ".join(Path(s).name for s in options.sources) or "events"
    subtitle = (f"{escape(source_text)} · {sections.fmt_int(summary['events_read'])} events · "
                f"{sections.fmt_int(summary['dyads'])} dyads · periods: {by}")
    return Template(_asset("template.html")).substitute(
        title=escape(options.title), subtitle=subtitle, style=_asset("style.css"),
        cards=sections.cards(summary, quality.documents if quality else None),
        overview=sections.overview([views[d] for d in listed], set(leading), by) if listed else "",
        dyads=sections.dyads_block([views[d] for d in leading], by),
        map=where,
        quality=sections.quality(quality),
        method=sections.method(summary, load_thresholds(), options.min_shift),
        version=_version(),
        generated=_dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))


def _is_db(path: str | Path) -> bool:
    return str(path).lower().endswith((".duckdb", ".db"))


def build_report(events: Sequence[str | Path], docs: Sequence[str | Path] = (),
                 db: Sequence[str | Path] = (), options: ReportOptions | None = None,
                 con=None) -> str:
    """Load events (files and/or DuckDB stores) and document records; return the report HTML.

    Document records come from ``docs`` and, when no ``docs`` are given, from the ``documents``
    table of any DuckDB store among the inputs.
    """
    import duckdb

    con = con or duckdb.connect()
    options = options or ReportOptions()
    event_paths = list(events) + list(db)
    if not event_paths:
        raise sources.SourceError("no events given")
    sources.load(con, event_paths, sources.EVENTS)
    doc_paths = list(docs) or [p for p in event_paths if _is_db(p)]
    have_docs = bool(doc_paths) and bool(sources.load(con, doc_paths, sources.DOCUMENTS).files)
    if not options.sources:
        options.sources = [str(p) for p in event_paths]
    return render(con, options, have_docs=have_docs)


def write_report(path: str | Path, events: Sequence[str | Path], docs: Sequence[str | Path] = (),
                 db: Sequence[str | Path] = (), options: ReportOptions | None = None) -> Path:
    """Write the report to ``path`` (one HTML file)."""
    path = Path(path)
    html = build_report(events, docs, db, options)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path
