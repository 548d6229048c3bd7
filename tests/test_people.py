"""Office holders: the bundled table, the resolution rule, user tables and the rebuild script."""

from __future__ import annotations

import csv
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from detente.actors.people import DATA_FILE, PeopleIndex, Person, normalize, read_tsv

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "src" / "detente" / "actors" / "data" / DATA_FILE
SCRIPT = ROOT / "scripts" / "build_office_holders.py"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def people() -> PeopleIndex:
    return PeopleIndex.load()


def _rows():
    return [p for p, _ in read_tsv(TABLE.read_text(encoding="utf-8"))]


# -- the table ------------------------------------------------------------------------------

def test_table_header_says_origin_and_how_to_update():
    head = [ln for ln in TABLE.read_text(encoding="utf-8").splitlines() if ln.startswith("#")]
    text = " ".join(head).lower()
    assert "compiled by the detente team" in text and "verify" in text
    assert "build_office_holders.py" in text


def test_table_covers_the_required_states():
    rows = _rows()
    codes = {p.code for p in rows}
    required = """USA SUN RUS GBR FRA CHN JPN DEU DDR ITA CAN AUS IND BRA MEX ARG ZAF KOR PRK IDN
    TUR SAU IRN IRQ ISR EGY SYR JOR LBN PAK AFG VEN CUB COL CHL NGA ETH KEN COD ZAR VNM THA PHL
    MYS UKR POL ESP NLD BEL SWE NOR GRC YUG SRB CSK CZE HUN ROU LBY TWN QAT ARE BLR KAZ GEO""".split()
    assert not set(required) - codes
    former = {"SUN", "DDR", "YUG", "SCG", "CSK", "ZAR", "VDR", "BUR"}
    assert len(codes - former) >= 60
    fm = {p.code for p in rows if p.role == "FM"}
    assert {"USA", "SUN", "RUS", "GBR", "FRA", "CHN", "JPN", "DEU", "IND", "ISR", "IRN", "TUR"} <= fm


def test_table_terms_are_ordered_and_since_1945():
    for p in _rows():
        if p.start and p.end:
            assert p.start[:len(p.end)] <= p.end[:len(p.start)], p
        assert not p.end or p.end >= "1945", p


def test_heads_of_government_do_not_overlap():
    # at any date there is one British, Japanese, German and Indian head of government
    idx = PeopleIndex.load()
    for code in ("GBR", "JPN", "DEU", "IND", "AUS", "CAN", "ITA", "ESP", "ISR", "AUT", "IRL", "NZL"):
        rows = [r for r in idx._rows if r.person.code == code and r.person.role == "HOG"]
        rows.sort(key=lambda r: r.lo)
        for a, b in zip(rows, rows[1:]):
            assert b.lo >= a.hi or (a.hi - b.lo).days <= 1, (a.person, b.person)


# -- resolution -----------------------------------------------------------------------------

@pytest.mark.parametrize("surface, date, code, name", [
    ("Gromyko", "1972-01", "SUN", "Andrei Gromyko"),
    ("Gromyko", None, "SUN", "Andrei Gromyko"),
    ("Gromyko's", "1972", "SUN", "Andrei Gromyko"),
    ("Soviet Foreign Minister Andrei Gromyko", "1972", "SUN", "Andrei Gromyko"),
    ("Nakasone", "1984", "JPN", "Yasuhiro Nakasone"),
    ("Yeltsin", "1996-07", "RUS", "Boris Yeltsin"),
    ("Yeltsin", "1991-08-19", "RUS", "Boris Yeltsin"),
    ("Chavez", "2005", "VEN", "Hugo Chávez"),
    ("Chávez", None, "VEN", "Hugo Chávez"),
    ("CHAVEZ", "2005", "VEN", "Hugo Chávez"),
    ("Brezhnev", "1975-03-01", "SUN", "Leonid Brezhnev"),
    ("Bush", "2003-03-20", "USA", "George W. Bush"),
    ("Bush", "1991", "USA", "George H. W. Bush"),
    ("George H.W. Bush", "1991", "USA", "George H. W. Bush"),
    ("Gandhi", "1970", "IND", "Indira Gandhi"),
    ("Gandhi", "1987", "IND", "Rajiv Gandhi"),
    ("Abe", "2015", "JPN", "Shinzo Abe"),
    ("Kim", "2015", "PRK", "Kim Jong-un"),
    ("Tito", "1948", "YUG", "Josip Broz Tito"),
    ("Milosevic", "1992", "SRB", "Slobodan Milošević"),
    ("Milosevic", "1999", "SCG", "Slobodan Milošević"),
    ("Mobutu", "1968", "COD", "Mobutu Sese Seko"),
    ("Mobutu", "1985", "ZAR", "Mobutu Sese Seko"),
    ("Mobutu", None, "ZAR", "Mobutu Sese Seko"),  # one person, longest-held row
    ("Shevardnadze", "1987", "SUN", "Eduard Shevardnadze"),
    ("Shevardnadze", "1999", "GEO", "Eduard Shevardnadze"),
    ("Johnson", "1966", "USA", "Lyndon B. Johnson"),
    ("Johnson", "2020", "GBR", "Boris Johnson"),
    ("Honecker", "1980", "DDR", "Erich Honecker"),
    ("Havel", "1990", "CSK", "Václav Havel"),
    ("Havel", "1995", "CZE", "Václav Havel"),
    ("Ne Win", "1970", "BUR", "Ne Win"),
    ("Than Shwe", "2000", "MMR", "Than Shwe"),
    ("Mao", "1960", "CHN", "Mao Zedong"),
    ("Kissinger", "1970", "USA", "Henry Kissinger"),  # not yet in office: same person, same state
    ("Nelson Mandela", "1964", "ZAF", "Nelson Mandela"),  # a full name has no time limit
])
def test_resolve(people, surface, date, code, name):
    p = people.resolve(surface, date)
    assert p is not None, (surface, date)
    assert (p.code, p.name) == (code, name)
    assert p.sector == "GOV"


