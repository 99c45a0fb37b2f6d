"""Scoring extraction records against gold: set-based for lists, exact for scalars."""

from __future__ import annotations

import pytest

from graph.extract.accuracy import FIELDS, differences, score, score_field


@pytest.mark.parametrize(
    ("found", "gold", "counts"),
    [
        (["a", "b"], ["b", "c"], (1, 1, 1)),
        ([], [], (0, 0, 0)),
        ([{"dossier": "19637", "nr": "1"}], [{"nr": "1", "dossier": "19637"}], (1, 0, 0)),  # key order is no matter
        (["a", "a"], ["a"], (1, 0, 0)),
        ("2021-02-15", "2021-02-15", (1, 0, 0)),
        ("2021-02-15", "2021-02-16", (0, 1, 1)),
        (None, "2021-02-16", (0, 0, 1)),
        ("x", None, (0, 1, 0)),
        (None, None, (0, 0, 0)),
    ],
)
def test_score_field(found, gold, counts) -> None:
    s = score_field(found, gold)
    assert (s.tp, s.fp, s.fn) == counts


@pytest.mark.parametrize(
    ("records", "golds", "field", "p", "r"),
    [
        ([{"persons": ["A", "B"]}, {"persons": ["C"]}], [{"persons": ["A"]}, {"persons": ["C", "D"]}], "persons",
         2 / 3, 2 / 3),
        ([{"date": "2020-01-01"}, {"date": None}], [{"date": "2020-01-01"}, {"date": "2020-01-02"}], "date", 1.0, 0.5),
    ],
)
def test_score_sums_over_papers(records, golds, field, p, r) -> None:
    s = score(records, golds, fields=(field,))
    assert s[field].precision == pytest.approx(p) and s[field].recall == pytest.approx(r)
    assert s["overall"].tp == s[field].tp
    assert s[field].f1 == pytest.approx(2 * p * r / (p + r))


@pytest.mark.parametrize("fields", [FIELDS])
def test_perfect_and_empty(fields) -> None:
    gold = {"dossiers": ["19637"], "date": "2021-02-15", "senders": [{"role": "R", "name": "N"}]}
    assert score([gold], [gold])["overall"].f1 == 1.0
    assert score([{}], [gold])["overall"].recall == 0.0
    assert differences(gold, gold) == []
    assert differences({}, gold, fields=("dossiers",)) == ["dossiers: extra [], missing ['\"19637\"']"]


@pytest.mark.parametrize("pairs", [([{}], [])])
def test_records_and_golds_must_pair(pairs) -> None:
    with pytest.raises(ValueError):
        score(*pairs)
