"""The official-HTML reader: the paper without the site's chrome, head metadata, footnotes, offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.model import SourceError
from graph.readers import read, sniff
from graph.readers.html import read_html

FORMATS = Path(__file__).parent / "fixtures" / "formats"
PAPERS = ["kst-19637-2699", "kst-21501-20-865", "kst-30573-21", "kst-35300-VII-113"]


@pytest.mark.parametrize("paper", PAPERS)
def test_html_page_reads_as_the_same_text_as_the_official_xml(paper):
    page = read(FORMATS / f"{paper}.html")
    xml = read(FORMATS / f"{paper}.xml")
    assert sniff(f"{paper}.html", (FORMATS / f"{paper}.html").read_bytes()) == "html"
    assert page.media_type == "text/html"
    assert page.text == xml.text
    assert [(f.number, page.text[f.start : f.end]) for f in page.footnotes] == [
        (f.number, xml.text[f.start : f.end]) for f in xml.footnotes
    ]


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize(
    "chrome", ["Ga direct naar inhoud", "Naar boven", "Datum publicatie", "Rijksoverheid", "Zoeken", "window."]
)
def test_html_site_chrome_is_dropped(paper, chrome):
    assert chrome not in read(FORMATS / f"{paper}.html").text


@pytest.mark.parametrize(
    ("paper", "expected"),
    [("kst-19637-2699", {"id": "kst-19637-2699", "dossiers": "19637 30573", "ondernummer": "2699",
                         "doc_type": "brief", "date": "2021-02-15", "vergaderjaar": "2020-2021",
                         "title": "BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN",
                         "source_url": "https://zoek.officielebekendmakingen.nl/kst-19637-2699.html",
                         "meta:OVERHEIDop.indiener": "S.A. Blok"}),
     ("kst-30573-21", {"id": "kst-30573-21", "dossiers": "30573", "ondernummer": "21", "doc_type": "motie",
                       "date": "2008-12-10", "meta:OVERHEIDop.indiener": "Jacobi | Dijsselbloem"})],
)
def test_html_head_metadata_is_normalised(paper, expected):
    metadata = read(FORMATS / f"{paper}.html").metadata
    assert {k: metadata.get(k) for k in expected} == expected


@pytest.mark.parametrize(
    ("markup", "expected"),
    [("<html><body><div class='stuk'><h1 class='stuktitel'>Nr. 7 MOTIE VAN HET LID X</h1>"
      "<p class='kamerstukdatum'>Voorgesteld 7 februari 2013</p></div></body></html>",
      {"ondernummer": "7", "doc_type": "motie", "date": "2013-02-07"})],
)
def test_html_without_head_metadata_reads_it_from_the_page(markup, expected):
    doc = read_html("p.html", markup.encode())
    assert {k: doc.metadata.get(k) for k in expected} == expected


@pytest.mark.parametrize(
    "phrase", ["Den Haag, 15 februari 2021", "«the renewed agenda on migration»", "BNC-traject.1",
               "Kamerstukken 19 637 en 30 573, nr. 2375.", "thema’s"],
)
def test_html_phrases_map_back_to_the_page(phrase):
    doc = read(FORMATS / "kst-19637-2699.html")
    i = doc.text.index(phrase)
    assert "".join(doc.source_text[doc.offsets[k]] for k in range(i, i + len(phrase))) == phrase


@pytest.mark.parametrize(
    ("markup", "reference"),
    [(b"<html><body><div id='broodtekst'><p>AIV &amp; ACVZ&nbsp;samen</p></div></body></html>", "&amp;")],
)
def test_html_entities_are_decoded_and_map_to_the_reference(markup, reference):
    doc = read_html("p.html", markup)
    assert doc.text == "AIV & ACVZ samen"
    start = doc.offsets[doc.text.index("&")]
    assert doc.source_text[start : start + len(reference)] == reference


@pytest.mark.parametrize("markup", [b"<html><body><nav>Home</nav><script>x()</script></body></html>"])
def test_html_without_paper_text_raises_source_error(markup):
    with pytest.raises(SourceError, match="no paper text"):
        read_html("empty.html", markup)
