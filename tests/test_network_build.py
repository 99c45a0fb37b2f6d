"""The network read from a store: which nodes and edges, filters, aggregation and ego views."""

from __future__ import annotations

from datetime import date

import pytest

from graph.network import NetworkError, network_graph
from graph.store import MemoryStore
from graph.store_oxigraph import OxigraphStore
from network_corpus import small_store, synthetic_store

ID = "https://w3id.org/kamergraaf/id/"


def short(iri: str) -> str:
    return iri.removeprefix(ID)


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def store(request):
    """The four-paper corpus on each kind of local store: the network reads it through SPARQL alone."""
    return small_store(MemoryStore() if request.param == "memory" else OxigraphStore(None))


@pytest.mark.parametrize(
    ("node", "kind", "label"),
    [
        ("kamerstuk/kst-19637-2699", "document", "kst-19637-2699"),
        ("kamerstuk/kst-22112-2955", "document", "kst-22112-2955"),  # cited, typed in the citing paper's graph
        ("dossier/22112", "dossier", "22112"),  # only linked, never typed: the predicate says what it is
        ("persoon/sa-blok", "person", "S.A. Blok"),
        ("persoon/kst-30573-2/jansen", "person", "Jansen"),
        ("post/minister-van-buitenlandse-zaken", "post", "Minister van Buitenlandse Zaken"),
        ("organisatie/ministerie-van-buitenlandse-zaken", "organisation", "Ministerie van Buitenlandse Zaken"),
        ("organisatie/aiv", "organisation", "Adviesraad Internationale Vraagstukken"),
    ],
)
def test_network_build_nodes_have_kind_and_label(store, node, kind, label):
    graph = network_graph(store)
    assert graph.nodes[ID + node]["kind"] == kind
    assert graph.nodes[ID + node]["label"] == label


@pytest.mark.parametrize("left_out", ["persoon/unlinked", "organisatie/ministerie-van-defensie",
                                      "ondertekening/kst-19637-2699/1"])
def test_network_build_leaves_out_what_no_paper_links_to(store, left_out):
    assert ID + left_out not in network_graph(store)


@pytest.mark.parametrize(
    ("a", "b", "relation"),
    [
        ("kamerstuk/kst-19637-2699", "dossier/19637", "is_part_of"),
        ("kamerstuk/kst-19637-2699", "kamerstuk/kst-30573-1", "cites"),
        ("kamerstuk/kst-19637-2699", "post/staatssecretaris-van-justitie-en-veiligheid", "onBehalfOf"),
        ("kamerstuk/kst-19637-2699", "post/voorzitter-tweede-kamer", "addressee"),
        ("post/minister-van-buitenlandse-zaken", "organisatie/ministerie-van-buitenlandse-zaken", "postIn"),
        ("persoon/sa-blok", "post/minister-van-buitenlandse-zaken", "holds"),
        ("kamerstuk/kst-30573-2", "persoon/kst-30573-2/jansen", "mentions, signedBy"),
    ],
)
def test_network_build_edges_carry_their_relation(store, a, b, relation):
    assert network_graph(store).edges[ID + a, ID + b]["relation"] == relation


@pytest.mark.parametrize(
    ("options", "papers"),
    [
        ({}, {"kst-19637-2699", "kst-19637-2700", "kst-30573-1", "kst-30573-2", "kst-22112-2955"}),
        ({"dossier": "19637"}, {"kst-19637-2699", "kst-19637-2700", "kst-30573-1"}),  # + the cited neighbour
        ({"dossier": ID + "dossier/30573"}, {"kst-30573-1", "kst-30573-2", "kst-19637-2699", "kst-22112-2955"}),
        ({"since": date(2021, 1, 1)}, {"kst-19637-2699", "kst-19637-2700", "kst-30573-1"}),
        ({"until": date(2020, 12, 31)}, {"kst-30573-1", "kst-19637-2699", "kst-22112-2955"}),
        ({"actor": "s.a. blok"}, {"kst-19637-2699", "kst-30573-1", "kst-22112-2955"}),
        ({"actor": "S.A. Blok", "since": date(2021, 1, 1)}, {"kst-19637-2699", "kst-30573-1"}),
        ({"actor": "Minister van Buitenlandse Zaken", "dossier": "30573"}, {"kst-30573-1", "kst-19637-2699",
                                                                            "kst-22112-2955"}),
    ],
)
def test_network_build_filters_keep_passing_papers_and_neighbours(store, options, papers):
    graph = network_graph(store, **options)
    found = {short(n).removeprefix("kamerstuk/") for n, d in graph.nodes(data=True) if d["kind"] == "document"}
    assert found == papers


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"dossier": "99999"}, "No dossier '99999' in the graph. Choose one of: 19637, 22112, 30573"),
        ({"actor": "Rutte"}, "No actor 'Rutte' in the graph"),
        ({"focus": ID + "persoon/unlinked"}, "is not a node of the network"),
        ({"depth": -1}, "Expected a depth of 0 or more, got -1"),
    ],
)
def test_network_build_refuses_unknown_choices(store, options, message):
    with pytest.raises(NetworkError, match=message.replace("(", r"\(").replace(".", r"\.")):
        network_graph(store, **options)


