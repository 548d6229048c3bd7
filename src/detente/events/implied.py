"""The implied actor: who acted when the sentence does not say so in a subject or a "by" phrase.

News about domestic order reports much of it without an agent, and the reader supplies one:

- **named inside a noun phrase**: "two were killed in police firing", "injured in army
  shelling", "died in the security forces' crackdown" name their agent as a modifier of the noun
  of force the event hangs on. That actor is in the text; it is taken as it stands.
- **implied by the act**: "50 persons were arrested", "curfew was clamped on the town", "the
  mob was lathi-charged", "the arrested workers": arrests, detentions, curfews and the weapons
  of crowd control are the police's unless the sentence says otherwise. That actor is nowhere in
  the text; it gets ``inferred=True``, an empty span at the trigger, and a lower confidence so
  users can filter it.

Which acts imply which actor, and which nouns name their agent, are data
(``data/implied.yaml``). The country of an implied actor is the one the sentence's places name
(``detente.places``), else the country the document's places name (its dateline and the towns it
reports from), else unknown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml
from spacy.tokens import Doc, Token

from detente.actors.resolver import UNKNOWN, ActorFinder, SentenceActors
from detente.records import Entity

#: How much less sure an event is when its actor is inferred rather than read.
INFERRED_PENALTY = 0.15


@dataclass(frozen=True)
class DefaultAgent:
    """An act that implies its agent: event type, modes and/or trigger lemmas, the sector."""

    type: str
    sector: str
    modes: frozenset[str] | None = None
    triggers: frozenset[str] | None = None


@dataclass
class ImpliedRules:
    defaults: list[DefaultAgent] = field(default_factory=list)
    #: nouns of force whose modifier names the agent: "police firing", "army shelling"
    agent_nouns: frozenset[str] = frozenset()
    #: nouns of force that imply their agent when no modifier names it: "in the firing"
    implied_nouns: dict[str, str] = field(default_factory=dict)
    #: prepositions that link an event to the act that caused it: "killed in police firing"
    cause_preps: frozenset[str] = frozenset()
    #: verbs of force whose clause says who caused an agentless event: "one was killed when
    #: the police fired"
    force_verbs: frozenset[str] = frozenset()
    cause_marks: frozenset[str] = frozenset()
    #: verbs that move forces: "policemen were deployed" makes the policemen the actor
    moving_verbs: frozenset[str] = frozenset()
    #: modifiers of a noun of force that say it was not the usual agent's: "private firing"
    other_agents: frozenset[str] = frozenset()
    #: words of a trigger that say the force killed: "shot dead", "killing two"
    lethal: frozenset[str] = frozenset()
    #: deaths and injuries that, with no agent of their own, are the work of the one force
    #: the sentence names: "police opened fire on the mob; two were killed"
    casualty_verbs: frozenset[str] = frozenset()
    #: the modes of force such an agent must be using
    force_modes: frozenset[str] = frozenset()
    #: verbs whose subject undergoes the force: "three persons died in police firing"
    undergoer_verbs: frozenset[str] = frozenset()
    #: nouns of harm that lead back to the act that did it: "injuries sustained in the firing"
    harm_nouns: frozenset[str] = frozenset()
    #: a force's duty, named with the force: "police protection was provided", "heavy police
    #: bandobast has been made"
    duty_nouns: frozenset[str] = frozenset()
    #: nouns that count the dead of an act: "the toll in police firing"
    toll_nouns: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def load_rules() -> ImpliedRules:
    data = yaml.safe_load(resources.files("detente.events").joinpath(
        "data/implied.yaml").read_text(encoding="utf-8"))
    rules = ImpliedRules()
    for d in data.get("default_agents") or []:
        rules.defaults.append(DefaultAgent(
            d["type"], d["sector"],
            frozenset(d["modes"]) if d.get("modes") else None,
            frozenset(d["triggers"]) if d.get("triggers") else None))
    rules.agent_nouns = frozenset(data.get("agent_nouns") or ())
    rules.implied_nouns = dict(data.get("implied_nouns") or {})
    rules.cause_preps = frozenset(data.get("cause_preps") or ())
    rules.force_verbs = frozenset(data.get("force_verbs") or ())
    rules.cause_marks = frozenset(data.get("cause_marks") or ())
    rules.moving_verbs = frozenset(data.get("moving_verbs") or ())
    rules.other_agents = frozenset(data.get("other_agents") or ())
    rules.lethal = frozenset(data.get("lethal") or ())
    rules.casualty_verbs = frozenset(data.get("casualty_verbs") or ())
    rules.force_modes = frozenset(data.get("force_modes") or ())
    rules.undergoer_verbs = frozenset(data.get("undergoer_verbs") or ())
    rules.harm_nouns = frozenset(data.get("harm_nouns") or ())
    rules.duty_nouns = frozenset(data.get("duty_nouns") or ())
    rules.toll_nouns = frozenset(data.get("toll_nouns") or ())
    return rules


def infer_actors(events: list, doc: Doc, sa: SentenceActors, finder: ActorFinder,
                 home: str | None = None, rules: ImpliedRules | None = None) -> list:
    """Give agentless events the actor the sentence implies (in place; returns ``events``).

    ``events`` are the extractor's RawEvents; ``home`` is the country the document's places
    name, used when the sentence names none.
    """
    rules = rules or load_rules()
    for ev in events:
        if any(a.sector for a in ev.actors):
            # the sentence names who acted; "police", "the army", "rioters" are of the country
            # the sentence's or the document's places name
            skip = target_tokens(doc[ev.token], ev.actors, doc) if ev.type == "ASSAULT" \
                else set()
            ev.actors = [_with_country(a, sa, home, ev.actors, skip) if a.sector else a
                         for a in ev.actors]
            _domestic_recipients(ev, sa, home)
            if not ev.recipients and not foreign_object(doc[ev.token]):
                ev.recipients = domestic(ev.actors)
            continue
        tok = doc[ev.token]
        if _has_active_subject(tok, rules) and tok.lemma_.lower() not in rules.undergoer_verbs:
            continue  # "a mob killed three": an actor we could not code is still not the police
        named = _agent_in_noun_phrase(tok, sa, finder, rules) or _agent_in_clause(
            tok, ev, sa, finder, rules) or _forces_moved(tok, ev, sa, finder, rules)
        if named:
            ev.actors = [_with_country(a, sa, home, named) for a in named]
            _drop_self(ev)
            # nor the phrase that names it: "killed in an Israeli operation" is no attack on
            # Israel
            nouns = [n.idx for n in _cause_nouns(tok, rules)
                     if n.i != tok.i and _noun_key(n) & rules.agent_nouns]
            ev.recipients = [r for r in ev.recipients
                             if not any(r.start <= i < r.end for i in nouns)]
            continue
        sector = _default_sector(ev, tok, rules)
        if sector is None:
            continue
        skip = _offence_tokens(tok) if sector == "JUD" else set()
        soldiers = {r.code for r in ev.recipients if r.sector == "MIL"}
        if sector == "JUD" and len(soldiers) == 1 and UNKNOWN not in soldiers and all(
                r.sector == "MIL" for r in ev.recipients):
            # "four US soldiers charged with abusing prisoners ... hearings in Germany":
            # soldiers answer to their own state's military justice, wherever it sits
            code = soldiers.pop()
        else:
            code = _country(sa, home, ev.recipients, skip=skip)
        ev.actors = [Entity(code, sector, "", ev.trigger_start, ev.trigger_start,
                            inferred=True)]
        ev.confidence = round(max(0.1, ev.confidence - INFERRED_PENALTY), 2)
        _drop_self(ev)
        _domestic_recipients(ev, sa, home)
        if not ev.recipients and not foreign_object(tok):
            ev.recipients = domestic(ev.actors)
    _casualties_of_force(events, doc, rules)
    return events


def _casualties_of_force(events: list, doc: Doc, rules: ImpliedRules) -> None:
    """"Police opened fire on the mob; two persons were killed", "the police lobbed tear gas
    and one youth was injured": a death or injury with no agent of its own, in a sentence whose
    only act of force is by one named force, is that force's doing (the reader's inference,
    marked ``inferred``)."""
    forces = [e for e in events if e.type == "ASSAULT" and e.mode in rules.force_modes
              and e.actors and all(a.sector in ("COP", "MIL") and not a.inferred
                                   for a in e.actors)]
    agents = {tuple(sorted((a.code, a.sector) for a in e.actors)) for e in forces}
    if len(agents) != 1:
        return
    # another named actor that does violence in the sentence ("a mob attacked ... and police
    # fired") could be the killer as well: then the sentence does not say who killed
    if any(e.type in ("ASSAULT", "COERCE", "PROTEST") and e not in forces and any(
            a.sector and not a.inferred and a.sector not in ("COP", "MIL") for a in e.actors)
           for e in events):
        return
    src = forces[0].actors
    for ev in events:
        if ev.type != "ASSAULT" or ev in forces or any(
                a.sector and not a.inferred for a in ev.actors):
            continue
        tok = doc[ev.token]
        if not {tok.lemma_.lower(), tok.lower_} & rules.casualty_verbs or not _agentless(tok):
            continue
        ev.actors = [Entity(a.code, a.sector, "", ev.trigger_start, ev.trigger_start,
                            inferred=True) for a in src]
        ev.confidence = round(max(0.1, ev.confidence - INFERRED_PENALTY), 2)
        _drop_self(ev)


def is_lethal(trigger_text: str, rules: ImpliedRules | None = None) -> bool:
    """Whether a trigger says the force killed ("shot dead", "killing", "died")."""
    rules = rules or load_rules()
    low = trigger_text.lower()
    return any(w in low for w in rules.lethal)


def _force_subject(tok: Token, rules: ImpliedRules) -> Token | None:
    """"Police firing injured three", "firing by the police left two dead": a subject that
    is a noun of force says how, and its modifier or "by" phrase says who."""
    for c in tok.children:
        if c.dep_ in ("nsubj", "csubj") and _noun_key(c) & (
                rules.agent_nouns | set(rules.implied_nouns)):
            return c
    return None


def _has_active_subject(tok: Token, rules: ImpliedRules | None = None) -> bool:
    if tok.pos_ in ("NOUN", "PROPN"):
        return False
    if rules is not None and _force_subject(tok, rules) is not None:
        return False
    if any(c.dep_ in ("nsubj", "csubj") for c in tok.children):
        return True
    # "opened fire and killed two": the subject of the first verb acts in both (but not in a
    # passive conjunct, whose subject undergoes the act: "police fired 50 rounds and 100
    # persons were arrested", "the rioters attacked a shop and were arrested")
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
        return False
    t = tok
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
        if any(c.dep_ in ("nsubj", "csubj") for c in t.children):
            return True
    return False


def _cause_nouns(tok: Token, rules: ImpliedRules) -> list[Token]:
    """Nouns of force the event hangs on: the event noun itself ("police firing"), or the
    object of a causal preposition of its verb ("killed in police firing")."""
    out = []
    if tok.pos_ in ("NOUN", "PROPN"):
        out.append(tok)
    subj = _force_subject(tok, rules) if tok.pos_ not in ("NOUN", "PROPN") else None
    if subj is not None:
        out.append(subj)
    # "one was killed and five injured in police firing": the phrase serves both verbs
    sharing = [tok] + [c for c in tok.children if c.dep_ == "conj"]
    sharing += [g for c in sharing[1:] for g in c.children if g.dep_ == "acl"]  # "and five injured"
    if tok.dep_ == "conj":
        sharing.append(tok.head)
    for c in (c for t in sharing for c in t.children):
        if c.dep_ == "prep" and c.lower_ == "to" and c.head.lemma_.lower() in \
                rules.undergoer_verbs:
            # "two persons fell to police bullets", "succumbed to police bullets"
            out.extend(g for g in c.children if g.dep_ == "pobj"
                       and _noun_key(g) & rules.agent_nouns)
        if c.dep_ in ("prep", "agent") and c.lower_ in rules.cause_preps:
            for g in c.children:
                if g.dep_ == "pobj":
                    out.append(g)
                elif g.dep_ == "pcomp" and g.tag_ == "VBG":
                    out.append(g)  # "in firing" read as a verb
        elif c.dep_ == "prep" and c.lower_ in ("to", "of", "from"):
            # "succumbed to injuries sustained in police firing": through the harm to its act
            for g in c.children:
                if g.dep_ == "pobj" and g.lemma_.lower() in rules.harm_nouns:
                    out.extend(_harm_causes(g, rules))
    return out


def _harm_causes(n: Token, rules: ImpliedRules) -> list[Token]:
    """The acts a noun of harm names as its cause: "injuries in the lathi-charge", "wounds
    sustained in police firing"."""
    out = []
    for c in n.children:
        if c.dep_ == "acl" and c.tag_ == "VBN":  # "sustained", "received", "suffered"
            out.extend(_harm_causes(c, rules))
        elif c.dep_ in ("prep", "agent") and c.lower_ in rules.cause_preps:
            out.extend(g for g in c.children if g.dep_ == "pobj"
                       or (g.dep_ == "pcomp" and g.tag_ == "VBG"))
    return out


