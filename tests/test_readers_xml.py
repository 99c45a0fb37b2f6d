"""The official-XML reader: layout like the official page, metadata, footnotes and offsets back to the markup."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.model import SourceError
from graph.readers import read
from graph.readers.officiele_xml import read_metadata, read_xml

FORMATS = Path(__file__).parent / "fixtures" / "formats"

EXPECTED = {
    "kst-19637-2699": {
        "head": ["19 637 Vreemdelingenbeleid", "30 573 Migratiebeleid",
                 "Nr. 2699 BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN",
                 "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal", "Den Haag, 15 februari 2021"],
        "meta": {"id": "kst-19637-2699", "dossiers": "19637 30573", "ondernummer": "2699", "doc_type": "brief",
                 "date": "2021-02-15", "vergaderjaar": "2020-2021"},
        "tail": "De Minister van Buitenlandse Zaken,\nS.A. Blok",
        "notes": 2,
    },
    "kst-30573-21": {
        "head": ["30 573 Migratiebeleid", "nr. 21 MOTIE VAN DE LEDEN JACOBI EN DIJSSELBLOEM",
                 "Voorgesteld 10 december 2008", "De Kamer,"],
        "meta": {"id": "kst-30573-21", "dossiers": "30573", "ondernummer": "21", "doc_type": "motie",
                 "date": "2008-12-10", "vergaderjaar": "2008-2009"},
        "tail": "en gaat over tot de orde van de dag.\n\nJacobi\n\nDijsselbloem",
        "notes": 0,
    },
    "kst-21501-20-865": {
        "head": ["21 501-20 Europese Raad", "Nr. 865 BRIEF VAN DE MINISTER PRESIDENT, MINISTER VAN ALGEMENE ZAKEN"],
        "meta": {"id": "kst-21501-20-865", "dossiers": "21501-20", "ondernummer": "865", "doc_type": "brief",
                 "date": "2014-05-21", "vergaderjaar": "2013-2014"},
        "tail": "De Minister-President, Minister van Algemene Zaken,\nM. Rutte",
        "notes": 0,
    },
    "kst-35300-VII-113": {
        "head": ["35 300 VII Vaststelling van de begrotingsstaten van het Ministerie van Binnenlandse Zaken en "
                 "Koninkrijksrelaties (VII) voor het jaar 2020"],
        "meta": {"id": "kst-35300-VII-113", "dossiers": "35300-VII", "ondernummer": "113", "doc_type": "brief",
                 "date": "2020-04-06", "vergaderjaar": "2019-2020"},
        "tail": "De Minister van Binnenlandse Zaken en Koninkrijksrelaties,\nR.W. Knops",
        "notes": 0,
    },
}


@pytest.mark.parametrize("paper", sorted(EXPECTED))
def test_xml_is_laid_out_like_the_official_page(paper):
    doc = read(FORMATS / f"{paper}.xml")
    want = EXPECTED[paper]
    assert doc.media_type == "application/xml"
    assert doc.text.split("\n\n")[: len(want["head"])] == want["head"]
    body = doc.text.split("\n\n\nX Noot")[0]
    assert body.endswith(want["tail"])
    assert "Vergaderjaar" not in doc.text  # the banner (kamerstukkop) goes to the metadata
    assert len(doc.footnotes) == want["notes"]
    assert doc.text.count("X Noot\n") == want["notes"]


@pytest.mark.parametrize("paper", sorted(EXPECTED))
def test_xml_metadata_is_normalised_and_merged_with_its_metadata_file(paper):
    doc = read(FORMATS / f"{paper}.xml")
    for key, value in EXPECTED[paper]["meta"].items():
        assert doc.metadata[key] == value, key
    assert doc.metadata["source_url"] == f"https://zoek.officielebekendmakingen.nl/{paper}.html"
    assert doc.metadata["meta:OVERHEIDop.dossiernummer"]  # raw names from the merged metadata.xml
    assert doc.metadata["meta:OVERHEIDop.externMetadataRecord"].endswith(f"{paper}/metadata.xml")


@pytest.mark.parametrize("paper", ["kst-19637-2699"])
def test_xml_without_metadata_file_reads_metadata_from_the_paper(paper, tmp_path):
    target = tmp_path / f"{paper}.xml"
    shutil.copy(FORMATS / f"{paper}.xml", target)
    doc = read(target)
    assert "meta:OVERHEIDop.dossiernummer" not in doc.metadata
    for key, value in EXPECTED[paper]["meta"].items():
        assert doc.metadata[key] == value, key


@pytest.mark.parametrize(
    ("number", "note"),
    [(1, "Kamerstuk 22 112, nrs. 2955, 2956, 2957, 2958, 2959, 2960, 2961, 2962, 2963 en 2964."),
     (2, "Kamerstukken 19 637 en 30 573, nr. 2375.")],
)
def test_xml_footnotes_are_moved_to_the_end_and_map_back(number, note):
    doc = read(FORMATS / "kst-19637-2699.xml")
    footnote = doc.footnotes[number - 1]
    assert footnote.number == number
    assert doc.text[footnote.start : footnote.end] == note
    assert doc.text[: footnote.start].endswith(f"X Noot\n{number}\n\n")
    assert doc.quote(doc.source_span(footnote.start, footnote.end)) == note
    assert doc.footnote_at(footnote.start) == number
    # the marker stays glued to its word in the body
    marker = "BNC-traject.1 Het" if number == 1 else "participatie2."
    i = doc.text.index(marker)
    assert doc.source_text[doc.offsets[i + marker.index(str(number))]] == str(number)


@pytest.mark.parametrize(
    "phrase",
    ["Den Haag, 15 februari 2021", "«the renewed agenda on migration»", "S.A. Blok", "Vreemdelingenbeleid",
     "gemeenschappelijk Europees asielstelsel"],
)
def test_xml_body_phrases_map_back_to_the_markup(phrase):
    doc = read(FORMATS / "kst-19637-2699.xml")
    i = doc.text.index(phrase)
    assert "".join(doc.source_text[doc.offsets[k]] for k in range(i, i + len(phrase))) == phrase.replace("\n", " ")


@pytest.mark.parametrize(
    ("markup", "text", "quoted"),
    [(b'<officiele-publicatie><kamerstuk><stuk><al>AIV &amp; ACVZ &#8211; samen</al></stuk></kamerstuk>'
      b"</officiele-publicatie>", "AIV & ACVZ \u2013 samen", ["&amp;", "&#8211;"])],
)
def test_xml_references_map_to_the_whole_reference(markup, text, quoted):
    doc = read_xml("x.xml", markup)
    assert doc.text == text
    starts = [doc.offsets[doc.text.index(ch)] for ch in ("&", "\u2013")]
    assert [doc.source_text[s : s + len(q)] for s, q in zip(starts, quoted)] == quoted


@pytest.mark.parametrize("paper", ["kst-19637-2699"])
def test_metadata_file_is_refused_as_a_paper_but_read_as_metadata(paper):
    data = (FORMATS / f"{paper}.metadata.xml").read_bytes()
    with pytest.raises(SourceError, match="metadata file"):
        read_xml(f"{paper}.metadata.xml", data)
    meta = read_metadata(f"{paper}.metadata.xml", data)
    assert {k: meta[k] for k in EXPECTED[paper]["meta"] if k != "date"} == {
        k: v for k, v in EXPECTED[paper]["meta"].items() if k != "date"}
    assert meta["date"] == "2021-02-15" and meta["meta:DCTERMS.issued"] == "2021-02-17"


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"<html><body>x</body></html>", "root <officiele-publicatie>"),
     (b"<officiele-publicatie><kamerstuk><al>open</kamerstuk>", "not well-formed"),
     (b"<officiele-publicatie><metadata/></officiele-publicatie>", "no text")],
)
def test_xml_that_is_not_a_paper_raises_source_error(data, reason):
    with pytest.raises(SourceError, match=reason) as caught:
        read_xml("bad.xml", data)
    assert caught.value.path == "bad.xml"


@pytest.mark.parametrize(
    "data",
    [b'<?xml version="1.0"?><metadata><meta name="DC.identifier" content="kst-21501-20-865"/>'
     b'<meta name="OVERHEIDop.dossiernummer" content="21501-20"/><meta name="OVERHEIDop.ondernummer" content="865"/>'
     b'<meta name="DC.title" content="Europese Raad; Brief regering; Informeel diner"/>'
     b'<meta name="OVERHEIDop.datumBrief" content="2014-05-21"/></metadata>'],
)
def test_repository_metadata_form_is_read_too(data, tmp_path):
    meta = read_metadata("m.xml", data)
    assert {k: meta[k] for k in ("id", "dossiers", "ondernummer", "doc_type", "date", "title")} == {
        "id": "kst-21501-20-865", "dossiers": "21501-20", "ondernummer": "865", "doc_type": "brief",
        "date": "2014-05-21", "title": "Informeel diner"}
    side = tmp_path / "kst-21501-20-865.metadata.xml"
    side.write_bytes(data)
    with pytest.raises(SourceError, match="metadata file"):
        read(side)
