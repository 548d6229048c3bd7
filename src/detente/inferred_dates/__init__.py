"""Inferred dates: when did an event happen whose text gives no date (issue 14)?

A damaged history page ("the treaty of", "untilwhen") or an undated history still says when,
to a reader: "Gromyko visited Tokyo" is 1957-1988, his years in office; "the Battle of Khalkhin
Gol" is 1939; an event told between two anchored ones lies between their dates. This package
turns that reading into an interval per event, with the evidence that bounds it:

    >>> from detente import Coder
    >>> r = Coder().code("Khrushchev rejected the Japanese proposal.")
    >>> r.events[0].date, r.events[0].date_range, r.events[0].date_source
    (None, ['1953', '1964'], 'inferred')

Explicit dates (:mod:`detente.dates`) are never changed: an event keeps ``date`` whenever the
text gives one, and only events with ``date: null`` get ``date_range`` (ISO years; ``None`` for
an open start), ``date_source: "inferred"`` and ``date_evidence`` (short labels: which person,
named event, state or neighbouring anchor bounded the interval). An interval open towards the
present ("after 1981") ends in the current year; one open towards the past keeps ``None``.
Evidence: :mod:`.evidence`;
the intervals and the order of the story: :mod:`.infer`.
"""

from __future__ import annotations

from datetime import date as _date
from typing import Callable, Sequence

from detente.inferred_dates.evidence import Evidence, EvidenceFinder, Interval, finder
from detente.inferred_dates.infer import SentenceTime, infer

INFERRED = "inferred"
#: at most this many evidence labels per event
MAX_EVIDENCE = 5


def up_to_now(interval: Interval, this_year: int | None = None) -> Interval:
    """Close an interval open towards the present at the current year: nothing a text tells
    happened after today ("after 1981": a leader still in office, a regime that still stands,
    the last anchor of a story), and an end after this year ("the 21st century") is this year.
    An interval open towards the past stays open."""
    year = this_year or _date.today().year
    if interval.hi is None and interval.lo is not None:
        return Interval(interval.lo, max(interval.lo, year))
    if interval.hi is not None and interval.hi > year:
        # "the 21st century" (2000-2100) ends, as far as a text can tell, today
        return Interval(interval.lo, max(year, interval.lo if interval.lo is not None else year))
    return interval


def annotate(events: Sequence, text: str, sentences: Sequence[tuple[int, int]],
             sentence_dates: Sequence, doc_date: str | None,
             evidence_finder: EvidenceFinder | None = None,
             to_original: Callable[[int], int] | None = None) -> int:
    """Give every undated event of one document an inferred interval where evidence allows.

    ``text`` and ``sentences`` are the text the date resolver saw and its sentence spans;
    ``sentence_dates`` its result; each event's ``sentence.index`` points into ``sentences``;
    ``to_original`` maps an offset of ``text`` to the events' offsets (identity when None): a
    sentence whose clauses name different times dates each event by its trigger's clause.
    Events are changed in place; returns how many got a range.
    """
    if not any(e.date is None for e in events):
        return 0
    times = infer(text, sentences, sentence_dates, doc_date, evidence_finder or finder())
    this_year = _date.today().year
    n = 0
    for e in events:
        if e.date is not None:
            continue
        i = e.sentence.index if e.sentence else -1
        t = times[i] if 0 <= i < len(times) else None
        if t is None:
            continue
        final, labels = t.final, t.labels + t.notes
        at = e.trigger.start if e.trigger else None
        for a, b, own, used in t.clauses:
            if own is not None and at is not None and \
                    (to_original or int)(a) <= at < (to_original or int)(b):
                narrowed, bound = t.narrow(own, times)
                final, labels = (narrowed or own), used + bound
                break
        if final is None or not final.bounded:
            continue
        if final.hi is None:
            labels = labels + [f"open end: no later than {this_year}"]
        final = up_to_now(final, this_year)
        lo, hi = final.lo, final.hi
        e.date_range = [None if lo is None else f"{lo:04d}", None if hi is None else f"{hi:04d}"]
        e.date_source = INFERRED
        e.date_evidence = labels[:MAX_EVIDENCE]
        n += 1
    return n


__all__ = ["annotate", "infer", "up_to_now", "Interval", "Evidence", "EvidenceFinder", "SentenceTime",
           "INFERRED", "finder"]
