"""Every saved query parses, runs on a small graph in the shape of GRAPH-SHAPE.md, and returns the rows we expect."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from graph.query import Param, SavedQuery, SavedQueryError, parse_saved_query, query_form, saved_queries, saved_query
from graph.store import open_store
from query_graph import BASE, write_graph

K = f"{BASE}/id/kamerstuk/"

# graph.store.open_store calls an rdflib Dataset method that rdflib 7.6 deprecates (reported to the store's owner)
pytestmark = [
    pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
]


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def store(request, tmp_path_factory):
    path = write_graph(tmp_path_factory.mktemp("graph"))
    if request.param == "memory":
        s = open_store(path)
    else:
        from graph.store_oxigraph import OxigraphStore

        s = OxigraphStore(None)
        source = open_store(path)
        by_graph: dict = {}
        for subj, pred, obj, g in source.quads():
            by_graph.setdefault(g, []).append((subj, pred, obj))
        for g, triples in by_graph.items():
            s.replace_graph(g, triples)
    yield s
    s.close()


def plain(rows):
    """Rows as Python strings (None stays None) so expectations read like the table a user sees."""
    return [tuple(None if t is None else str(t) for t in row) for row in rows]


EXPECTED = {
    ("papers-by-dossier", (("dossier", "19637"),)): (
        ["id", "date"],
        [("kst-19637-2699", "2021-02-15"), ("kst-19637-2700", "2021-06-01"), ("kst-19637-2375", None)],
    ),
    ("papers-in-period", (("from", "2021-01-01"), ("to", "2021-12-31"))): (
        ["id", "type"],
        [("kst-19637-2699", "brief"), ("kst-19637-2700", "brief")],
    ),
    ("papers-in-period", (("from", "2021-06-01"), ("to", "2022-03-10"))): (
        ["id", "type"],
        [("kst-19637-2700", "brief"), ("kst-30573-190", "motie")],
    ),
    ("papers-citing", (("id", "kst-22112-2955"),)): (
        ["id", "date"],
        [("kst-19637-2699", "2021-02-15"), ("kst-19637-2700", "2021-06-01"), ("kst-30573-190", "2022-03-10")],
    ),
    ("most-cited", ()): (
        ["label", "citations"],
        [("kst-22112-2955", "3"), ("kst-19637-2375", "2"), ("advies nr. 117", "1"), ("kst-19637-2699", "1")],
    ),
    ("co-signers", ()): (
        ["name", "coSignerName", "papers"],
        [("Jansen", "Pietersen", "1")],
    ),
    ("dossier-links", ()): (
        ["fromDossier", "toDossier", "citations"],
        [("19637", "22112", "2"), ("30573", "19637", "2"), ("30573", "22112", "2"), ("19637", "30573", "1")],
    ),
    ("dossier-timeline", (("dossier", "19637"),)): (
        ["id", "date", "signers", "capacities", "cites"],
        [
            ("kst-19637-2699", "2021-02-15", "S.A. Blok", "Minister van Buitenlandse Zaken", "3"),
            ("kst-19637-2700", "2021-06-01", "A. Broekers-Knol", "Staatssecretaris van Justitie en Veiligheid", "2"),
            ("kst-19637-2375", None, None, None, "0"),
        ],
    ),
    ("counts-per-dossier-year", ()): (
        ["dossier", "year", "papers"],
        [("19637", "2021", "2"), ("30573", "2021", "1"), ("30573", "2022", "1")],
    ),
    ("co-citation", ()): (
        ["first", "second", "papers"],
        [
            (K + "kst-19637-2375", K + "kst-22112-2955", "2"),
            (f"{BASE}/id/document/advies-nr-117", K + "kst-19637-2375", "1"),
            (f"{BASE}/id/document/advies-nr-117", K + "kst-22112-2955", "1"),
            (K + "kst-19637-2699", K + "kst-22112-2955", "1"),
        ],
    ),
}


@pytest.mark.parametrize("key", sorted(EXPECTED), ids=lambda k: k[0] + "".join(f"-{v}" for _, v in k[1]))
def test_saved_query_returns_expected_rows(store, key):
    name, params = key
    columns, expected = EXPECTED[key]
    result = store.query(saved_query(name).render(dict(params)))
    assert result.kind == "select"
    index = [result.variables.index(c) for c in columns]
    assert plain([tuple(row[i] for i in index) for row in result.rows]) == expected


@pytest.mark.parametrize("paper_id", ["kst-19637-2699"])
def test_paper_facts_names_sender_capacity_date_dossiers_and_citations(store, paper_id):
    result = store.query(saved_query("paper-facts").render({"id": paper_id}))
    assert len(result.rows) == 1
    row = dict(zip(result.variables, result.rows[0]))
    assert row["paper"] == URIRef(K + paper_id)
    assert row["date"] == Literal("2021-02-15", datatype=XSD.date)
    assert (str(row["signer"]), str(row["capacity"]), str(row["onBehalfOf"])) == (
        "S.A. Blok", "Minister van Buitenlandse Zaken", "Staatssecretaris van Justitie en Veiligheid",
    )
    assert sorted(str(row["dossiers"]).split(", ")) == ["19637", "30573"]
    assert sorted(str(row["cites"]).split(", ")) == ["advies nr. 117", "kst-19637-2375", "kst-22112-2955"]


@pytest.mark.parametrize("name", sorted(saved_queries()))
def test_every_saved_query_parses_and_runs_with_its_examples(store, name):
    q = saved_queries()[name]
    assert q.title and q.description, f"{name}: header needs a title and a description"
    values = {p.name: p.example for p in q.params}
    assert None not in values.values(), f"{name}: every parameter description needs an example 'e.g. \"...\"'"
    sparql = q.render(values)
    assert query_form(sparql) in ("select", "ask", "construct", "describe")
    result = store.query(sparql)
    assert result.kind in ("select", "ask", "graph")


@pytest.mark.parametrize("name", ["papers-by-person", "papers-citing", "most-cited", "paper-facts"])
def test_the_issue_names_these_saved_queries(name):
    assert name in saved_queries()


@pytest.mark.parametrize(
    "value, expected",
    [('Blok "} ?s ?p ?o {', '"Blok \\"} ?s ?p ?o {"'), ("a\\b\nc", '"a\\\\b\\nc"')],
)
def test_parameters_become_escaped_literals(value, expected):
    q = SavedQuery("x", "X", "", (Param("id", ""),), "ASK { ?s ?p {{id}} }", None)
    assert q.render({"id": value}) == f"ASK {{ ?s ?p {expected} }}"
    query_form(q.render({"id": value}))  # still one well-formed query


@pytest.mark.parametrize(
    "values, message",
    [({}, "needs a value for id"), ({"id": "1", "other": "2"}, "has no parameter other")],
)
def test_wrong_parameters_are_named(values, message):
    q = SavedQuery("x", "X", "", (Param("id", ""),), "ASK { ?s ?p {{id}} }", None)
    with pytest.raises(SavedQueryError, match=message):
        q.render(values)


@pytest.mark.parametrize("name", ["no-such-query"])
def test_unknown_saved_query_lists_the_known_ones(name):
    with pytest.raises(SavedQueryError, match="Choose one of: .*paper-facts"):
        saved_query(name)


@pytest.mark.parametrize(
    "text, message",
    [
        ("# title: X\n# param: a — one\nASK { ?s ?p {{b}} }\n", "declares parameters"),
        ("# description: no title\nASK {}\n", "title"),
    ],
)
def test_malformed_headers_are_refused(tmp_path, text, message):
    path = tmp_path / "bad.rq"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SavedQueryError, match=message):
        parse_saved_query(path)
