"""The HTML pieces of the report, one function per section, from plain data.

Kept apart from ``build.py`` (which queries DuckDB) so that the page's wording and markup can
be changed without touching any SQL. Every value that comes from the data is escaped here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any

from detente.dyads.table import UNDATED
from detente.dyads.tone import Thresholds
from detente.report import highlight, svg


@dataclass
class DyadView:
    """What one dyad's section shows."""

    dyad: str
    rows: list[dict[str, Any]]  # the dyad's rows of the dyad table, in period order
    axis: list[str]  # every period from the first to the last dated one
    types: list[tuple[str, int, int | None]] = field(default_factory=list)  # type, n, quad
    strongest: list[dict[str, Any]] = field(default_factory=list)
    undated: list[dict[str, Any]] = field(default_factory=list)  # first few, document order
    spans: list["svg.Span"] = field(default_factory=list)  # events placed by inferred ranges


@dataclass
class QualityView:
    """The document-quality summary."""

    documents: int
    mean_score: float | None
    flagged: int
    events: int
    status: dict[str, int]
    reasons: list[tuple[str, str, int]]  # status, reason, documents
    flags: list[tuple[str, int]]
    languages: list[tuple[str, int]]


STATUS_COLOURS = {"ok": "#3f8f5a", "skipped": "#9aa0a6", "error": "#b8433a"}


