"""Injected phrases: a keyword phrase pasted a dozen times into a page in place of ordinary words.

SEO doorway copies of articles repeat a search phrase ("trade sanctions imposed by the ruler of
X") throughout the text. A coder that trusts the text turns every copy into an event, so the
screen masks them. But articles also legitimately repeat phrases ("the United Nations Security
Council", "weapons of mass destruction"), so repetition alone proves nothing: a phrase repeated
three or more times is injected only when its copies do not fit where they stand.

How we judge "does not fit", per copy of the phrase:

* glued: the copy is stuck to the word before or after it ("Soviet propagandatrade sanctions");
* wrong case: the copy starts with a capital in mid-sentence while the phrase is otherwise
  written in lower case, or starts in lower case right after a full stop; or its inner function
  words are capitalised ("Imposed By The Ruler") in mid-sentence, headline style;
* broken grammar at its edges: closed-class words that cannot stand next to each other meet at
  a boundary ("the the ruler", "of by", a phrase ending in "of" before a full stop), judged with
  the word classes of ``data/function_words.yaml``.

and per phrase:

* case evidence: the phrase writes in lower case a word that the rest of the document only
  ever capitalises ("japan" in the phrase, "Japan" everywhere else), as search queries do;
* heavy verbatim repetition of a non-name phrase: ``HEAVY_REPEATS`` copies or more, at a density
  of at least ``HEAVY_DENSITY`` per 1,000 words.

A phrase is injected when at least two of its copies and a fifth of them misfit, or when it has
case evidence or heavy repetition. A name-like phrase (every content word capitalised, inner
function words lower case: "Security Council", "Bank of England") needs a misfit in at least
``NAME_MISFIT_SHARE`` of its copies, because glue damage elsewhere in a page can hit a name once
or twice by chance. Phrases need at least two content words ("as well as" is not a phrase
anyone injects). When a phrase is injected every copy is masked, including those that happen
to fit.

Candidate phrases are the maximal word n-grams (2 to ``MAX_WORDS`` words, not crossing
punctuation) seen three or more times; each is then searched as a substring so that copies glued
to a neighbour are found too.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from detente.screen.lexicon import WORD_RE, function_words, word_class, yaml_data

MIN_REPEATS = 3
MAX_WORDS = 16
HEAVY_REPEATS = 8
HEAVY_DENSITY = 3.0
NAME_MISFIT_SHARE = 0.4


@dataclass
class Occurrence:
    start: int
    end: int
    reasons: list[str] = field(default_factory=list)
    #: starts a sentence (the clean view capitalises what follows when it is removed)
    sentence_start: bool = False


@dataclass
class InjectedPhrase:
    phrase: str
    occurrences: list[Occurrence]
    reasons: list[str]


def _stop() -> frozenset[str]:
    en = frozenset(str(w).lower() for w in yaml_data("stopwords.yaml").get("en", []))
    return function_words() | en


def _candidates(text: str, toks: list[tuple[str, int, int]], link: list[bool]) -> list[tuple[str, ...]]:
    """Maximal n-grams repeated MIN_REPEATS times or more, longest first."""
    n_tok = len(toks)
    words = [t[0] for t in toks]
    level: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i in range(n_tok - 1):
        if link[i + 1]:
            level[(words[i], words[i + 1])].append(i)
    level = {k: v for k, v in level.items() if len(v) >= MIN_REPEATS}
    found: dict[tuple[str, ...], list[int]] = dict(level)
    n = 2
    while level and n < MAX_WORDS:
        nxt: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for key, pos in level.items():
            for p in pos:
                q = p + n
                if q < n_tok and link[q]:
                    nxt[key + (words[q],)].append(p)
        level = {k: v for k, v in nxt.items() if len(v) >= MIN_REPEATS}
        found.update(level)
        n += 1
    chosen: list[tuple[str, ...]] = []
    covered: set[int] = set()
    for key in sorted(found, key=lambda k: (-len(k), -len(found[k]))):
        pos = found[key]
        fresh = [p for p in pos if p not in covered]
        if len(fresh) < MIN_REPEATS and len(fresh) < 0.5 * len(pos):
            continue
        chosen.append(key)
        for p in pos:
            covered.update(range(p, p + len(key)))
    return chosen


def _prev_char(text: str, i: int) -> str:
    j = i - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    return text[j] if j >= 0 else "\n"


def _word_before(text: str, i: int) -> str | None:
    m = re.search(r"([^\W\d_]+)[ \t]+$", text[max(0, i - 40):i])
    return m.group(1).lower() if m else None


def _word_after(text: str, i: int) -> str | None:
    m = re.match(r"[ \t]+([^\W\d_]+)", text[i:i + 40])
    return m.group(1).lower() if m else None


def find_injected(text: str, skip: list[tuple[int, int]] | None = None) -> list[InjectedPhrase]:
    """Injected phrases of ``text``; ``skip`` spans (boilerplate) are left out of the counts."""
    skip = skip or []
    toks = []
    for m in WORD_RE.finditer(text):
        if any(s <= m.start() < e for s, e in skip):
            continue
        toks.append((m.group(0).lower(), m.start(), m.end()))
    if len(toks) < 6:
        return []
    link = [False] + [text[toks[i - 1][2]:toks[i][1]].strip(" \t") == "" for i in range(1, len(toks))]
    stop = _stop()
    dets = word_class("determiners")
    preps = word_class("prepositions")
    auxs = word_class("auxiliaries")
    conjs = word_class("conjunctions")
    prons = word_class("pronouns")
    n_words = len(toks)

    # how each word is written elsewhere: lower-case mid-sentence vs capitalised mid-sentence
    case_seen: dict[str, list[tuple[int, bool]]] = defaultdict(list)
    for m in WORD_RE.finditer(text):
        w = m.group(0)
        if _prev_char(text, m.start()) in ".!?\n\"“'‘:(":
            continue
        case_seen[w.lower()].append((m.start(), w[0].isupper()))

    out: list[InjectedPhrase] = []
    taken: list[tuple[int, int]] = []
    keys: list[tuple[str, ...]] = []
    for key in _candidates(text, toks, link):
        # a phrase does not start or end with a function word: "X the" is X followed by
        # whatever happened to come next three times
        a, b = 0, len(key)
        while a < b and key[a] in stop:
            a += 1
        while b > a and key[b - 1] in stop:
            b -= 1
        key = key[a:b]
        if len([w for w in key if w not in stop]) >= 2 and key not in keys:
            keys.append(key)
    for key in keys:
        pattern = re.compile(r"[ \t]+".join(re.escape(w) for w in key), re.IGNORECASE)
        occs: list[Occurrence] = []
        surfaces: Counter = Counter()
        for m in pattern.finditer(text):
            s, e = m.start(), m.end()
            if any(s < te and ts < e for ts, te in taken) or any(ss <= s < se for ss, se in skip):
                continue
            gl = s > 0 and text[s - 1].isalpha()
            gr = e < len(text) and text[e].isalpha()
            if gl and gr:
                continue
            occs.append(Occurrence(s, e))
            surfaces[m.group(0)] += 1
        if len(occs) < MIN_REPEATS:
            continue
        canonical = surfaces.most_common(1)[0][0]
        # the canonical form: prefer the lower-case-initial one when both are present
        lower_forms = [f for f in surfaces if f[0].islower()]
        if lower_forms:
            canonical = max(lower_forms, key=lambda f: surfaces[f])
        cwords = canonical.split()
        name_like = all(w[0].isupper() for w in cwords if w.lower() not in stop) and all(
            w[0].islower() for w in cwords[1:] if w.lower() in stop)
        canon_lower = canonical[0].islower()
        first, last = key[0], key[-1]
        for occ in occs:
            s, e = occ.start, occ.end
            surf = text[s:e]
            prev = _prev_char(text, s)
            at_start = prev in ".!?\n"
            occ.sentence_start = at_start
            if s > 0 and text[s - 1].isalpha():
                occ.reasons.append("glued")
            if e < len(text) and text[e].isalpha():
                occ.reasons.append("glued")
            if surf[0].isupper() and canon_lower and not at_start and prev not in "\"“'‘:(":
                occ.reasons.append("capitalised mid-sentence")
            if surf[0].islower() and at_start and s > 0:
                occ.reasons.append("lower case after a full stop")
            inner = surf.split()[1:]
            if not at_start and any(w[0].isupper() and w.lower() in stop for w in inner):
                occ.reasons.append("headline case")
            before = None if "glued" in occ.reasons else _word_before(text, s)
            after = _word_after(text, e)
            nxt_char = text[e:e + 1]
            if before is not None:
                if before in dets and first in (dets | preps | auxs | prons | conjs):
                    occ.reasons.append("grammar")
                elif before in preps and first in (preps | auxs | conjs) and first not in {"that"}:
                    occ.reasons.append("grammar")
            if last in (dets | preps) and (nxt_char in ".,;:!?" or after in (dets | preps | auxs)):
                occ.reasons.append("grammar")
        misfits = sum(1 for o in occs if o.reasons)
        reasons: list[str] = []
        case_evidence = []
        for w in cwords:
            if not w[0].islower() or w in stop:
                continue
            outside = [cap for pos, cap in case_seen[w]
                       if not any(o.start <= pos < o.end for o in occs)]
            if outside and all(outside):
                case_evidence.append(w)
        if case_evidence:
            reasons.append("lower-case name in the phrase: " + ", ".join(case_evidence))
        density = 1000.0 * len(occs) / max(n_words, 1)
        if name_like:
            injected = misfits >= 2 and misfits >= NAME_MISFIT_SHARE * len(occs)
        else:
            injected = (misfits >= 2 and misfits >= 0.2 * len(occs)) or bool(case_evidence) or (
                len(occs) >= HEAVY_REPEATS and density >= HEAVY_DENSITY and len(key) >= 3)
            if len(occs) >= HEAVY_REPEATS and density >= HEAVY_DENSITY:
                reasons.append(f"repeated verbatim {len(occs)} times")
        if not injected:
            continue
        if misfits:
            kinds = Counter(r for o in occs for r in set(o.reasons))
            reasons.append("copies that do not fit: " + ", ".join(
                f"{k} x{v}" for k, v in kinds.most_common()))
        out.append(InjectedPhrase(canonical, occs, reasons))
        taken.extend((o.start, o.end) for o in occs)
    return out
