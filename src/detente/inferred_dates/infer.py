"""From evidence to intervals: each sentence's own interval, then the order of the story.

1. **Own interval.** A sentence's evidence (:mod:`.evidence`) is combined kind by kind, the
   strongest first: explicit dates (the hull of the sentence's dates, as :mod:`detente.dates`
   found them), relative cues ("a year later": the previous anchored sentence shifted; "then",
   "meanwhile", "in response": the paragraph's last anchored sentence), ordinal centuries, named
   wars/treaties/crises (their hull: a sentence naming two events lies around both), persons in
   office (intersected: "Gromyko met Nixon" is when both held office), states and regimes of a
   bounded lifetime (intersected). Evidence that contradicts what stronger evidence already
   says is set aside and noted, never forced.
2. **Order.** Where the document reads as chronological narrative (no document date, and its
   anchored sentences mostly in time order: at most a third of consecutive anchor pairs
   reversed, at least one anchor), a sentence lies no earlier than the latest start before it
   and no later than the earliest end after it. A sentence whose own interval lies wholly
   before the running lower bound (a flashback: "the November Uprising of 1831" after 1848)
   breaks the chain there: bounds from before the break do not pass it. A narrow anchor (a
   closed interval of at most 30 years) that starts before the running lower bound but still
   meets it replaces the bound for the sentences after it: a bound can come from a wide or
   wrong anchor or from a sentence told ahead of time, and the nearer narrow anchor is the
   better witness of where the story is. If the bounds from the two sides still cross, the
   sentence keeps its own interval. Explicit dates are never
   changed: they are anchors, and an event with one keeps it.
3. **Explanation.** Every interval carries the labels of the evidence and anchors that made it
   ("Andrei Gromyko (SUN FM/HOS 1957-1988)", "after s3: Korean War 1950-1953").
"""

from __future__ import annotations

import re
from datetime import date as _date
from dataclasses import dataclass, field
from typing import Sequence

from detente.dates import _CUE_KEEP
from detente.inferred_dates.evidence import (CENTURY, NAMED, PERIOD, PERSON, Evidence,
                                             EvidenceFinder, Interval, relative_cue)

#: anchors wider than this (years) do not count when judging whether a text is in time order
ORDER_ANCHOR_MAX_WIDTH = 30
#: an undated text with this many narrow anchors (and no more reversed pairs than allowed) is
#: read as told in order. One is enough: a short history passage often has a single datable
#: sentence ("... the Korean War ..."), and a history without a document date tells its story
#: in order unless its anchors say otherwise; a second anchor that runs backwards breaks the
#: chain there (see propagate). On our own passages cut into pieces of four sentences, every
#: dated event's coverage went from 0.84 to 0.96 when one anchor was enough (two before)
MIN_ANCHORS = 1
#: share of consecutive anchor pairs that may run backwards in a chronological narrative
MAX_REVERSED_SHARE = 1 / 3
#: a narrow anchor (at most this many years) that starts before the chain's running lower
#: bound replaces it (see _reaches_back)
RESET_MAX_WIDTH = 30


