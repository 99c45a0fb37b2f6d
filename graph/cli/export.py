"""``kamergraaf export``: convert a graph (file, Oxigraph store or SPARQL endpoint) to a publishable file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graph.describe import CC0, TOOI_THEME_MIGRATIE, Agent
from graph.export import ExportFormat, export
from graph.ids import DEFAULT_BASE, Minter
from graph.store import open_store

EPILOG = """\
examples:
  kamergraaf export out/kamergraaf.trig -o site/kamergraaf.ttl                 facts as canonical Turtle
  kamergraaf export out/store --format jsonld -o site/kamergraaf.jsonld        JSON-LD with the published @context
  kamergraaf export out/store --provenance -o site/kamergraaf.nq               facts and provenance, graphs kept
  kamergraaf export out/store -o site/kg.ttl --publisher https://identifier.overheid.nl/tooi/id/ministerie/mnre1058 \\
      --publisher-name "Ministerie van Justitie en Veiligheid" --licence http://creativecommons.org/licenses/by/4.0/

The same graph always gives the same bytes. The file includes the DCAT/VoID description of the dataset
(in the graph {base}/graph/dataset) unless --no-describe is given.
exit codes: 0 written, 2 bad input or usage.
"""


def add_description_options(parser: argparse.ArgumentParser) -> None:
    """Add the options of the dataset description (shared by ``export`` and ``describe``)."""
    group = parser.add_argument_group("dataset description")
    group.add_argument("--base", default=DEFAULT_BASE, metavar="IRI", help=f"base of the data IRIs ({DEFAULT_BASE})")
    group.add_argument("--publisher", metavar="IRI",
                       help="the publisher (a TOOI identifier for a government body); default the Kamergraaf project")
    group.add_argument("--publisher-name", metavar="NAME", help="the publisher's name (needed with --publisher)")
    group.add_argument("--creator", action="append", default=[], metavar="IRI=NAME",
                       help="a creator, as IRI=NAME (repeatable; default the publisher)")
    group.add_argument("--licence", default=CC0, metavar="IRI", help=f"a Creative Commons licence ({CC0})")
    group.add_argument("--title", metavar="TEXT", help="the Dutch title of the dataset")
    group.add_argument("--description", metavar="TEXT", help="the Dutch description of the dataset")
    group.add_argument("--contact-email", metavar="ADDRESS", help="the e-mail address of the contact point")
    group.add_argument("--contact-url", metavar="URL", help="the web page of the contact point (default the base)")
    group.add_argument("--theme", action="append", default=[], metavar="IRI",
                       help=f"a TOOI theme (repeatable; default {TOOI_THEME_MIGRATIE}, migratie en integratie)")
    group.add_argument("--download-base", metavar="URL", help="where the files are published (default {base}/dump/)")
    group.add_argument("--sparql-endpoint", metavar="URL", help="a public SPARQL endpoint serving the dataset")


def description_options(args: argparse.Namespace) -> dict:
    """The keyword arguments of :func:`graph.describe.describe` the parsed options ask for."""
    publisher = None
    if args.publisher:
        publisher = Agent(args.publisher, args.publisher_name or args.publisher)
    creators = []
    for spec in args.creator:
        iri, _, name = spec.partition("=")
        creators.append(Agent(iri, name or iri))
    options = {
        "publisher": publisher,
        "creators": tuple(creators),
        "licence": args.licence,
        "title": args.title,
        "description": args.description,
        "contact_email": args.contact_email,
        "contact_url": args.contact_url,
        "download_base": args.download_base,
        "sparql_endpoint": args.sparql_endpoint,
    }
    if args.theme:
        options["themes"] = tuple(args.theme)
    return options


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "export",
        help="convert the graph to Turtle, N-Triples, N-Quads, TriG or JSON-LD",
        description="Write the facts of a graph (and with --provenance its provenance) as a canonical RDF file.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("graph", metavar="GRAPH", help="an RDF file, an Oxigraph store directory or a SPARQL URL")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="the file to write")
    parser.add_argument("--format", choices=[f.value for f in ExportFormat], metavar="FORMAT",
                        help="turtle, nt, nq, trig or jsonld (default: from the extension of FILE)")
    parser.add_argument("--provenance", action="store_true", help="include the provenance graphs")
    parser.add_argument("--no-describe", dest="describe", action="store_false",
                        help="leave out the dataset description")
    add_description_options(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    fmt = ExportFormat.parse(args.format) if args.format else ExportFormat.from_path(args.output)
    minter = Minter(args.base)
    options = description_options(args) if args.describe else {}
    store = open_store(args.graph)
    try:
        report = export(store, args.output, fmt=fmt, provenance=args.provenance, minter=minter,
                        describe=args.describe, **options)
    finally:
        store.close()
    for leftover in report.removed:
        print(f"removed {leftover}, left by an export that was killed", file=sys.stderr)
    print(f"wrote {report.path} ({report.format.value}, {report.statements} statements from "
          f"{len(report.graphs)} graphs)", file=sys.stderr)
    return 0
