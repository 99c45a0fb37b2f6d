"""SHACL shapes as SPARQL queries, run by the store itself: validation of a graph of any size, where it lies.

pySHACL validates a copy of the data in memory: at 10,000 papers (3.4 M quads with provenance) that took 413 s and
6.6 GB, and 100,000 papers would need ten times that memory. Here each constraint of the shapes becomes one SELECT
query for the focus nodes (and values) that violate it, and the store answers it: the answers are the violations,
usually none, so nothing is copied.

The data graph is the union of the store's named graphs, as the copy was: every triple pattern reads ``GRAPH ?g``.
Counts (``sh:minCount``, ``sh:maxCount``, ``sh:qualifiedMinCount``) count distinct values, so a triple that several
graphs hold counts once. The covered part of SHACL is what the shipped shapes use:

- targets: ``sh:targetClass`` (with ``rdfs:subClassOf`` in the data), ``sh:targetSubjectsOf``, ``sh:targetObjectsOf``,
  ``sh:targetNode``, and shapes that are classes themselves;
- property shapes with an IRI as ``sh:path``;
- ``sh:class``, ``sh:datatype``, ``sh:nodeKind``, ``sh:minCount``, ``sh:maxCount``, ``sh:min/maxIn/Exclusive``,
  ``sh:pattern`` (with ``sh:flags``), ``sh:languageIn``, ``sh:uniqueLang``, ``sh:in``, ``sh:hasValue``, ``sh:node``,
  ``sh:or``, ``sh:qualifiedValueShape`` with ``sh:qualifiedMinCount`` / ``sh:qualifiedMaxCount``, and SPARQL-based
  constraints (``sh:sparql`` with ``sh:select``; they read the store's default graph: the facts, register and
  gazetteer, not the provenance graphs);
- ``sh:severity``, ``sh:message``, ``sh:deactivated``.

A shapes graph that uses anything else raises :class:`UnsupportedShapes`, naming the shape and the parameter; the
caller then validates with pySHACL (:func:`graph.validate.validate_store` does). Literals are checked with the casts
SPARQL 1.1 requires (xsd:integer, decimal, float, double, boolean, dateTime; xsd:date through xsd:dateTime); a value
of another datatype is only checked for its datatype, where pySHACL also parses some (xsd:time, gYear...). Stores
keep typed literals their own way: Oxigraph gives "5.0"^^xsd:decimal back as "5". Ranges follow SPARQL: a value that
cannot be compared with the bound breaks ``sh:minInclusive`` and the like (pySHACL lets a number pass a date's bound).
The tests compare every result with pySHACL's on the same data.

>>> from rdflib import Graph
>>> from graph.store_oxigraph import OxigraphStore
>>> shapes = Graph().parse(data='''@prefix sh: <http://www.w3.org/ns/shacl#> .
...     <https://example.org/S> sh:targetClass <https://example.org/C> ;
...         sh:property [ sh:path <https://example.org/name> ; sh:minCount 1 ] .''', format="turtle")
>>> store = OxigraphStore(None)
>>> store.load_nquads('<https://example.org/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
...                   '<https://example.org/C> <https://example.org/g> .\\n')
>>> [(str(r.focus), r.component.split("#")[1]) for r in check_store(store, shapes)]
[('https://example.org/a', 'MinCountConstraintComponent')]
"""

from __future__ import annotations

import concurrent.futures as cf
import itertools
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterator

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from graph.model import KamergraafError
from graph.store import Store, nt_term

NodeSet = Callable[[str], str]  # a variable name -> a group pattern binding it to each node of a set (repeats allowed)

_TARGETS = {SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode}
_DESCRIPTIVE = {SH.message, SH.severity, SH.deactivated, SH.name, SH.description, SH.order, SH.group,
                SH.defaultValue, SH.property, SH.path}
