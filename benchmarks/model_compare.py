"""Rules against hybrid, side by side in one run: the table of the README's event-model section.

    .venv/bin/python benchmarks/model_compare.py [--gold ../shared/gold] [--no-speed]

For every gold file in ``GOLD/dev`` and ``GOLD/check`` and each mode it runs
``detente eval FILE --json --model MODE`` (only the figures are read, never the rows), then
``benchmarks/throughput.py --model rules,hybrid --rounds 2`` for sentences per second against spaCy
parse-only and peak RSS. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DETENTE = str(Path(sys.executable).with_name("detente"))
MODES = ("rules", "hybrid")


def evaluate(path: Path, mode: str) -> dict:
    out = subprocess.run([DETENTE, "eval", str(path), "--json", "--model", mode],
                         capture_output=True, text=True)
    if not out.stdout.strip():
        raise SystemExit(f"detente eval {path} failed: {out.stderr[-500:]}")
    return json.loads(out.stdout)


def fmt(x) -> str:
    return "–" if x is None else f"{x:.3f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", default=str(ROOT.parent / "shared" / "gold"))
    ap.add_argument("--no-speed", action="store_true", help="skip the throughput run")
    ap.add_argument("--rounds", type=int, default=2, help="throughput rounds (default 2)")
    args = ap.parse_args()
    gold = Path(args.gold)
    files = sorted((gold / "dev").glob("*.jsonl")) + sorted((gold / "check").glob("*.jsonl"))
    print("| file | rules P / R / F1 | hybrid P / R / F1 | ΔF1 |")
    print("|---|---|---|---|")
    deltas = {"dev": [], "check": []}
    quad = {}
    for f in files:
        r = {m: evaluate(f, m) for m in MODES}
        name = f"{f.parent.name}/{f.name}"
        if r["rules"].get("quad"):
            quad[name] = {m: r[m]["quad"]["accuracy"] for m in MODES}
        if r["rules"].get("f1") is None:
            continue
        d = r["hybrid"]["f1"] - r["rules"]["f1"]
        deltas[f.parent.name].append(d)
        cells = [" / ".join(fmt(r[m][k]) for k in ("precision", "recall", "f1")) for m in MODES]
        print(f"| {name} | {cells[0]} | {cells[1]} | {d:+.3f} |")
    for part, ds in deltas.items():
        if ds:
            print(f"| mean ΔF1, {part} files | | | {sum(ds) / len(ds):+.3f} |")
    for name, q in quad.items():
        print(f"| {name}: quad-class accuracy | {q['rules']:.3f} | {q['hybrid']:.3f} | "
              f"{q['hybrid'] - q['rules']:+.3f} |")
    sys.stdout.flush()
    if not args.no_speed:
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "throughput.py"),
                        "--model", ",".join(MODES), "--rounds", str(args.rounds)])


if __name__ == "__main__":
    main()