def noun_key(n: Token) -> set[str]:
    """The forms a noun of force is listed under: "firing", "fire", "lathi-charge", "air
    strike"."""
    return _noun_key(n)


def _noun_key(n: Token) -> set[str]:
    keys = {n.lower_, n.lemma_.lower()}
    if n.i >= 2 and n.doc[n.i - 1].text == "-":  # "lathi-charge"
        keys.add(f"{n.doc[n.i - 2].lower_}-{n.lower_}")
    if n.i >= 1 and n.doc[n.i - 1].dep_ == "compound":  # "air strike"
        keys.add(f"{n.doc[n.i - 1].lower_} {n.lemma_.lower()}")
    return keys


def _agent_in_noun_phrase(tok: Token, sa: SentenceActors, finder: ActorFinder,
                          rules: ImpliedRules) -> list[Entity]:
    for n in _cause_nouns(tok, rules):
        sides = _sides(n, sa, finder) if n.i != tok.i else []
        if sides:
            return sides
        if not _noun_key(n) & rules.agent_nouns:
            # "in police firing" parsed as "police" with the participle "firing" hanging off
            # it, or off the verb
            nxt = n.doc[n.i + 1] if n.i + 1 < len(n.doc) else None
            if n.pos_ in ("NOUN", "PROPN") and nxt is not None and nxt.tag_ == "VBG" and (
                    nxt.head.i in (n.i, tok.i, n.head.head.i, tok.head.i)
                    or nxt.dep_ == "acl") and _noun_key(nxt) & rules.agent_nouns:
                ents = [e for e in finder.entities(n, sa) if e.sector]
                if ents:
                    return ents
            continue
        for c in n.children:
            if c.dep_ in ("compound", "poss", "amod", "nmod") and c.i < n.i:
                # "police firing", "the army's shelling"; and a state for a death or injury
                # "in an Israeli operation" (the event noun itself has its own actor rules)
                ents = [e for e in finder.entities(c, sa)
                        if e.sector or (n.i != tok.i and e.code != UNKNOWN)]
                if ents:
                    return ents
            by = [c] if c.dep_ in ("prep", "agent") and c.lower_ == "by" else [
                a for a in c.children if a.dep_ == "agent"] if c.dep_ == "acl" else []
            for b in by:  # "firing by the police", "a bullet fired by the police"
                for g in b.children:
                    if g.dep_ == "pobj":
                        ents = [e for e in finder.entities(g, sa) if e.sector]
                        if ents:
                            return ents
    return []


