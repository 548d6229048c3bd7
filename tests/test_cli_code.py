"""``detente code`` end to end: every input and output format, stdin, exit codes, bad records.

Each test runs the real command line (``.venv/bin/detente``) on files written here; the Python
API's own output (the real Coder, loaded once for the module) is the reference.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from detente.write import load_records

ROOT = Path(__file__).resolve().parents[1]
DETENTE = str(Path(sys.executable).with_name("detente"))

TEXTS = {
    "t1": "Japan and the Soviet Union signed a joint declaration in Moscow on Friday.",
    "t2": "Iraqi troops attacked rebel positions near Mosul, the army said.",
    "t3": "Russia rejected a proposal by NATO to hold talks on missile defence.",
    "t4": "The weather was sunny in Paris this weekend.",
}


def detente(*args: str, stdin: bytes | None = None, timeout: int = 180
            ) -> subprocess.CompletedProcess:
    env = dict(os.environ, RAY_USAGE_STATS_ENABLED="0")
    return subprocess.run([DETENTE, "code", *args], input=stdin, capture_output=True,
                          timeout=timeout, env=env)


@pytest.fixture(scope="module")
def coder():
    from detente.coder import Coder

    return Coder()


def expected(coder, doc_id: str, text: str, date: str | None = None) -> list[dict]:
    return [e.to_dict() for e in coder.code(text, date=date, doc_id=doc_id).events]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    d = tmp_path_factory.mktemp("inputs")
    (d / "t1.txt").write_text(TEXTS["t1"], encoding="utf-8")
    (d / "t2.html").write_text(f"<html><body><p>{TEXTS['t2']}</p></body></html>",
                               encoding="utf-8")
    with open(d / "recs.jsonl", "w", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "j3", "text": TEXTS["t3"], "date": "2004-05-01",
                             "source": "wire"}) + "\n")
        fh.write(json.dumps({"id": "j4", "text": TEXTS["t4"]}) + "\n")
    (d / "recs.csv").write_text('id,text,date\nc1,"' + TEXTS["t1"] + '",1956-10-19\n',
                                encoding="utf-8")
    pq.write_table(pa.table({"id": ["p2"], "text": [TEXTS["t2"]], "date": ["2004-06-01"]}),
                   d / "recs.parquet")
    (d / "recs.jsonl.gz").write_bytes(gzip.compress(
        (json.dumps({"id": "g3", "text": TEXTS["t3"]}) + "\n").encode()))
    return d


@pytest.fixture(scope="module")
def all_formats_run(inputs, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    names = ["t1.txt", "t2.html", "recs.jsonl", "recs.csv", "recs.parquet", "recs.jsonl.gz"]
    proc = detente(*[str(inputs / n) for n in names], "-o", str(out / "events.jsonl"),
                   "--docs", str(out / "docs.jsonl"), "--workers", "1", "--no-progress")
    return proc, list(load_records(out / "events.jsonl")), list(load_records(out / "docs.jsonl"))


def test_every_input_format_through_the_cli(all_formats_run, coder):
    proc, events, docs = all_formats_run
    assert proc.returncode == 0, proc.stderr.decode()
    assert [d["doc_id"] for d in docs] == ["t1", "t2", "j3", "j4", "c1", "p2", "g3"]
    assert all(d["status"] in ("ok", "skipped") for d in docs)
    by_doc: dict[str, list[dict]] = {}
    for e in events:
        by_doc.setdefault(e["doc_id"], []).append(e)
    # The CLI gives exactly what the Python API gives for the same document.
    assert by_doc.get("t1", []) == expected(coder, "t1", TEXTS["t1"])
    assert by_doc.get("j3", []) == expected(coder, "j3", TEXTS["t3"], "2004-05-01")
    assert by_doc.get("c1", []) == expected(coder, "c1", TEXTS["t1"], "1956-10-19")
    assert by_doc.get("p2", []) == expected(coder, "p2", TEXTS["t2"], "2004-06-01")
    assert by_doc.get("g3", []) == expected(coder, "g3", TEXTS["t3"])
    assert by_doc.get("t1"), "the treaty sentence must give an event"
    html_events = by_doc.get("t2", [])
    assert html_events and all("<" not in e["trigger"]["text"] for e in html_events)
    doc_j3 = next(d for d in docs if d["doc_id"] == "j3")
    assert doc_j3["date"] == "2004-05-01" and doc_j3["meta"].get("source") == "wire"
    assert sum(d["events"] for d in docs) == len(events)


def test_stdin_jsonl_and_text(coder):
    line = json.dumps({"id": "s1", "text": TEXTS["t3"]}) + "\n"
    proc = detente("-", "--workers", "1", stdin=line.encode())
    assert proc.returncode == 0, proc.stderr.decode()
    events = [json.loads(x) for x in proc.stdout.decode().splitlines()]
    assert events == expected(coder, "s1", TEXTS["t3"])
    proc = detente("-", "--workers", "1", "--docs", "-", stdin=TEXTS["t1"].encode())
    lines = [json.loads(x) for x in proc.stdout.decode().splitlines()]
    assert any(x.get("doc_id") == "stdin" and "status" in x for x in lines)
    assert any(x.get("event_type") for x in lines)


@pytest.mark.parametrize("ext", ["parquet", "csv"])
def test_output_formats(inputs, tmp_path, ext, all_formats_run):
    _, ref_events, ref_docs = all_formats_run
    ev, dc = tmp_path / f"ev.{ext}", tmp_path / f"docs.{ext}"
    proc = detente(str(inputs / "recs.jsonl"), str(inputs / "t1.txt"), "-o", str(ev), "--docs",
                   str(dc), "--workers", "1")
    assert proc.returncode == 0, proc.stderr.decode()
    order = ["j3", "j4", "t1"]
    assert list(load_records(ev)) == [e for i in order for e in ref_events if e["doc_id"] == i]
    got_docs = list(load_records(dc))
    assert [d["doc_id"] for d in got_docs] == order
    assert got_docs == [d for i in order for d in ref_docs if d["doc_id"] == i]


def test_bad_records_exit_code_and_fail_fast(tmp_path):
    p = tmp_path / "mixed.jsonl"
    p.write_bytes(b'{"id": "a", "text": "Japan and China signed a treaty."}\n'
                  b'{"id": "b", "text": \n'
                  b'{"id": "c"}\n'
                  b'{"id": "d", "text": "caf\xe9"}\n'
                  b'{"id": "e", "text": ""}\n'
                  b'{"id": "f", "text": "France recalled its ambassador from Italy."}\n')
    docs = tmp_path / "docs.jsonl"
    proc = detente(str(p), "-o", str(tmp_path / "ev.jsonl"), "--docs", str(docs),
                   "--workers", "1")
    assert proc.returncode == 1
    recs = list(load_records(docs))
    assert [r["doc_id"] for r in recs] == ["a", f"{p}:2", "c", "d", "e", "f"]
    status = {r["doc_id"]: (r["status"], r["reason"]) for r in recs}
    assert status["a"][0] == "ok" and status["f"][0] == "ok"
    assert status[f"{p}:2"][0] == "error" and "malformed JSON" in status[f"{p}:2"][1]
    assert status["c"][0] == "error" and "text" in status["c"][1]
    assert status["d"][0] == "error" and "UTF-8" in status["d"][1]
    assert status["e"][0] == "skipped" and status["e"][1]
    assert "3 errors" in proc.stderr.decode() or "3 error" in proc.stderr.decode()

    proc = detente(str(p), "-o", str(tmp_path / "ff.jsonl"), "--docs", str(tmp_path / "ffd.jsonl"),
                   "--workers", "1", "--fail-fast")
    assert proc.returncode == 1 and "fail-fast" in proc.stderr.decode()
    assert [r["doc_id"] for r in load_records(tmp_path / "ffd.jsonl")] == ["a", f"{p}:2"]

    ok = tmp_path / "ok.jsonl"
    ok.write_text('{"id": "a", "text": "Japan and China signed a treaty."}\n{"id": "e", '
                  '"text": "   "}\n', encoding="utf-8")
    assert detente(str(ok), "-o", str(tmp_path / "ok-ev.jsonl"), "--workers", "1").returncode == 0


def test_usage_errors_exit_2(tmp_path, inputs):
    t1 = str(inputs / "t1.txt")
    r = detente(t1, "-o", str(tmp_path / "x.xlsx"))
    assert r.returncode == 2 and b"unknown output format" in r.stderr
    r = detente(t1, "-o", str(tmp_path / "x.jsonl"), "--resume")
    assert r.returncode == 2 and b"--resume needs -o DIR" in r.stderr
    r = detente(t1, "--workers", "0")
    assert r.returncode == 2
    r = detente(t1, "--address", "auto")
    assert r.returncode == 2 and b"--executor ray" in r.stderr
    r = detente(t1, "--dictionary", str(tmp_path / "missing.yaml"))
    assert r.returncode == 2 and b"missing.yaml" in r.stderr


def test_db_option_writes_duckdb(inputs, tmp_path, all_formats_run):
    _, ref_events, _ = all_formats_run
    db = tmp_path / "run.duckdb"
    for _ in range(2):  # coding twice replaces, never duplicates
        proc = detente(str(inputs / "recs.jsonl"), str(inputs / "t1.txt"), "-o",
                       str(tmp_path / "ev.jsonl"), "--db", str(db), "--workers", "1")
        assert proc.returncode == 0, proc.stderr.decode()
    from detente.store import DuckDBStore

    with DuckDBStore(db, read_only=True) as store:
        assert store.count("documents") == 3
        assert store.count("events") == len([e for e in ref_events
                                             if e["doc_id"] in ("j3", "j4", "t1")])
    # sharded output loads the finished run into DuckDB too
    db2 = tmp_path / "shards.duckdb"
    proc = detente(str(inputs / "recs.jsonl"), "-o", str(tmp_path / "shards") + "/", "--db",
                   str(db2), "--workers", "1")
    assert proc.returncode == 0, proc.stderr.decode()
    with DuckDBStore(db2, read_only=True) as store:
        assert store.count("documents") == 2
