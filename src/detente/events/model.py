"""The learned event-type model beside the rules: ``Coder(model="hybrid")``.

Rules find the events their lexicon names; a sentence phrased otherwise ("Sudan's army pounded
rebel positions") is missed. A small spaCy ``textcat_multilabel`` pipeline, trained on the
silver sentences in ``data/silver/`` (``make train``), reads every sentence and gives each of
the 16 PLOVER types, and ``EVENT`` (any codable event), a probability. In hybrid mode it:

* **proposes** a type the rules did not find when its probability reaches ``propose``: the
  type is placed on the word of the sentence that the silver annotators most often marked as a
  trigger of that type (``data/model/triggers.tsv``), and the roles come from the parse through
  :meth:`detente.events.extract.Extractor.event_at`, as for any lexicon word. A proposal needs
  an actor of known country: the model says what, never who;
* **vetoes** a rule event whose type it finds implausible in the sentence (probability below
  ``veto``, and below ``veto_event`` for any event at all) -- off by default, see
  :class:`Thresholds`;
* **feeds** ``confidence``: the mean of the rules' confidence and the model's probability; a
  proposed event's confidence is its probability, scaled down.

Sentences without any lexicon cue are normally not parsed at all; in hybrid mode those the model
gives an event type ``propose`` or more are parsed too.

The model is a directory in the package, loaded with ``spacy.load`` from a path: no network.
"""

from __future__ import annotations

import csv
import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from spacy.tokens import Doc, Token

from detente.actors.resolver import UNKNOWN, SentenceActors
from detente.events.extract import Extractor, RawEvent
from detente.records import Entity

#: The values of ``Coder(model=...)`` and ``--model``.
MODES = ("rules", "hybrid")
DEFAULT_MODE = "rules"


def model_dir() -> Path:
    return Path(str(resources.files("detente.events").joinpath("data/model")))


class ModelMissing(RuntimeError):
    """The trained model is not in the package (run ``make train``)."""


@dataclass(frozen=True)
class Thresholds:
    """Probabilities at which the model acts (chosen on the held-out silver items and the dev
    gold files, never on the check files)."""

    #: a type the rules missed is proposed at or above this
    propose: float = 0.85
    #: a rule event is dropped when its type gets less than ``veto`` and the sentence less than
    #: ``veto_event`` for holding any event at all: the model must doubt both. Off (0) by
    #: default: on the dev gold every veto threshold tried lowered F1 (the model, trained on
    #: 2,658 news sentences, doubts many right events, most of all in history text)
    veto: float = 0.0
    veto_event: float = 0.02
    #: a trigger word must have been marked as a trigger of the type in at least this share
    #: of the silver sentences that hold it
    trigger_share: float = 0.1


@dataclass(frozen=True)
class TriggerStat:
    lemma: str
    etype: str
    marked: int
    seen: int

    @property
    def share(self) -> float:
        return self.marked / max(self.seen, self.marked, 1)


def load_triggers(path: Path) -> dict[str, dict[str, TriggerStat]]:
    """type -> lemma -> how often the annotators marked it (``triggers.tsv``)."""
    out: dict[str, dict[str, TriggerStat]] = defaultdict(dict)
    with path.open(encoding="utf-8") as fh:
        for row in csv.reader((ln for ln in fh if not ln.startswith("#")), delimiter="\t"):
            if len(row) == 4:
                st = TriggerStat(row[0], row[1], int(row[2]), int(row[3]))
                out[st.etype][st.lemma] = st
    return dict(out)


