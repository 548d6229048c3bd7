"""Who an act is aimed at, and whose it is, when the sentence says it indirectly: allies acting
together, one act told in two verbs, warnings, forecasts, de-escalation, forces named by a
measure or a unit, courts that try an offence committed elsewhere. Sentences written for these
tests."""

from __future__ import annotations

import pytest

from coded import triples, types


# ---- allies acting together -------------------------------------------------------------

def test_allies_that_storm_a_place_act_on_its_state(coder):
    got = triples(coder.code("MOSUL, Iraq - US and Iraqi troops stormed police stations held "
                             "by insurgents in the northern city on Tuesday."))
    assert ("ASSAULT", ("IRQ", "USA"), ("IRQ",)) in got


def test_allies_that_clash_still_act_on_each_other(coder):
    got = triples(coder.code("Indian and Pakistani troops clashed along the border on Monday."))
    assert ("ASSAULT", ("IND", "PAK"), ()) in got


# ---- one act told in two verbs ----------------------------------------------------------

def test_two_joined_verbs_of_one_attack_share_its_target(coder):
    got = triples(coder.code("A Syrian patrol boat opened fire and killed two Lebanese "
                             "fishermen off the coast on Sunday."))
    assert ("ASSAULT", ("SYR",), ("LBN",)) in got
    assert ("ASSAULT", ("SYR",), ("SYR",)) not in got


def test_a_weapons_test_is_aimed_at_no_one_named(coder):
    result = coder.code("Iran test-fired a medium-range ballistic missile on Thursday.")
    mob = [e for e in result.events if e.event_type == "MOBILIZE"]
    assert mob and all(not e.recipient for e in mob)


# ---- whose the attacker is --------------------------------------------------------------

def test_an_attacker_is_not_the_compatriot_of_its_target(coder):
    result = coder.code("Gunmen ambushed a bus carrying French engineers near Karachi on "
                        "Monday.")
    attacks = [e for e in result.events if e.event_type == "ASSAULT"]
    assert attacks
    assert all(a.code != "FRA" for e in attacks for a in e.actor)


def test_a_crash_that_kills_is_no_attack(coder):
    result = coder.code("A Kenyan passenger plane crashed into a hillside on Sunday, killing "
                        "all 40 people on board.")
    assert "ASSAULT" not in types(result)


def test_a_gunboat_that_kills_still_attacks(coder):
    got = triples(coder.code("Israeli gunboats shelled a beach in Gaza on Friday, killing "
                             "three Palestinians."))
    assert ("ASSAULT", ("ISR",), ("PSE",)) in got


# ---- warnings and forecasts -------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Civil liberties in Australia are being eroded by the new laws, the ombudsman warns.",
    "Chancellor Schroeder warned that high energy prices would slow the German economy.",
    "The French embassy has been warned.",
])
def test_a_warning_that_announces_no_act_is_no_threat(coder, text):
    assert "THREATEN" not in types(coder.code(text))


@pytest.mark.parametrize("text", [
    "The Indonesian army warned that it would crush the rebels in Aceh.",
    "Russia warned Georgia that it would respond to any attack.",
])
def test_a_warning_of_the_speakers_own_act_is_a_threat(coder, text):
    assert "THREATEN" in types(coder.code(text))


def test_a_protest_others_expect_is_no_threat(coder):
    result = coder.code("Thousands of Serbs are expected to march through Belgrade on Sunday.")
    assert "THREATEN" not in types(result)


def test_a_vow_of_an_attack_is_a_threat(coder):
    result = coder.code("Hamas vowed to attack Israeli towns after the raid.")
    assert "THREATEN" in types(result)


# ---- de-escalation ----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "North Korea pledged to suspend its missile tests.",
    "Sudan promised to halt military operations in Darfur.",
])
def test_a_pledge_to_stop_ones_own_operations_is_no_threat(coder, text):
    got = types(coder.code(text))
    assert "THREATEN" not in got and "AGREE" in got


def test_suspending_aid_to_another_is_still_a_sanction(coder):
    got = triples(coder.code("The European Union suspended aid to Togo on Monday."))
    assert any(t[0] == "SANCTION" and t[2] == ("TGO",) for t in got)


def test_an_adjective_negated_on_its_copula_is_negated(coder):
    result = coder.code("Egypt said Iraqi forces are not ready to launch major attacks.")
    threats = [e for e in result.events if e.event_type == "THREATEN"]
    assert all("negation" in e.aux_modes for e in threats)


# ---- forces named by a measure or a unit ------------------------------------------------

