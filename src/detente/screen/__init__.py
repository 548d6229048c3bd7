"""Screening: what is wrong with a text before we parse it, and the clean view the parser sees.

Users bring crawled copies of news and encyclopedia pages, and crawls are damaged: by scrapers
(markup, page chrome, mojibake, lost spaces) and on purpose (SEO doorway copies that delete every
number and stuff a search phrase into the text a dozen times). A coder that trusts such text
invents events. ``screen(text)`` finds the damage, reports it as
:class:`~detente.records.QualitySpan` s in ORIGINAL coordinates, and builds a clean view for the
parser with an offset map back to the original.

The method, stage by stage (each a module of this package, its docstring says why):

1. ``htmltext`` (fmt="html"): markup stripped to text, block elements as lines, text inside
   nav/footer/aside/form/header kept aside as boilerplate. Before that, ``encoding`` repairs
   mojibake with ftfy on suspicious lines only (and, for plain text, decodes stray HTML entities
   and their "quot;"/"#39;" remnants); every repair is an ``encoding`` span.
2. ``language``: stop-word profiles per language (``data/stopwords.yaml``) and script
   detection; a non-English text gets a ``language`` span over the whole text, status
   "skipped" unless ``lang="any"``.
3. ``boilerplate``: short lines matching cookie/share/subscribe/footer patterns or reading as
   a navigation menu (``data/boilerplate.yaml``): ``boilerplate`` spans, masked, removed from
   the clean view.
4. ``injected``: maximal word n-grams repeated three or more times, judged per copy (glued to a
   neighbour, capitalised mid-sentence, headline case, closed-class words colliding at its edges)
   and per phrase (a name written in lower case as in a search query, heavy verbatim repetition
   of a non-name phrase); legitimately repeated names ("the United Nations Security Council")
   need misfits in many copies. Copies are grown over punctuation or numbers that nearly all of
   them share ("kuril islands dispute, explained"). Injected copies are ``injected_phrase``
   spans, masked, and removed from the clean view (with one adjacent space or comma, the next
   word capitalised when the copy opened a sentence) so the sentence still parses.
   ``wedged`` finds lone copies (one or two per page) by how they read: a lower-case run of
   stacked content words between two sentences, with no punctuation of its own, writing names
   small ("... war. japanese wwii sanctioned historyThe two ..."); a lone copy's verbatim twins
   on the page go with it. ``crawl`` adds the phrases a crawl pass judged junk across many
   documents (``known``), masked wherever they occur. Where masked junk stood between two
   sentences that lost their full stop, ``Screened.breaks`` tells the coder to split.
5. ``numbers``: traces of deleted numbers and dates ("the s", "In , the", "of A formal",
   "August 8,after", "In the Soviets seized"): ``missing_number`` spans, listed in
   ``Screened.damaged`` so that no event in those sentences takes a date from elsewhere.
6. ``glued``: tokens unknown to wordfreq that split into common words ("untilwhen",
   "Kurilswhich", "IIand", "oilgascoal"), never names, acronyms, URLs, e-mail addresses,
   hashtags, numbers with units or hyphenated words: ``glued_words`` spans; the clean view gets
   the spaces back. A split after a preposition of time ("Intwo") also reports a missing number.
7. ``score``: the quality score (formula in that module).

Offsets: each layer (encoding, markup, clean view) has its own :class:`OffsetMap`, composed into
one clean -> original map, so every offset the coder reports points into the input as given.
Quality spans are in original coordinates; their ``text`` is the original text, cut to
``MAX_SPAN_TEXT`` characters. Measured precision and recall: benchmarks/screen_corpus.py.

Example::

    >>> s = screen("Talks stalled untilwhen the Kurilswhich Japan claims were discussed.")
    >>> s.clean
    'Talks stalled until when the Kurils which Japan claims were discussed.'
    >>> [(q.kind, q.text) for q in s.quality.spans]
    [('glued_words', 'untilwhen'), ('missing_number', 'untilwhen'), ('glued_words', 'Kurilswhich')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from detente.records import OK, SKIPPED, Quality, QualitySpan
from detente.screen.boilerplate import boilerplate_lines
from detente.screen.encoding import repair_encoding
from detente.screen.glued import find_glued
from detente.screen.htmltext import strip_html
from detente.screen.crawl import KnownPhrases, find_known
from detente.screen.injected import find_injected
from detente.screen import lexicon
from detente.screen.language import detect_language
from detente.screen.numbers import Trace, find_missing_numbers
from detente.screen.offsets import CleanBuilder, OffsetMap, compose, span_to_original
from detente.screen.score import quality_score
from detente.screen.recase import all_lowercase
from detente.screen.wedged import find_wedged, opens_sentence

__all__ = ["Screened", "screen", "KINDS", "OffsetMap"]

#: the kinds of quality span, as the document record reports them
KINDS = ("injected_phrase", "missing_number", "glued_words", "boilerplate", "encoding", "language")
#: the text of a reported span is cut to this many characters
MAX_SPAN_TEXT = 200
#: strong deleted-number traces, with no four-digit year left, that make a text number-stripped
STRIPPED_MIN_TRACES = 3
#: a lone injected phrase of this many words or more is masked wherever else it occurs
LONE_TWIN_WORDS = 3
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")


@dataclass
class Screened:
    """The result of screening one document."""

    #: the text the parser sees
    clean: str
    #: clean offsets -> original offsets
    offsets: OffsetMap
    quality: Quality
    language: str | None = "en"
    #: OK, or SKIPPED (with ``reason``) when the text must not be coded (e.g. not English)
    status: str = OK
    reason: str | None = None
    #: original-coordinate spans where nothing may be coded (injected phrases, boilerplate)
    masked: list[tuple[int, int]] = field(default_factory=list)
    #: original-coordinate spans where a number or date was deleted: no date may come from there
    damaged: list[tuple[int, int]] = field(default_factory=list)
    #: the injected phrases found, with why each was judged injected (for reports)
    phrases: list[tuple[str, list[str]]] = field(default_factory=list)
    #: clean offsets where a sentence starts because masked junk sat before it ("signed in
    #: <junk> The two sides" reads "signed in" / "The two sides"): the coder splits there
    breaks: list[int] = field(default_factory=list)
    #: every number of the text looks deleted (several traces, no year left): no event of this
    #: text should be dated from the document date or from context either, only from what its
    #: own sentence still says
    numbers_stripped: bool = False

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original ``(start, end)`` of the clean span ``[start, end)``."""
        return span_to_original(self.offsets, start, end)

    def inside_masked(self, start: int, end: int) -> bool:
        """Whether the original span ``[start, end)`` lies inside one masked span.

        This, not overlap, is the test for "an event from an injected phrase": a clean-view
        span never holds masked text, but its original span may stretch across a removed copy
        ("European Union<copy> foreign ministers"), and such an actor is real.
        """
        return any(s <= start and end <= e for s, e in self.masked)

    def damaged_between(self, start: int, end: int) -> bool:
        """Whether a deleted number was found in the original span ``[start, end)``."""
        return any(s < end and start < e for s, e in self.damaged)


