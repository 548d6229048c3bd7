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
    """(start, end, kind) spans of an event inside its evidence sentence, properly nested.

    Spans may nest (a trigger inside a long actor phrase is drawn inside it) but not cross:
    a span that partly overlaps one already kept is dropped, the shorter one being kept first.
    """
    evidence = event.get("evidence") or ""
    sentence = event.get("sentence") or {}
    base = int(sentence.get("start") or 0)
    found: list[tuple[int, int, str]] = []
    for kind in KINDS:
        items = [event.get("trigger")] if kind == "trigger" else list(event.get(kind) or [])
        for span in items:
            where = _locate(evidence, span, base)
            if where and (where[0], where[1], kind) not in found:
                found.append((where[0], where[1], kind))
    kept: list[tuple[int, int, str]] = []
    for s, e, kind in sorted(found, key=lambda t: (t[1] - t[0], t[0])):
        crosses = any(s < ke and ks < e and not (ks <= s and e <= ke) and not (s <= ks and ke <= e)
                      for ks, ke, _ in kept)
        same = any(ks == s and ke == e for ks, ke, _ in kept)
        if not crosses and not same:
            kept.append((s, e, kind))
    return sorted(kept, key=lambda t: (t[0], -(t[1] - t[0])))


def highlight(event: dict[str, Any]) -> str:
    """The evidence sentence as HTML, spans wrapped in ``<mark class="hl-KIND">``."""
    evidence = event.get("evidence") or ""
    if not evidence:
        return ""
    out: list[str] = []
    open_ends: list[int] = []  # ends of the marks currently open, innermost last
    pos = 0
    for s, e, kind in spans(event) + [(len(evidence), len(evidence), "")]:
        while open_ends and open_ends[-1] <= s:  # close marks that end before this span
            end = open_ends.pop()
            out.append(escape(evidence[pos:end]) + "</mark>")
            pos = end
        if not kind:
            break
        out.append(escape(evidence[pos:s]))
        out.append(f'<mark class="hl-{kind}" title="{kind}">')
        open_ends.append(e)
        pos = s
    out.append(escape(evidence[pos:]))
    return "".join(out)
