"""Which language a text is in, without a model or a network.

detente codes English. A stop-word profile is enough to tell English from the languages crawls
mix in, and costs nothing: we count, for each language in ``data/stopwords.yaml``, the share of
the text's words that are in its list; texts mostly in a non-Latin script are named by their
script. The answer is an ISO 639-1 code, or "und" when a text is too short or too odd to say.
Short texts (fewer than ``MIN_WORDS`` words) are taken as English unless another language's
stop words make up a third of them and English ones almost none: a headline must not be
skipped because it has no stop words.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from detente.screen.lexicon import WORD_RE, yaml_data

MIN_WORDS = 12
#: below this many words nothing is judged at all
MIN_SHORT_WORDS = 5
#: script (first word of a Unicode character name) -> language code when it dominates a text
_SCRIPTS = {"CYRILLIC": "ru", "ARABIC": "ar", "CJK": "zh", "HIRAGANA": "ja", "KATAKANA": "ja",
            "HANGUL": "ko", "GREEK": "el", "HEBREW": "he", "DEVANAGARI": "hi", "THAI": "th",
            "ARMENIAN": "hy", "GEORGIAN": "ka", "BENGALI": "bn", "TAMIL": "ta"}


@dataclass
class LanguageGuess:
    language: str
    #: share of words that are stop words of ``language`` (or share of letters in its script)
    confidence: float
    english_share: float


def _profiles() -> dict[str, frozenset[str]]:
    data = yaml_data("stopwords.yaml")
    return {lang: frozenset(str(w).lower() for w in words) for lang, words in data.items()}


_PROFILES: dict[str, frozenset[str]] | None = None


@lru_cache(maxsize=None)
def _script(c: str) -> str:
    """The script of a letter: the first word of its Unicode name ("LATIN", "CYRILLIC")."""
    return unicodedata.name(c, "").split(" ", 1)[0]


def detect_language(text: str) -> LanguageGuess:
    global _PROFILES
    if _PROFILES is None:
        _PROFILES = _profiles()
    sample = text[:20000]
    letters = list(filter(str.isalpha, sample))
    if letters:
        scripts = Counter(map(_script, letters[:5000]))
        script, n = scripts.most_common(1)[0]
        share = n / min(len(letters), 5000)
        if script in _SCRIPTS and share > 0.5:
            return LanguageGuess(_SCRIPTS[script], share, 0.0)
    words = [w.lower() for w in WORD_RE.findall(sample)]
    if len(words) < MIN_SHORT_WORDS:
        return LanguageGuess("en", 0.0, 0.0)
    counts = Counter(words)
    shares = {lang: sum(n for w, n in counts.items() if w in prof) / len(words)
              for lang, prof in _PROFILES.items()}
    if len(words) < MIN_WORDS:
        # a short text is English unless another language's function words plainly dominate
        # ("Der Bundeskanzler traf sich gestern mit dem ..."): a headline has few stop words
        en = shares.get("en", 0.0)
        best = max(shares, key=shares.get)
        if best != "en" and shares[best] >= 0.3 and en < 0.15:
            return LanguageGuess(best, shares[best], en)
        return LanguageGuess("en", en, en)
    en = shares.get("en", 0.0)
    best = max(shares, key=shares.get)
    if best == "en" or en >= 0.18 or en >= 0.75 * shares[best]:
        return LanguageGuess("en", en, en)
    if shares[best] >= 0.12:
        return LanguageGuess(best, shares[best], en)
    return LanguageGuess("und" if en < 0.05 else "en", en, en)
