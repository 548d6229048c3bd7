"""Lone injected phrases: a search phrase wedged between two sentences, found at one copy.

Doorway pages of a crawl often carry their keyword once or twice per page, not a dozen times,
so :mod:`detente.screen.injected` (which needs repetition) cannot see it. A lone copy still reads
unlike the text around it, because a search query is not a sentence::

    ... and the Soviet Union declared war on Japan. japanese wwii sanctioned history The two ...
    ... were signed in japanese wwii sanctioned historyThe two ...     (year deleted, glued)

The signals, each a pattern of English that running prose does not produce:

* **no sentence punctuation of its own**: the phrase runs straight into the next sentence, whose
  first word is capitalised mid-line ("history The two"), or is glued to it ("historyThe");
* **starts lower case after a sentence end** (". japanese"), or right after a word left without
  its object where a deleted year stood ("signed in japanese ..."), or at the start of a line;
* **stacked content words, no function word**, as a search query is typed (the phrase is the
  longest such run before the restart, so it never takes a word of the sentence before);
* **words English writes capitalised, in lower case** ("japanese", "wwii", "london"): the case
  table ``data/capitalised.txt`` (built by ``scripts/build_case_table.py`` from the gazetteer),
  or the document itself writing the word capitalised mid-sentence and never in lower case.

Inside a sentence, where the structure says nothing, a run of stacked content words that
writes ``MIN_RUN_NAMES`` names small ("..., cheap flights tokyo moscow deals was forced") is a
lone injected phrase on that evidence alone.

A run is a lone injected phrase when it starts after a sentence end and runs into the next
sentence (attached to neither neighbour), or when it holds a lower-case name and starts after a
sentence end or a dangling word, or when it has three words or more between a dangling word and
a glued restart. Its reasons are reported. Phrases that take the place of a word inside a
sentence, or that are written like prose (with articles and prepositions), are not found here:
repetition (``injected``) or the crawl pass (``crawl``) has to find those.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from detente.screen.lexicon import (WORD_RE, function_words, word_class, word_list, yaml_data,
                                    zipf)

#: a lone phrase has this many words at least, and at most
MIN_WORDS, MAX_WORDS = 2, 10
#: a word the document capitalises elsewhere counts as a name only when rarer than this
DOC_CASE_MAX_ZIPF = 3.5
#: a run of stacked content words inside a sentence needs this many lower-case names
MIN_RUN_NAMES = 2
#: prefixes of names written with an inner capital ("McDonald", "DeGaulle", "al-Sadr")
_NAME_PREFIXES = {"mc", "mac", "de", "la", "le", "van", "von", "al", "el", "ibn", "bin", "da",
                  "di", "du", "o"}
_ABBREV = re.compile(r"(?:\b[A-Za-z]\.|\b(?:Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|St|Lt|Col|Capt|Jr|Sr|"
                     r"No|vs|etc|Inc|Corp|Co|Ltd|Prof|Sgt|Adm|Maj|Ft|Mt|Jan|Feb|Mar|Apr|Aug|Sep|"
                     r"Sept|Oct|Nov|Dec)\.)$")
#: a glue joint: lower-case letters run into a capitalised word inside one token ("wwiiThe")
_JOINT = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")


@dataclass
class Lone:
    """One lone injected copy, in the coordinates of the text searched."""

    start: int
    end: int
    reasons: list[str] = field(default_factory=list)
    #: glued to the next sentence
    glued: bool = False
    #: wedged between two sentences: where it goes, a sentence break stays
    between: bool = True


@lru_cache(maxsize=1)
def _stop() -> frozenset[str]:
    en = frozenset(str(w).lower() for w in yaml_data("stopwords.yaml").get("en", []))
    return function_words() | en


@lru_cache(maxsize=1)
def _dangling() -> frozenset[str]:
    """Words that cannot end a clause: a run of content words after one lost what stood there."""
    return (word_class("prepositions") | word_class("determiners") | word_class("temporal")
            | word_class("months"))


def capitalised_words() -> frozenset[str]:
    """Words English writes capitalised (``data/capitalised.txt``), in lower case."""
    return word_list("capitalised.txt")


def _is_sentence_end(text: str, j: int) -> bool:
    """Whether text[j] is a full stop, ! or ? that ends a sentence (not an abbreviation or an
    ellipsis)."""
    ch = text[j]
    if ch in "!?":
        return True
    if ch != ".":
        return False
    if j > 0 and text[j - 1] == ".":
        return False
    return not _ABBREV.search(text[max(0, j - 6):j + 1])


def opens_sentence(text: str, k: int) -> bool:
    """Whether the word at ``k`` is a capitalised function word ("The", "In", "After"): one
    that, mid-line and after no punctuation, can only be the start of a sentence."""
    m = WORD_RE.match(text, k)
    return bool(m) and m.group(0)[0].isupper() and m.group(0).lower() in _stop()


def find_wedged(text: str, skip: list[tuple[int, int]] | None = None) -> list[Lone]:
    """Lone injected phrases of ``text``; spans in ``skip`` (already masked) are left alone."""
    skip = skip or []
    toks = [(m.group(0), m.start(), m.end()) for m in WORD_RE.finditer(text)]
    if len(toks) < 4:
        return []
    stop = _stop()
    caps = capitalised_words()
    dangling = _dangling()
    # how the document writes each word elsewhere (mid-sentence only)
    cap_mid: dict[str, int] = {}
    lower_seen: dict[str, int] = {}
    for k, (w, s, _) in enumerate(toks):
        lw = w.lower()
        if w[0].isupper():
            if k > 0 and text[toks[k - 1][2]:s].strip(" \t") == "":
                cap_mid[lw] = cap_mid.get(lw, 0) + 1
        elif w.islower():
            lower_seen[lw] = lower_seen.get(lw, 0) + 1

    def spaces_only(a: int, b: int) -> bool:
        gap = text[a:b]
        return bool(gap) and gap.strip(" \t") == ""

    def content(w: str) -> bool:
        return w.islower() and w not in stop and len(w) >= 2 and "-" not in w

    out: list[Lone] = []
    taken_to = -1
    for i, (w, s, e) in enumerate(toks):
        # where does the next sentence restart without punctuation?
        joint = None
        if w[0].islower():
            m = _JOINT.search(w)
            if m and m.start() >= 2:
                head, tail = w[:m.start()], w[m.start():]
                if head.lower() not in _NAME_PREFIXES and (
                        tail.lower() in stop or head in caps or tail.isalpha()):
                    joint = s + m.start()
        if joint is not None:
            end, restart_word = joint, w[joint - s:]
            words, j = [w[:joint - s]], i
        elif (w[0].isupper() and i > 0 and spaces_only(toks[i - 1][2], s)
              and content(toks[i - 1][0])):
            end, restart_word = toks[i - 1][2], w
            words, j = [toks[i - 1][0]], i - 1
        else:
            continue
        if not content(words[0]):
            continue
        # walk back over stacked content words
        while (j > 0 and len(words) <= MAX_WORDS and content(toks[j - 1][0])
               and spaces_only(toks[j - 1][2], toks[j][1])):
            j -= 1
            words.insert(0, toks[j][0])
        start = toks[j][1]
        n = len(words)
        if n < MIN_WORDS or n > MAX_WORDS or start <= taken_to:
            continue
        if any(a < end and start < b for a, b in skip):
            continue
        # what stands before the run
        p = start - 1
        while p >= 0 and text[p] in " \t":
            p -= 1
        before_tok = toks[j - 1][0] if j > 0 else None
        if p < 0 or text[p] == "\n":
            left = "line"
        elif _is_sentence_end(text, p):
            left = "sentence end"
        elif text[p].isalpha() and before_tok is not None and before_tok.lower() in dangling:
            left = "dangling"  # "signed in <run>": a year stood there
        elif text[p] == "," and p > 0 and text[p - 1].isdigit():
            left = "dangling"  # "on January 1, <run>": the year of a date is gone
        else:
            continue
        table = [x for x in words if x in caps]
        # the document's own evidence counts for rarer words only: headline-cased lines
        # capitalise "Former" and "Region" without making them names
        lowered = table + [x for x in words if x not in caps and cap_mid.get(x, 0) >= 2
                           and lower_seen.get(x, 0) <= words.count(x)
                           and zipf(x) < DOC_CASE_MAX_ZIPF]
        glued = joint is not None
        opener = restart_word.lower() in stop
        reasons = ["no sentence punctuation of its own"]
        if left == "sentence end":
            reasons.append("lower case after a sentence end")
        elif left == "dangling":
            lost = text[p] if text[p] == "," else before_tok
            reasons.append(f"after a word left without what followed it ({lost!r})")
        else:
            reasons.append("starts a line in lower case")
        reasons.append(f"{n} stacked content words, no function word")
        if lowered:
            reasons.append("lower-case name: " + ", ".join(dict.fromkeys(lowered)))
        if glued:
            reasons.append(f"glued to the next sentence ({restart_word!r})")
        elif opener:
            reasons.append(f"runs into the next sentence ({restart_word!r})")
        strong_right = glued or opener
        injected = (
            (left == "sentence end" and (strong_right or lowered))
            or (left == "dangling" and lowered and strong_right)
            or (left == "dangling" and table and n >= 3)
            or (left == "dangling" and glued and n >= 3)
            or (left == "line" and lowered and strong_right)
        )
        if not injected:
            continue
        out.append(Lone(start, end, reasons, glued))
        taken_to = end
    out.extend(_name_runs(text, toks, content, caps, out, skip))
    out.sort(key=lambda lc: lc.start)
    return out


def _tail_cut(words: list[str], names: list[str]) -> int:
    """How many words of a run inside a sentence belong to the phrase.

    Inside a sentence the run may have swallowed the words that go on with the sentence
    ("..., cheap flights tokyo moscow deals describing the ..."): after the last name, a
    participle or adverb in -ing or -ly, and a last word in -ed ("... history clashed over"),
    are the sentence again. A search phrase may still hold an -ed word before its end
    ("treaty signed paris").
    """
    last = max(k for k, w in enumerate(words) if w in names)
    for k in range(last + 1, len(words)):
        if words[k].endswith(("ing", "ly")):
            return k
    if len(words) - 1 > last and words[-1].endswith("ed"):
        return len(words) - 1
    return len(words)


def _name_runs(text, toks, content, caps, found: list[Lone], skip) -> list[Lone]:
    """Runs of stacked content words, anywhere, holding ``MIN_RUN_NAMES`` lower-case names
    ("cheap flights tokyo moscow deals"): prose writes names capitalised, a search box does
    not, so two of them in one run are enough even where the run sits inside a sentence."""
    out = []
    i = 0
    while i < len(toks):
        if not content(toks[i][0]):
            i += 1
            continue
        j = i
        while (j + 1 < len(toks) and content(toks[j + 1][0])
               and toks[j][2] < toks[j + 1][1]
               and text[toks[j][2]:toks[j + 1][1]].strip(" \t") == ""):
            j += 1
        words = [t[0] for t in toks[i:j + 1]]
        names = [w for w in words if w in caps]
        if names:
            cut = _tail_cut(words, names)
            j -= len(words) - cut
            words = words[:cut]
        s, e = toks[i][1], toks[j][2]
        if (MIN_WORDS + 1 <= len(words) <= MAX_WORDS and len(set(names)) >= MIN_RUN_NAMES
                and not any(lc.start < e and s < lc.end for lc in found)
                and not any(a < e and s < b for a, b in skip)):
            out.append(Lone(s, e, [f"{len(words)} stacked content words, no function word",
                                   "lower-case names: " + ", ".join(dict.fromkeys(names))],
                            between=False))
        i = j + 1
    return out
