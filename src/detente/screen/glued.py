"""Glued words: two or more words run together where a space (or a number) went missing.

"World War IIand", "Intwo years after", "untilwhen", "the Kurilswhich are", "oilgascoal",
"propagandaThe". We split a token only when every reading says it is glued, because a wrong
split of a real name is worse for the parser than a missed glue. The rules, in order:

* never split: tokens with digits, @, slashes, dots, underscores, a leading # (numbers with
  units, URLs, e-mail addresses, hashtags) or apostrophes ("Japan's"), hyphenated words at
  their hyphens ("al-Sadr", "cease-fire"; only a long part of one is judged on its own, as in
  "two-weekcampaign"), all-capital tokens (acronyms), words of ``data/glue_keep.txt``, a
  token seen three times or more in the document (a name, not an accident), and any token
  whose lower-case form is common in wordfreq's English list (Zipf >= 3.5);
* capitals then a closed-class word: "IIand", "NATOwhich" split after the capitals;
* a case change inside the token: "propagandaThe", "InPrime", "inVladimir" split there when
  the left side is a function word, or the token starts in lower case and both sides are
  words; capitalised tokens with inner capitals are otherwise brand names ("PeopleSoft"), and
  name prefixes (Mc, Mac, O, De, Van, Al, ...) never split;
* lower-case tokens: unknown or rare ones (Zipf < ``LOWER_MAX_ZIPF``) are segmented by dynamic
  programming into the fewest pieces that are common words (Zipf >= ``PIECE_MIN_ZIPF``,
  two-letter pieces only from the short-word list, mean at least ``MEAN_PIECE_ZIPF`` unless
  one of two pieces is a closed-class word such as "that") and whose joint frequency beats the
  token's own; web glue of two function words ("inthe", "itis") is split even though wordfreq
  has seen it;
* capitalised tokens unknown to wordfreq (Zipf < ``CAP_MAX_ZIPF``): the first piece may be a
  name ("Kurils", "Shastri", "Allawi"), and the rest must be one closed-class word ("which",
  "and"; not "are", "on" or other common name endings), one past-tense verb ("warned",
  "said"), or common words that are not typical name endings (``data/name_endings.txt``:
  "land", "ford", "ton", ...) — "Pakistanfought", "Tokyoaccuses";
* punctuation glue: "Kurils,which" or "8,after" (a comma with no space after it, between
  letters or after a day number) gets its space back.

A split after a preposition of time or a month ("Intwo", "untilwhen", "8,after"; not "inthe")
also means a number went missing there, and is reported as such by the caller.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from detente.screen.lexicon import function_words, word_class, word_list
from detente.screen.lexicon import zipf as _zipf

LOWER_MAX_ZIPF = 2.3
CAP_MAX_ZIPF = 1.0
PIECE_MIN_ZIPF = 3.0
MEAN_PIECE_ZIPF = 4.0
CAP_FIRST_MIN_ZIPF = 2.5
CAP_REST_MIN_ZIPF = 3.0
CAP_LOOSE_MIN_ZIPF = 1.0
#: parts of hyphenated words shorter than this are never looked at
HYPHEN_PART_MIN = 7
#: a past-tense verb, which no name ends with: "Allawiwarned", "Hosokawasigned"
_PAST = re.compile(r"^(?:[a-z]{3,}ed|said|told|was|were|had|met|led|won|took|gave|sent|left|made|began)$")
MARGIN = 1.0

_NAME_PREFIXES = frozenset("mc mac o de la le van von di da al el du st fitz ben ibn bin abu "
                           "san des del della der ter".split())
#: closed-class words that end many names ("Tabare", "Delaware"): not evidence of glue
_WEAK_TAILS = frozenset("are as is it on in an or be so us we he me".split())
_RUN = re.compile(r"\S+")
_LETTERS = re.compile(r"^[^\W\d_]+$")
_PUNCT_GLUE = re.compile(r"(?<=[a-z0-9])([,;:])(?=[A-Za-z][a-z])")


@dataclass
class Glue:
    start: int
    end: int
    #: positions in the text where a space goes back
    cuts: list[int]
    #: the split also shows a deleted number ("Intwo", "untilwhen", "8,after")
    missing_number: bool = False


@lru_cache(maxsize=1)
def _closed() -> frozenset[str]:
    return function_words() | word_class("short_words") | frozenset(
        "one two three four five six seven eight nine ten first last".split())


def _piece_ok(piece: str) -> bool:
    if len(piece) <= 2:
        return piece in word_class("short_words")
    return piece in _closed() or _zipf(piece) >= PIECE_MIN_ZIPF


def _segment(word: str, first_min: float | None = None) -> list[str] | None:
    """Fewest-piece split of lower-case ``word`` into acceptable pieces (None if none).

    ``first_min``: the first piece may be any word of four letters or more with at least this
    Zipf frequency (a name such as "Kurils" or "Hatoyama"), not only a common word.
    """
    n = len(word)
    best: list[tuple[int, float, list[str]] | None] = [None] * (n + 1)
    best[0] = (0, 0.0, [])
    for i in range(n):
        if best[i] is None or best[i][0] >= 4:
            continue
        for j in range(i + 1, n + 1):
            piece = word[i:j]
            ok = _piece_ok(piece)
            if not ok and first_min is not None and i == 0 and len(piece) >= 4 and j < n:
                ok = _zipf(piece) >= first_min
            if not ok:
                continue
            cand = (best[i][0] + 1, best[i][1] + _zipf(piece), best[i][2] + [piece])
            cur = best[j]
            if cur is None or (cand[0], -cand[1]) < (cur[0], -cur[1]):
                best[j] = cand
    res = best[n]
    if res is None or res[0] < 2:
        return None
    return res[2]


def _plausible(pieces: list[str], free_first: bool) -> bool:
    """Pieces common enough that the token reads as glued words, not as a rare word or typo."""
    closed = _closed()
    scored = [_zipf(p) for i, p in enumerate(pieces) if not (free_first and i == 0)]
    if not scored:
        return False
    if len(pieces) == 2 and any(p in closed and len(p) >= 3 for p in pieces):
        # a word glued to "which", "that", "and": the other piece may be rarer ("plebiscite")
        other = [p for p in pieces if not (p in closed and len(p) >= 3)]
        return all(free_first and p == pieces[0] or _zipf(p) >= 2.0 for p in other)
    if sum(scored) / len(scored) < MEAN_PIECE_ZIPF:
        return False
    return not (len(pieces) >= 3 and min(scored) < MEAN_PIECE_ZIPF)


def _cuts(pieces: list[str]) -> list[int]:
    cuts, pos = [], 0
    for p in pieces[:-1]:
        pos += len(p)
        cuts.append(pos)
    return cuts


def _split_token(tok: str) -> list[int] | None:
    """Cut positions inside ``tok`` (a run of letters), or None if it is not glued."""
    cuts = _split_token_cached(tok)
    return list(cuts) if cuts is not None else None


@lru_cache(maxsize=100_000)
def _split_token_cached(tok: str) -> tuple[int, ...] | None:
    """``_split_token``, remembered: a token's reading depends on the token alone, and the
    same words come back in every document."""
    cuts = _judge_token(tok)
    return tuple(cuts) if cuts is not None else None


def _judge_token(tok: str) -> list[int] | None:
    low = tok.lower()
    if len(tok) < 4 or _zipf(low) >= 3.5 or low in word_list("glue_keep.txt"):
        return None  # a common word is not glued, whatever its case
    closed = _closed()
    # capitals followed by a closed-class lower-case word: "IIand", "NATOwhich"
    m = re.match(r"^([A-Z]{2,})([a-z]{2,})$", tok)
    if m:
        return [m.end(1)] if m.group(2) in closed and len(m.group(2)) >= 3 else None
    if tok.isupper():
        return None
    # lower -> upper transitions: "propagandaThe", "InPrime", "inVladimir"
    trans = [i for i in range(1, len(tok)) if tok[i - 1].islower() and tok[i].isupper()]
    if trans:
        if len(trans) > 2 or _zipf(low) >= 2.0:
            return None
        pieces = [tok[a:b] for a, b in zip([0] + trans, trans + [len(tok)])]
        head = pieces[0].lower()
        if head in _NAME_PREFIXES:
            return None
        if head in function_words() and len(trans) == 1:
            return trans  # "InPrime Minister": a function word glued to a name
        # "NatSteel", "PeopleSoft": a capitalised token with inner capitals is a brand name
        # unless what follows the capital is a closed-class word ("UnionThe")
        if tok[0].isupper() and not all(p.lower() in closed for p in pieces[1:]):
            return None
        if len(head) < 3:
            return None
        if all(_piece_ok(p.lower()) or (k == 0 and _zipf(p.lower()) >= 2.0)
               for k, p in enumerate(pieces)):
            return trans
        return None
    capital = tok[0].isupper()
    whole = _zipf(low)
    if not capital and LOWER_MAX_ZIPF <= whole < 3.5:
        # common web glue of two function words: "inthe", "ofthe", "itis"
        pieces = _segment(low)
        if (pieces and len(pieces) == 2
                and pieces[0] in word_class("prepositions") | word_class("conjunctions") | word_class("pronouns")
                and pieces[1] in word_class("determiners") | word_class("pronouns") | word_class("auxiliaries")):
            return _cuts(pieces)
        return None
    if whole >= (CAP_MAX_ZIPF if capital else LOWER_MAX_ZIPF):
        return None
    if capital:
        # a name or a capitalised word glued to what follows: "Kurilswhich", "Intwo",
        # "Pakistanfought", "Tanakavisited"; names are made of words, so the pieces after
        # the first must be common ones and the split must be the only sensible reading
        pieces = _segment(low, first_min=CAP_FIRST_MIN_ZIPF)
        loose = _segment(low, first_min=CAP_LOOSE_MIN_ZIPF)
        if loose and len(loose) == 2 and (not pieces or len(pieces) > 2) and (
                loose[1] in closed or _PAST.match(loose[1])):
            pieces = loose  # "Rhinelandand": a name and "and", not "Rhine land and"
        pieces = pieces or loose
        if not pieces:
            return None
        if pieces[0] in closed:
            # "Intwo", "Untilwhen"; but names start with pronouns and short words too
            # ("Mesale", "Tobin", "Inman"): the head must be a preposition, conjunction or
            # determiner, and after a two-letter head the rest a closed word or a long one
            head_ok = pieces[0] in (word_class("prepositions") | word_class("conjunctions")
                                    | word_class("determiners"))
            rest_ok = len(pieces[0]) > 2 or all(p in closed or len(p) >= 4 for p in pieces[1:])
            return _cuts(pieces) if head_ok and rest_ok and _plausible(pieces, False) else None
        rest = pieces[1:]
        if len(rest) == 1 and (rest[0] in closed or _PAST.match(rest[0])) and \
                len(rest[0]) >= 3 and rest[0] not in _WEAK_TAILS:
            # a rare name glued to "and", "which" or a past-tense verb: "Shastriand",
            # "Allawiwarned"; the name may be rarer still
            loose = _segment(low, first_min=CAP_LOOSE_MIN_ZIPF)
            if loose and len(loose) == 2 and loose[1] == rest[0]:
                pieces, rest = loose, loose[1:]
        if len(pieces[0]) < 4:
            return None
        if len(rest) == 1 and (rest[0] in closed or _PAST.match(rest[0])):
            if rest[0] in _WEAK_TAILS or len(rest[0]) < 3:
                return None
            return _cuts(pieces)
        if _zipf(pieces[0]) < CAP_FIRST_MIN_ZIPF:
            return None
        endings = word_list("name_endings.txt")
        if len(rest) <= 2 and all(
                len(p) >= 4 and p not in endings and p != pieces[0]
                and _zipf(p) >= (CAP_REST_MIN_ZIPF if re.search(r"(?:s|ed|ing)$", p) else 3.5)
                for p in rest):
            return _cuts(pieces)
        return None
    pieces = _segment(low, first_min=2.0)
    if not pieces or not _plausible(pieces, free_first=False):
        return None
    joint = sum(_zipf(p) for p in pieces) - 9.0 * (len(pieces) - 1)
    if whole > 0 and joint < whole + MARGIN:
        return None
    return _cuts(pieces)


@lru_cache(maxsize=100_000)
def _skip_run(run: str) -> bool:
    return bool(re.search(r"\d|@|/|_|://|www\.|\.[a-z]{2,}\b|^#|[\-'’]", run))


def find_glued(text: str) -> list[Glue]:
    """Glued tokens of ``text`` with the positions where spaces go back."""
    counts: dict[str, int] = {}
    runs = list(_RUN.finditer(text))
    for m in runs:
        counts[m.group(0)] = counts.get(m.group(0), 0) + 1
    out: list[Glue] = []
    for m in runs:
        run = m.group(0)
        punct, found = _run_glues(run) if len(run) <= _CACHED_RUN else _read_run(run)
        if not punct and counts[run] >= 3:
            continue
        base = m.start()
        for a, b, cuts, missing in found:
            out.append(Glue(base + a, base + b, [base + c for c in cuts], missing_number=missing))
    out.sort(key=lambda g: g.start)
    return out


#: Runs up to this long have their reading remembered (longer ones are rare, and hostile
#: input could fill the memory with them).
_CACHED_RUN = 64


@lru_cache(maxsize=100_000)
def _run_glues(run: str) -> tuple[bool, tuple[tuple[int, int, tuple[int, ...], bool], ...]]:
    """:func:`_read_run`, remembered: what a run holds depends on the run alone, and most
    runs of a text are words seen before."""
    return _read_run(run)


def _read_run(run: str) -> tuple[bool, tuple[tuple[int, int, tuple[int, ...], bool], ...]]:
    """The glues of one whitespace-delimited run, as (start, end, cuts, missing number)
    relative to the run, and whether the run holds punctuation glue ("Kurils,which")."""
    temporal = word_class("temporal") | word_class("months")
    out: list[tuple[int, int, tuple[int, ...], bool]] = []
    pieces = [(0, len(run))]
    punct = False
    # punctuation glue inside the run: "Kurils,which", "8,after"
    if ("," in run or ";" in run or ":" in run) and not re.search(r"://|@|www\.", run):
        punct = True
        cuts = [pm.start() for pm in _PUNCT_GLUE.finditer(run)]
        for c in cuts:
            day = run[c - 1].isdigit()
            out.append((0, len(run), (c + 1,), day))
        if cuts:
            bounds = [0] + [c + 1 for c in cuts] + [len(run) + 1]
            pieces = [(a, b - 1) for a, b in zip(bounds, bounds[1:])]
    parts: list[tuple[int, str]] = []
    for a, b in pieces:
        sub = run[a:b]
        core = sub.strip("\"'“”‘’()[]{}.,;:!?…*«»")
        if not core or len(core) > 60:
            continue
        off = a + sub.index(core)
        if "-" in core and re.fullmatch(r"[^\W\d_]+(?:-[^\W\d_]+)+", core):
            # a hyphenated word is never cut at its hyphens, but one of its parts can
            # be glued to the next word: "two-weekcampaign", "al-Sadrclashed"
            pos = 0
            for seg in core.split("-"):
                if len(seg) >= HYPHEN_PART_MIN:
                    parts.append((off + pos, seg))
                pos += len(seg) + 1
        else:
            parts.append((off, core))
    for off, core in parts:
        if len(core) > 40 or not _LETTERS.match(core) or _skip_run(core):
            continue
        cuts = _split_token(core)
        if not cuts:
            continue
        left = core[: cuts[0]].lower()
        right = core[cuts[0]: (cuts[1] if len(cuts) > 1 else len(core))].lower()
        missing = left in temporal and left != "of" and right not in word_class("determiners")
        out.append((off, off + len(core), tuple(off + c for c in cuts), missing))
    return punct, tuple(out)
