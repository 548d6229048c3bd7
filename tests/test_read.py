"""read.py: every input format, and every kind of bad input, become Documents; none is lost."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from detente.read import count_records, normalize_date, read_documents

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def docs_of(*paths, stdin=None):
    return list(read_documents([str(p) for p in paths], stdin=stdin))


def test_txt_and_html_one_document_per_file(tmp_path):
    (tmp_path / "a.txt").write_text("Japan and China signed a treaty.", encoding="utf-8")
    (tmp_path / "b.html").write_text("<p>Russia <b>warned</b> Georgia.</p>", encoding="utf-8")
    a, b = docs_of(tmp_path / "a.txt", tmp_path / "b.html")
    assert (a.id, a.text, a.format, a.error) == ("a", "Japan and China signed a treaty.", "text",
                                                 None)
    assert (b.id, b.format) == ("b", "html") and "<b>warned</b>" in b.text


def test_directory_is_recursive_sorted_with_relative_ids(tmp_path):
    (tmp_path / "2004" / "may").mkdir(parents=True)
    (tmp_path / "2004" / "may" / "x.txt").write_text("one", encoding="utf-8")
    (tmp_path / "2004" / "a.txt.gz").write_bytes(gzip.compress(b"two"))
    (tmp_path / "README.md").write_text("not a document", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("hidden", encoding="utf-8")
    docs = docs_of(tmp_path)
    assert [(d.id, d.text) for d in docs] == [("2004/a", "two"), ("2004/may/x", "one")]


def test_glob_expands_in_order(tmp_path):
    for name in ("b.txt", "a.txt", "c.jsonl"):
        (tmp_path / name).write_text('{"id": "j", "text": "x"}' if name.endswith("l") else name,
                                     encoding="utf-8")
    docs = docs_of(tmp_path / "*.txt")
    assert [d.id for d in docs] == ["a", "b"]
    assert not docs_of(tmp_path / "*.nothing")[0].text
    assert "no such file" in docs_of(tmp_path / "*.nothing")[0].error


def test_jsonl_fields_meta_and_missing_id(tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_text('{"id": "d1", "text": "Hi.", "date": "2004-08-15T10:30:00Z", "title": "T", '
                 '"n": 3}\n\n{"text": "No id."}\n{"id": 7, "text": "int id"}\n', encoding="utf-8")
    d1, d2, d3 = docs_of(p)
    assert (d1.id, d1.text, d1.date, d1.meta) == ("d1", "Hi.", "2004-08-15", {"title": "T", "n": 3})
    assert d2.id == f"{p}:3" and d2.error is None  # line 2 is blank, not a record
    assert d3.id == "7"


def test_jsonl_bad_records_each_give_an_error_document(tmp_path):
    p = tmp_path / "bad.jsonl"
    lines = [b'{"id": "ok1", "text": "fine"}', b'{"id": "broken", "text": ',
             b'{"id": "notext"}', b'{"id": "num", "text": 12}', b'[1, 2]',
             '{"id": "latin", "text": "café"}'.encode("latin-1"),
             b'{"id": "empty", "text": ""}', b'{"id": "ok2", "text": "fine too"}']
    p.write_bytes(b"\n".join(lines) + b"\n")
    docs = docs_of(p)
    assert len(docs) == len(lines)
    by = {d.id: d for d in docs}
    assert by["ok1"].error is None and by["ok2"].error is None
    assert "malformed JSON" in by[f"{p}:2"].error and f"{p}:2" in by[f"{p}:2"].error
    assert "no 'text' field" in by["notext"].error
    assert "must be a string" in by["num"].error
    assert "JSON object" in by[f"{p}:5"].error
    # the id survives bad bytes elsewhere in the line; the reason names the line
    assert "not valid UTF-8" in by["latin"].error and "0xe9" in by["latin"].error
    assert f"{p}:6" in by["latin"].error
    assert by["empty"].error is None and by["empty"].text == ""


def test_big_record_streams(tmp_path):
    big = "The ministers met again. " * 800_000  # 20 MB
    p = tmp_path / "big.jsonl"
    with open(p, "w", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "small", "text": "x"}) + "\n")
        fh.write(json.dumps({"id": "big", "text": big}) + "\n")
    docs = read_documents([str(p)])
    assert next(docs).id == "small"
    assert len(next(docs).text) == len(big)


def test_csv_rows_quotes_newlines_and_bad_rows(tmp_path):
    p = tmp_path / "in.csv"
    p.write_bytes(b'id,text,date,source\n'
                  b'c1,"Iran, it said,\nrejected the offer.",2004-01-02,wire\n'
                  b'c2,too,many,fields,here\n'
                  b'c3,"caf\xe9",,x\n'
                  b',no id,,y\n'
                  b'c5,"a ""quoted"" word",bad-date,z\n')
    docs = docs_of(p)
    assert [d.id for d in docs] == ["c1", f"{p}:2", "c3", f"{p}:4", "c5"]
    assert docs[0].text == "Iran, it said,\nrejected the offer." and docs[0].date == "2004-01-02"
    assert docs[0].meta == {"source": "wire"}
    assert "expected 4 fields, got 5" in docs[1].error
    assert "not valid UTF-8" in docs[2].error
    assert docs[3].text == "no id" and docs[3].error is None
    assert docs[4].text == 'a "quoted" word' and docs[4].date is None
    assert "bad-date" in docs[4].meta["date_error"]


def test_csv_without_text_column(tmp_path):
    p = tmp_path / "notext.csv"
    p.write_text("id,body\na,hello\n", encoding="utf-8")
    (doc,) = docs_of(p)
    assert doc.id == "a" and "no 'text' field" in doc.error


def test_parquet_batches_types_and_missing_text(tmp_path):
    import datetime as dt

    p = tmp_path / "in.parquet"
    n = 600  # more than one batch
    table = pa.table({"id": [f"p{i}" for i in range(n)],
                      "text": [None if i == 5 else f"text {i}" for i in range(n)],
                      "date": [dt.date(2004, 1, 1) + dt.timedelta(days=i) for i in range(n)],
                      "score": [float(i) for i in range(n)]})
    pq.write_table(table, p, row_group_size=100)
    docs = docs_of(p)
    assert len(docs) == n and count_records([str(p)]) == n
    assert (docs[0].text, docs[0].date, docs[0].meta) == ("text 0", "2004-01-01", {"score": 0.0})
    assert docs[599].id == "p599" and docs[599].date == "2005-08-22"
    assert "no 'text' field" in docs[5].error


def test_gzip_variants_and_truncated_gzip(tmp_path):
    p = tmp_path / "in.jsonl.gz"
    payload = "".join(json.dumps({"id": f"g{i}", "text": "word " * 50}) + "\n"
                      for i in range(200)).encode()
    p.write_bytes(gzip.compress(payload))
    assert [d.id for d in docs_of(p)] == [f"g{i}" for i in range(200)]
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(gzip.compress(payload)[:300])
    docs = docs_of(cut)
    assert docs[-1].error and "reading stopped" in docs[-1].error
    assert all(d.error is None for d in docs[:-1])


def test_empty_unknown_and_missing_files(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "empty.jsonl").write_bytes(b"\n\n")
    (tmp_path / "data.xml").write_text("<x/>", encoding="utf-8")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    e1, e2, unknown, missing, dangling = docs_of(
        tmp_path / "empty.txt", tmp_path / "empty.jsonl", tmp_path / "data.xml",
        tmp_path / "nope.jsonl", tmp_path / "dangling.txt")
    assert (e1.text, e1.error) == ("", None) and (e2.text, e2.error) == ("", None)
    assert "unknown file type '.xml'" in unknown.error
    assert "no such file" in missing.error and "no such file" in dangling.error


def test_non_utf8_text_file_is_an_error_not_a_crash(tmp_path):
    p = tmp_path / "latin.txt"
    p.write_bytes("Le président a signé.".encode("latin-1"))
    (doc,) = docs_of(p)
    assert doc.id == "latin" and "not valid UTF-8" in doc.error and "offset 5" in doc.error


def test_bom_is_dropped(tmp_path):
    p = tmp_path / "bom.txt"
    p.write_bytes(b"\xef\xbb\xbfHello")
    assert docs_of(p)[0].text == "Hello"


def test_stdin_jsonl_and_plain_text():
    jl = io.BytesIO(b'\n{"id": "s1", "text": "one"}\n{oops\n')
    docs = docs_of("-", stdin=jl)
    assert [d.id for d in docs] == ["s1", "stdin:3"] and "malformed JSON" in docs[1].error
    plain = io.BytesIO(b"Egypt recalled its ambassador.\n{not json}\n")
    (doc,) = docs_of("-", stdin=plain)
    assert doc.id == "stdin" and doc.text.startswith("Egypt recalled") and doc.text.endswith("}\n")
    (doc,) = docs_of("-", stdin=io.StringIO("text from a text stream"))
    assert doc.text == "text from a text stream"


@pytest.mark.parametrize("value,expected", [
    ("2004-08-15", "2004-08-15"), ("2004-08-15T23:59:59+02:00", "2004-08-15"),
    ("2004-08", "2004-08"), ("1956", "1956"), ("20040815", "2004-08-15"), (None, None),
    ("", None)])
def test_normalize_date(value, expected):
    assert normalize_date(value) == (expected, None)


@pytest.mark.parametrize("value", ["15/08/2004", "2004-13", "2004-02-30", "soon", 2004])
def test_bad_dates_give_reasons(value):
    date, err = normalize_date(value)
    assert date is None and err


def test_count_records(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"text": "a"}\n{"text": "b"}\n{"text": "c"}',
                                      encoding="utf-8")
    (tmp_path / "b.txt").write_text("x", encoding="utf-8")
    assert count_records([str(tmp_path)]) == 4
    assert count_records(["-"]) is None


@pytest.mark.skipif(not (SHARED / "gold" / "dev").is_dir(), reason="../shared is absent")
def test_gold_files_are_valid_input():
    for path in sorted((SHARED / "gold" / "dev").glob("*.gold.jsonl")):
        n = sum(1 for line in path.open(encoding="utf-8") if line.strip())
        docs = docs_of(path)
        assert len(docs) == n
        assert all(d.error is None and d.text for d in docs), path
        assert all("origin" in d.meta for d in docs)
