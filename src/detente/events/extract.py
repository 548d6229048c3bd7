"""Dependency rules: from a parsed sentence and its actor mentions to PLOVER events.

How a sentence becomes events:

1. Every verb gets a *sense* (event type and mode) from the lexicon, tried in this order: a
   multi-word verb ("call for", "open fire"), a verb+object frame ("sever ties" is SANCTION,
   "restore ties" SUPPORT), a light verb with an event noun as object ("launched an attack",
   "imposed sanctions", re-typed where the verb changes the act: "signed an agreement" is SUPPORT),
   the verb's own entry. Predicative adjectives ("is willing to") code like verbs.
2. Clause structure decides which senses become events. Reporting verbs ("said", "announced")
   never do; their complement does. Transparent control verbs ("decided to", "plans to") hand their
   subject to the complement. Typed control verbs swallow the complement: "refused to sign" is one
   REJECT, "agreed to withdraw" one AGREE, "urged Japan to withdraw" one REQUEST to Japan, and a
   promise of something hostile ("vowed to retaliate") is a THREATEN.
3. Roles: the subject is the actor (through conjunctions, participles and relative clauses, and
   the "by" phrase of a passive); the direct object, or the object of to/with/against/on/...,
   is the recipient; an object that is not an actor itself may still say whose it is
   ("rejected Israeli proposals" has Israel as recipient). Event nouns used without a light verb
   ("talks between A and B began", "Israeli air strikes on Gaza") take their roles from their
   own modifiers; a meeting or visit in an adjunct of a clause ("said during his visit to
   India", "told the League during a visit to Egypt") is the clause's subject's. Subject
   pronouns stand for the last actor of the discourse.
4. Auxiliary modes: negation ("did not", "failed to"), future ("will", "plans to"), hypothetical
   ("if", "could", "considering"). As PLOVER asks, future cooperation is AGREE and a future retreat
   is CONCEDE rather than a type plus an auxiliary mode.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from detente import places
from detente.actors.resolver import UNKNOWN, ActorFinder, SentenceActors
from detente.events.blasts import blast_events
from detente.events.implied import (domestic, foreign_object, infer_actors, is_lethal, load_rules,
                                    noun_key as implied_noun_key, reads_as_participle,
                                    target_tokens)
from detente.events.lexicon import Lexicon, Sense
from detente.events.where import event_place
from detente.records import Entity

#: Prepositions whose object is a recipient, in order of preference.
_RECIPIENT_PREPS = ("to", "with", "against", "on", "toward", "towards", "at", "into", "upon",
                    "onto", "from", "for", "over", "in", "between", "among", "of")
_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
_HYPO_AUX = {"could", "might", "may", "should", "would", "can"}
_NEG = {"not", "n't", "never", "no", "neither", "nor"}
_COOP_FUTURE_TO_AGREE = {"CONSULT", "SUPPORT", "COOPERATE", "AID"}
_HOSTILE = {"ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE",
            "ASSAULT"}
#: Sectors that make an actor known even without its country: "the police had to open fire".
_FORCES = {"COP", "MIL"}


@dataclass
class RawEvent:
    """An event in sentence coordinates, before dates, enrichment and offset mapping."""

    type: str
    mode: str | None
    trigger_start: int
    trigger_end: int
    trigger_text: str
    actors: list[Entity]
    recipients: list[Entity]
    aux_modes: list[str] = field(default_factory=list)
    confidence: float = 0.8
    token: int = 0
    #: "have not concluded": a state of affairs, not a refusal
    perfect: bool = False
    #: the recipient is the actor's own state only because the text named none
    own_recipient: bool = False


@dataclass
class _Cand:
    tok: Token
    sense: Sense
    via: str  # "verb" | "phrasal" | "frame" | "light" | "noun" | "adj"
    obj: Token | None = None  # the event noun of a light verb


class Extractor:
    def __init__(self, lexicon: Lexicon, finder: ActorFinder):
        self.lex = lexicon
        self.finder = finder
        # Every lemma some lexicon table could answer for, so that the many verbs no table
        # knows ("said", "is") are passed over before their objects are read. A frame verb
        # may be "lemma particle": its first words count too.
        frame_verbs = {v for fr in lexicon.frames for v in fr.verbs}
        prefixes = {v[:i] for v in frame_verbs for i, ch in enumerate(v) if ch == " "}
        pattern_verbs = set(lexicon.patterns.verbs) if lexicon.patterns is not None else set()
        self._frame_verbs = frozenset(frame_verbs | prefixes)
        self._verb_keys = frozenset(frame_verbs | prefixes | set(lexicon.phrasal) |
                                    set(lexicon.light_verbs) | set(lexicon.transitive) |
                                    set(lexicon.verbs) | pattern_verbs |
                                    {k.split()[0] for k in lexicon.armed_subject} |
                                    {k.split()[0] for k in lexicon.undergo})
        # Every word of every noun entry (split at spaces and hyphens): a noun none of whose
        # own forms is such a word has no key in the table (see ``noun_sense``).
        self._noun_words = frozenset(w for k in lexicon.nouns for w in _SEP.split(k) if w)

    # ---- senses --------------------------------------------------------------------------

    def _objects(self, tok: Token) -> list[Token]:
        objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd",
                                                      "dative", "iobj")]
        objs += [g for o in objs for g in o.children if g.dep_ == "conj"]  # "air and artillery strikes"
        for c in tok.children:
            if c.dep_ in ("prep", "agent", "dative"):
                objs.extend(g for g in c.children if g.dep_ == "pobj")
            if c.dep_ == "prt":
                objs.extend(g for g in c.children if g.dep_ == "pobj")
        return objs

    @staticmethod
    def _noun_keys(n: Token) -> list[str]:
        """Ways to look a noun up: "air strikes", "strike", "strikes", with modifiers first."""
        keys = []
        if n.i >= 2 and n.doc[n.i - 1].text == "-" and not n.doc[n.i - 1].whitespace_:
            keys.append(f"{n.doc[n.i - 2].lower_}-{n.lower_}")  # "cease-fire" is no fire
        mods = [c for c in n.children if c.dep_ in ("compound", "amod") and c.i < n.i]
        if mods:
            first = min(m.i for m in mods)
            phrase = n.doc[first:n.i + 1]
            keys.append(" ".join(t.lower_ for t in phrase))
            keys.append(" ".join([t.lower_ for t in phrase[:-1]] + [n.lemma_.lower()]))
            last = mods[-1] if mods[-1].i == n.i - 1 else None
            if last is not None:
                keys.append(f"{last.lower_} {n.lower_}")
                keys.append(f"{last.lower_} {n.lemma_.lower()}")
        for c in n.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for g in c.children:
                    if g.dep_ == "pobj":
                        keys.insert(0, f"{n.lower_} of {g.lower_}")
        if n.lemma_.lower() in _ATTEMPT_HEADS:  # "an assassination bid" is an attack tried
            keys += [c.lower_ for c in n.children if c.dep_ == "compound" and c.i == n.i - 1]
        keys += [n.lower_, n.lemma_.lower()]
        if n.pos_ == "PROPN" and n.lower_.endswith("s"):
            keys.append(n.lower_[:-1])  # "the Camp David Accords": proper nouns keep their plural
        if n.lemma_.lower() in _GENERIC_HEADS:  # "a mediation effort", "a peace mission"
            for c in n.children:
                if c.dep_ == "compound" and c.i == n.i - 1:
                    keys += [c.lower_, c.lemma_.lower()]
        return keys

    def noun_sense(self, n: Token, standalone: bool = False) -> Sense | None:
        if n.pos_ not in ("NOUN", "PROPN"):
            return None
        if standalone and (n.pos_ != "NOUN" or n.lemma_.lower() in self.lex.object_only):
            return None
        if not self._may_name_event(n):
            return None
        for k in self._noun_keys(n):
            s = self.lex.nouns.get(k)
            if s is not None:
                if standalone and k in self.lex.object_only:
                    return None
                return s
        return None

    def _may_name_event(self, n: Token) -> bool:
        """Whether any key of ``_noun_keys(n)`` can be in the noun table. Every key but the
        generic heads' modifiers joins the noun's own form, lemma or proper-noun singular to
        other words with spaces or hyphens, so the words of that form must all be words of
        some entry; this test is exact, and it spares building the keys of most nouns."""
        low, lemma = n.lower_, n.lemma_.lower()
        if lemma in _GENERIC_HEADS:
            return True
        forms = [low, lemma]
        if n.pos_ == "PROPN" and low.endswith("s"):
            forms.append(low[:-1])
        words = self._noun_words
        for f in forms:
            if f in words:
                return True
            if " " in f or "-" in f:
                parts = [w for w in _SEP.split(f) if w]
                if not parts or any(w in words for w in parts):
                    return True
            elif not f:
                return True  # no words at all: let the keys decide
        return False

    def verb_sense(self, tok: Token) -> _Cand | None:
        for lemma in _lemmas(tok):
            c = self._verb_sense(tok, lemma)
            if c is not None:
                return c
        return None

    def _verb_sense(self, tok: Token, lemma: str) -> _Cand | None:
        if lemma not in self._verb_keys:
            return None  # no frame, phrasal verb, light verb, verb entry or pattern has it
        # each table is asked in turn, and what it needs is read from the parse only when
        # the lemma is in it
        objs = self._objects(tok)
        if lemma in self._frame_verbs:  # a frame verb, or the first words of one
            direct = [o for o in objs if o.dep_ != "pobj"]
            keys: set[str] = set()
            for o in direct:
                keys.update(self._noun_keys(o))
                keys.update(c.lower_ for c in o.children if c.dep_ == "compound")  # "curfew hours"
                m = _through_measure(o, also=_THROUGH)
                if m is not o:
                    keys.update(self._noun_keys(m))
            pkeys = set(keys)
            # a preposition's object completes the frame only for a verb with no direct object
            # of its own ("withdrew from the talks"; "opened fire on a convoy" opens no
            # convoy), or as what the object is made or done with ("held civilians as human
            # shields", "charged the mob with lathis"); "lost their lives in police firing"
            # has no object but an idiom's
            own = [o for o in direct if o.lemma_.lower() != "life"]
            for o in objs:
                if o.dep_ == "pobj" and (not own or o.head.lower_ in ("as", "with")):
                    pkeys.update(self._noun_keys(o))
            prts = [c.lower_ for c in tok.children if c.dep_ in ("prt", "prep")]
            for ks in (keys, pkeys):
                for vl in [f"{lemma} {p}" for p in prts] + [lemma]:
                    fr = self.lex.frame_for(vl, ks)
                    if fr is not None:
                        return _Cand(tok, fr, "frame")
        sense = self._phrasal(tok, lemma)
        if sense is not None:
            return _Cand(tok, sense, "phrasal")
        if lemma in self.lex.undergo or any(f"{lemma} {c.lower_}" in self.lex.undergo
                                            for c in tok.children if c.dep_ == "prep"):
            for o in objs:
                keyed = o.dep_ == "dobj" and lemma in self.lex.undergo or o.dep_ == "pobj" and \
                    f"{lemma} {o.head.lower_}" in self.lex.undergo
                s = self.noun_sense(o) if keyed else None
                if s is not None and s.type in _UNDERGONE:
                    return _Cand(tok, s, "undergo", o)
        if lemma in self.lex.light_verbs:
            for o in objs:
                if o.dep_ not in ("dobj", "nsubjpass", "attr", "pobj"):
                    continue
                if o.dep_ == "pobj" and o.head.lower_ == "with" and lemma in (
                        "respond", "react", "retaliate", "answer"):
                    pass  # "responded with a massive airlift", "retaliated with air strikes"
                elif o.dep_ == "pobj" and o.head.lower_ == "with" and lemma in _GO_ON and any(
                        c.lower_ in ("ahead", "on", "forward") for c in tok.children
                        if c.dep_ in ("advmod", "prt")):
                    # "pressed ahead with its offensive", "pushed on with talks": the act goes
                    # on (no demand, whatever "press" alone would make of it)
                    s = self.noun_sense(_through_measure(o))
                    return _Cand(tok, s, "light", o) if s is not None else None
                elif o.dep_ == "pobj" and o.head.lower_ not in ("for", "to", "under", "into") and not (
                        o.head.lower_ == "in" and lemma in ("engage", "involve", "participate",
                                                            "join", "take")) and not (
                        o.head.lower_ == "with" and lemma in ("provide", "supply", "equip",
                                                              "furnish", "arm")):
                    continue  # "provided Egypt with $50 billion in assistance" takes "with"
                o = _through_measure(o)
                s = self.noun_sense(o)
                if s is not None:
                    return _Cand(tok, self.lex.retype_light(lemma, s), "light", o)
        if lemma in self.lex.transitive:
            sense, proper = self.lex.transitive[lemma]
            if any(o.dep_ in ("dobj", "nsubjpass") and (not proper or o.pos_ == "PROPN")
                   for o in objs):
                return _Cand(tok, sense, "verb")  # "returned the paintings", "called Erdogan"
        armed = self._armed_sense(tok, lemma)
        if armed is not None:
            return armed  # "police fired", "policemen were on duty"
        s = self.lex.verbs.get(lemma)
        if s is not None:
            if s.type == "MOBILIZE" and s.mode != "police" and objs and not any(
                    o.i in self._military for o in objs) and not (
                    s.mode == "weapons" and lemma.startswith("test")):  # "test-launched a missile"
                return None  # "mobilized pressure groups" is not a mobilization of force
            return _Cand(tok, s, "verb")
        if self.lex.patterns is not None:  # PETRARCH-2's CAMEO patterns, after the hand lexicon
            hit = self.lex.patterns.match(tok, lemma)
            if hit is not None:
                return _Cand(tok, hit[0], "frame" if hit[1] is not None else "verb")
        return None

    def _phrasal(self, tok: Token, lemma: str) -> Sense | None:
        """The sense of a verb with its particle, preposition or object ("open fire", "call
        for", "rule out"), if the lexicon has one that the parse completes."""
        if lemma not in self.lex.phrasal:
            return None
        kids = {c.lower_ for c in tok.children if c.dep_ in (
            "prt", "prep", "dobj", "acomp", "advmod", "compound:prt", "attr", "oprd", "ccomp")
                and not _temporal(c)}  # "called Morrison on Wednesday" is no "call on"
        for c in tok.children:
            if c.dep_ in ("prep", "prt", "dobj"):
                kids |= {g.lower_ for g in c.children if g.dep_ in ("pobj", "prep", "amod",
                                                                    "pcomp")}
        if _for_to(tok) is not None:
            kids.add("for")  # "called for their followers to boycott": "for" opens a clause
        for rest, sense in self.lex.phrasal[lemma]:
            if all(w in kids for w in rest):
                return sense
        return None

    def _armed_sense(self, tok: Token, lemma: str) -> _Cand | None:
        """A verb (or "be" + preposition phrase, or an adjective) that codes only with an armed
        force as its subject: "police fired", "17 policemen were on duty", "the police was
        present"."""
        if not self.lex.armed_subject:
            return None
        keys = [lemma] + [f"{lemma} {c.lower_} {g.lower_}" for c in tok.children
                          if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        keys += [f"{lemma} {c.lower_}" for c in tok.children if c.dep_ == "dobj"]
        sense = next((self.lex.armed_subject[k] for k in keys if k in self.lex.armed_subject),
                     None)
        if sense is None:
            return None
        if sense.type == "MOBILIZE" and any(c.dep_ == "xcomp" for c in tok.children):
            return None  # "the army moved to crush the protest": the complement is the act
        if tok.tag_ == "VBG" and not any(c.dep_ == "aux" for c in tok.children) and not (
                tok.dep_ in ("advcl", "conj") and tok.head.pos_ in ("VERB", "AUX")):
            # "police firing" is the noun of force, read as such elsewhere; "left their base,
            # heading north" is a clause of the forces' own
            return None
        subj = _subject(tok)
        if tok.pos_ == "ADJ" and tok.dep_ == "acomp":
            subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        military = getattr(self, "_military", ())
        if subj is not None and subj.i not in military:
            # "a column of Israeli tanks surged", "hundreds of troops moved": a measure of
            # forces; "an Israeli army tank crew fired": a crew or unit of a force
            subj = next((g for c in subj.children if c.dep_ == "prep" and c.lower_ == "of"
                         for g in c.children if g.dep_ == "pobj" and g.i in military), None) \
                or next((c for c in subj.children if c.dep_ == "compound"
                         and c.i in military), subj)
        if subj is None or subj.i not in military:
            return None
        return _Cand(tok, sense, "verb")

    # ---- main ----------------------------------------------------------------------------

    def extract(self, doc: Doc, sa: SentenceActors, memory: list[Entity],
                home: str | None = None) -> list[RawEvent]:
        """``home``: the country the document reports from, for actors the sentence implies."""
        self._military = {i for i, (_, code) in sa.sectors.items() if code in ("MIL", "COP", "REB")}
        for tok in doc:
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ == "PRON" and tok.lower_ in (
                    "they", "we", "it", "he") and any(
                    e.sector in ("MIL", "COP", "REB") for e in self._np_entities(tok, sa, memory)):
                # "the police reached the spot. they fired in the air", "'we fired in
                # self-defence,' a police officer said": a pronoun that stands for an armed
                # force is one, for the verbs that code only with such a subject
                self._military.add(tok.i)
        cands: dict[int, _Cand] = {}
        for tok in doc:
            if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB") or _noun_as_verb(tok):
                if tok.lemma_.lower() in ("be", "have") and tok.dep_ == "aux":
                    continue
                c = self.verb_sense(tok)
                if tok.dep_ in ("amod", "compound", "nmod") and not (
                        c is not None and tok.dep_ == "amod" and tok.tag_ == "VBN"
                        and c.sense.type == "COERCE" and c.sense.mode == "arrest"):
                    # "proposed changes", "the ruling party": modifiers, not acts; but "the
                    # arrested workers" tells of an arrest as plainly as "workers arrested"
                    continue
                if c is not None and c.sense.type == "ASSAULT" and self._figurative(tok):
                    continue
                if c is not None and self._media_release(tok):
                    continue  # "police released a photo of the truck"
                if c is not None:
                    cands[tok.i] = c
            elif tok.pos_ == "ADJ":
                t = self.lex.adjectives.get(tok.lower_)
                if tok.lower_.endswith("ed") and any(
                        c.dep_ in ("auxpass", "nsubjpass") for c in tok.children):
                    # a passive participle the tagger took for an adjective ("a mob was
                    # lathi-charged", "the crowd was teargassed"): the passive is the verb's
                    c = self.verb_sense(tok)
                    if c is not None:
                        cands[tok.i] = c
                        continue
                if t and any(c.dep_ in ("xcomp", "prep") for c in tok.children):
                    cands[tok.i] = _Cand(tok, Sense(t, None), "adj")
                elif tok.dep_ == "acomp":
                    c = self._armed_sense(tok, tok.lower_)  # "the police was present"
                    if c is not None:
                        cands[tok.i] = c
        # nouns consumed by light verbs / frames are not separate events
        consumed = {c.obj.i for c in cands.values() if c.obj is not None}
        for c in list(cands.values()):
            if c.via in ("frame", "phrasal"):
                consumed.update(o.i for o in self._objects(c.tok))
        events: list[RawEvent] = []
        suppressed: set[int] = set()
        # control structures: typed controllers swallow complements; transparent ones hand over
        inherited: dict[int, tuple[Token, list[str]]] = {}
        for i, c in sorted(cands.items()):
            tok = c.tok
            lemma = tok.lemma_.lower()
            comp = _complement(tok, finite=lemma in self.lex.typed_control)
            if comp is None:
                continue
            if c.via == "adj" or lemma in self.lex.typed_control:
                ccand = cands.get(comp.i)
                if ccand is not None and lemma in _COMPELLED and any(
                        g.dep_ in ("nsubjpass", "auxpass") for g in tok.children):
                    # "the police were forced to open fire": the act is the police's, and
                    # being forced is its circumstance, not another event
                    suppressed.add(i)
                    continue
                if (lemma in self.lex.hostile_promise or tok.lower_ in self.lex.hostile_promise) \
                        and ccand is not None \
                        and ccand.sense.type in _HOSTILE:
                    cands[i] = _Cand(tok, Sense("THREATEN", None), c.via)
                elif lemma in self.lex.invitation and comp.pos_ in ("VERB", "AUX") and not any(
                        g.dep_ == "neg" for g in tok.children) and (
                        ccand is None or ccand.sense.type not in ("CONSULT", "AGREE")):
                    # "invited the rebels to shun violence" asks for an act: REQUEST; an
                    # invitation to visit or to talks stays AGREE (PLOVER manual)
                    cands[i] = _Cand(tok, Sense("REQUEST", None), c.via)
                if ccand is not None:
                    suppressed.add(comp.i)
        lemmas = [t.lemma_.lower() for t in doc]
        suppressed |= self._prevented(doc, lemmas)
        for tok in doc:
            lemma = lemmas[tok.i]
            if lemma in self.lex.control_verbs and (tok.i not in cands or
                                                    cands[tok.i].via in ("verb",)):
                comp = _complement(tok)
                if comp is not None and comp.i in cands and comp.i not in suppressed:
                    aux = self.lex.control_verbs.get(lemma)
                    inherited[comp.i] = (tok, [aux] if aux else [])
                    cands.pop(tok.i, None)
        for i, c in sorted(cands.items()):
            if i in suppressed:
                continue
            tok = c.tok
            lemma = tok.lemma_.lower()
            if lemma in self.lex.reporting and c.via == "verb":
                continue
            ev = self._verb_event(c, sa, memory, inherited, cands)
            if ev is not None:
                events.append(ev)
        # event nouns standing on their own
        for tok in doc:
            if tok.i in consumed or tok.i in cands:
                continue
            s = self.noun_sense(tok, standalone=True)
            standalone = s is not None
            if s is None or not self._noun_is_event(tok, cands):
                # in any other position, a nominal event that names both parties in its own
                # phrase still reports one: "Polish uprisings against Prussian rule", "marked
                # by Israeli air strikes on Gaza", "culminated in the war between A and B" (a
                # noun too vague to stand alone, "war", is one when it names its parties)
                s = s or self.noun_sense(tok)
                if s is None or tok.dep_ in ("nsubj", "nsubjpass") and tok.head.i in cands:
                    continue
                ev = self._noun_event(tok, s, sa, memory, own_phrase=True)
                if ev is None and s.type in _ACTS_OF_FORCE and standalone and \
                        self._struck(tok, sa) and not self._told_by_verb(tok, cands):
                    # "a video showing the killings of two hostages", "after an attack on
                    # the oil ministry": an act of force that names whom it struck happened,
                    # whoever did it
                    ev = self._noun_event(tok, s, sa, memory)
                if ev is not None:
                    events.append(ev)
                continue
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.i in cands:
                continue  # "air strikes killed ...": the verb carries the event
            ev = self._noun_event(tok, s, sa, memory)
            if ev is not None:
                events.append(ev)
        # reporting verb + "must"/"should" clause with another subject: a demand; + a clause
        # that blames another ("said the war was illegal"): an accusation
        for tok in doc:
            if lemmas[tok.i] in self.lex.reporting or lemmas[tok.i] in (
                    "insist", "reiterate", "stress", "say"):
                ev = self._modal_demand(tok, sa, memory, cands) or self._reported_blame(
                    tok, sa, memory)
                if ev is not None:
                    events.append(ev)
        events += self._tolls(doc, sa, events)
        infer_actors(events, doc, sa, self.finder, home)  # "were arrested": by the police
        merged = _shared_target(events, doc)
        events = [e for e in events if e.token not in merged]
        heads = {e.token for e in events} | suppressed
        drop = _content_clauses(doc, events) | _noun_contents(doc, self.lex.content_nouns) | \
            _embedded(doc, events, suppressed, set(cands), self.lex.adjunct_types)
        # "release the arrested ram sevaks": the arrest the participle presupposes happened,
        # whatever the clause around it asks or intends
        drop -= {e.token for e in events if _presupposed(doc[e.token], e)}
        drop |= {e.token for e in events if self._nature_acts(doc, e) or self._warns_of_nature(
            doc[e.token], e, sa) or (
            e.type == "ASSAULT" and self._natural(doc[e.token], e))}
        _lethal_detail(events, doc, heads)
        events = [e for e in events if e.token not in drop and self._keep(e, doc, heads)]
        # "a bomb ripped through ...", "rockets slammed into ..." (no criticism: the weapon's)
        blasts = blast_events(self, doc, sa, memory, events)
        events = [e for e in events if e.token not in {b.token for b in blasts}] + blasts
        # an event is an act of a political actor: a sentence whose participants are all
        # unknown ("residents were evacuated", "Chicago beat the Expos") holds none
        events = [e for e in events if _coded(e)]
        if events and self._off_topic(doc, sa, lemmas):
            return []
        return _dedupe(self._negated_cooperation(events))

    def _tolls(self, doc: Doc, sa: SentenceActors, events: list[RawEvent]) -> list[RawEvent]:
        """Deaths counted against the force that caused them: "the toll in police firing rose
        to 40", "the number of deaths in police firing", "the dead in army shelling". An
        attack on the noun of death; its agent is read from the noun of force as for "killed
        in police firing" (:mod:`detente.events.implied`)."""
        rules = load_rules()
        force = rules.agent_nouns | set(rules.implied_nouns)
        have = {e.token for e in events}
        out = []
        for n in doc:
            if n.i in have or n.lemma_.lower() not in rules.toll_nouns or n.pos_ != "NOUN":
                continue
            for p in n.children:
                if p.dep_ != "prep" or p.lower_ not in rules.cause_preps:
                    continue
                for g in p.children:
                    nxt = doc[g.i + 1] if g.i + 1 < len(doc) else None
                    if g.dep_ == "pobj" and (implied_noun_key(g) & force or (
                            nxt is not None and nxt.tag_ == "VBG" and nxt.lower_ in force)):
                        aux = self._aux_modes(n.head) if n.dep_ in ("nsubj", "nsubjpass") \
                            else []
                        ev = self._finish(Sense("ASSAULT", None), n, n, [], [], aux, sa, "noun")
                        if ev is not None:
                            out.append(ev)
                            have.add(n.i)
        return out

    def _prevented(self, doc: Doc, lemmas: list[str]) -> set[int]:
        """Acts that a verb of prevention stopped: the clause of its object ("foiled an
        attempt to burn the shops", "thwarted a bid to storm the station") or after its
        "from" ("prevented the mob from torching the houses") tells of nothing that happened."""
        out: set[int] = set()
        for tok in doc:
            if lemmas[tok.i] not in self.lex.prevention or tok.pos_ not in ("VERB", "AUX"):
                continue
            for c in tok.children:
                if c.dep_ in ("dobj", "nsubjpass"):
                    out.update(g.i for g in c.children if g.dep_ == "acl" and g.pos_ == "VERB")
                elif c.dep_ == "prep" and c.lower_ == "from":
                    out.update(g.i for g in c.children if g.dep_ == "pcomp")
        return out

    def _media_release(self, tok: Token) -> bool:
        """A verb of release whose object is news, not a captive (``media_release``)."""
        if tok.lemma_.lower() not in self.lex.media_verbs:
            return False
        objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        return any(o.lemma_.lower() in self.lex.media_objects for o in objs)

    def _figurative(self, tok: Token) -> bool:
        """A verb of fighting used of a cause (``figurative_attack``): with a clause of purpose
        in place of a foe ("fighting to maintain his credibility"), or with a cause as its
        object ("fight corruption", "hit a new low", "battle against poverty")."""
        if tok.lemma_.lower() not in self.lex.figurative_verbs:
            return False
        if any(c.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to"
                                         for g in c.children) for c in tok.children):
            return True
        objs = [c for c in tok.children if c.dep_ == "dobj"]
        objs += [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("against", "for")
                 for g in c.children if g.dep_ == "pobj"]
        if not objs:
            return False
        words = {o.lemma_.lower() for o in objs} | {
            f"{c.lemma_.lower()} {o.lemma_.lower()}" for o in objs for c in o.children
            if c.dep_ == "compound"}
        return bool(words & self.lex.figurative_objects)

    def _off_topic(self, doc: Doc, sa: SentenceActors, lemmas: list[str]) -> bool:
        """A sentence of sports or market news (two or more words of one domain in
        ``off_topic``) with no government, military or police actor named in it."""
        if any(sec in _OFFICIAL for _, sec in sa.sectors.values()) or any(
                m.sector in _OFFICIAL for m in sa.mentions):
            return False
        present = _with_pairs(lemmas) | _with_pairs([t.lower_ for t in doc])
        score = 1 if _SCORE.search(doc.text) else 0
        for domain, cues in self.lex.off_topic.items():
            hits = len(cues & present) + (score if domain == "sports" else 0)
            if hits >= 2:
                return True
        return False

    def _nature_acts(self, doc: Doc, ev: RawEvent) -> bool:
        """The actor is a force of nature or an accident ("Tropical Storm Jeanne", "the
        floods"): it threatens, kills and destroys, but no political actor does anything."""
        for a in ev.actors:
            if a.end <= a.start:
                continue
            span = [t for t in doc if a.start <= t.idx < a.end]
            heads = [t for t in span if not (a.start <= t.head.idx < a.end) or t.head.i == t.i]
            if not heads:
                continue
            # the head noun and its modifiers, not a clause about it ("the Shah, suffering
            # from terminal cancer, requested ...")
            if self._names_non_agent(heads[0], ("compound", "amod", "nmod")):
                return True
        return False

    def _names_non_agent(self, head: Token, mods: tuple[str, ...]) -> bool:
        """Whether the noun ``head``, with its modifiers of the ``mods`` relations, names a
        cause that is no actor (``non_agents``: "Tropical Storm", "aftershocks")."""
        words = [t.lemma_.lower() for t in head.lefts if t.dep_ in mods]
        return bool(self.lex.non_agents & _with_pairs(words + [head.lemma_.lower()]))

    def _warns_of_nature(self, trig: Token, ev: RawEvent, sa: SentenceActors) -> bool:
        """A warning that threatens no one. Of what nature will do ("warned of possible
        aftershocks", "warned that climate change could bring storms"): no actor stands behind
        it. And a warning addressed to no one about how things are ("freedoms are being eroded,
        the commissioner warns", "warned that the prime minister risks being assassinated"):
        a threat announces an act to come, so a warning whose clause tells no future or
        possible act, or no act of any actor ("warned that high oil prices would damage
        exports"), is none; the passive "the UN has been warned" names no one who warns."""
        if ev.type != "THREATEN" or trig.lemma_.lower() not in ("warn", "caution"):
            return False
        if any(c.dep_ == "auxpass" for c in trig.children) and not any(
                c.dep_ == "agent" for c in trig.children):
            return True
        heads = [g for c in trig.children if c.dep_ == "prep" and c.lower_ in ("of", "about")
                 for g in c.children if g.dep_ == "pobj"]
        heads += [g for c in trig.children if c.dep_ == "ccomp"
                  for g in c.children if g.dep_ in ("nsubj", "nsubjpass")]
        if any(self._names_non_agent(h, ("compound", "amod")) for h in heads):
            return True
        if any(c.dep_ in ("dobj", "dative", "iobj") for c in trig.children):
            return False  # "warned Sudan that ...": addressed to someone
        clause = next((c for c in trig.children if c.dep_ == "ccomp"), None)
        if clause is None and trig.dep_ in ("ccomp", "parataxis") and trig.head.i < trig.i:
            clause = trig.head  # "..., the rights group warns"
        if clause is None:
            return False
        modal = any(c.dep_ == "aux" and (c.lower_ in _FUTURE_AUX | _HYPO_AUX | {"must"}
                                              or c.lemma_ == "will")
                    or c.dep_ == "xcomp" and c.lemma_ == "go" for c in clause.children)
        if not modal:
            return True
        subj = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.pos_ == "PRON":
            return False
        heads = [subj] + [c for c in subj.children if c.dep_ == "conj"]
        return not any(t.i in sa.by_token or t.i in sa.sectors or t.ent_type_ in (
            "GPE", "NORP", "ORG", "PERSON") for t in heads)

    def _natural(self, trig: Token, ev: RawEvent) -> bool:
        """An attack without a known actor whose clause names a cause that is no actor: "Tropical
        Storm Jeanne killed 250 people", "were killed in a bus accident"."""
        t = trig
        while t.dep_ in ("advcl", "conj") and t.head.i != t.i:
            t = t.head
            if t.lemma_.lower() in self.lex.non_agents:
                return True  # "a plane crashed into a lake, killing 53": whoever flew it
        if any(a.code != UNKNOWN and not a.inferred for a in ev.actors):
            return False
        clause = list(trig.subtree)
        if trig.dep_ == "acl":  # "a gas explosion killed ...", parsed as a noun phrase
            clause += list(trig.head.subtree)
        t = trig
        while t.dep_ in ("advcl", "conj") and t.head.i != t.i:
            # "an earthquake rocked Bali, killing one": the clause it is the result of
            t = t.head
            clause += [t] + [w for c in t.children if c.dep_ in ("nsubj", "nsubjpass")
                             for w in c.subtree]
        return bool(self.lex.non_agents & _with_pairs([t.lemma_.lower() for t in clause]))

    @staticmethod
    def _negated_cooperation(events: list[RawEvent]) -> list[RawEvent]:
        """"Syria will not accept more refugees", "failed to reach agreement": a cooperative
        act that is refused is a REJECT (PLOVER codes the refusal, not a negated offer)."""
        out = []
        for e in events:
            if "negation" in e.aux_modes and e.type in _COOPERATIVE and not e.perfect:
                e = RawEvent("REJECT", None, e.trigger_start, e.trigger_end, e.trigger_text,
                             e.actors, e.recipients,
                             [a for a in e.aux_modes if a not in ("negation", "future")],
                             e.confidence, e.token)
            out.append(e)
        return out

    @staticmethod
    def _keep(ev: RawEvent, doc: Doc, heads: set[int]) -> bool:
        """Events in subordinate clauses count only with a known actor: "a curfew in the
        province where 28 people have been killed" says nothing about who killed them."""
        tok = doc[ev.token]
        coded = any(a.code != UNKNOWN or a.sector in _FORCES for a in ev.actors)
        if coded:
            # purpose clauses are intentions, not acts: "met to discuss", "mobilized ... to help"
            if tok.dep_ == "advcl" and tok.head.i in heads and (
                    any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
                    or tok.tag_ in ("VBG", "VBN")):
                return False  # "rioted, setting fire to ...": detail of the main event
            return True
        if ev.type == "ASSAULT" and tok.dep_ in ("relcl", "acl") and any(
                r.code != UNKNOWN and r.start <= tok.head.idx < r.end for r in ev.recipients):
            return True  # "a Briton who was shot dead ...", "a Turkish engineer abducted by ...":
            # the victim the sentence is about, told in the clause that describes them
        if ev.type in _ACTS_OF_FORCE and tok.pos_ == "NOUN" and _names_struck(tok, ev):
            return True  # "a video showing the killings of two Turks": the act names its victim
        t = tok
        for _ in range(8):
            if _is_main(t):
                return True
            if t.dep_ in ("conj", "acomp", "xcomp") or (
                    t.dep_ == "ccomp" and t.head.lemma_.lower() in _SAY) or (
                    t.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to"
                                              for c in t.children)) or (
                    # "a car bomb exploded ..., killing six": a participle of result carries
                    # the event when the clause it hangs on reports none of its own
                    t.dep_ == "advcl" and t.tag_ == "VBG" and t.head.i not in heads):
                t = t.head
                continue
            break
        return _is_main(t)

    # ---- verb events ---------------------------------------------------------------------

    def _verb_event(self, c: _Cand, sa: SentenceActors, memory, inherited, cands
                    ) -> RawEvent | None:
        tok = c.tok
        sense = c.sense
        aux: list[str] = []
        ctrl = inherited.get(tok.i)
        subj_src = tok
        if ctrl is not None:
            aux += ctrl[1]
            subj_src = ctrl[0]
        if sense.type == "ASSAULT" and tok.lemma_.lower() in self.lex.verbal_verbs and any(
                o.dep_ == "dobj" and o.lemma_.lower() in self.lex.verbal_objects
                for o in tok.children):
            sense = Sense("ACCUSE", None)  # "attacked Bush's handling of the war": in words
        actors, recips = self._roles(tok, subj_src, sa, memory, etype=sense.type)
        if c.via == "undergo":
            # "Omar Abdullah survived an assassination bid", "their convoy came under fire":
            # the subject is the target; the attacker, if named, is in the noun's phrase
            actors, recips = self._noun_agents(c.obj, sa), actors
        elif sense.type == "ASSAULT" and tok.lemma_.lower() in load_rules().undergoer_verbs:
            # "three persons died in police firing": the subject is who was hit; the agent,
            # if any, is in the noun of force (events/implied.py)
            actors, recips = [], actors
        comp = _complement(tok, finite=tok.lemma_.lower() in self.lex.typed_control)
        if comp is not None and (c.via == "adj" or tok.lemma_.lower() in self.lex.typed_control):
            # recipient of "urged Japan to ..." is Japan; of "agreed to give aid to X" is X
            if not recips and comp.dep_ in ("ccomp", "advcl") and sense.type in (
                    "REQUEST", "THREATEN", "ACCUSE"):
                csubj = _subject(comp)
                if csubj is not None and csubj.i != tok.i:
                    recips = [r for r in self._np_entities(csubj, sa, memory, animate_only=False)
                              if not _same(r, actors)]
            if not recips:
                ccand = cands.get(comp.i)
                _, recips = self._roles(comp, tok, sa, memory, subject=False,
                                        etype=ccand.sense.type if ccand else None)
        if c.via == "light" and c.obj is not None and not recips:
            recips = self._np_recipients(c.obj, sa, actors)
            if not recips and sense.type in ("REQUEST", "THREATEN", "ACCUSE"):
                # "reiterated its demand that Israel ease restrictions": Israel
                for cl in c.obj.children:
                    if cl.dep_ in ("acl", "ccomp", "relcl"):
                        csubj = _subject(cl)
                        if csubj is not None and csubj.i != c.obj.i:
                            recips = [r for r in self._np_entities(csubj, sa, memory, False)
                                      if not _same(r, actors)]
                            break
        aux += self._aux_modes(tok)
        if ctrl is not None:
            aux += [a for a in self._aux_modes(ctrl[0]) if a not in aux]
        trig_tok = tok
        end_tok = c.obj if c.via == "light" and c.obj is not None and c.obj.i - tok.i <= 4 \
            and c.obj.i > tok.i else tok
        if c.via in ("phrasal", "verb"):  # the trigger is the whole phrase: "shot dead"
            rest = {w for r, _ in self.lex.phrasal.get(tok.lemma_.lower(), ()) for w in r}
            while end_tok.i + 1 < len(tok.doc) and end_tok.i - tok.i < 3 and \
                    tok.doc[end_tok.i + 1].lower_ in rest:
                end_tok = tok.doc[end_tok.i + 1]
            if c.via == "phrasal":
                # "left two persons dead", "shot him dead": the phrase's last word, a few
                # words on, is part of what the trigger says
                far = [g for g in tok.children if g.lower_ in rest and
                       end_tok.i < g.i <= tok.i + 4 and g.dep_ in ("oprd", "acomp", "prt")]
                if far:
                    end_tok = far[-1]
        if c.via == "frame" and sense.type == "ASSAULT":
            # "resulted in the death", "claimed two lives": the object that says the force
            # killed, a few words on, is part of the trigger
            lethal = [o for o in self._objects(tok) if tok.i < o.i <= tok.i + 4
                      and is_lethal(o.lower_)]
            if lethal:
                end_tok = lethal[0]
        return self._finish(sense, trig_tok, end_tok, actors, recips, aux, sa, c.via)

    def _roles(self, tok: Token, subj_src: Token, sa: SentenceActors, memory,
               subject: bool = True, etype: str | None = None
               ) -> tuple[list[Entity], list[Entity]]:
        actors: list[Entity] = []
        recips: list[Entity] = []
        passive = any(ch.dep_ in ("nsubjpass", "auxpass") for ch in tok.children)
        has_agent = any(ch.dep_ == "agent" for ch in tok.children)
        if passive and not has_agent and (tok.lower_ in self.lex.adjectives or
                        tok.lemma_.lower() in self.lex.typed_control | set(self.lex.adjectives) | {
                "commit", "determine", "prepare", "resolve", "dispose", "engage", "involve"}):
            passive = False  # "Vietnam is committed to ...": the subject acts
            subj_src = tok
        if subject:
            if passive:
                for ch in tok.children:
                    if ch.dep_ == "agent":
                        for g in ch.children:
                            if g.dep_ == "pobj":
                                actors = self.finder.entities(g, sa)
            else:
                subj = _subject(subj_src)
                if subj is None and subj_src is tok:
                    subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
                if subj is not None:
                    actors = self._np_entities(subj, sa, memory)
                    sides = self._between(subj, sa, sectors=True) if subj.pos_ == "NOUN" \
                        else []
                    if len(sides) > 1:
                        # "clashes between US forces and militiamen left 46 dead": both
                        # sides of the act the subject names act
                        return sides, []
        if passive and subject and not actors:
            # "diplomatic relations between A and B were established": the partners act
            for ch in tok.children:
                if ch.dep_ == "nsubjpass":
                    actors = self._between(ch, sa)
            if len(actors) > 1:
                return actors, []
            actors = []
        # recipient
        if passive and subject:
            for ch in tok.children:
                if ch.dep_ == "nsubjpass":
                    recips = self._np_entities(ch, sa, memory, animate_only=False)
            if not any(ch.dep_ == "nsubjpass" for ch in tok.children):
                # "Three Britons, believed to be civilians, were snatched": the parser hangs
                # the subject on the parenthetical participle before the verb
                for ch in tok.children:
                    if ch.dep_ == "advcl" and ch.i < tok.i and ch.tag_ in ("VBN", "VBD"):
                        subj = next((g for g in ch.children if g.dep_ == "nsubj"), None)
                        if subj is not None:
                            recips = self._np_entities(subj, sa, memory, animate_only=False)
        if not recips and subject and (tok.dep_ == "acl" and (tok.tag_ == "VBN" or (
                tok.tag_ == "VBD" and reads_as_participle(tok))) or (
                tok.dep_ == "relcl" and passive and any(
                    ch.dep_ == "nsubjpass" and ch.lower_ in ("who", "that", "which")
                    for ch in tok.children))):
            # "a Briton who was shot dead", "an engineer abducted by gunmen": the noun the
            # clause describes is the one acted upon
            recips = [e for e in self._np_entities(tok.head, sa, memory, animate_only=False)
                      if not (tok.idx <= e.start < tok.idx + len(tok.text)
                              or e.start > tok.idx)]
        if not recips and tok.dep_ == "amod" and tok.head.pos_ in ("NOUN", "PROPN"):
            # "the arrested workers": the noun the participle describes
            recips = self._np_entities(tok.head, sa, memory, animate_only=False)
        if not recips:
            for ch in tok.children:
                if ch.dep_ == "dobj" and ch.lemma_.lower() in _SAID_NOUNS:
                    recips = _author(ch, self.finder, sa)  # "refuted a report by US media"
                    if recips:
                        break
                if ch.dep_ in ("dobj", "dative", "iobj"):
                    recips = self._np_entities(ch, sa, memory, animate_only=False)
                    if any(c.dep_ == "poss" and c.lower_ in ("its", "their", "his", "her", "our")
                           for c in ch.children):
                        recips = [r for r in recips if r.code != UNKNOWN]  # "its troops"
                    if recips and all(r.code == UNKNOWN and r.sector in ("MIL", "COP")
                                      for r in recips):
                        recips = []  # "mobilized army reservists": the actor's own forces
                    if recips:
                        break
        if not recips:
            recips = self._prep_recipients(tok, sa, actors, etype)
        if not recips:  # "called for sanctions against Nigeria", "aid to Bosnia"
            for o in sorted(self._objects(tok), key=lambda o: o.dep_ != "dobj"):
                recips = self._np_recipients(o, sa, actors)
                if recips:
                    break
        actors = _drop_unknown_conjuncts(actors)
        recips = _drop_unknown_conjuncts([r for r in recips if not _same(r, actors)
                                          and not _own_forces(r)])
        if len(actors) > 1:  # reciprocal: the partners are not also recipients
            codes = {a.code for a in actors}
            recips = [r for r in recips if r.code not in codes and r.code != UNKNOWN]
        return actors, recips

    def _between(self, n: Token, sa: SentenceActors, sectors: bool = False) -> list[Entity]:
        """The parties a noun's "between"/"among" phrase names: of known country (or, with
        ``sectors``, of a known sector: "militiamen")."""
        for p in n.children:
            if p.dep_ == "prep" and p.lower_ in ("between", "among"):
                for g in p.children:
                    if g.dep_ == "pobj":
                        return [e for e in self.finder.entities(g, sa, animate_only=False)
                                if e.code != UNKNOWN or (sectors and e.sector)]
        return []

    def _np_entities(self, tok: Token, sa: SentenceActors, memory, animate_only=True
                     ) -> list[Entity]:
        if tok.lower_ in ("it", "they", "he", "she", "we") and tok.pos_ == "PRON":
            # "Afghan rebels said they would meet ...": the reporter is the pronoun
            clause = tok.head
            while clause.dep_ in ("conj", "xcomp", "aux") and clause.head.i != clause.i:
                clause = clause.head
            if clause.dep_ == "ccomp":
                rep_subj = _subject(clause.head)
                if rep_subj is not None and rep_subj.pos_ != "PRON":
                    ents = self.finder.entities(rep_subj, sa)
                    if ents:
                        return [Entity(e.code, e.sector, tok.text, tok.idx,
                                       tok.idx + len(tok.text), e.name) for e in ents]
            if clause.dep_ in ("advcl", "conj") and tok.lower_ in ("it", "they"):
                # "the storm forced evacuations as it slammed into ...": the pronoun of a
                # dependent clause is the subject of the clause it hangs on, when that is a
                # thing no actor ("the storm", "the talks") rather than a state from before
                gov_subj = _subject(clause.head)
                if gov_subj is not None and gov_subj.pos_ == "NOUN" and gov_subj.i < tok.i \
                        and not self.finder.entities(gov_subj, sa, animate_only=False) \
                        and not any(gov_subj.left_edge.i <= m.start < gov_subj.right_edge.i + 1
                                    for m in sa.mentions):
                    # ("the response from Maharashtra ... as it was sending" is Maharashtra)
                    return []
            earlier = [m for m in sa.mentions if m.end <= tok.i and m.code != UNKNOWN]
            if earlier and tok.lower_ in ("it", "they", "we"):
                m = earlier[0] if tok.lower_ != "it" else earlier[-1]
                return [Entity(m.code, m.sector, tok.text, tok.idx, tok.idx + len(tok.text),
                               m.name if m.code in ("IGO", "NGO") else None)]
            return self.finder.resolve_pronoun(tok, memory)
        if tok.dep_ == "relcl" or tok.lower_ in ("who", "which", "that"):
            return []
        if tok.lower_ in _PAIR_HEADS and any(c.lower_ in ("two", "both") for c in tok.children):
            pair = self.finder.resolve_pair(tok, sa, memory)
            if pair:
                return pair
        ents = self.finder.entities(tok, sa, animate_only=animate_only)
        if not ents and tok.lemma_.lower() in _STATE_NOUNS and any(
                c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            ents = [Entity(UNKNOWN, None, tok.text, tok.idx, tok.idx + len(tok.text))]
        return [self._corefer(tok, e, sa, memory, animate_only) for e in ents]

    def _corefer(self, head: Token, e: Entity, sa: SentenceActors, memory, subject: bool
                 ) -> Entity:
        """An entity of unknown country whose phrase points back: "his government", "its
        troops", "their leaders" take the state of the pronoun's referent; "the country", "the
        island", "the kingdom" the last state named before them."""
        if e.code != UNKNOWN:
            return e
        poss = next((c for c in head.children if c.dep_ == "poss"
                     and c.lower_ in ("his", "her", "its", "their")), None)
        if poss is not None and subject:  # an object's "its troops" are the actor's own
            ref = self.finder.resolve_pronoun(poss, memory + _earlier(sa, head))
        elif head.lemma_.lower() in _STATE_NOUNS and any(
                c.dep_ == "det" and c.lower_ == "the" for c in head.children):
            states = [x for x in memory + _earlier(sa, head)
                      if x.code not in (UNKNOWN, "IGO", "NGO", "MNC")]
            ref = states[-1:]
        else:
            return e
        if not ref or ref[0].code in (UNKNOWN, "IGO", "NGO", "MNC"):
            return e
        return Entity(ref[0].code, e.sector, e.text, e.start, e.end, e.name)

    def _prep_recipients(self, tok: Token, sa: SentenceActors, actors, etype: str | None = None
                         ) -> list[Entity]:
        preps = [c for c in tok.children if c.dep_ in ("prep", "dative")]
        for c in tok.children:
            if c.dep_ in ("prt", "dobj"):
                preps.extend(g for g in c.children if g.dep_ == "prep")
        order = _TARGET_PREPS if etype in _TARGETED else _RECIPIENT_PREPS
        preps.sort(key=lambda p: order.index(p.lower_) if p.lower_ in order else 99)
        for p in preps:
            if p.lower_ not in _RECIPIENT_PREPS:
                continue
            for g in p.children:
                if g.dep_ == "pobj":
                    # strict on unknowns: a place or a name ("the treaty of Shimoda", "at
                    # Portsmouth") is no recipient unless it is a person or a sector
                    ents = self.finder.entities(g, sa, animate_only=False)
                    ents = [e for e in ents if not _same(e, actors)]
                    if p.lower_ in _PLACE_PREPS:  # "at San Stefano" is a place, not a party
                        ents = [e for e in ents if e.code != UNKNOWN or e.sector]
                    if ents:
                        return ents
        return []

    def _np_recipients(self, n: Token, sa: SentenceActors, actors) -> list[Entity]:
        """Recipients named inside an object phrase: "sanctions on Iraq", "aid to Bosnia",
        "an admission by Moscow"."""
        for p in sorted(n.children, key=lambda p: _RECIPIENT_PREPS.index(p.lower_)
                        if p.lower_ in _RECIPIENT_PREPS else 99):
            if p.dep_ == "prep" and (p.lower_ in _RECIPIENT_PREPS or p.lower_ == "by"):
                for g in p.children:
                    if g.dep_ == "pobj":
                        ents = [e for e in self.finder.entities(g, sa, animate_only=False)
                                if not _same(e, actors)]
                        ents = [e for e in ents if e.code != UNKNOWN] or ents
                        if ents:
                            return ents
        return []

    # ---- noun events ---------------------------------------------------------------------

    def _struck(self, n: Token, sa: SentenceActors) -> bool:
        """Whether an act-of-force noun names, in its own "of", "on" or "against" phrase, a
        state, a group or people that it struck. "Of" names the struck only
        for one-sided acts ("the killing of two Turks"), not for fights ("the battles of his
        people"); a possible or planned act ("a possible attack on Iraq") struck no one."""
        if any(c.dep_ == "amod" and self._unreal_word(c) for c in n.children):
            return False
        one_sided = n.lemma_.lower() not in self.lex.reciprocal
        for p in n.children:
            if p.dep_ == "prep" and (p.lower_ in ("on", "against", "upon") or
                                     p.lower_ == "of" and one_sided):
                for g in p.children:
                    if g.dep_ == "pobj" and any(
                            e.code != UNKNOWN or e.sector
                            for e in self.finder.entities(g, sa, animate_only=False)):
                        return True
        return False

    def _told_by_verb(self, n: Token, cands) -> bool:
        """Whether a noun is what a coded verb acts on ("condemned the beheading", "launched
        rocket fire", "accused him of the killing"): that verb's event tells of it."""
        t = n
        for _ in range(3):
            if t.dep_ in ("conj", "appos"):
                t = t.head
                continue
            if t.head is t or t.dep_ not in ("dobj", "pobj", "prep", "attr", "nsubjpass"):
                return False
            t = t.head
            if t.i in cands or self._unreal_word(t):
                return True  # "threatening attacks on the US", "preparing an offensive"
        return False

    def _unreal_word(self, t: Token) -> bool:
        """Whether a word's object or modifiee is an act not (yet) done: "threatening",
        "preparing", "fears", "a possible" (``unreal_governors``, prevention verbs, and the
        verbs and nouns of threats, requests, promises and refusals)."""
        lemma = t.lemma_.lower()
        if lemma in self.lex.unreal_governors or t.lower_ in self.lex.unreal_governors or \
                lemma in self.lex.prevention:
            return True
        table = self.lex.verbs if t.pos_ == "VERB" else self.lex.nouns
        sense = table.get(lemma)
        return sense is not None and sense.type in _UNREAL_GOVERNORS

    def _noun_is_event(self, n: Token, cands) -> bool:
        dep = n.dep_
        if dep in ("nsubj", "nsubjpass", "ROOT", "appos"):
            return True
        if dep == "conj" and n.head.dep_ in ("nsubj", "ROOT"):
            return True
        if dep == "pobj":
            return False
        if dep == "dobj" and n.head.i in cands:
            return False
        return False

    def _noun_event(self, n: Token, sense: Sense, sa: SentenceActors, memory,
                    own_phrase: bool = False) -> RawEvent | None:
        """An event told by a noun. ``own_phrase``: only when the noun's own phrase names both
        the actor (a modifier: "Polish", "Israel's") and the recipient (a preposition)."""
        actors = self._noun_agents(n, sa, memory, sense.type)
        recips = self._np_recipients(n, sa, actors)
        if not actors and recips and sense.type in self.lex.adjunct_types:
            actors = self._adjunct_subject(n, sa, memory)
        if len(actors) > 1:  # reciprocal: "talks between officials of the two countries"
            codes = {a.code for a in actors}
            recips = [r for r in recips if r.code not in codes and r.code != UNKNOWN]
        if own_phrase and not (_named(actors) and (_named(recips) or len(actors) > 1)):
            return None  # both parties, or the partners of "the war between A and B"
        aux = []
        if any(c.lower_ == "no" and c.dep_ == "det" for c in n.children):
            aux.append("negation")
        # the verb of which the noun is subject adds its modes ("talks will begin")
        if n.dep_ in ("nsubj", "nsubjpass"):
            aux += self._aux_modes(n.head)
        return self._finish(sense, n, n, actors, recips, aux, sa, "noun")

    def _noun_agents(self, n: Token, sa: SentenceActors, memory: list[Entity] | None = None,
                     etype: str | None = None) -> list[Entity]:
        """Who acts in an event noun's own phrase: "an attack by militants", "the war between
        A and B", "Israeli air strikes", "Iran's proposal"; with ``memory`` and a type whose
        nouns take them (``adjunct_types``), also "his visit" (whom the pronoun stands for)."""
        actors: list[Entity] = []
        for c in n.children:
            if c.dep_ == "prep" and c.lower_ == "by":
                for g in c.children:
                    if g.dep_ == "pobj":
                        actors = self.finder.entities(g, sa)
            elif c.dep_ == "prep" and c.lower_ in ("between", "among"):
                for g in c.children:
                    if g.dep_ == "pobj":
                        actors = self.finder.entities(g, sa, animate_only=False)
                        if memory is not None and all(a.code == UNKNOWN for a in actors):
                            actors = self._partners(g, sa, memory) or actors
        if not actors and memory is not None and etype in self.lex.adjunct_types:
            poss = next((c for c in n.children if c.dep_ == "poss"
                         and c.lower_ in ("his", "her", "its", "their")), None)
            if poss is not None:
                actors = self._possessor(n, poss, sa, memory)
        if not actors:
            for c in n.children:
                if c.dep_ in ("poss", "amod", "compound", "nmod") and c.i in sa.by_token:
                    m = sa.by_token[c.i]
                    if m.code != UNKNOWN:
                        sp = n.doc[m.start:m.end]
                        actors.append(Entity(m.code, m.sector, sp.text, sp.start_char,
                                             sp.end_char, m.name if m.code in ("IGO", "NGO")
                                             else None))
        return actors

    def _partners(self, g: Token, sa: SentenceActors, memory: list[Entity]) -> list[Entity]:
        """The states named before of "talks between the two countries", "between officials
        of the two sides", "fighting between them": the last two of the discourse."""
        heads = [g] + [o for p in g.children if p.dep_ == "prep" and p.lower_ == "of"
                       for o in p.children if o.dep_ == "pobj"]
        for h in heads:
            if h.lower_ == "them" or h.lower_ in _PAIR_HEADS and any(
                    c.lower_ in ("two", "both") for c in h.children):
                return self.finder.resolve_pair(h, sa, memory)
        return []

    def _possessor(self, n: Token, poss: Token, sa: SentenceActors, memory: list[Entity]
                   ) -> list[Entity]:
        """Whom "his", "its", "their" stand for before an event noun: the subject of the noun's
        clause when it comes first ("Putin said during his meeting with Allawi"), else the last
        actor named; "their" after "X ... with Y" is both ("Powell shook hands with Koizumi
        during their meeting")."""
        subj = _subject(n)
        ents: list[Entity] = []
        if subj is not None and subj.i < n.i:
            ents = [e for e in self._np_entities(subj, sa, memory) if e.code != UNKNOWN]
        if ents and poss.lower_ == "their" and len(ents) == 1:
            verb = subj.head
            for p in verb.children:
                if p.dep_ == "prep" and p.lower_ == "with" and p.i < n.i:
                    ents += [e for g in p.children if g.dep_ == "pobj"
                             for e in self.finder.entities(g, sa) if e.code != UNKNOWN
                             and not _same(e, ents)]
        if not ents:
            ents = self.finder.resolve_pronoun(poss, memory + _earlier(sa, n))
        return [Entity(e.code, e.sector, poss.text, poss.idx, poss.idx + len(poss.text),
                       e.name) for e in ents]

    def _adjunct_subject(self, n: Token, sa: SentenceActors, memory: list[Entity]
                         ) -> list[Entity]:
        """The actor of an event noun in an adjunct of a clause ("during a visit to Egypt",
        "at a news conference with Blair"): the clause's subject, who did it (an active
        clause only: "was killed during a visit" says nothing of the visitor)."""
        if n.dep_ != "pobj" or n.head.lower_ not in self.lex.adjunct_preps or not any(
                c.dep_ == "prep" and c.lower_ in ("with", "to", "between") for c in n.children):
            return []
        verb = n.head.head
        if verb.pos_ in ("NOUN", "PROPN") and verb.dep_ in ("nsubj", "ROOT"):
            # "Pakistan's president, on a visit to London, said", the headline "Blair in talks
            # with Bush": the phrase describes the one who is visiting
            return [e for e in self._np_entities(verb, sa, memory) if e.code != UNKNOWN]
        if verb.pos_ not in ("VERB", "AUX") or any(
                c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
            return []
        subj = _subject(verb)
        if subj is None:
            return []
        return [e for e in self._np_entities(subj, sa, memory) if e.code != UNKNOWN]

    def event_at(self, tok: Token, etype: str, sa: SentenceActors, memory: list[Entity]
                 ) -> RawEvent | None:
        """An event of ``etype`` on the word ``tok``, its roles found as for any lexicon verb
        or event noun. The hook of the learned model (:mod:`detente.events.model`): it says
        *what* happened where the lexicon is silent; the parse still says who and to whom."""
        self._military = {i for i, (_, code) in sa.sectors.items()
                          if code in ("MIL", "COP", "REB")}
        sense = Sense(etype, None)
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ not in ("ROOT",):
            return self._noun_event(tok, sense, sa, memory)
        actors, recips = self._roles(tok, tok, sa, memory, etype=etype)
        return self._finish(sense, tok, tok, actors, recips, self._aux_modes(tok), sa, "model")

    def _modal_demand(self, rep: Token, sa, memory, cands) -> RawEvent | None:
        comp = next((c for c in rep.children if c.dep_ == "ccomp"), None)
        if comp is None:
            return None
        modals = {c.lower_ for c in comp.children if c.dep_ == "aux"}
        if not modals & {"must", "should"}:
            return None
        subj = _subject(rep)
        csubj = _subject(comp)
        if subj is None or csubj is None:
            return None
        actors = self._np_entities(subj, sa, memory)
        recips = self._np_entities(csubj, sa, memory, animate_only=False)
        if not actors or not recips or _same(recips[0], actors):
            return None
        return self._finish(Sense("REQUEST", None), rep, rep, actors, recips, [], sa, "verb")

    def _reported_blame(self, rep: Token, sa, memory) -> RawEvent | None:
        """"Annan said the US war in Iraq was illegal", "the prosecutor said Serbia has failed
        to hand over suspects": a statement that another actor did wrong accuses it. The
        predicates of blame are data (``blame_predicates``)."""
        comp = next((c for c in rep.children if c.dep_ == "ccomp"), None)
        if comp is None or {"negation", "hypothetical", "future"} & set(
                self._aux_modes(comp) + self._aux_modes(rep)):
            return None  # "said it was not responsible", "said the talks could fail"
        blame = self.lex.blame
        pred = None
        if comp.lemma_.lower() in blame:
            pred = comp
        elif comp.lemma_.lower() == "be" or comp.pos_ == "AUX":
            pred = next((c for c in comp.children if c.dep_ in ("acomp", "attr")
                         and c.lower_ in blame), None)
        if pred is None:
            return None
        subj, csubj = _subject(rep), _subject(comp)
        if subj is None or csubj is None or csubj.pos_ == "PRON":
            return None  # "leaders say they have failed": the speakers, of themselves
        actors = self._np_entities(subj, sa, memory)
        recips = self._np_entities(csubj, sa, memory, animate_only=False)
        if not recips and self.noun_sense(csubj) is not None:
            recips = self._noun_agents(csubj, sa)  # "the US-led war": its wager
        recips = [r for r in recips if r.code != UNKNOWN or r.sector]
        if not actors or not recips or _same(recips[0], actors):
            return None
        return self._finish(Sense("ACCUSE", None), pred, pred, actors, recips, [], sa, "verb")

    # ---- shared --------------------------------------------------------------------------

    def _aux_modes(self, tok: Token) -> list[str]:
        out: list[str] = []
        t = tok
        # "are not ready to launch attacks", "will be willing to": an adjective's negation and
        # auxiliaries stand on its copula
        kids = list(t.children) + (list(t.head.children) if t.dep_ == "acomp" else [])
        for ch in kids:
            low = ch.lower_
            if ch.dep_ == "neg" or (low in _NEG and ch.dep_ in ("advmod", "det", "neg")):
                out.append("negation")
            if ch.dep_ in ("nsubj", "nsubjpass") and (low in ("nobody", "none") or any(
                    g.dep_ == "det" and g.lower_ == "no" or g.dep_ == "neg" and g.i < ch.i
                    for g in ch.children)):
                # "no one was injured", "no arrests were made", "not a single leader has
                # been arrested"
                out.append("negation")
            if ch.dep_ == "aux" and low in _FUTURE_AUX:
                out.append("future")
            if ch.dep_ == "aux" and low in _HYPO_AUX and low != "would":
                out.append("hypothetical")
            if ch.dep_ == "aux" and low in ("must", "ought"):
                out.append("hypothetical")  # an obligation, not an act: "Iraq must cooperate"
            if ch.dep_ == "aux" and low == "would":
                out.append("future")
            if ch.dep_ == "mark" and low in ("if", "unless", "whether"):
                out.append("hypothetical")
            if ch.dep_ in ("dobj", "attr") and any(g.dep_ == "det" and g.lower_ == "no"
                                                   for g in ch.children):
                out.append("negation")  # "had no formal relations", "made no concessions"
        # the mandative subjunctive: "he suggested that those guilty be booked", "demanded
        # that the accused be arrested": a bare "be" with no modal or "to" asks for the act
        auxes = [c for c in t.children if c.dep_ in ("aux", "auxpass")]
        if any(c.lower_ == "be" and c.tag_ == "VB" for c in auxes) and len(auxes) == 1 \
                and tok.dep_ == "ccomp":
            out.append("hypothetical")
        # "is going to", "is to"
        if tok.dep_ == "xcomp" and tok.head.lemma_ == "go" and tok.head.tag_ == "VBG":
            out.append("future")
        # the clause this one hangs from: conditionals and negated controllers
        anc = tok
        for _ in range(4):
            if anc.dep_ in ("advcl",) and any(c.lower_ in ("if", "unless") and c.dep_ == "mark"
                                             for c in anc.children):
                out.append("hypothetical")
            if anc.dep_ in ("ROOT",):
                break
            anc = anc.head
        return sorted(set(out))

    def _finish(self, sense: Sense, trig: Token, end_tok: Token, actors, recips, aux, sa,
                via: str) -> RawEvent | None:
        etype, mode = sense.type, sense.mode
        aux = sorted(set(aux))
        # PLOVER: future cooperation is AGREE; an announced retreat is CONCEDE
        if "future" in aux and etype in _COOP_FUTURE_TO_AGREE:
            etype, mode = "AGREE", None
            aux = [a for a in aux if a != "future"]
        elif "future" in aux and etype == "RETREAT":
            # CAMEO 0356 "express intent to de-escalate" is AGREE in the crosswalk
            etype, mode = "AGREE", None
            aux = [a for a in aux if a != "future"]
        conditional = any(c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ == "unless"
                                                     for g in c.children)
                          for c in trig.children)
        forecast = trig.dep_ == "xcomp" and trig.head.lemma_.lower() in _FORECAST
        if etype in _THREAT_IF_FUTURE and ("future" in aux and not forecast or conditional):
            # "would boycott", "plans to impose restrictions", "will withdraw ... unless"
            etype, mode = "THREATEN", None
            aux = [a for a in aux if a != "future"]
        elif conditional and etype in ("RETREAT", "SANCTION", "AGREE", "CONCEDE", "AID"):
            # "will not release the soldiers unless Israel releases the detainees"
            etype, mode = "THREATEN", None
            aux = [a for a in aux if a not in ("negation", "future")]
        elif "hypothetical" in aux and etype in _THREAT_IF_FUTURE and any(
                c.dep_ == "aux" and c.lower_ in ("may", "might", "could") for c in trig.children
        ) and not any(c.dep_ == "aux" and c.lemma_ == "have" for c in trig.children):
            # "the EC may halt mediation", "could impose sanctions": a warning of what may come
            etype, mode = "THREATEN", None
            aux = [a for a in aux if a != "hypothetical"]
        if not actors and etype == "COERCE" and (
                any(c.dep_ in ("nsubjpass", "auxpass") for c in trig.children)
                or any(c.dep_ == "nsubj" and c.pos_ == "NOUN" for c in trig.children)):
            # an arrest or curfew without its agent is by the authorities of the place
            actors = _place_actor(recips, sa, trig)
        if not actors and not recips and etype == "ASSAULT":
            # "gunfire erupted in a slum of Port-au-Prince", "clashes flared in Najaf": an
            # attack of which the text names neither side happened to the place's state
            recips = _place_actor([], sa, trig)
        if not actors:
            # "three soldiers were killed", "a suicide bombing killed ...": an actor the text
            # does not name is unknown, "---" as PLOVER and the annotation guidelines code it
            actors = [Entity(UNKNOWN, None, "", trig.idx, trig.idx, inferred=True)]
        actors = _fill_unknown_state(actors, recips, sa, etype, trig)
        if len(actors) <= 1:
            recips = _fill_recipient(recips, actors, sa, trig)
        elif not recips and etype in _ONE_SIDED and not (
                set(_lemmas(trig)) | set(_lemmas(end_tok))) & self.lex.reciprocal:
            recips = _coalition_target(actors, sa, trig)
        sector = _actor_sector(actors)
        lemmas = set(_lemmas(trig)) | set(_lemmas(end_tok))
        for rt in self.lex.actor_retype:
            if rt.type == etype and sector in rt.sectors and (
                    rt.modes is None or mode in rt.modes) and (
                    rt.triggers is None or lemmas & rt.triggers) and (
                    not rt.needs_recipient or recips):
                etype, mode = rt.to, rt.to_mode
                break
        if mode is None:
            mode = self._mode_from_cues(etype, trig)
        doc = trig.doc
        if etype == "MOBILIZE" and any(t.lower_.startswith("peacekeep") for t in trig.sent):
            etype, mode = "AID", None  # sending peacekeepers is aid (CAMEO 074), not a threat
        if etype == "MOBILIZE" and trig.lemma_.lower() in self.lex.armed_subject and recips and any(
                c.dep_ == "prep" and c.lower_ in ("into", "onto") for c in trig.children) and \
                not {r.code for r in recips} & ({a.code for a in actors} | {UNKNOWN}):
            etype, mode = "ASSAULT", None
        if etype == "COOPERATE" and len(actors) == 1 and _exercise(trig, end_tok):
            # "Chinese warships conducted live-fire drills near Taiwan": a show of force, not
            # a joint exercise
            etype, mode = "MOBILIZE", "troops"
        # with no recipient named, the event is domestic: the actor's own state, as the
        # annotation guidelines code a government acting on its own citizens ("pledged to
        # eradicate torture", "launched an inquiry", "stood accused")
        if etype == "RETREAT" and mode == "resign":
            recips = []  # a resignation leaves one's own office, whatever else the text names
        own_recipient = False
        if not recips and not foreign_object(trig) and not (
                etype == "MOBILIZE" and mode == "weapons"):
            # a weapons test is a show of force to whoever watches, not an act on one's own
            recips = domestic(actors)
            own_recipient = bool(recips)
        conf = 0.55
        if via in ("phrasal", "frame", "light", "adj"):
            conf += 0.1
        if actors and all(a.code != UNKNOWN and not a.inferred for a in actors):
            conf += 0.2
        if recips and all(r.code != UNKNOWN for r in recips):
            conf += 0.1
        if via == "noun":
            conf -= 0.1
        start = trig.idx
        end = end_tok.idx + len(end_tok.text)
        if end <= start:
            end = trig.idx + len(trig.text)
        perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in trig.children)
        return RawEvent(etype, mode, start, end, doc.text[start:end], actors, recips, aux,
                        round(min(conf, 0.95), 2), trig.i, perfect, own_recipient)

    def _mode_from_cues(self, etype: str, trig: Token) -> str | None:
        cues = self.lex.mode_cues.get(etype)
        if not cues:
            return None
        sent = trig.sent if trig.doc.has_annotation("SENT_START") else trig.doc[:]
        text = " " + " ".join(t.lower_ for t in sent) + " "
        for mode, words in cues:
            for w in words:
                if f" {w} " in text:
                    return mode
        return None


