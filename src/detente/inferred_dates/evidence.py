"""Evidence of *when* in a sentence that lost its dates: who is named, what is named, which
state or regime of a bounded lifetime is named, and relative cues ("a year later").

Each piece of evidence is an :class:`Evidence` with a year interval and a short label that says
where it comes from, so that an inferred date can always be explained. The data are files a
reader can check: the office holders of ``actors/data/office_holders.tsv`` (terms), the former
states of ``actors/data/states.yaml`` (lifetimes, for names that belong only to them), the wars
of ``data/wars_cow.tsv`` (Correlates of War) and the events and periods of
``data/named_events.tsv``.

Context changes what a name says (decided once here, for every kind of name):

* "three years after the Korean War" -> the war's end + 3; "two years before X" -> X's start - 2;
* "after / following / since / in the wake of X", "the former X", "post-X", "after the fall
  (collapse, end, dissolution) of X" -> no earlier than X's end;
* "before / until / prior to / on the eve of X" -> no later than X's start;
* "the fall (collapse, end, dissolution) of X" -> X's end; "the outbreak (start, founding,
  creation) of X" -> X's start;
* otherwise the name's own interval.

A person's name says "while in office" (the union of their terms as one span), except after
"former" or "the late", which say nothing. A title right before the name (``data/titles.yaml``)
narrows that to the terms in the role it names ("Supreme Leader ... Khamenei": 1989-), or to
none of the hand table's terms when it names another office ("Senator Obama"). People the hand
table lacks have the government terms of the PETRARCH/Phoenix dictionaries. A bare surname
shared by several people is used only when they all held office for the same state within a
few years of each other; one after another given name is someone else ("Kermit Roosevelt"),
and an alias that is only a title ("the Shah") names no one holder. Ordinal centuries ("the
mid-to-late 19th century") and "the war" / "the treaty" (the last one the text named) are
evidence too.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

import yaml

from detente.actors.people import (_TITLE_WORDS, GENERATED_FILE, PeopleIndex, _read_generated,
                                    normalize)

DATA = Path(__file__).resolve().parent / "data"
ACTOR_DATA = Path(__file__).resolve().parents[1] / "actors" / "data"

#: kinds of evidence, strongest first: the order in which a sentence's evidence is combined
EXPLICIT, RELATIVE, CENTURY, NAMED, PERSON, PERIOD = ("explicit", "relative", "century", "named",
                                                      "person", "period")
RANK = {EXPLICIT: 0, RELATIVE: 1, CENTURY: 2, NAMED: 3, PERSON: 4, PERIOD: 5}
#: rows sharing a surface form are one thing if their spans lie this close (phases of a war)
SAME_THING_GAP = 5
#: a bare surname of several people is used only if their terms span at most this many years
SURNAME_SPREAD = 12
#: words this similar are one name spelt two ways ("Mohammed", "Mohammad"): a word before a
#: bare surname, or a word of an alias, so similar to the holder's name is that name
GIVEN_NAME_SIMILARITY = 0.75


@dataclass(frozen=True)
class Interval:
    """Years, inclusive; None is an open end."""

    lo: int | None = None
    hi: int | None = None

    @property
    def bounded(self) -> bool:
        return self.lo is not None or self.hi is not None

    @property
    def closed(self) -> bool:
        return self.lo is not None and self.hi is not None

    @property
    def width(self) -> float:
        return float(self.hi - self.lo) if self.closed else float("inf")

    def intersect(self, other: "Interval") -> "Interval | None":
        lo = _max(self.lo, other.lo)
        hi = _min(self.hi, other.hi)
        if lo is not None and hi is not None and lo > hi:
            return None
        return Interval(lo, hi)

    def hull(self, other: "Interval") -> "Interval":
        lo = None if self.lo is None or other.lo is None else min(self.lo, other.lo)
        hi = None if self.hi is None or other.hi is None else max(self.hi, other.hi)
        return Interval(lo, hi)

    def shift(self, years: int) -> "Interval":
        return Interval(None if self.lo is None else self.lo + years,
                        None if self.hi is None else self.hi + years)

    def label(self) -> str:
        lo = "" if self.lo is None else str(self.lo)
        hi = "" if self.hi is None else str(self.hi)
        return lo if lo == hi else f"{lo}-{hi}" if lo and hi else (f"{lo}-" if lo else f"-{hi}")



def _load_yaml(text: str):
    """YAML through libyaml when PyYAML has it: the actor tables are large, and the pure
    Python parser took most of a second to read them."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@lru_cache(maxsize=None)
def actor_entries(name: str) -> tuple:
    """The entries of an actor table (``actors/data/states.yaml``, ``igos.yaml``), parsed once
    for all the readers here: state lifetimes, organisation periods, wars, memberships."""
    return tuple(_load_yaml((ACTOR_DATA / name).read_text(encoding="utf-8")) or [])