def _sides(n: Token, sa: SentenceActors, finder: ActorFinder) -> list[Entity]:
    """"killed in clashes between US troops and insurgents", "died in fighting that broke out
    between the army and rebels": the two sides the cause names both act (PLOVER codes
    two-sided violence with all participants as actors)."""
    heads = [n] + [c for c in n.children if c.dep_ in ("relcl", "acl")]
    for h in heads:
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ == "between":
                for g in c.children:
                    if g.dep_ == "pobj":
                        ents = [e for e in finder.entities(g, sa, animate_only=False)
                                if e.sector or e.code != UNKNOWN]
                        if len(ents) > 1:
                            return ents
    return []


def _agent_in_clause(tok: Token, ev, sa: SentenceActors, finder: ActorFinder,
                     rules: ImpliedRules) -> list[Entity]:
    """"One person was killed when the police fired 15 rounds": an agentless injury or death
    and, in a "when"/"as" clause of it, an act of force by a named actor."""
    if ev.type != "ASSAULT" or not _agentless(tok) or tok.pos_ in ("NOUN", "PROPN"):
        return []
    for c in tok.children:
        if c.dep_ != "advcl" or not any(m.dep_ in ("mark", "advmod") and m.lower_ in
                                        rules.cause_marks for m in c.children):
            continue
        if c.lemma_.lower() not in rules.force_verbs and c.lower_ not in rules.force_verbs:
            continue
        subj = next((g for g in c.children if g.dep_ == "nsubj"), None)
        if subj is not None:
            ents = [e for e in finder.entities(subj, sa) if e.sector]
            if ents:
                return ents
    return []


