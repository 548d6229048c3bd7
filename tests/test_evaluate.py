"""The scoring rules of ../shared/gold/README.md, one test per rule, on hand-made rows and events.

The last tests run ``detente eval`` on real files: hand-made ones, and the shared dev gold scored
against events built from the gold itself (skipped where ../shared is absent).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detente import cli, records
from detente import evaluate as ev

GOLD_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "gold" / "dev"

_n = 0


def event(doc: str, typ: str, actors=(), recipients=(), aux=(), quad=None) -> records.Event:
    """A predicted event with the given codes (offsets do not matter to scoring)."""
    global _n
    _n += 1
    ent = lambda c: records.Entity(c, None, c, 0, 3)  # noqa: E731
    return records.Event(id=f"{doc}:0:{_n}", doc_id=doc, event_type=typ,
                         actor=[ent(a) for a in actors], recipient=[ent(r) for r in recipients],
                         trigger=records.Span("t", 0, 1), sentence=records.SentenceRef(0, 0, 9),
                         aux_modes=list(aux), quad_class=quad)


def gold(id_: str, *events: dict, **extra) -> dict:
    return {"id": id_, "text": f"sentence {id_}", "date": None, "events": list(events), **extra}


def g(actor, recipient, types, required=True) -> dict:
    return {"actor": actor, "recipient": recipient, "types": types, "required": required}


def triples(e: records.Event) -> set[tuple]:
    return {(t.actor, t.recipient, t.event_type) for t in ev.expand(e)}


# ---------------------------------------------------------------- rule 1: expansion


def test_compound_actors_and_recipients_expand_to_every_pair():
    e = event("s", "ACCUSE", ["USA", "FRA"], ["RUS", "BLR"])
    assert triples(e) == {("USA", "RUS", "ACCUSE"), ("USA", "BLR", "ACCUSE"),
                          ("FRA", "RUS", "ACCUSE"), ("FRA", "BLR", "ACCUSE")}
    rows = [gold("s", g(["USA"], ["RUS"], ["ACCUSE"]), g(["FRA"], ["RUS"], ["ACCUSE"]))]
    res = ev.evaluate(rows, {"s": [e]})
    assert (res.tp, res.predicted, res.gold_matched, res.gold_required) == (2, 4, 2, 2)
    assert res.precision == 0.5 and res.recall == 1.0


def test_reciprocal_actors_give_every_ordered_pair_of_distinct_actors():
    assert triples(event("s", "CONSULT", ["JPN", "SUN"])) == {("JPN", "SUN", "CONSULT"),
                                                              ("SUN", "JPN", "CONSULT")}
    three = triples(event("s", "AGREE", ["A1A", "B2B", "C3C"]))
    assert len(three) == 6 and all(a != r for a, r, _ in three)
    assert triples(event("s", "AGREE", ["USA"])) == {("USA", None, "AGREE")}
    # two entities with the same 3-letter code are one actor: no self-pair, no duplicate
    assert triples(event("s", "AGREE", ["ISR", "ISRMIL"])) == {("ISR", None, "AGREE")}
    rows = [gold("s", g(["JPN", "SUN"], [None, "*"], ["CONSULT"]))]
    res = ev.evaluate(rows, {"s": [event("s", "CONSULT", ["JPN", "SUN"])]})
    assert (res.tp, res.predicted, res.gold_matched) == (2, 2, 1)


def test_event_without_actor_matches_only_null():
    assert triples(event("s", "ASSAULT", [], ["IRQ"])) == {(None, "IRQ", "ASSAULT")}
    rows = [gold("s", g(["*"], ["IRQ"], ["ASSAULT"]))]
    assert ev.evaluate(rows, {"s": [event("s", "ASSAULT", [], ["IRQ"])]}).tp == 0
    assert ev.evaluate(rows, {"s": [event("s", "ASSAULT", ["---"], ["IRQ"])]}).tp == 1


def test_codes_compare_on_their_first_three_letters():
    rows = [gold("s", g(["RUS"], ["UKRMIL"], ["ASSAULT"]))]
    assert ev.evaluate(rows, {"s": [event("s", "ASSAULT", ["RUSMIL"], ["UKR"])]}).tp == 1
    assert ev.evaluate(rows, {"s": [event("s", "ASSAULT", ["rus"], ["ukr"])]}).tp == 1
    assert ev.evaluate(rows, {"s": [event("s", "ASSAULT", ["RWA"], ["UKR"])]}).tp == 0
    assert ev.evaluate(rows, {"s": [event("s", "ASSAULT", ["RU"], ["UKR"])]}).tp == 0


# ---------------------------------------------------------------- rule 2: negation, hypothetical


def test_negated_and_hypothetical_events_are_left_out_future_is_not():
    rows = [gold("s", g(["USA"], ["IRN"], ["THREATEN"]))]
    events = [event("s", "ASSAULT", ["USA"], ["IRN"], aux=["negation"]),
              event("s", "ASSAULT", ["USA"], ["IRN"], aux=["hypothetical", "future"])]
    res = ev.evaluate(rows, {"s": events})
    assert (res.predicted, res.excluded_events, res.gold_matched) == (0, 2, 0)
    assert res.reports[0].missed[0][1] == "only_negated_or_hypothetical"
    res = ev.evaluate(rows, {"s": [event("s", "THREATEN", ["USA"], ["IRN"], aux=["future"])]})
    assert (res.tp, res.predicted, res.excluded_events) == (1, 1, 0)


# ---------------------------------------------------------------- rule 3: what a match is


def test_null_and_star_recipients():
    only_null = [gold("s", g(["USA"], [None], ["AGREE"]))]
    only_star = [gold("s", g(["USA"], ["*"], ["AGREE"]))]
    both = [gold("s", g(["USA"], [None, "*"], ["AGREE"]))]
    with_r = {"s": [event("s", "AGREE", ["USA"], ["CHN"])]}
    without_r = {"s": [event("s", "AGREE", ["USA"])]}
    unknown_r = {"s": [event("s", "AGREE", ["USA"], ["---"])]}
    assert ev.evaluate(only_null, with_r).tp == 0
    assert ev.evaluate(only_null, without_r).tp == 1
    assert ev.evaluate(only_star, with_r).tp == 1
    assert ev.evaluate(only_star, unknown_r).tp == 1
    assert ev.evaluate(only_star, without_r).tp == 0
    assert ev.evaluate(both, with_r).tp == ev.evaluate(both, without_r).tp == 1
    # a listed code alongside null: the code or no recipient, nothing else
    listed = [gold("s", g(["USA"], ["ISR", None], ["AGREE"]))]
    assert ev.evaluate(listed, {"s": [event("s", "AGREE", ["USA"], ["ISR"])]}).tp == 1
    assert ev.evaluate(listed, with_r).tp == 0
    # an empty recipient list reads as [null]
    empty = [gold("s", g(["USA"], [], ["AGREE"]))]
    assert ev.evaluate(empty, without_r).tp == 1 and ev.evaluate(empty, with_r).tp == 0


def test_type_must_be_one_of_the_listed_types_and_sentences_do_not_mix():
    rows = [gold("a", g(["USA"], ["CHN"], ["SUPPORT", "AGREE"])), gold("b")]
    res = ev.evaluate(rows, {"a": [event("a", "AGREE", ["USA"], ["CHN"])],
                             "b": [event("b", "AGREE", ["USA"], ["CHN"])]})
    assert (res.tp, res.predicted, res.gold_matched, res.gold_required) == (1, 2, 1, 1)
    wrong = res.reports[1].wrong
    assert wrong[0][1] == "no_gold_event"  # an empty events list: nothing to code there
    res = ev.evaluate(rows[:1], {"a": [event("a", "CONSULT", ["USA"], ["CHN"])]})
    assert res.tp == 0 and res.confusions[("CONSULT", "SUPPORT")] == 1
    assert res.reports[0].wrong[0][1] == "wrong_type"
    assert res.reports[0].missed[0][1] == "wrong_type"


def test_required_false_is_not_in_recall_and_not_penalised_in_precision():
    rows = [gold("s", g(["USA"], ["CHN"], ["CONSULT"]), g(["CHN"], ["USA"], ["CONSULT"], False))]
    res = ev.evaluate(rows, {"s": [event("s", "CONSULT", ["CHN"], ["USA"])]})
    assert (res.tp, res.predicted, res.gold_required, res.gold_matched) == (1, 1, 1, 0)
    res = ev.evaluate(rows, {"s": [event("s", "CONSULT", ["USA", "CHN"])]})
    assert (res.tp, res.predicted, res.gold_required, res.gold_matched) == (2, 2, 1, 1)
    assert res.precision == res.recall == res.f1 == 1.0


# ---------------------------------------------------------------- rule 4: each gold event once


def test_each_gold_event_is_matched_once():
    rows = [gold("s", g(["IRQ"], ["IRN"], ["ASSAULT"]))]
    dup = [event("s", "ASSAULT", ["IRQ"], ["IRN"]), event("s", "ASSAULT", ["IRQ"], ["IRN"])]
    res = ev.evaluate(rows, {"s": dup})
    assert (res.tp, res.predicted, res.gold_matched, res.gold_required) == (2, 2, 1, 1)
    assert res.recall == 1.0
    # two gold events one triple could satisfy: one-to-one matching counts one, recall_any both
    rows = [gold("s", g(["IRQ"], ["IRN"], ["ASSAULT"]), g(["IRQ"], ["*"], ["ASSAULT"]))]
    res = ev.evaluate(rows, {"s": dup[:1]})
    assert (res.gold_matched, res.gold_matched_any, res.gold_required) == (1, 2, 2)
    assert res.to_dict()["recall_any"] == 1.0 and res.recall == 0.5
    assert res.reports[0].missed[0][1] == "triple_used_by_other_gold_event"
    # and with two triples, the matching finds the assignment that covers both
    two = [event("s", "ASSAULT", ["IRQ"], ["SYR"]), event("s", "ASSAULT", ["IRQ"], ["IRN"])]
    assert ev.evaluate(rows, {"s": two}).gold_matched == 2


def test_per_type_counts_and_f1():
    rows = [gold("a", g(["USA"], ["CHN"], ["ACCUSE"])), gold("b", g(["RUS"], ["UKR"], ["ASSAULT"])),
            gold("c", g(["FRA"], ["DEU"], ["CONSULT"]))]
    res = ev.evaluate(rows, {"a": [event("a", "ACCUSE", ["USA"], ["CHN"])],
                             "b": [event("b", "ASSAULT", ["RUS"], ["POL"])]})
    d = res.to_dict()
    assert (d["tp"], d["predicted"], d["gold_required"], d["gold_matched"]) == (1, 2, 3, 1)
    assert d["precision"] == 0.5 and d["recall"] == round(1 / 3, 4) and d["f1"] == 0.4
    assert d["per_type"]["ACCUSE"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "tp": 1,
                                       "predicted": 1, "gold_required": 1, "gold_matched": 1}
    assert d["per_type"]["ASSAULT"]["predicted"] == 1 and d["per_type"]["ASSAULT"]["tp"] == 0
    assert d["per_type"]["CONSULT"]["gold_required"] == 1
    assert d["per_type"]["CONSULT"]["recall"] == 0
    assert d["error_categories"] == {"wrong": {"wrong_recipient": 1},
                                     "missed": {"wrong_recipient": 1, "no_event": 1}}


# ---------------------------------------------------------------- rule 5: quad class


def test_quad_accuracy_uses_the_first_kept_event_and_counts_no_event_wrong():
    rows = [
        {"id": "q1", "text": "t", "penta_class": 4},   # first event ASSAULT: right
        {"id": "q2", "text": "t", "penta_class": 1},   # first event ACCUSE (3), then AGREE: wrong
        {"id": "q3", "text": "t", "penta_class": 3},   # no event: wrong
        {"id": "q4", "text": "t", "penta_class": 0},   # not scored
        {"id": "q5", "text": "t", "penta_class": 2},   # negated AGREE left out, then AID: right
        {"id": "q6", "text": "t", "penta_class": 1},   # the event's own quad_class is used
    ]
    events = {"q1": [event("q1", "ASSAULT", ["SYR"])],
              "q2": [event("q2", "ACCUSE", ["USA"]), event("q2", "AGREE", ["USA"])],
              "q4": [event("q4", "ASSAULT", ["SYR"])],
              "q5": [event("q5", "AGREE", ["JPN"], aux=["negation"]), event("q5", "AID", ["JPN"])],
              "q6": [event("q6", "SANCTION", ["CHN"], quad=1)]}
    res = ev.evaluate(rows, events)
    q = res.quad
    assert (q.n, q.correct, q.no_event) == (5, 3, 1) and q.accuracy == 0.6
    assert q.confusion[(3, 0)] == 1 and q.confusion[(1, 3)] == 1
    assert res.sentences == 0 and res.predicted == 0  # no events key: not in precision/recall
    d = res.to_dict()
    assert d["precision"] is None and d["recall"] is None and d["per_type"] == {}
    assert d["quad"]["per_class"]["1"] == {"n": 2, "accuracy": 0.5}
    assert d["quad"]["wrong_first_type"] == {"1:ACCUSE": 1, "3:none": 1}
    assert [r.id for r in res.reports if r.has_errors] == ["q2", "q3"]


def test_no_quad_without_penta_class():
    res = ev.evaluate([gold("s", g(["USA"], ["CHN"], ["ACCUSE"]))], {})
    assert res.quad is None and res.to_dict()["quad"] is None
    assert res.reports[0].missed[0][1] == "no_event"


# ---------------------------------------------------------------- bad input


def test_bad_gold_rows_raise_clear_errors():
    with pytest.raises(ev.GoldError, match="unknown PLOVER type"):
        ev.evaluate([gold("s", g(["USA"], ["CHN"], ["FIGHT"]))], {})
    with pytest.raises(ev.GoldError, match="twice"):
        ev.evaluate([gold("s"), gold("s")], {})


def test_read_gold_and_events_skip_bad_lines_with_reasons(tmp_path):
    path = tmp_path / "gold.jsonl"
    lines = [json.dumps(gold("ok", g(["USA"], ["CHN"], ["ACCUSE"]))), "{not json",
             json.dumps({"id": "notext"}), json.dumps(gold("badtype", g(["USA"], ["CHN"], ["X"]))),
             "", json.dumps(gold("ok"))]
    path.write_bytes(("\n".join(lines) + "\n").encode() + b'{"id": "latin", "text": "caf\xe9"}\n')
    rows, skipped = ev.read_gold(path)
    assert [r["id"] for r in rows] == ["ok"]
    assert [s.line for s in skipped] == [2, 3, 4, 6, 7]
    assert "duplicate" in skipped[3].reason and "UnicodeDecodeError" in skipped[4].reason
    epath = tmp_path / "events.jsonl"
    epath.write_text(json.dumps(event("ok", "ACCUSE", ["USA"], ["CHN"]).to_dict()) + "\n"
                     + '{"doc_id": "ok"}\n[1]\n', encoding="utf-8")
    by_doc, eskipped = ev.read_events(epath)
    assert list(by_doc) == ["ok"] and len(eskipped) == 2


# ---------------------------------------------------------------- the command on real files


def _write(path: Path, items) -> Path:
    path.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    return path


def test_cli_json_and_errors_file(tmp_path, capsys):
    gold_path = _write(tmp_path / "g.jsonl", [
        gold("a", g(["USA"], ["CHN"], ["ACCUSE"])),
        gold("b", g(["RUS"], ["UKR"], ["ASSAULT"]), penta_class=4),
        {"id": "c", "text": "t", "penta_class": 1}])
    ev_path = _write(tmp_path / "e.jsonl", [
        event("a", "ACCUSE", ["USA"], ["CHN"]).to_dict(),
        event("b", "MOBILIZE", ["RUS"], ["UKR"]).to_dict(),
        event("zzz", "AGREE", ["USA"]).to_dict()])
    errors = tmp_path / "errors.jsonl"
    code = cli.main(["eval", str(gold_path), "--events", str(ev_path), "--json",
                     "--errors", str(errors)])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["tp"], out["predicted"], out["gold_required"]) == (1, 2, 2)
    assert out["precision"] == 0.5 and out["recall"] == 0.5
    assert out["quad"]["n"] == 2 and out["quad"]["accuracy"] == 0.5
    assert out["unknown_docs"] == 1
    assert out["confusions"] == [{"predicted": "MOBILIZE", "gold": "ASSAULT", "count": 1}]
    reports = [json.loads(line) for line in errors.read_text().splitlines()]
    assert [r["id"] for r in reports] == ["b", "c"]
    assert reports[0]["wrong"][0]["category"] == "wrong_type"
    assert reports[0]["missed"][0]["types"] == ["ASSAULT"]
    assert reports[1]["quad"] is None and reports[1]["penta_class"] == 1


def test_cli_table_and_exit_codes(tmp_path, capsys):
    gold_path = _write(tmp_path / "g.jsonl", [gold("a", g(["USA"], ["CHN"], ["ACCUSE"]))])
    with open(gold_path, "a") as fh:
        fh.write("{broken\n")
    ev_path = _write(tmp_path / "e.jsonl", [event("a", "ACCUSE", ["USA"], ["CHN"]).to_dict()])
    assert cli.main(["eval", str(gold_path), "--events", str(ev_path)]) == 1  # a skipped line
    captured = capsys.readouterr()
    assert "1.000" in captured.out and "ACCUSE" in captured.out
    assert "line 2" in captured.err
    assert cli.main(["eval", str(tmp_path / "missing.jsonl"), "--events", str(ev_path)]) == 2
    quad_only = _write(tmp_path / "q.jsonl", [{"id": "a", "text": "t", "penta_class": 3}])
    assert cli.main(["eval", str(quad_only), "--events", str(ev_path)]) == 0
    captured = capsys.readouterr()
    assert "quad class" in captured.out and "precision" not in captured.out
    assert cli.main(["eval", str(gold_path), "--events", str(tmp_path / "nope.jsonl")]) == 2


def _events_from_gold(rows: list[dict]) -> dict[str, list[records.Event]]:
    """One perfect event per required gold event: first listed actor, recipient or none."""
    out: dict[str, list[records.Event]] = {}
    for row in rows:
        for gev in row.get("events", []):
            actor = next((a for a in gev["actor"] if a not in (None, "*")), "---")
            rec = next((r for r in gev["recipient"] if r is not None), None)
            rec = "---" if rec == "*" else rec
            recips = [] if None in gev["recipient"] or rec is None else [rec]
            out.setdefault(row["id"], []).append(event(row["id"], gev["types"][0], [actor], recips))
    return out


@pytest.mark.skipif(not (GOLD_DIR / "plover_gsr.gold.jsonl").is_file(), reason="../shared absent")
def test_real_gold_scored_against_itself_is_perfect(tmp_path, capsys):
    rows, skipped = ev.read_gold(GOLD_DIR / "plover_gsr.gold.jsonl")
    assert len(rows) == 322 and not skipped
    res = ev.evaluate(rows, _events_from_gold(rows))
    assert res.precision == res.recall == 1.0 and res.gold_required == 322
    # and through the command: a file of those events, scored with --events
    path = _write(tmp_path / "self.jsonl",
                  [e.to_dict() for evs in _events_from_gold(rows).values() for e in evs])
    assert cli.main(["eval", str(GOLD_DIR / "plover_gsr.gold.jsonl"), "--events", str(path),
                     "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["f1"] == 1.0


@pytest.mark.skipif(not (GOLD_DIR / "conflibert_train.gold.jsonl").is_file(),
                    reason="../shared absent")
def test_real_conflibert_file_is_quad_only():
    rows, skipped = ev.read_gold(GOLD_DIR / "conflibert_train.gold.jsonl")
    assert len(rows) == 1349 and not skipped
    res = ev.evaluate(rows, {})
    assert res.sentences == 0 and res.quad.n == sum(r["penta_class"] in (1, 2, 3, 4) for r in rows)
    assert res.quad.accuracy == 0.0 and res.quad.no_event == res.quad.n
