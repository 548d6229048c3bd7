"""The ontology data (events/data/plover.yaml) and the enrich stage.

Where ../shared is present, the data is checked against the sources it was written from: every
score against the PLOVER manual's table, every CAMEO code against the crosswalk.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from detente import enrich, records

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "reference"
MANUAL = SHARED / "PLOVER_MANUAL.tex"
CROSSWALK = SHARED / "CAMEO2PLOVER-2021.txt"

QUADS = {
    1: {"AGREE", "CONSULT", "SUPPORT", "CONCEDE"},
    2: {"COOPERATE", "AID", "RETREAT"},
    3: {"REQUEST", "ACCUSE", "REJECT", "THREATEN", "SANCTION"},
    4: {"PROTEST", "MOBILIZE", "COERCE", "ASSAULT"},
}  # the manual's numeric table "Quad categories in PLOVER" (SANCTION: see plover.yaml)


def _event(event_type: str, mode: str | None = None, **kw) -> records.Event:
    return records.Event(
        id="d:0:0", doc_id="d", event_type=event_type, mode=mode,
        actor=[records.Entity("USA", "GOV", "Washington", 0, 10)], recipient=[],
        trigger=records.Span("x", 11, 12), sentence=records.SentenceRef(0, 0, 20), **kw)


def test_sixteen_types_with_quad_class_score_and_root():
    onto = enrich.ontology()
    assert len(enrich.EVENT_TYPES) == 16
    assert set(enrich.EVENT_TYPES) == set().union(*QUADS.values())
    for quad, types in QUADS.items():
        for t in types:
            spec = onto["event_types"][t]
            assert spec["quad_class"] == quad == enrich.quad_class(t), t
            assert isinstance(spec["intensity"], (int, float)) and -10 <= spec["intensity"] <= 10
            assert re.fullmatch(r"\d\d", spec["cameo_root"]), t
            assert spec["description"].strip()
            for mode, m in (spec["modes"] or {}).items():
                assert m["description"].strip(), (t, mode)


def test_scores_have_the_sign_of_their_quad():
    for t in enrich.EVENT_TYPES:
        score = enrich.intensity(t)
        if enrich.quad_class(t) in (1, 2):
            assert score > 0, t
        elif t != "REQUEST":  # REQUEST sits at 0 in the table
            assert score < 0, t
    assert enrich.intensity("ACCUSE") < 0
    assert all(enrich.intensity("ACCUSE", m) < 0 for m in enrich.modes("ACCUSE"))


def test_modes_of_types():
    assert enrich.modes("AGREE") == ()
    assert set(enrich.modes("CONSULT")) == {"visit", "third-party", "multilateral", "phone"}
    assert set(enrich.modes("REQUEST")) == set(enrich.modes("REJECT")) == {"assist", "change",
                                                                            "yield", "meet"}
    assert "aerial" in enrich.modes("ASSAULT") and "arrest" in enrich.modes("COERCE")
    with pytest.raises(ValueError, match="unknown PLOVER event type"):
        enrich.modes("FIGHT")


def test_enrich_fills_from_mode_then_type():
    e = enrich.enrich(_event("CONSULT", "visit"))
    assert (e.intensity, e.quad_class, e.cameo) == (4.0, 1, "042")
    e = enrich.enrich(_event("CONSULT"))
    assert (e.intensity, e.cameo) == (2.5, "04")
    e = enrich.enrich(_event("PROTEST", "vandalize"))  # mode without a score or a code
    assert (e.intensity, e.quad_class, e.cameo) == (-5.0, 4, "14")
    e = enrich.enrich(_event("ASSAULT", "no-such-mode"))
    root = enrich.ontology()["event_types"]["ASSAULT"]["cameo_root"]
    assert (e.intensity, e.cameo) == (-9.0, root)
    e = enrich.enrich(_event("ASSAULT", "Assassinate"))  # older name, any case
    assert (e.intensity, e.cameo) == (-9.5, "186")
    assert e.mode == "Assassinate"  # the event keeps the mode it was given


def test_enrich_keeps_existing_values_and_sets_default_confidence():
    e = _event("ACCUSE", intensity=-1.0, quad_class=3, cameo="112", confidence=0.9)
    assert enrich.enrich(e) == e
    e = enrich.enrich(_event("ACCUSE"))
    assert e.confidence == enrich.DEFAULT_CONFIDENCE
    assert e.intensity == -3.0 and e.quad_class == 3


def test_enrich_does_not_change_its_input_and_negation_keeps_the_score():
    original = _event("AID", aux_modes=["negation"])
    out = enrich.enrich(original)
    assert original.intensity is None and original.quad_class is None
    assert out.intensity == 10.0 and out.quad_class == 2 and out.aux_modes == ["negation"]


def test_enrich_rejects_unknown_type():
    with pytest.raises(ValueError, match="unknown PLOVER event type 'FIGHT'"):
        enrich.enrich(_event("FIGHT"))


def test_ontology_is_a_copy():
    onto = enrich.ontology()
    onto["event_types"]["AGREE"]["intensity"] = 99
    assert enrich.intensity("AGREE") == 2.5
    assert "diplomatic" in onto["contexts"] and len(onto["contexts"]) >= 30
    assert set(onto["aux_modes"]) == {"historical", "future", "hypothetical", "negation"}


def test_broken_data_file_is_reported(tmp_path):
    with pytest.raises(enrich.OntologyError, match="quad_class"):
        enrich._check({"event_types": {"AGREE": {"quad_class": 7, "intensity": 1,
                                                 "cameo_root": "03"}}}, tmp_path / "x.yaml")
    with pytest.raises(enrich.OntologyError, match="alias"):
        enrich._check({"event_types": {"AGREE": {"quad_class": 1, "intensity": 1,
                                                 "cameo_root": "03", "modes": {},
                                                 "aliases": {"a": "b"}}}}, tmp_path / "x.yaml")


# ---------------------------------------------------------------- against the sources in ../shared


def _crosswalk() -> tuple[dict[str, tuple[str, str]], dict[str, set[str]]]:
    """code -> (type, mode) for 3/4-digit codes; 2-digit root -> types."""
    codes: dict[str, tuple[str, str]] = {}
    roots: dict[str, set[str]] = {}
    for line in CROSSWALK.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{2,4}):\s*([^#]*)", line)
        if not m:
            continue
        code, body = m.groups()
        parts = [p.strip() for p in body.split(",")]
        if len(code) == 2:
            roots.setdefault(code, set()).add(parts[0])
        else:
            codes[code] = (parts[0], parts[1] if len(parts) > 1 else "")
    return codes, roots


@pytest.mark.skipif(not CROSSWALK.is_file(), reason="../shared/reference is absent")
def test_every_cameo_code_is_in_the_crosswalk_for_its_type():
    codes, roots = _crosswalk()
    onto = enrich.ontology()["event_types"]
    checked = 0
    for t, spec in onto.items():
        assert t in roots[spec["cameo_root"]], (t, spec["cameo_root"])
        for root in spec.get("cameo_roots_also") or ():
            assert t in roots[root], (t, root)
        for mode, m in (spec["modes"] or {}).items():
            if m["cameo"] is None:
                assert m["cameo_match"] is None
                continue
            assert m["cameo"] in codes, (t, mode, m["cameo"])
            cw_type, cw_mode = codes[m["cameo"]]
            assert cw_type == t, (t, mode, m["cameo"], cw_type)
            if m["cameo_match"] == "exact":
                assert cw_mode == mode, (t, mode, m["cameo"], cw_mode)
            else:
                assert m["cameo_match"] == "nearest" and cw_mode != mode
            checked += 1
    assert checked >= 50


def _manual_scores() -> dict[str, float]:
    """'TYPE' or 'TYPE: Mode' -> score, read from the manual's score table."""
    lines = MANUAL.read_text(encoding="utf-8").splitlines()
    tex = "\n".join(line for line in lines if not line.lstrip().startswith("%"))  # drop comments
    start = tex.index(r"\caption{PLOVER conflict--cooperation scores}")
    table = tex[start: tex.index(r"\end{tabular}", start)]
    scores: dict[str, float] = {}
    for line in table.splitlines():
        cells = [re.sub(r"\\cellcolor\{[^}]*\}", "", c).strip().rstrip("\\").strip()
                 for c in line.split("&")]
        for name, value in zip(cells[0::2], cells[1::2]):
            if re.fullmatch(r"[A-Z]+(: [A-Za-z-]+)?", name) and re.fullmatch(r"-?[\d.]+", value):
                scores[name] = float(value)
    return scores