@dataclass
class SentenceTime:
    """What is known about when one sentence happened."""

    index: int
    own: Interval | None = None
    labels: list[str] = field(default_factory=list)
    explicit: bool = False
    #: the own interval rests on weak evidence only (see Evidence.weak): it does not break
    #: the chain of a story, it gives way to it
    weak: bool = False
    final: Interval | None = None
    notes: list[str] = field(default_factory=list)
    #: clauses (start, end, own interval, labels) of a sentence whose clauses name different
    #: times ("In 1993 Yeltsin signed X, and in 2001 Putin accepted Y"); empty otherwise
    clauses: list[tuple[int, int, Interval | None, list[str]]] = field(default_factory=list)
    #: the disjoint spans ``own`` is made of, when its people held office more than once
    #: (see _combine_all); the story's order picks among them
    parts: tuple[Interval, ...] = ()
    #: bounds from the anchors before and after ((year, sentence) each), set by propagate()
    lower: tuple[int | None, int | None] = (None, None)
    upper: tuple[int | None, int | None] = (None, None)

    def narrow(self, own: Interval | None, times: Sequence["SentenceTime"]
               ) -> tuple[Interval | None, list[str]]:
        """``own`` narrowed by this sentence's chain bounds, and the anchors that did it."""
        own = own or Interval()
        (lo, lsrc), (hi, hsrc) = self.lower, self.upper
        new_lo = own.lo if lo is None or (own.lo is not None and own.lo >= lo) else lo
        new_hi = own.hi if hi is None or (own.hi is not None and own.hi <= hi) else hi
        if new_lo is not None and new_hi is not None and new_lo > new_hi:
            return None, []
        labels = []
        if new_lo is not None and new_lo != own.lo and lsrc is not None:
            labels.append(f"after s{lsrc}: {_short(times[lsrc])}")
        if new_hi is not None and new_hi != own.hi and hsrc is not None:
            labels.append(f"before s{hsrc}: {_short(times[hsrc])}")
        return Interval(new_lo, new_hi), labels


def _explicit(sdates) -> tuple[Interval | None, list[str]]:
    """The hull of the explicit dates the date resolver found in a sentence (and carried)."""
    if sdates is None or getattr(sdates, "damaged", False):
        return None, []
    years: list[tuple[int, int]] = []
    labels = []
    for m in getattr(sdates, "mentions", []) or []:
        if m.date and m.source in ("sentence", "context"):
            y = int(m.date[:4])
            years.append((y, y + 9 if m.precision == "decade" else y))
            labels.append(f"{m.date} (explicit)")
    default = getattr(sdates, "default", None)
    if not years and default is not None and default.date and default.source == "context":
        y = int(default.date[:4])
        years.append((y, y))
        labels.append(f"{default.date} (carried from an earlier sentence)")
    if not years:
        return None, []
    return Interval(min(a for a, _ in years), max(b for _, b in years)), labels


def _combine(evidence: Sequence[Evidence]) -> tuple[Interval | None, list[str], list[str]]:
    """A sentence's own interval from its evidence; returns (interval, used, set aside)."""
    cur, used, aside, _, _ = _combine_all(evidence)
    return cur, used, aside


def _predecessors(group: Sequence[Evidence]) -> set[int]:
    """People named beside their successor in the same state ("Khrushchev's denunciation of
    Stalin", "Putin blamed Yeltsin"): the predecessor's term ends at most a year after the
    successor's begins, and the sentence is about the later man looking back, not about the
    year the terms touch. Indices into ``group`` of the predecessors."""
    out = set()
    for i, a in enumerate(group):
        for b in group:
            if a is b or not a.code or a.code != b.code or a.parts or b.parts:
                continue
            ia, ib = a.interval, b.interval
            if ia.closed and ib.lo is not None and ia.lo < ib.lo and \
                    ib.lo <= ia.hi <= ib.lo + 1 and (ib.hi is None or ia.hi < ib.hi):
                out.add(i)
    return out


def _nearest(e: Evidence, group: Sequence[Evidence]) -> Interval:
    """The reading of a shared name nearest to the other names of its sentence ("the Battle of
    Tannenberg" beside "the Teutonic Order state" is the one of 1410); its interval otherwise."""
    if not e.parts:
        return e.interval
    others = [x.interval for x in group if not x.parts and x.interval.closed]
    if not others:
        return e.interval
    ref = _hull(others)

    def gap(p: Interval) -> int:
        return max(0, (p.lo or 0) - (ref.hi or 0), (ref.lo or 0) - (p.hi or 0))
    return min(e.parts, key=gap)


def _hull(parts: Sequence[Interval]) -> Interval:
    span = parts[0]
    for p in parts[1:]:
        span = span.hull(p)
    return span


