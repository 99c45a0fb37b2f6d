"""The ``kamergraaf`` command: thin commands over the library; the only place that prints or exits.

Each command lives in a module of this package with a ``register(subparsers)`` function that adds its parser and
sets ``handler`` (a function of the parsed arguments returning the exit code). Exit codes: 0 success,
1 a result the user should look at (violations, some inputs failed), 2 bad input or usage.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from graph import __version__
from graph.model import KamergraafError

COMMANDS = (
    "extract", "build", "query", "queries", "validate", "network", "export", "describe", "serve", "fetch",
)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kamergraaf",
        description="Turn Dutch parliamentary papers (Kamerstukken) into a linked-data knowledge graph.",
    )
    parser.add_argument("--version", action="version", version=f"kamergraaf {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"graph.cli.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.handler(args) or 0)
    except KamergraafError as e:
        print(f"kamergraaf {args.command}: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"kamergraaf {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