class EventModel:
    """The classifier and the trigger table; build once per Coder."""

    def __init__(self, path: Path | None = None, thresholds: Thresholds = Thresholds()):
        import spacy

        path = Path(path) if path is not None else model_dir()
        if not (path / "textcat" / "meta.json").is_file():
            raise ModelMissing(f"no trained event model in {path}; run `make train`")
        self.nlp = spacy.load(path / "textcat")
        self.labels = tuple(self.nlp.get_pipe("textcat_multilabel").labels)
        self.triggers = load_triggers(path / "triggers.tsv")
        self.thresholds = thresholds

    def classify(self, texts: Iterable[str], batch_size: int = 256) -> list[dict[str, float]]:
        """Probabilities per label for each sentence text."""
        return [dict(d.cats) for d in self.nlp.pipe(texts, batch_size=batch_size)]

    def wants_parse(self, probs: dict[str, float]) -> bool:
        """Whether a sentence without a lexicon cue is worth parsing for a proposal."""
        return any(p >= self.thresholds.propose for k, p in probs.items() if k != "EVENT")

    def revise(self, doc: Doc, raws: list[RawEvent], probs: dict[str, float],
               sa: SentenceActors, memory: list[Entity], extractor: Extractor
               ) -> list[RawEvent]:
        """The rule events of one sentence, vetoed and re-scored, plus the model's proposals."""
        th = self.thresholds
        kept = []
        found = {e.type for e in raws}
        for e in raws:
            p = probs.get(e.type)
            if p is None:  # a label the model does not know: leave the event alone
                kept.append(e)
                continue
            if p < th.veto and probs.get("EVENT", 1.0) < th.veto_event:
                continue
            e.confidence = round((e.confidence + p) / 2, 2)
            kept.append(e)
        taken = {e.token for e in raws}
        for etype, p in sorted(probs.items(), key=lambda kv: -kv[1]):
            if etype == "EVENT" or p < th.propose or etype in found:
                continue
            ev = None
            for tok in self._triggers(doc, etype, taken):
                ev = extractor.event_at(tok, etype, sa, memory)
                if ev is not None and _placed(ev):
                    break
                ev = None
            if ev is None:
                continue
            if any(k.type == ev.type and _codes(k.actors) == _codes(ev.actors)
                   and _codes(k.recipients) == _codes(ev.recipients) for k in kept):
                continue
            ev.confidence = round(0.8 * p, 2)
            kept.append(ev)
            found.add(etype)
            taken.add(ev.token)
        return kept

    def _triggers(self, doc: Doc, etype: str, taken: set[int]) -> list[Token]:
        """Where to place a proposed type, best first: the words of the sentence the silver
        annotators marked as triggers of ``etype`` (by how often), a noun's governing verb
        right after it ("carried out a raid": the verb has the subject), and last the main
        verb of the sentence."""
        table = self.triggers.get(etype, {})
        scored = []
        for tok in doc:
            if tok.i in taken or tok.pos_ not in ("VERB", "NOUN"):
                continue
            st = table.get(tok.lemma_.lower())
            if st is None or st.share < self.thresholds.trigger_share:
                continue
            scored.append(((st.share, st.marked, tok.pos_ == "VERB", -tok.i), tok))
        out: list[Token] = []
        for _, tok in sorted(scored, key=lambda kv: kv[0], reverse=True):
            out.append(tok)
            if tok.pos_ == "NOUN" and tok.head.pos_ == "VERB" and tok.head.i not in taken:
                out.append(tok.head)
        out += [t for t in doc if t.dep_ == "ROOT" and t.pos_ == "VERB" and t.i not in taken]
        seen: set[int] = set()
        return [t for t in out if not (t.i in seen or seen.add(t.i))]


def _placed(ev: RawEvent) -> bool:
    """A proposal needs an actor of known country, or, for an attack by unnamed attackers
    (the rules' own convention), a recipient of known country."""
    if any(a.code != UNKNOWN for a in ev.actors):
        return True
    return ev.type == "ASSAULT" and bool(ev.actors) and any(r.code != UNKNOWN
                                                            for r in ev.recipients)


def _codes(ents: list[Entity]) -> tuple[str, ...]:
    return tuple(sorted(e.code for e in ents))


@functools.lru_cache(maxsize=2)
def load_event_model(path: str | None = None) -> EventModel:
    """The model, loaded once per process."""
    return EventModel(Path(path) if path else None)


def check_mode(mode: str) -> str:
    if mode not in MODES:
        raise ValueError(f"model must be one of {', '.join(MODES)}, not {mode!r}")
    return mode
