"""Offices named without a name ("mede namens ...") resolve to their holder at the paper's date, or stay ambiguous."""

from __future__ import annotations

import pytest

from graph.model import Dossier, DossierNumber, Extraction, Mention, Sender, Span, Valued
from graph.resolve import resolve


def _paper(date, *, behalf=(), title=None, dossier_title=None, addressee=None) -> Extraction:
    return Extraction(
        source="paper.txt",
        id="kst-1-1",
        doc_type="brief",
        date=Valued(date, None) if date else None,
        title=Valued(title, None) if title else None,
        dossiers=(Dossier(DossierNumber(19637), dossier_title, Span(0, 5)),) if dossier_title else (),
        on_behalf_of=tuple(Mention(text, Span(100 + 10 * i, 105 + 10 * i)) for i, text in enumerate(behalf)),
        addressee=Mention(addressee, Span(200, 210)) if addressee else None,
    )


@pytest.mark.parametrize(
    ("office", "date", "person", "post"),
    [
        # the seed letter: mede namens de Staatssecretaris van Justitie en Veiligheid
        ("Staatssecretaris van Justitie en Veiligheid", "2021-02-15", "a-broekers-knol",
         "staatssecretaris-van-justitie-en-veiligheid"),
        ("Minister van Buitenlandse Zaken", "2014-05-21", "fcgm-timmermans", "minister-van-buitenlandse-zaken"),
        ("de Minister van Buitenlandse Zaken", "2021-06-01", "sam-kaag", "minister-van-buitenlandse-zaken"),
        # an old ministry name after the rename resolves to the post under the new name
        ("Staatssecretaris van Justitie", "2010-11-15", "f-teeven", "staatssecretaris-van-veiligheid-en-justitie"),
        # on the day of a handover the incoming holder (Blok from 2018-03-07; Zijlstra resigned 2018-02-13, Kaag a.i.)
        ("Minister van Buitenlandse Zaken", "2018-03-07", "sa-blok", "minister-van-buitenlandse-zaken"),
        # a stand-in during leave wins over the holder on leave
        ("Staatssecretaris van Justitie en Veiligheid", "2023-11-10", "ca-van-der-maat",
         "staatssecretaris-van-justitie-en-veiligheid"),
    ],
)
def test_office_resolves_to_holder_on_date(office, date, person, post):
    (actor,) = resolve(_paper(date, behalf=[office])).actors
    assert (actor.kind, actor.status) == ("on_behalf_of", "resolved")
    assert actor.person.key == person and not actor.person.local
    assert actor.post.key == post
    assert actor.candidates == ()


@pytest.mark.parametrize(
    ("office", "date", "candidates"),
    [
        ("Staatssecretaris van Financiën", "2022-06-01", ("a-de-vries", "mla-van-rij")),
        ("Staatssecretaris van Justitie en Veiligheid", "2024-09-01", ("i-coenradie", "thhd-struycken")),
    ],
)
def test_two_holders_and_no_telling_subject_stay_ambiguous(office, date, candidates):
    (actor,) = resolve(_paper(date, behalf=[office], dossier_title="Vreemdelingenbeleid")).actors
    assert actor.status == "ambiguous"
    assert actor.person is None
    assert tuple(c.key for c in actor.candidates) == candidates
    assert resolve(_paper(date, behalf=[office])).unresolved == (actor,)


@pytest.mark.parametrize(
    ("office", "date", "title", "person"),
    [
        ("Staatssecretaris van Financiën", "2022-06-01", "Hersteloperatie kinderopvangtoeslag", "a-de-vries"),
        ("Staatssecretaris van Financiën", "2022-06-01", "Fiscale maatregelen; Belastingdienst", "mla-van-rij"),
    ],
)
def test_portfolio_against_subject_tells_holders_apart(office, date, title, person):
    (actor,) = resolve(_paper(date, behalf=[office], title=title)).actors
    assert actor.status == "resolved" and actor.person.key == person


@pytest.mark.parametrize(
    ("office", "date", "person"),
    [
        ("Staatssecretaris van Financiën – Toeslagen en Douane", "2022-06-01", "a-de-vries"),
        ("Staatssecretaris van Financiën - Fiscaliteit en Belastingdienst", "2022-06-01", "mla-van-rij"),
    ],
)
def test_portfolio_printed_in_office_tells_holders_apart(office, date, person):
    (actor,) = resolve(_paper(date, behalf=[office])).actors
    assert actor.status == "resolved" and actor.person.key == person
    assert actor.post.key == "staatssecretaris-van-financien"


@pytest.mark.parametrize(
    ("office", "date", "post"),
    [
        ("Minister van Buitenlandse Zaken", None, "minister-van-buitenlandse-zaken"),  # no date: no holder
        ("Minister van Justitie", "1996-05-01", "minister-van-justitie"),  # before the register
        ("Minister van Oorlog", "2020-01-01", "minister-van-oorlog"),  # not a post at all
    ],
)
def test_office_without_holder_is_unresolved_with_post(office, date, post):
    (actor,) = resolve(_paper(date, behalf=[office])).actors
    assert actor.status == "unresolved" and actor.person is None
    assert actor.post.key == post


@pytest.mark.parametrize(
    ("addressee", "post", "organisation", "status"),
    [
        ("Voorzitter van de Tweede Kamer der Staten-Generaal", "voorzitter-van-de-tweede-kamer-der-staten-generaal",
         "tweede-kamer", "resolved"),
        ("Minister voor Primair en Voortgezet Onderwijs", "minister-voor-primair-en-voortgezet-onderwijs",
         "ministerie-van-onderwijs-cultuur-en-wetenschap", "resolved"),
        ("Directeur van de IND", "directeur-van-de-ind", "ind", "unresolved"),
    ],
)
def test_addressee_is_a_post_only(addressee, post, organisation, status):
    (actor,) = resolve(_paper("2022-11-25", addressee=addressee)).actors
    assert (actor.kind, actor.status, actor.person) == ("addressee", status, None)
    assert actor.post.key == post and actor.post.organisation.key == organisation


@pytest.mark.parametrize("date", ["2021-02-15"])
def test_seed_letter_links_blok_and_broekers_knol(date):
    paper = Extraction(
        source="kst-19637-2699.txt", id="kst-19637-2699", doc_type="brief", date=Valued(date, None),
        senders=(Sender("Minister van Buitenlandse Zaken", "S.A. Blok", Span(10, 50)),),
        on_behalf_of=(Mention("Staatssecretaris van Justitie en Veiligheid", Span(60, 103)),),
        addressee=Mention("Voorzitter van de Tweede Kamer der Staten-Generaal", Span(0, 9)),
    )
    sender, behalf, addressee = resolve(paper).actors
    assert (sender.kind, sender.status, sender.person.key, sender.person.name) == (
        "sender", "resolved", "sa-blok", "S.A. Blok")
    assert sender.post.key == "minister-van-buitenlandse-zaken"
    assert sender.post.organisation.key == "ministerie-van-buitenlandse-zaken"
    assert (behalf.kind, behalf.status, behalf.person.key) == ("on_behalf_of", "resolved", "a-broekers-knol")
    assert behalf.post.organisation.key == "ministerie-van-justitie-en-veiligheid"
    assert addressee.kind == "addressee" and addressee.person is None
