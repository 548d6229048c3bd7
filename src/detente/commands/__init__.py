"""Subcommands of the detente CLI: one module each, add_arguments(parser) and run(args)."""


def one_line(exc: BaseException, limit: int = 300) -> str:
    """An exception as the one line a user sees: its first non-blank line, without a traceback.

    DuckDB and Arrow put the SQL or a caret diagram on the lines after the reason; only the
    reason helps the user.
    """
    text = str(exc).strip()
    first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    msg = f"{type(exc).__name__}: {first}" if first else type(exc).__name__
    return msg if len(msg) <= limit else msg[:limit - 3] + "..."