#: For complaints and rejections the recipient is the target ("complained to the UN over
#: Israeli raids" is directed at Israel), so target prepositions come before "to".
_TARGETED = {"ACCUSE", "REJECT", "PROTEST"}
#: acts of force, told by a noun anywhere in a sentence when they name whom they struck
_ACTS_OF_FORCE = {"ASSAULT", "COERCE"}
#: verbs of events whose object is an act not (yet) done: "threatened attacks on the US"
_UNREAL_GOVERNORS = {"THREATEN", "REQUEST", "AGREE", "REJECT"}
_TARGET_PREPS = ("against", "of", "over", "about", "for", "with", "on", "at", "toward",
                 "towards", "to", "into", "upon", "from", "in", "between", "among")
#: Event types between governments, where an unknown actor is not the recipient's compatriot.
_DIPLOMATIC = {"CONSULT", "SUPPORT", "AGREE", "COOPERATE", "AID", "SANCTION", "RETREAT"}
#: Acts that a subject can undergo ("survived an assassination attempt").
_UNDERGONE = {"ASSAULT", "COERCE"}
_THREAT_IF_FUTURE = {"SANCTION", "COERCE", "ASSAULT", "PROTEST", "MOBILIZE"}
#: Verbs by which others forecast an act ("are expected to attend a rally", "troops who are
#: expected to take part in an offensive"): a future act, but no one's threat.
_FORECAST = {"expect", "likely", "set", "due", "poise", "predict", "forecast", "anticipate"}
#: What separates the words of a lexicon key ("air strike", "cease-fire").
_SEP = re.compile(r"[ -]")

