"""``kamergraaf fetch``: bring every paper of a dossier into the local cache, and later only what is new."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TextIO

from graph.fetch import (
    DEFAULT_REPOSITORY_URL,
    DEFAULT_SRU_URL,
    FetchReport,
    Progress,
    default_cache_dir,
    fetch_dossiers,
)

EPILOG = """\
examples:
  kamergraaf fetch --dossier 19637
  kamergraaf fetch --dossier 19637 --dossier 30573 --since 2024-01-01
  KAMERGRAAF_CACHE=/data/kst kamergraaf fetch --dossier 32317 --rate 1

Papers land in <cache>/papers/<id>.xml with <id>.metadata.xml beside them; the paths of all papers of the
dossiers are printed on stdout, the summary and any failures on stderr.
exit codes: 0 all fetched, 1 some papers failed (the rest were fetched), 2 bad usage or the search itself failed.
"""


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


def _number(kind, *, minimum: float, strict: bool = False):
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
        if value < minimum or (strict and value == minimum):
            raise argparse.ArgumentTypeError(f"expected a number {'>' if strict else '>='} {minimum:g}, got {text!r}")
        return value

    return parse


def add_fetch_options(parser: argparse.ArgumentParser) -> None:
    """Add the options shared by ``fetch`` and ``build --dossier`` (everything but ``--dossier`` itself)."""
    group = parser.add_argument_group("fetching")
    group.add_argument("--since", type=_iso_date, metavar="DATE",
                       help="only papers modified on or after DATE (YYYY-MM-DD); default: since the last run")
    group.add_argument("--full", action="store_true",
                       help="ignore the remembered high-water mark and ask for every paper (cached ones are kept)")
    group.add_argument("--cache", type=Path, metavar="DIR",
                       help="cache directory (default: $KAMERGRAAF_CACHE or ~/.cache/kamergraaf)")
    group.add_argument("--sru-url", default=DEFAULT_SRU_URL, metavar="URL",
                       help=f"SRU search service (default: {DEFAULT_SRU_URL})")
    group.add_argument("--repository-url", default=DEFAULT_REPOSITORY_URL, metavar="URL",
                       help=f"repository of official publications, or a mirror (default: {DEFAULT_REPOSITORY_URL})")
    group.add_argument("--rate", type=_number(float, minimum=0), default=2.0, metavar="N",
                       help="at most N requests per second (default: 2; 0 = no limit)")
    group.add_argument("--retries", type=_number(int, minimum=0), default=4, metavar="N",
                       help="retries on connection errors, 5xx and 429 (default: 4)")
    group.add_argument("--timeout", type=_number(float, minimum=0, strict=True), default=30.0, metavar="S",
                       help="seconds to wait for the server (default: 30)")
    group.add_argument("--page-size", type=_number(int, minimum=1), default=100, metavar="N",
                       help="search results asked per page (default: 100)")
    group.add_argument("--progress", action="store_true",
                       help="show a progress bar on stderr even when stderr is not a terminal")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "fetch",
        help="download the papers of one or more dossiers from the official sources",
        description="Download every Kamerstuk of a dossier (XML + metadata.xml) from KOOP's SRU service and "
                    "repository into a local cache; later runs fetch only what is new or changed.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--dossier", action="append", required=True, metavar="NUMBER",
                        help="dossier number, e.g. 19637 or 21501-20 (repeatable)")
    add_fetch_options(parser)
    parser.set_defaults(handler=run)


class ProgressBar:
    """Draw one line per dossier on ``stream``: a bar, done/total and the counts."""

    def __init__(self, stream: TextIO, width: int = 24):
        self.stream = stream
        self.width = width
        self._dossier: str | None = None

    def __call__(self, p: Progress) -> None:
        if self._dossier is not None and p.dossier != self._dossier:
            self.stream.write("\n")
        self._dossier = p.dossier
        filled = self.width if p.total == 0 else self.width * p.done // p.total
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r{p.dossier:>10} [{bar}] {p.done}/{p.total}  fetched {p.fetched}  cached {p.cached}"
                          f"  failed {p.failed}")
        self.stream.flush()

    def close(self) -> None:
        if self._dossier is not None:
            self.stream.write("\n")
            self.stream.flush()


def fetch_from_args(args: argparse.Namespace, dossiers: list[str]) -> FetchReport:
    """Run the fetcher with the parsed ``add_fetch_options`` options (drawing the progress bar if asked)."""
    bar = ProgressBar(sys.stderr) if (args.progress or sys.stderr.isatty()) else None
    try:
        return fetch_dossiers(
            dossiers,
            cache_dir=args.cache or default_cache_dir(),
            sru_url=args.sru_url,
            repository_url=args.repository_url,
            since=args.since,
            full=args.full,
            rate=args.rate,
            retries=args.retries,
            timeout=args.timeout,
            page_size=args.page_size,
            progress=bar,
        )
    finally:
        if bar is not None:
            bar.close()


def print_report(report: FetchReport, *, cache_dir: Path | None = None, out: TextIO | None = None,
                 err: TextIO | None = None) -> int:
    """Print the papers (stdout) and summary and failures (stderr); return the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    for path in report.papers:
        out.write(f"{path}\n")
    for f in report.failures:
        where = f" ({f.url})" if f.url and f.url != f.id else ""
        what = "search for dossier" if f.kind == "search" else "paper"
        err.write(f"kamergraaf fetch: failed {what} {f.id}{where}: {f.reason}\n")
    err.write(
        f"kamergraaf fetch: {len(report.papers)} papers in the cache; this run fetched {report.fetched}, "
        f"found {report.cached} already cached, {report.papers_failed} failed; {report.requests} requests"
        + (f"; ignored {len(report.ignored)} hits without XML" if report.ignored else "")
        + (f"; cache {cache_dir}" if cache_dir else "") + "\n"
    )
    return exit_code(report)


def exit_code(report: FetchReport) -> int:
    """0 all fine, 1 some papers failed, 2 a search failed."""
    if report.search_failed:
        return 2
    return 1 if report.failures else 0


def run(args: argparse.Namespace) -> int:
    report = fetch_from_args(args, args.dossier)
    return print_report(report, cache_dir=args.cache or default_cache_dir())

