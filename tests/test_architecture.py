"""The layers hold: the domain speaks neither AWS nor Chalice, and handlers reach AWS only through deps.

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


def test_the_domain_imports_neither_aws_nor_chalice() -> None:
    found = domain_offenders()

    assert found == {}


def test_handlers_reach_aws_only_through_deps() -> None:
    found = handler_offenders()

    assert found == {}


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
