"""The word lists the screen reads from ``screen/data`` (YAML and plain text, for people to edit).

Loaded once per process and cached: screening runs per document and must not re-read files.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from wordfreq import get_frequency_dict, zipf_frequency


def _read(name: str) -> str:
    return resources.files("detente.screen").joinpath("data", name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def yaml_data(name: str) -> dict[str, Any]:
    data = yaml.safe_load(_read(name)) or {}
    for key, value in data.items():
        if isinstance(value, list):
            bad = [v for v in value if not isinstance(v, str)]
            if bad:
                # YAML reads on/no/yes/off as booleans: a word list must quote them
                raise ValueError(f"screen/data/{name}: {key} has non-word entries {bad!r}; "
                                 f"quote words such as \"on\" and \"no\"")
    return data


@lru_cache(maxsize=None)
def word_list(name: str) -> frozenset[str]:
    """A one-word-a-line list; ``#`` starts a comment."""
    words = set()
    for line in _read(name).splitlines():
        line = line.split("#", 1)[0].strip().lower()
        if line:
            words.add(line)
    return frozenset(words)


@lru_cache(maxsize=None)
def word_class(name: str) -> frozenset[str]:
    """One class of ``function_words.yaml`` (determiners, prepositions, temporal, months, ...)."""
    return frozenset(str(w).lower() for w in yaml_data("function_words.yaml").get(name) or [])


@lru_cache(maxsize=None)
def function_words() -> frozenset[str]:
    """Every closed-class word (determiners, prepositions, conjunctions, pronouns, auxiliaries)."""
    out: set[str] = set()
    for cls in ("determiners", "prepositions", "conjunctions", "pronouns", "auxiliaries"):
        out |= word_class(cls)
    return frozenset(out)


#: a word: letters with inner apostrophes or hyphens ("al-Sadr", "Japan's")
WORD_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*", re.UNICODE)


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    """wordfreq's English list as one dict (loaded once, ~0.2 s): a dict lookup per word
    instead of wordfreq's per-call tokenisation, which made it the screen's bottleneck.
    The arguments are spelled as wordfreq's own ``zipf_frequency`` passes them, so that
    wordfreq's cache holds one copy of the list for both, not two."""
    return get_frequency_dict("en", "best")


def load() -> None:
    """Load wordfreq's English list now (with the model) rather than on the first text."""
    _frequencies()


def zipf(word: str) -> float:
    """Zipf frequency of a lower-case word (as ``wordfreq.zipf_frequency``), 0 if unknown."""
    f = _frequencies().get(word)
    if f is None:
        if word.isascii():
            return 0.0
        return zipf_frequency(word, "en")  # let wordfreq normalise what we did not
    return round(math.log10(f) + 9.0, 2)
