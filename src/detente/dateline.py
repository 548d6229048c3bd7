"""The dateline of a news item: "BAGHDAD, Iraq (Reuters) - ", "AP - ", "NEW DELHI, Aug. 25. -".

Wire copy opens with where it was filed and who filed it. The parser does not know this
convention and glues the dateline onto the first noun phrase ("GAZA (Reuters) - Israeli troops
killed ..." becomes one subject whose first name is Gaza), so the coder cuts the dateline off
as a segment of its own before parsing. The place it names is kept: it is where the story
happened unless the text says otherwise, and the country of actors the text leaves unnamed.

Grammar (one optional piece after another, then a separator):

    [AGENCY -] [PLACE[, REGION]] [, DATE] [(AGENCY)] (- | -- | — | :)

PLACE is written in capitals ("BAGHDAD", "THE HAGUE", "GAZA CITY"); a place in ordinary case
("Baghdad, Sept. 8 (NNN):") counts only when a date or an agency follows it, so that a sentence
opening "Iraq - the war" is not taken for a dateline. The agency names are data in
``screen/data/agencies.txt``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

from detente import places


@dataclass(frozen=True)
class Dateline:
    """Character span of the dateline (separator included) and what it names."""

    start: int
    end: int
    place: str | None
    region: str | None
    agency: str | None
    #: end of the dateline without its separator: "BAGHDAD, Iraq (Reuters)"
    head_end: int = 0


@functools.lru_cache(maxsize=1)
def _agencies() -> tuple[str, ...]:
    text = resources.files("detente.screen").joinpath("data/agencies.txt").read_text("utf-8")
    names = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return tuple(sorted(names, key=len, reverse=True))


#: A month, as wires write it: "Aug.", "Sept", "December", "DEC" (some desks write it in capitals)
_MONTH = (r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
          r"|(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|SEPT|OCT|NOV|DEC)[A-Z]*\.?")
_DATE = rf"(?:{_MONTH})\s*\d{{1,2}}(?:,?\s+\d{{4}})?\.?"
_CAPS_PLACE = r"[A-Z][A-Z'.]+(?:[ /-][A-Z][A-Z'.]+){0,3}"
_CASE_PLACE = r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}"
_REGION = r"[A-Z][A-Za-z.]+(?:[ -][A-Z][A-Za-z.]+){0,2}?"
_SEP = r"\s*(?:--|-|—|–|:)\s+"


@functools.lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    agency = "|".join(re.escape(a) for a in _agencies())
    lead = rf"(?:\(?(?P<lead>{agency}|(?<=\()[A-Z]{{2,6}})\)?\s*(?:--|-|—|–|:)\s+)?"
    tail = (rf"(?:(?:[,.]\s*|\s+)(?P<date>{_DATE}))?(?:,?\s*\((?P<agency>[A-Za-z .&/-]{{1,30}})\))?")
    caps = re.compile(
        rf"{lead}(?P<place>{_CAPS_PLACE})(?:,\s*(?P<region>{_REGION}))?{tail}"
        rf"(?:{_SEP}|(?<=[a-z0-9.])\s+(?=[A-Z]))")
    case = re.compile(
        rf"{lead}(?P<place>{_CASE_PLACE})(?:,\s*(?P<region>{_REGION}))?"
        rf"(?:,\s*(?P<date>{_DATE})(?:\s*\((?P<agency>[A-Za-z .&/-]{{1,30}})\))?"
        rf"|\s*\((?P<agency2>[A-Za-z .&/-]{{1,30}})\)){_SEP}")
    return caps, case


@functools.lru_cache(maxsize=1)
def _agency_only() -> re.Pattern:
    agency = "|".join(re.escape(a) for a in _agencies())
    return re.compile(rf"(?P<lead>{agency})\s*(?:--|-|—|–|:)\s+")


#: A dateline of a lower-cased crawl copy: "dharwad: police arrested ...", "new delhi: the
#: centre ..." (one to three words and a colon; recasing may have given a known place its
#: capital back)
_LOWER = re.compile(r"(?P<place>[A-Za-z][a-z]+(?:[ -][A-Za-z][a-z]+){0,2})\s*:\s+(?=\S)")


def find_dateline(text: str, start: int = 0, lowercase: bool = False) -> Dateline | None:
    """The dateline at ``text[start:]`` (leading whitespace skipped), or None.

    ``lowercase``: the text was lower-cased as crawled, so a place in any case followed by a
    colon ("dharwad: police arrested ...") counts; case says nothing in such a text."""
    dl = _find(text, start)
    if dl is None and lowercase:
        i = start
        while i < len(text) and text[i].isspace():
            i += 1
        m = _LOWER.match(text, i)
        if m is not None:
            dl = Dateline(i, m.end(), m.group("place"), None, None)
    if dl is None:
        return None
    head = text[dl.start:dl.end].rstrip().rstrip("-—–:").rstrip()
    return Dateline(dl.start, dl.end, dl.place, dl.region, dl.agency, dl.start + len(head))


def _find(text: str, start: int) -> Dateline | None:
    i = start
    while i < len(text) and text[i].isspace():
        i += 1
    head = text[i:i + 160]
    caps, case = _patterns()
    m = caps.match(head)
    if m is not None and m.group("place") in _agencies():
        m = None  # "AFP - ": an agency, not a place
    if m is not None and not (m.group("region") or m.group("date")) and \
            m.group(0).rstrip()[-1:] not in "-—–:":
        m = None  # no separator: only "KATMANDU, Nepal The ..." with region or date counts
    if m is not None and not _caps_is_sentence(m.group("place")):
        place = m.group("place")
        return Dateline(i, i + m.end(), _title(place), m.group("region"),
                        m.group("agency") or m.group("lead"))
    bare = _bare_city(head)
    if bare:
        return Dateline(i, i + bare[1], _title(bare[0]), None, None)
    m = case.match(head)
    if m is not None:
        return Dateline(i, i + m.end(), m.group("place"), m.group("region"),
                        m.group("agency") or m.group("agency2") or m.group("lead"))
    m = _agency_only().match(head)
    if m is not None:
        return Dateline(i, i + m.end(), None, None, m.group("lead"))
    return None


#: Capitalised words at the very start, then a space and a capital: "BAGHDAD US warplanes ..."
_BARE = re.compile(r"([A-Z][A-Z'.]+(?: [A-Z][A-Z'.]+){0,2}) +(?=[A-Z])")
#: A city this large is a dateline even without its separator (wire desks do drop it)
_BARE_MIN_POPULATION = 100_000


def _bare_city(head: str) -> tuple[str, int] | None:
    """A dateline whose separator was lost ("LONDON President Putin ...", "BAGHDAD Iraq
    promised ..."): leading words in capitals that name a large city, followed by a word that
    starts with a capital. A capitalised first word that is not a city ("BRITAIN has warned",
    "YASSER Arafat", "PAKISTANI troops") stays part of the sentence."""
    m = _BARE.match(head)
    if m is None:
        return None
    words = m.group(1).split()
    for k in range(len(words), 0, -1):
        place = " ".join(words[:k])
        if len(place.replace(".", "")) < 4:
            continue
        if any(p.feature == "city" and (p.population or 0) >= _BARE_MIN_POPULATION
               for p in places.lookup(_title(place))):
            end = len(place)
            while end < len(head) and head[end] == " ":
                end += 1
            return place, end
    return None


def _caps_is_sentence(place: str) -> bool:
    """"US" or "UN" alone followed by a dash is a headline word more often than a dateline;
    a one-letter "place" is an initial."""
    letters = place.replace(".", "").replace("'", "")
    return len(letters) < 3


def _title(place: str) -> str:
    """ "GAZA CITY" -> "Gaza City", for lookup in gazetteers that hold names as written."""
    return " ".join(w[:1] + w[1:].lower() if w.isupper() else w for w in place.split())