def _forces_moved(tok: Token, ev, sa: SentenceActors, finder: ActorFinder,
                  rules: ImpliedRules) -> list[Entity]:
    """"1,200 policemen will be deployed", "troops were rushed to the town": the forces that
    are moved are the actor of their own mobilization (PLOVER codes the state whose forces
    move, and the phrase says which); so is the force whose patrols, vigil or security a
    passive mobilization steps up ("police patrolling was intensified")."""
    # "troops were rushed" moves the forces; "police patrolling was intensified", "security
    # has been beefed up": a mobilization whose subject is a force's presence is that force's
    if not _agentless(tok):
        return []
    moved = tok.lemma_.lower() in rules.moving_verbs or ev.type == "MOBILIZE"
    for c in tok.children:
        if c.dep_ != "nsubjpass":
            continue
        if moved:
            ents = [e for e in finder.entities(c, sa) if e.sector in ("MIL", "COP")]
            if ents:
                return ents
        if ev.type in ("MOBILIZE", "AID") and c.lemma_.lower() in rules.duty_nouns:
            # "police protection has been provided", "heavy police bandobast has been made":
            # the force named with its duty does it
            for m in c.children:
                if m.dep_ in ("compound", "poss", "nmod") and m.i < c.i:
                    ents = [e for e in finder.entities(m, sa) if e.sector in ("MIL", "COP")]
                    if ents:
                        return ents
    return []


