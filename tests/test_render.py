"""Rendering: document text reaches the generated source only as safe literals."""

from __future__ import annotations

import ast
import types
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clouderrors import _errors
from codegen.catalogue import build
from codegen.render import (
    comment,
    docstring,
    literal,
    pieces,
    render,
    width,
)
from tests.test_catalogue import document, row

HOSTILE = [
    '"""; import os; os.system("x"); """',
    "'''\nimport os\n'''",
    "{{ service.id }} {% for x in y %}{% endfor %} {# c #}",
    "# not a comment\nraise SystemExit",
    "line\nbreak\r\nand\x00NUL",
    "para\u2028sep\u2029 rtl\u200f\u202e mark",
    "\\",
    "\\N{BULLET} \\x00 \\",
    "x" * 10_000,
    "中文错误码说明 " * 200,
    "\ud800 lone surrogate",
]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400) | st.sampled_from(HOSTILE))
def test_literal_round_trips_and_keeps_lines_short(text: str) -> None:
    source = literal(text)
    assert ast.literal_eval(source) == text
    for part in pieces(text):
        assert width(part) <= 80
        assert ast.literal_eval(part) == ast.literal_eval(part)  # each piece is a whole literal
    assert "\n" not in "".join(pieces(text))


@given(st.text(max_size=300) | st.sampled_from(HOSTILE))
def test_comment_lines_cannot_end_early(text: str) -> None:
    lines = comment(text).split("\n")
    assert all(line.startswith("#   ") and width(line) <= 90 for line in lines)


def test_docstring_statement_is_the_docstring() -> None:
    text = "first line\nsecond " + "word " * 50
    tree = ast.parse(f"class A:\n    {docstring(text)}\n")
    assert ast.get_docstring(tree.body[0], clean=False) == text  # type: ignore[arg-type]


@pytest.fixture
def registries() -> Iterator[None]:
    """Executing a rendered module registers its classes: put the runtime's registries back."""
    saved = dict(_errors._REGISTRY), dict(_errors._SERVICE_ERRORS)
    yield
    _errors._REGISTRY.clear()
    _errors._REGISTRY.update(saved[0])
    _errors._SERVICE_ERRORS.clear()
    _errors._SERVICE_ERRORS.update(saved[1])


def test_hostile_cells_are_harmless_data_in_the_module(registries: None) -> None:
    rows = [
        row(f"Code{n}", 400, text, line=n, description=text, solution=text)
        for n, text in enumerate(HOSTILE, 1)
    ]
    rows.append(row("AuthFailure.Bad", 401, HOSTILE[0]))
    files = render(build([document(rows, service="tencentcloud.hostile")], {}))
    source = files["tencentcloud/hostile.py"]
    tree = ast.parse(source)
    for node in tree.body:
        # Only the imports, classes and alias/attribute assignments the template writes.
        assert isinstance(node, ast.ImportFrom | ast.ClassDef | ast.Assign | ast.Expr)
    assert all(width(line) <= 100 for line in source.splitlines())

    module = types.ModuleType("clouderrors.tencentcloud.hostile_test")
    exec(compile(source, "cls.py", "exec"), module.__dict__)
    for n, text in enumerate(HOSTILE, 1):
        cls = getattr(module, f"Code{n}")
        assert (cls.documented_message, cls.description, cls.solution) == (text, text, text)
        assert cls.__doc__ is not None and cls.__doc__.startswith(f"Code{n}: ")
    assert module.AuthFailure.Bad is module.AuthFailureBad
