"""Enrich: attach the numbers of the PLOVER ontology to an event.

Every event leaves the coder with an ``intensity`` (the PLOVER conflict/cooperation score, -10 to
+10), a ``quad_class`` (1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4
material conflict), a ``cameo`` code and a ``confidence``. The numbers are not in this module:
they live in ``events/data/plover.yaml``, where a political scientist can check each one against
the PLOVER manual and the CAMEO crosswalk, and change it without reading Python.

Rules, decided once here so that every tool agrees:

- intensity: the mode's score where the manual's table gives the mode one, else the type's score.
- cameo: the mode's CAMEO code where the crosswalk has one, else the type's 2-digit root.
- quad_class: from the type alone.
- A mode the ontology does not know (or no mode) falls back to the type's values; older mode
  names listed under ``aliases`` (e.g. CONSULT "host", ASSAULT "assassinate") count as the mode
  they stand for.
- Negated (and hypothetical, future, historical) events keep the score of their type and mode:
  the auxiliary mode says what kind of statement it is, and a user who wants to drop or flip
  negated events can do so knowingly, instead of receiving a sign that was changed for them.
- confidence: the event extractor's own value when it set one; else ``DEFAULT_CONFIDENCE``.

Fields already set on the event are kept: enrich only fills what is missing.
"""

from __future__ import annotations

import copy
import dataclasses
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from detente import records

#: The ontology file; shipped with the package as data.
ONTOLOGY_PATH = Path(__file__).resolve().parent / "events" / "data" / "plover.yaml"

#: Confidence given to an event whose extractor did not say how sure it was. 0.5 is deliberately
#: uninformative: "coded, but nothing is known of how reliably"; the extractor should set its own.
DEFAULT_CONFIDENCE = 0.5


class OntologyError(ValueError):
    """plover.yaml is missing a field or holds a value that cannot be right."""


def _is_score(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and -10 <= value <= 10


def _check(data: Any, path: Path) -> dict[str, Any]:
    """Fail early, with the place of the mistake, when someone breaks the data file."""
    if not isinstance(data, dict) or not isinstance(data.get("event_types"), dict):
        raise OntologyError(f"{path}: no 'event_types' mapping")
    for name, spec in data["event_types"].items():
        where = f"{path}: event type {name}"
        if not isinstance(spec, dict):
            raise OntologyError(f"{where}: expected a mapping")
        if spec.get("quad_class") not in (1, 2, 3, 4):
            raise OntologyError(f"{where}: quad_class must be 1, 2, 3 or 4")
        if not _is_score(spec.get("intensity")):
            raise OntologyError(f"{where}: intensity must be a number from -10 to 10")
        root = spec.get("cameo_root")
        if not (isinstance(root, str) and len(root) == 2 and root.isdigit()):
            raise OntologyError(f"{where}: cameo_root must be a quoted 2-digit code like \"03\"")
        modes = spec.get("modes") or {}
        if not isinstance(modes, dict):
            raise OntologyError(f"{where}: modes must be a mapping")
        for mode, m in modes.items():
            m = m or {}
            score = m.get("intensity")
            if score is not None and not _is_score(score):
                raise OntologyError(f"{where}, mode {mode}: intensity must be null or -10..10")
            code = m.get("cameo")
            if code is not None and not (isinstance(code, str) and code.isdigit()):
                raise OntologyError(f"{where}, mode {mode}: cameo must be null or a quoted code")
        for alias, target in (spec.get("aliases") or {}).items():
            if target not in modes:
                raise OntologyError(f"{where}: alias {alias} points to unknown mode {target}")
    return data


@lru_cache(maxsize=1)
def _load() -> dict[str, Any]:
    with ONTOLOGY_PATH.open(encoding="utf-8") as fh:
        return _check(yaml.safe_load(fh), ONTOLOGY_PATH)


def ontology() -> dict[str, Any]:
    """The parsed plover.yaml (a fresh copy: callers may change it without harming the cache).

    Keys: ``version``, ``quad_classes``, ``aux_modes``, ``event_types`` (name -> description,
    quad_class, intensity, requires_recipient, cameo_root, modes, aliases) and ``contexts``.
    Served as is by the HTTP API's ``/v1/ontology``.
    """
    return copy.deepcopy(_load())


def _type(event_type: str) -> dict[str, Any]:
    try:
        return _load()["event_types"][event_type]
    except KeyError:
        known = ", ".join(_load()["event_types"])
        raise ValueError(f"unknown PLOVER event type {event_type!r}; known: {known}") from None


#: The 16 PLOVER event types, in the manual's order (cooperation first, then conflict).
EVENT_TYPES: tuple[str, ...] = tuple(_load()["event_types"])


def modes(event_type: str) -> tuple[str, ...]:
    """The mode names PLOVER defines for ``event_type`` (empty for types without modes)."""
    return tuple(_type(event_type).get("modes") or ())


def canonical_mode(event_type: str, mode: str | None) -> str | None:
    """The ontology's name for ``mode`` (aliases resolved, case ignored), or None if unknown."""
    if not mode:
        return None
    spec = _type(event_type)
    name = mode.strip().lower()
    known = spec.get("modes") or {}
    if name in known:
        return name
    return (spec.get("aliases") or {}).get(name)


def _mode_spec(event_type: str, mode: str | None) -> dict[str, Any]:
    name = canonical_mode(event_type, mode)
    return ((_type(event_type).get("modes") or {}).get(name) or {}) if name else {}


def quad_class(event_type: str) -> int:
    """1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict."""
    return int(_type(event_type)["quad_class"])


def intensity(event_type: str, mode: str | None = None) -> float:
    """The PLOVER score of the mode where the table gives one, else of the type."""
    score = _mode_spec(event_type, mode).get("intensity")
    return float(_type(event_type)["intensity"] if score is None else score)


def cameo(event_type: str, mode: str | None = None) -> str:
    """The mode's CAMEO code where the crosswalk gives one, else the type's 2-digit root."""
    return _mode_spec(event_type, mode).get("cameo") or _type(event_type)["cameo_root"]


def enrich(event: records.Event) -> records.Event:
    """Return a copy of ``event`` with intensity, quad_class, cameo and confidence filled in.

    Only fields that are None are filled; values already on the event are kept. Raises
    ValueError for an event type that is not one of the 16 (a coder bug, not bad input).
    """
    t = event.event_type
    return dataclasses.replace(
        event,
        intensity=intensity(t, event.mode) if event.intensity is None else event.intensity,
        quad_class=quad_class(t) if event.quad_class is None else event.quad_class,
        cameo=cameo(t, event.mode) if event.cameo is None else event.cameo,
        confidence=DEFAULT_CONFIDENCE if event.confidence is None else event.confidence,
    )