def _default_sector(ev, tok: Token, rules: ImpliedRules) -> str | None:
    # the act itself ("were arrested", "curfew was clamped")
    lemmas = {tok.lemma_.lower(), tok.lower_}
    for d in rules.defaults:
        if d.type != ev.type:
            continue
        if d.modes is not None and ev.mode not in d.modes:
            continue
        if d.triggers is not None and not lemmas & d.triggers:
            continue
        if not _agentless(tok):
            return None
        return d.sector
    # the noun of force it hangs on ("injured in the firing")
    for n in _cause_nouns(tok, rules):
        if any(c.lower_ in rules.other_agents for c in n.children if c.i < n.i):
            continue  # "private firing", "cross-firing between two groups"
        for k in _noun_key(n):
            if k in rules.implied_nouns and not any(
                    c.dep_ in ("compound", "poss", "amod", "nmod") and c.i < n.i
                    and c.lower_ not in ("the", "this", "that")
                    and f"{c.lower_}-{n.lower_}" != k for c in n.children
                    if c.pos_ in ("NOUN", "PROPN")):
                if ev.type in ("ASSAULT", "COERCE") and _agentless(tok):
                    return rules.implied_nouns[k]
    return None


def _agentless(tok: Token) -> bool:
    """A passive without "by", a participle ("the arrested workers", "50 people arrested"),
    or an event noun with no owner."""
    if tok.pos_ in ("NOUN", "PROPN"):
        return not any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "by")
                       for c in tok.children)
    if any(c.dep_ == "agent" for c in tok.children):
        return False
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
        return True
    if tok.lemma_.lower() in load_rules().undergoer_verbs:
        return True  # "died in the firing": no agent unless the noun of force names one
    # a noun's participle the tagger took for a past tense ("five Palestinians killed in ...")
    return tok.tag_ == "VBN" and tok.dep_ in ("acl", "amod", "conj", "advcl", "ROOT", "relcl") \
        or tok.tag_ == "VBD" and tok.dep_ == "acl" and reads_as_participle(tok)