@pytest.mark.parametrize("surface, date", [
    ("Kim", "2000"),            # Kim Dae-jung (KOR) and Kim Jong-il (PRK) both in office
    ("Kim", None),
    ("Johnson", None),          # LBJ or Boris Johnson
    ("Johnson", "1990"),        # neither in office, two states
    ("King Abdullah", "2010"),  # Saudi Arabia's and Jordan's
    ("Wilson", "1918"),         # a bare surname decades away from Harold Wilson's terms
    ("Herzog", None),           # German and Israeli presidents
    ("Smith", "1990"),          # nobody
    ("", "1990"),
])
def test_resolve_refuses_when_ambiguous_or_unknown(people, surface, date):
    assert people.resolve(surface, date) is None


def test_surface_forms_follow_the_table_rules(people):
    forms = set(people.surface_forms())
    assert {"Andrei Gromyko", "Gromyko", "Nakasone", "Xi Jinping", "Mao"} <= forms
    # accented and unaccented spellings are both offered: a matcher compares text as written
    assert {"Chávez", "Chavez", "Erdoğan", "Erdogan", "Milošević", "Milosevic"} <= forms
    # "=" rows add no surname: these would match common words or other people
    assert not {"Major", "May", "Sharon", "Jinping", "Christopher", "Moro", "Howard"} & forms
    assert all(f.strip() == f and f for f in forms)


def test_normalize():
    assert normalize("Gromyko's") == "gromyko"
    assert normalize("Erdoğan") == normalize("Erdogan") == "erdogan"
    assert normalize("George H.W. Bush") == normalize("George H. W. Bush")


def test_user_tables_extend_the_index(tmp_path):
    extra = tmp_path / "mine.tsv"
    extra.write_text("# my additions\nname\taliases\tcode\trole\tstart\tend\n"
                     "Ruth Dreifuss\t\tCHE\tHOS\t1999-01-01\t1999-12-31\n", encoding="utf-8")
    idx = PeopleIndex.load(extra_paths=[extra])
    p = idx.resolve("Dreifuss", "1999-06")
    assert p == Person("Ruth Dreifuss", "CHE", "HOS", "1999-01-01", "1999-12-31")
    assert "Ruth Dreifuss" in set(idx.surface_forms())