_CONSTRAINT_PARAMETERS = {
    SH["class"], SH.datatype, SH.nodeKind, SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive,
    SH.pattern, SH.flags, SH.languageIn, SH["in"], SH.node, SH["or"], SH.minCount, SH.maxCount, SH.hasValue,
    SH.uniqueLang, SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint,
    SH.sparql,
}
_SUPPORTED = _TARGETS | _DESCRIPTIVE | _CONSTRAINT_PARAMETERS
_NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
_CASTS = {XSD.integer, XSD.decimal, XSD.float, XSD.double, XSD.boolean, XSD.dateTime}  # the casts SPARQL 1.1 requires
# an xsd:date is well-formed when its date part with a time of day is a well-formed xsd:dateTime (SPARQL 1.1 has no
# xsd:date cast; rdflib's engine lacks it): 2021-02-30 is not
_DATE = ('REGEX(STR({v}), "^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}(Z|[+-][0-9]{{2}}:[0-9]{{2}})?$") && isLiteral(<{dt}>('
         'CONCAT(SUBSTR(STR({v}), 1, 10), "T00:00:00", SUBSTR(STR({v}), 11))))')
_COMPARISONS = {SH.minInclusive: (">=", SH.MinInclusiveConstraintComponent),
                SH.maxInclusive: ("<=", SH.MaxInclusiveConstraintComponent),
                SH.minExclusive: (">", SH.MinExclusiveConstraintComponent),
                SH.maxExclusive: ("<", SH.MaxExclusiveConstraintComponent)}


class UnsupportedShapes(KamergraafError):
    """The shapes use a part of SHACL these checks do not cover (validate with pySHACL instead)."""


@dataclass(frozen=True)
class ShapeResult:
    """One validation result, as SHACL reports it."""

    focus: Node
    path: URIRef | None
    value: Node | None
    component: URIRef
    shape: Node
    severity: URIRef
    message: str | None


@dataclass(frozen=True)
class Check:
    """Constraints of one shape as one query. A SPARQL-based constraint's query gives ``?focus ?value ?path``; the
    others give ``?focus`` and, where a result has one, ``?value``, then one flag a component when there are several
    (``?k0``, ``?k1``...: which of them the row breaks; checks of one shape's values share a pass over them)."""

    shape: Node
    path: URIRef | None
    components: tuple[URIRef, ...]
    severity: URIRef
    message: str | None
    sparql: str

    @property
    def sparql_based(self) -> bool:
        """Whether this is a SPARQL-based constraint (its query gives ``?path`` too, and no flags)."""
        return self.components == (SH.SPARQLConstraintComponent,)


@dataclass(frozen=True)
class _Constraint:
    """One or more constraints of ``shape`` as a pattern of their violations: ``pattern(focus_var, value_var)``
    binds the focus node (and value), with a flag a component (``?k0``...) when there are several; a SPARQL-based
    constraint is a whole ``query``."""

    components: tuple[URIRef, ...]
    shape: Node
    path: URIRef | None
    message: str | None
    pattern: Callable[[str, str], str] | None = None
    query: str | None = None


def check_store(store: Store, shapes: Graph) -> list[ShapeResult]:
    """Validate the union of ``store``'s named graphs against ``shapes``; the results, sorted (none: it conforms).
    The queries run in as many threads as the store reads with (Oxigraph: up to 4; twice as fast on 2 cores).

    Raises :class:`UnsupportedShapes` before it runs a check when the shapes use what is not covered.
    """
    checks = compile_shapes(shapes, subclasses=_subclasses(store))
    results = set()
    with cf.ThreadPoolExecutor(getattr(store, "read_threads", 1), thread_name_prefix="kamergraaf-shapes") as pool:
        answers = list(pool.map(lambda check: store.query(check.sparql).rows, checks))
    for check, rows in zip(checks, answers):
        for focus, value, *rest in rows:
            path, components = check.path, check.components
            if check.sparql_based:
                path = rest[0] if rest[0] is not None else path
            elif rest:  # flags: the components this row breaks
                components = tuple(c for c, flag in zip(components, rest) if flag is not None and flag.toPython())
            for component in components:
                results.add(ShapeResult(focus, path, value, component, check.shape, check.severity,
                                        _message(check.message, focus, value)))
    return sorted(results, key=_result_key)


