"""The bewindspersonen register: persons, posts and terms (memberships), indexed for lookup at a date.

Source data: ``graph/data/reference/bewindspersonen.csv`` (a copy of the curated reference register: one row per
person per post per continuous term). Rows of one person are joined on surname plus initials; rows whose initials
differ only in length ("M." / "M.L.J. Paul") are joined where the given name agrees too. Loaded once per process.

>>> r = load_register()
>>> [m.person.key for m in r.holders("minister-van-buitenlandse-zaken", "2021-02-15")]
['sa-blok']
>>> r.persons["sa-blok"].given_name, r.persons["sa-blok"].wikidata
('Stef', 'Q2858481')
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from graph.ids import slug
from graph.model import OrganisationRef, PersonRef, PostRef
from graph.resolve.gazetteer import DATA_DIR, Gazetteer, ReferenceDataError, load_gazetteer, read_csv_rows
from graph.resolve.names import initials_key, person_key, surname_keys

REGISTER_CSV = DATA_DIR / "bewindspersonen.csv"
_COLUMNS = (
    "cabinet", "post_title", "ministry", "portfolio", "initials", "surname", "given_name", "party",
    "start_date", "end_date", "wikidata_qid", "source",
)


@dataclass(frozen=True)
class Person:
    """A bewindspersoon: ``initials`` is the longest form printed in the register."""

    key: str
    initials: str
    surname: str
    given_name: str | None
    parties: tuple[str, ...]
    wikidata: str | None

    @property
    def name(self) -> str:
        return f"{self.initials} {self.surname}"

    @property
    def ref(self) -> PersonRef:
        return PersonRef(key=self.key, name=self.name)


@dataclass(frozen=True)
class Post:
    """An office: a register post (minister, staatssecretaris) or a parliamentary one (voorzitter, lid)."""

    key: str
    label: str
    organisation: str

    def ref(self, gazetteer: Gazetteer) -> PostRef:
        org = gazetteer.get(self.organisation)
        return PostRef(key=self.key, label=self.label, organisation=OrganisationRef(org.key, org.name))


@dataclass(frozen=True)
class Membership:
    """One term of a person in a post; ``end`` is None while the term runs. Dates are ISO strings."""

    person: Person
    post: Post
    start: str
    end: str | None
    cabinet: str
    portfolio: str
    ministry: str
    source: str

    @property
    def acting(self) -> bool:
        return self.portfolio.startswith(("ad interim", "vervanging"))

    def active_on(self, date: str) -> bool:
        """True where ``date`` falls in the term, both ends included."""
        return self.start <= date and (self.end is None or date <= self.end)


# Posts outside the register that papers name: the chambers' presidents and members (motion signers).
PARLIAMENTARY_POSTS = (
    Post("voorzitter-van-de-tweede-kamer-der-staten-generaal", "Voorzitter van de Tweede Kamer der Staten-Generaal",
         "tweede-kamer"),
    Post("voorzitter-van-de-eerste-kamer-der-staten-generaal", "Voorzitter van de Eerste Kamer der Staten-Generaal",
         "eerste-kamer"),
    Post("lid-tweede-kamer", "lid Tweede Kamer", "tweede-kamer"),
    Post("lid-eerste-kamer", "lid Eerste Kamer", "eerste-kamer"),
)


@dataclass
class Register:
    """Persons, posts and memberships with the indexes the resolver needs."""

    persons: dict[str, Person]
    posts: dict[str, Post]
    memberships: tuple[Membership, ...]
    gazetteer: Gazetteer
    _by_post: dict[str, list[Membership]] = field(default_factory=dict)
    _by_surname: dict[str, list[Person]] = field(default_factory=dict)
    _by_person: dict[str, list[Membership]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        by_post: dict[str, list[Membership]] = defaultdict(list)
        by_person: dict[str, list[Membership]] = defaultdict(list)
        for m in self.memberships:
            by_post[m.post.key].append(m)
            by_person[m.person.key].append(m)
        self._by_post = dict(by_post)
        self._by_person = dict(by_person)
        by_surname: dict[str, list[Person]] = defaultdict(list)
        for person in self.persons.values():
            for key in surname_keys(person.surname):
                by_surname[key].append(person)
        self._by_surname = dict(by_surname)

    def terms(self, post_key: str) -> list[Membership]:
        """Every term of a post, in register order."""
        return self._by_post.get(post_key, [])

    def holders(self, post_key: str, date: str) -> list[Membership]:
        """The terms of a post that cover ``date``; on a day of handover only the incoming holder."""
        active = [m for m in self.terms(post_key) if m.active_on(date)]
        starting = {m.person.key for m in active if m.start == date}
        if starting:
            active = [m for m in active if m.end != date or m.person.key in starting]
        return active

    def active_terms(self, person_key: str, date: str) -> list[Membership]:
        """The terms a person held on ``date``."""
        return [m for m in self._by_person.get(person_key, ()) if m.active_on(date)]

    def persons_named(self, surname: str, initials: str | None = None, given_name: str | None = None) -> list[Person]:
        """The persons whose surname (or first part of a double name) matches, narrowed by initials or given name."""
        found: dict[str, Person] = {}
        for key in surname_keys(surname):
            for person in self._by_surname.get(key, ()):
                found[person.key] = person
        people = sorted(found.values(), key=lambda p: p.key)
        if initials:
            wanted = initials_key(initials)
            people = [p for p in people if initials_key(p.initials) == wanted]
        if given_name:
            people = [p for p in people if p.given_name and slug(p.given_name) == slug(given_name)]
        return people


def read_register_rows(path: Path = REGISTER_CSV) -> list[dict[str, str]]:
    """Read the register CSV; check its columns and that every row has a person, post and start date."""
    rows = read_csv_rows(path, _COLUMNS, "register")
    for line, row in enumerate(rows, start=2):
        for column in ("post_title", "ministry", "initials", "surname", "start_date"):
            if not row[column].strip():
                raise ReferenceDataError(f"{path.name} line {line}: column {column!r} is empty")
    return rows


def _person_groups(rows: list[dict[str, str]]) -> list[list[dict[str, str]]]:
    """Group rows by person: same surname and initials, or same surname and given name with nested initials."""
    groups: dict[tuple[str, str], list[dict[str, str]]] = {}
    for row in rows:
        groups.setdefault((slug(row["surname"]), initials_key(row["initials"])), []).append(row)
    keys = sorted(groups, key=lambda k: (k[0], -len(k[1])))
    merged: dict[tuple[str, str], list[dict[str, str]]] = {}
    for key in keys:
        surname, initials = key
        given = {r["given_name"] for r in groups[key]}
        target = next(
            (
                k for k in merged
                if k[0] == surname and k[1].startswith(initials) and given & {r["given_name"] for r in merged[k]} - {""}
            ),
            key,
        )
        merged.setdefault(target, []).extend(groups[key])
    return list(merged.values())


def build_register(rows: list[dict[str, str]], gazetteer: Gazetteer) -> Register:
    """Turn register rows into persons, posts and memberships; every ministry must be in the gazetteer."""
    persons: dict[str, Person] = {}
    person_of_row: dict[int, Person] = {}
    for group in _person_groups(rows):
        longest = max(group, key=lambda r: (len(r["initials"]), r["start_date"]))
        latest = max(group, key=lambda r: r["start_date"])
        key = person_key(longest["initials"], latest["surname"])
        if key in persons:
            key = f"{key}-{slug(latest['given_name'] or latest['start_date'])}"
        qids = sorted({r["wikidata_qid"] for r in group if r["wikidata_qid"]})
        person = Person(
            key=key,
            initials=longest["initials"],
            surname=latest["surname"],
            given_name=latest["given_name"] or None,
            parties=tuple(sorted({r["party"] for r in group if r["party"]})),
            wikidata=qids[0] if qids else None,
        )
        persons[key] = person
        for row in group:
            person_of_row[id(row)] = person
    posts: dict[str, Post] = {p.key: p for p in PARLIAMENTARY_POSTS}
    memberships = []
    for line, row in enumerate(rows, start=2):
        org = gazetteer.lookup(f"Ministerie van {row['ministry']}")
        if org is None:
            raise ReferenceDataError(
                f"{REGISTER_CSV.name} line {line}: ministry {row['ministry']!r} is not in the gazetteer"
            )
        post = posts.setdefault(slug(row["post_title"]), Post(slug(row["post_title"]), row["post_title"], org.key))
        memberships.append(
            Membership(
                person=person_of_row[id(row)],
                post=post,
                start=row["start_date"],
                end=row["end_date"] or None,
                cabinet=row["cabinet"],
                portfolio=row["portfolio"],
                ministry=row["ministry"],
                source=row["source"],
            )
        )
    return Register(persons=persons, posts=posts, memberships=tuple(memberships), gazetteer=gazetteer)


@functools.cache
def load_register() -> Register:
    """Load the shipped register once per process."""
    return build_register(read_register_rows(), load_gazetteer())