def _max(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else max(a, b)


def _min(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else min(a, b)


@dataclass(frozen=True)
class Evidence:
    """One clue to a sentence's time: its kind, the interval it gives, and why."""

    kind: str
    interval: Interval
    label: str
    start: int = 0
    end: int = 0
    #: the disjoint spans inside ``interval`` the clue allows, when there are several (a person
    #: who held office twice: "Nawaz Sharif" is 1990-1993, 1997-1999 or 2013-2017); empty when
    #: the whole interval is possible
    parts: tuple[Interval, ...] = ()
    #: the state a person served (see infer._combine_all: a predecessor named beside the
    #: successor)
    code: str = ""

    @property
    def weak(self) -> bool:
        """Weak evidence says only that a thing existed or a person was somewhere in public life:
        a state's or organisation's lifetime, "post-war", a person known only from the
        PETRARCH/Phoenix dictionaries in an office other than head of state or government or
        foreign minister (their terms stop where the dictionaries do: "Nancy Pelosi" is 2007-2011
        there). It dates a sentence that has nothing better, but it does not overrule the order of
        a story (see :func:`detente.inferred_dates.infer.propagate`)."""
        return self.kind == PERIOD or (self.kind == PERSON and _OTHER_ROLE.search(self.label)
                                       is not None)


#: the label of a person whose every known term is in another office (see Evidence.weak)
_OTHER_ROLE = re.compile(r"^[^(]*\(\S+ OTH \d")


def _year(value: str | None) -> int | None:
    m = re.match(r"\s*(\d{3,4})", value or "")
    return int(m.group(1)) if m else None


# --------------------------------------------------------------------------- named things


@dataclass(frozen=True)
class Named:
    name: str
    kind: str
    span: Interval
    source: str
    #: the spans of the different things a shared name may mean ("the Battle of Tannenberg":
    #: 1410 or 1914); empty when it names one thing
    parts: tuple[Interval, ...] = ()


def _read_tsv(path: Path) -> list[dict[str, str]]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _dash(text: str) -> str:
    """Hyphens and dashes as one character, so "Iran–Iraq War" matches "Iran-Iraq War"."""
    return re.sub(r"[\u2010-\u2015\u2212]", "-", text)


def _state_periods() -> dict[str, Named]:
    """Names that belong only to states of bounded lifetime ("Soviet", "Czechoslovakia")."""
    entries = actor_entries("states.yaml")
    spans: dict[str, list[tuple[Interval, str]]] = {}
    for e in entries:
        if not isinstance(e, dict):
            continue
        span = Interval(_year(str(e.get("valid_from") or "")),
                        _year(str(e.get("valid_to") or "")))
        for field in ("names", "adjectives", "demonyms"):
            for form in e.get(field) or []:
                spans.setdefault(str(form), []).append((span, str(e.get("name") or e["code"])))
    out: dict[str, Named] = {}
    for form, rows in spans.items():
        # former states only: a name of a state that still exists ("Iranian") bounds nothing
        if len(form) < 4 or any(not s.closed for s, _ in rows):
            continue
        hull = rows[0][0]
        for s, _ in rows[1:]:
            hull = hull.hull(s)
        if hull.bounded:
            out[form] = Named(rows[0][1], PERIOD, hull, "states.yaml")
    return out


def _young_states() -> dict[str, Named]:
    """Names that belong only to states founded at a known date that still exist ("Croatia"
    1991, "Bangladesh" 1971, "Eritrean" 1993): where the sentence speaks of that state as a state
    (see :data:`_STATEHOOD`) it is no earlier than its founding. Left out: names shared with an
    older state ("Russia"), and renamed states (the code was its own predecessor, "Iran" 1935,
    or the predecessor ended within a month of the founding, "Myanmar", "Zimbabwe"), whose
    names historians use for the years before too."""
    entries = [e for e in actor_entries("states.yaml") if isinstance(e, dict)]
    ends: dict[str, list[str]] = {}
    for e in entries:
        ends.setdefault(str(e["code"]), []).append(str(e.get("valid_to") or ""))
    rows: dict[str, list[tuple[int | None, int | None, str]]] = {}
    for e in entries:
        lo, hi = _year(str(e.get("valid_from") or "")), _year(str(e.get("valid_to") or ""))
        code, start = str(e["code"]), str(e.get("valid_from") or "")
        renamed = any(p == code or any(_days_apart(t, start) <= 31 for t in ends.get(p, [])
                                       if t) for p in e.get("predecessors") or [])
        if renamed:
            lo = None
        for field in ("names", "adjectives", "demonyms"):
            for form in e.get(field) or []:
                rows.setdefault(str(form), []).append((lo, hi, str(e.get("name") or code)))
    out: dict[str, Named] = {}
    for form, rs in rows.items():
        if len(form) < 4 or any(lo is None or hi is not None for lo, hi, _ in rs):
            continue
        out[form] = Named(rs[0][2], PERIOD, Interval(min(lo for lo, _, _ in rs), None),
                          "states.yaml")
    return out


def _days_apart(a: str, b: str) -> int:
    from datetime import date
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
    except ValueError:
        return 10 ** 6


#: a young state's name speaks of the state (not the land or its people before statehood) when
#: an institution of the state stands next to it ("Croatian troops", "the government of
#: Eritrea") or the sentence is about statehood (recognition, independence, embassies)
_STATE_NEXT = re.compile(r"\s+(?:government|troops|forces|army|armed\s+forces|navy|air\s+force|"
                         r"president|prime\s+minister|foreign\s+minister|minister|authorities|"
                         r"embassy|ambassador|parliament|officials|diplomats|military|state|"
                         r"leadership|delegation|police)\b", re.I)
_STATE_BEFORE = re.compile(r"(?:republic|government|president|prime\s+minister|parliament|"
                           r"embassy|ambassador|independence|independent|recogni[sz]ed|"
                           r"recogni[sz]ing|recogni[sz]e)\s+(?:of\s+|to\s+|in\s+)?(?:the\s+)?$",
                           re.I)
_STATEHOOD = re.compile(r"\b(?:diplomatic\s+relations|embass(?:y|ies)|ambassadors?|"
                        r"recogni[sz](?:ed|es|e|ing|ition)|independen(?:ce|t)|sovereign(?:ty)?|envoys?|"
                        r"United\s+Nations|member\s+states?)\b", re.I)


#: a capitalised word right after a young state's name that is not an institution of the state
#: makes it part of a longer name ("Ukrainian People's Republic", "Croatian Democratic Union")
_LONGER_NAME = re.compile(r"\s+(?!(?:Government|Troops|Forces|Army|Armed|Navy|Air|President|"
                          r"Prime|Foreign|Minister|Parliament|Embassy|Ambassador|State)\b)"
                          r"[A-Z]")


def speaks_of_state(flat: str, a: int, b: int) -> bool:
    """Whether the name at ``flat[a:b]`` speaks of the state as a state (see above)."""
    return bool(_STATE_NEXT.match(flat, b) or _STATE_BEFORE.search(flat[max(0, a - 40):a])
                or _STATEHOOD.search(flat))


def _organisation_periods() -> list[tuple[str, Named]]:
    """Names of organisations with a founding date (``actors/data/igos.yaml``): "NATO" is 1949
    or later, "the Comecon" 1949-1991. Place-for-organisation words ("Brussels") are left out."""
    entries = actor_entries("igos.yaml")
    out = []
    for e in entries:
        if not isinstance(e, dict) or not e.get("valid_from"):
            continue
        span = Interval(_year(str(e["valid_from"])), _year(str(e.get("valid_to") or "")))
        if span.lo is None:
            continue
        item = Named(str(e.get("name") or e["code"]), PERIOD, span, "igos.yaml")
        for form in list(e.get("names") or []) + list(e.get("adjectives") or []):
            out.append((str(form), item))
    return out


class _Names:
    """Surface forms of wars, events and periods -> what they name; one compiled regex."""

    def __init__(self) -> None:
        by_form: dict[str, list[Named]] = {}
        self.lower_ok: set[str] = set()
        for fname, source in (("wars_cow.tsv", "COW"), ("named_events.tsv", "detente")):
            for row in _read_tsv(DATA / fname):
                kind = row.get("kind") or "event"
                kind = PERIOD if kind == "period" else NAMED
                span = Interval(_year(row.get("start")), _year(row.get("end")))
                if span.lo is None:
                    continue
                if span.hi is None and not row.get("end"):
                    span = Interval(span.lo, None)
                item = Named(row["name"], kind, span, source)
                for form in (row.get("forms") or row["name"]).split(";"):
                    form = _dash(form.strip())
                    if len(form) >= 4:
                        by_form.setdefault(form.lower(), []).append(item)
                        if form[:1].islower():  # written in lower case: any case matches
                            self.lower_ok.add(form.lower())
        for form, item in _state_periods().items():
            by_form.setdefault(_dash(form).lower(), []).append(item)
        for form, item in _young_states().items():
            by_form.setdefault(_dash(form).lower(), []).append(item)
        #: forms the data write only in capitals ("NATO", "ALBA") match only in capitals:
        #: "Alba" is a name; "Unesco", listed too, matches as written
        variants: dict[str, set[str]] = {}
        for form, item in _organisation_periods():
            form = _dash(form.strip())
            # short forms only in capitals ("EU" 1993-, "EEC" 1958-1993): see caps_only; two
            # letters only for an organisation that still exists: too ambiguous to close an
            # interval ("EC" is also the European Commission, which did not end in 1993)
            short = form.isupper() and (len(form) >= 3 or (len(form) == 2 and
                                                            item.span.hi is None))
            if (len(form) >= 4 or short) and "." not in form:
                by_form.setdefault(form.lower(), []).append(item)
                variants.setdefault(form.lower(), set()).add(form)
        self.caps_only = {k for k, forms in variants.items() if all(f.isupper() for f in forms)}
        self.items: dict[str, Named] = {}
        for form, items in by_form.items():
            merged = _merge(items)
            if merged is not None:
                self.items[form] = merged
        # one small regex per first word: a sentence is read word by word and only the forms
        # that start with that word are tried there (one big alternation is 20x slower)
        groups: dict[str, list[str]] = {}
        for form in self.items:
            first = _TOKEN.match(form)
            if first:
                groups.setdefault(first.group(0), []).append(form)
        self.by_first = {w: re.compile("(?:" + "|".join(re.escape(f) for f in
                                                        sorted(fs, key=len, reverse=True))
                                       + r")(?![\w])", re.I)
                         for w, fs in groups.items()}

    def finditer(self, flat: str):
        """(start, end, matched text) of every known form in ``flat``, left to right."""
        done = 0
        for m in _TOKEN.finditer(flat):
            if m.start() < done:
                continue
            if m.start() and flat[m.start() - 1] in "-_" and not re.search(
                    r"\b(?:post|pre|ex)-$", flat[max(0, m.start() - 5):m.start()], re.I):
                continue  # inside a compound ("neo-Nazi"), except post-/pre-/ex- (context)
            pat = self.by_first.get(m.group(0).lower())
            hit = pat.match(flat, m.start()) if pat else None
            if hit:
                done = hit.end()
                yield hit.start(), hit.end(), hit.group(0)


_TOKEN = re.compile(r"[^\W_][\w'’]*")


#: a name shared by more things far apart than this is left unused
MAX_READINGS = 4


def _merge(items: list[Named]) -> Named | None:
    """One thing for a form; for a form that names things far apart in time (the Battle of
    Tannenberg of 1410 and of 1914, the Velvet Revolutions of 1989 and 2018) their hull with
    the readings as ``parts``, which the other evidence of the sentence or the story's order
    choose from (see infer._combine_all and propagate_terms); None for a name of more than
    :data:`MAX_READINGS` things, or one whose readings are not all closed intervals."""
    items = sorted(set(items), key=lambda n: (n.span.lo or 0))
    clusters: list[list] = []  # [span, first item]
    for it in items:
        if clusters:
            span = clusters[-1][0]
            if not (it.span.lo is not None and span.hi is not None and
                    it.span.lo - span.hi > SAME_THING_GAP):
                clusters[-1][0] = span.hull(it.span) if it.span.hi is not None and \
                    span.hi is not None else Interval(_min(span.lo, it.span.lo), None)
                continue
        clusters.append([it.span, it])
    first = clusters[0][1]
    if len(clusters) == 1:
        return Named(first.name, first.kind, clusters[0][0], first.source)
    spans = tuple(c[0] for c in clusters)
    if len(spans) > MAX_READINGS or any(not sp.closed for sp in spans) or \
            any(c[1].kind != first.kind for c in clusters):
        return None
    hull = Interval(spans[0].lo, spans[-1].hi)
    names = []
    for c in clusters:  # "Battle of Tannenberg (1410)" -> "Battle of Tannenberg"
        name = re.sub(r"\s*\([^)]*\)$", "", c[1].name)
        if name not in names:
            names.append(name)
    return Named(" / ".join(names), first.kind, hull, first.source, spans)


# context before a name, read right to left (the text before the match, lowercased)
_NUMBER = (r"(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
           r"fifteen|twenty|thirty|forty|fifty|several|a few|some)")
_OFFSET_BEFORE = re.compile(r"(?P<for>\bfor\s+)?" + _NUMBER
                            + r"\s+(?P<unit>years?|decades?|months?|weeks?|days?)\s+"
                            r"(?P<dir>after|later than|following|before|prior to|earlier than)"
                            r"\s+(?:the\s+)?$")
_END_OF = re.compile(r"(?:fall|collapse|end|dissolution|break-?up|demise|defeat|death|"
                     r"disintegration|conclusion|aftermath)\s+of\s+(?:the\s+)?$")
#: ... and "a founding member of NATO", "the inaugural East Asia Summit": its first year
_START_OF = re.compile(r"(?:(?:outbreak|start|beginning|founding|creation|establishment|birth|"
                       r"independence|eve|onset|formation|proclamation|signing|"
                       r"(?:founding|charter|original)\s+members?)\s+of\s+(?:the\s+)?"
                       r"|\binaugural\s+)$")
_AFTER = re.compile(r"(?:\bafter|\bfollowing|\bsince|wake\s+of|aftermath\s+of|\bpost|"
                    r"\bformer|\bex)[\s-]+(?:the\s+)?$")
_BEFORE = re.compile(r"(?:\bbefore|\buntil|\btill|prior\s+to|eve\s+of|run-up\s+to|"
                     r"leading\s+up\s+to|\bpre)[\s-]+(?:the\s+)?$")
#: words before a name that look back on it from later ("admitted responsibility for the Katyn
#: massacre", "the anniversary of the war", "apologised for the invasion"): the sentence is no
#: earlier than the thing's end, as after "after"; so are "disputes left over from the war",
#: "debts inherited from the war"
_LOOKING_BACK = re.compile(r"(?:anniversary|commemorat\w*|memorials?|remembrance|admitted|"
                           r"admission|acknowledg\w*|apologi[sz]\w*|apology|responsibility|"
                           r"compensat\w*|reparations?|victims|survivors|veterans|recogni[sz]\w*|"
                           r"legacy|denial|denied|memory|left\s+over|inherited|lingering)"
                           r"\s+(?:of|for|to|over|in|from)?\s*(?:the\s+)?$")
#: an anniversary with its number, which survives when the years are deleted ("the 200th
#: anniversary of the War of 1812", "the fiftieth anniversary of", "the centenary of"): the
#: thing's years plus that many
_ANNIVERSARY = re.compile(r"(?:(?P<n>\d{1,3}(?:st|nd|rd|th)|tenth|twentieth|twenty-fifth|"
                          r"thirtieth|fortieth|fiftieth|sixtieth|seventieth|seventy-fifth|"
                          r"eightieth|ninetieth|hundredth|centenary|centennial|bicentenary|"
                          r"bicentennial|tercentenary)(?:\s+anniversary)?)\s+(?:of|for)\s+"
                          r"(?:the\s+)?(?:\w+\s+)?$")
_ORDINAL_YEARS = {"tenth": 10, "twentieth": 20, "twenty-fifth": 25, "thirtieth": 30,
                  "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70,
                  "seventy-fifth": 75, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
                  "centenary": 100, "centennial": 100, "bicentenary": 200, "bicentennial": 200,
                  "tercentenary": 300}


def _ordinal(word: str) -> int | None:
    """Years an anniversary word counts ("50th" 50, "fiftieth" 50, "centenary" 100)."""
    w = word.lower()
    m = re.match(r"(\d+)", w)
    return int(m.group(1)) if m else _ORDINAL_YEARS.get(w)


#: words before a treaty, war or event that act on it later ("called for a revision of the
#: Treaty of Lausanne", "denounced the treaty", "in violation of the armistice"): the sentence
#: is no earlier than the thing's end; so are "the terms of" it, except "under the terms of" it
#: (what it said when signed). Not for periods ("under the Ottoman Empire" is during it)
_ACTS_ON_LATER = re.compile(r"(?:revision|revisions|revise|revised|revising|violation|violations|"
                            r"violated|violating|breach|breached|denounc\w*|renounc\w*|"
                            r"abrogat\w*|repudiat\w*|withdr[ae]w\w*\s+from|invok\w*|"
                            r"defiance|(?<!under\s)(?<!under\sthe\s)terms)\s+(?:of\s+)?(?:the\s+)?"
                            r"(?:\w+\s+)?$")
def named_in_context(span: Interval, kind: str, flat: str, a: int, b: int
                     ) -> tuple[Interval | None, str]:
    """The interval the named thing at ``flat[a:b]`` gives its sentence: read with the verb
    after it (:func:`around`), the words before it (:func:`in_context`), and for a treaty, war
    or event (not a period) the words that act on it later (:data:`_ACTS_ON_LATER`)."""
    span2, how = around(span, flat[:a], flat[b:], _THING_ENDS, _THING_STARTS) or \
        in_context(span, flat[:a])
    if not how and kind == NAMED and span.hi is not None and \
            _ACTS_ON_LATER.search(flat[max(0, a - 40):a].lower()):
        return Interval(span.hi, None), "acted on later"
    return span2, how


_WORD_NUM = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
             "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
             "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}


def _count(word: str) -> int | None:
    w = word.lower()
    return int(w) if w.isdigit() else _WORD_NUM.get(w)


def in_context(span: Interval, before: str) -> tuple[Interval | None, str]:
    """The interval a named thing gives the sentence, read with the words before it."""
    left = before[-60:].lower()
    m = _OFFSET_BEFORE.search(left)
    if m:
        n = _count(m.group("n"))
        unit = m.group("unit")
        after = m.group("dir") in ("after", "later than", "following")
        if n is None:  # "several years after": after, by an unknown amount
            if after:
                return Interval(span.hi, None), "after"
            return Interval(None, span.lo), "before"
        years = n * 10 if unit.startswith("decade") else n if unit.startswith("year") else 0
        slack = 0 if unit.startswith(("year", "decade")) else 1
        if after and span.hi is not None and m.group("for"):  # "frozen for a decade after X"
            return Interval(span.hi, span.hi + years + slack), f"for {n} {unit} after"
        if after and span.hi is not None:
            return Interval(span.hi + years, span.hi + years + slack), f"{n} {unit} after"
        if not after and span.lo is not None:
            return Interval(span.lo - years - slack, span.lo - years), f"{n} {unit} before"
        return None, ""
    m = _END_OF.search(left)
    if m:
        if span.hi is None:
            return None, ""
        if _AFTER.search(left[:m.start()]):  # "after the collapse of the Soviet Union"
            return Interval(span.hi, None), "after the end of"
        return Interval(span.hi, span.hi), "end of"
    m = _START_OF.search(left)
    if m:
        if _BEFORE.search(left[:m.start()]):  # "before the outbreak of the war"
            return Interval(None, span.lo), "before the start of"
        return Interval(span.lo, span.lo), "start of"
    if _AFTER.search(left):
        return (Interval(span.hi, None) if span.hi is not None else None), "after"
    m = _ANNIVERSARY.search(left)
    if m and span.lo is not None:  # "the 50th anniversary of the war": its start + 50
        n = _ordinal(m.group("n"))
        if n:
            return Interval(span.lo + n, (span.hi if span.hi is not None else span.lo) + n), \
                f"anniversary: {n} years on"
    if _LOOKING_BACK.search(left):
        return (Interval(span.hi, None) if span.hi is not None else None), "looked back on"
    if _BEFORE.search(left):
        return Interval(None, span.lo), "before"
    return span, ""


# --------------------------------------------------------------------------- people

#: capital letters, accented ones too ("Éamon de Valera", "Łukasz", "Şükrü")
_CAPS = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x250)) if c.isupper())
_CAP_RUN = re.compile(rf"[{_CAPS}][\w'’.\-]*(?:\s+"
                      rf"(?:(?:de|van|von|al|bin|der|la|le|da|di|ul|the)\s+)?"
                      rf"[{_CAPS}][\w'’.\-]*)*")
