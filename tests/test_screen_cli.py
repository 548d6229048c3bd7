"""``detente screen``: the readable report and JSON lines, through the real command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import corrupt as c

PHRASE = "trade sanctions imposed by the ruler of Japan"


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "detente.cli", "screen", *args],
                          capture_output=True, text=True, timeout=120)


def _inputs(tmp_path: Path) -> list[str]:
    damaged = tmp_path / "doorway.txt"
    damaged.write_text(c.combine(c.JAPAN_USSR, PHRASE).text, encoding="utf-8")
    clean = tmp_path / "clean.txt"
    clean.write_text(c.INDIA_PAKISTAN, encoding="utf-8")
    french = tmp_path / "french.txt"
    french.write_text("Le Japon et l'Union soviétique ont signé une déclaration commune qui a mis "
                      "fin à l'état de guerre entre les deux pays.", encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text("<nav>Home | News | World | Asia</nav><p>Share this article</p>"
                    "<p>Japan and the Soviet Union signed a declaration.</p>", encoding="utf-8")
    records = tmp_path / "records.jsonl"
    records.write_text(json.dumps({"id": "n1", "text": c.NEWS_2004}) + "\n{not json\n",
                       encoding="utf-8")
    return [str(damaged), str(clean), str(french), str(page), str(records)]


def test_json_lines_report_each_record(tmp_path):
    proc = _run("--json", *_inputs(tmp_path))
    assert proc.returncode == 1, proc.stderr  # the malformed JSON line is an error record
    reps = [json.loads(line) for line in proc.stdout.splitlines()]
    by_id = {r["doc_id"]: r for r in reps}
    assert len(reps) == 6
    doorway = by_id["doorway"]
    assert {"injected_phrase", "missing_number", "glued_words"} <= set(doorway["quality"]["flags"])
    assert doorway["quality"]["score"] < 0.5
    assert doorway["phrases"][0]["phrase"].lower() == PHRASE.lower()
    text = Path(tmp_path / "doorway.txt").read_text(encoding="utf-8")
    for sp in doorway["quality"]["spans"]:
        assert text[sp["start"]:sp["end"]] == sp["text"]
    assert by_id["clean"]["quality"]["flags"] == [] and by_id["clean"]["quality"]["score"] == 1.0
    assert by_id["french"]["status"] == "skipped" and by_id["french"]["language"] == "fr"
    assert by_id["page"]["quality"]["flags"] == ["boilerplate"]
    assert by_id["n1"]["status"] == "ok"
    errors = [r for r in reps if r["status"] == "error"]
    assert len(errors) == 1 and errors[0]["reason"]


def test_lang_any_screens_non_english_as_ok(tmp_path):
    proc = _run("--json", "--lang", "any", _inputs(tmp_path)[2])
    rep = json.loads(proc.stdout)
    assert proc.returncode == 0 and rep["status"] == "ok" and "language" in rep["quality"]["flags"]


def test_readable_report(tmp_path):
    proc = _run(*_inputs(tmp_path)[:4])
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "doorway" in out and "injected_phrase" in out and "missing_number" in out
    assert "no damage found" in out  # the clean history
    assert "skipped" in out and "boilerplate" in out
