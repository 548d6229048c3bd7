"""The Coder: wires the stages together. The one public entry point of detente.

    >>> from detente import Coder
    >>> coder = Coder()
    >>> result = coder.code("Japan and the Soviet Union signed a joint declaration.", date="1956-10-19")
    >>> [(e.event_type, [a.code for a in e.actor]) for e in result.events]
    [('SUPPORT', ['JPN', 'SUN'])]

Stages, each in its own module: ``screen`` (damage and noise; the clean view and its offset
map), ``parse`` (sentences, and spaCy only on sentences that may hold an event), ``dates`` (the
date of each sentence and trigger), ``actors`` (who, at that date), ``events`` (what, from the
trigger lexicon and the dependency parse), ``enrich`` (intensity, quad class, CAMEO). The model
loads once per Coder; ``pipe`` batches the parser over many documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice

from detente import parse as parsing
from detente import places
from detente.actors.resolver import UNKNOWN, ActorFinder, cased_sector_words
from detente.dateline import Dateline, find_dateline
from detente.dates import DateResolver
from detente.enrich import enrich
from detente.events.extract import Extractor, RawEvent
from detente.events.implied import home_country
from detente.events.lexicon import load_lexicon
from detente.inferred_dates import annotate as infer_dates
from detente.events.model import DEFAULT_MODE, check_mode, load_event_model
from detente.locate import Locator
from detente.records import (ERROR, OK, SKIPPED, CodeResult, Document, DocumentRecord, Entity,
                             Event, Quality, SentenceRef, Span)
from detente.screen import Screened, screen
from detente.screen import load as load_screen
from detente.screen.crawl import KnownPhrases
from detente.screen.recase import CaseMap, recase

#: Sentences longer than this (characters) are parsed in pieces: no real sentence is this long,
#: and spaCy's parser cost grows with sentence length.
MAX_SENTENCE_CHARS = 2000


@dataclass
class _Job:
    """One document on its way through a batch."""

    doc: Document
    record: DocumentRecord
    screened: Screened | None = None
    sentences: list[tuple[int, int]] = field(default_factory=list)
    dates: list = field(default_factory=list)
    #: indices of sentences to parse
    todo: list[int] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    failed: bool = False
    dateline: Dateline | None = None
    #: the event model's label probabilities per sentence (hybrid mode)
    probs: list[dict[str, float]] = field(default_factory=list)


class Coder:
    """Codes English text into PLOVER events.

    ``dictionaries``: extra gazetteer YAML files (states, IGOs, named actors) that take priority
    over the bundled ones. ``lang``: ``"en"`` skips documents screening judges not to be English,
    ``"any"`` codes them anyway. ``ner``: also run spaCy's entity recognizer (off by default: the
    actor rules do as well without it, and parsing is a third faster). ``junk_phrases``: phrases
    a crawl pass judged junk (``detente code --crawl``, :mod:`detente.screen.crawl`), masked in
    every document wherever they occur. ``infer_dates``: give undated events an inferred
    ``date_range`` (``date`` stays null; see :mod:`detente.inferred_dates`). ``model``:
    ``"rules"`` (the lexicon and the parse alone) or ``"hybrid"`` (a learned event-type model
    beside them proposes types the lexicon missed and feeds ``confidence``; see
    :mod:`detente.events.model`).
    """

    def __init__(self, dictionaries: Sequence[str] = (), lang: str = "en", ner: bool = False,
                 batch_size: int = 64, junk_phrases: Sequence[str] = (), infer_dates: bool = True,
                 model: str = DEFAULT_MODE):
        self.lang = lang
        self.known = KnownPhrases.from_strings(junk_phrases)
        self.infer_dates = infer_dates
        self.batch_size = batch_size
        self.model = check_mode(model)
        self.event_model = load_event_model() if model == "hybrid" else None
        self.nlp = parsing.load_model(ner=ner)
        self.lexicon = load_lexicon()
        self.finder = ActorFinder(self.nlp.vocab, dictionaries)
        self.extractor = Extractor(self.lexicon, self.finder)
        self.dates = DateResolver()
        self._cases: CaseMap | None = None
        places.load()  # the place index loads with the model, not on the first request
        load_screen()  # so do the screen's word lists and the sentence splitter
        parsing.load_splitter(self.nlp.vocab)
        if infer_dates:  # so do the tables of dated names behind inferred dates
            from detente.inferred_dates.evidence import finder
            finder()
        self.locator = Locator(dictionaries)

    def _case_map(self) -> CaseMap:
        if self._cases is None:
            gaz = self.finder.gazetteer
            states = [f for e in gaz.entries if e.group == "states" for f, kind, _ in e.forms
                      if kind in ("name", "capital", "adjective", "demonym")]
            self._cases = CaseMap(list(gaz.surface_forms()) + cased_sector_words(),
                                  trusted=states)
        return self._cases

    # ---- public API ----------------------------------------------------------------------

    def code(self, text: str, date: str | None = None, doc_id: str | None = None,
             fmt: str = "text") -> CodeResult:
        """Code one text. ``date`` (ISO-8601) is the document date, used for relative dates."""
        return self.code_document(Document(id=doc_id or "doc", text=text, date=date, format=fmt))

    def code_document(self, doc: Document) -> CodeResult:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Document], batch_size: int | None = None
             ) -> Iterator[CodeResult]:
        """Code many documents, batching the parser; one result per document, in order.

        A document that cannot be coded gives a record with status ``error`` and the reason;
        it never stops the others.
        """
        size = batch_size or self.batch_size
        it = iter(docs)
        while True:
            batch = list(islice(it, size))
            if not batch:
                return
            yield from self._code_batch(batch)

    # ---- stages --------------------------------------------------------------------------

    def _code_batch(self, docs: list[Document]) -> list[CodeResult]:
        jobs = [self._prepare(d) for d in docs]
        if self.event_model is not None:
            self._classify(jobs)
        texts: list[str] = []
        where: list[tuple[_Job, int]] = []
        for job in jobs:
            if job.failed or job.screened is None:
                continue
            clean = job.screened.clean
            for si in job.todo:
                s, e = job.sentences[si]
                texts.append(clean[s:e])
                where.append((job, si))
        parsed: dict[tuple[int, int], object] = {}
        try:
            for (job, si), sdoc in zip(where, parsing.parse(self.nlp, texts)):
                parsed[(id(job), si)] = sdoc
        except Exception:  # a batch-level failure: retry document by document
            parsed = {}
            for job in jobs:
                self._parse_alone(job, parsed)
        results = []
        for job in jobs:
            if not job.failed and job.screened is not None:
                try:
                    self._extract(job, parsed)
                except Exception as exc:  # noqa: BLE001 - recorded, the run goes on
                    job.record.status, job.record.reason = ERROR, _reason(exc)
                    job.events = []
            job.record.events = len(job.events)
            results.append(CodeResult(job.record, job.events))
        return results

    def _classify(self, jobs: list[_Job]) -> None:
        """Hybrid mode: the event model reads every sentence; those without a lexicon cue
        that it gives an event type are parsed too."""
        ready = [j for j in jobs if not j.failed and j.screened is not None]
        texts = [j.screened.clean[s:e] for j in ready for s, e in j.sentences]
        probs = iter(self.event_model.classify(texts))
        for job in ready:
            job.probs = [next(probs) for _ in job.sentences]
            todo = set(job.todo)
            extra = [i for i, p in enumerate(job.probs)
                     if i not in todo and self.event_model.wants_parse(p)]
            if extra:
                job.todo = sorted(todo | set(extra))

    def _parse_alone(self, job: _Job, parsed: dict) -> None:
        if job.failed or job.screened is None:
            return
        try:
            clean = job.screened.clean
            sents = [clean[job.sentences[si][0]:job.sentences[si][1]] for si in job.todo]
            for si, sdoc in zip(job.todo, parsing.parse(self.nlp, sents)):
                parsed[(id(job), si)] = sdoc
        except Exception as exc:  # noqa: BLE001
            job.failed = True
            job.record.status, job.record.reason = ERROR, f"parse failed: {_reason(exc)}"

    def _prepare(self, doc: Document) -> _Job:
        record = DocumentRecord(doc_id=doc.id, date=doc.date, meta=dict(doc.meta))
        job = _Job(doc, record)
        if doc.error:
            record.status, record.reason = ERROR, doc.error
            job.failed = True
            return job
        if not isinstance(doc.text, str) or not doc.text.strip():
            record.status, record.reason = SKIPPED, "empty text"
            job.failed = True
            return job
        try:
            scr = screen(doc.text, fmt=doc.format, lang=self.lang, known=self.known or None)
            lowercase = scr.status == OK and places.is_lowercase(scr.clean)
            if lowercase:
                # a lower-cased crawl copy: names, sentence starts and "I" get their capitals
                # back before parsing (same length, so the offset map still holds)
                scr.clean = recase(scr.clean, self._case_map(), [
                    (s, e) for s, e, _ in places.in_text(scr.clean, lowercase=True)])
            job.screened = scr
            record.quality = scr.quality
            record.language = scr.language
            if scr.status != OK:
                record.status, record.reason = scr.status, scr.reason
                job.failed = True
                return job
            clean = scr.clean
            sents = []
            for s, e in _split_at(parsing.split_sentences(
                    clean, vocab=self.nlp.vocab, words=False), scr.breaks, clean):
                while e - s > MAX_SENTENCE_CHARS:  # cut runaway "sentences" at a space
                    cut = clean.rfind(" ", s, s + MAX_SENTENCE_CHARS)
                    cut = cut if cut > s else s + MAX_SENTENCE_CHARS
                    sents.append((s, cut))
                    s = cut + 1
                if e > s:
                    sents.append((s, e))
            job.dateline, k = _dateline(clean, sents, lowercase)
            if job.dateline is not None and clean[job.dateline.end:][:1].islower():
                # the story's first sentence starts after the dateline: its capital back, as
                # recasing gave every other sentence start (same length, offsets hold)
                e = job.dateline.end
                clean = scr.clean = clean[:e] + clean[e].upper() + clean[e + 1:]
            if job.dateline is not None:  # its own segment, not part of the first subject
                sents[k:k + 1] = [(job.dateline.start, job.dateline.head_end),
                                  (job.dateline.end, sents[k][1])]
            job.sentences = sents
            record.sentences = len(sents)
            todo = {i for i, (s, e) in enumerate(sents)
                    if self.lexicon.has_cue(frozenset(_words(clean[s:e])))}
            # a sentence that opens on a pronoun ("they opened fire") needs the one before
            # it parsed too, for what the pronoun stands for ("the police were outnumbered")
            todo |= {i - 1 for i in todo if i > 0 and i - 1 not in todo
                     and _PRONOUN_START.match(clean, sents[i][0])}
            job.todo = sorted(todo)
            damaged_clean = _damaged_in_clean(scr, sents)
            job.dates = self.dates.resolve(clean, sents, doc.date, damaged_clean,
                                           parsing.paragraphs(clean))
        except Exception as exc:  # noqa: BLE001
            record.status, record.reason = ERROR, _reason(exc)
            job.failed = True
        return job

    def _subject_actors(self, sdoc, sa, home: str | None) -> list[Entity]:
        """The actors named by sector as subjects of a sentence ("the police were
        outnumbered"), for the pronouns of the next ones ("they opened fire") whether or not
        the sentence coded an event; one named without a country is the story's."""
        out = []
        for tok in sdoc:
            if tok.dep_ not in ("nsubj", "nsubjpass") or tok.pos_ == "PRON" or \
                    tok.i not in sa.sectors:
                continue
            for e in self.finder.entities(tok, sa):
                if e.sector is None:
                    continue
                if e.code == UNKNOWN:
                    if home is None:
                        continue
                    e = Entity(home, e.sector, e.text, e.start, e.end, e.name)
                out.append(e)
        return out

    def _extract(self, job: _Job, parsed: dict) -> None:
        scr = job.screened
        offsets = scr.offsets
        original = job.doc.text
        clean = scr.clean
        memory: list[Entity] = []
        eras: dict[int, str] = {}
        if not job.doc.date:
            eras = self._eras(job, parsed)
        home = None
        # the country of actors the sentences only imply, from the places the text names
        # (sub-national and lower-case datelines too: "ahmedabad: police fired ...")
        place_home = home_country(clean)
        doc_place = None  # (first locative place of the story, its sentence start, codes)
        if job.dateline is not None:
            home = self.finder.place_state(job.dateline.region, job.dateline.place,
                                           date=job.doc.date or next(iter(eras.values()), None))
        for si in job.todo:
            sdoc = parsed.get((id(job), si))
            if sdoc is None:
                continue
            s0, e0 = job.sentences[si]
            sdates = job.dates[si] if si < len(job.dates) else None
            sent_date = (sdates.date.date if sdates is not None else None) or job.doc.date or \
                eras.get(si)
            # the story's states so far, the dateline's first: they tell which state's
            # "Labor" or "Democrats" a sentence means
            context = [c for c in [home or place_home] + [e.code for e in reversed(memory)]
                       if c and c != UNKNOWN]
            sa = self.finder.mentions(sdoc, sent_date, context)
            if home is not None:  # the dateline, in this sentence's coordinates
                sa.home = Entity(home, None, clean[job.dateline.start:job.dateline.head_end],
                                 job.dateline.start - s0, job.dateline.head_end - s0,
                                 inferred=True)
            raws = self.extractor.extract(sdoc, sa, memory, home or place_home)
            if self.event_model is not None and si < len(job.probs):
                raws = self.event_model.revise(sdoc, raws, job.probs[si], sa, memory,
                                               self.extractor)
            pms = self.locator.mentions(sdoc, sa.mentions) if raws or doc_place is None else []
            first = next((pm for pm in pms if pm.locative), None)
            if doc_place is None and first is not None:
                doc_place = (first, s0, [m.code for m in sa.mentions])
            for m in sa.mentions:
                if m.code != UNKNOWN:
                    sp = sdoc[m.start:m.end]
                    memory.append(Entity(m.code, m.sector, sp.text, sp.start_char,
                                         sp.end_char, m.name))
            memory.extend(self._subject_actors(sdoc, sa, home or place_home))
            o_start, o_end = offsets.span(s0, e0)
            for k, raw in enumerate(raws):
                ev = self._to_event(job, raw, si, k, s0, (o_start, o_end), sdates, original)
                if ev is None:
                    continue
                ev.location = self._clause_place(job, raw, pms, home, s0)
                job.events.append(ev)
                memory.extend(a for a in raw.actors if a.code != UNKNOWN)
            del memory[:-12]
        self._carry_places(job, home, doc_place)
        if self.infer_dates:
            # undated events get an interval from who and what they name and the story's order
            infer_dates(job.events, job.screened.clean, job.sentences, job.dates, job.doc.date,
                        to_original=job.screened.offsets.start)

    def _clause_place(self, job: _Job, raw: RawEvent, pms, home: str | None,
                      s0: int) -> dict | None:
        """The place the event's own clause names (sentence-level mentions ``pms``)."""
        countries = [e.code for e in raw.actors + raw.recipients] + ([home] if home else [])
        pm = self.locator.for_event(pms, raw.token,
                                    [(e.start, e.end) for e in raw.actors if not e.inferred],
                                    [(e.start, e.end) for e in raw.recipients if not e.inferred])
        if pm is None:
            return None
        return self._location(job, pm, s0, countries, "clause")

    def _location(self, job: _Job, pm, s0: int, countries, source: str) -> dict:
        found = self.locator.resolve(pm.candidates, countries)
        a, b = job.screened.offsets.span(s0 + pm.char_start, s0 + pm.char_end)
        return found.location(job.doc.text[a:b], a, b, source)

    def _carry_places(self, job: _Job, home: str | None, doc_place) -> None:
        """Events without a place of their own take the dateline's, else the story's first."""
        if not any(ev.location is None for ev in job.events):
            return
        carried = None
        dl = job.dateline
        if dl is not None and dl.place:
            carried = self._dateline_place(job, home)
        elif doc_place is not None:
            pm, s0, codes = doc_place
            carried = self._location(job, pm, s0, codes + ([home] if home else []), "document")
        if carried is None:
            return
        for ev in job.events:
            if ev.location is None and _may_carry(ev, carried["country"]):
                ev.location = dict(carried)

    def _dateline_place(self, job: _Job, home: str | None) -> dict | None:
        """The dateline's place ("KABUL, Afghanistan"): a city or province in the dateline's
        state, else the state itself."""
        from detente.locate import PlaceMention, country_place

        dl = job.dateline
        clean = job.screened.clean
        head = clean[dl.start:dl.head_end]
        i = head.lower().find(dl.place.lower())
        if i < 0:
            return None
        # a dateline names the town the story was filed from, not the province of that name
        cands = sorted(self.locator.lookup(dl.place), key=lambda c: c.feature != "city")
        if home:
            cands = [c for c in cands if c.country == home] or [country_place(home)]
        if not cands:
            return None
        pm = PlaceMention(0, 0, dl.start + i, dl.start + i + len(dl.place), dl.place, cands)
        return self._location(job, pm, 0, [home] if home else [], "dateline")

    def _eras(self, job: _Job, parsed: dict) -> dict[int, str]:
        """The year by which each sentence of an undated text resolves time-bound names: the
        median of the text's explicit years, else the era of the nearest sentence whose names
        belong to a past period (a history that says "Soviet" means the USSR by "Moscow" in
        the sentences around it, and may move on to today's Russia later). No evidence at
        all: no year, and names resolve to today's states."""
        year = _median_year(job.dates)
        if year:
            return dict.fromkeys(job.todo, year)
        evidence = {}
        for si in job.todo:
            sdoc = parsed.get((id(job), si))
            ev = self.finder.era_evidence(sdoc) if sdoc is not None else None
            if ev is not None:
                evidence[si] = str((ev[0] + ev[1]) // 2)
        if not evidence:
            return {}
        return {si: evidence[min(evidence, key=lambda k: (abs(k - si), k))] for si in job.todo}

    def _to_event(self, job: _Job, raw: RawEvent, si: int, k: int, s0: int,
                  sent_span: tuple[int, int], sdates, original: str) -> Event | None:
        offsets = job.screened.offsets

        def ent(e: Entity) -> Entity:
            a, b = offsets.span(s0 + e.start, s0 + e.end)
            return Entity(e.code, e.sector, original[a:b], a, b, e.name, e.inferred)

        t_start, t_end = offsets.span(s0 + raw.trigger_start, s0 + raw.trigger_end)
        actors = [ent(a) for a in raw.actors]
        recips = [ent(r) for r in raw.recipients]
        scr = job.screened
        if scr.masked:
            # an event from an injected phrase: its trigger, actor or recipient lies inside one
            if any(scr.inside_masked(a, b) for a, b in
                   [(t_start, t_end)] + [(x.start, x.end) for x in actors + recips]):
                return None
            # a trigger or actor whose span stretches across a removed copy keeps the words
            # the parser saw ("won<copy> a vague promise" is "won ... promise" no more)
            clean = scr.clean
            if _overlaps(t_start, t_end, scr.masked):
                first = raw.trigger_text.split()[0] if raw.trigger_text.split() else ""
                t_start, t_end = offsets.span(s0 + raw.trigger_start,
                                              s0 + raw.trigger_start + len(first))
            for x, raw_x in zip(actors + recips, raw.actors + raw.recipients):
                if _overlaps(x.start, x.end, scr.masked):
                    x.text = clean[s0 + raw_x.start:s0 + raw_x.end]
        date, source = None, None
        if sdates is not None:
            info = sdates.for_offset(s0 + raw.trigger_start)
            date, source = info.date, info.source
            if scr.numbers_stripped and source in ("document", "context"):
                # every number of this copy was deleted: the document date may not be the
                # date of what it tells, and no date is better than a wrong one
                date, source = None, None
        ev = Event(
            id=f"{job.doc.id}:{si}:{k}", doc_id=job.doc.id, event_type=raw.type,
            actor=actors, recipient=recips,
            trigger=Span(original[t_start:t_end], t_start, t_end),
            sentence=SentenceRef(si, sent_span[0], sent_span[1]),
            mode=raw.mode, aux_modes=list(raw.aux_modes), date=date, date_source=source,
            confidence=raw.confidence, evidence=original[sent_span[0]:sent_span[1]],
        )
        return enrich(ev)


_WORD = re.compile(r"[a-z]+")


def _may_carry(ev: Event, country: str) -> bool:
    """A story's place goes to an event of its own only when that event involves the place's
    country, or names no one: "TOKYO - The United States accused North Korea" did not
    happen in Tokyo."""
    codes = {e.code for e in ev.actor + ev.recipient} - {UNKNOWN}
    return not codes or country in codes


_PRONOUN_START = re.compile(r"""[\s"'`‘“]*(?:they|he|she|it|we)\b""", re.I)


def _words(text: str) -> list[str]:
    """Lower-case words for the cue pre-filter ("cease-fire" gives "cease" and "fire")."""
    return _WORD.findall(text.lower())


def _split_at(sents, breaks: list[int], clean: str) -> Iterator[tuple[int, int]]:
    """Sentence spans, also split where masked junk left two sentences without their full
    stop (``Screened.breaks``), so each neighbour parses as it would without the junk."""
    for s, e, _ in sents:
        for b in breaks:
            if s < b < e:
                head = clean[s:b].rstrip()
                if head:
                    yield s, s + len(head)
                s = b
        if e > s:
            yield s, e


def _median_year(dates) -> str | None:
    """The median year of the explicit dates in a text, for resolving names when the text
    itself has no date."""
    years = sorted(int(m.date[:4]) for sd in dates for m in getattr(sd, "mentions", [])
                   if m.date and m.source == "sentence")
    return str(years[len(years) // 2]) if years else None


def _dateline(clean: str, sents: list[tuple[int, int]], lowercase: bool = False
              ) -> tuple[Dateline | None, int]:
    """The dateline ("BAGHDAD, Iraq (Reuters) - ") at the start of the first sentence, if
    the sentence goes on after it, and the index of that sentence. A header line that is a
    paragraph of its own (a date line, "This story is from March 1, 2002", a byline) may come
    before it: then the dateline opens the next paragraph."""
    for k in range(min(2, len(sents))):
        if k == 1 and "\n" not in clean[sents[0][1]:sents[1][0]]:
            break  # the first sentence is no header line of its own
        # a paragraph that opens in lower case has lost its case, whatever the rest did
        dl = find_dateline(clean, sents[k][0], lowercase or clean[sents[k][0]:][:1].islower())
        if dl is not None and dl.end < sents[k][1] - 1:
            return dl, k
    return None, 0


def _overlaps(a: int, b: int, spans) -> bool:
    return any(a < e and s < b for s, e in spans)


def _damaged_in_clean(scr: Screened, sents: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences (clean coordinates) that overlap a damaged span (original coordinates)."""
    if not scr.damaged:
        return []
    out = []
    for s, e in sents:
        a, b = scr.offsets.span(s, e)
        if scr.damaged_between(a, b):
            out.append((s, e))
    return out


def _reason(exc: BaseException) -> str:
    msg = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {msg}"[:300] if msg else type(exc).__name__


__all__ = ["Coder", "CodeResult", "Document", "DocumentRecord", "Event", "Entity", "Quality"]
