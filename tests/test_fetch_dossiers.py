"""The fetcher against a real HTTP server on 127.0.0.1 replaying SRU pages, paper XML and metadata.xml."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from graph.fetch import fetch_dossiers
from replay_server import (
    FIXTURES,
    PAPERS_19637,
    QUERY_19637,
    QUERY_30573,
    Reply,
    ReplayServer,
    paper_path,
    serve_dossier_19637,
    serve_papers,
)


@pytest.fixture
def server():
    with ReplayServer() as s:
        yield s


def run(server: ReplayServer, cache: Path, dossiers=("19637",), **kwargs):
    options = dict(sru_url=server.url("/sru"), repository_url=server.url("/frbr"), page_size=2, rate=0, backoff=0.05)
    options.update(kwargs)
    return fetch_dossiers(list(dossiers), cache_dir=cache, **options)


def paper_hits(server: ReplayServer) -> list[str]:
    return [h.path for h in server.hits("/frbr/")]


def partial_files(cache: Path) -> list[Path]:
    return sorted(cache.rglob("*.part"))


@pytest.mark.parametrize("dossier", ["19637", "19 637"])
def test_fetch_brings_every_paper_of_the_dossier_across_pages(server, tmp_path, dossier):
    serve_dossier_19637(server)
    report = run(server, tmp_path, [dossier])

    assert [p.name for p in report.papers] == [f"{i}.xml" for i in PAPERS_19637]
    for doc_id in PAPERS_19637:
        assert (tmp_path / "papers" / f"{doc_id}.xml").read_bytes() == (FIXTURES / f"{doc_id}.xml").read_bytes()
        meta = (tmp_path / "papers" / f"{doc_id}.metadata.xml").read_bytes()
        assert meta == (FIXTURES / f"{doc_id}.metadata.xml").read_bytes()
    assert report.failures == [] and report.ignored == ["blg-970562"]
    assert (report.fetched, report.cached, report.downloads) == (5, 0, 10)
    searches = server.hits("/sru")
    assert [(h.query["query"], h.query["startRecord"], h.query["maximumRecords"]) for h in searches] == [
        (QUERY_19637, "1", "2"), (QUERY_19637, "3", "2"), (QUERY_19637, "5", "2")]
    assert all(h.headers["User-Agent"].startswith("kamergraaf/") for h in server.log)
    assert sorted(paper_hits(server)) == sorted(
        paper_path(i, metadata=m) for i in PAPERS_19637 for m in (False, True))


@pytest.mark.parametrize("dossier", ["19637"])
def test_cache_index_records_url_hash_status_and_fetch_time(server, tmp_path, dossier):
    serve_dossier_19637(server)
    run(server, tmp_path, [dossier])

    index = json.loads((tmp_path / "index.json").read_text())["entries"]
    url = server.url(paper_path("kst-19637-2701"))
    entry = index[url]
    import hashlib

    body = (FIXTURES / "kst-19637-2701.xml").read_bytes()
    assert entry["sha256"] == hashlib.sha256(body).hexdigest() and entry["status"] == 200
    assert entry["path"] == "papers/kst-19637-2701.xml" and entry["fetched_at"].endswith("Z")
    assert entry["modified"] == "2021-02-23"
    sru_pages = [e for e in index.values() if e["path"].startswith("raw/sru/")]
    assert len(sru_pages) == 3
    state = json.loads((tmp_path / "state.json").read_text())
    assert state["dossiers"]["19637"]["high_water"] == "2021-03-05"


@pytest.mark.parametrize("dossier", ["19637"])
def test_rerun_downloads_nothing_unchanged_and_asks_only_since_the_mark(server, tmp_path, dossier):
    serve_dossier_19637(server)
    first = run(server, tmp_path, [dossier])
    server.add("/sru", Reply.file(FIXTURES / "sru-19637-since.xml"),
               query={"query": QUERY_19637 + " AND dt.modified>=2021-03-05", "startRecord": "1"})
    before = len(paper_hits(server))

    second = run(server, tmp_path, [dossier])

    new = paper_hits(server)[before:]
    assert sorted(new) == [paper_path("kst-19637-2704", metadata=True), paper_path("kst-19637-2704")]
    assert (second.fetched, second.cached, second.downloads) == (1, 1, 2)
    assert [p.name for p in second.papers] == [p.name for p in first.papers] + ["kst-19637-2704.xml"]
    state = json.loads((tmp_path / "state.json").read_text())
    assert state["dossiers"]["19637"]["high_water"] == "2021-03-11"

    third = run(server, tmp_path, [dossier], full=True)
    assert paper_hits(server)[before + 2:] == [] and third.fetched == 0 and third.cached == 5


@pytest.mark.parametrize("since, mark", [(date(2021, 3, 1), None)])
def test_since_restricts_the_query_and_leaves_no_mark_behind(server, tmp_path, since, mark):
    server.add("/sru", Reply.file(FIXTURES / "sru-19637-since.xml"),
               query={"query": QUERY_19637 + " AND dt.modified>=2021-03-01"})
    serve_papers(server)

    report = run(server, tmp_path, since=since)

    assert [p.name for p in report.papers] == ["kst-19637-2703.xml", "kst-19637-2704.xml"]
    state = json.loads((tmp_path / "state.json").read_text())
    assert state["dossiers"]["19637"]["high_water"] is mark


@pytest.mark.parametrize("dossiers", [("19637", "30573")])
def test_a_paper_in_two_dossiers_is_downloaded_once(server, tmp_path, dossiers):
    serve_dossier_19637(server)
    server.add("/sru", Reply.file(FIXTURES / "sru-30573-page1.xml"), query={"query": QUERY_30573})

    report = run(server, tmp_path, dossiers)

    assert paper_hits(server).count(paper_path("kst-19637-2703")) == 1
    assert [p.name for p in report.papers] == [f"{i}.xml" for i in PAPERS_19637] + ["kst-30573-180.xml"]
    assert (report.fetched, report.cached) == (6, 1)


@pytest.mark.parametrize("fault", [
    [Reply.status(503)],
    [Reply.status(500), Reply.status(502)],
    [Reply.reset()],
    [Reply.truncated((FIXTURES / "kst-19637-2701.xml").read_bytes())],
    [Reply.status(429, retry_after=0)],
], ids=["503", "500-502", "connection-reset", "truncated-body", "429"])
def test_transient_faults_are_retried_and_the_paper_arrives_whole(server, tmp_path, fault):
    serve_dossier_19637(server)
    server.add(paper_path("kst-19637-2701"), *fault, Reply.file(FIXTURES / "kst-19637-2701.xml"))

    report = run(server, tmp_path)

    assert report.failures == []
    assert paper_hits(server).count(paper_path("kst-19637-2701")) == len(fault) + 1
    written = (tmp_path / "papers" / "kst-19637-2701.xml").read_bytes()
    assert written == (FIXTURES / "kst-19637-2701.xml").read_bytes()
    assert partial_files(tmp_path) == []


@pytest.mark.parametrize("retry_after", [1])
def test_retry_after_is_honoured(server, tmp_path, retry_after):
    serve_dossier_19637(server)
    server.add(paper_path("kst-19637-2700"), Reply.status(429, retry_after=retry_after),
               Reply.file(FIXTURES / "kst-19637-2700.xml"))

    report = run(server, tmp_path, backoff=0.01)

    hits = [h for h in server.log if h.path == paper_path("kst-19637-2700")]
    assert report.failures == [] and len(hits) == 2
    assert hits[1].at - hits[0].at >= retry_after - 0.05


@pytest.mark.parametrize("doc_id, replies, reason", [
    ("kst-19637-2702", [Reply.ok(b"<officiele-publicatie><kamerstuk><stuk></kamerstuk>")], "malformed XML at line 1"),
    ("kst-19637-2702", [Reply.ok(b"")], "empty response"),
    ("kst-19637-2702", [Reply.status(404)], "HTTP 404 Not Found"),
    ("kst-19637-2702", [Reply.status(503)], "gave up after 3 attempts; last: HTTP 503"),
    ("kst-19637-2702", [Reply.status(429, retry_after=3600)], "more than the 120 s allowed"),
], ids=["malformed-xml", "empty", "404", "503-forever", "retry-after-too-long"])
def test_a_failing_paper_is_reported_skipped_and_never_written(server, tmp_path, doc_id, replies, reason):
    serve_dossier_19637(server)
    server.add(paper_path(doc_id), *replies)

    report = run(server, tmp_path, retries=2)

    assert len(report.failures) == 1
    failure = report.failures[0]
    assert (failure.kind, failure.id, failure.url) == ("paper", doc_id, server.url(paper_path(doc_id)))
    assert reason in failure.reason
    assert not (tmp_path / "papers" / f"{doc_id}.xml").exists()
    assert [p.name for p in report.papers] == [f"{i}.xml" for i in PAPERS_19637 if i != doc_id]
    assert partial_files(tmp_path) == []
    state = json.loads((tmp_path / "state.json").read_text())
    assert state["dossiers"]["19637"]["high_water"] is None  # the next run asks again for everything


@pytest.mark.parametrize("doc_id", ["kst-19637-2702"])
def test_a_failed_paper_is_fetched_on_the_next_run_and_nothing_else(server, tmp_path, doc_id):
    serve_dossier_19637(server)
    server.add(paper_path(doc_id, metadata=True), Reply.status(404))
    first = run(server, tmp_path)
    assert [f.id for f in first.failures] == [doc_id] and doc_id not in [p.stem for p in first.papers]
    server.add(paper_path(doc_id, metadata=True), Reply.file(FIXTURES / f"{doc_id}.metadata.xml"))
    before = len(paper_hits(server))

    second = run(server, tmp_path)

    assert paper_hits(server)[before:] == [paper_path(doc_id, metadata=True)]  # its XML came the first time
    assert second.failures == [] and len(second.papers) == 5


@pytest.mark.parametrize("doc_id", ["kst-19637-2700"])
def test_metadata_naming_another_paper_is_refused(server, tmp_path, doc_id):
    serve_dossier_19637(server)
    server.add(paper_path(doc_id, metadata=True), Reply.file(FIXTURES / "kst-19637-2699.metadata.xml"))

    report = run(server, tmp_path)

    assert [(f.id, f.url) for f in report.failures] == [(doc_id, server.url(paper_path(doc_id, metadata=True)))]
    assert "names itself 'kst-19637-2699'" in report.failures[0].reason
    assert not (tmp_path / "papers" / f"{doc_id}.metadata.xml").exists()
    assert doc_id not in [p.stem for p in report.papers]


@pytest.mark.parametrize("replies, reason", [
    ([Reply.file(FIXTURES / "sru-diagnostic.xml")], "mismatched input"),
    ([Reply.ok(b"<sru:searchRetrieveResponse xmlns:sru='x'><sru:numberOf")], "malformed XML"),
    ([Reply.status(500)], "HTTP 500"),
    ([Reply.status(400)], "HTTP 400 Bad Request"),
], ids=["diagnostic", "malformed", "500", "400"])
def test_a_failing_search_is_reported_per_dossier(server, tmp_path, replies, reason):
    server.add("/sru", *replies, query={"query": QUERY_19637})
    server.add("/sru", Reply.file(FIXTURES / "sru-30573-page1.xml"), query={"query": QUERY_30573})
    serve_papers(server)

    report = run(server, tmp_path, ["19637", "30573"], retries=1)

    assert report.search_failed
    assert [(f.kind, f.id) for f in report.failures] == [("search", "19637")]
    assert reason in report.failures[0].reason and report.failures[0].url.startswith(server.url("/sru?query="))
    assert [p.name for p in report.papers] == ["kst-19637-2703.xml", "kst-30573-180.xml"]


@pytest.mark.parametrize("stop_after", [2])
def test_an_interrupted_run_resumes_fetching_only_what_is_missing(server, tmp_path, stop_after):
    serve_dossier_19637(server)

    def interrupt(progress):
        if progress.done == stop_after:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(server, tmp_path, progress=interrupt)
    done = [p.name for p in (tmp_path / "papers").iterdir()]
    assert sorted(done) == sorted(f"{i}{ext}" for i in PAPERS_19637[:stop_after] for ext in (".xml", ".metadata.xml"))
    assert partial_files(tmp_path) == []
    before = len(paper_hits(server))

    report = run(server, tmp_path)

    assert sorted(paper_hits(server)[before:]) == sorted(
        paper_path(i, metadata=m) for i in PAPERS_19637[stop_after:] for m in (False, True))
    assert (report.fetched, report.cached) == (len(PAPERS_19637) - stop_after, stop_after)
    assert len(report.papers) == 5


@pytest.mark.parametrize("etag", ['"page-1-v1"'])
def test_search_pages_are_asked_conditionally(server, tmp_path, etag):
    serve_dossier_19637(server)
    server.add("/sru", Reply.file(FIXTURES / "sru-19637-page1.xml", etag=etag),
               query={"query": QUERY_19637, "startRecord": "1"})
    run(server, tmp_path)
    run(server, tmp_path, full=True)

    first_pages = [h for h in server.hits("/sru") if h.query["startRecord"] == "1"]
    assert [h.headers.get("If-None-Match") for h in first_pages] == [None, etag]
    assert not partial_files(tmp_path)


@pytest.mark.parametrize("doc_id", ["kst-19637-2701"])
def test_a_new_version_of_a_paper_replaces_the_old_one(server, tmp_path, doc_id):
    serve_dossier_19637(server)
    run(server, tmp_path)
    page = (FIXTURES / "sru-19637-page2.xml").read_bytes()
    page = page.replace(f"/{doc_id}/1/".encode(), f"/{doc_id}/2/".encode()).replace(b"2021-02-23", b"2021-04-01")
    server.add("/sru", Reply.ok(page), query={"query": QUERY_19637, "startRecord": "3"})
    v1 = paper_path(doc_id)
    v2, v2_meta = v1.replace("/1/xml/", "/2/xml/"), paper_path(doc_id, metadata=True).replace("/1/metadata/", "/2/metadata/")
    corrected = (FIXTURES / f"{doc_id}.xml").read_bytes().replace(b"Den Haag", b"'s-Gravenhage")
    server.add(v2, Reply.ok(corrected))
    server.add(v2_meta, Reply.file(FIXTURES / f"{doc_id}.metadata.xml"))
    before = len(paper_hits(server))

    report = run(server, tmp_path, full=True)

    assert sorted(paper_hits(server)[before:]) == sorted([v2, v2_meta])
    assert (tmp_path / "papers" / f"{doc_id}.xml").read_bytes() == corrected
    index = json.loads((tmp_path / "index.json").read_text())["entries"]
    assert server.url(v1) not in index and index[server.url(v2)]["modified"] == "2021-04-01"
    assert (report.fetched, report.cached) == (1, 4)


@pytest.mark.parametrize("dossier", ["19637"])
def test_a_second_run_on_the_same_cache_is_refused_while_one_runs(server, tmp_path, dossier):
    from graph.fetch import Cache, CacheError

    serve_dossier_19637(server)
    with Cache(tmp_path):
        with pytest.raises(CacheError, match="in use by another kamergraaf fetch run"):
            run(server, tmp_path, [dossier])
    assert server.log == []
    assert len(run(server, tmp_path, [dossier]).papers) == 5
