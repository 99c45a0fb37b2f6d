"""The text reader on what real PDF-extracted text adds: colophons, page numbers, headers with Roman suffixes,
page breaks amid a paragraph, wrapped lines and capitalised words hyphenated across line ends."""

from __future__ import annotations

import pytest

from graph.readers.text import read_text


def _text(source: str) -> str:
    return read_text("p.txt", source.encode("utf-8")).text


WRAPPED = (
    "34 300 VI Vaststelling van de begrotingsstaten van het Ministerie van Veiligheid en \n"
    "Justitie (VI) voor het jaar 2016 \n\n"
    "Nr. 40 BRIEF VAN DE STAATSSECRETARIS VAN VEILIGHEID EN JUSTITIE \n\n"
    "Hierbij informeer ik uw Kamer, mede namens de Minister van Buitenlandse \n"
    "Zaken, over de voortgang van de afspraken met de Europese Commis- \n"
    "sie en de lidstaten over de hervestiging van vluchtelingen uit de regio. Het \n"
    "kabinet zal de Kamer nader informeren over de uitvoering van de afspraken \n"
    "met de betrokken landen en met de Voorzitter van de Tweede Kamer der Staten- \n"
    "Generaal in overleg treden over de planning van het debat in het voorjaar. \n\n"
    "kst-34300-VI-40 ISSN 0921 - 7371 's-Gravenhage 2016\n"
    "Tweede Kamer, vergaderjaar 2015–2016, 34 300 VI, nr. 40 2\n\n"
    "De uitvoering verloopt voorspoedig en in overeenstemming met de afspraken \n"
    "die eerder met de Europese partners en met de Hoge Commissaris voor de \n\n"
    "3\n\n"
    "Vluchtelingen zijn gemaakt.\n\n"
    "De Staatssecretaris van Veiligheid en Justitie,\n"
    "K.H.D.M. Dijkhoff\n"
)


@pytest.mark.parametrize("source", [WRAPPED])
def test_pdf_page_furniture_is_dropped(source: str) -> None:
    doc = read_text("p.txt", source.encode("utf-8"))
    assert "ISSN" not in doc.text and "Gravenhage" not in doc.text and "nr. 40 2" not in doc.text
    assert "\n3\n" not in doc.text
    assert doc.metadata["page_header_vergaderjaar"] == "2015-2016"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (WRAPPED, "mede namens de Minister van Buitenlandse Zaken, over de voortgang"),  # wrapped lines joined
        (WRAPPED, "met de Europese Commissie en de lidstaten"),  # a capitalised word hyphenated by the PDF
        (WRAPPED, "met de Voorzitter van de Tweede Kamer der Staten-Generaal in overleg"),  # a hyphen before a capital
        (WRAPPED, "in het voorjaar.\n\nDe uitvoering"),  # a page break between paragraphs keeps the paragraph break
        (WRAPPED, "de Hoge Commissaris voor de Vluchtelingen zijn gemaakt."),  # a page number amid a sentence
        (WRAPPED, "Justitie,\nK.H.D.M. Dijkhoff"),  # a signature on two short lines stays on two lines
        (WRAPPED, "Ministerie van Veiligheid en Justitie (VI) voor het jaar 2016\n\nNr. 40 BRIEF"),
    ],
)
def test_pdf_text_reads_as_paragraphs(source: str, expected: str) -> None:
    assert expected in _text(source)


@pytest.mark.parametrize(
    "source",
    [
        "Nr. 63 MOTIE VAN DE LEDEN MOORLAG EN JASPER VAN DIJK \n\n"
        "kst-35570-VI-63 ISSN 0921 - 7371 's-Gravenhage 2020\n"
        "Tweede Kamer, vergaderjaar 2020–2021, 35 570 VI, nr. 63 2\n\n"
        "Voorgesteld 26 november 2020 \n",
    ],
)
def test_heading_in_capitals_is_not_run_into_the_next_page(source: str) -> None:
    assert _text(source) == "Nr. 63 MOTIE VAN DE LEDEN MOORLAG EN JASPER VAN DIJK\n\nVoorgesteld 26 november 2020"


@pytest.mark.parametrize(
    "source",
    [
        # the HTML rendering: one paragraph a line, short lines one under the other; nothing is joined
        "19 637 Vreemdelingenbeleid\n\nNr. 1 MOTIE VAN DE LEDEN A EN B\n\nDe Kamer,\n\ngehoord de beraadslaging,\n\n"
        "Jasper van Dijk\nKuik\nMarcouch\nVoordewind\nSjoerdsma\nVan Ojik\n",
    ],
)
def test_unwrapped_text_keeps_its_line_ends(source: str) -> None:
    assert _text(source) == source.strip()


@pytest.mark.parametrize(
    ("header", "vergaderjaar"),
    [
        ("Tweede Kamer, vergaderjaar 2015–2016, 34 300 VI, nr. 40 2", "2015-2016"),
        ("Tweede Kamer, vergaderjaar 2013–2014, 21 501-20, nr. 865 3", "2013-2014"),
        ("Eerste Kamer, vergaderjaar 2015–2016, 34 300, C 2", "2015-2016"),
    ],
)
def test_running_headers_are_dropped(header: str, vergaderjaar: str) -> None:
    source = f"Het kabinet heeft \n\n{header}\n\nbesloten dat het zo is.\n"
    doc = read_text("p.txt", source.encode("utf-8"))
    assert doc.text == "Het kabinet heeft\nbesloten dat het zo is."
    assert doc.metadata["page_header_vergaderjaar"] == vergaderjaar