@dataclass
class _Edit:
    start: int
    end: int
    text: str = ""


def _removal(text: str, s: int, e: int, capitalise_next: bool) -> list[_Edit]:
    """Edits removing text[s:e] so that what is left still reads: one space goes with it."""
    glued_left = s > 0 and text[s - 1].isalpha()
    glued_right = e < len(text) and text[e].isalpha()
    if not glued_left and not glued_right:
        if text[max(0, s - 2):s] in (", ", "; ") and text[e:e + 1] in (",", ";"):
            s -= 2  # "Tokyo, <copy>, traded" -> "Tokyo, traded"
        elif e < len(text) and text[e] == " ":
            e += 1
        elif s > 0 and text[s - 1] == " ":
            s -= 1
    edits = [_Edit(s, e)]
    if capitalise_next and e < len(text) and text[e].islower():
        edits.append(_Edit(e, e + 1, text[e].upper()))
    return edits


def _sentence_opening(text: str, s: int) -> bool:
    """Whether a copy at ``s`` opens a sentence (so the word after it is capitalised when it
    goes)."""
    j = s - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    return j < 0 or text[j] in ".!?\n"


def _breaks(base: str, clean: str, cleanmap: OffsetMap, injected: list,
            between: set[int]) -> list[int]:
    """Clean offsets of sentences that masked junk left without their break.

    Where a removed copy stood between a word and a capitalised sentence opener ("signed in
    <copy> The two sides", "<copy>The two sides"), the text on either side is two sentences
    that lost their full stop (often with a deleted year): the coder splits there so each
    parses as it would without the junk. A copy that opened its sentence needs no break; a
    lone copy (``between``: the ends of copies found wedged between sentences) always does.
    """
    import bisect

    out = []
    orig = cleanmap._orig
    for s, e, opening in injected:
        if opening or _sentence_opening(base, s):
            continue
        k = e
        while k < len(base) and base[k] in " \t":
            k += 1
        if k >= len(base) or not (e in between or opens_sentence(base, k)):
            continue
        c = bisect.bisect_left(orig, k, 0, len(orig) - 1)
        if 0 < c < len(clean) and clean[c] == base[k]:
            out.append(c)
    return sorted(set(out))


