"""The HTML report: content from hand-made events, highlighting, and a real headless Chromium."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from detente.cli import main
from detente.records import DocumentRecord, Entity, Event, Quality, SentenceRef, Span
from detente.report import ReportOptions, build_report
from detente.report.highlight import highlight, spans
from detente.store import DuckDBStore

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
VERBS = {"AID": ("sent aid to", 10.0, 2), "CONSULT": ("met", 2.5, 1),
         "ACCUSE": ("accused", -2.0, 3), "ASSAULT": ("attacked", -9.0, 4),
         "AGREE": ("agreed with", 2.5, 1)}
NAMES = {"CHN": "China", "SUN": "the Soviet Union", "JPN": "Japan", "USA": "the United States"}


def make_event(doc: str, index: int, actor: str, etype: str, recipient: str,
               date: str | None, offset: int = 0) -> dict:
    """An event whose sentence starts ``offset`` characters into its document."""
    verb, score, quad = VERBS[etype]
    a, r = NAMES[actor], NAMES[recipient]
    sentence = f"On Monday {a} {verb} {r} in the capital."
    sa = sentence.index(a)
    sv = sentence.index(verb)
    sr = sentence.index(r, sv)
    return Event(id=f"{doc}:{index}:0", doc_id=doc, event_type=etype,
                 actor=[Entity(actor, "GOV", a, offset + sa, offset + sa + len(a))],
                 recipient=[Entity(recipient, "GOV", r, offset + sr, offset + sr + len(r))],
                 trigger=Span(verb.split()[0], offset + sv, offset + sv + len(verb.split()[0])),
                 sentence=SentenceRef(index, offset, offset + len(sentence)), date=date,
                 intensity=score, quad_class=quad, evidence=sentence).to_dict()


def corpus() -> tuple[list[dict], list[dict]]:
    """CHN-SUN friendly until 1958, hostile from 1959; JPN-USA steady; one undated event."""
    events, n = [], 0
    for year in range(1950, 1966):
        for k, etype in enumerate(["AID", "CONSULT"] if year < 1959 else ["ACCUSE", "ASSAULT"]):
            n += 1
            events.append(make_event(f"doc-{n}", k, "CHN", etype, "SUN", f"{year}-05-0{k + 1}",
                                     offset=120 * k + 37))
        if year % 2 == 0:
            n += 1
            events.append(make_event(f"doc-{n}", 0, "JPN", "AGREE", "USA", f"{year}-07-01"))
    events.append(make_event("doc-x", 3, "CHN", "CONSULT", "SUN", None, offset=400))
    docs = [DocumentRecord(doc_id=f"doc-{i}", events=1, sentences=4, language="en",
                           quality=Quality(0.9, ["glued_words"] if i % 3 == 0 else [])).to_dict()
            for i in range(1, n + 1)]
    docs.append(DocumentRecord(doc_id="doc-bad", status="error",
                               reason="malformed JSON line").to_dict())
    docs.append(DocumentRecord(doc_id="doc-de", status="skipped", reason="not English (de)",
                               language="de").to_dict())
    return events, docs


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def report_file(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("report")
    events, docs = corpus()
    ev_path = write_jsonl(tmp / "events.jsonl", events)
    doc_path = write_jsonl(tmp / "documents.jsonl", docs)
    out = tmp / "report.html"
    assert main(["report", str(ev_path), "--docs", str(doc_path), "-o", str(out)]) == 0
    return out


def test_highlight_uses_offsets_relative_to_the_sentence():
    ev = make_event("d", 0, "CHN", "ASSAULT", "SUN", "1960", offset=500)
    assert [(k, ev["evidence"][s:e]) for s, e, k in spans(ev)] == [
        ("actor", "China"), ("trigger", "attacked"), ("recipient", "the Soviet Union")]
    html = highlight(ev)
    assert '<mark class="hl-actor" title="actor">China</mark>' in html
    assert '<mark class="hl-trigger" title="trigger">attacked</mark>' in html


def test_highlight_nests_spans_inside_a_long_actor_phrase():
    ev = make_event("d", 0, "CHN", "ASSAULT", "SUN", "1960", offset=10)
    sentence = ev["evidence"]
    ev["actor"][0].update(text=sentence[:-1], start=10, end=10 + len(sentence) - 1)
    html = highlight(ev)
    assert html.startswith('<mark class="hl-actor" title="actor">On Monday China '
                           '<mark class="hl-trigger" title="trigger">attacked</mark> '
                           '<mark class="hl-recipient" title="recipient">the Soviet Union</mark>')
    assert html.endswith("capital</mark>.")
    assert html.count("<mark") == html.count("</mark>") == 3


def test_highlight_falls_back_to_text_search_and_escapes():
    ev = make_event("d", 0, "CHN", "ASSAULT", "SUN", "1960")
    ev["evidence"] = "<b>Reportedly</b> " + ev["evidence"]  # offsets no longer line up
    html = highlight(ev)
    assert "&lt;b&gt;Reportedly&lt;/b&gt;" in html and "<b>" not in html
    assert '<mark class="hl-recipient" title="recipient">the Soviet Union</mark>' in html
    ev["actor"][0]["text"] = "Peking"  # neither at its offsets nor anywhere: left unmarked
    assert "hl-actor" not in highlight(ev)
    assert highlight({**ev, "evidence": None}) == ""


def test_report_content(report_file):
    html = report_file.read_text(encoding="utf-8")
    # one file, nothing fetched: no script, stylesheet link, image or remote URL
    assert "<script" not in html and "<link" not in html and "<img" not in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "@import" not in html and "url(" not in html
    # leading dyads, most events first, each with a timeline and a type breakdown
    assert html.index('id="dyad-CHN_SUN"') < html.index('id="dyad-JPN_USA"')
    assert html.count('class="chart timeline"') == 2
    assert html.count('class="chart bars"') >= 2
    # the CHN-SUN break in 1959 is marked as a cooling turning point
    section = html[html.index('id="dyad-CHN_SUN"'):html.index('id="dyad-JPN_USA"')]
    assert "<b>1959</b> cooling" in section
    assert 'class="turning cooling"' in section
    # strongest events: largest |intensity| first, evidence highlighted
    first = section.index("+10.0")
    assert first < section.index("\u22129.0")
    assert '<mark class="hl-trigger" title="trigger">attacked</mark>' in section
    # the undated event is listed, not dropped
    assert "1 undated event, in document order" in section
    # document quality from the document records
    assert "malformed JSON line" in html and "not English (de)" in html
    assert re.search(r"error: 1<", html) and re.search(r"skipped: 1<", html)
    assert "glued_words" in html


def test_report_reads_a_duckdb_store_with_its_documents(tmp_path):
    events, docs = corpus()
    with DuckDBStore(tmp_path / "c.duckdb") as store:
        store.write_events(events)
        store.write_documents(docs)
    html = build_report([], db=[tmp_path / "c.duckdb"], options=ReportOptions(top=1))
    assert html.count('class="chart timeline"') == 1
    assert "malformed JSON line" in html


def test_report_without_documents_or_dyads(tmp_path):
    path = write_jsonl(tmp_path / "e.jsonl", [make_event("d", 0, "CHN", "AID", "SUN", None)])
    html = build_report([path])
    assert "No document records were given" in html
    assert "No dated events" in html  # one undated event: no time axis, but still reported
    assert main(["report", "-o", str(tmp_path / "r.html")]) == 2


CHROME_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium (/usr/bin/chromium) is "
                    "not installed; `make system-deps` installs it")
def test_report_draws_in_chromium_without_network(report_file):
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    profile = tempfile.mkdtemp(prefix="detente-chromium-")
    try:
        with sync_playwright() as p:
            # a fresh profile directory per run (Playwright passes it as --user-data-dir)
            browser = p.chromium.launch_persistent_context(
                profile, executable_path=CHROMIUM, args=CHROME_ARGS,
                viewport={"width": 1200, "height": 900})
            page = browser.new_page()
            page.on("request", lambda r: requests.append(r.url))
            page.goto(report_file.as_uri(), wait_until="load")
            charts = page.evaluate("""() => [...document.querySelectorAll('svg.timeline')]
              .map(s => {
                const box = s.getBoundingClientRect();
                const line = s.querySelector('polyline.series');
                const marks = [...s.querySelectorAll('circle, rect.count')]
                    .filter(e => { const b = e.getBoundingClientRect();
                                   return b.width > 0 && b.height > 0; });
                return {w: box.width, h: box.height, points: line ? line.points.numberOfItems : 0,
                        lineW: line ? line.getBoundingClientRect().width : 0,
                        marks: marks.length, turning: s.querySelectorAll('g.turning').length};
            })""")
            bars = page.evaluate("""() => [...document.querySelectorAll('svg.bars rect.bar')]
                .filter(r => r.getBoundingClientRect().width > 0).length""")
            marks = page.locator("mark.hl-trigger").count()
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
            browser.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert requests == [report_file.as_uri()], requests
    assert len(charts) == 2
    chn_sun = charts[0]
    assert chn_sun["w"] > 300 and chn_sun["h"] > 100
    assert chn_sun["points"] == 16 and chn_sun["lineW"] > 100
    assert chn_sun["marks"] >= 32  # a dot and a count bar per year
    assert chn_sun["turning"] == 1
    assert all(c["points"] >= 2 for c in charts)
    assert bars >= 3 and marks >= 5
