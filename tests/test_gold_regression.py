"""Accuracy regression: the coder on the shared gold, against the figures in the repo.

Fails when F1 and precision (or quad-class accuracy) fall more than the file's tolerance (0.03
unless ``tests/gold_baseline.json`` says otherwise: the passage files hold few events, one event
moves their F1 by about 0.03) below what the baseline records. Every dev file with an entry is
tested; the score-only check files under ``check`` are tested for F1 where ../shared/gold/check
exists (only their F1 is read, never their rows). Skipped where ../shared is absent.
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
CHECK = ROOT.parent / "shared" / "gold" / "check"
BASELINE = json.loads((ROOT / "tests" / "gold_baseline.json").read_text())
TOLERANCE = 0.03
DEV_F1 = [k for k, v in BASELINE.items() if k.endswith(".jsonl") and "f1" in v]
CHECK_F1 = list(BASELINE.get("check", {}))


@pytest.fixture(scope="module")
def coder():
    return Coder()


def score(coder, path: Path):
    rows, skipped = read_gold(path)
    assert not skipped
    results = coder.pipe(Document(id=str(r["id"]), text=r["text"], date=r.get("date"))
                         for r in rows)
    return evaluate(rows, {r.document.doc_id: r.events for r in results})


@pytest.mark.skipif(not GOLD.is_dir(), reason="../shared/gold/dev is not here")
@pytest.mark.parametrize("name", DEV_F1)
def test_dev_f1_holds(coder, name):
    res = score(coder, GOLD / name)
    base = BASELINE[name]
    tol = base.get("tolerance", TOLERANCE)
    print(f"{name}: P={res.precision:.3f} R={res.recall:.3f} F1={res.f1:.3f}")
    assert res.f1 >= base["f1"] - tol
    assert res.precision >= base["precision"] - tol


@pytest.mark.skipif(not GOLD.is_dir(), reason="../shared/gold/dev is not here")
def test_conflibert_quad_accuracy_holds(coder):
    res = score(coder, GOLD / "conflibert_train.gold.jsonl")
    acc = res.quad.accuracy
    print(f"conflibert quad accuracy={acc:.3f} on {res.quad.n}")
    assert acc >= BASELINE["conflibert_train.gold.jsonl"]["quad_accuracy"] - TOLERANCE


@pytest.mark.parametrize("name", CHECK_F1)
def test_check_f1_holds(coder, name):
    if not (CHECK / name).is_file():
        pytest.skip(f"../shared/gold/check/{name} is not here")
    base = BASELINE["check"][name]
    res = score(coder, CHECK / name)
    print(f"check {name}: F1={res.f1:.3f}")
    assert res.f1 >= base["f1"] - base.get("tolerance", TOLERANCE)
