"""The HTML report: leading dyads over time, their strongest events, and document quality.

    >>> from detente.report import write_report
    >>> write_report("report.html", ["events.jsonl"], docs=["documents.jsonl"])

``build.py`` assembles the page, ``svg.py`` draws the charts, ``highlight.py`` marks actor,
trigger and recipient in evidence sentences; ``template.html`` and ``style.css`` are the page
frame, inlined so that the report is one file that needs no network.
"""

from __future__ import annotations

from detente.report.build import ReportOptions, build_report, render, write_report

__all__ = ["ReportOptions", "build_report", "render", "write_report"]
