"""``kamergraaf describe``: the DCAT-AP-NL / VoID description of a graph, checked against its SHACL shapes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graph.cli.export import add_description_options, description_options
from graph.describe import describe, validate_description
from graph.export import ExportFormat, canonical_quads, serialise
from graph.fsutil import atomic_write_bytes
from graph.ids import Minter
from graph.store import open_store

EPILOG = """\
examples:
  kamergraaf describe out/kamergraaf.trig                          Turtle on standard output
  kamergraaf describe out/store -o site/dataset.ttl --contact-email open-data@example.org
  kamergraaf describe out/store --format jsonld -o site/dataset.jsonld --download-base https://data.example.org/kg/

The description is checked against ontology/shapes-dcat.ttl (the mandatory properties of DCAT-AP-NL 3.0).
exit codes: 0 written and valid, 1 written but not valid (the report goes to standard error), 2 bad input or usage.
"""


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "describe",
        help="describe the dataset (DCAT-AP-NL 3.0 + VoID)",
        description="Describe a graph as a dataset: DCAT-AP-NL 3.0 mandatory properties, VoID counts and linksets.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("graph", metavar="GRAPH", help="an RDF file, an Oxigraph store directory or a SPARQL URL")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE (default standard output)")
    parser.add_argument("--format", choices=[f.value for f in ExportFormat if not f.keeps_graphs] + ["jsonld"],
                        metavar="FORMAT", help="turtle, nt or jsonld (default: from FILE, else turtle)")
    parser.add_argument("--provenance", action="store_true", help="count the provenance graphs as well")
    add_description_options(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.format:
        fmt = ExportFormat.parse(args.format)
    elif args.output is not None:
        fmt = ExportFormat.from_path(args.output)
    else:
        fmt = ExportFormat.TURTLE
    minter = Minter(args.base)
    store = open_store(args.graph)
    try:
        graph = describe(store, minter=minter, provenance=args.provenance, **description_options(args))
    finally:
        store.close()
    data = serialise(canonical_quads(((s, p, o, None) for s, p, o in graph), keep_graphs=False), fmt)
    if args.output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        atomic_write_bytes(args.output, data)
    conforms, _, text = validate_description(graph)
    if not conforms:
        print(f"kamergraaf describe: the description does not meet DCAT-AP-NL 3.0:\n{text}", file=sys.stderr)
        return 1
    return 0
