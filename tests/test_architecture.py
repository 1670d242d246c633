"""The layers hold: the domain speaks neither AWS nor Chalice, handlers reach AWS only through deps, and
tests share helpers only through the test kit (tests/support).

Imports are read from the source with ``ast`` (nothing is imported), lazy ones inside functions included."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOMAIN_MAY_NOT_IMPORT = ("boto3", "botocore", "chalice", "chalicelib.aws")
HANDLERS_MAY_NOT_IMPORT = ("chalicelib.aws",)


def imports(source: str, module: str) -> set[str]:
    """Every module the source of ``module`` imports; ``from a import b`` counts as ``a`` and ``a.b``."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            # Relative to the importing module's package (a package's own module name ends in __init__).
            base = module.split(".")[: -node.level] if node.level else []
            parent = ".".join([*base, *([node.module] if node.module else [])])
            names.add(parent)
            names.update(f"{parent}.{alias.name}" for alias in node.names)
    return names


def offenders(folder: str, forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    """The modules under ``folder`` importing anything in (or under) ``forbidden``, with what they import."""
    found: dict[str, list[str]] = {}
    paths = sorted((ROOT / folder).rglob("*.py"))
    assert paths, f"no modules under {folder}"
    for path in paths:
        relative = path.relative_to(ROOT)
        module = ".".join(relative.with_suffix("").parts)
        bad = [
            name
            for name in imports(path.read_text(encoding="utf-8"), module)
            if any(name == f or name.startswith(f + ".") for f in forbidden)
        ]
        if bad:
            found[relative.as_posix()] = sorted(bad)
    return found


def domain_offenders() -> dict[str, list[str]]:
    return offenders("chalicelib/services", DOMAIN_MAY_NOT_IMPORT)


def handler_offenders() -> dict[str, list[str]]:
    return {
        **offenders("chalicelib/api", HANDLERS_MAY_NOT_IMPORT),
        **offenders("chalicelib/events", HANDLERS_MAY_NOT_IMPORT),
    }


def outside_the_kit(names: set[str] | list[str]) -> list[str]:
    """The modules of the tests package in ``names`` other than the kit: test modules and conftests."""
    return sorted(name for name in names if name != "tests.support" and not name.startswith("tests.support."))


def kit_offenders() -> dict[str, list[str]]:
    """The modules under tests/ importing test modules or conftests, with what they import from them."""
    found = {path: outside_the_kit(names) for path, names in offenders("tests", ("tests",)).items()}
    return {path: names for path, names in found.items() if names}


def test_the_domain_imports_neither_aws_nor_chalice() -> None:
    found = domain_offenders()

    assert found == {}


def test_handlers_reach_aws_only_through_deps() -> None:
    found = handler_offenders()

    assert found == {}


def test_tests_import_helpers_only_from_the_test_kit() -> None:
    """Never from another test module or a conftest: what two test modules share belongs in tests/support."""
    found = kit_offenders()

    assert found == {}


def test_an_import_of_another_test_module_is_found_however_it_is_written() -> None:
    source = """
from tests.support.aws import sent_mail
from tests.test_outbox import queued
from .conftest import Api
from . import test_stats
"""
    found = outside_the_kit(imports(source, "tests.test_erasure"))

    assert {"tests.test_outbox", "tests.conftest", "tests.test_stats"} <= set(found)
    assert not [name for name in found if name.startswith("tests.support")]


def test_imports_are_found_however_they_are_written() -> None:
    source = """
import botocore.exceptions
from chalicelib import aws, deps
from chalice import Blueprint
from .. import aws as clients


def later():
    from boto3.dynamodb.conditions import Key
"""
    found = imports(source, "chalicelib.services.example")

    assert {"botocore.exceptions", "chalicelib.aws", "chalice.Blueprint", "boto3.dynamodb.conditions"} <= found
    # Inside chalicelib.services.example, ``from .. import aws`` is chalicelib.aws too.
    assert imports("from .. import aws", "chalicelib.services.example") == {"chalicelib", "chalicelib.aws"}
    assert imports("from . import clock", "chalicelib.services.common.__init__") == {
        "chalicelib.services.common",
        "chalicelib.services.common.clock",
    }
