"""SPARQLWrapper, as a real client, talks to ``kamergraaf serve`` on loopback: every form, every result format."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
import urllib.error
import urllib.request

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, POSTDIRECTLY, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from graph.server import App, WorkerPool, make_server
from query_graph import BASE, write_graph

PREFIXES = """PREFIX kg: <https://w3id.org/kamergraaf/def#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
"""
SELECT = PREFIXES + """SELECT ?id ?date WHERE {
  ?p a kg:Kamerstuk ; dct:identifier ?id ; eli:date_document ?date } ORDER BY ?id"""
EXPECTED_ROWS = [("kst-19637-2699", "2021-02-15"), ("kst-19637-2700", "2021-06-01"), ("kst-30573-190", "2022-03-10")]
CONSTRUCT = PREFIXES + "CONSTRUCT { ?p eli:cites ?c } WHERE { ?p eli:cites ?c ; kg:documentType \"motie\" }"
LIMIT = 100
ELI = "http://data.europa.eu/eli/ontology#"


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    path = write_graph(tmp_path_factory.mktemp("graph"))
    pool = WorkerPool([path], workers=2, timeout=3.0, limit=LIMIT)
    server = make_server(App(pool), "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}/sparql"
    server.shutdown()
    server.server_close()
    thread.join()
    pool.close()


def client(url: str, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    sparql = SPARQLWrapper(url)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    if method == "POST":
        sparql.setMethod(POST)
    elif method == "POSTDIRECTLY":
        sparql.setMethod(POST)
        sparql.setRequestMethod(POSTDIRECTLY)
    return sparql


@pytest.mark.parametrize("method", ["GET", "POST", "POSTDIRECTLY"])
def test_select_as_json(endpoint, method):
    data = client(endpoint, SELECT, JSON, method).queryAndConvert()
    assert data["head"]["vars"] == ["id", "date"]
    rows = [(b["id"]["value"], b["date"]["value"]) for b in data["results"]["bindings"]]
    assert rows == EXPECTED_ROWS
    assert {b["date"]["datatype"] for b in data["results"]["bindings"]} == {str(XSD.date)}


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_select_as_xml(endpoint, method):
    doc = client(endpoint, SELECT, XML, method).queryAndConvert()
    rows = []
    for result in doc.getElementsByTagName("result"):
        bindings = result.getElementsByTagName("binding")
        values = {b.getAttribute("name"): b.getElementsByTagName("literal")[0] for b in bindings}
        rows.append((values["id"].firstChild.data, values["date"].firstChild.data))
        assert values["date"].getAttribute("datatype") == str(XSD.date)
    assert rows == EXPECTED_ROWS


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_select_as_csv(endpoint, method):
    body = client(endpoint, SELECT, CSV, method).queryAndConvert()
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    assert rows == [["id", "date"], *map(list, EXPECTED_ROWS)]


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_select_as_tsv(endpoint, method):
    body = client(endpoint, SELECT, TSV, method).queryAndConvert().decode("utf-8")
    lines = [line.split("\t") for line in body.splitlines()]
    assert lines[0] == ["?id", "?date"]
    assert lines[1:] == [[f'"{i}"', f'"{d}"^^<{XSD.date}>'] for i, d in EXPECTED_ROWS]


@pytest.mark.parametrize(
    "query, answer",
    [
        (PREFIXES + 'ASK { ?p dct:identifier "kst-19637-2699" }', True),
        (PREFIXES + 'ASK { ?p dct:identifier "nope" }', False),
    ],
)
@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_ask_in_every_format(endpoint, query, answer, fmt):
    result = client(endpoint, query, fmt).queryAndConvert()
    if fmt == JSON:
        assert result["boolean"] is answer
    elif fmt == XML:
        assert result.getElementsByTagName("boolean")[0].firstChild.data == str(answer).lower()
    else:
        assert result.decode("utf-8").split()[-1] == str(answer).lower()


def expected_construct() -> Graph:
    k = f"{BASE}/id/kamerstuk/"
    return Graph().parse(
        data=f"<{k}kst-30573-190> <{ELI}cites> <{k}kst-22112-2955>, <{k}kst-19637-2375> .",
        format="turtle",
    )


def jsonld_graph(document) -> Graph:
    """Read expanded JSON-LD of IRIs only by hand (rdflib's JSON-LD parser warns about a deprecated class)."""
    graph = Graph()
    for node in document if isinstance(document, list) else document.get("@graph", [document]):
        for predicate, objects in node.items():
            if predicate.startswith("@"):
                continue
            for obj in objects:
                graph.add((URIRef(node["@id"]), URIRef(predicate), URIRef(obj["@id"])))
    return graph


@pytest.mark.parametrize("fmt", [TURTLE, N3, JSONLD, RDFXML])
def test_construct_in_every_format(endpoint, fmt):
    if fmt in (JSONLD, RDFXML):  # SPARQLWrapper converts these with a class rdflib 7.6 deprecates: parse the body
        response = client(endpoint, CONSTRUCT, fmt).query().response
        media = {JSONLD: "application/ld+json", RDFXML: "application/rdf+xml"}[fmt]
        assert response.headers["Content-Type"].startswith(media)
        body = response.read().decode("utf-8")
        graph = Graph().parse(data=body, format="xml") if fmt == RDFXML else jsonld_graph(json.loads(body))
    else:
        result = client(endpoint, CONSTRUCT, fmt).queryAndConvert()
        graph = Graph().parse(data=result.decode("utf-8"), format="turtle") if isinstance(result, bytes) else result
    expected = expected_construct()
    assert len(expected) == 2
    assert isomorphic(graph, expected)


@pytest.mark.parametrize("method", ["POST", "POSTDIRECTLY"])
@pytest.mark.parametrize(
    "update",
    [
        'INSERT DATA { <https://example.org/a> <https://example.org/p> "x" }',
        "LOAD <https://example.org/data.ttl>",
        "DROP ALL",
    ],
)
def test_updates_are_refused_and_change_nothing(endpoint, update, method):
    sparql = client(endpoint, update, JSON, method)
    with pytest.raises(urllib.error.HTTPError) as info:
        sparql.query()
    assert info.value.code == 403
    assert b"read-only" in info.value.read()
    count = client(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", JSON).queryAndConvert()
    assert int(count["results"]["bindings"][0]["n"]["value"]) > 100


@pytest.mark.parametrize("query", ["SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }"])
def test_service_is_refused(endpoint, query):
    with pytest.raises(urllib.error.HTTPError) as info:
        client(endpoint, query, JSON).query()
    assert info.value.code == 403
    assert b"SERVICE" in info.value.read()


@pytest.mark.parametrize(
    "query", ["SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"]
)
def test_a_query_past_the_time_limit_is_stopped(endpoint, query):
    started = time.monotonic()
    with pytest.raises(urllib.error.HTTPError) as info:
        client(endpoint, query, JSON).query()
    elapsed = time.monotonic() - started
    assert info.value.code == 503
    assert b"time limit" in info.value.read()
    assert 2.5 < elapsed < 10
    # the stopped worker is replaced: the endpoint still answers
    data = client(endpoint, SELECT, JSON).queryAndConvert()
    assert len(data["results"]["bindings"]) == 3


@pytest.mark.parametrize("query", ["SELECT * WHERE { ?s ?p ?o }"])
def test_results_are_cut_at_the_result_limit(endpoint, query):
    request = urllib.request.Request(
        endpoint + "?" + urllib.parse.urlencode({"query": query}),
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request) as response:
        assert response.headers["Kamergraaf-Result-Truncated"] == str(LIMIT)
        data = json.loads(response.read())
    assert len(data["results"]["bindings"]) == LIMIT


@pytest.mark.parametrize(
    "accept, status",
    [("image/png", 406), ("application/sparql-results+json;q=0, text/csv", 200)],
)
def test_accept_header_is_honoured(endpoint, accept, status):
    request = urllib.request.Request(
        endpoint + "?" + urllib.parse.urlencode({"query": "ASK {}"}), headers={"Accept": accept}
    )
    try:
        with urllib.request.urlopen(request) as response:
            code, content_type = response.status, response.headers["Content-Type"]
    except urllib.error.HTTPError as e:
        code, content_type = e.code, None
        e.close()
    assert code == status
    if status == 200:
        assert content_type.startswith("text/csv")


@pytest.mark.parametrize("query", ["SELECT ?x WHERE { ?x ?y }", "SELECT ?x WHERE { ?x ?y ?z } ORDER"])
def test_malformed_query_is_a_400(endpoint, query):
    with pytest.raises(QueryBadFormed):
        client(endpoint, query, JSON).query()


@pytest.mark.parametrize("workers", [2])
def test_oxigraph_folder_is_shared_by_workers(tmp_path, workers):
    """Two workers read one Oxigraph folder at once (read-only), and the queries run there."""
    from graph.store_oxigraph import OxigraphStore

    folder = tmp_path / "store"
    store = OxigraphStore(folder)  # keeps the union of the named graphs that queries see
    store.load_nquads(
        f"<{BASE}/id/dossier/19637> <http://purl.org/dc/terms/identifier> \"19637\" <{BASE}/graph/kst-x> .\n"
    )
    store.close()
    with WorkerPool([str(folder)], workers=workers, timeout=20.0) as pool:
        answers = [pool.query("SELECT ?id WHERE { ?d <http://purl.org/dc/terms/identifier> ?id }") for _ in range(2)]
        # both workers exist and answered
        threads = [threading.Thread(target=pool.query, args=("ASK {}",)) for _ in range(workers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len([w for w in pool._all if w.alive()]) == workers
    assert [[str(v) for v in a.result.rows[0]] for a in answers] == [["19637"], ["19637"]]
