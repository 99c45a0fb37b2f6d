"""``kamergraaf queries [NAME]``: list the saved queries with their parameters, or show one."""

from __future__ import annotations

import argparse
import sys

from graph.query import saved_queries, saved_query


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "queries",
        help="list the saved queries",
        description="List the saved queries in ontology/queries with their parameters; with NAME, show that query.\n\n"
        "Examples:\n  kamergraaf queries\n  kamergraaf queries paper-facts\n"
        '  kamergraaf query GRAPH --saved paper-facts --param id="kst-19637-2699"',
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("name", nargs="?", help="show the header and text of this saved query")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.name:
        q = saved_query(args.name)
        sys.stdout.write(q.text if q.text.endswith("\n") else q.text + "\n")
        return 0
    for q in saved_queries().values():
        params = " ".join(f'--param {p.name}="{p.example or "..."}"' for p in q.params)
        print(f"{q.name}\n    {q.title}. {q.description}")
        if params:
            print(f"    {params}")
    return 0
