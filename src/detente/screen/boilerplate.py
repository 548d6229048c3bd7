"""Boilerplate: the lines of a web page that belong to the site, not to the article.

Cookie banners, share buttons, newsletter prompts, copyright footers and navigation menus carry
no events, and some (a menu "World | Politics | Iran") look like text to a parser. We judge
whole lines, because scrapers keep page chrome as separate lines: a line is boilerplate when it
is short and matches a pattern of ``data/boilerplate.yaml``, or when it reads as a menu (several
items, mostly navigation words, no sentence punctuation). Long lines are never boilerplate,
whatever words they contain: an article about cookie regulation stays an article.
"""

from __future__ import annotations

import re
from functools import lru_cache

from detente.screen.lexicon import WORD_RE, yaml_data

_SEPARATORS = re.compile(r"\s*(?:\||·|•|»|›|/|–|—|::)\s*")


@lru_cache(maxsize=1)
def _config() -> tuple[int, list[re.Pattern], int, frozenset[str]]:
    data = yaml_data("boilerplate.yaml")
    pats = [re.compile(p, re.IGNORECASE) for group in (data.get("patterns") or {}).values()
            for p in group]
    nav = frozenset(str(w).lower() for w in data.get("nav_words") or [])
    return int(data.get("max_words", 30)), pats, int(data.get("nav_min_items", 4)), nav


def is_boilerplate_line(line: str) -> bool:
    max_words, patterns, nav_min, nav_words = _config()
    stripped = line.strip()
    if not stripped:
        return False
    words = WORD_RE.findall(stripped)
    if len(words) > max_words:
        return False
    if any(p.search(stripped) for p in patterns):
        return True
    # a menu: items split by separators, or a run of short capitalised nav words
    if re.search(r"[.!?]\s*$", stripped) or len(words) < nav_min:
        return False
    items = [i for i in _SEPARATORS.split(stripped) if i.strip()]
    if len(items) < nav_min:
        items = stripped.split()
    if len(items) < nav_min:
        return False
    navish = sum(1 for i in items if all(w.lower() in nav_words for w in WORD_RE.findall(i)))
    return navish / len(items) >= 0.6


def boilerplate_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each boilerplate line of ``text`` (without its line break)."""
    out = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if is_boilerplate_line(body):
            lead = len(body) - len(body.lstrip())
            out.append((pos + lead, pos + len(body.rstrip())))
        pos += len(line)
    return out
