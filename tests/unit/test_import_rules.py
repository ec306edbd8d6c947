"""The rooms of DESIGN.md ("Rooms, and who may enter which"), checked over the AST of every
module of si_desktop/, not kept in a reviewer's memory.

Every import statement counts: at module level, inside functions and methods, and under
`if TYPE_CHECKING:`. An import made for typing only is still a dependency of the code that
names the type, so it follows the same direction rules as any other (it is only exempt from
"the entry imports ui/ inside a function", since it never runs). Relative imports are
resolved; `from package import name` points at the submodule when `name` is one.

The order, arrows pointing down only:

    entry (cli.py, __main__.py, selftest.py)
      > ui/
      > sync/
      > accounts.py, credentials.py (the sync level's keys: sync/ uses them, never the reverse)
      > api/, store/ (neither uses the other; the accounts use store/ only)
      > core/
      > base (the package itself, logs.py, datadir.py, display.py, resources.py, lazy_names.py)

sandbox/ stands apart: it uses core/ and base only, and only the entry uses it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "si_desktop"

ROOMS = ("core", "api", "store", "sync", "sandbox", "ui")
BASE = {"si_desktop", "si_desktop.logs", "si_desktop.datadir", "si_desktop.resources",
        "si_desktop.notices",
        "si_desktop.display",
        "si_desktop.lazy_names"}
# The keys in the keychain and the list of accounts. They hold no network, so no api/: a
# key's cache scope (store/) is all they need below them.
ACCOUNTS = {"si_desktop.accounts", "si_desktop.credentials"}
ENTRY = {"si_desktop.cli", "si_desktop.__main__", "si_desktop.selftest"}

EVERY_ROOM = frozenset({*ROOMS, "accounts", "base", "entry"})
MAY_USE: dict[str, frozenset[str]] = {
    "entry": EVERY_ROOM,
    "ui": frozenset({"ui", "sync", "accounts", "core", "base"}),
    "sync": frozenset({"sync", "accounts", "api", "store", "core", "base"}),
    "accounts": frozenset({"accounts", "store", "core", "base"}),
    "api": frozenset({"api", "core", "base"}),
    "store": frozenset({"store", "core", "base"}),
    "core": frozenset({"core", "base"}),
    "sandbox": frozenset({"sandbox", "core", "base"}),
    "base": frozenset({"base"}),
}
WHY = {  # the lines DESIGN.md names, in its words
    ("sandbox", "api"): "sandbox/ is an independent reading of the contract",
    ("ui", "sandbox"): "the entry point starts the sandbox and hands the app a URL and a key",
    ("ui", "store"): "the UI takes the cache's names and work through sync/",
    ("ui", "api"): "the UI never calls the API client itself; its names come through sync/",
}
QT = {"PySide6", "shiboken6"}  # nothing outside ui/ imports Qt
# The one home of httpx. The sandbox needs none: it serves with Starlette and uvicorn, and
# only the tests talk to it through httpx.
HTTPX_HOME = "si_desktop.api.transport"

Where = Literal["module", "function", "typing"]


@dataclass(frozen=True)
class Module:
    path: str  # relative to the repository, for messages
    source: str
    is_package: bool  # an __init__.py: its relative imports start at itself


@dataclass(frozen=True)
class Import:
    importer: str  # the importing module
    target: str  # the imported module (the package's own submodule when it names one)
    line: int
    where: Where


def room_of(module: str) -> str | None:
    if module in BASE:
        return "base"
    if module in ACCOUNTS:
        return "accounts"
    if module in ENTRY:
        return "entry"
    parts = module.split(".")
    if len(parts) > 1 and parts[0] == PACKAGE and parts[1] in ROOMS:
        return parts[1]
    return None


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _statements(
    node: ast.AST, where: Where
) -> Iterator[tuple[ast.Import | ast.ImportFrom, Where]]:
    if isinstance(node, ast.Import | ast.ImportFrom):
        yield node, where
        return
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
        where = "function"
    if isinstance(node, ast.If) and _is_type_checking(node.test):
        for statement in node.body:
            yield from _statements(statement, "typing" if where == "module" else where)
        for statement in node.orelse:
            yield from _statements(statement, where)
        return
    for child in ast.iter_child_nodes(node):
        yield from _statements(child, where)


def imports_of(name: str, module: Module, known: AbstractSet[str]) -> list[Import]:
    found = []
    for node, where in _statements(ast.parse(module.source, module.path), "module"):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:
                package = name.split(".") if module.is_package else name.split(".")[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join([*package, base] if base else package)
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                for alias in node.names
            ]
        found += [Import(name, target, node.lineno, where) for target in dict.fromkeys(targets)]
    return found


def _own_module(target: str, known: AbstractSet[str]) -> str | None:
    """The si_desktop module `target` names (its longest known prefix), or None."""
    parts = target.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in known:
            return ".".join(parts[:end])
    return None


def _line_problems(found: Import, target: str | None, modules: Mapping[str, Module]) -> list[str]:
    here = f"{modules[found.importer].path}:{found.line}"
    room = room_of(found.importer)
    top = found.target.split(".")[0]
    problems = []
    if top in QT and room != "ui":
        problems.append(f"{here}: imports {found.target}: nothing outside ui/ imports Qt")
    if top == "httpx" and found.importer != HTTPX_HOME:
        problems.append(f"{here}: imports httpx: only {HTTPX_HOME} does")
    if target is None or room is None:
        return problems
    other = room_of(target)
    if other is None:
        return problems
    if other not in MAY_USE[room]:
        why = WHY.get((room, other), f"{room} may use only {', '.join(sorted(MAY_USE[room]))}")
        problems.append(f"{here}: {room} → {other} ({target}): {why}")
    if room == "entry" and other == "ui" and found.where == "module":
        problems.append(
            f"{here}: entry → ui ({target}) at module level: the entry imports ui/ inside a "
            "function, so that the command line and the sandbox never load Qt"
        )
    return problems


def _components(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """Strongly connected components (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def find_problems(modules: Mapping[str, Module]) -> list[str]:
    """Every broken rule, one line each: file:line, what is imported, and the rule."""
    known = set(modules)
    problems = [f"{m.path}: in no room; place it in test_import_rules.py"
                for name, m in modules.items() if room_of(name) is None]
    graph: dict[str, set[str]] = {name: set() for name in modules}
    edges: list[tuple[Import, str]] = []
    for name, module in sorted(modules.items()):
        for found in imports_of(name, module, known):
            target = _own_module(found.target, known)
            problems += _line_problems(found, target, modules)
            if target is not None and target != name:
                graph[name].add(target)
                edges.append((found, target))
    for component in _components(graph):
        rooms = {room_of(member) for member in component}
        if len(rooms) < 2:
            continue
        members = set(component)
        crossing = [
            f"{modules[f.importer].path}:{f.line} ({room_of(f.importer)} → {room_of(t)})"
            for f, t in edges
            if f.importer in members and t in members and room_of(f.importer) != room_of(t)
        ]
        problems.append(
            f"an import cycle spans {', '.join(sorted(r or '?' for r in rooms))} "
            f"({len(component)} modules: {', '.join(component)}); its arrows between rooms: "
            + "; ".join(crossing)
        )
    return problems


def package_modules(root: Path = ROOT) -> dict[str, Module]:
    modules = {}
    for path in sorted((root / PACKAGE).rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        is_package = parts[-1] == "__init__"
        name = ".".join(parts[:-1] if is_package else parts)
        modules[name] = Module(
            path.relative_to(root).as_posix(), path.read_text(encoding="utf-8"), is_package
        )
    return modules


def test_every_module_keeps_to_its_room() -> None:
    modules = package_modules()
    assert len(modules) > 100  # the walk found the package
    problems = find_problems(modules)
    assert not problems, "imports that break DESIGN.md's rooms:\n" + "\n".join(problems)


def test_the_checker_catches_each_kind_of_broken_rule() -> None:
    def module(path: str, source: str) -> Module:
        return Module(path, source, path.endswith("__init__.py"))

    bad = {
        "si_desktop.core": module("si_desktop/core/__init__.py", ""),
        "si_desktop.core.rules": module(
            "si_desktop/core/rules.py", "def f():\n    from PySide6 import QtCore\n"
        ),
        "si_desktop.api.client": module("si_desktop/api/client.py", "import httpx\n"),
        "si_desktop.sandbox.routes": module(
            "si_desktop/sandbox/routes.py",
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
            "    from si_desktop.api import client\n",
        ),
        "si_desktop.store": module("si_desktop/store/__init__.py", "from . import cache\n"),
        "si_desktop.store.cache": module(
            "si_desktop/store/cache.py", "from ..sync import work\n"
        ),
        "si_desktop.sync.work": module(
            "si_desktop/sync/work.py", "from si_desktop.store import cache\n"
        ),
        "si_desktop.ui.page": module("si_desktop/ui/page.py", "import si_desktop.store\n"),
        "si_desktop.cli": module("si_desktop/cli.py", "from si_desktop.ui import page\n"),
        "si_desktop.extra": module("si_desktop/extra.py", ""),
    }
    problems = "\n".join(find_problems(bad))
    for expected in (
        "si_desktop/core/rules.py:2: imports PySide6: nothing outside ui/ imports Qt",
        "si_desktop/api/client.py:1: imports httpx: only si_desktop.api.transport does",
        "si_desktop/sandbox/routes.py:3: sandbox → api (si_desktop.api.client)",
        "si_desktop/store/cache.py:1: store → sync (si_desktop.sync.work)",
        "si_desktop/ui/page.py:1: ui → store (si_desktop.store)",
        "si_desktop/cli.py:1: entry → ui (si_desktop.ui.page) at module level",
        "an import cycle spans store, sync (2 modules: si_desktop.store.cache, "
        "si_desktop.sync.work); its arrows between rooms: "
        "si_desktop/store/cache.py:1 (store → sync); si_desktop/sync/work.py:1 (sync → store)",
        "si_desktop/extra.py: in no room",
    ):
        assert expected in problems
    assert "cli.py:1: entry → ui (si_desktop.ui.page): " not in problems  # the entry may
    assert "store/__init__.py" not in problems  # within a room, anything goes
