"""The FastAPI application: JSON endpoints over one shared Coder, and the web page.

The model is loaded once, when the server starts (a spaCy load takes seconds; per request it
would dominate every latency), and shared by all requests through a runner (see ``runner.py``)
that keeps coding off the event loop. Everything the browser loads (page, script, styles, the
API docs page) ships in ``static/``: no CDN, so the page works offline and leaks no text.
"""

from __future__ import annotations

import asyncio
import logging
import time
from contextlib import asynccontextmanager
from importlib import metadata, resources
from typing import Any, Sequence

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from detente.serve.limits import MAX_BODY_BYTES, TIME_BUDGET, BodySizeLimit
from detente.serve.runner import make_runner
from detente.serve.schemas import MAX_BATCH, BatchRequest, CodeRequest

log = logging.getLogger("detente.serve")

STATIC = resources.files("detente.serve") / "static"

#: The page may talk to its own origin only; inline SVG built by the script is allowed.
PAGE_HEADERS = {
    "Content-Security-Policy": ("default-src 'self'; img-src 'self' data:; style-src 'self'; "
                                "script-src 'self'; connect-src 'self'; object-src 'none'; "
                                "base-uri 'none'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

_EXAMPLE_RESULT = {  # what the coder answered for the request example when this was written
    "document": {"doc_id": "jpn-sun-1956", "status": "ok", "reason": None, "language": "en",
                 "sentences": 1, "events": 1,
                 "quality": {"score": 1.0, "flags": [], "spans": []},
                 "date": "1956-10-19", "meta": {}},
    "events": [{"id": "jpn-sun-1956:0:0", "doc_id": "jpn-sun-1956", "event_type": "SUPPORT",
                "mode": None, "context": [], "aux_modes": [],
                "actor": [{"code": "JPN", "sector": None, "text": "Japan", "start": 0, "end": 5},
                          {"code": "SUN", "sector": None, "text": "Soviet Union",
                           "start": 14, "end": 26}],
                "recipient": [], "date": "1956-10-19", "date_source": "sentence",
                "trigger": {"text": "signed", "start": 27, "end": 33},
                "sentence": {"index": 0, "start": 0, "end": 74},
                "intensity": 5.0, "quad_class": 1, "cameo": "05", "confidence": 0.75,
                "evidence": "Japan and the Soviet Union signed a joint declaration in Moscow "
                            "on Friday.",
                "date_range": None, "date_evidence": None,
                "location": {"name": "Moscow", "text": "Moscow", "start": 57, "end": 63,
                             "country": "RUS", "admin1": "RU.48", "lat": 55.75204,
                             "lon": 37.61781, "feature": "city", "source": "clause"}}],
}


def _version() -> str:
    try:
        return metadata.version("detente")
    except metadata.PackageNotFoundError:
        return "unknown"


def _load_coder(dictionaries: Sequence[str], lang: str, model: str = "rules") -> Any:
    from detente.coder import Coder  # imported here: the model loads only when a server starts

    return Coder(dictionaries=tuple(dictionaries), lang=lang, model=model)


def create_app(coder: Any = None, *, dictionaries: Sequence[str] = (), lang: str = "en",
               runner: str = "batch", workers: int | None = None,
               max_body: int = MAX_BODY_BYTES, time_budget: float | None = TIME_BUDGET,
               long_text_process: bool = True, model: str = "rules") -> FastAPI:
    """The detente web app. Pass a ready ``coder`` to share one; else one is loaded at startup.

    ``dictionaries`` (extra gazetteer files) and ``lang`` ("en" or "any") configure the Coder
    loaded at startup, and are reported by ``/v1/health`` (pass the values used for a ready
    ``coder``); ``runner`` is "batch" or "threads", with ``workers`` coding threads (see
    ``detente.serve.runner``); ``max_body`` is the request body limit in bytes;
    ``time_budget`` the seconds one request may take before it is answered 503 (None: no
    limit), so that one client's megabyte of run-on text cannot hold the others up;
    ``long_text_process``: code long texts in a separate, niced process built from
    ``dictionaries`` and ``lang`` (see ``longtexts.py``) rather than in a thread; ``model``:
    the Coder's mode ("rules" or "hybrid") when one is loaded here.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if coder is None:
            started = time.perf_counter()
            app.state.coder = _load_coder(dictionaries, lang, model)
            app.state.load_seconds = round(time.perf_counter() - started, 3)
        else:  # loaded by the caller, who may have set load_seconds
            app.state.coder = coder
            app.state.load_seconds = getattr(app.state, "load_seconds", None)
        spec = None
        if long_text_process:
            from detente.executors import CoderSpec

            spec = CoderSpec(dictionaries=tuple(dictionaries), lang=lang,
                             model=getattr(app.state.coder, "model", None) or model)
        app.state.runner = make_runner(app.state.coder, runner, workers, budget=time_budget,
                                       spec=spec)
        app.state.time_budget = time_budget
        await app.state.runner.start()
        app.state.started_at = time.time()
        app.state.documents_coded = 0
        app.state.in_flight = 0
        log.info("detente: coder ready (load %ss), runner %s x%d", app.state.load_seconds,
                 app.state.runner.name, app.state.runner.workers)
        try:
            yield
        finally:
            await app.state.runner.close()

    app = FastAPI(
        title="detente",
        version=_version(),
        description=("Code English text about relations between states into PLOVER political "
                     "events: who did what to whom, when. Offsets in the results are character "
                     "offsets into the text you sent."),
        lifespan=lifespan,
        docs_url=None,  # FastAPI's own docs page loads Swagger UI from a CDN; ours ships with us
        redoc_url=None,
    )
    app.add_middleware(BodySizeLimit, limit=max_body)
    app.mount("/static", _HeaderedStatic(directory=str(STATIC)), name="static")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        # 404, 405, 400 from a body the JSON parser gave up on, ...: the service's own format
        slug = _SLUGS.get(exc.status_code, "http_error")
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 400 and "parsing the body" in message:
            return error_response(422, "invalid_request", "body is not valid JSON")
        return error_response(exc.status_code, slug, message, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [_plain(e) for e in exc.errors()]
        summary = "; ".join(_describe(e) for e in errors[:5]) or "invalid request"
        return JSONResponse(status_code=422,
                            content={"error": "invalid_request", "message": summary,
                                     "detail": errors})

    def _page(name: str) -> HTMLResponse:
        return HTMLResponse((STATIC / name).read_text(encoding="utf-8"), headers=PAGE_HEADERS)

    @app.get("/", include_in_schema=False)
    async def index() -> HTMLResponse:
        return _page("index.html")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return _page("docs.html")

    @app.get("/v1/health", tags=["service"], summary="Is the server up, and with what")
    async def health(request: Request) -> dict[str, Any]:
        """Answers at once even while documents are being coded: coding runs off the loop."""
        state = request.app.state
        return {"status": "ok", "version": _version(), "model_loaded": state.coder is not None,
                "runner": state.runner.name, "workers": state.runner.workers,
                "dictionaries": list(dictionaries), "lang": lang,
                "model": getattr(state.coder, "model", None),
                "load_seconds": state.load_seconds,
                "uptime_seconds": round(time.time() - state.started_at, 1),
                "documents_coded": state.documents_coded, "documents_in_flight": state.in_flight,
                "max_body_bytes": max_body,
                "max_batch": MAX_BATCH}

    @app.get("/v1/ontology", tags=["reference"],
             summary="The PLOVER event types with their modes, quad class and intensity",
             responses={503: {"description": "the ontology table is not installed"}})
    async def ontology() -> Any:
        """The PLOVER table detente scores events with (detente.enrich.ontology())."""
        try:
            from detente.enrich import ontology as load_ontology
        except ImportError as exc:
            return JSONResponse(status_code=503, content={
                "error": "ontology_unavailable",
                "detail": f"detente.enrich.ontology is not available: {exc}"})
        return load_ontology()

    @app.post("/v1/code", tags=["coding"], summary="Code one text into PLOVER events",
              responses={200: {"description": "The document record and its events; text that "
                               "screening rejects comes back with status 'skipped' and a reason.",
                               "content": {"application/json": {"example": _EXAMPLE_RESULT}}},
                         413: {"description": f"body over {max_body} bytes"},
                         422: {"description": "invalid JSON or fields"}})
    async def code(body: CodeRequest, request: Request) -> JSONResponse:
        """Returns the document record (status, reason, language, screening quality with the
        spans of damaged text) and the events found. Every offset is a character (code point)
        offset into the text as sent."""
        results = await _code(request.app.state, [body.to_document()])
        if isinstance(results, JSONResponse):
            return results
        return JSONResponse(results[0].to_dict())

    @app.post("/v1/code/batch", tags=["coding"],
              summary=f"Code up to {MAX_BATCH} texts; results in the same order",
              responses={200: {"description": "One {document, events} result per input "
                               "document, in order, under 'results'.",
                               "content": {"application/json": {
                                   "example": {"results": [_EXAMPLE_RESULT]}}}},
                         413: {"description": f"body over {max_body} bytes"},
                         422: {"description": f"invalid JSON or fields, or more than "
                                              f"{MAX_BATCH} documents"}})
    async def code_batch(body: BatchRequest, request: Request) -> JSONResponse:
        """Like /v1/code for several texts at once, sharing one parse batch. A document
        that fails gets its own record with status 'error'; the others are unaffected."""
        docs = [d.to_document(default_id=f"doc-{i + 1}") for i, d in enumerate(body.documents)]
        results = await _code(request.app.state, docs)
        if isinstance(results, JSONResponse):
            return results
        return JSONResponse({"results": [r.to_dict() for r in results]})

    def openapi() -> dict[str, Any]:
        # FastAPI drops every null from the schema, examples included; the record contract has
        # nulls ("reason": null), so the response examples are put back as they are.
        if app.openapi_schema is None:
            schema = FastAPI.openapi(app)
            for path, example in (("/v1/code", _EXAMPLE_RESULT),
                                  ("/v1/code/batch", {"results": [_EXAMPLE_RESULT]})):
                ok = schema["paths"][path]["post"]["responses"]["200"]
                ok["content"]["application/json"]["example"] = example
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


async def _code(state: Any, docs: list) -> list | JSONResponse:
    """Code ``docs`` on the runner within the time budget, keeping the counts that
    ``/v1/health`` reports; a 503 response when the budget is spent."""
    budget = getattr(state, "time_budget", None)
    state.in_flight += len(docs)
    try:
        results = await asyncio.wait_for(state.runner.code_many(docs), budget)
    except asyncio.TimeoutError:
        return _over_budget(budget)
    finally:
        state.in_flight -= len(docs)
    if any("DeadlineExceeded" in (r.document.reason or "") for r in results):
        return _over_budget(budget)
    state.documents_coded += len(docs)
    return results


def _over_budget(budget: float | None) -> JSONResponse:
    return error_response(
        503, "time_budget_exceeded",
        f"coding this request took longer than the server's budget of {budget:g} s per request; "
        "send shorter texts (or text with sentence ends), or code it offline with "
        "`detente code`", headers={"Retry-After": "5"}, budget_seconds=budget)


def error_response(status: int, error: str, message: str, *, headers: Any = None,
                   **extra: Any) -> JSONResponse:
    """The service's error format: ``{"error": slug, "message": text, ...}``."""
    return JSONResponse(status_code=status, content={"error": error, "message": message,
                                                     **extra}, headers=headers)


_SLUGS = {400: "bad_request", 404: "not_found", 405: "method_not_allowed",
          406: "not_acceptable", 408: "request_timeout", 413: "payload_too_large",
          415: "unsupported_media_type", 422: "invalid_request"}


class _HeaderedStatic(StaticFiles):
    """Static files with the page's security headers: /static/index.html is the same page as
    /, and must not be framed or run other origins' scripts either."""

    async def get_response(self, path: str, scope: Any) -> Any:
        response = await super().get_response(path, scope)
        for name, value in PAGE_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


def _plain(error: dict[str, Any]) -> dict[str, Any]:
    """A pydantic error without its input (which may be a megabyte of text) or Python objects."""
    out = {"type": error.get("type"), "loc": [p if isinstance(p, int) else str(p)
                                              for p in error.get("loc", ())],
           "msg": str(error.get("msg", "invalid"))}
    ctx = error.get("ctx") or {}
    if error.get("type") == "json_invalid" and "error" in ctx:
        out["msg"] = f"body is not valid JSON: {ctx['error']}"
    return out


def _describe(error: dict[str, Any]) -> str:
    """'documents.0.date: Value error, date ...' from one error of ``_plain``."""
    if error["type"] == "json_invalid":
        where = f"at character {error['loc'][-1]}" if len(error["loc"]) > 1 else ""
        return f"{error['msg']} {where}".strip()
    loc = [str(p) for p in error["loc"] if p != "body"]
    return f"{'.'.join(loc) or 'body'}: {error['msg']}"