_GENERIC_HEADS = {"effort", "efforts", "mission", "process", "initiative", "campaign",
                  "operation", "bid", "move", "plan", "programme", "program", "action",
                  "proposal", "team", "force", "talks", "deal", "step", "steps", "measure",
                  "measures", "activity", "activities"}
#: Heads that say the act of their modifier was tried: "assassination bid", "coup attempt".
_ATTEMPT_HEADS = {"bid", "attempt"}
_THROUGH = {"return", "entry", "deployment", "arrival", "presence", "dispatch", "release",
            "delivery", "admission", "access"}
_SAY = {"say", "announce", "report", "state", "tell", "add", "claim", "declare", "confirm",
        "make", "assert", "insist", "stress", "indicate", "reiterate", "note", "explain",
        "warn", "vow", "believe", "think", "hope", "write", "suggest", "argue"}
_MEASURE = {"day", "days", "week", "weeks", "series", "round", "rounds", "wave", "spate",
            "string", "number", "kind", "type", "set", "lot", "couple", "part", "month",
            "months", "year", "years", "hours", "hour", "campaign", "program", "programme",
            "package", "worth", "amount", "sort", "form", "total",
            # "sent thousands of troops", "moving hundreds of fighters"
            "dozens", "scores", "hundreds", "thousands", "tens", "millions"}


