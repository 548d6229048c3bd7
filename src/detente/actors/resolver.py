"""Where actors are resolved: from a parsed sentence and a date to coded entities.

Two steps. ``ActorFinder.mentions`` marks every name the gazetteers know in a sentence (states by
name, adjective, demonym, capital or metonym; IGOs and NGOs; office holders; user actors) and every
sector word ("troops", "foreign minister"). ``ActorFinder.entities`` then reads one noun phrase —
the subject or object the event rules picked — and turns it into entities: the phrase's own
name ("Japan"), or the state that modifies its head ("Japanese officials", "Japan's foreign
minister", "the government of Japan", "opposition groups in Zimbabwe"), with the sector from the
head noun or title, one entity per conjunct ("the United States and Jordan"). A person introduced
by title and nationality ("Israeli Prime Minister Ehud Barak") needs no list; a bare name
("Gromyko") is looked up among office holders at the event's date.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

import yaml
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from detente import places
from detente.actors.gazetteer import Gazetteer
from detente.actors.people import PeopleIndex
from detente.records import Entity

UNKNOWN = "---"
#: Dependency labels of a head's children that belong to its noun phrase.
_NP_DEPS = {"det", "amod", "compound", "poss", "nmod", "nummod", "quantmod", "case", "prep",
            "pobj", "flat", "appos", "advmod", "npadvmod", "predet", "punct", "poss", "pcomp",
            "neg", "dep", "nn"}
#: Prepositions through which a phrase names whose it is: "the government of Japan".
_OWNER_PREPS = {"of", "in", "from", "for", "throughout", "across", "inside", "within"}
#: Heads that only count or group: "tens of thousands of students", "a group of refugees".
_QUANTITY = {"tens", "thousands", "hundreds", "dozens", "millions", "scores", "group",
             "groups", "number", "some", "many", "most", "all", "part", "third", "half",
             "quarter", "majority", "minority", "handful", "crowd", "band", "batch", "patch",
             "contingent", "wave", "body", "unit", "one", "two", "several", "few", "none",
             "each", "any", "both", "rest", "bulk", "team", "delegation", "force", "column",
             # the units forces are counted in: "four companies of paramilitary forces",
             # "two columns of the army"
             "columns", "company", "companies", "platoon", "platoons", "contingents", "much",
             # "a posse of policemen", "a battalion of the BSF"
             "posse", "battalion", "battalions", "detachment", "squad"}
#: Nouns for people or bodies that take their sector from a modifier: "rebel group",
#: "opposition leaders", "army spokesman" (unlike "intelligence sharing", "police station").
_AGENT_HEADS = frozenset("""group faction movement organization organisation coalition front
    leader member spokesman spokeswoman spokesperson commander chief official fighter unit
    wing supporter source body figure activist column columns contingent contingents
    personnel companies platoons squad squads""".split())
#: Codes that say what kind of organisation, not which: the entity keeps the name.
_NAMED = {"IGO", "NGO", "MNC", "IMG", "ISM"}
_PRONOUNS_STATE = {"it", "its", "they", "their", "them"}
_PRONOUNS_PERSON = {"he", "she", "his", "her", "him"}


@dataclass
class Mention:
    """A gazetteer hit in a sentence: tokens [start, end) of the sentence doc."""

    start: int
    end: int
    code: str
    kind: str
    name: str | None
    sector: str | None


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.lru_cache(maxsize=None)
def _sector_file(name: str) -> dict:
    """A sector file of ``actors/data`` as written (sector code -> words); empty if absent."""
    f = resources.files("detente.actors").joinpath("data").joinpath(name)
    if not f.is_file():
        return {}
    return yaml.load(f.read_text("utf-8"), Loader=_YAML_LOADER) or {}


@functools.lru_cache(maxsize=1)
def load_sectors() -> dict[str, str]:
    """Sector word (lower case, possibly several words) -> sector code."""
    out: dict[str, str] = {}
    # the hand file first: it wins over the generated words (scripts/build_phoenix_sectors.py)
    for name in ("sectors.yaml", "generated/sectors_phoenix.yaml"):
        for code, words in _sector_file(name).items():
            for w in words or []:
                out.setdefault(str(w).lower(), code)
    return out


def cased_sector_words() -> list[str]:
    """The sector words ``sectors.yaml`` writes with capitals ("DCP", "CRPF"): initials, which
    a lower-cased copy should get back before parsing (the tagger reads "dcp" as a verb)."""
    return [str(w) for words in _sector_file("sectors.yaml").values() for w in words or []
            if str(w) != str(w).lower()]


#: where ``ActorFinder._matches`` keeps its answer in ``Doc.user_data``
_MATCHES_KEY = "detente.actor_matches"


class SentenceActors:
    """The mentions and sector words of one parsed sentence, indexed by token."""

    def __init__(self, doc: Doc, mentions: list[Mention], sectors: dict[int, tuple[int, str]]):
        self.doc = doc
        self.mentions = mentions
        self.by_token: dict[int, Mention] = {}
        for m in mentions:
            for i in range(m.start, m.end):
                self.by_token[i] = m
        #: token index of a sector word's head -> (first token of the sector phrase, code)
        self.sectors = sectors
        #: the state where the document was filed (its dateline), the country of actors and
        #: places the sentence leaves unnamed; set by the coder
        self.home: str | None = None

    def states(self) -> list[Mention]:
        return [m for m in self.mentions if m.code not in (UNKNOWN,)]


class ActorFinder:
    """Finds and resolves actor phrases; build once per Coder (it holds the matchers)."""

    def __init__(self, vocab, dictionaries=()):
        # YAML files extend the gazetteers; TSV files (the office_holders.tsv format) add people
        yaml_files = [d for d in dictionaries if not str(d).lower().endswith(".tsv")]
        tsv_files = [d for d in dictionaries if str(d).lower().endswith(".tsv")]
        self.gazetteer = Gazetteer.load(yaml_files)
        self.people = PeopleIndex.load(tsv_files)
        self.sector_words = load_sectors()
        self.max_sector_words = max(len(w.split()) for w in self.sector_words)
        # every ending of a sector phrase that starts a word: a phrase can end only at a word
        # that is one of them (``_sectors`` passes over the others)
        self._sector_ends = frozenset(w[j:] for w in self.sector_words for j in range(len(w))
                                      if j == 0 or w[j - 1] == " ")
        self.matcher = PhraseMatcher(vocab, attr="LOWER")
        from spacy.lang.en import English
        tok = English().tokenizer
        forms = {f for f in self.gazetteer.surface_forms() if f.strip()}
        forms |= {f for f in self.people.surface_forms() if f.strip()}
        # A form of plain words ("Alexander Downer") tokenizes as its words: such forms, tens of
        # thousands with the generated tables, are looked up by their lower-case words
        # (``_plain_spans``), which costs nothing to build; the rest go to the phrase matcher.
        self._plain: set[str] = set()
        self._plain_first: dict[str, set[int]] = {}
        other = []
        for f in forms:
            if f.isascii() and f.replace(" ", "").isalpha():
                words = f.lower().split()
                self._plain.add(" ".join(words))
                self._plain_first.setdefault(words[0], set()).add(len(words))
            else:
                other.append(f)
        self.matcher.add("ACTOR", [tok(f) for f in sorted(other)])

    def _matches(self, doc: Doc) -> list[tuple[int, int]]:
        """(start, end) of every known form in ``doc``, overlapping ones included, as a
        PhraseMatcher on LOWER would give them. Remembered on the doc: the era of an undated
        text and the mentions of its sentences both ask."""
        known = doc.user_data.get(_MATCHES_KEY)
        if known is not None:
            return list(known)
        out = self._find_matches(doc)
        doc.user_data[_MATCHES_KEY] = tuple(out)
        return out

    def _find_matches(self, doc: Doc) -> list[tuple[int, int]]:
        out = [(s, e) for _, s, e in self.matcher(doc)]
        lowers = [t.lower_ for t in doc]
        for i, w in enumerate(lowers):
            for n in self._plain_first.get(w, ()):
                if i + n <= len(lowers) and " ".join(lowers[i:i + n]) in self._plain:
                    out.append((i, i + n))
        return out

    # ---- the era of an undated text -------------------------------------------------------

    def era(self, docs: list[Doc]) -> str | None:
        """A year for resolving names in a text that gives no date (see :meth:`era_evidence`):
        the middle of the period in which all its time-bound names existed together."""
        lo, hi = None, None
        for doc in docs:
            ev = self.era_evidence(doc)
            if ev is None:
                continue
            lo = ev[0] if lo is None else max(lo, ev[0])
            hi = ev[1] if hi is None else min(hi, ev[1])
        if lo is None or hi is None or lo >= hi:
            return None  # no evidence, or names of different eras: no single period
        return str((lo + hi) // 2)

    def era_evidence(self, doc: Doc) -> tuple[int, int] | None:
        """The years (from, to) a sentence's names place it in, or None.

        Evidence is a name that belongs to a past era: an entry that has ceased to exist
        ("Soviet", "USSR", "Leningrad", "Yugoslavia") bounds the period from both sides. Names
        valid today ("Georgia", "Ukraine", founded 1991) say nothing about when a text was
        written (they still exist), so they are no evidence on their own: an undated "Russia
        condemned Georgia" is today's Russia. Ambiguous names (Moscow, the Kremlin, Russia)
        are never evidence; they take the era of the evidence around them."""
        lo, hi = None, None
        for s, e in self._matches(doc):
            cands = self.gazetteer.candidates(doc[s:e].text)
            entries = {id(c[0]): c[0] for c in cands}
            if len(entries) != 1:
                continue
            entry = next(iter(entries.values()))
            if entry.valid_to is None:
                continue
            a = entry.valid_from.year if entry.valid_from is not None else entry.valid_to.year - 50
            b = entry.valid_to.year
            lo = a if lo is None else max(lo, a)
            hi = b if hi is None else min(hi, b)
        if lo is None or hi is None or lo >= hi:
            return None
        return lo, hi

    def place_state(self, *names: str | None, date: str | None = None) -> str | None:
        """The state a dateline's place names ("BAGHDAD, Iraq", "KABUL"), the first of
        ``names`` that resolves to a state; organisations ("UNITED NATIONS") are no place."""
        for name in names:
            if not name:
                continue
            hit = self.gazetteer.resolve(name, date)
            if hit is not None and hit.code not in _NAMED and len(hit.code) == 3:
                return hit.code
        return None

    # ---- mentions -------------------------------------------------------------------------

    def mentions(self, doc: Doc, date: str | None, context: tuple[str, ...] | list[str] = ()
                 ) -> SentenceActors:
        """The gazetteer hits and sector words of a sentence. ``context`` lists the states the
        story has named before (its dateline first, then the latest mentions): with the states
        this sentence names, they choose among the bodies that share a name (below)."""
        spans = [doc[s:e] for s, e in self._matches(doc)]
        spans.sort(key=lambda sp: (-(sp.end - sp.start), sp.start))
        taken: set[int] = set()
        found: list[Mention] = []
        for sp in spans:
            if any(i in taken for i in range(sp.start, sp.end)):
                continue
            if self.gazetteer.is_blocked(sp.text):  # "Latin America" is no America
                taken.update(range(sp.start, sp.end))
                continue
            m = self._resolve_span(sp, date)
            if m is None:
                continue
            if sp.start >= 2 and doc[sp.start - 1].text == "-" and doc[sp.start - 2].lower_ in (
                    "pro", "anti", "non", "ex"):
                continue  # "pro-Iranian Hizbollah" is not Iranian
            if m.kind == "body-adjective" and not (
                    sp.end < len(doc) and doc[sp.end].is_lower and doc[sp.end].is_alpha
                    and doc[sp.end].lower_ not in ("of", "and", "or")):
                continue  # "Republican leaders", not "the Democratic Unionist Party"
            if m.kind == "body" and sp.end + 1 < len(doc) and doc[sp.end].lower_ == "of" and \
                    doc[sp.end + 1].text[:1].isupper():
                continue  # "the Congress of South African Trade Unions" is another body
            if m.kind in ("demonym", "adjective") and sp.start >= 1 and \
                    doc[sp.start - 1].lower_ == "ethnic":
                continue  # "ethnic Albanians in Serbia" are a group, not Albania
            found.append(m)
            taken.update(range(sp.start, sp.end))
        found.sort(key=lambda m: m.start)
        self._bodies_in_context(doc, found, date, context)
        return SentenceActors(doc, found, self._sectors(doc))

    def _bodies_in_context(self, doc: Doc, found: list[Mention], date: str | None,
                           context) -> None:
        """A party or agency name that several states' bodies share ("Labor", "Democrats",
        "Conservatives") is the one of the state the sentence names besides it ("Labor leader
        Mark Latham", "Democrats ... Hong Kong's legislature"), else of the state the story
        is about (its dateline, the states of the sentences before); else the gazetteer's
        first reading stands."""
        if not any(m.kind == "body" for m in found):
            return
        here = [m.code for m in found
                if m.kind != "body" and m.code not in _NAMED and m.code != UNKNOWN]
        for k, m in enumerate(found):
            if m.kind != "body":
                continue
            text = doc[m.start:m.end].text
            for prefer in (here, list(context)):
                hit = self.gazetteer.resolve(text, date, prefer=prefer) if prefer else None
                if hit is not None and hit.code in prefer:
                    if hit.code != m.code:
                        found[k] = Mention(m.start, m.end, hit.code, hit.kind, hit.name,
                                           hit.sector)
                    break

    def _resolve_span(self, sp: Span, date: str | None) -> Mention | None:
        text = sp.text
        hit = self.gazetteer.resolve(text, date)
        if hit is not None:
            kind = hit.kind
            # "Jordan" the person, "Chad" the name, "Georgia" the US state are beyond a
            # gazetteer; a lower-case match of a capitalised form ("china" plates) is not a state.
            if text[:1].islower() and not text.isupper() and \
                    not self.gazetteer.listed_lowercase(text):
                return None
            return Mention(sp.start, sp.end, hit.code, kind, hit.name, hit.sector)
        person = self.people.resolve(text, date)
        if person is not None and sp.start > 0:
            prev = sp.doc[sp.start - 1]
            if prev.pos_ == "PROPN" and prev.lower_ not in self.sector_words and \
                    prev.text[:1].isupper() and \
                    prev.lower_.rstrip(".") not in places.person_titles():
                # (a title is no first name: "Sen. John Kerry")
                return None  # "Prosper Avril" is not (Avril) Haines: the first name differs
        if person is not None and text[:1].isupper():
            return Mention(sp.start, sp.end, person.code, "person", person.name, person.sector)
        return None

    def _sectors(self, doc: Doc) -> dict[int, tuple[int, str]]:
        out: dict[int, tuple[int, str]] = {}
        words = [t.lower_ for t in doc]
        lemmas = [t.lemma_.lower() for t in doc]
        ends = self._sector_ends
        for i in range(len(doc)):
            if words[i] not in ends and lemmas[i] not in self.sector_words:
                continue  # no sector phrase ends with this word
            if doc[i].pos_ not in ("NOUN", "PROPN") and doc[i].dep_ not in (
                    "compound", "nsubj", "nsubjpass"):
                continue  # "to press their demands" is no press (but lower-case initials the
                # tagger took for a verb, "dcp r.j. savani", "the igp arrested", are nouns)
            for n in range(min(self.max_sector_words, i + 1), 0, -1):
                phrase = " ".join(words[i - n + 1:i + 1])
                code = self.sector_words.get(phrase)
                if code is None and n == 1:
                    code = self.sector_words.get(lemmas[i])
                if code is not None:
                    out[i] = (i - n + 1, code)
                    break
        return out

    # ---- noun phrases -> entities --------------------------------------------------------

    def entities(self, head: Token, sa: SentenceActors, *, animate_only: bool = True
                 ) -> list[Entity]:
        """Entities for the noun phrase headed by ``head`` (and its conjuncts)."""
        out: list[Entity] = []
        for h in _conjuncts(head):
            out.extend(self._entities_one(h, sa, animate_only))
        # de-duplicate same code+sector
        seen, uniq = set(), []
        for e in out:
            key = (e.code, e.sector, e.start)
            if key not in seen:
                seen.add(key)
                uniq.append(e)
        return uniq

    def _entities_one(self, head: Token, sa: SentenceActors, animate_only: bool
                      ) -> list[Entity]:
        doc = sa.doc
        if head.lower_ in _QUANTITY and head.i not in sa.by_token:
            for c in head.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    inner = [g for g in c.children if g.dep_ == "pobj"]
                    if inner:
                        ents = self.entities(inner[0], sa, animate_only=animate_only)
                        if ents:
                            return ents
        full = _np_tokens(head)
        # the reported span leaves out an apposition ("Gorbachev, the first Soviet leader to
        # visit Japan"), which still may say whose the phrase is
        appos = {t.i for c in head.children if c.dep_ == "appos" for t in c.subtree}
        toks = (full - appos) or full
        start_tok, end_tok = min(toks), max(toks) + 1
        while end_tok - 1 > start_tok and doc[end_tok - 1].is_punct:
            end_tok -= 1
        # trim leading determiners/punctuation from the reported span
        while start_tok < end_tok - 1 and doc[start_tok].dep_ in ("det", "punct", "cc", "predet"):
            start_tok += 1
        span = doc[start_tok:end_tok]
        sector = self._sector_of(head, sa, toks)
        if head.lower_ in _NAMED_DOCS or head.lemma_.lower() in _NAMED_DOCS:
            # "the Paris Peace Accords", "the Treaty of Portsmouth": a place in a document's name
            # is where it was signed, not whose it is; "a U.N. resolution", "Japan's treaty" are
            codes = [m for m in self._codes_of(head, sa, full)
                     if m.kind not in ("capital", "name") or any(
                         sa.doc[i].dep_ == "poss" for i in range(m.start, m.end))]
        else:
            codes = self._codes_of(head, sa, toks) or self._codes_of(head, sa, full)
        if not codes:
            place = _place_actor(head, span) if animate_only else None
            if place is not None:
                # "Michigan asked the Supreme Court", "Chicago police": a province or a large
                # city that acts stands for its state, as the annotation guidelines code a city
                # (as a recipient, a place name is more often where than whom)
                return [Entity(place, sector, span.text, span.start_char, span.end_char)]
            if head.lower_ in _PRONOUNS_STATE | _PRONOUNS_PERSON:
                return []
            if sector is None and not _animate(head):
                return []
            if not animate_only and sector is None and not _person(head, sa):
                return []  # a recipient of unknown country must at least be a person or group
            if animate_only and sector is None and head.pos_ != "PROPN" and head.tag_ != "NNS":
                return []  # plural common nouns are groups of people often enough: "prisoners"
            sp = _head_span(doc, head, toks, set())
            return [Entity(UNKNOWN, sector, sp.text, sp.start_char, sp.end_char)]
        out = []
        for m in codes:
            sec = sector
            if m.kind == "person":
                sec = sec or "GOV"
            elif m.sector and (m.start <= head.i < m.end):
                sec = m.sector
            name = m.name if m.code in _NAMED or m.kind == "person" else None
            sp = _head_span(doc, head, toks, set(range(m.start, m.end)))
            out.append(Entity(m.code, sec, sp.text, sp.start_char, sp.end_char, name))
        return out

    def _sector_of(self, head: Token, sa: SentenceActors, toks: set[int]) -> str | None:
        m = sa.by_token.get(head.i)
        if m is not None and m.kind != "person":
            return m.sector  # "Soviet Union" is a state, not a labour union
        # a sector phrase that runs on past its head: "commissioner of police",
        # "superintendent of police" (found at their last word) say whose the head is
        around = [(st, i, code) for i, (st, code) in sa.sectors.items()
                  if st <= head.i < i and i in toks]
        if around:
            return min(around, key=lambda x: x[0])[2]
        hit = sa.sectors.get(head.i)
        if hit is not None and hit[1] == "BUS" and head.lower_ in _AGENT_HEADS:
            # "SRP companies", "CRPF companies": the units of an armed force, not firms
            armed = [sa.sectors[c.i][1] for c in head.children
                     if c.dep_ == "compound" and c.i in sa.sectors
                     and sa.sectors[c.i][1] in ("COP", "MIL")]
            if armed:
                return armed[0]
        if hit is not None:
            return hit[1]
        # a title before a person's name: "President Mugabe", "Foreign Minister Gromyko"; not
        # a sector word modifying a thing ("intelligence sharing", "police station")
        if head.pos_ == "PROPN" or head.lemma_.lower() in _AGENT_HEADS:
            for c in head.children:
                if c.dep_ in ("compound", "nmod", "amod", "appos") and c.i in sa.sectors:
                    return sa.sectors[c.i][1]
        if head.pos_ == "PROPN":
            # a title in the chain of compounds before a name, which lower-cased copy does not
            # capitalise: "police commissioner rakesh maria" (police -> commissioner -> rakesh
            # -> maria)
            for i in sorted(toks):
                if i < head.i and i in sa.sectors and _compounds_into(sa.doc[i], head):
                    return sa.sectors[i][1]
        for i in sorted(toks):
            if i < head.i and i in sa.sectors and doc_is_title(sa.doc[i]):
                return sa.sectors[i][1]
        return None

    def _codes_of(self, head: Token, sa: SentenceActors, toks: set[int]) -> list[Mention]:
        """The mentions that say whose phrase this is, best first; coordinated ones all kept."""
        m = sa.by_token.get(head.i)
        if m is not None and m.kind == "body":
            # "the Italian Senate", "Australian Labor": a state before the body says whose
            own = [sa.by_token[i] for i in sorted(toks)
                   if i < m.start and i in sa.by_token
                   and sa.by_token[i].kind in ("name", "adjective")
                   and _modifies(sa.doc[i], m.start, m.end)]
            return [own[0]] if own else [m]
        if m is not None and m.kind == "person":
            # "UN High Commissioner for Refugees Ruud Lubbers", "EU foreign policy chief Javier
            # Solana": an organisation's office in the title says for whom the person acts now,
            # whatever state the people tables remember them from
            office = [sa.by_token[i] for i in sorted(toks)
                      if i < m.start and i in sa.by_token and sa.by_token[i].code == "IGO"
                      and _modifies(sa.doc[i], m.start, m.end, steps=4)]
            if office:
                return [office[0]]
        if m is not None and m.kind != "demonym":
            return [m]
        ranked: list[tuple[int, int, Mention]] = []
        for i in toks:
            mm = sa.by_token.get(i)
            if mm is None:
                continue
            tok = sa.doc[i]
            # how directly the mention modifies the head
            depth, t = 0, tok
            while t.i != head.i and depth < 6:
                t, depth = t.head, depth + 1
            rank = depth
            if tok.dep_ == "pobj" and tok.head.lower_ not in _OWNER_PREPS:
                rank += 5  # "talks with Japan" inside an NP is not the NP's owner
            if tok.dep_ == "pobj" and tok.head.lower_ != "of" and head.i not in sa.sectors \
                    and head.pos_ != "PROPN":
                continue  # "a declaration in Moscow": a place, not whose declaration it is
            ranked.append((rank, i, mm))
        if m is not None:
            # "ethnic Albanians in southern Serbia": a group placed in a state is of that state
            placed = [mm for _, i, mm in ranked if mm is not m and sa.doc[i].dep_ == "pobj"
                      and sa.doc[i].head.lower_ in ("in", "of") and mm.kind in ("name",)]
            return [placed[0]] if placed else [m]
        if not ranked:
            return []
        ranked.sort(key=lambda r: (r[0], r[1]))
        best_rank = ranked[0][0]
        best = []
        for rank, _, mm in ranked:
            if rank == best_rank and all(mm is not b for b in best):
                best.append(mm)
        # "Senior Hungarian and Romanian officials": coordinated modifiers are all owners
        first = best[0]
        coords = [first]
        for rank, i, mm in ranked:
            if mm is first or any(mm is c for c in coords):
                continue
            tok = sa.doc[i]
            if tok.dep_ == "conj" and sa.by_token.get(tok.head.i) in coords:
                coords.append(mm)
        return coords if len(coords) > 1 else [first]

    def resolve_pair(self, head: Token, sa: SentenceActors, memory: list[Entity]
                     ) -> list[Entity]:
        """"The two countries", "both sides": the last two states of the discourse."""
        codes: list[Entity] = []
        earlier = [Entity(m.code, None, "", 0, 0) for m in sa.mentions
                   if m.end <= head.i and m.code not in (UNKNOWN, "IGO", "NGO", "MNC")]
        for ent in reversed(memory + earlier):
            if ent.code in (UNKNOWN, "IGO", "NGO", "MNC"):
                continue
            if all(c.code != ent.code for c in codes):
                codes.append(ent)
            if len(codes) == 2:
                break
        if len(codes) < 2:
            return []
        toks = _np_tokens(head)
        sp = sa.doc[min(toks):max(toks) + 1]
        return [Entity(c.code, None, sp.text, sp.start_char, sp.end_char) for c in codes]

    def resolve_pronoun(self, tok: Token, memory: list[Entity]) -> list[Entity]:
        """A subject pronoun stands for the last compatible actor of the discourse."""
        low = tok.lower_
        for ent in reversed(memory):
            if low in _PRONOUNS_PERSON and ent.code != UNKNOWN:
                return [Entity(ent.code, ent.sector or "GOV", tok.text, tok.idx,
                               tok.idx + len(tok.text), ent.name)]
            if low in _PRONOUNS_STATE and ent.code != UNKNOWN:
                return [Entity(ent.code, ent.sector, tok.text, tok.idx, tok.idx + len(tok.text),
                               ent.name)]
        return []


def _modifies(tok: Token, start: int, end: int, steps: int = 3) -> bool:
    """Whether ``tok`` hangs, through at most ``steps`` heads, on a token of [start, end)."""
    t = tok
    for _ in range(steps):
        if t.head.i == t.i:
            return False
        t = t.head
        if start <= t.i < end:
            return True
    return False


def _compounds_into(tok: Token, head: Token) -> bool:
    """Whether ``tok`` reaches ``head`` through compounds of proper nouns and titles alone."""
    t = tok
    for _ in range(6):
        if t.dep_ not in ("compound", "flat") or t.head.i == t.i:
            return False
        t = t.head
        if t.i == head.i:
            return True
        if t.pos_ not in ("PROPN", "NOUN"):
            return False
    return False


def doc_is_title(tok: Token) -> bool:
    return tok.pos_ in ("PROPN", "NOUN") and tok.text[:1].isupper()


_CALENDAR = frozenset("january february march april may june july august september october "
                      "november december monday tuesday wednesday thursday friday saturday "
                      "sunday today yesterday tomorrow".split())


def _person(tok: Token, sa: SentenceActors) -> bool:
    """A person's name: the entity recognizer says so, or (without it) a proper noun with a
    title or a first name before it ("President Mugabe", "Diego Cordovez")."""
    if tok.ent_type_:
        return tok.ent_type_ == "PERSON"
    if tok.pos_ != "PROPN" or tok.lower_ in _CALENDAR or tok.lower_ in _THINGS:
        return False
    if any(c.dep_ == "det" for c in tok.children):
        return False  # "the Entente Cordiale": names of people take no article
    return any(c.dep_ in ("compound", "flat") and (c.pos_ == "PROPN" or c.i in sa.sectors)
               for c in tok.children)


#: Documents often named after the place they were signed at.
_NAMED_DOCS = frozenset("""treaty treaties agreement agreements accord accords declaration
    convention protocol charter pact communique memorandum""".split())
#: Heads of proper names that name things and places, not actors: "the San Francisco Peace
#: Treaty", "the Sea of Japan", "the Friendship Bridge".
_THINGS = frozenset("""treaty treaties agreement accord accords declaration act plan resolution
    convention protocol charter pact bridge island islands strait straits sea ocean gulf bay
    river lake mountain mountains valley desert canal peninsula province region city town
    village square street airport port station prize cup games olympics war crisis summit
    conference law bill constitution doctrine program programme initiative process talks
    memorandum communique statement report court-case case""".split())


def _animate(tok: Token) -> bool:
    if tok.lower_ in _CALENDAR or tok.lower_ in _THINGS:
        return False
    if tok.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY",
                         "EVENT", "LAW", "WORK_OF_ART", "PRODUCT", "LANGUAGE", "FAC", "LOC"):
        return False
    return tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "NORP", "ORG", "GPE")


#: A city smaller than this is not taken for its state as an actor ("Bush" is also a town).
MIN_ACTOR_CITY = 250_000


def _place_actor(head: Token, span: Span) -> str | None:
    """The country of a first-level subdivision or a large city that is the whole name of an
    actor phrase ("Michigan", "Texas", "Chicago police"), or None."""
    names = [t for t in span if t.pos_ == "PROPN"]
    if not names or head.pos_ != "PROPN" and names[-1].i != head.i - 1:
        return None
    name = span.doc[names[0].i:names[-1].i + 1]
    if any(t.pos_ != "PROPN" for t in name):
        return None
    if name.start > 0 and span.doc[name.start - 1].lower_ == "the":
        return None  # "the West" is no region of Cameroon
    cands = places.lookup(name.text)
    if not cands or len({c.country for c in cands}) != 1:
        return None
    best = cands[0]
    if best.feature == "city" and (best.population or 0) < MIN_ACTOR_CITY:
        return None
    return best.country


def _conjuncts(head: Token) -> list[Token]:
    out = [head]
    for c in head.children:
        if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON"):
            out.extend(_conjuncts(c))
    return out


def _head_span(doc: Doc, head: Token, toks: set[int], keep: set[int]) -> Span:
    """The reported span of an actor: its name or head noun phrase, without the prepositional
    phrases that follow the head unless they say whose it is ("the government of Japan" keeps
    "of Japan"; "targets in the east Baghdad slum of Sadr City" is "targets")."""
    toks = set(toks)
    for c in head.children:
        if c.dep_ == "prep" and c.i > head.i:
            sub = {t.i for t in c.subtree}
            if not sub & keep:
                toks -= sub
    start, end = min(toks), max(toks) + 1
    while end - 1 > start and (doc[end - 1].is_punct or doc[end - 1].dep_ == "cc"):
        end -= 1
    while start < end - 1 and doc[start].dep_ in ("det", "punct", "cc", "predet"):
        start += 1
    return doc[start:end]


def _np_tokens(head: Token) -> set[int]:
    """Token indices of the noun phrase of ``head``: no clauses, no conjuncts."""
    toks = {head.i}
    stack = [c for c in head.children if c.dep_ in _NP_DEPS]
    while stack:
        t = stack.pop()
        if t.dep_ in ("relcl", "acl", "advcl", "ccomp", "conj", "cc") and t.head.i == head.i:
            continue
        toks.add(t.i)
        stack.extend(c for c in t.children
                     if c.dep_ not in ("relcl", "acl", "advcl", "ccomp", "xcomp"))
    return toks
