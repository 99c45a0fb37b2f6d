"""Property tests for the number, date and citation parsers: printed forms round-trip, nothing crashes."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.extract.citations import canonical_kamerstuk_ids, find_handelingen, find_kamerstukken, find_other_documents
from graph.extract.dates import MONTHS, find_dates, parse_dutch_date, parse_vergaderjaar
from graph.extract.numbers import ParseError, parse_dossier, parse_numbers, parse_ondernummer
from graph.model import DossierNumber

MONTH_NAMES = {n: name for name, n in MONTHS.items()}
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XV", "XVI", "XVII"]
SETTINGS = settings(max_examples=150, deadline=None)


@st.composite
def dossiers(draw) -> tuple[DossierNumber, str]:
    """A dossier and one of the ways papers print it."""
    nummer = draw(st.integers(10000, 99999))
    kind = draw(st.sampled_from(["plain", "sub", "roman", "letter", "rijkswet"]))
    space = draw(st.sampled_from([" ", "", "\u00a0"]))
    head = f"{str(nummer)[:2]}{space}{str(nummer)[2:]}"
    if kind == "plain":
        return DossierNumber(nummer), head
    if kind == "sub":
        sub = draw(st.integers(1, 40))
        return DossierNumber(nummer, f"{sub:02d}"), f"{head}-{sub:02d}"
    if kind == "roman":
        r = draw(st.sampled_from(ROMAN))
        return DossierNumber(nummer, r), f"{head}{draw(st.sampled_from([' ', '-']))}{r}"
    if kind == "letter":
        letter = draw(st.sampled_from("ABCDEFGHJKNOPQRSTUWYZ"))
        return DossierNumber(nummer, letter), f"{head} {letter}"
    r = f"(R{draw(st.integers(1000, 2100))})"
    return DossierNumber(nummer, r), f"{head} {r}"


nrs = st.lists(st.integers(1, 9999).map(str), min_size=1, max_size=6, unique=True)


def printed_list(numbers: list[str], style: int) -> str:
    if len(numbers) == 1:
        return numbers[0]
    head, last = numbers[:-1], numbers[-1]
    return (", ".join(head) + " en " + last) if style == 0 else (", ".join(numbers))


@SETTINGS
@given(dossiers())
def test_dossier_round_trip(case) -> None:
    number, printed = case
    assert parse_dossier(printed) == number
    assert DossierNumber.parse(str(number)) == number


@SETTINGS
@given(dossiers(), nrs, st.integers(0, 1), st.sampled_from([
    "zie (Kamerstuk {d}, {nr} {n}).", "zoals gemeld ({d}, {nr} {n}) en", "Kamerstukken II 2014/15, {d}, {nr} {n}.",
    "Tweede Kamer, 2008–2009, {d}, {nr} {n}", "Kamerstuknummer {d}, {nr} {n}.", "de motie op stuk {nr} {n} ({d}) is",
]))
def test_kamerstuk_citation_forms_round_trip(case, numbers, style, template) -> None:
    number, printed = case
    nr = "nr." if len(numbers) == 1 else "nrs."
    text = template.format(d=printed, nr=nr, n=printed_list(numbers, style))
    assert canonical_kamerstuk_ids(text) == [f"kst-{number}-{n}" for n in numbers]


@SETTINGS
@given(dossiers(), dossiers(), st.integers(1, 9999))
def test_two_dossiers_one_number(a, b, n) -> None:
    text = f"Kamerstukken {a[1]} en {b[1]}, nr. {n}."
    expected = list(dict.fromkeys([f"kst-{a[0]}-{n}", f"kst-{b[0]}-{n}"]))
    assert canonical_kamerstuk_ids(text) == expected


@SETTINGS
@given(dossiers(), st.integers(1, 5000), st.integers(1, 30), st.sampled_from(["–", "-", " t/m ", " tot en met "]))
def test_ranges_are_expanded(case, lo, width, sep) -> None:
    number, printed = case
    text = f"(Kamerstuk {printed}, nrs. {lo}{sep}{lo + width})"
    assert canonical_kamerstuk_ids(text) == [f"kst-{number}-{n}" for n in range(lo, lo + width + 1)]


@pytest.mark.parametrize(
    "text", ["met kenmerk 27 062-64/2010D44417", "32 500 C/2011D20325", "€ 12.345, nr. 5", "in 2020 123 gevallen"]
)
def test_look_alikes_are_not_kamerstukken(text: str) -> None:
    assert find_kamerstukken(text) == []


@SETTINGS
@given(st.dates(date(1900, 1, 1), date(2099, 12, 31)), st.booleans())
def test_date_round_trip(d: date, capital: bool) -> None:
    month = MONTH_NAMES[d.month].capitalize() if capital else MONTH_NAMES[d.month]
    printed = f"{d.day} {month} {d.year}"
    assert parse_dutch_date(printed) == d
    assert [x[2] for x in find_dates(f"Den Haag, {printed}")] == [d]


@SETTINGS
@given(st.integers(1990, 2040), st.sampled_from(["–", "-", "/"]), st.booleans(), st.sampled_from(["I", "II"]),
       st.integers(1, 120))
def test_handelingen_round_trip(year, sep, short, house, nr) -> None:
    printed_year = f"{year}{sep}{str(year + 1)[2:] if short else year + 1}"
    assert parse_vergaderjaar(printed_year) == f"{year}-{year + 1}"
    text = f"(Handelingen {house} {printed_year}, nr. {nr}, debat over iets)"
    found = find_handelingen(text)
    chamber = "tk" if house == "II" else "ek"
    assert [f.canonical_ids for f in found] == [(f"h-{chamber}-{year}{year + 1}-{nr}",)]
    assert found[0].text == text[1:-1]


@pytest.mark.parametrize(
    ("printed", "expected"), [("Nr. 2699", "2699"), ("nr.11", "11"), ("Nr. C", "C"), ("nr. 21", "21")]
)
def test_ondernummer(printed: str, expected: str) -> None:
    assert parse_ondernummer(printed) == expected


@SETTINGS
@given(st.text(max_size=80))
def test_no_input_crashes_a_parser(text: str) -> None:
    for parser in (parse_dossier, parse_numbers, parse_ondernummer, parse_dutch_date, parse_vergaderjaar):
        try:
            parser(text)
        except ParseError:
            pass
    find_kamerstukken(text)
    find_handelingen(text)
    find_other_documents(text)
    list(find_dates(text))


@SETTINGS
@given(st.text(alphabet="0123456789 ,.-–/()nrsNRSetmKamerstukVII\n", max_size=80))
def test_no_number_soup_crashes_a_finder(text: str) -> None:
    for found in find_kamerstukken(text):
        assert text[found.start:found.end] == found.text and found.refs
    find_handelingen(text)
