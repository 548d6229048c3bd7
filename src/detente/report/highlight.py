"""Evidence sentences with actor, trigger and recipient marked.

Event offsets point into the original document; the stored evidence is the sentence alone, so
a span's place in the evidence is ``span.start - sentence.start``. Offsets are trusted only
when the evidence really has the span's text there; otherwise the span's text is looked up in
the sentence (first occurrence), and a span that cannot be found is left unmarked rather than
marking the wrong words.
"""

from __future__ import annotations

from html import escape
from typing import Any

KINDS = ("actor", "trigger", "recipient")


def _locate(evidence: str, span: dict[str, Any] | None, base: int) -> tuple[int, int] | None:
    if not span:
        return None
    text = span.get("text") or ""
    start, end = span.get("start"), span.get("end")
    if start is not None and end is not None:
        s, e = int(start) - base, int(end) - base
        if 0 <= s < e <= len(evidence) and (not text or evidence[s:e] == text):
            return s, e
    if text:
        found = evidence.find(text)
        if found >= 0:
            return found, found + len(text)
    return None


def spans(event: dict[str, Any]) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, kind) spans of an event inside its evidence sentence."""
    evidence = event.get("evidence") or ""
    sentence = event.get("sentence") or {}
    base = int(sentence.get("start") or 0)
    found: list[tuple[int, int, str]] = []
    for kind in KINDS:
        items = [event.get("trigger")] if kind == "trigger" else list(event.get(kind) or [])
        for span in items:
            where = _locate(evidence, span, base)
            if where:
                found.append((where[0], where[1], kind))
    found.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    kept: list[tuple[int, int, str]] = []
    for s, e, kind in found:
        if kept and s < kept[-1][1]:
            continue  # overlaps an earlier, longer span
        kept.append((s, e, kind))
    return kept


def highlight(event: dict[str, Any]) -> str:
    """The evidence sentence as HTML, spans wrapped in ``<mark class="hl-KIND">``."""
    evidence = event.get("evidence") or ""
    if not evidence:
        return ""
    out, pos = [], 0
    for s, e, kind in spans(event):
        out.append(escape(evidence[pos:s]))
        out.append(f'<mark class="hl-{kind}" title="{kind}">{escape(evidence[s:e])}</mark>')
        pos = e
    out.append(escape(evidence[pos:]))
    return "".join(out)
