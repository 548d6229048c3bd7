"""Passage-level evaluation: a history passage coded as one document, scored per gold sentence.

The passages are written here, coded by the real coder (real parse) through ``detente eval``, and
scored by the rules of ../shared/gold/README.md: each event goes to the gold sentence holding its
trigger, matching is per sentence, and the dates of the required events found are judged.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from detente import cli, records
from detente import evaluate as ev

S0 = "In 1956 Japan and the Soviet Union signed a joint declaration."
S1 = "Two years later, Soviet troops attacked Hungary."
S2 = "In March 1979 Egypt signed a peace treaty with Israel."
S3 = "The weather was fine."
PASSAGE = " ".join([S0, S1, S2]) + "\n\n" + S3


def g(actor, recipient, types, date=None, required=True) -> dict:
    return {"actor": actor, "recipient": recipient, "types": types, "required": required,
            "date": date}


def passage_row(id_="p1", **events_per_sentence) -> dict:
    sents = [S0, S1, S2, S3]
    return {"id": id_, "text": PASSAGE, "date": None, "origin": "test",
            "sentences": [{"text": s, "events": events_per_sentence.get(f"s{i}", [])}
                          for i, s in enumerate(sents)]}


GOOD = dict(
    s0=[g(["JPN", "SUN"], [None, "*"], ["AGREE", "SUPPORT"], "1956-10")],  # coded "1956": year only
    s1=[g(["SUN"], ["HUN"], ["ASSAULT"], "1958")],                         # relative date: right
    s2=[g(["EGY"], ["ISR"], ["AGREE", "SUPPORT"], None)],                  # gold undated: invented
)


def _write(path: Path, rows) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def coded(tmp_path_factory):
    """The passage and a single-sentence row in one file, coded and scored by the command."""
    tmp = tmp_path_factory.mktemp("passages")
    single = {"id": "single", "text": "France accused Germany of spying.", "date": "2004-05-01",
              "events": [{"actor": ["FRA"], "recipient": ["DEU"], "types": ["ACCUSE"],
                          "required": True}]}
    gold = _write(tmp / "g.jsonl", [passage_row(**GOOD), single])
    errors = tmp / "errors.jsonl"
    saved = tmp / "events.jsonl"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(["eval", str(gold), "--json", "--errors", str(errors),
                         "--save-events", str(saved)])
    return code, gold, errors, saved, json.loads(out.getvalue())


def test_a_passage_is_coded_as_one_document_and_scored_per_sentence(coded, capsys):
    code, gold, errors, saved, first = coded
    assert code == 0
    events = [json.loads(line) for line in saved.read_text().splitlines()]
    # the passage is one document: every event of it carries the passage id
    assert {e["doc_id"] for e in events} == {"p1", "single"}
    # the relative date of S1 needs S0's year: only whole-passage coding can give it
    assault = [e for e in events if e["event_type"] == "ASSAULT"]
    assert assault and assault[0]["date"] == "1958"
    # re-score the saved events: the same figures as when coded here
    assert cli.main(["eval", str(gold), "--events", str(saved), "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert {k: again[k] for k in ("precision", "recall", "f1", "dates")} == \
        {k: first[k] for k in ("precision", "recall", "f1", "dates")}


def test_json_has_top_level_figures_and_a_dates_object(coded, capsys):
    _, gold, _, saved, _ = coded
    cli.main(["eval", str(gold), "--events", str(saved), "--json"])
    d = json.loads(capsys.readouterr().out)
    # 4 required gold events (3 in the passage, 1 single row), all found
    assert (d["gold_required"], d["gold_matched"]) == (4, 4)
    assert d["recall"] == 1.0 and d["f1"] > 0
    assert d["passages"] == 1 and d["rows"] == 2 and d["sentences"] == 5
    assert d["unplaced_events"] == 0
    dates = d["dates"]
    assert dates["with_gold_date"] == 2 and dates["right"] == 1 and dates["right_year"] == 2
    assert dates["accuracy"] == 0.5 and dates["year_accuracy"] == 1.0
    assert dates["gold_undated"] == 1 and dates["invented"] == 1


def test_errors_file_lists_passage_sentences_with_date_verdicts(coded):
    _, _, errors, _, _ = coded
    reports = [json.loads(line) for line in errors.read_text().splitlines()]
    by_id = {r["id"]: r for r in reports}
    assert "p1#0" in by_id and by_id["p1#0"]["passage"] == "p1"
    assert by_id["p1#0"]["dates_wrong"][0]["verdict"] == "right_year"
    assert by_id["p1#0"]["dates_wrong"][0]["gold_date"] == "1956-10"
    assert by_id["p1#2"]["dates_wrong"][0]["verdict"] == "invented"
    assert "p1#1" not in by_id and "p1#3" not in by_id   # right date, nothing to code


def test_events_are_placed_by_their_trigger_not_by_their_sentence_index(coded):
    _, _, _, saved, _ = coded
    by_doc, _ = ev.read_events(saved)
    # the gold puts the ASSAULT in sentence 2: coded in sentence 1, it is wrong there and missed
    moved = passage_row(s0=GOOD["s0"], s2=GOOD["s1"] + GOOD["s2"])
    res = ev.evaluate([moved], by_doc)
    assert res.gold_required == 3 and res.gold_matched == 2
    wrong = {r.id: [c for _, c in r.wrong] for r in res.reports}
    assert wrong["p1#1"] == ["no_gold_event"]


def test_an_event_outside_every_gold_sentence_is_scored_wrong():
    row = {"id": "p", "text": "Japan protested.   Filler text here.", "date": None,
           "sentences": [{"text": "Japan protested.", "events": []}]}
    e = records.Event(id="p:0:0", doc_id="p", event_type="PROTEST",
                      actor=[records.Entity("JPN", None, "Japan", 0, 5)], recipient=[],
                      trigger=records.Span("Filler", 19, 25),
                      sentence=records.SentenceRef(1, 19, 36))
    res = ev.evaluate([row], {"p": [e]})
    assert (res.predicted, res.tp, res.unplaced_events) == (1, 0, 1)
    assert res.wrong_categories["outside_gold_sentences"] == 1


def test_repeated_sentences_are_located_in_order():
    text = "Talks began. Talks began. Peace."
    spans = ev.sentence_spans(text, [{"text": "Talks began."}, {"text": "Talks began."},
                                     {"text": "Peace."}])
    assert spans == [(0, 12), (13, 25), (26, 32)]
    with pytest.raises(ev.GoldError, match="exact substring"):
        ev.sentence_spans(text, [{"text": "Peace."}, {"text": "Talks began."}])


def test_read_gold_skips_a_passage_whose_sentences_are_not_in_its_text(tmp_path):
    bad = passage_row("bad")
    bad["sentences"][1]["text"] = "A sentence that is not there."
    path = _write(tmp_path / "g.jsonl", [passage_row("ok"), bad])
    rows, skipped = ev.read_gold(path)
    assert [r["id"] for r in rows] == ["ok"] and "exact substring" in skipped[0].reason


def test_date_agreement_is_at_the_gold_precision():
    assert ev.date_agrees("1956", "1956-10-19")
    assert ev.date_agrees("1956-10", "1956-10-19")
    assert not ev.date_agrees("1956-10", "1956")
    assert not ev.date_agrees("1956", None)
    score = ev.DateScore()
    verdicts = [score.add("1956-10", "1956"), score.add("1956", "1957"), score.add("1956", None),
                score.add(None, None), score.add(None, "2001")]
    assert verdicts == ["right_year", "wrong_year", "no_date", "gold_undated", "invented"]
    assert score.to_dict()["year_accuracy"] == round(1 / 3, 4)
