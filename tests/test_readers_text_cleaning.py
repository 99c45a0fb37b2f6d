"""The text reader: decoding, running headers, hyphenation, footnotes, glued markers, and the offset map."""

from __future__ import annotations

from pathlib import Path

import pytest

import graph
from graph.model import SourceError
from graph.readers.text import decode, read_text

SAMPLE = Path(graph.__file__).parent / "data" / "sample"
SAMPLE_PAPERS = sorted(SAMPLE.glob("*.txt"))

PDF_PAGE = (
    "Tweede Kamer der Staten-Generaal 2\n"
    "Vergaderjaar 2020–2021 \n\n"
    "19 637 Vreemdelingenbeleid \n\n"
    "Nr. 2699 BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN \n\n"
    "Het kabinet wil gemeen-\n"
    "schappelijk met de EU-lidstaten en het BNC-traject.1 Het \n"
    "stelsel kent irreguliere \n\n"
    "1 Kamerstuk 22 112, nr. 2955.\n"
    " migratie en participatie2. \n"
    "Tweede Kamer, vergaderjaar 2020–2021, 19 637, nr. 2699 2\n"
    "Sinds 12 november 20113 is dat zo.\n\n"
    "2 Kamerstukken 19 637 en 30 573, nr. 2375.\n"
    "3 Zie www.example.org.\n"
)


@pytest.mark.parametrize(
    ("data", "expected"),
    [("café".encode("utf-8"), "café"), ("café".encode("cp1252"), "café"), ("\ufeffNr. 5".encode("utf-8"), "Nr. 5")],
)
def test_decode_utf8_then_cp1252(data: bytes, expected: str) -> None:
    assert decode("a.txt", data) == expected


@pytest.mark.parametrize("data", [b"\x00\x01\x02abc", bytes(range(1, 32)) * 10])
def test_decode_refuses_binary(data: bytes) -> None:
    with pytest.raises(SourceError) as err:
        decode("x.bin", data)
    assert err.value.path == "x.bin" and "binary" in err.value.reason


@pytest.mark.parametrize("source", [PDF_PAGE])
def test_pdf_text_is_cleaned(source: str) -> None:
    doc = read_text("p.txt", source.encode())
    assert "Tweede Kamer der Staten-Generaal" not in doc.text
    assert "vergaderjaar 2020" not in doc.text.lower()
    assert doc.metadata["page_header_vergaderjaar"] == "2020-2021"
    start, end = map(int, doc.metadata["page_header_vergaderjaar_span"].split(":"))
    assert doc.source_text[start:end] == "2020–2021"
    assert "gemeenschappelijk met de EU-lidstaten en het BNC-traject. Het" in doc.text
    assert "irreguliere\nmigratie en participatie." in doc.text  # footnote 1 lifted out of the paragraph
    assert "Sinds 12 november 2011 is dat zo." in doc.text
    assert [f.number for f in doc.footnotes] == [1, 2, 3]
    notes = [doc.text[f.start:f.end] for f in doc.footnotes]
    assert notes == ["Kamerstuk 22 112, nr. 2955.", "Kamerstukken 19 637 en 30 573, nr. 2375.", "Zie www.example.org."]
    assert doc.text.index("Sinds") < doc.footnotes[0].start  # footnotes come after the whole body
    assert doc.footnote_at(doc.footnotes[1].start + 3) == 2 and doc.footnote_at(0) is None


@pytest.mark.parametrize(
    ("source", "notes"),
    [
        ("19 637 X\n\nNr. 1 BRIEF\n\nopenbaar gemaakt1.\n\n\nX Noot\n1\n\nGepubliceerd op www.x.nl", ["Gepubliceerd op www.x.nl"]),
        ("A»?1 en b.2\n\nXNoot\n1\n\nNos, 9 november 2022.\n\nX Noot\n2\n\nArtikel 28.", ["Nos, 9 november 2022.", "Artikel 28."]),
    ],
)
def test_html_note_blocks(source: str, notes: list[str]) -> None:
    doc = read_text("h.txt", source.encode())
    assert [doc.text[f.start:f.end] for f in doc.footnotes] == notes
    assert "Noot" not in doc.text
    assert "gemaakt1" not in doc.text and "»?1" not in doc.text


@pytest.mark.parametrize("source", ["Het asiel- en\nmigratiebeleid van de EU-\nlidstaten en het Dublin-\nsysteem"])
def test_real_hyphens_stay(source: str) -> None:
    text = read_text("h.txt", source.encode()).text
    assert "asiel- en" in text and "EU-lidstaten" in text and "Dublin-systeem" in text


@pytest.mark.parametrize("path", [*SAMPLE_PAPERS, None], ids=lambda p: p.name if p else "pdf-page")
def test_offsets_map_every_character_back(path: Path | None) -> None:
    data = path.read_bytes() if path else PDF_PAGE.encode()
    doc = read_text(str(path), data)
    assert len(doc.offsets) == len(doc.text) + 1
    in_notes = {i for f in doc.footnotes for i in range(f.start, f.end)}
    body_end = min((f.start for f in doc.footnotes), default=len(doc.text))
    body_end = doc.text.rfind("\n\n", 0, body_end) if doc.footnotes else body_end
    for i, char in enumerate(doc.text):
        if (i < body_end or i in in_notes) and not char.isspace():
            assert doc.source_text[doc.offsets[i]] == char, (i, char)
    body_offsets = doc.offsets[:body_end]
    assert list(body_offsets) == sorted(body_offsets)  # the body keeps source order
