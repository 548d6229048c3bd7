#!/usr/bin/env python3
"""Convert PETRARCH-2's CAMEO verb dictionary into detente's generated verb patterns.

Source: CAMEO.2.0.txt from github.com/openeventdata/petrarch2, commit 676801cd (MIT), and the
CAMEO -> PLOVER crosswalk CAMEO2PLOVER-2021.txt (Open Event Data Alliance), both expected in
../shared/reference (pass --source / --crosswalk otherwise). Writes, under
src/detente/events/data/generated/ (never a hand-written file):

cameo_verbs.tsv     block, verb, particle, cameo, type, mode: the verbs of each synonym block
                    ("accelerate, expedite, hasten, hurry, ...") and the code the verb carries
                    alone (empty: the verb alone is no event).
cameo_patterns.tsv  block, object, prep, prep_object, cameo, type, mode: what a verb of the
                    block means with that direct object and/or prepositional phrase. An object
                    or prep_object of several words ("financial aid") needs its last word as the
                    head and the others among its modifiers; "&weapon" names a synonym set.
cameo_synsets.tsv   synset, words: the synonym sets the patterns name.
NOTICE              the source, commit and MIT notice.

detente reads these in events/patterns.py, only for a verb the hand lexicon
(events/data/triggers.yaml) does not code: the hand lexicon always has priority.

What is converted, and the filters (each measured; see the README section "Dictionaries from
PETRARCH-2"):
* CAMEO codes become PLOVER types by the crosswalk, exact code first, then its parents
  (0431 -> 043 -> 04). Codes the crosswalk leaves out (01 statements, 02 appeals) and the null
  code "---" are dropped. A crosswalk mode is kept when detente's plover.yaml lists it for the
  type. "042:043" (two codes) takes the first.
* Only patterns whose words follow the verb are kept; the 326 patterns with nouns before the
  verb ("&MILITARY * ...") need the subject's head, which the roles module decides, not a
  pattern. Actor placeholders ($ + % ^) are dropped; a pattern with words that are neither a
  noun phrase nor a prepositional phrase is skipped.
* Pre-compounded verbs ("WIRE_+TAP") and verbs given only in an inflected form
  ("+ANGERED_BY") are skipped: the extractor looks verbs up by their lemma.
* Bare verbs (a verb coding on its own, with no pattern) are written, but only those whose
  block code is not too general to be safe (--bare-types, default: none) are used by the coder
  unless the README's table says otherwise: see patterns.py, BARE_TYPES.
* --min-object-length drops objects shorter than 3 letters (noise such as "UP").

Usage:
  python scripts/build_cameo_patterns.py [--source FILE] [--crosswalk FILE] [--out DIR]
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from phoenix_format import COMMIT, MIT_LICENSE  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
REF = ROOT.parent / "shared" / "reference"
DEFAULT_SOURCE = REF / "petrarch2" / "CAMEO.2.0.txt"
DEFAULT_CROSSWALK = REF / "CAMEO2PLOVER-2021.txt"
DEFAULT_OUT = ROOT / "src" / "detente" / "events" / "data" / "generated"

NOTICE = f"""Generated verb patterns, built by scripts/build_cameo_patterns.py from PETRARCH-2's verb
dictionary CAMEO.2.0.txt (https://github.com/openeventdata/petrarch2, commit {COMMIT}), with
CAMEO codes turned into PLOVER types by CAMEO2PLOVER-2021.txt (Open Event Data Alliance).
Do not edit by hand: rebuild instead. The hand lexicon ../triggers.yaml takes priority.

The source dictionary is distributed under the MIT License:

{MIT_LICENSE}"""

_HEADER = re.compile(r"^---\s+(\S.*?)\s+\[([^\]]*)\]\s*---")
_CODE = re.compile(r"\[([^\]]*)\]")
_PLACEHOLDER = {"$", "+", "%", "^"}


@dataclass
class Block:
    name: str
    code: str | None
    verbs: list[tuple[str, str, str | None]] = field(default_factory=list)  # verb, particle, code
    patterns: list[tuple[str, str, str, str]] = field(default_factory=list)  # obj, prep, pobj, code


def read_crosswalk(text: str, plover_modes: dict[str, set[str]]) -> dict[str, tuple[str, str]]:
    """CAMEO code -> (PLOVER type, mode or "")."""
    out = {}
    for line in text.splitlines():
        m = re.match(r"^\s*(\d+):\s*([A-Z]+)\s*(?:,\s*([^,#]*))?", line)
        if not m:
            continue
        code, etype, mode = m.group(1), m.group(2), (m.group(3) or "").strip()
        if etype not in plover_modes:
            continue
        out[code] = (etype, mode if mode in plover_modes[etype] else "")
    return out


def to_plover(code: str | None, cross: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    if not code:
        return None
    code = code.split(":")[0].strip()
    if not code.isdigit():
        return None
    while code:
        if code in cross:
            return cross[code]
        code = code[:-1]
        if len(code) < 2:
            return None
    return None


def _words(raw: str) -> str:
    return " ".join(raw.replace("_", " ").lower().split())


def read_cameo(text: str) -> tuple[dict[str, list[str]], list[Block]]:
    synsets: dict[str, list[str]] = {}
    blocks: list[Block] = []
    cur_syn: str | None = None
    in_verbs = False
    block: Block | None = None
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if "VERB PATTERNS" in raw:
            in_verbs = True
            continue
        if not line.strip():
            continue
        if not in_verbs:
            if line.startswith("&"):
                cur_syn = line[1:].strip().rstrip("_").lower()
                synsets[cur_syn] = []
            elif line.startswith("+") and cur_syn:
                w = line[1:].strip()
                if w:
                    synsets[cur_syn].append(_words(w))
            continue
        h = _HEADER.match(line)
        if h:
            code = h.group(2).strip()
            block = Block(h.group(1).strip().lower(), None if code in ("---", "") else code)
            blocks.append(block)
            continue
        if block is None:
            continue
        if line.startswith("-"):
            m = _CODE.search(line)
            if not m:
                continue
            body = line[1:m.start()].strip()
            if "*" not in body:
                continue
            pre, post = body.split("*", 1)
            if pre.strip():
                continue  # nouns before the verb: not converted (see the docstring)
            parsed = _parse_post(post)
            if parsed is None:
                continue
            block.patterns.append(parsed + (m.group(1).strip(),))
            continue
        # a verb line: VERB {forms} [code], +VERB_PARTICLE {forms} [code]
        m = _CODE.search(line)
        vcode = m.group(1).strip() if m else None
        head = re.sub(r"\{[^}]*\}", "", line.split("[", 1)[0]).strip()
        if not head or " " in head.strip():
            continue
        if head.startswith("+"):
            parts = head[1:].split("_")
            if "+" in head[1:] or len(parts) < 2:
                continue
            verb, particle = parts[0].lower(), " ".join(parts[1:]).lower()
            if verb.endswith("ed") or verb.endswith("ing"):
                continue  # given inflected only ("+ANGERED_BY")
        elif "+" in head or "_" in head:
            continue  # "WIRE_+TAP": pre-compounded
        else:
            verb, particle = head.lower(), ""
        if not verb.isalpha():
            continue
        block.verbs.append((verb, particle, vcode if vcode not in ("---", "") else None))
    return synsets, blocks


def _parse_post(post: str) -> tuple[str, str, str] | None:
    """'AID (TO BORDER)' -> ('aid', 'to', 'border'); None if it is not object? + (prep np?)?"""
    items = re.findall(r"\([^)]*\)|\{[^}]*\}|\S+", post)
    obj, prep, pobj = "", "", ""
    for it in items:
        if it in _PLACEHOLDER:
            continue
        if it.startswith("("):
            if prep:
                return None  # two prepositional phrases: too specific to be worth it
            inner = re.findall(r"\{[^}]*\}|\S+", it[1:-1])
            inner = [x for x in inner if x not in _PLACEHOLDER]
            if not inner or len(inner) > 2:
                return None
            prep = inner[0].lower()
            if not prep.isalpha():
                return None
            if len(inner) == 2:
                pobj = _np(inner[1])
                if pobj is None:
                    return None
            continue
        if obj or prep:
            return None  # a second noun phrase, or a noun after the preposition phrase
        o = _np(it)
        if o is None:
            return None
        obj = o
    if not obj and not prep:
        return None
    return obj, prep, pobj


def _np(item: str) -> str | None:
    if item.startswith("{"):
        words = item[1:-1].split()
        if not all(re.fullmatch(r"&?[A-Za-z'-]+_?", w) for w in words):
            return None
        return " ".join(w.rstrip("_").lower() for w in words)
    if re.fullmatch(r"&?[A-Za-z'-]+_?", item):
        return item.rstrip("_").lower()
    return None


def plover_modes() -> dict[str, set[str]]:
    data = yaml.safe_load((ROOT / "src/detente/events/data/plover.yaml").read_text("utf-8"))
    return {t: set((v.get("modes") or {}).keys()) for t, v in data["event_types"].items()}


def build(source: Path, crosswalk: Path, out: Path, min_object: int = 3) -> dict[str, int]:
    cross = read_crosswalk(crosswalk.read_text("utf-8"), plover_modes())
    synsets, blocks = read_cameo(source.read_text("utf-8", "replace"))
    out.mkdir(parents=True, exist_ok=True)
    used_syn: set[str] = set()
    vrows, prows = [], []
    for b in blocks:
        for verb, particle, vcode in b.verbs:
            code = vcode or b.code
            pl = to_plover(code, cross)
            vrows.append([b.name, verb, particle, code or "", pl[0] if pl else "",
                          pl[1] if pl else ""])
        for obj, prep, pobj, code in b.patterns:
            pl = to_plover(code, cross)
            if pl is None:
                continue
            if obj and not obj.startswith("&") and len(obj.replace(" ", "")) < min_object:
                continue
            for np in (obj, pobj):
                for w in np.split():
                    if w.startswith("&"):
                        used_syn.add(w[1:])
            if any(w.startswith("&") and w[1:] not in synsets
                   for w in (obj + " " + pobj).split()):
                continue  # an undefined synset: PETRARCH ignores such a pattern too
            prows.append([b.name, obj, prep, pobj, code, pl[0], pl[1]])
    head = ("# GENERATED by scripts/build_cameo_patterns.py from PETRARCH-2 CAMEO.2.0.txt\n"
            f"# (openeventdata/petrarch2 commit {COMMIT}, MIT: see NOTICE) and\n"
            "# CAMEO2PLOVER-2021.txt. Do not edit: rebuild. The hand lexicon triggers.yaml wins.\n")
    _write(out / "cameo_verbs.tsv", head, ("block", "verb", "particle", "cameo", "type", "mode"),
           vrows)
    _write(out / "cameo_patterns.tsv", head,
           ("block", "object", "prep", "prep_object", "cameo", "type", "mode"), prows)
    _write(out / "cameo_synsets.tsv", head, ("synset", "words"),
           [[s, ";".join(dict.fromkeys(synsets[s]))] for s in sorted(used_syn) if s in synsets])
    (out / "NOTICE").write_text(NOTICE, encoding="utf-8")
    return {"blocks": len(blocks), "verbs": len(vrows), "patterns": len(prows),
            "synsets": len(used_syn & set(synsets))}


def _write(path: Path, head: str, cols, rows) -> None:
    lines = [head.rstrip("\n"), "\t".join(cols)] + ["\t".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    ap.add_argument("--crosswalk", type=Path, default=DEFAULT_CROSSWALK)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--min-object-length", type=int, default=3)
    args = ap.parse_args(argv)
    counts = build(args.source, args.crosswalk, args.out, args.min_object_length)
    print(", ".join(f"{k}: {v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
