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
  a boundary ("the the ruler", "of by", a phrase ending in "of" before a full stop), or a
  phrase ending in a name runs straight into a determiner ("... of Moscow the dispute"), judged with the word classes of ``data/function_words.yaml``.

and per phrase:

* case evidence: the phrase writes in lower case a word that the rest of the document only
  ever capitalises ("japan" in the phrase, "Japan" everywhere else), as search queries do;
* heavy verbatim repetition of a non-name phrase: ``HEAVY_REPEATS`` copies or more, at a density
  of at least ``HEAVY_DENSITY`` per 1,000 words; or ``DENSE_REPEATS`` copies of a phrase with
  three content words or more at ``DENSE_DENSITY`` per 1,000 words (a keyword every few
  sentences of a short page).

A phrase is injected when at least two of its copies and a fifth of them misfit, or when it has
case evidence (with one misfit, or ``CASE_REPEATS`` copies) or heavy repetition. A name-like phrase (every content word capitalised, inner
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
from detente.screen.lexicon import zipf as _zipf

MIN_REPEATS = 3
MAX_WORDS = 16
HEAVY_REPEATS = 8
HEAVY_DENSITY = 3.0
NAME_MISFIT_SHARE = 0.4
CASE_REPEATS = 5
DENSE_REPEATS = 5
DENSE_DENSITY = 10.0
#: an edge of a copy inside a run of letters this common is part of a longer word, not glue
KNOWN_WORD_ZIPF = 2.0


@dataclass
class Occurrence:
    start: int
    end: int
    reasons: list[str] = field(default_factory=list)
    #: index of the copy's first word among the document's words
    first_tok: int = 0
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


_ABBREV = re.compile(r"(?:\b[A-Z]\.|\b(?:Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|St|Lt|Col|Capt|Jr|Sr|No|vs|"
                     r"etc|Inc|Corp|Co|Ltd|Prof|Sgt|Adm|Maj|Ft|Mt)\.)$")


def _sentence_start(text: str, i: int, loose: bool) -> bool:
    """Whether position ``i`` opens a sentence (a line, or after . ! ? that ends no
    abbreviation); ``loose`` also counts a dateline dash ("NAJAF, Iraq - Two car bombs")."""
    j = i - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    if j < 0 or text[j] == "\n":
        return True
    ch = text[j]
    if ch in "!?":
        return True
    if ch == ".":
        return not _ABBREV.search(text[max(0, j - 5):j + 1])
    if loose and ch in "-–—:" and j > 0 and text[j - 1] in " \t-":
        return True
    return loose and ch in "\"“'‘("


def _run_word(text: str, s: int, e: int) -> str:
    """The whole letter run around ``[s, e)``: the word a glued copy's edge sits in."""
    while s > 0 and text[s - 1].isalpha():
        s -= 1
    while e < len(text) and text[e].isalpha():
        e += 1
    return text[s:e].lower()


def _word_before(text: str, i: int) -> str | None:
    m = re.search(r"([^\W\d_]+)[ \t]+$", text[max(0, i - 40):i])
    return m.group(1).lower() if m else None


def _word_after(text: str, i: int) -> str | None:
    m = re.match(r"[ \t]+([^\W\d_]+)", text[i:i + 40])
    return m.group(1).lower() if m else None


def _copies(text: str, toks: list[tuple[str, int, int]], words: list[str], link: list[bool],
            where: dict[str, list[int]], key: tuple[str, ...]):
    """Copies of ``key`` as (first token, start, end): exact ones, and ones glued to the word
    before ("propagandatrade sanctions ...") or after ("... of Japangovernment"), found from
    the token index rather than by scanning the text once per phrase."""
    n = len(key)
    starts: set[int] = set()
    anchor = key[1]  # present, unglued, in exact and left-glued copies
    for j in where.get(anchor, ()):
        starts.add(j - 1)
    if n > 2:
        for j in where.get(key[-2], ()):  # right-glued copies keep key[-2] intact
            starts.add(j - (n - 2))
    else:
        for j in where.get(key[0], ()):
            starts.add(j)
    for i in sorted(starts):
        if i < 0 or i + n > len(words):
            continue
        if not all(link[k] for k in range(i + 1, i + n)):
            continue
        if any(words[i + k] != key[k] for k in range(1, n - 1)):
            continue
        first, last = words[i], words[i + n - 1]
        s, e = toks[i][1], toks[i + n - 1][2]
        gl = first != key[0]
        gr = last != key[-1]
        if gl:
            if gr or not first.endswith(key[0]):
                continue
            # "war on terrorism", "Southeast Asia": an edge inside a longer real word is no
            # copy of the phrase at all
            if _zipf(first) >= KNOWN_WORD_ZIPF:
                continue
            s = toks[i][2] - len(key[0])
        elif gr:
            if not last.startswith(key[-1]) or _zipf(last) >= KNOWN_WORD_ZIPF:
                continue
            e = toks[i + n - 1][1] + len(key[-1])
        yield i, s, e


def _tokens_in(toks: list[tuple[str, int, int]], o: Occurrence) -> list[int]:
    """Indices of the words that start inside copy ``o`` (grown copies included)."""
    k = o.first_tok
    while k > 0 and toks[k - 1][1] >= o.start:
        k -= 1
    while k < len(toks) and toks[k][1] < o.start:
        k += 1
    out = []
    while k < len(toks) and toks[k][1] < o.end:
        out.append(k)
        k += 1
    return out


MAX_EXTENSION = 60
MAX_EXTENSION_WORDS = 4


def _shared_tail(pieces: list[str]) -> str:
    """The longest start shared (case-insensitively) by at least 3/4 of ``pieces``."""
    if not pieces:
        return ""
    need = max(MIN_REPEATS, -(-3 * len(pieces) // 4))
    best = ""
    for length in range(1, MAX_EXTENSION + 1):
        counts = Counter(p[:length].lower() for p in pieces if len(p) >= length)
        if not counts:
            break
        cand, n = counts.most_common(1)[0]
        if n < need:
            break
        best = cand
    return best


def _limit(ext: str) -> str:
    """An extension stays inside its sentence and adds at most ``MAX_EXTENSION_WORDS`` words."""
    cut = re.search(r"[.!?](?:\s|$)|\n", ext)
    if cut:
        ext = ext[:cut.start()]
    words = list(re.finditer(r"\S+", ext))
    if len(words) > MAX_EXTENSION_WORDS:
        ext = ext[:words[MAX_EXTENSION_WORDS - 1].end()]
    return ext


def _extend(text: str, occs: list[Occurrence]) -> bool:
    """Grow the copies over text that (almost) all of them share beyond the words counted.

    Two cases only, so that a legitimate phrase never swallows its usual neighbours ("said
    President Bush"): a phrase with punctuation or numbers in it ("kuril islands dispute,
    explained", "best hotels in tokyo - 2024 deals"), which word n-grams cannot cross; and a
    phrase whose edge word is glued to its neighbour in some copies ("Uniontrade sanctions"),
    which hid that word from the count. Copies glued at the new edge are grown too.
    """
    spans = [(o.start, o.end) for o in occs]
    after = [text[o.end:o.end + MAX_EXTENSION] for o in occs]
    tail = _limit(_shared_tail(after))
    m = re.match(r"(.*[\w)\]!?])(?=\W|$)", tail, re.DOTALL)
    if m and re.search(r"[^\W\d_]", m.group(1)):
        _grow(occs, after, m.group(1), right=True)
    before = [text[max(0, o.start - MAX_EXTENSION):o.start][::-1] for o in occs]
    head = _limit(_shared_tail(before)[::-1])[::-1]
    m = re.match(r"(.*[\w(\[])(?=\W|$)", head, re.DOTALL)
    if m and re.search(r"[^\W\d_]", m.group(1)):
        _grow(occs, before, m.group(1), right=False)
    return spans != [(o.start, o.end) for o in occs]


def _grow(occs: list[Occurrence], context: list[str], ext: str, right: bool) -> None:
    """Extend the copies whose ``context`` (text after them, or before them reversed) starts
    with ``ext``, if the extension holds punctuation or digits or is glued in some copies."""
    if not re.search(r"[^\W\d_]{2}", ext):
        return  # a stray letter ("s", "a") is no part of a phrase
    has = [c.lower().startswith(ext.lower()) for c in context]

    def glued_to(c: str) -> bool:
        # the edge word runs on into letters that do not make it a longer real word
        # ("Uniontrade", not "prisoner" or "its")
        if not c[len(ext):len(ext) + 1].isalpha():
            return False
        # (``c`` and ``ext`` run backwards when growing to the left)
        edge = re.search(r"[^\W\d_]*$", ext).group(0)
        more = re.match(r"[^\W\d_]*", c[len(ext):]).group(0)
        word = edge + more if right else (edge + more)[::-1]
        return _zipf(word.lower()) < KNOWN_WORD_ZIPF

    glued = [h and glued_to(c) for h, c in zip(has, context)]
    inside_word = [h and c[len(ext):len(ext) + 1].isalpha() and not g
                   for h, c, g in zip(has, context, glued)]
    if any(inside_word):
        return  # some copies end inside a longer real word: the shared text is no phrase edge
    free = sum(h and not g for h, g in zip(has, glued))
    if free < (sum(has) + 1) // 2:
        return  # the shared text ends inside a word in most copies: not a word boundary
    if not (re.search(r"[^\w\s]|\d", ext) or any(glued)):
        return
    for o, h in zip(occs, has):
        if h:
            if right:
                o.end += len(ext)
            else:
                o.start -= len(ext)


def _canonical_extended(text: str, occs: list[Occurrence]) -> str:
    forms = Counter(text[o.start:o.end] for o in occs)
    lower = [f for f in forms if f[:1].islower()]
    return max(lower or list(forms), key=lambda f: forms[f])


#: Long texts are searched window by window: a doorway page repeats its phrase within a page,
#: and the search grows faster than linearly with the number of repeated n-grams.
WINDOW = 50_000


def find_injected(text: str, skip: list[tuple[int, int]] | None = None) -> list[InjectedPhrase]:
    """Injected phrases of ``text``; ``skip`` spans (boilerplate) are left out of the counts."""
    if len(text) <= WINDOW:
        return _find_injected(text, skip or [], 0, len(text))
    out: list[InjectedPhrase] = []
    lo = 0
    while lo < len(text):
        hi = min(len(text), lo + WINDOW)
        if hi < len(text):  # end the window at a paragraph or sentence break
            cut = max(text.rfind("\n", lo + WINDOW // 2, hi), text.rfind(". ", lo + WINDOW // 2, hi))
            hi = cut + 1 if cut > lo else hi
        out.extend(_find_injected(text, skip or [], lo, hi))
        lo = hi
    return out


def _find_injected(text: str, skip: list[tuple[int, int]], lo: int, hi: int
                   ) -> list[InjectedPhrase]:
    toks = []
    for m in WORD_RE.finditer(text, lo, hi):
        if skip and any(s <= m.start() < e for s, e in skip):
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

    out: list[InjectedPhrase] = []
    keys: list[tuple[str, ...]] = []
    for key in _candidates(text, toks, link):
        # a phrase does not start or end with a function word: "X the" is X followed by
        # whatever happened to come next three times
        a, b = 0, len(key)
        while a < b and (key[a] in stop or len(key[a]) < 2):
            a += 1
        while b > a and (key[b - 1] in stop or len(key[b - 1]) < 2):
            b -= 1
        key = key[a:b]
        if len([w for w in key if w not in stop and len(w) >= 2]) >= 2 and key not in keys:
            keys.append(key)
    if not keys:
        return out  # nothing repeated: most texts end here

    # how each word is written elsewhere: lower-case mid-sentence vs capitalised mid-sentence
    case_seen: dict[str, list[tuple[int, bool]]] = defaultdict(list)
    for m in WORD_RE.finditer(text, lo, hi):
        w = m.group(0)
        if _prev_char(text, m.start()) in ".!?\n\"“'‘:(":
            continue
        case_seen[w.lower()].append((m.start(), w[0].isupper()))
    words = [t[0] for t in toks]
    where: dict[str, list[int]] = defaultdict(list)
    for i, w in enumerate(words):
        where[w].append(i)
    taken_toks: set[int] = set()
    for key in keys:
        occs: list[Occurrence] = []
        surfaces: Counter = Counter()
        for i, s, e in _copies(text, toks, words, link, where, key):
            if any(k in taken_toks for k in range(i, i + len(key))):
                continue
            occs.append(Occurrence(s, e, first_tok=i))
            surfaces[text[s:e]] += 1
        if len(occs) < MIN_REPEATS:
            continue
        if _extend(text, occs):
            surfaces = Counter(text[o.start:o.end] for o in occs)
            key = tuple(w.lower() for w in WORD_RE.findall(_canonical_extended(text, occs)))
            if not key:
                continue
        canonical = surfaces.most_common(1)[0][0]
        # the canonical form: prefer the lower-case-initial one when both are present
        lower_forms = [f for f in surfaces if f[0].islower()]
        if lower_forms:
            canonical = max(lower_forms, key=lambda f: surfaces[f])
        cwords = canonical.split()

        def name_form(form: str) -> bool:
            ws = form.split()
            return all(w[0].isupper() for w in ws if w.lower() not in stop) and all(
                w[0].islower() for w in ws[1:] if w.lower() in stop)

        name_like = sum(n for f, n in surfaces.items() if name_form(f)) >= 0.5 * len(occs)
        # a copy capitalised only on its first letter, where the phrase has lower-case content
        # words after it, is no title ("Trade sanctions imposed by"; but "Supreme Court",
        # "President Vladimir Putin" are)
        lower_after_first = any(w[0].islower() and w.lower() not in stop for w in cwords[1:])
        canon_lower = canonical[0].islower()
        first, last = key[0], key[-1]
        for occ in occs:
            s, e = occ.start, occ.end
            surf = text[s:e]
            at_start = _sentence_start(text, s, loose=False)
            occ.sentence_start = at_start
            if s > 0 and text[s - 1].isalpha():
                occ.reasons.append("glued")
            if e < len(text) and text[e].isalpha():
                occ.reasons.append("glued")
            prev_word = re.search(r"(\S+)[ \t]+$", text[max(0, s - 40):s])
            after_name = bool(prev_word and prev_word.group(1)[0].isupper()
                              and prev_word.group(1).lower().strip(".,;:") not in stop)
            if (surf[0].isupper() and canon_lower and lower_after_first and not after_name
                    and surf[1:] == canonical[1:] and not _sentence_start(text, s, loose=True)):
                occ.reasons.append("capitalised mid-sentence")
            if surf[0].islower() and at_start and s > 0:
                occ.reasons.append("lower case after a full stop")
            inner = surf.split()[1:]
            if not at_start and any(w[0].isupper() and w[1:].islower() and w.lower() in stop
                                    for w in inner):
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
            elif (surf.split()[-1][:1].isupper() and last not in stop
                  and after in ("the", "a", "an", "no", "its", "their")):
                occ.reasons.append("grammar")  # a name runs into a determiner: "of Moscow the dispute"
        misfits = sum(1 for o in occs if o.reasons)
        reasons: list[str] = []
        case_evidence = []
        if not name_like and (misfits >= 1 or len(occs) >= CASE_REPEATS):
            inside = {toks[k][1] for o in occs for k in _tokens_in(toks, o)}
            for w in cwords:
                if not w[0].islower() or w in stop:
                    continue
                outside = [cap for pos, cap in case_seen[w] if pos not in inside]
                if len(outside) >= 2 and all(outside):
                    case_evidence.append(w)
        if case_evidence:
            reasons.append("lower-case name in the phrase: " + ", ".join(case_evidence))
        density = 1000.0 * len(occs) / max(n_words, 1)
        if name_like:
            injected = misfits >= 2 and misfits >= NAME_MISFIT_SHARE * len(occs)
        else:
            n_content = len([w for w in key if w not in stop])
            heavy = (len(occs) >= HEAVY_REPEATS and density >= HEAVY_DENSITY and len(key) >= 3) or (
                len(occs) >= DENSE_REPEATS and density >= DENSE_DENSITY and n_content >= 3)
            injected = (misfits >= 2 and misfits >= 0.2 * len(occs)) or (
                bool(case_evidence) and (misfits >= 1 or len(occs) >= CASE_REPEATS)) or heavy
            if heavy:
                reasons.append(f"repeated verbatim {len(occs)} times in {n_words} words")
        if not injected:
            continue
        if misfits:
            kinds = Counter(r for o in occs for r in set(o.reasons))
            reasons.append("copies that do not fit: " + ", ".join(
                f"{k} x{v}" for k, v in kinds.most_common()))
        out.append(InjectedPhrase(canonical, occs, reasons))
        for o in occs:
            taken_toks.update(_tokens_in(toks, o))
    return out
