"""``kamergraaf network``: the interactive network of a graph as one self-contained HTML page."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from graph.network import write_network
from graph.store import open_store

LARGE = 3000  # nodes past which the command suggests --aggregate

EPILOG = """\
examples:
  kamergraaf network out/kamergraaf.trig -o site/network.html
  kamergraaf network out/store -o blok.html --actor "S.A. Blok" --since 2020-01-01
  kamergraaf network out/store -o ego.html --focus https://w3id.org/kamergraaf/id/kamerstuk/kst-19637-2699 --depth 2
  kamergraaf network out/store -o overview.html --aggregate     actors linked to dossiers, weighted by papers

Filters keep the papers that pass all of them, with their neighbours. The page needs no network: positions are
computed here and the drawing library is inline. exit codes: 0 written, 2 bad input or usage.
"""


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from e


def _depth(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a depth of 0 or more, got {text!r}")
    return int(text)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "network",
        help="draw the network of papers, dossiers and actors as an HTML page",
        description="Draw papers, dossiers, persons, posts and organisations as an interactive network page.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("graph", metavar="GRAPH", help="an RDF file, an Oxigraph store directory or a SPARQL URL")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", required=True, help="the HTML page to write")
    parser.add_argument("--title", default="Kamergraaf network", help="the page title")
    parser.add_argument("--focus", metavar="IRI", help="draw only the nodes within --depth steps of IRI (ego view)")
    parser.add_argument("--depth", type=_depth, default=2, metavar="N", help="steps from --focus (default 2)")
    parser.add_argument("--dossier", metavar="D", help="papers of dossier D (number like 19637 or its IRI)")
    parser.add_argument("--since", type=_date, metavar="DATE", help="papers dated on or after DATE (YYYY-MM-DD)")
    parser.add_argument("--until", type=_date, metavar="DATE", help="papers dated on or before DATE (YYYY-MM-DD)")
    parser.add_argument("--actor", metavar="NAME", help="papers linked to a person, post or organisation (name or IRI)")
    parser.add_argument("--aggregate", action="store_true", help="link actors to dossiers instead of drawing papers")
    parser.add_argument("--limit", type=_depth, metavar="N",
                        help="with --focus: keep at most the N nearest nodes (the most linked first)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    store = open_store(args.graph)
    try:
        count = write_network(
            store, args.output, title=args.title, focus=args.focus, depth=args.depth, dossier=args.dossier,
            since=args.since, until=args.until, actor=args.actor, aggregate=args.aggregate, limit=args.limit,
        )
    finally:
        store.close()
    print(f"kamergraaf network: wrote {args.output} ({count} nodes)", file=sys.stderr)
    if count > LARGE and not args.aggregate:
        print(f"kamergraaf network: {count} nodes is a lot to read; try --aggregate or a filter", file=sys.stderr)
    return 0