#: "former president Jimmy Carter", "the late Soviet leader Brezhnev": out of office
_NOT_IN_OFFICE = re.compile(r"(?:\bformer|\bex-|\bthe\s+late|\bfuture|\bthen-future)\s*"
                            r"(?:[\w.'’-]+\s+){0,3}$", re.I)


#: what follows a person's name and says the term ended ("Stalin's death", "Qasim was
#: overthrown") or began ("Suharto took power")
_TERM_ENDS = re.compile(r"(?:['’]s\s+(?:death|fall|ouster|overthrow|downfall|resignation|"
                        r"assassination|execution|removal|deposition|murder)\b"
                        r"|\s+(?:died|resigned|fell\s+from\s+power|stepped\s+down|left\s+office|"
                        r"was\s+(?:overthrown|ousted|deposed|assassinated|killed|executed|toppled|"
                        r"removed\s+from\s+power|forced\s+out)))", re.I)
_TERM_STARTS = re.compile(r"(?:['’]s\s+(?:accession|rise\s+to\s+power|coming\s+to\s+power|"
                          r"seizure\s+of\s+power|election|inauguration)\b"
                          r"|\s+(?:came\s+to\s+power|took\s+power|seized\s+power|took\s+office|"
                          r"assumed\s+(?:power|office)|succeeded|was\s+(?:elected|inaugurated|"
                          r"sworn\s+in)))", re.I)
