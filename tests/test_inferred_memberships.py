"""Inferred dates from joining and leaving organisations, battles named by their place, short
capital forms of organisations, and month names before a surname (issue 14).

Evidence is read from sentences by the real finder; the end-to-end cases go through the real
coder (spaCy parse, date resolver, inference) on undated text.
"""

from __future__ import annotations

import pytest

from detente.inferred_dates import finder
from detente.inferred_dates.memberships import Memberships


def labels(text: str) -> list[tuple[str, str]]:
    return [(e.label, e.interval.label()) for e in finder().find(text, 0, len(text), {})]


def joined(text: str) -> list[str]:
    return [iv for label, iv in labels(text) if "[memberships]" in label]


# ---------------------------------------------------------------- memberships


@pytest.mark.parametrize("text, years", [
    ("Poland joined NATO in March over Moscow's objections.", ["1999"]),
    ("Spain and Portugal joined the EEC in January.", ["1986"]),
    ("Poland, Hungary and the Czech Republic joined NATO.", ["1999"]),
    ("Japan was admitted to the United Nations in December.", ["1956"]),
    ("The accession of Bulgaria and Romania to the EU was delayed by a year.", ["2007"]),
    ("Bulgaria's accession to the European Union followed.", ["2007"]),
    ("Indonesia left the United Nations in January.", ["1965"]),
    ("Indonesia rejoined the United Nations.", ["1966"]),
    ("After the fall of communism, Estonia joined the EU and NATO.", ["2004", "2004"]),
    ("Thailand sought to join the United Nations.", ["-1946"]),   # no later than joining
])
def test_joining_an_organisation_is_dated_by_the_membership_table(text, years):
    assert joined(text) == years


@pytest.mark.parametrize("text", [
    "Britain refused to join the EEC.",              # refusal: nothing happened
    "De Gaulle did not let Britain join the EEC.",
    "Turkey applied to join the EU.",                # a state the table does not list
    "Both countries joined the European Economic Community.",  # who joined is not named
    "The WTO ruled against China.",                  # no step at all ("WTO" is also ambiguous)
    "Thailand returned the provinces in order to join the United Nations.",  # state too far
    "Estonia joined the European Union's Nordic Battle Group.",  # something of the Union's
])
def test_no_membership_year_without_a_named_state_that_took_the_step(text):
    assert joined(text) == []


def test_a_form_two_organisations_share_names_neither():
    m = Memberships()
    assert "WTO" not in m.org_of          # World Trade / Warsaw Treaty Organization
    assert m.org_of["World Trade Organization"] == "World Trade Organization"
    assert m.org_of["EEC"] == m.org_of["EU"]  # the Communities became the Union


def test_short_capital_forms_of_organisations():
    assert ("European Union 1993-", "1993-") in labels("The EU imposed sanctions.")
    assert labels("Eu is a small town in Normandy.") == []  # only in capitals
    # two letters are too ambiguous to close an interval ("EC": also the European Commission)
    assert labels("The rest of the EC agreed to exempt Denmark.") == []


# ---------------------------------------------------------------- battles and months


def test_a_place_after_words_of_fighting_is_the_battle_there():
    got = dict(labels("The Duke of Wellington defeated Napoleon at Waterloo in June."))
    assert got["Battle of Waterloo 1815 ('at Waterloo')"] == "1815"
    assert any(iv == "1866" for _, iv in labels(
        "The Prussian army won at Königgrätz in July."))
    assert labels("The ministers met at Waterloo station.") == []  # no fighting: a place


def test_a_battle_two_wars_share_is_chosen_by_the_sentences_other_names():
    from detente.inferred_dates.infer import _combine
    text = ("A combined Lithuanian-Polish army won a decisive victory over the Teutonic Order "
            "at Tannenberg.")
    span, used, _ = _combine(finder().find(text, 0, len(text), {}))
    assert span.label() == "1410"


def test_a_month_before_a_surname_is_no_given_name():
    # "in March 2008 Chávez" with the year deleted: still Hugo Chávez
    got = labels("After a raid in Ecuador in March Chávez sent tanks to the border.")
    assert ("Hugo Chávez (VEN HOS 1999-2013)", "1999-2013") in got
    # a real other given name still makes it someone else
    assert not any("Roosevelt" in lab for lab, _ in labels(
        "In Iran, Kermit Roosevelt organised the coup."))


def test_words_before_the_state_say_the_sentence_is_after_or_before_the_step():
    assert joined("After Poland joined NATO, Russia protested.") == ["1999-"]
    assert joined("Before Poland joined the EU and NATO, it reformed its army.") \
        == ["-2004", "-1999"]


def test_the_coder_dates_an_event_after_an_accession(coder):
    r = coder.code("After Poland joined NATO, Russia accused Poland of betrayal.")
    assert r.events, "the accusation is coded"
    e = r.events[0]
    assert e.date is None and e.date_source == "inferred"
    assert e.date_range[0] == "1999"  # open towards the present: ends this year
    assert any("POL after it joined NATO 1999" in x for x in e.date_evidence)


def test_a_shared_treaty_name_is_chosen_by_the_statesman_beside_it():
    from detente.inferred_dates.infer import _combine
    # the Dual Alliance of 1879 (Germany, Austria-Hungary) or of 1891-1894 (France, Russia)
    text = "Bismarck and Count Gyula Andrássy concluded the Dual Alliance in October."
    span, used, _ = _combine(finder().find(text, 0, len(text), {}))
    assert span.label() == "1879"


def test_founding_members_and_inaugural_meetings_date_to_the_first_year():
    got = labels("Canada was a founding member of NATO.")
    assert ("NATO 1949- (start of)", "1949") in got
    assert ("East Asia Summit 2005- (start of)", "2005") in labels(
        "Cambodia attended the inaugural East Asia Summit.")


def test_names_of_cities_used_only_in_their_own_years():
    assert ("Leningrad 1924-1991", "1924-1991") in labels(
        "Leningrad party officials were purged.")
    # the siege is its own name, not the city's start
    assert labels("The siege of Leningrad began.")[0][1] == "1941"


def test_treaties_histories_of_relations_name():
    assert dict(labels("The war was ended by the Treaty of Ghent."))[
        "Treaty of Ghent 1814-1815"] == "1814-1815"
    assert any(iv == "1794-1795" for _, iv in labels("The Jay Treaty resolved the dispute."))



def test_heads_of_international_organisations_and_popes_have_terms():
    assert ("Kofi Annan (IGO HOS 1997-2006)", "1997-2006") in labels(
        "Kofi Annan visited Tehran.")
    assert ("John Paul II (VAT HOS 1978-2005)", "1978-2005") in labels(
        "Pope John Paul II visited Poland.")
    # a state's office and an organisation's: both terms, the story chooses
    got = [e for e in finder().find("Waldheim visited Baghdad.", 0, 25, {})]
    assert [p.label() for p in got[0].parts] == ["1972-1981", "1986-1992"]
    assert labels("Jenkins argued.") == []  # a common surname alone names no one


def test_then_and_a_title_after_the_name_pick_the_office():
    # another office: none of his terms as president
    assert labels("Richard Nixon, then vice president, visited Moscow.") == []
    got = [e for e in finder().find("Vladimir Putin, then prime minister, visited Tokyo.",
                                    0, 51, {})]
    assert [p.label() for p in got[0].parts] == ["1999-2000", "2008-2012"]
    assert labels("Nixon then visited Moscow.") == [
        ("Richard Nixon (USA HOS 1969-1974)", "1969-1974")]  # "then" alone is no title
