"""Signers resolve to the register person and post at the paper's date, in any printed variant."""

from __future__ import annotations

import pytest

from graph.model import Extraction, Mention, Sender, Span, Valued
from graph.resolve import resolve


def _paper(date: str | None, senders=(), on_behalf_of=(), title: str | None = None) -> Extraction:
    return Extraction(
        source="paper.txt",
        id="kst-1-1",
        doc_type="brief",
        date=Valued(date, None) if date else None,
        title=Valued(title, None) if title else None,
        senders=tuple(Sender(role, name, Span(10 * i, 10 * i + 5)) for i, (role, name) in enumerate(senders)),
        on_behalf_of=tuple(Mention(text, Span(100 + 10 * i, 105 + 10 * i)) for i, text in enumerate(on_behalf_of)),
    )


# Every sender printed in the letters of the dev corpus and the seed letter (as in their gold files).
CORPUS_SIGNERS = [
    ("Minister voor Immigratie en Asiel", "G. B. M. Leers", "2011-03-29", "gbm-leers",
     "minister-voor-immigratie-en-asiel"),
    ("Staatssecretaris van Veiligheid en Justitie", "F. Teeven", "2013-09-16", "f-teeven",
     "staatssecretaris-van-veiligheid-en-justitie"),
    ("Staatssecretaris van Veiligheid en Justitie", "F. Teeven", "2014-12-10", "f-teeven",
     "staatssecretaris-van-veiligheid-en-justitie"),
    ("Staatssecretaris van Veiligheid en Justitie", "K.H.D.M. Dijkhoff", "2016-01-11", "khdm-dijkhoff",
     "staatssecretaris-van-veiligheid-en-justitie"),
    ("Staatssecretaris van Veiligheid en Justitie", "K.H.D.M. Dijkhoff", "2017-02-22", "khdm-dijkhoff",
     "staatssecretaris-van-veiligheid-en-justitie"),
    ("Staatssecretaris van Justitie en Veiligheid", "A. Broekers-Knol", "2020-11-10", "a-broekers-knol",
     "staatssecretaris-van-justitie-en-veiligheid"),
    ("Minister van Justitie en Veiligheid", "F.B.J. Grapperhaus", "2021-10-21", "fbj-grapperhaus",
     "minister-van-justitie-en-veiligheid"),
    ("Staatssecretaris van Justitie en Veiligheid", "A. Broekers-Knol", "2021-10-21", "a-broekers-knol",
     "staatssecretaris-van-justitie-en-veiligheid"),
    ("Minister van Buitenlandse Zaken", "A.G. Koenders", "2016-01-29", "ag-koenders", "minister-van-buitenlandse-zaken"),
    ("Minister-President, Minister van Algemene Zaken", "M. Rutte", "2014-05-21", "m-rutte",
     "minister-president-minister-van-algemene-zaken"),
    ("Minister voor Immigratie, Integratie en Asiel", "G. B. M. Leers", "2012-06-07", "gbm-leers",
     "minister-voor-immigratie-integratie-en-asiel"),
    ("Minister van Volksgezondheid, Welzijn en Sport", "E.I. Schippers", "2017-03-28", "ei-schippers",
     "minister-van-volksgezondheid-welzijn-en-sport"),
    ("Minister van Binnenlandse Zaken en Koninkrijksrelaties", "R.W. Knops", "2020-04-06", "rw-knops",
     "minister-van-binnenlandse-zaken-en-koninkrijksrelaties"),
    ("Minister-President, Minister van Algemene Zaken", "H.W.M. Schoof", "2024-09-12", "hwm-schoof",
     "minister-president-minister-van-algemene-zaken"),
    ("Minister van Buitenlandse Zaken", "S.A. Blok", "2021-02-15", "sa-blok", "minister-van-buitenlandse-zaken"),
]

