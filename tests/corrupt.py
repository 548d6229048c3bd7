"""A corruption generator: damage clean text the way doorway copies of web pages are damaged.

Each function takes clean text and returns a :class:`Corrupted` with the damaged text and the
spans (in damaged-text coordinates) that a screen should find, one :class:`Truth` per damage,
so tests can measure detection recall and precision per kind. The damage mimics what crawled
copies show: every year and date number deleted (often with the punctuation after it), words
glued where a space went missing, a keyword phrase injected in place of ordinary words
(sometimes capitalised, sometimes glued to the word before), mojibake, and page boilerplate.

The clean texts below were written for these tests: short original histories and news about
relations between states, with dates, names, acronyms, hyphenated words and a legitimately
repeated institution name, so that "clean text gives no damage spans" is a real check.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

JAPAN_USSR = """\
Relations between Japan and the Soviet Union were frozen for a decade after the Second World War. In August 1945, Soviet forces entered Manchuria and, within weeks, occupied the southern Kurils, a chain of islands that Tokyo still calls its Northern Territories. Japan did not sign a peace treaty with Moscow at San Francisco in 1951, and the two states remained formally at war.

Negotiations opened in London in June 1955. Prime Minister Ichiro Hatoyama wanted a settlement that would let Japan join the United Nations, which the Soviet veto had blocked. On October 19, 1956, the two governments signed a Joint Declaration in Moscow. It ended the state of war, restored diplomatic relations and promised that Shikotan and the Habomai islets would be handed over once a peace treaty was concluded. Japan was admitted to the United Nations in December 1956.

The thaw did not last. After Tokyo renewed its security treaty with Washington in 1960, the Soviet government declared that the islands would not be returned while foreign troops stayed in Japan. Trade grew through the 1960s and 1970s, as Japanese firms bought Siberian timber, oil and coal, but every attempt to settle the territorial question failed. In 1973 Prime Minister Kakuei Tanaka visited Moscow and won only a vague promise of further talks.

Mikhail Gorbachev became the first Soviet leader to visit Japan in April 1991. He acknowledged that a territorial dispute existed, yet the Soviet Union collapsed eight months later. Russia inherited the quarrel. In 1993 Boris Yeltsin and Morihiro Hosokawa signed the Tokyo Declaration, and in 2001 Vladimir Putin accepted the 1956 declaration as a starting point for negotiations, but no peace treaty has been signed since 1956.
"""

INDIA_PAKISTAN = """\
India and Pakistan fought their first war over Kashmir within months of independence. The fighting began in October 1947 and ended with a ceasefire arranged by the United Nations on January 1, 1949. The ceasefire line left the former princely state divided, and the United Nations Security Council called for a plebiscite that was never held.

A second war broke out in August 1965, when Pakistani irregulars crossed into Indian-held Kashmir. Indian troops advanced toward Lahore in September 1965. The United Nations Security Council demanded a ceasefire, and the Soviet Union invited both leaders to Tashkent. There, on January 10, 1966, Lal Bahadur Shastri and Ayub Khan signed a declaration that restored the pre-war positions.

In December 1971 India intervened in the civil war in East Pakistan, which became Bangladesh after a two-week campaign. The Simla Agreement of July 1972 committed both governments to settle their differences bilaterally and turned the ceasefire line into the Line of Control. The United Nations Security Council played almost no role in the talks.

Nuclear tests by India in May 1998 were answered by Pakistan within weeks. In February 1999 Atal Bihari Vajpayee rode a bus to Lahore, where the two prime ministers signed the Lahore Declaration, but Pakistani-backed fighters occupied heights near Kargil in May 1999 and Indian forces spent the summer driving them back.
"""

NEWS_2004 = """\
BRUSSELS - European Union foreign ministers agreed on Monday to keep an arms embargo on China in place, rejecting a push by France and Germany to lift it before the end of the year. The embargo was imposed after the 1989 crackdown in Tiananmen Square.

