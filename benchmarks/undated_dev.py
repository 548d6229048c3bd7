"""Turn ``benchmarks/data/undated_history_dev.txt`` into gold-like passage rows.

    .venv/bin/python benchmarks/undated_dev.py OUT.jsonl [--pieces N]

Our own history passages (not gold, not reserved) for debugging inferred dates without looking
at the check set: each dated sentence gets one required placeholder event with its year, which
is all that ``benchmarks/inferred_dates.py`` reads for "every dated gold event".
``--pieces N`` cuts every passage into pieces of N sentences (paragraph breaks kept inside a
piece), as short as the gold passages: a short piece has fewer anchors to date its sentences by.
"""

from __future__ import annotations

import argparse
import json
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


def pieces(row: dict, n: int) -> list[dict]:
    """``row`` cut into consecutive pieces of ``n`` sentences (the last may be shorter)."""
    paras = row["text"].split("\n\n")
    para_of = []  # the paragraph of each sentence, in order
    left = list(row["sentences"])
    for k, para in enumerate(paras):
        while left and para.startswith(left[0]["text"]):
            para = para[len(left[0]["text"]):].lstrip(" ")
            para_of.append(k)
            left.pop(0)
    out = []
    sents = row["sentences"]
    for start in range(0, len(sents), n):
        chunk = sents[start:start + n]
        text = chunk[0]["text"]
        for j, s in enumerate(chunk[1:], start + 1):
            text += ("\n\n" if para_of[j] != para_of[j - 1] else " ") + s["text"]
        out.append({"id": f"{row['id']}-{start // n + 1}", "text": text, "date": None,
                    "sentences": chunk})
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--pieces", type=int, default=0, help="cut passages into N sentences each")
    args = ap.parse_args()
    out = rows()
    if args.pieces:
        out = [p for r in out for p in pieces(r, args.pieces)]
    Path(args.out).write_text("".join(json.dumps(r) + "\n" for r in out), encoding="utf-8")
