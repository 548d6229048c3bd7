"""How long the dyad table takes on a million events, from DuckDB and from JSONL.

    .venv/bin/python benchmarks/dyads_million.py [--events 1000000] [--dir /tmp/detente-bench]

Generates synthetic events with the record shape of DESIGN.md (60 states with skewed activity,
10% reciprocal events with two actors, 5% one-sided, 5% undated, 1990-2023, PLOVER types with
their scores), writes them into a DuckDB store and a JSONL file, then times ``detente dyads``'s
work (load + SQL aggregation + tone + turning points) from each. Prints seconds and events/s;
asserts nothing. Also times ``DuckDBStore.write_events`` on Python dicts, the path the coder uses.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import time
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from detente.dyads import dyads_from_paths  # noqa: E402
from detente.store import EVENT_ARROW, DuckDBStore  # noqa: E402

TYPES = [("AGREE", 2.5, 1), ("CONSULT", 2.5, 1), ("SUPPORT", 5.0, 1), ("COOPERATE", 9.5, 2),
         ("AID", 10.0, 2), ("REQUEST", 0.0, 3), ("ACCUSE", -2.0, 3), ("REJECT", -2.0, 3),
         ("THREATEN", -3.5, 3), ("PROTEST", -5.0, 4), ("SANCTION", -6.0, 4), ("COERCE", -7.0, 4),
         ("ASSAULT", -9.0, 4)]


def synthetic(n: int, seed: int = 7) -> pa.Table:
    """``n`` synthetic events as an Arrow table with the store's schema (vectorised)."""
    rng = np.random.default_rng(seed)
    codes = np.array([f"S{i:02d}" for i in range(60)])
    weights = 1.0 / np.arange(1, 61) ** 0.9
    weights /= weights.sum()
    kind = rng.random(n)  # < .10 reciprocal, < .15 one-sided, else actor -> recipient
    n_actor = np.where(kind < 0.10, 2, 1)
    n_recip = np.where(kind < 0.15, 0, 1)
    a_codes = codes[rng.choice(60, size=int(n_actor.sum()), p=weights)]
    r_codes = codes[rng.choice(60, size=int(n_recip.sum()), p=weights)]

    def entities(values: np.ndarray, counts: np.ndarray) -> pa.Array:
        m = len(values)
        struct = pa.StructArray.from_arrays(
            [pa.array(values), pa.array(["GOV"] * m), pa.array(values),
             pa.array(np.zeros(m, dtype=np.int64)), pa.array(np.full(m, 3, dtype=np.int64)),
             pa.nulls(m, pa.string())],
            fields=list(EVENT_ARROW.field("actor").type.value_type))
        offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
        return pa.ListArray.from_arrays(pa.array(offsets), struct)

    t = rng.integers(0, len(TYPES), n)
    year = rng.integers(1990, 2024, n)
    month = rng.integers(1, 13, n)
    day = rng.integers(1, 29, n)
    dates = np.char.add(np.char.add(year.astype(str), "-"),
                        np.char.add(np.char.zfill(month.astype(str), 2),
                                    np.char.add("-", np.char.zfill(day.astype(str), 2))))
    undated = rng.random(n) < 0.05
    date = pa.array(np.where(undated, None, dates).tolist(), pa.string())
    doc = rng.integers(0, n // 4 + 1, n)
    ids = np.char.add(np.char.add("doc-", doc.astype(str)),
                      np.char.add(":", np.arange(n).astype(str)))
    zeros = pa.array(np.zeros(n, dtype=np.int64))
    empty_lists = pa.array([[]] * n, pa.list_(pa.string()))
    columns = {
        "id": pa.array(ids), "doc_id": pa.array(np.char.add("doc-", doc.astype(str))),
        "event_type": pa.array(np.array([x[0] for x in TYPES])[t]),
        "mode": pa.nulls(n, pa.string()), "context": empty_lists, "aux_modes": empty_lists,
        "actor": entities(a_codes, n_actor), "recipient": entities(r_codes, n_recip),
        "date": date, "date_source": pa.nulls(n, pa.string()),
        "trigger": pa.StructArray.from_arrays([pa.array(["did"] * n), zeros, zeros],
                                              names=["text", "start", "end"]),
        "sentence": pa.StructArray.from_arrays([zeros, zeros, zeros],
                                               names=["index", "start", "end"]),
        "intensity": pa.array(np.array([x[1] for x in TYPES])[t]),
        "quad_class": pa.array(np.array([x[2] for x in TYPES], dtype=np.int32)[t]),
        "cameo": pa.nulls(n, pa.string()), "confidence": pa.array(np.full(n, 0.8)),
        "evidence": pa.array(["S01 did something to S02."] * n),
    }
    return pa.table(columns, schema=EVENT_ARROW)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(label: str, n: int, fn):
    """Run ``fn``; print wall seconds, events/s and CPU seconds (all threads; stable when the
    machine is shared, where wall time is not)."""
    start, cpu = time.perf_counter(), _cpu()
    result = fn()
    secs, cpu = time.perf_counter() - start, _cpu() - cpu
    print(f"{label:<44} {secs:8.2f} s   {n / secs:>12,.0f} events/s   cpu {cpu:6.2f} s")
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--dir", default="/tmp/detente-bench")
    args = ap.parse_args()
    n = args.events
    work = Path(args.dir)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    db_path, jsonl_path = work / "events.duckdb", work / "events.jsonl"
    print(f"duckdb {duckdb.__version__}, {n:,} synthetic events in {work}, "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")

    table = timed("generate (numpy/arrow)", n, lambda: synthetic(n))
    with DuckDBStore(db_path) as store:
        cols = ", ".join(f'"{c}"' for c in table.column_names)
        store.con.register("_gen", table)
        timed("write to DuckDB store (arrow insert)", n, lambda: store.con.execute(
            f"INSERT INTO events ({cols}) SELECT {cols} FROM _gen"))
        store.con.unregister("_gen")
        store.con.execute(f"COPY (SELECT * EXCLUDE (seq) FROM events ORDER BY seq) TO "
                          f"'{jsonl_path}' (FORMAT json)")
    print(f"{'':<44} jsonl {jsonl_path.stat().st_size / 1e6:.0f} MB, "
          f"duckdb {db_path.stat().st_size / 1e6:.0f} MB")

    sample = table.slice(0, min(n, 100_000)).to_pylist()
    with DuckDBStore(work / "dicts.duckdb") as store:
        def write_dicts():
            for i in range(0, len(sample), 10_000):
                store.write_events(sample[i:i + 10_000])
        timed(f"store.write_events, {len(sample):,} dicts in 10k batches", len(sample), write_dicts)

    for label, path in (("dyad table from DuckDB store", db_path),
                        ("dyad table from JSONL", jsonl_path)):
        result = timed(label, n, lambda: dyads_from_paths([path], by="year"))
        s = result.summary
        print(f"{'':<44} {result.table.num_rows:,} rows, {s['dyads']:,} dyads, "
              f"{s['dyadic_events']:,} dyadic, {s['monadic']:,} one-sided, "
              f"{s['undated_dyadic_events']:,} undated, "
              f"{sum(result.table.column('turning_point').to_pylist()):,} turning points")
    timed("dyad table from DuckDB store, by month", n,
          lambda: dyads_from_paths([db_path], by="month"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
