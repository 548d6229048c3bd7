"""Screen clean news and damaged copies: how often clean text is flagged, and how fast.

    .venv/bin/python benchmarks/screen_corpus.py [--corpus PATH] [--limit N]

Prints, for ../shared/corpus/news_world_2004.jsonl (clean 2004 world news), the share of
documents that get an injected_phrase, missing_number or glued_words span (the bar: at most
2%), the share per kind, a few examples, and the throughput of ``screen`` in documents and
megabytes per second; then the detection precision and recall per kind on the corruption
generator of tests/corrupt.py.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from detente.screen import screen  # noqa: E402

DAMAGE = ("injected_phrase", "missing_number", "glued_words")


def corpus_run(path: Path, limit: int | None) -> None:
    docs = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            docs.append(json.loads(line))
            if limit and len(docs) >= limit:
                break
    screen("Warm up: load the word lists once, outside the timing.")
    per_kind: Counter = Counter()
    flagged = []
    chars = 0
    t0 = time.perf_counter()
    results = []
    for d in docs:
        text = d.get("text") or ""
        chars += len(text)
        results.append((d, screen(text)))
    elapsed = time.perf_counter() - t0
    for d, s in results:
        kinds = {sp.kind for sp in s.quality.spans}
        for k in kinds:
            per_kind[k] += 1
        if kinds & set(DAMAGE):
            flagged.append((d, s))
    n = len(docs)
    print(f"corpus: {path.name}, {n} documents, {chars / 1e6:.2f} MB")
    print(f"documents with an injected_phrase, missing_number or glued_words span: "
          f"{len(flagged)} = {100 * len(flagged) / max(n, 1):.2f}% (bar: <= 2%)")
    for k in ("injected_phrase", "missing_number", "glued_words", "boilerplate", "encoding",
              "language"):
        print(f"  {k:16s} {per_kind[k]:5d} docs = {100 * per_kind[k] / max(n, 1):.2f}%")
    print(f"throughput: {n / elapsed:.0f} docs/s, {chars / 1e6 / elapsed:.2f} MB/s "
          f"({elapsed:.2f} s)")
    big = "\n\n".join(d.get("text") or "" for d in docs)
    t0 = time.perf_counter()
    screen(big)
    el = time.perf_counter() - t0
    print(f"one document of {len(big) / 1e6:.2f} MB: {el:.2f} s ({len(big) / 1e6 / el:.2f} MB/s)")
    for d, s in flagged[:12]:
        spans = [f"{sp.kind}:{sp.text!r}" for sp in s.quality.spans if sp.kind in DAMAGE]
        print(f"  {d['id']}: {', '.join(spans)}")


def generator_run(seeds: int) -> None:
    import corrupt as c

    phrases = ["trade sanctions imposed by the ruler of Japan",
               "best cheap flights to moscow and tokyo deals",
               "kashmir conflict history explained for students",
           "kuril islands dispute, explained", "best hotels in tokyo - 2024 deals"]
    tot: dict[str, list[int]] = {}

    def match(d, t, slack=2):
        return d.start - slack <= t.end and t.start <= d.end + slack

    for seed in range(seeds):
        for name, text in c.CLEAN_TEXTS.items():
            rng = random.Random(seed)
            runs = {
                "missing_number": c.delete_numbers(text, rng),
                "glued_words": c.glue_words(text, rng=rng),
                "injected_phrase": c.inject_phrase(text, phrases[seed % len(phrases)], rng=rng),
                "encoding": c.add_mojibake(text, rng=rng),
                "boilerplate": c.add_boilerplate(text, rng=rng),
                "combined": c.combine(text, phrases[seed % len(phrases)], seed),
            }
            for gen, r in runs.items():
                s = screen(r.text)
                kinds = [gen] if gen != "combined" else list(DAMAGE)
                for k in kinds:
                    det = [x for x in s.quality.spans if x.kind == k]
                    truths = [t for t in r.truths if t.kind == k]
                    audible = [t for t in truths if not t.silent]
                    a = tot.setdefault(f"{gen}/{k}", [0, 0, 0, 0, 0])
                    a[0] += sum(any(match(d, t) for t in truths) for d in det)
                    a[1] += len(det)
                    a[2] += sum(any(match(d, t) for d in det) for t in audible)
                    a[3] += len(audible)
                    a[4] += len(truths)
    print(f"corruption generator ({seeds} seeds x {len(c.CLEAN_TEXTS)} texts):")
    for k, (tp, nd, tr, na, nt) in sorted(tot.items()):
        print(f"  {k:34s} precision {tp}/{nd} = {tp / max(nd, 1):.3f}   recall {tr}/{na} = "
              f"{tr / max(na, 1):.3f}" + (f"   (recall counting {nt - na} silent deletions: "
                                          f"{tr / max(nt, 1):.3f})" if nt != na else ""))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path,
                    default=ROOT.parent / "shared" / "corpus" / "news_world_2004.jsonl")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--seeds", type=int, default=6)
    args = ap.parse_args()
    if args.corpus.exists():
        corpus_run(args.corpus, args.limit)
    else:
        print(f"corpus not found: {args.corpus}")
    gold = sorted((ROOT.parent / "shared" / "gold" / "dev").glob("*.gold.jsonl"))
    if gold:
        n = flagged = 0
        for path in gold:
            with path.open(encoding="utf-8") as fh:
                for line in fh:
                    s = screen(json.loads(line).get("text") or "")
                    n += 1
                    flagged += bool({sp.kind for sp in s.quality.spans} & set(DAMAGE))
        print(f"gold dev sentences (clean): {flagged} of {n} flagged = {100 * flagged / n:.2f}%")
    generator_run(args.seeds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