@pytest.mark.parametrize(
    ("focus", "depth", "expected"),
    [
        ("persoon/a-broekers-knol", 0, {"persoon/a-broekers-knol"}),
        ("persoon/a-broekers-knol", 1, {"persoon/a-broekers-knol", "kamerstuk/kst-19637-2700"}),
        ("persoon/a-broekers-knol", 2, {"persoon/a-broekers-knol", "kamerstuk/kst-19637-2700", "dossier/19637"}),
        ("dossier/22112", 2, {"dossier/22112", "kamerstuk/kst-22112-2955", "kamerstuk/kst-30573-1"}),
    ],
)
def test_network_build_ego_view_holds_nodes_within_depth(store, focus, depth, expected):
    graph = network_graph(store, focus=ID + focus, depth=depth)
    assert {short(n) for n in graph} == expected
    assert graph.graph["focus"] == ID + focus


@pytest.mark.parametrize(
    ("actor", "dossier", "weight"),
    [
        ("persoon/sa-blok", "dossier/19637", 1),
        ("persoon/sa-blok", "dossier/30573", 1),
        ("post/minister-van-buitenlandse-zaken", "dossier/30573", 1),
        ("persoon/a-broekers-knol", "dossier/19637", 1),
        ("persoon/kst-30573-2/jansen", "dossier/30573", 1),
    ],
)
def test_network_build_aggregate_links_actors_to_dossiers(store, actor, dossier, weight):
    graph = network_graph(store, aggregate=True)
    assert {d["kind"] for _, d in graph.nodes(data=True)} <= {"dossier", "person", "post", "organisation"}
    assert graph.edges[ID + actor, ID + dossier]["weight"] == weight
    assert graph.nodes[ID + "dossier/19637"]["papers"] == 2


@pytest.mark.parametrize("n", [400])
def test_network_build_aggregate_weights_count_papers(n):
    store = synthetic_store(n)
    full = network_graph(store)
    folded = network_graph(store, aggregate=True)
    papers = sum(1 for _, d in full.nodes(data=True) if d["kind"] == "document")
    # every synthetic paper has one dossier, one sender, one signer and one mentioned organisation
    assert sum(w for _, _, w in folded.edges(data="weight")) == 3 * papers
    assert sum(d["papers"] for _, d in folded.nodes(data=True) if d["kind"] == "dossier") == papers


@pytest.mark.parametrize("n", [200, 2000])
def test_network_build_synthetic_store_has_n_nodes(n):
    assert network_graph(synthetic_store(n)).number_of_nodes() == n


@pytest.mark.parametrize(
    ("limit", "expected", "truncated"),
    [
        # within 2 steps of S.A. Blok are 11 nodes; at 1 step kst-19637-2699 (7 links), kst-30573-1 (5) and his post
        # (4): the most linked come first among equally near
        (2, {"persoon/sa-blok", "kamerstuk/kst-19637-2699"}, 11),
        (3, {"persoon/sa-blok", "kamerstuk/kst-19637-2699", "kamerstuk/kst-30573-1"}, 11),
        (11, None, None),
    ],
)
def test_network_build_ego_view_keeps_the_nearest_within_limit(store, limit, expected, truncated):
    graph = network_graph(store, focus=ID + "persoon/sa-blok", depth=2, limit=limit)
    if expected is not None:
        assert {short(n) for n in graph} == expected
    assert graph.number_of_nodes() == min(limit, 11)
    assert graph.graph["truncated"] == truncated
