"""SHACL validation of a built graph against the shapes shipped in ``ontology/``.

A store is validated where it lies, by SPARQL queries the store answers (:mod:`graph.shape_checks`); an rdflib graph,
and a store with shapes those queries do not cover, by pySHACL in memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from graph.resources import shape_files
from graph.shape_checks import ShapeResult, UnsupportedShapes, check_store
from graph.store import Store


@dataclass(frozen=True)
class ValidationReport:
    """A validation's answer, as pySHACL gives it: whether the data conforms, the report graph, its text, and the
    number of results."""

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
    violations = sum(1 for _ in report_graph.objects(None, SH.result))  # not the nested results of sh:detail
    return ValidationReport(bool(conforms), report_graph, str(report_text), violations)


def validate_store(store: Store, *, shapes: Graph | None = None) -> ValidationReport:
    """Validate the union of every named graph in a store by queries the store answers: no copy is made, so the
    memory is what the store's queries take. Shapes that use SHACL those queries do not cover are run by pySHACL
    over an in-memory copy of the graphs instead."""
    shapes = shapes if shapes is not None else load_shapes()
    try:
        results = check_store(store, shapes)
    except UnsupportedShapes:
        data = Graph()
        for s, p, o, _ in store.quads():
            data.add((s, p, o))
        return validate_graph(data, shapes=shapes)
    return report_of(results, shapes)


def report_of(results: list[ShapeResult], shapes: Graph) -> ValidationReport:
    """The report of :func:`graph.shape_checks.check_store`'s results: a SHACL report graph and pySHACL's text form.

    >>> print(report_of([], Graph()).report_text)
    Validation Report
    Conforms: True
    <BLANKLINE>
    """
    graph = Graph()
    graph.bind("sh", SH)
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(not results)))
    lines = ["Validation Report", f"Conforms: {not results}"]
    if results:
        lines.append(f"Results ({len(results)}):")
    for r in results:
        node = BNode()
        message = r.message or _default_message(r, shapes)
        graph.add((report, SH.result, node))
        for p, o in ((RDF.type, SH.ValidationResult), (SH.focusNode, r.focus), (SH.resultPath, r.path),
                     (SH.value, r.value), (SH.sourceConstraintComponent, r.component), (SH.sourceShape, r.shape),
                     (SH.resultSeverity, r.severity), (SH.resultMessage, Literal(message))):
            if o is not None:
                graph.add((node, p, o))
        lines += [f"Constraint Violation in {_local(r.component)} ({r.component}):",
                  f"\tSeverity: sh:{_local(r.severity)}",
                  f"\tSource Shape: {_shape_name(r.shape, shapes)}",
                  f"\tFocus Node: {r.focus.n3()}"]
        if r.value is not None:
            lines.append(f"\tValue Node: {r.value.n3()}")
        if r.path is not None:
            lines.append(f"\tResult Path: {r.path.n3()}")
        lines.append(f"\tMessage: {message}")
    return ValidationReport(not results, graph, "\n".join(lines) + "\n", len(results))


_MESSAGES = {  # component -> the parameter shown, and the message around it
    SH.MinCountConstraintComponent: (SH.minCount, "fewer than {} values"),
    SH.MaxCountConstraintComponent: (SH.maxCount, "more than {} values"),
    SH.ClassConstraintComponent: (SH["class"], "value is not an instance of {}"),
    SH.DatatypeConstraintComponent: (SH.datatype, "value is not a well-formed literal of datatype {}"),
    SH.NodeKindConstraintComponent: (SH.nodeKind, "value is not of node kind {}"),
    SH.PatternConstraintComponent: (SH.pattern, "value does not match the pattern {}"),
    SH.InConstraintComponent: (SH["in"], "value is not one of {}"),
    SH.LanguageInConstraintComponent: (SH.languageIn, "value's language is not one of {}"),
    SH.HasValueConstraintComponent: (SH.hasValue, "the value {} is missing"),
    SH.NodeConstraintComponent: (SH.node, "value does not conform to the shape {}"),
    SH.OrConstraintComponent: (SH["or"], "value conforms to none of the shapes {}"),
    SH.MinInclusiveConstraintComponent: (SH.minInclusive, "value is not at least {}"),
    SH.MaxInclusiveConstraintComponent: (SH.maxInclusive, "value is not at most {}"),
    SH.MinExclusiveConstraintComponent: (SH.minExclusive, "value is not more than {}"),
    SH.MaxExclusiveConstraintComponent: (SH.maxExclusive, "value is not less than {}"),
    SH.UniqueLangConstraintComponent: (SH.uniqueLang, "two values share a language (sh:uniqueLang {})"),
    SH.QualifiedMinCountConstraintComponent: (SH.qualifiedMinCount, "fewer than {} values conform to the "
                                                                    "qualified shape"),
    SH.QualifiedMaxCountConstraintComponent: (SH.qualifiedMaxCount, "more than {} values conform to the "
                                                                    "qualified shape"),
}


def _default_message(result: ShapeResult, shapes: Graph) -> str:
    parameter, text = _MESSAGES.get(result.component, (None, "violates a SPARQL constraint"))
    if parameter is None:
        return text
    value = shapes.value(result.shape, parameter)
    if parameter in (SH["in"], SH.languageIn, SH["or"]) and value is not None:
        shown = "(" + " ".join(_shape_name(m, shapes) for m in Collection(shapes, value)) + ")"
    else:
        shown = _shape_name(value, shapes) if value is not None else "?"
    return text.format(shown)


def _shape_name(node: Node, shapes: Graph) -> str:
    """A term as the shapes graph's prefixes write it; a blank property shape as ``[ sh:path ... ] of <owner>``."""
    if isinstance(node, BNode):
        path = shapes.value(node, SH.path)
        owner = shapes.value(None, SH.property, node)
        if path is not None:
            return f"[ sh:path {_shape_name(path, shapes)} ]" + (f" of {_shape_name(owner, shapes)}" if owner else "")
        return "a blank-node shape"
    if isinstance(node, URIRef):
        return node.n3(shapes.namespace_manager)
    return str(node)


def _local(iri: URIRef) -> str:
    return str(iri).rsplit("#", 1)[-1]
