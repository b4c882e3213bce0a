"""Convert Qt Linguist calls to the gettext catalogue (assessor_app.i18n), mechanically.

    python scripts/convert_tr_to_gettext.py [--ts resources/translations/assessor_en.ts]
                                            [--check] [FILE ...]

Rewrites, in the given files (default: assessor_app/app.py and assessor_app/ui/**.py):

    self.tr("x")                              -> _("x")
    QCoreApplication.translate("Ctx", "x")    -> _("x")
    self.tr("x") where "x" needs another English in another class
                                              -> pgettext("Class", "x")
    self.tr("%n berkas", "", n)               -> ngettext("{n} berkas", "{n} berkas", n)
    self.tr("x", "disambiguation")            -> pgettext("disambiguation", "x")

A string keeps its Qt context (the class name for ``self.tr``) as msgctxt when the .po has
an entry with that context, i.e. where the same Indonesian has another English than it has
elsewhere. With ``--ts`` the English translations of a Qt Linguist file are merged into
the .po first (a source gets one plain msgid with its most frequent English, the contexts
that differ keep theirs), so a branch that still added strings to the .ts can be converted
after merging. Continuation lines aligned after a
rewritten call are moved left with it, a throw-away ``_`` variable in a function that now
calls ``_()`` is renamed ``_ignored``, and the i18n import is added (``ruff --fix`` then
sorts the imports and drops a QCoreApplication import that is no longer used).

``--check`` changes nothing and exits 1 if a file still has a Qt translation call. The run
is idempotent: converted files have nothing left to convert.
"""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

import i18n as catalogue_tool  # noqa: E402  (scripts/i18n.py)

IMPORT_MODULE = "assessor_app.i18n"
THROWAWAY = "_ignored"


@dataclass
class Found:
    """One Qt translation call in a file."""

    node: ast.Call
    qt_context: str
    source: str
    disambiguation: str | None
    plural_arg: ast.expr | None
    text_arg: ast.expr  # the argument that stays (the source text)
    context_arg: ast.expr | None  # QCoreApplication.translate's context argument


def default_files() -> list[Path]:
    ui = sorted((REPO / "assessor_app" / "ui").rglob("*.py"))
    return [REPO / "assessor_app" / "app.py", *ui]


# ------------------------------------------------------------------ .ts

def read_ts(path: Path) -> dict[tuple[str, str], str]:
    """(context, source) -> English, finished translations only."""
    out: dict[tuple[str, str], str] = {}
    for ctx in ET.parse(path).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            if tr is None or tr.get("type") in ("unfinished", "vanished", "obsolete"):
                continue
            if msg.get("numerus") == "yes":
                forms = [f.text or "" for f in tr.iter("numerusform")]
                text = "\x00".join(forms)
            else:
                text = tr.text or ""
            if text:
                out[(name, msg.findtext("source") or "")] = text
    return out


def merge_ts(ts: dict[tuple[str, str], str], catalog: object) -> tuple[int, int, list[str]]:
    """Add the .ts translations to the .po catalogue. A source has one plain msgid with its
    most frequent English; the Qt contexts where the same Indonesian has another English keep
    their context as msgctxt (and their calls become pgettext). Returns (plain entries,
    context entries, clashes with translations already in the .po)."""
    by_source: dict[str, Counter[str]] = defaultdict(Counter)
    for (_ctx, src), text in ts.items():
        by_source[src][text] += 1
    usual = {src: sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
             for src, counts in by_source.items()}
    plain = with_context = 0
    clashes: list[str] = []
    for (ctx, src), text in sorted(ts.items()):
        msgctxt = None if text == usual[src] else ctx
        source = src.replace("%n", "{n}")
        if "\x00" in text:
            forms = tuple(t.replace("%n", "{n}") for t in text.split("\x00"))
            msgid: str | tuple[str, str] = (source, source)
            string: str | tuple[str, ...] = forms
        else:
            msgid, string = source, text
        existing = catalog.get(msgid, msgctxt)  # type: ignore[attr-defined]
        if existing is None:
            catalog.add(msgid, string, context=msgctxt)  # type: ignore[attr-defined]
        elif not existing.string or existing.fuzzy:
            existing.string = string
            existing.flags.discard("fuzzy")
        elif existing.string != string:
            clashes.append(f"[{msgctxt or ''}] {src!r}: .po {existing.string!r}, "
                           f".ts {string!r}")
            continue
        if msgctxt:
            with_context += 1
        else:
            plain += 1
    return plain, with_context, clashes


# ------------------------------------------------------------------ finding calls

