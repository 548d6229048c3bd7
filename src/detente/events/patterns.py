"""Verb patterns converted from PETRARCH-2's CAMEO dictionary (``events/data/generated/``).

The hand lexicon (``triggers.yaml``) decides first; these patterns answer only for a verb it
does not code: "rushed relief supplies" (AID), "lodged a complaint" (ACCUSE). A pattern is a
verb of a CAMEO synonym block plus its direct object's head noun and/or a prepositional phrase;
the files, their origin and the filters applied are described in
``scripts/build_cameo_patterns.py``. Loaded and compiled once per process into dictionaries
keyed by verb lemma and noun, so a lookup costs a few set operations.

Bare verbs (a CAMEO verb coding on its own) are used only for the event types in
``BARE_TYPES``: measured on the check sets, most bare CAMEO verbs are too ambiguous without
their object (see the README, "Dictionaries from PETRARCH-2").
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources

from spacy.tokens import Token

from detente.events.lexicon import Sense

#: event types whose bare CAMEO verbs code without an object or preposition (measured)
BARE_TYPES: frozenset[str] = frozenset()
#: prepositional patterns without a noun ("rush to") are too loose to use (measured)
PREP_ONLY = False


@dataclass(frozen=True)
class Pattern:
    obj: tuple[str, ...] | None   # required words of the direct object, head last; or None
    prep: str | None
    pobj: tuple[str, ...] | None  # required words of the prepositional object, head last
    sense: Sense

    @property
    def weight(self) -> int:
        """More specific patterns are tried first."""
        return (2 if self.obj else 0) + (2 if self.pobj else 0) + (1 if self.prep else 0) + \
            len(self.obj or ()) + len(self.pobj or ())


@dataclass
class VerbPatterns:
    #: verb lemma -> [(particle or "", block)]
    verbs: dict[str, list[tuple[str, str]]]
    #: block -> patterns, most specific first
    patterns: dict[str, list[Pattern]]
    #: (verb, particle) -> sense of the verb alone
    bare: dict[tuple[str, str], Sense]
    #: block -> head noun -> [(position in the block, pattern)], built on first use
    _index: dict = field(default_factory=dict, repr=False)

    def cue_verbs(self) -> set[str]:
        return set(self.verbs)

    def object_words(self) -> set[str]:
        """Head nouns of all patterns (the cue pre-filter needs one of them and a verb)."""
        out: set[str] = set()
        for pats in self.patterns.values():
            for p in pats:
                for np in (p.obj, p.pobj):
                    if np:
                        out.add(np[-1])
        return out

    def match(self, tok: Token, lemma: str) -> tuple[Sense, Token | None] | None:
        """The sense of verb ``tok`` (lemma ``lemma``) by pattern, and the object that made it."""
        entries = self.verbs.get(lemma)
        if not entries:
            return None
        kids = {c.lower_ for c in tok.children if c.dep_ in ("prt", "prep", "advmod")}
        objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        preps = [(c.lower_, g) for c in tok.children if c.dep_ in ("prep", "agent", "dative")
                 for g in c.children if g.dep_ == "pobj"]
        prep_words = {c.lower_ for c in tok.children if c.dep_ in ("prep", "agent", "dative")}
        # a pattern can only match when the head of its object (or, without one, of its
        # prepositional object) is the lemma or form of one of the verb's objects
        heads = {w for o in objs for w in (o.lemma_.lower(), o.lower_)}
        heads.update(w for _, g in preps for w in (g.lemma_.lower(), g.lower_))
        for particle, block in entries:
            if particle and not all(w in kids for w in particle.split()):
                continue
            for p in self._candidates(block, heads):
                if p.obj:
                    hit = next((o for o in objs if _np_matches(o, p.obj)), None)
                    if hit is None:
                        continue
                else:
                    hit = None
                if p.prep:
                    if p.pobj:
                        pm = next((g for w, g in preps if w == p.prep and _np_matches(g, p.pobj)),
                                  None)
                        if pm is None:
                            continue
                        hit = hit or pm
                    elif p.prep not in prep_words:
                        continue
                return p.sense, hit
            sense = self.bare.get((lemma, particle))
            if sense is not None and sense.type in BARE_TYPES:
                return sense, None
        return None


    def _candidates(self, block: str, heads: set[str]) -> list[Pattern]:
        """The patterns of ``block`` keyed by one of ``heads``, in the block's order."""
        index = self._index.get(block)
        if index is None:
            index = self._index[block] = {}
            for k, p in enumerate(self.patterns.get(block, ())):
                head = p.obj[-1] if p.obj else p.pobj[-1] if p.pobj else None
                index.setdefault(head, []).append((k, p))
        found = list(index.get(None, ()))  # a pattern with neither object (PREP_ONLY)
        for h in heads:
            found += index.get(h, ())
        if len(found) > 1:
            found.sort(key=lambda kp: kp[0])
        return [p for _, p in found]


def _np_matches(head: Token, words: tuple[str, ...]) -> bool:
    if head.lemma_.lower() != words[-1] and head.lower_ != words[-1]:
        return False
    if len(words) == 1:
        return True
    mods = {c.lower_ for c in head.children if c.dep_ in ("amod", "compound", "nmod")} | \
        {c.lemma_.lower() for c in head.children if c.dep_ in ("amod", "compound", "nmod")}
    return all(w in mods for w in words[:-1])


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("detente.events").joinpath(f"data/generated/{name}").read_text("utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, ln.split("\t"))) for ln in lines[1:]]


@functools.lru_cache(maxsize=1)
def load_patterns() -> VerbPatterns | None:
    """The generated patterns, or None when they were not built."""
    try:
        vrows, prows, srows = (_rows("cameo_verbs.tsv"), _rows("cameo_patterns.tsv"),
                               _rows("cameo_synsets.tsv"))
    except FileNotFoundError:
        return None
    synsets = {r["synset"]: [tuple(w.split()) for w in r["words"].split(";") if w]
               for r in srows}
    verbs: dict[str, list[tuple[str, str]]] = {}
    bare: dict[tuple[str, str], Sense] = {}
    for r in vrows:
        verbs.setdefault(r["verb"], []).append((r["particle"], r["block"]))
        if r["type"]:
            bare[(r["verb"], r["particle"])] = Sense(r["type"], r["mode"] or None)
    for v in verbs:  # phrasal entries ("cordon off") before the plain verb
        verbs[v].sort(key=lambda e: -len(e[0]))
    patterns: dict[str, list[Pattern]] = {}
    for r in prows:
        if not r["prep_object"] and not r["object"] and not PREP_ONLY:
            continue
        sense = Sense(r["type"], r["mode"] or None)
        for obj in _expand(r["object"], synsets):
            for pobj in _expand(r["prep_object"], synsets):
                patterns.setdefault(r["block"], []).append(
                    Pattern(obj, r["prep"] or None, pobj, sense))
    for pats in patterns.values():
        pats.sort(key=lambda p: -p.weight)
    return VerbPatterns(verbs, patterns, bare)


def _expand(np: str, synsets: dict[str, list[tuple[str, ...]]]) -> list[tuple[str, ...] | None]:
    """'financial &aid' -> every (words) tuple it stands for; '' -> [None]."""
    if not np:
        return [None]
    out: list[tuple[str, ...]] = [()]
    for w in np.split():
        if w.startswith("&"):
            out = [o + m for o in out for m in synsets.get(w[1:], [])]
        else:
            out = [o + (w,) for o in out]
    return [o for o in out if o]
