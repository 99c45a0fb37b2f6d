"""Normalise printed names and office titles into lookup keys.

Signatures vary in print ("G. B. M. Leers", "MINISTER PRESIDENT", "De minister voor Immigratie en Asiel,"); the
resolvers compare keys, never raw strings. Everything here is pure and runs for every mention of every paper, so the
functions keep a bounded cache of the strings they have seen.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from graph.ids import slug

# Multi-letter initials seen in signatures ("A.Th.B. Bijleveld", "Ch.A. Jansen", "IJ. ...").
_INITIALS_RE = re.compile(r"^((?:(?:Th|Ch|Ph|Chr|IJ|Tj|Sj|[A-ZÀ-Ý])\.\s*)+)\s*(\S.*)$")
_LEADING_ARTICLE_RE = re.compile(r"^(?:de|het)\s+", re.IGNORECASE)
_ACADEMIC_TITLES_RE = re.compile(r"^(?:(?:mr|drs|dr|ir|ing|prof|ds|dr\.h\.c)\.\s*)+", re.IGNORECASE)
_ACTING_RE = re.compile(r"\s*(?:,\s*)?\b(?:a\.\s?i\.?|ad interim)\s*$", re.IGNORECASE)
_PORTFOLIO_SUFFIX_RE = re.compile(r"\s+[–—-]\s+.*$")


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Fold text to lower-case ASCII words separated by single spaces.

    >>> fold("  VN-Vluchtelingenorganisatie ")
    'vn vluchtelingenorganisatie'
    >>> fold("Financiën & Yeşilgöz")
    'financien & yesilgoz'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return " ".join(re.sub(r"[-‐–—_/,]+", " ", ascii_text).split())


@functools.lru_cache(maxsize=1 << 16)
def split_name(name: str) -> tuple[str | None, str]:
    """Split a printed name into its initials (dotted, no spaces) and the rest.

    >>> split_name("G. B. M. Leers")
    ('G.B.M.', 'Leers')
    >>> split_name("A.Th.B. Bijleveld-Schouten")
    ('A.Th.B.', 'Bijleveld-Schouten')
    >>> split_name("Jasper van Dijk")
    (None, 'Jasper van Dijk')
    >>> split_name("mr. drs. F.B.J. Grapperhaus")
    ('F.B.J.', 'Grapperhaus')
    """
    name = _ACADEMIC_TITLES_RE.sub("", " ".join(name.split()))
    m = _INITIALS_RE.match(name)
    if not m:
        return None, name
    return m.group(1).replace(" ", ""), m.group(2).strip()


def initials_key(initials: str) -> str:
    """Reduce initials to their first letters, so "A.Th.B." and "A.T.B." compare equal.

    >>> initials_key("A.Th.B."), initials_key("G. B. M.")
    ('atb', 'gbm')
    """
    return "".join(part.strip()[0] for part in initials.split(".") if part.strip()).lower()


@functools.lru_cache(maxsize=1 << 16)
def surname_keys(surname: str) -> tuple[str, ...]:
    """Keys under which a surname is found: the whole name and, for double names, the first part.

    >>> surname_keys("Broekers-Knol")
    ('broekers-knol', 'broekers')
    >>> surname_keys("van der Burg")
    ('van-der-burg',)
    """
    whole = slug(surname)
    first = slug(surname.split("-")[0]) if "-" in surname else whole
    return (whole,) if first == whole else (whole, first)


@functools.lru_cache(maxsize=1 << 16)
def office_key(title: str) -> str:
    """Reduce a printed office to a post key: no article, no "a.i.", no "– portfolio" suffix, any case.

    >>> office_key("De minister voor Immigratie en Asiel,")
    'minister-voor-immigratie-en-asiel'
    >>> office_key("MINISTER PRESIDENT")
    'minister-president'
    >>> office_key("de Staatssecretaris van Financiën – Toeslagen en Douane")
    'staatssecretaris-van-financien'
    >>> office_key("Minister van Justitie a.i.")
    'minister-van-justitie'
    """
    text = " ".join(title.split()).strip(" ,.;:")
    text = _LEADING_ARTICLE_RE.sub("", text)
    text = _ACTING_RE.sub("", text)
    text = _PORTFOLIO_SUFFIX_RE.sub("", text)
    return slug(text)


@functools.lru_cache(maxsize=1 << 16)
def office_portfolio(title: str) -> str | None:
    """The portfolio a printed office appends after a dash, if any.

    >>> office_portfolio("Staatssecretaris van Financiën – Toeslagen en Douane –")
    'Toeslagen en Douane'
    >>> office_portfolio("Minister-President") is None
    True
    """
    m = _PORTFOLIO_SUFFIX_RE.search(" ".join(title.split()).strip(" ,.;:"))
    return m.group(0).strip(" –—-") or None if m else None


def person_key(initials: str, surname: str) -> str:
    """Make the register key of a person from initials and surname.

    >>> person_key("S.A.", "Blok"), person_key("A.Th.B.", "Bijleveld-Schouten")
    ('sa-blok', 'athb-bijleveld-schouten')
    """
    return f"{slug(initials.replace('.', ''))}-{slug(surname)}"
