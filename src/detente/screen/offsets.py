"""The map from the clean view of a text back to the original text.

Screening rewrites the text the parser sees (markup stripped, injected phrases masked, glued
words split), but every offset detente reports must point into the original input. The clean
view is built piece by piece with :class:`CleanBuilder`, which records for each clean character
the original offset it came from.
"""

from __future__ import annotations

from array import array


class OffsetMap:
    """``orig[i]`` is the original offset of clean character ``i``; one extra entry maps the end."""

    __slots__ = ("_orig",)

    def __init__(self, orig: array):
        self._orig = orig

    @classmethod
    def identity(cls, n: int) -> "OffsetMap":
        return cls(array("l", range(n + 1)))

    def __len__(self) -> int:
        return len(self._orig) - 1

    def start(self, i: int) -> int:
        """Original offset of the clean character at ``i`` (or of the end, for ``i == len``)."""
        i = max(0, min(i, len(self._orig) - 1))
        return self._orig[i]

    def end(self, j: int) -> int:
        """Original end offset of a clean span ending (exclusive) at ``j``."""
        if j <= 0:
            return self._orig[0]
        j = min(j, len(self._orig) - 1)
        return self._orig[j - 1] + 1

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.start(start), self.end(end)


class CleanBuilder:
    """Accumulates the clean text and its offset map.

    ``keep(s, e)`` copies original[s:e]; ``insert(text, at)`` adds characters that were not in
    the original (a space between glued words, a mask), all mapped to original offset ``at``.
    """

    def __init__(self, original: str):
        self.original = original
        self._parts: list[str] = []
        self._orig = array("l")

    def keep(self, start: int, end: int) -> None:
        if end <= start:
            return
        self._parts.append(self.original[start:end])
        self._orig.extend(range(start, end))

    def insert(self, text: str, at: int) -> None:
        if not text:
            return
        self._parts.append(text)
        self._orig.extend([at] * len(text))

    def replace(self, start: int, end: int, text: str) -> None:
        """Put ``text`` in place of original[start:end], spreading its offsets over that span."""
        if not text:
            return
        self._parts.append(text)
        width = max(end - start, 1)
        n = len(text)
        self._orig.extend(start + min(width - 1, (k * width) // n) for k in range(n))

    def __len__(self) -> int:
        return len(self._orig)

    def last_char(self) -> str:
        """The last clean character emitted so far ("" at the start)."""
        for part in reversed(self._parts):
            if part:
                return part[-1]
        return ""

    def build(self) -> tuple[str, OffsetMap]:
        clean = "".join(self._parts)
        orig = array("l", self._orig)
        orig.append(len(self.original) if not orig else max(orig[-1] + 1, 0))
        return clean, OffsetMap(orig)


def compose(inner: OffsetMap, outer: OffsetMap) -> OffsetMap:
    """Chain two maps: ``inner`` maps clean -> middle, ``outer`` middle -> original.

    Screening works in layers (HTML stripped, then mojibake repaired, then the clean view), each
    with its own map; composing them gives the single clean -> original map the coder uses.
    """
    src = inner._orig
    o = outer._orig
    last = len(o) - 1
    if o == array("l", range(len(o))):
        return OffsetMap(array("l", src))  # the outer layer changed nothing
    out = array("l", (o[k] if 0 <= k <= last else o[last if k > last else 0] for k in src))
    return OffsetMap(out)


def span_to_original(m: OffsetMap, start: int, end: int) -> tuple[int, int]:
    """Original ``(start, end)`` of the span ``[start, end)`` of the mapped text.

    An empty span maps to an empty span at its start; a non-empty one covers at least one
    original character.
    """
    s = m.start(start)
    if end <= start:
        return s, s
    e = m.end(end)
    return s, max(e, s + 1)
