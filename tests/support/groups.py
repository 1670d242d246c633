"""A test's group: ``browser`` by its folder, ``moto`` when it or a fixture it uses starts moto, else ``unit``.

``tests/conftest.py`` marks every test with its group, so ``pytest -m unit`` (fast: no moto, no servers),
``-m moto`` and ``-m browser`` select them without anyone remembering a decorator. Whether a function
starts moto is read from its source with ``ast``: it calls ``mock_aws`` (moto in-process), starts a
server (moto server, ``make run``), or calls a function of its own module that does. A test
marked by hand keeps its mark; a unit test that reaches moto anyway fails (see ``aws_environment``).
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterable
from pathlib import Path

GROUPS = ("unit", "moto", "browser")
TESTS = Path(__file__).resolve().parents[1]
# mock_aws starts moto in-process; the other two start servers, which are never unit tests.
STARTS_MOTO = frozenset({"mock_aws", "ThreadedMotoServer", "Popen"})


def group(path: Path, function: str, fixtures: Iterable[str]) -> str:
    """The group of the test ``function`` in the module at ``path``, using ``fixtures`` (directly or not)."""
    if path.parent.name == "browser":
        return "browser"
    starting = starting_moto(path) | kit_starting_moto()
    if function in starting or not starting.isdisjoint(fixtures):
        return "moto"
    return "unit"


@functools.cache
def starting_moto(path: Path) -> frozenset[str]:
    """The functions (tests, fixtures, helpers) in the module at ``path`` that start moto, or call one that does."""
    return _starting(path)


@functools.cache
def kit_starting_moto() -> frozenset[str]:
    """The fixtures any test may use that start moto: those of every conftest.py and of the kit."""
    paths = [*TESTS.rglob("conftest.py"), *(TESTS / "support").glob("*.py")]
    return frozenset().union(*(_starting(path) for path in paths))


def _starting(path: Path) -> frozenset[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    uses = {
        node.name: {_name(inner) for inner in ast.walk(node)}
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    starting: set[str] = set()
    # A helper that starts moto makes every function calling it start moto too, however deep.
    while more := {
        name for name, used in uses.items() if name not in starting and not used.isdisjoint(STARTS_MOTO | starting)
    }:
        starting |= more
    return frozenset(starting)


def _name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None