def _missing_numbers(base: str, glues: list, n_words: int) -> list:
    """Deleted-number traces, looked for in the text with glued words split ("in andthe" reads
    "in and the"), reported in ``base`` coordinates."""
    if not glues:
        return find_missing_numbers(base, words=n_words)
    b = CleanBuilder(base)
    pos = 0
    for c in sorted(c for g in glues for c in g.cuts):
        b.keep(pos, c)
        b.insert(" ", c)
        pos = c
    b.keep(pos, len(base))
    spaced, m = b.build()
    out = []
    for t in find_missing_numbers(spaced, words=n_words):
        s, e = span_to_original(m, t.start, t.end)
        fs = fe = None
        if t.fix_start is not None:
            fs, fe = m.start(t.fix_start), m.start(t.fix_end)
        out.append(Trace(s, e, t.strong, fs, fe, t.fix, t.capitalise))
    return out


def load() -> None:
    """Load the screen's word lists, profiles and patterns now (once per process, with the
    model) rather than on the first text: screening one short text reads every one of them."""
    lexicon.load()
    screen("The screen reads its word lists once, on this text, on 1 March 2004.")


def screen(text: str, *, fmt: str = "text", lang: str = "en",
           known: "KnownPhrases | None" = None) -> Screened:
    """Screen ``text`` (``fmt`` "text" or "html"); ``lang="any"`` codes non-English text too.

    ``known``: phrases a crawl pass (:mod:`detente.screen.crawl`) judged junk across many
    documents; every copy of them is masked here, even a lone one that reads well.
    """
    if text is None:
        text = ""
    if fmt not in ("text", "html"):
        raise ValueError(f"fmt must be 'text' or 'html', not {fmt!r}")
    if lang not in ("en", "any"):
        raise ValueError(f"lang must be 'en' or 'any', not {lang!r}")
    spans: list[QualitySpan] = []

    def report(kind: str, s: int, e: int) -> tuple[int, int]:
        spans.append(QualitySpan(kind, s, e, text[s:e][:MAX_SPAN_TEXT]))
        return s, e

    # layer 1: encoding repair on the input as given, then markup
    enc = repair_encoding(text, entities=(fmt == "text"))
    for s, e in enc.spans:
        report("encoding", s, e)
    html_boiler: list[tuple[int, int]] = []
    if fmt == "html":
        stripped = strip_html(enc.text)
        base = stripped.text
        basemap = compose(stripped.offsets, enc.offsets)
        html_boiler = stripped.boilerplate
    else:
        base, basemap = enc.text, enc.offsets

    def orig(s: int, e: int) -> tuple[int, int]:
        return span_to_original(basemap, s, e)

    # layer 2: detection on the base text
    guess = detect_language(base)
    english = guess.language == "en"
    status, reason = OK, None
    if not english:
        report("language", 0, len(text))
        if lang != "any":
            status = SKIPPED
            reason = (f"language is {guess.language}, not English (use --lang any, or "
                      f"lang=\"any\" in Python, to code it)"
                      if guess.language != "und" else "language not recognised as English")
            if guess.language == "und":
                status = OK  # too odd to call foreign: coded, but flagged
                reason = None

    boiler = sorted(set(boilerplate_lines(base)) | set(html_boiler))
    merged_boiler: list[tuple[int, int]] = []
    for s, e in boiler:
        if merged_boiler and s <= merged_boiler[-1][1]:
            merged_boiler[-1] = (merged_boiler[-1][0], max(e, merged_boiler[-1][1]))
        else:
            merged_boiler.append((s, e))
    boiler = merged_boiler

    phrases = find_injected(base, skip=boiler)
    injected = sorted((o.start, o.end, o.sentence_start) for p in phrases for o in p.occurrences)
    reported = [(p.phrase, p.reasons) for p in phrases]
    # copies of phrases a crawl judged junk across many documents (exact bounds, so first),
    # then lone copies (one or two per page), then the twins of lone copies on the same page
    if known:
        taken = boiler + [(s, e) for s, e, _ in injected]
        for phrase, copies in find_known(base, known, skip=taken).items():
            injected.extend((s, e, _sentence_opening(base, s)) for s, e in copies)
            reported.append((phrase, [f"junk across the crawl, {len(copies)} here"]))
    # a document lower-cased as a whole writes every name small: case is no evidence there
    lone = [] if all_lowercase(base) else find_wedged(
        base, skip=boiler + [(s, e) for s, e, _ in injected])
    for lc in lone:
        injected.append((lc.start, lc.end, False))
        reported.append((base[lc.start:lc.end], lc.reasons))
    twins = KnownPhrases.from_strings(base[lc.start:lc.end] for lc in lone
                                      if len(base[lc.start:lc.end].split()) >= LONE_TWIN_WORDS)
    if twins:
        taken = boiler + [(s, e) for s, e, _ in injected]
        for phrase, copies in find_known(base, twins, skip=taken).items():
            injected.extend((s, e, _sentence_opening(base, s)) for s, e in copies)
            reported.append((phrase, ["another copy of a lone injected phrase"]))
    injected.sort()
    blocked = boiler + [(s, e) for s, e, _ in injected]

    def inside_blocked(s: int, e: int) -> bool:
        return any(bs < e and s < be for bs, be in blocked)


    n_words = len(base.split())
    # glue is judged with masked text blanked out, so that a word stuck to an injected copy
    # ("irregularstrade sanctions") is judged on its own
    blank = list(base)
    for s, e in blocked:
        blank[s:e] = " " * (e - s)
    glues = [g for g in find_glued("".join(blank)) if not inside_blocked(g.start, g.end)]
    traces = [t for t in _missing_numbers(base, glues, n_words) if not inside_blocked(t.start, t.end)]

    # layer 3: the clean view
    edits: list[_Edit] = [_Edit(s, e) for s, e in boiler]
    for s, e, starts in injected:
        edits.extend(_removal(base, s, e, starts))
    fix_ends = set()
    for t in traces:
        if t.fix_start is None or inside_blocked(t.fix_start, t.fix_end):
            continue
        edits.append(_Edit(t.fix_start, t.fix_end, t.fix))
        fix_ends.add(t.fix_end)
        nxt = t.fix_end
        if t.capitalise and nxt < len(base) and base[nxt].islower():
            edits.append(_Edit(nxt, nxt + 1, base[nxt].upper()))
    for g in glues:
        # no space goes back where a hanging preposition was dropped ("InPrime Minister")
        edits.extend(_Edit(c, c, " ") for c in g.cuts if c not in fix_ends)
    edits.sort(key=lambda x: (x.start, x.end))
    b = CleanBuilder(base)
    pos = 0
    for ed in edits:
        if ed.start < pos:
            continue  # overlaps an earlier edit (e.g. a glue cut inside a removed copy)
        b.keep(pos, ed.start)
        if ed.text:
            if ed.end > ed.start:
                b.replace(ed.start, ed.end, ed.text)
            else:
                b.insert(ed.text, ed.start)
        pos = max(pos, ed.end)
    b.keep(pos, len(base))
    clean, cleanmap = b.build()
    offsets = compose(cleanmap, basemap)
    breaks = _breaks(base, clean, cleanmap, injected, {lc.end for lc in lone if lc.between})

    # reports, in original coordinates
    masked: list[tuple[int, int]] = []
    damaged: list[tuple[int, int]] = []
    for s, e in boiler:
        masked.append(report("boilerplate", *orig(s, e)))
    for s, e, _ in injected:
        masked.append(report("injected_phrase", *orig(s, e)))
    for t in traces:
        damaged.append(report("missing_number", *orig(t.start, t.end)))
    for g in glues:
        report("glued_words", *orig(g.start, g.end))
        if g.missing_number and not any(t.start < g.end and g.start < t.end for t in traces):
            damaged.append(report("missing_number", *orig(g.start, g.end)))

    strong = sum(1 for t in traces if t.strong) + sum(1 for g in glues if g.missing_number)
    numbers_stripped = strong >= STRIPPED_MIN_TRACES and not _YEAR.search(base)
    spans.sort(key=lambda sp: (sp.start, sp.end, sp.kind))
    counts: dict[str, int] = {}
    for sp in spans:
        counts[sp.kind] = counts.get(sp.kind, 0) + 1
    boiler_chars = sum(e - s for s, e in boiler)
    score = quality_score(counts, n_words, boiler_chars, len(base), english=english)
    flags = [k for k in KINDS if k in counts]
    quality = Quality(score=score, flags=flags, spans=spans)
    return Screened(
        clean=clean, offsets=offsets, quality=quality, language=guess.language,
        status=status, reason=reason, masked=sorted(masked), damaged=sorted(damaged),
        phrases=reported, numbers_stripped=numbers_stripped, breaks=breaks,
    )