#: a word before a person's name (and title) that says the term is over: "the ousted Thai prime
#: minister Thaksin", "the deposed shah", "the exiled king"
_OUSTED = re.compile(r"\b(?:ousted|deposed|exiled|overthrown|toppled|dethroned)\s+"
                     r"(?:[\w.'’-]+\s+){0,4}$")
#: words before a name (and its title) that say the person had just taken office: "newly
#: elected President Khatami", "the new prime minister Abe", "the incoming president" (lower
#: case: "New Zealand Prime Minister" is no such word)
_NEWLY = re.compile(r"\b(?:(?i:newly|recently|just)[\s-](?:elected|appointed|installed|inaugurated|"
                    r"sworn[\s-]in|chosen|named)|new|(?i:incoming)|(?i:freshly)\s+elected)\s+"
                    r"(?:[\w.'’-]+\s+){0,4}$")
#: words after a name that say so: "Roh, who had just taken office,", "Moon, newly elected,"
_JUST_IN_OFFICE = re.compile(r",?\s+(?:who\s+had\s+(?:just|recently)\s+(?:taken\s+office|been\s+"
                             r"(?:elected|inaugurated|sworn\s+in|appointed))|(?:newly|just|"
                             r"recently)\s+(?:elected|inaugurated|appointed)|in\s+(?:his|her)\s+"
                             r"first\s+(?:days|weeks|months|year)\s+in\s+office|(?:shortly|soon|"
                             r"just|right)\s+after\s+taking\s+office|(?:on|upon)\s+taking\s+"
                             r"office)\b", re.I)
#: words before a name that say the term was ending: "the outgoing president Clinton"
_OUTGOING = re.compile(r"\b(?:outgoing|lame[\s-]duck|departing|retiring)\s+"
                       r"(?:[\w.'’-]+\s+){0,4}$", re.I)
_SINCE_BEFORE = re.compile(r"(?:\bafter|\bfollowing|\bsince|\bonce|\bwhen|\bwake\s+of)\s+"
                           r"(?:the\s+)?$", re.I)
_UNTIL_BEFORE = re.compile(r"(?:\bbefore|\buntil|\btill|prior\s+to)\s+(?:the\s+)?$", re.I)


#: what follows a named thing and says it ended ("the Soviet Union collapsed") or began ("the
#: war broke out", "Croatia declared independence")
_THING_ENDS = re.compile(r"\s+(?:collapsed|dissolved|disintegrated|ended|broke\s+up|fell|"
                         r"came\s+to\s+an\s+end|ceased\s+to\s+exist|was\s+(?:dissolved|"
                         r"abolished|overthrown))\b", re.I)
_THING_STARTS = re.compile(r"\s+(?:(?:became|was\s+declared|was\s+recognised\s+as|"
                           r"was\s+recognized\s+as)\s+(?:an?\s+)?independent"
                           r"|(?:declared|proclaimed|gained|won|achieved|obtained)\s+(?:its\s+)?"
                           r"independence|broke\s+out|began|erupted|was\s+(?:founded|established|"
                           r"created|proclaimed|formed))\b", re.I)


def around(span: Interval, before: str, after: str, ends: re.Pattern, starts: re.Pattern
           ) -> tuple[Interval | None, str] | None:
    """A name's interval read with the verb after it: the end ("... collapsed", "... was
    overthrown") or the start ("... broke out", "... took power") of its span; "after"/"when"
    before the name make it that year or later, "before"/"until" that year or earlier. None
    when no such verb follows."""
    left = before.lower()
    if ends.match(after) and span.hi is not None:
        if _SINCE_BEFORE.search(left):
            return Interval(span.hi, None), "after its end"
        if _UNTIL_BEFORE.search(left):
            return Interval(None, span.hi), "before its end"
        return Interval(span.hi, span.hi), "its end"
    if starts.match(after) and span.lo is not None:
        if _UNTIL_BEFORE.search(left):
            return Interval(None, span.lo), "before its start"
        if _SINCE_BEFORE.search(left):  # "after the war broke out": during it
            return span, "after its start"
        return Interval(span.lo, span.lo), "its start"
    return None


def person_in_context(term: Interval, before: str, after: str) -> tuple[Interval | None, str]:
    """The interval a person's name gives the sentence, read with the words around it.

    The name alone says "while in office". The words after it can name the end of the term
    ("Stalin's death", "Qasim was overthrown": its last year; "after Stalin's death": that year
    or later, since what follows comes after the man) or its start ("Suharto took power": its
    first year; "before Suharto took power": that year or earlier). "The death of X" reads as for
    named things."""
    ends, starts = _TERM_ENDS.match(after), _TERM_STARTS.match(after)
    left = before.lower()
    if _OUSTED.search(left) and term.hi is not None:  # "the ousted prime minister Thaksin"
        return Interval(term.hi, None), "after the end of the term"
    if term.lo is not None and (_NEWLY.search(before) or _JUST_IN_OFFICE.match(after)):
        # "newly elected President Khatami", "Roh, who had just taken office,": the first
        # year of the term or the next
        return Interval(term.lo, term.lo + 1 if term.hi is None else min(term.lo + 1, term.hi)), \
            "newly in office"
    if term.hi is not None and _OUTGOING.search(before):  # "the outgoing president Clinton"
        return Interval(term.lo if term.lo is not None and term.hi - 1 < term.lo else
                        term.hi - 1, term.hi), "leaving office"
    m = _END_OF.search(left)
    if m and not ends:  # "the death of Stalin", "after the fall of Milosevic"
        return in_context(term, before)
    if ends and term.hi is not None:
        if _SINCE_BEFORE.search(left):
            return Interval(term.hi, None), "after the end of the term"
        if _UNTIL_BEFORE.search(left):
            return Interval(None, term.hi), "before the end of the term"
        return Interval(term.hi, term.hi), "end of the term"
    elected = (starts and "elect" in starts.group(0).lower()) or \
        (not starts and _ELECTION_OF.search(left))
    if elected and term.lo is not None:
        # "X was elected", "X's election", "the election of X": an election comes before
        # the term it opens, often in the year before ("elected in November, inaugurated in
        # January"); "after X's election" is that or any year of the term
        lo = term.lo - 1
        if _SINCE_BEFORE.search(left):
            return Interval(lo, term.hi), "after the election"
        if _UNTIL_BEFORE.search(left):
            return Interval(None, term.lo), "before the election"
        return Interval(lo, term.lo), "elected: the start of the term or the year before"
    if starts and term.lo is not None:
        if _UNTIL_BEFORE.search(left):
            return Interval(None, term.lo), "before the start of the term"
        if _SINCE_BEFORE.search(left):
            return term, ""
        return Interval(term.lo, term.lo), "start of the term"
    return term, ""


#: "the election of X", "the electoral victory of X": see person_in_context
_ELECTION_OF = re.compile(r"\b(?:election|electoral\s+victory|inauguration)\s+of\s+"
                          r"(?:(?:president|prime\s+minister|chancellor)\s+)?$")