def _through_measure(o: Token, also: set[str] = frozenset()) -> Token:
    """"10 days of war games", "a new round of talks": the event noun is behind "of"."""
    if o.lower_ in _MEASURE or o.lemma_.lower() in _MEASURE or o.lemma_.lower() in also:
        for c in o.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for g in c.children:
                    if g.dep_ == "pobj":
                        return g
    return o


def _lemmas(tok: Token) -> list[str]:
    """The parser's lemma and, as a fallback for its slips ("staged" -> "stag"), stems of
    the surface form."""
    low = tok.lower_
    out = [tok.lemma_.lower()]
    if tok.i >= 2 and tok.doc[tok.i - 1].text == "-":  # "test-fired" is tokenized apart
        out.insert(0, f"{tok.doc[tok.i - 2].lower_}-{out[0]}")
    elif tok.i >= 1 and tok.doc[tok.i - 1].head.i == tok.i and tok.doc[tok.i - 1].tag_ == "NN" \
            and tok.doc[tok.i - 1].dep_ in ("compound", "nsubj", "npadvmod"):
        out.insert(0, f"{tok.doc[tok.i - 1].lower_}-{out[0]}")  # the same written open: "test fired"
    if low.endswith("ied"):
        out.append(low[:-3] + "y")
    if low.endswith("ed"):
        out += [low[:-1], low[:-2], low[:-3]]
    if low.endswith("ing"):
        out += [low[:-3], low[:-3] + "e", low[:-4]]
    if low.endswith("es"):
        out += [low[:-2], low[:-1]]
    elif low.endswith("s"):
        out.append(low[:-1])
    out.append(low)
    seen, uniq = set(), []
    for w in out:
        if w and w not in seen:
            seen.add(w)
            uniq.append(w)
    return uniq


