"""Domestic conflict and repression: the implied actor, police vocabulary, places and their
country, on sentences written for these tests in the style of regional wire copy."""

from __future__ import annotations

import json

import pytest

from detente import places
from detente.events.implied import home_country
from detente.records import Entity, Event


def code(coder, text, date="2003-11-04"):
    return coder.code(text, date=date).events


def by_type(evs, etype):
    return [e for e in evs if e.event_type == etype]


# ---- places ------------------------------------------------------------------------------

def test_subnational_places_resolve_to_their_country():
    assert places.country_of("Gujarat") == "IND"
    assert places.country_of("Chechnya") == "RUS"
    assert places.country_of("Bavaria") == "DEU"
    assert places.country_of("Ahmedabad") == "IND"
    assert {p.country for p in places.lookup("Punjab")} == {"IND", "PAK"}
    assert places.lookup("Nowhereville") == []


def test_place_record_carries_coordinates_and_population():
    city = places.lookup("Lahore")[0]
    assert city.feature == "city" and city.country == "PAK"
    assert 31 < city.lat < 32 and 74 < city.lon < 75 and city.population > 1_000_000


def test_lowercase_text_skips_common_words():
    found = places.in_text("police in surat and nice people marched to lucknow", lowercase=True)
    names = [p.name for _, _, p in found]
    assert names == ["Surat", "Lucknow"]  # not Police (Poland) nor Nice (France)


def test_home_country_from_dateline():
    assert home_country("srinagar: security forces cordoned off the village on friday.") == "IND"
    assert home_country("GROZNY, Nov 3 - Troops searched houses in the city.") == "RUS"
    assert home_country("The minister spoke.") is None


# ---- the implied actor -------------------------------------------------------------------

def test_agentless_arrest_is_the_polices_inferred(coder):
    evs = code(coder, "lahore: about sixty activists were arrested outside the assembly "
                      "building on tuesday.")
    arrests = [e for e in evs if e.event_type == "COERCE" and e.mode == "arrest"]
    assert arrests
    a = arrests[0].actor[0]
    assert a.sector == "COP" and a.inferred and a.code == "PAK"
    assert a.text == "" and a.start == a.end == arrests[0].trigger.start
    assert arrests[0].confidence < 0.6


def test_arrest_by_named_actor_is_not_inferred(coder):
    evs = code(coder, "Forty students were detained by the army in Peshawar on Monday.")
    e = by_type(evs, "COERCE")[0]
    assert e.actor[0].sector == "MIL" and not e.actor[0].inferred


def test_agent_named_inside_noun_phrase(coder):
    evs = code(coder, "karachi: three youths were killed in police firing near the market.")
    kills = by_type(evs, "ASSAULT")
    assert kills and kills[0].actor[0].sector == "COP"
    assert not kills[0].actor[0].inferred and kills[0].actor[0].text == "police"
    assert kills[0].actor[0].code == "PAK"


def test_active_subject_is_not_replaced(coder):
    evs = code(coder, "A mob killed two shopkeepers in Meerut on Sunday night.")
    assert all(a.sector != "COP" for e in evs for a in e.actor)


def test_curfew_imposed_without_agent(coder):
    evs = code(coder, "Indefinite curfew was imposed in the walled city of Hyderabad after "
                      "the clashes.")
    cur = [e for e in evs if e.event_type == "COERCE" and e.mode == "curfew"]
    assert cur and cur[0].actor[0].sector == "COP" and cur[0].actor[0].inferred
    assert cur[0].actor[0].code == "IND"


# ---- vocabulary --------------------------------------------------------------------------

@pytest.mark.parametrize("text,etype,mode", [
    ("Police fired 20 rounds in the air to scatter the crowd in Dhaka.", "ASSAULT", "firearms"),
    ("The police lobbed tear gas shells at the stone-throwing crowd.", "ASSAULT",
     "crowd-control"),
    ("Police booked nine traders under the Arms Act in Indore.", "COERCE", "arrest"),
    ("Police rounded up 300 opposition supporters in Harare.", "COERCE", "arrest"),
    ("Security forces shot dead two suspected militants in Kupwara.", "ASSAULT", "firearms"),
])
def test_police_vocabulary(coder, text, etype, mode):
    evs = code(coder, text)
    hit = [e for e in evs if e.event_type == etype and e.mode == mode]
    assert hit, [(e.event_type, e.mode) for e in evs]
    assert hit[0].actor and hit[0].actor[0].sector in ("COP", "MIL")


def test_shot_dead_trigger_spans_the_phrase(coder):
    evs = code(coder, "Security forces shot dead two suspected militants in Kupwara.")
    assert by_type(evs, "ASSAULT")[0].trigger.text == "shot dead"


# ---- records -----------------------------------------------------------------------------