def compile_shapes(shapes: Graph, *, subclasses: dict[Node, set[Node]] | None = None) -> list[Check]:
    """The checks of every shape with a target in ``shapes``. ``subclasses`` maps a class to its subclasses in the
    data (``rdfs:subClassOf``, transitively); classes not in it have none."""
    compiler = _Compiler(shapes, subclasses or {})
    checks = []
    for shape in sorted(_targeted(shapes), key=_node_key):
        checks.extend(compiler.shape_checks(shape))
    return checks


def _targeted(shapes: Graph) -> set[Node]:
    found = {s for target in _TARGETS for s in shapes.subjects(target, None)}
    found |= {s for s in shapes.subjects(RDF.type, RDFS.Class) if (s, RDF.type, SH.NodeShape) in shapes}
    return {s for s in found if shapes.value(s, SH.deactivated) != Literal(True)}


def _subclasses(store: Store) -> dict[Node, set[Node]]:
    """Each class with a subclass in the store's data, and all its subclasses (itself left out)."""
    rows = store.query(f"SELECT DISTINCT ?sub ?super WHERE {{ GRAPH ?g {{ ?sub {nt_term(RDFS.subClassOf)} ?super }} }}")
    direct: dict[Node, set[Node]] = {}
    for sub, sup in rows.rows:
        direct.setdefault(sup, set()).add(sub)
    closure = {}
    for cls in direct:
        seen, todo = set(), [cls]
        while todo:
            for sub in direct.get(todo.pop(), ()):
                if sub not in seen:
                    seen.add(sub)
                    todo.append(sub)
        closure[cls] = seen - {cls}
    return closure