_PLACE_PREPS = {"at", "in", "near", "into", "onto", "from", "over", "across", "outside",
                "inside", "throughout"}
_PAIR_HEADS = {"countries", "sides", "nations", "governments", "states", "neighbours",
               "neighbors", "leaders", "parties", "capitals", "powers"}
_COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"}
#: Subordinating words of background clauses: what happened before or why, not the news.
_BACKGROUND_MARKS = {"after", "before", "since", "following", "because", "when", "until",
                     "once", "as", "although", "though"}
#: Verbs of object control: the object of "forced them to open fire" is the one who acts.
#: Sectors that are sides of their own in a state's domestic strife: the police and the crowds,
#: rioters and communities they face.
_DOMESTIC_SIDES = {"COP", "CVL", "OPP", "REL", "ETH", "CRM", "LAB", "EDU"}
#: Verbs of compulsion whose passive ("were forced to", "was compelled to") reports the
#: complement's act as the subject's own.
_COMPELLED = {"force", "compel", "oblige", "constrain"}
_OBJECT_CONTROL = {"force", "compel", "oblige", "drive", "provoke", "prompt", "cause", "lead",
                   "order", "direct", "instruct", "allow", "permit", "authorize", "authorise"}
#: Marks of a clause whose act runs beside the main one: "the mob torched shops while the
#: police fired teargas shells" reports both acts. Only in the progressive is such a clause
#: the scene of the main act ("killed while she was visiting a client").
_SIMULTANEOUS_MARKS = {"while", "whereas"}


