"""Every fact read from the seed letter reaches, by SPARQL, the exact characters of the source it came from."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from graph.cli import main
from graph.ids import Minter
from graph.query import saved_query
from graph.resources import SAMPLE_DIR
from graph.store import open_store

SEED = SAMPLE_DIR / "kst-19637-2699.txt"
ELI = "http://data.europa.eu/eli/ontology#"
KG = "https://w3id.org/kamergraaf/def#"
# predicates whose every statement about the paper was read from its text
READ_FROM_TEXT = [f"{ELI}date_document", f"{ELI}is_part_of", f"{ELI}cites", f"{KG}sender", f"{KG}signedBy",
                  f"{KG}onBehalfOf", f"{KG}addressee", f"{KG}mentions", f"{KG}ondernummer", f"{KG}vergaderjaar"]


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):
    out = tmp_path_factory.mktemp("prov") / "seed.trig"
    assert main(["build", str(SEED), "-o", str(out), "--jobs", "1", "-q"]) == 0
    return open_store(out)


@pytest.mark.parametrize("paper", ["kst-19637-2699"])
def test_provenance_seed_every_quote_equals_the_source_at_its_span(seed_store, paper):
    rows = seed_store.query(saved_query("sources-of-facts").render({"id": paper})).rows
    source = SEED.read_text(encoding="utf-8")
    assert len(rows) > 20
    for _subject, _predicate, _object, exact, start, end, _extractor, _origin in rows:
        assert source[int(start):int(end)] == str(exact)


@pytest.mark.parametrize("predicate", READ_FROM_TEXT)
def test_provenance_seed_every_fact_read_from_text_has_a_source(seed_store, predicate):
    paper = Minter().kamerstuk("kst-19637-2699")
    facts = seed_store.query(f"SELECT ?o WHERE {{ <{paper}> <{predicate}> ?o }}").rows
    claimed = {
        (str(row[1]), str(row[2]))
        for row in seed_store.query(saved_query("sources-of-facts").render({"id": "kst-19637-2699"})).rows
        if row[0] == URIRef(paper)
    }
    assert facts, f"the seed letter has no {predicate}"
    for (obj,) in facts:
        assert (predicate, str(obj)) in claimed, f"{predicate} {obj} has no claim with its source"
