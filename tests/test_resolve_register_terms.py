"""Every term of the shipped register resolves back to its holder: by name always, by office alone unless shared."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.model import Extraction, Sender, Span, Valued
from graph.resolve import resolve
from graph.resolve.register import Membership, load_register


def _mid_term(m: Membership) -> str:
    start = dt.date.fromisoformat(m.start)
    end = dt.date.fromisoformat(m.end) if m.end else start + dt.timedelta(days=60)
    return (start + (end - start) / 2).isoformat()


def _signed(role: str, name: str | None, date: str):
    paper = Extraction(source="p.txt", id="kst-1-1", doc_type="brief", date=Valued(date, None),
                       senders=(Sender(role, name, Span(0, 1)),))
    (actor,) = resolve(paper).actors
    return actor


@pytest.mark.parametrize("printed", ["as the register prints it", "with spaced initials"])
def test_every_term_resolves_by_name_and_office(printed):
    wrong = []
    for m in load_register().memberships:
        initials = m.person.initials if printed.startswith("as") else m.person.initials.replace(".", ". ").strip()
        actor = _signed(m.post.label, f"{initials} {m.person.surname}", _mid_term(m))
        if actor.status != "resolved" or actor.person.key != m.person.key:
            wrong.append((m.post.label, m.person.name, m.start, actor.status))
    assert wrong == []


@pytest.mark.parametrize("date_in_term", ["middle"])
def test_office_alone_never_names_the_wrong_holder(date_in_term):
    ambiguous = 0
    for m in load_register().memberships:
        actor = _signed(m.post.label, None, _mid_term(m))
        if actor.status == "resolved":
            others = [t for t in load_register().holders(m.post.key, _mid_term(m)) if t.person.key != m.person.key]
            assert actor.person.key == m.person.key or any(t.acting for t in others), (m.post.label, m.start)
        else:
            assert actor.status == "ambiguous" and m.person.ref in actor.candidates, (m.post.label, m.start)
            ambiguous += 1
    assert 0 < ambiguous < 60  # only offices shared by several state secretaries at once