def _background(clause: Token) -> bool:
    """Whether an adverbial clause is background to the act it hangs on (see
    ``_BACKGROUND_MARKS``)."""
    marks = {c.lower_ for c in clause.children if c.dep_ == "mark"}
    if marks & _BACKGROUND_MARKS:
        return True
    return bool(marks & _SIMULTANEOUS_MARKS) and clause.tag_ == "VBG" and any(
        c.dep_ == "aux" and c.lemma_ == "be" for c in clause.children)


_EXERCISES = {"drill", "drills", "exercise", "exercises", "manoeuvres", "maneuvers", "games",
              "war games"}


_TIME_WORDS = frozenset("""january february march april may june july august september october
    november december monday tuesday wednesday thursday friday saturday sunday today tomorrow
    yesterday morning evening night weekend week month year day time occasion""".split())


def _temporal(prep: Token) -> bool:
    """A preposition whose object is a time: "on Wednesday", "in 1990"."""
    objs = [g for g in prep.children if g.dep_ == "pobj"]
    return bool(objs) and all(o.lower_ in _TIME_WORDS or o.like_num for o in objs)


def _exercise(trig: Token, obj: Token) -> bool:
    nouns = [obj] + [c for c in trig.children if c.dep_ == "dobj"]
    return any(n.lower_ in _EXERCISES and not any(
        c.lower_ in ("joint", "combined", "bilateral", "multilateral") for c in n.children)
               for n in nouns)


def _is_main(tok: Token) -> bool:
    """The main verb of the sentence; also when the parser read "The Iraqi air force carried
    out strikes" as a noun phrase with the verb hanging off it."""
    if tok.dep_ == "ROOT":
        return True
    head = tok.head
    return (tok.dep_ == "acl" and head.dep_ == "ROOT" and head.pos_ in ("NOUN", "PROPN")
            and tok.tag_ in ("VBD", "VBN", "VBZ") and tok.i > head.i
            and not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children))


def _presupposed(tok: Token, ev: RawEvent) -> bool:
    """An arrest told by a participle before its noun ("the arrested workers"): a past fact the
    phrase takes for granted, not part of what a surrounding clause demands or plans."""
    return ev.type == "COERCE" and ev.mode == "arrest" and tok.dep_ == "amod" \
        and tok.tag_ == "VBN" and tok.i < tok.head.i


def _done_to(node: Token) -> bool:
    """A past participle that tells what was done to the noun it follows ("the 51 people
    arrested for rioting", "five people killed in the raid"): a completed act of its own,
    not a description. A clause with its own subject, auxiliary or "that" ("an allegation
    that the NPFL had taken over the city") is not one."""
    return node.tag_ == "VBN" and node.i > node.head.i and not any(
        c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "mark", "dobj") for c in node.children)


