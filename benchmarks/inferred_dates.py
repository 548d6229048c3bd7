"""Inferred dates on history whose years were stripped (issue 14), and on the same text intact.

    .venv/bin/python benchmarks/inferred_dates.py [GOLD.jsonl] [--seeds N] [--json]

Takes the dev history passages (default ../shared/gold/dev/history_relations.gold.jsonl),
deletes every year and date number the way damaged copies do (``tests/corrupt.py``,
``delete_numbers``: "in 1953" -> "in", "the 1979 revolution" -> "the revolution", sometimes
gluing the neighbours), codes each damaged passage as one document, maps the events back to the
intact passage and scores them against the gold sentences. Two measures:

* **found events** (the issue's measure): of the required gold events the coder found whose
  gold date is known, the share whose gold year the coder gives (an explicit date's year, or a
  ``date_range`` holding it) = coverage, and the median width of the year spans (0 for an
  explicit date, inf for no date or a range open towards the past; a range open towards the
  present ends in the current year, as in the output);
* **every dated gold event** (independent of event detection, so it measures the dating alone
  on more cases): the interval inferred for the sentence that holds the gold event, with a
  breakdown by kind ("kinds": [count, covered] of explicit, narrow (at most 10 years), wide
  from the sentence's own evidence, wide between the anchors around it, open towards the
  present or the past, none), which says which mechanism leaves ranges wide without showing
  any sentence.

The same is reported on the intact passages, with inference off and on: explicit dates must be
the same. The passages are read from ../shared (never shipped); nothing is written.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
DEFAULT = ROOT.parent / "shared" / "gold" / "dev" / "history_relations.gold.jsonl"

import corrupt  # noqa: E402  (tests/corrupt.py: the corruption generator)

from detente import Coder, evaluate as ev  # noqa: E402
from detente.inferred_dates import finder, infer, up_to_now  # noqa: E402
from detente.records import Document  # noqa: E402


def _median(ws: list[float]) -> float | None:
    return statistics.median(ws) if ws else None


def sentence_level(coder: Coder, row: dict, damaged: corrupt.Corrupted | None) -> list[dict]:
    """Per dated required gold event: the interval the inference gives its gold sentence."""
    text = damaged.text if damaged else row["text"]
    job = coder._prepare(Document(id=row["id"], text=text, date=row.get("date")))
    if job.failed or job.screened is None:
        return []
    times = infer(job.screened.clean, job.sentences, job.dates, row.get("date"), finder())
    offsets = job.screened.offsets
    spans = ev.sentence_spans(row["text"], row["sentences"], row["id"])
    out = []
    for (gs, ge), sent in zip(spans, row["sentences"]):
        dated = [g for g in sent.get("events", []) if g.get("required", True) and g.get("date")]
        if not dated:
            continue
        # the middle of the gold sentence, in the coded text's coordinates
        mid = (gs + ge) // 2
        pos = damaged.from_clean(mid) if damaged else mid
        idx = next((i for i, (s, e) in enumerate(job.sentences)
                    if offsets.span(s, e)[0] <= pos < offsets.span(s, e)[1]), None)
        final = times[idx].final if idx is not None else None
        final = up_to_now(final) if final is not None else None  # as the output closes it
        t = times[idx] if idx is not None else None
        for g in dated:
            year = int(g["date"][:4])
            ok = final is not None and (final.lo is None or final.lo <= year) and \
                (final.hi is None or year <= final.hi) and final.bounded
            out.append({"id": row["id"], "gold": g["date"], "covered": bool(ok),
                        "width": final.width if final is not None and final.bounded
                        else float("inf"),
                        "interval": final.label() if final is not None else "",
                        "explicit": bool(t is not None and t.explicit),
                        "kind": kind_of(t)})
    return out


#: what kind of interval a sentence got, for the breakdown (a measure of which mechanism
#: leaves ranges wide, with no sentence shown)
KINDS = ("explicit", "narrow", "wide: own evidence", "wide: between anchors",
         "open towards the present", "open towards the past", "none")


def kind_of(t) -> str:
    """The kind of ``t``'s interval (see KINDS); narrow is at most 10 years."""
    if t is None or t.final is None or not t.final.bounded:
        return "none"
    if t.explicit:
        return "explicit"
    f = t.final
    if f.lo is None:
        return "open towards the past"
    if f.hi is None:
        return "open towards the present"
    if f.width <= 10:
        return "narrow"
    if t.own is not None and t.own.closed and t.own.width == f.width:
        return "wide: own evidence"
    return "wide: between anchors"


def found_events(coder: Coder, rows: list[dict], seed: int | None) -> ev.EvalResult:
    """Code each passage (damaged when ``seed`` is given), map events back, score."""
    by_doc = {}
    for row in rows:
        damaged = corrupt.delete_numbers(row["text"], random.Random(seed)) \
            if seed is not None else None
        text = damaged.text if damaged else row["text"]
        result = coder.code_document(Document(id=row["id"], text=text, date=row.get("date")))
        events = result.events
        if damaged:
            for e in events:
                e.trigger.start = damaged.to_clean(e.trigger.start)
                e.trigger.end = damaged.to_clean(e.trigger.end)
        by_doc[row["id"]] = events
    return ev.evaluate(rows, by_doc)


def summarise(items: list[dict]) -> dict:
    n = len(items)
    ws = [i["width"] for i in items]
    return {"n": n, "coverage": round(sum(i["covered"] for i in items) / n, 3) if n else None,
            "with_interval": sum(i["width"] != float("inf") for i in items),
            "median_width": _median(ws), "explicit": sum(i["explicit"] for i in items),
            "kinds": {k: [sum(1 for i in items if i["kind"] == k),
                          sum(1 for i in items if i["kind"] == k and i["covered"])]
                      for k in KINDS if any(i["kind"] == k for i in items)}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", nargs="?", default=str(DEFAULT))
    ap.add_argument("--seeds", type=int, default=3, help="corruption seeds to average (3)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    rows, skipped = ev.read_gold(args.gold)
    rows = [r for r in rows if "sentences" in r]
    if not rows:
        print(f"no passage rows in {args.gold}", file=sys.stderr)
        return 2
    coder = Coder()
    plain = Coder(infer_dates=False)
    report: dict = {"gold": args.gold, "passages": len(rows)}
    for name, c, seed in (("intact, inference off", plain, None),
                          ("intact, inference on", coder, None)):
        res = found_events(c, rows, seed)
        report[name] = {"f1": round(res.f1, 4), "dates": res.dates.to_dict() if res.dates else None,
                        "every_dated_gold_event": summarise(
                            [x for r in rows for x in sentence_level(c, r, None)])}
    damaged_found, damaged_sent = [], []
    for seed in range(args.seeds):
        res = found_events(coder, rows, seed)
        damaged_found.append(res)
        damaged_sent += [x for r in rows for x in sentence_level(coder, r, corrupt.delete_numbers(
            r["text"], random.Random(seed)))]
    dates = [r.dates for r in damaged_found if r.dates]
    n = sum(d.with_gold_date for d in dates)
    covered = sum(d.right_year + d.in_range for d in dates)
    widths = [w for d in dates for w in d.widths]
    report[f"years stripped ({args.seeds} seeds)"] = {
        "f1": round(statistics.mean(r.f1 for r in damaged_found), 4),
        "found_events_with_gold_date": n,
        "found_coverage": round(covered / n, 3) if n else None,
        "found_median_width": _median(widths),
        "found_inferred": sum(d.inferred for d in dates),
        "every_dated_gold_event": summarise(damaged_sent),
    }
    if args.json:
        print(json.dumps(report, indent=1, default=str))
    else:
        for k, v in report.items():
            print(f"{k}: {json.dumps(v, default=str)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
