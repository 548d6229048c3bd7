"""Unit tests of the screen stage: each detector, the offset maps, the public API."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from detente.records import OK, SKIPPED
from detente.screen import KINDS, Screened, screen
from detente.screen.boilerplate import is_boilerplate_line
from detente.screen.glued import find_glued
from detente.screen.htmltext import strip_html
from detente.screen.language import detect_language
from detente.screen.numbers import find_missing_numbers
from detente.screen.offsets import CleanBuilder, OffsetMap, compose, span_to_original

from corrupt import CLEAN_TEXTS, DOORWAY, combine

PHRASE = "trade sanctions imposed by the ruler of Japan"


def kinds(s: Screened) -> set[str]:
    return {sp.kind for sp in s.quality.spans}


# --- offsets -------------------------------------------------------------------------------

def test_identity_map_round_trips():
    m = OffsetMap.identity(10)
    assert len(m) == 10
    assert m.span(2, 5) == (2, 5)
    assert m.start(10) == 10


def test_builder_insert_and_remove_map_back():
    original = "Soviet propagandaX Y Z, had little success"
    b = CleanBuilder(original)
    b.keep(0, 17)          # "Soviet propaganda"
    b.keep(22, 27)         # ", had"
    b.insert(" ", 27)
    b.keep(28, len(original))
    clean, m = b.build()
    assert clean == "Soviet propaganda, had little success"
    for word in re.finditer(r"\w+", clean):
        a, z = m.span(word.start(), word.end())
        assert original[a:z] == word.group(0)


def test_compose_chains_two_maps():
    original = "<p>Tokyo &amp; Moscow</p>"
    html = strip_html(original)
    b = CleanBuilder(html.text)
    b.keep(0, len(html.text))
    clean, inner = b.build()
    m = compose(inner, html.offsets)
    i = clean.index("Moscow")
    a, z = span_to_original(m, i, i + 6)
    assert original[a:z] == "Moscow"


# --- clean text stays clean ----------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(CLEAN_TEXTS))
def test_clean_text_gives_no_damage_spans(name):
    s = screen(CLEAN_TEXTS[name])
    assert s.quality.spans == []
    assert s.quality.flags == []
    assert s.quality.score == 1.0
    assert s.clean == CLEAN_TEXTS[name]
    assert s.masked == [] and s.damaged == []
    assert s.language == "en" and s.status == OK


def test_legit_names_and_tokens_are_not_split():
    text = ("Gov. James E. McGreevey met Moqtada al-Sadr's envoy about the Kurils. NATO and the "
            "OSCE sent a 50km convoy; see https://example.org/peace-talks or mail "
            "press@example.org #peacetalks. The YouTube clip showed PeopleSoft staff in Okinawa "
            "and Kandahar, a well-known cease-fire line, in Shikotan and Habomai.")
    assert find_glued(text) == []


def test_legit_repeated_name_is_not_injected():
    text = CLEAN_TEXTS["india_pakistan"]
    assert text.count("United Nations Security Council") >= 3
    assert "injected_phrase" not in kinds(screen(text))


# --- each detector -------------------------------------------------------------------------

@pytest.mark.parametrize("token,pieces", [
    ("IIand", ["II", "and"]), ("Intwo", ["In", "two"]), ("untilwhen", ["until", "when"]),
    ("Kurilswhich", ["Kurils", "which"]), ("oilgascoal", ["oil", "gas", "coal"]),
    ("propagandaThe", ["propaganda", "The"]),
])
def test_glued_examples_of_the_issue_split(token, pieces):
    text = f"The record shows {token} here."
    found = find_glued(text)
    assert len(found) == 1
    g = found[0]
    bounds = [g.start] + g.cuts + [g.end]
    assert [text[a:b] for a, b in zip(bounds, bounds[1:])] == pieces


def test_glued_after_time_preposition_is_a_missing_number_too():
    s = screen("The islands stayed Soviet untilwhen the Union fell apart.")
    assert {"glued_words", "missing_number"} <= kinds(s)
    assert "until when" in s.clean


@pytest.mark.parametrize("text,trace", [
    ("It was ended by the Joint Declaration of A formal peace treaty never followed.", "of A"),
    ("Trade grew from the s until the late s.", "the s"),
    ("The bombing on August 8,after the raid, was condemned.", "8,after"),
    ("In the Soviets seized the southern islands.", "In the Soviets seized"),
    ("Talks resumed in , the year the war ended.", "in ,"),
    ("The offer stood from to without change.", "from to"),
])
def test_missing_number_examples(text, trace):
    found = [text[t.start:t.end] for t in find_missing_numbers(text)]
    assert any(trace in f for f in found), found


def test_missing_number_spans_are_damaged_and_in_original_coordinates():
    text = "Relations improved. In the Soviets seized the islands. Trade grew."
    s = screen(text)
    spans = [sp for sp in s.quality.spans if sp.kind == "missing_number"]
    assert spans and all(text[sp.start:sp.end] == sp.text for sp in spans)
    assert s.damaged == [(sp.start, sp.end) for sp in spans]


def test_ordinary_news_phrases_are_not_missing_numbers():
    text = ("They will not give in to threats, the minister said on Monday. Officials in the "
            "Iraqi government said talks would resume in October, and the summit was called off. "
            "In Baghdad, police said the blast killed three people.")
    assert find_missing_numbers(text) == []


def test_injected_phrase_is_masked_and_removed_from_the_clean_view():
    cap = PHRASE[0].upper() + PHRASE[1:]
    text = (f"The Soviet {PHRASE} government withdrew its forces. Soviet propaganda{PHRASE}, "
            f"had little success. {cap} the talks resumed later. Moscow and Tokyo, {PHRASE}, "
            f"traded notes. Officials said the {cap} envoy had left.")
    s = screen(text)
    inj = [sp for sp in s.quality.spans if sp.kind == "injected_phrase"]
    assert len(inj) == 5
    assert all(sp.text.lower() == PHRASE.lower() for sp in inj)
    assert all(any(a <= sp.start and sp.end <= b for a, b in s.masked) for sp in inj)
    assert "sanctions" not in s.clean
    assert "The Soviet government withdrew its forces." in s.clean
    assert "Soviet propaganda, had little success." in s.clean
    assert "The talks resumed later." in s.clean  # capitalised where the copy opened a sentence
    assert "Officials said the envoy had left." in s.clean
    assert "Moscow and Tokyo, traded notes." in s.clean
    assert "  " not in s.clean


def test_mojibake_is_repaired_and_reported():
    text = "The â€œpeaceâ€\x9d talks in MÃ¼nchen ended."
    s = screen(text)
    assert s.clean == "The “peace” talks in München ended."
    enc = [sp for sp in s.quality.spans if sp.kind == "encoding"]
    assert [sp.text for sp in enc] == ["â€œ", "â€\x9d", "Ã¼"]
    i = s.clean.index("München")
    a, b = s.to_original(i, i + len("München"))
    assert text[a:b] == "MÃ¼nchen"


def test_stray_entities_in_plain_text_are_decoded():
    text = 'Britain #39;s envoy called the plan quot;excellent quot; on Monday.'
    s = screen(text)
    assert "Britain 's envoy" in s.clean and '"excellent "' in s.clean
    assert "encoding" in kinds(s) and "glued_words" not in kinds(s)


@pytest.mark.parametrize("line", [
    "Home | News | World | Asia | Politics", "We use cookies to improve your experience.",
    "Share this article", "Subscribe to our newsletter", "© 2024 Example Media. All rights reserved.",
    "Image caption: Soviet troops in Manchuria", "Getty Images", "Related stories",
    "Published on 12 March 2024", "Tags: Japan, Russia, Kurils",
])
def test_boilerplate_lines(line):
    assert is_boilerplate_line(line)


@pytest.mark.parametrize("line", [
    "Japan and the Soviet Union signed a declaration in Moscow.",
    "The European Parliament debated a law on cookies and privacy for web users across the "
    "union, and the vote was close after months of talks between the member states and firms.",
])
def test_article_lines_are_not_boilerplate(line):
    assert not is_boilerplate_line(line)


def test_boilerplate_is_masked_and_dropped():
    text = "Home | News | World | Asia\nShare this article\nJapan signed a treaty with Russia.\n"
    s = screen(text)
    assert kinds(s) == {"boilerplate"}
    assert "Share" not in s.clean and "Japan signed a treaty with Russia." in s.clean
    assert len(s.masked) == 2


@pytest.mark.parametrize("text,lang", [
    ("Le Japon et l'Union soviétique ont signé une déclaration commune qui a mis fin à l'état "
     "de guerre entre les deux pays.", "fr"),
    ("Japan und die Sowjetunion unterzeichneten eine gemeinsame Erklärung, die den "
     "Kriegszustand zwischen den beiden Ländern beendete.", "de"),
    ("Япония и Советский Союз подписали совместную декларацию о прекращении войны.", "ru"),
    (CLEAN_TEXTS["japan_ussr"], "en"),
])
def test_language_detection(text, lang):
    assert detect_language(text).language == lang


def test_non_english_is_skipped_unless_lang_any():
    text = ("Le Japon et l'Union soviétique ont signé une déclaration commune qui a mis fin à "
            "l'état de guerre entre les deux pays.")
    s = screen(text)
    assert s.status == SKIPPED and "fr" in s.reason and s.language == "fr"
    assert "language" in s.quality.flags
    s_any = screen(text, lang="any")
    assert s_any.status == OK and "language" in s_any.quality.flags


def test_short_text_counts_as_english():
    s = screen("Japan protests.")
    assert s.language == "en" and s.status == OK


# --- HTML ----------------------------------------------------------------------------------

HTML = """<!DOCTYPE html><html><head><title>Kurils</title><style>p {color: red}</style>
<script>var s = "<p>not text</p>";</script></head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a>Asia</a> | <a>Politics</a></nav>
<article><h1>Japan &amp; the Soviet Union</h1>
<p>On October 19, 1956, Japan and the <b>Soviet Union</b> signed a
Joint Declaration in&nbsp;Moscow.</p>
<p>It restored diplomatic relations.</p></article>
<footer><p>&copy; 2024 Example Media. All rights reserved.</p></footer>
</body></html>"""


def test_html_is_stripped_with_offsets_into_the_markup():
    s = screen(HTML, fmt="html")
    assert "<" not in s.clean and "not text" not in s.clean and "color" not in s.clean
    assert "Japan and the Soviet Union signed a Joint Declaration in\xa0Moscow." in s.clean
    for word in ("Soviet", "Declaration", "Moscow", "restored", "Kurils"):
        i = s.clean.index(word)
        a, b = s.to_original(i, i + len(word))
        assert HTML[a:b] == word
    i = s.clean.index("&")
    assert HTML[s.offsets.start(i):].startswith("&amp;")
    boiler = [sp.text for sp in s.quality.spans if sp.kind == "boilerplate"]
    assert any("Home" in t for t in boiler) and any("rights reserved" in t for t in boiler)
    assert "Home" not in s.clean and "rights reserved" not in s.clean
    assert all(HTML[sp.start:sp.end] == sp.text for sp in s.quality.spans)


# --- the damaged doorway copy as a whole ---------------------------------------------------

def test_damaged_copy_scores_low_and_maps_every_word_back():
    damaged = combine(CLEAN_TEXTS["japan_ussr"], PHRASE, seed=1)
    s = screen(damaged.text)
    assert {"injected_phrase", "missing_number", "glued_words"} <= set(s.quality.flags)
    assert s.quality.score < 0.5
    for m in re.finditer(r"\w+", s.clean):
        a, b = s.to_original(m.start(), m.end())
        assert damaged.text[a:b].lower() == m.group(0).lower()
    for sp in s.quality.spans:
        assert sp.kind in KINDS
        assert damaged.text[sp.start:sp.end] == sp.text


def test_bad_arguments_are_clear_errors():
    with pytest.raises(ValueError, match="fmt"):
        screen("x", fmt="pdf")
    with pytest.raises(ValueError, match="lang"):
        screen("x", lang="fr")


@pytest.mark.parametrize("text", ["", " ", "\n\n", "...", "a", "12 345", "\ufffd" * 5,
                                  "the the the the the the the the", "a b " * 2000])
def test_odd_input_does_not_crash(text):
    s = screen(text)
    assert 0.0 <= s.quality.score <= 1.0
    assert len(s.offsets) == len(s.clean)


def test_hand_damaged_doorway_copy():
    s = screen(DOORWAY)
    spans = {sp.kind: [] for sp in s.quality.spans}
    for sp in s.quality.spans:
        spans[sp.kind].append(sp.text)
    assert len(spans["injected_phrase"]) == 7
    assert {t.lower() for t in spans["injected_phrase"]} == {"trade sanctions imposed by the ruler of moscow"}
    for trace in ("In the Soviets seized", "of A", "the s", "late s", "8,after"):
        assert any(trace in t for t in spans["missing_number"]), trace
    for glued in ("IIand", "Kurilswhich", "Intwo", "untilwhen", "oilgascoal"):
        assert glued in spans["glued_words"], glued
    assert "World War II and the Soviet" in s.clean and "oil gas coal" in s.clean
    assert "sanctions imposed" not in s.clean
    assert "Soviet propaganda, had little success" in s.clean
    assert "The Soviet government withdrew its offer" in s.clean


NEWS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "news_world_2004.jsonl"


@pytest.mark.skipif(not NEWS.exists(), reason="../shared/corpus not present")
def test_long_clean_document_has_no_injected_phrase():
    # 1,900 news stories as one document: hundreds of legitimately repeated phrases
    # ("President Bush", "Supreme Court", "war on terrorism", "set up a") must all fit
    import json

    with NEWS.open(encoding="utf-8") as fh:
        big = "\n\n".join(json.loads(line).get("text") or "" for line in fh)
    s = screen(big)
    assert "injected_phrase" not in s.quality.flags, s.phrases[:5]


def test_html_with_every_layer_maps_back():
    page = ("<html><body><div class='menu'>Home | News | World | Politics</div>"
            "<p>Talks in MÃ¼nchen &amp; Bonn ended untilwhen the Kurilswhich were discussed."
            "</p><p>The ministers met again.</p></body></html>")
    s = screen(page, fmt="html")
    assert s.quality.flags == ["missing_number", "glued_words", "boilerplate", "encoding"]
    assert "München & Bonn ended until when the Kurils which were" in s.clean
    for sp in s.quality.spans:
        assert page[sp.start:sp.end] == sp.text
    for word in ("München", "Bonn", "until", "when", "Kurils", "which", "ministers"):
        i = s.clean.index(word)
        a, b = s.to_original(i, i + len(word))
        assert page[a:b] == (word if word != "München" else "MÃ¼nchen")


def test_number_stripped_copy_is_recognised():
    damaged = combine(CLEAN_TEXTS["japan_ussr"], PHRASE, seed=0)
    assert screen(damaged.text).numbers_stripped
    assert not screen(CLEAN_TEXTS["japan_ussr"]).numbers_stripped
    assert not screen(CLEAN_TEXTS["news_2004"]).numbers_stripped


@pytest.mark.parametrize("damaged,clean", [
    ("Talks resumed. In the Soviets seized the islands.",
     "Talks resumed. The Soviets seized the islands."),
    ("It was ended by the Joint Declaration of A formal peace treaty never followed.",
     "It was ended by the Joint Declaration. A formal peace treaty never followed."),
    ("Talks at San Francisco in and the two states stayed at war.",
     "Talks at San Francisco and the two states stayed at war."),
    ("In , the two sides met.", "The two sides met."),
    ("The treaty was signed, and in Vladimir Putin accepted it.",
     "The treaty was signed, and Vladimir Putin accepted it."),
    ("InPrime Minister Kakuei Tanaka visited Moscow.", "Prime Minister Kakuei Tanaka visited Moscow."),
])
def test_clean_view_drops_prepositions_left_hanging_by_a_deleted_year(damaged, clean):
    s = screen(damaged)
    assert s.clean == clean
    assert "missing_number" in s.quality.flags and s.damaged
    for m in re.finditer(r"\w+", s.clean):
        a, b = s.to_original(m.start(), m.end())
        assert damaged[a:b].lower() == m.group(0).lower()


def test_inside_masked_is_containment_not_overlap():
    text = (f"European Union{PHRASE} foreign ministers met. " * 2
            + f"The {PHRASE[0].upper() + PHRASE[1:]} talks ended. They met {PHRASE} again.")
    s = screen(text)
    (a, b) = s.masked[0]
    assert s.inside_masked(a, b) and s.inside_masked(a + 2, b - 2)
    actor = (0, text.index(" met."))  # "European Union<copy> foreign ministers"
    assert not s.inside_masked(*actor)