def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    out: dict[ast.AST, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            out[child] = node
    return out


def _str(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def find_calls(tree: ast.AST, parents: dict[ast.AST, ast.AST],
               problems: list[str], path: Path) -> list[Found]:
    found: list[Found] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        owner = node.func.value
        if not isinstance(owner, ast.Name):
            continue
        args = node.args
        if owner.id == "self" and node.func.attr == "tr":
            cls = parents.get(node)
            while cls is not None and not isinstance(cls, ast.ClassDef):
                cls = parents.get(cls)
            ctx = cls.name if isinstance(cls, ast.ClassDef) else ""
            text_i, context_arg = 0, None
        elif owner.id == "QCoreApplication" and node.func.attr == "translate":
            ctx = _str(args[0] if args else None) or ""
            text_i, context_arg = 1, (args[0] if args else None)
        else:
            continue
        source = _str(args[text_i] if len(args) > text_i else None)
        if source is None or node.keywords or (context_arg is not None and not ctx):
            problems.append(f"{path}:{node.lineno}: not a literal call, left as it is")
            continue
        disamb = _str(args[text_i + 1]) if len(args) > text_i + 1 else None
        plural = args[text_i + 2] if len(args) > text_i + 2 else None
        found.append(Found(node, ctx, source, disamb or None, plural, args[text_i],
                           context_arg))
    return found


# ------------------------------------------------------------------ rewriting

class Lines:
    """The file as lines, edited with ast positions (UTF-8 byte columns)."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")

    def col(self, lineno: int, byte_col: int) -> int:
        line = self.lines[lineno - 1]
        return len(line.encode("utf-8")[:byte_col].decode("utf-8"))

    def start(self, node: ast.AST) -> tuple[int, int]:
        return node.lineno, self.col(node.lineno, node.col_offset)  # type: ignore[attr-defined]

    def end(self, node: ast.AST) -> tuple[int, int]:
        end_line = node.end_lineno  # type: ignore[attr-defined]
        return end_line, self.col(end_line, node.end_col_offset)  # type: ignore[attr-defined]

    def replace(self, a: tuple[int, int], b: tuple[int, int], text: str) -> None:
        (la, ca), (lb, cb) = a, b
        head = self.lines[la - 1][:ca]
        tail = self.lines[lb - 1][cb:]
        new = (head + text + tail).split("\n")
        self.lines[la - 1:lb] = new

    def text(self) -> str:
        return "\n".join(self.lines)


def _outer_expression_end(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> int:
    end = node.end_lineno  # type: ignore[attr-defined]
    parent = parents.get(node)
    while parent is not None and not isinstance(parent, ast.stmt):
        end = max(end, getattr(parent, "end_lineno", end) or end)
        parent = parents.get(parent)
    if isinstance(parent, (ast.Expr, ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Return)):
        end = max(end, parent.end_lineno or end)
    return int(end)


def literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def rewrite(path: Path, contexts: set[tuple[str, str]], problems: list[str]
            ) -> tuple[str, int, set[str]]:
    """The converted text of ``path``, the number of calls converted and the names used."""
    original = path.read_text(encoding="utf-8")
    tree = ast.parse(original)
    parents = _parents(tree)
    calls = find_calls(tree, parents, problems, path)
    if not calls:
        return original, 0, set()
    lines = Lines(original)
    used: set[str] = set()
    for call in sorted(calls, key=lambda c: (c.node.lineno, c.node.col_offset), reverse=True):
        node = call.node
        msgctxt = call.disambiguation or (
            call.qt_context if (call.qt_context, call.source) in contexts else None)
        if call.plural_arg is not None:
            name = "npgettext" if msgctxt else "ngettext"
            problems.append(f"{path}:{node.lineno}: plural form: check that the {{n}} of "
                            f"{call.source!r} is filled (.format(n=...))")
        else:
            name = "pgettext" if msgctxt else "_"
        used.add(name)
        line_no, func_col = lines.start(node.func)
        func_end = lines.end(node.func)[1]
        text_start, text_end = lines.start(call.text_arg), lines.end(call.text_arg)
        ctx_text = literal(msgctxt) + ", " if msgctxt else ""
        # (line, column where the text that moves starts, how far it moves left; negative:
        # right)
        moved: list[tuple[int, int, int]] = [(line_no, func_end,
                                              func_end - func_col - len(name))]
        # 1. what follows the source text up to ")": the disambiguation, n
        tail = ""
        if call.plural_arg is not None:
            plural_source = ast.get_source_segment(original, call.plural_arg) or "n"
            tail = ", " + literal(call.source.replace("%n", "{n}")) + ", " + plural_source
        if node.args[-1] is not call.text_arg:
            lines.replace(text_end, lines.end(node.args[-1]), tail)
        # 2. the source text, where Qt's %n becomes {n}
        if call.plural_arg is not None and "%n" in call.source:
            lines.replace(text_start, text_end, literal(call.source.replace("%n", "{n}")))
        # 3. the context: QCoreApplication.translate's argument dropped or kept (pgettext),
        #    or the class name put before self.tr's text
        if call.context_arg is not None:
            ctx_start = lines.start(call.context_arg)
            if ctx_start[0] == text_start[0]:
                moved.append((text_start[0], text_start[1],
                              text_start[1] - ctx_start[1] - len(ctx_text)))
            lines.replace(ctx_start, text_start, ctx_text)
        elif ctx_text:
            moved.append((text_start[0], text_start[1], -len(ctx_text)))
            lines.replace(text_start, text_start, ctx_text)
        # 4. the function
        lines.replace((line_no, func_col), (line_no, func_end), name)
        # 5. continuation lines aligned with the text that moved move with it (a hanging
        #    indent under the call's name stays)
        for ln in range(line_no + 1, _outer_expression_end(node, parents) + 1):
            text = lines.lines[ln - 1]
            indent = len(text) - len(text.lstrip(" "))
            if not text.strip() or indent <= func_col:
                continue
            shift = sum(n for line, col, n in moved if line < ln and col <= indent)
            if shift > 0:
                lines.lines[ln - 1] = text[min(shift, indent):]
            elif shift < 0:
                lines.lines[ln - 1] = " " * -shift + text
    text = lines.text()
    if "_" in used:
        renamed = _rename_throwaways(text)
        if renamed != text:
            problems.append(f"{path}: a throw-away '_' renamed {THROWAWAY}")
            text = renamed
    return text, len(calls), used


def _rename_throwaways(text: str) -> str:
    """A throw-away ``_`` bound in a function would shadow ``_()`` there (ruff F402, or an
    UnboundLocalError where the function also calls it): rename it."""
    tree = ast.parse(text)
    lines = Lines(text)
    targets = [node for f in ast.walk(tree)
               if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
               for node in ast.walk(f)
               if isinstance(node, ast.Name) and node.id == "_"
               and isinstance(node.ctx, ast.Store)]
    seen: set[tuple[int, int]] = set()
    for node in sorted(targets, key=lambda n: (n.lineno, n.col_offset), reverse=True):
        if (node.lineno, node.col_offset) in seen:
            continue
        seen.add((node.lineno, node.col_offset))
        lines.replace(lines.start(node), lines.end(node), THROWAWAY)
    return lines.text()


def add_import(text: str, names: set[str]) -> str:
    tree = ast.parse(text)
    have: set[str] = set()
    last_import = None
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            last_import = node
            if isinstance(node, ast.ImportFrom) and node.module == IMPORT_MODULE:
                have |= {a.asname or a.name for a in node.names}
    missing = sorted(names - have)
    if not missing:
        return text
    line = f"from {IMPORT_MODULE} import {', '.join(missing)}"
    lines = text.split("\n")
    at = last_import.end_lineno if last_import is not None else 0
    lines.insert(at or 0, line)
    return "\n".join(lines)


# ------------------------------------------------------------------ main

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--ts", type=Path, help="merge this Qt Linguist file into the .po")
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 if a Qt translation call is left")
    args = parser.parse_args(argv)
    files = [p.resolve() for p in args.files] or default_files()
    problems: list[str] = []

    if args.check:
        left = []
        for path in files:
            tree = ast.parse(path.read_text(encoding="utf-8"))
            left += [f"{path}:{c.node.lineno}" for c in find_calls(tree, _parents(tree), [],
                                                                   path)]
        print("\n".join(left) or "no Qt translation call left")
        return 1 if left else 0

    catalog = catalogue_tool.read("en")
    if args.ts:
        ts = read_ts(args.ts)
        plain, with_ctx, clashes = merge_ts(ts, catalog)
        print(f"{args.ts.name}: {len(ts)} translated messages, "
              f"{len({s for _c, s in ts})} sources -> {plain} plain msgids and {with_ctx} "
              f"with their Qt context (the same Indonesian, another English)")
        for clash in clashes:
            print(f"  kept the .po's translation: {clash}")
        catalogue_tool.write(catalog, "en")
    contexts = {(str(m.context), m.id if isinstance(m.id, str) else m.id[0])
                for m in catalog if m.context}

    changed: list[Path] = []
    total = 0
    for path in files:
        text, count, used = rewrite(path, contexts, problems)
        if not count:
            continue
        text = add_import(text, used)
        path.write_text(text, encoding="utf-8")
        changed.append(path)
        total += count
        shown = path.relative_to(REPO) if path.is_relative_to(REPO) else path
        print(f"{shown}: {count} calls")
    if changed:
        subprocess.run([sys.executable, "-m", "ruff", "check", "--fix", "--quiet",
                        "--select", "I001,F401", *map(str, changed)], cwd=REPO, check=False)
    if args.ts:
        catalogue_tool.compile_all()
    for line in problems:
        print(f"note: {line}")
    print(f"{total} calls converted in {len(changed)} files")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
