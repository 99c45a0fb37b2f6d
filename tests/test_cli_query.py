"""``kamergraaf query`` and ``kamergraaf queries`` from the command line."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import Graph, Literal, URIRef

from graph.cli import main
from query_graph import BASE, write_graph

# graph.store.open_store calls an rdflib Dataset method that rdflib 7.6 deprecates (reported to the store's owner)
pytestmark = [
    pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
]

SELECT = (
    "PREFIX dct: <http://purl.org/dc/terms/> PREFIX kg: <https://w3id.org/kamergraaf/def#> "
    "SELECT ?id WHERE { ?d a kg:Dossier ; dct:identifier ?id } ORDER BY ?id"
)


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory):
    return write_graph(tmp_path_factory.mktemp("graph"))


@pytest.mark.parametrize(
    "fmt, read",
    [
        ("csv", lambda text: [r[0] for r in csv.reader(io.StringIO(text))]),
        ("tsv", lambda text: text.splitlines()),
        ("json", lambda text: [b["id"]["value"] for b in json.loads(text)["results"]["bindings"]]),
        ("table", lambda text: [line.strip() for line in text.splitlines()]),
    ],
)
def test_query_prints_rows_in_each_format(graph_file, capsys, fmt, read):
    assert main(["query", graph_file, SELECT, "--format", fmt]) == 0
    lines = read(capsys.readouterr().out)
    expected = {
        "csv": ["id", "19637", "22112", "30573"],
        "tsv": ["?id", '"19637"', '"22112"', '"30573"'],
        "json": ["19637", "22112", "30573"],
        "table": ["id", "-----", "19637", "22112", "30573", "(3 rows)"],
    }[fmt]
    assert lines == expected


@pytest.mark.parametrize("person", ["S.A. Blok"])
def test_saved_query_with_a_parameter(graph_file, capsys, person):
    code = main(["query", graph_file, "--saved", "paper-facts", "--param", "id=kst-19637-2699", "--format", "csv"])
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 1
    assert (rows[0]["signer"], rows[0]["date"], rows[0]["paper"]) == (
        person, "2021-02-15", f"{BASE}/id/kamerstuk/kst-19637-2699",
    )


@pytest.mark.parametrize("fmt", ["turtle"])
def test_query_from_a_file_and_to_a_file(graph_file, tmp_path, capsys, fmt):
    query = tmp_path / "q.rq"
    query.write_text(
        "CONSTRUCT { ?s <http://purl.org/dc/terms/identifier> ?id } "
        'WHERE { ?s <http://purl.org/dc/terms/identifier> ?id FILTER(?id = "19637") }',
        encoding="utf-8",
    )
    out = tmp_path / "out.ttl"
    assert main(["query", graph_file, f"@{query}", "--format", fmt, "-o", str(out)]) == 0
    graph = Graph().parse(out, format="turtle")
    assert set(graph) == {
        (URIRef(f"{BASE}/id/dossier/19637"), URIRef("http://purl.org/dc/terms/identifier"), Literal("19637"))
    }
    assert "1 triples" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--saved", "no-such-query"], "Unknown saved query 'no-such-query'. Choose one of:"),
        (["--saved", "paper-facts"], "needs a value for id"),
        (["--saved", "paper-facts", "--param", "idkst"], "Expected --param NAME=VALUE"),
        (["INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }"], "read-only"),
        (["SELECT ?x WHERE {"], "Not a valid SPARQL query"),
        ([], "Give a SPARQL query"),
        (["@/nonexistent/q.rq"], "Cannot read the query file"),
    ],
)
def test_bad_input_exits_2_with_a_message(graph_file, capsys, argv, message):
    assert main(["query", graph_file, *argv]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("name", ["paper-facts"])
def test_queries_lists_names_titles_and_parameters(capsys, name):
    assert main(["queries"]) == 0
    out = capsys.readouterr().out
    assert f"{name}\n    Facts of a paper." in out
    assert '--param id="kst-19637-2699"' in out
    assert main(["queries", name]) == 0
    assert capsys.readouterr().out.startswith("# title: Facts of a paper\n")


@pytest.fixture(scope="module")
def endpoint(graph_file):
    import threading

    from graph.server import App, WorkerPool, make_server

    pool = WorkerPool([graph_file], workers=1, timeout=20.0)
    server = make_server(App(pool), "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}/sparql"
    server.shutdown()
    server.server_close()
    thread.join()
    pool.close()


@pytest.mark.parametrize("cited", ["kst-22112-2955"])
def test_query_runs_on_a_remote_endpoint(endpoint, capsys, cited):
    """GRAPH may be a SPARQL endpoint: here `kamergraaf serve` on loopback, through graph.store's RemoteStore."""
    assert main(["query", endpoint, "--saved", "papers-citing", "--param", f"id={cited}", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["id"] for r in rows] == ["kst-19637-2699", "kst-19637-2700", "kst-30573-190"]


@pytest.mark.parametrize("brk", ["\u2028", "\f", "\x85"])
def test_query_ntriples_sorted_keep_literals_with_line_breaks_whole(brk):
    """Sorting N-Triples lines cuts at newlines only: a literal may hold other line breaks (text from PDFs)."""
    from graph.query import serialize_graph  # noqa: PLC0415

    graph = Graph()
    graph.add((URIRef("http://e/b"), URIRef("http://e/p"), Literal(f"een{brk}twee")))
    graph.add((URIRef("http://e/a"), URIRef("http://e/p"), Literal("drie")))
    text = serialize_graph(graph, "nt")
    assert text.split("\n")[0].startswith("<http://e/a>")
    assert set(Graph().parse(data=text, format="nt")) == set(graph)
