"""Gold-like passages from any dated history text: its own explicit years are the truth.

    .venv/bin/python benchmarks/explicit_gold.py OUT.jsonl FILE [FILE ...] [--max-chars N]

For measuring inferred dates (``benchmarks/inferred_dates.py OUT.jsonl``) on text nobody wrote
for detente: encyclopedia pages on relations no gold set uses, for instance. Each file is plain
text or Markdown (paragraphs separated by blank lines; headings, picture names and citation
marks such as "[12]" are dropped). Consecutive paragraphs are joined into passages of about the
gold passages' length (up to ``--max-chars``, 1,500 by default, a paragraph never cut). The
intact passage is read by the date resolver, and every sentence that names exactly one year in
its own words (not a decade, not a date carried from an earlier sentence) gets one required
placeholder event with that year: what ``inferred_dates.py`` reads for "every dated gold event".
Passages with fewer than two such sentences are left out. Nothing is shipped or kept: write OUT
outside the repository when the source text is someone else's.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from detente import Coder
from detente.records import Document

_CITATION = re.compile(r"\s*\[(?:\d+|citation needed|note \d+)\]")
_PICTURE = re.compile(r"^\S+\.(?:jpg|jpeg|png|svg|gif|tif)\b[^.]*?\]\]\s*|^\S+\.(?:jpg|jpeg|png|svg|gif)\s+",
                      re.IGNORECASE)


def paragraphs(text: str) -> list[str]:
    """Prose paragraphs of a page: headings (no closing stop), pictures and lists dropped."""
    out = []
    for para in re.split(r"\n\s*\n", text):
        para = " ".join(para.split())
        para = _PICTURE.sub("", _CITATION.sub("", para)).strip()
        if len(para) < 80 or not para.endswith((".", '."', ".”")) or para.startswith(("*", "-", "|")):
            continue
        out.append(para)
    return out


def passages(paras: list[str], max_chars: int) -> list[str]:
    """Consecutive paragraphs joined while the passage stays under ``max_chars``."""
    out: list[str] = []
    cur: list[str] = []
    for p in paras:
        if cur and sum(len(x) + 2 for x in cur) + len(p) > max_chars:
            out.append("\n\n".join(cur))
            cur = []
        cur.append(p)
    if cur:
        out.append("\n\n".join(cur))
    return out


def label(coder: Coder, pid: str, text: str) -> dict | None:
    """A gold-like row for ``text``: each sentence with its one explicit year, if any."""
    job = coder._prepare(Document(id=pid, text=text))
    if job.failed or job.screened is None:
        return None
    sentences, dated = [], 0
    for (s, e), sd in zip(job.sentences, job.dates):
        a, b = job.screened.offsets.span(s, e)
        years = {m.date[:4] for m in sd.mentions
                 if m.date and m.source == "sentence" and m.precision != "decade"}
        decades = any(m.precision == "decade" for m in sd.mentions)
        events = []
        if len(years) == 1 and not decades:
            events = [{"actor": ["---"], "recipient": ["---"], "types": ["CONSULT"],
                       "required": True, "date": years.pop()}]
            dated += 1
        sentences.append({"text": text[a:b], "events": events})
    if dated < 2:
        return None
    return {"id": pid, "text": text, "date": None, "sentences": sentences}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("files", nargs="+")
    ap.add_argument("--max-chars", type=int, default=1500)
    args = ap.parse_args(argv)
    coder = Coder(infer_dates=False)
    rows = []
    for f in args.files:
        stem = re.sub(r"\W+", "-", Path(f).stem).strip("-").lower()
        for k, text in enumerate(passages(paragraphs(Path(f).read_text(encoding="utf-8")),
                                          args.max_chars)):
            row = label(coder, f"{stem}-{k + 1}", text)
            if row is not None:
                rows.append(row)
    Path(args.out).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} passages, {sum(len(r['sentences']) for r in rows)} sentences, "
          f"{sum(bool(s['events']) for r in rows for s in r['sentences'])} dated", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
