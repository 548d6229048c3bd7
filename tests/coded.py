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


def police_events(evs, etype=None) -> list:
    """The events (of one type, if given) that a police actor (sector COP) takes part in as
    actor."""
    return [e for e in evs if (etype is None or e.event_type == etype)
            and any(a.sector == "COP" for a in e.actor)]
