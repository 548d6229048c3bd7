"""The trigger lexicon (``events/data/triggers.yaml``) loaded into lookup tables.

The YAML is written for people: grouped by event type, with verbs, nouns and verb+object
frames under each type. The extractor needs the opposite direction — from a lemma to its type —
so this module inverts it once and checks it: a verb or noun listed under two types is a
lexicon error (the extractor could not know which to pick), reported with the word's name.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

EVENT_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
               "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
               "COERCE", "ASSAULT")


@dataclass(frozen=True)
class Sense:
    """What a trigger word means: an event type and, where the word says it, a mode."""

    type: str
    mode: str | None = None


@dataclass
class Frame:
    verbs: frozenset[str]
    objects: frozenset[str]
    sense: Sense


@dataclass
class Retype:
    verbs: frozenset[str]
    object_types: frozenset[str]
    type: str


@dataclass
class ActorRetype:
    type: str
    triggers: frozenset[str] | None
    modes: frozenset
    sectors: frozenset[str]
    to: str
    to_mode: str | None
    #: only when the act has a recipient the text names (people, not buildings)
    needs_recipient: bool = False


@dataclass
class Lexicon:
    #: single-word verb lemma -> sense
    verbs: dict[str, Sense] = field(default_factory=dict)
    #: multi-word verbs: first word (the verb lemma) -> list of (rest words, sense), longest first
    phrasal: dict[str, list[tuple[tuple[str, ...], Sense]]] = field(default_factory=dict)
    #: noun lemma or multi-word noun (lower case) -> sense
    nouns: dict[str, Sense] = field(default_factory=dict)
    frames: list[Frame] = field(default_factory=list)
    light_verbs: frozenset[str] = frozenset()
    light_retype: list[Retype] = field(default_factory=list)
    control_verbs: dict[str, str | None] = field(default_factory=dict)
    typed_control: frozenset[str] = frozenset()
    hostile_promise: frozenset[str] = frozenset()
    #: verbs of inviting: AGREE for an invitation to visit or talk, REQUEST to do anything else
    invitation: frozenset[str] = frozenset()
    #: verbs whose subject undergoes the act their object names: "survived an assassination
    #: attempt", "came under fire" (verb, or verb + preposition)
    undergo: frozenset[str] = frozenset()
    #: verbs whose object tells of an act that did not happen: "foiled an attempt to burn"
    prevention: frozenset[str] = frozenset()
    #: words whose object is an act not (yet) done: "preparing an offensive", "fears of war"
    unreal_governors: frozenset[str] = frozenset()
    #: predicates that, said of another actor, accuse it: "said the war was illegal"
    blame: frozenset[str] = frozenset()
    #: prepositions and types of event nouns that take their clause's subject as actor
    #: ("said during a visit to Egypt")
    adjunct_preps: frozenset[str] = frozenset()
    adjunct_types: frozenset[str] = frozenset()
    #: nouns whose "to" or "that" clause is what was asked or offered ("a call for X to ...")
    content_nouns: frozenset[str] = frozenset()
    #: verbs whose several subjects act on each other: "clashed", "fought", "met"
    reciprocal: frozenset[str] = frozenset()
    #: verbs of release and the objects that make them news: "released a photo"
    media_verbs: frozenset[str] = frozenset()
    media_objects: frozenset[str] = frozenset()
    #: verbs of fighting and the causes that make them figurative: "fight corruption"
    figurative_verbs: frozenset[str] = frozenset()
    figurative_objects: frozenset[str] = frozenset()
    #: verbs of attack and the objects that make them verbal: "attacked Bush's handling"
    verbal_verbs: frozenset[str] = frozenset()
    verbal_objects: frozenset[str] = frozenset()
    reporting: frozenset[str] = frozenset()
    adjectives: dict[str, str | None] = field(default_factory=dict)
    mode_cues: dict[str, list[tuple[str, tuple[str, ...]]]] = field(default_factory=dict)
    actor_retype: list[ActorRetype] = field(default_factory=list)
    #: nouns that code only as objects of light verbs ("gave food"), never on their own
    object_only: frozenset[str] = frozenset()
    #: causes that are no actor ("hurricane", "bus accident"): attacks they cause are dropped
    non_agents: frozenset[str] = frozenset()
    #: domain -> words (lemmas, lower case) of news that is no political event: sports, markets
    off_topic: dict[str, frozenset[str]] = field(default_factory=dict)
    #: verbs that code only with a direct object ("returned the paintings"), and whether that
    #: object must be a proper name ("called Erdogan", not "called elections")
    transitive: dict[str, tuple[Sense, bool]] = field(default_factory=dict)
    #: verbs that code only when their subject is an armed force ("police fired", not "the
    #: company fired its manager")
    armed_subject: dict[str, Sense] = field(default_factory=dict)
    #: every word form that may start a trigger: used to skip sentences that cannot hold one
    cue_words: frozenset[str] = frozenset()
    frame_verb_words: frozenset[str] = frozenset()
    frame_object_words: frozenset[str] = frozenset()
    #: verb patterns converted from PETRARCH-2 (events/patterns.py), consulted after the hand
    #: lexicon; None when not built or for a lexicon loaded from a user path
    patterns: object = None
    #: frames by verb, for ``frame_for`` (built on first use)
    _frame_index: tuple | None = field(default=None, repr=False, compare=False)

    def has_cue(self, words: set[str] | frozenset[str]) -> bool:
        """Can a sentence with these (lower-case) words hold an event at all?"""
        if words & self.cue_words:
            return True
        return bool(words & self.frame_verb_words) and bool(words & self.frame_object_words)

    def frame_for(self, verb: str, objects: set[str]) -> Sense | None:
        """The first frame (in lexicon order) of ``verb`` with one of ``objects``."""
        index = self._frame_index
        if index is None or index[0] != len(self.frames):  # built once, rebuilt if frames grow
            by_verb: dict[str, list[Frame]] = {}
            for fr in self.frames:
                for v in fr.verbs:
                    by_verb.setdefault(v, []).append(fr)
            index = self._frame_index = (len(self.frames), by_verb)
        for fr in index[1].get(verb, ()):
            if objects & fr.objects:
                return fr.sense
        return None

    def retype_light(self, verb: str, sense: Sense) -> Sense:
        for rt in self.light_retype:
            if verb in rt.verbs and sense.type in rt.object_types:
                return Sense(rt.type, None)
        return sense


def _words(x) -> list[str]:
    if x is None:
        return []
    if isinstance(x, str):
        return [x]
    return [str(w) for w in x]


def _forms(lemma: str) -> set[str]:
    """Surface forms a lemma may take, for the cheap pre-filter (over-generating is harmless)."""
    w = lemma.split()[0]
    forms = {w, w + "s", w + "es", w + "ed", w + "d", w + "ing", w + "ment", w + "al"}
    if w.endswith("e"):
        forms |= {w[:-1] + "ing", w[:-1] + "ion", w[:-1] + "ation"}
    if w.endswith("y"):
        forms |= {w[:-1] + "ied", w[:-1] + "ies"}
    if len(w) > 2 and w[-1] not in "aeiouwxy" and w[-2] in "aeiou" and w[-3] not in "aeiou":
        forms |= {w + w[-1] + "ed", w + w[-1] + "ing"}
    return forms


#: Irregular forms of English verbs, for the pre-filter only (the parser lemmatizes).
_IRREGULAR_OF = {
    form: stem for stem, forms in {
        "meet": "met", "give": "gave given", "hold": "held", "stand": "stood", "send": "sent",
        "lead": "led", "fight": "fought", "shoot": "shot", "strike": "struck",
        "take": "took taken", "make": "made", "bring": "brought", "throw": "threw thrown",
        "withdraw": "withdrew withdrawn", "break": "broke broken", "seek": "sought",
        "hit": "hit", "cut": "cut", "put": "put", "set": "set", "begin": "began begun",
        "draw": "drew drawn", "go": "went gone", "come": "came", "freeze": "froze frozen",
        "undertake": "undertook undertaken", "forgive": "forgave forgiven", "slay": "slew slain",
        "beat": "beat beaten", "flee": "fled", "sink": "sank sunk", "swear": "swore sworn",
        "win": "won", "lend": "lent", "pay": "paid", "feed": "fed", "lay": "laid",
        "overrun": "overran overrun", "forbid": "forbade forbidden", "shut": "shut",
        "quit": "quit", "wound": "wounded", "fly": "flew flown", "rise": "rose risen",
        "speak": "spoke spoken", "sell": "sold", "teach": "taught", "hang": "hung hanged",
        "bind": "bound", "stick": "stuck", "steal": "stole stolen", "let": "let",
        "fall": "fell fallen", "lose": "lost", "catch": "caught",
    }.items() for form in forms.split()}


#: Function words a stem rule may generate ("accord" -> "according"): never cues on their own.
_NOT_CUES = frozenset("for of to in on at by with from up down out off according says say "
                      "said set made make".split())


@functools.lru_cache(maxsize=None)
def load_lexicon(path: str | None = None) -> Lexicon:
    """Load the bundled lexicon (or the YAML at ``path``) and invert it for lookup."""
    if path is None:
        text = resources.files("detente.events").joinpath("data/triggers.yaml").read_text("utf-8")
        where = "events/data/triggers.yaml"
    else:
        text = Path(path).read_text("utf-8")
        where = path
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    lex = Lexicon()
    cues: set[str] = set()
    verb_heads: set[str] = set()
    owner: dict[tuple[str, str], str] = {}
    for etype in EVENT_TYPES:
        block = data.get(etype) or {}
        for part in ("verbs", "nouns"):
            for word, mode in (block.get(part) or {}).items():
                word = str(word).lower().strip()
                key = (part, word)
                if key in owner:
                    raise ValueError(f"{where}: {part[:-1]} {word!r} is listed under both "
                                     f"{owner[key]} and {etype}")
                owner[key] = etype
                sense = Sense(etype, mode)
                if part == "verbs":
                    head, *rest = word.split()
                    if rest:
                        lex.phrasal.setdefault(head, []).append((tuple(rest), sense))
                    else:
                        lex.verbs[word] = sense
                    cues |= _forms(head)
                    verb_heads.add(head)
                else:
                    lex.nouns[word] = sense
                    cues |= _forms(word.split()[-1])  # "air strike": the head noun
        for fr in block.get("frames") or []:
            sense = Sense(etype, fr.get("mode"))
            verbs = frozenset(_words(fr["verb"]))
            lex.frames.append(Frame(verbs, frozenset(w.lower() for w in _words(fr["object"])),
                                    sense))
    for head in lex.phrasal:
        lex.phrasal[head].sort(key=lambda item: -len(item[0]))
    lex.light_verbs = frozenset(_words(data.get("light_verbs")))
    lex.object_only = frozenset(_words(data.get("object_only_nouns")))
    lex.non_agents = frozenset(str(w).lower() for w in data.get("non_agents") or ())
    lex.off_topic = {k: frozenset(str(w).lower() for w in v)
                     for k, v in (data.get("off_topic") or {}).items()}
    for verb, spec in (data.get("transitive_only") or {}).items():
        spec = spec if isinstance(spec, dict) else {"type": spec}
        if spec.get("type") not in EVENT_TYPES:
            raise ValueError(f"{where}: transitive_only {verb!r}: unknown type {spec.get('type')!r}")
        lex.transitive[str(verb)] = (Sense(spec["type"], spec.get("mode")),
                                     spec.get("object") == "proper")
        cues |= _forms(str(verb))
    for verb, spec in (data.get("armed_subject_only") or {}).items():
        spec = spec if isinstance(spec, dict) else {"type": spec}
        if spec.get("type") not in EVENT_TYPES:
            raise ValueError(f"{where}: armed_subject_only {verb!r}: unknown type "
                             f"{spec.get('type')!r}")
        lex.armed_subject[str(verb)] = Sense(spec["type"], spec.get("mode"))
        cues |= _forms(str(verb)) | {str(verb).split()[-1]}  # "were on duty": "duty"
    for rt in data.get("light_verb_retype") or []:
        lex.light_retype.append(Retype(frozenset(_words(rt["verb"])),
                                       frozenset(_words(rt["object_type"])), rt["type"]))
    lex.control_verbs = {str(k): v for k, v in (data.get("control_verbs") or {}).items()}
    lex.typed_control = frozenset(_words(data.get("typed_control")))
    lex.hostile_promise = frozenset(_words(data.get("hostile_promise_verbs")))
    lex.invitation = frozenset(_words(data.get("invitation_verbs")))
    lex.undergo = frozenset(_words(data.get("undergo_verbs")))
    lex.prevention = frozenset(_words(data.get("prevention_verbs")))
    lex.unreal_governors = frozenset(_words(data.get("unreal_governors")))
    lex.blame = frozenset(_words(data.get("blame_predicates")))
    nominal = data.get("nominal_participants") or {}
    lex.adjunct_preps = frozenset(_words(nominal.get("adjunct_preps")))
    lex.adjunct_types = frozenset(_words(nominal.get("adjunct_types")))
    lex.content_nouns = frozenset(_words(data.get("content_nouns")))
    lex.reciprocal = frozenset(_words(data.get("reciprocal_verbs")))
    media = data.get("media_release") or {}
    lex.media_verbs = frozenset(_words(media.get("verbs")))
    lex.media_objects = frozenset(_words(media.get("objects")))
    fig = data.get("figurative_attack") or {}
    lex.figurative_verbs = frozenset(_words(fig.get("verbs")))
    lex.figurative_objects = frozenset(_words(fig.get("objects")))
    verbal = data.get("verbal_attack") or {}
    lex.verbal_verbs = frozenset(_words(verbal.get("verbs")))
    lex.verbal_objects = frozenset(_words(verbal.get("objects")))
    lex.reporting = frozenset(_words(data.get("reporting_verbs")))
    lex.adjectives = dict(data.get("adjectives") or {})
    for etype, modes in (data.get("mode_cues") or {}).items():
        lex.mode_cues[etype] = [(mode, tuple(w.lower() for w in words))
                                for mode, words in modes.items()]
    for rt in data.get("actor_retype") or []:
        trig = frozenset(_words(rt.get("trigger"))) or None
        modes = frozenset(rt["mode"]) if "mode" in rt else None
        lex.actor_retype.append(ActorRetype(rt["type"], trig, modes,
                                            frozenset(_words(rt["actor_sector"])), rt["to"],
                                            rt.get("to_mode"), bool(rt.get("with_recipient"))))
    # Light verbs are not cues: alone they code nothing, and their event nouns are cues already.
    # A frame needs its verb and its object: the pair is checked by `has_cue`.
    for v in list(lex.adjectives) + list(lex.typed_control):
        cues |= _forms(v)
        verb_heads.add(v)
    frame_heads = {v.split()[0] for fr in lex.frames for v in fr.verbs}
    frame_verbs: set[str] = set()
    frame_objects: set[str] = set()
    for fr in lex.frames:
        frame_objects |= {w.split()[-1] for w in fr.objects}
    for head in frame_heads:
        frame_verbs |= _forms(head)
    for form, stem in _IRREGULAR_OF.items():
        if stem in verb_heads:
            cues.add(form)
        if stem in frame_heads:
            frame_verbs.add(form)
    cues |= {"must", "should"}  # "X said Y must withdraw" is a demand
    lex.cue_words = frozenset(cues - _NOT_CUES)
    if path is None:
        from detente.events.patterns import load_patterns
        lex.patterns = load_patterns()
        if lex.patterns is not None:  # a pattern needs its verb and one of its nouns
            for v in lex.patterns.cue_verbs():
                frame_verbs |= _forms(v)
            frame_verbs |= {f for f, stem in _IRREGULAR_OF.items() if stem in lex.patterns.verbs}
            for w in lex.patterns.object_words():
                frame_objects |= {w, w + "s", w + "es"}
    lex.frame_verb_words = frozenset(frame_verbs)
    lex.frame_object_words = frozenset(frame_objects)
    return lex
