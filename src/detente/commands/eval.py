"""``detente eval GOLD.jsonl``: score coded events against gold sentences or passages.

Without ``--events`` the gold rows are coded here with ``detente.Coder`` (the gold id becomes
the doc_id; a passage is coded as one document); with ``--events`` a JSONL file of event records
is scored as it is. The rules are those of the gold README, implemented in
:mod:`detente.evaluate`.

Exit code: 0 when everything was scored, 1 when gold or event lines had to be skipped or the coder
reported errors for some sentences (the figures are still printed), 2 when the files cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from detente import evaluate as ev
from detente import records
from detente.events.model import DEFAULT_MODE, MODES


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("gold", metavar="GOLD.jsonl",
                        help="gold sentences or passages (see the gold README)")
    parser.add_argument("--events", metavar="EVENTS.jsonl",
                        help="score these event records instead of coding the gold sentences")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument("--dictionary", metavar="FILE", action="append", default=[],
                        help="extra actor dictionary for the coder (repeatable)")
    parser.add_argument("--errors", metavar="FILE",
                        help="write, per sentence, missed gold events and wrong triples (JSONL)")
    parser.add_argument("--save-events", metavar="FILE",
                        help="also write the events coded here (JSONL), to re-score with --events")
    parser.add_argument("--places", metavar="PLACES.jsonl",
                        help="place gold for the gold file's events (one row per gold id: "
                             "{id, locations: [{text, country} or null, ...]}); scores event "
                             "locations")
    parser.add_argument("--limit", type=int, metavar="N", help="score only the first N gold rows")
    parser.add_argument("--top", type=int, default=12, metavar="N",
                        help="how many confusions to show (default 12)")
    parser.add_argument("--model", choices=MODES, default=DEFAULT_MODE,
                        help=f"rules alone, or rules with the learned event model "
                             f"(default {DEFAULT_MODE})")


def _code(rows: list[dict[str, Any]], dictionaries: list[str], save: str | None,
          model: str = DEFAULT_MODE) -> tuple[dict[str, list[records.Event]], list[str]]:
    """Code the gold sentences with the real coder; returns events by doc and coder errors."""
    from detente.coder import Coder  # imported here: loading spaCy is the slow part

    coder = Coder(dictionaries=tuple(dictionaries), model=model)
    docs = (records.Document(id=r["id"], text=r["text"], date=r.get("date")) for r in rows)
    by_doc: dict[str, list[records.Event]] = {}
    problems: list[str] = []
    out = open(save, "w", encoding="utf-8") if save else None
    try:
        for result in coder.pipe(docs):
            doc = result.document
            if doc.status == records.ERROR:
                problems.append(f"{doc.doc_id}: {doc.reason}")
            by_doc.setdefault(doc.doc_id, []).extend(result.events)
            if out:
                for e in result.events:
                    out.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")
    finally:
        if out:
            out.close()
    return by_doc, problems


def _print_table(result: ev.EvalResult, title: str, top: int) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    d = result.to_dict(top=top)
    head = Table(title=title, show_header=True)
    for col in ("precision", "recall", "F1", "correct / predicted", "matched / required gold",
                "sentences"):
        head.add_column(col, justify="right")
    if d["sentences"]:
        head.add_row(f"{d['precision']:.3f}", f"{d['recall']:.3f}", f"{d['f1']:.3f}",
                     f"{d['tp']} / {d['predicted']}",
                     f"{d['gold_matched']} / {d['gold_required']}", str(d["sentences"]))
        console.print(head)
        per = Table(title="per type", show_header=True)
        for col in ("type", "P", "R", "F1", "correct", "predicted", "matched", "gold"):
            per.add_column(col, justify="right" if col != "type" else "left")
        for t, s in d["per_type"].items():
            if s["predicted"] or s["gold_required"]:
                per.add_row(t, f"{s['precision']:.2f}", f"{s['recall']:.2f}", f"{s['f1']:.2f}",
                            str(s["tp"]), str(s["predicted"]), str(s["gold_matched"]),
                            str(s["gold_required"]))
        console.print(per)
        cats = Table(title="errors by kind", show_header=True)
        cats.add_column("wrong predicted triples")
        cats.add_column("n", justify="right")
        cats.add_column("missed gold events")
        cats.add_column("n", justify="right")
        wrong = list(d["error_categories"]["wrong"].items())
        missed = list(d["error_categories"]["missed"].items())
        for i in range(max(len(wrong), len(missed))):
            w = wrong[i] if i < len(wrong) else ("", "")
            m = missed[i] if i < len(missed) else ("", "")
            cats.add_row(w[0], str(w[1]), m[0], str(m[1]))
        console.print(cats)
        if d["confusions"]:
            conf = Table(title="top confusions (same dyad, other type)", show_header=True)
            for col in ("predicted", "gold", "n"):
                conf.add_column(col)
            for c in d["confusions"]:
                conf.add_row(c["predicted"], c["gold"], str(c["count"]))
            console.print(conf)
    if d["quad"]:
        q = d["quad"]
        quad = Table(title="quad class of the first event vs penta_class (1-4)", show_header=True)
        for col in ("accuracy", "n", "no event", "class 1", "class 2", "class 3", "class 4"):
            quad.add_column(col, justify="right")
        quad.add_row(f"{q['accuracy']:.3f}", str(q["n"]), str(q["no_event"]),
                     *(f"{q['per_class'][c]['accuracy']:.2f} (n={q['per_class'][c]['n']})"
                       for c in "1234"))
        console.print(quad)
        if q["wrong_first_type"]:
            wrong = Table(title="quad errors: gold class and the first event's type",
                          show_header=True)
            for col in ("gold class", "first event", "n"):
                wrong.add_column(col)
            for key, n in list(q["wrong_first_type"].items())[:top]:
                gold_class, first = key.split(":", 1)
                wrong.add_row(gold_class, first, str(n))
            console.print(wrong)
    if d.get("dates"):
        dt = d["dates"]
        dates = Table(title="dates of the required events found", show_header=True)
        for col in ("with gold date", "right at gold precision", "right year", "undated",
                    "in inferred range", "gold undated", "invented"):
            dates.add_column(col, justify="right")
        share = (lambda v: f" ({v:.2f})" if v is not None else "")  # noqa: E731
        dates.add_row(str(dt["with_gold_date"]), f"{dt['right']}{share(dt['accuracy'])}",
                      f"{dt['right_year']}{share(dt['year_accuracy'])}", str(dt["no_date"]),
                      f"{dt['in_inferred_range']} of {dt['inferred']}",
                      str(dt["gold_undated"]), str(dt["invented"]))
        console.print(dates)
    if d.get("places"):
        pl = d["places"]
        places = Table(title="places of the required events found", show_header=True)
        for col in ("with gold place", "located", "right", "precision", "recall",
                    "country accuracy", "gold none", "invented"):
            places.add_column(col, justify="right")
        f = (lambda v: "-" if v is None else f"{v:.3f}")  # noqa: E731
        places.add_row(str(pl["gold_placed"]), str(pl["predicted"]), str(pl["right"]),
                       f(pl["precision"]), f(pl["recall"]), f(pl["country_accuracy"]),
                       str(pl["gold_null"]), str(pl["invented"]))
        console.print(places)
    notes = []
    if d.get("passages"):
        notes.append(f"{d['passages']} passages coded as whole documents")
    if d.get("unplaced_events"):
        notes.append(f"{d['unplaced_events']} events outside every gold sentence scored wrong")
    if d["excluded_events"]:
        notes.append(f"{d['excluded_events']} negated/hypothetical events left out")
    if d["unknown_docs"]:
        notes.append(f"events for {d['unknown_docs']} doc_ids that are not gold ids ignored")
    if notes:
        console.print("; ".join(notes))


def run(args: argparse.Namespace) -> int:
    gold_path = Path(args.gold)
    if not gold_path.is_file():
        print(f"detente eval: no such gold file: {gold_path}", file=sys.stderr)
        return 2
    rows, skipped = ev.read_gold(gold_path)
    if args.limit is not None:
        rows = rows[: max(args.limit, 0)]
    if not rows:
        print(f"detente eval: no usable gold rows in {gold_path}", file=sys.stderr)
        for s in skipped[:5]:
            print(f"  line {s.line}: {s.reason}", file=sys.stderr)
        return 2
    if args.places:
        try:
            with open(args.places, encoding="utf-8") as fh:
                ev.overlay_places(rows, (json.loads(ln) for ln in fh if ln.strip()))
        except (OSError, ValueError, ev.GoldError) as exc:
            print(f"detente eval: cannot use --places {args.places}: {exc}", file=sys.stderr)
            return 2
    problems: list[str] = []
    if args.events:
        events_path = Path(args.events)
        if not events_path.is_file():
            print(f"detente eval: no such events file: {events_path}", file=sys.stderr)
            return 2
        by_doc, ev_skipped = ev.read_events(events_path)
        skipped += ev_skipped
        source = str(events_path)
    else:
        by_doc, problems = _code(rows, args.dictionary, args.save_events, args.model)
        source = f"detente.Coder (model={args.model})"
    result = ev.evaluate(rows, by_doc)

    if args.errors:
        n = ev.write_errors(result, args.errors)
        print(f"wrote {n} sentences with errors to {args.errors}", file=sys.stderr)
    for s in skipped[:20]:
        print(f"skipped {s.file} line {s.line}: {s.reason}", file=sys.stderr)
    if len(skipped) > 20:
        print(f"... and {len(skipped) - 20} more skipped lines", file=sys.stderr)
    for p in problems[:20]:
        print(f"coder error: {p}", file=sys.stderr)

    if args.json:
        out = result.to_dict(top=args.top)
        out.update(gold=str(gold_path), events=source, skipped_lines=len(skipped),
                   coder_errors=len(problems))
        print(json.dumps(out, indent=2))
    else:
        _print_table(result, f"{gold_path.name} scored against {source}", args.top)
    return 1 if skipped or problems else 0