def test_inferred_serialises_and_round_trips():
    e = Entity("IND", "COP", "", 10, 10, inferred=True)
    assert e.to_dict()["inferred"] is True
    assert "inferred" not in Entity("IND", "COP", "police", 0, 6).to_dict()
    assert Entity.from_dict(json.loads(json.dumps(e.to_dict()))).inferred


def test_inferred_survives_parquet_and_duckdb(tmp_path, coder):
    from detente.store import DuckDBStore
    from detente.write import load_records, open_writer

    evs = code(coder, "colombo: twelve fishermen were detained near the coast on friday.")
    assert any(a.inferred for e in evs for a in e.actor)
    for name in ("ev.parquet", "ev.csv", "ev.jsonl"):
        out = tmp_path / name
        with open_writer(out, "events") as w:
            w.write([e.to_dict() for e in evs])
        back = [Event.from_dict(r) for r in load_records(out)]
        assert any(a.inferred for e in back for a in e.actor), name
        assert not any(r.inferred for e in back for r in e.recipient), name
    store = DuckDBStore(tmp_path / "ev.duckdb")
    store.write_events([e.to_dict() for e in evs])
    flags = store.con.execute("SELECT a.inferred FROM (SELECT unnest(actor) AS a FROM events)"
                              ).fetchall()
    store.close()
    assert (True,) in flags


# ---- text as crawled -----------------------------------------------------------------------

def test_recase_restores_known_names_keeping_length():
    from detente.screen.recase import CaseMap, recase

    names = CaseMap(["BJP", "New Delhi", "Turkey"], trusted=["Pakistan", "India", "China"])
    text = "new delhi: pakistan accused india. the bjp met. i saw china and turkey sandwiches."
    out = recase(text, names)
    assert len(out) == len(text) and out.lower() == text
    assert out.startswith("New Delhi: Pakistan accused India. The BJP met. I saw")
    assert "china and turkey" in out  # ordinary words too: left as they are


def test_lowercase_document_is_coded_like_cased(coder):
    text = ("peshawar: pakistan accused india of shelling border villages on monday. "
            "police arrested twelve people in the city.")
    res = coder.code(text, date="2002-05-20")
    acc = [e for e in res.events if e.event_type == "ACCUSE"]
    assert acc and acc[0].actor[0].code == "PAK" and acc[0].recipient[0].code == "IND"
    assert acc[0].actor[0].text == "pakistan"  # offsets and text point into the original
    arrest = [e for e in res.events if e.mode == "arrest"][0]
    assert arrest.actor[0].code == "PAK" and arrest.actor[0].sector == "COP"


def test_mojibake_does_not_break_actors(coder):
    text = ("lahore: \u00e2\u20ac\u0153we will not allow the rally,\u00e2\u20ac\u009d the "
            "police chief said. police detained 40 activists of the party on friday.")
    evs = coder.code(text, date="2002-05-20").events
    arrest = [e for e in evs if e.mode == "arrest"]
    assert arrest and arrest[0].actor[0].sector == "COP" and arrest[0].actor[0].code == "PAK"
    assert text[arrest[0].trigger.start:arrest[0].trigger.end] == "detained"


def test_no_one_injured_is_negated(coder):
    evs = code(coder, "dhaka: no one was injured in the firing, the officer said.")
    assert evs and all("negation" in e.aux_modes for e in evs if e.event_type == "ASSAULT")


def test_recipients_of_domestic_repression_share_the_country(coder):
    evs = code(coder, "quetta: police arrested 35 traders protesting against the new tax.")
    arrest = [e for e in evs if e.mode == "arrest"][0]
    assert arrest.actor[0].code == "PAK"
    assert arrest.recipient and arrest.recipient[0].code == "PAK"
    assert arrest.recipient[0].sector == "BUS"


# ---- force, deaths and the forces on the street (issue 16, second round) ------------------

def test_fire_on_a_mob_that_kills_keeps_the_killing(coder):
    evs = code(coder, "rajkot: police opened fire on the mob, killing two persons.")
    kills = [e for e in by_type(evs, "ASSAULT") if e.actor and e.actor[0].sector == "COP"
             and "kill" in e.trigger.text]
    assert kills, [(e.event_type, e.trigger.text) for e in evs]


def test_death_in_police_firing_is_the_polices(coder):
    evs = code(coder, "bhavnagar: four persons died in police firing on friday.")
    kills = by_type(evs, "ASSAULT")
    assert kills and kills[0].trigger.text.startswith("died")
    assert kills[0].actor[0].sector == "COP" and kills[0].actor[0].text == "police"
    # the dead are who was hit, not who acted
    assert all(r.sector != "COP" for r in kills[0].recipient)


def test_death_without_a_noun_of_force_is_no_event(coder):
    evs = code(coder, "bhavnagar: four persons died of heatstroke on friday.")
    assert not by_type(evs, "ASSAULT")


