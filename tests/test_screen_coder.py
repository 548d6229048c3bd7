"""The screen and the coder together: damaged copies of a text must not invent events, must keep
the real ones, and must not date events from damaged sentences.

The damaged copies come from tests/corrupt.py: every year and date deleted, words glued, and a
keyword phrase containing event words ("trade sanctions imposed by the ruler of Japan") injected
twelve times, inserted before ordinary words (``inject_mode="insert"``) so that removing the
copies gives the clean text back and the same events can be asked for.
"""

from __future__ import annotations

from collections import Counter

import pytest

import corrupt as c

coder_mod = pytest.importorskip("detente.coder")

PHRASE = "trade sanctions imposed by the ruler of Japan"
KEEP_BAR = 0.8


@pytest.fixture(scope="module")
def coder():
    return coder_mod.Coder()


def _key(e) -> tuple:
    return (e.event_type, tuple(sorted(a.code for a in e.actor)),
            tuple(sorted(r.code for r in e.recipient)))


def _kept(clean_events, damaged_events) -> tuple[int, int]:
    c0 = Counter(_key(e) for e in clean_events)
    c1 = Counter(_key(e) for e in damaged_events)
    return sum(min(n, c1[k]) for k, n in c0.items()), sum(c0.values())


def _inside(a: int, b: int, spans) -> bool:
    return any(s <= a and b <= e for s, e in spans)


@pytest.mark.parametrize("name", sorted(c.CLEAN_TEXTS))
@pytest.mark.parametrize("seed", [0, 1])
def test_no_event_comes_from_an_injected_phrase(coder, name, seed):
    damaged = c.combine(c.CLEAN_TEXTS[name], PHRASE, seed, inject_mode="insert")
    result = coder.code(damaged.text, doc_id=name)
    injected = [(sp.start, sp.end) for sp in result.document.quality.spans
                if sp.kind == "injected_phrase"]
    assert len(injected) == 12
    for e in result.events:
        for a, b in [(e.trigger.start, e.trigger.end)] + [(x.start, x.end) for x in e.actor + e.recipient]:
            assert not _inside(a, b, injected), (e.event_type, damaged.text[a:b])
        assert "sanctions imposed by the ruler" not in damaged.text[e.trigger.start:e.trigger.end]
    # the phrase holds SANCTION words twelve times: none may come through
    clean = coder.code(c.CLEAN_TEXTS[name])
    n_sanction = sum(e.event_type == "SANCTION" for e in result.events)
    assert n_sanction <= sum(e.event_type == "SANCTION" for e in clean.events)


@pytest.mark.parametrize("damage", ["glue", "inject"])
def test_events_survive_glue_and_injection(coder, damage):
    kept = total = 0
    for name, text in c.CLEAN_TEXTS.items():
        damaged = (c.glue_words(text) if damage == "glue"
                   else c.inject_phrase(text, PHRASE, mode="insert"))
        k, t = _kept(coder.code(text).events, coder.code(damaged.text).events)
        kept, total = kept + k, total + t
    print(f"{damage}: {kept}/{total} clean events found in the damaged copies")
    assert total >= 20
    assert kept / total >= KEEP_BAR


def test_events_survive_all_damage_at_once(coder):
    kept = total = 0
    for seed in (0, 1):
        for name, text in c.CLEAN_TEXTS.items():
            damaged = c.combine(text, PHRASE, seed, inject_mode="insert")
            k, t = _kept(coder.code(text).events, coder.code(damaged.text).events)
            kept, total = kept + k, total + t
    print(f"all damage: {kept}/{total} clean events found in the damaged copies")
    # what is lost: actors whose original span stretches across a removed injected copy (the
    # coder drops events by overlap with masked spans; Screened.inside_masked is the
    # containment test) and "Moscow" coded RUS once the years that made it SUN are deleted
    assert kept / total >= KEEP_BAR, f"{kept}/{total}"


@pytest.mark.parametrize("name", sorted(set(c.CLEAN_TEXTS) - {"news_2004"}))  # news: one year
def test_events_in_sentences_with_deleted_dates_have_no_date(coder, name):
    damaged = c.delete_numbers(c.CLEAN_TEXTS[name])
    result = coder.code(damaged.text, doc_id=name)
    missing = [(sp.start, sp.end) for sp in result.document.quality.spans
               if sp.kind == "missing_number"]
    assert missing
    for e in result.events:
        s, t = e.sentence.start, e.sentence.end
        if any(a < t and s < b for a, b in missing):
            assert e.date is None, (e.event_type, e.evidence)
