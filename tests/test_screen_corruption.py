"""Detection recall and precision per kind on generated damage, and precision on clean news.

The corruption generator (tests/corrupt.py) damages the clean texts it holds with known spans;
a detected span matches a known one of the same kind when they overlap or touch (two characters
of slack: a deletion leaves an empty span between two characters). The bars of issue 3:
precision and recall >= 0.9 for each kind; at most 2% of clean news documents with an
injected_phrase, missing_number or glued_words span. Deletions the generator marks as silent
("the 1956 declaration" -> "the declaration": grammatical, invisible to any reader) are left out
of the recall; benchmarks/screen_corpus.py prints the figure with them too.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

import corrupt as c
from detente.screen import screen

SEEDS = range(5)
PHRASES = ["trade sanctions imposed by the ruler of Japan",
           "best cheap flights to moscow and tokyo deals",
           "kashmir conflict history explained for students",
           "kuril islands dispute, explained", "best hotels in tokyo - 2024 deals"]
BAR = 0.9
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
NEWS = SHARED / "corpus" / "news_world_2004.jsonl"
GOLD = sorted((SHARED / "gold" / "dev").glob("*.gold.jsonl")) if SHARED.exists() else []
DAMAGE = ("injected_phrase", "missing_number", "glued_words")


def _match(d, t, slack: int = 2) -> bool:
    return d.start - slack <= t.end and t.start <= d.end + slack


def _score(gen: str, kinds: tuple[str, ...]) -> dict[str, tuple[float, float, int, int]]:
    tally = {k: [0, 0, 0, 0] for k in kinds}
    for seed in SEEDS:
        for text in c.CLEAN_TEXTS.values():
            rng = random.Random(seed)
            phrase = PHRASES[seed % len(PHRASES)]
            damaged = {
                "missing_number": lambda: c.delete_numbers(text, rng),
                "glued_words": lambda: c.glue_words(text, rng=rng),
                "injected_phrase": lambda: c.inject_phrase(text, phrase, rng=rng),
                "encoding": lambda: c.add_mojibake(text, rng=rng),
                "boilerplate": lambda: c.add_boilerplate(text, rng=rng),
                "combined": lambda: c.combine(text, phrase, seed),
            }[gen]()
            s = screen(damaged.text)
            for k in kinds:
                det = [x for x in s.quality.spans if x.kind == k]
                truths = [t for t in damaged.truths if t.kind == k]
                audible = [t for t in truths if not t.silent]
                a = tally[k]
                a[0] += sum(any(_match(d, t) for t in truths) for d in det)
                a[1] += len(det)
                a[2] += sum(any(_match(d, t) for d in det) for t in audible)
                a[3] += len(audible)
    return {k: (tp / max(nd, 1), tr / max(na, 1), nd, na) for k, (tp, nd, tr, na) in tally.items()}


@pytest.mark.parametrize("kind", ["injected_phrase", "missing_number", "glued_words",
                                  "boilerplate", "encoding"])
def test_each_damage_alone_is_found(kind):
    (precision, recall, n_det, n_true), = _score(kind, (kind,)).values()
    print(f"{kind}: precision {precision:.3f} of {n_det}, recall {recall:.3f} of {n_true}")
    assert n_true >= 20
    assert precision >= BAR and recall >= BAR


def test_all_damage_at_once_is_found():
    for kind, (precision, recall, n_det, n_true) in _score("combined", DAMAGE).items():
        print(f"combined {kind}: precision {precision:.3f} of {n_det}, recall {recall:.3f} of {n_true}")
        assert n_true >= 20
        assert precision >= BAR and recall >= BAR, kind


def test_damage_kinds_do_not_leak_into_each_other():
    # mojibake and boilerplate alone must not produce text-damage spans
    for seed in SEEDS:
        for text in c.CLEAN_TEXTS.values():
            for damaged in (c.add_mojibake(text, rng=random.Random(seed)),
                            c.add_boilerplate(text, rng=random.Random(seed))):
                s = screen(damaged.text)
                assert not {sp.kind for sp in s.quality.spans} & set(DAMAGE)


@pytest.mark.skipif(not NEWS.exists(), reason="../shared/corpus not present")
def test_clean_news_is_rarely_flagged():
    n = flagged = 0
    with NEWS.open(encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            s = screen(doc.get("text") or "")
            n += 1
            if {sp.kind for sp in s.quality.spans} & set(DAMAGE):
                flagged += 1
    share = flagged / n
    print(f"clean news: {flagged} of {n} documents flagged = {100 * share:.2f}%")
    assert n > 1000
    assert share <= 0.02


@pytest.mark.skipif(not GOLD, reason="../shared/gold not present")
def test_clean_gold_sentences_are_rarely_flagged():
    n = flagged = 0
    for path in GOLD:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                s = screen(json.loads(line).get("text") or "")
                n += 1
                if {sp.kind for sp in s.quality.spans} & set(DAMAGE) or s.status != "ok":
                    flagged += 1
    print(f"gold dev sentences: {flagged} of {n} flagged = {100 * flagged / n:.2f}%")
    assert n > 500
    assert flagged / n <= 0.01
