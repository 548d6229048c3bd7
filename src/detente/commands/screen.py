"""``detente screen``: report damage and noise in texts without coding them.

For each input record: the quality score, the flags, the injected phrases found (with why), and
a few spans of each kind, quoted from the original text with their offsets. ``--json`` prints
one JSON object per record instead (``doc_id``, ``status``, ``reason``, ``language``,
``quality`` as in the document record, ``phrases``), for scripts. Records that cannot be read
are reported with status error; the exit code is 1 when any record had status error.

``--corpus`` judges the inputs as one crawl first (:mod:`detente.screen.crawl`): it reports the
phrases flagged in several documents, junk or kept, with the documents they were flagged in and
found in (with ``--json``, one first line ``{"corpus": {...}}``), then screens every document
with the junk phrases masked. It reads the input twice, so it needs files, not stdin.
"""

from __future__ import annotations

import argparse
import json
import sys

from detente.records import ERROR, OK, SKIPPED, Document
from detente.screen import KINDS, screen

#: spans shown per kind in the readable report
SHOW_SPANS = 3


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="files, directories, globs, or - for stdin (.txt .html .jsonl .csv "
                             ".parquet, optionally .gz)")
    parser.add_argument("--json", action="store_true",
                        help="one JSON object per document instead of the readable report")
    parser.add_argument("--corpus", action="store_true",
                        help="judge the inputs as one crawl: report the phrases injected across "
                             "many documents (and then screen each document with them masked)")
    parser.add_argument("--lang", choices=("en", "any"), default="en",
                        help="en: mark documents that are not English as skipped (default); "
                             "any: screen them as if they were to be coded")


def screen_document(doc: Document, lang: str = "en", known=None) -> dict:
    """The screen report of one document, as a JSON-ready dict."""
    if doc.error:
        return {"doc_id": doc.id, "status": ERROR, "reason": doc.error, "language": None,
                "quality": None, "phrases": []}
    try:
        s = screen(doc.text or "", fmt=doc.format, lang=lang, known=known)
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop the report
        return {"doc_id": doc.id, "status": ERROR, "reason": f"{type(exc).__name__}: {exc}",
                "language": None, "quality": None, "phrases": []}
    status, reason = s.status, s.reason
    if status == OK and not (doc.text or "").strip():
        status, reason = SKIPPED, "empty text"
    return {"doc_id": doc.id, "status": status, "reason": reason, "language": s.language,
            "quality": s.quality.to_dict(),
            "phrases": [{"phrase": p, "why": why} for p, why in s.phrases]}


def _print_report(console, rep: dict) -> None:
    from rich.markup import escape

    q = rep["quality"]
    if q is None:
        console.print(f"[bold]{escape(rep['doc_id'])}[/]  [red]error[/]: {escape(rep['reason'] or '')}")
        return
    score = q["score"]
    colour = "green" if score >= 0.8 else "yellow" if score >= 0.5 else "red"
    head = f"[bold]{escape(rep['doc_id'])}[/]  score [{colour}]{score:.2f}[/]  language {rep['language']}"
    if rep["status"] != OK:
        head += f"  [yellow]{rep['status']}[/]: {escape(rep['reason'] or '')}"
    console.print(head)
    if not q["flags"]:
        console.print("  no damage found")
    for kind in KINDS:
        spans = [s for s in q["spans"] if s["kind"] == kind]
        if not spans:
            continue
        shown = ", ".join(f"{s['start']}-{s['end']} {escape(repr(s['text'][:60]))}"
                          for s in spans[:SHOW_SPANS])
        more = f" (+{len(spans) - SHOW_SPANS} more)" if len(spans) > SHOW_SPANS else ""
        console.print(f"  {kind:16s} x{len(spans):<3d} {shown}{more}")
    for p in rep["phrases"]:
        console.print(f"  injected phrase {escape(repr(p['phrase']))}: {escape('; '.join(p['why']))}")


def _corpus_report(args: argparse.Namespace, console) -> "object":
    """The crawl pass: print the phrases judged across all inputs; return the junk ones."""
    from detente.read import read_documents
    from detente.screen.crawl import KnownPhrases, scan_documents

    scan = scan_documents(read_documents(args.paths))
    judged = scan.judged()
    if args.json:
        sys.stdout.write(json.dumps({"corpus": {
            "documents": scan.docs,
            "phrases": [{"phrase": p.phrase, "junk": p.junk, "flagged_docs": p.flagged_docs,
                         "docs": p.docs} for p in judged]}}, ensure_ascii=False) + "\n")
    else:
        from rich.markup import escape

        junk = [p for p in judged if p.junk]
        console.print(f"[bold]crawl[/]  {scan.docs:,} documents, {len(junk)} junk phrase"
                      f"{'' if len(junk) == 1 else 's'} (flagged in / found in documents)")
        for p in judged:
            mark = "junk" if p.junk else "kept"
            console.print(f"  {mark}  {p.flagged_docs:>4d} / {p.docs:<5d} {escape(repr(p.phrase))}")
    return KnownPhrases.from_strings(p.phrase for p in judged if p.junk)


def run(args: argparse.Namespace) -> int:
    from detente.read import read_documents

    errors = 0
    console = None
    if not args.json:
        from rich.console import Console

        console = Console(highlight=False, soft_wrap=True)
    known = None
    if getattr(args, "corpus", False):
        if any(p == "-" for p in args.paths):
            print("detente screen: --corpus reads the input twice: give files, not stdin",
                  file=sys.stderr)
            return 2
        known = _corpus_report(args, console)
    for doc in read_documents(args.paths):
        rep = screen_document(doc, lang=args.lang, known=known)
        if rep["status"] == ERROR:
            errors += 1
        if args.json:
            sys.stdout.write(json.dumps(rep, ensure_ascii=False) + "\n")
        else:
            _print_report(console, rep)
    return 1 if errors else 0
