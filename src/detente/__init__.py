"""detente: code English text about relations between states into PLOVER events.

    from detente import Coder
    result = Coder().code("Japan and the Soviet Union signed a joint declaration.", date="1956-10-19")

The records (``Event``, ``DocumentRecord``, ...) are in ``detente.records``.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["Coder", "__version__"]


def __getattr__(name: str):
    # Imported on first use, so that `import detente` (and the CLI's --help) stays fast.
    if name == "Coder":
        from detente.coder import Coder
        return Coder
    raise AttributeError(f"module 'detente' has no attribute {name!r}")
