"""Accuracy regression: the coder on the development gold, against the figures in the repo.

Fails when F1 (or quad-class accuracy) falls more than 0.03 below what
``tests/gold_baseline.json`` records. Skipped only where ../shared (the gold) is absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detente import Coder
from detente.evaluate import evaluate, read_gold
from detente.records import Document

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "gold" / "dev"
BASELINE = json.loads((ROOT / "tests" / "gold_baseline.json").read_text())
TOLERANCE = 0.03

pytestmark = pytest.mark.skipif(not GOLD.is_dir(), reason="../shared/gold/dev is not here")


@pytest.fixture(scope="module")
def coder():
    return Coder()


def score(coder, name):
    rows, skipped = read_gold(GOLD / name)
    assert not skipped
    results = coder.pipe(Document(id=str(r["id"]), text=r["text"], date=r.get("date"))
                         for r in rows)
    return evaluate(rows, {r.document.doc_id: r.events for r in results})


def test_plover_gsr_f1_holds(coder):
    res = score(coder, "plover_gsr.gold.jsonl")
    base = BASELINE["plover_gsr.gold.jsonl"]
    print(f"plover_gsr: P={res.precision:.3f} R={res.recall:.3f} F1={res.f1:.3f}")
    assert res.f1 >= base["f1"] - TOLERANCE
    assert res.precision >= base["precision"] - TOLERANCE


def test_conflibert_quad_accuracy_holds(coder):
    res = score(coder, "conflibert_train.gold.jsonl")
    acc = res.quad.accuracy
    print(f"conflibert quad accuracy={acc:.3f} on {res.quad.n}")
    assert acc >= BASELINE["conflibert_train.gold.jsonl"]["quad_accuracy"] - TOLERANCE
