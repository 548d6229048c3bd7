#!/usr/bin/env python3
"""Build detente's list of named wars with their dates (src/detente/inferred_dates/data/
wars_cow.tsv) from the Correlates of War (COW) war lists, version 4, that you download yourself;
detente never fetches anything at run time.

Inputs: any of the four COW war CSVs (the script recognises each by its header):
  Inter-StateWarData_v4.0.csv, Extra-StateWarData_v4.0.csv, Intra-StateWarData_v4.1.csv,
  Non-StateWarData_v4.0.csv   (https://correlatesofwar.org/data-sets/cow-war/)
The files use old Mac line ends and Latin-1 bytes; both are handled.

What is kept: one row per war name, with the earliest start and the latest end over all its
participants and phases ("Vietnam War, Phase 2" is "Vietnam War"; -7 "ongoing" leaves the end
open; -8/-9 "not applicable/unknown" months and days drop to the year). Nothing else from the
data (participants, deaths, outcomes) is copied: the text coder only needs to know when a war
named in a text was fought.

Surface forms: the COW name, with " War" added when the name does not already say what it is
("Crimean" -> "Crimean War", "Korean" -> "Korean War"); hyphens and en dashes are equivalent at
match time. A form that is a common phrase on its own ("Naval War") is dropped; names that COW
uses for two wars far apart in time stay in the file and are left unused at match time
(ambiguous). Hand-written aliases and the events COW does not cover (treaties, crises, battles,
wars before 1816) are in named_events.tsv beside the output, written by the detente team.

Example:
  python scripts/build_named_events.py Inter-StateWarData_v4.0.csv Extra-StateWarData_v4.0.csv \
      Intra-StateWarData_v4.1.csv Non-StateWarData_v4.0.csv
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "detente" / "inferred_dates" / "data" / "wars_cow.tsv"

#: words that already say a name is a war or the like: no " War" is added after them
_KIND_WORDS = {"war", "wars", "rebellion", "revolt", "revolution", "uprising", "insurgency",
               "conquest", "invasion", "intervention", "campaign", "crisis", "expedition",
               "insurrection", "mutiny", "resistance", "coup", "siege", "bombardment", "raid",
               "occupation", "offensive", "struggle", "conflict", "massacre", "war)"}
#: forms too generic to name one war
_GENERIC = {"naval war", "civil war", "war of independence", "independence war", "war",
            "first war", "second war", "third war", "liberation war", "border war",
            "world war", "colonial war", "tribal war", "religious war", "succession war"}
_PHASE = re.compile(r"[,]?\s*\(?phase\s+\w+\)?\s*$", re.I)
KINDS = {"inter": "interstate war", "extra": "extra-state war", "intra": "intra-state war",
         "non": "non-state war"}


@dataclass
class War:
    name: str
    kind: str
    start: tuple[int, int, int] | None = None
    end: tuple[int, int, int] | None = None
    ongoing: bool = False
    nums: set[str] = field(default_factory=set)


def _int(value: str) -> int:
    try:
        return int(str(value).strip().replace(",", ""))
    except ValueError:
        return -9


def _date(y: str, m: str, d: str) -> tuple[int, int, int] | None:
    year = _int(y)
    if year < 0:
        return None
    month, day = _int(m), _int(d)
    return (year, month if 1 <= month <= 12 else 0, day if 1 <= day <= 31 and 1 <= month else 0)


def _iso(t: tuple[int, int, int] | None) -> str:
    if t is None:
        return ""
    y, m, d = t
    return f"{y:04d}" + (f"-{m:02d}" if m else "") + (f"-{d:02d}" if m and d else "")


def _kind(header: list[str], path: str) -> str:
    h = {c.strip() for c in header}
    if "SideA1" in h:
        return "non"
    if "Intnl" in h:
        return "intra"
    if "Interven" in h:
        return "extra"
    if "StateName" in h:
        return "inter"
    raise SystemExit(f"{path}: not a COW war file I know (header {header[:6]}...)")


def read(path: str) -> list[tuple[str, str, str, tuple | None, tuple | None, bool]]:
    """(kind, war number, name, start, end, ongoing) per row of one COW file."""
    raw = Path(path).read_bytes().decode("latin-1").replace("\r\n", "\n").replace("\r", "\n")
    rows = list(csv.reader(io.StringIO(raw)))
    header = [c.strip() for c in rows[0]]
    kind = _kind(header, path)
    col = {c: i for i, c in enumerate(header)}
    out = []
    for r in rows[1:]:
        if len(r) < len(header) - 1:
            continue
        get = lambda c: r[col[c]] if c in col and col[c] < len(r) else "-8"  # noqa: E731
        if kind == "non":
            starts = [_date(get("StartYear"), get("StartMonth"), get("StartDay"))]
            ends = [_date(get("EndYear"), get("EndMonth"), get("EndDay"))]
            ongoing = _int(get("EndYear")) == -7
        else:
            starts = [_date(get(f"StartYear{i}"), get(f"StartMonth{i}"), get(f"StartDay{i}"))
                      for i in (1, 2)]
            ends = [_date(get(f"EndYear{i}"), get(f"EndMonth{i}"), get(f"EndDay{i}"))
                    for i in (1, 2)]
            ongoing = any(_int(get(f"EndYear{i}")) == -7 for i in (1, 2))
        starts = [s for s in starts if s]
        ends = [e for e in ends if e]
        out.append((kind, get("WarNum").strip(), get("WarName").strip(),
                    min(starts) if starts else None, max(ends) if ends else None, ongoing))
    return out


def base_name(name: str) -> str:
    """The war's name without its phase: "Vietnam War, Phase 2" -> "Vietnam War"."""
    name = re.sub(r"\s+", " ", name).strip().strip(",")
    return _PHASE.sub("", name).strip().strip(",")


