"""When did it happen: the date of each event, from its sentence, its paragraph or its document.

The coder calls :meth:`DateResolver.resolve` once per document with the clean text the parser
saw, the sentence spans, the document date and the spans screening found damaged. It gets back
one :class:`SentenceDates` per sentence and asks each for the date of an event whose trigger
starts at a given offset (:meth:`SentenceDates.for_offset`).

The rules, in the order they are applied (they are the documentation of this module; the tests
in tests/test_dates.py pin each one):

1. **Explicit dates in the sentence** (``source="sentence"``), with their precision kept:
   ``1956-10-19``, ``October 19, 1956``, ``19 October 1956``, ``the 19th of October 1956``,
   ``10/19/1956`` (day and month only when one of them is > 12, else the year alone),
   ``19.10.1956`` (dotted: day.month.year),
   ``March 1948``, ``mid-March 1948`` -> ``1948-03``; a year after a word that places a time
   (``in 1905``, ``by 1945``, ``during``, ``throughout``, ``around``, ``early``, ``mid-``,
   ``late``, ``the year``, ``spring of``...), and ``from 1950 to 1955`` / ``between 1950 and
   1955`` (the first year: where the period starts).
   A bare four-digit number is *not* a year: ``1,905 troops``, ``$1956``, ``Resolution 1441``,
   ``in 1500 villages`` (a count noun follows), ``rose by 1500``, ``the 2000-2500 km range`` are
   left alone; nor are bounds and references (``since 1642``, ``until 1989``, ``after 1945``,
   ``the war of 1812``): they do not date the event. A sentence or timeline entry opening
   ``1956:`` is a year; ``the 1979 treaty`` or ``suspects in the 1994 bombing`` (an adjective
   naming an earlier thing) is not, unless the text puts the event inside it (``during the 1973
   war``). Years before 1000 or after 2100 are ignored.
2. **Decades** (``in the 1970s``, ``the early 1950s``, ``the sixties``, ``the '80s``: the last
   two are read as 20th-century) give the decade's first year, ``"1970"``, with
   ``precision="decade"`` on the :class:`DateInfo` (the record contract has no decade form).
   **Seasons** with a year (``the spring of 1948``) give the year.
3. **Dates relative to the document date** (``source="sentence"``: the expression is in the
   sentence) need a document date precise enough: ``today``/``tonight`` (the document date),
   ``yesterday`` / ``last night`` (-1 day), ``tomorrow``, weekdays, ``N days/weeks ago`` (days),
   ``N months ago`` (month), ``N years/decades ago`` / ``last year`` / ``this year`` (year),
   ``last week`` / ``this week`` / ``last weekend`` / ``over the weekend`` (the month of that
   week: a week has no precision in the contract),
   ``last month`` / ``earlier this month`` (month). A bare weekday (``on Thursday``) is the most
   recent such day *on or before* the document date: in a story dated Thursday 2001-03-15,
   "expelled diplomats on Thursday" is 2001-03-15, as wire copy means it (the default;
   ``DateResolver(same_day_weekday=False)`` reads it as the week before, 2001-03-08). ``last
   Thursday`` is always strictly before; ``next Thursday`` and a weekday after a future marker
   in the same stretch of clause (``will``, ``is to``, ``plans to``, ``scheduled``, ``expected
   to``; not across a comma, and not right after a reporting verb: "said on Monday") are after
   it (or on it, with ``same_day_weekday``). A month or day without a year ("in June", "on
   October 19") takes the paragraph's year when a date came before it (``source="context"``),
   else the document's, moved to the previous year when it would fall after the document date
   (to the next when the text speaks of the future).
4. **Dates relative to the paragraph's last date** (``source="context"``): ``two days later``,
   ``a week later``, ``a fortnight later``, ``the following day``, ``the next month``, ``a year
   earlier``, ``three decades later``, ``that same month``, ``later that year``, ``later in the
   year``, ``the end of that month``, ``that summer``, ``the following spring``, ``that
   October``, ``the following March``, ``hours later`` (the anchor itself), ``days later`` (its
   month), ``weeks/months later`` (its year)... are counted from the last date expressed in the
   same paragraph before them (rules 1-4, earlier in the same sentence included). Without such
   an anchor they say nothing. Precision never exceeds the anchor's: ``two days later`` after
   ``March 1948`` is ``1948-03``. Holidays (``Christmas Day 1979``, ``New Year's Eve``) are
   dates like any other.
5. **Carry-forward** (``source="context"``): a sentence with no date of its own takes the
   paragraph's last date only when it says it continues the story: it opens with or contains
   ``then``, ``afterwards``, ``subsequently``, ``thereafter``, ``meanwhile``, ``at the same
   time``, ``in response``, ``in retaliation``, ``in return``, ``soon after``, ``shortly
   after``, or opens with ``Later``. ``then``, ``meanwhile``, ``at the same time`` and the
   ``in response`` family keep the anchor's precision; the others ("later", "afterwards", ...)
   keep at most the month.
6. Otherwise the **document date** (``source="document"``), otherwise ``None``. Without a
   document date, a wire dateline opening the text ("MOSCOW, Aug. 23, 2004 - ...") is taken as
   the document date, with the wire convention for weekdays ("said Monday" in a Monday story is
   that Monday).

Bounds are not dates: a date right after ``since``, ``until``, ``before``, ``after``, ``from`` or
``through`` is dropped ("Tokyo has claimed the islands since March 1953" is not dated 1953-03).

A sentence overlapping a ``damaged`` span (screening found a deleted number or date there) gets
``DateInfo(None, None)`` for every event, never a neighbouring year, and resets the anchor:
nothing carries forward across it. Paragraphs are the ``paragraphs`` spans when given, else the
text split at blank lines.

When a sentence holds several dates, :meth:`SentenceDates.for_offset` picks, within the clause
of the trigger (clauses split at ``;``, ``:`` and a comma followed by ``and``/``but``/``while``/
``whereas``/``although``), the nearest date before the trigger, else the nearest after it; if the
clause has none, the nearest date in the sentence.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date as _date, timedelta

__all__ = ["DateInfo", "SentenceDates", "DateResolver", "parse_iso"]

MIN_YEAR, MAX_YEAR = 1000, 2100

SENTENCE, CONTEXT, DOCUMENT = "sentence", "context", "document"


@dataclass
class DateInfo:
    """A date with its precision kept in its form ("YYYY-MM-DD", "YYYY-MM", "YYYY") and its source."""

    date: str | None
    source: str | None  # "sentence" | "context" | "document" | None
    start: int | None = None  # offsets of the expression in the text given to resolve()
    end: int | None = None
    #: "day" | "month" | "year" | "decade" (a decade is written as its first year)
    precision: str | None = None


# --------------------------------------------------------------------------------------------
# A partial date: year, optional month, optional day, and the precision to report.

@dataclass(frozen=True)
class _D:
    y: int
    m: int | None = None
    d: int | None = None
    decade: bool = False

    @property
    def precision(self) -> str:
        if self.decade:
            return "decade"
        return "day" if self.d else "month" if self.m else "year"

    def iso(self) -> str:
        if self.d and self.m:
            return f"{self.y:04d}-{self.m:02d}-{self.d:02d}"
        if self.m:
            return f"{self.y:04d}-{self.m:02d}"
        return f"{self.y:04d}"

    def truncate(self, precision: str) -> "_D":
        """Keep at most ``precision`` (day > month > year)."""
        if precision == "year":
            return _D(self.y, decade=self.decade)
        if precision == "month":
            return _D(self.y, self.m)
        return self


def _valid(y: int, m: int | None = None, d: int | None = None) -> bool:
    if not MIN_YEAR <= y <= MAX_YEAR:
        return False
    if m is not None and not 1 <= m <= 12:
        return False
    if d is not None:
        if m is None or not 1 <= d <= calendar.monthrange(y, m)[1]:
            return False
    return True


def parse_iso(value: str | None) -> _D | None:
    """Parse a document date ("YYYY-MM-DD", "YYYY-MM", "YYYY", or an ISO datetime) or None."""
    if not value:
        return None
    value = str(value).strip()
    if re.fullmatch(r"\d{8}", value):  # compact "20010315"
        value = f"{value[:4]}-{value[4:6]}-{value[6:]}"
    m = re.match(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?!\d)", value)
    if not m:
        return None
    y = int(m.group(1))
    mo = int(m.group(2)) if m.group(2) else None
    d = int(m.group(3)) if m.group(3) else None
    if not _valid(y, mo, d):
        return None
    return _D(y, mo, d)


def _add_days(base: _D, days: int) -> _D:
    """``days`` from ``base``; a base without a day keeps its own precision (never invented)."""
    if base.d and base.m:
        dt = _date(base.y, base.m, base.d) + timedelta(days=days)
        return _D(dt.year, dt.month, dt.day)
    return base


def _add_months(base: _D, months: int) -> _D:
    if base.m:
        idx = base.y * 12 + (base.m - 1) + months
        return _D(idx // 12, idx % 12 + 1)
    return _D(base.y + (months // 12 if abs(months) >= 12 else 0))


def _add_years(base: _D, years: int) -> _D:
    return _D(base.y + years)


def _shift(base: _D, unit: str, n: int) -> _D:
    """``base`` moved by ``n`` units; the result's precision is the coarser of base and unit."""
    if unit == "day":
        return _add_days(base, n)
    if unit == "week":
        return _add_days(base, 7 * n)
    if unit == "month":
        return _add_months(base, n)
    if unit == "decade":
        return _add_years(base, 10 * n)
    return _add_years(base, n)


