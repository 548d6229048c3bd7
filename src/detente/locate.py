"""Where an event happened: the place its clause names, else the dateline's, else the story's.

Event data users map events (ACLED, POLECAT and GDELT records carry a place). A place is taken
from the text only, in this order, and ``source`` on the location says which:

- ``clause``: a place the event's own sentence puts it at: the object of a locative preposition
  ("clashes in South Ossetia", "a bomb near Kirkuk", "in the holy city of Najaf") or the object
  of the trigger itself ("shelled Najaf"). Of several, the one nearest the trigger wins. A span
  that is the event's actor or recipient is never its place: "Moscow said" is Russia's
  government speaking, not something that happened in Moscow.
- ``dateline``: where the story was filed ("KABUL, Afghanistan -"), for events without their own.
- ``document``: no dateline; the first place the story puts anything at is carried to its
  events without their own.

Names are looked up in :mod:`detente.places` (ISO 3166-2 subdivisions, GeoNames cities, with
their historical and alternate names: Leningrad, Saigon, Bombay), in the country names of the
actor gazetteer (by the event's date), and first of all in the ``places:`` entries of user
dictionaries. When a name has several candidates, one in the country of the event's actors or
of the dateline wins, then the most populous. A name no source knows is not guessed at: such
places are not produced, so no coordinates are ever invented. Subdivisions and countries carry
no coordinates (the sources give none); cities carry GeoNames'.

User dictionary entries (``--dictionary FILE``, top key ``places``)::

    places:
      - name: Sadr City          # required
        aliases: [Al-Thawra]     # optional
        country: IRQ             # required, ISO 3166-1 alpha-3
        admin1: IQ-BG            # optional
        lat: 33.39               # optional, with lon
        lon: 44.46
        feature: district        # optional (default "place")
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from importlib import resources

import yaml

from detente import places as _places

#: prepositions that put what the clause tells at a place
LOCATIVE = frozenset({"in", "at", "near", "outside", "inside", "into", "across", "throughout",
                      "around", "within", "towards", "toward", "off", "along", "onto"})
_BEFORE = re.compile(r"\b([A-Z][a-z]+)[ -]$")
_FUNCTION_WORDS = frozenset({"in", "at", "near", "the", "outside", "into", "from", "of", "to",
                             "across", "around", "inside", "on", "and", "or", "by", "for"})
_TRUNCATED = re.compile(r"[ -][A-Z][a-z]")
_CALENDAR = re.compile(r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct"
                       r"|Nov|Dec)[a-z]*\b")
#: prepositions by which a place completes a trigger: "evacuation of", "withdrawal from",
#: "sent troops to"
_COMPLEMENT_PREPS = frozenset({"of", "from", "to"})
#: more specific places first when one phrase names several
_SPECIFIC = {"city": 0, "building": 0, "district": 0, "place": 1, "water": 1, "region": 2,
             "country": 3}
#: a place named this many tokens from the trigger or further is not the event's
MAX_DISTANCE = 25


@dataclass(frozen=True)
class Found:
    """A place resolved in a text: where it is and what it names."""

    name: str
    country: str
    admin1: str | None
    lat: float | None
    lon: float | None
    feature: str

    def location(self, text: str, start: int, end: int, source: str) -> dict[str, Any]:
        return {"name": self.name, "text": text, "start": start, "end": end,
                "country": self.country, "admin1": self.admin1, "lat": self.lat,
                "lon": self.lon, "feature": self.feature, "source": source}


@dataclass
class PlaceMention:
    """A place name in a parsed sentence: tokens [start, end), char offsets in the sentence."""

    start: int
    end: int
    char_start: int
    char_end: int
    text: str
    candidates: list[Found]
    #: under a locative preposition or a verb of place
    locative: bool = True
    #: token index of the preposition or word that governs it (None: unknown)
    governor: int | None = None
    #: governed by a noun ("the evacuation of"), not a verb ("appealed to")
    noun_governed: bool = False


def _from_place(p: _places.Place) -> Found:
    feature = "region" if p.feature == "admin1" else p.feature
    return Found(p.name, p.country, p.admin1, p.lat, p.lon, feature)


def read_user_places(paths: Sequence[str | Path]) -> tuple[dict[str, list[Found]], set[str]]:
    """name key -> places, from the ``places:`` lists of user dictionary files; and the name
    keys their ``not_places:`` lists say are never an event's place."""
    out: dict[str, list[Found]] = {}
    blocked: set[str] = set()
    for path in paths:
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            continue  # the actor gazetteer reports unreadable files
        if not isinstance(data, dict):
            continue
        blocked |= {_places.normalize(str(n)) for n in data.get("not_places") or []}
        items = data.get("places") or []
        if not isinstance(items, list):
            raise ValueError(f"{path}: 'places' must be a list of entries")
        for i, raw in enumerate(items):
            if not isinstance(raw, dict) or not raw.get("name") or not raw.get("country"):
                raise ValueError(f"{path}: places[{i}] needs a name and a country")
            country = str(raw["country"]).upper()
            if not re.fullmatch(r"[A-Z]{3}", country):
                raise ValueError(f"{path}: places[{i}]: country must be ISO alpha-3")
            lat, lon = raw.get("lat"), raw.get("lon")
            if (lat is None) != (lon is None):
                raise ValueError(f"{path}: places[{i}]: give both lat and lon, or neither")
            f = Found(str(raw["name"]), country, raw.get("admin1"),
                      float(lat) if lat is not None else None,
                      float(lon) if lon is not None else None,
                      str(raw.get("feature") or "place"))
            for n in [raw["name"], *(raw.get("aliases") or [])]:
                out.setdefault(_places.normalize(str(n)), []).append(f)
    return out, blocked