def _combine_all(evidence: Sequence[Evidence]
                 ) -> tuple[Interval | None, list[str], list[str], bool, tuple[Interval, ...]]:
    """As :func:`_combine`, whether all the evidence used is weak, and the disjoint spans the
    interval is made of when the people in it held office more than once (see
    :func:`detente.inferred_dates.evidence.terms_apart`): "Vajpayee met Nawaz Sharif" is
    1998-1999, where both terms meet, not the hull of all they held."""
    cur: list[Interval] | None = None  # the possible spans, disjoint
    used: list[str] = []
    aside: list[str] = []
    weak = True
    for kind in (CENTURY, NAMED, PERSON, PERIOD):
        group = [e for e in evidence if e.kind == kind]
        if not group:
            continue
        if kind in (CENTURY, NAMED):  # a sentence naming two events lies around both: hull
            label = "; ".join(e.label for e in group)
            if len(group) == 1:  # a name several things share keeps its readings apart
                parts = [(group[0].parts or (group[0].interval,), label, group[0].weak)]
            else:
                span = _hull([_nearest(e, group) for e in group])
                parts = [((span,), label, all(e.weak for e in group))]
        else:  # people and states all present at once: each one narrows, strong ones first
            gone = _predecessors(group) if kind == PERSON else set()
            for i in sorted(gone):
                aside.append(f"{group[i].label} (a predecessor named beside the successor)")
            parts = [(e.parts or (e.interval,), e.label, e.weak)
                     for e in sorted((e for i, e in enumerate(group) if i not in gone),
                                     key=lambda e: e.weak)]
        for spans, label, is_weak in parts:
            if cur is None:
                nxt = list(spans)
            else:
                nxt = [x for a in cur for b in spans if (x := a.intersect(b)) is not None]
            if not nxt:
                aside.append(label)
            else:
                cur = nxt
                used.append(label)
                weak = weak and is_weak
    if cur is None:
        return None, used, aside, weak, ()
    return _hull(cur), used, aside, weak, (tuple(cur) if len(cur) > 1 else ())


_MONTH = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|October|"
                    r"November|December|spring|summer|autumn|winter)\b")
_CLAUSE_BREAK = re.compile(r"[;:]|,\s+(?=(?:and|but|while|whereas|although|though)\b)")


def _clauses(text: str, s: int, e: int, evidence: Sequence[Evidence]
             ) -> list[tuple[int, int, Interval | None, list[str]]]:
    """The clauses of a sentence with their own evidence, when they differ; else []."""
    cuts = [s] + [s + m.start() for m in _CLAUSE_BREAK.finditer(text[s:e])] + [e]
    if len(cuts) < 3 or not evidence:
        return []
    out = []
    for a, b in zip(cuts, cuts[1:]):
        span, used, _ = _combine([x for x in evidence if a <= x.start < b])
        out.append((a, b, span, used))
    if len({c[2] for c in out if c[2] is not None}) < 2:
        return []
    return out


