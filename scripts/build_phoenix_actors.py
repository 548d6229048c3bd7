#!/usr/bin/env python3
"""Convert PETRARCH-2's actor dictionaries into detente's generated actor tables.

Source: github.com/openeventdata/petrarch2, commit 676801cd, MIT licence (a copy of the files is
expected in ../shared/reference/petrarch2; pass --source DIR otherwise). Writes, under
src/detente/actors/data/generated/ (never a hand-written file: a rebuild overwrites only these):

phoenix_people.tsv   from Phoenix.Countries.actors.txt: named people and offices with their
                     country, sector and date ranges, in the office-holder TSV format
                     (people.py) with role ``OTH`` and an extra ``sector`` column. One row per
                     date restriction; a restriction without dates (the dictionary's default)
                     is a row without dates, which the resolver uses only when no dated row
                     applies. The hand table office_holders.tsv is read first and wins.
phoenix_groups.tsv   from Phoenix.International.actors.txt and Phoenix.MilNonState.actors.txt:
                     IGOs, NGOs, armed and non-state groups: the fields of groups.yaml entries
                     as TSV columns (one row per date restriction, valid_to exclusive). The
                     gazetteer reads it after igos.yaml, groups.yaml and states.yaml, so hand
                     entries win for a shared name.
NOTICE               the source, commit and MIT notice.

Filters (each measured, see the README section "Dictionaries from PETRARCH-2"):
* country blocks (a bare three-letter code such as ``AFGHANISTAN_ [AFG]``, with its spellings,
  cities and provinces) are skipped: states.yaml covers states, and a city is a place, not an
  actor, in most sentences.
* codes detente does not know (not in states.yaml, nor IGO/NGO/IMG/MNC) are dropped; CAMEO's
  USR, TMP, FRY, KSV become SUN, TLS, SCG, XKX; CAMEO role codes become PLOVER sectors
  (HLH, ENV, DEV and other issue codes -> no sector).
* a one-word form whose lower case is an ordinary English word (wordfreq Zipf frequency >= 3.5:
  "Straw", "Powell", "Major", "Brown") is dropped; the full names stay. An agency's
  abbreviation (a short form of an undated block, kept in capitals: "FBI", "CIA", "NASA") stays
  even when it is frequent. Forms shorter than three
  letters, and forms that are a title without a name ("AMERICAN VICE PRESIDENT") are kept only
  when they have two words or more.
* no surname is derived (every aliases cell starts with "="): the dictionary lists the forms it
  means, and 18,000 derived surnames collide with words and with each other.
* IGO/NGO entries whose name is a sector word alone are skipped (they belong to agents).

Usage:
  python scripts/build_phoenix_actors.py [--source DIR] [--out DIR] [--limit N]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from phoenix_format import (CAMEO_TO_ISO, COMMIT, MIT_LICENSE, ActorBlock,  # noqa: E402
                            display, read_actor_blocks, split_code)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "reference" / "petrarch2"
DEFAULT_OUT = ROOT / "src" / "detente" / "actors" / "data" / "generated"
GROUP_COLUMNS = ("code", "name", "names", "sector", "valid_from", "valid_to")
NONSTATE = {"IGO", "NGO", "IMG", "MNC"}
#: one-word forms at least this frequent in English (wordfreq Zipf scale) are common words
COMMON_ZIPF = 3.5

NOTICE = f"""Generated actor tables, built by scripts/build_phoenix_actors.py from PETRARCH-2's
dictionaries (Phoenix.Countries.actors.txt, Phoenix.International.actors.txt,
Phoenix.MilNonState.actors.txt; https://github.com/openeventdata/petrarch2, commit {COMMIT}).
Do not edit by hand: rebuild instead. Hand-written tables (../office_holders.tsv,
../groups.yaml, ../igos.yaml) take priority over these.

The source dictionaries are distributed under the MIT License:

{MIT_LICENSE}"""


def known_codes() -> set[str]:
    states = yaml.safe_load((ROOT / "src/detente/actors/data/states.yaml").read_text("utf-8"))
    return {e["code"] for e in states}


def _common(word: str) -> bool:
    from wordfreq import zipf_frequency  # a dependency of detente: the output depends on it

    return zipf_frequency(word.lower(), "en") >= COMMON_ZIPF


def keep_form(form: str, institution: bool = False) -> bool:
    """The form filter of the module docstring. An ``institution`` (a block of the country
    dictionary without dates: an agency, not a person) keeps its abbreviations even when they
    are frequent words ("FBI", "CIA", "NASA"): a short form the table keeps in capitals."""
    words = form.split()
    if not words or len(form.replace(" ", "")) < 3:
        return False
    if len(words) == 1 and _common(form):
        return institution and display(form).isupper()
    return True


def is_institution(block: ActorBlock) -> bool:
    """A block whose every restriction is undated: an office or agency, not a person's career."""
    return bool(block.restrictions) and all(r.start is None and r.end is None
                                            for r in block.restrictions)


def country_of(code: str, codes: set[str]) -> tuple[str, str | None] | None:
    country, sector = split_code(code)
    country = CAMEO_TO_ISO.get(country, country)
    if country not in codes and country not in NONSTATE:
        return None
    return country, sector


def is_country_block(block: ActorBlock) -> bool:
    return bool(block.restrictions) and all(len(r.code) == 3 for r in block.restrictions) and \
        any(r.start is None and r.end is None for r in block.restrictions) and \
        len({r.code for r in block.restrictions}) == 1


def people_rows(blocks: list[ActorBlock], codes: set[str], surnames: bool = False
                ) -> list[list[str]]:
    rows = []
    for b in blocks:
        if is_country_block(b):
            continue
        forms = [display(f) for f in b.forms if keep_form(f, is_institution(b))]
        forms = list(dict.fromkeys(forms))
        if not forms:
            continue
        if surnames:
            last = forms[0].split()[-1]
            if len(forms[0].split()) > 1 and len(last) >= 4 and keep_form(last) and \
                    last not in forms:
                forms.append(last)
        name, aliases = forms[0], "=" + ";".join(forms)
        for country, sector, r in _restrictions(b, codes):
            if country in NONSTATE:
                continue
            rows.append([name, aliases, country, "OTH", r.start or "", r.end or "",
                         sector or ""])
    return rows


def group_entries(blocks: list[ActorBlock], codes: set[str]) -> list[dict]:
    out = []
    for b in blocks:
        forms = [display(f) for f in b.forms if keep_form(f)]
        forms = list(dict.fromkeys(forms))
        if not forms or is_country_block(b):
            continue
        for country, sector, r in _restrictions(b, codes):
            e: dict = {"code": country, "name": forms[0], "names": forms}
            if sector and country not in NONSTATE:
                e["sector"] = sector
            if r.start:
                e["valid_from"] = r.start
            if r.end:
                e["valid_to"] = _next_day(r.end)
            out.append(e)
    return out


def _restrictions(b: ActorBlock, codes: set[str]):
    """(country, sector, restriction) for each of the block's restrictions whose code detente
    knows, once per country, sector and period (the dictionaries repeat some)."""
    seen = set()
    for r in b.restrictions:
        got = country_of(r.code, codes)
        if got is None:
            continue
        country, sector = got
        key = (country, sector, r.start, r.end)
        if key in seen:
            continue
        seen.add(key)
        yield country, sector, r


def _next_day(iso: str) -> str:
    import datetime as dt
    return (dt.date.fromisoformat(iso) + dt.timedelta(days=1)).isoformat()


PEOPLE_HEADER = f"""# GENERATED by scripts/build_phoenix_actors.py from PETRARCH-2 Phoenix.Countries.actors.txt
# (openeventdata/petrarch2 commit {COMMIT}, MIT: see NOTICE). Do not edit: rebuild. Hand rows
# belong in ../office_holders.tsv, which is read first and wins.
# Columns as office_holders.tsv, role OTH (any office, or none), plus sector (PLOVER sector of
# that period; empty = none). A row with no dates is the dictionary's default for the person.
"""


def write_people(rows: list[list[str]], path: Path) -> None:
    lines = [PEOPLE_HEADER.rstrip("\n"),
             "\t".join(("name", "aliases", "code", "role", "start", "end", "sector"))]
    lines += ["\t".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_groups(entries: list[dict], path: Path) -> None:
    lines = ["# GENERATED by scripts/build_phoenix_actors.py from PETRARCH-2",
             "# Phoenix.International.actors.txt and Phoenix.MilNonState.actors.txt",
             f"# (openeventdata/petrarch2 commit {COMMIT}, MIT: see NOTICE). Do not edit: rebuild.",
             "# The fields of a groups.yaml entry as columns (names ;-separated, valid_to",
             "# exclusive); read after igos.yaml, groups.yaml and states.yaml.",
             "\t".join(GROUP_COLUMNS)]
    for e in entries:
        cells = [";".join(e[c]) if c == "names" else str(e.get(c) or "") for c in GROUP_COLUMNS]
        lines.append("\t".join(cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def build(source: Path, out: Path, limit: int | None = None, surnames: bool = False
          ) -> dict[str, int]:
    codes = known_codes()
    out.mkdir(parents=True, exist_ok=True)
    countries = read_actor_blocks((source / "Phoenix.Countries.actors.txt").read_text("utf-8",
                                                                                     "replace"))
    groups = []
    for fname in ("Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt"):
        groups += read_actor_blocks((source / fname).read_text("utf-8", "replace"))
    if limit:
        countries, groups = countries[:limit], groups[:limit]
    rows = people_rows(countries, codes, surnames)
    entries = group_entries(groups, codes)
    write_people(rows, out / "phoenix_people.tsv")
    write_groups(entries, out / "phoenix_groups.tsv")
    (out / "NOTICE").write_text(NOTICE, encoding="utf-8")
    return {"people_rows": len(rows), "group_entries": len(entries)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--limit", type=int, default=None, help="first N blocks of each file (tests)")
    ap.add_argument("--surnames", action="store_true",
                    help="also list each person's last name alone (measured: see the README)")
    args = ap.parse_args(argv)
    counts = build(args.source, args.out, args.limit, args.surnames)
    print(", ".join(f"{k}: {v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
