"""Hostile and careless requests to ``detente serve`` (issue 13), on a real server process.

The server must answer every malformed request with a 4xx in its own error format
(``{"error", "message", ...}``), refuse what the CLI refuses, drop connections that never finish
their headers, and bound what one request may cost: a megabyte of text without sentence ends
is answered 503 when its time budget is spent, while other clients keep being served.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import threading
import time

import httpx
import pytest

pytest.importorskip("fastapi", reason="the 'serve' extra (fastapi, uvicorn) is not installed")

from detente.read import normalize_date  # noqa: E402
from detente.serve.process import ServerProcess  # noqa: E402

BUDGET = 4.0
#: detente.serve.http.HEADER_TIMEOUT (not imported, so the module also runs against older code)
HEADER_TIMEOUT = 10.0
SHORT = "Japan protested to China over the incident."


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    log = tmp_path_factory.mktemp("serve") / "server.log"
    with ServerProcess(log_path=log) as srv:
        yield srv


@pytest.fixture()
def budget_server(tmp_path):
    with ServerProcess("--time-budget", str(BUDGET), log_path=tmp_path / "server.log") as srv:
        yield srv


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server.url, timeout=120) as c:
        yield c


def own_format(r: httpx.Response, status: int, error: str) -> dict:
    assert r.status_code == status, r.text[:300]
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert body["error"] == error and isinstance(body["message"], str) and body["message"]
    return body


@pytest.mark.parametrize("content, says", [
    (b'{"text": "Japan \xff\xfe protested."}', "not valid UTF-8"),
    (b'{"text": "x", "n": ' + b"[" * 5000 + b"]" * 5000 + b"}", "nested"),
    (b'{"text": "x", "id": ' + b"7" * 5000 + b"}", "number"),
], ids=["invalid-utf8", "too-deep", "huge-number"])
def test_unreadable_json_bodies_get_422_in_the_service_format(client, content, says):
    for path in ("/v1/code", "/v1/code/batch"):
        r = client.post(path, content=content, headers={"Content-Type": "application/json"})
        body = own_format(r, 422, "invalid_request")
        assert says in body["message"]


@pytest.mark.parametrize("date", ["2004-13", "2004-00", "2004-02-30", "04-05"])
def test_dates_the_cli_rejects_are_rejected(client, date):
    assert normalize_date(date)[1], "the CLI's reader accepts it"
    r = client.post("/v1/code", json={"text": SHORT, "date": date})
    body = own_format(r, 422, "invalid_request")
    assert "date" in body["message"]


@pytest.mark.parametrize("date, kept", [("2004-12", "2004-12"), ("2004", "2004"),
                                        ("2004-05-01T10:30:00Z", "2004-05-01")])
def test_dates_the_cli_accepts_are_accepted(client, date, kept):
    r = client.post("/v1/code", json={"text": SHORT, "date": date})
    assert r.status_code == 200 and r.json()["document"]["date"] == kept


def test_a_lone_surrogate_in_the_text_is_422(client):
    r = client.post("/v1/code", content=b'{"text": "Japan \\ud800 protested."}',
                    headers={"Content-Type": "application/json"})
    assert "lone surrogate" in own_format(r, 422, "invalid_request")["message"]


def test_unknown_paths_and_methods_answer_in_the_service_format(client):
    own_format(client.get("/v1/nothing"), 404, "not_found")
    own_format(client.delete("/v1/code"), 405, "method_not_allowed")


def test_static_page_has_the_security_headers_of_the_root_page(client):
    root = client.get("/")
    for path in ("/static/index.html", "/static/app.js"):
        r = client.get(path)
        assert r.status_code == 200
        for name in ("content-security-policy", "x-content-type-options", "referrer-policy"):
            assert r.headers.get(name) == root.headers[name], (path, name)


def test_a_connection_that_never_finishes_its_headers_is_closed(server):
    with socket.create_connection((server.host, server.port)) as s:
        s.sendall(b"GET /v1/health HTTP/1.1\r\nHost: x\r\n")
        started = time.monotonic()
        closed = False
        while time.monotonic() - started < HEADER_TIMEOUT + 10:
            try:
                s.sendall(b"X-Slow: 1\r\n")
            except OSError:
                closed = True
                break
            s.settimeout(1.0)
            try:
                if s.recv(100) == b"":
                    closed = True
                    break
            except socket.timeout:
                pass
        assert closed, "the slow-header connection was never closed"
        assert time.monotonic() - started < HEADER_TIMEOUT + 5


def _run_on(chars: int) -> str:
    words = ("the delegation of Japan met officials of China and discussed trade while Russia "
             "criticised Ukraine over gas supplies and France offered aid").split()
    out, n = [], 0
    while n < chars:
        w = words[len(out) % len(words)]
        out.append(w)
        n += len(w) + 1
    return " ".join(out)[:chars]


def test_run_on_text_is_stopped_by_the_time_budget_and_others_are_served(budget_server):
    server = budget_server
    text = _run_on(300_000)
    answer: list[httpx.Response] = []
    took: list[float] = []

    def send_long() -> None:
        t0 = time.monotonic()
        answer.append(httpx.post(server.url + "/v1/code", json={"text": text}, timeout=120))
        took.append(time.monotonic() - t0)

    worker = threading.Thread(target=send_long)
    worker.start()
    try:
        time.sleep(1.0)  # the long text is being coded now
        latencies = []
        with httpx.Client(base_url=server.url, timeout=60) as c:
            for _ in range(3):
                t0 = time.monotonic()
                r = c.post("/v1/code", json={"text": SHORT})
                latencies.append(time.monotonic() - t0)
                assert r.status_code == 200 and r.json()["events"]
    finally:
        worker.join()
    body = own_format(answer[0], 503, "time_budget_exceeded")
    assert body["budget_seconds"] == BUDGET
    assert took[0] < BUDGET + 10, took  # screening is not interruptible; parsing is
    assert max(latencies) < BUDGET, latencies
    # the coding thread is free again: a short text is answered at once
    r = httpx.post(server.url + "/v1/code", json={"text": SHORT}, timeout=60)
    assert r.status_code == 200


def test_serve_refuses_a_port_out_of_range_before_loading_the_model():
    t0 = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "detente.cli", "serve", "--port", "99999"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "out of range" in proc.stderr and "loading the model" not in proc.stderr
    assert "Traceback" not in proc.stderr
    assert time.monotonic() - t0 < 30


def test_serve_port_0_prints_the_port_it_listens_on():
    proc = subprocess.Popen([sys.executable, "-m", "detente.cli", "serve", "--port", "0",
                             "--log-level", "warning"], stderr=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL, text=True)
    try:
        line = ""
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and "serving on" not in line:
            line = proc.stderr.readline()
            assert line or proc.poll() is None, "the server exited"
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert m, line
        port = int(m.group(1))
        assert port != 0
        r = httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=30)
        assert r.status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=30)
