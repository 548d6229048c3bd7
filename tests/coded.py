"""What the sentence tests compare: a result's events as (type, actors, recipients) triples of
country codes, or its set of event types."""

from __future__ import annotations


def triples(result) -> set[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """Each event as (type, sorted actor codes, sorted recipient codes)."""
    return {(e.event_type, tuple(sorted({a.code for a in e.actor})),
             tuple(sorted({r.code for r in e.recipient}))) for e in result.events}


def types(result) -> set[str]:
    """The event types of a result."""
    return {e.event_type for e in result.events}
