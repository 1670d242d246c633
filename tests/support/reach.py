"""Which AWS operations each deployed Lambda function can reach, read from the code without running it.

A function runs some handlers (chalice's own registry says which: every route for the API handler, the
authorizer, each event source's handler) and the middleware. From those, every name a body uses is
followed: helpers of the same module, what it imports from ``chalicelib``, ``deps.<part>`` and
``aws.<helper>``. A method is followed when some reached code names it (``outbox.put`` reaches every
``put`` of every reached class): coarser than types, never blind to a call. Type annotations and
``TYPE_CHECKING`` imports are not followed: a type named is not an object built.

What the reached code builds (``aws.client("ses")``, ``aws.table``, ``settings().<x>_table``) and calls
(``<x>.send_raw_email(``, an operation of a service it built a client for) is what the function needs.
"""

from __future__ import annotations

import ast
import functools
import inspect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import botocore.session
from botocore import xform_name

ROOT = Path(__file__).resolve().parents[2]
CODE = ROOT / "chalicelib"
LOCAL_ONLY = CODE / "localdev"
API_HANDLER = "api_handler"

# IAM prefixes that differ from boto3's service names.
IAM_PREFIX = {"sesv2": "ses"}
# Calls whose permission is not named after the operation.
SPECIAL = {
    # The resource's batch writer sends BatchWriteItem.
    "batch_writer": {"dynamodb:BatchWriteItem"},
}
# TransactWriteItems has no permission of its own: each item needs the permission of its kind.
TRANSACTION_ITEMS = {
    "Put": "dynamodb:PutItem",
    "Update": "dynamodb:UpdateItem",
    "Delete": "dynamodb:DeleteItem",
    "ConditionCheck": "dynamodb:ConditionCheckItem",
}
# Calls that share a name with an AWS operation but are not one (file, method): why.
NOT_AWS = {
    ("chalicelib/render.py", "get_template"): "Jinja2's Environment.get_template",
}
# A settings field naming a table: ``interviews_table`` is the table ``INTERVIEWS_TABLE`` names.
TABLE_SETTING = re.compile(r"^[a-z]+_table$")

Key = tuple[str, str]  # (module, top-level name)


@dataclass(frozen=True)
class Module:
    """One chalicelib module: its top-level definitions and what its names refer to."""

    name: str
    path: Path
    definitions: dict[str, ast.AST]
    imported: dict[str, Key]
    aliases: dict[str, str]

    @property
    def relative(self) -> str:
        return str(self.path.relative_to(ROOT))


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str) -> bool:
    base = ROOT.joinpath(*name.split("."))
    return base.with_suffix(".py").exists() or (base / "__init__.py").exists()


def _top_level(tree: ast.Module) -> dict[str, ast.AST]:
    found: dict[str, ast.AST] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            found[node.name] = node
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found.update((target.id, node) for target in targets if isinstance(target, ast.Name))
    return found


