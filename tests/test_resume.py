"""Resume: a run killed with SIGKILL (or stopped with Ctrl-C) and resumed gives the same files
as an uninterrupted run; broken records in a big file are each accounted for."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_executors import corpus_lines  # the same generated news-like corpus

DETENTE = str(Path(sys.executable).with_name("detente"))
N_DOCS, SHARD = 600, 60


def detente_args(corpus: Path, out: Path, *extra: str) -> list[str]:
    return [DETENTE, "code", str(corpus), "-o", f"{out}/", "--workers", "1", "--shard-size",
            str(SHARD), "--batch-size", "10", "--no-progress", *extra]


def files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def listed_shards(out: Path) -> int:
    try:
        return len(json.loads((out / "manifest.json").read_text())["shards"])
    except (OSError, ValueError, KeyError):
        return 0


def start_and_stop_after_first_shard(args: list[str], out: Path, sig: int
                                     ) -> subprocess.Popen:
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while listed_shards(out) < 1 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(sig)
    proc.wait(timeout=60)
    return proc


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    p = tmp_path_factory.mktemp("resume") / "corpus.jsonl"
    p.write_text("\n".join(corpus_lines(N_DOCS)) + "\n", encoding="utf-8")
    return p


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ref") / "out"
    proc = subprocess.run(detente_args(corpus, out), capture_output=True, timeout=300)
    assert proc.returncode == 1, proc.stderr.decode()  # the corpus has broken records
    assert listed_shards(out) == N_DOCS // SHARD
    return out


def test_resume_after_sigkill_gives_the_same_files(corpus, reference, tmp_path):
    out = tmp_path / "out"
    proc = start_and_stop_after_first_shard(detente_args(corpus, out), out, signal.SIGKILL)
    assert proc.returncode == -signal.SIGKILL
    done = listed_shards(out)
    assert 1 <= done < N_DOCS // SHARD, "the run must be killed half-way"
    assert not json.loads((out / "manifest.json").read_text())["complete"]
    resumed = subprocess.run(detente_args(corpus, out, "--resume"), capture_output=True,
                             timeout=300)
    assert resumed.returncode == 1, resumed.stderr.decode()
    assert "from finished shards" in resumed.stderr.decode()
    assert files(out) == files(reference)  # no temporary file left, every byte the same


def test_ctrl_c_keeps_finished_shards_and_resume_completes(corpus, reference, tmp_path):
    out = tmp_path / "out"
    proc = start_and_stop_after_first_shard(detente_args(corpus, out), out, signal.SIGINT)
    assert proc.returncode == 130
    assert b"--resume" in proc.stderr.read()
    assert 1 <= listed_shards(out) < N_DOCS // SHARD
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # temporaries removed
    subprocess.run(detente_args(corpus, out, "--resume"), capture_output=True, timeout=300)
    assert files(out) == files(reference)


def test_a_damaged_shard_is_recoded(corpus, reference, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for name, data in files(reference).items():
        (out / name).write_bytes(data)
    victim = out / "events-00003.jsonl"
    victim.write_bytes(victim.read_bytes()[:-50])
    (out / "documents-00007.jsonl").unlink()
    proc = subprocess.run(detente_args(corpus, out, "--resume"), capture_output=True, timeout=300)
    assert proc.returncode == 1
    assert files(out) == files(reference)


def test_resume_refuses_other_settings_and_plain_rerun_refuses_to_overwrite(corpus, reference,
                                                                            tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for name, data in files(reference).items():
        (out / name).write_bytes(data)
    r = subprocess.run(detente_args(corpus, out, "--resume", "--lang", "any"),
                       capture_output=True, timeout=120)
    assert r.returncode == 2 and b"cannot resume" in r.stderr
    r = subprocess.run(detente_args(corpus, out), capture_output=True, timeout=120)
    assert r.returncode == 2 and b"--resume" in r.stderr
    assert files(out) == files(reference)


def test_broken_records_in_a_big_file_are_all_accounted_for(tmp_path):
    """Malformed JSON, missing text, bad bytes, empty text and a 20 MB text amid good records."""
    good = corpus_lines(300)
    good = [line for line in good if '"n' in line]  # only well-formed records here
    big_text = ("Officials of the two delegations continued their discussions about "
                "regional trade. ") * 242_000
    assert len(big_text) >= 20_000_000
    bad = {50: b'{"id": "bad-json", "text": "unterminated',
           100: json.dumps({"id": "no-text", "title": "where is the text"}).encode(),
           150: b'{"id": "bad-bytes", "text": "Caf\xe9 talks"}',
           200: json.dumps({"id": "empty", "text": ""}).encode(),
           250: json.dumps({"id": "huge", "text": big_text}).encode()}
    lines: list[bytes] = []
    for i, line in enumerate(good):
        if i in bad:
            lines.append(bad[i])
        lines.append(line.encode())
    p = tmp_path / "big.jsonl"
    p.write_bytes(b"\n".join(lines) + b"\n")
    docs = tmp_path / "docs.jsonl"
    proc = subprocess.run([DETENTE, "code", str(p), "-o", str(tmp_path / "ev.jsonl"), "--docs",
                           str(docs), "--workers", "2", "--batch-size", "16", "--no-progress"],
                          capture_output=True, timeout=300)
    assert proc.returncode == 1, proc.stderr.decode()
    recs = [json.loads(x) for x in docs.read_text(encoding="utf-8").splitlines()]
    assert len(recs) == len(lines)  # one document record per input record, none lost
    ids = [r["doc_id"] for r in recs]
    assert ids[50] == f"{p}:51" and ids[101] == "no-text"  # in input order
    by = {r["doc_id"]: r for r in recs}
    assert by[f"{p}:51"]["status"] == "error" and "malformed JSON" in by[f"{p}:51"]["reason"]
    assert by["no-text"]["status"] == "error" and "text" in by["no-text"]["reason"]
    assert by["no-text"]["meta"].get("title") == "where is the text"
    assert by["bad-bytes"]["status"] == "error" and "UTF-8" in by["bad-bytes"]["reason"]
    assert by["empty"]["status"] == "skipped" and by["empty"]["reason"]
    # over the default --max-chars (spaCy's max_length): skipped with a reason, not coded
    assert by["huge"]["status"] == "skipped" and "too long" in by["huge"]["reason"]
    assert sum(r["status"] == "ok" for r in recs) >= len(good) - 1
