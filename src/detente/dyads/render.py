"""Show a dyad table on a terminal (rich) and describe its summary in plain words."""

from __future__ import annotations

from typing import Any

from detente.dyads.table import DyadTable

#: terminal colours of the tone labels, from conflict (red) to cooperation (green)
TONE_STYLE = {"hostile": "bold red", "tense": "dark_orange", "mixed": "yellow",
              "cordial": "green", "close": "bold green"}


def _fmt(value: Any, digits: int = 2) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def summary_lines(summary: dict[str, Any]) -> list[str]:
    """The summary as short sentences: what was counted, and where the rest went."""
    lines = [f"{summary['events_read']} events read; {summary['dyadic_events']} in "
             f"{summary['dyads']} dyads ({summary['undated_dyadic_events']} of these undated, in "
             f"period 'undated')."]
    if summary.get("excluded"):
        modes = "/".join(summary.get("excluded_aux_modes") or [])
        lines.append(f"{summary['excluded']} events excluded as {modes} (did not happen).")
    if summary.get("monadic"):
        top = ", ".join(f"{k} {v}" for k, v in list(summary["monadic_by_actor"].items())[:8])
        lines.append(f"{summary['monadic']} events have no dyad (one party only): {top}.")
    if summary.get("unparseable_dates"):
        lines.append(f"{summary['unparseable_dates']} events had a date that is not YYYY[-MM[-DD]]"
                     f" and were counted as undated.")
    skipped = summary.get("unreadable_records") or []
    if skipped:
        lines.append(f"{len(skipped)} input records could not be read: " + "; ".join(skipped[:5])
                     + (" ..." if len(skipped) > 5 else ""))
    return lines


def print_table(result: DyadTable, console=None, max_rows: int | None = None) -> None:
    """A rich table, one row per dyad and period, turning points marked with an arrow."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    title = (f"Dyads by {result.by}" + (" (directed)" if result.directed else ""))
    table = Table(title=title, header_style="bold", caption="q1-q4: verbal coop / material coop "
                  "/ verbal conflict / material conflict; mean: PLOVER intensity (-10..+10)",
                  caption_style="dim")
    table.add_column("dyad", style="bold cyan", no_wrap=True)
    table.add_column("period", no_wrap=True)
    table.add_column("events", justify="right")
    table.add_column("q1·q2·q3·q4", justify="center", no_wrap=True)
    table.add_column("mean", justify="right", no_wrap=True)
    table.add_column("coop", justify="right", no_wrap=True)
    table.add_column("tone", no_wrap=True)
    table.add_column("turn", no_wrap=True)
    table.add_column("types", overflow="fold", min_width=18)
    rows = result.rows()
    shown = rows if max_rows is None else rows[:max_rows]
    previous = None
    for row in shown:
        tone = row.get("tone") or ""
        turn = ""
        if row.get("turning_point"):
            warming = row["turning_direction"] == "warming"
            turn = "[green]▲ warming[/]" if warming else "[red]▼ cooling[/]"
        share = row.get("cooperative_share")
        types = " ".join(f"{t} {row[t]}" for t in result.type_columns if row[t])
        table.add_row(
            row["dyad"] if row["dyad"] != previous else "", row["period"], str(row["events"]),
            "·".join(str(row[q]) for q in ("q1", "q2", "q3", "q4")),
            _fmt(row.get("intensity_mean")), "" if share is None else f"{share:.0%}",
            f"[{TONE_STYLE.get(tone, '')}]{tone}[/]" if tone else "", turn, types)
        previous = row["dyad"]
    console.print(table)
    if max_rows is not None and len(rows) > max_rows:
        console.print(f"[dim]... {len(rows) - max_rows} more rows (use -o FILE for all)[/]")
    for line in summary_lines(result.summary):
        console.print(f"[dim]{line}[/]")
