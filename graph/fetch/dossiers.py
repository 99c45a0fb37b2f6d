"""Fetch every paper of a dossier into the cache, incrementally: search, then download only what is missing.

A run asks the search service for the dossier's Kamerstukken (modified since the remembered high-water mark, or
``since``), then fetches each paper's XML and metadata.xml that the cache does not already hold for that version.
A paper that fails is reported and skipped; the high-water mark moves only after a dossier went through without
failures, so the next run asks again for whatever failed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Literal, Sequence

import requests

from graph.fetch.cache import Cache
from graph.fetch.client import FetchError, PoliteClient
from graph.fetch.sru import (
    DEFAULT_REPOSITORY_URL,
    DEFAULT_SRU_URL,
    SruRecord,
    XmlError,
    children,
    local_name,
    build_query,
    mirror_url,
    normalise_dossier,
    parse_page,
    parse_xml,
    search_params,
)
from graph.model import KamergraafError

SAVE_EVERY = 20  # papers between index saves; a killed run re-adopts complete files it had not indexed yet
MAX_PAGES = 10_000  # a guard against a server whose nextRecordPosition never ends


class FetchUsageError(KamergraafError):
    """The request itself is wrong (a malformed dossier number, a bad option)."""


@dataclass(frozen=True)
class FetchFailure:
    """What failed: a whole dossier search (``kind="search"``) or one paper (``kind="paper"``), and why."""

    kind: Literal["search", "paper"]
    id: str
    url: str | None
    reason: str


@dataclass(frozen=True)
class Progress:
    """Where a run stands, passed to the ``progress`` callback after the search and after each paper."""

    dossier: str
    done: int
    total: int
    fetched: int
    cached: int
    failed: int
    current: str | None = None


@dataclass
class FetchReport:
    """What a run did. ``papers`` are the ``<id>.xml`` files (sorted) of the dossiers asked for, old and new."""

    papers: list[Path] = field(default_factory=list)
    failures: list[FetchFailure] = field(default_factory=list)
    fetched: int = 0  # papers for which at least one file was downloaded
    cached: int = 0  # papers already complete in the cache
    downloads: int = 0  # files downloaded (XML and metadata.xml)
    requests: int = 0  # HTTP requests sent, search pages and retries included
    ignored: list[str] = field(default_factory=list)  # hits that are no Kamerstuk with XML (bijlagen, ...)
    removed_partials: int = 0  # temporary files of an interrupted run, cleaned up

    @property
    def search_failed(self) -> bool:
        return any(f.kind == "search" for f in self.failures)

    @property
    def papers_failed(self) -> int:
        return sum(1 for f in self.failures if f.kind == "paper")


def fetch_dossiers(
    dossiers: Sequence[str],
    *,
    cache_dir: Path,
    sru_url: str = DEFAULT_SRU_URL,
    repository_url: str = DEFAULT_REPOSITORY_URL,
    since: date | None = None,
    full: bool = False,
    rate: float = 2.0,
    retries: int = 4,
    timeout: float = 30.0,
    backoff: float = 1.0,
    page_size: int = 100,
    progress: Callable[[Progress], None] | None = None,
    session: requests.Session | None = None,
) -> FetchReport:
    """Fetch every Kamerstuk of ``dossiers`` into ``cache_dir``; report what came, what was cached, what failed.

    ``since`` asks only for papers modified on or after that date; without it the dossier's high-water mark from
    the previous run is used, unless ``full``. ``rate`` caps requests per second; ``retries``, ``timeout`` and
    ``backoff`` (first wait after a failure, doubled each retry) shape the handling of faults.
    Raises :class:`FetchUsageError` for bad arguments and ``CacheError`` when the cache is unusable.
    """
    try:
        numbers = list(dict.fromkeys(normalise_dossier(d) for d in dossiers))
    except ValueError as e:
        raise FetchUsageError(str(e)) from None
    if not numbers:
        raise FetchUsageError("Expected at least one dossier number, e.g. 19637")
    if page_size < 1:
        raise FetchUsageError(f"Expected a page size >= 1, got {page_size}")
    report = FetchReport()
    client = PoliteClient(session, rate=rate, retries=retries, timeout=timeout, backoff=backoff)
    with client, Cache(Path(cache_dir)) as cache:
        report.removed_partials = len(cache.removed_partials)
        try:
            for dossier in numbers:
                _fetch_dossier(dossier, client, cache, report, sru_url=sru_url, repository_url=repository_url,
                               since=since, full=full, page_size=page_size, progress=progress)
        finally:
            report.requests = client.requests
            report.papers = _papers(cache, numbers)
    return report


def _fetch_dossier(dossier: str, client: PoliteClient, cache: Cache, report: FetchReport, *, sru_url: str,
                   repository_url: str, since: date | None, full: bool, page_size: int, progress) -> None:
    state = cache.dossier_state(dossier)
    mark = date.fromisoformat(state["high_water"]) if state.get("high_water") else None
    asked_since = since if since is not None else (None if full else mark)
    try:
        records = search(client, cache, sru_url, dossier, since=asked_since, page_size=page_size)
    except (FetchError, XmlError) as e:
        report.failures.append(FetchFailure("search", dossier, e.url, e.reason))
        return
    papers = []
    for r in records:
        if r.id.startswith("kst-") and r.xml_url:
            papers.append(r)
        else:
            report.ignored.append(r.id)
    counts = {"fetched": 0, "cached": 0, "failed": 0}

    def tell(done: int, current: str | None) -> None:
        if progress is not None:
            progress(Progress(dossier, done, len(papers), current=current, **counts))

    tell(0, None)
    for done, record in enumerate(papers, 1):
        try:
            downloaded = fetch_paper(client, cache, record, repository_url=repository_url)
        except (FetchError, XmlError) as e:
            report.failures.append(FetchFailure("paper", record.id, e.url, e.reason))
            counts["failed"] += 1
        else:
            cache.note_paper(dossier, record.id)
            report.downloads += downloaded
            key = "fetched" if downloaded else "cached"
            counts[key] += 1
            setattr(report, key, getattr(report, key) + 1)
        cache.save_every(SAVE_EVERY)
        tell(done, record.id)
    # Move the mark only when nothing failed and the run saw everything the mark would skip next time.
    if counts["failed"] == 0 and (since is None or (mark is not None and since <= mark)):
        seen = [r.modified for r in papers if r.modified]
        if seen:
            state["high_water"] = max([*seen, *([state["high_water"]] if state.get("high_water") else [])])
    cache.save()


def search(client: PoliteClient, cache: Cache, sru_url: str, dossier: str, *, since: date | None,
           page_size: int) -> list[SruRecord]:
    """Page through the search service for one dossier; every page is kept in the cache as a raw response."""
    query = build_query(dossier, since=since)
    records: dict[str, SruRecord] = {}
    start = 1
    for _ in range(MAX_PAGES):
        params = search_params(query, start=start, page_size=page_size)
        url = requests.Request("GET", sru_url, params=params).prepare().url or sru_url
        path = cache.raw_path(url)
        response = client.get(sru_url, params=params, headers=cache.conditional_headers(url, path))
        data = cache.store(response, path)
        page = parse_page(data, url)
        for record in page.records:
            records.setdefault(record.id, record)
        if page.next_position is not None:
            if page.next_position <= start:
                raise XmlError(url, f"nextRecordPosition {page.next_position} does not move past {start}")
            start = page.next_position
        elif page.records and start + len(page.records) <= page.total:
            start += len(page.records)
        else:
            break
    return sorted(records.values())


def fetch_paper(client: PoliteClient, cache: Cache, record: SruRecord, *, repository_url: str) -> int:
    """Bring one paper's XML and metadata.xml into the cache; return how many files were downloaded.

    Files already on disk for this version (same URL, same ``modified``) are not fetched again. Each body is
    checked (well-formed XML; metadata.xml naming this paper) before it is written.
    """
    if not record.xml_url:
        raise XmlError(record.id, "the search record names no XML manifestation")
    wanted = [(mirror_url(record.xml_url, repository_url), cache.paper_path(record.id), False)]
    if record.metadata_url:
        metadata_path = cache.paper_path(record.id, metadata=True)
        wanted.append((mirror_url(record.metadata_url, repository_url), metadata_path, True))
    downloaded = 0
    for url, path, is_metadata in wanted:
        if cache.fresh(url, path, modified=record.modified):
            continue
        response = client.get(url, headers=cache.conditional_headers(url, path) if path.is_file() else None)
        if not response.not_modified:
            check_paper_xml(response.content, url, record.id, metadata=is_metadata)
            downloaded += 1
        cache.store(response, path, modified=record.modified)
    if not record.metadata_url:
        raise XmlError(record.xml_url, "the search record names no metadata manifestation")
    return downloaded


def check_paper_xml(data: bytes, url: str, doc_id: str, *, metadata: bool) -> None:
    """Refuse a body that is not well-formed XML, or a metadata.xml that names another paper."""
    root = parse_xml(data, url)
    if not metadata:
        return
    if local_name(root) not in ("metadata_gegevens", "owms-metadata"):
        raise XmlError(url, f"expected a metadata.xml (<metadata_gegevens>), got <{local_name(root)}>")
    for el in children(root, "metadata"):
        if el.get("name") == "DC.identifier":
            named = (el.get("content") or "").strip()
            if named and named.lower() != doc_id.lower():
                raise XmlError(url, f"metadata.xml names itself {named!r}, expected {doc_id!r}")


def _papers(cache: Cache, dossiers: Sequence[str]) -> list[Path]:
    paths = set()
    for dossier in dossiers:
        for doc_id in cache.state["dossiers"].get(dossier, {}).get("papers", []):
            xml, meta = cache.paper_path(doc_id), cache.paper_path(doc_id, metadata=True)
            if xml.is_file() and meta.is_file():
                paths.add(xml)
    return sorted(paths)
