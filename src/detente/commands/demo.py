"""``detente demo``: code the bundled sample, write the results and a report, and summarise them.

The sample (``detente/samples/japan_ussr.jsonl``) is five short news-style stories on Japan, the
USSR/Russia and the United States, 1956-1993, written for detente. The command shows what the
coder produces on a fresh install: the files, and a table of events by dyad and type.
"""

from __future__ import annotations

import argparse
from collections import Counter
from importlib import resources
from pathlib import Path

from rich.console import Console
from rich.table import Table


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", default="demo-output",
                        help="folder for events.jsonl and documents.jsonl (default: demo-output)")


def run(args: argparse.Namespace) -> int:
    from detente import Coder
    from detente.read import read_documents
    from detente.report import write_report
    from detente.write import open_writer

    console = Console()
    sample = resources.files("detente.samples").joinpath("japan_ussr.jsonl")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    events_path, docs_path = out / "events.jsonl", out / "documents.jsonl"
    with resources.as_file(sample) as path:
        docs = list(read_documents([str(path)]))
    console.print(f"Coding {len(docs)} sample documents from [bold]{sample.name}[/] ...")
    coder = Coder()
    dyads: Counter = Counter()
    types: Counter = Counter()
    n_events = 0
    examples = []
    with open_writer(events_path, "events") as ew, open_writer(docs_path, "documents") as dw:
        for result in coder.pipe(docs):
            dw.write([result.document.to_dict()])
            ew.write([e.to_dict() for e in result.events])
            for e in result.events:
                n_events += 1
                types[e.event_type] += 1
                a = "+".join(sorted({x.code for x in e.actor})) or "?"
                r = "+".join(sorted({x.code for x in e.recipient})) or "-"
                dyads[(a, r, e.event_type)] += 1
                if len(examples) < 6 and e.actor and e.recipient:
                    examples.append(e)
    table = Table(title=f"{n_events} events by dyad and type")
    for col in ("actor", "recipient", "type", "events"):
        table.add_column(col, justify="right" if col == "events" else "left")
    for (a, r, t), n in sorted(dyads.items(), key=lambda kv: (kv[0][0], kv[0][1], -kv[1])):
        table.add_row(a, r, t, str(n))
    console.print(table)
    console.print("Some events with their evidence:")
    for e in examples:
        console.print(f"  {e.date or 'undated'}  {'+'.join(x.code for x in e.actor)} "
                      f"[bold]{e.event_type}[/]{'/' + e.mode if e.mode else ''} "
                      f"{'+'.join(x.code for x in e.recipient)}  "
                      f"[dim]\u201c{e.trigger.text}\u201d[/]")
    report_path = write_report(out / "report.html", [str(events_path)], docs=[str(docs_path)])
    console.print(f"\nEvents:           [bold]{events_path}[/]\n"
                  f"Document records: [bold]{docs_path}[/]\n"
                  f"Report:           [bold]{report_path}[/] (open it in a browser)\n"
                  f"Next: `detente dyads {events_path} --by year`")
    return 0