#: a ruler's name with a regnal number and a country ("nicholas i of russia", normalised)
_REGNAL = re.compile(r"^((?:\w+ )+[ivx]+) of \w.*$")

#: terms at most this many years apart are one span of office (re-elections, a caretaker month)
TERM_GAP = 1


def terms_apart(spans: list[Interval]) -> tuple[Interval, ...]:
    """A person's terms as disjoint spans, when there is a gap of more than :data:`TERM_GAP`
    years between two of them ("Nawaz Sharif": 1990-1993, 1997-1999, 2013-2017); () when the
    terms make one span. The hull says "while in office" too, but the spans say more where the
    story's order or a second person picks one of them."""
    spans = sorted((s for s in spans if s.lo is not None), key=lambda s: s.lo)
    out: list[Interval] = []
    for sp in spans:
        if out and (out[-1].hi is None or sp.lo - out[-1].hi <= TERM_GAP):
            last = out[-1]
            out[-1] = Interval(last.lo, None if last.hi is None or sp.hi is None
                               else max(last.hi, sp.hi))
        else:
            out.append(sp)
    return tuple(out) if len(out) > 1 else ()


def _each_term(terms: tuple[Interval, ...], before: str, after: str) -> tuple[Interval, ...]:
    """A person's separate terms each read with the words around the name ("newly elected
    Nawaz Sharif": the first year of one of his three terms), when they stay apart."""
    if not terms:
        return ()
    spans = [person_in_context(t, before, after)[0] for t in terms]
    if any(sp is None or not sp.closed for sp in spans) or \
            any(a.hi >= b.lo for a, b in zip(spans, spans[1:])):
        return ()
    return tuple(spans)


@dataclass(frozen=True)
class _Term:
    """One term of one person, as evidence sees it."""

    name: str
    code: str
    role: str  # HOS, HOG, FM (hand table) or OTH (a government office of the generated table)
    span: Interval


#: a generated row starting on 1 January is as often the dictionary's coverage (2003-01-01)
#: as the day of taking office: such rows are no evidence of when someone held office
_COVERAGE_START = re.compile(r"\d{4}-01-01$")


def _titles() -> tuple[re.Pattern, dict[str, frozenset[str]], set[str], set[str]]:
    """The title right before a name (``data/titles.yaml``) -> the roles it names; and the
    nouns that make a name with the person's ("the McMahon Line": NAMED_AFTER)."""
    data = _load_yaml((DATA / "titles.yaml").read_text(encoding="utf-8")) or {}
    roles: dict[str, set[str]] = {}
    for role, titles in data.items():
        if role in ("HONORIFICS", "NAMED_AFTER"):
            continue
        for t in titles or []:
            roles.setdefault(str(t).lower(), set()).add(str(role))
    honorifics = [str(h).lower() for h in data.get("HONORIFICS") or []]
    alt = "|".join(re.escape(t) for t in sorted(roles, key=len, reverse=True))
    hon = "|".join(re.escape(h) for h in sorted(honorifics, key=len, reverse=True))
    # "Supreme Leader of Iran Ali Khamenei", "Supreme Leader Ayatollah Ruhollah Khomeini"
    pat = re.compile(rf"\b(?P<t>(?i:{alt}))s?(?:\s+of\s+(?:the\s+)?[A-Z][\w'’.-]*"
                     rf"(?:\s+[A-Z][\w'’.-]*)*)?\s+(?:(?i:{hon})\.?\s+)?$")
    words = {w for t in list(roles) + honorifics for w in re.split(r"[\s-]+", t)}
    return pat, {t: frozenset(r) for t, r in roles.items()}, words, \
        {str(w).lower() for w in data.get("NAMED_AFTER") or []}


#: capitalised words that stand before a name without being a given name: a month, a weekday or
#: a season ("in March Chávez sent tanks", "on Monday Putin said"), common in damaged copies
#: whose year between the month and the name was deleted ("in March 2008 Chávez")
_NOT_GIVEN_NAMES = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday "
    "saturday sunday spring summer autumn winter".split())


def _similar(a: str, b: str) -> bool:
    """Two spellings of one name ("Mossadegh", "Mosaddegh"; "Mohammed", "Mohammad")."""
    return a == b or SequenceMatcher(None, a, b).ratio() >= GIVEN_NAME_SIMILARITY


