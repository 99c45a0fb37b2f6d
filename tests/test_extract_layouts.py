"""Layouts from the corpus README that the sample does not show, metadata from other readers, and refusals."""

from __future__ import annotations

import dataclasses

import pytest

from graph.extract import extract
from graph.model import SourceDocument, SourceError
from graph.readers.text import read_text

EK_MOTION = """Eerste Kamer der Staten-Generaal 1
Vergaderjaar 2010–2011

32 500 VI
Vaststelling van de begrotingsstaten van het Ministerie van Justitie (VI) voor het jaar 2011

D
MOTIE VAN HET LID STRIK C.S.

Voorgesteld 21 december 2010

De Kamer,

gehoord de beraadslaging,

verzoekt de regering iets te doen,

en gaat over tot de orde van de dag.

Strik
Kuiper
"""

VOORZITTER = """34 775 Huishoudelijke zaken

Nr.11 BRIEF VAN DE VOORZITTER VAN DE TWEEDE KAMER

Aan de leden

Den Haag, 7 Februari 2018

Zoals gemeld (Kamerstuk 34 775, nrs. 8–10) en in Tweede Kamer, 2008–2009, 30 950, nr. 13, het Kamerstuknummer
28 638, nr. 57, (35 300 VII, nr. 14), Kamerstukken II 2014/15, 19 637, nr. 1953 en 21 501-20, nr. 865; niet met
kenmerk 27 062-64/2010D44417 of 32 500 C/2011D20325.

De Voorzitter van de Tweede Kamer,
Khadija Arib
"""

TWO_SIGNERS = """30 573 Migratiebeleid

Nr. 50 BRIEF VAN DE MINISTER VOOR VREEMDELINGENZAKEN EN INTEGRATIE

Aan de Voorzitter van de Tweede Kamer der Staten-Generaal

's-Gravenhage, 3 maart 2007

Mede namens de Minister van Volksgezondheid, Welzijn en Sport en de Staatssecretaris van Justitie bericht ik u,
in uitvoering van de motie-Van der Ham (30 573, nr. 12), het volgende.

De minister voor Vreemdelingenzaken en Integratie,

R. Verdonk

De Minister van Justitie,
E. M. H. Hirsch Ballin
"""

ANSWER = """Aanhangsel van de Handelingen
Vragen gesteld door de leden der Kamer, met de daarop door de regering gegeven antwoorden

Tweede Kamer der Staten-Generaal

Vergaderjaar 2015–2016

1580

Vragen van het lid Voordewind (ChristenUnie) aan de Staatssecretaris van Veiligheid en Justitie over de opvang
(ingezonden 4 februari 2016).

Antwoord van staatssecretaris Dijkhoff (Veiligheid en Justitie), mede namens de Minister van Buitenlandse Zaken
(ontvangen 25 februari 2016)

Vraag 1

Bent u bekend met het bericht?

Antwoord 1

Ja. Zie Handelingen II 2015/16, nr. 48, item 12 en Aanhangsel Handelingen II 2014/15, nr. 1234.
"""

AMENDMENT = """35 000 VI Vaststelling van de begrotingsstaten van het Ministerie van Justitie en Veiligheid (VI) voor 2019

Nr. 12 AMENDEMENT VAN HET LID VAN DER STAAIJ C.S.

Ontvangen 5 november 2018

De ondergetekenden stellen het volgende amendement voor:

In artikel 37 wordt het bedrag verhoogd met € 5.000 (x € 1.000).

Toelichting

Dit amendement regelt iets. Zie Handelingen II, 2017–2018, nr. 20.

Van der Staaij
Bosma
"""

LONG_NAMES = """36 200 VI Vaststelling

Nr. 5 BRIEF VAN DE MINISTER VOOR MIGRATIE

Den Haag, 2 juli 2025

Tekst.

De Minister voor Migratie,
M.H.M. Faber-van de Klashorst

De Staatssecretaris van Justitie en Veiligheid,
E. van der Burg
"""