def sentence_times(text: str, sentences: Sequence[tuple[int, int]], sentence_dates: Sequence,
                   finder: EvidenceFinder) -> list[SentenceTime]:
    """Each sentence's own interval and its evidence (no propagation yet)."""
    times: list[SentenceTime] = []
    memory: dict = {}  # the last named war, treaty...: what "the war" refers back to
    for i, (s, e) in enumerate(sentences):
        prev = times[-1] if times else None
        t = SentenceTime(i)
        sd = sentence_dates[i] if i < len(sentence_dates) else None
        span, labels = _explicit(sd)
        if span is not None:
            t.own, t.labels, t.explicit = span, labels, True
        else:
            ev = finder.find(text, s, e, memory)
            cue = relative_cue(text, s, e)
            rel: Interval | None = None
            # "a year later" counts from the sentence just before, and only if that one is
            # anchored: an anchor further back may not be the time the cue counts from
            if cue is not None and prev is not None and prev.own is not None and prev.own.closed:
                shift, slack, words = cue
                rel = prev.own.shift(shift)
                rel = Interval(rel.lo, None if slack is None else rel.hi + slack)
                if _MONTH.search(text, s, text.find(words, s, e)):
                    # "in December [year lost] ... the following year": the cue counts from a
                    # time the sentence named itself, no earlier than the sentence before
                    rel = Interval(rel.lo, None)
                t.labels.append(f"'{words}' after s{prev.index} ({prev.own.label()})")
            span, used, aside, t.weak, t.parts = _combine_all(ev)
            t.clauses = _clauses(text, s, e, ev)
            if rel is not None:
                both = rel if span is None else rel.intersect(span)
                if both is None:
                    t.notes.append("relative cue contradicts the names: cue set aside")
                    t.labels = []
                else:
                    span = both
                    t.weak = False
                    t.parts = tuple(x for p in t.parts if (x := p.intersect(both)) is not None)
                    t.parts = t.parts if len(t.parts) > 1 else ()
            if span is None and rel is None and _CUE_KEEP.search(text, s, e):
                # "Relations then stalled": the time of the paragraph's last anchor, as the
                # date resolver carries an explicit date on the same cues
                last = _paragraph_anchor(text, times, sentences, s)
                if last is not None:
                    span, t.weak = last.own, False
                    words = _CUE_KEEP.search(text, s, e).group(0)
                    t.labels.append(f"'{words}' continues s{last.index} ({last.own.label()})")
            t.own = span
            t.labels += used
            t.notes += [f"set aside (contradicts stronger evidence): {a}" for a in aside]
        times.append(t)
    return times


def _paragraph_anchor(text: str, times: Sequence[SentenceTime],
                      sentences: Sequence[tuple[int, int]], at: int) -> SentenceTime | None:
    """The last sentence before ``at`` in the same paragraph with a narrow closed interval."""
    for t in reversed(times):
        if "\n" in text[sentences[t.index][1]:at]:
            return None
        if t.own is not None and t.own.closed and t.own.width <= ORDER_ANCHOR_MAX_WIDTH:
            return t
    return None


def is_chronological(times: Sequence[SentenceTime]) -> bool:
    """True when the anchored sentences run mostly forward in time (see the module docs)."""
    # weak evidence does not say how the story is told; an interval open towards the present
    # (a leader still in office) ends this year, as in the output
    owns = [_now_closed(t.own) for t in times if t.own is not None and not t.weak]
    anchors = [o for o in owns if o.closed and o.width <= ORDER_ANCHOR_MAX_WIDTH]
    if len(anchors) < MIN_ANCHORS:
        return False
    reversed_ = sum(1 for a, b in zip(anchors, anchors[1:]) if b.hi < a.lo)
    return reversed_ <= MAX_REVERSED_SHARE * (len(anchors) - 1)


def _now_closed(own: Interval) -> Interval:
    """``own`` with an open end towards the present closed at the current year."""
    if own.lo is not None and own.hi is None:
        return Interval(own.lo, max(own.lo, _date.today().year))
    return own


def _reaches_back(own: Interval, bound: int) -> bool:
    """Whether a sentence's own interval replaces the running lower bound of the chain: it is
    narrow (closed, at most :data:`RESET_MAX_WIDTH` years) and starts before the bound. Such a
    sentence agrees with the bound (else the chain would break) but says the story may be
    earlier than the anchor that set it, which may have been wide, wrong or told ahead of
    time; the sentences after it are bounded by it instead."""
    return own.closed and own.width <= RESET_MAX_WIDTH and own.lo < bound


