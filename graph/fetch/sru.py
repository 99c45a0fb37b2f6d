"""Ask KOOP's SRU search service which papers a dossier holds, and read its answers.

The service (``https://repository.overheid.nl/sru``) speaks SRU 2.0: a ``searchRetrieveResponse`` with
``numberOfRecords``, ``records/record/recordData`` and, while more pages follow, ``nextRecordPosition``; a query it
cannot run comes back as ``diagnostics``. Each record is a ``gzd:gzd`` document: ``originalData`` holds the OWMS
metadata (``owmskern/dcterms:identifier``, ``dcterms:modified``; ``tpmeta/dossiernummer``) and ``enrichedData``
the repository URLs of each manifestation (``itemUrl manifestation="xml"`` / ``"metadata"``). Elements are matched
by local name, so SRU 1.2 answers (``http://www.loc.gov/zing/srw/``) read the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Iterator

from lxml import etree

from graph.model import DossierNumber, KamergraafError

DEFAULT_SRU_URL = "https://repository.overheid.nl/sru"
DEFAULT_REPOSITORY_URL = "https://repository.overheid.nl/frbr"


class XmlError(KamergraafError):
    """A response that should be XML is not (empty, malformed, or the wrong document). Names the URL."""

    def __init__(self, url: str, reason: str):
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")


class SearchError(XmlError):
    """The search service gave no usable answer: a diagnostic or a response that is not an SRU page."""


@dataclass(frozen=True, order=True)
class SruRecord:
    """One search hit: the paper's id, when it was last modified, and where its XML and metadata.xml live."""

    id: str
    modified: str | None
    xml_url: str | None
    metadata_url: str | None
    dossiers: tuple[str, ...] = ()


@dataclass(frozen=True)
class SruPage:
    """One page of results."""

    total: int
    records: tuple[SruRecord, ...]
    next_position: int | None