BANNER_UNSIGNED = """Tweede Kamer der Staten-Generaal2015-201634300 nr. 40

34 300 Vaststelling van de begrotingsstaten voor het jaar 2016

Nr. 40 MOTIE VAN DE LEDEN VAN KLAVEREN EN VAN DER STAAIJ

Voorgesteld 17 september 2015

De Kamer,

verzoekt de regering iets.
"""

WRAPPED_HEADING = """19 637 Vreemdelingenbeleid

Nr. 5 BRIEF VAN DE MINISTERS VAN BUITENLANDSE ZAKEN EN VAN
JUSTITIE EN VEILIGHEID

Aan de Voorzitter van de Tweede Kamer der Staten-Generaal

Den Haag, 1 mei 2020

Tekst over het Vluchtelingenverdrag.
"""

CASES = {
    "banner-unsigned": (BANNER_UNSIGNED, {
        "vergaderjaar": "2015-2016", "dossiers": ["34300"], "ondernummer": "40",
        "senders": [{"role": "lid Tweede Kamer", "name": "Van Klaveren"},
                    {"role": "lid Tweede Kamer", "name": "Van der Staaij"}],
    }),
    "wrapped-heading": (WRAPPED_HEADING, {
        "doc_type": "brief", "date": "2020-05-01", "cited_other": ["Vluchtelingenverdrag"],
        "addressee": "Voorzitter van de Tweede Kamer der Staten-Generaal",
    }),
    "amendment": (AMENDMENT, {
        "doc_type": "amendement", "date": "2018-11-05", "cited_other": ["Handelingen II, 2017–2018, nr. 20"],
        "senders": [{"role": "lid Tweede Kamer", "name": "Van der Staaij"},
                    {"role": "lid Tweede Kamer", "name": "Bosma"}],
    }),
    "long-names": (LONG_NAMES, {
        "addressee": None,
        "senders": [{"role": "Minister voor Migratie", "name": "M.H.M. Faber-van de Klashorst"},
                    {"role": "Staatssecretaris van Justitie en Veiligheid", "name": "E. van der Burg"}],
    }),
    "ek-motion": (EK_MOTION, {
        "id": "kst-32500-VI-D", "dossiers": ["32500-VI"], "ondernummer": "D", "doc_type": "motie",
        "date": "2010-12-21", "vergaderjaar": "2010-2011",
        "senders": [{"role": "lid Eerste Kamer", "name": "Strik"}, {"role": "lid Eerste Kamer", "name": "Kuiper"}],
    }),
    "voorzitter": (VOORZITTER, {
        "id": "kst-34775-11", "ondernummer": "11", "doc_type": "brief", "date": "2018-02-07",
        "senders": [{"role": "Voorzitter van de Tweede Kamer", "name": "Khadija Arib"}], "addressee": "leden",
        "cited_kamerstukken": [
            {"dossier": "34775", "nr": "8"}, {"dossier": "34775", "nr": "9"}, {"dossier": "34775", "nr": "10"},
            {"dossier": "30950", "nr": "13"}, {"dossier": "28638", "nr": "57"}, {"dossier": "35300-VII", "nr": "14"},
            {"dossier": "19637", "nr": "1953"}, {"dossier": "21501-20", "nr": "865"},
        ],
    }),
    "two-signers": (TWO_SIGNERS, {
        "date": "2007-03-03",
        "senders": [{"role": "Minister voor Vreemdelingenzaken en Integratie", "name": "R. Verdonk"},
                    {"role": "Minister van Justitie", "name": "E. M. H. Hirsch Ballin"}],
        "on_behalf_of": ["Minister van Volksgezondheid, Welzijn en Sport", "Staatssecretaris van Justitie"],
        "cited_kamerstukken": [{"dossier": "30573", "nr": "12"}],
    }),
    "answer": (ANSWER, {
        "id": "ah-tk-20152016-1580", "doc_type": "antwoord", "date": "2016-02-25", "vergaderjaar": "2015-2016",
        "senders": [{"role": "Staatssecretaris van Veiligheid en Justitie", "name": "Dijkhoff"}],
        "on_behalf_of": ["Minister van Buitenlandse Zaken"],
        "addressee": "Staatssecretaris van Veiligheid en Justitie",
        "cited_other": ["Handelingen II 2015/16, nr. 48, item 12", "Aanhangsel Handelingen II 2014/15, nr. 1234"],
    }),
}


