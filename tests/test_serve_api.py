"""The HTTP API, tested against a real ``detente serve`` process on loopback.

One server (one model load) serves the whole module. Requests go through httpx over a real
socket, so uvicorn's parser, the body-size middleware and the thread pool are all exercised as
users meet them.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

pytest.importorskip("fastapi", reason="the 'serve' extra (fastapi, uvicorn) is not installed")
pytest.importorskip("uvicorn", reason="the 'serve' extra (fastapi, uvicorn) is not installed")

from detente.records import OK, SKIPPED, Document  # noqa: E402
from detente.screen import screen  # noqa: E402
from detente.serve.process import ServerProcess  # noqa: E402
from detente.serve.runner import BatchRunner, ThreadRunner  # noqa: E402

ENGLISH = ("France accused Germany of violating the treaty on Monday. "
           "Japan and South Korea signed a trade agreement in Tokyo.")
GERMAN = "Der Bundeskanzler traf sich gestern mit dem französischen Präsidenten in Berlin."
GERMAN_LONGER = GERMAN + " Die Gespräche dauerten drei Stunden."
PARAGRAPHS = [
    "The Indian foreign minister met his Pakistani counterpart in Geneva on Tuesday.",
    "Russia threatened to cut gas supplies to Ukraine if the debt was not paid.",
    "China condemned the military exercises held by the United States near Taiwan.",
    "Egypt offered to mediate between Israel and Hamas after the rocket attacks.",
    "The European Union imposed new sanctions on Iran over its nuclear programme.",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    log = tmp_path_factory.mktemp("serve") / "server.log"
    with ServerProcess(log_path=log) as srv:
        yield srv


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server.url, timeout=120) as c:
        yield c


def _check_offsets(text: str, result: dict) -> None:
    """Every span the API returns must point at its own text inside what we sent."""
    for event in result["events"]:
        trig = event["trigger"]
        assert text[trig["start"]:trig["end"]] == trig["text"], event
        for ent in event["actor"] + event["recipient"]:
            assert text[ent["start"]:ent["end"]] == ent["text"], ent
    for span in result["document"]["quality"]["spans"]:
        assert text[span["start"]:span["end"]] == span["text"], span


def test_health(client):
    r = client.get("/v1/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["model_loaded"] is True
    assert body["workers"] >= 1 and body["max_batch"] == 100


def test_code_returns_document_and_events_with_offsets_into_the_text(client):
    r = client.post("/v1/code", json={"text": ENGLISH, "date": "2021-03-01", "id": "fr-de"})
    assert r.status_code == 200, r.text
    result = r.json()
    assert set(result) == {"document", "events"}
    doc = result["document"]
    assert doc["doc_id"] == "fr-de" and doc["status"] == "ok"
    assert doc["events"] == len(result["events"]) >= 1
    assert {e["event_type"] for e in result["events"]} & {"ACCUSE", "AGREE", "SUPPORT",
                                                          "COOPERATE"}
    assert all(e["doc_id"] == "fr-de" for e in result["events"])
    _check_offsets(ENGLISH, result)


def test_offsets_count_code_points_not_bytes(client):
    """Text after non-ASCII and astral characters (emoji) still gets exact offsets."""
    text = "🌍 Überblick — " + ENGLISH
    result = client.post("/v1/code", json={"text": text}).json()
    assert result["document"]["doc_id"] == "doc-1"
    assert result["events"], result["document"]
    _check_offsets(text, result)


def test_batch_keeps_order_and_ids(client):
    docs = [{"text": t} for t in PARAGRAPHS] + [{"text": ENGLISH, "id": "mine"}]
    r = client.post("/v1/code/batch", json={"documents": docs})
    assert r.status_code == 200, r.text
    results = r.json()["results"]
    assert [x["document"]["doc_id"] for x in results] == [
        "doc-1", "doc-2", "doc-3", "doc-4", "doc-5", "mine"]
    for sent, got in zip(docs, results):
        _check_offsets(sent["text"], got)
    # a batch gives the same answers as one request per text
    single = client.post("/v1/code", json={"text": ENGLISH, "id": "mine"}).json()
    assert single == results[-1]


def test_batch_over_the_limit_is_refused(client):
    r = client.post("/v1/code/batch", json={"documents": [{"text": "x"}] * 101})
    assert r.status_code == 422
    assert "100" in r.json()["message"]
    assert client.post("/v1/code/batch", json={"documents": []}).status_code == 422


def test_ontology_lists_the_16_plover_types(client):
    r = client.get("/v1/ontology")
    assert r.status_code == 200, r.text
    types = r.json()["event_types"]
    assert len(types) == 16
    assert {"AGREE", "CONSULT", "ACCUSE", "ASSAULT", "SANCTION", "PROTEST"} <= set(types)
    for name, t in types.items():
        assert t["quad_class"] in (1, 2, 3, 4), name
        assert isinstance(t["modes"], dict), name
    assert types["ASSAULT"]["intensity"] < 0 < types["AID"]["intensity"]


def test_body_over_1mb_gets_413_with_a_json_message(client):
    big = json.dumps({"text": "a" * 1_100_000})
    r = client.post("/v1/code", content=big, headers={"Content-Type": "application/json"})
    assert r.status_code == 413
    body = r.json()
    assert body["error"] == "payload_too_large" and body["limit"] == 1_048_576
    assert "limit" in body["detail"]


def test_streamed_body_without_content_length_is_counted(server):
    """A chunked upload announces no size: the limit must hold on the bytes that arrive."""

    def chunks():
        yield b'{"text": "'
        for _ in range(20):
            yield b"b" * 60_000
        yield b'"}'

    with httpx.Client(base_url=server.url, timeout=60) as c:
        r = c.post("/v1/code", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413
    assert r.json()["error"] == "payload_too_large"


def test_body_just_under_the_limit_passes_the_limit(client):
    """A body of 1,000,000 bytes is within the limit: it reaches validation (here: 422 for an
    unknown field), not the 413 of the size check."""
    body = json.dumps({"text": "x", "padding": ""})
    body = body.replace('""', '"' + "p" * (1_000_000 - len(body)) + '"')
    assert len(body.encode()) == 1_000_000
    r = client.post("/v1/code", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 422, r.text[:300]
    assert "padding" in r.json()["message"]


@pytest.mark.parametrize("content, where", [
    (b'{"text": "France accused', "JSON"),                   # truncated JSON
    (b'{"date": "2020-01-01"}', "text"),                      # text missing
    (b'{"text": 5}', "text"),                                 # wrong type
    (b'{"text": "x", "date": "last Tuesday"}', "date"),       # not an ISO date
    (b'{"text": "x", "date": "2021-02-30"}', "date"),         # no such day
    (b'{"text": "x", "lang": "de"}', "lang"),                 # unknown field
    (b'["France accused Germany."]', "object"),               # not an object
])
def test_invalid_requests_get_422_with_a_message(client, content, where):
    r = client.post("/v1/code", content=content, headers={"Content-Type": "application/json"})
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["error"] == "invalid_request"
    assert where.lower() in (body["message"] + json.dumps(body["detail"])).lower()
    assert "France accused" not in json.dumps(body["detail"])  # the input is not echoed


@pytest.mark.parametrize("text", [GERMAN, GERMAN_LONGER], ids=["one-sentence", "two-sentences"])
def test_non_english_text_gets_200_with_the_screening_verdict(client, text):
    """Screening decides what is not English; the API must pass its verdict on unchanged."""
    verdict = screen(text)
    r = client.post("/v1/code", json={"text": text, "id": "de"})
    assert r.status_code == 200
    doc = r.json()["document"]
    assert (doc["status"], doc["reason"], doc["language"]) == (
        verdict.status, verdict.reason, verdict.language)
    if verdict.status == OK:
        pytest.skip(f"screening lets this German text through as {verdict.language!r}: only "
                    "the pass-through of its verdict is checked")
    assert doc["status"] == SKIPPED and doc["reason"]
    assert doc["language"] == "de"
    assert r.json()["events"] == []


def _parallel_equals_sequential(url: str) -> None:
    """20 requests at once all succeed, each with the answer it gets when sent alone."""
    texts = [PARAGRAPHS[i % len(PARAGRAPHS)] + f" Talks resumed on day {i}." for i in range(20)]
    with httpx.Client(base_url=url, timeout=120) as c:
        expected = [c.post("/v1/code", json={"text": t, "id": f"p{i}"}).json()
                    for i, t in enumerate(texts)]

    def post(i: int) -> httpx.Response:
        with httpx.Client(base_url=url, timeout=120) as c:
            return c.post("/v1/code", json={"text": texts[i], "id": f"p{i}"})

    with ThreadPoolExecutor(20) as pool:
        responses = list(pool.map(post, range(20)))
    assert [r.status_code for r in responses] == [200] * 20
    assert [r.json() for r in responses] == expected
    assert sum(len(r.json()["events"]) for r in responses) > 0


def test_twenty_parallel_requests_all_succeed_with_the_sequential_answers(server):
    _parallel_equals_sequential(server.url)  # the default runner: batching threads


FENWICK = "Grand Fenwick accused Germany of violating the treaty."
DICTIONARY = "actors:\n  - names: [Grand Fenwick]\n    code: GBR\n    sector: GOV\n"


def test_thread_runner_user_dictionary_and_any_language(tmp_path, client):
    """The other runner, started with a user dictionary that the coder must use, and --lang any
    (which codes what screening judges not English instead of skipping it)."""
    dictionary = tmp_path / "fenwick.yaml"
    dictionary.write_text(DICTIONARY, encoding="utf-8")
    plain = client.post("/v1/code", json={"text": FENWICK}).json()
    assert "GBR" not in {a["code"] for e in plain["events"] for a in e["actor"]}
    with ServerProcess("--runner", "threads", "--workers", "3", "--dictionary", str(dictionary),
                       "--lang", "any", log_path=tmp_path / "threads.log") as srv:
        health = httpx.get(srv.url + "/v1/health").json()
        assert (health["runner"], health["workers"], health["lang"]) == ("threads", 3, "any")
        assert health["dictionaries"] == [str(dictionary)]
        german = httpx.post(srv.url + "/v1/code", json={"text": GERMAN_LONGER}).json()
        assert german["document"]["status"] == OK
        result = httpx.post(srv.url + "/v1/code", json={"text": FENWICK}).json()
        assert "GBR" in {a["code"] for e in result["events"] for a in e["actor"]}
        _parallel_equals_sequential(srv.url)


def test_cli_reports_a_broken_dictionary_in_one_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("actors:\n  - nmes: [Grand Fenwick]\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "detente.cli", "serve", "--port", "0",
                           "--dictionary", str(bad)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "cannot load the coder" in proc.stderr and "bad.yaml" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_health_answers_while_a_batch_is_being_coded(client, server):
    """Coding runs off the event loop: /v1/health answers while a batch is in flight."""
    docs = [{"text": " ".join(PARAGRAPHS), "id": f"b{i}"} for i in range(100)]
    done = threading.Event()
    status: list[int] = []

    def big_batch() -> None:
        with httpx.Client(base_url=server.url, timeout=300) as c:
            status.append(c.post("/v1/code/batch", json={"documents": docs}).status_code)
        done.set()

    coded_before = client.get("/v1/health").json()["documents_coded"]
    worker = threading.Thread(target=big_batch)
    worker.start()
    try:
        seen_in_flight = 0
        while not done.is_set() and not seen_in_flight:
            health = client.get("/v1/health")
            assert health.status_code == 200
            seen_in_flight = health.json()["documents_in_flight"]
        assert seen_in_flight == 100, "health never answered while the batch was coded"
    finally:
        worker.join()
    assert status == [200]
    after = client.get("/v1/health").json()
    assert after["documents_in_flight"] == 0
    assert after["documents_coded"] == coded_before + 100


def test_page_and_assets_are_served_with_no_external_reference(client):
    r = client.get("/")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', r.text)
    assert {"/static/app.js", "/static/style.css"} <= set(assets)
    docs = client.get("/docs")
    assert docs.status_code == 200
    assets += re.findall(r'(?:src|href)="(/static/[^"]+)"', docs.text)
    for path in set(assets):
        asset = client.get(path)
        assert asset.status_code == 200, path
        urls = re.findall(r"https?://[^\s\"')]+", asset.text)
        assert [u for u in urls if u != "http://www.w3.org/2000/svg"] == [], path
    spec = client.get("/openapi.json").json()
    assert {"/v1/code", "/v1/code/batch", "/v1/health", "/v1/ontology"} <= set(spec["paths"])


def test_cli_refuses_a_missing_dictionary_file(tmp_path):
    missing = tmp_path / "nope.yaml"
    proc = subprocess.run([sys.executable, "-m", "detente.cli", "serve", "--dictionary",
                           str(missing)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "nope.yaml" in proc.stderr


def test_cli_refuses_a_port_in_use_before_loading_the_model(server):
    proc = subprocess.run([sys.executable, "-m", "detente.cli", "serve", "--port",
                           str(server.port)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "in use" in proc.stderr


class _BrokenCoder:
    """A coder with a bug: the real one cannot be made to fail on purpose."""

    def pipe(self, docs, batch_size=64):
        raise RuntimeError("boom")


@pytest.mark.parametrize("make", [lambda c: ThreadRunner(c, 1), BatchRunner])
def test_a_coder_failure_becomes_an_error_record_per_document(make):
    runner = make(_BrokenCoder())

    async def go():
        await runner.start()
        try:
            return await runner.code_many([Document("a", "x", date="2020"), Document("b", "y")])
        finally:
            await runner.close()

    results = asyncio.run(go())
    assert [r.document.doc_id for r in results] == ["a", "b"]
    assert all(r.document.status == "error" and "boom" in r.document.reason for r in results)
    assert results[0].document.date == "2020" and results[0].events == []


def test_the_documented_example_has_the_shape_of_a_real_answer(client):
    """The example on /docs must not drift from what the API returns."""
    spec = client.get("/openapi.json").json()
    request = spec["components"]["schemas"]["CodeRequest"]["examples"][0]
    documented = (spec["paths"]["/v1/code"]["post"]["responses"]["200"]["content"]
                  ["application/json"]["example"])
    real = client.post("/v1/code", json=request).json()
    assert set(real) == set(documented)
    assert set(real["document"]) == set(documented["document"])
    assert real["events"], "the documented example request gives no event any more"
    assert set(real["events"][0]) == set(documented["events"][0])
    assert real["events"][0]["event_type"] == documented["events"][0]["event_type"]
