"""``detente serve``: an HTTP API and a web page over one shared Coder.

FastAPI and uvicorn are the optional extra ``serve`` (``pip install 'detente[serve]'``); this
package imports them only when :func:`create_app` is called, so the rest of detente works
without them and a missing extra gets a message that says what to install.
"""

from __future__ import annotations

from typing import Any

MISSING_EXTRA = ("detente serve needs FastAPI and uvicorn, which are not installed: "
                 "pip install 'detente[serve]'")


def create_app(coder: Any = None, **options: Any):
    """The FastAPI app (see :func:`detente.serve.app.create_app` for the options)."""
    try:
        from detente.serve.app import create_app as _create_app
    except ModuleNotFoundError as exc:
        if exc.name in ("fastapi", "starlette", "pydantic"):
            raise ImportError(MISSING_EXTRA) from exc
        raise
    return _create_app(coder, **options)


__all__ = ["create_app", "MISSING_EXTRA"]