# --------------------------------------------------------------------------------------------
# Vocabulary

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
             "saturday": 5, "sunday": 6}
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
            "fifteen": 15, "twenty": 20, "thirty": 30, "several": None, "few": None}


def _cap_alternatives(words) -> str:
    """Month names match Capitalised or UPPER only: "may" and "march" are also common words."""
    alts = []
    for w in sorted(words, key=len, reverse=True):
        alts.append(w.capitalize())
        alts.append(w.upper())
    return "|".join(alts)


_MON = (rf"(?P<mon>{_cap_alternatives(_MONTHS)})(?![a-z])"
        r"(?:(?<=Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\.|(?<=Sept)\.)?")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>[12]\d{3})(?![\d])"
_NUM_WORD = r"(?P<n>\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)"
_WD = rf"(?P<wd>{_cap_alternatives(_WEEKDAYS)})"

# Words after which a four-digit number is read as a year.
_YEAR_INTRO = {
    "in", "by", "throughout", "during", "around", "circa", "c.", "ca.", "about", "early", "mid",
    "mid-", "late", "year", "summer", "spring", "autumn", "fall", "winter", "ad",
}
# Not here on purpose: "since", "until", "after", "before", "from", "of" give a bound or name an
# earlier thing ("the worst breach since 1642", "the war of 1812"), not the event's date.
_BOUNDS = {"since", "until", "till", "til", "before", "after", "from", "through", "ago"}
# Verbs of change: "rose by 1500", "cut by 2000" are amounts, not years.
_CHANGE_VERBS = {
    "increased", "increase", "reduced", "reduce", "rose", "risen", "rise", "fell", "fallen",
    "grew", "grown", "cut", "declined", "dropped", "raised", "lowered", "up", "down", "boosted",
    "expanded", "shrank", "outnumbered", "exceeded", "won", "lost", "beat", "led", "trailed",
    "total", "totalled", "totaled", "numbering", "some", "nearly", "almost", "over", "than",
}
# Nouns that make the number before them a count.
_COUNT_NOUNS = set("""
troops soldiers people persons men women children civilians refugees votes voters tons tonnes
km kilometres kilometers miles metres meters feet acres hectares dollars euros pounds yen rubles
roubles barrels tanks aircraft planes jets helicopters missiles rockets shells rounds prisoners
deaths casualties dead killed wounded injured members delegates seats units villages towns
protesters demonstrators workers hostages fighters rebels militants police policemen officers
employees years days hours minutes weeks months households homes houses cases residents
migrants detainees students votes ballots pages copies sheep cattle guns rifles vehicles trucks
ships vessels boats sailors marines pilots paratroopers reservists volunteers observers
peacekeepers monitors inspectors diplomats envoys staff personnel settlers settlements families
jobs points per percent strong kms
""".split())
_FUTURE = re.compile(
    r"\b(?:will|shall|is\s+to|are\s+to|plans?\s+to|planned\s+to|scheduled|expected\s+to|"
    r"intends?\s+to|due\s+to|is\s+set\s+to|are\s+set\s+to|tomorrow)\b", re.I)

