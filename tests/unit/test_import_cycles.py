"""No import cycles inside ``assessor_app``, and no reaching into private names (issue 10).

The graph is built from the source with ``ast``, not by importing anything: every
``import``/``from ... import`` statement counts, at module level and inside functions and
methods (a lazy import that closes a loop is still a loop, only hidden until the call),
relative imports resolved against the importing module. Imports under ``if TYPE_CHECKING:``
never run and stay out of the graph (their ``else:`` branch runs and stays in).

Edges: ``import a.b`` and ``from a import b`` (``b`` a submodule) point at ``a.b``;
``from a import name`` (``name`` not a submodule) points at the package ``a`` itself. The
implicit import of a parent package's ``__init__`` is not an edge (importing ``a.b`` runs
``a/__init__.py`` first, but that is how packages work, not a dependency of ``a.b`` on
``a``'s contents).

The same walk also finds modules that reach into another module's ``_private`` names
(``from m import _x``, ``m._x``): a seam between modules is a public name.
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Iterable, Iterator
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "assessor_app"


def module_files(root: Path, package: str) -> dict[str, Path]:
    """Dotted module name -> file, for every ``.py`` below ``root / package``."""
    out: dict[str, Path] = {}
    for path in sorted((root / package).rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _import_nodes(nodes: Iterable[ast.AST]) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement that can run: the whole tree, minus ``if TYPE_CHECKING:``
    bodies."""
    stack = list(nodes)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
        else:
            stack.extend(ast.iter_child_nodes(node))


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    """The absolute name of ``from <node.module> import ...`` written in ``module``."""
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    if node.level > 1:
        base = base[:len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def import_graph(root: Path, package: str) -> dict[str, set[str]]:
    """Module -> the modules of ``package`` it imports (see the module docstring)."""
    files = module_files(root, package)
    graph: dict[str, set[str]] = {name: set() for name in files}
    for name, path in files.items():
        tree = ast.parse(path.read_text("utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        for node in _import_nodes([tree]):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                base = _resolve(name, is_package, node)
                for alias in node.names:
                    sub = f"{base}.{alias.name}"
                    targets.append(sub if sub in files else base)
            for target in targets:
                # ``import a.b.c`` where only ``a.b`` is ours (c being an attribute)
                while target and target not in files and "." in target:
                    target = target.rsplit(".", 1)[0]
                if target in files and target != name:
                    graph[name].add(target)
    return graph


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm (iterative); only the components that hold a cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        out.append(sorted(component))
    return sorted(out)


def shortest_cycle(graph: dict[str, set[str]], component: list[str]) -> list[str]:
    """One shortest cycle through the component's first module, as ``[a, b, ..., a]``."""
    members = set(component)
    start = component[0]
    paths: dict[str, list[str]] = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for child in sorted(graph[node] & members):
            if child == start:
                return paths[node] + [start]
            if child not in paths:
                paths[child] = paths[node] + [child]
                queue.append(child)
    raise AssertionError(f"no cycle through {start}")  # a component always has one


def describe_cycles(graph: dict[str, set[str]]) -> list[str]:
    return [" -> ".join(shortest_cycle(graph, c)) + (
        f"  (component of {len(c)}: {', '.join(c)})" if len(c) > 2 else "")
        for c in strongly_connected(graph)]


# ------------------------------------------------------------------ the tests


def test_assessor_app_has_no_import_cycles() -> None:
    graph = import_graph(REPO_ROOT, PACKAGE)
    assert len(graph) > 50 and sum(len(v) for v in graph.values()) > 100  # it saw the tree
    assert "assessor_app.services.sync" in graph["assessor_app.services.runtime"]
    cycles = describe_cycles(graph)
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def _write_package(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def test_the_detector_sees_lazy_relative_and_from_imports(tmp_path: Path) -> None:
    _write_package(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/sub/__init__.py": "from .helpers import tool\n",
        "pkg/sub/helpers.py": "def tool():\n    from ..service import run  # lazy\n",
        "pkg/service.py": "from pkg.sub import helpers\n\ndef run():\n    pass\n",
        "pkg/a.py": "from . import b\n",
        "pkg/b.py": "import pkg.c.thing\n",  # ``thing`` is an attribute: edge to pkg.c
        "pkg/c.py": "class C:\n    def m(self):\n        from pkg import a\n",
    })
    graph = import_graph(tmp_path, "pkg")
    assert graph["pkg.sub"] == {"pkg.sub.helpers"}
    assert graph["pkg.sub.helpers"] == {"pkg.service"}
    assert graph["pkg.service"] == {"pkg.sub.helpers"}
    assert graph["pkg.a"] == {"pkg.b"} and graph["pkg.b"] == {"pkg.c"}
    assert graph["pkg.c"] == {"pkg.a"}
    assert describe_cycles(graph) == [
        "pkg.a -> pkg.b -> pkg.c -> pkg.a  (component of 3: pkg.a, pkg.b, pkg.c)",
        "pkg.service -> pkg.sub.helpers -> pkg.service",
    ]


def test_type_checking_imports_are_not_edges(tmp_path: Path) -> None:
    _write_package(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/a.py": """\
            from typing import TYPE_CHECKING
            import typing
            if TYPE_CHECKING:
                from pkg.b import B
            if typing.TYPE_CHECKING:
                import pkg.b
            else:
                from pkg import c
            """,
        "pkg/b.py": "from pkg.a import x\n",
        "pkg/c.py": "",
    })
    graph = import_graph(tmp_path, "pkg")
    assert graph["pkg.a"] == {"pkg.c"}
    assert describe_cycles(graph) == []


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _exported(path: Path) -> set[str]:
    """The names a module's literal ``__all__`` declares public (gettext's ``_`` is one)."""
    for node in ast.parse(path.read_text("utf-8")).body:
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            value = ast.literal_eval(node.value)
            return {str(v) for v in value}
    return set()


def private_reaches(root: Path, package: str) -> list[str]:
    """Uses of another module's ``_private`` names: ``from m import _x`` and ``alias._x``
    where ``alias`` is a module of ``package`` bound by an import. A name the module lists
    in its ``__all__`` is public whatever its spelling."""
    files = module_files(root, package)
    exported = {name: _exported(path) for name, path in files.items()}
    out: list[str] = []
    for name, path in files.items():
        tree = ast.parse(path.read_text("utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        aliases: dict[str, str] = {}
        for node in _import_nodes([tree]):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname and alias.name in files:
                        aliases[alias.asname] = alias.name
                continue
            base = _resolve(name, is_package, node)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                if sub in files:
                    aliases[alias.asname or alias.name] = sub
                elif base in files and base != name and _private(alias.name) and \
                        alias.name not in exported[base]:
                    out.append(f"{name}:{node.lineno}: from {base} import {alias.name}")
        for use in ast.walk(tree):
            if isinstance(use, ast.Attribute) and isinstance(use.value, ast.Name) and \
                    use.value.id in aliases and _private(use.attr) and \
                    aliases[use.value.id] != name and use.attr not in exported[aliases[use.value.id]]:
                out.append(f"{name}:{use.lineno}: {aliases[use.value.id]}.{use.attr}")
    return sorted(out)


def test_no_module_reaches_into_another_modules_private_names() -> None:
    found = private_reaches(REPO_ROOT, PACKAGE)
    assert not found, "private names used across modules:\n" + "\n".join(found)


def test_the_private_name_check_sees_both_forms(tmp_path: Path) -> None:
    _write_package(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/a.py": "_secret = 1\npublic = 2\n",
        "pkg/b.py": """\
            from pkg.a import _secret, public
            from pkg import a as mod
            def f():
                from . import a
                return mod._secret + a._secret + a.public + a.__name__
            """,
    })
    assert private_reaches(tmp_path, "pkg") == [
        "pkg.b:1: from pkg.a import _secret", "pkg.b:5: pkg.a._secret",
        "pkg.b:5: pkg.a._secret"]
