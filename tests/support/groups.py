"""A test's group: ``browser`` by its folder, ``moto`` when it or a fixture it uses starts moto, else ``unit``.

``tests/conftest.py`` marks every test with its group, so ``pytest -m unit`` (fast: no moto, no servers),
``-m moto`` and ``-m browser`` select them without anyone remembering a decorator. Whether a function
starts moto is read from its source with ``ast``: it calls ``mock_aws`` (moto in-process) or starts a
server (moto server, ``make run``). A test marked by hand keeps its mark.
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
    """The functions (tests, fixtures, helpers) in the module at ``path`` whose own code starts moto."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return frozenset(
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and any(_name(inner) in STARTS_MOTO for inner in ast.walk(node))
    )


@functools.cache
def kit_starting_moto() -> frozenset[str]:
    """The fixtures any test may use that start moto: those of every conftest.py and of the kit."""
    paths = [*TESTS.rglob("conftest.py"), *(TESTS / "support").glob("*.py")]
    return frozenset().union(*(starting_moto(path) for path in paths))


def _name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None
