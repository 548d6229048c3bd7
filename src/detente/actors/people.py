"""Office holders: "Gromyko" in 1972 is the Soviet government, "Bush" in 2003 the American one.

The data is ``data/office_holders.tsv`` (heads of state, heads of government and foreign
ministers since 1945 with their terms; its header says where it comes from and how to update
it), plus any user TSVs in the same format. Every office holder is an actor of sector ``GOV``.

Resolution rule (:meth:`PeopleIndex.resolve`), decided so that a name never yields a state the
text does not support:

1. The surface form is looked up with accents, case, dots and a possessive folded away
   ("Gromyko's" = "gromyko", "George H.W. Bush" = "George H. W. Bush"); leading titles and
   demonyms ("Soviet Foreign Minister Andrei Gromyko") are dropped until a known form remains.
2. With a date: the holders *in office* at that date (term overlaps the date, at the date's
   precision) win. If they all belong to one state, that state is the answer (the highest
   office first: HOS, HOG, FM); if they belong to several ("Kim" in 2000: Kim Dae-jung and
   Kim Jong-il) the answer is ``None``.
3. Nobody in office at the date: if every candidate row has the same state, that state (the
   row nearest in time); if every row is the same person, that person's row nearest in time
   ("Shevardnadze" in 1980 -> his Soviet post, in 1999 -> Georgia). A bare surname must then
   fall within 20 years of one of the person's terms (so "Wilson" in 1918 is not Harold
   Wilson); a full name has no such limit. Otherwise ``None``.
4. Without a date: one state among the candidates -> that state; one person with several states
   (Mobutu: COD then ZAR) -> the longest-held row; else ``None``.
"""

from __future__ import annotations

import calendar
import csv
import re
import unicodedata
from dataclasses import dataclass
from datetime import date as _date
from pathlib import Path
from typing import Iterable, Iterator

__all__ = ["Person", "PeopleIndex", "normalize", "DATA_FILE", "COLUMNS"]

COLUMNS = ("name", "aliases", "code", "role", "start", "end")
ROLES = ("HOS", "HOG", "FM")
_ROLE_RANK = {r: i for i, r in enumerate(ROLES)}
#: how far from a term a bare surname may still name that person (rule 3)
SURNAME_SLACK_YEARS = 20

#: East Asian names are written family name first: the derived surname is the first word
_FAMILY_FIRST = {"CHN", "TWN", "KOR", "PRK", "VNM", "VDR"}

# Titles and demonyms that may precede a name in a matched span; dropped one word at a time.
_TITLE_WORDS = set("""
president vice prime minister foreign secretary of state chancellor premier king queen emperor
sheikh shaikh prince crown chairman general gen gen. marshal field colonel col mr mrs ms dr sir
lord lady ayatollah mullah supreme leader former late then acting interim de facto the his her
their its minister's defense defence soviet russian american u.s. us british french chinese
japanese german west east italian canadian australian indian brazilian mexican argentine
argentinian south north korean indonesian turkish saudi iranian iraqi israeli egyptian syrian
jordanian lebanese pakistani afghan venezuelan cuban colombian chilean nigerian ethiopian
kenyan congolese zairean vietnamese thai philippine filipino malaysian ukrainian polish spanish
dutch belgian swedish norwegian greek yugoslav serbian czechoslovak czech hungarian romanian
libyan taiwanese qatari emirati belarusian kazakh georgian burmese myanmar palestinian secretary-general
""".split())

DATA_FILE = "office_holders.tsv"


@dataclass(frozen=True)
class Person:
    """One office holder in one role and term (a person with two terms has two rows)."""

    name: str
    code: str
    role: str
    start: str | None
    end: str | None

    @property
    def sector(self) -> str:
        """Heads of state and government and foreign ministers all act for the government."""
        return "GOV"


def normalize(surface: str) -> str:
    """The lookup key of a surface form: no accents, lowercase, dots and spaces collapsed."""
    s = unicodedata.normalize("NFKD", surface)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("’", "'").replace("‘", "'").replace("`", "'")
    s = s.replace("đ", "d").replace("Đ", "D").replace("ı", "i").replace("ł", "l").replace("Ł", "L")
    s = s.replace("ø", "o").replace("Ø", "O").replace("å", "a")
    s = s.lower()
    s = re.sub(r"'s$", "", s.strip())
    s = re.sub(r"[.\s]+", " ", s)
    return s.strip(" ,;:")