class _Compiler:
    """Write the SPARQL of a shapes graph's constraints; every variable it makes up is fresh (``?_0``, ``?_1``...)."""

    def __init__(self, shapes: Graph, subclasses: dict[Node, set[Node]]):
        self.shapes, self.subclasses = shapes, subclasses
        self.names = itertools.count()
        self.nested: list[Node] = []  # shapes being compiled as nested shapes (sh:node, sh:or...): no recursion

    def var(self) -> str:
        return f"?_{next(self.names)}"

    # -- a targeted shape: its own constraints and those of its property shapes ---------------------------------

    def shape_checks(self, shape: Node) -> list[Check]:
        checks = []
        for c in self._constraints(shape, self._targets(shape)):
            query = c.query
            if query is None:
                flags = " ".join(f"?k{i}" for i in range(len(c.components))) if len(c.components) > 1 else ""
                query = f"SELECT DISTINCT ?focus ?value {flags} WHERE {{ {c.pattern('?focus', '?value')} }}"
            severity = self.shapes.value(c.shape, SH.severity) or SH.Violation
            checks.append(Check(c.shape, c.path, c.components, severity, c.message, query))
        return checks

    def _targets(self, shape: Node) -> NodeSet:
        if (shape, RDF.type, RDFS.Class) in self.shapes:
            classes = [shape, *self.shapes.objects(shape, SH.targetClass)]
        else:
            classes = list(self.shapes.objects(shape, SH.targetClass))
        subjects_of = list(self.shapes.objects(shape, SH.targetSubjectsOf))
        objects_of = list(self.shapes.objects(shape, SH.targetObjectsOf))
        nodes = list(self.shapes.objects(shape, SH.targetNode))

        def pattern(v: str) -> str:
            parts = [self._instances(v, cls) for cls in sorted(set(classes), key=_node_key)]
            parts += [f"GRAPH {self.var()} {{ {v} {_iri(p)} {self.var()} }}" for p in subjects_of]
            parts += [f"GRAPH {self.var()} {{ {self.var()} {_iri(p)} {v} }}" for p in objects_of]
            if nodes:
                parts.append(f"VALUES {v} {{ {' '.join(nt_term(n) for n in nodes)} }}")
            return f"{{ SELECT DISTINCT {v} WHERE {{ {' UNION '.join(f'{{ {p} }}' for p in parts)} }} }}"

        return pattern

    def _instances(self, v: str, cls: Node) -> str:
        """A subquery binding ``v`` to each instance of ``cls`` (or of one of its subclasses in the data)."""
        classes = sorted({cls, *self.subclasses.get(cls, ())}, key=_node_key)
        if len(classes) == 1:
            return f"{{ SELECT {v} WHERE {{ GRAPH {self.var()} {{ {v} {nt_term(RDF.type)} {nt_term(cls)} }} }} }}"
        k = self.var()
        return (f"{{ SELECT {v} WHERE {{ VALUES {k} {{ {' '.join(map(nt_term, classes))} }} "
                f"GRAPH {self.var()} {{ {v} {nt_term(RDF.type)} {k} }} }} }}")

    def _pairs(self, path: URIRef, s: str, o: str) -> str:
        """A subquery binding ``s`` and ``o`` to each subject and object of ``path``. Every pattern of these checks
        sits in a subquery of its own: Oxigraph joins those by hash, where it would look up each focus node's values
        one by one (at 10,000 papers 0.4 s against 1.3 s for the claims' subjects)."""
        if o.startswith("?"):
            return f"{{ SELECT {s} {o} WHERE {{ GRAPH {self.var()} {{ {s} {_iri(path)} {o} }} }} }}"
        return f"{{ SELECT {s} WHERE {{ GRAPH {self.var()} {{ {s} {_iri(path)} {o} }} }} }}"

    # -- constraints: each gives the pattern of its violations, binding the focus (and the value) --------------------

    def _constraints(self, shape: Node, focus: NodeSet, *, top: bool = True) -> Iterator[_Constraint]:
        """The constraints of ``shape`` (a node or property shape) and of its property shapes, for the focus nodes
        ``focus``."""
        path = self.shapes.value(shape, SH.path)
        if path is not None and not isinstance(path, URIRef):
            raise UnsupportedShapes(f"shape {_name(shape)}: sh:path must be an IRI here (got {path!r}); "
                                    "validate with pySHACL for other paths")
        yield from self._own_constraints(shape, focus, path, top=top)
        for prop in sorted(self.shapes.objects(shape, SH.property), key=_node_key):
            if path is not None:
                raise UnsupportedShapes(f"shape {_name(shape)}: sh:property on a property shape is not covered")
            if self.shapes.value(prop, SH.deactivated) != Literal(True):
                yield from self._constraints(prop, focus, top=top)

    def _own_constraints(self, shape: Node, focus: NodeSet, path: URIRef | None, *,
                         top: bool) -> Iterator[_Constraint]:
        self._check_supported(shape)
        message = self.shapes.value(shape, SH.message)
        message = str(message) if message is not None else None
        value = self._values(focus, path)
        one = lambda p: self.shapes.value(shape, p)  # noqa: E731

        def constraint(component: URIRef, pattern: Callable[[str, str], str]) -> _Constraint:
            return _Constraint((component,), shape, path, message, pattern)

        for c in sorted(self.shapes.objects(shape, SH["class"]), key=_node_key):
            yield constraint(SH.ClassConstraintComponent,
                             lambda f, v, c=c: f"{value(f, v)} MINUS {self._instances(v, c)}")
        conditions = list(self._value_conditions(shape))
        if conditions:
            yield _Constraint(tuple(c for c, _ in conditions), shape, path, message,
                              lambda f, v: f"{value(f, v)} {_flagged([condition(v) for _, condition in conditions])}")
        # the violators of a nested shape, usually none, come first: Oxigraph then holds them, not the values, for the
        # join (at 100,000 papers the claims' targets took 35 s and 0.4 GB so, against 42 s and 1.6 GB)
        if one(SH.node) is not None:
            nested = one(SH.node)
            candidates = self._value_set(focus, path)
            yield constraint(SH.NodeConstraintComponent,
                             lambda f, v, c=candidates: f"{self._violators(nested, c, v)} {value(f, v)}")
        if one(SH["or"]) is not None:
            options = list(Collection(self.shapes, one(SH["or"])))
            candidates = self._value_set(focus, path)
            yield constraint(SH.OrConstraintComponent, lambda f, v, c=candidates: " ".join(
                self._violators(o, c, v) for o in options) + " " + value(f, v))
        if path is not None:
            yield from self._counts(shape, focus, path, message)
        elif one(SH.minCount) is not None or one(SH.maxCount) is not None:
            raise UnsupportedShapes(f"shape {_name(shape)}: sh:minCount and sh:maxCount need a property shape")
        if one(SH.hasValue) is not None:
            wanted = nt_term(one(SH.hasValue))
            if path is None:
                yield constraint(SH.HasValueConstraintComponent,
                                 lambda f, v: f"{focus(f)} FILTER(!sameTerm({f}, {wanted}))")
            else:
                yield constraint(SH.HasValueConstraintComponent,
                                 lambda f, v: f"{focus(f)} MINUS {self._pairs(path, f, wanted)}")
        for sparql in sorted(self.shapes.objects(shape, SH.sparql), key=_node_key):
            if not top:
                raise UnsupportedShapes(f"shape {_name(shape)}: SPARQL-based constraints only in targeted shapes")
            said = self.shapes.value(sparql, SH.message)
            yield _Constraint((SH.SPARQLConstraintComponent,), shape, path, str(said) if said is not None else message,
                              query=self._sparql_constraint(sparql, focus))

    def _value_conditions(self, shape: Node) -> Iterator[tuple[URIRef, Callable[[str], str]]]:
        """The constraints of ``shape`` that test each value on its own, by a FILTER expression: ``(component,
        condition(value_var))``, the condition true when the value breaks the constraint."""
        one = lambda p: self.shapes.value(shape, p)  # noqa: E731
        if one(SH.datatype) is not None:
            yield SH.DatatypeConstraintComponent, lambda v, d=one(SH.datatype): f"!({_datatype(v, d)})"
        if one(SH.nodeKind) is not None:
            kind = one(SH.nodeKind)
            if kind not in _NODE_KINDS:
                raise UnsupportedShapes(f"shape {_name(shape)}: unknown sh:nodeKind {kind}")
            yield SH.NodeKindConstraintComponent, lambda v: f"!{_NODE_KINDS[kind].format(v=v)}"
        for parameter, (operator, component) in _COMPARISONS.items():
            bound = one(parameter)
            if bound is not None:
                yield component, lambda v, o=operator, b=bound: (f"!COALESCE({_comparable(v, b)} && {v} {o} "
                                                                 f"{nt_term(b)}, false)")
        if one(SH.pattern) is not None:
            regex = _string(str(one(SH.pattern)))
            flags = f", {_string(str(one(SH.flags)))}" if one(SH.flags) is not None else ""
            yield SH.PatternConstraintComponent, lambda v: f"(isBlank({v}) || !REGEX(STR({v}), {regex}{flags}))"
        if one(SH.languageIn) is not None:
            tags = [str(t) for t in Collection(self.shapes, one(SH.languageIn))]
            yield SH.LanguageInConstraintComponent, lambda v: "!(isLiteral({v}) && ({m}))".format(
                v=v, m=" || ".join(f"langMatches(LANG({v}), {_string(t)})" for t in tags) or "false")
        if one(SH["in"]) is not None:
            members = list(Collection(self.shapes, one(SH["in"])))
            yield SH.InConstraintComponent, lambda v: "!({})".format(
                " || ".join(f"sameTerm({v}, {nt_term(m)})" for m in members) or "false")

    def _counts(self, shape: Node, focus: NodeSet, path: URIRef, message: str | None) -> Iterator[_Constraint]:
        one = lambda p: self.shapes.value(shape, p)  # noqa: E731
        least = int(one(SH.minCount)) if one(SH.minCount) is not None else 0
        most = int(one(SH.maxCount)) if one(SH.maxCount) is not None else None
        values = lambda f: lambda x: self._pairs(path, f, x)  # noqa: E731
        if least and most is not None:  # one pass for both
            yield _Constraint((SH.MinCountConstraintComponent, SH.MaxCountConstraintComponent), shape, path, message,
                              lambda f, v: self._count(focus, f, values(f), (f"< {least}", f"> {most}")))
        elif least == 1:  # no count needed: the focus nodes without a value
            yield _Constraint((SH.MinCountConstraintComponent,), shape, path, message,
                              lambda f, v: f"{focus(f)} MINUS {self._pairs(path, f, self.var())}")
        elif least:
            yield _Constraint((SH.MinCountConstraintComponent,), shape, path, message,
                              lambda f, v: self._count(focus, f, values(f), (f"< {least}",)))
        elif most is not None:
            yield _Constraint((SH.MaxCountConstraintComponent,), shape, path, message,
                              lambda f, v: self._count(focus, f, values(f), (f"> {most}",)))
        if one(SH.uniqueLang) == Literal(True):
            yield _Constraint((SH.UniqueLangConstraintComponent,), shape, path, message,
                              lambda f, v: self._unique_lang(focus, f, path))
        qualified = one(SH.qualifiedValueShape)
        if qualified is not None:
            if one(SH.qualifiedValueShapesDisjoint) == Literal(True):
                raise UnsupportedShapes(f"shape {_name(shape)}: sh:qualifiedValueShapesDisjoint is not covered")
            for parameter, test, component in ((SH.qualifiedMinCount, "<", SH.QualifiedMinCountConstraintComponent),
                                               (SH.qualifiedMaxCount, ">", SH.QualifiedMaxCountConstraintComponent)):
                if one(parameter) is None:
                    continue

                def conforming(f: str) -> Callable[[str], str]:
                    return lambda x: (f"{self._pairs(path, f, x)} MINUS "
                                      f"{self._violators(qualified, self._value_set(focus, path), x)}")

                yield _Constraint((component,), shape, path, message,
                                  lambda f, v, t=f"{test} {int(one(parameter))}": self._count(focus, f, conforming(f),
                                                                                               (t,)))

    def _count(self, focus: NodeSet, f: str, values: Callable[[str], str], tests: tuple[str, ...]) -> str:
        """The focus nodes whose distinct values (bound to a variable by ``values``) fail one of ``tests`` (``< 2``,
        ``> 1``), with a flag a test when there are several."""
        x, n = self.var(), self.var()  # HAVING cannot name the projected count: it comes before the projection
        having = " || ".join(f"COUNT(DISTINCT {x}) {t}" for t in tests)
        query = (f"{{ SELECT {f} (COUNT(DISTINCT {x}) AS {n}) WHERE {{ {focus(f)} OPTIONAL {{ {values(x)} }} }} "
                 f"GROUP BY {f} HAVING ({having}) }}")
        if len(tests) == 1:
            return query
        return query + " " + " ".join(f"BIND({n} {t} AS ?k{i})" for i, t in enumerate(tests))

    def _unique_lang(self, focus: NodeSet, f: str, path: URIRef) -> str:
        a, b, tag = self.var(), self.var(), self.var()
        return (f"{{ SELECT DISTINCT {f} {tag} WHERE {{ {focus(f)} {self._pairs(path, f, a)} {self._pairs(path, f, b)} "
                f"FILTER(!sameTerm({a}, {b}) && LANG({a}) != \"\" && LCASE(LANG({a})) = LCASE(LANG({b}))) "
                f"BIND(LCASE(LANG({a})) AS {tag}) }} }}")

    def _values(self, focus: NodeSet, path: URIRef | None) -> Callable[[str, str], str]:
        """The pattern binding each focus node and each of its value nodes: its values along ``path``, or itself."""
        if path is None:  # a group of its own, so that a pattern before it may bind v
            return lambda f, v: f"{{ {focus(f)} BIND({f} AS {v}) }}"
        return lambda f, v: f"{focus(f)} {self._pairs(path, f, v)}"

    def _value_set(self, focus: NodeSet, path: URIRef | None) -> NodeSet:
        """The candidates of a nested shape (``sh:node``, ``sh:or``...): a superset of the focus nodes' values, cheap
        to list, as the nested shape's violators are joined with the real values afterwards. That is every object of
        ``path`` in the data, or the focus nodes themselves for a node shape."""
        if path is None:
            return focus
        return lambda v: (f"{{ SELECT DISTINCT {v} WHERE {{ GRAPH {self.var()} {{ {self.var()} {_iri(path)} {v} }} }} "
                          "}")

    def _violators(self, shape: Node, candidates: NodeSet, v: str) -> str:
        """A group pattern binding ``v`` to each candidate that does not conform to ``shape``."""
        if shape in self.nested:
            raise UnsupportedShapes(f"shape {_name(shape)} refers to itself; recursive shapes are not covered")
        self.nested.append(shape)
        try:
            parts = []
            for constraint in self._constraints(shape, candidates, top=False):
                parts.append(f"{{ {constraint.pattern(v, self.var())} }}")
        finally:
            self.nested.pop()
        if not parts:
            return "FILTER(false)"
        return f"{{ SELECT DISTINCT {v} WHERE {{ {' UNION '.join(parts)} }} }}"

    def _sparql_constraint(self, constraint: Node, focus: NodeSet) -> str:
        select = self.shapes.value(constraint, SH.select)
        if select is None:
            raise UnsupportedShapes(f"SPARQL constraint {_name(constraint)}: only sh:select is covered")
        prefixes = []
        for declarer in self.shapes.objects(constraint, SH.prefixes):
            for declaration in self.shapes.objects(declarer, SH.declare):
                prefix = self.shapes.value(declaration, SH.prefix)
                namespace = self.shapes.value(declaration, SH.namespace)
                prefixes.append(f"PREFIX {prefix}: <{namespace}>")
        return (f"{' '.join(sorted(set(prefixes)))} SELECT DISTINCT ?this ?value ?path WHERE {{ {focus('?this')} "
                f"{{ {select} }} }}")

    def _check_supported(self, shape: Node) -> None:
        for p in set(self.shapes.predicates(shape, None)):
            if str(p).startswith(str(SH)) and p not in _SUPPORTED:
                raise UnsupportedShapes(f"shape {_name(shape)}: {p.n3(self.shapes.namespace_manager)} is not "
                                        "covered; validate with pySHACL")