@pytest.mark.parametrize("text,actor", [
    ("A column of Syrian tanks moved into the Bekaa valley on Monday.", "SYR"),
    ("Hundreds of Turkish troops advanced towards the border.", "TUR"),
])
def test_a_measure_of_forces_moves_them(coder, text, actor):
    got = triples(coder.code(text))
    assert any(t[0] == "MOBILIZE" and t[1] == (actor,) for t in got)


def test_a_measure_of_people_is_no_force(coder):
    result = coder.code("A column of refugees moved into the Bekaa valley on Monday.")
    assert "MOBILIZE" not in types(result)


def test_forces_that_leave_heading_somewhere_move(coder):
    got = triples(coder.code("About 500 Dutch soldiers left their camp on Friday, heading "
                             "south toward Basra."))
    assert any(t[0] == "MOBILIZE" and t[1] == ("NLD",) for t in got)


def test_a_crew_of_an_army_fires(coder):
    got = triples(coder.code("An Indian army artillery crew fired on a Pakistani post on "
                             "Tuesday."))
    assert ("ASSAULT", ("IND",), ("PAK",)) in got


def test_opening_fire_on_a_convoy_is_an_attack(coder):
    result = coder.code("Gunmen opened fire on a UN convoy near Kandahar on Wednesday.")
    assert "ASSAULT" in types(result)
    assert "RETREAT" not in types(result)


def test_rebels_launching_strikes_attack(coder):
    got = types(coder.code("Maoist rebels launched strikes on police posts across Nepal."))
    assert "ASSAULT" in got and "PROTEST" not in got


# ---- courts -----------------------------------------------------------------------------

def test_where_an_offence_happened_is_not_whose_court_tries_it(coder):
    got = triples(coder.code("A Canadian soldier has been charged with the killing of a "
                             "shepherd in Afghanistan, officials said."))
    assert ("ACCUSE", ("CAN",), ("CAN",)) in got
    assert not any(t[1] == ("AFG",) for t in got)


def test_a_trial_place_still_names_the_court(coder):
    got = triples(coder.code("A Yemeni man was sentenced to death in Sanaa for the bombing of a "
                             "French tanker."))
    assert any(t[0] == "COERCE" and t[1] == ("YEM",) for t in got)


# ---- answering what someone said --------------------------------------------------------

def test_rejecting_a_report_answers_its_author(coder):
    got = triples(coder.code("Syria on Monday dismissed a report published by British newspapers "
                             "that it had helped Iraq hide weapons."))
    assert any(t[0] == "REJECT" and t[1] == ("SYR",) and "GBR" in t[2] for t in got)
    assert not any(t[0] == "REJECT" and "IRQ" in t[2] for t in got)


def test_rejecting_a_states_demand_answers_that_state(coder):
    got = triples(coder.code("Pyongyang rejected the American demand on Friday."))
    assert ("REJECT", ("PRK",), ("USA",)) in got


# ---- fighting for causes ----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Prime Minister Paul Martin was fighting to save his minority government on Monday.",
    "The Nigerian government launched a drive to fight corruption in the ports.",
    "Relations between the two parties hit a new low on Tuesday.",
])
def test_fighting_for_a_cause_is_no_attack(coder, text):
    assert "ASSAULT" not in types(coder.code(text))


def test_fighting_a_foe_is_an_attack(coder):
    got = triples(coder.code("Sri Lankan troops fought Tamil Tiger rebels near Jaffna."))
    assert any(t[0] == "ASSAULT" and t[1] == ("LKA",) for t in got)


# ---- releases -----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Pakistani police released a photo of the suspected bomber on Friday.",
    "The Pentagon released the names of three soldiers killed in Iraq.",
])
def test_releasing_news_frees_no_one(coder, text):
    assert "RETREAT" not in types(coder.code(text))


def test_releasing_prisoners_is_a_retreat(coder):
    got = triples(coder.code("Israel released 50 Palestinian prisoners on Sunday."))
    assert ("RETREAT", ("ISR",), ("PSE",)) in got


def test_a_resignation_is_from_ones_own_office(coder):
    got = triples(coder.code("Lebanon's prime minister resigned on Wednesday after a Syrian-backed "
                             "amendment kept the president in office."))
    assert ("RETREAT", ("LBN",), ("LBN",)) in got
    assert not any(t[0] == "RETREAT" and "SYR" in t[2] for t in got)


def test_dismissing_something_as_bad_disapproves_of_it(coder):
    got = types(coder.code("Japan dismissed the Chinese proposal as unrealistic."))
    assert "ACCUSE" in got and "REJECT" not in got


def test_dismissing_a_report_rejects_it(coder):
    assert "REJECT" in types(coder.code("Japan dismissed the Chinese proposal."))
