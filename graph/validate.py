"""SHACL validation of a built graph against the shapes shipped in ``ontology/``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pyshacl
from rdflib import Graph

from graph.resources import shape_files
from graph.store import Store


@dataclass(frozen=True)
class ValidationReport:
    """pySHACL's answer: whether the data conforms, the report graph and its text."""

    conforms: bool
    report_graph: Graph
    report_text: str
    violations: int


def load_shapes(paths: Iterable[Path] | None = None) -> Graph:
    """Load the SHACL shapes (every ``ontology/shapes*.ttl`` unless ``paths`` is given) into one graph."""
    shapes = Graph()
    for path in paths if paths is not None else shape_files():
        shapes.parse(path, format="turtle")
    return shapes


def validate_graph(data: Graph, *, shapes: Graph | None = None) -> ValidationReport:
    """Validate an rdflib graph; no inference, so every type the shapes check must be asserted.

    >>> from rdflib import Graph
    >>> validate_graph(Graph()).conforms
    True
    """
    conforms, report_graph, report_text = pyshacl.validate(
        data, shacl_graph=shapes if shapes is not None else load_shapes(), inference="none", advanced=True
    )
    from rdflib.namespace import SH  # noqa: PLC0415

    violations = sum(1 for _ in report_graph.subjects(predicate=SH.resultSeverity))
    return ValidationReport(bool(conforms), report_graph, str(report_text), violations)


def validate_store(store: Store, *, shapes: Graph | None = None) -> ValidationReport:
    """Validate the union of every graph in a store (pySHACL runs over an in-memory copy: fast at any store)."""
    data = Graph()
    for s, p, o, _ in store.quads():
        data.add((s, p, o))
    return validate_graph(data, shapes=shapes)
