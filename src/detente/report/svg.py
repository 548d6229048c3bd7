"""Charts as inline SVG strings, drawn in Python.

Why not a JavaScript chart library: the report must open from a single file with no network and
no script to trust; static SVG prints, scales and survives e-mail attachments. Each function
returns one ``<svg>`` element with a ``viewBox`` so the browser scales it to the page width, and
with ``<title>`` children on marks so that hovering shows the numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape
from typing import Sequence

#: tone bands drawn behind a timeline: (label, low, high, fill)
TONE_BANDS = (("hostile", -10.0, -5.0, "#f6d5d1"), ("tense", -5.0, -1.5, "#fbe6cf"),
              ("mixed", -1.5, 1.5, "#f3f1ea"), ("cordial", 1.5, 5.0, "#e2f0e2"),
              ("close", 5.0, 10.0, "#cfe8d6"))
TONE_COLOURS = {"hostile": "#b03a2e", "tense": "#d4801f", "mixed": "#8a8577",
                "cordial": "#3f8f5a", "close": "#1f6b45"}
#: PLOVER quad classes: 1 verbal cooperation .. 4 material conflict
QUAD_COLOURS = {1: "#6fb58a", 2: "#2e7d57", 3: "#e3a04f", 4: "#b8433a", None: "#9aa0a6"}
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
              4: "material conflict", None: "unclassified"}
LINE = "#22313f"
SVG_NS = "http://www.w3.org/2000/svg"  # a namespace name, not a URL that is fetched
WARM, COOL = "#2e7d57", "#b8433a"


def _f(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


@dataclass
class Point:
    period: str
    events: int
    mean: float | None
    tone: str | None = None
    turning: str | None = None  # "warming" | "cooling" | None


@dataclass
class Span:
    """Events placed by an inferred date range: drawn as a bar over the periods it covers."""

    label: str  # "1957/1964"
    first: str  # the first period of the axis it covers
    last: str   # the last one
    events: int
    mean: float | None
    tone: str | None = None


INFERRED = "#6b5ca5"


def _signed(x: float) -> str:
    return f"{x:+.1f}".replace("-", "\u2212")


def timeline(points: list[Point], periods: list[str], *, x_label: str = "year",
             width: int = 760, height: int = 300, title: str = "",
             spans: list[Span] | None = None) -> str:
    """Mean intensity per period over the full run of ``periods``, with turning points.

    ``periods`` is the complete, ordered axis (empty periods included, so gaps in coverage show
    as gaps); ``points`` are the periods that have events. Below the line chart a strip of bars
    shows how many events each period rests on. ``spans`` (events placed by an inferred date
    range) are drawn as dashed bars at their mean intensity across every period they cover, not
    as points: when they happened is known only to within the span.
    """
    left, right, top = 58, 86, 26
    strip_h, gap, bottom = 46, 18, 40
    chart_h = height - top - strip_h - gap - bottom
    plot_w = width - left - right
    n = max(len(periods), 1)
    step = plot_w / n
    xpos = {p: left + step * (i + 0.5) for i, p in enumerate(periods)}

    def y(v: float) -> float:
        v = max(-10.0, min(10.0, v))
        return top + (10.0 - v) / 20.0 * chart_h

    out = [f'<svg class="chart timeline" viewBox="0 0 {width} {height}" role="img" '
           f'xmlns="{SVG_NS}" aria-label="{escape(title or "intensity timeline")}">']
    # tone bands and their names on the right
    for name, lo, hi, fill in TONE_BANDS:
        out.append(f'<rect class="band" x="{left}" y="{_f(y(hi))}" width="{_f(plot_w)}" '
                   f'height="{_f(y(lo) - y(hi))}" fill="{fill}"><title>{name}: mean intensity '
                   f'{_signed(lo)} to {_signed(hi)}</title></rect>')
        out.append(f'<text class="band-label" x="{left + plot_w + 8}" '
                   f'y="{_f((y(lo) + y(hi)) / 2 + 4)}" fill="{TONE_COLOURS[name]}">{name}</text>')
    # y grid and axis
    for v in (-10, -5, 0, 5, 10):
        cls = "zero" if v == 0 else "grid"
        out.append(f'<line class="{cls}" x1="{left}" x2="{left + plot_w}" '
                   f'y1="{_f(y(v))}" y2="{_f(y(v))}"/>')
        out.append(f'<text class="tick" x="{left - 8}" y="{_f(y(v) + 4)}" text-anchor="end">'
                   f'{_signed(v) if v else "0"}</text>')
    mid = top + chart_h / 2
    out.append(f'<text class="axis-label" transform="translate(16 {_f(mid)}) rotate(-90)" '
               f'text-anchor="middle">mean intensity</text>')
    # x ticks: at most ~12 labels, on year starts when periods are quarters or months
    strip_top = top + chart_h + gap
    starts = [p for p in periods if p.endswith(("-01", "-Q1"))]
    if len(starts) >= 2:
        every = max(1, math.ceil(len(starts) / 12))
        ticks = [(p, p[:4]) for p in starts[::every]]
    else:
        every = max(1, math.ceil(n / 12))
        ticks = [(p, p) for p in periods[::every]]
        if (n - 1) % every >= every / 2:  # room for the last period's label too
            ticks.append((periods[-1], periods[-1]))
    for p, text in ticks:
        out.append(f'<line class="grid-x" x1="{_f(xpos[p])}" x2="{_f(xpos[p])}" '
                   f'y1="{_f(strip_top + strip_h)}" y2="{_f(strip_top + strip_h + 4)}"/>')
        out.append(f'<text class="tick" x="{_f(xpos[p])}" y="{_f(strip_top + strip_h + 16)}" '
                   f'text-anchor="middle">{escape(text)}</text>')
    out.append(f'<text class="axis-label" x="{_f(left + plot_w / 2)}" y="{height - 4}" '
               f'text-anchor="middle">{escape(x_label)}</text>')
    # turning points: dashed rule at the first period of the new regime
    last_label_end, row = -1e9, 0
    for pt in points:
        if pt.turning and pt.period in xpos:
            x = xpos[pt.period]
            label_w = 7.0 * (len(pt.turning) + 2)
            # labels of close turning points go on alternate rows instead of overprinting
            row = row + 1 if x + 4 < last_label_end else 0
            anchor, tx = ("end", x - 4) if x + 4 + label_w > left + plot_w else ("start", x + 4)
            last_label_end = tx + label_w if anchor == "start" else x
            colour = WARM if pt.turning == "warming" else COOL
            arrow = "\u25b2" if pt.turning == "warming" else "\u25bc"
            out.append(f'<g class="turning {pt.turning}">'
                       f'<line x1="{_f(x)}" x2="{_f(x)}" y1="{top}" '
                       f'y2="{_f(top + chart_h)}" stroke="{colour}" stroke-dasharray="4 3" '
                       f'stroke-width="1.5"/><text x="{_f(tx)}" y="{top + 12 + 14 * (row % 3)}" '
                       f'fill="{colour}" text-anchor="{anchor}" class="turn-label">'
                       f'{arrow} {pt.turning}</text>'
                       f'<title>turning point: {pt.turning} from {escape(pt.period)}</title></g>')
    # the line and its points
    dated = [pt for pt in points if pt.period in xpos and pt.mean is not None]
    if dated:
        coords = " ".join(f"{_f(xpos[pt.period])},{_f(y(pt.mean))}" for pt in dated)
        out.append(f'<polyline class="series" points="{coords}" fill="none" stroke="{LINE}" '
                   f'stroke-width="{2 if step >= 6 else 1}" stroke-linejoin="round"/>')
        biggest = max(pt.events for pt in dated) or 1
        # dots shrink with the spacing of periods so that 400 months do not merge into a band
        r_max = max(1.5, min(8.0, step * 0.6))
        r_min = min(3.0, r_max * 0.4)
        ring = "1.5" if step >= 10 else "0.5"
        for pt in dated:
            r = r_min + (r_max - r_min) * math.sqrt(pt.events / biggest)
            colour = TONE_COLOURS.get(pt.tone or "", LINE)
            out.append(f'<circle class="point" cx="{_f(xpos[pt.period])}" cy="{_f(y(pt.mean))}" '
                       f'r="{_f(r)}" fill="{colour}" stroke="#fff" stroke-width="{ring}">'
                       f'<title>{escape(pt.period)}: {pt.events} event{"s" * (pt.events != 1)}, '
                       f'mean {_signed(pt.mean)}{f" ({pt.tone})" if pt.tone else ""}'
                       f'</title></circle>')
    # inferred spans: a dashed bar over the periods they cover, with square ends
    for sp in spans or []:
        if sp.first not in xpos or sp.last not in xpos or sp.mean is None:
            continue
        x0, x1 = xpos[sp.first] - step * 0.45, xpos[sp.last] + step * 0.45
        yy = y(sp.mean)
        out.append(f'<g class="inferred"><line x1="{_f(x0)}" x2="{_f(x1)}" y1="{_f(yy)}" '
                   f'y2="{_f(yy)}" stroke="{INFERRED}" stroke-width="4" stroke-dasharray="6 3" '
                   f'stroke-linecap="butt"/>'
                   f'<rect x="{_f(x0 - 2)}" y="{_f(yy - 6)}" width="3" height="12" '
                   f'fill="{INFERRED}"/><rect x="{_f(x1 - 1)}" y="{_f(yy - 6)}" width="3" '
                   f'height="12" fill="{INFERRED}"/>'
                   f'<title>inferred {escape(sp.label.replace("/", "-"))}: {sp.events} '
                   f'event{"s" * (sp.events != 1)}, mean {_signed(sp.mean)}'
                   f'{f" ({sp.tone})" if sp.tone else ""}; dates inferred from who and what the '
                   f'text names, not given</title></g>')
    # event-count strip
    biggest = max((pt.events for pt in points if pt.period in xpos), default=0)
    out.append(f'<line class="grid" x1="{left}" x2="{left + plot_w}" '
               f'y1="{_f(strip_top + strip_h)}" '
               f'y2="{_f(strip_top + strip_h)}"/>')
    out.append(f'<text class="tick" x="{left - 8}" y="{_f(strip_top + 10)}" text-anchor="end">'
               f'{biggest}</text>')
    out.append(f'<text class="axis-label small" x="{left + plot_w + 8}" '
               f'y="{_f(strip_top + strip_h / 2 + 4)}">'
               f'events</text>')
    if biggest:
        bw = max(1.0, min(step * 0.7, 28.0))
        for pt in points:
            if pt.period not in xpos:
                continue
            h = strip_h * pt.events / biggest
            out.append(f'<rect class="count" x="{_f(xpos[pt.period] - bw / 2)}" '
                       f'y="{_f(strip_top + strip_h - h)}" width="{_f(bw)}" '
                       f'height="{_f(max(h, 1))}">'
                       f'<title>{escape(pt.period)}: {pt.events} events</title></rect>')
    out.append("</svg>")
    return "".join(out)


def sparkline(values: list[float | None], width: int = 140, height: int = 30) -> str:
    """A small line of mean intensities (-10..+10) for the overview table."""
    pts = [(i, v) for i, v in enumerate(values) if v is not None]
    out = [f'<svg class="spark" viewBox="0 0 {width} {height}" xmlns="{SVG_NS}" '
           f'aria-hidden="true"><line x1="0" x2="{width}" y1="{height / 2}" y2="{height / 2}" '
           f'class="zero"/>']
    if pts:
        n = max(len(values) - 1, 1)
        half = height / 2
        coords = " ".join(f"{_f(2 + (width - 4) * i / n)},{_f(half - (half - 3) * v / 10)}"
                          for i, v in pts)
        if len(pts) == 1:
            x, yy = coords.split(",")
            out.append(f'<circle cx="{x}" cy="{yy}" r="2.5" fill="{LINE}"/>')
        out.append(f'<polyline points="{coords}" fill="none" stroke="{LINE}" stroke-width="1.5"/>')
    out.append("</svg>")
    return "".join(out)


def hbars(items: list[tuple[str, int, str]], *, width: int = 360, bar_h: int = 18,
          label_w: int = 110, title: str = "") -> str:
    """Horizontal bars: (label, count, colour) per row, count written after the bar."""
    height = max(len(items), 1) * (bar_h + 6) + 6
    biggest = max((c for _, c, _ in items), default=0) or 1
    plot_w = width - label_w - 44
    out = [f'<svg class="chart bars" viewBox="0 0 {width} {height}" xmlns="{SVG_NS}" '
           f'role="img" aria-label="{escape(title)}">']
    for i, (label, count, colour) in enumerate(items):
        y0 = 6 + i * (bar_h + 6)
        w = max(plot_w * count / biggest, 1.5)
        out.append(f'<text class="bar-label" x="{label_w - 8}" y="{_f(y0 + bar_h * 0.72)}" '
                   f'text-anchor="end">{escape(label)}</text>')
        out.append(f'<rect class="bar" x="{label_w}" y="{y0}" width="{_f(w)}" '
                   f'height="{bar_h}" rx="3" '
                   f'fill="{colour}"><title>{escape(label)}: {count}</title></rect>')
        out.append(f'<text class="bar-value" x="{_f(label_w + w + 6)}" y="{_f(y0 + bar_h * 0.72)}">'
                   f'{count}</text>')
    out.append("</svg>")
    return "".join(out)


def stacked_bar(parts: list[tuple[str, int, str]], *, width: int = 960, height: int = 28) -> str:
    """One bar split into parts (label, count, colour), e.g. document status."""
    total = sum(c for _, c, _ in parts) or 1
    out = [f'<svg class="chart stacked" viewBox="0 0 {width} {height}" '
           f'xmlns="{SVG_NS}" role="img" aria-label="status">']
    x = 0.0
    for label, count, colour in parts:
        if not count:
            continue
        w = width * count / total
        out.append(f'<rect x="{_f(x)}" y="0" width="{_f(w)}" height="{height}" fill="{colour}">'
                   f'<title>{escape(label)}: {count}</title></rect>')
        if w > 7.5 * len(f"{label} {count}") + 16:
            out.append(f'<text class="stack-label" x="{_f(x + 8)}" y="{_f(height * 0.68)}">'
                       f'{escape(label)} {count}</text>')
        x += w
    out.append("</svg>")
    return "".join(out)


@dataclass
class MapPoint:
    lat: float
    lon: float
    quad: int | None
    label: str
    #: True: the event's own coordinates (a city); False: a country or region only, drawn at
    #: the country's population centre
    exact: bool = True
    count: int = 1


def world_map(points: list[MapPoint], cells: Sequence[tuple[int, int]], cell: int = 2, *,
              width: int = 960, north: float = 84.0, south: float = -58.0) -> str:
    """An equirectangular map: the base cells in grey, a 30-degree graticule, and the points
    coloured by quad class (filled: a located place; ring: a country or region only), their
    radius growing with the number of events at the same spot."""
    height = width * (north - south) / 360.0

    def x(lon: float) -> float:
        return (lon + 180.0) / 360.0 * width

    def y(lat: float) -> float:
        return (north - max(south, min(north, lat))) / (north - south) * height

    parts = [f'<svg xmlns="{SVG_NS}" viewBox="0 0 {_f(width)} {_f(height)}" class="world-map" '
             f'role="img" aria-label="event locations">',
             f'<rect x="0" y="0" width="{_f(width)}" height="{_f(height)}" fill="#eef3f8"/>']
    grid = []
    for lon in range(-150, 180, 30):
        grid.append(f'M{_f(x(lon))} 0V{_f(height)}')
    for lat in range(-30, 90, 30):
        if south < lat < north:
            grid.append(f'M0 {_f(y(lat))}H{_f(width)}')
    parts.append(f'<path d="{" ".join(grid)}" stroke="#d5dde8" stroke-width="0.6" fill="none"/>')
    w = cell / 360.0 * width
    h = cell / (north - south) * height
    land = [f'M{_f(x(lon))} {_f(y(lat + cell))}h{_f(w)}v{_f(h)}h{_f(-w)}z'
            for lat, lon in cells if south <= lat < north]
    parts.append(f'<path class="land" d="{"".join(land)}" fill="#cfd5dc"/>')
    for p in sorted(points, key=lambda p: -p.count):
        r = 4.0 + 2.2 * math.sqrt(max(p.count, 1) - 1)
        colour = QUAD_COLOURS.get(p.quad, QUAD_COLOURS[None])
        style = (f'fill="{colour}" fill-opacity="0.85" stroke="#ffffff" stroke-width="0.8"'
                 if p.exact else
                 f'fill="{colour}" fill-opacity="0.15" stroke="{colour}" stroke-width="1.6"')
        parts.append(f'<circle class="ev-point{"" if p.exact else " ev-country"}" '
                     f'data-quad="{p.quad or 0}" cx="{_f(x(p.lon))}" cy="{_f(y(p.lat))}" '
                     f'r="{_f(r)}" {style}><title>{escape(p.label)}</title></circle>')
    parts.append("</svg>")
    return "".join(parts)
