"""The shape of the package: no import loops, and MkDocs only in the plugin.

The import graph is read from the source (every ``import``, at the top of a module or inside a
function), so a loop or a stray MkDocs import fails here, whichever path runs it.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from paths import REPO

SRC = REPO / "src"
PACKAGE = "noticeboard"
PLUGIN = f"{PACKAGE}.mkdocs_plugin"
EDGE = {f"{PACKAGE}.cli"}  # the command line drives the plugin's build and serve
MKDOCS = ("mkdocs", "material")


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted((SRC / PACKAGE).rglob("*.py"))}


def imported(name: str, path: Path) -> set[str]:
    """Every module name ``path`` imports, relative imports resolved."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            out.add(module)
            out.update(f"{module}.{alias.name}" for alias in node.names if f"{module}.{alias.name}" in MODULES)
    return out


def own(module: str) -> str | None:
    """The package's module that importing ``module`` runs (None for a module from outside)."""
    while module and module not in MODULES:
        module = module.rpartition(".")[0]
    return module or None


def graph() -> dict[str, set[str]]:
    """Module → the package's modules it imports. Importing ``a.b.c`` also runs ``a/b/__init__``:
    that package is a dependency too, unless it is the importer's own package (already running)."""
    out: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        deps: set[str] = set()
        for module in map(own, imported(name, path)):
            while module and module != PACKAGE:
                if not (name == module or name.startswith(module + ".")):
                    deps.add(module)
                module = module.rpartition(".")[0]
        out[name] = deps
    return out


def loops(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_the_graph_is_read_from_the_source():
    edges = graph()
    assert f"{PACKAGE}.model" in edges[f"{PACKAGE}.labels"]
    assert f"{PACKAGE}.mkdocs_plugin.driver" in edges[f"{PACKAGE}.cli"]  # an import inside a function counts
    assert loops({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_loops():
    assert loops(graph()) == []


def test_mkdocs_is_imported_only_by_the_plugin():
    stray = sorted(f"{name} imports {module}" for name, path in MODULES.items() if not name.startswith(PLUGIN)
                   for module in imported(name, path) if module.split(".")[0] in MKDOCS)
    assert stray == []


def test_the_core_does_not_reach_the_plugin():
    edges = graph()
    stray = sorted(f"{name} imports {dep}" for name, deps in edges.items() if not name.startswith(PLUGIN) and name not in EDGE
                   for dep in deps if dep.startswith(PLUGIN))
    assert stray == []


def test_loading_every_core_module_loads_no_mkdocs():
    core = [name for name in MODULES if not name.startswith(PLUGIN) and name not in EDGE]
    code = ("import importlib, sys\n"
            f"for name in {core!r}:\n    importlib.import_module(name)\n"
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {MKDOCS!r}))\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout == "[]\n"