def reads_as_participle(tok: Token) -> bool:
    """A noun's "past tense" that reads as a participle ("five Palestinians killed in ..."): no
    object or clause of its own, which a finite verb would have ("the letter apprehended that
    ...")."""
    return not any(c.dep_ in ("dobj", "ccomp", "xcomp", "dative", "nsubj") for c in tok.children)


def _offence_tokens(tok: Token) -> set[int]:
    """The phrases of a charge, trial or sentence that tell the offence ("charged with the
    murder of a civilian in Iraq", "found guilty of torturing Afghans", "charged in a plot
    linked to New York"): where a crime happened and whom it hurt do not say whose courts
    try it. A phrase that names a place or a court ("tried in Jakarta", "before a Baghdad
    court") is kept."""
    out: set[int] = set()
    for c in tok.children:
        if c.dep_ != "prep":
            continue
        objs = [g for g in c.children if g.dep_ == "pobj"]
        if any(g.ent_type_ in ("GPE", "LOC") or g.lemma_.lower() in _COURT_WORDS for g in objs):
            continue
        out.update(t.i for t in c.subtree)
    return out


#: Nouns of the places where people are tried ("in a Baghdad court", "at a court martial").
_COURT_WORDS = {"court", "tribunal", "jury", "trial", "hearing", "court-martial", "martial"}


def _country(sa: SentenceActors, home: str | None, recips: list[Entity],
             borrow: bool = True, skip: set[int] = frozenset()) -> str:
    """The country of an actor the sentence does not give one: the one state the sentence
    names outside the recipient's phrase and outside ``skip`` (the tokens of what the act is
    aimed at), else the one state whose places it names, else the dateline's."""
    from detente import places

    doc = sa.doc
    # a state named inside the recipient's own phrase describes the recipient ("Berlusconi,
    # an ally of Bush in Iraq, was acquitted"; "three Britons were arrested"), not where the
    # act happened; the recipient's country is the last resort below
    inside = [(r.start, r.end) for r in recips if r.end > r.start]
    codes = {m.code for m in sa.mentions if m.kind in ("name", "capital", "adjective")
             and m.code not in (UNKNOWN, "IGO", "NGO", "MNC")
             and not any(s <= doc[m.start].idx < e for s, e in inside)
             and m.start not in skip}
    if len(codes) == 1:
        return codes.pop()
    text = sa.doc.text
    if skip:
        text = "".join(" " * len(t.text_with_ws) if t.i in skip else t.text_with_ws
                       for t in doc)
    place = places.sole_country(text)
    if place is not None:
        return place[0]
    if home:
        return home
    known = {r.code for r in recips if r.code != UNKNOWN}
    return known.pop() if len(known) == 1 and borrow else UNKNOWN


#: Sectors that act in their own country.
_AT_HOME = ("COP", "GOV", "JUD", "LEG")


def _with_country(e: Entity, sa: SentenceActors, home: str | None,
                  partners: list[Entity] = (), skip: set[int] = frozenset()) -> Entity:
    """An actor of unknown country takes the country of the places named. Beside a partner of
    known country ("battles between US troops and militants") it is not taken to be the
    partner's compatriot on that evidence alone: the partner's phrase is left out, and only a
    partner that acts at home (police, a government, courts: "talks between the government and
    rebels") lends its own country when no place names one; an army may be abroad."""
    if e.code != UNKNOWN:
        return e
    known = [p for p in partners if p.code not in (UNKNOWN, "IGO", "NGO", "MNC")]
    if any(p.sector in _AT_HOME for p in known):
        # the places of the sentence first, then the partner's own country, then the dateline
        code = _country(sa, None, known, skip=skip)
        return Entity(code if code != UNKNOWN else _country(sa, home, known, borrow=False,
                                                            skip=skip),
                      e.sector, e.text, e.start, e.end, e.name, e.inferred)
    code = _country(sa, home, known, borrow=not known, skip=skip)
    return Entity(code, e.sector, e.text, e.start, e.end, e.name, e.inferred)


