"""The PDF reader on Kamerstukken laid out with fpdf2: running headers, footnotes, hyphenation, paragraphs."""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

import pytest

from graph.model import SourceError
from graph.readers import read, sniff
from graph.readers.pdf import read_pdf

FORMATS = Path(__file__).parent / "fixtures" / "formats"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"formats_{name}", FORMATS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SAMPLES = _load("make_samples")
PDF = _load("pdf_sample")
PAPERS = {paper["id"]: paper for paper in SAMPLES.PAPERS}


@lru_cache(maxsize=None)
def sample(paper_id: str):
    data, hyphenated = PDF.paper_pdf(PAPERS[paper_id])
    return read_pdf(f"{paper_id}.pdf", data), tuple(hyphenated), data


@pytest.mark.parametrize("paper", ["kst-19637-2699"])
def test_pdf_body_spans_two_pages_without_running_header(paper):
    doc, _, data = sample(paper)
    assert sniff("x.pdf", data) == "pdf" and doc.media_type == "application/pdf"
    assert doc.source_text.count("\f") == 1  # two pages
    assert "Tweede Kamer, vergaderjaar 2020–2021, 19 637, nr. 2699 2" in doc.source_text
    assert "Tweede Kamer, vergaderjaar" not in doc.text
    assert doc.metadata["vergaderjaar"] == "2020-2021"


@pytest.mark.parametrize("paper", ["kst-19637-2699", "kst-21501-20-865", "kst-30573-21", "kst-35300-VII-113"])
def test_pdf_reads_as_the_official_xml_after_the_first_page_head(paper):
    doc, _, _ = sample(paper)
    xml = read(FORMATS / f"{paper}.xml")
    head, rest = doc.text.split("\n\n", 1)
    assert head == f"Tweede Kamer der Staten-Generaal\nVergaderjaar {PAPERS[paper]['vergaderjaar']}"
    assert rest == xml.text
    for key in ("id", "dossiers", "ondernummer", "doc_type", "date", "vergaderjaar", "title"):
        assert doc.metadata[key] == xml.metadata[key], key


@pytest.mark.parametrize("paper", ["kst-19637-2699"])
def test_pdf_hyphenation_at_line_ends_is_undone(paper):
    doc, hyphenated, _ = sample(paper)
    assert hyphenated  # the layout did break words
    for head, tail in hyphenated:
        assert f"{head}-\n{tail}" in doc.source_text or f"{head}-\n" in doc.source_text
        assert f"{head}-" not in doc.text.replace("terug- en", "")
    assert "EU-lidstaten" in doc.text and "terug- en overname" in doc.text


@pytest.mark.parametrize(
    ("number", "note", "marker"),
    [(1, "Kamerstuk 22 112, nrs. 2955, 2956, 2957, 2958, 2959, 2960, 2961, 2962, 2963 en 2964.", "BNC-traject.1"),
     (2, "Kamerstukken 19 637 en 30 573, nr. 2375.", "participatie2")],
)
def test_pdf_footnotes_at_the_page_foot_move_to_the_end(number, note, marker):
    doc, _, _ = sample("kst-19637-2699")
    footnote = doc.footnotes[number - 1]
    assert footnote.number == number
    assert doc.text[footnote.start : footnote.end] == note
    assert doc.text[: footnote.start].endswith(f"X Noot\n{number}\n\n")
    source = doc.source_span(footnote.start, footnote.end)
    assert doc.quote(source) == note
    marker_at = doc.offsets[doc.text.index(marker) + len(marker) - 1]
    page = doc.source_text[:marker_at].count("\f")
    assert doc.source_text[: source.start].count("\f") == page  # it stood at the foot of its marker's page
    assert source.start > marker_at  # below the body of that page
    assert doc.source_text[doc.offsets[footnote.start - 3]] == str(number)  # the number maps to the printed one


@pytest.mark.parametrize(
    "phrase",
    ["BNC-traject.1 Het kabinet", "participatie2.", "Den Haag, 15 februari 2021", "De Minister van Buitenlandse Zaken,",
     "gemeenschappelijk", "verbonden"],
)
def test_pdf_phrases_map_back_to_the_extracted_text(phrase):
    doc, _, _ = sample("kst-19637-2699")
    i = doc.text.index(phrase)
    mapped = "".join(doc.source_text[doc.offsets[k]] for k in range(i, i + len(phrase)))
    assert mapped.replace("\n", " ") == phrase


