"""Attacks told through the weapon or the blast, with no agent (events/blasts.py): coded as
ASSAULT by an unknown actor on the state of the people or the place hit, while accidents,
nature, tests and metaphors are not. Sentences written for these tests."""

from __future__ import annotations

import pytest

from coded import triples


@pytest.mark.parametrize("text,recipient", [
    # the weapon as subject of a verb of impact or occurrence
    ("A bomb went off in a crowded market in Peshawar on Friday.", "PAK"),
    ("A car bomb ripped through a police station in Mosul on Monday.", "IRQ"),
    ("Three mortar rounds landed near the parliament building in Kabul.", "AFG"),
    ("A powerful explosion occurred outside a bank in Istanbul on Sunday.", "TUR"),
    ("Two blasts were reported near the airport in Colombo.", "LKA"),
    ("A large explosion was heard in central Baghdad late on Wednesday.", "IRQ"),
    ("Rockets slammed into a hotel in Kabul overnight.", "AFG"),
    ("Bombings in Karachi over the weekend left more than 20 dead.", "PAK"),
    # harm told with the weapon as its cause
    ("At least 12 people were hurt in an explosion in Manila on Tuesday.", "PHL"),
    ("Dozens of people were wounded in a blast at a bus station in Lagos.", "NGA"),
])
def test_agentless_blast_is_an_assault_on_the_place(coder, text, recipient):
    assert ("ASSAULT", ("---",), (recipient,)) in triples(coder.code(text, date="2004-06-01"))


def test_the_hurt_are_the_recipients(coder):
    r = coder.code("Three French soldiers died and two were injured when a roadside bomb tore "
                   "through their convoy in southern Lebanon.", date="2004-06-01")
    assert ("ASSAULT", ("---",), ("FRA",)) in triples(r)


def test_weapon_as_instrument_of_a_verb_of_attack(coder):
    r = coder.code("Rebels pounded the capital of Chad with mortar shells on Monday.",
                   date="2004-06-01")
    assert [e.event_type for e in r.events] == ["ASSAULT"]
    assert {x.code for x in r.events[0].recipient} == {"TCD"}


def test_a_weapon_that_names_its_owner(coder):
    r = coder.code("Three Qassam rockets hit the Negev town of Sderot on Monday.",
                   date="2004-06-01")
    assert ("ASSAULT", ("PSE",), ("ISR",)) in triples(r)


def test_slammed_by_a_weapon_is_no_criticism(coder):
    r = coder.code("A rocket slammed into an apartment block in Grozny.", date="2004-06-01")
    assert {e.event_type for e in r.events} == {"ASSAULT"}


def test_one_attack_told_twice_is_one_event(coder):
    r = coder.code("Seven people were killed when a bomb exploded in a market in Karachi.",
                   date="2004-06-01")
    assert [e.event_type for e in r.events] == ["ASSAULT"]


@pytest.mark.parametrize("text", [
    # accidents and nature
    "A gas explosion in a coal mine in Shanxi killed 30 miners on Sunday.",
    "Five workers were hurt in an explosion at a chemical plant in Texas.",
    "A blast in Madrid was caused by the accidental explosion of a gas cylinder.",
    "An earthquake shook Tokyo on Monday, and a tsunami hit the coast of Japan.",
    # weapons that hit nobody: tests, possibilities, negations
    "India test-fired a missile from a base in Orissa on Friday.",
    "Iran said the missile could hit targets deep inside Israel.",
    "No explosion occurred in Paris, police said.",
    # metaphor
    "Negotiators from Iran and France hammered out a deal on Sunday.",
    "The economy of Japan was hurt by high oil prices.",
])
def test_no_attack(coder, text):
    assert "ASSAULT" not in {e.event_type for e in coder.code(text, date="2004-06-01").events}