def _main_clauses(node: Token) -> set[int]:
    """The tokens of the sentence that ``node`` hangs in, without the clauses coordinated
    with the ones above it: for "the attackers fled after the police opened fire and forces
    were brought in", the clause of "fled" and "after ...", not "forces were brought in"."""
    root = node
    away: set[int] = set()
    while root.head.i != root.i:
        for c in root.head.children:
            if c.dep_ == "conj" and c.i != root.i:
                away.update(x.i for x in c.subtree)
        root = root.head
    return {x.i for x in root.subtree} - away


def _embedded(doc: Doc, events: list[RawEvent], suppressed: set[int],
              senses: set[int] = frozenset(), meetings: frozenset[str] = frozenset()
              ) -> set[int]:
    """Events that only elaborate another: inside a swallowed complement ("refused to allow
    planes to land and evacuate"), a purpose clause ("telephoned ... to discuss efforts to
    forge a settlement"), a participle describing a participant ("demonstrators protesting"),
    an explanation ("apologized for its gunboats intercepting a ship"), or a background clause
    ("after U.S. officials alleged ...")."""
    ev_tokens = {e.token for e in events}
    anchors = ev_tokens | suppressed
    # words that report an act (an event, or a verb the lexicon knows whose event was not
    # kept): what hangs on one of them elaborates it
    acts = ev_tokens | set(senses)
    out: set[int] = set()
    for e in events:
        t = doc[e.token]
        node = t
        for _ in range(12):
            if node.dep_ == "ROOT" or node.head.i == node.i:
                break
            parent = node.head
            infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children)
            if node.i in suppressed and node.i != t.i:
                out.add(t.i)  # inside a complement another verb swallowed
                break
            if parent.i in anchors or any(a.i in anchors for a in parent.ancestors):
                if node.dep_ in ("advcl", "acl", "xcomp", "relcl") and infinitive and \
                        node.i != t.i or (node.dep_ in ("advcl", "xcomp") and infinitive
                                          and parent.i in ev_tokens and node.i == t.i):
                    out.add(t.i)
                    break
            if node.dep_ == "acl" and node.tag_ in ("VBG", "VBN") and not _is_main(node) \
                    and not _done_to(node) and any(a.i in acts for a in node.ancestors):
                # "demonstrators protesting ... clashed": describes a participant of another
                # event (but "people killed in police firing belonged to ...", where no event
                # governs the noun, reports the killing; and "the 51 people arrested for
                # rioting were charged" reports the arrest as well as the charge)
                out.add(t.i)
                break
            if node.dep_ in ("pcomp",) and parent.dep_ == "prep" and not (
                    parent.lower_ == "by" and e.type == "ASSAULT") and any(
                    a.i in ev_tokens for a in parent.ancestors):
                # (but force as the means of an act is force used: "dispersed the mob by
                # bursting teargas shells", "retaliated by firing in the air")
                out.add(t.i)  # "apologized for ... intercepting"
                break
            if node.dep_ == "advcl" and _background(node) and (
                    _main_clauses(node) - {x.i for x in node.subtree}) & acts:
                # background to an act of the clauses it hangs on (but "the attackers fled
                # after the police opened fire, and forces were brought in": the clause of
                # "fled" reports no act; "brought" is a clause of its own)
                out.add(t.i)
                break
            if node.dep_ == "pobj" and parent.lower_ in ("after", "following", "before",
                                                        "during", "amid", "despite") and not (
                    node.i == t.i and parent.lower_ == "during" and e.type in meetings):
                # (but "said during his visit to India": the meeting the clause's subject
                # was holding when it spoke is reported, not background)
                out.add(t.i)
                break
            node = parent
    return out


def _noun_contents(doc: Doc, nouns: frozenset[str]) -> set[int]:
    """Tokens of what a call, a threat or an offer is for ("Britain's call for Iran to suspend
    enrichment", "pressure to disarm", "the demand that the law be scrapped"): an infinitive
    or a "that" clause of one of ``nouns``, which says what was wanted, not what was done."""
    out: set[int] = set()
    for n in doc:
        if n.pos_ != "NOUN" or n.lemma_.lower() not in nouns:
            continue
        if n.dep_ == "dobj" and n.head.lemma_.lower() in _FULFIL:
            continue  # "would implement his proposal to dismantle settlements": it will be done
        for c in n.children:
            if c.dep_ in ("acl", "ccomp") and any(
                    g.dep_ in ("aux", "mark") and g.lower_ in ("to", "that", "for")
                    for g in c.children):
                out.update(x.i for x in c.subtree)
    return out


#: Verbs of going on, which with "ahead"/"on" and "with" carry on the act of their object.
_GO_ON = {"press", "push", "go", "forge", "move", "plough", "plow", "carry"}
#: Verbs that carry out what their object asked or offered.
_FULFIL = {"implement", "carry", "execute", "fulfil", "fulfill", "honour", "honor", "heed",
           "accept", "meet", "satisfy", "grant", "obey"}


def _content_clauses(doc: Doc, events: list[RawEvent]) -> set[int]:
    """Tokens of clauses that say *what* was demanded, threatened, promised or alleged:
    "its demand that Israel ease restrictions" codes the demand, not the easing."""
    out: set[int] = set()
    for e in events:
        if e.type not in ("REQUEST", "THREATEN", "AGREE", "ACCUSE", "REJECT"):
            continue
        t = doc[e.token]
        nouns = [t] + [c for c in t.children if c.dep_ in ("dobj", "pobj")]
        for n in nouns:
            for c in n.children:
                if c.dep_ in ("acl", "ccomp", "relcl") and c.i != e.token:
                    out.update(x.i for x in c.subtree)
                elif c.dep_ == "prep" and c.lower_ == "for" and n.i != t.i:
                    # "rejected an offer for talks between the two neighbours": what was
                    # offered, not talks held
                    out.update(x.i for x in c.subtree)
    return out


def _fill_unknown_state(actors: list[Entity], recips: list[Entity], sa: SentenceActors,
                        etype: str, trig: Token | None = None) -> list[Entity]:
    """An actor of unknown country ("Judge Alejandro Rivera", "the ousted president") takes the
    country of the sentence when the sentence names exactly one state outside the recipient
    and, for an attack, outside what it is aimed at ("gunmen ambushed a bus ... at a US
    ammunition dump" are not American)."""
    if not actors or any(a.code != UNKNOWN or a.inferred for a in actors):
        return actors
    doc = sa.doc
    taken = [(r.start, r.end) for r in recips]
    targets = target_tokens(trig, actors, doc) if trig is not None and etype == "ASSAULT" \
        else set()
    codes = set()
    for m in sa.mentions:
        if m.code in (UNKNOWN, "IGO", "NGO", "MNC") or m.kind == "person":
            continue
        sp = doc[m.start:m.end]
        if any(sp.start_char < e and s < sp.end_char for s, e in taken):
            continue
        if m.start in targets:
            continue
        codes.add(m.code)
    if not codes and etype in _DIPLOMATIC:
        return actors  # "Mitterrand welcomed the South African leader": not South African
    if not codes:
        # nothing outside the recipient: a titled person acting on their own country
        codes = {m.code for m in sa.mentions
                 if m.code not in (UNKNOWN, "IGO", "NGO", "MNC") and m.kind != "person"}
        groups = ("CVL", "OPP", "EDU", "LAB", "REB", "REL", "PTY") if etype == "PROTEST" else ()
        if not all(a.sector in ("GOV", "JUD", "LEG", "COP", "MIL") + groups for a in actors):
            return actors  # an unknown name ("Grand Fenwick") is not its target's compatriot
    if not codes and sa.home is not None and all(a.sector in _HOME_SECTORS for a in actors):
        codes = {sa.home.code}  # "BAGHDAD, Iraq - Authorities insisted ...": Iraqi authorities
    if len(codes) != 1:
        return actors
    code = codes.pop()
    return [Entity(code, a.sector, a.text, a.start, a.end, a.name) for a in actors]


#: Sectors of the unnamed actors that take the country of the dateline: a story filed in
#: Baghdad that says "police", "rebels" or "the cleric" means Iraqi ones.
_HOME_SECTORS = {"GOV", "JUD", "LEG", "COP", "MIL", "REB", "OPP", "CVL", "PTY", "REL", "LAB",
                 "EDU", "MED", "BUS", "REF", "SPY", "INS", "CRM"}


def _place_actor(recips: list[Entity], sa: SentenceActors, trig: Token) -> list[Entity]:
    doc = sa.doc
    taken = [(r.start, r.end) for r in recips]
    found: dict[str, tuple[int, int]] = {}
    for m in sa.mentions:
        if m.code in (UNKNOWN, "IGO", "NGO", "MNC") or m.kind not in ("name", "capital",
                                                                      "adjective"):
            continue
        sp = doc[m.start:m.end]
        if any(sp.start_char < e and s < sp.end_char for s, e in taken):
            continue
        found.setdefault(m.code, (sp.start_char, sp.end_char))
    if not found:
        # "a car bomb near a checkpoint in Mombasa": a city or province names its state
        place = places.sole_country(doc.text)
        if place is not None:
            code, s, e = place
            return [Entity(code, None, doc.text[s:e], s, e, inferred=True)]
    if not found and sa.home is not None:
        return [sa.home]  # "Two car bombs shook the capital": the dateline's state
    if len(found) > 1:
        place = event_place(trig, sa)
        if place is not None and place[0] in found:
            found = {place[0]: place[1:]}
    if len(found) != 1:
        return []
    code, (s, e) = next(iter(found.items()))
    return [Entity(code, None, doc.text[s:e], s, e)]


def _fill_recipient(recips: list[Entity], actors: list[Entity], sa: SentenceActors,
                    trig: Token) -> list[Entity]:
    """A missing recipient, or one of unknown country, is the one other state the sentence
    names; failing that, a person or group of unknown country is taken to be domestic."""
    if recips and any(r.code != UNKNOWN for r in recips):
        return recips
    doc = sa.doc
    taken = [(a.start, a.end) for a in actors]
    own = {a.code for a in actors}
    words = _reported_content(trig)
    codes: dict[str, tuple[int, int]] = {}
    for m in sa.mentions:
        if m.code in (UNKNOWN, "MNC") or m.kind == "person" or m.start in words:
            continue
        sp = doc[m.start:m.end]
        if any(sp.start_char < e and s < sp.end_char for s, e in taken):
            continue
        if m.code in own:
            continue
        codes.setdefault(m.code, (sp.start_char, sp.end_char))
    if len(codes) == 1:
        code, (s, e) = next(iter(codes.items()))
        if recips:
            return [Entity(code, r.sector, r.text, r.start, r.end, r.name) for r in recips]
        return [Entity(code, None, doc.text[s:e], s, e)]
    if recips and len(codes) > 1 and all(r.sector == "CVL" for r in recips):
        # "two car bombs in Baghdad killed 11 people, including one American soldier": people
        # of no stated country are, of the states named, those of the place where it happened
        place = event_place(trig, sa, own)
        if place is not None and place[0] in codes:
            return [Entity(place[0], r.sector, r.text, r.start, r.end, r.name) for r in recips]
    if recips and not codes and all(r.sector == "CVL" for r in recips):
        # "blasts rocked Nagaland and Assam, killing 19 people", "killed 10 people in
        # Falluja": people of no stated country are those of the place where it happened
        place = places.sole_country(doc.text, own)
        if place is not None:
            code = place[0]
            return [Entity(code, r.sector, r.text, r.start, r.end, r.name) for r in recips]
    if recips and not codes and len(own) == 1 and UNKNOWN not in own:
        code = next(iter(own))
        return [Entity(code, r.sector, r.text, r.start, r.end, r.name) for r in recips]
    if recips and not codes and sa.home is not None and sa.home.code not in own:
        # "... killing 10 Iraqis" is coded; "tore down houses" in a story from Gaza: Gazans
        return [Entity(sa.home.code, r.sector, r.text, r.start, r.end, r.name) for r in recips]
    return recips


#: Types of event that one side does to another; with several actors and no recipient they are
#: not read as acts of the actors on each other unless the verb says so (``reciprocal_verbs``).
_ONE_SIDED = {"ASSAULT", "COERCE", "MOBILIZE"}


def _coalition_target(actors: list[Entity], sa: SentenceActors, trig: Token) -> list[Entity]:
    """"US and Iraqi troops stormed police stations in Mosul": allies that act together act on
    the state where it happens, which may be one of their own ("US and Afghan forces raid
    houses in Kabul" is aimed at Afghans), read from the event's place, the one state whose
    places the sentence names, or the dateline. Without any, the event keeps no recipient."""
    codes = {a.code for a in actors}
    if len(codes) < 2 or UNKNOWN in codes:
        return []
    doc = sa.doc
    place = event_place(trig, sa) or places.sole_country(doc.text)
    if place is not None:
        code, s, e = place
        return [Entity(code, None, doc.text[s:e], s, e, inferred=True)]
    if sa.home is not None:
        return [sa.home]
    return []


#: Nouns of what someone said or proposed: rejecting, denying or welcoming one answers its
#: author, not the parties of its content.
_SAID_NOUNS = {"report", "allegation", "claim", "suggestion", "proposal", "call", "demand",
               "request", "offer", "accusation", "charge", "criticism", "statement", "remark",
               "comment", "assertion", "ultimatum", "appeal", "assessment", "rumour", "rumor",
               "speculation", "finding", "conclusion"}


