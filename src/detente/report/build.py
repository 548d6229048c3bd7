"""Assemble the HTML report from events (and document records) loaded into DuckDB.

One self-contained file: CSS inlined from ``style.css``, charts as inline SVG (``svg.py``), no
script, no font or image fetched from anywhere, so it opens the same offline, in a mail client
or years later. The numbers come from the same dyad table as ``detente dyads`` so the report
and the CSV never disagree.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from html import escape
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any, Sequence

from detente.dyads import sources
from detente.dyads.table import (DATE_RE, EXCLUDED_AUX, UNDATED, DyadTable, dyad_table,
                                 undated_events)
from detente.dyads.tone import load_thresholds
from detente.report import highlight, svg

STRONGEST = 5
#: at most this many of one event type among a dyad's strongest events, so that the list shows
#: the range of what happened rather than five copies of the same kind of aid
PER_TYPE = 2
UNDATED_SHOWN = 12


@dataclass
class ReportOptions:
    top: int = 6
    by: str | None = None  # None: chosen from the time span of the data
    title: str = "Relations over time"
    strongest: int = STRONGEST
    exclude_aux: Sequence[str] = EXCLUDED_AUX
    sources: list[str] = field(default_factory=list)


def _asset(name: str) -> str:
    return resources.files("detente.report").joinpath(name).read_text(encoding="utf-8")


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("detente")
    except Exception:  # noqa: BLE001 - running from a source tree without metadata
        return "dev"


def country_name(code: str) -> str:
    """A readable name for a code (ISO 3166-1/-3), or the code itself."""
    try:
        import pycountry

        for db in (pycountry.countries, pycountry.historic_countries):
            hit = db.get(alpha_3=code)
            if hit is not None:
                # "USSR, Union of Soviet Socialist Republics" -> "USSR"
                return (getattr(hit, "common_name", None) or hit.name).split(",")[0]
    except Exception:  # noqa: BLE001 - names are decoration; a code is always shown
        pass
    return code


def choose_period(con, source: str = "events_in") -> str:
    """year, quarter or month: the finest that keeps a long corpus readable."""
    row = con.execute(f"""
        SELECT min(TRY_CAST(substr(date, 1, 4) AS INTEGER)), max(TRY_CAST(substr(date, 1, 4) AS INTEGER))
        FROM {source} WHERE regexp_full_match(coalesce(date, ''), '{DATE_RE}')
    """).fetchone()
    if row[0] is None:
        return "year"
    span = row[1] - row[0]
    return "year" if span >= 6 else "quarter" if span >= 2 else "month"


def full_axis(periods: list[str], by: str) -> list[str]:
    """Every period from the first to the last dated one, so that gaps in coverage show."""
    from detente.dyads.table import _PERIOD_RE

    dated = sorted(p for p in periods if _PERIOD_RE[by].match(p))
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


def _fmt_int(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")


def _signed(x: float | None) -> str:
    return "–" if x is None else f"{x:+.1f}".replace("-", "\u2212")


def _tone_badge(tone: str | None) -> str:
    return f'<span class="badge tone-{tone or "none"}">{escape(tone or "no tone")}</span>'


def _cards(summary: dict[str, Any], docs: int | None) -> str:
    items = [(summary["events_read"], "events read"),
             (summary["dyadic_events"], "events in dyads"),
             (summary["dyads"], "dyads"),
             (summary["undated_dyadic_events"], "undated, kept as “undated”"),
             (summary["monadic"], "events with one party (no dyad)"),
             (summary["excluded"], "negated / hypothetical, not counted")]
    if docs is not None:
        items.append((docs, "documents"))
    body = "".join(f'<div class="card"><span class="num">{_fmt_int(int(n))}</span>'
                   f'<span class="lbl">{escape(lbl)}</span></div>' for n, lbl in items)
    return f'<section class="cards" aria-label="totals">{body}</section>'


def _dyad_names(dyad: str) -> tuple[str, str, str]:
    sep = "->" if "->" in dyad else "-"
    a, b = dyad.split(sep, 1)
    arrow = " → " if sep == "->" else " – "
    return a, b, f"{escape(country_name(a))}{arrow}{escape(country_name(b))}"


def _anchor(dyad: str) -> str:
    return "dyad-" + "".join(c if c.isalnum() else "_" for c in dyad)


def _event_item(ev: dict[str, Any], dyad_label: str | None = None) -> str:
    q = ev.get("quad_class")
    when = ev.get("date") or "undated"
    actors = ", ".join(a.get("code") or "---" for a in ev.get("actor") or [])
    recips = ", ".join(r.get("code") or "---" for r in ev.get("recipient") or [])
    who = f"{escape(actors)} → {escape(recips)}" if recips else f"{escape(actors)} (together)"
    body = highlight.highlight(ev)
    if not body:
        trig = (ev.get("trigger") or {}).get("text") or ""
        body = (f'<span class="muted">no evidence sentence stored; trigger '
                f'“{escape(trig)}”</span>')
    aux = ", ".join(ev.get("aux_modes") or [])
    meta = (f'<span class="score">{_signed(ev.get("intensity"))}</span> · <b>{escape(ev.get("event_type") or "?")}</b>'
            f'{" (" + escape(ev["mode"]) + ")" if ev.get("mode") else ""} · {who} · {escape(when)}'
            f'{" · " + escape(aux) if aux else ""} · <span title="document">{escape(str(ev.get("doc_id") or ""))}</span>')
    return f'<li class="q{q or 0}"><div class="meta">{meta}</div><p class="evidence">{body}</p></li>'


def _legend_timeline() -> str:
    tones = "".join(f'<span><i style="background:{fill}"></i>{name}</span>'
                    for name, _, _, fill in svg.TONE_BANDS)
    return (f'<div class="legend">{tones}<span><i style="background:{svg.LINE};border-radius:50%"></i>'
            f'mean intensity (dot size: events)</span>'
            f'<span><i class="dash" style="border-color:{svg.WARM}"></i>turning point, warming</span>'
            f'<span><i class="dash" style="border-color:{svg.COOL}"></i>turning point, cooling</span>'
            f'<span><i style="background:#9fb0c0"></i>events per period</span></div>')


def _legend_quads(quads: set[int | None]) -> str:
    return '<div class="legend">' + "".join(
        f'<span><i style="background:{svg.QUAD_COLOURS[q]}"></i>{svg.QUAD_NAMES[q]}</span>'
        for q in (1, 2, 3, 4, None) if q in quads) + "</div>"


def _dyad_section(con, result: DyadTable, dyad: str, types: list[tuple[str, int, Any]],
                  strongest: list[dict[str, Any]], x_label: str) -> str:
    rows = [r for r in result.rows() if r["dyad"] == dyad]
    by = result.by
    axis = full_axis([r["period"] for r in rows], by)
    on_axis = set(axis)
    points = [svg.Point(r["period"], r["events"], r["intensity_mean"], r["tone"],
                        r["turning_direction"] if r["turning_point"] else None)
              for r in rows if r["period"] in on_axis]
    total = sum(r["events"] for r in rows)
    undated = sum(r["events"] for r in rows if r["period"] == UNDATED)
    coarse = sum(r["events"] for r in rows if r["period"] not in on_axis and r["period"] != UNDATED)
    dated_rows = [r for r in rows if r["period"] in on_axis]
    latest = dated_rows[-1] if dated_rows else (rows[-1] if rows else None)
    means = [r["intensity_mean"] for r in rows if r["intensity_mean"] is not None]
    _, _, names = _dyad_names(dyad)
    facts = [f"{_fmt_int(total)} events"]
    if axis:
        facts.append(f"{axis[0]} to {axis[-1]}")
    if undated:
        facts.append(f"{undated} undated")
    if coarse:
        facts.append(f"{coarse} dated only to a coarser period than the {by}")
    turns = [p for p in points if p.turning]
    chart = (svg.timeline(points, axis, x_label=x_label, title=f"{dyad} intensity by {by}")
             if axis else '<p class="muted">No dated events: nothing to draw on a time axis.</p>')
    turn_text = ""
    if turns:
        turn_text = "<p class=\"facts\">Turning points: " + "; ".join(
            f"<b>{escape(p.period)}</b> {p.turning}" for p in turns) + ".</p>"
    type_items = [(t, n, svg.QUAD_COLOURS.get(q, svg.QUAD_COLOURS[None])) for t, n, q in types]
    bars = svg.hbars(type_items, title=f"{dyad} event types") if type_items else ""
    strong = "".join(_event_item(ev) for ev in strongest) or '<p class="muted">No event has an intensity.</p>'
    und = ""
    if undated:
        evs = undated_events(con, dyad)[:UNDATED_SHOWN]
        more = f" (first {len(evs)})" if undated > len(evs) else ""
        und = (f'<details><summary>{undated} undated event{"s" * (undated != 1)}, in document order{more}'
               f'</summary><ul class="events">{"".join(_event_item(e) for e in evs)}</ul></details>')
    mean_all = sum(means) / len(means) if means else None
    return f"""
