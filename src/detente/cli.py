"""The ``detente`` command: a thin layer over the Python API.

Each subcommand lives in ``detente/commands/<name>.py`` with two functions,
``add_arguments(parser)`` and ``run(args) -> int`` (the exit code), so that a subcommand's
options sit next to the code that uses them. A module is imported only when its command runs,
which keeps ``detente --help`` fast and lets optional extras (serve, ray) stay optional.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

#: name -> one-line help. Order is the order of ``detente --help``.
COMMANDS = {
    "code": "code text into PLOVER events",
    "eval": "score coded events against gold data",
    "screen": "report damage and noise in texts without coding them",
    "dyads": "dyad x period series of relations, with tone and turning points",
    "report": "a self-contained HTML report of events and relations",
    "serve": "an HTTP API and a web page for coding text interactively",
    "demo": "code the bundled sample and summarise the result",
}


def _command(name: str):
    return importlib.import_module(f"detente.commands.{name}")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="detente", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        if only is None or only == name:
            _command(name).add_arguments(p)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    name = next((a for a in argv if not a.startswith("-")), None)
    if name not in COMMANDS:
        build_parser(only="").print_help()
        return 0 if not argv or argv[0] in ("-h", "--help") else 2
    args = build_parser(only=name).parse_args(argv)
    try:
        return int(_command(name).run(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except (Exception, RecursionError, MemoryError) as exc:  # a bug or an unforeseen input:
        # one line, never a traceback (DETENTE_TRACEBACK=1 shows it for a bug report)
        if os.environ.get("DETENTE_TRACEBACK"):
            raise
        from detente.commands import one_line

        print(f"detente {name}: internal error: {one_line(exc)} (run again with "
              "DETENTE_TRACEBACK=1 for the details to report)", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
