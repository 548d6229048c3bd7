"""How regional wire copy reports police action: casualties traced to the force that caused
them, clauses that report force beside or as the means of another act, ranks named by their
force, datelines of lower-cased copy. Sentences written for these tests, coded by the real
parser."""

from __future__ import annotations

import pytest

from detente.dateline import find_dateline
from detente.events.implied import is_lethal

from coded import police_events as police


def code(coder, text, date="2002-03-04"):
    return coder.code(text, date=date).events


# ---- casualties and the force that caused them --------------------------------------------

@pytest.mark.parametrize("text", [
    "surat: a youth succumbed to his injuries sustained in police firing.",
    "surat: two persons succumbed to injuries received in the police firing on friday.",
    "surat: three people lost their lives in police firing.",
    "surat: one person died after being hit by a police bullet.",
    "surat: one person was killed in a police encounter.",
])
def test_a_casualty_leads_back_to_the_polices_force(coder, text):
    evs = police(code(coder, text), "ASSAULT")
    assert evs, text


def test_a_harm_without_a_named_force_has_no_police_actor(coder):
    evs = code(coder, "surat: a youth succumbed to bullet injuries in the hospital.")
    assert not police(evs)


@pytest.mark.parametrize("text, lethal", [
    ("surat: the police fired on a mob in naroda, in which two persons were killed.", "killed"),
    ("surat: police fired at a mob killing two persons on the spot.", "killing"),
])
def test_a_killing_told_after_the_firing_is_the_firings(coder, text, lethal):
    evs = police(code(coder, text), "ASSAULT")
    assert [e.trigger.text for e in evs] == [lethal]


def test_a_killing_before_the_firing_is_not_the_polices(coder):
    evs = police(code(coder, "surat: the police fired on the mob after two policemen were "
                             "killed."), "ASSAULT")
    assert evs and not any(is_lethal(e.trigger.text) for e in evs)


@pytest.mark.parametrize("text", [
    "surat: the policemen thrashed the youths near the station.",
    "surat: the protesters were manhandled by the police.",
    "surat: the police charged the mob with lathis.",
])
def test_beatings_are_force(coder, text):
    assert police(code(coder, text), "ASSAULT"), text


def test_charged_with_an_offence_stays_an_accusation(coder):
    evs = code(coder, "surat: the police charged him with murder.")
    assert not police(evs, "ASSAULT") and police(evs, "ACCUSE")


# ---- clauses of force beside or under another act -----------------------------------------

def test_force_beside_another_act_is_kept(coder):
    evs = code(coder, "surat: the mob torched shops while the police fired teargas shells.")
    assert police(evs, "ASSAULT")


def test_a_progressive_while_clause_is_only_the_scene(coder):
    evs = code(coder, "Canadian Press - YELLOWKNIFE (CP) - The case of a parole officer "
                      "apparently killed while she was visiting a client has devastated her "
                      "colleagues.")
    assert not [e for e in evs if e.event_type == "CONSULT"]


def test_force_as_the_means_of_an_act(coder):
    evs = code(coder, "surat: the police dispersed the mob by bursting teargas shells.")
    assert [e.trigger.text for e in police(evs, "ASSAULT")] == ["bursting"]


def test_the_one_forced_acts_not_the_one_forcing(coder):
    evs = code(coder, "surat: the mob attacked the police, forcing them to open fire.")
    fire = [e for e in evs if e.trigger.text == "open fire"]
    assert not any(a.sector == "CVL" for e in fire for a in e.actor)


# ---- arrests, cases and what is not an act ------------------------------------------------

def test_the_arrested_workers_were_arrested(coder):
    evs = police(code(coder, "surat: the arrested workers were released later."), "COERCE")
    assert evs and evs[0].mode == "arrest" and evs[0].actor[0].inferred
    assert "workers" in evs[0].recipient[0].text


def test_a_case_registered_is_the_polices(coder):
    evs = police(code(coder, "surat: a case has been registered against 20 persons."),
                 "ACCUSE")
    assert evs and evs[0].actor[0].inferred


@pytest.mark.parametrize("text", [
    "surat: not a single activist of the party has been arrested so far.",
    "surat: under the ordinance, members of such groups can be arrested without bail.",
])
def test_arrests_denied_or_only_possible_are_no_acts(coder, text):
    evs = [e for e in police(code(coder, text), "COERCE")
           if not {"negation", "hypothetical"} & set(e.aux_modes)]
    assert not evs, text


# ---- actors: ranks and datelines ----------------------------------------------------------

@pytest.mark.parametrize("title", ["the commissioner of police", "the superintendent of police",
                                   "the director general of police", "the deputy sp"])
def test_a_rank_named_by_its_force_is_police(coder, title):
    evs = code(coder, f"surat: {title} ordered the arrest of ten people.")
    assert [a.sector for e in evs for a in e.actor] == ["COP"], title


def test_minister_of_a_ministry_stays_government(coder):
    evs = code(coder, "surat: the minister of defence ordered the arrest of ten people.")
    assert [a.sector for e in evs for a in e.actor] == ["GOV"]


def test_lowercase_dateline_after_a_header_line(coder):
    text = ("This story is from March 1, 2002\n\ndharwad: police arrested over 50 workers "
            "when they tried to block the traffic on the bridge on thursday.\n")
    evs = police(code(coder, text), "COERCE")
    assert evs and evs[0].actor[0].text == "police"


def test_lowercase_dateline_needs_a_lowercase_text():
    assert find_dateline("dharwad: police arrested them.", lowercase=True).place == "dharwad"
    assert find_dateline("Iraq: the war goes on.") is None


# ---- an event is dropped as an elaboration only when an act governs it ---------------------

