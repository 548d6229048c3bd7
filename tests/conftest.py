"""Fixtures shared by the test modules that code sentences with the real parser."""

from __future__ import annotations

import pytest

from detente import Coder


@pytest.fixture(scope="module")
def coder() -> Coder:
    """A default Coder, loaded once per module (loading spaCy is the slow part)."""
    return Coder()
