"""Events told by nouns, and who takes part in them when the noun's own phrase does not say:
"said during his meeting with the Iraqi premier", "told the League during a visit to Egypt".
Sentences written for these tests; the real parser reads them."""

from __future__ import annotations

import pytest

from coded import triples


@pytest.mark.parametrize("text,actor,recipient", [
    # a possessive pronoun stands for the subject of the noun's clause
    ("The Russian president said during his meeting with the Iraqi prime minister that Moscow "
     "would help.", "RUS", "IRQ"),
    ("The Chinese premier said in his talks with the Pakistani prime minister that ties would "
     "grow.", "CHN", "PAK"),
    # no possessor: the subject of the clause the phrase hangs on made the visit
    ("The Palestinian leader told reporters during a visit to Egypt that he would not resign.",
     "PSE", "EGY"),
    ("At a news conference with the British prime minister, the American president said the "
     "plan would work.", "USA", "GBR"),
    ("The Indian prime minister is on a three-day visit to Pakistan.", "IND", "PAK"),
    # the phrase describes the subject, or stands for a headline's verb
    ("Pakistan's president, on a visit to London, said the plan would work.", "PAK", "GBR"),
    ("Blair in talks with Bush over Iraq.", "GBR", "USA"),
])
def test_a_meeting_in_an_adjunct_is_the_clause_subjects(coder, text, actor, recipient):
    r = coder.code(text, date="2004-10-01")
    assert ("CONSULT", (actor,), (recipient,)) in triples(r), triples(r)


@pytest.mark.parametrize("text", [
    # no partner in the noun's phrase: a press conference is no consultation
    "The American president told a news conference in Texas that the plan would work.",
    # what came before or after the act the clause reports is background
    "The Russian president left for Paris after his meeting with the Iraqi prime minister.",
])
def test_no_meeting_without_a_partner_or_in_the_background(coder, text):
    r = coder.code(text, date="2004-10-01")
    assert not any(e.event_type == "CONSULT" for e in r.events), triples(r)


def test_a_passive_clause_says_nothing_of_who_visited(coder):
    r = coder.code("A French diplomat was injured during a visit to Iraq by the Iraqi minister.",
                   date="2004-10-01")
    assert not any(e.event_type == "CONSULT" and [a.code for a in e.actor] == ["FRA"]
                   for e in r.events), triples(r)


def test_their_after_a_partner_is_both(coder):
    r = coder.code("The American secretary of state shook hands with the Japanese prime "
                   "minister during their meeting in Tokyo.", date="2004-10-24")
    consult = [e for e in r.events if e.event_type == "CONSULT"]
    assert consult, triples(r)
    assert {a.code for e in consult for a in e.actor} == {"USA", "JPN"}


@pytest.mark.parametrize("text", [
    "India and Pakistan agreed to resume their dialogue. Talks between the two countries began "
    "in Islamabad on Monday.",
    "India and Pakistan agreed to resume their dialogue. Two days of talks between officials of "
    "the two sides ended in Islamabad on Monday.",
])
def test_talks_between_the_two_countries_named_before(coder, text):
    r = coder.code(text, date="2004-06-28")
    assert ("CONSULT", ("IND", "PAK"), ()) in triples(r), triples(r)


def test_talks_offered_are_not_talks_held(coder):
    r = coder.code("Pakistan rejected an offer from Afghanistan for direct talks between "
                   "Islamabad and Kabul.", date="1986-05-01")
    assert any(e.event_type == "REJECT" for e in r.events), triples(r)
    assert not any(e.event_type == "CONSULT" for e in r.events), triples(r)


@pytest.mark.parametrize("text,absent", [
    ("Britain's call for Iran to suspend enrichment was rejected by Tehran.", "SANCTION"),
    ("Under international pressure to disarm the militias, Sudan moved them south.", "RETREAT"),
    ("The rebels' threat to attack foreign oil workers alarmed the companies.", "ASSAULT"),
])
def test_what_a_call_or_a_threat_is_for_is_not_done(coder, text, absent):
    r = coder.code(text, date="2004-08-01")
    assert not any(e.event_type == absent for e in r.events), triples(r)


def test_a_proposal_carried_out_is_done(coder):
    r = coder.code("Israel will implement its proposal to withdraw its troops from Gaza.",
                   date="2004-11-01")
    assert any(e.event_type in ("RETREAT", "AGREE") and [a.code for a in e.actor] == ["ISR"]
               for e in r.events), triples(r)


@pytest.mark.parametrize("text,actor,recipient", [
    ("The United States sent thousands of troops to Iraq.", "USA", "IRQ"),
    ("Sudan is moving hundreds of fighters to Chad.", "SDN", "TCD"),
])
def test_troops_counted_in_hundreds_are_troops(coder, text, actor, recipient):
    r = coder.code(text, date="2004-08-01")
    assert ("MOBILIZE", (actor,), (recipient,)) in triples(r), triples(r)


@pytest.mark.parametrize("text,etype", [
    ("Israel pressed ahead with its air strikes on Gaza.", "ASSAULT"),
    ("Israel pushed on with its offensive against the militants in Gaza.", "ASSAULT"),
])
def test_going_on_with_an_act_is_the_act(coder, text, etype):
    r = coder.code(text, date="2004-10-01")
    assert any(e.event_type == etype and [a.code for a in e.actor] == ["ISR"]
               for e in r.events), triples(r)
    assert not any(e.event_type == "REQUEST" for e in r.events), triples(r)


def test_pressing_ahead_with_a_plan_is_no_demand(coder):
    r = coder.code("The president pressed ahead with his plan.", date="2004-10-01")
    assert not any(e.event_type == "REQUEST" for e in r.events), triples(r)
