"""``kamergraaf build``: papers on disk (or fetched by dossier) become the knowledge graph."""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack
from pathlib import Path

from graph.cli.fetch import add_fetch_options, fetch_from_args
from graph.export import ExportFormat, export
from graph.fsutil import remove_stale_scratch, scratch_folder
from graph.ids import DEFAULT_BASE, Minter
from graph.pipeline import build, default_jobs
from graph.readers import list_inputs
from graph.store import MemoryStore, Store, StoreError
from graph.store_oxigraph import OxigraphStore
from graph.store_remote import RemoteStore

MEMORY_PAPERS = 200  # beyond this, -o alone builds on disk: rdflib holds 1,000 papers in about 1 GB

EPILOG = f"""\
examples:
  kamergraaf build papers/ -o out/kamergraaf.ttl            facts as Turtle
  kamergraaf build papers/ -o out/kamergraaf.trig           facts + provenance, one named graph per paper
  kamergraaf build papers/ --store out/store                an Oxigraph store on disk; rerun to update it
  kamergraaf build papers/ --endpoint http://127.0.0.1:7878 a remote SPARQL 1.1 store (Graph Store Protocol)
  kamergraaf build --dossier 19637 -o out/19637.trig         fetch the dossier from the official sources, then build

With -o alone, up to {MEMORY_PAPERS} papers are built in memory (rdflib); more go through a temporary Oxigraph
store in a hidden folder beside FILE, removed at the end (or by the next build or export of FILE, if killed).

The store mirrors the inputs: papers whose content is unchanged are skipped, changed ones replaced, and papers
built before from files no longer given are removed.
exit codes: 0 every paper built, 1 some inputs failed (the others were built), 2 bad usage or a failed store.
"""


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "build",
        help="build the graph from papers (files, folders or dossiers)",
        description="Read papers (text, official XML or HTML, PDF), extract and resolve what they say, and write "
        "the graph.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="a paper, or a folder of papers")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="write the graph to FILE; the extension names the format (.ttl .nt .nq .trig .jsonld)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--store", type=Path, metavar="DIR", help="build into an Oxigraph store in DIR")
    where.add_argument("--endpoint", metavar="URL", help="build into a remote SPARQL 1.1 store")
    parser.add_argument("--provenance", action=argparse.BooleanOptionalAction, default=None,
                        help="include the provenance graphs in FILE (default: yes for .trig/.nq, no otherwise)")
    parser.add_argument("--base", default=DEFAULT_BASE, metavar="IRI", help=f"base of minted IRIs ({DEFAULT_BASE})")
    parser.add_argument("--jobs", type=int, default=None, metavar="N",
                        help=f"worker processes (default: the core count, here {default_jobs()})")
    parser.add_argument("--force", action="store_true", help="rebuild papers whose content has not changed")
    parser.add_argument("--dossier", action="append", default=[], metavar="NUMBER",
                        help="fetch this dossier from the official sources first and build its papers (repeatable)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only failures")
    add_fetch_options(parser)
    parser.set_defaults(handler=run)


def _open(args: argparse.Namespace, papers: int, cleanup: ExitStack) -> Store:
    if args.store is not None:
        return OxigraphStore(args.store)
    if args.endpoint is not None:
        return RemoteStore(args.endpoint)
    if papers <= MEMORY_PAPERS:
        return MemoryStore()
    for leftover in remove_stale_scratch(args.output):
        if not args.quiet:
            print(f"removed {leftover}, left by a build that was killed", file=sys.stderr)
    try:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        folder = cleanup.enter_context(scratch_folder(args.output, "store"))
    except OSError as e:
        raise StoreError(f"{args.output}: cannot make a temporary store beside it: {e}") from e
    return OxigraphStore(folder)


def run(args: argparse.Namespace) -> int:
    if not args.paths and not args.dossier:
        print("kamergraaf build: error: give at least one PATH or --dossier NUMBER", file=sys.stderr)
        return 2
    if args.output is None and args.store is None and args.endpoint is None:
        print("kamergraaf build: error: say where the graph goes: -o FILE, --store DIR or --endpoint URL",
              file=sys.stderr)
        return 2
    fmt = ExportFormat.from_path(args.output) if args.output is not None else None  # a bad extension fails early
    minter = Minter(args.base)

    failed_fetches = 0
    paths = list_inputs(args.paths)
    if args.dossier:
        fetched = fetch_from_args(args, args.dossier)
        for failure in fetched.failures:
            print(f"kamergraaf build: fetching {failure.id} ({failure.url}): {failure.reason}", file=sys.stderr)
        if fetched.search_failed:
            return 2
        failed_fetches = fetched.papers_failed
        paths.extend(fetched.papers)

    with ExitStack() as cleanup:
        store = _open(args, len(paths), cleanup)
        cleanup.callback(store.close)
        report = build(paths, store, minter=minter, jobs=args.jobs, force=args.force)
        for outcome in report.failed:
            print(f"kamergraaf build: {outcome.path}: {outcome.reason}", file=sys.stderr)
        if args.output is not None:
            provenance = args.provenance if args.provenance is not None else fmt in (ExportFormat.TRIG,
                                                                                      ExportFormat.NQ)
            written = export(store, args.output, fmt=fmt, provenance=provenance, minter=minter)
    if not args.quiet:
        print(report.summary(), file=sys.stderr)
        if args.output is not None:
            for leftover in written.removed:
                print(f"removed {leftover}, left by an export that was killed", file=sys.stderr)
            print(f"wrote {args.output} ({written.statements} statements{', with provenance' if provenance else ''})",
                  file=sys.stderr)
    return 1 if report.failed or failed_fetches else 0