<section class="dyad" id="{_anchor(dyad)}">
  <div class="dyad-head"><h2>{escape(dyad)}</h2><span class="names">{names}</span>
    {_tone_badge(latest["tone"] if latest else None)}
    <span class="muted" style="font-size:13px">latest period{f" ({escape(latest['period'])})" if latest else ""}</span></div>
  <p class="facts">{" · ".join(facts)} · mean of period means {_signed(mean_all)}</p>
  {turn_text}
  {chart}
  {_legend_timeline() if axis else ""}
  <div class="cols">
    <div><h3>Event types</h3>{bars}{_legend_quads({q for _, _, q in types})}</div>
    <div><h3>Strongest events</h3>
      <p class="key"><mark class="hl-actor">actor</mark> <mark class="hl-trigger">trigger</mark>
      <mark class="hl-recipient">recipient</mark> · score: PLOVER intensity</p>
      <ul class="events">{strong}</ul>{und}</div>
  </div>
</section>"""


def _overview(result: DyadTable, dyads: list[str], shown: set[str]) -> str:
    rows_by: dict[str, list[dict[str, Any]]] = {}
    for r in result.rows():
        rows_by.setdefault(r["dyad"], []).append(r)
    body = []
    for dyad in dyads:
        rows = rows_by[dyad]
        axis = full_axis([r["period"] for r in rows], result.by)
        means = {r["period"]: r["intensity_mean"] for r in rows}
        dated = [r for r in rows if r["period"] in set(axis)]
        latest = dated[-1]["tone"] if dated else None
        turns = sum(1 for r in rows if r["turning_point"])
        label = (f'<a href="#{_anchor(dyad)}">{escape(dyad)}</a>' if dyad in shown else escape(dyad))
        span = f"{axis[0]}–{axis[-1]}" if axis else "undated only"
        body.append(f"<tr><td>{label}</td><td>{_dyad_names(dyad)[2]}</td>"
                    f"<td class=\"num\">{_fmt_int(sum(r['events'] for r in rows))}</td>"
                    f"<td>{escape(span)}</td><td>{svg.sparkline([means.get(p) for p in axis])}</td>"
                    f"<td>{_tone_badge(latest) if dated else ''}</td><td class=\"num\">{turns}</td></tr>")
    return ('<section><h2 class="section-title">Leading dyads</h2><p class="section-lede">'
            f'Pairs with the most events, by {result.by}. The line is the mean intensity per period '
            '(−10 conflict … +10 cooperation).</p><div class="overview"><table><thead><tr>'
            '<th>dyad</th><th>countries</th><th class="num">events</th><th>span</th>'
            '<th>intensity</th><th>latest tone</th><th class="num">turning points</th></tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div></section>')


def _quality(con, have_docs: bool) -> str:
    head = '<section class="quality" id="quality"><h2>Document quality</h2>'
    if not have_docs:
        return (head + '<p class="muted">No document records were given (use <code>--docs</code> '
                'or a DuckDB store), so there is no quality summary.</p></section>')
    n, mean_score, with_flags = con.execute(
        "SELECT count(*), avg(quality.score), count(*) FILTER (WHERE len(quality.flags) > 0) "
        "FROM documents_in").fetchone()
    if not n:
        return head + '<p class="muted">The document records are empty.</p></section>'
    status = dict(con.execute("SELECT coalesce(status, '?'), count(*) FROM documents_in GROUP BY 1").fetchall())
    reasons = con.execute("""SELECT coalesce(status, '?'), reason, count(*) FROM documents_in
        WHERE reason IS NOT NULL AND reason <> '' GROUP BY 1, 2 ORDER BY 3 DESC, 2 LIMIT 12""").fetchall()
    flags = con.execute("""SELECT f, count(*) FROM (SELECT unnest(quality.flags) AS f FROM documents_in)
        GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 14""").fetchall()
    langs = con.execute("""SELECT coalesce(language, '?'), count(*) FROM documents_in GROUP BY 1
        ORDER BY 2 DESC LIMIT 6""").fetchall()
    events = con.execute("SELECT sum(events), sum(sentences) FROM documents_in").fetchone()
    colours = {"ok": "#3f8f5a", "skipped": "#9aa0a6", "error": "#b8433a"}
    parts = [(s, status.get(s, 0), colours[s]) for s in ("ok", "skipped", "error")]
    parts += [(s, c, "#6b7580") for s, c in status.items() if s not in colours]
    legend = '<div class="legend">' + "".join(
        f'<span><i style="background:{c}"></i>{escape(s)}: {_fmt_int(k)}</span>' for s, k, c in parts) + "</div>"
    reason_rows = "".join(f"<tr><td>{escape(s)}</td><td>{escape(str(r))}</td><td class=\"num\">{k}</td></tr>"
                          for s, r, k in reasons) or '<tr><td colspan="3" class="muted">none</td></tr>'
    flag_chart = (svg.hbars([(f, k, "#7d93a8") for f, k in flags], width=420, label_w=150,
                            title="quality flags") if flags
                  else '<p class="muted">No document was flagged.</p>')
    lang = ", ".join(f"{escape(l)} {k}" for l, k in langs)
    cards = (f'<div class="cards" style="margin:14px 0 18px">'
             f'<div class="card"><span class="num">{_fmt_int(n)}</span><span class="lbl">documents</span></div>'
             f'<div class="card"><span class="num">{mean_score if mean_score is None else f"{mean_score:.2f}"}</span>'
             f'<span class="lbl">mean quality score (1 = clean)</span></div>'
             f'<div class="card"><span class="num">{_fmt_int(with_flags)}</span><span class="lbl">documents with flags</span></div>'
             f'<div class="card"><span class="num">{_fmt_int(int(events[0] or 0))}</span><span class="lbl">events coded</span></div>'
             f'</div>')
    return (head + cards + "<h3>Status</h3>" + svg.stacked_bar(parts) + legend
            + f'<p class="facts" style="margin-top:8px">Languages: {lang}</p>'
            + '<div class="grid2"><div><h3>Reasons (skipped and errors)</h3><table><thead><tr><th>status</th>'
            + f'<th>reason</th><th class="num">documents</th></tr></thead><tbody>{reason_rows}</tbody></table></div>'
            + f"<div><h3>Quality flags</h3>{flag_chart}</div></div></section>")


def _method(summary: dict[str, Any]) -> str:
    t = load_thresholds()
    excl = ", ".join(summary.get("excluded_aux_modes") or []) or "none"
    return f"""
