"""write.py: each format writes what it is given and reads back the same records."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest

from detente.records import (CodeResult, DocumentRecord, Entity, Event, Quality, QualitySpan,
                             SentenceRef, Span)
from detente.write import format_of, load_records, open_writer


def _event(i: int, **kw) -> dict:
    ev = Event(id=f"d{i}:0:0", doc_id=f"d{i}", event_type="AGREE",
               actor=[Entity("JPN", "GOV", "Japanese officials", 0, 18)],
               recipient=[Entity("IGO", None, "the UN", 30, 36, name="United Nations")],
               trigger=Span("agreed", 19, 25), sentence=SentenceRef(0, 0, 40),
               aux_modes=["future"] if i % 2 else [], date="1956-10-19" if i % 3 else None,
               intensity=2.5, quad_class=1, cameo="057", confidence=0.9,
               evidence="Japanese officials agreed … «ünïcode»", **kw)
    return ev.to_dict()


def _document(i: int) -> dict:
    q = Quality(0.5, ["injected_phrase"], [QualitySpan("injected_phrase", 3, 9, "buy now")])
    return DocumentRecord(doc_id=f"d{i}", status="error" if i == 2 else "ok",
                          reason="bad" if i == 2 else None, language="en", sentences=i,
                          events=1, quality=q, meta={"title": f"t{i}", "n": [1, {"k": None}]}
                          ).to_dict()


EVENTS = [_event(i) for i in range(5)]
DOCS = [_document(i) for i in range(5)]


@pytest.mark.parametrize("ext", ["jsonl", "parquet", "csv", "jsonl.gz", "csv.gz"])
@pytest.mark.parametrize("kind,records", [("events", EVENTS), ("documents", DOCS)])
def test_round_trip(tmp_path, ext, kind, records):
    path = tmp_path / f"out.{ext}"
    with open_writer(path, kind) as w:
        w.write(records[:2])
        w.write([])
        w.write(records[2:])
    assert list(load_records(path)) == records


def test_parquet_keeps_scalar_types_and_marks_json_columns(tmp_path):
    path = tmp_path / "e.parquet"
    with open_writer(path, "events") as w:
        w.write(EVENTS)
    schema = pq.read_schema(path)
    assert str(schema.field("intensity").type) == "double"
    assert str(schema.field("quad_class").type) == "int64"
    assert str(schema.field("actor").type) == "string"
    json_cols = json.loads(schema.metadata[b"detente.json_columns"])
    assert {"actor", "recipient", "trigger", "sentence", "context", "aux_modes"} <= set(json_cols)
    assert "event_type" not in json_cols


def test_parquet_many_rows_in_row_groups(tmp_path, monkeypatch):
    import detente.write as write

    monkeypatch.setattr(write, "PARQUET_ROWS", 1000)
    path = tmp_path / "big.parquet"
    rows = [_event(i) for i in range(2500)]
    with open_writer(path, "events") as w:
        for start in range(0, len(rows), 300):
            w.write(rows[start:start + 300])
    assert pq.ParquetFile(path).metadata.num_row_groups >= 2
    assert list(load_records(path)) == rows


def test_empty_outputs_are_readable(tmp_path):
    for ext in ("jsonl", "parquet", "csv"):
        path = tmp_path / f"none.{ext}"
        with open_writer(path, "events"):
            pass
        assert path.exists() and list(load_records(path)) == []


def test_csv_cells_are_json_for_nested_fields(tmp_path):
    import csv

    path = tmp_path / "e.csv"
    with open_writer(path, "events") as w:
        w.write(EVENTS[:1])
    row = next(csv.DictReader(path.open(encoding="utf-8")))
    assert json.loads(row["actor"])[0]["code"] == "JPN"
    assert row["event_type"] == "AGREE" and row["mode"] == ""


def test_new_fields_after_first_batch_are_refused_not_dropped(tmp_path):
    with pytest.raises(ValueError, match="fields"):
        with open_writer(tmp_path / "x.csv", "events") as w:
            w.write([{"id": "a"}])
            w.write([{"id": "b", "surprise": 1}])


def test_stdout_writer(capsys):
    with open_writer(None, "events") as w:
        w.write(EVENTS[:2])
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(x) for x in lines] == EVENTS[:2]
    assert "«ünïcode»" in lines[0]  # UTF-8 as is, not \\u-escaped


def test_written_so_far_is_kept_when_interrupted(tmp_path):
    path = tmp_path / "e.jsonl"
    with pytest.raises(KeyboardInterrupt):
        with open_writer(path, "events") as w:
            w.write(EVENTS[:3])
            raise KeyboardInterrupt
    assert list(load_records(path)) == EVENTS[:3]


def test_format_of():
    assert format_of("a/b.JSONL") == "jsonl" and format_of("x.csv.gz") == "csv"
    assert format_of("x.parquet") == "parquet"
    with pytest.raises(ValueError, match="unknown output format"):
        format_of("x.xlsx")
    with pytest.raises(ValueError):
        open_writer("x.jsonl", "things").__enter__()


def test_code_result_shape_is_what_writers_take():
    r = CodeResult(DocumentRecord.from_dict(DOCS[0]), [Event.from_dict(EVENTS[0])])
    assert r.to_dict()["events"][0] == EVENTS[0]
    assert r.to_dict()["document"] == DOCS[0]
