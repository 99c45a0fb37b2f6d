"""``kamergraaf extract``: print the extraction record of each paper (contracts/extraction-record.md)."""

from __future__ import annotations

import argparse
import json
import sys

from graph.extract import extract_paths
from graph.model import SourceError

FORMATS = ("jsonl", "json")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "extract",
        help="print what the extractors find in papers, one JSON record per paper",
        description=(
            "Read papers (text, official XML, HTML, PDF) and print one extraction record per paper, in input "
            "order. Folders are searched for *.txt *.xml *.html *.pdf (sorted). A file that cannot be read is "
            "reported on standard error and the exit code is 1; the others are still printed.\n\n"
            "example: kamergraaf extract graph/data/sample --format jsonl"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="a paper or a folder of papers")
    parser.add_argument(
        "--format", choices=FORMATS, default="jsonl",
        help="jsonl: one JSON object a line (default); json: one JSON array",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    failed = 0
    records = []
    for path, result in extract_paths(args.paths):
        if isinstance(result, SourceError):
            failed += 1
            print(f"kamergraaf extract: {path}: {result.reason}", file=sys.stderr)
            continue
        record = result.to_record()
        if args.format == "jsonl":
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            records.append(record)
    if args.format == "json":
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()
    return 1 if failed else 0
