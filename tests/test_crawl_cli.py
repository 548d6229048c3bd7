"""``detente code --crawl`` and ``detente screen --corpus`` over a small crawl (issue 15)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import corrupt as c

PHRASE = "cold war sanctions imposed moscow"


def detente(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "detente.cli", *args], capture_output=True,
                          text=True, timeout=300)


@pytest.fixture(scope="module")
def crawl(tmp_path_factory) -> tuple[Path, dict]:
    """Ten pages of one site, its keyword once or twice per page, half of them after a comma
    where the page alone cannot tell it from prose."""
    p = tmp_path_factory.mktemp("crawl") / "crawl.jsonl"
    truths = {}
    lines = []
    texts = list(c.CLEAN_TEXTS.values())
    for k in range(10):
        d = c.lone_damage(texts[k % len(texts)], PHRASE, seed=k, mid=k % 2 == 1, n=1 + k % 2)
        truths[f"p{k}"] = [(t.start, t.end) for t in d.spans("injected_phrase")]
        lines.append(json.dumps({"id": f"p{k}", "text": d.text}))
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p, truths


def test_screen_corpus_reports_the_site_keyword(crawl):
    path, truths = crawl
    proc = detente("screen", "--corpus", "--json", str(path))
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(x) for x in proc.stdout.splitlines()]
    corpus = lines[0]["corpus"]
    assert corpus["documents"] == 10
    assert [p["phrase"] for p in corpus["phrases"] if p["junk"]] == [PHRASE]
    # then every page, with every copy masked, the quiet ones too
    for rep in lines[1:]:
        spans = [(s["start"], s["end"]) for s in rep["quality"]["spans"]
                 if s["kind"] == "injected_phrase"]
        for t in truths[rep["doc_id"]]:
            assert any(a - 2 <= t[1] and t[0] <= b + 2 for a, b in spans), rep["doc_id"]


@pytest.fixture(scope="module")
def one_worker(crawl, tmp_path_factory) -> Path:
    path, _ = crawl
    out = tmp_path_factory.mktemp("one") / "out"
    proc = detente("code", str(path), "--crawl", "-o", f"{out}/", "--workers", "1",
                   "--shard-size", "4", "--no-progress")
    assert proc.returncode == 0, proc.stderr
    assert f"1 junk phrase: '{PHRASE}'" in proc.stderr
    return out


def _shards(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("*-*.jsonl"))}


@pytest.mark.slow
def test_code_crawl_gives_no_event_from_junk(crawl, one_worker):
    _, truths = crawl
    manifest = json.loads((one_worker / "manifest.json").read_text())
    assert manifest["settings"]["junk_phrases"] == [PHRASE]
    events = [json.loads(x) for name, data in _shards(one_worker).items()
              if name.startswith("events") for x in data.decode().splitlines()]
    assert events
    for e in events:
        spans = [(e["trigger"]["start"], e["trigger"]["end"])] + [
            (x["start"], x["end"]) for x in e["actor"] + e["recipient"]]
        assert not any(a <= s and t <= b for s, t in spans for a, b in truths[e["doc_id"]]), e


@pytest.mark.slow
@pytest.mark.parametrize("args", [["--workers", "2"],
                                  pytest.param(["--executor", "ray", "--workers", "2"],
                                               marks=pytest.mark.ray)],
                         ids=["local-2", "ray"])
def test_code_crawl_same_records_with_workers_and_ray(args, crawl, one_worker, tmp_path):
    if "ray" in args:
        pytest.importorskip("ray")
    path, _ = crawl
    proc = detente("code", str(path), "--crawl", "-o", f"{tmp_path}/out/", "--shard-size", "4",
                   "--no-progress", *args)
    assert proc.returncode == 0, proc.stderr
    assert _shards(tmp_path / "out") == _shards(one_worker)


def test_crawl_needs_files(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "detente.cli", "code", "-", "--crawl"],
                          input="Japan protested.", capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "not stdin" in proc.stderr