<section class="method"><h2 class="section-title">How to read this</h2><dl>
<dt>Dyads</dt><dd>Every actor × every recipient of an event; an event with several actors and no
recipient (“Japan and the Soviet Union signed…”) counts for every pair of them. Events with a single
party are counted above but belong to no dyad. Events marked {escape(excl)} did not happen and are
left out.</dd>
<dt>Intensity and tone</dt><dd>Mean PLOVER intensity of a period’s events. Tone: hostile at or
below {t.hostile_at_or_below:+g}, tense at or below {t.tense_at_or_below:+g}, cordial from
{t.cordial_at_or_above:+g}, close from {t.close_at_or_above:+g}, mixed in between — or whenever
cooperative and conflictual events are balanced (cooperative share {t.mixed_share[0]:.0%}–{t.mixed_share[1]:.0%}).</dd>
<dt>Turning points</dt><dd>Binary segmentation of each dyad’s event intensities for a shift in
mean: a split is kept when it lowers the squared error by more than a BIC-style penalty and the
means on both sides differ by at least 2.5 points. The mark sits on the first period of the new
level.</dd>
<dt>Undated events</dt><dd>Kept in a period called “undated”, listed in document order; a date
coarser than the chart’s period (a year in a quarterly chart) is counted but not drawn.</dd>
</dl></section>"""


def render(con, options: ReportOptions | None = None, have_docs: bool = False) -> str:
    """The report HTML for the events in temp table ``events_in`` (and ``documents_in``)."""
    options = options or ReportOptions()
    by = options.by or choose_period(con)
    result = dyad_table(con, by=by, exclude_aux=options.exclude_aux)
    ranked = result.dyads()
    leading = ranked[: options.top]
    types_by: dict[str, list[tuple[str, int, Any]]] = {d: [] for d in leading}
    strongest_by: dict[str, list[dict[str, Any]]] = {d: [] for d in leading}
    if leading:
        con.execute("CREATE OR REPLACE TEMP TABLE _leading (dyad VARCHAR)")
        con.executemany("INSERT INTO _leading VALUES (?)", [(d,) for d in leading])
        for dyad, etype, n, quad in con.execute("""
                SELECT dyad, coalesce(event_type, '?'), count(*), mode(quad_class)
                FROM dyad_events WHERE dyad IN (SELECT dyad FROM _leading)
                GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2""").fetchall():
            types_by[dyad].append((etype, n, quad))
        strong = con.sql(f"""
            WITH strongest AS (
            SELECT d.dyad, d.doc_order, d.sent_index, e.* EXCLUDE (_row)
            FROM dyad_events d JOIN events_in e USING (id)
            WHERE d.dyad IN (SELECT dyad FROM _leading) AND e.intensity IS NOT NULL
            QUALIFY row_number() OVER (PARTITION BY d.dyad, e.event_type ORDER BY
                    abs(e.intensity) DESC, e.date NULLS LAST, d.doc_order, d.sent_index) <= {PER_TYPE}
        ), ranked AS (SELECT * FROM strongest
            QUALIFY row_number() OVER (PARTITION BY dyad ORDER BY abs(intensity) DESC,
                    date NULLS LAST, doc_order, sent_index) <= {int(options.strongest)}
        )
        SELECT * EXCLUDE (doc_order, sent_index) FROM ranked
        ORDER BY dyad, abs(intensity) DESC, date NULLS LAST, doc_order, sent_index
        """).to_arrow_table().to_pylist()
        for ev in strong:
            strongest_by[ev["dyad"]].append(ev)
    docs = None
    if have_docs:
        docs = int(con.execute("SELECT count(*) FROM documents_in").fetchone()[0])
    x_label = {"year": "year", "quarter": "quarter", "month": "month"}[by]
    dyad_html = "".join(_dyad_section(con, result, d, types_by[d], strongest_by[d], x_label)
                        for d in leading)
    if not leading:
        dyad_html = ('<section class="dyad"><p class="muted">No event has two parties, so there '
                     'is no dyad to show.</p></section>')
    else:
        dyad_html = ('<h2 class="section-title">Dyads in detail</h2><p class="section-lede">'
                     f'The {len(leading)} pairs with the most events. Background bands give the '
                     'tone scale; dashed rules mark turning points.</p>' + dyad_html)
    overview = _overview(result, ranked[: max(options.top * 2, 10)], set(leading)) if ranked else ""
    source_text = ", ".join(Path(s).name for s in options.sources) or "events"
    subtitle = (f"{escape(source_text)} · {_fmt_int(result.summary['events_read'])} events · "
                f"{_fmt_int(result.summary['dyads'])} dyads · periods: {by}")
    page = Template(_asset("template.html")).substitute(
        title=escape(options.title), subtitle=subtitle, style=_asset("style.css"),
        cards=_cards(result.summary, docs), overview=overview, dyads=dyad_html,
        quality=_quality(con, have_docs), method=_method(result.summary), version=_version(),
        generated=_dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))
    return page


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
    have_docs = False
    if doc_paths:
        rep = sources.load(con, doc_paths, sources.DOCUMENTS)
        have_docs = bool(rep.files)
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