@pytest.mark.parametrize("paper", ["kst-19637-2699"])
def test_pdf_signature_keeps_its_line_break_and_paragraphs_are_rebuilt(paper):
    doc, _, _ = sample(paper)
    body = doc.text.split("\n\n\nX Noot")[0]
    assert body.endswith("De Minister van Buitenlandse Zaken,\nS.A. Blok")
    paragraphs = body.split("\n\n")
    assert sum(p.startswith(("Hierbij bied ik", "Het centrale punt", "Over de inzet", "Het kabinetsbeleid",
                             "Met betrekking tot")) for p in paragraphs) == 5
    assert all("\n" not in p for p in paragraphs[3:-1])


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"%PDF-1.7\n%garbage that is no pdf at all\n", "not a readable PDF"),
     (b"<html>no</html>", "not a PDF"),
     (None, "not a readable PDF")],
)
def test_unreadable_pdf_raises_source_error(data, reason):
    if data is None:  # a real PDF cut short
        data = sample("kst-21501-20-865")[2][:700]
    with pytest.raises(SourceError, match=reason) as caught:
        read_pdf("bad.pdf", data)
    assert caught.value.path == "bad.pdf"


LONG_NOTE = ("Zie de brief van 12 maart 2020 over de uitvoering van de motie en de verschillende varianten die "
             "daarin zijn besproken, met name de variant waarin de raad op eigen verzoek kan worden ontbonden "
             "en de variant waarin de Kroon daartoe besluit. ") * 3


@lru_cache(maxsize=None)
def three_pages():
    layout = PDF.KamerstukPDF("Tweede Kamer, vergaderjaar 2019–2020, 35 300 VII, nr. 999",
                              ["Tweede Kamer der Staten-Generaal", "Vergaderjaar 2019–2020"],
                              colophon=["kst-35300-VII-999", "ISSN 0921 - 7371", "’s-Gravenhage 2020"],
                              note_capacity=3)
    layout.notes = {"1": LONG_NOTE, "2": "Kamerstuk 35 300 VII, nr. 14."}
    layout.block("35 300 VII Vaststelling van de begrotingsstaten van het Ministerie van Binnenlandse Zaken")
    layout.block("Nr. 999 BRIEF VAN DE MINISTER VAN BINNENLANDSE ZAKEN EN KONINKRIJKSRELATIES")
    for k in range(12):
        marker = "[[1]]" if k == 6 else "[[2]]" if k == 10 else ""
        sentence = (f"Alinea {k} over de bestuurlijke verhoudingen in gemeenten en de rol van de commissaris van "
                    "de Koning bij een ernstige verstoring daarvan, die tot ontbinding{} kan leiden. ")
        layout.block(sentence.format("") * 2 + sentence.format(marker))
    data = layout.output()
    return read_pdf("long.pdf", data), data


@pytest.mark.parametrize("number", [1, 2])
def test_pdf_footnote_running_on_to_the_next_page_is_one_footnote(number):
    doc, _ = three_pages()
    assert doc.source_text.count("\f") >= 2
    assert [f.number for f in doc.footnotes] == [1, 2]
    footnote = doc.footnotes[number - 1]
    expected = " ".join(LONG_NOTE.split()) if number == 1 else "Kamerstuk 35 300 VII, nr. 14."
    assert doc.text[footnote.start : footnote.end] == expected
    first, last = doc.offsets[footnote.start], doc.offsets[footnote.end - 1]
    if number == 1:  # it starts at the foot of one page and ends at the foot of the next
        assert doc.source_text[first:last].count("\f") == 1


@pytest.mark.parametrize("line", ["kst-35300-VII-999", "ISSN 0921 - 7371", "’s-Gravenhage 2020"])
def test_pdf_colophon_of_the_first_page_is_dropped_and_gives_the_id(line):
    doc, _ = three_pages()
    assert line in doc.source_text and line not in doc.text
    assert doc.metadata["id"] == "kst-35300-VII-999"
    assert doc.text.count("Alinea ") == 12 * 3
    assert "Tweede Kamer, vergaderjaar" not in doc.text
