"""The layers (ARCHITECTURE.md "The layers"): dependencies point one way,
``ui -> services -> (storage, reports, bundles) -> core``.

* Nothing outside ``assessor_app.ui`` (and the GUI entry ``assessor_app.app``) loads Qt.
* ``assessor_app.core`` is pure Python: no SQL, no reportlab, no Qt.
* No module calls the ``eval``/``exec`` builtins.

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
