"""Mojibake: text that was encoded in UTF-8 and decoded as Latin-1/Windows-1252 ("MÃ¼nchen").

ftfy knows how to undo it; we run it line by line, only on lines its badness heuristic finds
suspicious (fast, and a clean line is never touched), and with every cosmetic option off (curly
quotes, ligatures, widths, normalisation stay as the author wrote them) so that only real
encoding damage changes. A character diff between the line and its repair gives both the
``encoding`` spans to report and the edits for the offset map. U+FFFD (a character already lost
in decoding) cannot be repaired, only reported. HTML entities in plain text ("&quot;") and
their remnants once a scraper dropped the ampersand ("quot;", "#39;") are decoded and reported
as encoding damage too.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass, field

import ftfy
from ftfy import badness

from detente.screen.offsets import CleanBuilder, OffsetMap, compose, span_to_original

_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False, remove_terminal_escapes=False, uncurl_quotes=False,
    fix_line_breaks=False, remove_control_chars=False, normalization=None,
    fix_latin_ligatures=False, fix_character_width=False, explain=False,
)


#: HTML entities left in plain text, and their remnants once a scraper dropped the "&"
#: ("quot;excellent", " #39;s" in crawled news)
_ENTITY = re.compile(r"&(?:#\d{1,6}|#[xX][0-9a-fA-F]{1,5}|[a-zA-Z]{2,8});"
                     r"|(?<![&\w])(?:quot|amp|lt|gt|nbsp|apos|#\d{2,4});")


def _unescape(m: re.Match) -> str:
    tok = m.group(0)
    out = html.unescape(tok if tok.startswith("&") else "&" + tok)
    return tok if out.startswith("&") else out


@dataclass
class EncodingRepair:
    text: str
    offsets: OffsetMap
    #: (start, end) in the input text of damaged stretches
    spans: list[tuple[int, int]] = field(default_factory=list)


def repair_encoding(text: str, entities: bool = True) -> EncodingRepair:
    """Repair mojibake in ``text``; the map points from the repaired text into ``text``.

    ``entities=False`` leaves HTML entities alone (in HTML input they are markup, decoded when
    the markup is stripped).
    """
    fixed, fixed_map, spans = _repair_mojibake(text)
    if entities and ";" in fixed and _ENTITY.search(fixed):
        b = CleanBuilder(fixed)
        pos = 0
        for m in _ENTITY.finditer(fixed):
            out = _unescape(m)
            if out == m.group(0):
                continue
            b.keep(pos, m.start())
            b.replace(m.start(), m.end(), out)
            pos = m.end()
            spans.append(span_to_original(fixed_map, m.start(), m.end()))
        b.keep(pos, len(fixed))
        fixed, inner = b.build()
        fixed_map = compose(inner, fixed_map)
    return EncodingRepair(fixed, fixed_map, _merge(spans))


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def _repair_mojibake(text: str) -> tuple[str, OffsetMap, list[tuple[int, int]]]:
    b = CleanBuilder(text)
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        start = pos
        pos += len(line)
        fixed = line
        if badness.is_bad(line):
            try:
                fixed = ftfy.fix_text(line, _CONFIG)
            except Exception:  # ftfy must never stop a run; the line stays as it was
                fixed = line
        i = line.find("\ufffd")
        while i >= 0:
            spans.append((start + i, start + i + 1))
            i = line.find("\ufffd", i + 1)
        if fixed == line:
            b.keep(start, pos)
            continue
        sm = difflib.SequenceMatcher(None, line, fixed, autojunk=False)
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            if op == "equal":
                b.keep(start + i1, start + i2)
                continue
            if op == "insert":
                b.insert(fixed[j1:j2], start + i1)
                spans.append((start + i1, start + min(i1 + 1, len(line))))
            else:
                b.replace(start + i1, start + i2, fixed[j1:j2])
                spans.append((start + i1, start + i2))
    out, offsets = b.build()
    return out, offsets, spans
