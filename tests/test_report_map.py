"""The report's map of where the leading dyads' events happened: real coded sentences, the HTML,
and a real headless Chromium (no network, no script)."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from detente.report import build_report
from detente.report.svg import QUAD_COLOURS

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROME_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
STORIES = [
    ("2004-08-10", "BAGHDAD, Iraq (Reuters) - US warplanes shelled Najaf on Tuesday, killing 12 "
                   "people. US troops battled militiamen in Falluja."),
    ("2004-08-11", "Israeli troops killed three Palestinians in the Gaza Strip on Wednesday. "
                   "Israeli forces raided a house in Nablus."),
    ("2004-08-12", "Russian President Vladimir Putin met German Chancellor Gerhard Schroeder in "
                   "Berlin on Thursday."),
    ("2004-09-13", "US forces attacked insurgents in Iraq on Monday, the military said."),
    ("2004-09-14", "Moscow condemned the attack on Tuesday."),
]


@pytest.fixture(scope="module")
def events_file(tmp_path_factory):
    from detente.coder import Coder

    coder = Coder()
    path = tmp_path_factory.mktemp("map") / "events.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i, (date, text) in enumerate(STORIES):
            for e in coder.code(text, date=date, doc_id=f"d{i}").events:
                fh.write(json.dumps(e.to_dict()) + "\n")
    return path


def test_map_draws_located_events_by_quad_class(events_file):
    events = [json.loads(ln) for ln in events_file.read_text().splitlines()]
    html = build_report([events_file])
    section = re.search(r'<section id="map">.*?</section>', html, re.S).group(0)
    dots = re.findall(r'<circle class="ev-point( ev-country)?" data-quad="(\d)"', section)
    placed_cities = {(e["location"]["lat"], e["location"]["lon"]) for e in events
                     if e["location"] and e["location"]["lat"] is not None}
    assert sum(1 for ring, _ in dots if not ring) >= len(placed_cities) >= 4
    assert any(ring for ring, _ in dots)  # "in Iraq", "in the Gaza Strip": country rings
    assert QUAD_COLOURS[4] in section and "<script" not in html
    unlocated = sum(1 for e in events if not e["location"])
    assert unlocated >= 1  # "Moscow condemned": no place, not drawn


def test_report_without_places_has_no_map(tmp_path, events_file):
    events = [json.loads(ln) for ln in events_file.read_text().splitlines()]
    for e in events:
        e["location"] = None
    path = tmp_path / "noplace.jsonl"
    path.write_text("".join(json.dumps(e) + "\n" for e in events))
    assert '<section id="map">' not in build_report([path])


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium (/usr/bin/chromium) is "
                    "not installed; `make system-deps` installs it")
def test_map_renders_in_chromium_without_network(tmp_path, events_file):
    from playwright.sync_api import sync_playwright

    report = tmp_path / "report.html"
    report.write_text(build_report([events_file]), encoding="utf-8")
    requests: list[str] = []
    profile = tempfile.mkdtemp(prefix="detente-chromium-")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch_persistent_context(
                profile, executable_path=CHROMIUM, args=CHROME_ARGS,
                viewport={"width": 1200, "height": 900})
            page = browser.new_page()
            page.on("request", lambda r: requests.append(r.url))
            page.goto(report.as_uri(), wait_until="load")
            info = page.evaluate("""() => {
                const s = document.querySelector('svg.world-map');
                const box = s.getBoundingClientRect();
                const pts = [...s.querySelectorAll('circle.ev-point')].map(c => {
                    const b = c.getBoundingClientRect();
                    return {w: b.width, x: b.x - box.x, y: b.y - box.y,
                            fill: getComputedStyle(c).fill};
                });
                const land = s.querySelector('path.land').getBoundingClientRect();
                return {w: box.width, h: box.height, pts, landW: land.width};
            }""")
            ARTIFACTS.mkdir(exist_ok=True)
            page.locator("#map").screenshot(path=str(ARTIFACTS / "report_map.png"))
            browser.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert requests == [report.as_uri()], requests
    assert info["w"] > 600 and 0.3 < info["h"] / info["w"] < 0.5
    assert info["landW"] > 0.8 * info["w"]  # the populated world spans the map
    assert info["pts"] and all(p["w"] > 4 for p in info["pts"])
    # every point inside the map, east of Greenwich and north of the equator (Middle East,
    # Europe)
    for p in info["pts"]:
        assert info["w"] / 2 < p["x"] < info["w"] and 0 < p["y"] < info["h"] / 2
