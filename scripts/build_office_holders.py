#!/usr/bin/env python3
"""Rebuild detente's office-holder table (src/detente/actors/data/office_holders.tsv) from a
public dump that you download yourself; detente never fetches anything at run time.

Two dump formats are understood (--format):

wikidata  A CSV, TSV or SPARQL-JSON export of "position held" (P39) statements with their start
          (P580) and end (P582) qualifiers. Columns (CSV/TSV header, or SPARQL variables):
            personLabel    the person's name                      (required; also: person, name)
            positionLabel  the office, e.g. "Prime Minister of Japan" (required; also: position)
            iso3           ISO 3166 alpha-3 code of the state      (required; also: countryIso3,
                           country_iso3, code)
            start, end     ISO dates or datetimes ("1957-02-15T00:00:00Z"); end empty = in office
            aliases        optional, ";"- or "|"-separated other names (e.g. from skos:altLabel)
          The role is read from the office's name: foreign minister / minister of foreign or
          external affairs / secretary of state -> FM; prime minister, premier, chancellor,
          head of government, chairman of the council of ministers, president of the government
          -> HOG; everything else (president, king, queen, emperor, emir, general secretary,
          supreme leader, head of state) -> HOS.
          A query that produces it (run it yourself at https://query.wikidata.org):
            SELECT ?personLabel ?positionLabel ?iso3 ?start ?end WHERE {
              VALUES ?position { wd:Q11696 wd:Q14211 ... }   # the offices you want
              ?person p:P39 ?st . ?st ps:P39 ?position ; pq:P580 ?start .
              OPTIONAL { ?st pq:P582 ?end }  ?position wdt:P1001 ?state . ?state wdt:P298 ?iso3 .
              SERVICE wikibase:label { bd:serviceParam wikibase:language "en". } }
archigos  The Archigos leaders CSV (Goemans, Gleditsch and Chiozza): columns idacr (Correlates
          of War state abbreviation), leader, startdate, enddate. Every Archigos leader is the
          state's effective leader, written as HOS. COW abbreviations are turned into ISO codes
          by a built-in table (date-aware for RUS, GMY, YUG, DRC, MYA, CZE); pass --codes FILE (a
          CSV with columns cow,iso3) to add or override entries. Rows with an unknown
          abbreviation are skipped and counted.

Merging: rows of the dump replace the rows of --existing (default: the bundled TSV) for the same
person, code and role whose terms overlap; every other existing row (hand-added, or an office
the dump does not cover) is kept, and the aliases of an existing person are kept on the dump's
rows. Only terms ending on or after --since (default 1945-01-01) are written. The comment header
of --existing is copied to the output.

Example:
  python scripts/build_office_holders.py p39.csv --format wikidata -o office_holders.tsv
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "src" / "detente" / "actors" / "data" / "office_holders.tsv"
COLUMNS = ("name", "aliases", "code", "role", "start", "end")

# Correlates of War state abbreviations -> ISO alpha-3, for the Archigos format. A tuple lists
# (until_date, code) periods, the last one open-ended, for states whose code changed.
COW_TO_ISO: dict[str, str | tuple] = {
    "USA": "USA", "CAN": "CAN", "CUB": "CUB", "MEX": "MEX", "COL": "COL", "VEN": "VEN",
    "BRA": "BRA", "ARG": "ARG", "CHL": "CHL", "UKG": "GBR", "IRE": "IRL", "NTH": "NLD",
    "BEL": "BEL", "FRN": "FRA", "SPN": "ESP", "POR": "PRT", "GFR": "DEU", "GDR": "DDR",
    "GMY": "DEU", "POL": "POL", "AUS": "AUT", "HUN": "HUN", "CZR": "CZE", "SLO": "SVK",
    "ITA": "ITA", "GRC": "GRC", "ROM": "ROU", "RUM": "ROU", "BUL": "BGR", "UKR": "UKR",
    "BLR": "BLR", "GRG": "GEO", "SWD": "SWE", "NOR": "NOR", "DEN": "DNK", "FIN": "FIN",
    "NIG": "NGA", "ETH": "ETH", "KEN": "KEN", "SAF": "ZAF", "LIB": "LBY", "EGY": "EGY",
    "IRN": "IRN", "TUR": "TUR", "IRQ": "IRQ", "SYR": "SYR", "LEB": "LBN", "JOR": "JOR",
    "ISR": "ISR", "SAU": "SAU", "QAT": "QAT", "UAE": "ARE", "AFG": "AFG", "KZK": "KAZ",
    "CHN": "CHN", "TAW": "TWN", "ROK": "KOR", "PRK": "PRK", "JPN": "JPN", "IND": "IND",
    "PAK": "PAK", "THI": "THA", "MAL": "MYS", "PHI": "PHL", "INS": "IDN", "AUL": "AUS",
    "DRV": "VDR", "RVN": "VNM", "VTM": "VNM", "KUW": "KWT", "YEM": "YEM",
    "RUS": (("1917-11-07", "RUS"), ("1922-12-30", ""), ("1991-12-26", "SUN"), (None, "RUS")),
    "YUG": (("1992-04-27", "YUG"), ("2006-06-05", "SCG"), (None, "SRB")),
    "DRC": (("1971-10-27", "COD"), ("1997-05-17", "ZAR"), (None, "COD")),
    "ZAI": "ZAR",
    "MYA": (("1989-06-18", "BUR"), (None, "MMR")),
    "CZE": (("1993-01-01", "CSK"), (None, "CZE")),
}

_FM = re.compile(r"foreign|external affairs|secretary of state\b(?! for)", re.I)
_HOG = re.compile(r"prime minister|premier|chancellor|head of government|council of ministers|"
                  r"president of the government|chief executive", re.I)


@dataclass
class Row:
    name: str
    aliases: str
    code: str
    role: str
    start: str
    end: str

    def cells(self) -> list[str]:
        return [self.name, self.aliases, self.code, self.role, self.start, self.end]


def fold(name: str) -> str:
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[.\s]+", " ", s).strip()


def iso_date(value: str | None) -> str:
    """"1957-02-15T00:00:00Z" -> "1957-02-15"; "" stays ""; a bad value raises ValueError."""
    value = (value or "").strip()
    if not value:
        return ""
    m = re.match(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not m:
        raise ValueError(f"not an ISO date: {value!r}")
    y, mo, d = m.groups()
    if mo in (None, "00"):
        return y
    if d in (None, "00"):
        return f"{y}-{mo}"
    return f"{y}-{mo}-{d}"


def role_of(position: str) -> str:
    if _FM.search(position):
        return "FM"
    if _HOG.search(position):
        return "HOG"
    return "HOS"


def _pick(rec: dict, *names: str) -> str:
    for n in names:
        if n in rec and rec[n] not in (None, ""):
            v = rec[n]
            return v["value"] if isinstance(v, dict) else str(v)
    return ""


def _records(text: str) -> list[dict]:
    """CSV, TSV or SPARQL-JSON results -> list of dicts."""
    stripped = text.lstrip()
    if stripped.startswith("{") or stripped.startswith("["):
        data = json.loads(text)
        if isinstance(data, dict):
            return list(data.get("results", {}).get("bindings", []))
        return list(data)
    first = stripped.splitlines()[0] if stripped else ""
    delim = "\t" if first.count("\t") > first.count(",") else ","
    return list(csv.DictReader(io.StringIO(text), delimiter=delim))


def read_wikidata(text: str) -> tuple[list[Row], int]:
    rows, skipped = [], 0
    for rec in _records(text):
        name = _pick(rec, "personLabel", "person", "name")
        position = _pick(rec, "positionLabel", "position")
        code = _pick(rec, "iso3", "countryIso3", "country_iso3", "code").upper()
        if not name or not position or not re.fullmatch(r"[A-Z]{3}", code):
            skipped += 1
            continue
        try:
            start, end = iso_date(_pick(rec, "start")), iso_date(_pick(rec, "end"))
        except ValueError:
            skipped += 1
            continue
        aliases = ";".join(a.strip() for a in re.split(r"[;|]", _pick(rec, "aliases")) if a.strip())
        rows.append(Row(name, aliases, code, role_of(position), start, end))
    return rows, skipped


def cow_periods(cow: str, start: str, end: str, table: dict) -> list[tuple[str, str, str]]:
    """(start, end, iso3) pieces of one term: a term that spans a change of code is split."""
    entry = table.get(cow.upper())
    if entry is None:
        return []
    if isinstance(entry, str):
        return [(start, end, entry)] if entry else []
    pieces, lo = [], ""
    for until, code in entry:
        a = max(start, lo) if start else lo
        b = end if until is None else (min(end, until) if end else until)
        if code and (not b or not a or a < b or (a == b == start)):
            if not (end and lo and end < lo) and not (until and start and start >= until):
                pieces.append((a, b, code))
        lo = until or lo
        if until is None:
            break
    return pieces


def read_archigos(text: str, table: dict) -> tuple[list[Row], int]:
    rows, skipped = [], 0
    for rec in _records(text):
        name = _pick(rec, "leader")
        try:
            start, end = iso_date(_pick(rec, "startdate")), iso_date(_pick(rec, "enddate"))
        except ValueError:
            skipped += 1
            continue
        pieces = cow_periods(_pick(rec, "idacr"), start, end, table)
        if not name or not pieces:
            skipped += 1
            continue
        rows.extend(Row(name, "", code, "HOS", a, b) for a, b, code in pieces)
    return rows, skipped


def read_existing(path: Path) -> tuple[list[str], list[Row]]:
    header, rows = [], []
    lines = path.read_text(encoding="utf-8").splitlines()
    body = []
    for ln in lines:
        if ln.startswith("#") and not body:
            header.append(ln)
        elif ln.strip() and not ln.startswith("#"):
            body.append(ln)
    reader = csv.reader(body, delimiter="\t", quoting=csv.QUOTE_NONE)
    cols = next(reader, None)
    if cols is None or [c.strip() for c in cols] != list(COLUMNS):
        raise SystemExit(f"{path}: expected the columns {COLUMNS} in the first non-comment line")
    for cells in reader:
        cells += [""] * (6 - len(cells))
        rows.append(Row(*[c.strip() for c in cells[:6]]))
    return header, rows


def _overlap(a: Row, b: Row) -> bool:
    a0, a1 = a.start or "0000", a.end or "9999"
    b0, b1 = b.start or "0000", b.end or "9999"
    return a0 <= b1[:len(a0)] and b0 <= a1[:len(b0)]


def _forms(r: Row) -> set[str]:
    forms = {fold(r.name)}
    forms |= {fold(a.lstrip("=")) for a in r.aliases.split(";") if a.strip()}
    words = fold(re.sub(r"\(.*?\)", "", r.name)).split()
    if words:
        forms.add(words[-1])
    return forms


def _union_aliases(first: str, second: str) -> str:
    have = [a for a in first.split(";") if a.strip()]
    seen = {fold(a.lstrip("=")) for a in have}
    for a in second.split(";"):
        if a.strip() and fold(a) not in seen:
            have.append(a.strip())
            seen.add(fold(a))
    return ";".join(have)


def merge(existing: list[Row], dump: list[Row], since: str) -> list[Row]:
    """Dump rows give the terms; existing rows of the same person (name, alias or surname),
    code and role whose terms overlap are replaced, keeping their fuller name and aliases.
    Existing rows that no dump row replaces are kept as they are."""
    replaced: set[int] = set()
    out: list[Row] = []
    for d in dump:
        if d.end and d.end < since:
            continue
        dname = fold(d.name)
        same = [i for i, e in enumerate(existing)
                if e.code == d.code and e.role == d.role and _overlap(e, d)
                and (dname in _forms(e) or fold(e.name) in {dname} | _forms(d))]
        if same:
            e = existing[same[0]]
            replaced.update(same)
            extra = "" if fold(d.name) == fold(e.name) else d.name
            aliases = _union_aliases(_union_aliases(e.aliases, d.aliases), extra)
            out.append(Row(e.name, aliases, d.code, d.role, d.start, d.end))
            continue
        person = next((e for e in existing if e.code == d.code and dname in _forms(e)), None)
        if person is not None and fold(person.name) == dname:
            d.aliases = _union_aliases(person.aliases, d.aliases)
        out.append(d)
    out.extend(e for i, e in enumerate(existing) if i not in replaced)
    out.sort(key=lambda r: (r.code, r.role, r.start, r.name))
    return out


def write(rows: list[Row], header: list[str], fh) -> None:
    for ln in header:
        fh.write(ln + "\n")
    fh.write("\t".join(COLUMNS) + "\n")
    for r in rows:
        cells = [c.replace("\t", " ").replace("\n", " ") for c in r.cells()]
        fh.write("\t".join(cells) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="build_office_holders.py",
        description=__doc__.split("\n\n")[0],
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dump", help="the dump file you downloaded (CSV, TSV or SPARQL JSON)")
    ap.add_argument("--format", choices=("wikidata", "archigos"), default="wikidata")
    ap.add_argument("--existing", default=str(BUNDLED),
                    help="the current table, whose rows the dump lacks are kept (default: bundled)")
    ap.add_argument("--codes", help="CSV with columns cow,iso3 adding to the Archigos code table")
    ap.add_argument("--since", default="1945-01-01", help="drop terms that ended before this date")
    ap.add_argument("-o", "--output", default="-", help="output TSV (default: standard output)")
    args = ap.parse_args(argv)

    dump_path = Path(args.dump)
    if not dump_path.is_file():
        print(f"error: no such dump file: {dump_path}", file=sys.stderr)
        return 2
    text = dump_path.read_text(encoding="utf-8-sig")
    if args.format == "wikidata":
        dump, skipped = read_wikidata(text)
    else:
        table = dict(COW_TO_ISO)
        if args.codes:
            for rec in csv.DictReader(open(args.codes, encoding="utf-8")):
                table[rec["cow"].strip().upper()] = rec["iso3"].strip().upper()
        dump, skipped = read_archigos(text, table)
    existing_path = Path(args.existing)
    header, existing = read_existing(existing_path) if existing_path.is_file() else ([], [])
    rows = merge(existing, dump, args.since)
    if args.output == "-":
        write(rows, header, sys.stdout)
    else:
        with open(args.output, "w", encoding="utf-8", newline="") as fh:
            write(rows, header, fh)
    kept = sum(1 for r in rows if r in existing)
    print(f"dump rows read: {len(dump)}, skipped: {skipped}; existing rows kept: {kept}; "
          f"written: {len(rows)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