def test_a_participle_that_governs_no_act_reports_its_event(coder):
    # "people killed in police firing" hangs in the subject of "belonged", which reports no
    # act: the killing is the sentence's event (it was dropped as a mere description)
    text = ("ahmedabad: asked how many of those killed were muslims, the minister said the "
            "majority of people killed in police firing belonged to the majority community.")
    assert police(code(coder, text), "ASSAULT")


def test_a_participle_describing_a_participant_of_an_act_stays_dropped(coder):
    evs = code(coder, "Demonstrators protesting the war clashed with police in Cairo.")
    assert not [e for e in evs if e.trigger.text == "protesting"]


def test_a_background_clause_of_a_clause_with_no_act_is_reported(coder):
    # "fled" reports no act; "forces were brought in" is a clause of its own, not the one the
    # "after" clause hangs on
    text = ("ahmedabad: the attackers fled only after the police opened fire in the air and "
            "additional forces were brought in to contain the situation.")
    assert police(code(coder, text), "ASSAULT")


def test_a_background_clause_of_an_act_stays_background(coder):
    evs = code(coder, "Israel closed the crossings after Palestinian militants fired rockets "
                      "at Sderot.")
    assert evs and not [e for e in evs if e.event_type == "ASSAULT"]


# ---- who acts in lower-cased copy and in passive mobilizations ------------------------------

def test_a_lower_case_title_before_a_name_marks_the_speaker_as_police(coder):
    # "we" in the quote is its speaker; "police commissioner rakesh maria" is police although
    # the copy does not capitalise the title
    evs = code(coder, 'mumbai: "we have arrested five persons who broke the curfew orders," '
                      'police commissioner rakesh maria said.')
    assert police(evs, "COERCE")


def test_a_lower_case_name_without_a_title_is_no_police(coder):
    evs = code(coder, 'mumbai: "we have arrested five persons," rakesh maria said.')
    assert not police(evs)


@pytest.mark.parametrize("text", [
    "surat: police patrolling was intensified in the area.",
    "surat: police bandobast has been tightened in the walled city.",
    "surat: a state reserve police company has also been requisitioned.",
])
def test_a_force_stepped_up_in_the_passive_is_the_forces_mobilization(coder, text):
    evs = police(code(coder, text), "MOBILIZE")
    assert evs and not any(a.inferred for e in evs for a in e.actor)


def test_a_company_requisitioned_is_no_police(coder):
    evs = code(coder, "surat: the company has been requisitioned.")
    assert not police(evs)


def test_prohibitory_orders_are_a_restriction(coder):
    evs = police(code(coder, "surat: the police imposed prohibitory orders in the city."),
                 "COERCE")
    assert evs and evs[0].trigger.text == "imposed"


def test_a_participle_of_what_was_done_to_a_participant_reports_it(coder):
    # "the 51 people arrested for rioting were charged": the arrest happened, beside the charge
    evs = code(coder, "mumbai: he said the 51 people arrested for their role in the violence "
                      "had been charged with promoting communal disharmony.")
    assert police(evs, "COERCE") and [e for e in evs if e.event_type == "ACCUSE"]


def test_a_content_clause_misread_as_a_participle_stays_dropped(coder):
    evs = code(coder, "The committee has completed its investigation into an allegation by "
                      "the Liberian Peace Council that the NPFL had taken over the city of "
                      "Greenville.")
    assert not [e for e in evs if e.event_type == "ASSAULT"]


# ---- relative clauses -----------------------------------------------------------------------

def test_a_relative_pronoun_stands_for_the_noun_its_clause_describes(coder):
    evs = code(coder, "ahmedabad: the police, who fired in the air, dispersed the crowd.")
    fired = [e for e in police(evs, "ASSAULT") if e.trigger.text.startswith("fired")]
    assert fired


def test_a_relative_clause_in_the_perfect_is_the_actors_record(coder):
    evs = code(coder, "Muslim leaders in France, who had largely opposed the law, urged calm "
                      "for the return to class.")
    assert not [e for e in evs if e.trigger.text == "opposed"]


# ---- passive conjuncts and presupposed arrests ---------------------------------------------

def test_a_passive_conjunct_does_not_share_the_first_verbs_actor(coder):
    # the persons arrested are not the police's subject; the arrest is the police's, inferred
    evs = code(coder, "ahmedabad: the police fired over 50 rounds and over 100 persons have "
                      "been arrested in combing operations.")
    arrests = police(evs, "COERCE")
    assert arrests and all(a.inferred for e in arrests for a in e.actor)


def test_an_active_conjunct_still_shares_the_first_verbs_actor(coder):
    evs = code(coder, "ahmedabad: a mob attacked the shops and killed two persons.")
    assert not police(evs)


@pytest.mark.parametrize("text", [
    "ayodhya: the vhp urged the government to release the arrested ram sevaks.",
    "ayodhya: buses have been requisitioned to transport the arrested ram sevaks, he said.",
])
def test_the_arrested_presupposes_an_arrest_in_any_clause(coder, text):
    assert police(code(coder, text), "COERCE")


def test_an_arrest_asked_for_is_not_presupposed(coder):
    evs = code(coder, "ayodhya: the vhp urged the government to arrest the rioters.")
    assert [e.event_type for e in evs] == ["REQUEST"]


def test_the_mandative_subjunctive_asks_for_the_act(coder):
    evs = code(coder, "new delhi: he suggested that those guilty be booked under the "
                      "prevention of terrorism ordinance.")
    assert all("hypothetical" in e.aux_modes for e in police(evs, "COERCE"))
    done = code(coder, "new delhi: he said that those guilty had been booked.")
    assert police(done, "COERCE") and not police(done, "COERCE")[0].aux_modes
