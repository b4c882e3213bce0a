"""The layers (ARCHITECTURE.md "The layers"): dependencies point one way,
``ui -> services -> (storage, reports, bundles) -> core``.

* Nothing outside ``assessor_app.ui`` (and the GUI entry ``assessor_app.app``) loads Qt.
* ``assessor_app.core`` is pure Python: no SQL, no reportlab, no Qt.
* No module calls the ``eval``/``exec`` builtins.
* ``services`` never import ``ui``; ``ui`` never imports ``storage`` (it speaks to services
  and their read models). These read the source (ast), so an import inside a function or
  under ``TYPE_CHECKING`` counts too.

The import checks run in a fresh interpreter, so modules already imported by other tests
(or by pytest-qt) cannot hide or fake a dependency. Packages are walked with ``pkgutil``,
so new modules are covered without editing this file.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGE_DIR = REPO_ROOT / "assessor_app"

# Imports the named packages and every module below them, then the single modules, and
# reports which of the watched top-level packages got loaded and by which import first.
_PROBE = textwrap.dedent(
    """
    import importlib, json, pkgutil, sys

    packages, modules, watched = json.loads(sys.argv[1])

    def loaded():
        return sorted(m for m in sys.modules
                      if any(m == w or m.startswith(w + ".") for w in watched))

    imported, culprits, errors = [], {}, []

    def load(name):
        before = set(loaded())
        importlib.import_module(name)
        imported.append(name)
        for mod in sorted(set(loaded()) - before):
            culprits.setdefault(mod.split(".")[0], name)

    def on_error(name):
        errors.append(name)

    for pkg_name in packages:
        load(pkg_name)
        pkg = sys.modules[pkg_name]
        for info in pkgutil.walk_packages(pkg.__path__, prefix=pkg_name + ".",
                                          onerror=on_error):
            load(info.name)
    for name in modules:
        load(name)
    print(json.dumps({"imported": imported, "loaded": loaded(), "culprits": culprits,
                      "errors": errors}))
    """
)


def _probe(packages: list[str], modules: list[str], watched: list[str]) -> dict[str, Any]:
    env = dict(os.environ)
    old = env.get("PYTHONPATH")
    env["PYTHONPATH"] = str(REPO_ROOT) + (os.pathsep + old if old else "")
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps([packages, modules, watched])],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, f"import probe failed:\n{proc.stderr}"
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["errors"] == [], f"packages that failed to import: {result['errors']}"
    return result


def _package_modules(package: str) -> set[str]:
    """Module names under ``package`` found on disk (to check the probe saw them all)."""
    base = PACKAGE_DIR.parent
    names = set()
    for path in (base / package.replace(".", "/")).rglob("*.py"):
        if "__pycache__" in path.parts:
            continue
        parts = list(path.relative_to(base).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names.add(".".join(parts))
    return names


QT = ["PySide6", "shiboken6"]


def test_non_gui_layers_do_not_load_qt() -> None:
    packages = ["assessor_app.core", "assessor_app.storage", "assessor_app.services",
                "assessor_app.reports", "assessor_app.bundles"]
    result = _probe(packages, ["assessor_app.cli", "assessor_app.messages"], QT)
    imported = set(result["imported"])
    for package in packages:
        unseen = _package_modules(package) - imported
        assert not unseen, f"modules not imported by the probe: {sorted(unseen)}"
    assert {"assessor_app.services.runtime", "assessor_app.storage.store",
            "assessor_app.core.engine", "assessor_app.cli"} <= imported
    assert result["loaded"] == [], (
        f"Qt loaded outside assessor_app.ui: {result['loaded']}; "
        f"first pulled in by: {result['culprits']}")


def test_core_is_pure_python() -> None:
    forbidden = ["sqlalchemy", "sqlmodel", "reportlab", *QT]
    result = _probe(["assessor_app.core"], [], forbidden)
    imported = set(result["imported"])
    assert _package_modules("assessor_app.core") <= imported
    assert result["loaded"] == [], (
        f"assessor_app.core loads {sorted({m.split('.')[0] for m in result['loaded']})}; "
        f"first pulled in by: {result['culprits']}")


_BANNED = frozenset({"eval", "exec"})


def _banned_uses(tree: ast.AST) -> list[tuple[int, str]]:
    """Uses of the eval/exec builtins: direct calls, aliases (``f = eval``) and
    ``builtins.eval`` / ``__builtins__.exec`` / ``getattr(builtins, "eval")``."""
    hits: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in _BANNED and isinstance(node.ctx, ast.Load):
            hits.append((node.lineno, node.id))
        elif (isinstance(node, ast.Attribute) and node.attr in _BANNED
              and isinstance(node.value, ast.Name)
              and node.value.id in ("builtins", "__builtins__")):
            hits.append((node.lineno, f"{node.value.id}.{node.attr}"))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id == "getattr" and len(node.args) >= 2
              and isinstance(node.args[1], ast.Constant) and node.args[1].value in _BANNED):
            hits.append((node.lineno, f"getattr(..., {node.args[1].value!r})"))
        elif isinstance(node, ast.ImportFrom) and node.module == "builtins":
            hits += [(node.lineno, f"from builtins import {a.name}")
                     for a in node.names if a.name in _BANNED]
    return hits


def test_no_eval_or_exec_builtins() -> None:
    files = sorted(p for p in PACKAGE_DIR.rglob("*.py") if "__pycache__" not in p.parts)
    assert len(files) > 10
    problems = []
    for path in files:
        tree = ast.parse(path.read_text("utf-8"), filename=str(path))
        problems += [f"{path.relative_to(REPO_ROOT)}:{line}: {what}"
                     for line, what in _banned_uses(tree)]
    assert not problems, "eval/exec builtins used:\n" + "\n".join(problems)


def test_banned_use_detector_finds_the_usual_forms() -> None:
    code = textwrap.dedent(
        """
        import builtins
        eval("1")
        f = exec
        builtins.eval("2")
        getattr(builtins, "exec")("x = 1")
        from builtins import eval as e
        obj.eval(node)          # a method called eval is fine
        s.exec(select(x))       # so is Session.exec
        """
    )
    found = [what for _, what in sorted(_banned_uses(ast.parse(code)))]
    assert found == ["eval", "exec", "builtins.eval", "getattr(..., 'exec')",
                     "from builtins import eval"], found


# ------------------------------------------------------------------ imports between layers


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported_names(tree: ast.AST, module: str, is_package: bool) -> list[tuple[int, str]]:
    """Every module an ``import``/``from ... import`` anywhere in ``tree`` names (relative
    imports resolved, ``from a import b`` as both ``a`` and ``a.b``), and the string given
    to ``importlib.import_module``/``__import__``."""
    package = module if is_package else module.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            found.append((node.lineno, base))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
        elif (isinstance(node, ast.Call) and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
              and ((isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
                   or (isinstance(node.func, ast.Name)
                       and node.func.id in ("import_module", "__import__")))):
            found.append((node.lineno, node.args[0].value))
    return found


def _layer_imports(layer: str, forbidden: str) -> dict[str, list[str]]:
    """Modules of ``assessor_app.<layer>`` that import ``assessor_app.<forbidden>``:
    module -> ["line N imported.module", ...]."""
    target = f"assessor_app.{forbidden}"
    files = sorted(p for p in (PACKAGE_DIR / layer).rglob("*.py")
                   if "__pycache__" not in p.parts)
    assert len(files) > 3, files
    offenders: dict[str, list[str]] = {}
    for path in files:
        module = _module_name(path)
        tree = ast.parse(path.read_text("utf-8"), filename=str(path))
        by_line: dict[int, str] = {}  # line -> the module it imports (shortest name)
        for line, name in _imported_names(tree, module, path.name == "__init__.py"):
            if (name == target or name.startswith(target + ".")) and \
                    len(name) < len(by_line.get(line, name + ".")):
                by_line[line] = name
        if by_line:
            offenders[module] = [f"line {line} {name}" for line, name in sorted(by_line.items())]
    return offenders


def _report(offenders: dict[str, list[str]]) -> str:
    return "\n".join(f"  {module}: " + "; ".join(hits) for module, hits in offenders.items())


def test_services_never_import_ui() -> None:
    offenders = _layer_imports("services", "ui")
    assert not offenders, "assessor_app.services imports assessor_app.ui:\n" + _report(offenders)


def test_ui_never_imports_storage() -> None:
    offenders = _layer_imports("ui", "storage")
    assert not offenders, (f"{len(offenders)} ui modules import assessor_app.storage:\n"
                           + _report(offenders))


def test_import_detector_finds_the_usual_forms() -> None:
    code = textwrap.dedent(
        """
        import assessor_app.storage.tables
        from assessor_app.storage.backup import list_backups
        from assessor_app import storage
        from ..storage import db                   # assessor_app.ui.storage: not it
        from ...storage.tables import AssessmentRow as Row
        from . import tasks
        from assessor_app.storages import x        # another package: not storage

        def later():
            from assessor_app.storage.tables import VisitRow
            importlib.import_module("assessor_app.storage.migrations")
        """
    )
    names = _imported_names(ast.parse(code), "assessor_app.ui.views.startup", False)
    storage = sorted({line for line, name in names if name == "assessor_app.storage"
                      or name.startswith("assessor_app.storage.")})
    assert storage == [2, 3, 4, 6, 11, 12], names
    # relative imports resolve against the module's package
    assert {(5, "assessor_app.ui.storage"), (7, "assessor_app.ui.views.tasks")} <= set(names)