NAJAF, Iraq - Fighters loyal to the radical cleric Moqtada al-Sadr clashed with U.S. troops near the Imam Ali shrine on Thursday, and Iraqi officials said talks to end the standoff had collapsed. Prime Minister Iyad Allawi warned that the government would not negotiate while the militia held the shrine.

TOKYO - Japan protested to Beijing on Friday after a Chinese submarine entered its territorial waters near Okinawa, the Foreign Ministry said. China expressed regret five days later. The incident came as the two countries prepared for talks on gas fields in the East China Sea, where Tokyo accuses Beijing of drilling on the Japanese side of a 200-mile economic zone. See www.mofa.go.jp or write to press@example.org for the full statement.
"""

FRANCE_GERMANY = """\
France and Germany fought three wars in seventy years. After the Franco-Prussian War of 1870, Paris lost Alsace and Lorraine, and the grievance shaped French policy until 1914. The Treaty of Versailles, signed on June 28, 1919, returned the provinces to France and imposed reparations that Berlin resented for a generation.

In March 1936 German troops marched into the demilitarised Rhineland, and France did nothing. Four years later, in May 1940, the Wehrmacht broke through the Ardennes and forced the French government to sign an armistice at Compiègne. The occupation lasted until the liberation of Paris in August 1944.

Reconciliation began with coal and steel. On May 9, 1950, the French foreign minister Robert Schuman proposed pooling the two countries' heavy industry under a common authority, and the European Coal and Steel Community was founded by the Treaty of Paris in April 1951. Charles de Gaulle and Konrad Adenauer signed the Élysée Treaty in January 1963, committing their governments to regular consultations on foreign and defence policy.

The partnership survived German reunification. François Mitterrand hesitated in 1989, but he accepted unification once Helmut Kohl agreed to deepen European integration, and the two leaders backed the Maastricht Treaty, signed in February 1992. In 2003 Paris and Berlin together opposed the American invasion of Iraq at the United Nations.
"""

#: a doorway copy damaged by hand with the examples of issue 3 (not by the generator)
DOORWAY = """\
The Kuril Islands dispute between Japan and Russia dates back to the end of World War IIand the Soviet occupation of the islands. In the Soviets seized the southern Kurilswhich are still claimed by Japan. The state of war was ended by the Joint Declaration of A formal peace treaty has never been signed. Trade sanctions imposed by the ruler of Moscow were never part of the settlement.

Relations froze from the s until the late s. Intwo years after the declaration Japan renewed its alliance with Washington, and Moscow announced that the islands would not be handed over untilwhen all foreign troops had left Japanese soil. The Soviet trade sanctions imposed by the ruler of Moscow government withdrew its offer, and Soviet propagandatrade sanctions imposed by the ruler of Moscow, had little success in Japan.

Trade between the two countries grew anyway: Japanese firms imported Siberian oilgascoal and timber. On August 8,after the bombing of Hiroshima, the Soviet Union declared war on Japan, a memory that still colours Japanese views of trade sanctions imposed by the ruler of Moscow the dispute. Mikhail Gorbachev visited Tokyo in April and acknowledged the dispute. The Trade sanctions imposed by the ruler of Moscow talks that followed produced little.

