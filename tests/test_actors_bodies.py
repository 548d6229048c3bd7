"""Domestic bodies named alone (data/bodies.yaml): parties, legislatures, agencies and police
take their state and sector, and a name several states' bodies share is chosen by context."""

from __future__ import annotations

import pytest

from detente.actors.gazetteer import Gazetteer


def _actors(coder, text, date="2004-06-01"):
    evs = coder.code(text, date=date).events
    assert evs, text
    return [(a.code, a.sector) for a in evs[0].actor]


@pytest.mark.parametrize("text,code,sector", [
    ("The FBI arrested two men in Ohio.", "USA", "COP"),
    ("The FDA banned the drug.", "USA", "GOV"),
    ("Republicans endorsed the plan.", "USA", "PTY"),
    ("Democrats criticized the president.", "USA", "PTY"),
    ("Likud rejected the withdrawal plan.", "ISR", "PTY"),
    ("The Tories attacked the prime minister.", "GBR", "PTY"),
    ("Labour criticized the government.", "GBR", "PTY"),
])
def test_a_body_named_alone_is_its_state(coder, text, code, sector):
    assert _actors(coder, text) == [(code, sector)]


def test_an_acronym_matches_only_in_capitals(coder):
    """"SEC" is the American regulator; "sec" in a text is a second, not an actor."""
    gaz = Gazetteer.load()
    assert gaz.resolve("SEC", "2004").code == "USA"
    assert gaz.resolve("sec", "2004") is None


@pytest.mark.parametrize("text,code", [
    # the state the sentence names besides the body
    ("Democrats have tightened their grip on Hong Kong's legislature.", "HKG"),
    ("Democrats criticized Bush over the war.", "USA"),
    # the story's dateline
    ("JERUSALEM - Labor accused the government of lying.", "ISR"),
    ("CANBERRA - Labor accused the government of lying.", "AUS"),
    ("OTTAWA - The Conservatives accused the government of lying.", "CAN"),
    ("LONDON - The Conservatives accused the government of lying.", "GBR"),
])
def test_a_shared_party_name_takes_the_state_of_its_context(coder, text, code):
    assert [c for c, _ in _actors(coder, text)] == [code]


def test_earlier_sentences_are_context_too(coder):
    doc = coder.code("Israel's cabinet met on Sunday. Labor accused Sharon of deceiving voters.",
                     date="2004-06-01")
    accuse = [e for e in doc.events if e.event_type == "ACCUSE"]
    assert accuse and accuse[0].actor[0].code == "ISR"


def test_a_state_before_the_body_says_whose_it_is(coder):
    assert _actors(coder, "The Italian Senate approved the bill.") == [("ITA", "LEG")]
    assert [c for c, _ in _actors(coder, "Australian Labor criticized the government.")] == \
        ["AUS"]


def test_a_longer_name_that_opens_with_a_body_is_not_that_body(coder):
    """"The Congress of South African Trade Unions", "the Democratic Party of Japan": a body's
    name followed by "of" and a name is another organisation the tables may not know."""
    doc = coder.code("The Democratic Party of Kosovo accused the government of fraud.",
                     date="2004-06-01")
    for ev in doc.events:
        assert all(a.code != "USA" for a in ev.actor + ev.recipient)


def test_dated_bodies_follow_the_date():
    gaz = Gazetteer.load()
    assert gaz.resolve("KGB", "1980").code == "SUN"
    assert gaz.resolve("Kadima", "2006").code == "ISR"
    hit = gaz.resolve("Labor", "2004", prefer=["ISR"])
    assert hit.code == "ISR" and hit.kind == "body"
    assert gaz.resolve("Labor", "2004").code == "AUS"  # the file's first reading


def test_a_party_adjective_counts_before_a_common_noun_only(coder):
    """"Democratic senators" are the American party's; "the Democratic Unionist Party" is
    another party, which the tables need not know."""
    assert [c for c, _ in _actors(coder, "Democratic senators accused Bush of lying.")] == \
        ["USA"]
    doc = coder.code("The Democratic Unionist Party rejected the plan.", date="2004-06-01")
    for ev in doc.events:
        assert all(a.code != "USA" for a in ev.actor + ev.recipient)


@pytest.mark.parametrize("text,code", [
    ("Chechen rebels attacked a police station.", "RUS"),
    ("Basque separatists set off a bomb.", "ESP"),
    # a people of several states: the sentence's other state, else the dateline
    ("Kurdish fighters attacked Turkish troops.", "TUR"),
    ("BAGHDAD, Iraq - Shiite militiamen attacked US troops on Sunday.", "IRQ"),
    ("COLOMBO - Tamil rebels attacked an army post.", "LKA"),
    ("KATHMANDU - Maoist rebels attacked a police post.", "NPL"),
    # and with neither, no guess
    ("Sunni insurgents attacked US troops.", "---"),
])
def test_a_people_of_no_state_takes_its_state_from_the_context(coder, text, code):
    assert [c for c, _ in _actors(coder, text)] == [code]
