"""``detente dyads``: the dyad x period table of coded events, with tone and turning points."""

from __future__ import annotations

import argparse
import json
import sys

from detente.commands import one_line


def _pair(text: str) -> tuple[str, str]:
    parts = text.replace("->", ":").replace("-", ":").split(":")
    if len(parts) != 2 or not all(p.strip() for p in parts):
        raise argparse.ArgumentTypeError(f"--pair wants two codes like JPN:SUN, not {text!r}")
    return parts[0].strip().upper(), parts[1].strip().upper()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("events", nargs="*", metavar="EVENTS",
                        help="event records: .jsonl, .parquet, .csv, a .duckdb store, "
                             "a directory, or - for stdin")
    parser.add_argument("--db", action="append", default=[], metavar="PATH.duckdb",
                        help="also read events from this DuckDB store")
    parser.add_argument("--by", choices=("year", "quarter", "month"), default="year",
                        help="period length (default: year)")
    parser.add_argument("--pair", action="append", type=_pair, metavar="A:B",
                        help="only this dyad (repeatable); with --directed, A is the actor")
    parser.add_argument("--directed", action="store_true",
                        help="actor->recipient dyads instead of unordered pairs")
    parser.add_argument("--include-unreal", action="store_true",
                        help="also count events marked negation or hypothetical "
                             "(excluded by default)")
    parser.add_argument("--min-shift", type=float, default=2.5, metavar="POINTS",
                        help="smallest change of mean intensity that makes a turning point "
                             "(default 2.5)")
    parser.add_argument("--inferred-dates", action="store_true",
                        help="place undated events that have an inferred date_range in a "
                             "period labelled by their interval (\"1957/1964\"), counted in an "
                             "'inferred' column; default: they stay undated")
    parser.add_argument("--json", action="store_true",
                        help="print JSON (rows and summary) to stdout")
    parser.add_argument("-o", "--output", metavar="OUT",
                        help="write the table: .csv, .parquet, .json or .jsonl")


def _is_reader_error(exc: BaseException) -> bool:
    """Errors of DuckDB and Arrow reading a damaged file (not bugs of ours)."""
    mod = type(exc).__module__ or ""
    return mod.startswith(("duckdb", "_duckdb", "pyarrow")) or isinstance(exc, RecursionError)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from detente.dyads import EXCLUDED_AUX, SourceError, dyads_from_paths
    from detente.dyads.render import print_table, summary_lines
    from detente.store import StoreError

    err = Console(stderr=True, soft_wrap=True)
    paths = [p for p in args.events if p] + list(args.db)
    if not paths:
        err.print("[red]detente dyads:[/] give EVENTS or --db PATH.duckdb")
        return 2
    try:
        result = dyads_from_paths(paths, by=args.by, directed=args.directed, pairs=args.pair,
                                  exclude_aux=() if args.include_unreal else EXCLUDED_AUX,
                                  min_shift=args.min_shift,
                                  inferred_dates=args.inferred_dates)
    except (SourceError, StoreError, OSError) as exc:
        err.print(f"[red]detente dyads:[/] {exc}")
        return 2
    except Exception as exc:  # DuckDB / Arrow on a malformed CSV or a corrupt Parquet file
        if not _is_reader_error(exc):
            raise
        print(f"detente dyads: cannot read {', '.join(map(str, paths))}: {one_line(exc)}",
              file=sys.stderr)
        return 2
    if args.output:
        try:
            path = result.write(args.output)
        except (ValueError, OSError) as exc:
            err.print(f"[red]detente dyads:[/] {exc}")
            return 2
        err.print(f"wrote {result.table.num_rows} rows to {path}")
        for line in summary_lines(result.summary):
            err.print(f"[dim]{line}[/]")
    if args.json:
        json.dump(result.to_json(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    elif not args.output:
        print_table(result, Console(width=None if sys.stdout.isatty() else 160))
    return 0
