"""Faster stand-ins for the model's two rule components, giving the same annotations.

After the tagger and parser, the English model runs two rule components: the attribute ruler
(179 token patterns that set each token's coarse part of speech, morphology and a few lemmas
from its tag, its word and its dependency label) and the rule lemmatizer. On the sentences
detente parses they cost as much CPU as the parser itself: spaCy's general ``Matcher`` tries
every pattern on every token, and the lemmatizer caches only some of its answers, so each new
word pays the suffix rules again and every token is visited in Python.

The two components here read the same data and give the same output, faster:

- :class:`IndexedAttributeRuler` finds the same matches as the ``Matcher`` by looking up, for
  each token, only the patterns whose first token can match its tag, word, label or space flag,
  and remembers which patterns match a given combination of those four values. Matches are
  applied by spaCy's own code, in spaCy's order. A pattern it does not understand (an operator,
  another attribute) makes it hand the whole document to the ``Matcher``.
- :class:`CachedLemmatizer` remembers every lemma by word, part of speech and morphology (the
  only inputs of the rule lemmatizer) and writes a document's lemmas in one array operation;
  its table of known words holds sets, where spaCy's holds lists it reads through for each
  candidate form of each new word.

:func:`speed_up` swaps them into a loaded pipeline; ``tests/test_shortcuts.py`` checks that the
annotations are those of the stock components on real text.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.lookups import Lookups, Table
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

#: The token attributes a pattern may test here, in the column order of ``Doc.to_array``.
_COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
_ARRAY_ATTRS = [TAG, LOWER, DEP, IS_SPACE]
#: Remembered answers (per feature combination, per lemma key) before the memory starts over:
#: a server that codes for months must not grow without bound.
MAX_CACHE = 200_000


class _Unsupported(Exception):
    """A pattern uses something the index does not reproduce; the Matcher does the work."""


def _check(attr: str, value: Any, strings) -> tuple[int, str, Any]:
    """One test of a token pattern as (column, operator, operand), operands as the Matcher
    compares them: string hashes, and 1/0 for the space flag."""
    if attr not in _COLUMNS:
        raise _Unsupported(attr)
    col = _COLUMNS[attr]

    def code(v):
        if attr == "IS_SPACE":
            if not isinstance(v, bool):
                raise _Unsupported(v)
            return int(v)
        if not isinstance(v, str):
            raise _Unsupported(v)
        return strings[v] if v else 0

    if not isinstance(value, dict):
        return col, "eq", code(value)
    if len(value) != 1:
        raise _Unsupported(value)
    (op, arg), = value.items()
    if op == "IN":
        return col, "in", frozenset(code(v) for v in arg)
    if op == "NOT_IN":
        return col, "not_in", frozenset(code(v) for v in arg)
    if op == "REGEX" and attr != "IS_SPACE":
        return col, "regex", re.compile(arg)
    raise _Unsupported(value)


class _Pattern:
    """One compiled Matcher pattern of the ruler."""

    __slots__ = ("key", "tokens")

    def __init__(self, key: int, tokens: list[list[tuple[int, str, Any]]]):
        self.key = key  # the Matcher's match id: the hash of the rule's ordinal
        self.tokens = tokens


class _Index:
    """The ruler's patterns, indexed by what their first token requires."""

    def __init__(self, ruler: AttributeRuler):
        strings = ruler.vocab.strings
        self.strings = strings
        self.by_value: dict[tuple[int, int], list[_Pattern]] = {}
        self.general: list[_Pattern] = []
        self.known: dict[tuple, tuple[_Pattern, ...]] = {}
        self.regex_memo: dict[tuple[Any, int], bool] = {}
        for i in range(len(ruler.attrs)):
            key = strings[str(i)]
            for pat in ruler.matcher.get(str(i))[1]:
                if not pat or any(not isinstance(t, dict) or "OP" in t for t in pat):
                    raise _Unsupported(pat)
                compiled = _Pattern(key, [[_check(a, v, strings) for a, v in t.items()]
                                          for t in pat])
                first = compiled.tokens[0]
                # index by the most selective test of the first token: equality first, on
                # tag, word, label, space flag; then membership; else try it on every token
                best = None
                for kind in ("eq", "in"):
                    for col in (0, 1, 2, 3):
                        best = best or next((c for c in first if c[0] == col and c[1] == kind),
                                            None)
                if best is None:
                    self.general.append(compiled)
                    continue
                col, kind, arg = best
                for v in ([arg] if kind == "eq" else sorted(arg)):
                    self.by_value.setdefault((col, v), []).append(compiled)

    def _holds(self, checks, feats) -> bool:
        for col, op, arg in checks:
            v = feats[col]
            if op == "eq":
                if v != arg:
                    return False
            elif op == "in":
                if v not in arg:
                    return False
            elif op == "not_in":
                if v in arg:
                    return False
            else:  # regex, searched in the string, as the Matcher does
                memo = (arg, v)
                hit = self.regex_memo.get(memo)
                if hit is None:
                    if len(self.regex_memo) > MAX_CACHE:
                        self.regex_memo.clear()
                    hit = self.regex_memo[memo] = bool(arg.search(self.strings[v]))
                if not hit:
                    return False
        return True

    def _starting(self, feats: tuple) -> tuple[_Pattern, ...]:
        """The patterns whose first token matches a token with these features."""
        found = self.known.get(feats)
        if found is None:
            cands = [p for col in (0, 1, 2, 3) for p in self.by_value.get((col, feats[col]), ())]
            seen: set[int] = set()
            found = []
            for p in cands + self.general:
                if id(p) not in seen and self._holds(p.tokens[0], feats):
                    seen.add(id(p))
                    found.append(p)
            found = tuple(found)
            if len(self.known) > MAX_CACHE:
                self.known.clear()
            self.known[feats] = found
        return found

    def matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """(match id, start, end) of every pattern match, as ``Matcher(doc)`` returns them
        (in another order; the ruler sorts them)."""
        rows = [tuple(r) for r in doc.to_array(_ARRAY_ATTRS).tolist()] if len(doc) else []
        out = []
        n = len(rows)
        for i, feats in enumerate(rows):
            for p in self._starting(feats):
                size = len(p.tokens)
                if i + size > n or not all(self._holds(p.tokens[k], rows[i + k])
                                           for k in range(1, size)):
                    continue
                out.append((p.key, i, i + size))
        return out


