"""``detente serve``: run the HTTP API and web page with uvicorn."""

from __future__ import annotations

import argparse
import socket
import sys
import time
from pathlib import Path

import yaml


from detente.serve.limits import TIME_BUDGET


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port {port} is out of range (0-65535)")
    return port


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1: this machine only; "
                             "0.0.0.0 exposes the server to the network)")
    parser.add_argument("--port", type=_port, default=8000,
                        help="port (default 8000; 0 = any free port, printed at start)")
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
    parser.add_argument("--time-budget", type=float, default=None, metavar="SECONDS",
                        help=f"longest a request may take before it is answered 503 "
                             f"(default {TIME_BUDGET:g})")
    parser.add_argument("--model", choices=("rules", "hybrid"), default="rules",
                        help="rules alone (default), or rules with the learned event model")
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
    budget = TIME_BUDGET if args.time_budget is None else args.time_budget
    if budget <= 0:
        print("--time-budget must be more than 0 seconds", file=sys.stderr)
        return 2
    # the socket is bound now, before the model loads: a port in use or a bad address is said
    # at once, and with --port 0 the port the OS chose is known and printed
    try:
        sock = _listen(args.host, args.port)
    except OSError as exc:
        print(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}",
              file=sys.stderr)
        return 2
    print("detente: loading the model", file=sys.stderr)
    started = time.perf_counter()
    try:
        # loaded here rather than in the app's startup so that a bad dictionary file gets a
        # one-line message instead of a server traceback
        from detente.coder import Coder

        coder = Coder(dictionaries=tuple(args.dictionaries), lang=args.lang, model=args.model)
    except (ValueError, OSError, yaml.YAMLError) as exc:
        sock.close()
        print(f"cannot load the coder: {exc}", file=sys.stderr)
        return 2
    app = create_app(coder, dictionaries=args.dictionaries, lang=args.lang,
                     runner=args.runner, workers=args.workers, time_budget=budget,
                     model=args.model)
    app.state.load_seconds = round(time.perf_counter() - started, 3)
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    print(f"detente: serving on http://{shown}:{port}/ (API docs at /docs)", file=sys.stderr)
    from detente.serve.http import HeaderTimeoutProtocol

    config = uvicorn.Config(app, log_level=args.log_level, http=HeaderTimeoutProtocol,
                            timeout_keep_alive=5)
    uvicorn.Server(config).run(sockets=[sock])
    return 0


def _listen(host: str, port: int) -> socket.socket:
    """A bound, listening TCP socket for ``host:port`` (OSError when that cannot be)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise OSError(str(exc)) from exc
    family, _, _, _, addr = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(addr)
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock
