"""Domestic events: detente against the keyword baseline on IndiaPoliceEvents, same run.

    .venv/bin/python benchmarks/police.py [--dir ../shared/gold/police] [--events EVENTS.jsonl]
                                          [--keep-events OUT.jsonl] [--json]

Codes every article of ``india_police_dev.jsonl`` with ``detente.Coder.pipe`` (or reads events
already coded with ``--events``), then asks the corpus's own scorer (``score_police.py``, which
also computes the keyword baseline on the same sentences) the four questions: ANY_ACTION (any
event by a police actor), ARREST (COERCE with mode arrest), FORCE (ASSAULT, or COERCE other than
arrest), KILL (ASSAULT that kills).

The articles are split in two fixed halves by a hash of their id: ``read`` (the half we read and
debug on) and ``scored`` (never read, only scored), so overfitting to the read half shows as a
gap between the two. Both halves, and all articles, are printed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIR = ROOT.parent / "shared" / "gold" / "police"
QUESTIONS = ("ANY_ACTION", "ARREST", "FORCE", "KILL")


def half(doc_id: str) -> str:
    """The fixed half an article belongs to: ``read`` or ``scored``."""
    return "read" if zlib.crc32(doc_id.encode("utf-8")) % 2 == 0 else "scored"


def code(ipe: Path, out: Path) -> tuple[int, float]:
    from detente import Coder
    from detente.records import Document

    coder = Coder()
    docs = []
    for line in ipe.open(encoding="utf-8"):
        if line.strip():
            d = json.loads(line)
            docs.append(Document(id=d["id"], text=d["text"], date=d.get("date")))
    t0 = time.perf_counter()
    n = 0
    with out.open("w", encoding="utf-8") as f:
        for r in coder.pipe(docs):
            for e in r.events:
                f.write(json.dumps(e.to_dict()) + "\n")
                n += 1
    return n, time.perf_counter() - t0


def score(scorer: Path, ipe: Path, events: Path, keywords: Path) -> dict:
    res = subprocess.run([sys.executable, str(scorer), str(ipe), str(events), str(keywords)],
                         check=True, capture_output=True, text=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--events", type=Path, help="score these events instead of coding")
    ap.add_argument("--keep-events", type=Path, help="write the coded events here")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    ipe = args.dir / "india_police_dev.jsonl"
    scorer, keywords = args.dir / "score_police.py", args.dir / "keywords.json"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        events = args.events
        if events is None:
            events = args.keep_events or tmp / "events.jsonl"
            n, secs = code(ipe, events)
            print(f"coded {ipe.name}: {n} events in {secs:.0f} s", file=sys.stderr)
        parts = {"read": [], "scored": []}
        for line in ipe.open(encoding="utf-8"):
            if line.strip():
                parts[half(json.loads(line)["id"])].append(line)
        results = {}
        for name, lines in parts.items():
            p = tmp / f"{name}.jsonl"
            p.write_text("".join(lines), encoding="utf-8")
            results[name] = score(scorer, p, events, keywords)
        results["all"] = score(scorer, ipe, events, keywords)
    if args.json:
        print(json.dumps(results))
        return 0
    print("| question | half | detente P | detente R | detente F1 | keywords F1 | margin |")
    print("|---|---|---|---|---|---|---|")
    for q in QUESTIONS:
        for name in ("read", "scored", "all"):
            d, k = results[name]["detente"][q], results[name]["keywords"][q]
            print(f"| {q} | {name} | {d['p']:.3f} | {d['r']:.3f} | **{d['f1']:.3f}** | "
                  f"{k['f1']:.3f} | {d['f1'] - k['f1']:+.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
