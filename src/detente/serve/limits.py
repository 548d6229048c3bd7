"""The request body size limit, enforced before anything parses the body.

A client may announce its size (``Content-Length``) or stream the body in chunks without one, so
the limit is checked twice: a declared size over the limit is refused at once, without reading a
byte; otherwise the body is read here, counting bytes as they arrive, and refused as soon as the
count passes the limit. A body within the limit is handed on to the app unchanged. The limit
protects the parser and the thread pool: one 50 MB paste must not hold a worker for minutes.
"""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any, Awaitable, Callable

#: 1 MiB. Texts longer than that should go through ``detente code`` on files, not one request.
MAX_BODY_BYTES = 1_048_576
#: Default seconds one request may take before it is answered 503 (``--time-budget``): the size
#: limit is not a cost limit, since a megabyte without sentence ends costs far more to code than
#: a megabyte of news.
TIME_BUDGET = 20.0
#: Seconds a client may take to send a request body once its headers are in.
BODY_TIMEOUT = 30.0
#: A refused body up to this many times the limit is read (and dropped) before the 413 is sent,
#: for at most ``DRAIN_SECONDS``; a larger one is cut off at once.
DRAIN_FACTOR = 8
DRAIN_SECONDS = 5.0
#: Deepest JSON nesting a request body may have; the API's bodies are 3 levels deep.
MAX_JSON_DEPTH = 32

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
            if declared <= DRAIN_FACTOR * self.limit:
                await _drain(receive)
            await _reply_413(send, too_large_body(declared, self.limit))
            return
        if scope["method"] in ("GET", "HEAD", "OPTIONS") and not declared:
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        loop = asyncio.get_running_loop()
        until = loop.time() + BODY_TIMEOUT
        while True:
            try:
                message = await asyncio.wait_for(receive(), max(0.0, until - loop.time()))
            except asyncio.TimeoutError:
                await _reply(send, 408, _error_body(
                    "request_timeout", f"the request body did not arrive within "
                    f"{BODY_TIMEOUT:g} seconds"))
                return
            if message["type"] == "http.disconnect":
                return  # the client left; nobody to answer
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                if message.get("more_body", False):
                    await _drain(receive, DRAIN_FACTOR * self.limit - size)
                await _reply_413(send, too_large_body(None, self.limit))
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        problem = json_body_problem(body) if _is_json(scope) else None
        if problem:
            await _reply(send, 422, _error_body("invalid_request", problem, detail=[
                {"type": "json_invalid", "loc": ["body"], "msg": problem}]))
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: wait for the disconnect, as ASGI expects

        await self.app(scope, replay, send)


def json_body_problem(body: bytes) -> str | None:
    """Why a JSON request body cannot be read, for the failures FastAPI would answer with a bare
    400 (bytes that are not UTF-8, nesting deeper than ``MAX_JSON_DEPTH``); None otherwise,
    leaving syntax errors to the app's own 422."""
    if not body:
        return None
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return (f"body is not valid UTF-8 (byte 0x{body[exc.start:exc.start + 1].hex()} at "
                f"offset {exc.start})")
    depth = _max_depth(text)
    if depth > MAX_JSON_DEPTH:
        return f"body is JSON nested {depth} levels deep; the most allowed is {MAX_JSON_DEPTH}"
    try:
        json.loads(text)
    except json.JSONDecodeError:
        return None  # the app reports where the syntax breaks
    except (ValueError, RecursionError) as exc:
        reason = "a number too long to read" if "digits" in str(exc) else str(exc)
        return f"body cannot be read as JSON: {reason}"
    return None


_OPENERS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[{]|[\]}]')


def _max_depth(text: str) -> int:
    """Deepest nesting of brackets outside strings (cheap: a regex scan, no recursion)."""
    depth = deepest = 0
    for m in _OPENERS.finditer(text):
        c = m.group()
        if c in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
        elif c in "]}":
            depth -= 1
    return deepest


def _is_json(scope: Scope) -> bool:
    if scope.get("method") not in ("POST", "PUT", "PATCH"):
        return False
    for name, value in scope.get("headers", ()):
        if name == b"content-type":
            return b"json" in value.lower()
    return True  # FastAPI reads a body without a content type as JSON too


def _error_body(error: str, message: str, **extra: Any) -> bytes:
    return json.dumps({"error": error, "message": message, **extra}).encode()


async def _reply(send: Send, status: int, body: bytes) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


async def _drain(receive: Receive, most: int | None = None) -> None:
    """Read and drop the rest of a refused body (at most ``most`` bytes, for at most a few
    seconds), so that the client has finished sending when the 413 arrives: closing the
    connection under a client still uploading resets it, and the client may never read why."""
    loop = asyncio.get_running_loop()
    until = loop.time() + DRAIN_SECONDS
    read = 0
    while most is None or read < most:
        try:
            message = await asyncio.wait_for(receive(), max(0.0, until - loop.time()))
        except asyncio.TimeoutError:
            return
        if message["type"] != "http.request":
            return
        read += len(message.get("body", b""))
        if not message.get("more_body", False):
            return


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
