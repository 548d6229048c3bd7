"""The learned event model (hybrid mode): loading, offline use, the flag on the API and the CLI,
and what it adds to the rules on a sentence the lexicon does not cover."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from detente.coder import Coder
from detente.events.model import MODES, EventModel, ModelMissing, Thresholds, model_dir

ROOT = Path(__file__).resolve().parents[1]
DETENTE = str(Path(sys.executable).with_name("detente"))
TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "REQUEST", "COOPERATE", "AID", "RETREAT",
         "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
#: Written for this test: the rules have no "lob grenades" (they find nothing here); the model
#: reads an attack, places it on "lobbed", and the rules' own conventions give the roles:
#: attackers of no stated country ("---"), the place's state as the target.
MISSED = "Militants lobbed grenades at a crowded market in western Baghdad on Sunday."


@pytest.fixture(scope="module")
def rules():
    return Coder(model="rules")


@pytest.fixture(scope="module")
def hybrid():
    return Coder(model="hybrid")


def test_model_ships_with_the_package_and_loads():
    path = model_dir()
    assert (path / "textcat" / "meta.json").is_file()
    size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    assert size < 40 * 2**20  # tens of MB at most
    m = EventModel()
    assert TYPES <= set(m.labels) and "EVENT" in m.labels
    probs = m.classify(["Israeli jets bombed targets in Gaza.", "Oil prices rose on Monday."])
    assert all(0.0 <= p <= 1.0 for d in probs for p in d.values())
    assert probs[0]["ASSAULT"] > probs[1]["ASSAULT"]
    assert probs[0]["EVENT"] > probs[1]["EVENT"]


def test_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(ModelMissing, match="make train"):
        EventModel(tmp_path)


def test_mode_flag_on_the_api(rules, hybrid):
    assert MODES == ("rules", "hybrid")
    assert rules.model == "rules" and rules.event_model is None
    assert hybrid.model == "hybrid" and hybrid.event_model is not None
    with pytest.raises(ValueError, match="rules, hybrid"):
        Coder(model="neural")


def test_hybrid_adds_an_event_the_rules_miss(rules, hybrid):
    assert rules.code(MISSED).events == []
    events = hybrid.code(MISSED).events
    assault = [e for e in events if e.event_type == "ASSAULT"]
    assert assault, [e.to_dict() for e in events]
    e = assault[0]
    assert [a.code for a in e.actor] == ["---"] and [r.code for r in e.recipient] == ["IRQ"]
    assert e.trigger.text == "lobbed" and MISSED[e.trigger.start:e.trigger.end] == "lobbed"
    assert 0 < e.confidence < 1
    assert e.quad_class == 4  # enriched like any other event


def test_hybrid_keeps_plain_rule_events_and_rescores_them(rules, hybrid):
    text = "Japan and the Soviet Union signed a joint declaration in Moscow on Friday."
    r = [(e.event_type, [a.code for a in e.actor]) for e in rules.code(text).events]
    h = hybrid.code(text).events
    assert [(e.event_type, [a.code for a in e.actor]) for e in h] == r
    assert all(0 < e.confidence <= 1 for e in h)


def test_veto_drops_a_type_the_model_finds_implausible(hybrid):
    # the model gives almost nothing to REJECT in a report of an attack: with the veto on, a
    # rule event of that type is dropped and one of a plausible type kept (and re-scored)
    from detente.events.extract import RawEvent

    coder = hybrid
    assert coder.event_model.thresholds.veto == 0.0  # off by default (see Thresholds)
    m = EventModel(thresholds=Thresholds(veto=0.05, veto_event=1.01))  # not the shared one
    text = "Israeli jets bombed targets in Gaza."
    probs = m.classify([text])[0]
    assert probs["REJECT"] < 0.05 <= probs["ASSAULT"]
    sdoc = coder.nlp(text)
    sa = coder.finder.mentions(sdoc, None)
    raws = [RawEvent("REJECT", None, 14, 20, "bombed", [], [], confidence=0.8, token=2),
            RawEvent("ASSAULT", None, 14, 20, "bombed", [], [], confidence=0.8, token=2)]
    kept = m.revise(sdoc, raws, probs, sa, [], coder.extractor)
    assert [e.type for e in kept][:1] == ["ASSAULT"]
    assert "REJECT" not in [e.type for e in kept]
    assert kept[0].confidence == round((0.8 + probs["ASSAULT"]) / 2, 2)


@pytest.mark.slow  # starts detente in a new process
def test_offline(tmp_path):
    """The model loads and codes with the network unreachable and HF_HUB_OFFLINE set."""
    script = tmp_path / "offline.py"
    script.write_text(textwrap.dedent(f"""
        import socket
        def refuse(*a, **k):
            raise OSError("network used")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse
        from detente.coder import Coder
        r = Coder(model="hybrid").code({MISSED!r})
        print(sorted(e.event_type for e in r.events))
    """))
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         timeout=120, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "ASSAULT" in out.stdout


@pytest.mark.slow  # starts detente in a new process
def test_model_flag_on_the_cli(tmp_path, rules):
    src = tmp_path / "story.txt"
    src.write_text(MISSED, encoding="utf-8")
    env = dict(os.environ)
    runs = {}
    for mode in ("rules", "hybrid"):
        out = subprocess.run([DETENTE, "code", str(src), "--model", mode, "--workers", "1"],
                             capture_output=True, text=True, timeout=180, env=env)
        assert out.returncode == 0, out.stderr[-2000:]
        runs[mode] = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    assert runs["rules"] == []
    assert "ASSAULT" in [e["event_type"] for e in runs["hybrid"]]
    bad = subprocess.run([DETENTE, "code", str(src), "--model", "neural"],
                         capture_output=True, text=True, timeout=60, env=env)
    assert bad.returncode == 2 and "--model" in bad.stderr


@pytest.mark.slow  # starts detente in a new process
def test_model_flag_on_eval(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "g1", "text": MISSED, "date": None, "origin": "test",
                                "events": [{"actor": ["---", "IRQ"], "recipient": ["IRQ", "*"],
                                            "types": ["ASSAULT"], "required": True}]}) + "\n")
    # the rules find nothing in this sentence (test_model_flag_on_the_cli); hybrid finds it
    out = subprocess.run([DETENTE, "eval", str(gold), "--json", "--model", "hybrid"],
                         capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr[-2000:]
    d = json.loads(out.stdout)
    assert d["events"].endswith("(model=hybrid)")
    assert d["recall"] == 1.0 and d["precision"] == 1.0
