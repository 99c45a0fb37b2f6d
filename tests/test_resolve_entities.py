"""Organisation and person mentions become gazetteer organisations, register persons or persons of one paper."""

from __future__ import annotations

import pytest

from graph.model import Extraction, Mention, Sender, SourceDocument, Span, Valued
from graph.resolve import abbreviation_links, resolve
from graph.resolve.gazetteer import load_gazetteer


def _paper(date, organisations=(), persons=(), senders=()) -> Extraction:
    return Extraction(
        source="paper.txt", id="kst-1-1", doc_type="brief", date=Valued(date, None) if date else None,
        organisations=tuple(Mention(t, s) for t, s in organisations),
        persons=tuple(Mention(t, s) for t, s in persons),
        senders=tuple(Sender(r, n, Span(500 + i, 501 + i)) for i, (r, n) in enumerate(senders)),
    )


@pytest.mark.parametrize(
    ("printed", "key"),
    [
        ("Adviesraad Internationale Vraagstukken", "aiv"),
        ("AIV", "aiv"),
        ("Adviescommissie voor Vreemdelingenzaken", "acvz"),
        ("RvS", "raad-van-state"),
        ("Afdeling Bestuursrechtspraak van de Raad van State", "afdeling-bestuursrechtspraak-raad-van-state"),
        ("Ministerie van Veiligheid en Justitie", "ministerie-van-justitie-en-veiligheid"),  # a former name
        ("Ministerie van Justitie", "ministerie-van-justitie-en-veiligheid"),
        ("Inspectie Veiligheid en Justitie", "inspectie-justitie-en-veiligheid"),
        ("VN Vluchtelingenorganisatie", "unhcr"),
        ("VN-vluchtelingenorganisatie", "unhcr"),
        ("Europees parlement", "europees-parlement"),
        ("Europese Raad", "europese-raad"),  # not the Raad van de Europese Unie
        ("EASO", "euaa"),
        ("DT&V", "dtv"),
        ("KMar", "kmar"),
        ("Kmar", "kmar"),  # an abbreviation in another case
        ("de Tweede Kamer", "tweede-kamer"),
        ("algemene commissie voor Immigratie en Asiel", "algemene-commissie-voor-immigratie-en-asiel"),
        ("IOM", "iom"),
    ],
)
def test_gazetteer_names_and_abbreviations(printed, key):
    (entity,) = resolve(_paper("2020-01-01", organisations=[(printed, Span(0, len(printed)))])).entities
    assert entity.organisation is not None and entity.organisation.key == key
    assert entity.person is None


@pytest.mark.parametrize("printed", ["kabinet", "Adviesraad", "Köse advocaten", "Nos", "Ez"])
def test_unknown_or_generic_organisation_stays_unlinked(printed):
    (entity,) = resolve(_paper("2020-01-01", organisations=[(printed, Span(0, len(printed)))])).entities
    assert entity.organisation is None and entity.person is None


@pytest.mark.parametrize(
    ("key", "tooi"),
    [
        ("ministerie-van-justitie-en-veiligheid", "https://identifier.overheid.nl/tooi/id/ministerie/mnre1058"),
        ("tweede-kamer", "https://identifier.overheid.nl/tooi/id/oorg/oorg10002"),
        ("aiv", None),
    ],
)
def test_gazetteer_carries_tooi_identifiers(key, tooi):
    assert load_gazetteer().get(key).tooi_uri == tooi


# "... de Stichting Vluchtelingenwerk Nederland (VWN) ..." : an organisation the gazetteer does not know.
TEXT = "Zowel de Adviesraad Migratie (ACVZ-opvolger) als Stichting Vluchtelingenwerk Nederland (VWN) adviseerde."


@pytest.mark.parametrize(
    ("mentions", "document", "expected"),
    [
        ((("Adviesraad Internationale Vraagstukken", Span(10, 48)), ("AIV", Span(50, 53))), None,
         {"AIV": "Adviesraad Internationale Vraagstukken"}),
        ((("Adviesraad Internationale Vraagstukken", Span(10, 48)), ("AIV", Span(90, 93))), None, {}),
        ((("Europese Commissie", Span(10, 28)), ("AIV", Span(30, 33))), None, {}),  # capitals do not fit
        ((("Stichting Vluchtelingenwerk Nederland", Span(50, 87)), ("VWN", Span(300, 303))),
         SourceDocument.plain("p.txt", TEXT), {"VWN": "Stichting Vluchtelingenwerk Nederland"}),
    ],
)
def test_abbreviation_definitions(mentions, document, expected):
    assert abbreviation_links(tuple(Mention(t, s) for t, s in mentions), document) == expected


@pytest.mark.parametrize("date", ["2021-02-15"])
def test_abbreviation_defined_in_text_links_to_the_same_organisation(date):
    paper = _paper(date, organisations=[("Adviescommissie Vreemdelingenzaken", Span(0, 34)), ("ACVZ", Span(36, 40))])
    long_form, short = resolve(paper).entities
    assert long_form.organisation is not None and long_form.organisation.key == "acvz"
    assert short.organisation.key == "acvz"


@pytest.mark.parametrize(
    ("printed", "date", "key", "local"),
    [
        ("S.A. Blok", "2021-02-15", "sa-blok", False),
        ("Martin van Rijn", "2017-03-28", "mj-van-rijn", False),  # given name + surname, in office that day
        ("Timmermans", "2014-05-21", "fcgm-timmermans", False),  # surname alone, one bewindspersoon in office
        ("Timmermans", "2024-09-12", "timmermans", True),  # the same surname as a member of parliament later
        ("Jasper van Dijk", "2015-09-17", "jasper-van-dijk", True),
        ("Kelly Clements", "2017-02-22", "kelly-clements", True),
        ("Rutte", "2014-05-21", "m-rutte", False),
        ("De Vries", "2022-06-01", "a-de-vries", False),
        ("De Vries", "2001-01-01", "de-vries", True),  # two bewindspersonen named De Vries in office: do not guess
    ],
)
def test_person_mentions(printed, date, key, local):
    (entity,) = resolve(_paper(date, persons=[(printed, Span(0, len(printed)))])).entities
    assert entity.organisation is None
    assert (entity.person.key, entity.person.local) == (key, local)


@pytest.mark.parametrize("date", ["2016-09-28"])
def test_motion_signer_named_in_persons_is_the_signer_entity(date):
    paper = _paper(date, persons=[("Voordewind", Span(0, 10))], senders=[("lid Tweede Kamer", "Voordewind")])
    (actor,) = resolve(paper).actors
    (entity,) = resolve(paper).entities
    assert entity.person == actor.person
    assert entity.person.local and entity.person.key == "voordewind"