def _bounds(value: str | None, upper: bool) -> _date | None:
    """First (or last) day of a YYYY / YYYY-MM / YYYY-MM-DD value."""
    if not value:
        return None
    m = re.match(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", value.strip())
    if not m:
        return None
    y = int(m.group(1))
    mo = int(m.group(2)) if m.group(2) else None
    d = int(m.group(3)) if m.group(3) else None
    try:
        if d and mo:
            return _date(y, mo, d)
        if mo:
            return _date(y, mo, calendar.monthrange(y, mo)[1] if upper else 1)
        return _date(y, 12, 31) if upper else _date(y, 1, 1)
    except ValueError:
        return None


@dataclass
class _Row:
    person: Person
    lo: _date
    hi: _date  # open terms end today
    key: str  # normalised name: the person's identity


class PeopleIndex:
    """Office holders by surface form; see the module docstring for the resolution rule."""

    def __init__(self, persons: Iterable[tuple[Person, list[str]]]):
        self._rows: list[_Row] = []
        self._forms: dict[str, list[int]] = {}
        self._display: dict[str, None] = {}  # every surface form as written, in order
        self._full: set[str] = set()  # keys that are more than a bare surname
        today = _date.today()
        for person, forms in persons:
            lo = _bounds(person.start, upper=False) or _date(1000, 1, 1)
            hi = _bounds(person.end, upper=True) or today
            idx = len(self._rows)
            self._rows.append(_Row(person, lo, hi, normalize(person.name)))
            for form in forms:
                key = normalize(form)
                if not key:
                    continue
                ids = self._forms.setdefault(key, [])
                if idx not in ids:
                    ids.append(idx)
                self._display.setdefault(form.strip(), None)
                if len(key.split()) > 1:
                    self._full.add(key)

    # -- loading ------------------------------------------------------------------------------

    @classmethod
    def load(cls, extra_paths: Iterable[str | Path] = ()) -> "PeopleIndex":
        """The bundled TSV plus user TSVs in the same format (later files add rows)."""
        bundled = Path(__file__).resolve().parent / "data" / DATA_FILE
        entries = list(read_tsv(bundled.read_text(encoding="utf-8"), source=DATA_FILE))
        for p in extra_paths:
            path = Path(p)
            entries.extend(read_tsv(path.read_text(encoding="utf-8"), source=str(path)))
        return cls(entries)

    # -- queries -------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._rows)

    def surface_forms(self) -> Iterator[str]:
        """Every full name and alias once, as written in the data (for a PhraseMatcher): both
        "Chávez" and "Chavez", since a matcher compares the text as it is."""
        yield from self._display

    def codes(self) -> set[str]:
        return {r.person.code for r in self._rows}

    def candidates(self, surface: str) -> list[Person]:
        key = self._key(surface)
        return [self._rows[i].person for i in self._forms.get(key, [])] if key else []

    def _key(self, surface: str) -> str | None:
        key = normalize(surface)
        if key in self._forms:
            return key
        words = key.split()
        while len(words) > 1 and words[0] in _TITLE_WORDS:
            words = words[1:]
            k = " ".join(words)
            if k in self._forms:
                return k
        return None

    def resolve(self, surface: str, date: str | None) -> Person | None:
        """The office holder named by ``surface`` at ``date`` (ISO, any precision), or None."""
        key = self._key(surface)
        if key is None:
            return None
        rows = [self._rows[i] for i in self._forms[key]]
        lo, hi = _bounds(date, upper=False), _bounds(date, upper=True)
        if lo is None or hi is None:
            return self._undated(rows)
        in_office = [r for r in rows if r.lo <= hi and r.hi >= lo]
        if in_office:
            if len({r.person.code for r in in_office}) > 1:
                return None
            return min(in_office, key=lambda r: (_ROLE_RANK.get(r.person.role, 9), r.lo)).person
        codes = {r.person.code for r in rows}
        people = {r.key for r in rows}
        if len(codes) > 1 and len(people) > 1:
            return None
        if len(people) > 1 and len(codes) == 1:
            pass  # several people, one state: the state is clear
        nearest = min(rows, key=lambda r: self._distance(r, lo, hi))
        if key not in self._full and len(people) == 1:
            if self._distance(nearest, lo, hi) > SURNAME_SLACK_YEARS * 366:
                return None
        return nearest.person

    @staticmethod
    def _distance(row: _Row, lo: _date, hi: _date) -> int:
        if row.hi < lo:
            return (lo - row.hi).days
        if row.lo > hi:
            return (row.lo - hi).days
        return 0

    @staticmethod
    def _undated(rows: list[_Row]) -> Person | None:
        codes = {r.person.code for r in rows}
        people = {r.key for r in rows}
        if len(codes) == 1 or len(people) == 1:
            return max(rows, key=lambda r: ((r.hi - r.lo).days, -_ROLE_RANK.get(r.person.role, 9))).person
        return None


#: particles that belong to the surname: "de Gaulle", "Van Rompuy", "De Croo", "de la Madrid"
_PARTICLES = {"de", "da", "do", "dos", "das", "van", "von", "der", "den", "di", "del", "della",
              "la", "le", "du", "des", "ten", "ter"}
#: Spanish and Portuguese names of three words or more carry two surnames ("López Mateos"):
#: the table lists the usual form in aliases instead of guessing
_IBERIAN = {"ESP", "PRT", "MEX", "ARG", "COL", "CHL", "VEN", "CUB", "BRA", "PER", "BOL", "ECU",
            "URY", "PRY", "GTM", "HND", "NIC", "SLV", "CRI", "PAN", "DOM"}


def derived_surname(name: str, code: str) -> str | None:
    """The surname a text uses alone for this person, or None when it cannot be told."""
    words = name.split()
    while words and re.fullmatch(r"(?:[IVX]+|Jr\.?|Sr\.?)", words[-1]):
        words = words[:-1]
    if len(words) < 2:
        return None
    if code in _FAMILY_FIRST:
        return words[0]
    for i, w in enumerate(words[1:], start=1):
        if w.lower() in _PARTICLES:
            return " ".join(words[i:])
    if code in _IBERIAN and len(words) > 2:
        return None
    return words[-1]


def derived_forms(name: str, aliases: str, code: str) -> list[str]:
    """The surface forms of one row: see the header of office_holders.tsv."""
    cells = [a.strip() for a in aliases.split(";")] if aliases else []
    if cells and cells[0].startswith("="):
        cells[0] = cells[0][1:].strip()
        forms = [c for c in cells if c]
        return forms
    forms = [name] + [c for c in cells if c]
    base = re.sub(r"\s*\(.*?\)\s*", " ", name).strip()
    surname = derived_surname(base, code)
    if surname:
        forms.append(surname)
    if base != name:
        forms.append(base)
    return forms


def read_tsv(text: str, source: str = "<tsv>") -> Iterator[tuple[Person, list[str]]]:
    """Rows of an office-holder TSV; ``#`` lines are comments. Bad rows raise ValueError."""
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines:
        return
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = [h.strip() for h in next(reader)]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ValueError(f"{source}: header lacks columns {missing} (expected {COLUMNS})")
    pos = {c: header.index(c) for c in COLUMNS}
    for n, cells in enumerate(reader, start=2):
        cells += [""] * (len(header) - len(cells))
        get = {c: cells[pos[c]].strip() for c in COLUMNS}
        if not get["name"] or not get["code"]:
            raise ValueError(f"{source}: row {n} has no name or code: {cells!r}")
        if get["role"] not in ROLES:
            raise ValueError(f"{source}: row {n} role {get['role']!r} is not one of {ROLES}")
        for col in ("start", "end"):
            if get[col] and _bounds(get[col], upper=False) is None:
                raise ValueError(f"{source}: row {n} {col} {get[col]!r} is not an ISO date")
        person = Person(get["name"], get["code"].upper(), get["role"], get["start"] or None,
                        get["end"] or None)
        yield person, derived_forms(get["name"], get["aliases"], person.code)