def fmt_int(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")


def signed(x: float | None) -> str:
    return "–" if x is None else f"{x:+.1f}".replace("-", "\u2212")


def plural(n: int, word: str) -> str:
    return f"{fmt_int(n)} {word}{'s' * (n != 1)}"


def country_name(code: str) -> str:
    """A readable name for a code (ISO 3166-1 or former states of ISO 3166-3), else the code."""
    try:
        import pycountry

        for db in (pycountry.countries, pycountry.historic_countries):
            hit = db.get(alpha_3=code)
            if hit is not None:
                # "USSR, Union of Soviet Socialist Republics" -> "USSR"
                return (getattr(hit, "common_name", None) or hit.name).split(",")[0]
    except Exception:  # noqa: BLE001 - names are decoration; the code is always shown
        pass
    return code


def dyad_names(dyad: str) -> str:
    """Readable names of a dyad: JPN-SUN gives "Japan – USSR", JPN->SUN "Japan → USSR"."""
    sep, arrow = ("->", " → ") if "->" in dyad else ("-", " – ")
    a, _, b = dyad.partition(sep)
    return f"{escape(country_name(a))}{arrow}{escape(country_name(b))}"


def anchor(dyad: str) -> str:
    return "dyad-" + "".join(c if c.isalnum() else "_" for c in dyad)


def tone_badge(tone: str | None) -> str:
    return f'<span class="badge tone-{tone or "none"}">{escape(tone or "no tone")}</span>'


def cards(summary: dict[str, Any], documents: int | None) -> str:
    items = [(summary["events_read"], "events read"),
             (summary["dyadic_events"], "events in dyads"),
             (summary["dyads"], "dyads"),
             (summary["undated_dyadic_events"], "undated, kept as “undated”"),
             (summary["monadic"], "events with one party (no dyad)"),
             (summary["excluded"], "negated / hypothetical, not counted")]
    if documents is not None:
        items.append((documents, "documents"))
    body = "".join(f'<div class="card"><span class="num">{fmt_int(int(n))}</span>'
                   f'<span class="lbl">{escape(label)}</span></div>' for n, label in items)
    return f'<section class="cards" aria-label="totals">{body}</section>'


def event_item(ev: dict[str, Any]) -> str:
    """One event as a list item: score, type, who, when, and the highlighted evidence."""
    actors = ", ".join(a.get("code") or "---" for a in ev.get("actor") or [])
    recipients = ", ".join(r.get("code") or "---" for r in ev.get("recipient") or [])
    who = (f"{escape(actors)} → {escape(recipients)}" if recipients
           else f"{escape(actors)} (together)")
    body = highlight.highlight(ev)
    if not body:
        trigger = (ev.get("trigger") or {}).get("text") or ""
        body = (f'<span class="muted">no evidence sentence stored; trigger '
                f'“{escape(trigger)}”</span>')
    etype = escape(ev.get("event_type") or "?")
    if ev.get("mode"):
        etype += f" ({escape(ev['mode'])})"
    meta = [f'<span class="score">{signed(ev.get("intensity"))}</span>', f"<b>{etype}</b>", who,
            escape(ev.get("date") or "undated")]
    if ev.get("aux_modes"):
        meta.append(escape(", ".join(ev["aux_modes"])))
    meta.append(f'<span title="document">{escape(str(ev.get("doc_id") or ""))}</span>')
    return (f'<li class="q{ev.get("quad_class") or 0}"><div class="meta">{" · ".join(meta)}'
            f'</div><p class="evidence">{body}</p></li>')


def legend_timeline(inferred: bool = False) -> str:
    items = [f'<span><i style="background:{fill}"></i>{name}</span>'
             for name, _, _, fill in svg.TONE_BANDS]
    items += [f'<span><i style="background:{svg.LINE};border-radius:50%"></i>'
              f'mean intensity (dot size: events)</span>',
              f'<span><i class="dash" style="border-color:{svg.WARM}"></i>'
              f'turning point, warming</span>',
              f'<span><i class="dash" style="border-color:{svg.COOL}"></i>'
              f'turning point, cooling</span>',
              '<span><i style="background:#9fb0c0"></i>events per period</span>']
    if inferred:
        items.append(f'<span><i class="dash" style="border-color:{svg.INFERRED}"></i>'
                     f'inferred: events whose date is known only as a range</span>')
    return f'<div class="legend">{"".join(items)}</div>'


def legend_quads(quads: set[int | None]) -> str:
    items = [f'<span><i style="background:{svg.QUAD_COLOURS[q]}"></i>{svg.QUAD_NAMES[q]}</span>'
             for q in (1, 2, 3, 4, None) if q in quads]
    return f'<div class="legend">{"".join(items)}</div>'


def dyad_section(view: DyadView, by: str) -> str:
    """A dyad's card: timeline, type breakdown, strongest and undated events."""
    on_axis = set(view.axis)
    points = [svg.Point(r["period"], r["events"], r["intensity_mean"], r["tone"],
                        r["turning_direction"] if r["turning_point"] else None)
              for r in view.rows if r["period"] in on_axis]
    total = sum(r["events"] for r in view.rows)
    undated = sum(r["events"] for r in view.rows if r["period"] == UNDATED)
    inferred = sum(sp.events for sp in view.spans)
    coarse = sum(r["events"] for r in view.rows
                 if r["period"] not in on_axis and r["period"] != UNDATED) - inferred
    latest = points[-1] if points else None
    means = [p.mean for p in points if p.mean is not None]
    facts = [plural(total, "event")]
    if view.axis:
        facts.append(view.axis[0] if len(view.axis) == 1 else f"{view.axis[0]} to {view.axis[-1]}")
    if undated:
        facts.append(f"{undated} undated")
    if coarse:
        facts.append(f"{coarse} dated only to a longer period than a {by}")
    if inferred:
        facts.append(f"{inferred} placed by an inferred date range (dashed spans)")
    if means:
        facts.append(f"average of period means {signed(sum(means) / len(means))}")
    turns = [p for p in points if p.turning]
    turn_text = ""
    if turns:
        turn_text = ('<p class="facts">Turning points: '
                     + "; ".join(f"<b>{escape(p.period)}</b> {p.turning}" for p in turns)
                     + ".</p>")
    if view.axis:
        chart = (svg.timeline(points, view.axis, x_label=by, title=f"{view.dyad} intensity",
                              spans=view.spans)
                 + legend_timeline(inferred=bool(view.spans)))
    else:
        chart = '<p class="muted">No dated events: nothing to draw on a time axis.</p>'
    bars = svg.hbars([(t, n, svg.QUAD_COLOURS.get(q, svg.QUAD_COLOURS[None]))
                      for t, n, q in view.types], title=f"{view.dyad} event types")
    strong = ("".join(event_item(ev) for ev in view.strongest)
              or '<li class="muted">No event has an intensity.</li>')
    undated_html = ""
    if undated:
        first = f" (first {len(view.undated)})" if undated > len(view.undated) else ""
        undated_html = (f"<details><summary>{plural(undated, 'undated event')}, in document "
                        f"order{first}</summary><ul class=\"events\">"
                        f"{''.join(event_item(e) for e in view.undated)}</ul></details>")
    badge = ""
    if latest:
        badge = (f'{tone_badge(latest.tone)}<span class="muted small">latest period '
                 f'({escape(latest.period)})</span>')
    return f"""
<section class="dyad" id="{anchor(view.dyad)}">
  <div class="dyad-head"><h2>{escape(view.dyad)}</h2>
    <span class="names">{dyad_names(view.dyad)}</span>{badge}</div>
  <p class="facts">{" · ".join(facts)}</p>
  {turn_text}
  {chart}
  <div class="cols">
    <div><h3>Event types</h3>{bars}{legend_quads({q for _, _, q in view.types})}</div>
    <div><h3>Strongest events</h3>
      <p class="key"><mark class="hl-actor">actor</mark> <mark class="hl-trigger">trigger</mark>
      <mark class="hl-recipient">recipient</mark> · score: PLOVER intensity</p>
      <ul class="events">{strong}</ul>{undated_html}</div>
  </div>
</section>"""


def dyads_block(views: list[DyadView], by: str) -> str:
    if not views:
        return ('<section class="dyad"><p class="muted">No event has two parties, so there is '
                'no dyad to show.</p></section>')
    return ('<h2 class="section-title">Dyads in detail</h2><p class="section-lede">'
            f'The {len(views)} pairs with the most events. Background bands give the tone scale; '
            'dashed rules mark turning points.</p>'
            + "".join(dyad_section(v, by) for v in views))


def overview(views: list[DyadView], linked: set[str], by: str) -> str:
    """The leading dyads as a table with a sparkline each."""
    body = []
    for v in views:
        means = {r["period"]: r["intensity_mean"] for r in v.rows}
        dated = [r for r in v.rows if r["period"] in set(v.axis)]
        label = escape(v.dyad)
        if v.dyad in linked:
            label = f'<a href="#{anchor(v.dyad)}">{label}</a>'
        span = f"{v.axis[0]}–{v.axis[-1]}" if v.axis else "undated only"
        body.append(
            f"<tr><td>{label}</td><td>{dyad_names(v.dyad)}</td>"
            f'<td class="num">{fmt_int(sum(r["events"] for r in v.rows))}</td>'
            f"<td>{escape(span)}</td><td>{svg.sparkline([means.get(p) for p in v.axis])}</td>"
            f"<td>{tone_badge(dated[-1]['tone']) if dated else ''}</td>"
            f'<td class="num">{sum(1 for r in v.rows if r["turning_point"])}</td></tr>')
    head = ('<tr><th>dyad</th><th>countries</th><th class="num">events</th><th>span</th>'
            '<th>intensity</th><th>latest tone</th><th class="num">turning points</th></tr>')
    return ('<section><h2 class="section-title">Leading dyads</h2><p class="section-lede">'
            f'Pairs with the most events, by {by}. The line is the mean intensity per period '
            '(−10 conflict … +10 cooperation).</p><div class="overview"><table>'
            f'<thead>{head}</thead><tbody>{"".join(body)}</tbody></table></div></section>')


def places_map(points: list[svg.MapPoint], cells, located: int, total: int,
               top: int) -> str:
    """Where the events of the leading dyads happened, on an offline world map; empty when
    none of them has a place."""
    if not points:
        return ""
    exact = sum(p.count for p in points if p.exact)
    rings = sum(p.count for p in points if not p.exact)
    quads = {p.quad for p in points}
    return ('<section id="map"><h2 class="section-title">Where</h2><p class="section-lede">'
            f'{fmt_int(located)} of the {fmt_int(total)} events of the {top} leading dyads have '
            f'a place: {fmt_int(exact)} a town or city (dots), {fmt_int(rings)} only a region '
            'or country (rings, drawn at the population centre of its country). Colour: quad '
            'class; size: events at the same spot. Grey: 2° cells holding a city of 15,000 '
            'people or more (GeoNames).</p>'
            f'<div class="map">{svg.world_map(points, cells)}</div>{legend_quads(quads)}'
            '</section>')


def quality(view: QualityView | None) -> str:
    head = '<section class="quality" id="quality"><h2>Document quality</h2>'
    if view is None:
        return (head + '<p class="muted">No document records were given (use <code>--docs</code>'
                ' or a DuckDB store), so there is no quality summary.</p></section>')
    if not view.documents:
        return head + '<p class="muted">The document records are empty.</p></section>'
    parts = [(s, view.status.get(s, 0), c) for s, c in STATUS_COLOURS.items()]
    parts += [(s, n, "#6b7580") for s, n in view.status.items() if s not in STATUS_COLOURS]
    legend = "".join(f'<span><i style="background:{c}"></i>{escape(s)}: {fmt_int(n)}</span>'
                     for s, n, c in parts)
    reasons = "".join(f'<tr><td>{escape(s)}</td><td>{escape(str(r))}</td>'
                      f'<td class="num">{fmt_int(n)}</td></tr>' for s, r, n in view.reasons)
    reasons = reasons or '<tr><td colspan="3" class="muted">none</td></tr>'
    flags = (svg.hbars([(f, n, "#7d93a8") for f, n in view.flags], width=420, label_w=150,
                       title="quality flags") if view.flags
             else '<p class="muted">No document was flagged.</p>')
    score = "–" if view.mean_score is None else f"{view.mean_score:.2f}"
    stats = [(fmt_int(view.documents), "documents"), (score, "mean quality score (1 = clean)"),
             (fmt_int(view.flagged), "documents with flags"),
             (fmt_int(view.events), "events coded")]
    stat_html = "".join(f'<div class="card"><span class="num">{v}</span>'
                        f'<span class="lbl">{escape(label)}</span></div>' for v, label in stats)
    languages = ", ".join(f"{escape(lang)} {fmt_int(n)}" for lang, n in view.languages)
    return (f'{head}<div class="cards inner">{stat_html}</div>'
            f'<h3>Status</h3>{svg.stacked_bar(parts)}<div class="legend">{legend}</div>'
            f'<p class="facts spaced">Languages: {languages}</p>'
            '<div class="grid2"><div><h3>Reasons (skipped and errors)</h3><table><thead><tr>'
            '<th>status</th><th>reason</th><th class="num">documents</th></tr></thead>'
            f'<tbody>{reasons}</tbody></table></div>'
            f'<div><h3>Quality flags</h3>{flags}</div></div></section>')


def method(summary: dict[str, Any], t: Thresholds, min_shift: float) -> str:
    excluded = ", ".join(summary.get("excluded_aux_modes") or []) or "nothing"
    lo, hi = t.mixed_share
    return f"""
<section class="method"><h2 class="section-title">How to read this</h2><dl>
<dt>Dyads</dt><dd>Every actor × every recipient of an event; an event with several actors and
no recipient (“Japan and the Soviet Union signed…”) counts for every pair of them. Events with
a single party are counted above but belong to no dyad. Events marked {escape(excluded)} did
not happen and are left out.</dd>
<dt>Intensity and tone</dt><dd>Mean PLOVER intensity of a period’s events. Tone: hostile at or
below {t.hostile_at_or_below:+g}, tense at or below {t.tense_at_or_below:+g}, cordial from
{t.cordial_at_or_above:+g}, close from {t.close_at_or_above:+g}, mixed in between — or whenever
cooperative and conflictual events are balanced (cooperative share {lo:.0%}–{hi:.0%}).</dd>
<dt>Turning points</dt><dd>Binary segmentation of each dyad’s event intensities for a shift in
mean: a split is kept when it lowers the squared error by more than a BIC-style penalty, the
means on both sides differ by at least {min_shift:g} points and each side rests on at least
three events. The mark sits on the first period of the new level.</dd>
<dt>Undated events</dt><dd>Kept in a period called “undated” and listed in document order; a
date coarser than the chart’s period (a year in a quarterly chart) is counted but not
drawn.</dd>
</dl></section>"""
