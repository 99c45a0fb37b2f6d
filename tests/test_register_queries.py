"""The saved actor queries answer by person, by office in a period, by office on a date, and list what is unresolved.

Papers are built the way the pipeline builds them (resolve -> mapping) from small inline letters, loaded next to
the shipped register and gazetteer, and queried on both stores with the union of named graphs as default graph.
"""

from __future__ import annotations

import json

import pytest

from graph.ids import Minter
from graph.mapping import paper_graphs
from graph.mapping.reference import reference_quads
from graph.model import Dossier, DossierNumber, Extraction, Mention, Sender, SourceDocument, Span, Valued
from graph.resolve import resolve
from graph.resources import QUERIES_DIR
from graph.store import MemoryStore
from graph.store_oxigraph import OxigraphStore

BASE = "https://w3id.org/kamergraaf"


def _letter(doc_id: str, date: str, signers: list[tuple[str, str | None]], behalf: list[str], title: str):
    """A short letter whose text holds every mention at its span."""
    text = f"{title}\nAan de Voorzitter van de Tweede Kamer der Staten-Generaal\nDen Haag, {date}\n"
    behalf_mentions = []
    for office in behalf:
        text += "Deze brief wordt mede namens de "
        behalf_mentions.append(Mention(office, Span(len(text), len(text) + len(office))))
        text += office + " verzonden.\n"
    senders = []
    for role, name in signers:
        start = len(text)
        text += f"De {role},\n"
        if name:
            text += name + "\n"
        senders.append(Sender(role, name, Span(start, len(text) - 1)))
    addressee_at = text.index("Voorzitter")
    extraction = Extraction(
        source=f"{doc_id}.txt", id=doc_id, doc_type="brief", date=Valued(date, None), title=Valued(title, None),
        dossiers=(Dossier(DossierNumber(19637), "Vreemdelingenbeleid", Span(0, len(title))),),
        senders=tuple(senders), on_behalf_of=tuple(behalf_mentions),
        addressee=Mention("Voorzitter van de Tweede Kamer der Staten-Generaal", Span(addressee_at, addressee_at + 50)),
    )
    return SourceDocument.plain(f"{doc_id}.txt", text), extraction


LETTERS = [
    _letter("kst-19637-2699", "2021-02-15", [("Minister van Buitenlandse Zaken", "S.A. Blok")],
            ["Staatssecretaris van Justitie en Veiligheid"], "Vreemdelingenbeleid"),
    _letter("kst-19637-2775", "2021-10-21", [("Minister van Justitie en Veiligheid", "F.B.J. Grapperhaus"),
                                             ("Staatssecretaris van Justitie en Veiligheid", "A. Broekers-Knol")],
            [], "Vreemdelingenbeleid"),
    _letter("kst-19637-1407", "2011-03-29", [("Minister voor Immigratie en Asiel", "G. B. M. Leers")], [],
            "Vreemdelingenbeleid"),
    # two state secretaries of Financiën that day and nothing in the letter to tell them apart
    _letter("kst-19637-9001", "2022-06-01", [("Staatssecretaris van Financiën", None)], [], "Vreemdelingenbeleid"),
    # signed by one person, also on behalf of an office two people held that day
    _letter("kst-19637-9002", "2021-03-01", [("Minister van Justitie en Veiligheid", "F.B.J. Grapperhaus")],
            ["Staatssecretaris van Financiën"], "Vreemdelingenbeleid"),
]


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def store(request):
    minter = Minter(BASE)
    store = MemoryStore() if request.param == "memory" else OxigraphStore(None)
    graphs: dict = {}
    for s, p, o, g in reference_quads(minter):
        graphs.setdefault(g, []).append((s, p, o))
    for doc, extraction in LETTERS:
        graphs[minter.graph(extraction.id)] = paper_graphs(doc, extraction, resolve(extraction), minter=minter).facts
    for g, triples in graphs.items():
        store.replace_graph(g, triples)
    return store


def _run(store, name: str, **params: str) -> list[dict[str, str | None]]:
    text = (QUERIES_DIR / f"{name}.rq").read_text(encoding="utf-8")
    for key, value in params.items():
        text = text.replace("{{" + key + "}}", json.dumps(value))
    assert "{{" not in text, "a parameter was left unset"
    result = store.query(text)
    return [dict(zip(result.variables, (None if v is None else str(v) for v in row))) for row in result.rows]


