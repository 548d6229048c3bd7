"""The request body size limit, enforced before anything parses the body.

A client may announce its size (``Content-Length``) or stream the body in chunks without one, so
the limit is checked twice: a declared size over the limit is refused at once, without reading a
byte; otherwise the body is read here, counting bytes as they arrive, and refused as soon as the
count passes the limit. A body within the limit is handed on to the app unchanged. The limit
protects the parser and the thread pool: one 50 MB paste must not hold a worker for minutes.
"""

from __future__ import annotations

import json
from typing import Any, Awaitable, Callable

#: 1 MiB. Texts longer than that should go through ``detente code`` on files, not one request.
MAX_BODY_BYTES = 1_048_576

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def too_large_body(size: int | None, limit: int) -> bytes:
    """The JSON body of a 413 answer: what happened and what to do instead."""
    got = f"{size} bytes" if size is not None else f"more than {limit} bytes"
    return json.dumps({
        "error": "payload_too_large",
        "detail": (f"request body is {got}; the limit is {limit} bytes "
                   f"({limit / 1_048_576:g} MiB). Split long texts, send fewer documents per "
                   "batch, or code large inputs offline with `detente code`."),
        "limit": limit,
    }).encode()


class BodySizeLimit:
    """ASGI middleware: 413 with a JSON message for any request body over ``limit`` bytes."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.limit:
            await _reply_413(send, too_large_body(declared, self.limit))
            return
        if scope["method"] in ("GET", "HEAD", "OPTIONS") and not declared:
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # the client left; nobody to answer
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await _reply_413(send, too_large_body(None, self.limit))
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: wait for the disconnect, as ASGI expects

        await self.app(scope, replay, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _reply_413(send: Send, body: bytes) -> None:
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
