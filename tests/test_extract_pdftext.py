"""The PDF-text rendering of a paper, and extraction from it matching extraction from the HTML-style text."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import graph
from graph.extract import extract
from graph.extract.pdftext import hyphenate, render_pdf_text, vergaderjaar_of
from graph.readers.text import read_text

SAMPLE = Path(graph.__file__).parent / "data" / "sample"
# the sample papers in the HTML-rendering style (the seed letter is PDF text already)
HTML_STYLE = sorted(p for p in SAMPLE.glob("*.txt")
                    if not p.read_text(encoding="utf-8").lstrip().startswith("Tweede Kamer der Staten-Generaal"))
CONTRACT = ("dossiers", "ondernummer", "doc_type", "date", "senders", "on_behalf_of", "addressee",
            "cited_kamerstukken")
# (width, lines a page): the default layout, and narrow, short pages that break paragraphs, words and signatures
LAYOUTS = [(72, 45), (55, 12), (64, 18), (80, 25)]

PAPER = (
    "21 501-20 Europese Raad\n\n"
    "Nr. 1234 BRIEF VAN DE MINISTER-PRESIDENT, MINISTER VAN ALGEMENE ZAKEN EN DE MINISTER VAN BUITENLANDSE ZAKEN\n\n"
    "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\n"
    "Den Haag, 12 oktober 2017\n\n"
    "Hierbij bied ik, mede namens de Staatssecretaris van Justitie en Veiligheid, de geannoteerde agenda aan "
    "voor de Europese Raad.1 Het kabinet steunt de gemeenschappelijke aanpak van de EU-lidstaten en de "
    "verantwoordelijkheden van de Europese Commissie voor het Dublin-systeem.\n\n"
    "Zoals gemeld in de brief van 1 september 20172 blijft de inzet ongewijzigd.\n\n"
    "De Minister-President, Minister van Algemene Zaken,\nM. Rutte\n\n\n"
    "X Noot\n1\n\nKamerstuk 21 501-20, nr. 1200.\n\n"
    "X Noot\n2\n\nKamerstukken 21 501-20 en 19 637, nr. 1201."
)
# read line by line: two pages of 16 lines, 60 characters wide
RENDERED = """
Tweede Kamer der Staten-Generaal 2
Vergaderjaar 2017–2018 

21 501-20 Europese Raad 

Nr. 1234 BRIEF VAN DE MINISTER-PRESIDENT, MINISTER VAN 
ALGEMENE ZAKEN EN DE MINISTER VAN BUITENLANDSE ZAKEN 

Aan de Voorzitter van de Tweede Kamer der Staten-Generaal 

Den Haag, 12 oktober 2017 

Hierbij bied ik, mede namens de Staatssecretaris van Justi- 

kst-21501-20-1234 ISSN 0921 - 7371 's-Gravenhage 2017
Tweede Kamer, vergaderjaar 2017–2018, 21 501-20, nr. 1234 2

tie en Veiligheid, de geannoteerde agenda aan voor de Euro- 
pese Raad.1 Het kabinet steunt de gemeenschappelijke aanpak 
van de EU-lidstaten en de verantwoordelijkheden van de Euro- 
pese Commissie voor het Dublin-systeem. 

Zoals gemeld in de brief van 1 september 20172 blijft de 
inzet ongewijzigd. 

De Minister-President, Minister van Algemene Zaken, 
M. Rutte 

