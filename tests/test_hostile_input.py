"""Hostile and careless input on the command line (issue 13).

Every case runs the real ``detente`` command in a subprocess on real files. What each checks is
the promise of the README: every input record gets exactly one document record and the run goes
on; no traceback reaches the user, only a one-line reason naming the file and record; detente
never writes over its input; each file is read once under an id unique across the tree; a
worker pool dies with its parent; and a text without sentence ends is parsed in bounded pieces.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from detente import parse
from detente.write import load_records

DETENTE = str(Path(sys.executable).with_name("detente"))
GOOD = "Japan protested to China over the incident."


def run(*args: str, stdin=None, cwd: Path | None = None, timeout: int = 180
        ) -> subprocess.CompletedProcess:
    env = dict(os.environ, RAY_USAGE_STATS_ENABLED="0")
    return subprocess.run([DETENTE, *args], stdin=stdin, capture_output=True, text=True,
                          timeout=timeout, env=env, cwd=cwd)


def no_traceback(proc: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]


def docs_of(path: Path) -> list[dict]:
    return list(load_records(path))


def _line(obj: dict) -> str:
    return json.dumps(obj)


# -- 1. lines the JSON parser rejects with something other than a syntax error ----------------

def _hostile_jsonl(tmp_path: Path) -> Path:
    deep = '{"id": "deep", "text": "x", "n": ' + "[" * 5000 + "]" * 5000 + "}"
    huge = '{"id": "huge", "text": "x", "n": ' + "7" * 5000 + "}"
    path = tmp_path / "hostile.jsonl"
    path.write_text("\n".join([_line({"id": "g1", "text": GOOD}), deep, huge,
                               _line({"id": "g2", "text": GOOD})]) + "\n", encoding="utf-8")
    return path


def test_a_deep_or_huge_json_line_costs_one_record_not_the_file(tmp_path):
    path = _hostile_jsonl(tmp_path)
    docs = tmp_path / "docs.jsonl"
    proc = run("code", str(path), "--docs", str(docs), "--workers", "1")
    no_traceback(proc)
    assert proc.returncode == 1  # two records are errors
    records = docs_of(docs)
    assert [d["status"] for d in records] == ["ok", "error", "error", "ok"]
    assert [d["doc_id"] for d in records] == ["g1", f"{path}:2", f"{path}:3", "g2"]
    assert "nested too deeply" in records[1]["reason"]
    assert "4,300 digits" in records[2]["reason"]


def test_a_deep_json_line_on_stdin_is_one_error_record(tmp_path):
    path = _hostile_jsonl(tmp_path)
    with open(path, "rb") as fh:
        proc = run("code", "-", "--workers", "1", stdin=fh)
    no_traceback(proc)
    assert "4 documents: 2 ok, 0 skipped, 2 errors" in proc.stderr
    assert "stdin:2: malformed JSON (nested too deeply" in proc.stderr


def test_dyads_report_and_eval_survive_a_deep_json_line(tmp_path):
    deep = '{"id": "deep", "event_type": "ACCUSE", "n": ' + "[" * 5000 + "]" * 5000 + "}"
    event = {"id": "a:0:0", "doc_id": "a", "event_type": "ACCUSE", "actor": [{"code": "JPN"}],
             "recipient": [{"code": "CHN"}], "date": "2004-01-01", "intensity": -3.0,
             "quad_class": 3}
    events = tmp_path / "events.jsonl"
    events.write_text(deep + "\n" + _line(event) + "\n", encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(deep.replace("event_type", "text") + "\n" +
                    _line({"id": "a", "text": "Japan accused China.", "events": []}) + "\n",
                    encoding="utf-8")
    for args in (("dyads", str(events)), ("report", str(events), "-o", str(tmp_path / "r.html")),
                 ("eval", str(gold), "--events", str(events))):
        proc = run(*args)
        no_traceback(proc)
        assert proc.returncode in (0, 1), (args, proc.stderr[-500:])


# -- 2. lone surrogate escapes ----------------------------------------------------------------

@pytest.mark.parametrize("output", ["file", "dir"])
def test_a_lone_surrogate_is_one_error_record_and_the_run_completes(tmp_path, output):
    path = tmp_path / "surrogates.jsonl"
    path.write_text("\n".join([
        _line({"id": "g1", "text": GOOD}),
        '{"id": "\\ud800", "text": "Japan met China."}',
        '{"id": "s2", "text": "Japan met China.", "source": "\\udc80 wire"}',
        '{"id": "s3", "text": "Japan \\udfff met China."}',
        _line({"id": "g2", "text": GOOD})]) + "\n", encoding="utf-8")
    if output == "file":
        docs = tmp_path / "docs.jsonl"
        proc = run("code", str(path), "-o", str(tmp_path / "ev.jsonl"), "--docs", str(docs),
                   "--workers", "1")
        records = docs_of(docs)
    else:
        out = tmp_path / "out"
        proc = run("code", str(path), "-o", f"{out}/", "--workers", "1")
        assert sorted(p.name for p in out.iterdir()) == [
            "documents-00000.jsonl", "events-00000.jsonl", "manifest.json"]  # no temporaries
        records = docs_of(out / "documents-00000.jsonl")
    no_traceback(proc)
    assert proc.returncode == 1
    assert [d["status"] for d in records] == ["ok", "error", "error", "error", "ok"]
    assert [d["doc_id"] for d in records] == ["g1", f"{path}:2", "s2", "s3", "g2"]
    assert all("lone surrogate" in d["reason"] for d in records[1:4])
    assert "'source'" in records[2]["reason"] and "'text'" in records[3]["reason"]


def test_the_jsonl_writer_never_fails_on_a_lone_surrogate(tmp_path):
    from detente.write import open_writer

    out = tmp_path / "x.jsonl"
    with open_writer(out, "documents") as w:
        w.write([{"doc_id": "a\ud800"}, {"doc_id": "b"}])
    assert [r["doc_id"] for r in docs_of(out)] == ["a\ud800", "b"]


# -- 3 and 5. never write over the input ------------------------------------------------------

@pytest.mark.parametrize("option", ["-o", "--docs", "--db"])
def test_an_output_naming_an_input_is_refused_and_the_input_kept(tmp_path, option):
    path = tmp_path / "in.jsonl"
    path.write_text(_line({"id": "a", "text": GOOD}) + "\n", encoding="utf-8")
    before = path.read_bytes()
    proc = run("code", str(path), option, str(path), "--workers", "1")
    no_traceback(proc)
    assert proc.returncode == 2
    assert "is also an input" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert path.read_bytes() == before


def test_an_input_named_through_a_glob_or_another_spelling_is_protected(tmp_path):
    (tmp_path / "in").mkdir()
    path = tmp_path / "in" / "a.jsonl"
    path.write_text(_line({"id": "a", "text": GOOD}) + "\n", encoding="utf-8")
    before = path.read_bytes()
    proc = run("code", "in/*.jsonl", "-o", "./in/../in/a.jsonl", cwd=tmp_path)
    assert proc.returncode == 2 and path.read_bytes() == before


@pytest.mark.parametrize("where", ["inside", "same"])
def test_an_output_directory_inside_an_input_directory_is_refused(tmp_path, where):
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.txt").write_text(GOOD, encoding="utf-8")
    out = data / "coded" if where == "inside" else data
    proc = run("code", str(data), "-o", f"{out}/", "--workers", "1")
    no_traceback(proc)
    assert proc.returncode == 2 and "inside the input directory" in proc.stderr
    assert sorted(p.name for p in data.iterdir()) == ["a.txt"]


def test_resume_never_reads_its_own_shards(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.txt").write_text(GOOD, encoding="utf-8")
    proc = run("code", str(data), "-o", str(data / "out") + "/", "--resume", "--workers", "1")
    assert proc.returncode == 2 and not (data / "out").exists()


# -- 4. each file once, ids unique across the tree -------------------------------------------

def test_a_recursive_glob_reads_each_file_once(tmp_path):
    tree = tmp_path / "tree"
    (tree / "a" / "b").mkdir(parents=True)
    for rel in ("t1.txt", "a/t2.txt", "a/b/t3.txt"):
        (tree / rel).write_text(GOOD, encoding="utf-8")
    docs = tmp_path / "docs.jsonl"
    proc = run("code", "tree/**", str(tree / "a"), "--docs", str(docs), "--workers", "1",
               cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert sorted(d["doc_id"] for d in docs_of(docs)) == ["a/b/t3", "a/t2", "t1"]


def test_same_file_name_in_two_folders_of_a_glob_gets_two_ids(tmp_path):
    for folder in ("x", "y"):
        (tmp_path / "coll" / folder).mkdir(parents=True)
        (tmp_path / "coll" / folder / "a.txt").write_text(GOOD, encoding="utf-8")
    docs = tmp_path / "docs.jsonl"
    proc = run("code", "coll/*", "--docs", str(docs), "--workers", "1", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert [d["doc_id"] for d in docs_of(docs)] == ["x/a", "y/a"]
    assert "warning" not in proc.stderr


def test_duplicate_input_ids_are_renamed_with_a_warning(tmp_path):
    path = tmp_path / "dup.jsonl"
    path.write_text("".join(_line({"id": "a", "text": GOOD}) + "\n" for _ in range(3)) +
                    _line({"id": "a#2", "text": GOOD}) + "\n", encoding="utf-8")
    events, docs = tmp_path / "ev.jsonl", tmp_path / "docs.jsonl"
    proc = run("code", str(path), "-o", str(events), "--docs", str(docs), "--workers", "1")
    assert proc.returncode == 0, proc.stderr
    assert "warning: 3 input record(s) repeat an earlier id" in proc.stderr
    records = docs_of(docs)
    ids = [d["doc_id"] for d in records]
    assert len(set(ids)) == 4 and ids[:3] == ["a", "a#2", "a#3"]
    assert records[1]["meta"]["input_id"] == "a"
    event_ids = [e["id"] for e in docs_of(events)]
    assert len(event_ids) == 4 and len(set(event_ids)) == 4


# -- 7. closed stdin --------------------------------------------------------------------------

def test_a_closed_stdin_is_one_error_record(tmp_path):
    docs = tmp_path / "docs.jsonl"
    proc = subprocess.run(f"exec {DETENTE} code - --docs {docs} --workers 1 <&-", shell=True,
                          capture_output=True, text=True, timeout=120)
    no_traceback(proc)
    assert proc.returncode == 1
    [record] = docs_of(docs)
    assert record["doc_id"] == "stdin" and "closed" in record["reason"]


# -- 10. smaller cases ------------------------------------------------------------------------

def test_a_directory_without_recognised_files_is_an_error(tmp_path):
    empty = tmp_path / "notes"
    empty.mkdir()
    (empty / "README.md").write_text("not a document", encoding="utf-8")
    proc = run("code", str(empty), "--workers", "1")
    no_traceback(proc)
    assert proc.returncode == 1
    assert "no input files in this directory" in proc.stderr


def test_parquet_binary_text_with_bad_bytes_is_rejected_like_other_formats(tmp_path):
    path = tmp_path / "bin.parquet"
    pq.write_table(pa.table({"id": ["ok", "bad", "badmeta"],
                             "text": [GOOD.encode(), b"Japan \xff\xfe met China.", GOOD.encode()],
                             "src": [b"wire", b"wire", b"\xc3("]}), path)
    docs = tmp_path / "docs.jsonl"
    proc = run("code", str(path), "--docs", str(docs), "--workers", "1")
    assert proc.returncode == 1
    records = docs_of(docs)
    assert [(d["doc_id"], d["status"]) for d in records] == [
        ("ok", "ok"), ("bad", "error"), ("badmeta", "error")]
    assert "column 'text' is not valid UTF-8 (byte 0xff at offset 6)" in records[1]["reason"]
    assert "column 'src'" in records[2]["reason"]
    assert records[0]["meta"]["src"] == "wire"


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_dyads_on_a_damaged_table_gives_one_line(tmp_path, kind):
    path = tmp_path / f"events.{kind}"
    if kind == "csv":
        path.write_bytes(b"\xff\xfe,\x00\x00\n\x01,\x02\n")  # DuckDB's sniffer gives up
    else:
        path.write_bytes(b"PAR1" + os.urandom(200))
    for cmd in (["dyads", str(path)], ["report", str(path), "-o", str(tmp_path / "r.html")]):
        proc = run(*cmd)
        no_traceback(proc)
        assert proc.returncode == 2
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and str(path) in lines[0], proc.stderr


# -- 9. run-on text is parsed in bounded pieces -----------------------------------------------

def _run_on(n_words: int) -> str:
    words = ("the delegation of Japan met officials of China and discussed trade while Russia "
             "criticised Ukraine over gas supplies and France offered aid").split()
    return " ".join(words[i % len(words)] for i in range(n_words)) + (", and so on" * 3)


def test_sentences_without_ends_are_cut_into_bounded_pieces_with_true_offsets():
    text = "Japan met China. " + _run_on(6000) + "\n\nRussia attacked Georgia."
    pieces = parse.split_sentences(text)
    nlp = parse._splitter()
    assert len(pieces) > 30
    for start, end, words in pieces:
        piece = text[start:end]
        assert piece == piece.strip() and piece
        assert len(nlp(piece)) <= parse.MAX_SENTENCE_TOKENS
    covered = "".join(text[s:e] for s, e, _ in pieces)
    assert covered.replace(" ", "").replace("\n", "") == text.replace(" ", "").replace("\n", "")
    assert text[pieces[0][0]:pieces[0][1]] == "Japan met China."
    assert text[pieces[-1][0]:pieces[-1][1]] == "Russia attacked Georgia."


def test_a_run_on_piece_is_cut_at_clause_punctuation_when_there_is_some():
    clause = "Japan met China in Tokyo to discuss the islands and trade, "
    text = clause * 80
    pieces = parse.split_sentences(text)
    assert len(pieces) > 1
    assert all(text[s:e].endswith(",") for s, e, _ in pieces[:-1])


def test_coding_run_on_text_keeps_offsets_into_the_original():
    from detente.coder import Coder

    text = _run_on(3000)
    result = Coder().code(text)
    assert result.document.status == "ok" and result.events
    for e in result.events:
        assert text[e.trigger.start:e.trigger.end] == e.trigger.text
        for a in e.actor + e.recipient:
            assert text[a.start:a.end] == a.text


# -- 6. workers die with their parent ----------------------------------------------------------

def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            cmd = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid and b"spawn_main" in cmd:
            out.append(int(entry))
    return out


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_pool_workers_die_when_the_parent_is_killed(tmp_path):
    path = tmp_path / "many.jsonl"
    path.write_text("".join(_line({"id": f"d{i}", "text": GOOD + " " + _run_on(200)}) + "\n"
                            for i in range(400)), encoding="utf-8")
    proc = subprocess.Popen([DETENTE, "code", str(path), "-o", str(tmp_path / "out") + "/",
                             "--workers", "2", "--batch-size", "1", "--no-progress"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not (tmp_path / "out" / "manifest.json").exists():
            time.sleep(0.2)
        while time.monotonic() < deadline and len(workers) < 2:
            workers = _children(proc.pid)
            time.sleep(0.2)
        assert len(workers) == 2, "the pool did not start"
        time.sleep(1.0)  # the workers are past their initializer
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        gone_by = time.monotonic() + 10
        while time.monotonic() < gone_by and any(_alive(w) for w in workers):
            time.sleep(0.2)
        assert not any(_alive(w) for w in workers), "workers outlived their parent"
    finally:
        for w in workers:
            try:
                os.kill(w, signal.SIGKILL)
            except OSError:
                pass
        if proc.poll() is None:
            proc.kill()


# -- fuzz: whatever a line holds, it is one record and the writer takes it ----------------------

def _fuzz_lines(rng, n: int) -> list[bytes]:
    pieces = [b'{"id": "x", "text": "Japan met China."}', b'{"text": "\\ud800"}',
              b'{"id": "\\udfff", "text": "a"}', b"[" * 3000, b"{" * 2000, b"7" * 5000,
              b'{"id": 1e999, "text": "a"}', b'{"id": {"a": [1]}, "text": ["x"]}',
              b"\xff\xfe\x00", b'"just a string"', b"null", b'{"text": "a", "date": "2004-13"}',
              b'{"id": "d", "text": "a", "n": ' + b"-" + b"9" * 4400 + b"}"]
    lines = []
    for _ in range(n):
        line = rng.choice(pieces)
        if rng.random() < 0.5:  # damage it: cut, splice random bytes, or nest it
            k = rng.randrange(len(line) + 1)
            mode = rng.randrange(3)
            if mode == 0:
                line = line[:k]
            elif mode == 1:
                line = line[:k] + bytes(rng.randrange(256) for _ in range(4)) + line[k:]
            else:
                line = b'{"id": "n", "text": "a", "m": ' + b"[" * 2500 + line + b"]" * 2500 + b"}"
        lines.append(line.replace(b"\n", b" ").replace(b"\r", b" "))
    return lines


def test_fuzzed_jsonl_gives_one_writable_record_per_line(tmp_path):
    import random

    from detente import read
    from detente.read import read_documents
    from detente.records import DocumentRecord
    from detente.write import open_writer

    rng = random.Random(13)
    lines = [ln for ln in _fuzz_lines(rng, 400) if ln.strip()]
    path = tmp_path / "fuzz.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    unique_ids = getattr(read, "unique_ids", lambda docs: docs)
    docs = list(unique_ids(read_documents([str(path)])))
    assert len(docs) == len(lines)
    assert len({d.id for d in docs}) == len(docs)
    with open(path, "rb") as fh:
        assert len(list(read_documents(["-"], stdin=fh))) == len(lines)
    out = tmp_path / "docs.jsonl"
    with open_writer(out, "documents") as w:
        w.write([DocumentRecord(doc_id=d.id, status="error" if d.error else "ok",
                                reason=d.error, meta=d.meta).to_dict() for d in docs])
    assert len(docs_of(out)) == len(lines)
    for d in docs:
        d.id.encode("utf-8")
        if d.error:
            assert "\n" not in d.error and len(d.error) < 400
