"""Parse Dutch dates and vergaderjaren as printed in Kamerstukken.

>>> parse_dutch_date("15 februari 2021")
datetime.date(2021, 2, 15)
"""

from __future__ import annotations

import re
from datetime import date
from typing import Iterator

from graph.extract.numbers import SPACE, ParseError

MONTHS = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7, "augustus": 8,
    "september": 9, "oktober": 10, "november": 11, "december": 12,
}
DATE = rf"(?<!\d)(\d{{1,2}}){SPACE}+({'|'.join(MONTHS)}){SPACE}+(\d{{4}})(?!\d)"
_DATE_RE = re.compile(DATE, re.IGNORECASE)
_VERGADERJAAR_RE = re.compile(rf"^(\d{{4}}){SPACE}*[–/-]{SPACE}*(\d{{2}}|\d{{4}})$")


def parse_dutch_date(text: str) -> date:
    """Parse "15 februari 2021" (month in any case: the sources print "7 Februari" too).

    >>> parse_dutch_date("7 Februari 2012").isoformat()
    '2012-02-07'
    >>> parse_dutch_date("31 februari 2021")
    Traceback (most recent call last):
    graph.extract.numbers.ParseError: Expected a real date like '15 februari 2021', got '31 februari 2021'
    """
    m = _DATE_RE.fullmatch(text.strip())
    if not m:
        raise ParseError(f"Expected a Dutch date like '15 februari 2021', got {text!r}")
    try:
        return date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
    except ValueError:
        raise ParseError(f"Expected a real date like '15 februari 2021', got {text!r}") from None


def find_dates(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int, date]]:
    """Yield ``(start, end, date)`` for every valid Dutch date in ``text[start:end]``.

    >>> [(s, d.isoformat()) for s, e, d in find_dates("Den Haag, 15 februari 2021")]
    [(10, '2021-02-15')]
    """
    for m in _DATE_RE.finditer(text, start, len(text) if end is None else end):
        try:
            yield m.start(), m.end(), parse_dutch_date(m.group(0))
        except ParseError:
            continue


def parse_vergaderjaar(text: str) -> str:
    """Normalise a printed vergaderjaar ("2020–2021", "2013/14") to "2020-2021".

    >>> parse_vergaderjaar("2020–2021"), parse_vergaderjaar("2013/14")
    ('2020-2021', '2013-2014')
    """
    m = _VERGADERJAAR_RE.match(text.strip())
    if not m:
        raise ParseError(f"Expected a vergaderjaar like '2020–2021' or '2013/14', got {text!r}")
    first = int(m.group(1))
    second = int(m.group(2)) if len(m.group(2)) == 4 else (first // 100) * 100 + int(m.group(2))
    if second < first:
        second += 100
    if second != first + 1:
        raise ParseError(f"Expected two consecutive years in a vergaderjaar, got {text!r}")
    return f"{first}-{second}"