# The same people as letters print them otherwise: spaced initials, lower case, no hyphen, "a.i.", a portfolio dash.
PRINTED_VARIANTS = [
    ("MINISTER PRESIDENT", "M. Rutte", "2014-05-21", "m-rutte", "minister-president-minister-van-algemene-zaken"),
    ("De minister voor Immigratie en Asiel,", "G.B.M. Leers", "2011-04-28", "gbm-leers",
     "minister-voor-immigratie-en-asiel"),
    ("staatssecretaris van veiligheid en justitie", "K. H. D. M. Dijkhoff", "2016-01-11", "khdm-dijkhoff",
     "staatssecretaris-van-veiligheid-en-justitie"),
    ("Minister van Veiligheid en Justitie a.i.", "S.A. Blok", "2015-03-15", "sa-blok",
     "minister-van-veiligheid-en-justitie"),
    ("Staatssecretaris van Financiën – Toeslagen en Douane", "A.C. van Huffelen", "2021-03-01", "ac-van-huffelen",
     "staatssecretaris-van-financien"),
    ("Minister van Defensie", "A.Th.B. Bijleveld", "2019-05-01", "athb-bijleveld-schouten", "minister-van-defensie"),
    ("Minister van Justitie en Veiligheid", "mr. F.B.J. GRAPPERHAUS", "2021-10-21", "fbj-grapperhaus",
     "minister-van-justitie-en-veiligheid"),
    # no office printed: the one post the person held that day
    ("", "A. Broekers-Knol", "2021-02-15", "a-broekers-knol", "staatssecretaris-van-justitie-en-veiligheid"),
]


@pytest.mark.parametrize(("role", "name", "date", "person", "post"), CORPUS_SIGNERS + PRINTED_VARIANTS)
def test_signer_resolves_to_register_person(role, name, date, person, post):
    (actor,) = resolve(_paper(date, senders=[(role, name)])).actors
    assert (actor.kind, actor.status) == ("sender", "resolved")
    assert actor.person is not None and not actor.person.local
    assert actor.person.key == person
    assert actor.post.key == post


@pytest.mark.parametrize(("role", "name", "date", "person", "post"), CORPUS_SIGNERS[:1])
def test_signer_person_key_is_the_register_key(role, name, date, person, post):
    (actor,) = resolve(_paper(date, senders=[(role, name)])).actors
    assert actor.person.key == person
    assert actor.person.name == "G.B.M. Leers"
    assert actor.post.organisation.key == "ministerie-van-binnenlandse-zaken-en-koninkrijksrelaties"


@pytest.mark.parametrize(
    ("role", "name", "date", "expected_key", "post", "chamber"),
    [
        ("lid Tweede Kamer", "Voordewind", "2012-05-15", "voordewind", "lid-tweede-kamer", "tweede-kamer"),
        # Dijksma signs this motion as a member; she was a bewindspersoon before and after: a surname alone stays local
        ("lid Tweede Kamer", "Dijksma", "2012-05-15", "dijksma", "lid-tweede-kamer", "tweede-kamer"),
        ("lid Eerste Kamer", "Van Meenen", "2022-11-25", "van-meenen", "lid-eerste-kamer", "eerste-kamer"),
    ],
)
def test_motion_signer_is_a_local_person_with_member_post(role, name, date, expected_key, post, chamber):
    (actor,) = resolve(_paper(date, senders=[(role, name)])).actors
    assert actor.status == "resolved"
    assert actor.person.local and actor.person.key == expected_key and actor.person.name == name
    assert actor.post.key == post
    assert actor.post.organisation.key == chamber


@pytest.mark.parametrize(
    ("role", "name", "date"),
    [("Minister van Justitie", "W. Sorgdrager", "1996-05-01")],  # before the register begins (1998)
)
def test_signer_outside_register_is_unresolved_and_local(role, name, date):
    (actor,) = resolve(_paper(date, senders=[(role, name)])).actors
    assert actor.status == "unresolved"
    assert actor.person.local and actor.person.name == name
    assert actor.post.key == "minister-van-justitie"


@pytest.mark.parametrize(("role", "name"), [("Minister van Buitenlandse Zaken", "S.A. Blok")])
def test_signer_without_date_resolves_on_a_unique_name(role, name):
    (actor,) = resolve(_paper(None, senders=[(role, name)])).actors
    assert actor.status == "resolved" and actor.person.key == "sa-blok"


@pytest.mark.parametrize(
    ("role", "date", "person"),
    [
        ("De Staatssecretaris van Justitie en Veiligheid", "2021-02-15", "a-broekers-knol"),
        ("Minister van Buitenlandse Zaken", "2014-05-21", "fcgm-timmermans"),
    ],
)
def test_office_signed_without_name_resolves_to_holder(role, date, person):
    (actor,) = resolve(_paper(date, senders=[(role, None)])).actors
    assert actor.status == "resolved" and actor.person.key == person
