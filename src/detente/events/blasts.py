"""Attacks told through the weapon: the bomb, the rocket or the blast is what acts.

News reports much violence without its agent: "a bomb ripped through their patrol", "two
Qassam rockets landed in the western Negev", "an explosion occurred near the convoy", "at least
30 people have been hurt in an explosion in Kathmandu", "bombings left more than 60 dead". No
political actor is the subject, so the verb rules find no attack; yet the annotation
guidelines code each as an ASSAULT by an unknown actor ("---") on the state of the people or
the place hit. Three shapes of English carry it:

- **the weapon as subject** of a verb of impact or occurrence ("a bomb went off", "rockets
  slammed into a hotel", "five explosions were reported");
- **harm caused by the weapon**: a verb of harm with the weapon in a phrase of cause ("hurt in
  an explosion", "killed by a roadside bomb"); the hurt are the recipients;
- **the weapon as instrument** of a verb of attack ("insurgents hammered central Baghdad with
  mortar barrages"; "hammered out a deal" names no weapon and codes nothing here).

Accidents and nature are no attacks: a weapon noun modified by a cause in ``non_agents`` ("gas
explosion") or a sentence with a word of ``accidents`` ("methane", "accidental") is passed
over, and so are blasts told as possible, negated or inside a relative clause. The vocabulary
is in ``data/blasts.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml
from spacy.tokens import Doc, Token

from detente import places
from detente.actors.resolver import UNKNOWN, SentenceActors
from detente.events.lexicon import Sense
from detente.records import Entity


@dataclass(frozen=True)
class BlastRules:
    #: weapon nouns (lemmas or "modifier noun") and the PLOVER mode of their attack
    weapons: dict[str, str]
    impact_verbs: frozenset[str]
    harm_verbs: frozenset[str]
    cause_preps: frozenset[str]
    instrument_verbs: frozenset[str]
    accidents: frozenset[str]
    #: weapons whose name says whose they are: "Qassam rockets"
    owners: dict[str, str]


@lru_cache(maxsize=1)
def load_rules() -> BlastRules:
    data = yaml.safe_load(resources.files("detente.events").joinpath(
        "data/blasts.yaml").read_text(encoding="utf-8"))
    return BlastRules(
        weapons={str(k).lower(): v for k, v in (data.get("weapons") or {}).items()},
        impact_verbs=frozenset(data.get("impact_verbs") or ()),
        harm_verbs=frozenset(data.get("harm_verbs") or ()),
        cause_preps=frozenset(data.get("cause_preps") or ()),
        instrument_verbs=frozenset(data.get("instrument_verbs") or ()),
        accidents=frozenset(data.get("accidents") or ()),
        owners={str(k).lower(): v for k, v in (data.get("owners") or {}).items()})


def blast_events(ex, doc: Doc, sa: SentenceActors, memory: list[Entity], events: list,
                 rules: BlastRules | None = None) -> list:
    """The agentless attacks of the sentence that ``events`` (the extractor's) do not already
    tell. ``ex`` is the :class:`~detente.events.extract.Extractor`, whose role finders and
    ``_finish`` these events share."""
    rules = rules or load_rules()
    if _accidental(doc, rules):
        return []
    taken = {e.token for e in events if e.type == "ASSAULT"}
    # agentless attacks already coded (with someone hurt or some place hit)
    agentless = {e.token for e in events if e.type == "ASSAULT" and all(
        a.code == UNKNOWN for a in e.actors) and any(
        r.code != UNKNOWN or r.sector for r in e.recipients)}
    out = []
    for v in doc:
        if not (v.pos_ in ("VERB", "AUX") or v.tag_.startswith("VB")) or not _reported(v):
            continue
        found = _weapon_subject(v, rules) or _weapon_cause(v, rules)
        if v.i in taken and not (v.i in agentless and found is not None and _owner(
                found, rules)):
            continue  # coded already, unless "Qassam rockets hit ..." says whose they were
        if found is not None and agentless - {v.i}:
            continue  # the attack is told already, by another verb of the sentence
        instrument = None if found is not None else _weapon_instrument(v, rules)
        weapon = found or instrument
        if weapon is None or weapon.i in taken or _not_weapon(ex, weapon):
            continue
        aux = ex._aux_modes(v)
        if aux:
            continue  # "a missile that could hit", "no explosion occurred"
        ev = _event(ex, v, weapon, instrument is not None, sa, memory, rules)
        if ev is not None:
            out.append(ev)
            taken.add(v.i)
            if all(a.code == UNKNOWN for a in ev.actors):
                agentless.add(v.i)
    return out


def _verb_keys(v: Token) -> set[str]:
    """"go off", "rip through", "slam into": the lemma alone and with each particle or
    preposition."""
    lemma = v.lemma_.lower()
    return {lemma} | {f"{lemma} {c.lower_}" for c in v.children if c.dep_ in ("prt", "prep")}


def _weapon(n: Token, rules: BlastRules) -> Token | None:
    """The weapon noun ``n`` names, directly or through "one of": "a car bomb", "rockets",
    "one of their most intense mortar barrages", "a string of bomb blasts"."""
    if n.pos_ in ("NOUN", "PROPN") and _mode(n, rules) is not None:
        return n
    for c in n.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for g in c.children:
                if g.dep_ == "pobj" and _mode(g, rules) is not None:
                    return g
    return None


def _mode(n: Token, rules: BlastRules) -> str | None:
    keys = [n.lemma_.lower(), n.lower_]
    if n.lower_.endswith("s"):
        keys.insert(0, n.lower_[:-1])  # "Rockets slammed into ...": a proper noun to the tagger
    keys += [f"{c.lower_} {n.lemma_.lower()}" for c in n.children
             if c.dep_ == "compound" and c.i == n.i - 1]
    for k in reversed(keys):
        if k in rules.weapons:
            return rules.weapons[k]
    return None


def _weapon_subject(v: Token, rules: BlastRules) -> Token | None:
    if not _verb_keys(v) & rules.impact_verbs:
        return None
    for c in v.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            w = _weapon(c, rules)
            if w is not None:
                return w
            for g in c.children:  # "car bombs and bombardments rocked the capital"
                if g.dep_ == "conj" and _weapon(g, rules) is not None:
                    return _weapon(g, rules)
    return None


def _weapon_cause(v: Token, rules: BlastRules) -> Token | None:
    """"hurt in an explosion", "killed by a bomb": the weapon that caused the harm."""
    if v.lemma_.lower() not in rules.harm_verbs:
        return None
    return _weapon_after(v, rules.cause_preps, rules)


def _weapon_instrument(v: Token, rules: BlastRules) -> Token | None:
    """"hammered Baghdad with mortar barrages": the weapon the attack used."""
    if v.lemma_.lower() not in rules.instrument_verbs:
        return None
    return _weapon_after(v, frozenset({"with"}), rules)


def _weapon_after(v: Token, preps: frozenset[str], rules: BlastRules) -> Token | None:
    """The first weapon named as the object of one of ``preps`` hanging on ``v``."""
    for c in v.children:
        if c.dep_ in ("prep", "agent") and c.lower_ in preps:
            for g in c.children:
                if g.dep_ == "pobj":
                    w = _weapon(g, rules)
                    if w is not None:
                        return w
    return None


def _owner(weapon: Token, rules: BlastRules) -> str | None:
    """The state a weapon's name says is its user's: "Qassam rockets"."""
    return rules.owners.get(weapon.lemma_.lower()) or next(
        (rules.owners[c.lower_] for c in weapon.children if c.lower_ in rules.owners), None)


def _not_weapon(ex, n: Token) -> bool:
    """"a gas explosion", "a methane blast": the noun's modifiers name an accident."""
    return ex._names_non_agent(n, ("compound", "amod", "nmod"))


def _accidental(doc: Doc, rules: BlastRules) -> bool:
    words = [t.lemma_.lower() for t in doc] + [t.lower_ for t in doc]
    present = set(words) | {f"{a} {b}" for a, b in zip(words, words[1:])}
    return bool(rules.accidents & present)


def _reported(v: Token) -> bool:
    """The verb tells something that happened: the main clause, a clause joined to it or
    reported by it, or a clause of time or cause ("died when a bomb ripped through"); not a
    relative clause ("a missile that can hit") or a noun's complement."""
    t = v
    for _ in range(8):
        if t.dep_ == "ROOT":
            return True
        if t.dep_ in ("conj", "advcl", "ccomp", "parataxis", "xcomp"):
            t = t.head
            continue
        return False
    return False


def _event(ex, v: Token, weapon: Token, instrument: bool, sa: SentenceActors, memory,
           rules: BlastRules):
    actors: list[Entity] = []
    if instrument:  # "insurgents hammered Baghdad with mortars": the subject attacks
        subj = next((c for c in v.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            actors = ex._np_entities(subj, sa, memory)
    else:  # "a Palestinian mortar bomb": a modifier of the weapon may name whose it is
        owner = _owner(weapon, rules)
        if owner is not None:  # "Qassam rockets" are fired from Gaza
            actors.append(Entity(owner, None, weapon.text, weapon.idx,
                                 weapon.idx + len(weapon.text)))
        for c in weapon.children:
            m = sa.by_token.get(c.i) if c.dep_ in ("amod", "compound", "poss", "nmod") else None
            if m is not None and m.code != UNKNOWN:
                sp = v.doc[m.start:m.end]
                actors.append(Entity(m.code, m.sector, sp.text, sp.start_char, sp.end_char))
    recips = _recipients(ex, v, weapon, actors, sa, memory, rules)
    sense = Sense("ASSAULT", rules.weapons.get(weapon.lemma_.lower()) or _mode(weapon, rules))
    return ex._finish(sense, v, v, actors, recips, [], sa, "frame")


def _recipients(ex, v: Token, weapon: Token, actors, sa, memory, rules) -> list[Entity]:
    """The hurt, or the place hit. Who was hurt is the subject of a verb of harm ("30
    people have been hurt in an explosion") or of the clause the blast is the cause of ("two
    US soldiers died when a bomb ripped through their patrol"); the place is the object of the
    verb of impact ("slammed into a Baghdad hotel"). What is left to ``_finish``: the one
    other state the sentence names, else the state of the place it names."""
    hurt = [v] if v.lemma_.lower() in rules.harm_verbs else []
    if v.dep_ == "advcl" and v.head.lemma_.lower() in rules.harm_verbs:
        hurt.append(v.head)
    # "two soldiers died and another was injured when ...": the verbs of harm joined
    hurt += [t for h in list(hurt) for t in (h.head, *h.children)
             if t.dep_ == "conj" or h.dep_ == "conj" and t.i == h.head.i]
    ents = []
    for h in hurt:
        if h.lemma_.lower() not in rules.harm_verbs:
            continue
        for c in h.children:
            if c.dep_ in ("nsubj", "nsubjpass") and weapon not in c.subtree:
                ents += [e for e in ex._np_entities(c, sa, memory, animate_only=False)
                         if (e.code != UNKNOWN or e.sector) and not _same_span(e, ents)]
    if ents:
        return ents
    for c in v.children:
        if c.dep_ == "dobj":
            ents = [e for e in ex._np_entities(c, sa, memory, animate_only=False)
                    if e.code != UNKNOWN or e.sector]
            if ents:
                return ents
    ents = [e for e in ex._prep_recipients(v, sa, actors, "ASSAULT")
            if e.code != UNKNOWN or e.sector]
    if ents:
        return ents
    # "near the convoy of a Palestinian security chief": the one state the sentence names;
    # "rockets landed in the western Negev": the state of the place it names
    from detente.events.extract import _place_actor

    own = {a.code for a in actors}
    named = [e for e in _place_actor([], sa, v) if e.code not in own and not e.inferred]
    if named and named[0] is not sa.home:
        return named
    place = places.sole_country(v.doc.text, own)
    if place is not None and place[0] not in {a.code for a in actors}:
        code, s, e = place
        return [Entity(code, None, v.doc.text[s:e], s, e)]
    return []


def _same_span(e: Entity, others: list[Entity]) -> bool:
    return any(o.start == e.start and o.end == e.end for o in others)
