"""``kamergraaf serve --get PATH`` answers one request in-process and exits."""

from __future__ import annotations

import csv
import io
from urllib.parse import urlencode

import pytest

from graph.cli import main
from query_graph import write_graph


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory):
    return write_graph(tmp_path_factory.mktemp("graph"))


@pytest.mark.parametrize(
    "path, accept, expected",
    [
        ("/id/persoon/sa-blok", "text/html", "<h1>S.A. Blok</h1>"),
        ("/id/persoon/sa-blok", "text/turtle", '"S.A. Blok"'),
    ],
)
def test_get_prints_the_page(graph_file, capfdbinary, path, accept, expected):
    assert main(["serve", graph_file, "--get", path, "--accept", accept]) == 0
    assert expected in capfdbinary.readouterr().out.decode("utf-8")


@pytest.mark.parametrize("query", ["SELECT ?n WHERE { ?p <http://xmlns.com/foaf/0.1/name> ?n } ORDER BY ?n"])
def test_get_runs_sparql_with_the_limit(graph_file, capfdbinary, query):
    target = "/sparql?" + urlencode({"query": query})
    code = main(["serve", graph_file, "--limit", "2", "--get", target, "--accept", "text/csv"])
    assert code == 0
    rows = list(csv.reader(io.StringIO(capfdbinary.readouterr().out.decode("utf-8"))))
    assert rows == [["n"], ["A. Broekers-Knol"], ["Jansen"]]


@pytest.mark.parametrize("path", ["/id/kamerstuk/kst-0-0"])
def test_get_of_an_unknown_entity_exits_1(graph_file, capfdbinary, path):
    assert main(["serve", graph_file, "--get", path]) == 1
    assert "HTTP 404" in capfdbinary.readouterr().err.decode("utf-8")


@pytest.mark.parametrize("missing", ["no-such-graph.ttl"])
def test_a_graph_that_cannot_be_opened_exits_2(tmp_path, capfdbinary, missing):
    assert main(["serve", str(tmp_path / missing), "--get", "/"]) == 2
    assert "no such graph file" in capfdbinary.readouterr().err.decode("utf-8")
