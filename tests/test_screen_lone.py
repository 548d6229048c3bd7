"""Lone injected phrases (one or two per page) and junk across a crawl (issue 15)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

import corrupt as c
from detente.screen import screen
from detente.screen.crawl import CrawlScan, KnownPhrases, find_known
from detente.screen.wedged import find_wedged

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
NEWS = SHARED / "corpus" / "news_world_2004.jsonl"


def _found(truth, spans) -> bool:
    return any(s.start - 2 <= truth.end and truth.start <= s.end + 2 for s in spans)


def test_a_phrase_wedged_once_is_masked_with_its_reasons():
    text = ("The Soviet Union declared war on Japan. japanese wwii sanctioned history The two "
            "sides signed a declaration in Moscow.")
    s = screen(text)
    spans = [sp for sp in s.quality.spans if sp.kind == "injected_phrase"]
    assert [sp.text for sp in spans] == ["japanese wwii sanctioned history"]
    (phrase, why), = s.phrases
    assert any("lower-case name: japanese, wwii" in r for r in why)
    assert any("lower case after a sentence end" in r for r in why)
    assert "sanctioned" not in s.clean and "The two sides signed" in s.clean


def test_glued_copy_and_deleted_year_split_the_sentences():
    # "signed in 1956. The" lost its year and full stop; the copy is glued to "The"
    text = ("The treaty was signed in japanese wwii sanctioned historyThe two sides later "
            "restored relations.")
    s = screen(text)
    assert [sp.text for sp in s.quality.spans if sp.kind == "injected_phrase"] == [
        "japanese wwii sanctioned history"]
    assert s.breaks and s.clean[s.breaks[0]:].startswith("The two sides")


def test_prose_that_only_looks_odd_is_left_alone():
    for text in ("He met former world chess champion Bobby Fischer on Tuesday.",
                 "Troops fought in the mountainous northeastern region bordering Cameroon.",
                 "Officials said. the talks resumed on Monday in Geneva.",
                 "Prime Minister Junichiro Koizumi told The Associated Press he would go."):
        assert find_wedged(text) == [], text


def test_generated_lone_copies_are_found_per_occurrence():
    n = found = false = 0
    for seed in range(6):
        for text in c.CLEAN_TEXTS.values():
            d = c.lone_damage(text, c.LONE_PHRASES[seed % len(c.LONE_PHRASES)], seed)
            s = screen(d.text)
            det = [x for x in s.quality.spans if x.kind == "injected_phrase"]
            truths = d.spans("injected_phrase")
            n += len(truths)
            found += sum(_found(t, det) for t in truths)
            false += sum(not any(_found(t, [x]) for t in truths) for x in det)
    print(f"lone copies found {found}/{n}, false spans {false}")
    assert n >= 30 and found >= 0.9 * n and false == 0


def test_known_phrases_match_exact_and_glued_copies():
    known = KnownPhrases.from_strings(["cold war sanctions imposed moscow"])
    text = ("Police found explosives, cold war sanctions imposed moscow detonators. Then Cold "
            "war sanctions imposed moscowThe end.")
    got = find_known(text, known)["cold war sanctions imposed moscow"]
    assert [text[s:e] for s, e in got] == ["cold war sanctions imposed moscow",
                                            "Cold war sanctions imposed moscow"]


def test_crawl_pass_finds_a_site_keyword_and_masks_every_copy():
    phrase = "cheap flights tokyo moscow deals"
    rng = random.Random(3)
    docs = []
    for k in range(8):
        text = list(c.CLEAN_TEXTS.values())[k % 4]
        docs.append(c.lone_damage(text, phrase, seed=k, n=1, mid=rng.random() < 0.5))
    scan = CrawlScan()
    for d in docs:
        scan.add(d.text)
    assert phrase in scan.phrases().strings()
    # a copy that reads well on its own page is masked once the crawl has judged it
    quiet = "Japan and China met in Beijing, cheap flights tokyo moscow deals and talked."
    assert screen(quiet, known=scan.phrases()).masked


def test_bounded_table_stays_bounded():
    rng = random.Random(0)
    scan = CrawlScan(table_size=500)
    common = "the talks between the two countries resumed in the capital"
    for _ in range(40):
        words = ["".join(rng.choice("abcdefghij") for _ in range(6)) for _ in range(60)]
        scan.add(common + " " + " ".join(words) + ".")
    assert len(scan.df.counts) <= 500 and scan.df.floor >= 1
    # what every document shares survives the pruning, with a count no lower than its truth
    key = tuple("talks between the two".split())
    assert scan.df.upper(hash(key)) >= 40


@pytest.mark.skipif(not NEWS.exists(), reason="../shared/corpus not present")
def test_clean_news_gives_no_lone_phrases_and_no_crawl_junk():
    scan = CrawlScan()
    n = flagged = 0
    with NEWS.open(encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line).get("text") or ""
            n += 1
            flagged += bool(find_wedged(text))
            if n <= 600:
                scan.add(text)
    print(f"clean news: {flagged}/{n} documents with a lone phrase")
    assert flagged / n <= 0.005
    assert not scan.phrases()


@pytest.fixture(scope="module")
def coder():
    from detente.coder import Coder

    return Coder()


def test_neighbours_of_masked_junk_parse_as_without_it(coder):
    # the year and full stop of the first sentence were deleted, the junk sits where they were
    clean = ("Japan and the Soviet Union signed a joint declaration in Moscow. Moscow later "
             "accused Tokyo of preparing for war.")
    damaged = ("Japan and the Soviet Union signed a joint declaration in japanese wwii "
               "sanctioned historyMoscow later accused Tokyo of preparing for war.")
    want = coder.code(clean)
    got = coder.code(damaged)
    assert got.document.sentences == want.document.sentences == 2
    kinds = lambda r: [(e.event_type, sorted(a.code for a in e.actor),  # noqa: E731
                        sorted(x.code for x in e.recipient)) for e in r.events]
    assert kinds(got) == kinds(want) and "SANCTION" not in [k for k, _, _ in kinds(got)]
    assert got.events[-1].evidence.startswith("Moscow later accused")