_REPORTED = re.compile(
    r"\b(?:said|says|announced|told|reported|stated|added|confirmed|declared|denied|claimed|"
    r"launched|demanded|insisted|warned|signed|met|agreed)\s+(?:(?:late|early)\s+)?(?:on\s+)?"
    r"(?:(?:late|early)\s+)?$", re.I)

# Continuation cues for carry-forward (rule 5).
_CUE_KEEP = re.compile(
    r"(?<!since )(?<!until )(?<!till )(?<!by )(?<!back )(?<!even )(?<!only )"
    r"\b(?:then(?![-–])|meanwhile|at\s+the\s+same\s+time|in\s+response|in\s+retaliation|"
    r"in\s+return(?!\s+for\b)|the\s+same\s+day)\b", re.I)  # not "then-President", "since then",
#   "by then"; "in return for" is an exchange, not a time
_CUE_MONTH = re.compile(
    r"(?:^\W*later\b|\b(?:afterwards?|subsequently|thereafter|soon\s+after(?:wards?)?|"
    r"shortly\s+after(?:wards?)?|soon\s+afterward|not\s+long\s+after(?:wards?)?)\b)", re.I)

_CLAUSE_BREAK = re.compile(
    r";|:\s|,\s+(?:and|but|while|whereas|although|though|yet)\b|\s+and\s+then\b", re.I)


# --------------------------------------------------------------------------------------------
# Patterns. Each yields (start, end, kind, data); kind says how to turn data into a date.

_P_ISO = re.compile(r"(?<![\d\-/.])(?P<year>[12]\d{3})-(?P<m>\d{2})-(?P<d>\d{2})(?![\d])")
_P_MDY = re.compile(
    rf"\b{_MON}\s+{_DAY}(?:\s*[-–]\s*[0-3]?\d)?(?:\s*,\s*|\s+){_YEAR}")
_P_DMY = re.compile(
    rf"(?<![\d,.$])\b{_DAY}(?:\s*[-–]\s*[0-3]?\d)?\s+(?:of\s+)?{_MON},?\s+{_YEAR}")
_P_SLASH = re.compile(
    r"(?<![\d/.])(?P<a>[0-3]?\d)(?P<sep>[/.])(?P<b>[0-3]?\d)(?P=sep)(?P<year>[12]\d{3})(?![\d/]|\.\d)")
# "the sixties", "the '80s": decades of the 20th century
_P_DECADE_WORD = re.compile(
    r"\b(?:the|The)\s+(?:(?:early|mid|late)[\s-]+)?(?:(?P<w>twenties|thirties|forties|fifties|"
    r"sixties|seventies|eighties|nineties)|['’](?P<d2>[2-9]0)s)\b")
_P_MY = re.compile(
    rf"(?:\b(?:early|mid|late|the\s+end\s+of|the\s+beginning\s+of)[\s-]+)?\b{_MON},?\s+(?:of\s+)?{_YEAR}")
_P_MD = re.compile(rf"\b{_MON}\s+{_DAY}\b(?!\s*,?\s*[12]\d{{3}})(?![\d:])")
_P_DM = re.compile(rf"(?<![\d,.$])\b{_DAY}\s+(?:of\s+)?{_MON}\b(?!,?\s*[12]\d{{3}})")
_P_MON = re.compile(
    rf"\b(?P<prep>in|In|during|During|by|By|early|Early|late|Late|mid|Mid|"
    rf"last|Last|next|Next|this|This|of|through)[\s-]+(?:early[\s-]+|late[\s-]+|mid[\s-]*)?{_MON}(?!\s*,?\s*(?:[12]\d{{3}}|[0-3]?\d\b))")
_P_DECADE = re.compile(
    r"(?<![\d,.$])\b(?:(?:the|The)\s+)?(?:(?:early|mid|late)[\s-]+)?(?P<dec>[12]\d{2}0)['’]?s\b")