class IndexedAttributeRuler(AttributeRuler):
    """spaCy's attribute ruler, with its matches found through an index (see the module)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._index: _Index | None | bool = None

    def clear(self) -> None:
        super().clear()
        self._index = None

    def add(self, patterns, attrs, index: int = 0) -> None:
        super().add(patterns, attrs, index)
        self._index = None

    def match(self, doc: Doc):
        if self._index is None:
            try:
                self._index = _Index(self)
            except _Unsupported:
                self._index = False
        if self._index is False:
            return super().match(doc)
        strings = self.vocab.strings
        matches = [(int(strings[m_id]), m_id, s, e) for m_id, s, e in self._index.matches(doc)]
        matches.sort()
        return matches


class CachedLemmatizer(EnglishLemmatizer):
    """spaCy's English rule lemmatizer, remembering every answer (see the module)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._lemmas: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if self.overwrite or self.mode != "rule" or not len(doc):
            return super().__call__(doc)
        if not self._validated:
            return super().__call__(doc)  # validates the tables, raising as spaCy does
        error_handler = self.get_error_handler()
        try:
            arr = doc.to_array([LEMMA, ORTH, POS, MORPH])
            rows = arr.tolist()
            lemmas = self._lemmas
            strings = self.vocab.strings
            changed = False
            for i, (lemma, orth, pos, morph) in enumerate(rows):
                if lemma:
                    continue
                key = (orth, pos, morph)
                h = lemmas.get(key)
                if h is None:
                    h = strings.add(self.lemmatize(doc[i])[0])
                    if pos:  # no part of speech: spaCy warns each time; so do we
                        if len(lemmas) > MAX_CACHE:
                            lemmas.clear()
                        lemmas[key] = h
                arr[i, 0] = h
                changed = True
            if changed:
                doc.from_array([LEMMA], arr[:, :1].copy())
            return doc
        except Exception as e:  # noqa: BLE001 - spaCy's own error handling, as the stock pipe
            error_handler(self.name, self, [doc], e)


@Language.factory("detente_attribute_ruler", default_config={"validate": False})
def _make_ruler(nlp: Language, name: str, validate: bool) -> IndexedAttributeRuler:
    return IndexedAttributeRuler(nlp.vocab, name, validate=validate)


@Language.factory("detente_lemmatizer", default_config={"mode": "rule", "overwrite": False})
def _make_lemmatizer(nlp: Language, name: str, mode: str, overwrite: bool) -> CachedLemmatizer:
    return CachedLemmatizer(nlp.vocab, None, name, mode=mode, overwrite=overwrite)


def _indexed_lookups(lookups: Lookups) -> Lookups:
    """The lemmatizer's tables, with each word list of ``lemma_index`` as a set: the rules
    ask whether a candidate form is a known word, and a list of 57,000 nouns answers that by
    reading it through, for every new word."""
    out = Lookups()
    for name in lookups.tables:
        table = lookups.get_table(name)
        if name == "lemma_index":
            table = Table.from_dict({k: frozenset(v) for k, v in table.items()}, name=name)
        out.set_table(name, table)
    return out


def speed_up(nlp: Language) -> Language:
    """Swap the pipeline's stock attribute ruler and English rule lemmatizer for the faster
    ones, with the same patterns and tables. Components of other kinds or settings stay."""
    if "attribute_ruler" in nlp.component_names:
        old = nlp.get_pipe("attribute_ruler")
        if type(old) is AttributeRuler:
            data = old.to_bytes(exclude=["vocab"])
            new = nlp.replace_pipe("attribute_ruler", "detente_attribute_ruler",
                                   config={"validate": old.validate})
            new.from_bytes(data, exclude=["vocab"])
    if "lemmatizer" in nlp.component_names:
        old = nlp.get_pipe("lemmatizer")
        if type(old) is EnglishLemmatizer and old.mode == "rule" and not old.overwrite:
            new = nlp.replace_pipe("lemmatizer", "detente_lemmatizer",
                                   config={"mode": "rule", "overwrite": False})
            new.lookups = _indexed_lookups(old.lookups)
            new._validate_tables()
    return nlp
