"""Parse dossier numbers, ondernummers and number lists as printed in Kamerstukken.

>>> parse_dossier("36 200 VII")
DossierNumber(nummer=36200, toevoeging='VII')
>>> parse_numbers("2955, 2956 en 2958–2960")
['2955', '2956', '2958', '2959', '2960']
"""

from __future__ import annotations

import re

from graph.model import DossierNumber, KamergraafError

SPACE = r"[ \u00a0\u202f]"
# A dossier number as printed: "19 637", "19637", "21 501-20", "35 300 VII", "33 852 (R2023)", "36 200 A".
DOSSIER = (
    rf"(?<![\d.,/\w])\d{{2}}{SPACE}?\d{{3}}(?![\d])"
    rf"(?:(?:{SPACE}|-)(?:[IVXLC]{{1,7}}(?![\w-])|[A-Z](?![\w-])|\(R\d{{3,4}}\))|-\d{{1,2}}(?![\d/]))?"
)
_DOSSIER_FULL = re.compile(
    rf"^(\d{{2}}){SPACE}?(\d{{3}})(?:(?:{SPACE}|-)([IVXLC]{{1,7}}|[A-Z]|\(R\d{{3,4}}\))|-(\d{{1,2}}))?$"
)
# An ondernummer: digits with an optional letter ("12a" is rare), or the letters of the Eerste Kamer ("C", "AB").
# (not the first digits of a following dossier: "nr. 1953 en 21 501-20, nr. 865")
NUMBER = rf"(?:\d{{1,5}}[a-z]?|[A-Z]{{1,2}})(?!\w)(?!-[^\W\d])(?!{SPACE}\d{{3}}(?!\d))"
RANGE_SEP = rf"{SPACE}*(?:–|-|t/m|tot{SPACE}en{SPACE}met){SPACE}*"
LIST_SEP = rf"{SPACE}*(?:,|en|\.\.\.,?|…,?){SPACE}*"
NUMBER_LIST = rf"{NUMBER}(?:(?:{RANGE_SEP}|(?:{SPACE}*,)?{SPACE}+en{SPACE}+|{SPACE}*,{SPACE}*){NUMBER})*"
_MAX_RANGE = 200


class ParseError(KamergraafError, ValueError):
    """A printed number or date does not have the expected form."""


def parse_dossier(text: str) -> DossierNumber:
    """Parse a dossier number as printed in a letter.

    >>> parse_dossier("19 637")
    DossierNumber(nummer=19637, toevoeging=None)
    >>> str(parse_dossier("21 501-20")), str(parse_dossier("33 852 (R2023)")), str(parse_dossier("32500-C"))
    ('21501-20', '33852-(R2023)', '32500-C')
    >>> parse_dossier("1963")
    Traceback (most recent call last):
    graph.extract.numbers.ParseError: Expected a dossier number like '19 637' or '35 300 VII', got '1963'
    """
    m = _DOSSIER_FULL.match(text.strip())
    if not m:
        raise ParseError(f"Expected a dossier number like '19 637' or '35 300 VII', got {text!r}")
    suffix = m.group(3) or m.group(4)
    if m.group(4):
        suffix = m.group(4).zfill(2)
    return DossierNumber(int(m.group(1) + m.group(2)), suffix)


def parse_ondernummer(text: str) -> str:
    """Parse "Nr. 2699", "nr.11" or "Nr. C" to the ondernummer as the contract writes it.

    >>> parse_ondernummer("Nr. 2699"), parse_ondernummer("nr.11"), parse_ondernummer("Nr. C")
    ('2699', '11', 'C')
    """
    m = re.match(rf"^(?:[Nn]r\.?){SPACE}*({NUMBER})$", text.strip())
    if not m:
        raise ParseError(f"Expected an ondernummer like 'Nr. 2699' or 'nr. C', got {text!r}")
    return m.group(1)


def parse_numbers(text: str) -> list[str]:
    """Expand a printed list of ondernummers: commas, "en", ranges ("10–12", "10 t/m 12").

    >>> parse_numbers("28 en 29")
    ['28', '29']
    >>> parse_numbers("10 t/m 12, 15")
    ['10', '11', '12', '15']
    >>> parse_numbers("nonsense")
    Traceback (most recent call last):
    graph.extract.numbers.ParseError: Expected a list of ondernummers like '2955, 2956 en 2964', got 'nonsense'
    """
    text = text.strip()
    if not re.fullmatch(NUMBER_LIST, text):
        raise ParseError(f"Expected a list of ondernummers like '2955, 2956 en 2964', got {text!r}")
    out: list[str] = []
    text = re.sub(rf"tot{SPACE}en{SPACE}met", "t/m", text)
    for item in re.split(rf"(?:{SPACE}*,)?{SPACE}+en{SPACE}+|{SPACE}*,{SPACE}*", text):
        bounds = re.split(RANGE_SEP, item)
        if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit():
            lo, hi = int(bounds[0]), int(bounds[1])
            if lo < hi <= lo + _MAX_RANGE:
                out.extend(str(n) for n in range(lo, hi + 1))
                continue
        out.extend(b for b in bounds if b)
    return list(dict.fromkeys(out))
