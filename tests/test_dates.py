"""DateResolver on sentences we wrote: each rule of detente.dates, and the traps around it."""

from __future__ import annotations

import re

import pytest

from detente.dates import DateInfo, DateResolver, SentenceDates, parse_iso


@pytest.fixture(scope="module")
def resolver() -> DateResolver:
    return DateResolver()


def split(text: str) -> list[tuple[int, int]]:
    """Plain sentence spans: enough for these tests, which do not exercise the parser."""
    spans, start = [], 0
    for m in re.finditer(r"[.!?](?=\s+[A-Z(]|\s*$)|\n\s*\n", text):
        if text[start:m.end()].strip():
            spans.append((start, m.end()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return [(s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in spans]


def dates_of(resolver, text, doc=None, **kw) -> list[SentenceDates]:
    return resolver.resolve(text, split(text), doc, **kw)


def at(resolver, text, word, doc=None, **kw) -> DateInfo:
    """The date of an event whose trigger is the first occurrence of ``word``."""
    pos = text.index(word)
    for sd in dates_of(resolver, text, doc, **kw):
        if sd.start <= pos < sd.end:
            return sd.for_offset(pos)
    raise AssertionError("word outside every sentence")


# -- explicit dates -------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("On 19 October 1956, Japan and the Soviet Union signed a joint declaration.", "1956-10-19"),
    ("On October 19, 1956, Japan and the Soviet Union signed a joint declaration.", "1956-10-19"),
    ("On October 19th 1956 Japan and the Soviet Union signed a joint declaration.", "1956-10-19"),
    ("On the 19th of October, 1956, Japan and the Soviet Union signed a declaration.", "1956-10-19"),
    ("On 1956-10-19 Japan and the Soviet Union signed a joint declaration.", "1956-10-19"),
    ("Iraq invaded Kuwait on 2 August 1990.", "1990-08-02"),
    ("Iraq invaded Kuwait on Aug. 2, 1990.", "1990-08-02"),
    ("Iraq attacked Iran on 22/09/1980.", "1980-09-22"),
    ("Iraq attacked Iran on 9/22/1980.", "1980-09-22"),
    ("Iraq attacked Iran on 9/10/1980.", "1980"),  # day and month ambiguous: the year only
    ("Gromyko visited Tokyo in January 1972.", "1972-01"),
    ("In March of 1948 Moscow withdrew its advisers.", "1948-03"),
    ("In mid-March 1948 Moscow withdrew its advisers.", "1948-03"),
    ("Moscow recalled its ambassador from Belgrade in 1948.", "1948"),
    ("By 1945 the two states had signed an accord.", "1945"),
    ("In 1905, Russia and Japan signed a treaty.", "1905"),
    ("Russia and China signed the Treaty of Aigun in 1858.", "1858"),
    ("Talks resumed in early 1950.", "1950"),
    ("Egypt seized the canal in mid-1956.", "1956"),
    ("In the spring of 1948 Stalin threatened Tito.", "1948"),
    ("In summer 1990 Baghdad threatened Kuwait.", "1990"),
    ("Relations improved from 1950 to 1955.", "1950"),
    ("The two states fought a war (1965) over Kashmir.", "1965"),
    ("During the 1973 war Syria attacked Israel.", "1973"),
    ("On Thursday, October 19, 1956, the declaration was signed.", "1956-10-19"),
])
def test_explicit_dates(resolver, text, expected):
    (sd,) = dates_of(resolver, text)
    assert sd.date.date == expected
    assert sd.date.source == "sentence"
    assert text[sd.date.start:sd.date.end].strip()  # offsets point at the expression


def test_precision_is_reported(resolver):
    (sd,) = dates_of(resolver, "Gromyko visited Tokyo in January 1972.")
    assert sd.date.precision == "month"
    (sd,) = dates_of(resolver, "In the 1970s, Egypt expelled Soviet advisers.")
    assert (sd.date.date, sd.date.precision) == ("1970", "decade")


@pytest.mark.parametrize("text", [
    "Kinshasa sent 1,905 troops to the border.",
    "Washington gave Cairo $1956 in symbolic aid.",
    "The council passed Resolution 1441 unanimously.",
    "Rebels attacked 1500 villages.",
    "The army was cut by 1500 men.",
    "The death toll rose to 1956.",
    "Egypt signed the 1979 treaty with Israel.",
    "Forces numbering 2000 crossed the border.",
    "Prices rose 1999% in a year.",
    "The ship carried 1,956 refugees.",
    "Iraq fired 1500 rockets at Iran.",
    "Troops crossed at 0930 and met 1200 soldiers.",
    "The year 999 and the year 2150 are out of range.",
    "India tested a missile that covers targets in the 2000-2500 km range.",
    "A court acquitted five suspects in the 1994 bombing.",
    "It was the worst breach of security since 1642.",
    "Britain ruled the colony until 1947.",
    "Tokyo has claimed the islands since March 1953.",
    "After 2 August 1990 nothing was the same.",
    "Relations have been frozen since the war of 1812.",
])
def test_numbers_that_are_not_years(resolver, text):
    (sd,) = dates_of(resolver, text)
    assert sd.mentions == []
    assert sd.date.date is None and sd.date.source is None


def test_month_name_that_is_a_word_is_not_a_month(resolver):
    (sd,) = dates_of(resolver, "Officials may meet to march on the capital.", "2010-06-01")
    assert sd.mentions == []
    assert (sd.date.date, sd.date.source) == ("2010-06-01", "document")


# -- relative to the document date ----------------------------------------------------------

@pytest.mark.parametrize("text, doc, expected", [
    ("Kinshasa expelled Belgian diplomats on Thursday.", "2001-03-16", "2001-03-15"),
    # the document's own weekday is the week before (the specification's example)
    ("Kinshasa expelled Belgian diplomats on Thursday.", "2001-03-15", "2001-03-15"),  # news: the day itself
    ("Kinshasa expelled Belgian diplomats last Thursday.", "2001-03-15", "2001-03-08"),
    ("The envoy will visit Kinshasa on Monday.", "2001-03-15", "2001-03-19"),
    ("The envoy will visit Kinshasa on Thursday.", "2001-03-15", "2001-03-15"),
    ("The envoy will visit Kinshasa next Thursday.", "2001-03-15", "2001-03-22"),
    ("Moscow accused London of aggression yesterday.", "1956-11-05", "1956-11-04"),
    ("Moscow accused London of aggression the day before yesterday.", "1956-11-05", "1956-11-03"),
    ("Moscow accused London of aggression today.", "1956-11-05", "1956-11-05"),
    ("Ministers will meet tomorrow.", "1999-12-31", "2000-01-01"),
    ("Seoul accused Pyongyang two days ago.", "2010-03-01", "2010-02-27"),
    ("Ankara recalled its envoy a week ago.", "2016-08-22", "2016-08-15"),
    ("Tokyo protested two weeks ago.", "2016-08-22", "2016-08-08"),
    ("Prague rejected the demands last week.", "1995-05-12", "1995-05"),
    ("Rangoon accused Bangkok last month.", "1989-01-10", "1988-12"),
    ("Beijing accused Washington earlier this month.", "2019-11-20", "2019-11"),
    ("Myanmar rejected the criticism last year.", "2015-06-10", "2014"),
    ("Russia recognised the republics three months ago.", "2008-11-26", "2008-08"),
    ("The states signed the accord ten years ago.", "2008-11-26", "1998"),
    ("Egypt expelled the advisers on 18 July.", "1972-07-20", "1972-07-18"),
    ("The envoy arrived on December 20.", "2001-03-16", "2000-12-20"),  # a past December
    ("Talks were held in February.", "2001-03-16", "2001-02"),
])
def test_relative_to_document(resolver, text, doc, expected):
    (sd,) = dates_of(resolver, text, doc)
    assert sd.date.date == expected
    assert sd.date.source == "sentence"


def test_same_day_weekday_option():
    wire = DateResolver(same_day_weekday=True)
    text = "Kinshasa expelled Belgian diplomats on Thursday."
    (sd,) = wire.resolve(text, [(0, len(text))], "2001-03-15")
    assert sd.date.date == "2001-03-15"
    text = "The envoy will visit Kinshasa on Thursday."
    (sd,) = wire.resolve(text, [(0, len(text))], "2001-03-15")
    assert sd.date.date == "2001-03-15"
    text = "Kinshasa expelled Belgian diplomats last Thursday."
    (sd,) = wire.resolve(text, [(0, len(text))], "2001-03-15")
    assert sd.date.date == "2001-03-08"


def test_relative_expressions_need_a_precise_enough_document_date(resolver):
    (sd,) = dates_of(resolver, "Moscow accused London yesterday.", "1956-11")
    assert (sd.date.date, sd.date.source) == ("1956-11", "document")  # not invented
    (sd,) = dates_of(resolver, "Moscow accused London yesterday.", None)
    assert (sd.date.date, sd.date.source) == (None, None)
    (sd,) = dates_of(resolver, "Moscow accused London last year.", "1956")
    assert sd.date.date == "1955"


def test_a_dateline_is_the_document_date_when_there_is_none(resolver):
    text = "JERUSALEM Aug. 23, 2004 - Israel announced plans Monday. Egypt protested on Friday."
    sds = dates_of(resolver, text)
    assert sds[0].for_offset(text.index("announced")).date == "2004-08-23"
    assert [m.date for m in sds[0].mentions] == ["2004-08-23", "2004-08-23"]  # wire: same day
    assert (sds[1].date.date, sds[1].date.source) == ("2004-08-20", "sentence")
    text = "ABUJA, Aug 25, 2004 (dpa) -- Rebel groups agreed to talks. They met yesterday."
    assert dates_of(resolver, text)[1].date.date == "2004-08-24"
    # a date inside the first sentence is not a dateline; a given document date wins
    text = "Talks began on Aug. 23, 2004 - a Monday. They failed yesterday."
    assert dates_of(resolver, text)[1].date.date is None
    text = "JERUSALEM Aug. 23, 2004 - Israel protested. Egypt replied yesterday."
    assert dates_of(resolver, text, "2004-08-25")[1].date.date == "2004-08-24"


def test_document_date_fallback_and_none(resolver):
    (sd,) = dates_of(resolver, "Tokyo protested to Beijing.", "2005-04-10")
    assert (sd.date.date, sd.date.source) == ("2005-04-10", "document")
    (sd,) = dates_of(resolver, "Tokyo protested to Beijing.", "2005-04-10T08:30:00Z")
    assert sd.date.date == "2005-04-10"
    (sd,) = dates_of(resolver, "Tokyo protested to Beijing.", None)
    assert (sd.date.date, sd.date.source) == (None, None)
    (sd,) = dates_of(resolver, "Tokyo protested to Beijing.", "not a date")
    assert (sd.date.date, sd.date.source) == (None, None)


# -- the paragraph: anchors and carry-forward -----------------------------------------------

def test_relative_to_the_last_date_in_the_paragraph(resolver):
    text = ("On 2 August 1990 Iraq invaded Kuwait. Two days later the council condemned Baghdad. "
            "The next day Washington sent troops. A week later Riyadh asked for aid. "
            "The following month Cairo sent troops. A year later the war ended.")
    got = [(sd.date.date, sd.date.source) for sd in dates_of(resolver, text)]
    assert got == [("1990-08-02", "sentence"), ("1990-08-04", "context"),
                   ("1990-08-05", "context"), ("1990-08-12", "context"),
                   ("1990-09", "context"), ("1991", "context")]


def test_anchor_precision_is_never_exceeded(resolver):
    text = "In March 1948 Moscow withdrew its advisers. Two days later Belgrade protested."
    assert [sd.date.date for sd in dates_of(resolver, text)] == ["1948-03", "1948-03"]
    text = "In 1948 Moscow withdrew its advisers. The following month Belgrade protested."
    assert [sd.date.date for sd in dates_of(resolver, text)] == ["1948", "1948"]


def test_same_period_phrases(resolver):
    text = ("On 12 August 1970 Bonn and Moscow signed a treaty. That same month East Berlin "
            "protested. Later that year Warsaw signed too. The same day Paris welcomed it.")
    got = [sd.date.date for sd in dates_of(resolver, text)]
    assert got == ["1970-08-12", "1970-08", "1970", "1970"]


def test_month_day_takes_the_year_of_the_paragraph(resolver):
    text = "In March 1948 Moscow withdrew its advisers. On June 28, the Cominform expelled Belgrade."
    sds = dates_of(resolver, text)
    assert (sds[1].date.date, sds[1].date.source) == ("1948-06-28", "context")


def test_carry_forward_only_with_a_cue(resolver):
    text = ("On 2 August 1990 Iraq invaded Kuwait. Then Washington froze Iraqi assets. "
            "Britain condemned the invasion. Afterwards Riyadh invited American troops. "
            "In response, Baghdad threatened Riyadh.")
    got = [(sd.date.date, sd.date.source) for sd in dates_of(resolver, text, "1990-08-20")]
    assert got == [("1990-08-02", "sentence"), ("1990-08-02", "context"),
                   ("1990-08-20", "document"), ("1990-08", "context"),
                   ("1990-08-02", "context")]


def test_nothing_carries_across_paragraphs(resolver):
    text = "On 2 August 1990 Iraq invaded Kuwait.\n\nThen Washington froze Iraqi assets."
    got = [(sd.date.date, sd.date.source) for sd in dates_of(resolver, text)]
    assert got == [("1990-08-02", "sentence"), (None, None)]
    # explicit paragraph spans are used when given
    one_para = [(0, len(text))]
    got = [sd.date.date for sd in dates_of(resolver, text, paragraphs=one_para)]
    assert got == ["1990-08-02", "1990-08-02"]


def test_damaged_sentence_gets_no_date_and_breaks_the_chain(resolver):
    text = ("On 2 August 1990 Iraq invaded Kuwait. In 19 the council met. "
            "Then Washington froze Iraqi assets. Two days later Riyadh protested.")
    spans = split(text)
    damaged = [(text.index("19 the"), text.index("19 the") + 2)]
    sds = resolver.resolve(text, spans, "1990-08-20", damaged)
    assert (sds[1].date.date, sds[1].date.source) == (None, None)
    assert sds[1].for_offset(spans[1][0] + 3) == DateInfo(None, None)
    # no anchor survives the damaged sentence: "Then" and "Two days later" do not reach back
    assert (sds[2].date.date, sds[2].date.source) == ("1990-08-20", "document")
    assert (sds[3].date.date, sds[3].date.source) == ("1990-08-20", "document")


def test_damage_elsewhere_leaves_a_sentence_alone(resolver):
    text = "Iraq invaded Kuwait in 1990. Talks in 19 failed."
    spans = split(text)
    sds = resolver.resolve(text, spans, None, [(text.index("19 failed"), text.index("19 failed") + 2)])
    assert sds[0].date.date == "1990"
    assert sds[1].date.date is None


# -- several dates in a sentence ------------------------------------------------------------

def test_for_offset_picks_the_governing_date(resolver):
    text = ("Gromyko visited Tokyo in January 1972, and Tanaka visited Moscow in October 1973.")
    assert at(resolver, text, "visited Tokyo").date == "1972-01"
    assert at(resolver, text, "visited Moscow").date == "1973-10"
    text = "On 2 August 1990 Iraq invaded Kuwait and on 7 August Washington sent troops."
    assert at(resolver, text, "invaded").date == "1990-08-02"
    assert at(resolver, text, "sent").date == "1990-08-07"
    text = "Japan, which had attacked China in 1937, signed a pact with Germany in 1940; Italy joined in 1941."
    assert at(resolver, text, "joined").date == "1941"
    assert at(resolver, text, "signed").date == "1937"  # nearest before, same clause: documented


def test_for_offset_without_mentions_returns_the_default(resolver):
    (sd,) = dates_of(resolver, "Tokyo protested to Beijing.", "2005-04-10")
    assert sd.for_offset(0) == DateInfo("2005-04-10", "document", precision="day")


def test_resolve_returns_one_result_per_sentence(resolver):
    text = "One. Two in 1956. Three."
    spans = split(text)
    sds = resolver.resolve(text, spans, None)
    assert len(sds) == len(spans)
    assert [(s.start, s.end) for s in sds] == spans


def test_parse_iso():
    assert parse_iso("1956-10-19").iso() == "1956-10-19"
    assert parse_iso("1956-10").precision == "month"
    assert parse_iso("0956") is None
    assert parse_iso("1956-13-01") is None
    assert parse_iso(None) is None


@pytest.mark.parametrize("value, expected", [
    ("20010315", "2001-03-15"), ("2001/03/15", "2001-03-15"), ("2001-3-5", "2001-03-05"),
    ("2001-03-15T10:00:00+02:00", "2001-03-15"), ("12345", None), ("yesterday", None),
])
def test_parse_iso_forms(value, expected):
    got = parse_iso(value)
    assert (got.iso() if got else None) == expected


def test_odd_inputs_never_crash(resolver):
    text = "Iraq invaded Kuwait on 2 August 1990. \u200b\u00a0Then 31 February 1990 passed. 0000-00-00."
    spans = split(text) + [(0, 0), (len(text) - 3, len(text) + 50)]
    sds = resolver.resolve(text, spans, "1990-08-20", damaged=[[5, 6]], paragraphs=[])
    assert len(sds) == len(spans)
    assert sds[0].for_offset(10) == DateInfo(None, None)  # damaged
    assert resolver.resolve("", [], None) == []
    # an impossible day keeps the month it names, never a neighbouring day
    (sd,) = dates_of(resolver, "Talks ended on 31 February 1990.")
    assert sd.date.date == "1990-02"


@pytest.mark.parametrize("text, doc, expected", [
    ("Tehran and Baghdad fought during the eighties.", None, "1980"),
    ("Tehran has armed the rebels since the eighties.", None, None),
    ("In the late '60s Paris left NATO's command.", None, "1960"),
    ("Bonn and Paris signed the accord on 22.01.1963.", None, "1963-01-22"),
    ("Rebels attacked the capital last night.", "2004-03-10", "2004-03-09"),
    ("Protesters marched over the weekend.", "2004-03-02", "2004-02"),
    ("The states made peace two decades ago.", "2004-03-02", "1984"),
])
def test_more_phrasings(resolver, text, doc, expected):
    (sd,) = dates_of(resolver, text, doc)
    assert sd.date.date == expected


def test_decades_later(resolver):
    text = "In 1956 Moscow crushed the revolt. Three decades later Budapest rejected Moscow's demands."
    assert [sd.date.date for sd in dates_of(resolver, text)] == ["1956", "1986"]


def test_a_point_of_damage_counts(resolver):
    text = "Iraq invaded Kuwait in 1990. Talks in failed."
    spans = split(text)
    point = text.index("in failed") + 3
    sds = resolver.resolve(text, spans, "1990-08-20", [(point, point)])
    assert sds[0].date.date == "1990"
    assert (sds[1].date.date, sds[1].date.source) == (None, None)


@pytest.mark.parametrize("second", [
    "The then-president of Kuwait fled to Riyadh.",
    "Since then Washington has armed Riyadh.",
    "By then Riyadh had invited American troops.",
])
def test_then_that_does_not_continue_the_story(resolver, second):
    text = "On 2 August 1990 Iraq invaded Kuwait. " + second
    sds = dates_of(resolver, text, "1990-09-30")
    assert (sds[1].date.date, sds[1].date.source) == ("1990-09-30", "document")


@pytest.mark.parametrize("text, expected", [
    ("In 1948 Stalin broke with Tito. That October Moscow recalled its envoy.", "1948-10"),
    ("In October 1948 Moscow recalled its envoy. The following March Belgrade protested.",
     "1949-03"),
    ("In October 1948 Moscow recalled its envoy. The following spring Belgrade protested.",
     "1949"),
    ("In March 1948 Moscow recalled its envoy. The following summer Belgrade protested.",
     "1948"),
    ("On 2 August 1990 Iraq invaded Kuwait. Hours later Washington froze Iraqi assets.",
     "1990-08-02"),
    ("On 2 August 1990 Iraq invaded Kuwait. Days later Washington sent troops.", "1990-08"),
    ("On 2 August 1990 Iraq invaded Kuwait. A fortnight later Cairo sent troops.", "1990-08-16"),
    ("In March 1990 Iraq threatened Kuwait. Later in the year Baghdad invaded.", "1990"),
    ("Soviet troops entered Afghanistan on Christmas Day 1979. Washington protested.", None),
])
def test_more_anchor_phrasings(resolver, text, expected):
    sds = dates_of(resolver, text)
    assert sds[-1].date.date == expected


def test_holidays(resolver):
    (sd,) = dates_of(resolver, "Soviet troops entered Afghanistan on Christmas Day 1979.")
    assert sd.date.date == "1979-12-25"
    (sd,) = dates_of(resolver, "The envoy arrived on New Year's Eve.", "2000-01-03")
    assert sd.date.date == "1999-12-31"
