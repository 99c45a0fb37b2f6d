"""Readers: a file on disk becomes a :class:`~graph.model.SourceDocument`, whatever its format.

The registry maps a format name to the function that reads it; :func:`read` picks one by sniffing the bytes.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Callable

from graph.model import SourceDocument, SourceError

# format name -> "module:function"; each function takes (path: str, data: bytes) and returns a SourceDocument.
READERS: dict[str, str] = {
    "text": "graph.readers.text:read_text",
    "xml": "graph.readers.officiele_xml:read_xml",
    "html": "graph.readers.html:read_html",
    "pdf": "graph.readers.pdf:read_pdf",
}


def sniff(path: str, data: bytes) -> str:
    """Name the format of ``data``: pdf, xml, html or text.

    >>> sniff("a.txt", b"19 637 Vreemdelingenbeleid")
    'text'
    >>> sniff("a", b"%PDF-1.7 ...")
    'pdf'
    """
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"%pdf-"):
        return "pdf"
    if head.startswith(b"<!doctype html") or head.startswith(b"<html") or b"<html" in head[:1024]:
        return "html"
    if head.startswith(b"<?xml") or head.startswith(b"<officiele-publicatie") or head.startswith(b"<"):
        return "xml"
    return "text"


def reader_for(fmt: str) -> Callable[[str, bytes], SourceDocument]:
    """The reading function registered for ``fmt``."""
    try:
        target = READERS[fmt]
    except KeyError:
        raise ValueError(f"Unknown input format {fmt!r}. Choose one of: {', '.join(sorted(READERS))}.") from None
    module, func = target.split(":")
    return getattr(importlib.import_module(module), func)


INPUT_PATTERNS = ("*.txt", "*.xml", "*.html", "*.pdf")


def list_inputs(paths) -> list[Path]:
    """List the papers under ``paths`` in order: a file as given, a folder's ``*.txt *.xml *.html *.pdf`` sorted.

    Gold files beside papers (``*.gold.json``) and official metadata files (``*.metadata.xml``, read together
    with the paper's XML) are not papers and are never listed. A path that does not exist is
    kept, so that reading it reports the error with its name.
    """
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = {f for pattern in INPUT_PATTERNS for f in p.glob(pattern) if f.is_file()}
            out.extend(sorted(f for f in found if not f.name.endswith(".metadata.xml")))
        else:
            out.append(p)
    return out


def read(path: str | Path, *, fmt: str | None = None) -> SourceDocument:
    """Read one paper from disk; raise :class:`SourceError` naming the file when it cannot be read."""
    path_str = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise SourceError(path_str, f"cannot read file: {e.strerror or e}") from e
    if not data.strip():
        raise SourceError(path_str, "the file is empty")
    return reader_for(fmt or sniff(path_str, data))(path_str, data)
