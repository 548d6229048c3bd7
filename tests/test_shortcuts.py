"""The speed shortcuts answer exactly as the full lookups they skip.

Each shortcut (an index or an early exit) is compared here with the plain computation it
replaces, on every token of sentences written for these tests: a shortcut that ever drops an
answer the full lookup gives fails here.
"""

from __future__ import annotations

import pytest

from detente import places
from detente.events import patterns as patterns_mod

TEXTS = [
    "Israeli air strikes on Gaza killed 12 people, and the cease-fire talks collapsed.",
    "The Camp David Accords were signed after a mediation effort by the United States.",
    "Rebels rushed relief supplies to the town and lodged a complaint with the United Nations.",
    "Police arrested 40 activists in Ahmedabad after clashes in Gujarat on Monday.",
    "Russia severed diplomatic ties with Georgia and imposed sanctions on Tbilisi.",
    "The Kremlin called on Kyiv to withdraw its troops from the Donbas region.",
    "Japan and South Korea agreed to resume six-party talks in Beijing next month.",
    "Protesters in Sao Paulo and Rio de Janeiro demanded the resignation of the minister.",
    "The envoy held talks with officials in New Delhi about a peace process in Kashmir.",
    "North Korean troops test-fired missiles near the border, Seoul's military said.",
]


@pytest.fixture(scope="module")
def docs(coder):
    return list(coder.nlp.pipe(TEXTS))


def test_noun_shortcut_keeps_every_key(coder, docs):
    ex, nouns = coder.extractor, coder.lexicon.nouns
    found = 0
    for doc in docs:
        for tok in doc:
            if tok.pos_ not in ("NOUN", "PROPN"):
                continue
            full = next((nouns[k] for k in ex._noun_keys(tok) if k in nouns), None)
            assert ex.noun_sense(tok) == full, tok.text
            found += full is not None
    assert found >= 5  # the sentences do name event nouns


def test_frame_index_is_the_linear_scan(coder):
    lex = coder.lexicon
    objects = {"ties", "relations", "sanctions", "talks", "fire", "embargo"}
    verbs = {v for fr in lex.frames for v in fr.verbs} | {"sign", "nonsense"}
    for verb in sorted(verbs):
        linear = next((fr.sense for fr in lex.frames
                       if verb in fr.verbs and objects & fr.objects), None)
        assert lex.frame_for(verb, objects) == linear, verb


def test_pattern_index_is_the_full_block(coder, docs, monkeypatch):
    pats = coder.lexicon.patterns
    if pats is None:
        pytest.skip("CAMEO patterns not built")
    from detente.events.extract import _lemmas

    pairs = [(tok, lemma) for doc in docs for tok in doc for lemma in _lemmas(tok)]
    fast = [pats.match(tok, lemma) for tok, lemma in pairs]
    monkeypatch.setattr(patterns_mod.VerbPatterns, "_candidates",
                        lambda self, block, heads: self.patterns.get(block, ()))
    assert [pats.match(tok, lemma) for tok, lemma in pairs] == fast


class _Everything:
    def __contains__(self, item) -> bool:
        return True


@pytest.mark.parametrize("lowercase", [False, True])
def test_place_first_words_skip_nothing(monkeypatch, lowercase):
    text = " ".join(TEXTS)
    text = text.lower() if lowercase else text
    fast = places.in_text(text, lowercase=lowercase)
    assert fast  # Gaza, Ahmedabad, Gujarat, ...
    monkeypatch.setattr(places, "_first_words", lambda: _Everything())
    assert places._in_text(text, lowercase) == fast  # computed again, not remembered


def test_remembered_places_are_copies():
    text = "Police fired on protesters in Ahmedabad and Gujarat."
    first = places.in_text(text)
    first.clear()
    assert [text[s:e] for s, e, _ in places.in_text(text)] == ["Ahmedabad", "Gujarat"]
