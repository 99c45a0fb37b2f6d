"""``kamergraaf serve GRAPH...``: a read-only SPARQL endpoint and linked-data pages on ``http://HOST:PORT/``."""

from __future__ import annotations

import argparse
import sys

from graph.ids import DEFAULT_BASE, Minter
from graph.server import App, WorkerPool, make_server


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "serve",
        help="serve a graph: SPARQL endpoint, entity pages, search",
        description="Serve graphs over HTTP: a SPARQL 1.1 Protocol endpoint at /sparql (read-only), a page for every "
        "entity under the base IRI (HTML for browsers, Turtle or JSON-LD by Accept), and a home page with search.\n"
        "Each query runs in a worker process that is killed when it passes --timeout.\n\n"
        "Examples:\n"
        "  kamergraaf serve out/kamergraaf.trig --port 8000\n"
        "  kamergraaf serve out/kamergraaf.trig --get /id/kamerstuk/kst-19637-2699\n"
        "  kamergraaf serve out/store --get '/sparql?query=ASK{?s?p?o}' --accept text/csv",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("graph", nargs="+", help="RDF files, an Oxigraph store folder or a SPARQL URL (merged)")
    parser.add_argument("--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="the port to listen on (default: 8000; 0 picks one)")
    parser.add_argument("--base", default=DEFAULT_BASE, help=f"the base IRI of the data (default: {DEFAULT_BASE})")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds a query may run (default: 10)")
    parser.add_argument("--limit", type=int, default=10_000, help="the most rows or triples a result keeps")
    parser.add_argument("--workers", type=int, default=2, help="worker processes, i.e. queries at once (default: 2)")
    parser.add_argument("--get", metavar="PATH", help="answer one GET request for PATH, print it and exit")
    parser.add_argument("--accept", default="text/html", help="the Accept header for --get (default: text/html)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    minter = Minter(args.base)
    workers = 1 if args.get else args.workers
    with WorkerPool(args.graph, workers=workers, timeout=args.timeout, limit=args.limit) as pool:
        app = App(pool, minter=minter)
        if args.get:
            response = app.handle("GET", args.get, {"Accept": args.accept})
            sys.stdout.buffer.write(response.body)
            sys.stdout.flush()
            if response.status >= 400:
                print(f"kamergraaf serve: {args.get}: HTTP {response.status}", file=sys.stderr)
                return 1
            return 0
        server = make_server(app, args.host, args.port, log=lambda line: print(line, file=sys.stderr))
        host, port = server.server_address[:2]
        print(f"Serving {', '.join(args.graph)} at http://{host}:{port}/ (SPARQL at /sparql); Ctrl-C stops.",
              file=sys.stderr, flush=True)
        try:
            server.serve_forever()
        finally:
            server.server_close()
    return 0
