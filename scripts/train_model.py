"""Rebuild detente's event-type model from the silver data in the repository (`make train`).

    python scripts/train_model.py [--silver data/silver] [--out src/detente/events/data/model]

1. Reads the silver sentences (``data/silver/*.silver.jsonl``, gold single-sentence format plus
   ``item`` and a ``trigger`` on each event) and splits them by news item (a hash of the item
   id: about 20% of the items are held out), so that no item has sentences on both sides.
2. Writes spaCy corpora: one ``Doc`` per sentence with ``cats`` = the 16 PLOVER types and
   ``EVENT``: 1 for the types of the required events, 0 for everything else (spaCy's
   multilabel classifier takes 0 or 1 only; optional events are the annotators' borderline
   cases, so the model is taught to propose what a coder must find).
3. Trains ``training/textcat.cfg`` with ``spacy train`` on CPU (the held-out items are its
   dev set) and copies the best model into the package.
4. Counts, on the training items only, which words the annotators marked as triggers of each
   type (``triggers.tsv``): the coder uses it to place a type the model proposes on a word
   of the sentence, whose roles then come from the parse.
5. Scores the model on the held-out items and writes ``heldout.json`` beside it.

Refuses to train on any item listed in ``../shared/corpus/reserved_ids.txt`` (when that file is
there): those texts are evaluation data.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "REQUEST", "COOPERATE", "AID", "RETREAT",
         "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
LABELS = TYPES + ("EVENT",)
#: share of items held out, in percent
HELDOUT = 20


def held_out(item: str) -> bool:
    return int(hashlib.sha1(item.encode()).hexdigest(), 16) % 100 < HELDOUT


def read_silver(folder: Path) -> list[dict]:
    rows = []
    for path in sorted(folder.glob("*.silver.jsonl")):
        with path.open(encoding="utf-8") as fh:
            rows.extend(json.loads(line) for line in fh if line.strip())
    return rows


def check_not_reserved(rows: list[dict]) -> None:
    reserved = ROOT.parent / "shared" / "corpus" / "reserved_ids.txt"
    if not reserved.is_file():
        return
    ids = set(reserved.read_text().split())
    bad = sorted({r["item"] for r in rows} & ids)
    if bad:
        sys.exit(f"silver data holds reserved evaluation items: {', '.join(bad[:10])}")


def cats(row: dict) -> dict[str, float]:
    out = dict.fromkeys(LABELS, 0.0)
    for ev in row["events"]:
        if ev.get("required", True):
            for t in ev["types"]:
                out[t] = 1.0
            out["EVENT"] = 1.0
    return out


def write_corpus(rows: list[dict], path: Path) -> None:
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    db = DocBin()
    for row in rows:
        doc = nlp.make_doc(row["text"])
        doc.cats = cats(row)
        db.add(doc)
    db.to_disk(path)


def trigger_table(rows: list[dict]) -> list[tuple[str, str, int, int]]:
    """(lemma, type, times marked as a trigger of that type, sentences holding the lemma)."""
    from detente.parse import load_model

    nlp = load_model(ner=False)
    marked: Counter = Counter()
    seen: Counter = Counter()
    for row, doc in zip(rows, nlp.pipe((r["text"] for r in rows), batch_size=256)):
        seen.update({t.lemma_.lower() for t in doc if t.pos_ in ("VERB", "NOUN")})
        for ev in row["events"]:
            trig = ev.get("trigger") or ""
            at = row["text"].find(trig) if trig else -1
            if at < 0:
                continue
            span = doc.char_span(at, at + len(trig), alignment_mode="expand")
            if span is None:
                continue
            heads = [t for t in span if t.pos_ in ("VERB", "NOUN")] or [span.root]
            head = span.root if span.root in heads else heads[0]
            for t in ev["types"]:
                marked[(head.lemma_.lower(), t)] += 1
    return sorted(((lemma, t, n, seen[lemma]) for (lemma, t), n in marked.items()),
                  key=lambda r: (r[1], -r[2], r[0]))


def _forget_paths(cfg: Path) -> None:
    """The saved config names the temporary corpora it was trained on; they are gone."""
    from spacy.util import load_config

    config = load_config(cfg, interpolate=False)
    config["paths"]["train"] = None
    config["paths"]["dev"] = None
    config.to_disk(cfg)


def score(model_dir: Path, rows: list[dict], threshold: float) -> dict:
    import spacy

    nlp = spacy.load(model_dir)
    per = {lab: Counter() for lab in LABELS}
    for row, doc in zip(rows, nlp.pipe(r["text"] for r in rows)):
        gold = cats(row)
        for lab in LABELS:
            p, g = doc.cats[lab] >= threshold, gold[lab] >= 1.0
            per[lab]["tp" if p and g else "fp" if p else "fn" if g else "tn"] += 1
    out = {}
    tot = Counter()
    for lab, c in per.items():
        if lab != "EVENT":
            tot.update(c)
        out[lab] = _prf(c)
    out["micro (types)"] = _prf(tot)
    return out


def _prf(c: Counter) -> dict:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3),
            "support": c["tp"] + c["fn"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--silver", default=str(ROOT / "data" / "silver"))
    ap.add_argument("--config", default=str(ROOT / "training" / "textcat.cfg"))
    ap.add_argument("--out", default=str(ROOT / "src" / "detente" / "events" / "data" / "model"))
    ap.add_argument("--threshold", type=float, default=0.5, help="for the held-out scores")
    args = ap.parse_args()

    rows = read_silver(Path(args.silver))
    if not rows:
        sys.exit(f"no *.silver.jsonl in {args.silver}")
    check_not_reserved(rows)
    train = [r for r in rows if not held_out(r["item"])]
    dev = [r for r in rows if held_out(r["item"])]
    print(f"{len(rows)} silver sentences: {len(train)} for training, {len(dev)} held out "
          f"({len({r['item'] for r in dev})} of {len({r['item'] for r in rows})} items)")

    from spacy.cli.train import train as spacy_train

    out = Path(args.out)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        write_corpus(train, tmp / "train.spacy")
        write_corpus(dev, tmp / "dev.spacy")
        spacy_train(Path(args.config), tmp / "output",
                    overrides={"paths.train": str(tmp / "train.spacy"),
                               "paths.dev": str(tmp / "dev.spacy")})
        target = out / "textcat"
        if target.exists():
            shutil.rmtree(target)
        out.mkdir(parents=True, exist_ok=True)
        shutil.copytree(tmp / "output" / "model-best", target)
    _forget_paths(target / "config.cfg")

    table = trigger_table(train)
    with (out / "triggers.tsv").open("w", encoding="utf-8") as fh:
        fh.write("# Words the silver annotators marked as event triggers, by type (training items "
                 "only).\n# lemma\ttype\tmarked\tsentences: times marked as a trigger of the "
                 "type, and training sentences holding the lemma at all.\n")
        for lemma, t, n, seen in table:
            fh.write(f"{lemma}\t{t}\t{n}\t{seen}\n")
    scores = score(out / "textcat", dev, args.threshold)
    report = {"train_sentences": len(train), "heldout_sentences": len(dev),
              "heldout_items": len({r["item"] for r in dev}), "threshold": args.threshold,
              "scores": scores}
    (out / "heldout.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps({k: v for k, v in scores.items()
                      if k in ("EVENT", "micro (types)")}, indent=2))
    print(f"model written to {out / 'textcat'}")


if __name__ == "__main__":
    main()
