"""Turn ``benchmarks/data/undated_history_dev.txt`` into gold-like passage rows.

    .venv/bin/python benchmarks/undated_dev.py OUT.jsonl

Our own history passages (not gold, not reserved) for debugging inferred dates without looking
at the check set: each dated sentence gets one required placeholder event with its year, which
is all that ``benchmarks/inferred_dates.py`` reads for "every dated gold event".
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

SOURCE = Path(__file__).resolve().parent / "data" / "undated_history_dev.txt"


def rows(path: Path = SOURCE) -> list[dict]:
    out: list[dict] = []
    for block in path.read_text(encoding="utf-8").split("\n== ")[1:]:
        head, _, body = block.partition("\n")
        paragraphs, sentences = [], []
        for para in body.strip().split("\n\n"):
            texts = []
            for line in para.strip().splitlines():
                year, _, sent = line.partition("|")
                texts.append(sent)
                events = [{"actor": ["---"], "recipient": ["---"], "types": ["CONSULT"],
                           "required": True, "date": year}] if year else []
                sentences.append({"text": sent, "events": events})
            paragraphs.append(" ".join(texts))
        out.append({"id": head.strip(), "text": "\n\n".join(paragraphs), "date": None,
                    "sentences": sentences})
    return out


if __name__ == "__main__":
    Path(sys.argv[1]).write_text("".join(json.dumps(r) + "\n" for r in rows()), encoding="utf-8")
