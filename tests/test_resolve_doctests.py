"""The examples in the docstrings of the resolver and reference modules run and hold."""

from __future__ import annotations

import doctest
import importlib

import pytest


@pytest.mark.parametrize(
    "module",
    [
        "graph.resolve",
        "graph.resolve.names",
        "graph.resolve.gazetteer",
        "graph.resolve.register",
        "graph.resolve.actors",
        "graph.mapping.reference",
    ],
)
def test_docstring_examples(module):
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{module} has no examples"
    assert result.failed == 0
