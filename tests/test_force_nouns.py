"""Acts of force told by a noun wherever it stands ("a video showing the killing of two
hostages"), weapons tests, and headline verbs the tagger reads as nouns. Sentences written for
these tests, with the real parser."""

from __future__ import annotations

import pytest

from coded import triples, types


# ---- a noun of force that names whom it struck -------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("Militants released a video on Monday showing the killing of two Turkish truck drivers.",
     ("ASSAULT", ("---",), ("TUR",))),
    ("An attack on the Iraqi oil ministry on Friday took sabotage to a new level.",
     ("ASSAULT", ("---",), ("IRQ",))),
    ("The murder of a Dutch filmmaker by a young Moroccan has shaken the country.",
     ("ASSAULT", ("MAR",), ("NLD",))),
    ("A tape purportedly showing a suicide attack against British troops was posted online.",
     ("ASSAULT", ("---",), ("GBR",))),
    ("Police arrested the man who masterminded the abduction of two Chinese engineers.",
     ("ASSAULT", ("---",), ("CHN",))),
])
def test_a_noun_of_force_naming_its_victim_is_an_event(coder, text, expected):
    assert expected in triples(coder.code(text, date="2004-10-01"))


@pytest.mark.parametrize("text", [
    # not (yet) done: threatened, prepared, feared, possible
    "A tape from al Qaeda was aired on Sunday, threatening attacks on the United States.",
    "Macedonia is preparing a major offensive against Albanian guerrillas.",
    "Officials spoke of the possibility of attacks on American embassies.",
    "Analysts warned of a possible attack on Iran.",
    # fights: "of" names who fought, not whom they struck
    "The general described the battles of the Serbian people as self-defence.",
])
def test_an_act_not_done_or_a_fight_of_a_people_is_no_attack_on_it(coder, text):
    got = coder.code(text, date="2004-10-01")
    assert not [e for e in got.events if e.event_type == "ASSAULT"], triples(got)


def test_a_condemned_act_is_told_by_the_condemnation_alone(coder):
    got = coder.code("Pakistan condemned the bombing of its embassy in Kabul.",
                     date="2004-10-01")
    assert types(got) == {"ACCUSE"}


# ---- weapons tests -----------------------------------------------------------------------

@pytest.mark.parametrize("text,actor", [
    ("North Korea test-launched a ballistic missile over Japan on Monday.", "PRK"),
    ("India successfully test-fired a surface-to-air missile on Friday.", "IND"),
    ("Pakistan test-fires a short-range nuclear capable missile, officials say.", "PAK"),
])
def test_a_weapons_test_is_a_show_of_force(coder, text, actor):
    got = coder.code(text, date="2004-10-01")
    ev = [e for e in got.events if e.event_type == "MOBILIZE"]
    assert ev and {a.code for a in ev[0].actor} == {actor}
    assert ev[0].mode == "weapons"


def test_a_company_that_tests_a_product_mobilizes_nothing(coder):
    got = coder.code("Toyota test-drives a new hybrid car in Japan.", date="2004-10-01")
    assert "MOBILIZE" not in types(got)
