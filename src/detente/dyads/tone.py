"""Tone labels of a dyad-period: hostile, tense, mixed, cordial, close.

The thresholds live in ``tone.yaml`` next to this module (with the reasoning and the PLOVER
scores they were read from), so that a researcher can move a boundary without reading Python.
The rule is applied in SQL (``sql_case``) for speed on big tables and in Python (``tone``) for
single values; both read the same ``Thresholds``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

TONES = ("hostile", "tense", "mixed", "cordial", "close")
_DATA = Path(__file__).with_name("tone.yaml")


@dataclass(frozen=True)
class Thresholds:
    hostile_at_or_below: float = -5.0
    tense_at_or_below: float = -1.5
    cordial_at_or_above: float = 1.5
    close_at_or_above: float = 5.0
    mixed_share: tuple[float, float] = (0.4, 0.6)


@lru_cache(maxsize=None)
def load_thresholds(path: str | None = None) -> Thresholds:
    """Read the thresholds file (default: the packaged ``tone.yaml``) and check its order."""
    data = yaml.safe_load(Path(path or _DATA).read_text(encoding="utf-8")) or {}
    t = Thresholds(
        hostile_at_or_below=float(data["hostile_at_or_below"]),
        tense_at_or_below=float(data["tense_at_or_below"]),
        cordial_at_or_above=float(data["cordial_at_or_above"]),
        close_at_or_above=float(data["close_at_or_above"]),
        mixed_share=tuple(float(x) for x in data["mixed_share"]),  # type: ignore[arg-type]
    )
    if not (t.hostile_at_or_below < t.tense_at_or_below < t.cordial_at_or_above
            < t.close_at_or_above):
        raise ValueError(f"{path or _DATA}: tone thresholds must increase: {t}")
    return t


def tone(mean: float | None, cooperative_share: float | None = None,
         has_coop: bool = False, has_conflict: bool = False,
         t: Thresholds | None = None) -> str | None:
    """The tone label of one period (None when no event had an intensity)."""
    t = t or load_thresholds()
    if mean is None:
        return None
    lo, hi = t.mixed_share
    balanced = cooperative_share is not None and lo <= cooperative_share <= hi
    if has_coop and has_conflict and balanced:
        return "mixed"
    if mean <= t.hostile_at_or_below:
        return "hostile"
    if mean <= t.tense_at_or_below:
        return "tense"
    if mean >= t.close_at_or_above:
        return "close"
    if mean >= t.cordial_at_or_above:
        return "cordial"
    return "mixed"


def sql_case(mean: str, share: str, n_coop: str, n_conflict: str,
             t: Thresholds | None = None) -> str:
    """The same rule as ``tone`` as a SQL CASE over the named columns."""
    t = t or load_thresholds()
    lo, hi = t.mixed_share
    return (f"CASE WHEN {mean} IS NULL THEN NULL "
            f"WHEN {n_coop} > 0 AND {n_conflict} > 0 AND {share} BETWEEN {lo!r} AND {hi!r} "
            f"THEN 'mixed' "
            f"WHEN {mean} <= {t.hostile_at_or_below!r} THEN 'hostile' "
            f"WHEN {mean} <= {t.tense_at_or_below!r} THEN 'tense' "
            f"WHEN {mean} >= {t.close_at_or_above!r} THEN 'close' "
            f"WHEN {mean} >= {t.cordial_at_or_above!r} THEN 'cordial' "
            f"ELSE 'mixed' END")