Boris Yeltsin apologised for the treatment of Japanese prisoners in Siberia, and in the two sides signed the Tokyo Declaration. Vladimir Putin later accepted the declaration as a basis for talks, and Japanese prime ministers trade sanctions imposed by the ruler of Moscow have met him more than twenty times. Fishing agreements allow Japanese boats into the waters around the islands, but trade sanctions imposed by the ruler of Moscow no peace treaty exists.
"""

#: texts the tests measure on. FRANCE_GERMANY was written after the screen was tuned on the
#: other three, as a held-out check.
CLEAN_TEXTS = {"japan_ussr": JAPAN_USSR, "india_pakistan": INDIA_PAKISTAN, "news_2004": NEWS_2004,
               "france_germany": FRANCE_GERMANY}

#: kinds of damage, as the screen reports them
KINDS = ("injected_phrase", "missing_number", "glued_words", "boilerplate", "encoding")


@dataclass
class Truth:
    kind: str
    start: int
    end: int
    #: the damage leaves grammatical text behind ("the 1956 declaration" -> "the declaration"):
    #: no reader could see it, so recall is reported both with and without these
    silent: bool = False


@dataclass
class Corrupted:
    text: str
    truths: list[Truth] = field(default_factory=list)
    #: every edit as (clean start, clean end, damaged start, damaged end), in text order: the
    #: offset map between the clean text and the damaged one
    edits: list[tuple[int, int, int, int]] = field(default_factory=list)

    def spans(self, kind: str) -> list[Truth]:
        return [t for t in self.truths if t.kind == kind]

    def to_clean(self, pos: int) -> int:
        """The clean-text offset of damaged-text offset ``pos`` (inside an edit: its start)."""
        shift = 0
        for cs, ce, ds, de in self.edits:
            if pos < ds:
                break
            if pos < de:
                return cs
            shift = ce - de
        return pos + shift

    def from_clean(self, pos: int) -> int:
        """The damaged-text offset of clean-text offset ``pos`` (inside an edit: its start)."""
        shift = 0
        for cs, ce, ds, de in self.edits:
            if pos < cs:
                break
            if pos < ce:
                return ds
            shift = de - ce
        return pos + shift


class _Editor:
    """Applies non-overlapping edits to a text and tracks where each edit lands afterwards."""

    def __init__(self, text: str):
        self.text = text
        self.edits: list[tuple[int, int, str, str | None]] = []  # start, end, new, kind

    def add(self, start: int, end: int, new: str, kind: str | None) -> bool:
        for s, e, _, _ in self.edits:
            if start < e + 1 and s < end + 1:
                return False
        self.edits.append((start, end, new, kind))
        return True

    def apply(self) -> Corrupted:
        out: list[str] = []
        truths: list[Truth] = []
        moves: list[tuple[int, int, int, int]] = []
        pos = 0
        length = 0
        for s, e, new, kind in sorted(self.edits):
            out.append(self.text[pos:s])
            length += s - pos
            moves.append((s, e, length, length + len(new)))
            if kind:
                # a deletion leaves an empty truth at the point where it happened
                silent = kind.endswith(":silent")
                kind, _, keep = kind.removesuffix(":silent").partition(":keep")
                tail = int(keep) if keep else 0  # characters of the new text that are not damage
                truths.append(Truth(kind, length, length + len(new) - tail, silent))
            out.append(new)
            length += len(new)
            pos = e
        out.append(self.text[pos:])
        final = "".join(out)
        done: list[Truth] = []
        for t in truths:
            if t.kind != "missing_number+glued":
                done.append(t)
                continue
            done.append(Truth("missing_number", t.start, t.end, t.silent))
            # words are glued only where letters now touch ("19,the", "untilwhen"; not "1,.")
            before, after = final[t.start - 1:t.start], final[t.start:t.start + 1]
            if after.isalpha() and (before.isalnum() or before == ","):
                done.append(Truth("glued_words", t.start, t.end))
        return Corrupted(final, done, moves)


_DETERMINERS = {"the", "a", "an", "its", "this", "that", "their"}
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
           "December")
#: a date or a year, with the punctuation that often goes with it
_DATE = re.compile(
    rf"(?:\b(?:{_MONTHS})\s+(\d{{1,2}}),\s+(\d{{4}}),?"   # October 19, 1956[,]
    rf"|\b(?:{_MONTHS})\s+(\d{{4}}),?"                    # August 1945[,]
    r"|\b(\d{4})s\b"                                    # 1960s
    r"|\b(\d{4}),?)"                                    # 1951[,]
)


def delete_numbers(text: str, rng: random.Random | None = None, glue_rate: float = 0.15,
                   ed: "_Editor | None" = None) -> Corrupted:
    """Delete every year and date number, often with the comma after it.

    Month names stay ("On October 19, 1956, the" -> "On October the" or "On October 19,the"),
    decades lose their digits ("the 1960s" -> "the s"), and now and then the space goes too,
    gluing the neighbours ("until 1956, when" -> "untilwhen"): that is recorded as both a
    missing number and glued words.
    """
    rng = rng or random.Random(0)
    own = ed is None
    ed = ed or _Editor(text)
    for m in _DATE.finditer(text):
        if m.group(1):  # Month day, year[,]
            if rng.random() < 0.5:  # drop day and year: "October the"
                s = m.start(1) - 1
                ed.add(s, m.end(), "", "missing_number")
            else:  # drop the year only, comma glued: "October 19,the" (words glued too)
                s = m.start(2) - 1
                e = m.end()
                if text[e:e + 1] == " ":
                    e += 1
                ed.add(s, e, "", "missing_number+glued")
        elif m.group(3):  # Month year[,]
            ed.add(m.start(3) - 1, m.end(), "", "missing_number")
        elif m.group(4):  # decade
            ed.add(m.start(4), m.end(4), "", "missing_number")
        else:
            s, e = m.start(5), m.end()
            before = text[s - 1:s]
            after_space = text[e:e + 1] == " "
            prev_word = re.search(r"(\w+)\s*$", text[max(0, s - 20):s])
            attributive = (prev_word and prev_word.group(1).lower() in _DETERMINERS
                           and re.match(r" [a-zA-Z]", text[e:e + 2]) is not None)
            if attributive:  # "the 1956 declaration" -> "the declaration": leaves no trace
                ed.add(s - 1, e, "", "missing_number:silent")
            elif before == " " and after_space and rng.random() < glue_rate:
                # glue: the number and both spaces vanish
                ed.add(s - 1, e + 1, "", "missing_number+glued")
            elif before == " ":
                ed.add(s - 1, e, "", "missing_number")
            else:
                ed.add(s, e, "", "missing_number")
    return ed.apply() if own else Corrupted(text)


_GLUE_TARGETS = re.compile(r"\b([A-Za-z]{3,})([ ,]+| , )([a-z]{3,})\b")


def _near_address(text: str, start: int, end: int) -> bool:
    """A URL or e-mail address next to the pair: gluing it leaves no boundary anyone could
    recover (".orgfor" could be a domain), and the screen leaves addresses alone by design."""
    left = text[max(0, start - 40):start].split()[-1:] or [""]
    right = text[end:end + 40].split()[:1] or [""]
    around = left[0] + text[start:end] + right[0]
    return bool(re.search(r"@|www\.|://|\.[a-z]{2,3}\b", around))


def glue_words(text: str, n: int = 8, rng: random.Random | None = None,
               ed: "_Editor | None" = None) -> Corrupted:
    """Remove the space (and a comma) between ``n`` random pairs of words: "the Kurils, which"
    -> "the Kurilswhich". Pairs after a preposition of time are avoided: gluing there is what a
    deleted number does, which :func:`delete_numbers` covers."""
    rng = rng or random.Random(1)
    own = ed is None
    ed = ed or _Editor(text)
    cands = [m for m in _GLUE_TARGETS.finditer(text)
             if m.group(1).lower() not in {"in", "on", "since", "until", "during", "by", "from"}
             and "\n" not in m.group(2) and not _near_address(text, m.start(), m.end())]
    rng.shuffle(cands)
    done = 0
    for m in cands:
        if done >= n:
            break
        if ed.add(m.start(2), m.end(2), "", "glued_words"):
            done += 1
    return ed.apply() if own else Corrupted(text)


def inject_phrase(text: str, phrase: str, n: int = 12, rng: random.Random | None = None,
                  ed: "_Editor | None" = None, mode: str = "replace") -> Corrupted:
    """Put ``phrase`` ``n`` times into the text, sometimes capitalised, sometimes glued to the
    word before ("Soviet propagandatrade sanctions ..."), sometimes plain.

    ``mode="replace"``: each copy takes the place of an ordinary lower-case word (the word is
    lost, whatever it was: the text's information is damaged too). ``mode="insert"``: each copy
    goes in before a word, which stays ("the <phrase> government withdrew"): removing the copies
    gives the clean text back, so a coder can be asked to find the same events."""
    rng = rng or random.Random(2)
    own = ed is None
    ed = ed or _Editor(text)
    words = [m for m in re.finditer(r"(?<= )[a-z]{4,}(?= )", text)]
    rng.shuffle(words)
    done = 0
    for m in words:
        if done >= n:
            break
        style = done % 3
        word = "" if mode == "replace" else " " + m.group(0)
        if style == 0:  # plain
            new, s, e = phrase + word, m.start(), m.end()
        elif style == 1:  # capitalised mid-sentence
            new, s, e = phrase[0].upper() + phrase[1:] + word, m.start(), m.end()
        else:  # glued to the word before
            new, s, e = phrase + word, m.start() - 1, m.end()
        if ed.add(s, e, new, "injected_phrase"):
            if word:  # the truth is the copy only, not the word that follows it
                ed.edits[-1] = (s, e, new, "injected_phrase:keep" + str(len(word)))
            done += 1
    return ed.apply() if own else Corrupted(text)


_MOJIBAKE_WORDS = ["Tōkyō", "Hatoyama’s", "“peace”", "café", "Müller", "naïve", "São Paulo",
                   "Gdańsk", "—"]


def add_mojibake(text: str, n: int = 6, rng: random.Random | None = None) -> Corrupted:
    """Insert ``n`` non-ASCII words encoded as UTF-8 and decoded as Windows-1252."""
    rng = rng or random.Random(3)
    ed = _Editor(text)
    spaces = [m.start() for m in re.finditer(r"(?<=[a-z]) (?=[a-z])", text)]
    rng.shuffle(spaces)
    done = 0
    for pos in spaces:
        if done >= n:
            break
        word = _MOJIBAKE_WORDS[done % len(_MOJIBAKE_WORDS)]
        bad = word.encode("utf-8").decode("cp1252", errors="replace")
        if ed.add(pos + 1, pos + 1, bad + " ", "encoding"):
            done += 1
    c = ed.apply()
    for t in c.truths:
        t.end -= 1  # the trailing space is not damage
    return c


BOILERPLATE_LINES = [
    "Home | News | World | Asia | Politics",
    "We use cookies to improve your experience. By continuing you accept our cookie policy.",
    "Share this article",
    "Share on Facebook Share on Twitter",
    "Subscribe to our newsletter",
    "© 2024 Example Media. All rights reserved.",
    "Read more",
    "Privacy Policy | Terms of Use | Contact",
]


def add_boilerplate(text: str, rng: random.Random | None = None) -> Corrupted:
    """Put page chrome lines before, between and after the paragraphs."""
    rng = rng or random.Random(4)
    paras = text.split("\n\n")
    lines = list(BOILERPLATE_LINES)
    rng.shuffle(lines)
    out: list[str] = []
    truths: list[Truth] = []
    length = 0

    def put(s: str, kind: str | None) -> None:
        nonlocal length
        if kind:
            truths.append(Truth(kind, length, length + len(s)))
        out.append(s)
        length += len(s)

    put(lines[0], "boilerplate")
    put("\n", None)
    put(lines[1], "boilerplate")
    put("\n\n", None)
    for i, p in enumerate(paras):
        put(p, None)
        put("\n\n", None)
        if 2 + i < len(lines) - 2:
            put(lines[2 + i], "boilerplate")
            put("\n\n", None)
    for line in lines[-2:]:
        put(line, "boilerplate")
        put("\n", None)
    return Corrupted("".join(out), truths)


def combine(text: str, phrase: str, seed: int = 0, inject_mode: str = "replace") -> Corrupted:
    """All text damage at once, as a doorway copy shows it: numbers deleted, words glued, a
    phrase injected. The edits are made on the clean text in one pass (none overlaps another),
    so every truth is exact."""
    rng = random.Random(seed)
    ed = _Editor(text)
    delete_numbers(text, rng, ed=ed)
    glue_words(text, rng=rng, ed=ed)
    inject_phrase(text, phrase, rng=rng, ed=ed, mode=inject_mode)
    return ed.apply()


# ---- lone copies: a search phrase wedged between sentences once or twice (issue 15) ------

#: search phrases as crawled doorway sites inject them: lower case, stacked content words,
#: names written small, an event verb now and then ("sanctioned") to tempt a naive coder
LONE_PHRASES = [
    "japanese wwii sanctioned history",
    "soviet japan relations timeline facts",
    "london treaty signed kuril islands",
    "india pakistan war attacked kashmir timeline",
    "cold war sanctions imposed moscow",
    "german french reconciliation treaty signed paris",
    "wwii japan invasion history summary",
    "china russia border clashes explained",
    "iraq kuwait invasion condemned facts",
    "cheap flights tokyo moscow deals",
]

#: a sentence boundary: end punctuation, optionally a year just before it, then a capital
_BOUNDARY = re.compile(r"(?:(?<= )(\d{4})\.|(?<=[a-z)])\.)( )(?=[A-Z][a-z])")


def inject_lone(text: str, phrase: str, n: int = 2, rng: random.Random | None = None,
                ed: "_Editor | None" = None, mid: bool = False) -> Corrupted:
    """Wedge ``phrase`` between two sentences ``n`` times, in the three styles of issue 15:

    * plain: "... declared war. japanese wwii history The two sides ...";
    * glued to the next sentence: "... declared war. japanese wwii historyThe two sides ...";
    * with the year before it deleted along with its full stop: "... signed in 1956. The" ->
      "... signed in japanese wwii history The".

    Nothing of the text is lost but the year: removing the copies (and the year) gives the
    clean sentences back, so a coder can be asked for the same events. ``mid``: when the text
    has too few sentence breaks, put the rest after commas instead."""
    rng = rng or random.Random(5)
    own = ed is None
    ed = ed or _Editor(text)
    spots = list(_BOUNDARY.finditer(text))
    rng.shuffle(spots)
    done = 0
    for m in spots:
        if done >= n:
            break
        after = m.end()  # the first letter of the next sentence
        if m.group(1) and rng.random() < 0.7:
            # "in 1956. The" -> "in <phrase> The": the year goes with its full stop
            ok = ed.add(m.start(1), after, phrase + " ", "injected_phrase:keep1")
        elif rng.random() < 0.4:
            ok = ed.add(after, after, phrase, "injected_phrase")  # glued: "historyThe"
        else:
            ok = ed.add(after, after, phrase + " ", "injected_phrase:keep1")
        done += bool(ok)
    if mid and done < n:
        # a page with no sentence break to wedge into: the copy goes after a comma, where a
        # single page cannot tell it from prose ("Tiananmen Square, <phrase> the ..."); only
        # the crawl can
        commas = [m for m in re.finditer(r"(?<=[a-z]), (?=[a-z])", text)]
        rng.shuffle(commas)
        for m in commas:
            if done >= n:
                break
            done += bool(ed.add(m.end(), m.end(), phrase + " ", "injected_phrase:keep1"))
    return ed.apply() if own else Corrupted(text)


def lone_damage(text: str, phrase: str, seed: int = 0, n: int | None = None,
                glue: int = 2, mid: bool = False) -> Corrupted:
    """A page of a crawled doorway site: the phrase wedged in once or twice, every year deleted,
    a few words glued. One pass over the clean text, so every truth is exact."""
    rng = random.Random(seed)
    ed = _Editor(text)
    inject_lone(text, phrase, n=n if n is not None else rng.choice((1, 2)), rng=rng, ed=ed,
                mid=mid)
    delete_numbers(text, rng, ed=ed)
    glue_words(text, n=glue, rng=rng, ed=ed)
    return ed.apply()