#: Prepositions whose object is what an act is aimed at ("fired on", "an attack against").
AIMED_PREPS = {"on", "against", "at", "into", "onto", "upon", "toward", "towards"}


def target_tokens(trig: Token, actors: list[Entity], doc: Doc) -> set[int]:
    """The tokens of what is acted upon: the objects (and target phrases) of the trigger and of
    the verbs the actor is the subject of, with their conjuncts ("killed the commander ... and
    seized buildings in the former Portuguese colony")."""
    verbs = {trig}
    for a in actors:
        tok = next((t for t in doc if t.idx >= a.start), None)
        while tok is not None and tok.dep_ not in ("nsubj", "ROOT") and tok.head is not tok:
            tok = tok.head
        if tok is not None and tok.dep_ == "nsubj":
            verbs.add(tok.head)
    verbs |= {c for v in list(verbs) for c in v.children if c.dep_ == "conj" and c.pos_ == "VERB"}
    out: set[int] = set()
    for v in verbs:
        for c in v.children:
            if c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ in AIMED_PREPS):
                out.update(t.i for t in c.subtree)
    return out


def foreign_object(trig: Token) -> bool:
    """"seized a foreign tanker": not a domestic event."""
    return any(g.lower_ in ("foreign", "international", "overseas")
               for c in trig.children if c.dep_ in ("dobj", "nsubjpass") for g in c.children)


def domestic(actors: list[Entity]) -> list[Entity]:
    """The recipient of an event that names none: the actor's own state, as the annotation
    guidelines code a government acting on its own citizens ("pledged to eradicate torture",
    "launched an inquiry", "police arrested a man"); none when the actor's state is unknown
    or it is no state."""
    codes = {a.code for a in actors}
    if len(codes) != 1 or codes & {UNKNOWN, "IGO", "NGO", "MNC"}:
        return []
    a = actors[0]
    return [Entity(a.code, None, a.text, a.start, a.end)]


def _domestic_recipients(ev, sa: SentenceActors, home: str | None) -> None:
    """"Police arrested 40 activists": the activists, of no named country, are of the country
    of the police that arrest them."""
    codes = {a.code for a in ev.actors if a.sector in ("COP", "GOV", "JUD")}
    if len(codes) != 1 or UNKNOWN in codes:
        return
    code = codes.pop()
    ev.recipients = [Entity(code, r.sector, r.text, r.start, r.end, r.name, r.inferred)
                     if r.code == UNKNOWN else r for r in ev.recipients]


def _drop_self(ev) -> None:
    """The actor is never also the recipient: "police firing" is not aimed at the police."""
    spans = {(a.start, a.end) for a in ev.actors}
    ev.recipients = [r for r in ev.recipients if (r.start, r.end) not in spans]


def home_country(text: str) -> str | None:
    """The country a document reports from: its dateline place ("ahmedabad: ...", "BAGHDAD
    (Reuters) -"), else the country most of its places belong to, when it is a clear majority."""
    from detente import places

    lower = places.is_lowercase(text)
    head = text.lstrip()[:200]
    for line in head.splitlines():
        line = line.strip()
        if not line or line.lower().startswith("this story is from"):
            continue
        cut = min([i for i in (line.find(":"), line.find(" ("), line.find(","),
                               line.find(" -"), line.find(" \u2014")) if 0 < i <= 40] or [0])
        if cut:
            c = places.countries_in(line[:cut], lower)
            if len(c) == 1:
                return next(iter(c))
        break
    counts = places.countries_in(text, lower)
    if not counts:
        return None
    (code, n), *rest = counts.most_common(2) + [(None, 0)]
    second = rest[0][1]
    return code if n >= 2 and n >= 2 * second else None
