"""Where an event happened, read from its clause: the state of the place that a locative phrase
of the event names ("car bombs in Baghdad killed", "exploded outside the Australian embassy in
Jakarta, killing"). Generic participants ("11 people", "a court") belong to that state when
the sentence names several."""

from __future__ import annotations

from spacy.tokens import Token

from detente import places
from detente.actors.resolver import UNKNOWN, SentenceActors

#: Prepositions that say where an event happened ("in Baghdad", "outside the embassy"); "on"
#: is left out, it names the target ("an attack on a UN vehicle").
_LOCATIVE = {"in", "near", "outside", "at", "inside", "around", "across", "off", "throughout",
             "along", "within"}


def event_place(trig: Token, sa: SentenceActors, exclude: set[str] = frozenset()
                ) -> tuple[str, int, int] | None:
    """The state where the event happened: the first state, or city of a state, named in a
    locative phrase of the event's clause or of its participants ("car bombs in Baghdad
    killed", "exploded outside the Australian embassy in Jakarta, killing"). A participle
    that tells the outcome (", killing eight") or a verb joined to another ("and slaughtered")
    happened where its governing clause did."""
    heads = [trig]
    if (trig.dep_ in ("advcl", "xcomp") and trig.tag_ == "VBG") or (
            trig.dep_ == "conj" and trig.head.pos_ == "VERB"):
        heads.append(trig.head)  # "overran a village in Ituri and slaughtered 14 residents"
    nodes = list(heads)
    for h in heads:
        nodes += [c for c in h.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")]
    preps = sorted((c for n in nodes for c in n.children
                    if c.dep_ == "prep" and c.lower_ in _LOCATIVE), key=lambda t: t.i)
    doc = sa.doc
    for p in preps:
        toks = list(p.subtree)
        for t in toks:
            m = sa.by_token.get(t.i)
            if m is None or m.kind == "person" or m.code in (UNKNOWN, "MNC", "NGO") or \
                    m.code in exclude:
                continue
            sp = doc[m.start:m.end]
            return m.code, sp.start_char, sp.end_char
        s, e = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        place = places.sole_country(doc.text[s:e], exclude)
        if place is not None:
            return place[0], s + place[1], s + place[2]
    return None
