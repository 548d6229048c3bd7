"""HTML markup -> plain text, with a map from every text character back into the markup.

Why not an HTML library: we need the original offset of every character we keep, including
after entities are decoded and whitespace collapsed, so we walk the markup ourselves with a
tolerant tokenizer (crawled pages are often broken HTML). Block elements become line breaks so
that the boilerplate screen can judge lines; text inside ``nav``, ``footer``, ``aside``, ``form``
and ``header`` elements is reported as boilerplate regions; ``script``/``style`` are dropped.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from detente.screen.offsets import CleanBuilder, OffsetMap

_TOKEN = re.compile(
    r"<!--.*?(?:-->|$)"
    r"|<(script|style|noscript|template|svg|iframe)\b[^>]*>.*?(?:</\1\s*>|$)"
    r"|<!\[CDATA\[.*?\]\]>|<![^>]*>|<\?[^>]*>"
    r"|<(/?)([a-zA-Z][\w:-]*)[^>]*>"
    r"|&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});"
    r"|\s+",
    re.DOTALL | re.IGNORECASE,
)

_BLOCK = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 tr td th table section article header footer nav "
    "aside blockquote title main form figure figcaption dd dt dl pre hr address body html head "
    "option select button label caption summary details".split()
)
_BOILER = frozenset("nav footer aside form header".split())


@dataclass
class StrippedHTML:
    text: str
    offsets: OffsetMap
    #: (start, end) in ``text`` of runs that sat inside nav/footer/aside/form/header elements
    boilerplate: list[tuple[int, int]] = field(default_factory=list)


def strip_html(markup: str) -> StrippedHTML:
    """The text of ``markup``, one block element a line, with its offset map into ``markup``."""
    b = CleanBuilder(markup)
    pos = 0
    depth: dict[str, int] = {}
    regions: list[tuple[int, int]] = []

    def in_boiler() -> bool:
        return any(depth.get(t, 0) > 0 for t in _BOILER)

    def emit_text(s: int, e: int) -> None:
        if e <= s:
            return
        start = len(b)
        b.keep(s, e)
        if in_boiler():
            regions.append((start, len(b)))

    def newline(at: int) -> None:
        if len(b) and b.last_char() != "\n":
            b.insert("\n", at)

    for m in _TOKEN.finditer(markup):
        emit_text(pos, m.start())
        pos = m.end()
        tok = m.group(0)
        if tok[0] == "&":
            start = len(b)
            b.replace(m.start(), m.end(), html.unescape(tok))
            if in_boiler():
                regions.append((start, len(b)))
        elif tok[0] != "<":  # whitespace run
            if len(b) and b.last_char() not in " \n":
                b.replace(m.start(), m.end(), " ")
        elif m.group(3):  # an ordinary tag
            name = m.group(3).lower()
            closing = bool(m.group(2))
            if name in _BOILER and not tok.rstrip().endswith("/>"):
                depth[name] = max(0, depth.get(name, 0) + (-1 if closing else 1))
            if name in _BLOCK:
                newline(m.start())
        # comments, scripts, doctype: dropped
    emit_text(pos, len(markup))
    text, offsets = b.build()
    # trailing spaces before newlines are harmless; merge overlapping regions
    merged: list[tuple[int, int]] = []
    for s, e in sorted(regions):
        if merged and s <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return StrippedHTML(text, offsets, merged)
