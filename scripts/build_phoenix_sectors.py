#!/usr/bin/env python3
"""Convert PETRARCH-2's agent dictionary (Phoenix.agents.txt) into a generated sector-word file.

Source: github.com/openeventdata/petrarch2, commit 676801cd, MIT (see the NOTICE written beside
the output). Writes src/detente/actors/data/generated/sectors_phoenix.yaml in the format of the
hand file sectors.yaml (sector code -> words). The resolver reads the hand file first; a word
listed there keeps its hand sector (the hand file wins on conflict).

Conversion and filters (measured: README, "Dictionaries from PETRARCH-2"):
* ``!PERSON!`` and ``!MINIST!`` substitution markers are expanded; regular plurals are added
  ("farmer" -> "farmers", "-y" -> "-ies", "-ss" -> "-sses") unless ``{}`` or an explicit plural
  is given.
* the sector is the first role code after ``~`` ("~GOVMED" -> GOV); CAMEO's religion codes
  (MUS, CHR, JEW, HIN, BUD, ...) become REL; HLH, ENV, DEV, HRI and other issue codes, and
  organisation suffixes ("NGO~"), are dropped.
* civilian vehicles listed as business or civilian agents ("oil tanker", "airliner", "cargo
  ship") are dropped: in a sentence they are what is seized or hit, not who acts, and as
  entities of no country the coder would make them the actor's compatriots.
* emergency-service workers ("firefighters", "rescue workers", "paramedics") listed as GOV
  are dropped: they are no government acting in a political event.
* entries of one letter or one short word under four letters ("MAN", "MEN") are dropped: alone
  they are no sector of a state; so are entries starting with the article "a".

Usage:
  python scripts/build_phoenix_sectors.py [--source FILE] [--out FILE]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from phoenix_format import COMMIT  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "reference" / "petrarch2" / "Phoenix.agents.txt"
DEFAULT_OUT = ROOT / "src" / "detente" / "actors" / "data" / "generated" / "sectors_phoenix.yaml"
RELIGION = {"MUS", "CHR", "JEW", "HIN", "BUD", "CTH", "REL", "SHI", "SUN", "SIK", "JAN", "TAO",
            "ZRO", "ATH", "BAH", "CON", "DOX", "ITR", "MOS", "PRO", "ALE", "DRZ", "HSD", "JHW",
            "KHR", "SHN"}
#: civilian vehicles the agents file lists as business or civilian "agents"
VEHICLES = {"tanker", "supertanker", "ship", "vessel", "freighter", "airliner", "jet", "jumbojet",
            "containership", "plane", "aircraft", "ferry", "boat", "truck", "bus", "car", "train"}
#: emergency-service workers the agents file lists as government: they put out fires and
#: rescue people; they do not act for the state in its relations
SERVICES = {"firefighter", "fire fighter", "fireman", "firemen", "rescuer", "rescue worker",
            "paramedic", "ambulance worker", "emergency worker", "lifeguard"}
KEEP = {"GOV", "MIL", "COP", "REB", "OPP", "LEG", "JUD", "BUS", "CVL", "MED", "EDU", "REF", "PTY",
        "LAB", "REL", "SPY", "UAF", "AGR", "CRM", "ELI"}


def plural(word: str) -> str | None:
    """The regular plural, or None for a word that is plural or invariable already."""
    if word.endswith(("s", "men", "people", "ren", "police", "ed", "ing", "staff", "personnel")):
        return None
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith("ss") or word.endswith("sh") or word.endswith("ch") or word.endswith("x"):
        return word + "es"
    return word + "s"


def read_agents(text: str) -> dict[str, str]:
    """word (lower case) -> sector, in file order (the first entry of a word wins)."""
    subs: dict[str, list[str]] = {}
    out: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("<"):
            continue
        m = re.match(r"^!(\w+)!\s*=\s*(.+)$", line)
        if m:
            subs[m.group(1)] = [w.strip().lower() for w in m.group(2).split(",") if w.strip()]
            continue
        m = re.match(r"^(.*?)\s*(\{[^}]*\})?\s*\[([^\]]*)[\]}]", line)
        if not m:
            continue
        phrase, plurals, code = m.group(1).strip(), m.group(2), m.group(3).strip()
        if not code.startswith("~"):
            continue  # "NGO~": an organisation, not a sector of a state
        role = code[1:4]
        sector = "REL" if role in RELIGION else role
        if sector not in KEEP:
            continue
        bases = [phrase]
        mm = re.search(r"!(\w+)!", phrase)
        if mm:
            bases = [phrase.replace(mm.group(0), s.upper()) for s in subs.get(mm.group(1), [])]
            plurals = "{}"  # the substitutions list every form
        forms: list[str] = []
        for b in bases:
            w = " ".join(b.replace("_", " ").lower().split())
            if not w:
                continue
            forms.append(w)
            if plurals is None:
                if plural(w):
                    forms.append(plural(w))
            elif plurals.strip("{} "):
                forms += [" ".join(p.replace("_", " ").lower().split())
                          for p in plurals.strip("{}").split()]
        for f in forms:
            if sector in ("BUS", "CVL") and re.sub(r"s$", "", f.split()[-1]) in VEHICLES:
                continue
            if f in SERVICES or re.sub(r"s$", "", f) in SERVICES:
                continue
            if len(f) < 4 or not re.fullmatch(r"[a-z][a-z .'-]*", f) or f.startswith("a "):
                continue
            out.setdefault(f, sector)
    return out


def build(source: Path, out: Path) -> int:
    words = read_agents(source.read_text("utf-8", "replace"))
    by_sector: dict[str, list[str]] = {}
    for w, s in words.items():
        by_sector.setdefault(s, []).append(w)
    lines = ["# GENERATED by scripts/build_phoenix_sectors.py from PETRARCH-2 Phoenix.agents.txt",
             f"# (openeventdata/petrarch2 commit {COMMIT}, MIT: see NOTICE). Do not edit: rebuild.",
             "# Same format as ../sectors.yaml, which is read first and wins on conflict."]
    for s in sorted(by_sector):
        items = ", ".join('"' + w.replace('"', "") + '"' for w in sorted(by_sector[s]))
        lines.append(f"{s}: [{items}]")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(words)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    print(f"sector words: {build(args.source, args.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
