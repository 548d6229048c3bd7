"""Lone injected phrases and junk across a crawl (issue 15), measured on damaged dev gold.

    .venv/bin/python benchmarks/junk_crawl.py [--seed N]

Builds a crawl from the dev gold (news items of news2004_dev and the passages of
history_relations; never the check files): every document gets the keyword of its "site" (one
of tests/corrupt.py's LONE_PHRASES, each shared by a tenth of the documents) wedged between two
sentences once or twice (after a comma when it has no sentence break), every year deleted, a
word or two glued. Then prints, per occurrence, the injected copies the screen of one page
finds, and the copies found once the crawl pass (``detente code --crawl``) has judged the
phrases; the events coded from junk (must be 0); and the F1 of the news items coded from the
damaged text against the F1 of the same items clean (goal: at least 0.9 of it), and the same
for the passages of history_relations (scored as passages by ``detente.evaluate``, with the
events' offsets moved back into the clean text where the gold sentences are).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

import corrupt as c  # noqa: E402
from detente.coder import Coder  # noqa: E402
from detente.evaluate import evaluate  # noqa: E402
from detente.records import Document  # noqa: E402
from detente.screen import screen  # noqa: E402
from detente.screen.crawl import CrawlScan  # noqa: E402

GOLD = ROOT.parent / "shared" / "gold" / "dev"


def build(seed: int) -> list[tuple[dict, c.Corrupted]]:
    rows = [json.loads(x) for x in (GOLD / "news2004_dev.gold.jsonl").open(encoding="utf-8")]
    rows += [json.loads(x) for x in (GOLD / "history_relations.gold.jsonl").open(encoding="utf-8")]
    out = []
    for i, row in enumerate(rows):
        phrase = c.LONE_PHRASES[i % len(c.LONE_PHRASES)]
        glue = 1 if len(row["text"]) < 600 else 3
        out.append((row, c.lone_damage(row["text"], phrase, seed * 1000 + i, glue=glue, mid=True)))
    return out


def _hit(a: int, b: int, truths) -> bool:
    return any(a - 2 <= t.end and t.start <= b + 2 for t in truths)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    crawl = build(args.seed)
    scan = CrawlScan()
    for _, d in crawl:
        scan.add(d.text)
    judged = scan.judged()
    junk = scan.phrases()
    print(f"crawl: {len(crawl)} documents, {sum(len(d.spans('injected_phrase')) for _, d in crawl)}"
          f" injected copies, {len(c.LONE_PHRASES)} site keywords")
    print(f"crawl pass: {len(junk.phrases)} junk phrases; "
          f"{sum(1 for p in judged if not p.junk)} flagged phrases kept")
    for p in judged:
        print(f"  {'junk' if p.junk else 'kept'} {p.flagged_docs:>3d}/{p.docs:<3d} {p.phrase!r}")
    for label, known in (("one page", None), ("with crawl", junk)):
        found = {"wedged": 0, "comma": 0}
        total = {"wedged": 0, "comma": 0}
        fp = 0
        for _, d in crawl:
            s = screen(d.text, known=known)
            truths = d.spans("injected_phrase")
            det = [x for x in s.quality.spans if x.kind == "injected_phrase"]
            for t in truths:
                where = "comma" if d.text[:t.start].rstrip().endswith(",") else "wedged"
                total[where] += 1
                found[where] += any(x.start - 2 <= t.end and t.start <= x.end + 2 for x in det)
            fp += sum(1 for x in det if not _hit(x.start, x.end, truths))
        both = sum(found.values()) / max(sum(total.values()), 1)
        print(f"{label:10s}: injected copies found per occurrence: between sentences "
              f"{found['wedged']}/{total['wedged']}, after a comma {found['comma']}/"
              f"{total['comma']}, all {both:.3f}; spans that are no injected copy: {fp}")

    coders = {"clean": Coder(), "one page": Coder(),
              "with crawl": Coder(junk_phrases=junk.strings())}
    for kind, rows in (("news items", [(r, d) for r, d in crawl if "events" in r]),
                       ("passages", [(r, d) for r, d in crawl if "sentences" in r])):
        score(kind, rows, coders)


def _to_clean(e, d: c.Corrupted):
    """The event with its offsets moved into the clean text, where the gold sentences are."""
    e.trigger.start, e.trigger.end = d.to_clean(e.trigger.start), d.to_clean(e.trigger.end)
    for x in e.actor + e.recipient:
        x.start, x.end = d.to_clean(x.start), d.to_clean(x.end)
    return e


def score(kind: str, news, coders) -> None:
    f1 = {}
    for label, coder in coders.items():
        by_doc: dict[str, list] = {}
        from_junk = 0
        docs = [Document(id=r["id"], text=r["text"] if label == "clean" else d.text)
                for r, d in news]
        truths = {r["id"]: d.spans("injected_phrase") for r, d in news}
        for res in coder.pipe(docs):
            by_doc[res.document.doc_id] = res.events
            if label != "clean":
                for e in res.events:
                    spans = [(e.trigger.start, e.trigger.end)] + [
                        (x.start, x.end) for x in e.actor + e.recipient]
                    if any(any(t.start <= a and b <= t.end for t in truths[e.doc_id])
                           for a, b in spans):
                        from_junk += 1
        if label != "clean":
            damaged = {r["id"]: d for r, d in news}
            by_doc = {k: [_to_clean(e, damaged[k]) for e in v] for k, v in by_doc.items()}
        res = evaluate([r for r, _ in news], by_doc)
        f1[label] = res.f1
        ratio = res.f1 / max(f1["clean"], 1e-9)
        extra = "" if label == "clean" else (f", ratio to clean {ratio:.3f},"
                                             f" events from junk {from_junk}")
        print(f"{kind} {label:10s}: P {res.precision:.3f} R {res.recall:.3f} F1 {res.f1:.3f}"
              f"{extra}")


if __name__ == "__main__":
    main()