class _People:
    """Office holders and their terms: the hand table (HOS, HOG, FM), and for people it does
    not know the government terms of the PETRARCH/Phoenix dictionaries (rows of sector GOV
    whose dates are not the dictionary's coverage)."""

    def __init__(self) -> None:
        self.index = PeopleIndex.load([DATA / "rulers_before_1945.tsv", DATA / "igo_heads.tsv"],
                                      generated=False)
        self.forms = {normalize(f) for f in self.index.surface_forms()}
        self.generated: dict[str, list[_Term]] = {}
        path = ACTOR_DATA / GENERATED_FILE
        if path.exists():
            for person, forms in _read_generated(path.read_text(encoding="utf-8")):
                if person.sector != "GOV" or not person.start or \
                        _COVERAGE_START.match(person.start):
                    continue
                term = _Term(person.name, person.code, person.role,
                             Interval(_year(person.start), _year(person.end)))
                for form in forms:
                    key = normalize(form)
                    if len(key) >= 4 and key not in self.forms:
                        self.generated.setdefault(key, []).append(term)
        self.forms |= set(self.generated)
        #: "Nicholas I" for "Nicholas I of Russia": a regnal name without its country, where
        #: the data list one person of that name and number
        self.regnal: dict[str, str] = {}
        seen: dict[str, tuple[set[str], str]] = {}
        for form in self.forms:
            m = _REGNAL.match(form) if " of " in form else None
            if m and m.group(1) not in self.forms:
                names, _ = seen.setdefault(m.group(1), (set(), form))
                names.update(normalize(p.name) for p in self.index.candidates(form))
        for short, (names, full) in seen.items():
            if len(names) == 1:
                self.regnal[short] = full
        self.forms |= set(self.regnal)
        self.title_before, self.title_roles, self.title_words, self.named_after = _titles()
        alt = "|".join(re.escape(t) for t in sorted(self.title_roles, key=len, reverse=True))
        #: "Nixon, then vice president,", "Putin, at the time prime minister": the office the
        #: sentence names the person in, said after the name
        self.title_after = re.compile(
            rf",?\s+(?:who\s+was\s+)?(?:then|at\s+the\s+time)\s+(?:the\s+|an?\s+)?"
            rf"(?:[A-Z][\w'’.-]*\s+){{0,2}}(?P<t>(?i:{alt}))s?\b")

    def _rows(self, surface: str) -> list[_Term]:
        surface = self.regnal.get(normalize(surface), surface)
        rows = [_Term(p.name, p.code, p.role, Interval(_year(p.start), _year(p.end)))
                for p in self.index.candidates(surface)]
        rows = rows or list(self.generated.get(normalize(surface), []))
        # a form that opens with a title and shares no word with the name is the title, which
        # later holders share ("the Shah", "Shah of Iran"): it does not say which of them. A
        # title followed by a name of the person's own ("King Abdulaziz" for Ibn Saud) is the
        # person, since the data list that form for him alone
        words = [w for w in normalize(surface).split() if w != "the"]
        rest = [w for w in words[1:] if w not in self.title_words and w not in _TITLE_WORDS]
        if words and (words[0] in self.title_words or words[0] in _TITLE_WORDS) and \
                (not rest or rest[0] == "of"):
            rows = [r for r in rows if any(_similar(w, x) for w in words
                                           for x in normalize(r.name).split())]
        return rows

    @lru_cache(maxsize=4096)
    def term(self, surface: str, roles: frozenset[str] = frozenset()
             ) -> tuple[Interval, str, tuple[Interval, ...], str] | None:
        """The span of office of whoever ``surface`` names, or None when unknown/ambiguous:
        (hull of the terms, label, the terms apart when there is a gap between them, state).

        ``roles``: the roles the title before the name names; the person's terms in those roles
        only (all terms when the data list them in none), and none of the hand table's terms
        when the title names another office ("Vice President Bush", OTHER)."""
        rows = self._rows(surface)
        if roles == frozenset({"OTHER"}):
            rows = [r for r in rows if r.role == "OTH"]
        elif roles == frozenset({"FM"}):
            # "Foreign Minister George Papandreou": a foreign minister the data list only in
            # another office held that other office at another time (or the data lack the
            # term); his terms there say nothing of when he was foreign minister
            rows = [r for r in rows if r.role == "FM"]
        elif roles:
            rows = [r for r in rows if r.role in roles] or rows
        if not rows:
            return None
        names = {normalize(r.name) for r in rows}
        codes = {r.code for r in rows}
        span: Interval | None = None
        for r in rows:
            span = r.span if span is None else span.hull(r.span)
        if span is None or span.lo is None:
            return None
        if len(names) > 1 and (len(codes) > 1 or (span.closed and span.width > SURNAME_SPREAD)
                               or not span.closed):
            return None
        role_names = "/".join(sorted({r.role for r in rows}))
        who = rows[0].name if len(names) == 1 else surface
        return span, f"{who} ({'/'.join(sorted(codes))} {role_names} {span.label()})", \
            terms_apart([r.span for r in rows]), "/".join(sorted(codes))

    def roles_before(self, text: str, start: int, pos: int) -> frozenset[str]:
        """The roles named by a title right before ``pos`` ("Prime Minister Mossadegh")."""
        m = self.title_before.search(text[max(start, pos - 80):pos])
        return self.title_roles.get(m.group("t").lower(), frozenset()) if m else frozenset()

    def roles_after(self, text: str, pos: int, end: int) -> frozenset[str]:
        """The roles named by "then" and a title right after a name ending at ``pos``
        ("Nixon, then vice president, visited Moscow": another office, no term of his)."""
        m = self.title_after.match(text, pos, end)
        return self.title_roles.get(m.group("t").lower(), frozenset()) if m else frozenset()

    def _other_person(self, word: str, surface: str) -> bool:
        """Whether a capitalised word before a bare surname makes it someone else of that name
        ("Kermit Roosevelt", "Reza Khan"): not a title or demonym ("President Carter"), and not
        a spelling of the holder's own given name ("Mohammed Mossadegh")."""
        w = normalize(word.strip(".,;:"))
        if not w or w in self.title_words or w in _TITLE_WORDS or w in _NOT_GIVEN_NAMES:
            return False
        own = {x for r in self._rows(surface) for x in normalize(r.name).split()}
        return not any(_similar(w, x) for x in own)

    def find(self, text: str, start: int, end: int, memory: dict | None = None
             ) -> list[Evidence]:
        """People in office named in ``text[start:end]``. ``memory`` (kept across a
        document's sentences) holds the people the text has named in full, so that a bare
        surname later on is the same person ("Zulfikar Ali Bhutto ... Bhutto visited Dhaka"),
        even when the surname alone would be ambiguous or someone else."""
        out = []
        mem = memory if memory is not None else {}
        for m in _CAP_RUN.finditer(text, start, end):
            words = m.group(0).split()
            # longest known sub-run first, left to right
            i = 0
            while i < len(words):
                for j in range(len(words), i, -1):
                    surface = " ".join(words[i:j]).rstrip(".,;:")
                    key = normalize(surface)
                    if key in self.forms or (j - i == 1 and ("surname", key) in mem):
                        break
                else:
                    i += 1
                    continue
                pos = text.find(words[i], m.start() + len(" ".join(words[:i])))
                # a bare surname after another given name is someone else of that name; the
                # first word of a sentence may be any word ("When Khrushchev ...")
                opens = not text[start:m.start()].strip(" \t\n\"'“‘(")
                other = j - i == 1 and not (i == 1 and opens) and i > 0 and \
                    self._other_person(words[i - 1], surface)
                # "the McMahon Line", "the Monroe Doctrine": the name of something else
                other = other or (j < len(words) and
                                  words[j].strip(".,;:").lower() in self.named_after)
                if not other and not _NOT_IN_OFFICE.search(text[max(start, pos - 45):pos]):
                    got = mem.get(("surname", key)) if j - i == 1 else None
                    got = got or self.term(surface, self.roles_before(text, start, pos) or
                                           self.roles_after(text, pos + len(surface), end))
                    if got and j - i >= 2 and self.term(surface) == got and \
                            len({normalize(r.name) for r in self._rows(surface)}) == 1:
                        mem[("surname", normalize(words[j - 1].rstrip(".,;:")))] = got
                    if got:
                        tail = pos + len(surface)
                        if re.search(r"['’]s$", surface):  # "Stalin's death"
                            tail -= 2
                        before, after = text[max(start, pos - 60):pos], text[tail:end]
                        span, how = person_in_context(got[0], before, after)
                        if span is not None:
                            label = got[1] + (f" ({how})" if how else "")
                            parts = _each_term(got[2], before, after)
                            if parts:  # the hull of the terms as read in context
                                span = Interval(parts[0].lo, parts[-1].hi)
                            out.append(Evidence(PERSON, span, label, pos, pos + len(surface),
                                                parts, got[3]))
                i = j
        return out


# --------------------------------------------------------------------------- relative cues

_RELATIVE = re.compile(
    r"\b(?:(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|twenty|thirty)\s+(?P<unit>years?|decades?)\s+(?P<dir>later|earlier|afterwards)"
    r"|the\s+(?P<next>following|next|previous|preceding)\s+year"
    r"|(?P<same>(?:later\s+)?that\s+(?:same\s+)?year|the\s+same\s+year|in\s+the\s+same\s+year)"
    # within the year or into the next: "two months later", "the following week", "later that
    # month", "within days", "soon afterwards", "shortly after"
    # "years later", "decades later" with no number: at least that much after, how much unknown
    r"|(?P<vague>(?:a\s+few\s+|several\s+|some\s+|many\s+)?(?P<vunit>years|decades)\s+"
    r"(?:later|afterwards))"
    r"|(?P<soon>(?:(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|a\s+few|"
    r"several|some)\s+)?(?:months?|weeks?|days?)\s+(?:later|afterwards)"
    r"|the\s+(?:following|next)\s+(?:month|week|day|spring|summer|autumn|fall|winter)"
    r"|later\s+that\s+(?:month|week|day|spring|summer|autumn|winter)"
    r"|within\s+(?:a\s+few\s+|several\s+|two\s+|three\s+)?(?:days|weeks|months|a\s+month|a\s+week)"
    r"|soon\s+after(?:wards?)?|shortly\s+after(?:wards?)?))\b",
    re.I)


def relative_cue(text: str, start: int, end: int) -> tuple[int, int | None, str] | None:
    """("N years later" and kin) -> (years to shift the previous anchor, years of slack after
    it, the words): "two years later" (2, 0), "two months later" (0, 1), "years later" (2,
    None: no upper bound)."""
    m = _RELATIVE.search(text, start, end)
    if not m:
        return None
    if m.group("n"):
        n = _count(m.group("n")) or 0
        n *= 10 if m.group("unit").lower().startswith("decade") else 1
        sign = -1 if m.group("dir").lower() == "earlier" else 1
        return sign * n, 0, m.group(0)
    if m.group("next"):
        sign = -1 if m.group("next").lower() in ("previous", "preceding") else 1
        return sign, 0, m.group(0)
    if m.group("soon"):  # the same year or the next: weeks or months do not say which
        return 0, 1, m.group(0)
    if m.group("vague"):  # "years later": two years or more; "decades later": twenty or more
        return (20 if m.group("vunit").lower() == "decades" else 2), None, m.group(0)
    return 0, 0, m.group(0)


# --------------------------------------------------------------------------- "the war"

#: head nouns by which a text refers back to a thing it has named ("the Korean War" ... "three
#: years after the war"): the last named thing whose name has that noun
_HEADS = ("war", "treaty", "pact", "agreement", "accord", "conference", "summit", "crisis",
          "revolution", "uprising", "coup", "invasion", "blockade", "declaration")
_ANAPHOR = re.compile(r"\bthe\s+(?P<head>" + "|".join(_HEADS) + r")s?\b"
                      r"(?!\s+(?:of|in|on|between|with|against|over|for|that|which)\b)"
                      r"(?![\s-]+(?-i:[A-Z]))", re.I)


_HEAD_WORD = re.compile(r"\b(?P<head>" + "|".join(_HEADS) + r")s?\b", re.I)


def _forget_unnamed(flat: str, memory: dict, named_at: list[tuple[int, int]],
                    anaphors: list[tuple[int, int]]) -> None:
    """A war, treaty... the text mentions without a name we know ("signed a treaty of
    friendship", "the war that had begun") after the last named one: a later "the treaty"
    refers to it, not to the one named before, so the memory of that head is dropped."""
    for m in _HEAD_WORD.finditer(flat):
        if any(a <= m.start() < b for a, b in named_at) or \
                any(a <= m.start() < b for a, b in anaphors):
            continue
        memory.pop(_singular(m.group("head").lower()), None)


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and word[:-1] in _HEADS else word