_P_SEASON = re.compile(
    rf"\b(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?P<season>spring|summer|autumn|fall|winter|Spring|Summer|Autumn|Fall|Winter)\s+(?:of\s+)?{_YEAR}")
_P_RANGE = re.compile(
    rf"\b(?:from|From|between|Between)\s+{_YEAR}\s*(?:to|and|until|till|-|–)\s*[12]\d{{3}}(?!\d)")
_P_YEAR = re.compile(r"(?<![\d,.$£€#/])(?<!\d[-–])\b(?P<year>[12]\d{3})(?!\d|,\d|\.\d|%)")

_P_REL_DOC = re.compile(
    r"\b(?P<expr>the\s+day\s+before\s+yesterday|yesterday|today|tonight|tomorrow|last\s+night|"
    r"this\s+(?:morning|afternoon|evening)|(?:over|at|during)\s+the\s+weekend|"
    r"(?P<which>last|this|next|past|earlier\s+this|later\s+this)\s+(?P<unit>week(?:end)?|month|year)|"
    rf"{_NUM_WORD}\s+(?P<unit2>day|week|month|year|decade)s?\s+ago)\b", re.I)
_P_WEEKDAY = re.compile(rf"\b(?:(?P<pre>last|next|this|Last|Next|This)\s+)?{_WD}s?\b")
_P_REL_ANCHOR = re.compile(
    r"\b(?P<expr>"
    rf"{_NUM_WORD}\s+(?P<unit>day|week|month|year|decade)s?\s+(?P<dir>later|after(?:wards?)?|earlier|before|on)|"
    r"the\s+(?P<dir2>following|next|previous|preceding|subsequent)\s+(?P<unit2>day|morning|afternoon|evening|night|week|month|year|spring|summer|autumn|fall|winter)|"
    r"the\s+day\s+(?P<dir3>after|before)|"
    r"(?:(?P<when>later|earlier)\s+)?(?:that|the\s+same)\s+(?:same\s+)?(?P<unit3>day|morning|afternoon|evening|night|week|month|year|spring|summer|autumn|fall|winter)|"
    r"(?:(?:a\s+few|several|some)\s+)?(?P<vague>hours|minutes|moments|days|weeks|months)\s+(?P<vdir>later|afterwards?|earlier)|"
    r"a\s+fortnight\s+(?P<fdir>later|earlier)|"
    r"(?P<mdir>that|the\s+following|the\s+next|the\s+previous|the\s+preceding)\s+"
    r"(?-i:(?P<mon3>January|February|March|April|May|June|July|August|September|October|November|December))|"
    r"(?:later|earlier)\s+in\s+the\s+(?P<unit4>year|month|week|day)|"
    r"(?:the\s+)?end\s+of\s+(?:the|that)\s+(?P<unit5>year|month|week)"
    r")\b", re.I)
_SEASON_MONTH = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_P_HOLIDAY = re.compile(
    r"\b(?P<hol>Christmas Day|Christmas Eve|Christmas|New Year's Day|New Year's Eve|New Year's|"
    r"Boxing Day|Bastille Day)(?:,?\s+(?:of\s+)?(?P<year>[12]\d{3})(?!\d))?")
_HOLIDAYS = {"christmas day": (12, 25), "christmas eve": (12, 24), "christmas": (12, 25),
             "new year's day": (1, 1), "new year's eve": (12, 31), "new year's": (1, 1),
             "boxing day": (12, 26), "bastille day": (7, 14)}

# A sentence without any of these cannot hold a date expression: skip the patterns.
_ANY_DATE_WORD = re.compile(
    r"\d|['’]\d0s|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|"
    r"yesterday|today|tonight|tomorrow|week|month|year|day|decade|morning|afternoon|evening|"
    r"night|spring|summer|autumn|fall|winter|twenties|thirties|forties|fifties|sixties|seventies|"
    r"eighties|nineties|hours|minutes|moments|fortnight|christmas|new year|boxing|bastille)", re.I)

_HAS_YEAR = re.compile(r"[12]\d{2}0|[12]\d{3}")
_HAS_MONTH = re.compile(rf"(?:{_cap_alternatives(_MONTHS)})(?![a-z])")
_HAS_WEEKDAY = re.compile(rf"(?:{_cap_alternatives(_WEEKDAYS)})")
_HAS_REL = re.compile(r"yesterday|today|tonight|tomorrow|week|month|year|day|decade|morning|"
                      r"afternoon|evening|night|spring|summer|autumn|fall|winter|hours|minutes|"
                      r"moments|fortnight|end\s+of|" + _HAS_MONTH.pattern, re.I)

_UNIT_NORMAL = {"morning": "day", "afternoon": "day", "evening": "day", "night": "day",
                "spring": "season", "summer": "season", "autumn": "season", "fall": "season",
                "winter": "season", "weekend": "week"}


@dataclass
class _Mention:
    start: int
    end: int
    kind: str  # "abs" | "rel_doc" | "rel_anchor" | "partial" (month/day without year)
    priority: int
    data: dict = field(default_factory=dict)


def _num(word: str) -> int | None:
    w = word.lower()
    if w.isdigit():
        return int(w)
    return _NUMBERS.get(w)


def _prev_words(text: str, pos: int, n: int = 2) -> list[str]:
    """The ``n`` words before ``pos`` (lowercased, punctuation stripped), nearest last."""
    left = text[max(0, pos - 60):pos]
    words = re.findall(r"[A-Za-z][A-Za-z.\-]*", left)
    return [w.lower().rstrip(".") if w.lower() not in ("c.", "ca.") else w.lower() for w in words[-n:]]