def _names_struck(n: Token, ev: RawEvent) -> bool:
    """Whether a noun of force names, in a phrase of its own, a recipient of known country
    ("the killings of two Turks", "an attack on the Australian Embassy"), and is no act a verb
    describes ("threatening attacks on the US")."""
    if any(c.dep_ == "amod" and c.pos_ == "VERB" for c in n.children):
        return False
    own = {g.i for p in n.children if p.dep_ == "prep" and p.lower_ not in _PLACE_PREPS
           for g in p.children if g.dep_ == "pobj"}
    for r in ev.recipients:
        span = n.doc.char_span(r.start, r.end, alignment_mode="expand")
        if r.code != UNKNOWN and span is not None and span.root.i in own:
            return True
    return False


def _reported_content(trig: Token) -> set[int]:
    """The tokens of the content of a said thing the trigger acts on ("refuted a report that
    ElBaradei had collaborated with Iran", "rejected allegations that it aided Iraq"): the
    states named there are what was said, not whom the act answers."""
    out: set[int] = set()
    for o in trig.children:
        if o.dep_ != "dobj" or o.lemma_.lower() not in _SAID_NOUNS:
            continue
        for c in o.children:
            if c.dep_ == "ccomp" or c.dep_ in ("acl", "relcl") and any(
                    g.dep_ == "mark" and g.lower_ in ("that", "whether") for g in c.children):
                out.update(t.i for t in c.subtree)
    return out


def _author(obj: Token, finder: ActorFinder, sa: SentenceActors) -> list[Entity]:
    """Who made a said thing: "a report made by some US media", "calls from within his
    cabinet", "a European proposal", "Washington's proposal"."""
    slots = [c for c in obj.children if c.dep_ == "poss"]
    slots += [g for c in obj.children if c.dep_ == "prep" and c.lower_ in ("by", "from")
              for g in c.children if g.dep_ == "pobj"]
    slots += [g for c in obj.children if c.dep_ == "acl" and c.tag_ == "VBN"
              for a in c.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"]
    out = [e for t in slots for e in finder.entities(t, sa, animate_only=False)]
    if not out:
        out = [e for e in finder.entities(obj, sa, animate_only=False) if e.code != UNKNOWN]
    return out


def _with_pairs(words: list[str]) -> set[str]:
    """The words and each pair of neighbours, to look up one- and two-word lexicon entries."""
    return set(words) | {f"{a} {b}" for a, b in zip(words, words[1:])}


_OFFICIAL = {"GOV", "MIL", "COP", "JUD", "LEG", "SPY"}
#: A match score: "6-4, 6-4", "beat the Expos 5-2", "20-16"
_SCORE = re.compile(r"\b\d{1,3}-\d{1,3}\b")

_OWN = re.compile(r"\b(its|their|his|her|our)\b", re.I)


def _own_forces(e: Entity) -> bool:
    """"some of its troops": the actor's own forces are never its recipient."""
    return e.code == UNKNOWN and e.sector in ("MIL", "COP") and bool(_OWN.search(e.text))


def _drop_unknown_conjuncts(ents: list[Entity]) -> list[Entity]:
    """"Israeli helicopters and tanks": the tanks are Israeli too, not of unknown country."""
    if len(ents) > 1 and any(e.code != UNKNOWN for e in ents):
        return [e for e in ents if e.code != UNKNOWN]
    return ents


def _for_to(tok: Token) -> Token | None:
    """A "for X to do" clause of ``tok`` ("called for their followers to boycott the vote",
    "calls for the channel to be taken off air"): the parser makes "for" its mark."""
    for c in tok.children:
        if c.dep_ in ("advcl", "ccomp") and c.i > tok.i and any(
                g.dep_ == "mark" and g.lower_ == "for" for g in c.children) and any(
                g.dep_ == "aux" and g.lower_ == "to" for g in c.children):
            return c
    return None


def _complement(tok: Token, finite: bool = False) -> Token | None:
    """The clause a control verb governs; ``finite`` also takes "that"-clauses."""
    for c in tok.children:
        if c.dep_ == "xcomp":
            return c
    ft = _for_to(tok)
    if ft is not None:
        return ft
    if finite:
        for c in tok.children:
            if c.dep_ == "ccomp":
                return c
    for c in tok.children:  # "said it would withdraw" is handled by reporting verbs
        if c.dep_ == "ccomp" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children):
            return c
    # "called on Japan to withdraw": complement hangs under the object
    for c in tok.children:
        if c.dep_ in ("dobj", "prep"):
            for g in c.children:
                if g.dep_ in ("xcomp", "acl") and g.tag_ == "VB":
                    return g
                if g.dep_ == "pobj":
                    for h in g.children:
                        if h.dep_ in ("xcomp", "acl", "relcl") and h.tag_ == "VB":
                            return h
    return None


def _noun_as_verb(tok: Token) -> bool:
    """A verb the tagger took for a plural noun, as it does in headlines ("Pakistan
    test-fires a missile", "Iran slams EU offer"): it has a direct object of its own and a
    name before it for a subject."""
    return tok.tag_ == "NNS" and any(c.dep_ == "dobj" for c in tok.children) and any(
        c.dep_ == "compound" and c.pos_ == "PROPN" and c.i == tok.i - 1 for c in tok.children)


def _subject(tok: Token) -> Token | None:
    """The subject of a verb, found through conjunctions, participles and control."""
    if _noun_as_verb(tok):
        return next(c for c in tok.children if c.dep_ == "compound" and c.i == tok.i - 1)
    t = tok
    for _ in range(6):
        for c in t.children:
            if c.dep_ in ("nsubj", "csubj"):
                if c.pos_ == "VERB":  # "The Red Cross operating in Iraq said": a parse slip
                    inner = next((g for g in c.children if g.dep_ == "nsubj"), None)
                    if inner is not None:
                        return inner
                if t.dep_ == "relcl" and c.tag_ in ("WP", "WDT") and t.head.pos_ in (
                        "NOUN", "PROPN") and not any(
                        a.dep_ == "aux" and a.lemma_ == "have" for a in t.children):
                    # "the police, who fired in the air, ...": the relative pronoun stands
                    # for the noun its clause describes (but "leaders, who had opposed the
                    # law": the perfect tells the actor's record, not an act of the story)
                    return t.head
                return c
        if t.dep_ == "relcl":
            return t.head
        if t.dep_ == "xcomp" and t.head.lemma_.lower() in _OBJECT_CONTROL:
            # "forcing them to open fire", "the police were forced to open fire": the one
            # forced acts
            obj = next((c for c in t.head.children if c.dep_ in ("dobj", "nsubjpass")), None)
            if obj is not None:
                return obj
        if t.dep_ == "conj" and t.tag_ in ("VBD", "VBZ", "VBP") and not any(
                c.dep_ in ("auxpass", "nsubjpass") for c in t.children):
            # "the police were pelted with stones and had to fire": a finite active conjunct
            # of a passive acts with the passive's subject
            sp = next((c for c in t.head.children if c.dep_ == "nsubjpass"), None)
            if sp is not None and not any(c.dep_ in ("nsubj", "csubj")
                                          for c in t.head.children):
                return sp
        if t.dep_ in ("conj", "xcomp", "advcl", "acl", "pcomp", "acomp") or (
                t.dep_ == "ccomp" and t.tag_ == "VB"):
            if t.dep_ == "acl" and t.tag_ == "VBN":
                return None
            was_acl = t.dep_ == "acl"
            t = t.head
            if t.pos_ in ("NOUN", "PROPN") and was_acl:
                if t.dep_ in ("dobj", "pobj") and t.head.pos_ in ("VERB", "ADP"):
                    # "issued a declaration demanding ...": the issuer demands
                    t = t.head if t.head.pos_ == "VERB" else t.head.head
                    continue
                return t
            continue
        if t.dep_ == "prep" or t.dep_ == "pobj":
            t = t.head
            continue
        break
    return None


def _actor_sector(actors: list[Entity]) -> str | None:
    if not actors:
        return None
    a = actors[0]
    if a.code in ("IGO", "NGO"):
        return "IGO" if a.code == "IGO" and not a.sector else a.sector
    return a.sector or "STATE"


#: Nouns that, with "the", point back to a state named before: "the island had accused them".
_STATE_NOUNS = {"country", "nation", "island", "kingdom", "republic", "emirate", "monarchy",
                "state", "regime"}


def _earlier(sa: SentenceActors, tok: Token) -> list[Entity]:
    """The coded mentions of this sentence before ``tok``, as entities, in order."""
    out = []
    for m in sa.mentions:
        if m.end <= tok.i and m.code != UNKNOWN:
            sp = sa.doc[m.start:m.end]
            out.append(Entity(m.code, m.sector, sp.text, sp.start_char, sp.end_char, m.name))
    return out


def _coded(ev: RawEvent) -> bool:
    """Somebody acts or is acted on: an actor the sentence names (however unknown its
    country), or a recipient that is a state, an organisation or a group by its role. What is
    left, nobody doing something to nobody ("residents were evacuated", "Chicago beat the
    Expos", "experts warned"), is no event."""
    if any(e.code != UNKNOWN or e.sector for e in ev.recipients):
        return True
    return any(e.code != UNKNOWN or not e.inferred for e in ev.actors)


def _named(ents: list[Entity]) -> bool:
    """Entities the sentence names with a known code (not inferred, not unknown)."""
    return bool(ents) and all(e.code != UNKNOWN and not e.inferred for e in ents)


def _same(e: Entity, others: list[Entity]) -> bool:
    return any(o.start == e.start and o.end == e.end for o in others)


def _shared_target(events: list[RawEvent], doc: Doc) -> set[int]:
    """"An Israeli tank opened fire and killed three Egyptian troops", "French soldiers fired
    to disperse protesters": one act told in two verbs, joined (a conjunct, a clause of purpose
    or of outcome), has one target. A hostile act that names none takes the target its partner
    verb names, rather than the actor's own state. Returns the events thereby told twice (the
    same type as their partner), which are one event."""
    by_token = {e.token: e for e in events}
    merged: set[int] = set()
    for e in events:
        if not e.own_recipient or e.type not in _HOSTILE:
            continue
        tok = doc[e.token]
        linked = [c.i for c in tok.children if c.dep_ in ("conj", "xcomp", "advcl")]
        if tok.dep_ in ("conj", "xcomp", "advcl"):
            linked.append(tok.head.i)
        codes = {a.code for a in e.actors}
        for i in linked:
            f = by_token.get(i)
            if f is None or f.own_recipient or not f.recipients or f.type not in _HOSTILE or \
                    {a.code for a in f.actors} != codes or \
                    all(r.code in codes | {UNKNOWN} for r in f.recipients):
                continue
            e.recipients = list(f.recipients)
            e.own_recipient = False
            if f.type == e.type and f.token not in merged:
                merged.add(e.token)
            break
    return merged


def _lethal_detail(events: list[RawEvent], doc: Doc, heads: set[int]) -> None:
    """"Police opened fire on the mob, killing two": the participle is a detail of the attack
    and is not an event of its own, but it says the attack killed. The attack keeps its
    actors and recipients and takes the participle as its trigger. So with a clause of
    result ("fired on a mob, in which two persons were killed") and a participle the parser
    hung on the attack's target ("fired at a mob killing two")."""
    by_token = {e.token: e for e in events}
    for e in events:
        tok = doc[e.token]
        if tok.dep_ == "advcl" and (tok.tag_ == "VBG" or tok.tag_ == "VBN" and not _background(
                tok) and all(a.inferred for a in e.actors)):
            head = by_token.get(tok.head.i)
        elif tok.dep_ == "acl" and tok.tag_ == "VBG" and tok.head.dep_ in ("dobj", "pobj"):
            target = tok.head.head if tok.head.dep_ == "dobj" else tok.head.head.head
            head = by_token.get(target.i)
        else:
            head = None
        if e.type == "ASSAULT" and \
                head is not None and head is not e and head.type == "ASSAULT" and \
                is_lethal(e.trigger_text) and not is_lethal(head.trigger_text):
            head.trigger_start, head.trigger_end = e.trigger_start, e.trigger_end
            head.trigger_text = e.trigger_text


def _dedupe(events: list[RawEvent]) -> list[RawEvent]:
    """One event per type and dyad in a sentence. Of two reports of one attack ("opened fire
    on the mob, killing two"), the one that says it killed is kept."""
    seen = set()
    first: dict[tuple, int] = {}
    out = []
    for e in events:
        # inside one state the actors differ by sector: "the mob attacked the police, who
        # opened fire" is two attacks, though both sides are Indian (but "Israel" and
        # "Israeli troops" are one actor: a state and its own forces)
        actors = tuple(sorted((a.code, a.sector or "") if a.sector in _DOMESTIC_SIDES
                              else (a.code, "") for a in e.actors))
        key = (e.type, actors, tuple(sorted(r.code for r in e.recipients)), e.token)
        key2 = (e.type, e.mode, actors, tuple(sorted(r.code for r in e.recipients)))
        if key in seen or (key2 in seen and e.actors):
            i = first.get(key2)
            if e.type == "ASSAULT" and i is not None and is_lethal(e.trigger_text) and not \
                    is_lethal(out[i].trigger_text):
                out[i] = e
            continue
        seen.add(key)
        seen.add(key2)
        first.setdefault(key2, len(out))
        out.append(e)
    return out
