"""``detente report``: one self-contained HTML file about the relations in coded events."""

from __future__ import annotations

import argparse
import sys

from detente.commands import one_line


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("events", nargs="*", metavar="EVENTS",
                        help="event records: .jsonl, .parquet, .csv, a .duckdb store or "
                             "a directory")
    parser.add_argument("--docs", action="append", default=[], metavar="DOCS",
                        help="document records for the quality summary "
                             "(default: from a .duckdb input)")
    parser.add_argument("--db", action="append", default=[], metavar="PATH.duckdb",
                        help="read events (and document records) from this DuckDB store")
    parser.add_argument("-o", "--output", default="report.html", metavar="report.html",
                        help="where to write the HTML (default: report.html)")
    parser.add_argument("--top", type=int, default=6, metavar="N",
                        help="how many dyads to show in detail (default 6)")
    parser.add_argument("--by", choices=("year", "quarter", "month"),
                        help="period length (default: chosen from the time span)")
    parser.add_argument("--title", default="Relations over time", help="page title")
    parser.add_argument("--include-unreal", action="store_true",
                        help="also count events marked negation or hypothetical")
    parser.add_argument("--inferred-dates", action="store_true",
                        help="draw undated events that have an inferred date_range as spans "
                             "over their interval (default: they stay undated)")


def _is_reader_error(exc: BaseException) -> bool:
    """Errors of DuckDB and Arrow reading a damaged file (not bugs of ours)."""
    mod = type(exc).__module__ or ""
    return mod.startswith(("duckdb", "_duckdb", "pyarrow")) or isinstance(exc, RecursionError)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from detente.dyads import EXCLUDED_AUX, SourceError
    from detente.report import ReportOptions, write_report
    from detente.store import StoreError

    err = Console(stderr=True, soft_wrap=True)
    if not args.events and not args.db:
        err.print("[red]detente report:[/] give EVENTS or --db PATH.duckdb")
        return 2
    options = ReportOptions(top=max(1, args.top), by=args.by, title=args.title,
                            exclude_aux=() if args.include_unreal else EXCLUDED_AUX,
                            inferred_dates=args.inferred_dates)
    try:
        path = write_report(args.output, args.events, docs=args.docs, db=args.db, options=options)
    except (SourceError, StoreError, OSError) as exc:
        err.print(f"[red]detente report:[/] {exc}")
        return 2
    except Exception as exc:  # DuckDB / Arrow on a malformed CSV or a corrupt Parquet file
        if not _is_reader_error(exc):
            raise
        print(f"detente report: cannot read {', '.join(map(str, [*args.events, *args.db]))}: "
              f"{one_line(exc)}",
              file=sys.stderr)
        return 2
    err.print(f"wrote {path} ({path.stat().st_size // 1024} KB)")
    return 0
