"""Which actor code is this surface form, at this date?

The gazetteer answers one question for the actor resolver: given the text of a span that a phrase
matcher found ("Moscow", "U.S.", "Japan", "the Warsaw Pact") and the event or document date, which
state, organisation or named actor does it stand for. The knowledge lives in YAML files next to
this module (``data/states.yaml``, ``data/igos.yaml``, ``data/groups.yaml``,
``data/bodies.yaml`` for domestic parties and agencies, ``data/peoples.yaml`` for peoples and
faiths of no one state, ``data/not_actors.yaml``) and in user
dictionaries; this module only reads, checks and indexes them.

Matching rules
--------------
* Case is ignored, except for forms written entirely in capitals ("US", "UK", "UN", "EU", "AU",
  "WHO", "NATO", "G7"): those match only when the text is in capitals too, because "us", "who"
  and "un" are English words. A mixed-case variant that is safe ("Nato", "Opec") is listed
  explicitly in the data.
* Dots and commas are ignored ("U.S." = "US", "Washington, D.C." = "Washington DC"), as are
  accents ("Zaïre" = "Zaire"), hyphens ("Guinea-Bissau" = "Guinea Bissau"), a leading "the"
  ("the Netherlands") and a trailing possessive ("Japan's", "Brussels'"; spaCy splits "'s" off
  anyway, but callers may pass either).
* ``date`` may be "YYYY", "YYYY-MM", "YYYY-MM-DD", a ``datetime.date``, or None. A partial date
  stands for the middle of its period (1991 -> 1991-07-02), so a year in which a state ended
  resolves to whichever state held most of it. A date that cannot be read counts as no date:
  the caller's input is never rejected here for a bad date.

Resolution among entries that share a form
------------------------------------------
Candidates are ordered by priority: user dictionaries first (in the order given, each in file
order), then ``igos.yaml``, ``groups.yaml``, ``bodies.yaml`` and ``states.yaml``, each in file
order. Then (unless the caller names codes the context prefers, see :meth:`Gazetteer.resolve`):

1. the first candidate valid at the date (valid_from <= date < valid_to);
2. with no date, or none valid at it: the only candidate, if there is one entry with the form
   ("Soviet" is SUN even in a 2005 text);
3. else the first candidate valid today (the current state: "Moscow" with no date is RUS);
4. else the first candidate.

A form listed in ``not_actors.yaml`` ("Latin America", "Indian Ocean") resolves to None unless a
user dictionary lists it; :meth:`Gazetteer.is_blocked` tells the caller so that a shorter match
inside it ("America") is not taken either.

User dictionaries
-----------------
A user file is YAML with up to five top keys::

    states: [...]       # same fields as states.yaml; an existing code extends that entry
    igos: [...]         # same fields as igos.yaml
    actors:             # anything else: rebel groups, parties, companies, people
      - names: [Hezbollah, Hizbollah]
        code: LBN
        sector: REB
    not_actors: [...]   # phrases that must never resolve
    places: [...]       # event locations; read by detente.locate, not here
    places: [...]       # event locations, read by detente.locate (see there)

A user ``states`` entry whose code already exists adds its forms to the bundled entry (if several
bundled entries share the code, the one with the same ``name``, else the one valid today) and
replaces the scalar fields it gives (name, dates, successors); its forms also take user priority.
Any mistake (unknown key, missing code, a string where a list belongs, dates out of order) raises
``ValueError`` naming the file and the entry, at load time.

Loading is cached per process: parsed files by path, modification time and size; whole
gazetteers by their list of user files. A Gazetteer never changes after it is built, so sharing
it is safe.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

try:  # libyaml is about ten times faster; pure Python is the fallback
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

DATA_DIR = Path(__file__).resolve().parent / "data"
#: Bundled files in priority order (earlier wins among entries valid at the same date).
BUNDLED_FILES = ("igos.yaml", "groups.yaml", "bodies.yaml", "peoples.yaml", "states.yaml",
                 "generated/phoenix_groups.tsv")
#: files in BUNDLED_FILES written by a build script (scripts/build_phoenix_actors.py); optional
GENERATED_FILES = ("generated/phoenix_groups.tsv",)
NOT_ACTORS_FILE = "not_actors.yaml"

#: Codes that are not countries: PLOVER's non-state actor codes.
NONSTATE_CODES = frozenset({"IGO", "NGO", "MNC", "IMG", "ISM"})
#: Sector codes PLOVER defines (manual, "Sector Codes"), plus PLOVER's UNO/EUR identifiers.
SECTORS = frozenset({
    "COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK", "AGR", "BUS",
    "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL", "SOC",
})

_FORM_FIELDS = {  # field -> Hit.kind for state entries
    "names": "name", "adjectives": "adjective", "demonyms": "demonym",
    "capitals": "capital", "metonyms": "metonym",
}
_COMMON_FIELDS = {"code", "name", "sector", "valid_from", "valid_to", "successors",
                  "predecessors", "note", "notes", "comment", "wikidata"}
_ALLOWED = {
    "states": _COMMON_FIELDS | set(_FORM_FIELDS),
    "igos": _COMMON_FIELDS | set(_FORM_FIELDS),
    "actors": _COMMON_FIELDS | set(_FORM_FIELDS),
    "bodies": _COMMON_FIELDS | set(_FORM_FIELDS),
}
#: the Hit.kind of a form of a non-state file's entry (states give the kind of their field)
_GROUP_KIND = {"igos": "igo", "bodies": "body", "actors": "actor"}
#: "places" is read by detente.locate (event locations), not here
_USER_KEYS = ("states", "igos", "actors", "not_actors", "places")
_CODE_RE = re.compile(r"^(?:[A-Z]{3}|---)$")
_POSSESSIVE_RE = re.compile(r"(?:'s|')$", re.IGNORECASE)
_TOKEN_RE = re.compile(r"(?:\w\.){2,}|\w+|[^\w\s]")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})
_DASHES = re.compile(r"[-\u2010\u2011\u2012\u2013\u2014\u2212]")


@dataclass(frozen=True)
class Hit:
    """What a surface form stands for."""

    code: str           # e.g. "SUN", "IGO"
    kind: str           # "name" | "adjective" | "demonym" | "capital" | "metonym" | "igo" | "actor"
    #                     | "body" (a domestic party or agency of bodies.yaml), "body-adjective"
    name: str           # display name of the entry ("Soviet Union", "United Nations")
    sector: str | None  # sector the form implies ("Pentagon" -> MIL) or the entry's, else None


@dataclass(frozen=True)
class Entry:
    """One state, period of a state, organisation or named actor, as read from a file."""

    code: str
    name: str
    group: str                                   # "states" | "igos" | "actors" | "bodies"
    forms: tuple[tuple[str, str, str | None], ...]  # (surface as written, kind, sector)
    sector: str | None = None
    valid_from: _dt.date | None = None
    valid_to: _dt.date | None = None
    successors: tuple[str, ...] = ()
    predecessors: tuple[str, ...] = ()
    source: str = ""                             # "file.yaml entry 12" for messages

    def valid_at(self, day: _dt.date) -> bool:
        """True if the entry applies on ``day`` (valid_to is the first day it no longer does)."""
        if self.valid_from is not None and day < self.valid_from:
            return False
        return not (self.valid_to is not None and day >= self.valid_to)


@dataclass(frozen=True)
class _Cand:
    rank: int
    entry: int       # index into Gazetteer.entries
    kind: str
    sector: str | None
    user: bool


# ---- normalisation ---------------------------------------------------------------------------

def is_caps_form(form: str) -> bool:
    """True for an all-capitals form ("US", "U.N.", "G-7"), which matches only in capitals."""
    return any(c.isalpha() for c in form) and not any(c.islower() for c in form)


def _strip_accents(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=20_000)
def normalize(surface: str) -> str:
    """The lookup key of a surface form, case kept (see the module docstring for the rules).
    Remembered: every sentence asks again for the keys of the same names."""
    s = unicodedata.normalize("NFKC", surface).translate(_APOSTROPHES).strip()
    s = _POSSESSIVE_RE.sub("", s)
    s = _strip_accents(s)
    s = s.replace(".", "").replace(",", " ").replace("(", " ").replace(")", " ")
    s = _DASHES.sub(" ", s)
    s = " ".join(s.split())
    if s[:4].lower() == "the " and len(s) > 4:
        s = s[4:]
    return s


def _variants(form: str) -> list[str]:
    """Spellings of ``form`` a phrase matcher should know: as written, without dots, accents or
    hyphens, and without a leading "the"."""
    base = form.strip()
    if base[:4].lower() == "the " and len(base) > 4:
        base = base[4:]
    out = [base]
    undotted = " ".join(base.replace(".", "").split())
    plain = _strip_accents(base)
    unhyphen = " ".join(_DASHES.sub(" ", base).split())
    for v in (undotted, plain, _strip_accents(undotted), unhyphen):
        if v and v not in out:
            out.append(v)
    return out


def _read_generated(path: Path) -> list[dict]:
    """A generated actor table: TSV with the columns code, name, names (";"-separated),
    sector, valid_from, valid_to; the same fields as a groups.yaml entry, in a form that
    loads in a fraction of the time YAML takes for thousands of entries."""
    rows: list[dict] = []
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    header = lines[0].split("\t") if lines else []
    for ln in lines[1:]:
        raw = dict(zip(header, ln.split("\t")))
        entry: dict = {k: v for k, v in raw.items() if v and k != "names"}
        entry["names"] = [n for n in raw.get("names", "").split(";") if n]
        rows.append(entry)
    return rows


# ---- dates -----------------------------------------------------------------------------------

def parse_date(value: Any) -> _dt.date | None:
    """Read "YYYY", "YYYY-MM", "YYYY-MM-DD" (or a date) as one day; a partial date is read as
    the middle of its period. Returns None for None, "" and anything unreadable."""
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    text = str(value).strip()
    m = re.match(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ].*)?$", text)
    if not m:
        return None
    try:
        year = int(m.group(1))
        if m.group(3):
            return _dt.date(year, int(m.group(2)), int(m.group(3)))
        if m.group(2):
            return _dt.date(year, int(m.group(2)), 15)
        return _dt.date(year, 7, 2)
    except ValueError:
        return None


def _field_date(value: Any, where: str, key: str) -> _dt.date | None:
    """A validity date from a data file: must be a full ISO date (or null)."""
    if value is None:
        return None
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"{where}: {key} must be an ISO date (YYYY-MM-DD) or null, got {value!r}")


# ---- reading files ---------------------------------------------------------------------------

_FILE_CACHE: dict[tuple[str, int, int], Any] = {}
_GAZ_CACHE: dict[tuple, "Gazetteer"] = {}


def _read_yaml(path: Path) -> Any:
    """Parse a YAML file once per process (keyed by path, mtime and size)."""
    try:
        st = path.stat()
    except OSError as exc:
        raise ValueError(f"{path}: cannot read dictionary file ({exc.strerror})") from exc
    key = (str(path), st.st_mtime_ns, st.st_size)
    if key not in _FILE_CACHE:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise ValueError(f"{path}: not UTF-8 text ({exc})") from exc
        except OSError as exc:
            raise ValueError(f"{path}: cannot read dictionary file ({exc.strerror})") from exc
        try:
            _FILE_CACHE[key] = yaml.load(text, Loader=_Loader)
        except yaml.YAMLError as exc:
            raise ValueError(f"{path}: not valid YAML: {exc}") from exc
    return _FILE_CACHE[key]


def _str_list(value: Any, where: str, key: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        raise ValueError(f"{where}: {key} must be a list, e.g. [{value}], got a single string")
    if not isinstance(value, list):
        raise ValueError(f"{where}: {key} must be a list, got {type(value).__name__}")
    for v in value:
        if not isinstance(v, str) or not v.strip():
            raise ValueError(f"{where}: {key} must hold non-empty strings, got {v!r}")
    return [v.strip() for v in value]


def _sector(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or value.strip().upper() not in SECTORS:
        raise ValueError(f"{where}: unknown sector {value!r} (PLOVER sectors: "
                         f"{', '.join(sorted(SECTORS))})")
    return value.strip().upper()


def _forms(raw: dict, group: str, where: str) -> list[tuple[str, str, str | None]]:
    """(surface, kind, sector) for every form of an entry, in field order."""
    out: list[tuple[str, str, str | None]] = []
    for fld, kind in _FORM_FIELDS.items():
        value = raw.get(fld)
        if value is None:
            continue
        if isinstance(value, str) or not isinstance(value, list):
            raise ValueError(f"{where}: {fld} must be a list, got {value!r}")
        for item in value:
            sector = None
            if isinstance(item, dict) and len(item) == 1:
                (item, sector), = item.items()
                sector = _sector(sector, where)
            if not isinstance(item, str) or not item.strip():
                raise ValueError(f"{where}: {fld} must hold strings (or {{form: SECTOR}}), "
                                 f"got {item!r}")
            k = kind if group == "states" else _GROUP_KIND.get(group, "actor")
            if group == "bodies" and fld == "adjectives":
                k = "body-adjective"  # "Republican leaders": only before a common noun
            out.append((item.strip(), k, sector))
            if fld == "demonyms" and group == "states":
                one = _singular(item.strip())
                if one:  # "a Briton", "an Afghan", "a Saudi": one of the people
                    out.append((one, k, sector))
    return out


def _singular(demonym: str) -> str | None:
    """The singular of a one-word plural demonym ("Britons" -> "Briton", "Saudis" -> "Saudi");
    None for phrases ("the British") and irregular forms ("Englishmen")."""
    if " " in demonym or not demonym.endswith("s") or demonym.endswith(("ss", "ies")):
        return None
    return demonym[:-1]


def _entry(raw: Any, group: str, where: str, *, partial: bool = False) -> Entry:
    """Check one raw YAML entry and build an Entry. ``partial`` allows a user states entry that
    only extends an existing code (no name needed)."""
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: an entry must be a mapping (code: ..., names: [...]), "
                         f"got {raw!r}")
    unknown = set(raw) - _ALLOWED[group]
    if unknown:
        raise ValueError(f"{where}: unknown field(s) {sorted(map(str, unknown))}; allowed: "
                         f"{sorted(_ALLOWED[group])}")
    code = raw.get("code")
    if code is None or (isinstance(code, str) and not code.strip()):
        raise ValueError(f"{where}: missing 'code' (an ISO alpha-3 code"
                         + (", or IGO/NGO/MNC" if group != "states" else "") + ")")
    if not isinstance(code, str):
        raise ValueError(f"{where}: code must be text like JPN, got {code!r} "
                         f"(YAML reads some bare words as booleans or numbers: quote it)")
    code = code.strip().upper()
    if not _CODE_RE.match(code):
        raise ValueError(f"{where}: code {code!r} is not a three-letter code")
    if group == "igos" and code not in NONSTATE_CODES:
        raise ValueError(f"{where}: code {code!r} in igos must be one of {sorted(NONSTATE_CODES)}")
    forms = _forms(raw, group, where)
    name = raw.get("name")
    if name is not None and (not isinstance(name, str) or not name.strip()):
        raise ValueError(f"{where}: name must be a non-empty string, got {name!r}")
    if name is None:
        if partial:
            name = ""  # a user extension keeps the bundled name; a new state is checked later
        elif forms:
            name = forms[0][0]
        else:
            raise ValueError(f"{where}: needs a 'name' or a non-empty 'names' list")
    name = name.strip()
    if group != "states" and name and not any(f[0] == name for f in forms):
        forms.insert(0, (name, _GROUP_KIND.get(group, "actor"), None))
    if group == "states" and name and not partial and not any(f[0] == name for f in forms):
        forms.insert(0, (name, "name", None))
    if not forms and not partial:
        raise ValueError(f"{where}: no surface forms (give 'names')")
    valid_from = _field_date(raw.get("valid_from"), where, "valid_from")
    valid_to = _field_date(raw.get("valid_to"), where, "valid_to")
    if valid_from and valid_to and valid_from >= valid_to:
        raise ValueError(f"{where}: valid_from {valid_from} is not before valid_to {valid_to}")
    return Entry(
        code=code, name=name, group=group, forms=tuple(forms),
        sector=_sector(raw.get("sector"), where),
        valid_from=valid_from, valid_to=valid_to,
        successors=tuple(_str_list(raw.get("successors"), where, "successors")),
        predecessors=tuple(_str_list(raw.get("predecessors"), where, "predecessors")),
        source=where,
    )


def _describe(raw: Any, path: Path, group: str, i: int) -> str:
    label: Any = ""
    if isinstance(raw, dict):
        names = raw.get("names")
        first = names[0] if isinstance(names, list) and names else None
        label = raw.get("name") or first or raw.get("code") or ""
        if not isinstance(label, str):
            label = repr(label)
    return f"{path}: {group} entry {i + 1}" + (f" ({label})" if label else "")


# ---- the gazetteer ---------------------------------------------------------------------------

@dataclass
class Gazetteer:
    """States, organisations and user actors, indexed by normalised surface form.

    Build with :meth:`load`; then :meth:`resolve` answers "which code is this form at this date?"
    and :meth:`surface_forms` lists every form for a phrase matcher.
    """

    entries: list[Entry] = field(default_factory=list)
    _exact: dict[str, list[_Cand]] = field(default_factory=dict, repr=False)   # caps forms
    _folded: dict[str, list[_Cand]] = field(default_factory=dict, repr=False)  # the rest
    _blocked: set[str] = field(default_factory=set, repr=False)
    _forms: list[str] = field(default_factory=list, repr=False)
    _max_words: int = 1

    @classmethod
    def load(cls, extra_paths: Sequence[str | Path] = ()) -> Gazetteer:
        """The bundled gazetteers plus user dictionaries (earlier user files win).

        Raises ValueError for a missing or malformed user file, naming the file and entry.
        """
        paths = tuple(Path(p).expanduser().resolve() for p in extra_paths)
        stamp = []
        for p in paths:
            try:
                st = p.stat()
            except OSError as exc:
                raise ValueError(f"{p}: cannot read dictionary file ({exc.strerror})") from exc
            stamp.append((str(p), st.st_mtime_ns, st.st_size))
        key = tuple(stamp)
        if key not in _GAZ_CACHE:
            _GAZ_CACHE[key] = cls._build(paths)
        return _GAZ_CACHE[key]

    @classmethod
    def _build(cls, user_paths: tuple[Path, ...]) -> Gazetteer:
        gaz = cls()
        # user entries come first in priority; collect them before the bundled ones
        user_entries: list[Entry] = []
        user_extends: list[Entry] = []
        user_blocks: list[str] = []
        for path in user_paths:
            data = _read_yaml(path)
            if data is None:
                continue
            if not isinstance(data, dict):
                raise ValueError(f"{path}: a dictionary file must be a mapping with the keys "
                                 f"{', '.join(_USER_KEYS)}, got {type(data).__name__}")
            unknown = set(data) - set(_USER_KEYS)
            if unknown:
                raise ValueError(f"{path}: unknown top-level key(s) {sorted(map(str, unknown))}; "
                                 f"allowed: {', '.join(_USER_KEYS)}")
            for group in ("states", "igos", "actors"):
                items = data.get(group) or []
                if not isinstance(items, list):
                    raise ValueError(f"{path}: '{group}' must be a list of entries")
                for i, raw in enumerate(items):
                    where = _describe(raw, path, group, i)
                    e = _entry(raw, group, where, partial=(group == "states"))
                    (user_extends if group == "states" else user_entries).append(e)
            user_blocks += _str_list(data.get("not_actors"), str(path), "not_actors")

        bundled: list[Entry] = []
        for fname in BUNDLED_FILES:
            path = DATA_DIR / fname
            if fname in GENERATED_FILES and not path.exists():
                continue
            data = _read_generated(path) if fname in GENERATED_FILES else _read_yaml(path)
            if not isinstance(data, list):
                raise ValueError(f"{path}: must be a list of entries")
            group = {"igos.yaml": "igos", "groups.yaml": "actors", "bodies.yaml": "bodies",
                     "peoples.yaml": "bodies",
                     "generated/phoenix_groups.tsv": "actors"}.get(fname, "states")
            for i, raw in enumerate(data):
                bundled.append(_entry(raw, group, _describe(raw, path, group, i)))
        blocks_path = DATA_DIR / NOT_ACTORS_FILE
        if blocks_path.exists():
            blocks = _read_yaml(blocks_path)
            user_blocks_bundled = _str_list(blocks, str(blocks_path), "not_actors")
        else:
            user_blocks_bundled = []

        # user states: extend a bundled entry with the same code, or add a new state
        user_state_entries: list[Entry] = []
        for ext in user_extends:
            same = [i for i, b in enumerate(bundled) if b.group == "states" and b.code == ext.code]
            if not same:
                names = [f[0] for f in ext.forms if f[1] == "name"]
                if not ext.name and not names:
                    raise ValueError(f"{ext.source}: code {ext.code} is not in states.yaml, so a "
                                     f"new state needs a 'name' or 'names'")
                name = ext.name or names[0]
                forms = ext.forms if any(f[0] == name for f in ext.forms) else (
                    ((name, "name", None),) + ext.forms)
                user_state_entries.append(replace(ext, name=name, forms=forms))
                continue
            target = next((i for i in same if ext.name and bundled[i].name == ext.name), None)
            if target is None:
                today = _dt.date.today()
                target = next((i for i in same if bundled[i].valid_at(today)), same[-1])
            base = bundled[target]
            merged = replace(
                base,
                name=ext.name or base.name,
                forms=base.forms + tuple(f for f in ext.forms if f not in base.forms),
                sector=ext.sector or base.sector,
                valid_from=ext.valid_from or base.valid_from,
                valid_to=ext.valid_to or base.valid_to,
                successors=ext.successors or base.successors,
                predecessors=ext.predecessors or base.predecessors,
            )
            if merged.valid_from and merged.valid_to and merged.valid_from >= merged.valid_to:
                raise ValueError(f"{ext.source}: valid_from {merged.valid_from} is not before "
                                 f"valid_to {merged.valid_to}")
            bundled[target] = merged
            # the user's own forms take user priority, pointing at the merged entry
            user_state_entries.append(replace(merged, forms=ext.forms))

        rank = 0
        for e in user_entries + user_state_entries:
            gaz._add(e, rank, user=True)
            rank += 1
        for e in bundled:
            gaz._add(e, rank, user=False)
            rank += 1
        # a user extension is indexed as its own Entry carrying the merged name and dates, with
        # only the user's forms, so those forms win while the bundled ones keep their rank
        for b in user_blocks + user_blocks_bundled:
            gaz._blocked.add(normalize(b).casefold())
            gaz._add_surface(b)
        gaz._max_words = max((len(_TOKEN_RE.findall(f)) for f in gaz._forms), default=1)
        return gaz

    def _add_surface(self, form: str) -> None:
        for v in _variants(form):
            if v not in self._seen_forms:
                self._seen_forms.add(v)
                self._forms.append(v)

    def __post_init__(self) -> None:
        self._seen_forms: set[str] = set()

    def _add(self, entry: Entry, rank: int, *, user: bool) -> None:
        idx = len(self.entries)
        self.entries.append(entry)
        seen: set[tuple[bool, str]] = set()
        for surface, kind, sector in entry.forms:
            key = normalize(surface)
            if not key:
                continue
            caps = is_caps_form(key)
            k = (caps, key if caps else key.casefold())
            self._add_surface(surface)
            if k in seen:  # first field wins within an entry ("U.S." as name before adjective)
                continue
            seen.add(k)
            table = self._exact if caps else self._folded
            table.setdefault(k[1], []).append(
                _Cand(rank, idx, kind, sector or entry.sector, user))

    # ---- queries ---------------------------------------------------------------------------

    def surface_forms(self) -> Iterator[str]:
        """Every distinct surface form (with dotless, accentless and unhyphenated variants),
        for a phrase matcher. Includes not-actor phrases, so that the longest match wins."""
        return iter(self._forms)

    def max_words(self) -> int:
        """Tokens in the longest surface form (counted generously: "U.S." is one, "d'" two)."""
        return self._max_words

    def candidates(self, surface: str) -> list[tuple[Entry, str, str | None]]:
        """All entries that list ``surface``, in priority order, as (entry, kind, sector)."""
        return [(self.entries[c.entry], c.kind, c.sector) for c in self._lookup(surface)]

    def listed_lowercase(self, surface: str) -> bool:
        """True if some entry lists ``surface`` starting with a lower-case letter ("al-Qaeda"),
        so a caller that drops lower-case matches ("china" the porcelain) can keep this one."""
        return any(f[0][:1].islower() and normalize(f[0]).casefold() == normalize(surface).casefold()
                   for e, _, _ in self.candidates(surface) for f in e.forms)

    def is_blocked(self, surface: str) -> bool:
        """True if ``surface`` is a listed not-actor phrase ("Latin America") that no user
        dictionary claims: the caller should skip it and any shorter match inside it."""
        key = normalize(surface)
        return key.casefold() in self._blocked and not any(c.user for c in self._lookup(surface))

    def _lookup(self, surface: str) -> list[_Cand]:
        key = normalize(surface)
        if not key:
            return []
        cands = list(self._exact.get(key, ()))
        cands += self._folded.get(key.casefold(), ())
        cands.sort(key=lambda c: c.rank)
        return cands

    def resolve(self, surface: str, date: str | _dt.date | None = None,
                prefer: Sequence[str] = ()) -> Hit | None:
        """The code ``surface`` stands for at ``date`` (rules in the module docstring), or None.

        ``prefer`` lists codes the context makes likely, most likely first: among the entries
        that share a form and apply at the date ("Labor": the Australian and the Israeli
        party), one whose code is listed wins over file order."""
        cands = self._lookup(surface)
        if not cands:
            return None
        if not any(c.user for c in cands) and normalize(surface).casefold() in self._blocked:
            return None
        day = parse_date(date)
        best = self._preferred(cands, day, prefer) if prefer else None
        if best is None:
            best = self._choose(cands, day)
        e = self.entries[best.entry]
        return Hit(code=e.code, kind=best.kind, name=e.name, sector=best.sector)

    def _preferred(self, cands: list[_Cand], day: _dt.date | None,
                   prefer: Sequence[str]) -> _Cand | None:
        """The candidate of the earliest code in ``prefer``, among those valid at ``day``
        (valid today when there is no day); None when no such candidate."""
        when = day or _dt.date.today()
        valid = [c for c in cands if self.entries[c.entry].valid_at(when)]
        for code in prefer:
            for c in valid:
                if self.entries[c.entry].code == code:
                    return c
        return None

    def _choose(self, cands: list[_Cand], day: _dt.date | None) -> _Cand:
        if day is not None:
            for c in cands:
                if self.entries[c.entry].valid_at(day):
                    return c
        if len({self._identity(c) for c in cands}) == 1:
            return cands[0]
        today = _dt.date.today()
        for c in cands:
            if self.entries[c.entry].valid_at(today):
                return c
        return cands[0]

    def _identity(self, c: _Cand) -> tuple:
        """Entries that are the same state (a user extension and its bundled entry) count once."""
        e = self.entries[c.entry]
        return (e.code, e.name, e.valid_from, e.valid_to)
