"""The records that flow between stages, and their JSON form.

These dataclasses are the contract of ../shared/DESIGN.md: other tools and our own evaluation
read the JSON they produce, so field names and meanings change only on purpose. Every offset is a
character offset into the *original* input text, whatever screening repaired before parsing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: Status values of a document record.
OK, SKIPPED, ERROR = "ok", "skipped", "error"


@dataclass
class Document:
    """One input record: a text to code, with its id, optional ISO date and other fields as meta.

    A reader that cannot produce a usable text (undecodable bytes, a malformed JSON line, a record
    without ``text``) still yields a Document, with ``error`` set, so that the record is accounted
    for in the output instead of vanishing.
    """

    id: str
    text: str
    date: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    #: why this record could not be read; the coder turns it into a document record with status error
    error: str | None = None
    #: "html" when the text is markup to strip before coding, else "text"
    format: str = "text"


@dataclass
class Entity:
    """An actor or recipient: a code (ISO alpha-3, IGO, NGO, MNC or ---) and a PLOVER sector."""

    code: str
    sector: str | None
    text: str
    start: int
    end: int
    #: the organisation's or person's name, where the code alone does not say who it is (IGO, people)
    name: str | None = None
    #: not named by the sentence but implied by it: the unnamed perpetrator of "were killed",
    #: the state of the dateline for "authorities"; its span is where it was inferred from
    inferred: bool = False

    def to_dict(self) -> dict[str, Any]:
        d = {"code": self.code, "sector": self.sector, "text": self.text,
             "start": self.start, "end": self.end}
        if self.name:
            d["name"] = self.name
        if self.inferred:
            d["inferred"] = True
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Entity":
        return cls(code=d.get("code") or "---", sector=d.get("sector"), text=d.get("text", ""),
                   start=int(d.get("start", 0)), end=int(d.get("end", 0)), name=d.get("name"),
                   inferred=bool(d.get("inferred", False)))


@dataclass
class Span:
    """A piece of text with its offsets: the trigger of an event."""

    text: str
    start: int
    end: int


@dataclass
class SentenceRef:
    index: int
    start: int
    end: int


@dataclass
class Event:
    """One PLOVER event, as in the DESIGN.md contract."""

    id: str
    doc_id: str
    event_type: str
    actor: list[Entity]
    recipient: list[Entity]
    trigger: Span
    sentence: SentenceRef
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    aux_modes: list[str] = field(default_factory=list)
    date: str | None = None
    #: where the date came from: "sentence", "context", "document", "inferred" (date stays None,
    #: see date_range), or None when undated
    date_source: str | None = None
    intensity: float | None = None
    quad_class: int | None = None
    cameo: str | None = None
    confidence: float | None = None
    #: the sentence text, kept so that reports can quote the evidence without the source file
    evidence: str | None = None
    #: an undated event's inferred interval, [start, end] as ISO years (None = open end); set
    #: only with date_source "inferred" (see detente.inferred_dates)
    date_range: list[str | None] | None = None
    #: what bounded an inferred interval: short labels (person, named event, anchor sentence)
    date_evidence: list[str] | None = None
    #: where it happened (see detente.locate): name, text, start, end (original offsets),
    #: country (ISO alpha-3), admin1, lat, lon, feature, source (clause|dateline|document);
    #: None when the text gives no place
    location: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "doc_id": self.doc_id, "event_type": self.event_type,
            "mode": self.mode, "context": list(self.context), "aux_modes": list(self.aux_modes),
            "actor": [a.to_dict() for a in self.actor],
            "recipient": [r.to_dict() for r in self.recipient],
            "date": self.date, "date_source": self.date_source,
            "trigger": asdict(self.trigger), "sentence": asdict(self.sentence),
            "intensity": self.intensity, "quad_class": self.quad_class, "cameo": self.cameo,
            "confidence": self.confidence, "evidence": self.evidence,
            "date_range": list(self.date_range) if self.date_range else None,
            "date_evidence": list(self.date_evidence) if self.date_evidence else None,
            "location": dict(self.location) if self.location else None,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Event":
        trig = d.get("trigger") or {"text": "", "start": 0, "end": 0}
        sent = d.get("sentence") or {"index": 0, "start": 0, "end": 0}
        return cls(
            id=d["id"], doc_id=d.get("doc_id", ""), event_type=d["event_type"],
            actor=[Entity.from_dict(a) for a in d.get("actor") or []],
            recipient=[Entity.from_dict(r) for r in d.get("recipient") or []],
            trigger=Span(trig.get("text", ""), int(trig.get("start", 0)), int(trig.get("end", 0))),
            sentence=SentenceRef(int(sent.get("index", 0)), int(sent.get("start", 0)),
                                 int(sent.get("end", 0))),
            mode=d.get("mode"), context=list(d.get("context") or []),
            aux_modes=list(d.get("aux_modes") or []), date=d.get("date"),
            date_source=d.get("date_source"), intensity=d.get("intensity"),
            quad_class=d.get("quad_class"), cameo=d.get("cameo"),
            confidence=d.get("confidence"), evidence=d.get("evidence"),
            date_range=list(d["date_range"]) if d.get("date_range") else None,
            date_evidence=list(d["date_evidence"]) if d.get("date_evidence") else None,
            location=dict(d["location"]) if d.get("location") else None,
        )


@dataclass
class QualitySpan:
    """A damaged or suspicious stretch of the original text found by screening."""

    kind: str  # injected_phrase | missing_number | glued_words | boilerplate | encoding | language
    start: int
    end: int
    text: str


@dataclass
class Quality:
    score: float = 1.0
    flags: list[str] = field(default_factory=list)
    spans: list[QualitySpan] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"score": round(self.score, 4), "flags": list(self.flags),
                "spans": [asdict(s) for s in self.spans]}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> "Quality":
        d = d or {}
        return cls(score=float(d.get("score", 1.0)), flags=list(d.get("flags") or []),
                   spans=[QualitySpan(**s) for s in d.get("spans") or []])


@dataclass
class DocumentRecord:
    """What happened to one input record: one per record, whatever happened to it."""

    doc_id: str
    status: str = OK
    reason: str | None = None
    language: str | None = None
    sentences: int = 0
    events: int = 0
    quality: Quality = field(default_factory=Quality)
    date: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "status": self.status, "reason": self.reason,
                "language": self.language, "sentences": self.sentences, "events": self.events,
                "quality": self.quality.to_dict(), "date": self.date, "meta": dict(self.meta)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "DocumentRecord":
        return cls(doc_id=d["doc_id"], status=d.get("status", OK), reason=d.get("reason"),
                   language=d.get("language"), sentences=int(d.get("sentences") or 0),
                   events=int(d.get("events") or 0), quality=Quality.from_dict(d.get("quality")),
                   date=d.get("date"), meta=dict(d.get("meta") or {}))


@dataclass
class CodeResult:
    """What ``Coder.code`` returns for one document."""

    document: DocumentRecord
    events: list[Event]

    def to_dict(self) -> dict[str, Any]:
        return {"document": self.document.to_dict(), "events": [e.to_dict() for e in self.events]}
