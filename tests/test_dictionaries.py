"""The tables converted from PETRARCH-2's dictionaries: their build scripts, and their use by
the real Coder (persons and groups only the converted tables know, a CAMEO verb pattern the hand
lexicon lacks)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from detente.actors.people import PeopleIndex, read_tsv
from detente.events.lexicon import load_lexicon
from detente.events.patterns import load_patterns

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "scripts"
REFERENCE = ROOT.parent / "shared" / "reference"
PETRARCH = REFERENCE / "petrarch2"
ACTORS = ROOT / "src" / "detente" / "actors" / "data" / "generated"
EVENTS = ROOT / "src" / "detente" / "events" / "data" / "generated"

needs_source = pytest.mark.skipif(not (PETRARCH / "CAMEO.2.0.txt").exists(),
                                  reason="PETRARCH-2 dictionaries not present")


def _script(name: str):
    sys.path.insert(0, str(SCRIPTS))
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def _data_lines(path: Path) -> list[str]:
    return [ln for ln in path.read_text("utf-8").splitlines() if ln and not ln.startswith("#")]


# -- the actor file format -------------------------------------------------------------------

SNIPPET = """\
# a comment
FRANCE_  [FRA]
+PARIS_

JACK_STRAW_  # CountryInfo.txt
\t[GBRGOV 030101-070630]
\t[GBRGOVJUD 070701-081031]
\t[GBRELI]
YURI_ANDROPOV_
+STRAW_
\t[USRGOV 821112-840209]
ANYONE_  [XXXGOV]
"""


def test_actor_blocks_become_people_rows():
    fmt = _script("phoenix_format")
    build = _script("build_phoenix_actors")
    blocks = fmt.read_actor_blocks(SNIPPET)
    assert [b.forms[0] for b in blocks] == ["FRANCE", "JACK STRAW", "YURI ANDROPOV", "ANYONE"]
    rows = build.people_rows(blocks, {"FRA", "GBR", "SUN"})
    # the country block is left to states.yaml; USR becomes SUN; an unknown code is dropped;
    # "Straw" alone is an English word and is no form of Andropov
    assert [(r[0], r[2], r[4], r[5], r[6]) for r in rows] == [
        ("Jack Straw", "GBR", "2003-01-01", "2007-06-30", "GOV"),
        ("Jack Straw", "GBR", "2007-07-01", "2008-10-31", "GOV"),
        ("Jack Straw", "GBR", "", "", "ELI"),
        ("Yuri Andropov", "SUN", "1982-11-12", "1984-02-09", "GOV"),
    ]
    assert rows[3][1] == "=Yuri Andropov"


def test_an_agencys_abbreviation_stays_though_it_is_a_word():
    """"FBI" is a frequent word of English text, but in an undated block (an agency) it is
    the agency's name; a person's one-word form as frequent ("STRAW") is still dropped."""
    fmt = _script("phoenix_format")
    build = _script("build_phoenix_actors")
    blocks = fmt.read_actor_blocks("FEDERAL_BUREAU_OF_INVESTIGATION_\n+FBI_\n\t[USACOP]\n"
                                   "JACK_STRAW_\n+STRAW_\n\t[GBRGOV 030101-070630]\n")
    rows = build.people_rows(blocks, {"USA", "GBR"})
    assert rows[0][1] == "=Federal Bureau Of Investigation;FBI"
    assert rows[1][1] == "=Jack Straw"


@needs_source
def test_actor_build_on_a_slice_matches_the_shipped_tables(tmp_path):
    build = _script("build_phoenix_actors")
    counts = build.build(PETRARCH, tmp_path, limit=400)
    assert counts["people_rows"] > 100 and counts["group_entries"] > 100
    people = (tmp_path / "phoenix_people.tsv").read_text("utf-8")
    parsed = list(read_tsv(people, source="slice"))
    assert len(parsed) == counts["people_rows"]
    assert all(p.role == "OTH" and len(p.code) == 3 for p, _ in parsed)
    # a rebuild reproduces the shipped rows: every row of the slice is in the shipped table
    shipped = set(_data_lines(ACTORS / "phoenix_people.tsv"))
    assert set(_data_lines(tmp_path / "phoenix_people.tsv")) <= shipped
    shipped_groups = set(_data_lines(ACTORS / "phoenix_groups.tsv"))
    assert set(_data_lines(tmp_path / "phoenix_groups.tsv")) <= shipped_groups
    assert "676801cd" in (tmp_path / "NOTICE").read_text("utf-8")


@needs_source
def test_sector_and_pattern_builds_reproduce_the_shipped_files(tmp_path):
    sectors = _script("build_phoenix_sectors")
    sectors.build(PETRARCH / "Phoenix.agents.txt", tmp_path / "sectors.yaml")
    assert (tmp_path / "sectors.yaml").read_text("utf-8") == \
        (ACTORS / "sectors_phoenix.yaml").read_text("utf-8")
    cameo = _script("build_cameo_patterns")
    counts = cameo.build(PETRARCH / "CAMEO.2.0.txt", REFERENCE / "CAMEO2PLOVER-2021.txt", tmp_path)
    assert counts["patterns"] > 2000
    for name in ("cameo_verbs.tsv", "cameo_patterns.tsv", "cameo_synsets.tsv"):
        assert (tmp_path / name).read_text("utf-8") == (EVENTS / name).read_text("utf-8"), name


def test_cameo_pattern_lines_are_parsed():
    cameo = _script("build_cameo_patterns")
    assert cameo._parse_post(" (FOR {FINANCIAL AID})") == ("", "for", "financial aid")
    assert cameo._parse_post(" POLICE (TO BORDER)") == ("police", "to", "border")
    assert cameo._parse_post(" {ARMS SHIPMENT} $") == ("arms shipment", "", "")
    assert cameo._parse_post(" (TO LIST) (OF {BANNED PARTIES})") is None  # two phrases
    cross = {"043": ("CONSULT", "visit"), "07": ("AID", "")}
    assert cameo.to_plover("0431", cross) == ("CONSULT", "visit")
    assert cameo.to_plover("042:043", cross) is None  # 042 is not in this crosswalk
    assert cameo.to_plover("---", cross) is None


# -- the coder uses them ---------------------------------------------------------------------


def _first(coder, text, date=None):
    events = coder.code(text, date=date).events
    assert events, text
    return events[0]


def test_phoenix_person_resolves_without_a_date(coder):
    # Alexander Downer is in the converted table only: one state in all his rows
    assert not any("Downer" in f for f in PeopleIndex([]).surface_forms())
    ev = _first(coder, "Alexander Downer met Chinese officials.")
    assert [(a.code, a.sector) for a in ev.actor] == [("AUS", "GOV")]


def test_phoenix_person_date_chooses_the_row(coder):
    # Kofi Annan is the UN's Secretary-General 1997-2006 in the international dictionary
    ev = _first(coder, "Jack Straw met Kofi Annan in London.", date="2004-03-01")
    assert [a.code for a in ev.actor] == ["GBR"]
    assert [a.code for a in ev.recipient] == ["IGO"]


def test_phoenix_armed_group(coder):
    ev = _first(coder, "The Abu Nidal Organization attacked Israeli troops.", date="1985-05-01")
    assert ev.event_type == "ASSAULT"
    assert [a.code for a in ev.actor] == ["IMG"]


def test_hand_table_wins_over_generated_rows():
    idx = PeopleIndex.load()
    p = idx.resolve("Jack Straw", "2002-01-01")  # FM in the hand table from 2001
    assert p is not None and p.code == "GBR" and p.role == "FM"


def test_cameo_pattern_codes_what_the_hand_lexicon_does_not_know(coder):
    lex = load_lexicon()
    assert "expedite" not in lex.verbs and "expedite" not in lex.phrasal
    assert load_patterns() is not None
    ev = _first(coder, "Egypt expedited arms shipments to Iraq.", date="2004-05-01")
    assert ev.event_type == "AID"
    assert [a.code for a in ev.actor] == ["EGY"] and [r.code for r in ev.recipient] == ["IRQ"]


def test_cameo_pattern_needs_its_object(coder):
    # "expedite" alone is no event: only its patterns ("expedite arms shipments") code
    assert not coder.code("Egypt expedited the paperwork.", date="2004-05-01").events
