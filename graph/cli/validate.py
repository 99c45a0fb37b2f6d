"""``kamergraaf validate GRAPH``: SHACL-validate a built graph. Exit 0 conforms, 1 violations, 2 bad input."""

from __future__ import annotations

import argparse
import sys

from graph.store import open_store
from graph.validate import validate_store


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "validate",
        help="check a graph against the SHACL shapes",
        description="Validate a graph against the SHACL shapes in ontology/shapes*.ttl.\n\n"
        "Example: kamergraaf validate out/kamergraaf.ttl",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("graph", help="an RDF file (.ttl .trig .nq .nt .jsonld), an Oxigraph store folder or a SPARQL URL")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only the verdict line")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    store = open_store(args.graph)
    try:
        report = validate_store(store)
    finally:
        store.close()
    if report.conforms:
        print(f"{args.graph}: conforms to the shapes")
        return 0
    if not args.quiet:
        print(report.report_text, file=sys.stderr)
    print(f"{args.graph}: {report.violations} violation(s) of the shapes")
    return 1
