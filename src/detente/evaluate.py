"""Score coded events against gold sentences, under the rules of ../shared/gold/README.md.

The same rules judge detente on gold sets we never see, so this module implements them exactly
and writes down every fine point the README leaves open. A gold row is one sentence (its ``id``
is the ``doc_id`` of the events coded from it); its ``events`` list the acceptable codings.

Rules (numbered as in the README):

1. Expansion. Each predicted event becomes dyadic triples (actor code, recipient code or none,
   type): every actor x every recipient; with several actors and no recipient (a reciprocal
   event), every ordered pair of distinct actors; one actor and no recipient gives one triple
   with no recipient. Codes compare on their first three letters, case ignored ("USAGOV" and
   "USA" are the same). Decisions:
   - an event's actor and recipient lists are sets: two entities with the same 3-letter code
     ("Israel ... Israeli troops") are one code, so they add no duplicate triples;
   - an event with no actor gives triples whose actor is *none*, which only a gold ``null``
     accepts (see 3): an actorless event is never a correct dyad.
2. Events whose ``aux_modes`` contain ``negation`` or ``hypothetical`` are left out of everything:
   precision, recall, and the quad-class rule (the "first event" is the first event kept).
3. Correct triple: it matches at least one gold event of the same sentence, required or not:
   type in ``types``, actor code in ``actor``, recipient in ``recipient``. In either slot,
   ``null`` accepts "no code" and ``"*"`` accepts any code (including ``---``) but not "no code":
   a triple with a recipient does not match ``[null]``, and a triple without one does not match
   ``["*"]``; ``[null, "*"]`` accepts both. An empty ``recipient`` list is read as ``[null]``.
   A triple is judged on its own: duplicates from two events are each counted and each judged.
   Precision = correct / predicted triples.
4. Recall = required gold events matched / required gold events, each gold event matched at most
   once and each predicted triple matching at most one gold event (a maximum one-to-one
   matching; ``recall_any`` in the result also reports the looser count where one triple may
   satisfy several gold events — the two differ only when one sentence holds near-identical gold
   events). Gold events with ``required: false`` are never counted in recall, and a triple that
   matches them is correct. F1 is the harmonic mean.
5. Quad class, for rows with ``penta_class`` 1-4: the quad class of the first kept event of the
   sentence, in the coder's output order, must equal ``penta_class``; no event counts as wrong.
   The event's own ``quad_class`` is used where set, else the ontology's for its type.
   Class 0 rows are not scored.

Rows without an ``events`` key (the ConfliBERT file) carry no event gold: they are left out of
precision and recall, and only the quad rule applies to them. An empty ``events`` list means "no
codable event": every triple predicted there is wrong. Per-type figures attribute a gold event to
the first of its ``types``. Events whose ``doc_id`` is not a gold id are counted in
``unknown_docs`` rather than silently dropped.

Passages (rows with ``sentences``; the format is decided per row) are coded as one document. Each
gold sentence is located in the passage text (searched after the previous one), each predicted
event goes to the sentence that holds its trigger's first character, and each sentence is scored
by the rules above as if it were a row of its own (id ``PASSAGE#i``). An event whose trigger lies
in no gold sentence is a wrong prediction (``outside_gold_sentences``). Dates, for gold events
that carry a ``date`` key: of the required events found (matched), those with a gold date are
right when the predicted date agrees at the gold's precision (a prediction may be more precise,
not less), right in the year when the first four characters agree; found events whose gold date
is null but which got a date are *invented*. Decision: the date judged is that of the event whose
triple the one-to-one matching paired with the gold event, and optional (``required: false``)
gold events are not judged for dates, as they are not for recall.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from detente import records
from detente.enrich import EVENT_TYPES
from detente.enrich import quad_class as _ontology_quad

#: aux_modes that take an event out of scoring (README rule 2).
EXCLUDED_AUX = frozenset({"negation", "hypothetical"})
#: the gold wildcard: any code.
ANY = "*"


class GoldError(ValueError):
    """A gold row that does not follow the format of the gold README."""


# --------------------------------------------------------------------------- triples and matching


@dataclass(frozen=True)
class Triple:
    """One dyadic reading of a predicted event. Codes are as coded (compared on 3 letters)."""

    actor: str | None
    recipient: str | None
    event_type: str
    event_id: str = ""
    trigger: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "recipient": self.recipient, "type": self.event_type,
                "event_id": self.event_id, "trigger": self.trigger}


def _key(code: str | None) -> str | None:
    """The comparable part of a code: its first three letters, upper case; None stays None."""
    if code is None:
        return None
    return str(code)[:3].upper()


def _unique_codes(entities: Iterable[records.Entity]) -> list[str]:
    seen: dict[str, str] = {}
    for ent in entities:
        code = ent.code or "---"
        seen.setdefault(_key(code) or "---", code)
    return list(seen.values())


def is_excluded(event: records.Event) -> bool:
    """True for events the rules leave out: negated or hypothetical ones."""
    return bool(EXCLUDED_AUX.intersection(m.lower() for m in event.aux_modes or ()))


def expand(event: records.Event) -> list[Triple]:
    """The dyadic triples of one event (rule 1); excluded events still expand (callers filter)."""
    actors = _unique_codes(event.actor)
    recipients = _unique_codes(event.recipient)
    t, eid, trig = event.event_type, event.id, event.trigger.text if event.trigger else ""
    if not actors:
        return ([Triple(None, r, t, eid, trig) for r in recipients]
                or [Triple(None, None, t, eid, trig)])
    if recipients:
        return [Triple(a, r, t, eid, trig) for a in actors for r in recipients]
    if len(actors) == 1:
        return [Triple(actors[0], None, t, eid, trig)]
    return [Triple(a, b, t, eid, trig) for a in actors for b in actors if a != b]


def _slot_ok(code: str | None, allowed: Sequence[str | None]) -> bool:
    if code is None:
        return None in allowed
    k = _key(code)
    return any(g == ANY or (g is not None and _key(g) == k) for g in allowed)


@dataclass
class GoldEvent:
    """One gold event, normalised: alternatives per slot, acceptable types, required flag."""

    actor: list[str | None]
    recipient: list[str | None]
    types: list[str]
    required: bool = True
    raw: dict[str, Any] = field(default_factory=dict)

    def type_ok(self, t: Triple) -> bool:
        return t.event_type.upper() in self.types

    def actor_ok(self, t: Triple) -> bool:
        return _slot_ok(t.actor, self.actor)

    def recipient_ok(self, t: Triple) -> bool:
        return _slot_ok(t.recipient, self.recipient)

    def matches(self, t: Triple) -> bool:
        return self.type_ok(t) and self.actor_ok(t) and self.recipient_ok(t)


def _as_list(value: Any, what: str, row_id: str) -> list[Any]:
    if value is None:
        return [None]
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return value
    raise GoldError(f"gold row {row_id}: {what} must be a list, got {type(value).__name__}")


def parse_gold_event(ev: Any, row_id: str = "?") -> GoldEvent:
    """Normalise one gold event dict; raises GoldError when it cannot be scored."""
    if not isinstance(ev, dict):
        raise GoldError(f"gold row {row_id}: an event must be an object")
    if "actor" not in ev or "types" not in ev:
        raise GoldError(f"gold row {row_id}: an event needs 'actor' and 'types'")
    actor = _as_list(ev["actor"], "actor", row_id)
    recipient = _as_list(ev.get("recipient"), "recipient", row_id) or [None]
    types = [str(t).upper() for t in _as_list(ev["types"], "types", row_id) if t]
    if not types:
        raise GoldError(f"gold row {row_id}: an event needs at least one type")
    unknown = [t for t in types if t not in EVENT_TYPES]
    if unknown:
        raise GoldError(f"gold row {row_id}: unknown PLOVER type(s) {unknown}")
    for code in actor + recipient:
        if code is not None and not isinstance(code, str):
            raise GoldError(f"gold row {row_id}: codes must be strings or null, got {code!r}")
    return GoldEvent(actor=actor, recipient=recipient, types=types,
                     required=ev.get("required", True) is not False, raw=ev)


def _max_matching(triples: Sequence[Triple], gold: Sequence[GoldEvent]) -> dict[int, int]:
    """Maximum one-to-one matching gold index -> triple index (augmenting paths; sizes are tiny)."""
    edges = [[i for i, t in enumerate(triples) if g.matches(t)] for g in gold]
    owner: dict[int, int] = {}  # triple index -> gold index

    def augment(gi: int, seen: set[int]) -> bool:
        for ti in edges[gi]:
            if ti in seen:
                continue
            seen.add(ti)
            if ti not in owner or augment(owner[ti], seen):
                owner[ti] = gi
                return True
        return False

    for gi in range(len(gold)):
        augment(gi, set())
    return {gi: ti for ti, gi in owner.items()}


# --------------------------------------------------------------------------- results


def _prf(tp: int, predicted: int, matched: int, required: int) -> tuple[float, float, float]:
    p = tp / predicted if predicted else 0.0
    r = matched / required if required else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


@dataclass
class TypeScore:
    """Counts for one PLOVER type: predicted triples, correct ones, required gold, matched gold."""

    tp: int = 0
    predicted: int = 0
    gold_required: int = 0
    gold_matched: int = 0

    def to_dict(self) -> dict[str, Any]:
        p, r, f = _prf(self.tp, self.predicted, self.gold_matched, self.gold_required)
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": self.tp,
                "predicted": self.predicted, "gold_required": self.gold_required,
                "gold_matched": self.gold_matched}


@dataclass
class QuadScore:
    """Rule 5: the first event's quad class against the sentence's penta_class (1-4)."""

    n: int = 0
    correct: int = 0
    no_event: int = 0
    #: (gold penta_class, predicted quad class or 0 for "no event") -> count
    confusion: Counter = field(default_factory=Counter)
    #: (gold penta_class, type of the first event or "none") -> count, for the wrong rows only
    wrong_first_type: Counter = field(default_factory=Counter)

    @property
    def accuracy(self) -> float:
        return self.correct / self.n if self.n else 0.0

    def to_dict(self) -> dict[str, Any]:
        per_class = {}
        for c in (1, 2, 3, 4):
            n = sum(v for (g, _), v in self.confusion.items() if g == c)
            right = self.confusion[(c, c)]
            per_class[str(c)] = {"n": n, "accuracy": round(right / n, 4) if n else 0.0}
        return {"accuracy": round(self.accuracy, 4), "n": self.n, "correct": self.correct,
                "no_event": self.no_event, "per_class": per_class,
                "confusion": {f"{g}->{p}": v for (g, p), v in sorted(self.confusion.items())},
                "wrong_first_type": {f"{g}:{t}": v for (g, t), v in
                                     self.wrong_first_type.most_common()}}


@dataclass
class SentenceReport:
    """What went right and wrong in one gold sentence: the material of ``--errors``."""

    id: str
    text: str
    correct: list[Triple] = field(default_factory=list)
    wrong: list[tuple[Triple, str]] = field(default_factory=list)       # (triple, category)
    missed: list[tuple[GoldEvent, str]] = field(default_factory=list)   # (gold event, category)
    excluded: int = 0
    penta_class: int | None = None
    quad: int | None = None       # quad class of the first kept event, None = no event
    first_type: str | None = None
    #: the passage this sentence belongs to (passage rows only)
    passage: str | None = None
    #: found required events whose date is wrong, missing or invented:
    #: (triple, gold date, predicted date, verdict)
    dates_wrong: list[tuple[Triple, str | None, str | None, str]] = field(default_factory=list)
    #: found events whose place is wrong, missing or invented: (triple, gold, predicted, verdict)
    places_wrong: list[tuple[Triple, Any, Any, str]] = field(default_factory=list)

    @property
    def quad_wrong(self) -> bool:
        return self.penta_class in (1, 2, 3, 4) and self.quad != self.penta_class

    @property
    def has_errors(self) -> bool:
        return bool(self.wrong or self.missed or self.quad_wrong or self.dates_wrong
                    or self.places_wrong)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id, "text": self.text,
            "missed": [dict(_gold_dict(g), category=c) for g, c in self.missed],
            "wrong": [dict(t.to_dict(), category=c) for t, c in self.wrong],
            "correct": [t.to_dict() for t in self.correct],
            "excluded_events": self.excluded,
        }
        if self.passage is not None:
            d["passage"] = self.passage
        if self.dates_wrong:
            d["dates_wrong"] = [dict(t.to_dict(), gold_date=g, predicted_date=p, verdict=v)
                                for t, g, p, v in self.dates_wrong]
        if self.places_wrong:
            d["places_wrong"] = [dict(t.to_dict(), gold_place=g, predicted_place=p, verdict=v)
                                 for t, g, p, v in self.places_wrong]
        if self.penta_class is not None:
            d.update(penta_class=self.penta_class, quad=self.quad, first_type=self.first_type)
        return d


def _gold_dict(g: GoldEvent) -> dict[str, Any]:
    return {"actor": g.actor, "recipient": g.recipient, "types": g.types, "required": g.required,
            **({"mode": g.raw["mode"]} if g.raw.get("mode") else {}),
            **({"event_text": g.raw["event_text"]} if g.raw.get("event_text") else {})}


def date_agrees(gold: str, predicted: str | None) -> bool:
    """True when ``predicted`` says what ``gold`` says at the gold's precision.

    A prediction may be more precise ("1956-10-19" agrees with "1956-10") but not less ("1956"
    does not agree with "1956-10": it is right only in its year).
    """
    return bool(predicted) and str(predicted)[:len(gold)] == gold


@dataclass
class DateScore:
    """Dates of the required gold events that were found (gold events with a ``date`` key).

    ``with_gold_date`` of them have a gold date: ``right`` agree at the gold's precision,
    ``right_year`` in the year (right ones included), ``no_date`` were left undated.
    ``gold_undated`` have a null gold date: ``invented`` of those got a date anyway.
    """

    with_gold_date: int = 0
    right: int = 0
    right_year: int = 0
    no_date: int = 0
    gold_undated: int = 0
    invented: int = 0
    #: of ``no_date``: events given an inferred ``date_range``, and those whose range holds the
    #: gold year; ``widths`` are the widths in years of every found event's year span (0 for an
    #: explicit date, hi - lo for a closed range, inf for an open range or no date at all)
    inferred: int = 0
    in_range: int = 0
    widths: list[float] = field(default_factory=list)

    def add(self, gold: str | None, predicted: str | None,
            event: records.Event | None = None) -> str:
        """Count one found event; returns the verdict (right, right_year, wrong_year, ...)."""
        if gold is None:
            self.gold_undated += 1
            if predicted:
                self.invented += 1
                return "invented"
            return "gold_undated"
        gold = str(gold)
        self.with_gold_date += 1
        if not predicted:
            self.no_date += 1
            rng = getattr(event, "date_range", None) if event is not None else None
            if rng:
                self.inferred += 1
                lo, hi = (int(v[:4]) if v else None for v in rng)
                self.widths.append(float(hi - lo) if lo is not None and hi is not None
                                   else float("inf"))
                if (lo is None or lo <= int(gold[:4])) and (hi is None or int(gold[:4]) <= hi):
                    self.in_range += 1
                    return "in_inferred_range"
                return "outside_inferred_range"
            self.widths.append(float("inf"))
            return "no_date"
        self.widths.append(0.0)
        if date_agrees(gold, predicted):
            self.right += 1
            self.right_year += 1
            return "right"
        if str(predicted)[:4] == gold[:4]:
            self.right_year += 1
            return "right_year"
        return "wrong_year"

    @property
    def coverage(self) -> float | None:
        """Share of found events with a gold date whose year the coder gives: the explicit date's
        year is right, or the inferred range holds it."""
        n = self.with_gold_date
        return (self.right_year + self.in_range) / n if n else None

    @property
    def median_width(self) -> float | None:
        if not self.widths:
            return None
        w = sorted(self.widths)
        mid = len(w) // 2
        return w[mid] if len(w) % 2 else (w[mid - 1] + w[mid]) / 2

    def to_dict(self) -> dict[str, Any]:
        n, u = self.with_gold_date, self.gold_undated
        cov, med = self.coverage, self.median_width
        return {"found": n + u, "with_gold_date": n,
                "accuracy": round(self.right / n, 4) if n else None,
                "year_accuracy": round(self.right_year / n, 4) if n else None,
                "right": self.right, "right_year": self.right_year, "no_date": self.no_date,
                "gold_undated": u, "invented": self.invented,
                "invented_share": round(self.invented / u, 4) if u else None,
                "inferred": self.inferred, "in_inferred_range": self.in_range,
                "coverage": round(cov, 4) if cov is not None else None,
                "median_width": (None if med is None else "inf" if med == float("inf")
                                 else med)}


@dataclass
class PlaceScore:
    """Places of the required gold events that were found (gold events with a ``location``
    key: ``{"text", "country"}`` or null; see ``overlay_places``).

    ``gold_placed`` found events have a gold place, ``gold_null`` have none; ``predicted`` of
    the found events got a location. A location is ``right`` when its country is the gold's
    and its name or text and the gold text agree (one holds the other: "Gaza" and "Gaza
    Strip"); ``country_right`` counts the country alone. Precision = right / predicted, recall
    = right / gold_placed; country accuracy = country_right / (gold-placed events that got a
    location); ``invented`` = a location where the gold has none.
    """

    gold_placed: int = 0
    gold_null: int = 0
    predicted: int = 0
    right: int = 0
    country_right: int = 0
    both: int = 0
    invented: int = 0
    by_source: Counter = field(default_factory=Counter)

    def add(self, gold: Mapping[str, Any] | None, loc: Mapping[str, Any] | None) -> str:
        if loc:
            self.predicted += 1
            self.by_source[str(loc.get("source"))] += 1
        if not gold:
            self.gold_null += 1
            if loc:
                self.invented += 1
                return "invented"
            return "right"
        self.gold_placed += 1
        if not loc:
            return "missed"
        self.both += 1
        if loc.get("country") != gold.get("country"):
            return "wrong_country"
        self.country_right += 1
        from detente.places import normalize

        g = normalize(str(gold.get("text", "")))
        names = {normalize(str(loc.get("text") or "")), normalize(str(loc.get("name") or ""))}
        if any(n and (g in n or n in g) for n in names):
            self.right += 1
            return "right"
        return "other_place_same_country"

    def to_dict(self) -> dict[str, Any]:
        def r(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None
        p, rec = r(self.right, self.predicted), r(self.right, self.gold_placed)
        return {"found": self.gold_placed + self.gold_null, "gold_placed": self.gold_placed,
                "gold_null": self.gold_null, "predicted": self.predicted, "right": self.right,
                "precision": p, "recall": rec,
                "f1": round(2 * p * rec / (p + rec), 4) if p and rec else None,
                "country_accuracy": r(self.country_right, self.both),
                "country_recall": r(self.country_right, self.gold_placed),
                "invented": self.invented, "by_source": dict(self.by_source)}


def overlay_places(rows: Sequence[dict[str, Any]], places: Iterable[Mapping[str, Any]]) -> int:
    """Put place gold (rows ``{"id", "locations": [...]}``, one entry per gold event, in the
    order of the gold row's events) on the gold events as their ``location`` key; returns the
    number of gold rows that got places. Place gold is kept apart from the event gold so that
    annotating places never touches the shared gold files."""
    by_id = {str(p["id"]): p.get("locations") or [] for p in places}
    n = 0
    for row in rows:
        locs = by_id.get(str(row.get("id")))
        if locs is None or not isinstance(row.get("events"), list):
            continue
        if len(locs) != len(row["events"]):
            raise GoldError(f"places for {row.get('id')}: {len(locs)} locations for "
                            f"{len(row['events'])} gold events")
        for ev, loc in zip(row["events"], locs):
            ev["location"] = loc
        n += 1
    return n


@dataclass
class EvalResult:
    """Everything ``detente eval`` reports. ``to_dict`` is the ``--json`` output."""

    tp: int = 0
    predicted: int = 0
    gold_required: int = 0
    gold_matched: int = 0
    gold_matched_any: int = 0
    sentences: int = 0            # rows scored for precision/recall (rows with an events list)
    rows: int = 0                 # all gold rows seen
    excluded_events: int = 0      # negated / hypothetical events left out
    unknown_docs: int = 0         # events whose doc_id is no gold id
    passages: int = 0             # passage rows (their sentences are counted in ``sentences``)
    unplaced_events: int = 0      # passage events whose trigger is in no gold sentence
    dates: DateScore | None = None
    places: PlaceScore | None = None
    per_type: dict[str, TypeScore] = field(default_factory=dict)
    quad: QuadScore | None = None
    confusions: Counter = field(default_factory=Counter)       # (predicted type, gold type)
    wrong_categories: Counter = field(default_factory=Counter)
    missed_categories: Counter = field(default_factory=Counter)
    reports: list[SentenceReport] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return _prf(self.tp, self.predicted, self.gold_matched, self.gold_required)[0]

    @property
    def recall(self) -> float:
        return _prf(self.tp, self.predicted, self.gold_matched, self.gold_required)[1]

    @property
    def f1(self) -> float:
        return _prf(self.tp, self.predicted, self.gold_matched, self.gold_required)[2]

    def to_dict(self, top: int = 20) -> dict[str, Any]:
        """The figures; precision, recall and F1 are null when no row had an events list."""
        scored = self.sentences > 0
        return {
            "precision": round(self.precision, 4) if scored else None,
            "recall": round(self.recall, 4) if scored else None,
            "f1": round(self.f1, 4) if scored else None,
            "tp": self.tp, "predicted": self.predicted,
            "gold_required": self.gold_required, "gold_matched": self.gold_matched,
            "recall_any": round(self.gold_matched_any / self.gold_required, 4)
            if self.gold_required else None,
            "sentences": self.sentences, "rows": self.rows,
            "excluded_events": self.excluded_events, "unknown_docs": self.unknown_docs,
            "per_type": ({t: s.to_dict() for t, s in sorted(self.per_type.items())}
                         if scored else {}),
            "quad": self.quad.to_dict() if self.quad else None,
            **({"passages": self.passages, "unplaced_events": self.unplaced_events}
               if self.passages else {}),
            **({"dates": self.dates.to_dict()} if self.dates else {}),
            **({"places": self.places.to_dict()} if self.places else {}),
            "confusions": [{"predicted": p, "gold": g, "count": n}
                           for (p, g), n in self.confusions.most_common(top)],
            "error_categories": {"wrong": dict(self.wrong_categories.most_common()),
                                 "missed": dict(self.missed_categories.most_common())},
        }


# --------------------------------------------------------------------------- scoring


def _wrong_category(t: Triple, gold: Sequence[GoldEvent]) -> tuple[str, str | None]:
    """Why a predicted triple is wrong, and the gold type it was confused with (same dyad)."""
    if not gold:
        return "no_gold_event", None
    for g in gold:
        if g.actor_ok(t) and g.recipient_ok(t):
            return "wrong_type", g.types[0]
    if any(g.type_ok(t) and g.actor_ok(t) for g in gold):
        return "wrong_recipient", None
    if any(g.type_ok(t) and g.recipient_ok(t) for g in gold):
        return "wrong_actor", None
    if any(g.type_ok(t) for g in gold):
        return "wrong_actor_and_recipient", None
    return "wrong_type_and_dyad", None


def _missed_category(g: GoldEvent, triples: Sequence[Triple], excluded: int) -> str:
    if not triples:
        return "only_negated_or_hypothetical" if excluded else "no_event"
    if any(g.matches(t) for t in triples):
        return "triple_used_by_other_gold_event"
    if any(g.actor_ok(t) and g.recipient_ok(t) for t in triples):
        return "wrong_type"
    if any(g.type_ok(t) and g.actor_ok(t) for t in triples):
        return "wrong_recipient"
    if any(g.type_ok(t) and g.recipient_ok(t) for t in triples):
        return "wrong_actor"
    if any(g.type_ok(t) for t in triples):
        return "wrong_actor_and_recipient"
    return "wrong_type_and_dyad"


def _event(e: records.Event | Mapping[str, Any]) -> records.Event:
    return e if isinstance(e, records.Event) else records.Event.from_dict(dict(e))


def _quad_of(event: records.Event) -> int | None:
    if event.quad_class in (1, 2, 3, 4):
        return int(event.quad_class)
    try:
        return _ontology_quad(event.event_type)
    except ValueError:
        return None


def _penta(row: Mapping[str, Any]) -> int | None:
    value = row.get("penta_class")
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise GoldError(f"gold row {row.get('id')}: penta_class must be 0-4, "
                        f"got {value!r}") from None


def evaluate(gold_rows: Iterable[Mapping[str, Any]],
             events_by_doc: Mapping[str, Sequence[records.Event | Mapping[str, Any]]]
             ) -> EvalResult:
    """Score predicted events (grouped by doc_id = gold row id, in output order) against gold rows.

    A row is a single sentence (it has ``events``, or only ``penta_class``) or a passage (it has
    ``sentences``): the format is decided per row. Raises GoldError for a gold row that cannot be
    scored (the CLI checks rows while reading).
    """
    res = EvalResult(per_type={t: TypeScore() for t in EVENT_TYPES})
    gold_ids: set[str] = set()
    for row in gold_rows:
        row_id = str(row.get("id"))
        if row_id in gold_ids:
            raise GoldError(f"gold id {row_id} appears twice")
        gold_ids.add(row_id)
        res.rows += 1
        events = [_event(e) for e in events_by_doc.get(row_id, ())]
        if "sentences" in row:
            _score_passage(res, row, events)
        else:
            _score_row(res, row_id, row, events)
    res.unknown_docs = sum(1 for d in events_by_doc if d not in gold_ids)
    return res


def _score_row(res: EvalResult, row_id: str, row: Mapping[str, Any],
               events: Sequence[records.Event]) -> SentenceReport:
    """Score one gold sentence (a single-sentence row, or one sentence of a passage)."""
    kept = [e for e in events if not is_excluded(e)]
    rep = SentenceReport(id=row_id, text=str(row.get("text", "")),
                         excluded=len(events) - len(kept))
    res.excluded_events += rep.excluded

    penta = _penta(row)
    if penta is not None:
        rep.penta_class = penta
        if penta in (1, 2, 3, 4):
            res.quad = res.quad or QuadScore()
            first = kept[0] if kept else None
            rep.quad = _quad_of(first) if first else None
            rep.first_type = first.event_type if first else None
            res.quad.n += 1
            res.quad.correct += rep.quad == penta
            res.quad.no_event += first is None
            res.quad.confusion[(penta, rep.quad or 0)] += 1
            if rep.quad != penta:
                res.quad.wrong_first_type[(penta, rep.first_type or "none")] += 1

    if "events" in row:
        res.sentences += 1
        raw = row["events"]
        if not isinstance(raw, list):
            raise GoldError(f"gold row {row_id}: 'events' must be a list")
        gold = [parse_gold_event(ev, row_id) for ev in raw]
        triples = [t for e in kept for t in expand(e)]
        required = [g for g in gold if g.required]
        for t in triples:
            score = res.per_type.setdefault(t.event_type, TypeScore())
            score.predicted += 1
            res.predicted += 1
            if any(g.matches(t) for g in gold):
                score.tp += 1
                res.tp += 1
                rep.correct.append(t)
            else:
                category, gold_type = _wrong_category(t, gold)
                rep.wrong.append((t, category))
                res.wrong_categories[category] += 1
                if gold_type:
                    res.confusions[(t.event_type, gold_type)] += 1
        matching = _max_matching(triples, required)
        by_id = {e.id: e for e in kept}
        for gi, g in enumerate(required):
            score = res.per_type.setdefault(g.types[0], TypeScore())
            score.gold_required += 1
            res.gold_required += 1
            res.gold_matched_any += any(g.matches(t) for t in triples)
            if gi in matching:
                score.gold_matched += 1
                res.gold_matched += 1
                if "date" in g.raw:
                    found = by_id.get(triples[matching[gi]].event_id)
                    _score_date(res, rep, g, found, triples[matching[gi]])
                if "location" in g.raw:
                    found = by_id.get(triples[matching[gi]].event_id)
                    res.places = res.places or PlaceScore()
                    verdict = res.places.add(g.raw["location"],
                                             found.location if found else None)
                    if verdict != "right":
                        rep.places_wrong.append((triples[matching[gi]], g.raw["location"],
                                                 found.location if found else None, verdict))
            else:
                category = _missed_category(g, triples, rep.excluded)
                rep.missed.append((g, category))
                res.missed_categories[category] += 1
    res.reports.append(rep)
    return rep


def _score_date(res: EvalResult, rep: SentenceReport, g: GoldEvent,
                found: records.Event | None, triple: Triple) -> None:
    """Date accuracy of one required gold event that was found (the README's date rules)."""
    res.dates = res.dates or DateScore()
    gold_date = g.raw.get("date")
    predicted = found.date if found else None
    verdict = res.dates.add(gold_date, predicted, found)
    if verdict not in ("right", "gold_undated", "in_inferred_range"):
        rep.dates_wrong.append((triple, gold_date, predicted, verdict))


def sentence_spans(text: str, sentences: Sequence[Mapping[str, Any]], row_id: str = "?"
                   ) -> list[tuple[int, int]]:
    """Character spans of a passage's gold sentences: each found after the previous one.

    The gold README makes each sentence an exact substring of the passage, in order; searching
    from the end of the previous one keeps a repeated sentence in its own place.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for i, s in enumerate(sentences):
        st = s.get("text") if isinstance(s, Mapping) else None
        k = text.find(st, pos) if isinstance(st, str) and st else -1
        if k < 0:
            raise GoldError(f"gold row {row_id}: sentence {i} is not an exact substring of the "
                            "passage after the previous sentence")
        spans.append((k, k + len(st)))
        pos = k + len(st)
    return spans


def _score_passage(res: EvalResult, row: Mapping[str, Any],
                   events: Sequence[records.Event]) -> None:
    """Score a passage: each predicted event goes to the gold sentence holding its trigger.

    The passage was coded as one document, so trigger offsets are offsets into the passage
    text. Decision: an event whose trigger lies in no gold sentence (the gaps between them, or
    text the annotators left out) is scored as a wrong prediction, category
    ``outside_gold_sentences``, never silently dropped; ``unplaced_events`` counts them.
    """
    row_id = str(row.get("id"))
    sentences = row.get("sentences")
    if not isinstance(sentences, list):
        raise GoldError(f"gold row {row_id}: 'sentences' must be a list")
    spans = sentence_spans(str(row.get("text", "")), sentences, row_id)
    res.passages += 1
    placed: list[list[records.Event]] = [[] for _ in spans]
    outside: list[records.Event] = []
    for e in events:
        at = e.trigger.start if e.trigger else -1
        for i, (s, t) in enumerate(spans):
            if s <= at < t:
                placed[i].append(e)
                break
        else:
            outside.append(e)
    for i, sent in enumerate(sentences):
        sub = {"id": f"{row_id}#{i}", "text": sent["text"], "events": sent.get("events", [])}
        rep = _score_row(res, sub["id"], sub, placed[i])
        rep.passage = row_id
    kept_outside = [e for e in outside if not is_excluded(e)]
    res.excluded_events += len(outside) - len(kept_outside)
    res.unplaced_events += len(kept_outside)
    if kept_outside:
        rep = SentenceReport(id=f"{row_id}#outside", text="", passage=row_id)
        for e in kept_outside:
            for t in expand(e):
                res.per_type.setdefault(t.event_type, TypeScore()).predicted += 1
                res.predicted += 1
                rep.wrong.append((t, "outside_gold_sentences"))
                res.wrong_categories["outside_gold_sentences"] += 1
        res.reports.append(rep)


# --------------------------------------------------------------------------- files


@dataclass
class Skipped:
    """A line of an input file that could not be used, and why."""

    file: str
    line: int
    reason: str


def _check_passage(row: Mapping[str, Any]) -> None:
    """Raise GoldError unless a passage row can be scored."""
    sentences = row["sentences"]
    if not isinstance(sentences, list):
        raise GoldError("'sentences' must be a list")
    for i, sent in enumerate(sentences):
        if not isinstance(sent, dict) or not isinstance(sent.get("events", []), list):
            raise GoldError(f"sentence {i} must be an object with an 'events' list")
        for ev in sent.get("events", []):
            parse_gold_event(ev, f"{row['id']}#{i}")
    sentence_spans(row["text"], sentences, row["id"])


def read_gold(path: str | Path) -> tuple[list[dict[str, Any]], list[Skipped]]:
    """Gold rows from a JSONL file; unusable lines come back as Skipped, never dropped silently."""
    rows: list[dict[str, Any]] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()
    with open(path, "rb") as fh:
        for n, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                row = json.loads(raw.decode("utf-8"))
                if not isinstance(row, dict):
                    raise GoldError("a line must hold a JSON object")
                if not row.get("id") or not isinstance(row.get("text"), str):
                    raise GoldError("a gold row needs 'id' and 'text'")
                row["id"] = str(row["id"])
                if row["id"] in seen:
                    raise GoldError(f"duplicate id {row['id']}")
                if "sentences" in row:
                    _check_passage(row)
                if "events" in row:
                    if not isinstance(row["events"], list):
                        raise GoldError("'events' must be a list")
                    for ev in row["events"]:
                        parse_gold_event(ev, row["id"])
                _penta(row)
            except (UnicodeDecodeError, ValueError, RecursionError, GoldError) as exc:
                skipped.append(Skipped(str(path), n, f"{type(exc).__name__}: {exc}"))
                continue
            seen.add(row["id"])
            rows.append(row)
    return rows, skipped


def read_events(path: str | Path) -> tuple[dict[str, list[records.Event]], list[Skipped]]:
    """Event records (JSONL) grouped by doc_id, in file order."""
    by_doc: dict[str, list[records.Event]] = {}
    skipped: list[Skipped] = []
    with open(path, "rb") as fh:
        for n, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                d = json.loads(raw.decode("utf-8"))
                if not isinstance(d, dict) or "event_type" not in d or "id" not in d:
                    raise ValueError("not an event record (needs 'id' and 'event_type')")
                ev = records.Event.from_dict(d)
            except (UnicodeDecodeError, ValueError, TypeError, KeyError, RecursionError) as exc:
                skipped.append(Skipped(str(path), n, f"{type(exc).__name__}: {exc}"))
                continue
            by_doc.setdefault(ev.doc_id, []).append(ev)
    return by_doc, skipped


def write_errors(result: EvalResult, path: str | Path) -> int:
    """One JSON line per sentence with a miss, a wrong triple or a wrong quad class; the count."""
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        for rep in result.reports:
            if rep.has_errors:
                fh.write(json.dumps(rep.to_dict(), ensure_ascii=False) + "\n")
                n += 1
    return n
