"""The server's pages and linked data, asked in-process through ``App.handle`` (no socket)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from graph.server import App, WorkerPool
from graph.server.app import SELECT_OFFERS, negotiate
from query_graph import BASE, write_graph

PAPER = f"{BASE}/id/kamerstuk/kst-19637-2699"
ELI = "http://data.europa.eu/eli/ontology#"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    path = write_graph(tmp_path_factory.mktemp("graph"))
    with WorkerPool([path], workers=1, timeout=20.0) as pool:
        yield App(pool)


class Page(HTMLParser):
    """The links, headings and text of a page, read back from the HTML (so escaping is tested, not assumed)."""

    def __init__(self, html: str):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.headings: list[str] = []
        self.text: list[str] = []
        self.srcs: list[str] = []
        self._href: str | None = None
        self._in: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._in.append(tag)
        if tag == "a":
            self._href = attrs.get("href")
            self.links.append((self._href, ""))
        if tag in ("iframe", "script", "link", "img") and attrs.get("src") or attrs.get("href", "").startswith("//"):
            self.srcs.append(attrs.get("src") or attrs.get("href"))

    def handle_endtag(self, tag):
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data):
        self.text.append(data)
        if self._in and self._in[-1] == "a" and self.links:
            href, text = self.links[-1]
            self.links[-1] = (href, text + data)
        if self._in and self._in[-1] in ("h1", "h2"):
            self.headings.append(data.strip())


@pytest.mark.parametrize("path", ["/id/kamerstuk/kst-19637-2699"])
def test_paper_page_shows_facts_citations_and_network(app, path):
    response = app.handle("GET", path, {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status == 200 and response.content_type.startswith("text/html")
    page = Page(response.text)
    # the title holds <over> and quotes: escaped in the HTML, read back as the original text
    assert page.headings[0] == 'kst-19637-2699 — Brief van de Minister van Buitenlandse Zaken <over> "terugkeer"'
    assert "<over>" not in response.text
    links = dict(page.links)
    assert links["/id/persoon/sa-blok"] == "S.A. Blok"
    assert links["/id/post/minister-van-buitenlandse-zaken"] == "Minister van Buitenlandse Zaken"
    assert links["/id/dossier/19637"] == "19637 — Vreemdelingenbeleid"
    assert {"Facts", "Cites", "Cited by", "Place in the network"} <= set(page.headings)
    assert links["/id/kamerstuk/kst-22112-2955"] == "kst-22112-2955"
    assert links["/id/kamerstuk/kst-19637-2700"].startswith("kst-19637-2700 — Brief van de Staatssecretaris")
    # no external assets: the only embedded thing is this server's network page
    assert page.srcs == ["/network?iri=https%3A%2F%2Fw3id.org%2Fkamergraaf%2Fid%2Fkamerstuk%2Fkst-19637-2699"]
    assert not re.search(r"<(script|link)[^>]+(src|href)=\"(https?:)?//", response.text)


@pytest.mark.parametrize(
    "path, heading, expected",
    [
        ("/id/persoon/sa-blok", "Papers signed", "/id/kamerstuk/kst-19637-2699"),
        ("/id/post/minister-van-buitenlandse-zaken", "Papers sent in this capacity", "/id/kamerstuk/kst-19637-2699"),
        ("/id/dossier/30573", "Papers in this dossier", "/id/kamerstuk/kst-30573-190"),
        ("/id/kamerstuk/kst-22112-2955", "Cited by", "/id/kamerstuk/kst-30573-190"),
    ],
)
def test_entity_pages_list_the_papers_linked_to_them(app, path, heading, expected):
    response = app.handle("GET", path, {"Accept": "text/html"})
    assert response.status == 200
    page = Page(response.text)
    assert heading in page.headings
    section = response.text.split(f"<h2>{heading}</h2>", 1)[1].split("<h2>", 1)[0]
    assert f'href="{expected}"' in section


@pytest.mark.parametrize("accept, fmt", [("text/turtle", "turtle"), ("application/n-triples", "nt")])
def test_machines_get_rdf_by_content_negotiation(app, accept, fmt):
    response = app.handle("GET", "/id/kamerstuk/kst-19637-2699", {"Accept": accept})
    assert response.status == 200 and response.content_type.startswith(accept)
    assert ("Vary", "Accept") in response.headers
    graph = Graph().parse(data=response.text, format=fmt)
    paper = URIRef(PAPER)
    assert (paper, URIRef(ELI + "date_document"), Literal("2021-02-15", datatype=XSD.date)) in graph
    assert (paper, RDF.type, URIRef("https://w3id.org/kamergraaf/def#Kamerstuk")) in graph
    assert (URIRef(f"{BASE}/id/kamerstuk/kst-19637-2700"), URIRef(ELI + "cites"), paper) in graph


@pytest.mark.parametrize("accept", ["application/ld+json"])
def test_json_ld_for_machines(app, accept):
    response = app.handle("GET", "/id/dossier/19637", {"Accept": accept})
    assert response.status == 200 and response.content_type.startswith(accept)
    nodes = {node["@id"]: node for node in json.loads(response.text)}
    dossier = nodes[f"{BASE}/id/dossier/19637"]
    assert dossier["http://purl.org/dc/terms/identifier"] == [{"@value": "19637"}]
    members = {n for n, node in nodes.items() if ELI + "is_part_of" in node}
    assert members == {f"{BASE}/id/kamerstuk/{i}" for i in ("kst-19637-2375", "kst-19637-2699", "kst-19637-2700")}


@pytest.mark.parametrize(
    "path, accept, status",
    [
        ("/id/kamerstuk/kst-1-1", "text/html", 404),
        ("/id/kamerstuk/kst-1-1", "text/turtle", 404),
        ("/id/kamerstuk/kst-19637-2699", "image/png", 406),
        ("/elsewhere", "text/html", 404),
        ("/id/kamerstuk/kst-19637-2699?format=ttl2", "text/html", 400),
    ],
)
def test_errors_have_their_status(app, path, accept, status):
    assert app.handle("GET", path, {"Accept": accept}).status == status


@pytest.mark.parametrize(
    "q, expected",
    [
        ("Blok", "/id/persoon/sa-blok"),
        ("kst-19637-2699", "/id/kamerstuk/kst-19637-2699"),
        ("19 637, nr. 2699", "/id/kamerstuk/kst-19637-2699"),
        ("30573", "/id/dossier/30573"),
        ("AIV", "/id/organisatie/aiv"),
    ],
)
def test_home_page_searches_by_name_number_or_dossier(app, q, expected):
    response = app.handle("GET", "/?" + urlencode({"q": q}))
    assert response.status == 200
    page = Page(response.text)
    hits = [href for href, _ in page.links if href.startswith("/id/")]
    assert expected in hits
    assert f"Results for “{q}”" in page.headings


@pytest.mark.parametrize("q", ['<script>alert("x")</script>'])
def test_search_text_is_escaped(app, q):
    response = app.handle("GET", "/?" + urlencode({"q": q}))
    assert "<script>" not in response.text
    assert "&lt;script&gt;" in response.text


@pytest.mark.parametrize("path", ["/"])
def test_home_page_counts_what_the_graph_holds(app, path):
    text = " ".join(Page(app.handle("GET", path).text).text)
    assert "2 dossiers" not in text  # three dossiers: 19637, 22112, 30573
    assert "3 dossiers" in text and "5 papers" in text and "4 persons" in text


@pytest.mark.parametrize(
    "path, expected",
    [
        (
            "/queries/papers-citing?id=kst-22112-2955",
            ["/id/kamerstuk/kst-19637-2699", "/id/kamerstuk/kst-19637-2700", "/id/kamerstuk/kst-30573-190"],
        ),
        ("/queries/papers-by-dossier?dossier=30573", ["/id/kamerstuk/kst-19637-2699", "/id/kamerstuk/kst-30573-190"]),
    ],
)
def test_saved_queries_run_in_the_browser(app, path, expected):
    response = app.handle("GET", path, {"Accept": "text/html"})
    assert response.status == 200
    hits = [href for href, _ in Page(response.text).links if href.startswith("/id/")]
    assert hits == expected


@pytest.mark.parametrize("path", ["/queries"])
def test_saved_query_list_has_a_form_per_query(app, path):
    response = app.handle("GET", path)
    assert 'action="/queries/paper-facts"' in response.text and 'name="id"' in response.text


@pytest.mark.parametrize("iri", [PAPER])
def test_network_page_is_drawn_by_graph_network(app, iri):
    response = app.handle("GET", "/network?" + urlencode({"iri": iri}))
    assert response.status == 200
    assert iri in response.text
    assert not re.search(r"<script[^>]+src=", response.text)


@pytest.mark.parametrize("path", ["/sparql"])
def test_sparql_form_for_browsers(app, path):
    response = app.handle("GET", path, {"Accept": "text/html"})
    assert response.status == 200 and "<textarea" in response.text


@pytest.mark.parametrize(
    "accept, expected",
    [
        ("text/csv;q=0.5, application/sparql-results+json", "json"),
        ("text/*", "csv"),
        ("*/*", "json"),
        ("", "json"),
        ("application/sparql-results+xml;q=0.1, text/tab-separated-values;q=0.2", "tsv"),
        ("image/png", None),
    ],
)
def test_negotiate(accept, expected):
    assert negotiate(accept, SELECT_OFFERS) == expected