def _load(path: Path) -> Module:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    name = _module_name(path)
    imported: dict[str, Key] = {}
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("chalicelib"):
            for alias in node.names:
                local = alias.asname or alias.name
                if _is_module(f"{node.module}.{alias.name}"):
                    aliases[local] = f"{node.module}.{alias.name}"
                else:
                    imported[local] = (node.module, alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("chalicelib") and alias.asname:
                    aliases[alias.asname] = alias.name
    return Module(name, path, _top_level(tree), imported, aliases)


@functools.cache
def modules() -> dict[str, Module]:
    """Every chalicelib module that deploys (``localdev`` runs only on a laptop)."""
    found = (_load(path) for path in sorted(CODE.rglob("*.py")) if LOCAL_ONLY not in path.parents)
    return {module.name: module for module in found}


def _resolve(key: Key, seen: frozenset[Key] = frozenset()) -> Key | None:
    """Where a name is really defined, following re-exports."""
    module = modules().get(key[0])
    if module is None or key in seen:
        return None
    if key[1] in module.definitions:
        return key
    if key[1] in module.imported:
        return _resolve(module.imported[key[1]], seen | {key})
    return None


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def used_nodes(node: ast.AST, *, methods: bool = True) -> Iterator[ast.AST]:
    """Every node under ``node`` except annotations, ``TYPE_CHECKING`` blocks, decorators' arguments and
    (``methods=False``) a class's methods."""
    skip_methods = not methods and isinstance(node, ast.ClassDef)
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        for name, value in ast.iter_fields(current):
            if name in ("annotation", "returns"):
                continue
            if name == "body" and isinstance(current, ast.If) and _is_type_checking(current.test):
                continue
            children = value if isinstance(value, list) else [value]
            if name == "decorator_list":
                # A decorator's arguments are read at import (``authorizer=hr_token`` names, never calls).
                children = [child.func if isinstance(child, ast.Call) else child for child in children]
            for child in children:
                if not isinstance(child, ast.AST):
                    continue
                if skip_methods and current is node and isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                stack.append(child)


@dataclass
class Reach:
    """The code one Lambda function can run: top-level definitions and methods, with their modules."""

    nodes: list[tuple[Module, ast.AST]] = field(default_factory=list)

    def calls(self) -> Iterator[tuple[Module, ast.Call]]:
        for module, node in self.nodes:
            for found in used_nodes(node, methods=False):
                if isinstance(found, ast.Call):
                    yield module, found

    def services(self) -> set[str]:
        """Services it builds clients for (``aws.client("ses")``), DynamoDB when it uses tables."""
        found: set[str] = set()
        for _, call in self.calls():
            name = _called_name(call)
            if name in ("client", "resource") and call.args and isinstance(call.args[0], ast.Constant):
                found.add(str(call.args[0].value))
            if name in ("table", "Table"):
                found.add("dynamodb")
        return found

    def attributes(self) -> set[str]:
        """Every ``<x>.<name>`` it reads: the settings it uses among them."""
        return {
            found.attr
            for _, node in self.nodes
            for found in used_nodes(node, methods=False)
            if isinstance(found, ast.Attribute)
        }

    def tables(self) -> set[str]:
        """The settings (``INTERVIEWS_TABLE``) that name the tables it touches."""
        return {name.upper() for name in self.attributes() if TABLE_SETTING.match(name)}

    def transaction_item_kinds(self) -> set[str]:
        """Kinds of transaction items it builds (``{"Update": {...}}`` literals)."""
        return {
            str(key.value)
            for _, node in self.nodes
            for found in used_nodes(node, methods=False)
            if isinstance(found, ast.Dict)
            for key in found.keys
            if isinstance(key, ast.Constant) and key.value in TRANSACTION_ITEMS
        }

    def actions(self) -> dict[str, set[str]]:
        """IAM action -> the ``file:line`` places that need it."""
        known = operations(frozenset(self.services()))
        kinds = self.transaction_item_kinds()
        needed: dict[str, set[str]] = {}
        for module, name, line in self.operation_names():
            if (module.relative, name) in NOT_AWS:
                continue
            if name == "transact_write_items":
                actions = {TRANSACTION_ITEMS[kind] for kind in kinds} or {"dynamodb:PutItem"}
            else:
                actions = SPECIAL.get(name) or known.get(name, set())
                assert len(actions) <= 1, f"{module.relative}:{line}: {name} is an operation of {actions}"
            for action in actions:
                needed.setdefault(action, set()).add(f"{module.relative}:{line}")
        return needed

    def operation_names(self) -> Iterator[tuple[Module, str, int]]:
        """Every ``<x>.<name>``, called or not (``items(table.query, ...)`` calls it later), and the
        operation a ``get_paginator("query")`` names."""
        for module, node in self.nodes:
            for found in used_nodes(node, methods=False):
                if isinstance(found, ast.Attribute):
                    yield module, found.attr, found.lineno
                elif (
                    isinstance(found, ast.Call)
                    and _called_name(found) in ("get_paginator", "get_waiter")
                    and found.args
                    and isinstance(found.args[0], ast.Constant)
                ):
                    yield module, str(found.args[0].value), found.lineno


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return call.func.id if isinstance(call.func, ast.Name) else None


@functools.cache
def operations(services: frozenset[str]) -> dict[str, set[str]]:
    """``send_raw_email`` -> {``ses:SendRawEmail``} for every operation of these services."""
    session = botocore.session.get_session()
    found: dict[str, set[str]] = {}
    for service in sorted(services):
        prefix = IAM_PREFIX.get(service, service)
        for operation in session.get_service_model(service).operation_names:
            found.setdefault(xform_name(operation), set()).add(f"{prefix}:{operation}")
    return found


def reach(roots: Iterable[Key]) -> Reach:
    """Everything the code at ``roots`` can run, by name (see the module docstring)."""
    reached: set[Key] = set()
    methods: set[tuple[Key, str]] = set()
    attributes: set[str] = set()
    classes: dict[Key, ast.ClassDef] = {}
    result = Reach()
    pending: list[tuple[Module, ast.AST]] = []

    def visit(key: Key | None) -> None:
        if key is None or key in reached:
            return
        reached.add(key)
        module = modules()[key[0]]
        node = module.definitions[key[1]]
        if isinstance(node, ast.ClassDef):
            classes[key] = node
        pending.append((module, node))

    for root in roots:
        visit(_resolve(root))
    while pending:
        while pending:
            module, node = pending.pop()
            result.nodes.append((module, node))
            for found in used_nodes(node, methods=False):
                if isinstance(found, ast.Name) and isinstance(found.ctx, ast.Load):
                    if found.id in module.definitions:
                        visit((module.name, found.id))
                    elif found.id in module.imported:
                        visit(_resolve(module.imported[found.id]))
                elif isinstance(found, ast.Attribute):
                    attributes.add(found.attr)
                    if isinstance(found.value, ast.Name) and found.value.id in module.aliases:
                        visit(_resolve((module.aliases[found.value.id], found.attr)))
        for key, cls in classes.items():
            for method in cls.body:
                named = isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef) and (
                    method.name in attributes or (method.name.startswith("__") and method.name.endswith("__"))
                )
                if named and (key, method.name) not in methods:
                    methods.add((key, method.name))
                    pending.append((modules()[key[0]], method))
    return result


def _key(handler: Callable[..., Any]) -> Key:
    function = inspect.unwrap(handler)
    return function.__module__, function.__name__


def _handler_key(handler_string: str) -> Key:
    module, _, name = handler_string.rpartition(".")
    return module, name


@functools.cache
def deployed_functions() -> dict[str, tuple[str, frozenset[Key]]]:
    """Lambda function name -> (its trigger: ``api``, ``authorizer`` or chalice's event source config
    class name, the handlers and middleware it runs)."""
    from app import app

    every = {_key(handler) for handler, kind in app.middleware_handlers if kind == "all"}
    http = {_key(handler) for handler, kind in app.middleware_handlers if kind == "http"}
    views = {_key(route.view_function) for methods in app.routes.values() for route in methods.values()}
    found: dict[str, tuple[str, frozenset[Key]]] = {API_HANDLER: ("api", frozenset(views | every | http))}
    for authorizer in app.builtin_auth_handlers:
        found[authorizer.name] = ("authorizer", frozenset({_handler_key(authorizer.handler_string)}))
    for source in app.event_sources:
        found[source.name] = (type(source).__name__, frozenset({_handler_key(source.handler_string)} | every))
    return found


@functools.cache
def function_reach(function: str) -> Reach:
    return reach(sorted(deployed_functions()[function][1]))
