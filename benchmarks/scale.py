"""Corpus-scale throughput and memory of ``detente code``: local workers and Ray.

    .venv/bin/python benchmarks/scale.py [--docs 50000] [--small 10000] [--skip-ray]

The news corpus in ../shared/corpus is replicated (ids made unique) to ``--small`` and ``--docs``
documents in a temporary directory, then coded by the real command line with sharded output:

* 1 local worker (in process) on both sizes, and 2 local workers on both sizes — peak memory
  must not grow with the input (streaming, bounded work in flight);
* Ray started locally with 2 CPUs, one task per shard, on the large size.

Each run's peak RSS is sampled every 0.2 s over the whole process tree (the command, its worker
processes, and Ray's raylet and workers), summed; the largest single process is shown as well.
Documents/s and sentences/s count wall time from start to exit, model loading included.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "news_world_2004.jsonl"
DETENTE = ROOT / ".venv" / "bin" / "detente"


def replicate(src: Path, n: int, dest: Path) -> Path:
    """``n`` records cycling through ``src``, each id suffixed with its copy number."""
    base = [json.loads(line) for line in src.open(encoding="utf-8") if line.strip()]
    with dest.open("w", encoding="utf-8") as out:
        for i in range(n):
            rec = dict(base[i % len(base)])
            rec["id"] = f"{rec.get('id', 'doc')}~{i // len(base)}"
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return dest


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
            ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        kids.setdefault(ppid, []).append(int(entry))
    return kids


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss(root: int) -> tuple[int, int]:
    """(sum, max) RSS in KB over ``root`` and all its descendants."""
    kids = _children()
    todo, seen = [root], []
    while todo:
        pid = todo.pop()
        seen.append(pid)
        todo.extend(kids.get(pid, []))
    sizes = [_rss_kb(p) for p in seen]
    return sum(sizes), max(sizes, default=0)


def run(label: str, inputs: Path, out: Path, args: list[str]) -> dict:
    cmd = [str(DETENTE), "code", str(inputs), "-o", str(out) + "/", "--no-progress",
           "--shard-size", "1000", *args]
    env = dict(os.environ, RAY_USAGE_STATS_ENABLED="0")
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env=env)
    peak = [0, 0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            total, biggest = tree_rss(proc.pid)
            peak[0], peak[1] = max(peak[0], total), max(peak[1], biggest)
            stop.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - t0
    stop.set()
    sampler.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{label}: detente code exited {proc.returncode}:\n{err}")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    docs = sentences = events = 0
    for entry in manifest["shards"].values():
        docs += entry["counts"]["records"]
        events += entry["counts"]["events"]
        name = entry["files"]["documents"]["name"]
        with (out / name).open(encoding="utf-8") as fh:
            sentences += sum(json.loads(line).get("sentences") or 0 for line in fh)
    return {"run": label, "docs": docs, "sentences": sentences, "events": events, "wall": wall,
            "docs_s": docs / wall, "sents_s": sentences / wall, "rss_mb": peak[0] / 1024,
            "max_proc_mb": peak[1] / 1024}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=50_000, help="large input size (default 50000)")
    ap.add_argument("--small", type=int, default=10_000, help="small input size (default 10000)")
    ap.add_argument("--skip-ray", action="store_true")
    ap.add_argument("--json", action="store_true", help="print the rows as JSON too")
    opts = ap.parse_args()
    if not CORPUS.exists():
        print(f"corpus not found: {CORPUS}", file=sys.stderr)
        return 2
    rows = []
    with tempfile.TemporaryDirectory(prefix="detente-scale-") as tmp:
        tmpd = Path(tmp)
        small = replicate(CORPUS, opts.small, tmpd / f"news_{opts.small}.jsonl")
        large = replicate(CORPUS, opts.docs, tmpd / f"news_{opts.docs}.jsonl")
        plan = [("local, 1 worker", small, ["--workers", "1"]),
                ("local, 1 worker", large, ["--workers", "1"]),
                ("local, 2 workers", small, ["--workers", "2"]),
                ("local, 2 workers", large, ["--workers", "2"])]
        if not opts.skip_ray:
            plan.append(("ray local, 2 CPUs", large, ["--executor", "ray", "--workers", "2"]))
        for i, (label, inputs, args) in enumerate(plan):
            row = run(label, inputs, tmpd / f"out{i}", args)
            rows.append(row)
            print(f"  done: {label} on {row['docs']:,} docs in {row['wall']:.0f} s",
                  file=sys.stderr, flush=True)
    header = (f"{'run':<20} {'docs':>7} {'sentences':>9} {'events':>7} {'wall s':>7} "
              f"{'docs/s':>7} {'sents/s':>8} {'peak RSS MB':>11} {'max proc MB':>11}")
    print(header)
    print("-" * len(header))
    for r in rows:
        print(f"{r['run']:<20} {r['docs']:>7,} {r['sentences']:>9,} {r['events']:>7,} "
              f"{r['wall']:>7.1f} {r['docs_s']:>7.1f} {r['sents_s']:>8.1f} {r['rss_mb']:>11.0f} "
              f"{r['max_proc_mb']:>11.0f}")
    by = {(r["run"], r["docs"]): r for r in rows}
    for label in ("local, 1 worker", "local, 2 workers"):
        a, b = by.get((label, opts.small)), by.get((label, opts.docs))
        if a and b:
            print(f"memory growth {label}: {a['rss_mb']:.0f} MB at {opts.small:,} docs -> "
                  f"{b['rss_mb']:.0f} MB at {opts.docs:,} docs "
                  f"({(b['rss_mb'] / a['rss_mb'] - 1) * 100:+.0f}%)")
    if opts.json:
        print(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
