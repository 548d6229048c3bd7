"""Executors: run the coder over a stream of input shards, here or on a cluster.

The coding itself is the same everywhere (:func:`code_batch` around ``Coder.pipe``); an executor
only decides *where* it runs and keeps results in input order:

* :class:`~detente.executors.local.LocalExecutor` — in this process (``workers=1``) or in a pool
  of local processes, each loading the model once;
* :class:`~detente.executors.ray_executor.RayExecutor` — one Ray task per input shard, on a local
  Ray instance or a cluster (the optional ``ray`` extra).

A *shard* is N consecutive records of the input stream. It is the unit of output files and of
resume (see :mod:`detente.commands.code`), so its boundaries depend only on the input and the
shard size, never on the executor or the number of workers: that is what makes the records of
every executor identical.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from detente.records import ERROR, SKIPPED, Document, DocumentRecord

#: (document record dict, event dicts) for one input record
Coded = tuple[dict[str, Any], list[dict[str, Any]]]


@dataclass(frozen=True)
class CoderSpec:
    """How to build a Coder in a worker: hashable and picklable, so each worker process builds
    (and loads the model for) one Coder per spec and reuses it for every batch it is sent.

    ``factory`` is an import path ``module:attribute`` so that another coder class can be
    plugged in without changing the executors.
    """

    dictionaries: tuple[str, ...] = ()
    lang: str = "en"
    factory: str = "detente.coder:Coder"
    #: phrases the crawl pass judged junk (``detente code --crawl``): every worker masks them
    junk_phrases: tuple[str, ...] = ()
    #: "rules" or "hybrid" (see detente.events.model); passed on only when not "rules", so
    #: that a plugged-in coder class need not know the option
    model: str = "rules"

    def build(self) -> Any:
        module, _, attr = self.factory.partition(":")
        cls = getattr(importlib.import_module(module), attr)
        extra: dict[str, Any] = {"model": self.model} if self.model != "rules" else {}
        if self.junk_phrases:
            extra["junk_phrases"] = self.junk_phrases
        return cls(dictionaries=self.dictionaries, lang=self.lang, **extra)


_CODERS: dict[CoderSpec, Any] = {}


class CoderLoadError(RuntimeError):
    """The Coder could not be built (model or dictionary missing or broken): nothing can run."""


def cached_coder(spec: CoderSpec) -> Any:
    """The Coder of this process for ``spec``, built on first use."""
    coder = _CODERS.get(spec)
    if coder is None:
        try:
            coder = spec.build()
        except Exception as exc:
            raise CoderLoadError(f"cannot load the coder: {type(exc).__name__}: {exc}") from exc
        _CODERS[spec] = coder
    return coder


@dataclass
class Shard:
    """N consecutive input records, numbered from 0 in input order."""

    index: int
    docs: list[Document]
    #: sha256 over the records' content: a resumed run checks that a done shard saw the same input
    fingerprint: str = ""


@dataclass
class ShardPart:
    """Coded records of a run of consecutive documents of one shard; ``last`` closes the shard."""

    shard: int
    coded: list[Coded] = field(default_factory=list)
    last: bool = False


def iter_shards(docs: Iterable[Document], shard_size: int) -> Iterator[Shard]:
    """Group the document stream into shards of ``shard_size`` records (the last may be short)."""
    if shard_size < 1:
        raise ValueError("shard size must be at least 1")
    batch: list[Document] = []
    index = 0
    for doc in docs:
        batch.append(doc)
        if len(batch) == shard_size:
            yield Shard(index, batch, fingerprint(batch))
            batch, index = [], index + 1
    if batch:
        yield Shard(index, batch, fingerprint(batch))


def fingerprint(docs: list[Document]) -> str:
    h = hashlib.sha256()
    for d in docs:
        head = json.dumps([d.id, d.date, d.error, d.format, d.meta], ensure_ascii=False,
                          sort_keys=True, default=str)
        h.update(head.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
        h.update(d.text.encode("utf-8", "surrogatepass"))
        h.update(b"\x01")
    return h.hexdigest()


#: default ``max_chars``: spaCy's own ``nlp.max_length``. A news story is a few thousand
#: characters; a "document" of millions is a data dump or a concatenation that would take minutes
#: and gigabytes to screen and parse, so a corpus run skips it with a reason instead.
MAX_CHARS = 1_000_000


def code_batch(coder: Any, docs: list[Document], batch_size: int = 64,
               max_chars: int | None = None) -> list[Coded]:
    """Code ``docs`` with ``coder.pipe``, one result per document, in order, never raising.

    Documents longer than ``max_chars`` (when set) are not coded: their record has status
    ``skipped`` and says why. ``Coder.pipe`` promises not to raise for one bad document; should
    it raise anyway (a bug), the batch is redone one document at a time so that only the culprit
    is recorded as an error, with the exception as its reason, and the run goes on.
    """
    if max_chars and any(len(d.text) > max_chars for d in docs):
        keep = [d for d in docs if len(d.text) <= max_chars]
        coded = iter(code_batch(coder, keep, batch_size) if keep else [])
        return [next(coded) if len(d.text) <= max_chars else (too_long_record(d, max_chars), [])
                for d in docs]
    try:
        results = list(coder.pipe(docs, batch_size=batch_size))
        if len(results) != len(docs):
            raise RuntimeError(f"Coder.pipe returned {len(results)} results for {len(docs)} "
                               "documents")
        return [_as_coded(r) for r in results]
    except Exception:
        if len(docs) == 1:
            return [_failed(docs[0], traceback.format_exc(limit=1))]
    out: list[Coded] = []
    for doc in docs:
        out.extend(code_batch(coder, [doc], batch_size))
    return out


def _as_coded(result: Any) -> Coded:
    return result.document.to_dict(), [e.to_dict() for e in result.events]


def _failed(doc: Document, detail: str) -> Coded:
    last = [ln for ln in detail.strip().splitlines() if ln.strip()][-1:] or ["unknown error"]
    return failed_record(doc, f"internal error while coding: {last[0].strip()}"), []


def too_long_record(doc: Document, max_chars: int) -> dict[str, Any]:
    """The document record of a document over the length limit (skipped, not an error)."""
    return DocumentRecord(doc_id=doc.id, status=SKIPPED, date=doc.date, meta=dict(doc.meta),
                          reason=f"text too long: {len(doc.text):,} characters (limit "
                                 f"{max_chars:,}; raise it with --max-chars)").to_dict()


def failed_record(doc: Document, reason: str) -> dict[str, Any]:
    """The document record of a document that could not be coded at all."""
    return DocumentRecord(doc_id=doc.id, status=ERROR, reason=reason, date=doc.date,
                          meta=dict(doc.meta)).to_dict()


def make_executor(name: str, spec: CoderSpec, *, workers: int, batch_size: int,
                  address: str | None = None, max_chars: int | None = MAX_CHARS) -> Any:
    """``local`` or ``ray``; Ray is imported only here, with an install hint when missing."""
    if name == "local":
        from detente.executors.local import LocalExecutor

        return LocalExecutor(spec, workers=workers, batch_size=batch_size, max_chars=max_chars)
    if name == "ray":
        from detente.executors.ray_executor import RayExecutor

        return RayExecutor(spec, workers=workers, batch_size=batch_size, address=address,
                           max_chars=max_chars)
    raise ValueError(f"unknown executor {name!r} (local or ray)")
