"""Score extraction records against hand-made gold records: precision, recall and F1 per contract field.

Lists are compared as sets (a record's list against the gold list, counts summed over papers); scalars exactly
(a value found and right is a true positive, found and wrong a false positive *and* a false negative, missing a
false negative, and null where gold is null counts nothing).

>>> s = score([{"dossiers": ["19637"], "date": "2021-02-15"}], [{"dossiers": ["19637", "30573"], "date": "2021-02-15"}],
...           fields=("dossiers", "date"))
>>> s["dossiers"].precision, s["dossiers"].recall, round(s["dossiers"].f1, 3), s["date"].f1
(1.0, 0.5, 0.667, 1.0)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

FIELDS = (
    "dossiers", "ondernummer", "doc_type", "date", "vergaderjaar", "senders", "on_behalf_of", "addressee",
    "cited_kamerstukken", "cited_other", "organisations", "persons",
)


@dataclass
class FieldScore:
    """Counts for one field; the ratios are 1.0 where nothing was expected and nothing found."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "FieldScore") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


def _key(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def score_field(found, gold) -> FieldScore:
    """Score one field of one paper.

    >>> score_field(["a", "b"], ["b", "c"]).as_dict()["f1"]
    0.5
    >>> (score_field("x", "y").fp, score_field("x", "y").fn, score_field(None, None).tp)
    (1, 1, 0)
    """
    if isinstance(gold, list) or isinstance(found, list):
        f = {_key(v) for v in (found or [])}
        g = {_key(v) for v in (gold or [])}
        return FieldScore(len(f & g), len(f - g), len(g - f))
    if found is None and gold is None:
        return FieldScore()
    if found == gold:
        return FieldScore(tp=1)
    return FieldScore(fp=int(found is not None), fn=int(gold is not None))


def score(records: Sequence[Mapping], golds: Sequence[Mapping], fields: Iterable[str] = FIELDS) -> dict[str, FieldScore]:
    """Sum the scores of every field over pairs of (record, gold); the key ``overall`` sums all fields."""
    fields = tuple(fields)
    totals = {f: FieldScore() for f in fields}
    for record, gold in zip(records, golds, strict=True):
        for f in fields:
            totals[f].add(score_field(record.get(f), gold.get(f)))
    overall = FieldScore()
    for f in fields:
        overall.add(totals[f])
    totals["overall"] = overall
    return totals


def differences(record: Mapping, gold: Mapping, fields: Iterable[str] = FIELDS) -> list[str]:
    """Describe where a record differs from its gold, one line per field.

    >>> differences({"date": "2021-02-15"}, {"date": "2021-02-16"}, fields=("date",))
    ["date: found '2021-02-15', gold '2021-02-16'"]
    """
    lines = []
    for f in fields:
        found, gold_value = record.get(f), gold.get(f)
        if isinstance(gold_value, list) or isinstance(found, list):
            fs = {_key(v) for v in found or []}
            gs = {_key(v) for v in gold_value or []}
            if fs != gs:
                lines.append(f"{f}: extra {sorted(fs - gs)}, missing {sorted(gs - fs)}")
        elif found != gold_value:
            lines.append(f"{f}: found {found!r}, gold {gold_value!r}")
    return lines


def format_table(scores: Mapping[str, FieldScore]) -> str:
    """A plain-text table of the scores, one field a line, ``overall`` last."""
    rows = [f"{'field':<20} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
    for name, s in scores.items():
        rows.append(f"{name:<20} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:5d} {s.fp:5d} {s.fn:5d}")
    return "\n".join(rows)


def format_side_by_side(scores: Mapping[str, Mapping[str, FieldScore]]) -> str:
    """A plain-text table with P, R and F1 of several runs (e.g. deliveries) side by side, one field a line.

    >>> print(format_side_by_side({"text": {"date": FieldScore(2, 0, 0)}, "pdf": {"date": FieldScore(1, 1, 1)}}))
    field                |   text P      R     F1 |    pdf P      R     F1
    date                 |    1.000  1.000  1.000 |    0.500  0.500  0.500
    """
    labels = list(scores)
    head = f"{'field':<20} " + " ".join(f"| {label:>6} P      R     F1" for label in labels)
    rows = [head]
    for name in scores[labels[0]]:
        cells = []
        for label in labels:
            s = scores[label][name]
            cells.append(f"| {s.precision:8.3f} {s.recall:6.3f} {s.f1:6.3f}")
        rows.append(f"{name:<20} " + " ".join(cells))
    return "\n".join(rows)