@functools.lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    import pycountry

    names = {c.alpha_3: c.name for c in pycountry.historic_countries}  # SUN, YUG, DDR, ...
    names.update({c.alpha_3: getattr(c, "common_name", None) or c.name
                  for c in pycountry.countries})
    return names


def country_place(code: str) -> Found:
    """A country as a place (no coordinates: the sources give no point for a whole country)."""
    return Found(_country_names().get(code, code), code, None, None, None, "country")


class Locator:
    """Finds the places of a parsed sentence and picks each event's; see the module doc."""

    def __init__(self, dictionaries: Sequence[str | Path] = ()):
        bundled = resources.files("detente").joinpath("data/locations.yaml")
        self.user, self.blocked = read_user_places([*dictionaries, str(bundled)])
        # build the place index now (about 5 s, once per process), with the model, not
        # inside the first request a server answers
        _places.load()
        self._user_re = None
        if self.user:
            names = sorted(self.user, key=len, reverse=True)
            self._user_re = re.compile(
                r"(?<!\w)(" + "|".join(re.escape(n).replace(r"\ ", r"[\s-]+") for n in names)
                + r")(?!\w)", re.IGNORECASE)

    def lookup(self, name: str) -> list[Found]:
        key = _places.normalize(name)
        return list(self.user.get(key, [])) + [_from_place(p) for p in _places.lookup(key)]

    # ---- sentences ---------------------------------------------------------------------

    def mentions(self, sdoc, actor_mentions=()) -> list[PlaceMention]:
        """The place names of a parsed sentence that stand where something happens.

        ``actor_mentions``: the actor resolver's mentions (token spans with a code); a country
        name among them ("in Iraq") is a place when a locative governs it.
        """
        text = sdoc.text
        spans: list[tuple[int, int, list[Found]]] = []
        if self._user_re is not None:
            for m in self._user_re.finditer(text):
                spans.append((m.start(), m.end(), list(self.user[_places.normalize(m.group())])))
        for a, b, _ in _places.in_text(text):
            name = text[a:b]
            if _places.normalize(name) in self.blocked:
                continue
            if name.isupper() and len(name) <= 3:
                continue  # an abbreviation ("UN"), not a town of that name
            if _TRUNCATED.match(text, b) and not _CALENDAR.match(text, b + 1):
                continue  # "South" of "South Ossetia": part of a longer name no source knows
            before = _BEFORE.search(text, 0, a)
            if before and before.group(1).lower() not in _FUNCTION_WORDS:
                continue  # "Afar" of "Tal Afar", likewise
            if not any(a < e and s < b for s, e, _ in spans):
                spans.append((a, b, self.lookup(text[a:b])))
        for m in actor_mentions:
            if m.kind != "name" or not re.fullmatch(r"[A-Z]{3}", m.code) or \
                    m.code in ("IGO", "NGO", "MNC"):
                continue  # a state's own name: no person, adjective or organisation
            sp = sdoc[m.start:m.end]
            a, b = sp.start_char, sp.end_char
            if any(a < e and s < b for s, e, _ in spans):
                continue
            spans.append((a, b, [country_place(m.code)]))
        out = []
        for a, b, cands in spans:
            sp = sdoc.char_span(a, b, alignment_mode="expand")
            if sp is None or not cands:
                continue
            loc, gov = _governor(sp)
            if not loc and gov is None:
                continue
            noun = gov is not None and sdoc[gov].pos_ == "NOUN"
            out.append(PlaceMention(sp.start, sp.end, a, b, text[a:b], cands, loc, gov, noun))
        return sorted(out, key=lambda pm: pm.start)

    def for_event(self, mentions: list[PlaceMention], trigger_token: int,
                  actors: Sequence[tuple[int, int]], recipients: Sequence[tuple[int, int]] = ()
                  ) -> PlaceMention | None:
        """The place of one event: the nearest locative place that is not one of its actors.

        ``actors``, ``recipients``: char spans (sentence coordinates) of the event's actors and
        recipients. An actor's span is never its place ("Moscow said"); a recipient's is when
        a locative or a verb of place governs it ("shelled Najaf", "the evacuation of the Gaza
        Strip"), not otherwise ("criticised Moscow").
        Places under one preposition ("in the Baghdad slum of Sadr City", "in Najaf, Iraq")
        give the most specific (city before region before country); a place that completes
        the trigger ("the evacuation of the Gaza Strip") counts though no locative governs it.
        """
        groups: dict[Any, list[PlaceMention]] = {}
        for pm in mentions:
            if any(pm.char_start < e and s < pm.char_end for s, e in actors):
                continue
            if not pm.locative and pm.governor != trigger_token:
                continue
            if not pm.locative and pm.noun_governed is False and any(
                    pm.char_start < e and s < pm.char_end for s, e in recipients):
                continue  # "appealed to Moscow": Moscow is whom, not where
            groups.setdefault(pm.governor if pm.governor is not None else id(pm), []).append(pm)
        best, best_d = None, None
        for members in groups.values():
            pm = min(members, key=lambda m: (_SPECIFIC.get(m.candidates[0].feature, 1),
                                             m.start))
            d = min(abs(m.start - trigger_token) for m in members)
            if d > MAX_DISTANCE:
                continue
            if best_d is None or d < best_d:
                best, best_d = pm, d
        return best

    def resolve(self, candidates: list[Found], countries: Sequence[str]) -> Found:
        """Of a name's candidates, one in a preferred country first, then the first (the
        sources order them: user entries, subdivisions, cities by population)."""
        pick = next((c for c in candidates if c.country in countries), candidates[0])
        if pick.feature == "region":
            # "in Berlin", "in Nablus": a province named after its city means the city, which
            # has coordinates
            city = next((c for c in candidates if c.feature == "city"
                         and c.country == pick.country), None)
            if city is not None:
                return city
        return pick


