"""Relations over time: events -> dyad x period series with tone and turning points.

    >>> from detente.dyads import dyads_from_paths
    >>> table = dyads_from_paths(["events.jsonl"], by="year")
    >>> table.rows()[0]
    {'dyad': 'JPN-SUN', 'period': '1956', 'events': 3, ..., 'tone': 'cordial', ...}

Modules: ``sources`` (read files or a DuckDB store), ``table`` (the SQL aggregation and the
counting decisions), ``tone`` (+ ``tone.yaml``: labels and thresholds), ``turning`` (the
change-point method), ``render`` (terminal table and output files).
"""

from __future__ import annotations

from detente.dyads.sources import LoadReport, SourceError, load, load_arrow
from detente.dyads.table import (EXCLUDED_AUX, PERIODS, UNDATED, DyadTable, build_dyad_events,
                                 dyad_table, dyads_from_paths, undated_events)
from detente.dyads.tone import TONES
from detente.dyads.turning import change_points

__all__ = ["DyadTable", "EXCLUDED_AUX", "LoadReport", "PERIODS", "SourceError", "TONES",
           "UNDATED", "build_dyad_events", "change_points", "dyad_table", "dyads_from_paths",
           "load", "load_arrow", "undated_events"]