@pytest.mark.skipif(not MANUAL.is_file(), reason="../shared/reference is absent")
def test_scores_match_the_manual_table():
    scores = _manual_scores()
    assert len(scores) == 82  # 16 types and 66 modes
    onto = enrich.ontology()["event_types"]
    for name, value in scores.items():
        t, _, mode = name.partition(": ")
        if t == "ACCUSE" and not mode:
            assert value == 3 and onto[t]["intensity"] == -3  # the sign typo, corrected
            continue
        if not mode:
            assert onto[t]["intensity"] == value, name
        else:
            assert onto[t]["modes"][mode.lower()]["intensity"] == value, name
    # every mode with a score in the table is in the data, and no mode has an invented score
    listed = {k.lower() for k in scores}
    for t, spec in onto.items():
        for mode, m in (spec["modes"] or {}).items():
            assert (f"{t}: {mode}".lower() in listed) == (m["intensity"] is not None), (t, mode)


@pytest.mark.skipif(not MANUAL.is_file(), reason="../shared/reference is absent")
def test_quad_classes_match_the_manual_numeric_table():
    tex = MANUAL.read_text(encoding="utf-8")
    found = {}
    for name, types, number in re.findall(
            r"^(Verbal|Material) (?:cooperation|conflict) & ([A-Z, ]+) &\s*(\d)", tex, re.M):
        for t in types.split(","):
            found[t.strip()] = int(number)
    assert len(found) == 16
    assert all(enrich.quad_class(t) == q for t, q in found.items())