@pytest.mark.parametrize(("text", "expected"), CASES.values(), ids=CASES.keys())
def test_layout(text: str, expected: dict) -> None:
    record = extract(read_text("paper.txt", text.encode())).to_record()
    assert {k: record[k] for k in expected} == expected


@pytest.mark.parametrize(
    ("text", "title"), [(WRAPPED_HEADING, "BRIEF VAN DE MINISTERS VAN BUITENLANDSE ZAKEN EN VAN JUSTITIE EN VEILIGHEID")]
)
def test_wrapped_heading(text: str, title: str) -> None:
    doc = read_text("paper.txt", text.encode())
    ex = extract(doc)
    assert ex.title.value == title
    assert " ".join(doc.quote(ex.title.span).split()) == title


@pytest.mark.parametrize(("text", "relation"), [(TWO_SIGNERS, "implements")])
def test_citation_relation(text: str, relation: str) -> None:
    ex = extract(read_text("paper.txt", text.encode()))
    assert [c.relation for c in ex.cited_kamerstukken] == [relation]
    assert ex.cited_kamerstukken[0].sentence.startswith("Mede namens")


@pytest.mark.parametrize("text", ["Beste lezer,\n\nDit is geen Kamerstuk.\n", "10 000 mensen kwamen.\n"])
def test_no_header_is_refused(text: str) -> None:
    with pytest.raises(SourceError) as err:
        extract(SourceDocument.plain("x.txt", text))
    assert err.value.path == "x.txt" and err.value.reason.startswith("no Kamerstuk header found")


@pytest.mark.parametrize(
    ("metadata", "field", "value", "warned"),
    [
        ({"date": "2021-02-16"}, "date", "2021-02-16", True),
        ({"date": "2021-02-15", "vergaderjaar": "2020-2021"}, "vergaderjaar", "2020-2021", False),
        ({"dossiers": "19637 30573", "id": "kst-19637-2699"}, "dossiers", ["19637", "30573"], False),
        ({"doc_type": "nota"}, "doc_type", "nota", True),
    ],
)
def test_metadata_is_preferred(metadata: dict, field: str, value, warned: bool) -> None:
    text = "19 637 Vreemdelingenbeleid\n\n30 573 Migratiebeleid\n\nNr. 2699 BRIEF VAN DE MINISTER\n\n" \
           "Den Haag, 15 februari 2021\n"
    doc = dataclasses.replace(SourceDocument.plain("x.xml", text), metadata=metadata)
    ex = extract(doc)
    assert ex.to_record()[field] == value
    assert bool([w for w in ex.warnings if w.startswith(field)]) == warned
    if field in ("date", "vergaderjaar"):
        assert getattr(ex, field).origin == "metadata"


@pytest.mark.parametrize(
    ("text", "metadata", "expected"),
    [
        # the official XML rendering prints the ondernummer without "Nr."
        ("19637 Vreemdelingenbeleid\n\n2702 MOTIE VAN DE LEDEN BECKER EN VAN TOORENBURG\n\nDe Kamer,\n", {},
         {"id": "kst-19637-2702", "ondernummer": "2702", "doc_type": "motie",
          "senders": [{"role": "lid Tweede Kamer", "name": "Becker"},
                      {"role": "lid Tweede Kamer", "name": "Van Toorenburg"}]}),
        # text without a header of its own, but a structured reader found one
        ("De Kamer,\n\nverzoekt de regering iets,\n\nen gaat over tot de orde van de dag.\n\nBecker\n",
         {"dossiers": "19637", "ondernummer": "2702", "doc_type": "motie", "id": "kst-19637-2702"},
         {"id": "kst-19637-2702", "dossiers": ["19637"], "doc_type": "motie",
          "senders": [{"role": "lid Tweede Kamer", "name": "Becker"}]}),
    ],
)
def test_structured_reader_output(text: str, metadata: dict, expected: dict) -> None:
    doc = dataclasses.replace(SourceDocument.plain("x.xml", text), metadata=metadata)
    record = extract(doc).to_record()
    assert {k: record[k] for k in expected} == expected
