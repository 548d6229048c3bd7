"""The faster attribute ruler and lemmatizer (detente.fast_rules) annotate as spaCy's own.

Each test runs the stock component of the pinned model beside detente's stand-in on the same
input and compares every token: real sentences parsed by the real model (with the words the
ruler's exceptions are about: contractions, "there is", pronouns as subject and object,
whitespace tokens), and documents built to put the values the patterns test next to each other
in many combinations, so that each of the ruler's rules gets its chance to fire.
"""

from __future__ import annotations

import random

import pytest
import spacy
from spacy.pipeline import AttributeRuler
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.tokens import Doc

from detente import fast_rules
from detente.parse import MODEL, load_model

TEXTS = [
    "Israeli air strikes on Gaza killed 12 people, and the cease-fire talks collapsed.",
    "There is no doubt that the talks were postponed, but it wasn't the envoy's fault.",
    "I ain't gonna sign it, the minister said; let's wait, y'all, we've got nothin' yet.",
    "You told me that it was over and I believed you, though he'd have known better.",
    "Rebels rushed relief supplies to the town  and lodged a complaint with the UN.\n"
    "Police arrested 40 activists in Ahmedabad after clashes in Gujarat on Monday.",
    "Whether or not Japan agrees, South Korea will resume talks because they must.",
    "That which was promised has not been done; those who did it are gone, c'mon.",
    "Does Russia have troops there?  It did, and it does, and it will have had more.",
    "The better-armed rebels' fiercest attacks came as troops were being withdrawn.",
    "Governments that had been silent condemned the killings, saying they'd act.",
]


@pytest.fixture(scope="module")
def stock():
    nlp = spacy.load(MODEL, exclude=["ner"])
    assert type(nlp.get_pipe("attribute_ruler")) is AttributeRuler
    assert type(nlp.get_pipe("lemmatizer")) is EnglishLemmatizer
    return nlp


@pytest.fixture(scope="module")
def fast():
    nlp = load_model(ner=False)
    assert isinstance(nlp.get_pipe("attribute_ruler"), fast_rules.IndexedAttributeRuler)
    assert isinstance(nlp.get_pipe("lemmatizer"), fast_rules.CachedLemmatizer)
    return nlp


def _annotations(doc: Doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc]


def test_same_annotations_on_parsed_text(stock, fast):
    for text in TEXTS:
        assert _annotations(fast(text)) == _annotations(stock(text)), text


def test_pipelines_differ_only_in_the_two_components(stock, fast):
    assert fast.pipe_names == stock.pipe_names
    assert [type(p) for n, p in fast.pipeline if n not in ("attribute_ruler", "lemmatizer")] \
        == [type(p) for n, p in stock.pipeline if n not in ("attribute_ruler", "lemmatizer")]


def _built_docs(stock, vocab=None, n_docs: int = 300, seed: int = 7) -> list[Doc]:
    """Documents whose tags, words and labels are drawn from the values the ruler's patterns
    test (and a few others), with whitespace tokens among them; in ``vocab`` (default: the
    stock pipeline's)."""
    ruler = stock.get_pipe("attribute_ruler")
    tags, words, deps = set(), set(), set()

    def values(v):
        if isinstance(v, dict):
            return [x for vals in v.values() if isinstance(vals, list) for x in vals]
        return [v]

    for p in ruler.patterns:
        for pat in p["patterns"]:
            for tok in pat:
                tags.update(x for x in values(tok.get("TAG", [])) if x)
                words.update(x for x in values(tok.get("LOWER", [])) if x)
                deps.update(x for x in values(tok.get("DEP", [])) if x)
    words |= {"Gonna", "AI", "n't", "nt", "y", "y'", "nothin'", "nuthin'", "talks", "Japan"}
    tags, words, deps = sorted(tags), sorted(words), sorted(deps) + ["nsubj", "dobj"]
    rng = random.Random(seed)
    docs = []
    for _ in range(n_docs):
        n = rng.randint(1, 12)
        ws = [rng.choice(words) if rng.random() < 0.9 else rng.choice(["  ", "\n"])
              for _ in range(n)]
        spaces = [not w.isspace() and rng.random() < 0.8 for w in ws]
        docs.append(Doc(vocab or stock.vocab, words=ws, spaces=spaces,
                        tags=[rng.choice(tags) for _ in ws],
                        deps=[rng.choice(deps) for _ in ws],
                        heads=[rng.randrange(n) for _ in ws]))
    return docs


def test_ruler_matches_as_the_matcher_on_built_docs(stock, fast):
    slow_ruler = stock.get_pipe("attribute_ruler")
    fast_ruler = fast.get_pipe("attribute_ruler")
    fired = set()
    for doc, same in zip(_built_docs(stock), _built_docs(stock, fast.vocab)):
        want = slow_ruler.match(doc)
        assert fast_ruler.match(same) == want, [t.text for t in doc]
        fired.update(m[0] for m in want)
    assert len(fired) > len(slow_ruler.attrs) // 2  # the built docs do exercise the rules


def test_ruler_and_lemmatizer_annotate_built_docs_the_same(stock, fast):
    pairs = []
    for a, b in zip(_built_docs(stock), _built_docs(stock, fast.vocab)):  # the same twice
        for name in ("attribute_ruler", "lemmatizer"):
            stock.get_pipe(name)(a)
            fast.get_pipe(name)(b)
        pairs.append((a, b))
    for a, b in pairs:
        assert _annotations(b) == _annotations(a), a.text


def test_lemmas_remembered_are_the_lemmas_computed(stock, fast):
    """The second time a word is seen its lemma comes from memory: it must be the same."""
    for text in TEXTS + TEXTS:
        assert [t.lemma_ for t in fast(text)] == [t.lemma_ for t in stock(text)]


def test_a_pattern_the_index_cannot_read_falls_back_to_the_matcher(stock):
    data = stock.get_pipe("attribute_ruler").to_bytes(exclude=["vocab"])
    ruler = fast_rules.IndexedAttributeRuler(stock.vocab)
    ruler.from_bytes(data, exclude=["vocab"])
    ruler.add([[{"LOWER": "talks"}, {"IS_PUNCT": True, "OP": "?"}]], {"LEMMA": "talk"})
    plain = AttributeRuler(stock.vocab)
    plain.from_bytes(ruler.to_bytes(exclude=["vocab"]), exclude=["vocab"])
    doc = stock.make_doc("The talks, and more talks.")
    with stock.select_pipes(disable=["attribute_ruler", "lemmatizer"]):
        doc = stock(doc)
    assert ruler.match(doc) == plain.match(doc)
    assert ruler._index is False  # the whole document went to the Matcher
