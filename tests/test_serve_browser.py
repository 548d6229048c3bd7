"""The web page in a real browser: Debian's chromium driven by Playwright.

Pastes a paragraph, submits it, and checks what a user sees: highlighted actors and triggers
whose text is the text the API returned, one table row per event, and no request leaving
127.0.0.1. Keeps a screenshot in ``artifacts/serve.png`` for a human to look at.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]

PARAGRAPH = ("France accused Germany of violating the treaty on Monday. "
             "Japan and South Korea signed a trade agreement in Tokyo. "
             "The Indian foreign minister met his Pakistani counterpart in Geneva.")

if not os.path.exists(CHROMIUM):
    pytest.skip(f"{CHROMIUM} is absent (apt-get install chromium)", allow_module_level=True)
pytest.importorskip("fastapi", reason="the 'serve' extra (fastapi, uvicorn) is not installed")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

from detente.serve.process import ServerProcess  # noqa: E402


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with ServerProcess(log_path=tmp_path_factory.mktemp("serve") / "server.log") as srv:
        yield srv


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.requests = []  # every URL the page asked for
    pg.errors = []    # uncaught script errors and console errors
    pg.on("request", lambda req: pg.requests.append(req.url))
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    pg.on("console", lambda msg: msg.type == "error" and pg.errors.append(msg.text))
    yield pg
    context.close()


def _only_loopback(urls: list[str]) -> list[str]:
    """The URLs that went anywhere but this machine's server (data: and blob: stay local)."""
    return [u for u in urls
            if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).hostname != "127.0.0.1"]


def test_paste_submit_and_see_highlighted_events(server, page):
    expected = httpx.post(server.url + "/v1/code", json={"text": PARAGRAPH}, timeout=60).json()
    assert expected["events"], "the coder found no event in the test paragraph"

    page.goto(server.url + "/")
    page.fill("#text", PARAGRAPH)
    page.click("#submit")
    page.wait_for_selector("#events tbody tr")

    # one table row per event, in order, with its type and trigger
    rows = page.locator("#events tbody tr")
    assert rows.count() == len(expected["events"])
    for i, event in enumerate(expected["events"]):
        row = rows.nth(i)
        assert event["event_type"] in row.locator("td").nth(1).inner_text()
        assert row.locator(".trigger-cell").inner_text() == event["trigger"]["text"]
        for actor in event["actor"]:
            assert actor["code"] in row.locator("td").nth(3).inner_text()

    # the highlighted spans are exactly the triggers and actors the API returned
    triggers = page.locator("#annotated mark.hl-trigger").all_inner_texts()
    assert sorted(triggers) == sorted({e["trigger"]["text"] for e in expected["events"]})
    actors = set(page.locator("#annotated mark.hl-actor").all_inner_texts())
    assert actors == {a["text"] for e in expected["events"] for a in e["actor"]}
    # the places the API returned are highlighted, and listed in the Place column
    places = set(page.locator("#annotated mark.hl-place").all_inner_texts())
    assert places == {e["location"]["text"] for e in expected["events"] if e["location"]}
    assert {"Tokyo", "Geneva"} <= places
    for i, event in enumerate(expected["events"]):
        if event["location"]:
            assert event["location"]["country"] in rows.nth(i).locator(".place-cell").inner_text()
    # the annotated text is the text that was sent, nothing lost or added
    assert page.locator("#annotated").inner_text() == PARAGRAPH
    assert page.locator("[data-testid=status]").inner_text().lower() == "ok"

    # clicking a row singles out its spans
    rows.nth(0).click()
    focused = page.locator("#annotated mark.on").all_inner_texts()
    assert expected["events"][0]["trigger"]["text"] in focused

    # the dyad chart is drawn when two states meet in an event
    dyad_events = [e for e in expected["events"]
                   if len({a["code"] for a in e["actor"] + e["recipient"]} - {"---"}) >= 2]
    if dyad_events:
        assert page.locator("#chart svg g.dyad").count() >= 1

    ARTIFACTS.mkdir(exist_ok=True)
    rows.nth(0).click()  # unselect before the screenshot
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.mouse.move(0, 0)
    page.screenshot(path=str(ARTIFACTS / "serve.png"), full_page=True)

    assert page.errors == []
    assert page.requests, "the page made no request at all"
    assert _only_loopback(page.requests) == []


def test_skipped_text_shows_status_and_reason(server, page):
    from detente.screen import screen

    german = ("Der Bundeskanzler traf sich gestern mit dem französischen Präsidenten in Berlin. "
              "Die Gespräche dauerten drei Stunden.")
    if screen(german).status != "skipped":
        pytest.skip("screening does not reject non-English text yet")
    page.goto(server.url + "/")
    page.fill("#text", german)
    page.click("#submit")
    page.wait_for_selector("[data-testid=status]")
    assert page.locator("[data-testid=status]").inner_text().lower() == "skipped"
    assert page.locator("[data-testid=reason]").inner_text().strip()
    assert page.locator("#no-events").is_visible()
    assert page.errors == []
    assert _only_loopback(page.requests) == []


SPAMMED = ("Cheap flights to Paris France accused Germany of violating the treaty. cheap flights "
           "to paris Japan and South Korea signed a trade agreement in Tokyo. The Indian minister "
           "Cheap Flights To Paris met his counterpart. Cheap flights to Paris. The talks cheap "
           "flights to paris resumed.")


def test_screening_flags_are_marked_on_the_text(server, page):
    expected = httpx.post(server.url + "/v1/code", json={"text": SPAMMED}, timeout=60).json()
    spans = expected["document"]["quality"]["spans"]
    if not spans:
        pytest.skip("screening found nothing in the spammed text")
    page.goto(server.url + "/")
    page.fill("#text", SPAMMED)
    page.click("#submit")
    page.wait_for_selector("#annotated mark")
    flagged = page.locator("#annotated mark.hl-flag").all_inner_texts()
    # a flag split by an overlapping actor or trigger still shows all of its text
    assert "".join(flagged).replace(" ", "") == "".join(s["text"] for s in spans).replace(" ", "")
    for flag in expected["document"]["quality"]["flags"]:
        assert page.locator(".flag-chip", has_text=flag).count() == 1
    assert page.errors == []


def test_a_text_file_loads_into_the_text_box(server, page, tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("Äthiopien. " + PARAGRAPH + "\n", encoding="utf-8")
    page.goto(server.url + "/")
    page.set_input_files("#file", str(path))
    page.wait_for_function("document.getElementById('text').value.length > 0")
    assert page.input_value("#text") == path.read_text(encoding="utf-8")
    assert page.errors == []


def test_api_docs_page_renders_offline(server, page):
    page.goto(server.url + "/docs")
    page.wait_for_selector("details.endpoint")
    paths = page.locator("details.endpoint .path").all_inner_texts()
    assert {"/v1/code", "/v1/code/batch", "/v1/health", "/v1/ontology"} <= set(paths)
    assert page.errors == []
    assert _only_loopback(page.requests) == []