1 Kamerstuk 21 501-20, nr. 1200.
2 Kamerstukken 21 501-20 en 19 637, nr. 1201.
"""


def _record(text: str) -> dict:
    return extract(read_text("paper.txt", text.encode("utf-8"))).to_record()


@pytest.mark.parametrize(("paper", "expected"), [(PAPER, RENDERED)])
def test_render_small_paper(paper: str, expected: str) -> None:
    assert render_pdf_text(paper, doc_id="kst-21501-20-1234", width=60, page_lines=16) == expected


@pytest.mark.parametrize(("paper", "expected"), [(PAPER, RENDERED)])
def test_render_is_deterministic_and_default_layout_fits_one_page(paper: str, expected: str) -> None:
    one = render_pdf_text(paper, doc_id="kst-21501-20-1234")
    assert one == render_pdf_text(paper, doc_id="kst-21501-20-1234")
    lines = one.split("\n")
    assert lines[1:3] == ["Tweede Kamer der Staten-Generaal 2", "Vergaderjaar 2017–2018 "]
    assert not any(line.startswith("Tweede Kamer, vergaderjaar") for line in lines)  # one page: no running header
    assert all(len(line.rstrip()) <= 72 for line in lines if not line[:1].isdigit())
    assert lines[-2] == "kst-21501-20-1234 ISSN 0921 - 7371 's-Gravenhage 2017"


@pytest.mark.parametrize("paper", [PAPER])
def test_small_paper_reads_back_to_the_same_record(paper: str) -> None:
    rendered = render_pdf_text(paper, doc_id="kst-21501-20-1234", width=60, page_lines=16)
    found, original = _record(rendered), _record(paper)
    assert {k: found[k] for k in CONTRACT} == {k: original[k] for k in CONTRACT}
    assert found["vergaderjaar"] == "2017-2018" and original["vergaderjaar"] is None
    assert found["on_behalf_of"] == ["Staatssecretaris van Justitie en Veiligheid"]
    assert "Europese Commissie" in found["organisations"][1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Den Haag, 31 augustus 2021", "2020–2021"), ("Den Haag, 1 september 2021", "2021–2022"),
     ("Voorgesteld 8 juni 2016", "2015–2016"), ("(ingezonden 16 november 2022)", "2022–2023"), ("Geen datum", None)],
)
def test_vergaderjaar_from_the_date(text: str, expected: str | None) -> None:
    assert vergaderjaar_of(text) == expected


@pytest.mark.parametrize(
    ("word", "room", "expected"),
    [("gemeenschappelijk", 8, ("gemeen", "schappelijk")), ("Commissie", 7, ("Commis", "sie")),
     ("EU-lidstaten", 5, ("EU-", "lidstaten")), ("asiel", 10, None), ("UNHCR", 4, None), ("kennismigranten", 2, None)],
)
def test_hyphenate(word: str, room: int, expected: tuple[str, str] | None) -> None:
    cut = hyphenate(word, room)
    assert (None if cut is None else (word[:cut], word[cut:])) == expected


@pytest.mark.parametrize(("width", "page_lines"), LAYOUTS)
@pytest.mark.parametrize("path", HTML_STYLE, ids=lambda p: p.stem)
def test_sample_paper_as_pdf_text_gives_the_same_record(path: Path, width: int, page_lines: int) -> None:
    text = path.read_text(encoding="utf-8")
    rendered = render_pdf_text(text, doc_id=path.stem, width=width, page_lines=page_lines)
    assert rendered != text and "X Noot" not in rendered
    found, original = _record(rendered), _record(text)
    assert {k: found[k] for k in CONTRACT} == {k: original[k] for k in CONTRACT}
    assert found["vergaderjaar"] == vergaderjaar_of(text).replace("–", "-")


@pytest.mark.parametrize("count", [len(HTML_STYLE)])
def test_samples_are_there(count: int) -> None:
    assert count >= 8


@pytest.mark.parametrize("folder", [SAMPLE])
def test_accuracy_script_scores_both_deliveries(folder: Path) -> None:
    script = Path(graph.__file__).parent.parent / "scripts" / "accuracy"
    env = dict(os.environ, KAMERGRAAF_PYTHON=sys.executable)
    run = subprocess.run([str(script), "--as-pdf-text", "--json", str(folder)], capture_output=True, text=True,
                         env=env, check=True)
    scores = json.loads(run.stdout)
    assert scores["delivery"] == "pdf-text" and scores["papers"] == len(list(folder.glob("*.gold.json")))
    for field in CONTRACT:
        assert scores["fields"][field]["f1"] == 1.0, field
    table = subprocess.run([str(script), "--as-pdf-text", str(folder)], capture_output=True, text=True, env=env,
                           check=True).stdout
    assert "|   text P" in table and "|    pdf P" in table