def _head(name: str) -> str | None:
    """The head noun of a named thing ("Treaty of Versailles" -> "treaty"), or None."""
    for w in re.split(r"[\s-]+", name.lower()):
        if _singular(w) in _HEADS:
            return _singular(w)
    return None


# --------------------------------------------------------------------------- centuries

_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
                  "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
                  "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
                  "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
                  "twentieth": 20, "twenty-first": 21}
_CENTURY = re.compile(
    r"\b(?:(?P<part>early|mid|middle|late|mid-to-late|early-to-mid|first\s+half\s+of|"
    r"second\s+half\s+of|turn\s+of|end\s+of|beginning\s+of|start\s+of|close\s+of)"
    r"[\s-]+(?:the\s+)?)?"
    r"(?P<n>\d{1,2}(?:st|nd|rd|th)|" + "|".join(sorted(_ORDINAL_WORDS, key=len, reverse=True))
    + r")[\s-]+centur(?:y|ies)\b(?P<onward>[\s,]+onwards?)?", re.I)
#: the years of a century that "early", "mid", "late"... name (offsets from its first year)
_PARTS = {"early": (0, 35), "beginning of": (0, 10), "start of": (0, 10),
          "early-to-mid": (0, 60), "first half of": (0, 50), "mid": (30, 70), "middle": (30, 70),
          "mid-to-late": (30, 100), "second half of": (50, 100), "late": (65, 100),
          "end of": (90, 100), "close of": (90, 100), "turn of": (-5, 5)}


def centuries(text: str, start: int, end: int) -> list[Evidence]:
    """Ordinal centuries ("in the 13th century", "the mid-to-late 19th century", "from the
    tenth century onward"): they survive when a damaged copy loses its years. The 19th century
    is 1800-1900 (both readings: 1801-1900 and the 1800s); "turn of the 20th century" is
    1895-1905; the words before and after read as for names ("since", "before", "onward")."""
    out = []
    for m in _CENTURY.finditer(text, start, end):
        word = m.group("n").lower()
        n = int(re.match(r"\d+", word).group(0)) if word[0].isdigit() else _ORDINAL_WORDS[word]
        if not 1 <= n <= 21:
            continue
        first = (n - 1) * 100
        part = re.sub(r"\s+", " ", (m.group("part") or "").lower())
        a, b = _PARTS.get(part, (0, 100))
        span = Interval(first + a, first + b)
        label = re.sub(r"\s+", " ", m.group(0).strip(" ,"))
        before = text[max(start, m.start() - 60):m.start()]
        if m.group("onward") or re.search(r"\b(?:since|from)\s+(?:the\s+)?$", before, re.I):
            span, how = Interval(span.lo, None), "onward"  # from its start, not after its end
        else:
            span, how = in_context(span, before)
        if span is None or not span.bounded:
            continue
        out.append(Evidence(CENTURY, span, f"{label} {span.label()}" + (f" ({how})" if how else
                                                                         ""), m.start(), m.end()))
    return out


# --------------------------------------------------------------------------- the finder


#: a sentence that tells two states fought: "Germany declared war on France", "India and
#: Pakistan went to war", "Somalia invaded Ethiopia"
_WAR_VERB = re.compile(r"\b(?:declared\s+war|went\s+to\s+war|war\s+(?:broke\s+out|between|"
                       r"with|against)|at\s+war\s+with|invaded|invasion\s+of|attacked|"
                       r"attack\s+on|fought)\b", re.I)
#: codes the war list writes as one state: the Soviet Union is COW's "Russia"
_SAME_STATE = {"SUN": "RUS"}


class _WarPairs:
    """Which states fought each other when (``data/war_pairs.tsv``, built from the Correlates
    of War list by ``scripts/build_war_pairs.py``), and the states' names to find in a text."""

    def __init__(self) -> None:
        self.wars: dict[tuple[str, str], list[Interval]] = {}
        path = DATA / "war_pairs.tsv"
        if path.exists():
            for row in _read_tsv(path):
                key = (row["a"], row["b"])
                self.wars.setdefault(key, []).append(Interval(int(row["start"]), int(row["end"])))
        forms: dict[str, set[str]] = {}
        for e in actor_entries("states.yaml"):
            if not isinstance(e, dict):
                continue
            code = _SAME_STATE.get(str(e["code"]), str(e["code"]))
            for field in ("names", "adjectives"):
                for form in e.get(field) or []:
                    if len(str(form)) >= 4 and str(form)[:1].isupper():
                        forms.setdefault(str(form), set()).add(code)
        self.codes = {f: next(iter(c)) for f, c in forms.items() if len(c) == 1}
        alt = "|".join(re.escape(f) for f in sorted(self.codes, key=len, reverse=True))
        self.pattern = re.compile(rf"\b(?:{alt})\b") if alt else None

    def find(self, flat: str, start: int) -> list[Evidence]:
        """The wars between the two states a sentence says fought ("Germany declared war on
        France": 1870-1871, 1914-1918 or 1939-1945, the readings the story's order picks from);
        nothing when the sentence names more than one such pair or they fought more than
        :data:`MAX_READINGS` wars. Weak evidence: the list ends in 2007, and "attacked" may be
        a raid that was no war."""
        verb = _WAR_VERB.search(flat)
        if verb is None or self.pattern is None:
            return []
        subjects, others = [], []
        relation = re.match(r"war\s+(?:broke|between|with|against)|at\s+war", verb.group(0), re.I)
        for m in self.pattern.finditer(flat):
            if _TODAYS.search(flat[max(0, m.start() - 25):m.start()]):
                continue
            code = self.codes[m.group(0)]
            # the one who fought names the state right before the verb ("Germany declared
            # war", "Israeli jets attacked", "India and Pakistan went to war"), not a state
            # further back ("the Chinese embassy ... and crowds attacked")
            near = m.end() <= verb.start() and \
                len(flat[m.end():verb.start()].split()) <= 3
            (subjects if near or relation else others).append(code)
        pairs = {tuple(sorted((a, b))) for a in subjects for b in subjects + others if a != b}
        found = [(p, self.wars[p]) for p in pairs if p in self.wars]
        if len(found) != 1:
            return []
        (a, b), spans = found[0]
        readings: list[Interval] = []
        for sp in sorted(spans, key=lambda x: x.lo):
            if readings and sp.lo - readings[-1].hi <= SAME_THING_GAP:
                readings[-1] = readings[-1].hull(sp)
            else:
                readings.append(sp)
        if len(readings) > MAX_READINGS:
            return []
        label = f"wars of {a} and {b}: " + " or ".join(r.label() for r in readings) + " [COW]"
        hull = Interval(readings[0].lo, readings[-1].hi)
        return [Evidence(PERIOD, hull, label, start + verb.start(), start + verb.end(),
                         tuple(readings) if len(readings) > 1 else ())]


