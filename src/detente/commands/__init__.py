"""Subcommands of the detente CLI: one module each, add_arguments(parser) and run(args)."""