def test_casualty_beside_one_named_force_is_that_forces(coder):
    evs = code(coder, "rajkot: the police opened fire on a stone-pelting crowd near the "
                      "station and two youths were killed.")
    killed = [e for e in by_type(evs, "ASSAULT") if e.trigger.text.startswith("killed")]
    assert killed and killed[0].actor[0].sector == "COP" and killed[0].actor[0].inferred


def test_casualty_beside_two_violent_actors_stays_unattributed(coder):
    evs = code(coder, "rajkot: a mob torched shops and the police opened fire; two were killed.")
    killed = [e for e in by_type(evs, "ASSAULT") if e.trigger.text.startswith("killed")]
    assert all(a.sector != "COP" for e in killed for a in e.actor)


def test_private_firing_is_not_the_polices(coder):
    evs = code(coder, "vadodara: a youth was injured in private firing in the old city.")
    assert all(a.sector != "COP" for e in evs for a in e.actor)


def test_hyphenated_lathi_charge_reads_as_one_word(coder):
    evs = code(coder, "surat: the protesters were lathi-charged by the police near the "
                      "collectorate.")
    e = by_type(evs, "ASSAULT")[0]
    assert e.mode == "crowd-control" and e.trigger.text == "lathi-charged"
    assert e.actor[0].sector == "COP"
    evs = code(coder, "surat: a vendor was injured in the lathi-charge.")
    e = by_type(evs, "ASSAULT")[0]
    assert e.actor[0].sector == "COP" and e.actor[0].inferred


@pytest.mark.parametrize("text, mode", [
    ("jaipur: policemen patrolled the lanes of the walled city through the night.", "police"),
    ("jaipur: the police intensified patrolling in the sensitive areas.", "police"),
    ("jaipur: the police are keeping a close watch on the bus stand.", "police"),
    ("jaipur: three companies of paramilitary forces have been rushed to the town.", "police"),
])
def test_forces_on_the_street_are_mobilized(coder, text, mode):
    evs = by_type(code(coder, text), "MOBILIZE")
    assert evs and evs[0].mode == mode and evs[0].actor[0].sector == "COP", text


def test_flag_march_is_a_show_of_force_not_a_protest(coder):
    evs = code(coder, "indore: the army staged a flag march in the curfew-bound areas.")
    assert by_type(evs, "MOBILIZE") and not by_type(evs, "PROTEST")


@pytest.mark.parametrize("text, mode", [
    ("patna: the police registered a case against twelve persons for rioting.", "allege"),
    ("patna: the police have launched a manhunt for the two accused.", "investigate"),
    ("patna: the police interrogated the arrested youths for six hours.", "investigate"),
])
def test_cases_and_hunts_are_the_polices_accusations(coder, text, mode):
    evs = by_type(code(coder, text), "ACCUSE")
    assert evs and evs[0].mode == mode and evs[0].actor[0].sector == "COP", text


@pytest.mark.parametrize("text, etype", [
    ("meerut: the police fired to disperse the stone-pelting mob.", "ASSAULT"),
    ("meerut: only 12 policemen were on duty in the town on sunday.", "MOBILIZE"),
    ("meerut: the police was present at the spot for two hours.", "MOBILIZE"),
])
def test_armed_subject_verbs_code_with_a_force(coder, text, etype):
    evs = by_type(code(coder, text), etype)
    assert evs and evs[0].actor[0].sector == "COP", text


@pytest.mark.parametrize("text, etype", [
    ("meerut: the textile company fired its manager on sunday.", "ASSAULT"),
    ("meerut: the chief minister was present at the meeting on sunday.", "MOBILIZE"),
    ("meerut: the teachers were on duty at the examination centres.", "MOBILIZE"),
])
def test_armed_subject_verbs_do_not_code_without_one(coder, text, etype):
    assert not by_type(code(coder, text), etype), text


def test_noun_of_force_as_subject_names_its_agent(coder):
    evs = code(coder, "baroda: curfew continued in the old city. firing by the police injured "
                      "three persons near the market.")
    hurt = [e for e in by_type(evs, "ASSAULT") if e.trigger.text.startswith("injured")]
    assert hurt and hurt[0].actor[0].sector == "COP" and not hurt[0].actor[0].inferred


def test_cause_phrase_shared_by_two_casualty_verbs(coder):
    evs = code(coder, "baroda: curfew continued. one person was killed and four injured in "
                      "police firing.")
    killed = [e for e in by_type(evs, "ASSAULT") if e.trigger.text.startswith("killed")]
    assert killed and killed[0].actor[0].sector == "COP"


def test_an_arrest_and_a_curfew_on_one_town_are_two_events(coder):
    """Two acts of one type, actor and recipient but of other modes are both kept."""
    evs = code(coder, "ahmedabad: about 40 people were arrested and curfew was clamped on the "
                      "walled city.")
    assert {e.mode for e in evs if e.event_type == "COERCE"} == {"arrest", "curfew"}
