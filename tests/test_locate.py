"""Event locations (issue 12): real sentences through the real coder, and where the place goes."""

from __future__ import annotations

import json

import duckdb
import pytest

from detente import evaluate as ev
from detente.coder import Coder
from detente.records import Event
from detente.store import DuckDBStore
from detente.write import load_records, open_writer


@pytest.fixture(scope="module")
def coder():
    return Coder()


def located(coder, text, date="2004-08-10", **kw):
    c = Coder(**kw) if kw else coder
    return [(e.event_type, e.location) for e in c.code(text, date=date).events]


def test_the_clause_names_the_place_with_coordinates(coder):
    (etype, loc), = located(coder, "US warplanes shelled Najaf on Tuesday, killing 12 people.")
    assert etype == "ASSAULT"
    assert loc["text"] == "Najaf" and loc["country"] == "IRQ" and loc["source"] == "clause"
    assert loc["feature"] == "city" and 31 < loc["lat"] < 33 and 43 < loc["lon"] < 45
    text = "US warplanes shelled Najaf on Tuesday, killing 12 people."
    assert text[loc["start"]:loc["end"]] == "Najaf"


def test_a_capital_that_speaks_is_an_actor_not_a_place(coder):
    [(_, loc)] = located(coder, "Moscow condemned the attack on Monday.")
    assert loc is None
    events = located(coder, "Moscow said on Monday it would send troops to Chechnya.")
    assert [loc["text"] for _, loc in events if loc] and \
        all(loc["text"] == "Chechnya" for _, loc in events if loc)


def test_places_no_source_knows_have_no_invented_coordinates(coder):
    events = located(coder, "Government troops shelled Zqwertyville on Monday, killing five "
                            "rebels.")
    assert events and all(loc is None for _, loc in events)
    # a region the bundled list knows has a country but no point
    [(_, loc)] = located(coder, "Russian troops clashed with Georgian forces in South Ossetia.")[:1]
    assert loc["name"] == "South Ossetia" and loc["country"] == "GEO" and loc["lat"] is None


def test_ambiguous_names_follow_the_actors_country(coder):
    [(_, pak)] = located(coder, "Pakistani police arrested ten men in Hyderabad on Monday.")
    [(_, ind)] = located(coder, "Indian police arrested ten men in Hyderabad on Monday.")
    assert pak["country"] == "PAK" and ind["country"] == "IND"
    assert pak["lat"] > 24 and ind["lat"] < 19  # Sindh, and the Deccan


def test_dateline_place_goes_to_events_of_its_country_only(coder):
    [(_, loc)] = located(coder, "KABUL, Afghanistan - Taliban fighters attacked a police post, "
                                "the government said.")
    assert loc["source"] == "dateline" and loc["text"] == "KABUL" and loc["country"] == "AFG"
    [(_, none)] = located(coder, "TOKYO (Reuters) - The United States accused North Korea of "
                                 "lying on Tuesday.")
    assert none is None  # filed from Tokyo, not something that happened in Japan


def test_the_story_place_is_carried_to_events_without_their_own(coder):
    events = located(coder, "Israeli troops killed three Palestinians in the Gaza Strip on "
                            "Saturday. Hamas condemned the killings.")
    sources = [loc["source"] for _, loc in events]
    assert sources[0] == "clause" and "document" in sources[1:]
    assert all(loc["country"] == "PSE" for _, loc in events)


def test_historical_name_keeps_its_text(coder):
    [(_, loc)] = located(coder, "Soviet troops arrested dissidents in Leningrad in 1985.",
                         date=None)
    assert loc["text"] == "Leningrad" and loc["name"] == "Saint Petersburg"


def test_user_dictionary_adds_a_place(tmp_path, coder):
    path = tmp_path / "places.yaml"
    path.write_text("places:\n  - name: Zqwertyville\n    aliases: [Zqwerty]\n"
                    "    country: COL\n    lat: 4.5\n    lon: -74.1\n    feature: town\n",
                    encoding="utf-8")
    [(_, loc)] = located(coder, "Government troops shelled Zqwerty on Monday.",
                         dictionaries=[str(path)])
    assert loc == {"name": "Zqwertyville", "text": "Zqwerty", "start": 26, "end": 33,
                   "country": "COL", "admin1": None, "lat": 4.5, "lon": -74.1,
                   "feature": "town", "source": "clause"}
    bad = tmp_path / "bad.yaml"
    bad.write_text("places:\n  - name: Nowhere\n", encoding="utf-8")
    with pytest.raises(ValueError, match="needs a name and a country"):
        Coder(dictionaries=[str(bad)])


def test_location_goes_through_every_output(tmp_path, coder):
    result = coder.code("US warplanes shelled Najaf on Tuesday. Moscow condemned the raid.",
                        date="2004-08-10", doc_id="d1")
    events = [e.to_dict() for e in result.events]
    assert Event.from_dict(events[0]).location == events[0]["location"]
    for suffix in ("jsonl", "csv", "parquet"):
        path = tmp_path / f"e.{suffix}"
        with open_writer(path, "events") as w:
            w.write(events)
        back = list(load_records(path))
        loc = back[0]["location"]
        loc = json.loads(loc) if isinstance(loc, str) else loc
        assert loc["country"] == "IRQ" and loc["lat"] == pytest.approx(events[0]["location"]["lat"])
    with DuckDBStore(tmp_path / "s.duckdb") as store:
        store.write_events(events)
        rows = store.con.execute("SELECT location.name, location.source FROM events "
                                 "ORDER BY seq").fetchall()
    assert rows[0] == ("Najaf", "clause")


def test_old_store_gains_the_location_column(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE SEQUENCE events_seq")
    con.execute("CREATE TABLE events (id VARCHAR, doc_id VARCHAR)")
    con.close()
    with DuckDBStore(path) as store:
        cols = [r[0] for r in store.con.execute("DESCRIBE events").fetchall()]
    assert "location" in cols


def test_place_scoring_against_place_gold():
    rows = [{"id": "a", "text": "x", "events": [{"actor": ["USA"], "recipient": ["IRQ"],
                                                 "types": ["ASSAULT"]}]}]
    assert ev.overlay_places(rows, [{"id": "a", "locations": [{"text": "Najaf",
                                                               "country": "IRQ"}]}]) == 1
    score = ev.PlaceScore()
    assert score.add({"text": "Najaf", "country": "IRQ"},
                     {"name": "Najaf", "text": "Najaf", "country": "IRQ"}) == "right"
    assert score.add({"text": "Gaza", "country": "PSE"},
                     {"name": "Gaza Strip", "text": "Gaza Strip", "country": "PSE"}) == "right"
    assert score.add({"text": "Basra", "country": "IRQ"},
                     {"name": "Baghdad", "text": "Baghdad", "country": "IRQ"}) == \
        "other_place_same_country"
    assert score.add(None, {"name": "Tokyo", "text": "TOKYO", "country": "JPN"}) == "invented"
    assert score.add({"text": "Kabul", "country": "AFG"}, None) == "missed"
    d = score.to_dict()
    assert d["gold_placed"] == 4 and d["right"] == 2 and d["precision"] == 0.5
    assert d["country_accuracy"] == 1.0 and d["invented"] == 1
    with pytest.raises(ev.GoldError):
        ev.overlay_places(rows, [{"id": "a", "locations": []}])
