"""How long the actor gazetteer takes to load and answer, in a fresh process.

Prints: cold load (YAML parse + index), a second load (cached), and resolve() calls per second on
a mix of forms and dates. Run: .venv/bin/python benchmarks/gazetteer_load.py
"""

from __future__ import annotations

import time

t0 = time.perf_counter()
from detente.actors.gazetteer import Gazetteer  # noqa: E402

t1 = time.perf_counter()
gaz = Gazetteer.load()
t2 = time.perf_counter()
Gazetteer.load()
t3 = time.perf_counter()

queries = [("Moscow", "1956"), ("Moscow", None), ("U.S.", "2004-05-01"), ("us", None),
           ("Japanese", "1972"), ("Kinshasa", "1990-03"), ("NATO", None), ("Latin America", None),
           ("nothing here", None), ("Belgrade", "1999")]
n = 20000
t4 = time.perf_counter()
for i in range(n):
    s, d = queries[i % len(queries)]
    gaz.resolve(s, d)
t5 = time.perf_counter()

print(f"import gazetteer module: {1000 * (t1 - t0):.1f} ms")
print(f"cold load: {1000 * (t2 - t1):.1f} ms  ({len(gaz.entries)} entries, "
      f"{sum(1 for _ in gaz.surface_forms())} surface forms, max_words {gaz.max_words()})")
print(f"cached load: {1e6 * (t3 - t2):.1f} us")
print(f"resolve: {n / (t5 - t4):,.0f} calls/s")