_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
_DOSSIER_INPUT = re.compile(r"^(\d{2})\s?(\d{3})(?:(?:\s+|\s*-\s*)(\S.*?))?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def normalise_dossier(text: str) -> str:
    """Normalise a dossier number as typed to OVERHEIDop.dossiernummer form; raise ValueError if it is not one.

    >>> normalise_dossier("19637"), normalise_dossier("19 637"), normalise_dossier("21501-20")
    ('19637', '19637', '21501-20')
    >>> normalise_dossier("36200 vii"), normalise_dossier("33852-(R2023)")
    ('36200-VII', '33852-(R2023)')
    """
    m = _DOSSIER_INPUT.match(text.strip())
    if not m:
        raise ValueError(f"Expected a dossier number like '19637', '21501-20' or '36200-VII', got {text!r}")
    toevoeging = m.group(3)
    if toevoeging:
        toevoeging = re.sub(r"\s+", "", toevoeging).upper()
        if not re.match(r"^[A-Z0-9()]+$", toevoeging):
            raise ValueError(f"Expected a dossier number like '19637', '21501-20' or '36200-VII', got {text!r}")
    return str(DossierNumber(int(m.group(1) + m.group(2)), toevoeging))


def build_query(dossier: str, *, since: date | None = None) -> str:
    """The CQL query for every Kamerstuk of a dossier (modified on or after ``since``).

    >>> build_query("19637")
    '(c.product-area=officielepublicaties AND w.dossiernummer==19637 AND w.publicatienaam=Kamerstuk)'
    >>> build_query("21501-20", since=date(2024, 1, 31))[-28:]
    ' AND dt.modified>=2024-01-31'
    """
    query = f"(c.product-area=officielepublicaties AND w.dossiernummer=={dossier} AND w.publicatienaam=Kamerstuk)"
    if since is not None:
        query += f" AND dt.modified>={since.isoformat()}"
    return query


def search_params(query: str, *, start: int, page_size: int) -> dict[str, str]:
    """The request parameters of one result page (``startRecord`` counts from 1)."""
    return {
        "query": query,
        "startRecord": str(start),
        "maximumRecords": str(page_size),
        "httpAccept": "application/xml",
    }


def parse_xml(data: bytes, url: str) -> etree._Element:
    """Parse XML safely (no entities, no network); raise :class:`XmlError` naming the URL and position."""
    if not data.strip():
        raise XmlError(url, "empty response where XML was expected")
    try:
        return etree.fromstring(data, _SAFE_XML)
    except etree.XMLSyntaxError as e:
        line, column = e.position if e.position else (0, 0)
        raise XmlError(url, f"malformed XML at line {line}, column {column}: {e.msg}") from None


def local_name(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def children(el, name: str) -> Iterator:
    return (c for c in el if local_name(c) == name)


def child(el, *path: str):
    for name in path:
        if el is None:
            return None
        el = next(children(el, name), None)
    return el


def _text(el) -> str | None:
    if el is None or el.text is None:
        return None
    return " ".join(el.text.split()) or None


def parse_page(data: bytes, url: str) -> SruPage:
    """Read one SRU ``searchRetrieveResponse`` page; raise :class:`SearchError` on diagnostics or bad structure."""
    root = parse_xml(data, url)
    if local_name(root) != "searchRetrieveResponse":
        raise SearchError(url, f"expected an SRU searchRetrieveResponse, got <{local_name(root)}>")
    diagnostics = child(root, "diagnostics")
    if diagnostics is not None:
        messages = [_text(child(d, "message")) or _text(child(d, "uri")) or "?"
                    for d in children(diagnostics, "diagnostic")]
        raise SearchError(url, "the search service reports: " + "; ".join(messages))
    total_text = _text(child(root, "numberOfRecords"))
    if total_text is None or not total_text.isdigit():
        raise SearchError(url, f"expected numberOfRecords to be a number, got {total_text!r}")
    records_el = child(root, "records")
    records = tuple(_record(r, url) for r in children(records_el, "record")) if records_el is not None else ()
    next_text = _text(child(root, "nextRecordPosition"))
    next_position = int(next_text) if next_text and next_text.isdigit() else None
    return SruPage(total=int(total_text), records=records, next_position=next_position)


def _record(record, url: str) -> SruRecord:
    gzd = child(record, "recordData", "gzd")
    if gzd is None:
        raise SearchError(url, "expected recordData/gzd in every record")
    meta = child(gzd, "originalData", "meta")
    kern = child(meta, "owmskern")
    doc_id = _text(child(kern, "identifier"))
    if not doc_id:
        raise SearchError(url, "a record has no owmskern/dcterms:identifier")
    modified = _text(child(kern, "modified")) or _text(child(meta, "owmsmantel", "available"))
    if modified and _DATE.match(modified):
        modified = modified[:10]
    tpmeta = child(meta, "tpmeta")
    dossiers = () if tpmeta is None else tuple(t for t in (_text(d) for d in children(tpmeta, "dossiernummer")) if t)
    items = {}
    enriched = child(gzd, "enrichedData")
    if enriched is not None:
        for item in children(enriched, "itemUrl"):
            manifestation, value = item.get("manifestation"), _text(item)
            if manifestation and value:
                items.setdefault(manifestation, value)
        plain = _text(child(enriched, "url"))
        if "xml" not in items and plain and plain.endswith(f"/{doc_id}.xml"):
            items["xml"] = plain
    xml_url = items.get("xml")
    metadata_url = items.get("metadata")
    if metadata_url is None and xml_url and xml_url.endswith(f"/xml/{doc_id}.xml"):
        metadata_url = xml_url[: -len(f"xml/{doc_id}.xml")] + "metadata/metadata.xml"
    return SruRecord(id=doc_id, modified=modified, xml_url=xml_url, metadata_url=metadata_url, dossiers=dossiers)


def mirror_url(url: str, repository_url: str) -> str:
    """Point a repository URL at ``repository_url`` (a mirror or test server) instead of the official one.

    >>> mirror_url("https://repository.overheid.nl/frbr/officielepublicaties/kst/1/x.xml", "http://127.0.0.1:8/frbr")
    'http://127.0.0.1:8/frbr/officielepublicaties/kst/1/x.xml'
    """
    base = repository_url.rstrip("/")
    for official in (DEFAULT_REPOSITORY_URL, DEFAULT_REPOSITORY_URL.replace("https://", "http://", 1)):
        if url.startswith(official + "/"):
            return base + url[len(official):]
    return url
