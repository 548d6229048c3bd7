#!/usr/bin/env python3
"""Build the list of which states fought each other when (src/detente/inferred_dates/data/
war_pairs.tsv) from the Correlates of War inter-state war list, version 4, that you download
yourself; detente never fetches anything at run time.

    python scripts/build_war_pairs.py Inter-StateWarData_v4.0.csv

Why: a damaged history keeps "Germany declared war on France" but loses the year; the wars the
two states fought against each other (1870-1871, 1914-1918, 1939-1945) are the readings, and
the story's order picks one (see detente.inferred_dates.evidence.EvidenceFinder.find). One row
per pair of states on opposite sides of one war, with the years both took part; states are
written as detente's ISO 3166 codes (looked up by their COW name in actors/data/states.yaml).
Only names, sides and dates are taken (see NOTICE.md beside the output).
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "detente" / "inferred_dates" / "data" / "war_pairs.tsv"
STATES = ROOT / "src" / "detente" / "actors" / "data" / "states.yaml"
#: COW names states.yaml does not list as a name
ALIASES = {"China (PRC)": "CHN", "Taiwan (ROC)": "TWN", "Sardinia/Piedmont": "ITA"}

HEADER = """\
# Pairs of states that fought each other, with the years of the war, for inferring when an
# undated "X declared war on Y" happened. Built by scripts/build_war_pairs.py from the
# Correlates of War inter-state war list: do not edit by hand.
#
# SOURCE: Correlates of War Project, COW War Data v4.0 (inter-state wars, 1816-2007). Sarkees,
# Meredith Reid and Frank Wayman (2010). Resort to War: 1816-2007. Washington DC: CQ Press.
# https://correlatesofwar.org/data-sets/cow-war/ Only war names, sides and years are taken
# (see NOTICE.md beside this file).
#
# COLUMNS: a | b (ISO 3166 codes, a < b) | start | end (years both took part) | war (COW's name)
"""


def _year(value: str) -> int | None:
    try:
        y = int(value.strip())
    except ValueError:
        return None
    return y if y > 0 else None


def build(path: Path) -> list[tuple[str, str, int, int, str]]:
    raw = path.read_bytes().decode("latin-1").replace("\r\n", "\n").replace("\r", "\n")
    codes: dict[str, str] = dict(ALIASES)
    for e in yaml.safe_load(STATES.read_text(encoding="utf-8")) or []:
        for form in e.get("names") or []:
            codes.setdefault(str(form), str(e["code"]))
    wars: dict[str, list[tuple[str, str, int, int]]] = {}
    names: dict[str, str] = {}
    for r in csv.DictReader(io.StringIO(raw)):
        code = codes.get(r["StateName"].strip())
        lo = _year(r["StartYear1"])
        hi = max((y for y in (_year(r["EndYear1"]), _year(r["EndYear2"])) if y), default=lo)
        if code is None or lo is None:
            continue
        wars.setdefault(r["WarNum"], []).append((code, r["Side"].strip(), lo, hi))
        names[r["WarNum"]] = r["WarName"].strip()
    out = set()
    for num, parts in wars.items():
        for a, sa, alo, ahi in parts:
            for b, sb, blo, bhi in parts:
                if a < b and sa != sb:
                    lo, hi = max(alo, blo), min(ahi, bhi)
                    if lo <= hi:
                        out.add((a, b, lo, hi, names[num]))
    return sorted(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("csv", type=Path)
    ap.add_argument("-o", "--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    rows = build(args.csv)
    lines = ["a\tb\tstart\tend\twar"] + ["\t".join(map(str, r)) for r in rows]
    args.out.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(rows)} pairs -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
