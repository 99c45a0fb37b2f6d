"""The seed letter, built for real, answers in SPARQL who sent it, as what, when, in which dossiers, citing what."""

from __future__ import annotations

import pytest

from graph.cli import main
from graph.query import saved_query
from graph.resources import SAMPLE_DIR
from graph.store import open_store

SEED = SAMPLE_DIR / "kst-19637-2699.txt"


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    out = tmp_path_factory.mktemp("seed") / "sample.ttl"
    assert main(["build", str(SAMPLE_DIR), "-o", str(out), "--jobs", "1", "-q"]) == 0
    return open_store(out)


def _rows(store, name, **params):
    result = store.query(saved_query(name).render(params))
    return [{k: (str(v) if v is not None else None) for k, v in zip(result.variables, row)} for row in result.rows]


@pytest.mark.parametrize("paper", ["kst-19637-2699"])
def test_query_seed_paper_facts(sample_store, paper):
    [row] = _rows(sample_store, "paper-facts", id=paper)
    assert (row["signer"], row["capacity"]) == ("S.A. Blok", "Minister van Buitenlandse Zaken")
    assert (row["onBehalfOf"], row["onBehalfOfPerson"]) == ("Staatssecretaris van Justitie en Veiligheid",
                                                           "A. Broekers-Knol")
    assert row["date"] == "2021-02-15"
    assert sorted(row["dossiers"].split(", ")) == ["19637", "30573"]
    cited = set(row["cites"].split(", "))
    assert {f"kst-22112-{n}" for n in range(2955, 2965)} | {"kst-19637-2375", "kst-30573-2375"} <= cited


@pytest.mark.parametrize("person, expected", [("S.A. Blok", {("kst-19637-2699", "signer")}),
                                              ("Broekers-Knol", {("kst-19637-2699", "on behalf of"),
                                                                 ("kst-19637-2775", "signer")})])
def test_query_seed_papers_by_person(sample_store, person, expected):
    rows = _rows(sample_store, "papers-by-person", person=person)
    assert {(r["id"], r["role"]) for r in rows} == expected


@pytest.mark.parametrize("office, date, holder", [
    ("Staatssecretaris van Justitie en Veiligheid", "2021-02-15", "A. Broekers-Knol"),
    ("Minister van Buitenlandse Zaken", "2021-02-15", "S.A. Blok"),
])
def test_query_seed_holder_of_office_on_date(sample_store, office, date, holder):
    rows = _rows(sample_store, "holder-of-office-on-date", office=office, date=date)
    assert holder in {r.get("name") for r in rows}, rows


@pytest.mark.parametrize("paper, citing", [("kst-22112-2955", {"kst-19637-2699"})])
def test_query_seed_papers_citing(sample_store, paper, citing):
    rows = _rows(sample_store, "papers-citing", id=paper)
    assert {r["id"] for r in rows} == citing