def _paper(doc_id: str) -> str:
    return f"{BASE}/id/kamerstuk/{doc_id}"


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        ("S.A. Blok", [("kst-19637-2699", "signer", "Minister van Buitenlandse Zaken")]),
        ("Broekers-Knol", [("kst-19637-2699", "on behalf of", "Staatssecretaris van Justitie en Veiligheid"),
                           ("kst-19637-2775", "signer", "Staatssecretaris van Justitie en Veiligheid")]),
        ("g.b.m. leers", [("kst-19637-1407", "signer", "Minister voor Immigratie en Asiel")]),
        ("Teeven", []),
    ],
)
def test_papers_by_person(store, person, expected):
    rows = _run(store, "papers-by-person", person=person)
    assert [(r["id"], r["role"], r["capacityLabel"]) for r in rows] == expected


@pytest.mark.parametrize(
    ("office", "start", "end", "expected"),
    [
        ("Staatssecretaris van Justitie en Veiligheid", "2021-01-01", "2021-12-31",
         [("kst-19637-2699", "on behalf of", "A. Broekers-Knol"), ("kst-19637-2775", "sender", "A. Broekers-Knol")]),
        ("staatssecretaris van justitie en veiligheid", "2021-03-01", "2021-12-31",
         [("kst-19637-2775", "sender", "A. Broekers-Knol")]),
        ("Minister van Buitenlandse Zaken", "2021-02-15", "2021-02-15", [("kst-19637-2699", "sender", "S.A. Blok")]),
        ("Staatssecretaris van Financiën", "2021-01-01", "2021-12-31", [("kst-19637-9002", "on behalf of", None)]),
        ("Minister van Buitenlandse Zaken", "2021-02-16", "2022-12-31", []),
        ("Staatssecretaris van Financiën", "2022-01-01", "2022-12-31", [("kst-19637-9001", "sender", None)]),
    ],
)
def test_papers_by_office_in_period(store, office, start, end, expected):
    rows = _run(store, "papers-by-office-in-period", office=office, **{"from": start, "to": end})
    assert [(r["id"], r["role"], r["holderName"]) for r in rows] == expected


@pytest.mark.parametrize(
    ("office", "date", "expected"),
    [
        ("Staatssecretaris van Justitie en Veiligheid", "2021-02-15", [("A. Broekers-Knol", "asiel en migratie")]),
        ("Minister van Buitenlandse Zaken", "2016-01-29", [("A.G. Koenders", None)]),
        ("Staatssecretaris van Financiën", "2022-06-01",
         [("A. de Vries", "toeslagen en douane"), ("M.L.A. van Rij", "fiscaliteit en belastingdienst")]),
        ("Minister voor Immigratie en Asiel", "2012-06-07", []),  # renamed on 2011-12-16
        ("Minister voor Immigratie, Integratie en Asiel", "2012-06-07", [("G.B.M. Leers", "immigratie, integratie en asiel")]),
    ],
)
def test_holder_of_office_on_date(store, office, date, expected):
    rows = _run(store, "holder-of-office-on-date", office=office, date=date)
    assert [(r["name"], r["portfolio"]) for r in rows] == expected


@pytest.mark.parametrize("expected_ids", [("kst-19637-9002", "kst-19637-9001")])
def test_unresolved_actors_lists_ambiguous_signer_and_office(store, expected_ids):
    rows = _run(store, "unresolved-actors")
    assert [(r["id"], r["what"], r["status"], r["office"], r["signerName"]) for r in rows] == [
        (expected_ids[0], "on behalf of", "unresolved", "Staatssecretaris van Financiën", None),
        (expected_ids[1], "signer", "ambiguous", "Staatssecretaris van Financiën", None),
    ]
    assert sorted(rows[1]["candidates"].split()) == [f"{BASE}/id/persoon/a-de-vries", f"{BASE}/id/persoon/mla-van-rij"]


@pytest.mark.parametrize("doc_id", ["kst-19637-2699"])
def test_seed_letter_graph_links_blok_and_broekers_knol(store, doc_id):
    result = store.query(f"""
        PREFIX kg: <https://w3id.org/kamergraaf/def#>
        SELECT ?signer ?capacity ?behalf ?behalfPerson WHERE {{
          <{_paper(doc_id)}> kg:signing ?s .
          ?s kg:signer ?signer ; kg:capacity ?capacity ; kg:onBehalfOf ?behalf ; kg:onBehalfOfPerson ?behalfPerson .
        }}""")
    assert [tuple(map(str, row)) for row in result.rows] == [(
        f"{BASE}/id/persoon/sa-blok", f"{BASE}/id/post/minister-van-buitenlandse-zaken",
        f"{BASE}/id/post/staatssecretaris-van-justitie-en-veiligheid", f"{BASE}/id/persoon/a-broekers-knol",
    )]
