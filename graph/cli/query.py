"""``kamergraaf query GRAPH SPARQL`` and ``--saved NAME``: run a read-only query on any store, print the result."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graph.fsutil import atomic_write_text
from graph.model import KamergraafError
from graph.query import CLI_FORMATS, query_form, saved_query, serialize_result
from graph.store import open_store


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "query",
        help="run a SPARQL query (or a saved one) on a graph",
        description="Run a read-only SPARQL query on a graph and print the result.\n\n"
        "Examples:\n"
        "  kamergraaf query out/kamergraaf.trig 'SELECT ?s WHERE { ?s a <https://w3id.org/kamergraaf/def#Dossier> }'\n"
        "  kamergraaf query out/kamergraaf.trig @my-query.rq --format csv\n"
        '  kamergraaf query out/store --saved papers-by-person --param person="S.A. Blok"\n'
        "  kamergraaf queries    (lists the saved queries and their parameters)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "graph", help="an RDF file (.ttl .trig .nq .nt .jsonld), an Oxigraph store folder or a SPARQL URL"
    )
    parser.add_argument("sparql", nargs="?", help="the query text, or @FILE to read it from a file")
    parser.add_argument("--saved", metavar="NAME", help="run the saved query NAME (see `kamergraaf queries`)")
    parser.add_argument(
        "--param", action="append", default=[], metavar="NAME=VALUE", help="a value for a saved query's parameter"
    )
    parser.add_argument(
        "--format",
        choices=CLI_FORMATS,
        default="table",
        help="table, csv, json, tsv or xml for SELECT/ASK; turtle, nt, jsonld or xml for CONSTRUCT/DESCRIBE "
        "(default: table; Turtle for graphs)",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write the result to FILE instead of standard output")
    parser.add_argument("--timeout", type=float, metavar="SECONDS", help="ask the store to stop after this long")
    parser.set_defaults(handler=run)


class UsageError(KamergraafError):
    """The command line does not say which query to run."""


def query_text(args: argparse.Namespace) -> str:
    """The SPARQL the arguments ask for: inline, from ``@file``, or a saved query with its parameters."""
    if args.saved and args.sparql:
        raise UsageError("Give either a SPARQL query or --saved NAME, not both.")
    if args.saved:
        values = {}
        for item in args.param:
            name, sep, value = item.partition("=")
            if not sep or not name:
                raise UsageError(f"Expected --param NAME=VALUE, got {item!r}")
            values[name.strip()] = value
        return saved_query(args.saved).render(values)
    if args.param:
        raise UsageError("--param only applies to a saved query (--saved NAME).")
    if not args.sparql:
        raise UsageError("Give a SPARQL query (text or @FILE) or --saved NAME.")
    if args.sparql.startswith("@"):
        path = Path(args.sparql[1:])
        try:
            return path.read_text(encoding="utf-8")
        except OSError as e:
            raise UsageError(f"Cannot read the query file {path}: {e.strerror}") from e
    return args.sparql


def run(args: argparse.Namespace) -> int:
    sparql = query_text(args)
    query_form(sparql)  # refuse updates and SERVICE before opening the store
    store = open_store(args.graph)
    try:
        result = store.query(sparql, timeout=args.timeout)
    finally:
        store.close()
    text = serialize_result(result, args.format)
    if args.output:
        atomic_write_text(args.output, text)
        count = len(result.rows) if result.kind == "select" else len(result.graph or ())
        print(f"wrote {args.output} ({count} {'rows' if result.kind == 'select' else 'triples'})", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
