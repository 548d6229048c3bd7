"""Deleted numbers and dates: the traces a year or a date leaves when a scraper strips digits.

A sentence whose year was deleted must not be dated from its neighbours, so we look for what
deletion leaves behind rather than for numbers themselves. Each pattern below matches a trace
that ordinary English (checked on clean 2004 news) almost never produces:

strong traces, flagged on their own:
  * a decade without digits: "the s", "the late s", "mid-s", a stray "'s" or "-year-old";
  * an ordinal suffix without its number: "th century", "the rd Division";
  * a preposition or determiner left hanging before punctuation or a conjunction: "In , the",
    "between and", "from to", "the .", "in and the", "()";
  * a preposition followed by a sentence-opening word: "the Joint Declaration of A formal";
  * a day glued to the next word: "on August 8,after"; "on October the" (a month after "on"
    with no day);
  * a sentence-opening "In"/"On"/"During" followed by a run of names and straight away a finite
    verb: "In the Soviets seized", "In Boris Yeltsin and Morihiro Hosokawa signed" (the year and
    its comma are gone; with them the sentence would read "In 1993, Boris Yeltsin ...");
  * a currency sign or "percent" with nothing to count: "$ million", "by percent".
weak traces, flagged only when the document shows two strong ones, or has no four-digit year
and one strong trace or three weak ones, or no digit at all in a long text (a doorway copy
deletes every number, so its weak traces are real):
  * a month with no day or year: "in June.", "In August Soviet forces";
  * a preposition of time stranded at the end of a sentence: "has been signed since.".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
           "December|Jan\\.|Feb\\.|Aug\\.|Sept?\\.|Oct\\.|Nov\\.|Dec\\.")
_S = r"(?<![\w'’])"  # start of a word

_PAST_IRREGULAR = (
    "was were had began became broke brought built came chose drew fell fought forbade forgave "
    "froze gave went grew held hid kept knew laid led left lent lost made meant met paid put "
    "quit ran rose said saw sought sold sent set shook shot shut slew sold spoke spent stood "
    "stole struck swore took taught tore told thought threw understood undertook upheld won "
    "withdrew withheld wrote overthrew overran overtook agreed"
).split()

_STRONG = [
    # decades and ages without digits
    rf"{_S}(?:[Tt]he|early|late|mid|[Ii]n|[Oo]f|[Bb]y|[Ff]rom|to|until|and|through)(?:\s+|-)s\b(?![\w'’-])",
    rf"{_S}(?:[Tt]he|[Ii]n|[Oo]f|[Bb]y|since|from|and|until|[Ss]ince)\s+['’]s\b",
    r"(?<!\d\s)(?<=[\s(])-(?:year|month|week|day|hour|mile|kilometre|kilometer|km|member|nation|point|page|strong|seat)s?\b",
    # ordinal suffix orphaned
    rf"{_S}(?:st|nd|rd|th)[\s-](?:century|centuries|anniversary|parallel|congress|session|division|army|fleet|amendment|round|summit|plenum)\b",
    rf"{_S}[Tt]he\s+(?:st|nd|rd|th)\b(?![\w'’-])",
    # preposition / determiner left hanging before punctuation
    rf"{_S}(?:the|an?|between|during|until|circa)\s*(?:[,;:)]|\.(?![\w.]))",
    rf"{_S}(?:and|or)\s*\.(?![\w.])",
    r"(?:^|(?<=[.!?]\s)|(?<=\n))(?P<drop>(?:In|On|Since|By|From|Of|During|Until|Between)\s*[,;:.]\s*)",
    rf"{_S}(?:in|on|since|by|from|of|during|until)\s+[,;:)]",
    # preposition followed by a conjunction or another preposition
    rf"{_S}(?P<drop>(?:[Ii]n|[Oo]n|[Ss]ince|[Uu]ntil|[Dd]uring|[Ff]rom|[Oo]f|[Bb]y)\s+)(?:and|or|but|while|until|through)\b(?!\s+(?:out|around|off|on|large|again|so|forth|about|by|from|to|near|at|with|into|for|under|over|through|within|outside|inside|across|against|among|between)\b)",
    rf"{_S}(?:[Bb]etween)\s+(?:and|to)\b",
    rf"{_S}(?:[Ff]rom)\s+to\b",
    r"\(\s*[-–—,;/]?\s*\)",
    rf"{_S}(?:[Tt]he|of|in|on|since|by|from)\s+[/–-]\s",  # "the / attacks", "from – "
    # preposition followed by a word that opens a sentence (the year and its full stop are gone)
    r"(?P<dot>\s(?:in|of|on|since|until|during|by|from|after|before|between))\s+"
    r"(?:The|A|An|In|On|After|Before|During|This|These|Its|His|Her|Their|However|But|When|While|Although|It|He|She|They|We)\s+(?=[a-z])",
    # a day glued to the next word, a month after "on" with no day
    r"\b\d{1,2},(?=[A-Za-z])[A-Za-z]+",
    rf"\b(?:{_MONTHS})\s+\d{{1,2}},\s*[.;:,]",
    rf"{_S}[Oo]n\s+(?:{_MONTHS})(?!\s*\d)(?=\s*[,.;]|\s+(?:the|a|an|[A-Z]))",
    rf"\b(?:{_MONTHS})\s+[,.;](?!\d)",
    # currency and percentages with nothing to count
    r"(?<![\w$])\$\s*(?:million|billion|trillion)\b",
    r"(?<=\s)%",
    rf"{_S}(?:of|about|over|nearly|than|some|almost|around|by|and|the|to)\s+(?:million|billion|trillion|percent|per cent)\b",
]

_WEAK = [
    rf"{_S}(?:[Ii]n|[Bb]y|[Ss]ince|[Uu]ntil|[Oo]f|[Ff]rom|[Dd]uring|[Ee]arly|[Ll]ate)\s+(?:{_MONTHS})(?![\w-])(?!\s*\d)",
    rf"{_S}(?:in|on|since|until|by|from|of|during)\s*\.(?![\w.])",
]


@lru_cache(maxsize=1)
def _compiled() -> tuple[list[re.Pattern], list[re.Pattern], re.Pattern]:
    strong = [re.compile(p) for p in _STRONG]
    weak = [re.compile(p) for p in _WEAK]
    cap = r"(?:[A-Z][\w’'.-]*)"
    link = r"(?:and|of|the|de|al|von|van|le|la|bin)"
    adverb = r"(?:[a-z]{3,}ly|together|jointly|also|then|again|later|soon|still|first|finally)"
    verb = r"(?:[a-z]{3,}ed|" + "|".join(_PAST_IRREGULAR) + r")"
    opener = re.compile(
        r"(?:^|(?<=[.!?]\s)|(?<=\n)|(?<=,\sand\s)|(?<=\sand\s)|(?<=;\s))"
        rf"(?P<drop>(?:In|in|On|During)\s+)(?:the\s+)?{cap}(?:\s+(?:{link}\s+)?{cap}){{0,5}}\s+(?:{adverb}\s+)?{verb}\b"
    )
    return strong, weak, opener


@dataclass
class Trace:
    start: int
    end: int
    strong: bool
    #: a repair for the clean view: ``text[fix_start:fix_end]`` becomes ``fix`` (the preposition
    #: left hanging by a deleted year goes: "In Boris Yeltsin and ... signed" -> "Boris Yeltsin
    #: and ... signed"; "Declaration of A formal" -> "Declaration. A formal"), so that the
    #: parser sees a sentence again; None when the text stays as it is
    fix_start: int | None = None
    fix_end: int | None = None
    fix: str = ""
    #: the character after the repair opens a sentence and gets a capital
    capitalise: bool = False


def _repair(m: re.Match, text: str) -> dict:
    groups = m.groupdict()
    if groups.get("drop"):
        s, e = m.span("drop")
        # the dropped word opened its sentence (it had a capital): what follows opens it now
        return {"fix_start": s, "fix_end": e, "fix": "", "capitalise": text[s].isupper()}
    if groups.get("dot"):
        s, e = m.span("dot")
        return {"fix_start": s, "fix_end": e, "fix": ".", "capitalise": False}
    return {}


def find_missing_numbers(text: str, words: int | None = None) -> list[Trace]:
    """Traces of deleted numbers in ``text``, as (start, end) spans, sorted and non-overlapping."""
    strong_pats, weak_pats, opener = _compiled()
    found: list[Trace] = []
    for p in strong_pats:
        for m in p.finditer(text):
            found.append(Trace(m.start(), m.end(), True, **_repair(m, text)))
    for m in opener.finditer(text):
        found.append(Trace(m.start(), m.end(), True, **_repair(m, text)))
    n_words = words if words is not None else len(text.split())
    weak = [Trace(m.start(), m.end(), False) for p in weak_pats for m in p.finditer(text)]
    no_years = not re.search(r"(?<!\d)\d{4}(?!\d)", text)
    damaged_doc = len(found) >= 2 or (no_years and (
        len(found) >= 1 or len(weak) >= 3 or (n_words >= 150 and not re.search(r"\d", text))))
    if damaged_doc:
        found.extend(weak)
    found.sort(key=lambda t: (t.start, -t.end))
    out: list[Trace] = []
    for t in found:
        s, e = t.start, t.end
        while e > s and text[e - 1].isspace():
            e -= 1
        while s < e and text[s].isspace():
            s += 1  # the span starts at the word, not at the space before it
        if out and s < out[-1].end:
            if e > out[-1].end:
                prev = out[-1]
                out[-1] = Trace(prev.start, e, prev.strong or t.strong, prev.fix_start,
                                prev.fix_end, prev.fix, prev.capitalise)
            continue
        out.append(Trace(s, e, t.strong, t.fix_start, t.fix_end, t.fix, t.capitalise))
    return out
