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

    __slots__ = ("ordinal", "key", "tokens", "size")

    def __init__(self, ordinal: int, key: int, tokens: list[list[tuple[int, str, Any]]]):
        self.ordinal = ordinal  # the rule's place in the ruler: later rules win
        self.key = key  # the Matcher's match id: the hash of the ordinal as a string
        self.tokens = tokens
        self.size = len(tokens)


class _Index:
    """The ruler's patterns, indexed by what their first token requires.

    Most rules test a token's tag, label or space flag alone; whether such a rule can start at
    a token is remembered per combination of those three (a few thousand combinations). The
    rules that also test the word are looked up by the word ("is", "not", "that"), the few that
    test it otherwise (a regular expression) are tried on every token."""

    def __init__(self, ruler: AttributeRuler):
        strings = ruler.vocab.strings
        self.strings = strings
        self.by_shape: dict[tuple[int, int], list[_Pattern]] = {}
        self.shape_general: list[_Pattern] = []
        self.by_word: dict[int, list[_Pattern]] = {}
        self.word_general: list[_Pattern] = []
        self.shapes: dict[tuple[int, int, int], tuple[_Pattern, ...]] = {}
        self.words: dict[int, tuple[_Pattern, ...]] = {}
        self.regex_memo: dict[tuple[Any, int], bool] = {}
        for i in range(len(ruler.attrs)):
            key = strings[str(i)]
            for pat in ruler.matcher.get(str(i))[1]:
                if not pat or any(not isinstance(t, dict) or "OP" in t for t in pat):
                    raise _Unsupported(pat)
                compiled = _Pattern(i, key, [[_check(a, v, strings) for a, v in t.items()]
                                             for t in pat])
                first = compiled.tokens[0]
                word = _COLUMNS["LOWER"]
                if any(c[0] == word for c in first):
                    test = next((c for kind in ("eq", "in") for c in first
                                 if c[0] == word and c[1] == kind), None)
                    if test is None:
                        self.word_general.append(compiled)
                    else:
                        for v in [test[2]] if test[1] == "eq" else sorted(test[2]):
                            self.by_word.setdefault(v, []).append(compiled)
                    continue
                # index by one test of the first token: equality first, then membership,
                # on tag, label, space flag; with neither, try it on every combination
                test = next((c for kind in ("eq", "in") for col in (0, 2, 3) for c in first
                             if c[0] == col and c[1] == kind), None)
                if test is None:
                    self.shape_general.append(compiled)
                    continue
                col, kind, arg = test
                for v in [arg] if kind == "eq" else sorted(arg):
                    self.by_shape.setdefault((col, v), []).append(compiled)

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
        """The patterns whose first token matches a token with these features (tag, word,
        label, space flag)."""
        shape = (feats[0], feats[2], feats[3])
        found = self.shapes.get(shape)
        if found is None:
            cands = [p for col in (0, 2, 3) for p in self.by_shape.get((col, feats[col]), ())]
            found = tuple(p for p in cands + self.shape_general
                          if self._holds(p.tokens[0], feats))
            if len(self.shapes) > MAX_CACHE:
                self.shapes.clear()
            self.shapes[shape] = found
        words = self.words.get(feats[1])
        if words is None:
            # the word's rules: those listing it, and those whose other word tests it passes
            word = _COLUMNS["LOWER"]
            words = tuple(self.by_word.get(feats[1], ())) + tuple(
                p for p in self.word_general
                if self._holds([c for c in p.tokens[0] if c[0] == word], feats))
            if len(self.words) > MAX_CACHE:
                self.words.clear()
            self.words[feats[1]] = words
        if words:
            more = tuple(p for p in words if self._holds(p.tokens[0], feats))
            if more:
                found = found + more
        return found

    def matches(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """(rule ordinal, match id, start, end) of every pattern match: what
        ``AttributeRuler.match`` makes of the ``Matcher``'s matches, before sorting."""
        if not len(doc):
            return []
        self.strings = doc.vocab.strings  # a word's text, for the regex tests, as the Matcher
        rows = doc.to_array(_ARRAY_ATTRS).tolist()
        out = []
        n = len(rows)
        for i, feats in enumerate(rows):
            for p in self._starting(feats):
                size = p.size
                if size > 1 and (i + size > n or not all(
                        self._holds(p.tokens[k], rows[i + k]) for k in range(1, size))):
                    continue
                out.append((p.ordinal, p.key, i, i + size))
        return out


#: The token attributes the fast way of setting a rule's attributes writes (all of them
#: fields of the token alone, none of its lexeme), in the column order it uses.
_SETTABLE = [POS, TAG, DEP, LEMMA, MORPH]


class IndexedAttributeRuler(AttributeRuler):
    """spaCy's attribute ruler, with its matches found through an index and its attributes
    written in one array operation per document (see the module)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._reset()

    def _reset(self) -> None:
        self._index: _Index | None | bool = None
        self._settable: bool | None = None
        self._plans: dict[tuple[int, ...], list[tuple[int, int]]] = {}

    def clear(self) -> None:
        super().clear()
        self._reset()

    def add(self, patterns, attrs, index: int = 0) -> None:
        super().add(patterns, attrs, index)
        self._reset()

    def __call__(self, doc: Doc) -> Doc:
        error_handler = self.get_error_handler()
        try:
            matches = self.match(doc)
            if not self._write(doc, matches):
                self.set_annotations(doc, matches)
            return doc
        except Exception as e:  # noqa: BLE001 - spaCy's own error handling, as the stock pipe
            return error_handler(self.name, self, [doc], e)

    def match(self, doc: Doc):
        if self._index is None:
            try:
                self._index = _Index(self)
            except _Unsupported:
                self._index = False
        if self._index is False:
            return super().match(doc)
        matches = self._index.matches(doc)
        matches.sort()
        return matches

    def _write(self, doc: Doc, matches) -> bool:
        """What ``set_annotations`` does, in one ``Doc.from_array``: each token gets the
        attributes of the rules that matched it, a later rule's value over an earlier one's,
        as applying them one by one in rule order leaves them. False (nothing written) when
        a rule sets anything else, or points outside its match: the stock way then does it,
        and raises its own error."""
        if self._settable is None:
            self._settable = all(set(a) <= set(_SETTABLE) for a in self.attrs)
        if not self._settable:
            return False
        rules: dict[int, list[int]] = {}
        indices = self.indices
        for ordinal, _, start, end in matches:
            k = indices[ordinal]
            t = start + k if k >= 0 else end + k
            if not start <= t < end:
                return False
            rules.setdefault(t, []).append(ordinal)
        if not rules:
            return True
        arr = doc.to_array(_SETTABLE)
        plans = self._plans
        for t, ordinals in rules.items():
            key = tuple(ordinals)
            plan = plans.get(key)
            if plan is None:
                merged: dict[int, int] = {}
                for o in ordinals:
                    merged.update(self.attrs[o])
                plan = [(_SETTABLE.index(a), v) for a, v in merged.items()]
                if len(plans) > MAX_CACHE:
                    plans.clear()
                plans[key] = plan
            for col, v in plan:
                arr[t, col] = v
        doc.from_array(_SETTABLE, arr)
        return True


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