def _next_word(text: str, pos: int) -> str:
    m = re.match(r"[\s\-–]*([A-Za-z%]+)", text[pos:pos + 40])
    return m.group(1).lower() if m else ""


# --------------------------------------------------------------------------------------------


class SentenceDates:
    """The dates of one sentence: the mentions found in it and the date of the sentence itself."""

    def __init__(self, start: int, end: int, default: DateInfo,
                 mentions: list[DateInfo] | None = None, clause_breaks: list[int] | None = None,
                 damaged: bool = False):
        self.start, self.end = start, end
        self.default = default
        self.mentions = sorted(mentions or [], key=lambda d: d.start or 0)
        self._breaks = sorted(clause_breaks or [])
        self.damaged = damaged

    def _clause(self, offset: int) -> int:
        return bisect_right(self._breaks, offset)

    def for_offset(self, offset: int) -> DateInfo:
        """The date governing an event whose trigger starts at ``offset`` (see module docs)."""
        if self.damaged:
            return DateInfo(None, None)
        if not self.mentions:
            return self.default
        clause = self._clause(offset)
        same = [d for d in self.mentions if self._clause(d.start) == clause]
        before = [d for d in same if d.start <= offset]
        if before:
            return before[-1]
        if same:
            return same[0]
        return min(self.mentions,
                   key=lambda d: min(abs(offset - d.start), abs(offset - d.end)))

    @property
    def date(self) -> DateInfo:
        """The sentence's date as a whole (for resolving its actors to the states of the time):
        its first date expression, else its default. Events take :meth:`for_offset`."""
        if self.damaged:
            return DateInfo(None, None)
        return self.mentions[0] if self.mentions else self.default

    def __repr__(self) -> str:
        return (f"SentenceDates({self.start}, {self.end}, default={self.default}, "
                f"mentions={self.mentions})")


