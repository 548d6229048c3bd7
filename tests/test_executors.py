"""Executors: local (1 and 2 processes) and Ray give the same records; faults stay per document.

Ray runs for real, started locally with 2 CPUs by the command line (no mock).
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from detente.executors import CoderSpec, code_batch, fingerprint, iter_shards, make_executor
from detente.records import Document

DETENTE = str(Path(sys.executable).with_name("detente"))
HERE = Path(__file__).resolve().parent

ACTORS = ["Japan", "China", "The Soviet Union", "NATO", "Iraqi troops", "The United Nations",
          "French officials", "Moscow", "Germany", "Iran"]
ACTS = ["signed a trade agreement with", "condemned", "attacked", "met", "rejected a proposal by",
        "sent aid to", "expelled diplomats from", "agreed to cooperate with", "accused", "visited"]


def corpus_lines(n: int) -> list[str]:
    """``n`` JSONL records of generated news-like text, with a few broken ones among them."""
    pairs = itertools.cycle(itertools.product(ACTORS, ACTS, ACTORS))
    lines = []
    for i in range(n):
        if i % 37 == 11:
            lines.append('{"id": "broken-%d", "text": ' % i)
            continue
        if i % 41 == 20:
            lines.append(json.dumps({"id": f"empty-{i}", "text": ""}))
            continue
        sents = []
        for _ in range(3):
            a, act, b = next(pairs)
            if a == b:
                b = "Egypt"
            sents.append(f"{a} {act} {b.lower() if b.startswith('The') else b} on Tuesday.")
        lines.append(json.dumps({"id": f"n{i:05d}", "text": " ".join(sents),
                                 "date": f"2004-{1 + i % 12:02d}-15"}))
    return lines


def detente(*args: str, env: dict | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    full_env = dict(os.environ, RAY_USAGE_STATS_ENABLED="0", **(env or {}))
    return subprocess.run([DETENTE, "code", *args], capture_output=True, timeout=timeout,
                          env=full_env)


def shard_files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if not p.name.startswith(".")}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    p = tmp_path_factory.mktemp("exec") / "corpus.jsonl"
    p.write_text("\n".join(corpus_lines(160)) + "\n", encoding="utf-8")
    return p


@pytest.fixture(scope="module")
def local_one(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("local1") / "out"
    proc = detente(str(corpus), "-o", f"{out}/", "--workers", "1", "--shard-size", "40",
                   "--batch-size", "8", "--no-progress")
    assert proc.returncode == 1, proc.stderr.decode()  # the broken records are errors
    return out


def test_local_run_accounts_for_every_record(local_one, corpus):
    manifest = json.loads((local_one / "manifest.json").read_text())
    assert manifest["complete"] and len(manifest["shards"]) == 4
    ids = [json.loads(x)["doc_id"] for n in range(4)
           for x in (local_one / f"documents-{n:05d}.jsonl").read_text().splitlines()]
    assert len(ids) == 160 == manifest["totals"]["records"]
    assert manifest["totals"]["error"] == sum(1 for i in range(160) if i % 37 == 11)
    assert manifest["totals"]["events"] > 100


@pytest.mark.parametrize("args", [["--workers", "2"],
                                  pytest.param(["--executor", "ray", "--workers", "2"],
                                               marks=pytest.mark.ray)],
                         ids=["local-2", "ray"])
def test_same_records_as_one_local_worker(args, corpus, local_one, tmp_path):
    if "ray" in args:
        pytest.importorskip("ray")
    out = tmp_path / "out"
    proc = detente(str(corpus), "-o", f"{out}/", "--shard-size", "40", "--batch-size", "8",
                   "--no-progress", *args)
    assert proc.returncode == 1, proc.stderr.decode()
    assert shard_files(out) == shard_files(local_one)


def test_without_ray_installed_a_clear_message(corpus, tmp_path):
    shadow = tmp_path / "shadow" / "ray"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError('No module named ray')\n")
    proc = detente(str(corpus), "--executor", "ray", "-o", str(tmp_path / "x.jsonl"),
                   env={"PYTHONPATH": str(shadow.parent)})
    assert proc.returncode == 2
    assert "pip install -e '.[ray]'" in proc.stderr.decode()


def test_shards_follow_the_input_only():
    docs = [Document(id=str(i), text=f"text {i}") for i in range(10)]
    shards = list(iter_shards(iter(docs), 4))
    assert [len(s.docs) for s in shards] == [4, 4, 2] and [s.index for s in shards] == [0, 1, 2]
    assert shards[0].fingerprint == fingerprint(docs[:4])
    changed = [Document(id="0", text="text 0!")] + docs[1:4]
    assert fingerprint(changed) != shards[0].fingerprint
    with pytest.raises(ValueError):
        list(iter_shards(iter(docs), 0))


@pytest.fixture(scope="module")
def coder():
    from detente.coder import Coder

    return Coder()


class _Exploding:
    """Wraps the real coder; ``pipe`` raises when a batch holds the word EXPLODE (a coder bug)."""

    def __init__(self, real):
        self.real = real

    def pipe(self, docs, batch_size=64):
        if any("EXPLODE" in d.text for d in docs):
            raise RuntimeError("boom in the coder")
        return self.real.pipe(docs, batch_size=batch_size)


def test_a_coder_crash_is_confined_to_its_document(coder):
    docs = [Document(id="a", text="Japan and China signed a treaty on Monday."),
            Document(id="b", text="EXPLODE"),
            Document(id="c", text="Russia condemned the attack.")]
    coded = code_batch(_Exploding(coder), docs, 8)
    assert [d["doc_id"] for d, _ in coded] == ["a", "b", "c"]
    assert coded[1][0]["status"] == "error" and "boom in the coder" in coded[1][0]["reason"]
    plain = code_batch(coder, [docs[0], docs[2]], 8)
    assert [coded[0], coded[2]] == plain


class CrashingCoder:
    """Builds the real Coder, but kills its process on the text CRASH (a segfault, an OOM kill)."""

    def __init__(self, dictionaries=(), lang="en"):
        from detente.coder import Coder

        self.real = Coder(dictionaries=dictionaries, lang=lang)

    def pipe(self, docs, batch_size=64):
        if any(d.text == "CRASH" for d in docs):
            os._exit(3)
        return self.real.pipe(docs, batch_size=batch_size)


def test_local_pool_survives_a_dying_worker(coder):
    sys.path.insert(0, str(HERE))  # spawned workers import this module by name
    try:
        spec = CoderSpec(factory=f"{Path(__file__).stem}:CrashingCoder")
        texts = ["Japan and China signed a treaty.", "CRASH", "Russia condemned Georgia.",
                 "Iran expelled British diplomats."]
        docs = [Document(id=f"d{i}", text=t) for i, t in enumerate(texts)]
        ex = make_executor("local", spec, workers=2, batch_size=2)
        try:
            parts = list(ex.run(iter_shards(iter(docs), 4)))
        finally:
            ex.close()
    finally:
        sys.path.remove(str(HERE))
    coded = [c for p in parts for c in p.coded]
    assert [d["doc_id"] for d, _ in coded] == ["d0", "d1", "d2", "d3"]
    assert coded[1][0]["status"] == "error" and "worker process died" in coded[1][0]["reason"]
    assert [c for i, c in enumerate(coded) if i != 1] == code_batch(
        coder, [d for d in docs if d.text != "CRASH"], 8)


def test_documents_over_the_length_limit_are_skipped_with_a_reason(coder):
    docs = [Document(id="short", text="Japan and China signed a treaty on Monday."),
            Document(id="long", text="Russia condemned the attack. " * 10, date="2004-01-01")]
    coded = code_batch(coder, docs, 8, max_chars=100)
    assert coded[0] == code_batch(coder, docs[:1], 8)[0]
    rec, events = coded[1]
    assert rec["status"] == "skipped" and "too long: 290 characters" in rec["reason"]
    assert events == [] and rec["date"] == "2004-01-01"
