"""Junk across a crawl: a phrase that many unrelated pages carry, and that reads as junk in them.

A doorway site injects the same keyword into every page it copies, once or twice per page. On a
page where the copy happens to read well (after a comma, before a name) the page alone cannot
tell it from prose; the crawl can. A phrase of ``MIN_PHRASE_WORDS`` words or more is **crawl
junk** when

* the screen of single pages (repetition in :mod:`.injected`, lone copies in :mod:`.wedged`)
  flagged it in at least ``MIN_FLAGGED_DOCS`` documents, in different surroundings (a reprinted
  wire story carries the same words around the same phrase, unrelated pages do not), and
* it occurs in at least ``MIN_DOCS`` documents, and was flagged in at least ``JUNK_SHARE`` of
  them (a real phrase that one damaged page happens to flag stays real in the hundred pages
  where it reads well).

Then every copy of it is masked in every document, including pages where it occurs once and
reads well.

**Two passes, on purpose.** ``detente code --crawl`` reads the input twice: pass 1 screens every
document and counts (:class:`CrawlScan`), pass 2 codes with the phrase list fixed
(:class:`KnownPhrases`, carried to every worker and Ray task inside the coder spec). A single
streaming pass would have to hold documents back until their phrases were judged, or emit
records that a later document changes; with a fixed list, records stay independent of executor,
worker count, shard size and ``--resume`` (the list is stored in the manifest), which is what
makes those runs identical. Pass 1 costs one screening of the input (about a third of the
coding time on news) and needs input that can be read twice (files, not stdin).

**Memory-flat.** Pass 1 keeps two bounded tables, whatever the size of the crawl:
document frequencies of word 4-grams, keyed by a 64-bit hash (``TABLE_SIZE`` entries; when
full, the rarest half is dropped and ``floor`` remembers how many documents a dropped entry
may have had, so a count is a lower bound and ``count + floor`` an upper one: the share test
uses the upper bound and can only err towards keeping text); and the phrases flagged by the
single-page screen, with up to ``MAX_CONTEXTS`` context hashes each (``FLAGGED_SIZE`` entries,
pruned the same way).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from detente.screen.lexicon import WORD_RE, zipf

MIN_PHRASE_WORDS = 4
MIN_FLAGGED_DOCS = 2
MIN_DOCS = 4
JUNK_SHARE = 0.2
TABLE_SIZE = 500_000
FLAGGED_SIZE = 20_000
MAX_CONTEXTS = 8
#: a word this common, ending in the phrase's first word, is a real word, not a glued copy
KNOWN_WORD_ZIPF = 2.0


def _words(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0).lower(), m.start(), m.end()) for m in WORD_RE.finditer(text)]


def _grams(toks: list[tuple[str, int, int]], text: str, n: int = MIN_PHRASE_WORDS) -> set[int]:
    """Hashes of the word n-grams of a text whose words are separated by blanks only."""
    out = set()
    linked = [i > 0 and text[toks[i - 1][2]:toks[i][1]].strip(" \t") == ""
              for i in range(len(toks))]
    for i in range(len(toks) - n + 1):
        if all(linked[i + 1:i + n]):
            out.add(hash(tuple(t[0] for t in toks[i:i + n])))
    return out


class _Bounded:
    """A dict of counts that never holds more than ``size`` keys (see the module docstring)."""

    def __init__(self, size: int):
        self.size = size
        self.counts: dict = {}
        self.floor = 0

    def add(self, key) -> None:
        self.counts[key] = self.counts.get(key, 0) + 1
        if len(self.counts) > self.size:
            self._prune()

    def _prune(self) -> None:
        values = sorted(self.counts.values())
        cut = values[len(values) // 2]
        self.floor = max(self.floor, cut)
        self.counts = {k: v for k, v in self.counts.items() if v > cut}

    def upper(self, key) -> int:
        return self.counts.get(key, 0) + self.floor


@dataclass(frozen=True)
class CrawlPhrase:
    """A phrase judged across the crawl, with the counts that judged it."""

    phrase: str
    flagged_docs: int
    docs: int
    junk: bool


@dataclass(frozen=True)
class KnownPhrases:
    """Phrases to mask in every document: word tuples, lower case. Hashable and picklable."""

    phrases: tuple[tuple[str, ...], ...] = ()

    @classmethod
    def from_strings(cls, phrases: Iterable[str]) -> "KnownPhrases":
        keys = {tuple(w.lower() for w in WORD_RE.findall(p)) for p in phrases}
        return cls(tuple(sorted(k for k in keys if len(k) >= 2)))

    def strings(self) -> list[str]:
        return [" ".join(p) for p in self.phrases]

    def __bool__(self) -> bool:
        return bool(self.phrases)


def find_known(text: str, known: KnownPhrases, skip: list[tuple[int, int]] | None = None
               ) -> dict[str, list[tuple[int, int]]]:
    """Copies of the known phrases in ``text``: exact (any case), or glued to the word before
    ("propagandatrade sanctions ...") or after ("... historyThe"); none inside ``skip``."""
    skip = skip or []
    toks = _words(text)
    by_second: dict[str, list[tuple[str, ...]]] = {}
    for p in known.phrases:
        by_second.setdefault(p[1], []).append(p)
    out: dict[str, list[tuple[int, int]]] = {}
    taken = -1
    for j, (w, _, _) in enumerate(toks):
        for key in by_second.get(w, ()):
            i, n = j - 1, len(key)
            if i < 0 or i + n > len(toks) or toks[i][1] < taken:
                continue
            span = toks[i:i + n]
            if any(text[span[k - 1][2]:span[k][1]].strip(" \t") for k in range(1, n)):
                continue
            if any(span[k][0] != key[k] for k in range(1, n - 1)):
                continue
            first, last = span[0][0], span[-1][0]
            s, e = span[0][1], span[-1][2]
            if first != key[0]:
                if not first.endswith(key[0]) or zipf(first) >= KNOWN_WORD_ZIPF:
                    continue
                s = span[0][2] - len(key[0])
            if last != key[-1]:
                if not last.startswith(key[-1]) or zipf(last) >= KNOWN_WORD_ZIPF:
                    continue
                e = span[-1][1] + len(key[-1])
            if any(a < e and s < b for a, b in skip):
                continue
            out.setdefault(" ".join(key), []).append((s, e))
            taken = e
            break
    return out


class CrawlScan:
    """Pass 1 over a crawl: feed every document with :meth:`add`, then ask :meth:`phrases`."""

    def __init__(self, table_size: int = TABLE_SIZE, flagged_size: int = FLAGGED_SIZE):
        self.df = _Bounded(table_size)
        self.flagged = _Bounded(flagged_size)
        self.contexts: dict[tuple[str, ...], set[int]] = {}
        self.docs = 0

    def add(self, text: str, fmt: str = "text") -> None:
        """Count one document: its 4-grams, and the phrases the single-page screen flags."""
        from detente.screen import screen

        self.docs += 1
        if not text:
            return
        for g in _grams(_words(text), text):
            self.df.add(g)
        scr = screen(text, fmt=fmt)
        seen: set[tuple[str, ...]] = set()
        for sp in scr.quality.spans:
            if sp.kind != "injected_phrase":
                continue
            key = tuple(w.lower() for w in WORD_RE.findall(text[sp.start:sp.end]))
            if len(key) < MIN_PHRASE_WORDS or key in seen:
                continue
            seen.add(key)
            before = text[max(0, sp.start - 30):sp.start].split()[-2:]
            after = text[sp.end:sp.end + 30].split()[:2]
            ctx = hash((tuple(before), tuple(after)))
            self.flagged.add(key)
            if key in self.flagged.counts:
                self.contexts.setdefault(key, set())
                if len(self.contexts[key]) < MAX_CONTEXTS:
                    self.contexts[key].add(ctx)
        if len(self.contexts) > 2 * self.flagged.size:
            self.contexts = {k: v for k, v in self.contexts.items() if k in self.flagged.counts}

    def _docs_with(self, key: tuple[str, ...]) -> int:
        """Documents holding the phrase, at most: the rarest of its 4-grams (upper bound)."""
        n = MIN_PHRASE_WORDS
        return min(self.df.upper(hash(key[i:i + n])) for i in range(len(key) - n + 1))

    def judged(self) -> list[CrawlPhrase]:
        """Every phrase flagged in two documents or more, judged, most flagged first."""
        out = []
        for key, flagged in self.flagged.counts.items():
            if flagged < 2:
                continue
            contexts = len(self.contexts.get(key, ()))
            docs = max(self._docs_with(key), flagged)
            junk = (min(flagged, contexts) >= MIN_FLAGGED_DOCS and docs >= MIN_DOCS
                    and flagged >= JUNK_SHARE * docs)
            out.append(CrawlPhrase(" ".join(key), flagged, docs, junk))
        out.sort(key=lambda p: (-p.junk, -p.flagged_docs, p.phrase))
        return out

    def phrases(self) -> KnownPhrases:
        return KnownPhrases.from_strings(p.phrase for p in self.judged() if p.junk)


def scan_documents(docs: Iterable, scan: CrawlScan | None = None) -> CrawlScan:
    """Pass 1 over :class:`~detente.records.Document` s (unreadable ones are passed over)."""
    scan = scan or CrawlScan()
    for d in docs:
        if getattr(d, "error", None) or not isinstance(getattr(d, "text", None), str):
            continue
        scan.add(d.text, getattr(d, "format", "text") or "text")
    return scan


__all__ = ["CrawlScan", "CrawlPhrase", "KnownPhrases", "find_known", "scan_documents",
           "MIN_PHRASE_WORDS"]