class DateResolver:
    """Finds date expressions and turns them into dates (see the module docstring for the rules).

    Build it once: the patterns are compiled at import; the object holds no per-document state.
    """

    def __init__(self, same_day_weekday: bool = True) -> None:
        """``same_day_weekday``: read a bare weekday that is the document's own weekday as the
        document's day (wire-copy convention) instead of the same weekday a week before."""
        self.same_day_weekday = same_day_weekday
        self._abs_patterns = [
            (_P_ISO, 0), (_P_MDY, 1), (_P_DMY, 1), (_P_SLASH, 2), (_P_SEASON, 3), (_P_MY, 3),
            (_P_RANGE, 4), (_P_DECADE, 5), (_P_DECADE_WORD, 5),
        ]

    # -- finding mentions ----------------------------------------------------------------------

    def _find(self, text: str, s: int, e: int) -> list[_Mention]:
        seg = text[s:e]
        if not _ANY_DATE_WORD.search(seg):  # most sentences: nothing to look at
            return []
        out: list[_Mention] = []

        def add(match: re.Match, kind: str, prio: int, **data) -> None:
            out.append(_Mention(s + match.start(), s + match.end(), kind, prio, data))

        # cheap guards: each family of patterns runs only where its words can be
        has_year = _HAS_YEAR.search(seg) is not None
        has_month = _HAS_MONTH.search(seg) is not None
        has_rel = _HAS_REL.search(seg) is not None
        for pat, prio in self._abs_patterns:
            if not has_year and pat is not _P_DECADE_WORD:
                continue
            if pat in (_P_MDY, _P_DMY, _P_MY) and not has_month:
                continue
            for m in pat.finditer(seg):
                gd = m.groupdict()
                if pat is _P_ISO:
                    y, mo, d = int(gd["year"]), int(gd["m"]), int(gd["d"])
                    if _valid(y, mo, d):
                        add(m, "abs", prio, d=_D(y, mo, d))
                elif pat in (_P_MDY, _P_DMY):
                    y, mo, d = int(gd["year"]), _MONTHS[gd["mon"].lower()], int(gd["day"])
                    if _valid(y, mo, d):
                        add(m, "abs", prio, d=_D(y, mo, d))
                    elif _valid(y, mo):
                        add(m, "abs", prio, d=_D(y, mo))
                elif pat is _P_SLASH:
                    a, b, y = int(gd["a"]), int(gd["b"]), int(gd["year"])
                    if gd["sep"] == "." and _valid(y, b, a):  # dotted dates are day.month.year
                        add(m, "abs", prio, d=_D(y, b, a))
                    elif a > 12 and _valid(y, b, a):
                        add(m, "abs", prio, d=_D(y, b, a))
                    elif b > 12 and _valid(y, a, b):
                        add(m, "abs", prio, d=_D(y, a, b))
                    elif _valid(y) and a <= 12 and b <= 12:
                        add(m, "abs", prio, d=_D(y))
                elif pat is _P_MY:
                    y, mo = int(gd["year"]), _MONTHS[gd["mon"].lower()]
                    if _valid(y, mo):
                        add(m, "abs", prio, d=_D(y, mo))
                elif pat is _P_SEASON or pat is _P_RANGE:
                    y = int(gd["year"])
                    if _valid(y):
                        add(m, "abs", prio, d=_D(y))
                elif pat is _P_DECADE_WORD:
                    if gd["w"]:
                        y = 1900 + 10 * ["twenties", "thirties", "forties", "fifties", "sixties",
                                         "seventies", "eighties", "nineties"].index(gd["w"]) + 20
                    else:
                        y = 1900 + int(gd["d2"])
                    add(m, "abs", prio, d=_D(y, decade=True))
                elif pat is _P_DECADE:
                    y = int(gd["dec"])
                    if _valid(y):
                        add(m, "abs", prio, d=_D(y, decade=True))

        for m in (_P_YEAR.finditer(seg) if has_year else ()):
            if self._is_year(text, s + m.start(), s + m.end(), s):
                y = int(m.group("year"))
                if _valid(y):
                    add(m, "abs", 6, d=_D(y))

        # month + day without a year, and "in March" without a year: the year comes later
        for m in _P_HOLIDAY.finditer(seg):
            mon, day = _HOLIDAYS[m.group("hol").lower()]
            if m.group("year"):
                y = int(m.group("year"))
                if _valid(y, mon, day):
                    add(m, "abs", 1, d=_D(y, mon, day))
            else:
                add(m, "partial", 7, mon=mon, day=day)
        for m in (_P_MD.finditer(seg) if has_month else ()):
            d = int(m.group("day"))
            if 1 <= d <= 31:
                add(m, "partial", 7, mon=_MONTHS[m.group("mon").lower()], day=d)
        for m in (_P_DM.finditer(seg) if has_month else ()):
            d = int(m.group("day"))
            if 1 <= d <= 31:
                add(m, "partial", 7, mon=_MONTHS[m.group("mon").lower()], day=d)
        for m in (_P_MON.finditer(seg) if has_month else ()):
            add(m, "partial", 8, mon=_MONTHS[m.group("mon").lower()], day=None,
                which=m.group("prep").lower())

        for m in (_P_REL_DOC.finditer(seg) if has_rel else ()):
            add(m, "rel_doc", 9, g=m.groupdict())
        for m in (_P_WEEKDAY.finditer(seg) if _HAS_WEEKDAY.search(seg) else ()):
            add(m, "weekday", 9, wd=_WEEKDAYS[m.group("wd").lower()],
                pre=(m.group("pre") or "").lower())
        for m in (_P_REL_ANCHOR.finditer(seg) if has_rel else ()):
            add(m, "rel_anchor", 10, g=m.groupdict())

        # overlaps: keep the more specific (lower priority number), then the longer
        out.sort(key=lambda x: (x.priority, -(x.end - x.start), x.start))
        kept: list[_Mention] = []
        for mt in out:
            if all(mt.end <= k.start or mt.start >= k.end for k in kept):
                kept.append(mt)
        # a weekday right before a calendar date ("Thursday, October 19, 1956") is part of it;
        # a date after "since", "until", "before", "after" is a bound, not the event's date
        kept.sort(key=lambda x: x.start)
        final: list[_Mention] = []
        for i, mt in enumerate(kept):
            if mt.kind in ("abs", "partial") and mt.priority != 4:
                prev = _prev_words(text, mt.start, 1)
                if prev and prev[-1] in _BOUNDS and not text[mt.start - 1:mt.start].isalpha():
                    continue
            if mt.kind == "weekday" and i + 1 < len(kept) and kept[i + 1].kind in ("abs", "partial") \
                    and re.fullmatch(r"[\s,]*(?:the\s+)?", text[mt.end:kept[i + 1].start]):
                continue
            final.append(mt)
        return final

    def _is_year(self, text: str, start: int, end: int, sent_start: int) -> bool:
        """Is the four-digit number at ``text[start:end]`` a year? (rule 1)"""
        after = end
        span = re.match(r"\s*[-–]\s*(\d{2,4})(?!\d)", text[end:end + 8])
        if span:  # "1950-55", "1950–1955" are years; "2000-2500 km" is not
            second = span.group(1)
            if len(second) == 4 and not int(text[start:end]) <= int(second) <= MAX_YEAR:
                return False
            after = end + span.end()
        nxt = _next_word(text, after)
        if nxt in _COUNT_NOUNS or text[after:after + 1] == "%":
            return False
        # "the 1979 treaty": an adjective naming an earlier thing ("suspects in the 1994
        # bombing"), unless the text says the event happened during it ("during the 1973 war")
        prev = _prev_words(text, start, 3)
        if prev and prev[-1] in ("the", "its", "their", "his", "her", "a", "this", "that"):
            return len(prev) >= 2 and prev[-2] in ("during", "throughout")
        if prev and prev[-1] in _YEAR_INTRO:
            if prev[-1] == "by" and len(prev) >= 2 and prev[-2] in _CHANGE_VERBS:
                return False
            return True
        before = text[sent_start:start]
        # "(1956)" and a sentence or timeline entry opening "1956:" / "1956,"
        if text[start - 1:start] == "(" and text[end:end + 1] == ")":
            return True
        if not before.strip() and text[end:end + 1] in (",", ":"):
            return True
        return False

    # -- turning mentions into dates ---------------------------------------------------------

    def resolve(self, text: str, sentences: list[tuple[int, int]], doc_date: str | None,
                damaged: list[tuple[int, int]] | tuple = (),
                paragraphs: list[tuple[int, int]] | None = None) -> list[SentenceDates]:
        """One :class:`SentenceDates` per sentence span, in the same order."""
        doc = parse_iso(doc_date)
        same_day = self.same_day_weekday
        if doc is None:
            doc = self._dateline(text, sentences)
            same_day = same_day or doc is not None  # a dateline is wire copy: its convention
        doc_info = DateInfo(doc.iso(), DOCUMENT, precision=doc.precision) if doc else DateInfo(None, None)
        para_starts = self._paragraph_starts(text, paragraphs)
        damaged = [(int(a), int(b)) for a, b in (damaged or ())]

        results: list[SentenceDates] = []
        anchor: _D | None = None
        current_para = -1
        for s, e in sentences:
            para = bisect_right(para_starts, s) - 1
            if para != current_para:
                anchor, current_para = None, para
            if any((a < e and b > s) or (a == b and s <= a < e) for a, b in damaged):
                anchor = None
                results.append(SentenceDates(s, e, DateInfo(None, None), [], [], damaged=True))
                continue
            breaks = [s + m.start() for m in _CLAUSE_BREAK.finditer(text[s:e])]
            infos: list[DateInfo] = []
            for mt in self._find(text, s, e):
                future = self._is_future(text, s, breaks, mt.start)
                got = self._date_of(mt, doc, anchor, future, same_day)
                if got is None:
                    continue
                d, source = got
                infos.append(DateInfo(d.iso(), source, mt.start, mt.end, d.precision))
                anchor = d
            if infos:
                default = doc_info
            else:
                default = self._carry(text[s:e], anchor) or doc_info
            results.append(SentenceDates(s, e, default, infos, breaks))
        return results

    def _dateline(self, text: str, sentences: list[tuple[int, int]]) -> _D | None:
        """Without a document date, a wire dateline is one: "MOSCOW, Aug. 23, 2004 - ..."."""
        if not sentences:
            return None
        s, e = sentences[0]
        for mt in self._find(text, s, min(e, s + 120)):
            if mt.kind != "abs" or mt.data["d"].precision != "day":
                continue
            if re.match(r"\s*(?:\([^)]{1,20}\)\s*)?(?:-{1,2}|–|—)\s", text[mt.end:mt.end + 30]) \
                    and not re.search(r"[.!?;]|\b[a-z]", text[s:mt.start]):
                return mt.data["d"]
            return None
        return None

    @staticmethod
    def _paragraph_starts(text: str, paragraphs) -> list[int]:
        if paragraphs:
            return sorted({int(a) for a, _ in paragraphs} | {0})
        return [0] + [m.end() for m in re.finditer(r"\n[ \t]*\n\s*", text)]

    @staticmethod
    def _is_future(text: str, s: int, breaks: list[int], pos: int) -> bool:
        """Does the text before a date expression put it in the future? Only the stretch since
        the last comma or clause break counts ("will not be rushed, in an interview on Friday"
        is past), and a reporting verb right before it wins ("said on Monday")."""
        i = bisect_right(breaks, pos)
        cs = breaks[i - 1] if i > 0 else s
        window = text[max(cs, pos - 80):pos]
        window = re.split(r"[,;:]", window)[-1]
        if _REPORTED.search(window):
            return False
        return bool(_FUTURE.search(window))

    @staticmethod
    def _carry(sentence: str, anchor: _D | None) -> DateInfo | None:
        """Rule 5: a sentence without a date that says it continues the story."""
        if anchor is None:
            return None
        if _CUE_KEEP.search(sentence):
            return DateInfo(anchor.iso(), CONTEXT, precision=anchor.precision)
        if _CUE_MONTH.search(sentence):
            d = anchor.truncate("month") if anchor.precision == "day" else anchor
            return DateInfo(d.iso(), CONTEXT, precision=d.precision)
        return None

    def _date_of(self, mt: _Mention, doc: _D | None, anchor: _D | None,
                 future: bool, same_day: bool = False) -> tuple[_D, str] | None:
        if mt.kind == "abs":
            return mt.data["d"], SENTENCE
        if mt.kind == "partial":
            return self._partial(mt, doc, anchor, future)
        if mt.kind == "rel_doc":
            return self._rel_doc(mt.data["g"], doc)
        if mt.kind == "weekday":
            return self._weekday(mt, doc, future, same_day)
        if mt.kind == "rel_anchor":
            return self._rel_anchor(mt.data["g"], anchor)
        return None

    @staticmethod
    def _partial(mt: _Mention, doc: _D | None, anchor: _D | None,
                 future: bool = False) -> tuple[_D, str] | None:
        """"October 19" / "in March": the year of the paragraph's date, else of the document."""
        mon, day = mt.data["mon"], mt.data["day"]
        which = mt.data.get("which")
        if anchor is not None and not anchor.decade:
            y, source = anchor.y, CONTEXT
        elif doc is not None:
            y, source = doc.y, SENTENCE
            # news convention: "in December" in a March story is the December before, unless
            # the text says "next" or speaks of the future ("will visit Albania in June");
            # with a full document date, "October 19" after it likewise
            if future and doc.m and which not in ("last", "this"):
                if mon < doc.m or (mon == doc.m and day and doc.d and day < doc.d):
                    y += 1
            elif doc.m and which not in ("next", "this"):
                if mon > doc.m or (mon == doc.m and day and doc.d and day > doc.d):
                    y -= 1
            if which == "next" and doc.m and mon <= doc.m:
                y += 1
        else:
            return None
        if which == "last" and doc is not None and anchor is None and doc.m and mon >= doc.m:
            y = doc.y - 1
        if day and _valid(y, mon, day):
            return _D(y, mon, day), source
        if _valid(y, mon):
            return _D(y, mon), source
        return None

    @staticmethod
    def _rel_doc(g: dict, doc: _D | None) -> tuple[_D, str] | None:
        if doc is None:
            return None
        expr = re.sub(r"\s+", " ", g["expr"].lower())
        full = bool(doc.d)
        if expr == "the day before yesterday":
            return (_add_days(doc, -2), SENTENCE) if full else None
        if expr in ("yesterday", "last night"):
            return (_add_days(doc, -1), SENTENCE) if full else None
        if expr == "tomorrow":
            return (_add_days(doc, 1), SENTENCE) if full else None
        if expr.endswith("the weekend"):
            if not full:
                return None
            base = _date(doc.y, doc.m, doc.d)  # the weekend on or before the document date
            back = (base.weekday() - 5) % 7
            sat = base - timedelta(days=back)
            return _D(sat.year, sat.month), SENTENCE
        if expr in ("today", "tonight") or expr.startswith("this "):
            if g.get("which") is None:
                return (doc, SENTENCE) if full else None
        if g.get("which"):
            which, unit = g["which"].lower().split()[-1], g["unit"].lower()
            earlier = g["which"].lower().startswith("earlier")
            later = g["which"].lower().startswith("later")
            step = {"last": -1, "past": -1, "next": 1, "this": 0}[which]
            if earlier or later:
                step = 0
            if unit in ("week", "weekend"):
                if not full:
                    return None
                if unit == "weekend" and step == -1:
                    # the Saturday before the document date
                    base = _date(doc.y, doc.m, doc.d)
                    back = (base.weekday() - 5) % 7 or 7
                    sat = base - timedelta(days=back)
                    return _D(sat.year, sat.month), SENTENCE
                return _add_days(doc, 7 * step).truncate("month"), SENTENCE
            if unit == "month":
                if not doc.m:
                    return None
                return _add_months(doc, step), SENTENCE
            return _D(doc.y + step), SENTENCE
        n = _num(g.get("n") or "")
        unit = (g.get("unit2") or "").lower()
        if n is None or not unit:
            return None
        if unit in ("day", "week"):
            return (_shift(doc, unit, -n), SENTENCE) if full else None
        if unit == "month":
            return (_add_months(doc, -n), SENTENCE) if doc.m else None
        return _D(doc.y - n * (10 if unit == "decade" else 1)), SENTENCE

    @staticmethod
    def _weekday(mt: _Mention, doc: _D | None, future: bool,
                 same_day: bool) -> tuple[_D, str] | None:
        if doc is None or not doc.d:
            return None
        base = _date(doc.y, doc.m, doc.d)
        wd, pre = mt.data["wd"], mt.data["pre"]
        back = (base.weekday() - wd) % 7  # days back to the most recent such day, 0 = today
        fwd = (wd - base.weekday()) % 7
        if pre == "last":
            dt = base - timedelta(days=back or 7)
        elif pre == "next":
            dt = base + timedelta(days=fwd or 7)
        elif future:
            dt = base + timedelta(days=fwd if same_day else (fwd or 7))
        else:
            dt = base - timedelta(days=back if same_day else (back or 7))
        return _D(dt.year, dt.month, dt.day), SENTENCE

    @staticmethod
    def _rel_anchor(g: dict, anchor: _D | None) -> tuple[_D, str] | None:
        if anchor is None:
            return None
        if anchor.decade:
            return None
        if g.get("unit"):
            n = _num(g["n"])
            if n is None:
                return None
            direction = g["dir"].lower()
            sign = -1 if direction in ("earlier", "before") else 1
            return _shift(anchor, g["unit"].lower(), sign * n), CONTEXT
        if g.get("dir2"):
            unit = _UNIT_NORMAL.get(g["unit2"].lower(), g["unit2"].lower())
            sign = -1 if g["dir2"].lower() in ("previous", "preceding") else 1
            if unit == "season":
                sm = _SEASON_MONTH[g["unit2"].lower()]
                if not anchor.m:
                    return _D(anchor.y + sign), CONTEXT
                if sign > 0:
                    return _D(anchor.y if sm > anchor.m else anchor.y + 1), CONTEXT
                return _D(anchor.y if sm < anchor.m else anchor.y - 1), CONTEXT
            d = _shift(anchor, unit, sign)
            if unit == "week":
                d = d.truncate("month")
            return d, CONTEXT
        if g.get("dir3"):
            return _add_days(anchor, 1 if g["dir3"].lower() == "after" else -1), CONTEXT
        if g.get("vague"):
            vague = g["vague"].lower()
            if vague in ("hours", "minutes", "moments"):
                return anchor, CONTEXT
            if vague == "days":
                return anchor.truncate("month"), CONTEXT
            if g["vdir"].lower().startswith("later") or g["vdir"].lower().startswith("after"):
                return anchor.truncate("year"), CONTEXT
            return None  # "weeks earlier" may fall in the year before
        if g.get("fdir"):
            return _add_days(anchor, 14 if g["fdir"].lower() == "later" else -14), CONTEXT
        if g.get("mon3"):
            mon = _MONTHS[g["mon3"].lower()]
            which = g["mdir"].lower().split()[-1]
            if which == "that":
                y = anchor.y
            elif which in ("following", "next"):
                y = anchor.y if anchor.m and mon > anchor.m else anchor.y + 1
            else:
                y = anchor.y if anchor.m and mon < anchor.m else anchor.y - 1
            return _D(y, mon), CONTEXT
        if g.get("unit4") or g.get("unit5"):
            unit = (g.get("unit4") or g.get("unit5")).lower()
            if unit == "day":
                return anchor, CONTEXT
            return anchor.truncate("year" if unit == "year" else "month"), CONTEXT
        if g.get("unit3"):
            unit = _UNIT_NORMAL.get(g["unit3"].lower(), g["unit3"].lower())
            if unit == "day":
                return anchor, CONTEXT
            if unit in ("week", "month"):
                return anchor.truncate("month"), CONTEXT
            return anchor.truncate("year"), CONTEXT
        return None
