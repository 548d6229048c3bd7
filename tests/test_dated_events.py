"""The issue-4 bars on our own dated sentences: events found with the right codes for their time,
and those events dated right.

tests/data/dated_sentences.tsv holds 100+ sentences we wrote across phrasings and centuries
(explicit dates, decades, seasons, weekdays and other dates relative to the document date,
carry-forward inside a paragraph, and the successions Moscow, Kinshasa, Belgrade, Prague,
Rangoon, Bonn/East Berlin, Hanoi/Saigon). Each row names one expected event. It is *found* when
the coder returns an event of an accepted type whose actor codes include the expected ones and
whose recipient is the expected one (or none, for reciprocal events; a reciprocal event coded as
actor -> recipient also counts, since the dyad is the same). It is *dated right* when that
event's date equals the expected one exactly (precision included).

Bars: at least 80% found, at least 90% of the found dated right. The figures are printed.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data" / "dated_sentences.tsv"


@dataclass
class Row:
    id: str
    text: str
    doc_date: str | None
    types: set[str]
    actors: set[str]
    recipient: str | None
    date: str | None


def load_rows() -> list[Row]:
    lines = [ln for ln in DATA.read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    none = lambda v: None if v in ("", "-") else v  # noqa: E731
    return [Row(r["id"], r["text"], none(r["doc_date"]), set(r["types"].split("/")),
                set(r["actor"].split(",")), none(r["recipient"]), none(r["date"]))
            for r in reader]


def _codes(entities) -> set[str]:
    return {e.code[:3] for e in entities}


def matches(row: Row, ev) -> bool:
    if ev.event_type not in row.types:
        return False
    if "negation" in ev.aux_modes or "hypothetical" in ev.aux_modes:
        return False
    actors, recips = _codes(ev.actor), _codes(ev.recipient)
    if row.recipient is None:
        if len(row.actors) > 1:  # reciprocal: the same parties, however the coder split them
            return (actors | recips) == row.actors
        return row.actors <= actors and not recips
    return row.actors <= actors and row.recipient in recips


def test_data_file_is_large_and_well_formed():
    rows = load_rows()
    assert len(rows) >= 100
    assert len({r.id for r in rows}) == len(rows)
    years = {int(r.date[:4]) for r in rows if r.date}
    assert min(years) < 1860 and max(years) >= 2020  # across centuries


@pytest.fixture(scope="module")
def coder():
    coder_mod = pytest.importorskip("detente.coder")
    return coder_mod.Coder()


def test_bars_on_dated_sentences(coder, capsys):
    rows = load_rows()
    found, dated, misses, wrong_dates = 0, 0, [], []
    for row in rows:
        result = coder.code(row.text, date=row.doc_date, doc_id=row.id)
        hits = [ev for ev in result.events if matches(row, ev)]
        if not hits:
            got = [(e.event_type, sorted(_codes(e.actor)), sorted(_codes(e.recipient)))
                   for e in result.events]
            status = result.document.status
            misses.append(f"{row.id} {row.text!r} expected {sorted(row.types)} "
                          f"{sorted(row.actors)}->{row.recipient}; got {got}"
                          + (f" (document {status}: {result.document.reason})" if status != "ok" else ""))
            continue
        found += 1
        if any(ev.date == row.date for ev in hits):
            dated += 1
        else:
            wrong_dates.append(f"{row.id} {row.text!r} doc={row.doc_date} expected "
                               f"{row.date}; got {[(e.date, e.date_source) for e in hits]}")
    found_rate = found / len(rows)
    dated_rate = dated / found if found else 0.0
    with capsys.disabled():
        print(f"\n[dated sentences] {len(rows)} rows: found {found} ({found_rate:.1%}), "
              f"dated right {dated} of found ({dated_rate:.1%})")
        for line in wrong_dates:
            print("  WRONG DATE", line)
        for line in misses:
            print("  MISSED", line)
    assert found_rate >= 0.80, f"found {found_rate:.1%} < 80%"
    assert dated_rate >= 0.90, f"dated right {dated_rate:.1%} < 90%"