def _governor(span) -> tuple[bool, int | None]:
    """What puts this place name in its sentence: (locative, governing token).

    Walks up from the span's head through its noun phrase ("the holy city of Najaf", "northern
    Iraq", "Falluja and Ramadi", "a Moscow subway station") to the word that governs it: a
    locative preposition or a verb of place ("shelled Najaf") makes it locative; otherwise the
    governing word is returned too, so that a place that completes the trigger itself
    ("the evacuation of the Gaza Strip") can still be the event's.
    """
    tok = span.root
    for _ in range(6):
        dep, head = tok.dep_, tok.head
        if head is tok:
            return False, None
        if dep == "pobj":
            if head.lower_ in LOCATIVE:
                return True, head.i
            if head.lower_ == "of" and head.head.pos_ == "NOUN" and \
                    head.head.lemma_ in _PLACE_NOUNS:
                tok = head.head  # "the city of Najaf", "the outskirts of Baghdad"
                continue
            if head.lower_ in ("from", "on", "over") and head.head.pos_ == "NOUN" and \
                    head.head.lemma_ in _ATTACK_NOUNS:
                return True, head.i  # "an attack on Najaf", "rockets from Gaza"
            # "the evacuation of the Gaza Strip", "troops to Chechnya": the trigger's complement
            return False, head.head.i if head.lower_ in _COMPLEMENT_PREPS else None
        if dep in ("compound", "amod", "nmod"):
            if head.pos_ == "PROPN" or head.lemma_ in _PLACE_NOUNS:
                tok = head  # "the Baghdad slum", "a Moscow subway station"
                continue
            return False, None  # "a U.S. ally", "the US-led war": a modifier, no place
        if dep in ("appos", "conj"):
            tok = head
            continue
        if dep == "dobj" and head.pos_ == "VERB" and head.lemma_ in _PLACE_VERBS:
            return True, head.i
        return False, None
    return False, None


#: nouns that name a place or a part of one: a place name modifying them is where things are
_PLACE_NOUNS = frozenset({
    "city", "town", "village", "capital", "province", "region", "district", "area", "border",
    "slum", "suburb", "outskirts", "neighborhood", "neighbourhood", "camp", "station", "street",
    "square", "market", "port", "airport", "base", "prison", "state", "county", "valley",
    "island", "coast", "mountain", "desert", "stronghold", "enclave", "territory", "zone",
    "heart", "center", "centre", "north", "south", "east", "west", "part", "parts", "hotel",
    "embassy", "mosque", "shrine", "school", "hospital", "checkpoint", "resort", "bay"})


#: verbs whose object is a place when it is one ("shelled Najaf", "entered Baghdad")
_PLACE_VERBS = frozenset({
    "shell", "bomb", "attack", "raid", "storm", "enter", "visit", "occupy", "besiege",
    "capture", "seize", "invade", "overrun", "hit", "strike", "pound", "rock", "surround",
    "reach", "leave", "encircle", "bombard", "blockade", "tour", "control", "retake"})
_ATTACK_NOUNS = frozenset({"attack", "raid", "strike", "assault", "offensive", "rocket",
                           "missile", "shelling", "bombing", "fire", "airstrike", "march"})
