"""Dyad x period aggregation on hand-made event sets whose answers are known."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from detente.cli import main
from detente.dyads import change_points, dyad_table, dyads_from_paths, load_arrow, undated_events
from detente.dyads.tone import tone
from detente.records import Entity, Event, SentenceRef, Span
from detente.store import DuckDBStore, events_to_arrow

SCORES = {"AGREE": (2.5, 1), "CONSULT": (2.5, 1), "AID": (10.0, 2), "ACCUSE": (-2.0, 3),
          "THREATEN": (-3.5, 3), "ASSAULT": (-9.0, 4), "SANCTION": (-6.0, 4)}


def ev(n: int, actors, recipients, date, etype="AGREE", doc="d1", sent=0, aux=(),
       intensity: float | None = None) -> dict:
    """An event dict built through the real record class, so the contract is the real one."""
    score, quad = SCORES[etype]
    ents = lambda codes: [Entity(c, "GOV", c, 0, 3) for c in codes]  # noqa: E731
    return Event(id=f"{doc}:{sent}:{n}", doc_id=doc, event_type=etype, actor=ents(actors),
                 recipient=ents(recipients), trigger=Span("did", 4, 7),
                 sentence=SentenceRef(sent, 0, 40), aux_modes=list(aux), date=date,
                 intensity=score if intensity is None else intensity, quad_class=quad,
                 evidence="JPN did SUN.").to_dict()


def table_of(events: list[dict], **kwargs):
    con = duckdb.connect()
    load_arrow(con, events_to_arrow(events))
    return dyad_table(con, **kwargs), con


def rows_by_key(result) -> dict[tuple[str, str], dict]:
    return {(r["dyad"], r["period"]): r for r in result.rows()}


def write_jsonl(path: Path, events: list[dict]) -> Path:
    path.write_text("".join(json.dumps(e) + "\n" for e in events), encoding="utf-8")
    return path


BASIC = [
    ev(1, ["JPN"], ["SUN"], "1956-10-19", "AGREE"),
    ev(2, ["SUN"], ["JPN"], "1956-03", "AID"),
    ev(3, ["JPN"], ["SUN"], "1956", "ACCUSE"),
    ev(4, ["JPN"], ["SUN"], "1957-02-01", "ASSAULT"),
]


def test_counts_means_and_types():
    result, _ = table_of(BASIC)
    rows = rows_by_key(result)
    assert set(rows) == {("JPN-SUN", "1956"), ("JPN-SUN", "1957")}
    r = rows[("JPN-SUN", "1956")]
    assert r["events"] == 3 and r["docs"] == 1
    assert (r["q1"], r["q2"], r["q3"], r["q4"]) == (1, 1, 1, 0)
    assert (r["AGREE"], r["AID"], r["ACCUSE"], r["ASSAULT"]) == (1, 1, 1, 0)
    assert r["intensity_sum"] == pytest.approx(10.5)
    assert r["intensity_mean"] == pytest.approx(3.5)
    assert r["cooperative_share"] == pytest.approx(2 / 3)
    assert r["tone"] == "cordial"
    assert rows[("JPN-SUN", "1957")]["tone"] == "hostile"
    # type columns appear in PLOVER order, cooperation first
    assert result.type_columns == ["AGREE", "AID", "ACCUSE", "ASSAULT"]


def test_directed_splits_by_direction():
    result, _ = table_of(BASIC, directed=True)
    rows = rows_by_key(result)
    assert rows[("JPN->SUN", "1956")]["events"] == 2
    assert rows[("SUN->JPN", "1956")]["events"] == 1
    assert rows[("SUN->JPN", "1956")]["AID"] == 1


def test_compound_and_reciprocal_expansion():
    events = [
        ev(1, ["JPN", "CHN"], ["USA"], "1960", "ACCUSE"),  # compound actor: 2 dyads
        ev(2, ["JPN", "SUN", "CHN"], [], "1960", "CONSULT"),  # reciprocal: 3 unordered pairs
        ev(3, ["USA", "GBR"], ["SUN", "USA"], "1960", "AGREE"),  # shared USA does not self-pair
        ev(4, ["JPN"], ["JPN"], "1960", "THREATEN"),  # domestic: kept as JPN-JPN
        ev(5, ["JPN", "JPN"], ["SUN"], "1960", "AGREE"),  # same code twice counts once
    ]
    result, _ = table_of(events)
    counts = {d: r["events"] for (d, _), r in rows_by_key(result).items()}
    assert counts == {"CHN-USA": 1, "JPN-USA": 1, "JPN-SUN": 2, "CHN-JPN": 1, "CHN-SUN": 1,
                      "GBR-SUN": 1, "GBR-USA": 1, "SUN-USA": 1, "JPN-JPN": 1}
    assert result.summary["dyadic_events"] == 5
    directed, _ = table_of(events, directed=True)
    dcounts = {d: r["events"] for (d, _), r in rows_by_key(directed).items()}
    # a reciprocal event counts in both directions
    assert dcounts["JPN->SUN"] == 2 and dcounts["SUN->JPN"] == 1
    assert dcounts["CHN->JPN"] == 1 and dcounts["JPN->CHN"] == 1
    assert "USA->USA" not in dcounts


def test_undated_kept_in_document_order():
    events = [
        ev(1, ["JPN"], ["SUN"], None, doc="b", sent=2),
        ev(2, ["JPN"], ["SUN"], "1956", doc="a", sent=0),
        ev(3, ["JPN"], ["SUN"], None, doc="a", sent=5),
        ev(4, ["JPN"], ["SUN"], "circa 1956", doc="a", sent=1),  # not a date: undated, not dropped
        ev(6, ["JPN"], ["SUN"], "1956-13", doc="c", sent=0),  # no month 13 either
        ev(5, ["JPN"], ["SUN"], None, doc="b", sent=0),
    ]
    result, con = table_of(events)
    rows = rows_by_key(result)
    assert rows[("JPN-SUN", "undated")]["events"] == 5
    assert result.rows()[-1]["period"] == "undated"  # sorted after every dated period
    assert result.summary["unparseable_dates"] == 2
    order = [e["id"] for e in undated_events(con, "JPN-SUN")]
    # document b came first in the input; inside a document, sentence order
    assert order == ["b:0:5", "b:2:1", "a:1:4", "a:5:3", "c:0:6"]
    assert sum(r["events"] for r in result.rows()) == len(events)


def test_negated_and_hypothetical_excluded_by_default_and_counted():
    events = [ev(1, ["JPN"], ["SUN"], "1956", "AGREE"),
              ev(2, ["JPN"], ["SUN"], "1956", "ASSAULT", aux=["negation"]),
              ev(3, ["JPN"], ["SUN"], "1956", "ASSAULT", aux=["hypothetical"]),
              ev(4, ["JPN"], ["SUN"], "1956", "AGREE", aux=["future"])]
    result, _ = table_of(events)
    assert rows_by_key(result)[("JPN-SUN", "1956")]["events"] == 2
    assert result.summary["excluded"] == 2
    everything, _ = table_of(events, exclude_aux=())
    assert rows_by_key(everything)[("JPN-SUN", "1956")]["events"] == 4


def test_monadic_events_counted_in_summary_not_in_table():
    events = [ev(1, ["JPN"], [], "1956"), ev(2, ["JPN"], ["---"], "1956"),
              ev(3, [], ["SUN"], "1956"), ev(4, ["JPN"], ["SUN"], "1956")]
    events.append({**ev(5, ["JPN"], ["SUN"], "1957"), "doc_id": None})  # no doc id: still counted
    result, _ = table_of(events)
    assert result.table.num_rows == 2
    assert result.summary["monadic"] == 3
    assert result.summary["dyadic_events"] + result.summary["monadic"] == len(events)
    assert result.summary["monadic_by_actor"] == {"JPN": 2, "(none)": 1}


@pytest.mark.parametrize("by,labels", [
    ("year", {"1956"}),
    ("quarter", {"1956-Q1", "1956-Q4", "1956"}),
    ("month", {"1956-03", "1956-10", "1956"}),
])
def test_period_labels(by, labels):
    events = [ev(1, ["JPN"], ["SUN"], "1956-03-31"), ev(2, ["JPN"], ["SUN"], "1956-10"),
              ev(3, ["JPN"], ["SUN"], "1956")]
    result, _ = table_of(events, by=by)
    assert {r["period"] for r in result.rows()} == labels
    assert sum(r["events"] for r in result.rows()) == 3


def test_pair_filter_is_order_free_unless_directed():
    result, _ = table_of(BASIC + [ev(9, ["USA"], ["SUN"], "1956")], pairs=[("SUN", "JPN")])
    assert {r["dyad"] for r in result.rows()} == {"JPN-SUN"}
    directed, _ = table_of(BASIC, directed=True, pairs=[("SUN", "JPN")])
    assert {r["dyad"] for r in directed.rows()} == {"SUN->JPN"}


@pytest.mark.parametrize("mean,share,coop,conf,expected", [
    (-5.0, 0.0, False, True, "hostile"), (-4.9, 0.0, False, True, "tense"),
    (-1.5, 0.2, True, True, "tense"), (0.0, None, False, False, "mixed"),
    (1.5, 1.0, True, False, "cordial"), (5.0, 1.0, True, False, "close"),
    (4.0, 0.5, True, True, "mixed"),  # aid next to an accusation: balanced, so mixed
    (None, None, False, False, None),
])
def test_tone_thresholds(mean, share, coop, conf, expected):
    assert tone(mean, share, coop, conf) == expected


def _series(years_values: list[tuple[int, list[str]]]) -> list[dict]:
    out, n = [], 0
    for year, types in years_values:
        for t in types:
            n += 1
            out.append(ev(n, ["CHN"], ["SUN"], f"{year}-06-01", t))
    return out


def test_turning_point_at_start_of_new_regime():
    friendly = ["AID", "AGREE", "CONSULT"]
    hostile = ["ACCUSE", "THREATEN", "ASSAULT"]
    events = _series([(1955, friendly), (1956, friendly), (1957, friendly), (1958, friendly),
                      (1959, hostile), (1960, hostile), (1961, hostile)])
    result, _ = table_of(events)
    marked = [(r["period"], r["turning_direction"]) for r in result.rows() if r["turning_point"]]
    assert marked == [("1959", "cooling")]
    back = _series([(1955, hostile), (1956, hostile), (1957, friendly), (1958, friendly)])
    result, _ = table_of(back)
    assert [(r["period"], r["turning_direction"]) for r in result.rows()
            if r["turning_point"]] == [("1957", "warming")]


def test_no_turning_point_in_steady_or_small_shifts():
    steady = _series([(y, ["AGREE", "CONSULT", "AID"]) for y in range(1950, 1960)])
    result, _ = table_of(steady)
    assert not any(r["turning_point"] for r in result.rows())
    # a two-point step (+2.5 to +0.5) is below the 2.5-point minimum shift; with a lower
    # minimum, 6 events a year for 10 years are enough evidence for it
    small = [ev(i, ["CHN"], ["SUN"], f"{1950 + i // 6}", "AGREE",
                intensity=2.5 if i < 30 else 0.5) for i in range(60)]
    result, _ = table_of(small)
    assert not any(r["turning_point"] for r in result.rows())
    result, _ = table_of(small, min_shift=1.0)
    assert [r["period"] for r in result.rows() if r["turning_point"]] == ["1955"]


def test_change_points_skips_empty_periods_and_finds_two_shifts():
    n = np.array([2, 0, 2, 2, 2, 2, 2, 2])
    means = np.array([6, 0, 6, -6, -6, -6, 6, 6], dtype=float)
    tps = change_points(n, n * means, n * means**2)
    assert [(t.index, t.direction) for t in tps] == [(3, "cooling"), (6, "warming")]
    assert change_points(np.array([3]), np.array([3.0]), np.array([3.0])) == []


def _write_formats(tmp_path: Path, events: list[dict]) -> dict[str, Path]:
    paths = {"jsonl": write_jsonl(tmp_path / "ev.jsonl", events)}
    table = events_to_arrow(events)
    pq.write_table(table, tmp_path / "nested.parquet")
    paths["parquet"] = tmp_path / "nested.parquet"
    nested = ("context", "aux_modes", "actor", "recipient", "trigger", "sentence")
    flat = [{k: json.dumps(v) if k in nested else v for k, v in e.items()} for e in events]
    pq.write_table(pa.Table.from_pylist(flat), tmp_path / "strings.parquet")
    paths["parquet-json-strings"] = tmp_path / "strings.parquet"
    with (tmp_path / "ev.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(flat[0]))
        writer.writeheader()
        writer.writerows({k: "" if v is None else v for k, v in row.items()} for row in flat)
    paths["csv"] = tmp_path / "ev.csv"
    with DuckDBStore(tmp_path / "ev.duckdb") as store:
        store.write_events(events)
    paths["duckdb"] = tmp_path / "ev.duckdb"
    return paths


def test_every_input_format_gives_the_same_table(tmp_path):
    events = BASIC + [ev(7, ["JPN", "SUN", "CHN"], [], None, "CONSULT", doc="d2"),
                      ev(8, ["JPN"], ["SUN"], "1957", "ASSAULT", aux=["negation"], doc="d2")]
    expected = None
    for kind, path in _write_formats(tmp_path, events).items():
        result = dyads_from_paths([path])
        summary = {k: v for k, v in result.summary.items() if k != "files"}
        got = (result.rows(), summary)
        if expected is None:
            expected = got
        assert got == expected, kind
    assert expected[1]["excluded"] == 1 and expected[1]["dyadic_events"] == 5
    assert expected[1]["unparseable_dates"] == 0 and expected[1]["unreadable_records"] == []


def test_malformed_jsonl_lines_are_reported_not_fatal(tmp_path):
    path = tmp_path / "bad.jsonl"
    good = [json.dumps(e) for e in BASIC]
    path.write_text("\n".join(good[:2] + ["{not json", '{"id": "x"}'] + good[2:]) + "\n",
                    encoding="utf-8")
    result = dyads_from_paths([path])
    assert result.summary["events_read"] == 4
    skipped = result.summary["unreadable_records"]
    assert len(skipped) == 2 and f"{path}:3:" in skipped[0] and "no event_type" in skipped[1]


def test_csv_with_plain_text_aux_modes(tmp_path):
    path = tmp_path / "plain.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "doc_id", "event_type", "actor", "recipient", "date", "aux_modes",
                         "intensity", "quad_class"])
        actor, recipient = json.dumps([{"code": "JPN"}]), json.dumps([{"code": "SUN"}])
        writer.writerow(["a", "d", "AGREE", actor, recipient, "1956", "", "2.5", "1"])
        writer.writerow(["b", "d", "AGREE", actor, recipient, "1956", "negation; future", "2.5",
                         "1"])
        writer.writerow(["c", "d", "AGREE", actor, recipient, "", "[]", "not a number", ""])
    result = dyads_from_paths([path])
    assert result.summary["excluded"] == 1
    rows = rows_by_key(result)
    assert rows[("JPN-SUN", "1956")]["intensity_mean"] == 2.5
    assert rows[("JPN-SUN", "undated")]["intensity_mean"] is None
    assert rows[("JPN-SUN", "undated")]["tone"] is None
    assert result.summary["unparseable_dates"] == 0


def test_records_can_be_given_as_dataclasses(tmp_path):
    from detente.records import Event

    with DuckDBStore(tmp_path / "s.duckdb") as store:
        assert store.write_events([Event.from_dict(e) for e in BASIC]) == 4
    assert dyads_from_paths([tmp_path / "s.duckdb"]).summary["dyadic_events"] == 4


def test_directory_input_reads_the_event_files_only(tmp_path):
    write_jsonl(tmp_path / "part-0.events.jsonl", BASIC[:2])
    write_jsonl(tmp_path / "part-1.events.jsonl", BASIC[2:])
    (tmp_path / "part-0.documents.jsonl").write_text(
        json.dumps({"doc_id": "d1", "status": "ok", "quality": {"score": 1.0}}) + "\n",
        encoding="utf-8")
    result = dyads_from_paths([tmp_path])
    assert result.summary["events_read"] == 4
    assert [Path(f).name for f in result.summary["files"]] == ["part-0.events.jsonl",
                                                               "part-1.events.jsonl"]


def test_empty_input_gives_empty_table(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("", encoding="utf-8")
    result = dyads_from_paths([path])
    assert result.table.num_rows == 0 and result.summary["events_read"] == 0


def test_cli_writes_files_by_extension(tmp_path, capsys):
    src = write_jsonl(tmp_path / "ev.jsonl", BASIC)
    assert main(["dyads", str(src), "-o", str(tmp_path / "d.csv")]) == 0
    with (tmp_path / "d.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["dyad"], r["period"], r["events"]) for r in rows] == [
        ("JPN-SUN", "1956", "3"), ("JPN-SUN", "1957", "1")]
    assert "turning_point" in rows[0] and "tone" in rows[0]
    assert main(["dyads", str(src), "--by", "month", "-o", str(tmp_path / "d.parquet")]) == 0
    assert pq.read_table(tmp_path / "d.parquet").num_rows == 4
    assert main(["dyads", str(src), "--directed", "-o", str(tmp_path / "d.json")]) == 0
    data = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    assert data["directed"] and {r["dyad"] for r in data["dyads"]} == {"JPN->SUN", "SUN->JPN"}
    capsys.readouterr()
    assert main(["dyads", str(src), "--pair", "SUN:JPN", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["summary"]["dyadic_events"] == 4
    assert main(["dyads", str(src)]) == 0
    assert "JPN-SUN" in capsys.readouterr().out
    assert main(["dyads", str(tmp_path / "missing.jsonl")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_cli_reads_stdin(tmp_path):
    import subprocess
    import sys

    data = "".join(json.dumps(e) + "\n" for e in BASIC)
    proc = subprocess.run([sys.executable, "-m", "detente.cli", "dyads", "-", "--json"],
                          input=data, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert [(r["dyad"], r["period"], r["events"]) for r in out["dyads"]] == [
        ("JPN-SUN", "1956", 3), ("JPN-SUN", "1957", 1)]
