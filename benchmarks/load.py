"""Load test of ``detente serve``: latency percentiles, throughput and errors under concurrency.

Starts the server in a child process (or uses ``--url``), then sends ``--requests`` POST
/v1/code requests with ``--concurrency`` in flight at a time (httpx, asyncio) and prints p50,
p90 and p99 latency, throughput and the number of failed requests (0 expected). Texts are the
news items of ../shared/corpus when that folder is there, else a few built-in sentences.

    .venv/bin/python benchmarks/load.py
    .venv/bin/python benchmarks/load.py --runner threads
    .venv/bin/python benchmarks/load.py --runner batch --workers 1
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

import httpx

from detente.serve.process import ServerProcess

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "news_world_2004.jsonl"
FALLBACK = [
    "France accused Germany of violating the treaty on Monday.",
    "Japan and South Korea signed a trade agreement in Tokyo.",
    "The Indian foreign minister met his Pakistani counterpart in Geneva on Tuesday.",
    "Russia threatened to cut gas supplies to Ukraine if the debt was not paid.",
    "The European Union imposed new sanctions on Iran over its nuclear programme.",
]


def load_texts() -> tuple[list[str], str]:
    if CORPUS.is_file():
        with CORPUS.open(encoding="utf-8") as f:
            return [json.loads(line)["text"] for line in f if line.strip()], CORPUS.name
    return FALLBACK, "built-in sentences"


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of ``values``."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


async def run_load(url: str, texts: list[str], n: int, concurrency: int) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    events = 0
    gate = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as client:

        async def one(i: int) -> None:
            nonlocal events
            async with gate:
                t0 = time.perf_counter()
                try:
                    r = await client.post("/v1/code", json={"text": texts[i % len(texts)],
                                                            "id": f"load-{i}"})
                except httpx.HTTPError as exc:
                    errors.append(f"{type(exc).__name__}: {exc}")
                    return
                latencies.append(time.perf_counter() - t0)
                if r.status_code != 200:
                    errors.append(f"HTTP {r.status_code}: {r.text[:200]}")
                    return
                result = r.json()
                if result["document"]["status"] == "error":
                    errors.append(f"document error: {result['document']['reason']}")
                events += len(result["events"])

        # warm-up: the first requests pay for lazy initialisation, not for serving
        await asyncio.gather(*(client.post("/v1/code", json={"text": t}) for t in texts[:4]))
        started = time.perf_counter()
        await asyncio.gather(*(one(i) for i in range(n)))
        elapsed = time.perf_counter() - started
    return {"latencies": latencies, "errors": errors, "elapsed": elapsed, "events": events}


def report(stats: dict, n: int, concurrency: int, label: str) -> None:
    lat = [x * 1000 for x in stats["latencies"]]
    print(f"detente serve load test: {label}")
    print(f"  requests     {n} ({concurrency} concurrent), events coded {stats['events']}")
    if lat:
        print(f"  latency ms   p50 {percentile(lat, 50):7.1f}   p90 {percentile(lat, 90):7.1f}   "
              f"p99 {percentile(lat, 99):7.1f}   mean {statistics.fmean(lat):7.1f}   "
              f"max {max(lat):7.1f}")
    print(f"  throughput   {n / stats['elapsed']:.1f} requests/s over {stats['elapsed']:.2f} s")
    print(f"  errors       {len(stats['errors'])}")
    for e in stats["errors"][:5]:
        print(f"    {e}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=500)
    ap.add_argument("--concurrency", type=int, default=20)
    ap.add_argument("--runner", choices=("batch", "threads"), default="batch")
    ap.add_argument("--workers", type=int, default=None, help="coding threads of the server")
    ap.add_argument("--url", default=None, help="load an already running server instead")
    args = ap.parse_args(argv)

    texts, source = load_texts()
    if args.url:
        stats = asyncio.run(run_load(args.url, texts, args.requests, args.concurrency))
        label = f"{args.url}, texts from {source}"
    else:
        extra = ["--runner", args.runner]
        if args.workers:
            extra += ["--workers", str(args.workers)]
        with ServerProcess(*extra) as server:
            health = httpx.get(server.url + "/v1/health").json()
            stats = asyncio.run(run_load(server.url, texts, args.requests, args.concurrency))
        label = (f"runner {health['runner']} x{health['workers']}, model load "
                 f"{health['load_seconds']} s, texts from {source}")
    report(stats, args.requests, args.concurrency, label)
    return 1 if stats["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
