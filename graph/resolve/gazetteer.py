"""The organisation gazetteer: stable keys, official identifiers, names, abbreviations and former names.

Source data: ``graph/data/reference/organisations.csv`` (one row per organisation; ``|`` separates several values;
a former name is written ``Name@start..end`` with ISO dates, either end may be open). Loaded once per process.

>>> g = load_gazetteer()
>>> g.lookup("Adviesraad Internationale Vraagstukken").key, g.lookup("AIV").key
('aiv', 'aiv')
>>> g.lookup("Ministerie van Veiligheid en Justitie").key
'ministerie-van-justitie-en-veiligheid'
>>> g.lookup("kabinet") is None
True
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from graph import resources
from graph.model import KamergraafError, OrganisationRef
from graph.resolve.names import fold

DATA_DIR = resources.DATA_DIR / "reference"
ORGANISATIONS_CSV = DATA_DIR / "organisations.csv"
_COLUMNS = ("key", "name", "abbreviations", "alt_names", "former_names", "kind", "part_of", "tooi_uri")


class ReferenceDataError(KamergraafError):
    """A reference data file (register or gazetteer) is missing or malformed."""


@dataclass(frozen=True)
class FormerName:
    """A name an organisation carried in a period (``start``/``end`` ISO dates, None where open)."""

    name: str
    start: str | None
    end: str | None


@dataclass(frozen=True)
class Organisation:
    """One gazetteer entry."""

    key: str
    name: str
    abbreviations: tuple[str, ...]
    alt_names: tuple[str, ...]
    former_names: tuple[FormerName, ...]
    kind: str
    part_of: str | None
    tooi_uri: str | None

    @property
    def ref(self) -> OrganisationRef:
        return OrganisationRef(key=self.key, name=self.name)


@dataclass(frozen=True)
class Gazetteer:
    """Organisations by key, with an index of every folded name and abbreviation."""

    organisations: dict[str, Organisation]
    _by_name: dict[str, str]
    _by_abbreviation: dict[str, str]
    _by_folded_abbreviation: dict[str, str]

    def get(self, key: str) -> Organisation:
        """Return the organisation with this key; raise naming the key where there is none."""
        try:
            return self.organisations[key]
        except KeyError:
            raise ReferenceDataError(f"No organisation with key {key!r} in {ORGANISATIONS_CSV.name}") from None

    def lookup(self, text: str) -> Organisation | None:
        """Find the organisation a printed name or abbreviation stands for.

        Abbreviations match as printed, or in another case where the text has three letters or more ("Kmar").
        """
        compact = " ".join(text.split())
        key = self._by_abbreviation.get(compact) or self._by_name.get(_name_key(text))
        if key is None and len(compact) >= 3:
            key = self._by_folded_abbreviation.get(compact.casefold())
        return self.organisations[key] if key else None


def _name_key(text: str) -> str:
    folded = fold(text)
    for article in ("de ", "het "):
        if folded.startswith(article):
            return folded[len(article):]
    return folded


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


def _former(value: str, where: str) -> FormerName:
    name, sep, period = value.rpartition("@")
    start, dots, end = period.partition("..")
    if not sep or not dots:
        raise ReferenceDataError(f"{where}: expected a former name as 'Name@start..end', got {value!r}")
    return FormerName(name.strip(), start.strip() or None, end.strip() or None)


def read_csv_rows(path: Path, columns: tuple[str, ...], what: str) -> list[dict[str, str]]:
    """Read a reference CSV whose header must be exactly ``columns``; raise naming the file otherwise."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if tuple(reader.fieldnames or ()) != columns:
                raise ReferenceDataError(f"{path}: expected columns {', '.join(columns)}; got {reader.fieldnames}")
            return list(reader)
    except OSError as e:
        raise ReferenceDataError(f"{path}: cannot read the {what}: {e.strerror}") from e


def read_organisations(path: Path = ORGANISATIONS_CSV) -> list[Organisation]:
    """Read the gazetteer CSV into organisations, in file order."""
    rows = read_csv_rows(path, _COLUMNS, "gazetteer")
    organisations = []
    for line, row in enumerate(rows, start=2):
        where = f"{path.name} line {line}"
        organisations.append(
            Organisation(
                key=row["key"],
                name=row["name"],
                abbreviations=_split(row["abbreviations"]),
                alt_names=_split(row["alt_names"]),
                former_names=tuple(_former(v, where) for v in _split(row["former_names"])),
                kind=row["kind"],
                part_of=row["part_of"] or None,
                tooi_uri=row["tooi_uri"] or None,
            )
        )
    return organisations


def build_gazetteer(organisations: list[Organisation]) -> Gazetteer:
    """Index organisations by folded name and by abbreviation; a name claimed twice is an error."""
    by_key: dict[str, Organisation] = {}
    by_name: dict[str, str] = {}
    by_abbreviation: dict[str, str] = {}
    by_folded: dict[str, str] = {}  # "" marks an abbreviation two organisations share in another case
    for org in organisations:
        if org.key in by_key:
            raise ReferenceDataError(f"{ORGANISATIONS_CSV.name}: organisation key {org.key!r} is used twice")
        by_key[org.key] = org
        for name in (org.name, *org.alt_names, *(f.name for f in org.former_names)):
            other = by_name.setdefault(_name_key(name), org.key)
            if other != org.key:
                raise ReferenceDataError(f"{ORGANISATIONS_CSV.name}: name {name!r} names both {other} and {org.key}")
        for abbreviation in org.abbreviations:
            by_abbreviation.setdefault(abbreviation, org.key)
            folded = abbreviation.casefold()
            by_folded[folded] = org.key if by_folded.get(folded, org.key) == org.key else ""
    for org in organisations:
        if org.part_of and org.part_of not in by_key:
            raise ReferenceDataError(f"{ORGANISATIONS_CSV.name}: {org.key} is part of unknown {org.part_of!r}")
    return Gazetteer(by_key, by_name, by_abbreviation, {k: v for k, v in by_folded.items() if v})


@functools.cache
def load_gazetteer() -> Gazetteer:
    """Load the shipped gazetteer once per process."""
    return build_gazetteer(read_organisations())