class EvidenceFinder:
    """Finds the evidence of time in a stretch of text. Loads its data once."""

    def __init__(self) -> None:
        self.names = _Names()
        self.people = _People()
        self.war_pairs = _WarPairs()
        from detente.inferred_dates.memberships import Memberships  # it reads this module
        self.memberships = Memberships()

    def find(self, text: str, start: int, end: int,
             memory: dict[str, Named] | None = None) -> list[Evidence]:
        """Evidence in ``text[start:end]`` (offsets into ``text``), in text order.

        ``memory``, kept by the caller across the sentences of one document, holds the last
        named thing of each kind ("war", "treaty", ...), so that "eleven years after the war"
        reads as after the war the text last named (see :data:`_ANAPHOR`)."""
        out: list[Evidence] = []
        flat = _dash(text[start:end])
        named_at: list[tuple[int, int]] = []
        for a, b, got in self.names.finditer(flat):
            form = got.lower()
            item = self.names.items.get(form)
            # a proper name: some capital in it ("the treaty of Versailles"), or a form the data
            # write in lower case ("partitions of Poland" is both)
            if item is None or (got.islower() and form not in self.names.lower_ok) or \
                    (form in self.names.caps_only and not got.isupper()):
                continue
            if _TODAYS.search(flat[max(0, a - 25):a]):
                continue  # "in present-day North Korea": today's name for an older place
            if item.source == "states.yaml" and item.span.hi is None and \
                    (not speaks_of_state(flat, a, b) or _LONGER_NAME.match(flat, b)):
                # "Croatian nobles": the land or people, not the young state; "the Eritrean
                # People's Liberation Front": part of the name of something older
                continue
            named_at.append((a, b))
            if item.parts:  # a shared name: each reading with the words around it
                ev = self._readings(item, flat, a, b, start)
                if ev is not None:
                    out.append(ev)
                continue
            if memory is not None and (head := _head(got) or _head(item.name)):
                memory[head] = item
            if memory is not None and item.source == "states.yaml" and item.span.hi is None:
                memory["independence"] = item  # what a bare "after independence" refers to
            span, how = named_in_context(item.span, item.kind, flat, a, b)
            if span is None or not span.bounded:
                continue
            label = f"{item.name} {item.span.label()}" + (f" ({how})" if how else "") + \
                (" [COW]" if item.source == "COW" else "")
            out.append(Evidence(item.kind, span, label, start + a, start + b))
        out.extend(self._battles_at(flat, start, named_at))
        anaphors = []
        for m in _ANAPHOR.finditer(flat) if memory else ():
            item = memory.get(_singular(m.group("head").lower()))
            # read as the name would be: "the war ended" is the war's last year, "the war
            # broke out" its first, "a revision of the treaty" after it, "disputes left over
            # from the war" later than its end
            span, how = named_in_context(item.span, item.kind, flat, m.start(), m.end()) \
                if item is not None else (None, "")
            if re.match(r"[\s-]*\w", flat[m.end():]) and not how:
                # a bare "the war" mid-clause ("the tide of the war turned") is as likely the
                # war the passage is about but never names: it refers back only at the end of
                # a clause or read with the words around it (unmatched, it makes the head
                # unknown: see _forget_unnamed)
                continue
            anaphors.append((m.start(), m.end()))
            if item is None or any(a < m.end() and m.start() < b for a, b in named_at):
                continue
            if span is None or not span.bounded:
                continue
            label = f"{item.name} {item.span.label()} ('{m.group(0)}'" + \
                (f", {how})" if how else ")")
            out.append(Evidence(NAMED, span, label, start + m.start(), start + m.end()))
        if memory:
            _forget_unnamed(flat, memory, named_at, anaphors)
        out.extend(self._war_eras(flat, start, memory))
        if not named_at or not any(e.kind == NAMED for e in out):
            out.extend(self.war_pairs.find(flat, start))  # a named war says which already
        out.extend(self.memberships.find(flat, start))  # "Poland joined NATO"
        state = (memory or {}).get("independence")
        for m in _INDEPENDENCE.finditer(flat) if state is not None else ():
            if any(a < m.end() and m.start() - 25 < b for a, b in named_at):
                continue  # "Croatia declared independence": read with the name already
            birth = Interval(state.span.lo, state.span.lo)
            span, how = in_context(birth, flat[:m.start()])
            if span is None or not span.bounded:
                continue
            label = f"{state.name} independent {birth.label()} ('{m.group(0)}'" + \
                (f", {how})" if how else ")")
            out.append(Evidence(NAMED, span, label, start + m.start(), start + m.end()))
        out.extend(self.people.find(text, start, end, memory))
        out.extend(centuries(text, start, end))
        out.sort(key=lambda e: e.start)
        return out


    @staticmethod
    def _readings(item: Named, flat: str, a: int, b: int, start: int) -> Evidence | None:
        """Evidence from a name several things share: each reading read with the words around
        it, the hull as the interval, the readings as its parts."""
        spans = []
        how = ""
        for part in item.parts:
            span, how = named_in_context(part, item.kind, flat, a, b)
            if span is not None and span.bounded:
                spans.append(span)
        if not spans:
            return None
        hull = spans[0]
        for sp in spans[1:]:
            hull = hull.hull(sp)
        disjoint = all(x.closed for x in spans) and all(
            x.hi < y.lo for x, y in zip(spans, spans[1:]))
        label = f"{item.name} {' or '.join(p.label() for p in item.parts)}" + \
            (f" ({how})" if how else "")
        return Evidence(item.kind, hull, label, start + a, start + b,
                        tuple(spans) if disjoint else ())

    def _battles_at(self, flat: str, start: int, named_at: list[tuple[int, int]]
                    ) -> list[Evidence]:
        """A battle named by its place ("defeated Napoleon at Waterloo", "won a decisive
        victory over the Teutonic Order at Tannenberg", "At Annual ... routed a Spanish army"):
        in a sentence that tells of fighting, "at X" is the Battle of X the data list, read
        as that name would be (a name two battles share keeps both readings)."""
        out: list[Evidence] = []
        if not _FIGHTING.search(flat):
            return out
        for m in _BATTLE_AT.finditer(flat):
            words = m.group("place").split()
            for n in range(len(words), 0, -1):
                place = " ".join(words[:n])
                item = self.names.items.get(f"battle of {place}".lower()) or \
                    self.names.items.get(f"battle of the {place}".lower())
                if item is not None:
                    break
            else:
                continue
            a = m.start("place")
            b = a + len(place)
            if item.kind != NAMED or any(x < b and a < y for x, y in named_at):
                continue
            named_at.append((a, b))
            if item.parts:
                ev = self._readings(item, flat, a, b, start)
                if ev is not None:
                    out.append(ev)
                continue
            span, how = named_in_context(item.span, item.kind, flat, m.start(), b)
            if span is None or not span.bounded:
                continue
            label = f"{item.name} {item.span.label()} ('at {place}'" + \
                (f", {how})" if how else ")")
            out.append(Evidence(NAMED, span, label, start + a, start + b))
        return out

    def _war_eras(self, flat: str, start: int, memory: dict[str, Named] | None
                  ) -> list[Evidence]:
        """"Post-war", "pre-war", "wartime": the years after, before or during the war the text
        last named; "post-war" in a text that names no war is after the Second World War (what
        it means in a history that names no other war). Weakest evidence: people and named
        events in the sentence override it."""
        out = []
        for m in _WAR_ERA.finditer(flat):
            war = (memory or {}).get("war")
            assumed = war is None
            word = m.group(0).lower().replace("-", "")
            if assumed and not word.startswith("post"):
                continue  # "the pre-war positions" of a war the text describes but never names
            war = war or self.names.items.get(DEFAULT_WAR)
            if war is None or not war.span.closed:
                continue
            if word.startswith("post"):
                span, how = Interval(war.span.hi, war.span.hi + POSTWAR_YEARS), "post-war years"
            elif word.startswith("pre"):
                span, how = Interval(war.span.lo - POSTWAR_YEARS, war.span.lo), "pre-war years"
            else:
                span, how = war.span, "wartime"
            label = f"{war.name} {war.span.label()} ('{m.group(0)}': {how}" + \
                (", the war assumed)" if assumed else ")")
            # the weakest kind: a person or named event in the sentence says more
            out.append(Evidence(PERIOD, span, label, start + m.start(), start + m.end()))
        return out


#: words that make a name today's name for a place of an older time ("present-day Croatia",
#: "what is now North Korea", "modern Malaysia")
_TODAYS = re.compile(r"(?:\b(?:present|modern)[\s-]day|\btoday['’]s|\bwhat\s+is\s+now|"
                     r"\bwhat\s+became|\bmodern|\bcontemporary|\bnowadays)\s+(?:the\s+)?$", re.I)
#: a bare "independence" ("after independence", "declared independence"): that of the young
#: state the text last named (a state of states.yaml founded at a known date)
_INDEPENDENCE = re.compile(r"\bindependen(?:ce|t)\b(?!\s+of\b)", re.I)
#: "at Waterloo", "At Annual": a place that may be a battle's (see EvidenceFinder._battles_at)
_BATTLE_AT = re.compile(r"\b[Aa]t\s+(?:the\s+)?(?P<place>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})")
#: words of fighting that make "at X" a battle
_FIGHTING = re.compile(r"\b(?:victor(?:y|ies|ious)|defeat\w*|won|win|beat(?:en)?|rout(?:ed)?|"
                       r"crush\w*|fought|battles?|triumph\w*|annihilat\w*|destroy\w*|"
                       r"surrender\w*)\b", re.I)
#: "post-war", "pre-war", "wartime" (see EvidenceFinder._war_eras)
_WAR_ERA = re.compile(r"\b(?:post|pre)[\s-]?war\b|\bwar-?time\b", re.I)
#: the war "post-war" means when the text has named none
DEFAULT_WAR = "second world war"
#: how long the "post-war" (or "pre-war") years last, for an interval
POSTWAR_YEARS = 20


@lru_cache(maxsize=1)
def finder() -> EvidenceFinder:
    """The shared finder (its data load once per process)."""
    return EvidenceFinder()