def forms(name: str) -> list[str]:
    """Surface forms of a COW name: itself, and with " War" where it names no kind."""
    out = []
    words = name.lower().split()
    if not words:
        return out
    if not _KIND_WORDS.intersection(words):  # "Seven Weeks" alone names no war
        out.append(name + " War")
    else:
        out.append(name)
    return [f for f in out if f.lower() not in _GENERIC and len(f) >= 8]


def build(paths: list[str]) -> list[War]:
    wars: dict[tuple[str, str], War] = {}
    for path in paths:
        for kind, num, name, start, end, ongoing in read(path):
            if not name:
                continue
            base = base_name(name)
            war = wars.setdefault((base.lower(), kind), War(base, kind))
            war.nums.add(num)
            if start and (war.start is None or start < war.start):
                war.start = start
            if end and (war.end is None or end > war.end):
                war.end = end
            war.ongoing = war.ongoing or ongoing
    return sorted(wars.values(), key=lambda w: (w.start or (9999, 0, 0), w.name))


HEADER = """\
# Named wars and their dates, for inferring when an undated event happened ("the Crimean War"
# is 1853-1856). Built by scripts/build_named_events.py from the Correlates of War war lists:
# do not edit by hand (add hand rows to named_events.tsv instead).
#
# SOURCE: Correlates of War Project, COW War Data v4.0 (inter-state, extra-state and non-state
# wars, 1816-2007) and v4.1 (intra-state wars). Sarkees, Meredith Reid and Frank Wayman (2010).
# Resort to War: 1816-2007. Washington DC: CQ Press. https://correlatesofwar.org/data-sets/cow-war/
# Only war names and start/end dates are taken (see NOTICE.md beside this file).
#
# COLUMNS: name (COW's, phases merged) | forms (";"-separated surface forms to find in text) |
# kind | start | end (ISO, at the precision COW gives; empty end = ongoing in 2007) | cow (war
# numbers)
"""


def write(wars: list[War], out: Path) -> int:
    lines = [HEADER.rstrip("\n"), "name\tforms\tkind\tstart\tend\tcow"]
    n = 0
    for w in wars:
        f = forms(w.name)
        if not f or w.start is None:
            continue
        end = "" if w.ongoing else _iso(w.end or w.start)
        lines.append("\t".join([w.name, ";".join(f), KINDS[w.kind], _iso(w.start), end,
                                ";".join(sorted(w.nums, key=_int))]))
        n += 1
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="+", help="COW war CSV files")
    ap.add_argument("-o", "--output", default=str(OUT), help=f"output TSV (default {OUT})")
    args = ap.parse_args(argv)
    n = write(build(args.files), Path(args.output))
    print(f"wrote {n} wars to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
