"""``detente serve``: run the HTTP API and web page with uvicorn."""

from __future__ import annotations

import argparse
import socket
import sys
import time
from pathlib import Path

import yaml


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1: this machine only; "
                             "0.0.0.0 exposes the server to the network)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument("--dictionary", dest="dictionaries", action="append", default=[],
                        metavar="FILE", help="an extra actor/event dictionary file (repeatable)")
    parser.add_argument("--lang", choices=("en", "any"), default="en",
                        help="'en' (default): texts screening judges not English come back "
                             "skipped; 'any': code them anyway")
    parser.add_argument("--runner", choices=("batch", "threads"), default="batch",
                        help="how requests share the model: coding threads that batch whatever "
                             "requests are waiting (default), or one thread per request")
    parser.add_argument("--workers", type=int, default=None, metavar="N",
                        help="coding threads (default: one per core, at most 4)")
    parser.add_argument("--log-level", default="info",
                        choices=("critical", "error", "warning", "info", "debug"))


def run(args: argparse.Namespace) -> int:
    from detente.serve import MISSING_EXTRA

    try:
        import uvicorn

        from detente.serve.app import create_app
    except ModuleNotFoundError:
        print(MISSING_EXTRA, file=sys.stderr)
        return 2
    if args.workers is not None and args.workers < 1:
        print("--workers must be at least 1", file=sys.stderr)
        return 2
    missing = [f for f in args.dictionaries if not Path(f).is_file()]
    if missing:
        print(f"dictionary file not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    problem = _port_problem(args.host, args.port)
    if problem:  # say so now, not after a model load that uvicorn would then throw away
        print(f"cannot listen on {args.host}:{args.port}: {problem}", file=sys.stderr)
        return 2
    print("detente: loading the model", file=sys.stderr)
    started = time.perf_counter()
    try:
        # loaded here rather than in the app's startup so that a bad dictionary file gets a
        # one-line message instead of a server traceback
        from detente.coder import Coder

        coder = Coder(dictionaries=tuple(args.dictionaries), lang=args.lang)
    except (ValueError, OSError, yaml.YAMLError) as exc:
        print(f"cannot load the coder: {exc}", file=sys.stderr)
        return 2
    app = create_app(coder, dictionaries=args.dictionaries, lang=args.lang,
                     runner=args.runner, workers=args.workers)
    app.state.load_seconds = round(time.perf_counter() - started, 3)
    print(f"detente: serving on http://{args.host}:{args.port}/ (API docs at /docs)",
          file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level)
    return 0


def _port_problem(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be listened on (in use, bad address), or None."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        return str(exc)
    family, _, _, _, addr = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(addr)
        except OSError as exc:
            return exc.strerror or str(exc)
    return None