def test_bad_user_tables_say_what_is_wrong(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("name\tcode\n", encoding="utf-8")
    with pytest.raises(ValueError, match="lacks columns"):
        PeopleIndex.load(extra_paths=[bad])
    bad.write_text("name\taliases\tcode\trole\tstart\tend\nX Y\t\tFRA\tKING\t1950\t\n",
                   encoding="utf-8")
    with pytest.raises(ValueError, match="role"):
        PeopleIndex.load(extra_paths=[bad])
    bad.write_text("name\taliases\tcode\trole\tstart\tend\nX Y\t\tFRA\tHOS\tsoon\t\n",
                   encoding="utf-8")
    with pytest.raises(ValueError, match="ISO date"):
        PeopleIndex.load(extra_paths=[bad])


# -- the rebuild script ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def build():
    spec = importlib.util.spec_from_file_location("build_office_holders", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up there
    spec.loader.exec_module(mod)
    yield mod
    sys.modules.pop(spec.name, None)


def _read(path: Path) -> list[dict]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_script_help_documents_the_input_columns():
    out = subprocess.run([sys.executable, str(SCRIPT), "--help"], capture_output=True,
                         text=True, check=True).stdout
    for word in ("personLabel", "positionLabel", "iso3", "start", "end", "idacr", "startdate"):
        assert word in out


def test_script_rebuilds_from_a_wikidata_dump(build, tmp_path):
    out = tmp_path / "office_holders.tsv"
    assert build.main([str(DATA / "office_dump_wikidata.csv"), "-o", str(out)]) == 0
    rows = _read(out)
    by = {(r["name"], r["code"], r["role"]): r for r in rows}
    # a new office from the dump, with its role read from the office's name
    assert by[("Testa Example", "RUR", "HOG")]["start"] == "1950-01-01"
    # a dump row for a known person keeps the hand-written aliases and adds the dump's
    chavez = by[("Hugo Chávez", "VEN", "HOS")]
    assert "Chavez" in chavez["aliases"] and "Hugo Rafael Chávez Frías" in chavez["aliases"]
    assert by[("Andrei Gromyko", "SUN", "FM")]["end"] == "1985-07-02"
    # hand rows the dump lacks are kept; terms ended before 1945 and bad rows are dropped
    assert ("Andrei Gromyko", "SUN", "HOS") in by
    assert ("Harry S. Truman", "USA", "HOS") in by
    assert not any(r["name"] in ("Old Timer", "No Code", "Bad Date") for r in rows)
    assert len(rows) == len(_rows()) + 1
    # the result is a valid table for PeopleIndex
    idx = PeopleIndex.load(extra_paths=[out])
    assert idx.resolve("Testa Example", "1955").code == "RUR"
    head = out.read_text(encoding="utf-8").splitlines()[0]
    assert head.startswith("#")


def test_script_rebuilds_from_archigos_with_date_aware_codes(build, tmp_path):
    out = tmp_path / "office_holders.tsv"
    assert build.main([str(DATA / "office_dump_archigos.csv"), "--format", "archigos",
                       "-o", str(out)]) == 0
    rows = _read(out)
    mobutu = sorted((r["code"], r["start"], r["end"]) for r in rows
                    if r["name"] == "Mobutu Sese Seko")
    assert mobutu == [("COD", "1965-11-24", "1971-10-27"), ("ZAR", "1971-10-27", "1997-05-16")]
    brezhnev = [r for r in rows if r["name"] == "Leonid Brezhnev" and r["role"] == "HOS"]
    assert [(r["code"], r["start"]) for r in brezhnev] == [("SUN", "1964-10-14")]
    # the dump's bare surnames were matched to the fuller names of the table
    assert not any(r["name"] in ("Nobody", "Brezhnev", "Truman") for r in rows)


def test_script_reports_a_missing_dump(build, tmp_path, capsys):
    assert build.main([str(tmp_path / "nope.csv")]) == 2
    assert "no such dump" in capsys.readouterr().err


def test_script_reads_sparql_json(build, tmp_path):
    dump = tmp_path / "p39.json"
    dump.write_text(
        '{"head": {"vars": ["personLabel", "positionLabel", "iso3", "start", "end"]},'
        ' "results": {"bindings": [{"personLabel": {"type": "literal", "value": "Ruth Dreifuss"},'
        ' "positionLabel": {"type": "literal", "value": "President of the Swiss Confederation"},'
        ' "iso3": {"type": "literal", "value": "CHE"},'
        ' "start": {"type": "literal", "value": "1999-01-01T00:00:00Z"},'
        ' "end": {"type": "literal", "value": "1999-12-31T00:00:00Z"}}]}}', encoding="utf-8")
    out = tmp_path / "office_holders.tsv"
    assert build.main([str(dump), "-o", str(out)]) == 0
    got = [r for r in _read(out) if r["code"] == "CHE"]
    assert [(r["name"], r["role"], r["start"], r["end"]) for r in got] == [
        ("Ruth Dreifuss", "HOS", "1999-01-01", "1999-12-31")]


@pytest.mark.parametrize("name, code, surname", [
    ("Andrei Gromyko", "SUN", "Gromyko"),
    ("Charles de Gaulle", "FRA", "de Gaulle"),
    ("Alexander De Croo", "BEL", "De Croo"),
    ("Miguel de la Madrid", "MEX", "de la Madrid"),  # never "Madrid"
    ("Kim Dae-jung", "KOR", "Kim"),
    ("Benigno Aquino III", "PHL", "Aquino"),
    ("Adolfo López Mateos", "MEX", None),  # two surnames: the table says which form is used
    ("Hugo Chávez", "VEN", "Chávez"),
    ("Sukarno", "IDN", None),
])
def test_derived_surname(name, code, surname):
    from detente.actors.people import derived_surname
    assert derived_surname(name, code) == surname
