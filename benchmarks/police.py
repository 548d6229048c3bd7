"""Domestic events: detente against the keyword baseline on IndiaPoliceEvents, same run.

    .venv/bin/python benchmarks/police.py [--dir ../shared/gold/police] [--events EVENTS.jsonl]
                                          [--keep-events OUT.jsonl] [--json]
                                          [--errors QUESTION [--mapping issue|refined]]
                                          [--modes]

Codes every article of ``india_police_dev.jsonl`` with ``detente.Coder.pipe`` (or reads events
already coded with ``--events``), then asks the corpus's own scorer (``score_police.py``, which
also computes the keyword baseline on the same sentences) the four questions: ANY_ACTION (any
event by a police actor), ARREST (COERCE with mode arrest), FORCE (ASSAULT, or COERCE other than
arrest), KILL (ASSAULT that kills). Beside them, detente's answers under a refined mapping of
FORCE and KILL (see ``_answerer``), so both readings are shown.

The articles are split in two fixed halves by a hash of their id: ``read`` (the half we read and
debug on) and ``scored`` (never read, only scored), so overfitting to the read half shows as a
gap between the two. Both halves, and all articles, are printed. ``--errors QUESTION`` prints
the sentences of the ``read`` half that detente gets wrong on that question, with the events
coded in them (never those of the ``scored`` half). ``--modes`` counts, on the ``read`` half,
the police events of each COERCE and ASSAULT mode other than arrest and how many of their
sentences the annotators labelled FORCE: the evidence for the refined mapping.
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


def _answerer(scorer: Path, mapping: str):
    """The four answers for a sentence's police events, as ``mapping`` reads them.

    ``issue``: the scorer's own (its regular expressions, loaded from ``score_police.py``):
    FORCE = ASSAULT or COERCE other than arrest, KILL = ASSAULT whose trigger or mode matches
    its list of killing words. ``refined``: FORCE = ASSAULT only (the annotators' "force or
    violence" does not take in curfews, bans, searches and seizures, which PLOVER codes as
    COERCE), KILL = ASSAULT whose trigger says it killed by detente's own list of such words
    (``events/data/implied.yaml``: "lethal"), which also reads "died in police firing".
    """
    import re

    from detente.events.implied import is_lethal

    src = scorer.read_text(encoding="utf-8")
    arrest = re.compile(re.search(r'ARREST_WORDS = re.compile\(r"([^"]+)"', src).group(1), re.I)
    kill = re.compile(re.search(r'KILL_WORDS = re.compile\(r"([^"]+)"', src).group(1), re.I)

    def trig(e):
        return (e.get("trigger") or {}).get("text", "") + " " + (e.get("mode") or "")

    def answer(cop: list[dict]) -> dict[str, bool]:
        arrests = any(e["event_type"] == "COERCE" and arrest.search(trig(e)) for e in cop)
        if mapping == "issue":
            force = any(e["event_type"] == "ASSAULT" or (
                e["event_type"] == "COERCE" and not arrest.search(trig(e))) for e in cop)
            kills = any(e["event_type"] == "ASSAULT" and kill.search(trig(e)) for e in cop)
        else:
            force = any(e["event_type"] == "ASSAULT" for e in cop)
            kills = any(e["event_type"] == "ASSAULT" and (kill.search(trig(e)) or is_lethal(
                (e.get("trigger") or {}).get("text", ""))) for e in cop)
        return {"ANY_ACTION": bool(cop), "ARREST": arrests, "FORCE": force, "KILL": kills}

    return answer, trig


def _sentences(ipe: Path, events: Path, which: str | None):
    """(doc id, labels, text, events placed in the sentence, police events) for every
    annotated sentence of the articles of half ``which`` (all when None)."""
    by_doc: dict[str, list[dict]] = {}
    for line in events.open(encoding="utf-8"):
        if line.strip():
            e = json.loads(line)
            by_doc.setdefault(str(e["doc_id"]), []).append(e)
    for line in ipe.open(encoding="utf-8"):
        if not line.strip():
            continue
        d = json.loads(line)
        if which is not None and half(d["id"]) != which:
            continue
        evs = by_doc.get(d["id"], [])
        for s in d["sentences"]:
            if s["start"] is None:
                continue
            mine = [e for e in evs
                    if s["start"] <= (e.get("trigger") or {}).get("start", -1) < s["end"]
                    and not ({"negation", "hypothetical"} & set(e.get("aux_modes") or []))]
            cop = [e for e in mine if any(a.get("sector") == "COP" for a in e.get("actor") or [])]
            yield d["id"], s["labels"], d["text"][s["start"]:s["end"]], mine, cop


def refined_scores(ipe: Path, events: Path, scorer: Path, which: str | None) -> dict:
    """Precision, recall and F1 of detente's answers under the refined mapping."""
    answer, _ = _answerer(scorer, "refined")
    cnt = {q: [0, 0, 0] for q in QUESTIONS}
    for _, labels, _, _, cop in _sentences(ipe, events, which):
        pred = answer(cop)
        for q in QUESTIONS:
            if pred[q] and q in labels:
                cnt[q][0] += 1
            elif pred[q]:
                cnt[q][1] += 1
            elif q in labels:
                cnt[q][2] += 1
    out = {}
    for q, (tp, fp, fn) in cnt.items():
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        out[q] = {"p": round(p, 3), "r": round(r, 3),
                  "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}
    return out


def read_errors(ipe: Path, events: Path, question: str, scorer: Path, mapping: str) -> None:
    """Print the ``read`` half's misses and false alarms on ``question``, with their events.
    Only the ``read`` half: the ``scored`` half is never printed."""
    answer, trig = _answerer(scorer, mapping)

    def who(xs):
        return ",".join(f"{a.get('code')}/{a.get('sector')}:{a.get('text')}" for a in xs or [])

    for doc_id, labels, text, mine, cop in _sentences(ipe, events, "read"):
        gold, pred = question in labels, answer(cop)[question]
        if gold == pred:
            continue
        print(("MISS " if gold else "FALSE") + f" {doc_id} {labels}")
        print("    " + text.replace("\n", " "))
        for e in mine:
            print(f"      {e['event_type']}/{e.get('mode')} '{trig(e).strip()}' "
                  f"A[{who(e.get('actor'))}] R[{who(e.get('recipient'))}]")


def coerce_modes(ipe: Path, events: Path) -> dict[str, dict[str, int]]:
    """Why the issue's FORCE and the annotators' differ, counted on the ``read`` half: for each
    type and mode of police event other than an arrest, how many sentences hold one and how
    many of those the annotators labelled FORCE (and ANY_ACTION)."""
    out: dict[str, dict[str, int]] = {}
    for _, labels, _, _, cop in _sentences(ipe, events, "read"):
        keys = {f"{e['event_type']}/{e.get('mode')}" for e in cop
                if e["event_type"] in ("COERCE", "ASSAULT") and e.get("mode") != "arrest"}
        for k in keys:
            c = out.setdefault(k, {"sentences": 0, "FORCE": 0, "ANY_ACTION": 0})
            c["sentences"] += 1
            c["FORCE"] += "FORCE" in labels
            c["ANY_ACTION"] += "ANY_ACTION" in labels
    return dict(sorted(out.items(), key=lambda kv: -kv[1]["sentences"]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--events", type=Path, help="score these events instead of coding")
    ap.add_argument("--keep-events", type=Path, help="write the coded events here")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--mapping", choices=("issue", "refined"), default="issue",
                    help="how --errors reads events as answers (see _answerer)")
    ap.add_argument("--errors", choices=QUESTIONS,
                    help="print the read half's errors on this question (never the scored half's)")
    ap.add_argument("--modes", action="store_true",
                    help="count, on the read half, the police events of each COERCE and ASSAULT "
                         "mode other than arrest and how many the annotators call FORCE")
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
        if args.errors:
            read_errors(ipe, events, args.errors, scorer, args.mapping)
            return 0
        if args.modes:
            print("| police event (read half) | sentences | labelled FORCE | labelled ANY_ACTION |")
            print("|---|---|---|---|")
            for k, c in coerce_modes(ipe, events).items():
                print(f"| {k} | {c['sentences']} | {c['FORCE']} | {c['ANY_ACTION']} |")
            return 0
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
        for name in ("read", "scored", "all"):
            results[name]["refined"] = refined_scores(
                ipe, events, scorer, None if name == "all" else name)
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
    print()
    print("Refined mapping (FORCE = ASSAULT only; KILL also from detente's words of killing):")
    print()
    print("| question | half | detente P | detente R | detente F1 | keywords F1 | margin |")
    print("|---|---|---|---|---|---|---|")
    for q in ("FORCE", "KILL"):
        for name in ("read", "scored", "all"):
            d, k = results[name]["refined"][q], results[name]["keywords"][q]
            print(f"| {q} | {name} | {d['p']:.3f} | {d['r']:.3f} | **{d['f1']:.3f}** | "
                  f"{k['f1']:.3f} | {d['f1'] - k['f1']:+.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
