"""Case recovery for documents that were lower-cased on their way into a crawl.

"pakistan accused india", "ahmedabad: police fired": in an all-lower-case copy the actor
gazetteer cannot tell the state from the porcelain ("china") and the parser tags names as common
nouns. Before parsing, such a document gets the case back where it can be known: names the
gazetteers list in capitals ("Pakistan", "New Delhi", "BJP") and places ``detente.places``
knows ("Ahmedabad", "Gujarat"), the first letter of each sentence, and the pronoun "I". A name
that is also a common English word ("turkey", "china", "us", "congress") is left alone: the
reader of a lower-case text could not tell either.

Recasing changes no lengths (letters whose upper case is longer, like "ß", are left as they
are), so every offset into the recased text is an offset into the clean text as it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

#: Words at least this common in English are not recased (Zipf scale, as in places.py).
COMMON_WORD_ZIPF = 4.5
_MAX_WORDS = 4
_WORD = re.compile(r"[^\W\d_]+(?:[.'’-][^\W\d_]+)*\.?", re.UNICODE)
_SENT_START = re.compile(r"(?:^|[.!?][\"'”’)\]]*\s+|\n\s*)([\"'“‘(\[]*)([a-z])", re.MULTILINE)
_PRONOUN_I = re.compile(r"(?<![\w'’])i(?=[\s,;:.!?'’]|$)")


class CaseMap:
    """Lower-case name -> its cased form, for names of up to four words.

    ``forms``: names that are recased unless they are common English words; ``trusted``: names
    that are recased even so (states and their capitals: "india", "pakistan" are frequent words
    only because they are frequent names), except the few that are also ordinary words
    (``AMBIGUOUS``)."""

    def __init__(self, forms: Iterable[str], trusted: Iterable[str] = ()):
        self.names: dict[str, str] = {}
        for f in trusted:
            key = f.strip().lower()
            if _cased(f) and key not in AMBIGUOUS and len(key) > 2:
                self.names.setdefault(key, f.strip())
        for f in forms:
            f = f.strip()
            if not _cased(f):
                continue
            key = f.lower()
            if len(key) < 3 and not f.isupper():
                continue
            if key in self.names or key in AMBIGUOUS or _common(key):
                continue
            self.names[key] = f

    def add(self, key: str, cased: str) -> None:
        if key not in self.names and not _common(key):
            self.names[key] = cased


def all_lowercase(text: str) -> bool:
    """A text with (almost) no capital letters: a crawled copy that was lower-cased."""
    if text.isascii():  # the common case, counted in C: an ASCII upper-case is a letter
        n = sum(map(str.isalpha, text))
        if n < 20:
            return False
        return sum(map(str.isupper, text)) < 0.005 * n
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 20:
        return False
    return sum(c.isupper() for c in letters) < 0.005 * len(letters)


def recase(text: str, names: CaseMap, spans: Iterable[tuple[int, int]] = ()) -> str:
    """``text`` with known names, sentence starts and "I" in upper case; same length.

    ``spans``: more names found by the caller (places), each word capitalised."""
    chars = list(text)
    for s, e in spans:
        for m in _WORD.finditer(text, s, e):
            _put(chars, m.start(), m.group()[:1].upper())
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    i = 0
    while i < len(words):
        done = 1
        for n in range(min(_MAX_WORDS, len(words) - i), 0, -1):
            span = words[i:i + n]
            if any(span[k + 1][0] - span[k][1] != 1 for k in range(n - 1)):
                continue
            s, e = span[0][0], span[-1][1]
            key = text[s:e].lower()
            cased = names.names.get(key)
            if cased is None and key.endswith("."):
                key, e = key[:-1], e - 1
                cased = names.names.get(key)
            if cased is not None and len(cased) == e - s:
                _put(chars, s, cased)
                done = n
                break
        i += done
    for m in _INITIALS.finditer(text):
        # a name's initials ("police inspector j.k. patel", "dcp r. j. savani"): as capitals
        # they stay one token each and join the name that follows
        if m.group().replace(" ", "").lower() not in _NOT_INITIALS:
            _put(chars, m.start(), m.group().upper())
    for m in _SENT_START.finditer(text):
        _put(chars, m.start(2), m.group(2).upper())
    for m in _PRONOUN_I.finditer(text):
        _put(chars, m.start(), "I")
    return "".join(chars)


#: Two or more single letters with full stops before a word: a name's initials.
_INITIALS = re.compile(r"(?<![\w.])[a-z]\.(?: ?[a-z]\.)+(?= [^\W\d_])")
#: Abbreviations written like initials.
_NOT_INITIALS = frozenset({"a.m.", "p.m.", "e.g.", "i.e.", "n.b.", "v.s."})

#: State names that are also ordinary English words: never recased from lower case.
AMBIGUOUS = frozenset("""china turkey chad jordan georgia guinea us un""".split())


def _cased(f: str) -> bool:
    f = f.strip()
    return bool(f) and any(c.isupper() for c in f) and f.lower() != f


def _put(chars: list[str], start: int, cased: str) -> None:
    for k, c in enumerate(cased):
        if len(c) == 1 and c.lower() == chars[start + k].lower():
            chars[start + k] = c


@lru_cache(maxsize=50000)
def _common(key: str) -> bool:
    from wordfreq import zipf_frequency

    return zipf_frequency(key, "en") >= COMMON_WORD_ZIPF
