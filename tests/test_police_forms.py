"""Forms of police action that regional (Indian English, lower-cased) wire copy writes and
that are not in the phrasing of any one article: passives the tagger reads as adjectives,
pronouns that stand for a force named a sentence earlier or by the speaker of a quote, crowds
that disperse of their own accord, units and squads of a force, ranks written by their
initials before a name, encounters, and deaths told as falling to bullets. Sentences written
for these tests, coded by the real parser."""

from __future__ import annotations

import pytest

from detente.events.implied import is_lethal
from detente.screen.recase import CaseMap, recase

from coded import police_events as police


def code(coder, text, date="2002-03-04"):
    return coder.code(text, date=date).events


# ---- passives the tagger takes for adjectives ---------------------------------------------

@pytest.mark.parametrize("text", [
    "ahmedabad: a mob was lathi-charged in kalupur.",
    "ahmedabad: the mob was teargassed near the mosque.",
])
def test_an_agentless_passive_of_crowd_control_is_the_polices(coder, text):
    evs = police(code(coder, text), "ASSAULT")
    assert evs and all(a.inferred for e in evs for a in e.actor), text


# ---- pronouns that stand for a force ------------------------------------------------------

@pytest.mark.parametrize("text", [
    "ahmedabad: the police were outnumbered. they opened fire.",
    "ahmedabad: the srp jawans were heavily outnumbered. they had to fire in the air.",
    "ahmedabad: \"we fired in self-defence,\" a police officer said.",
])
def test_a_pronoun_for_a_force_fires_as_that_force(coder, text):
    evs = police(code(coder, text), "ASSAULT")
    assert evs and evs[0].actor[0].text.lower() in ("they", "we"), text


def test_a_pronoun_for_a_firm_does_not_fire_shots(coder):
    evs = code(coder, "Mumbai: the company was in trouble. they fired the manager.")
    assert not [e for e in evs if e.event_type == "ASSAULT"]


# ---- a crowd that disperses; what came before it ------------------------------------------

def test_a_crowd_that_disperses_does_nothing_to_anyone(coder):
    assert not code(coder, "ahmedabad: the mob dispersed.")


@pytest.mark.parametrize("text", [
    "ahmedabad: after the police lobbed teargas shells, the mob dispersed.",
    "ahmedabad: after the police fired in the air, the crowd dispersed.",
])
def test_the_force_that_dispersed_a_crowd_is_coded(coder, text):
    assert police(code(coder, text), "ASSAULT"), text


def test_dispersing_a_crowd_is_still_a_restriction(coder):
    evs = police(code(coder, "ahmedabad: the police dispersed the mob."), "COERCE")
    assert evs and evs[0].mode == "restrict"


# ---- units and squads; ranks by their initials --------------------------------------------

@pytest.mark.parametrize("text", [
    "ahmedabad: a posse of policemen bashed the agitators.",
    "ahmedabad: srp companies have been stationed in the town.",
    "ahmedabad: on friday, dcp r.j. savani arrested three persons.",
    "ahmedabad: police inspector j.k. patel fired two rounds.",
    "ahmedabad: the psi opened fire in self-defence.",
])
def test_units_and_ranks_of_the_police_are_the_police(coder, text):
    assert police(code(coder, text)), text


def test_a_firms_companies_stay_a_business(coder):
    evs = code(coder, "Mumbai: software companies have sealed the deal with the union.")
    assert not police(evs)


def test_initials_before_a_name_get_their_capitals():
    names = CaseMap(["Patel"])
    assert recase("ahmedabad: police inspector j.k. patel fired", names) == \
        "Ahmedabad: police inspector J.K. Patel fired"
    # abbreviations that look like initials are left as they are
    assert " p.m. " in recase("ahmedabad: the curfew from 7 p.m. on friday", names)


# ---- sealing, encounters, bullets ---------------------------------------------------------

def test_police_sealing_an_area_restrict_it(coder):
    evs = police(code(coder, "ahmedabad: the police sealed the area."), "COERCE")
    assert evs and evs[0].mode == "restrict"


def test_leaders_sealing_a_deal_restrict_nothing(coder):
    evs = code(coder, "Delhi: the two leaders sealed the deal on monday.")
    assert not [e for e in evs if e.event_type == "COERCE"]


def test_a_killing_in_an_encounter_is_the_polices(coder):
    evs = police(code(coder, "ahmedabad: a notorious gangster was killed in an encounter."),
                 "ASSAULT")
    assert evs and evs[0].actor[0].inferred


def test_falling_to_police_bullets_is_a_killing_by_the_police(coder):
    evs = police(code(coder, "ahmedabad: two persons fell to police bullets."), "ASSAULT")
    assert evs and is_lethal(evs[0].trigger.text)


def test_a_town_falling_to_an_army_is_no_killing(coder):
    evs = code(coder, "Kabul: the town fell to the army on monday.")
    assert not [e for e in evs if e.event_type == "ASSAULT" and is_lethal(e.trigger.text)]


# ---- deaths caused; catching --------------------------------------------------------------

def test_a_death_a_force_resulted_in_is_a_killing_by_it(coder):
    evs = police(code(coder, "ahmedabad: the police firing resulted in the death of two "
                             "persons."), "ASSAULT")
    assert evs and is_lethal(evs[0].trigger.text)


def test_a_death_an_accident_caused_is_no_attack(coder):
    evs = code(coder, "ahmedabad: the stampede caused the death of two persons.")
    assert not [e for e in evs if e.event_type == "ASSAULT"]


def test_the_police_catching_someone_is_an_arrest(coder):
    evs = police(code(coder, "ahmedabad: the police caught two persons red-handed."), "COERCE")
    assert evs and evs[0].mode == "arrest"
    assert not code(coder, "Sydney: the fielder caught the ball.")


# ---- a weapon whose participle names who fired it ------------------------------------------

@pytest.mark.parametrize("text", [
    "ahmedabad: a bullet fired by the police killed a boy in kalupur on monday.",
    "a teargas shell fired by the police injured two women near the mosque.",
])
def test_a_projectile_fired_by_the_police_is_the_polices_attack(coder, text):
    evs = police(code(coder, text), "ASSAULT")
    assert evs and not any(a.inferred for a in evs[0].actor)


def test_a_projectile_fired_from_a_place_names_no_agent(coder):
    evs = code(coder, "a shell fired from the hills killed two children.")
    assert not police(evs)
    assert not any(a.sector for e in evs for a in e.actor)