def _flagged(conditions: list[str]) -> str:
    """A FILTER for values that break one of several conditions, binding ``?k0``... to which (one needs no flag)."""
    if len(conditions) == 1:
        return f"FILTER({conditions[0]})"
    binds = " ".join(f"BIND({c} AS ?k{i})" for i, c in enumerate(conditions))
    return f"{binds} FILTER({' || '.join(f'?k{i}' for i in range(len(conditions)))})"


def _datatype(v: str, datatype: Node) -> str:
    """The SPARQL condition that ``v`` is a well-formed literal of ``datatype``."""
    if datatype == RDF.langString:
        return f"isLiteral({v}) && LANG({v}) != \"\""
    condition = f"isLiteral({v}) && sameTerm(DATATYPE({v}), {nt_term(datatype)})"
    if datatype in _CASTS:
        condition += f" && COALESCE(isLiteral({nt_term(datatype)}(STR({v}))), false)"
    elif datatype == XSD.date:
        condition += f" && COALESCE({_DATE.format(v=v, dt=XSD.dateTime)}, false)"
    return condition


def _comparable(v: str, bound: Node) -> str:
    """The condition that ``v`` can be compared with a range's bound: both numbers, or literals of one datatype
    (SPARQL says so; rdflib's engine would compare a string with a number without an error)."""
    if not isinstance(bound, Literal):
        raise UnsupportedShapes(f"expected a literal as a range's bound, got {bound!r}")
    if isinstance(bound.value, (int, float, Decimal)) and not isinstance(bound.value, bool):
        return f"isNumeric({v})"
    return f"isLiteral({v}) && sameTerm(DATATYPE({v}), {nt_term(bound.datatype or XSD.string)})"


def _iri(term: Node) -> str:
    if not isinstance(term, URIRef):
        raise UnsupportedShapes(f"expected an IRI in the shapes, got {term!r}")
    return nt_term(term)


def _string(text: str) -> str:
    """``text`` as a SPARQL string literal."""
    return nt_term(Literal(text))


def _name(node: Node) -> str:
    return f"<{node}>" if isinstance(node, URIRef) else "a blank-node shape" if isinstance(node, BNode) else str(node)


def _node_key(node: Node) -> tuple[str, str]:
    return type(node).__name__, str(node)


def _result_key(r: ShapeResult) -> tuple:
    return (_node_key(r.focus), str(r.path or ""), str(r.component), _node_key(r.value) if r.value is not None
            else ("", ""), _node_key(r.shape), r.message or "")


def _message(template: str | None, focus: Node, value: Node | None) -> str | None:
    if template is None:
        return None
    return template.replace("{$this}", str(focus)).replace("{?this}", str(focus)).replace(
        "{?value}", str(value) if value is not None else "")
