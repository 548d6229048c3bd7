"""DuckDB store: round trip, re-coding replaces, repeated batches do not duplicate, lock errors."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from detente.dyads import dyads_from_paths
from detente.records import DocumentRecord, Entity, Event, Quality, QualitySpan, SentenceRef, Span
from detente.store import DuckDBStore, StoreError, StoreLockedError


def event(doc: str, n: int, etype: str = "AGREE", date: str | None = "1956-10-19") -> dict:
    return Event(id=f"{doc}:0:{n}", doc_id=doc, event_type=etype,
                 actor=[Entity("JPN", "GOV", "Japan", 0, 5, name=None)],
                 recipient=[Entity("SUN", None, "the Soviet Union", 17, 33)],
                 trigger=Span("signed", 6, 12), sentence=SentenceRef(0, 0, 40), date=date,
                 date_source="sentence", intensity=2.5, quad_class=1, cameo="057",
                 confidence=0.9, evidence="Japan signed with the Soviet Union a pact.",
                 aux_modes=["future"]).to_dict()


def document(doc: str, events: int = 1, status: str = "ok") -> dict:
    return DocumentRecord(doc_id=doc, status=status, language="en", sentences=3, events=events,
                          quality=Quality(0.8, ["glued_words"],
                                          [QualitySpan("glued_words", 3, 9, "abcdef")]),
                          meta={"source": "wire"}).to_dict()


def stored_ids(store: DuckDBStore) -> list[str]:
    return [r[0] for r in store.con.execute("SELECT id FROM events ORDER BY seq").fetchall()]


def test_round_trip_keeps_the_record_shape(tmp_path):
    path = tmp_path / "s.duckdb"
    original = event("d1", 0)
    with DuckDBStore(path) as store:
        assert store.write_events([original]) == 1
        assert store.write_documents([document("d1")]) == 1
    with DuckDBStore(path, read_only=True) as store:
        row = store.events_relation().to_arrow_table().to_pylist()[0]
        doc = store.documents_relation().to_arrow_table().to_pylist()[0]
    for key in ("id", "doc_id", "event_type", "date", "intensity", "quad_class", "evidence",
                "aux_modes", "trigger", "sentence"):
        assert row[key] == original[key], key
    assert row["actor"][0]["code"] == "JPN" and row["recipient"][0]["text"] == "the Soviet Union"
    assert doc["quality"]["flags"] == ["glued_words"]
    assert doc["quality"]["spans"][0]["text"] == "abcdef"
    assert doc["meta"] == '{"source": "wire"}'


def test_recoding_a_document_replaces_its_rows(tmp_path):
    path = tmp_path / "s.duckdb"
    with DuckDBStore(path) as store:
        store.write_documents([document("d1", 3), document("d2", 1)])
        store.write_events([event("d1", 0), event("d1", 1), event("d1", 2), event("d2", 0)])
    with DuckDBStore(path) as store:  # a later run re-codes d1, which now has one event
        store.write_events([event("d1", 0, "CONSULT")])
        store.write_documents([document("d1", 1)])
        assert sorted(stored_ids(store)) == ["d1:0:0", "d2:0:0"]
        assert store.count("documents") == 2
        assert store.con.execute(
            "SELECT event_type FROM events WHERE id = 'd1:0:0'").fetchone() == ("CONSULT",)
    with DuckDBStore(path) as store:  # re-coded with no events at all: old events go
        store.write_documents([document("d2", 0)])
        assert stored_ids(store) == ["d1:0:0"]


def test_batches_of_one_run_append_and_repeats_do_not_duplicate(tmp_path):
    with DuckDBStore(tmp_path / "s.duckdb") as store:
        store.write_events([event("d1", 0)])
        store.write_events([event("d1", 1)])  # same document, next batch: appended
        store.write_events([event("d1", 1)])  # the same batch again (a retry): no duplicate
        store.write_documents([document("d1", 2)])
        store.write_documents([document("d1", 2)])
        assert stored_ids(store) == ["d1:0:0", "d1:0:1"]
        assert store.count("documents") == 1
        assert store.write_events([]) == 0
        store.write_events([event("d1", 2)])  # reading in between leaves the store writable
        assert store.count() == 3


def test_read_only_store_refuses_writes_and_missing_file(tmp_path):
    with pytest.raises(StoreError):
        DuckDBStore(tmp_path / "absent.duckdb", read_only=True)
    with DuckDBStore(tmp_path / "s.duckdb") as store:
        store.write_events([event("d1", 0)])
    with DuckDBStore(tmp_path / "s.duckdb", read_only=True) as store:
        with pytest.raises(StoreError):
            store.write_events([event("d2", 0)])


def test_dyads_read_the_store(tmp_path):
    path = tmp_path / "s.duckdb"
    with DuckDBStore(path) as store:
        store.write_events([event("d1", 0), event("d1", 1, "CONSULT"), event("d2", 0, date=None)])
    result = dyads_from_paths([path])
    rows = {(r["dyad"], r["period"]): r["events"] for r in result.rows()}
    assert rows == {("JPN-SUN", "1956"): 2, ("JPN-SUN", "undated"): 1}


def test_second_writer_process_gets_a_clear_error(tmp_path):
    path = tmp_path / "s.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from detente.store import DuckDBStore
            s = DuckDBStore({str(path)!r})
            print("ready", flush=True)
            sys.stdin.readline()
            s.close()
        """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreLockedError, match="another process"):
            DuckDBStore(path)
    finally:
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=30)
    with DuckDBStore(path) as store:  # released: usable again
        store.write_events([event("d1", 0)])