def propagate(times: list[SentenceTime]) -> None:
    """Narrow each sentence between the anchors before and after it (see the module docs)."""
    n = len(times)
    lower: list[tuple[int | None, int | None]] = [(None, None)] * n   # (year, from sentence)
    upper: list[tuple[int | None, int | None]] = [(None, None)] * n
    lo, src = None, None
    for i, t in enumerate(times):
        own = t.own
        if own is not None and lo is not None and own.hi is not None and own.hi < lo:
            if t.weak:  # weak evidence gives way to the story (see SentenceTime.weak)
                _set_aside(t, f"earlier than s{src} ({lo})")
                own = None
            else:
                t.notes.append(f"chain broken: earlier than s{src} ({lo})")
                lo, src = None, None
        lower[i] = (lo, src)
        if own is not None and own.lo is not None and (lo is None or own.lo > lo or
                                                       _reaches_back(own, lo)):
            lo, src = own.lo, i
    hi, src = None, None
    for i in range(n - 1, -1, -1):
        own = times[i].own
        if own is not None and hi is not None and own.lo is not None and own.lo > hi:
            if times[i].weak:
                _set_aside(times[i], f"later than s{src} ({hi})")
                own = None
            else:
                hi, src = None, None
        upper[i] = (hi, src)
        if own is not None and own.hi is not None and (hi is None or own.hi < hi):
            hi, src = own.hi, i
    for i, t in enumerate(times):
        t.lower, t.upper = lower[i], upper[i]
        final, labels = t.narrow(t.own, times)
        if final is None:
            t.final = t.own
            t.notes.append("anchors before and after disagree: own evidence only")
            continue
        t.final = final
        t.labels += labels


def _set_aside(t: SentenceTime, why: str) -> None:
    """Drop a sentence's weak own interval that contradicts the story's order."""
    t.notes.append(f"weak evidence set aside ({why}): " + "; ".join(t.labels))
    t.own, t.labels, t.weak = None, [], False


def _short(t: SentenceTime) -> str:
    first = t.labels[0] if t.labels else ""
    return first if len(first) <= 60 else first[:57] + "..."


def infer(text: str, sentences: Sequence[tuple[int, int]], sentence_dates: Sequence,
          doc_date: str | None, finder: EvidenceFinder) -> list[SentenceTime]:
    """Every sentence's interval: own evidence, then the story's order where it has one."""
    times = sentence_times(text, sentences, sentence_dates, finder)
    if not doc_date and is_chronological(times):
        propagate_terms(times)
    else:
        for t in times:
            t.final = t.own
    return times


def _pick_terms(t: SentenceTime) -> tuple[Interval, ...] | None:
    """The spans of ``t.parts`` its chain bounds leave (clipped to them), when fewer than all."""
    if not t.parts or t.final is None:
        return None
    keep = tuple(x for p in t.parts if (x := p.intersect(t.final)) is not None)
    return keep if keep and _hull(keep) != t.own else None


def propagate_terms(times: list[SentenceTime]) -> None:
    """:func:`propagate`, then let the story's order pick among the terms of a person who held
    office more than once: "Nawaz Sharif" after an anchor of 1996 and before one of 2001 is
    1997-1999, his second term, not 1996-2001. A sentence so narrowed bounds its neighbours
    better, so the chain is run again from the narrowed intervals."""
    saved = [(t.own, list(t.labels), list(t.notes), t.weak, t.parts) for t in times]
    propagate(times)
    picks = {t.index: keep for t in times if (keep := _pick_terms(t)) is not None}
    if not picks:
        return
    for t, (own, labels, notes, weak, parts) in zip(times, saved):
        t.own, t.labels, t.notes, t.weak, t.parts = own, labels, notes, weak, parts
        if t.index in picks:
            keep = picks[t.index]
            t.own, t.parts = _hull(keep), (keep if len(keep) > 1 else ())
            t.labels.append("term chosen by the story's order: "
                            + ", ".join(p.label() for p in keep))
    propagate(times)


__all__ = ["SentenceTime", "infer", "sentence_times", "propagate", "propagate_terms",
           "is_chronological"]
