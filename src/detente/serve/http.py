"""uvicorn's HTTP/1.1 protocol with a time limit on reading a request's headers.

uvicorn closes an idle keep-alive connection after ``timeout_keep_alive`` seconds, but a client
that sends its request headers a byte at a time (or never finishes them) holds a connection and
its memory forever: the keep-alive timer is cancelled by the first byte that arrives. Here a
connection gets ``HEADER_TIMEOUT`` seconds from the moment it opens (or its previous response
ends) until the headers of its next request are complete, and is closed otherwise. Slow bodies
are limited by the body reader (``limits.BodySizeLimit``).
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

#: seconds a client may take to send a request's headers
HEADER_TIMEOUT = 10.0


class HeaderTimeoutProtocol(H11Protocol):
    """``H11Protocol`` that closes connections whose request headers do not arrive in time."""

    header_timeout = HEADER_TIMEOUT

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def _arm(self) -> None:
        self._disarm()
        self._header_timer = self.loop.call_later(self.header_timeout, self._headers_too_slow)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def handle_events(self) -> None:
        before = self.cycle
        super().handle_events()
        if self.cycle is not before and self.cycle is not None:
            self._disarm()  # a request's headers are complete

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        waiting = self.cycle is None or self.cycle.response_complete
        if waiting and not self.transport.is_closing():
            self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)
