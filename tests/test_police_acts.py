"""Police acts PLOVER codes, in the forms regional wire copy writes them: forces sent to the
scene, escorts and protection, crowds dispersed and weapons recovered (by the police unless the
sentence names someone else), force reported through its consequence ("police firing left two
dead", "claimed two lives"), the passive of compulsion ("were forced to open fire"), acts that
were prevented, and two-sided clashes as the subject of a killing. Sentences written for these
tests, coded by the real parser."""

from __future__ import annotations

import pytest

from detente.events.implied import is_lethal

from coded import police_events as police


def code(coder, text, date="2002-03-04"):
    return coder.code(text, date=date).events


# ---- forces at the scene, escorts, protection ---------------------------------------------

@pytest.mark.parametrize("text", [
    "surat: a police team rushed to the spot.",
    "surat: the police reached the spot within minutes.",
])
def test_forces_sent_to_the_scene_are_mobilized(coder, text):
    assert police(code(coder, text), "MOBILIZE"), text


def test_a_person_hurrying_somewhere_is_no_mobilization(coder):
    evs = code(coder, "Sydney: the police constable who rushed to Jakarta to be with his "
                      "injured daughter underwent a test.")
    assert not police(evs, "MOBILIZE")


@pytest.mark.parametrize("text", [
    "ahmedabad: the police escorted the pilgrims to the station.",
    "ahmedabad: the pilgrims were escorted by the police to the station.",
    "ahmedabad: police protection has been provided to the family.",
])
def test_escorts_and_protection_are_aid(coder, text):
    evs = police(code(coder, text), "AID")
    assert evs and not any(a.inferred for e in evs for a in e.actor), text


def test_a_forces_duty_named_with_it_makes_it_the_actor(coder):
    evs = police(code(coder, "ahmedabad: heavy police bandobast has been made in the city."),
                 "MOBILIZE")
    assert evs and evs[0].actor[0].text == "police"


def test_an_attack_on_police_property_is_not_by_the_police(coder):
    evs = code(coder, "ahmedabad: the police chowkis were set on fire by a mob.")
    assert not police(evs)


# ---- acts implied to be the police's ------------------------------------------------------

@pytest.mark.parametrize("text, etype", [
    ("baroda: the mob was dispersed after an hour.", "COERCE"),
    ("baroda: swords and country-made bombs were recovered from the house.", "COERCE"),
    ("baroda: firing was resorted to at three places.", "ASSAULT"),
])
def test_agentless_acts_of_policing_are_the_polices(coder, text, etype):
    evs = police(code(coder, text), etype)
    assert evs and all(a.inferred for e in evs for a in e.actor), text


def test_a_dispersal_by_someone_else_is_theirs(coder):
    evs = code(coder, "baroda: the crowd was dispersed by the organisers after the speech.")
    assert not police(evs)


# ---- force told through its consequence ---------------------------------------------------

@pytest.mark.parametrize("text", [
    "godhra: police firing in the town left two persons dead.",
    "godhra: firing by the police left two dead.",
    "godhra: police firing claimed two lives on monday.",
])
def test_a_killing_told_by_its_toll_is_the_forces(coder, text):
    evs = police(code(coder, text), "ASSAULT")
    assert evs and any(is_lethal(e.trigger.text) for e in evs), text


def test_the_toll_phrase_is_the_trigger(coder):
    evs = police(code(coder, "godhra: police firing in the town left two persons dead."),
                 "ASSAULT")
    assert evs[0].trigger.text == "left two persons dead"


def test_clashes_between_two_sides_that_kill_are_both_sides(coder):
    evs = code(coder, "Baghdad: clashes between US forces and Shia militiamen left more "
                      "than 40 persons dead across Iraq.")
    codes = {a.code for e in evs if e.event_type == "ASSAULT" for a in e.actor}
    assert {"USA", "IRQ"} <= codes


# ---- compulsion, prevention ---------------------------------------------------------------

def test_forced_to_open_fire_is_the_firing_of_the_forced(coder):
    evs = code(coder, "surat: the police were forced to open fire.")
    assert [e.event_type for e in police(evs)] == ["ASSAULT"]


def test_a_prevented_act_is_not_the_preventers(coder):
    evs = code(coder, "surat: the police foiled an attempt to burn the shops.")
    assert not police(evs, "ASSAULT")
    evs = code(coder, "surat: the police prevented the mob from torching the houses.")
    assert not police(evs, "ASSAULT")


def test_taking_someone_to_hospital_is_no_protest(coder):
    assert not [e for e in code(coder, "surat: the police took the injured to the hospital.")
                if e.event_type == "PROTEST"]
    evs = code(coder, "Delhi: thousands of students took to the streets in protest.")
    assert [e.event_type for e in evs] == ["PROTEST"]


# ---- deaths counted against a force; two sides of one state -------------------------------

@pytest.mark.parametrize("text", [
    "ahmedabad: the toll in police firing has gone up to 40.",
    "ahmedabad: the number of deaths in police firing rose to 40.",
])
def test_a_toll_of_police_firing_is_a_killing_by_the_police(coder, text):
    evs = police(code(coder, text), "ASSAULT")
    assert evs and is_lethal(evs[0].trigger.text), text


def test_a_toll_of_nothing_done_is_no_attack(coder):
    evs = code(coder, "ahmedabad: the toll in the earthquake has gone up to 40.")
    assert not [e for e in evs if e.event_type == "ASSAULT"]


def test_the_police_answering_a_mob_is_a_second_attack(coder):
    evs = code(coder, "ahmedabad: the mob attacked the police, who opened fire.")
    sectors = sorted(a.sector for e in evs if e.event_type == "ASSAULT" for a in e.actor)
    assert sectors == ["COP", "CVL"]


def test_charging_at_a_mob_is_force_not_an_accusation(coder):
    evs = police(code(coder, "surat: the police charged at the mob."))
    assert [e.event_type for e in evs] == ["ASSAULT"]


def test_a_finite_conjunct_of_a_passive_acts_with_its_subject(coder):
    evs = code(coder, "surat: the police were pelted with stones and had to fire.")
    assert police(evs, "ASSAULT")
    evs = code(coder, "surat: 100 persons were arrested and sent to jail.")
    assert not [e for e in evs for a in e.actor if a.sector == "CVL"]
