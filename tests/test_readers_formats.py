"""One paper, four formats: text, official XML, official HTML page and PDF give the same extraction record."""

from __future__ import annotations

import importlib.util
import json
from functools import lru_cache
from pathlib import Path

import pytest

from graph.readers import read
from graph.readers.pdf import read_pdf

FORMATS = Path(__file__).parent / "fixtures" / "formats"
MAIN_FIELDS = ("dossiers", "ondernummer", "doc_type", "date", "senders", "on_behalf_of", "addressee",
               "cited_kamerstukken")
PAPERS = ["kst-19637-2699", "kst-21501-20-865", "kst-30573-21", "kst-35300-VII-113"]


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"formats_{name}", FORMATS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@lru_cache(maxsize=None)
def documents(paper: str) -> dict:
    samples, layout = _load("make_samples"), _load("pdf_sample")
    spec = next(p for p in samples.PAPERS if p["id"] == paper)
    docs = {fmt: read(FORMATS / f"{paper}.{fmt}") for fmt in ("txt", "xml", "html")}
    docs["pdf"] = read_pdf(f"{paper}.pdf", layout.paper_pdf(spec)[0])
    return docs


# What the real papers say (corpus gold), for the fields every format must get right.
GOLD = {
    "kst-19637-2699": {"dossiers": ["19637", "30573"], "ondernummer": "2699", "doc_type": "brief",
                       "date": "2021-02-15",
                       "senders": [{"role": "Minister van Buitenlandse Zaken", "name": "S.A. Blok"}],
                       "on_behalf_of": ["Staatssecretaris van Justitie en Veiligheid"],
                       "addressee": "Voorzitter van de Tweede Kamer der Staten-Generaal"},
    "kst-21501-20-865": {"dossiers": ["21501-20"], "ondernummer": "865", "doc_type": "brief", "date": "2014-05-21",
                         "senders": [{"role": "Minister-President, Minister van Algemene Zaken", "name": "M. Rutte"}]},
    "kst-30573-21": {"dossiers": ["30573"], "ondernummer": "21", "doc_type": "motie", "date": "2008-12-10",
                     "senders": [{"role": "lid Tweede Kamer", "name": "Jacobi"},
                                 {"role": "lid Tweede Kamer", "name": "Dijsselbloem"}]},
    "kst-35300-VII-113": {"dossiers": ["35300-VII"], "ondernummer": "113", "doc_type": "brief",
                          "date": "2020-04-06",
                          "senders": [{"role": "Minister van Binnenlandse Zaken en Koninkrijksrelaties",
                                       "name": "R.W. Knops"}],
                          "cited_kamerstukken": [{"dossier": "35300-VII", "nr": "14"},
                                                 {"dossier": "35300-VII", "nr": "85"}]},
}


@pytest.mark.parametrize("paper", PAPERS)
def test_every_format_gives_the_same_metadata_and_footnotes(paper):
    docs = documents(paper)
    for fmt in ("xml", "html", "pdf"):
        meta = docs[fmt].metadata
        assert meta["id"] == paper, fmt
        assert meta["dossiers"].split() == GOLD[paper]["dossiers"], fmt
        assert (meta["ondernummer"], meta["doc_type"], meta["date"]) == (
            GOLD[paper]["ondernummer"], GOLD[paper]["doc_type"], GOLD[paper]["date"]), fmt
    notes = {fmt: [(f.number, d.text[f.start : f.end]) for f in d.footnotes] for fmt, d in docs.items()
             if fmt != "txt"}
    assert notes["xml"] == notes["html"] == notes["pdf"]


@pytest.mark.parametrize("paper", PAPERS)
def test_every_format_gives_the_same_extraction_record(paper):
    extract = pytest.importorskip("graph.extract").extract
    records = {fmt: extract(doc).to_record() for fmt, doc in documents(paper).items()}
    for field in MAIN_FIELDS:
        values = {fmt: json.dumps(record[field], ensure_ascii=False) for fmt, record in records.items()}
        assert len(set(values.values())) == 1, (field, values)
    for field, value in GOLD[paper].items():
        assert records["xml"][field] == value, field
