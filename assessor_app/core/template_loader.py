"""Load and validate checklist templates from YAML, reporting every problem with its position.

The YAML is composed into nodes (PyYAML's safe composer), never constructed into Python
objects first, so every value keeps its line and column and duplicate keys are caught.
Each problem becomes a :class:`TemplateIssue` (``file:line:col`` + code + params); the
loader keeps going after a problem so an author sees all of them at once.
"""

from __future__ import annotations

import difflib
import errno
import hashlib
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from assessor_app.core import expr
from assessor_app.core.errors import TemplateError, TemplateIssue
from assessor_app.core.files import FileRefused, read_user_file
from assessor_app.core.responses import BUILTIN_RESPONSE_SETS
from assessor_app.core.template import (
    MAX_TEMPLATE_BYTES,
    ORIGIN_APP,
    RECOMMENDATION_VERDICTS,
    VALUE_TYPES,
    Element,
    GradeBand,
    Item,
    ItemType,
    Lsp,
    Option,
    ResponseSet,
    Scheme,
    Scoring,
    Section,
    Signer,
    SubjectKind,
    Template,
    TemplateKind,
    Text,
    Unit,
    VerdictMode,
)

FORMAT_VERSION = 1
# libyaml's safe composer when available (10x faster); both keep line/column marks.
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
VALUE_RE = re.compile(r"^[a-z0-9_]{1,64}$")
SCHEME_TYPES = ("KKNI", "Okupasi", "Klaster")

TOP_KEYS = {
    "template",
    "code",
    "version",
    "form",
    "kind",
    "subject",
    "title",
    "description",
    "source",
    "scheme",
    "signers",
    "header",
    "response_sets",
    "scoring",
    "verdict",
    "sections",
}
SECTION_KEYS = {
    "name",
    "code",
    "title",
    "description",
    "relevant",
    "pass_threshold",
    "regulation",
    "origin",
    "unit",
    "element",
    "items",
    "sections",
}
ITEM_KEYS = {
    "name",
    "type",
    "label",
    "code",
    "hint",
    "evidence_hint",
    "regulation",
    "response_set",
    "required",
    "required_message",
    "relevant",
    "constraint",
    "constraint_message",
    "calculation",
    "default",
    "dynamic_default",
    "choice_filter",
    "read_only",
    "multiline",
    "appearance",
    "critical",
    "weight",
    "score",
    "kuk",
    "benchmark",
    "signer_role",
    "decision",
    "recommendation",
    "origin",
    "items",
    "min_rows",
    "max_rows",
}
OPTION_KEYS = {"value", "label", "score", "na", "pass", "verdict", "columns"}
# A choice column a choice_filter can name bare (what the expression lexer reads as a name).
COLUMN_RE = re.compile(r"^[A-Za-z](?:[A-Za-z0-9_]|[-:][A-Za-z]){0,63}$")
# name and label are the option's own; the rest are columns an XLSForm choices sheet
# gives another meaning (our scoring columns, pyxform's media)
RESERVED_COLUMNS = {"name", "label", "list_name", "score", "na", "pass", "verdict", "list_label",
                    "image", "audio", "video", "media"}
APPEARANCES = {"buttons", "radio", "dropdown", "checkboxes"}


@dataclass
class _Expr:
    """An expression found in the template, remembered for the reference/cycle pass."""

    owner: str  # item or section name
    attr: str
    source: str
    node: ScalarNode
    ast: expr.Node
    repeat: str | None  # repeat group the owner belongs to


@dataclass
class _Ctx:
    file: str
    issues: list[TemplateIssue] = field(default_factory=list)
    names: dict[str, Node] = field(default_factory=dict)
    exprs: list[_Expr] = field(default_factory=list)
    repeat_children: dict[str, str] = field(default_factory=dict)  # child -> repeat
    #: (item, response set, choice_filter node): columns checked once the sets are known
    filters: list[tuple[str, str, Node]] = field(default_factory=list)
    section_of: dict[str, list[str]] = field(default_factory=dict)  # item -> enclosing sections

    def err(self, node: Node | None, code: str, **params: Any) -> None:
        line, col = (1, 1)
        if node is not None:
            line, col = node.start_mark.line + 1, node.start_mark.column + 1
        self.issues.append(TemplateIssue(self.file, line, col, code, params))

    def err_at(self, line: int, col: int, code: str, **params: Any) -> None:
        self.issues.append(TemplateIssue(self.file, line, col, code, params))


# ------------------------------------------------------------------ public API


def load_template(path: Path) -> Template:
    """Load one template file; raise TemplateError listing every problem."""
    try:  # a regular file only, read up to the cap (never /dev/zero or a FIFO)
        raw = read_user_file(path, MAX_TEMPLATE_BYTES)
    except FileRefused as exc:
        if exc.code in ("file.not_regular", "file.too_large"):
            issue = TemplateIssue(str(path), 1, 1, exc.code, exc.params)
        else:  # missing, no permission, an I/O error: the OS's own words
            reason = {"file.not_found": os.strerror(errno.ENOENT),
                      "file.no_permission": os.strerror(errno.EACCES)}.get(
                exc.code, str(exc.params.get("detail", "")))
            issue = TemplateIssue(str(path), 1, 1, "template.unreadable", {"reason": reason})
        raise TemplateError([issue]) from None
    return load_template_text(raw, str(path))


def load_template_text(raw: bytes | str, filename: str = "<template>") -> Template:
    ctx = _Ctx(filename)
    if isinstance(raw, str):
        raw_bytes = raw.encode("utf-8")
    else:
        raw_bytes = raw
    if len(raw_bytes) > MAX_TEMPLATE_BYTES:
        raise TemplateError([TemplateIssue(filename, 1, 1, "template.too_large", {})])
    try:
        text = raw_bytes.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TemplateError(
            [TemplateIssue(filename, 1, 1, "template.not_utf8", {"offset": exc.start})]
        ) from exc
    try:
        root = yaml.compose(text, Loader=_YAML_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "syntax error"
        raise TemplateError(
            [TemplateIssue(filename, line, col, "yaml.syntax", {"problem": problem})]
        ) from exc
    except yaml.YAMLError as exc:
        raise TemplateError(
            [TemplateIssue(filename, 1, 1, "yaml.syntax", {"problem": str(exc)})]
        ) from exc
    if not isinstance(root, MappingNode):
        raise TemplateError([TemplateIssue(filename, 1, 1, "template.not_mapping", {})])
    template = _build_template(ctx, root, text)
    _check_expressions(ctx, template)
    if ctx.issues:
        ctx.issues.sort(key=lambda i: (i.line, i.col))
        raise TemplateError(ctx.issues)
    assert template is not None
    return template


# ------------------------------------------------------------------ node helpers


def _mapping(ctx: _Ctx, node: Node, allowed: set[str], what: str) -> dict[str, Node]:
    """Return key -> value node; report duplicates and unknown keys."""
    if not isinstance(node, MappingNode):
        ctx.err(node, "yaml.expected_mapping", what=what)
        return {}
    out: dict[str, Node] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode):
            ctx.err(key_node, "yaml.bad_key")
            continue
        key = str(key_node.value)
        if key in out:
            ctx.err(key_node, "yaml.duplicate_key", key=key)
            continue
        if key not in allowed:
            guess = difflib.get_close_matches(key, sorted(allowed), n=1)
            ctx.err(key_node, "template.unknown_key", key=key, what=what,
                    suggestion=guess[0] if guess else "")
            continue
        out[key] = value_node
    return out


def _scalar(node: Node) -> str | None:
    if isinstance(node, ScalarNode):
        return str(node.value)
    return None


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def _str(ctx: _Ctx, node: Node | None, key: str, *, required: bool = False,
         parent: Node | None = None) -> str | None:
    if node is None:
        if required:
            ctx.err(parent, "template.missing_key", key=key)
        return None
    if _is_null(node):
        if required:
            ctx.err(node, "template.missing_key", key=key)
        return None
    value = _scalar(node)
    if value is None:
        ctx.err(node, "template.bad_type", key=key, expected="text")
        return None
    if required and not value.strip():
        ctx.err(node, "template.empty_value", key=key)
        return None
    return value


def _bool(ctx: _Ctx, node: Node | None, key: str, default: bool) -> bool:
    if node is None:
        return default
    if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:bool":
        return str(node.value).lower() in ("true", "yes", "on")
    ctx.err(node, "template.bad_type", key=key, expected="true/false")
    return default


def _number(ctx: _Ctx, node: Node | None, key: str, *, minimum: float | None = None,
            maximum: float | None = None, integer: bool = False) -> float | None:
    if node is None:
        return None
    tags = ("tag:yaml.org,2002:int",) if integer else (
        "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
    if not (isinstance(node, ScalarNode) and node.tag in tags):
        ctx.err(node, "template.bad_type", key=key,
                expected="whole number" if integer else "number")
        return None
    try:
        value = float(str(node.value).replace("_", ""))
    except ValueError:
        ctx.err(node, "template.bad_type", key=key, expected="number")
        return None
    if value != value or value in (float("inf"), float("-inf")):
        ctx.err(node, "template.bad_type", key=key, expected="number")
        return None
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        ctx.err(node, "template.out_of_range", key=key, minimum=minimum, maximum=maximum)
        return None
    return value


def _text(ctx: _Ctx, node: Node | None, key: str, *, required: bool = False,
          parent: Node | None = None) -> Text | None:
    if node is None or _is_null(node):
        if required:
            ctx.err(node or parent, "template.missing_key", key=key)
        return None
    if isinstance(node, ScalarNode):
        value = str(node.value)
        if required and not value.strip():
            ctx.err(node, "template.empty_value", key=key)
            return None
        return Text(value)
    fields = _mapping(ctx, node, {"id", "en"}, f"{key} (labels per language)")
    id_text = _str(ctx, fields.get("id"), f"{key}.id", required=True, parent=node)
    en_text = _str(ctx, fields.get("en"), f"{key}.en")
    if id_text is None:
        return None
    return Text(id_text, en_text)


def _seq(ctx: _Ctx, node: Node | None, key: str) -> list[Node]:
    if node is None or _is_null(node):
        return []
    if not isinstance(node, SequenceNode):
        ctx.err(node, "yaml.expected_list", key=key)
        return []
    return list(node.value)


def _enum(ctx: _Ctx, node: Node | None, key: str, allowed: Iterable[str], *,
          required: bool = False, parent: Node | None = None) -> str | None:
    value = _str(ctx, node, key, required=required, parent=parent)
    if value is None:
        return None
    choices = list(allowed)
    if value not in choices:
        ctx.err(node, "template.bad_choice", key=key, value=value, allowed=", ".join(choices))
        return None
    return value


def _name(ctx: _Ctx, node: Node | None, parent: Node, what: str) -> str | None:
    name = _str(ctx, node, "name", required=True, parent=parent)
    if name is None:
        return None
    if not NAME_RE.match(name):
        ctx.err(node, "template.bad_name", name=name)
        return None
    if name in ctx.names:
        first = ctx.names[name]
        ctx.err(node, "template.duplicate_name", name=name, first_line=first.start_mark.line + 1)
        return None
    assert node is not None
    ctx.names[name] = node
    return name


# ------------------------------------------------------------------ building


def _build_template(ctx: _Ctx, root: MappingNode, text: str) -> Template:
    top = _mapping(ctx, root, TOP_KEYS, "template")
    fmt = _number(ctx, top.get("template"), "template", integer=True)
    if "template" not in top:
        ctx.err(root, "template.missing_key", key="template")
    elif fmt is not None and int(fmt) != FORMAT_VERSION:
        ctx.err(top["template"], "template.bad_format_version", found=int(fmt),
                supported=FORMAT_VERSION)
    code = _str(ctx, top.get("code"), "code", required=True, parent=root) or ""
    version = _str(ctx, top.get("version"), "version", required=True, parent=root) or ""
    kind = _enum(ctx, top.get("kind"), "kind", [k.value for k in TemplateKind],
                 required=True, parent=root)
    subject = _enum(ctx, top.get("subject"), "subject", [s.value for s in SubjectKind],
                    required=True, parent=root)
    title = _text(ctx, top.get("title"), "title", required=True, parent=root)

    response_sets = dict(BUILTIN_RESPONSE_SETS)
    rs_node = top.get("response_sets")
    if rs_node is not None and not _is_null(rs_node):
        if not isinstance(rs_node, MappingNode):
            ctx.err(rs_node, "yaml.expected_mapping", what="response_sets")
        else:
            seen: set[str] = set()
            for key_node, value_node in rs_node.value:
                rs_name = str(getattr(key_node, "value", ""))
                if rs_name in seen:
                    ctx.err(key_node, "yaml.duplicate_key", key=rs_name)
                    continue
                seen.add(rs_name)
                if not NAME_RE.match(rs_name):
                    ctx.err(key_node, "template.bad_name", name=rs_name)
                    continue
                rs = _build_response_set(ctx, rs_name, value_node)
                if rs is not None:
                    response_sets[rs_name] = rs

    signers: list[Signer] = []
    roles: set[str] = set()
    for s_node in _seq(ctx, top.get("signers"), "signers"):
        f = _mapping(ctx, s_node, {"role", "label", "registration", "required"}, "signer")
        entry = _labelled_entry(ctx, f, s_node, "role", NAME_RE, ("template.bad_name", "name"),
                                ("template.duplicate_signer", "role"), roles)
        if entry is None:
            continue
        role, label = entry
        signers.append(Signer(role, label, _bool(ctx, f.get("registration"), "registration", False),
                              _bool(ctx, f.get("required"), "required", True)))

    header = tuple(
        it for it in (
            _build_item(ctx, n, response_sets, roles, repeat=None, sections=[])
            for n in _seq(ctx, top.get("header"), "header")
        ) if it is not None
    )
    for it in header:
        if it.is_repeat:
            ctx.err(ctx.names.get(it.name), "template.repeat_in_header", name=it.name)

    sections_nodes = _seq(ctx, top.get("sections"), "sections")
    if not sections_nodes and "sections" in top:
        ctx.err(top["sections"], "template.no_sections")
    elif "sections" not in top:
        ctx.err(root, "template.missing_key", key="sections")
    sections = tuple(
        s for s in (_build_section(ctx, n, response_sets, roles, []) for n in sections_nodes)
        if s is not None
    )

    scheme = None
    if "scheme" in top:
        f = _mapping(ctx, top["scheme"], {"type", "number", "title", "level", "lsp", "code",
                                          "version"}, "scheme")
        stype = _enum(ctx, f.get("type"), "scheme.type", SCHEME_TYPES, required=True,
                      parent=top["scheme"])
        number = _str(ctx, f.get("number"), "scheme.number", required=True, parent=top["scheme"])
        stitle = _text(ctx, f.get("title"), "scheme.title", required=True, parent=top["scheme"])
        lsp = None
        if "lsp" in f:
            lf = _mapping(ctx, f["lsp"], {"name", "licence", "address", "contact", "logo"},
                          "scheme.lsp")
            lname = _str(ctx, lf.get("name"), "scheme.lsp.name", required=True, parent=f["lsp"])
            if lname:
                lsp = Lsp(lname, _str(ctx, lf.get("licence"), "scheme.lsp.licence"),
                          _str(ctx, lf.get("address"), "scheme.lsp.address"),
                          _str(ctx, lf.get("contact"), "scheme.lsp.contact"),
                          _str(ctx, lf.get("logo"), "scheme.lsp.logo"))
        if stype and number and stitle:
            scheme = Scheme(stype, number, stitle, _str(ctx, f.get("level"), "scheme.level"),
                            lsp, _str(ctx, f.get("code"), "scheme.code"),
                            _str(ctx, f.get("version"), "scheme.version"))
    verdict = _enum(ctx, top.get("verdict"), "verdict", [m.value for m in VerdictMode])
    verdict_mode = VerdictMode(verdict) if verdict else VerdictMode.SCORE
    if verdict_mode is VerdictMode.DECISION:
        _check_decisions(ctx, sections, response_sets)
    _check_recommendation(ctx, root, header, sections, response_sets,
                          institutional=kind != TemplateKind.COMPETENCY.value,
                          mode=verdict_mode)

    scoring = _build_scoring(ctx, top.get("scoring"))
    if kind == TemplateKind.COMPETENCY.value:
        _check_kuk_items(ctx, sections, response_sets)

    return Template(
        code=code,
        version=version,
        kind=TemplateKind(kind) if kind else TemplateKind.INSTITUTIONAL,
        subject=SubjectKind(subject) if subject else SubjectKind.INSTITUTION,
        title=title or Text(code),
        description=_text(ctx, top.get("description"), "description"),
        source=_str(ctx, top.get("source"), "source"),
        form=_str(ctx, top.get("form"), "form") or code,
        scheme=scheme,
        signers=tuple(signers),
        header=header,
        response_sets=response_sets,
        sections=sections,
        scoring=scoring,
        verdict=verdict_mode,
        source_text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


def _labelled_entry(ctx: _Ctx, fields: dict[str, Node], node: Node, key: str,
                    pattern: re.Pattern[str], bad: tuple[str, str], duplicate: tuple[str, str],
                    seen: set[str]) -> tuple[str, Text] | None:
    """The required ``key`` and ``label`` of a list entry (a signer, an option), or None
    when one is missing, or the key does not match ``pattern`` or is already in ``seen``
    (reported as ``bad`` / ``duplicate``: the error code and the parameter naming the key).
    A new key is added to ``seen``."""
    value = _str(ctx, fields.get(key), key, required=True, parent=node)
    label = _text(ctx, fields.get("label"), "label", required=True, parent=node)
    if value is None or label is None:
        return None
    if not pattern.match(value):
        code, param = bad
    elif value in seen:
        code, param = duplicate
    else:
        seen.add(value)
        return value, label
    ctx.err(fields.get(key), code, **{param: value})
    return None


def _build_response_set(ctx: _Ctx, name: str, node: Node) -> ResponseSet | None:
    f = _mapping(ctx, node, {"label", "options"}, "response set")
    label = _text(ctx, f.get("label"), "label") or Text(name)
    options: list[Option] = []
    values: set[str] = set()
    opt_nodes = _seq(ctx, f.get("options"), "options")
    if not opt_nodes:
        ctx.err(node, "template.no_options", name=name)
        return None
    for o_node in opt_nodes:
        of = _mapping(ctx, o_node, OPTION_KEYS, "option")
        entry = _labelled_entry(ctx, of, o_node, "value", VALUE_RE,
                                ("template.bad_option_value", "value"),
                                ("template.duplicate_option", "value"), values)
        if entry is None:
            continue
        value, olabel = entry
        passed = _bool(ctx, of["pass"], "pass", False) if "pass" in of else None
        options.append(Option(value, olabel, _number(ctx, of.get("score"), "score"),
                              _bool(ctx, of.get("na"), "na", False), passed,
                              verdict=_enum(ctx, of.get("verdict"), "verdict",
                                            RECOMMENDATION_VERDICTS),
                              columns=_columns(ctx, of.get("columns"))))
    return ResponseSet(name, label, tuple(options))


def _columns(ctx: _Ctx, node: Node | None) -> tuple[tuple[str, str], ...]:
    """An option's ``columns:`` (what a ``choice_filter`` tests): name -> text."""
    if node is None or _is_null(node):
        return ()
    if not isinstance(node, MappingNode):
        ctx.err(node, "yaml.expected_mapping", what="columns")
        return ()
    out: list[tuple[str, str]] = []
    for key_node, value_node in node.value:
        key = str(getattr(key_node, "value", ""))
        if not isinstance(key_node, ScalarNode) or not COLUMN_RE.match(key) or \
                key in RESERVED_COLUMNS:
            ctx.err(key_node, "template.bad_column_name", name=key,
                    reserved=", ".join(sorted(RESERVED_COLUMNS)))
            continue
        if any(k == key for k, _v in out):
            ctx.err(key_node, "yaml.duplicate_key", key=key)
            continue
        if _is_null(value_node):
            continue
        value = _scalar(value_node)
        if value is None:
            ctx.err(value_node, "template.bad_type", key=key, expected="text")
            continue
        out.append((key, value))
    return tuple(out)


def _build_scoring(ctx: _Ctx, node: Node | None) -> Scoring:
    if node is None or _is_null(node):
        return Scoring()
    f = _mapping(ctx, node, {"pass_threshold", "grade_bands", "source", "summary"}, "scoring")
    threshold = _number(ctx, f.get("pass_threshold"), "pass_threshold", minimum=0, maximum=100)
    bands: list[GradeBand] = []
    grades: set[str] = set()
    for b_node in _seq(ctx, f.get("grade_bands"), "grade_bands"):
        bf = _mapping(ctx, b_node, {"grade", "min", "label", "requires_pass"}, "grade band")
        grade = _str(ctx, bf.get("grade"), "grade", required=True, parent=b_node)
        minimum = _number(ctx, bf.get("min"), "min", minimum=0, maximum=100)
        if "min" not in bf:
            ctx.err(b_node, "template.missing_key", key="min")
        label = _text(ctx, bf.get("label"), "label") or Text(grade or "")
        if grade is None or minimum is None:
            continue
        if grade in grades:
            ctx.err(bf.get("grade"), "template.duplicate_grade", grade=grade)
            continue
        grades.add(grade)
        bands.append(GradeBand(grade, minimum, label,
                               _bool(ctx, bf.get("requires_pass"), "requires_pass", False)))
    bands.sort(key=lambda b: b.min, reverse=True)
    if bands and not any(b.min == 0 and not b.requires_pass for b in bands):
        ctx.err(node, "template.grade_bands_gap")
    return Scoring(threshold, tuple(bands), _str(ctx, f.get("source"), "source"),
                   _bool(ctx, f.get("summary"), "summary", True))


def _build_section(ctx: _Ctx, node: Node, response_sets: dict[str, ResponseSet],
                   roles: set[str], parents: list[str]) -> Section | None:
    f = _mapping(ctx, node, SECTION_KEYS, "section")
    if not f and not isinstance(node, MappingNode):
        return None
    name = _name(ctx, f.get("name"), node, "section")
    title = _text(ctx, f.get("title"), "title", required=True, parent=node)
    path = [*parents, name] if name else parents
    relevant = _expr_attr(ctx, f.get("relevant"), name or "?", "relevant", None)
    unit = None
    if "unit" in f:
        uf = _mapping(ctx, f["unit"], {"code", "title", "group"}, "unit")
        ucode = _str(ctx, uf.get("code"), "unit.code", required=True, parent=f["unit"])
        utitle = _text(ctx, uf.get("title"), "unit.title", required=True, parent=f["unit"])
        if ucode and utitle:
            unit = Unit(ucode, utitle, _str(ctx, uf.get("group"), "unit.group"))
    element = None
    if "element" in f:
        ef = _mapping(ctx, f["element"], {"no", "title"}, "element")
        eno = _str(ctx, ef.get("no"), "element.no", required=True, parent=f["element"])
        etitle = _text(ctx, ef.get("title"), "element.title", required=True, parent=f["element"])
        if eno and etitle:
            element = Element(eno, etitle)
    items = tuple(
        it for it in (_build_item(ctx, n, response_sets, roles, repeat=None, sections=path)
                      for n in _seq(ctx, f.get("items"), "items"))
        if it is not None
    )
    subs = tuple(
        s for s in (_build_section(ctx, n, response_sets, roles, path)
                    for n in _seq(ctx, f.get("sections"), "sections"))
        if s is not None
    )
    if not items and not subs and name:
        ctx.err(node, "template.empty_section", name=name)
    if name is None or title is None:
        return None
    return Section(
        name=name,
        title=title,
        code=_str(ctx, f.get("code"), "code"),
        description=_text(ctx, f.get("description"), "description"),
        relevant=relevant,
        pass_threshold=_number(ctx, f.get("pass_threshold"), "pass_threshold", minimum=0,
                               maximum=100),
        regulation=_str(ctx, f.get("regulation"), "regulation"),
        origin=_enum(ctx, f.get("origin"), "origin", (ORIGIN_APP,)),
        unit=unit,
        element=element,
        items=items,
        sections=subs,
    )


def _build_item(ctx: _Ctx, node: Node, response_sets: dict[str, ResponseSet], roles: set[str],
                *, repeat: str | None, sections: list[str]) -> Item | None:
    f = _mapping(ctx, node, ITEM_KEYS, "item")
    if not isinstance(node, MappingNode):
        return None
    name = _name(ctx, f.get("name"), node, "item")
    type_name = _enum(ctx, f.get("type"), "type", [t.value for t in ItemType], required=True,
                      parent=node)
    label = _text(ctx, f.get("label"), "label", required=True, parent=node)
    if name is None or type_name is None or label is None:
        return None
    itype = ItemType(type_name)
    if repeat is not None:
        ctx.repeat_children[name] = repeat
    ctx.section_of[name] = sections

    rs_name = _str(ctx, f.get("response_set"), "response_set")
    if itype in (ItemType.SELECT_ONE, ItemType.SELECT_MULTIPLE):
        if rs_name is None:
            ctx.err(node, "template.missing_key", key="response_set")
        elif rs_name not in response_sets:
            guess = difflib.get_close_matches(rs_name, sorted(response_sets), n=1)
            ctx.err(f.get("response_set"), "template.unknown_response_set", name=rs_name,
                    suggestion=guess[0] if guess else "")
    elif rs_name is not None:
        ctx.err(f.get("response_set"), "template.key_not_for_type", key="response_set",
                type=type_name)

    required: str | None = None
    req_node = f.get("required")
    if req_node is not None:
        if isinstance(req_node, ScalarNode) and req_node.tag == "tag:yaml.org,2002:bool":
            required = "true()" if _bool(ctx, req_node, "required", False) else None
        else:
            required = _expr_attr(ctx, req_node, name, "required", repeat)
    if required and itype in (ItemType.NOTE, ItemType.CALCULATE, ItemType.REPEAT):
        ctx.err(req_node, "template.key_not_for_type", key="required", type=type_name)
    required_message = _text(ctx, f.get("required_message"), "required_message")
    if required_message is not None and req_node is None:
        ctx.err(f.get("required_message"), "template.key_needs_key", key="required_message",
                other="required")

    calculation = _expr_attr(ctx, f.get("calculation"), name, "calculation", repeat)
    if itype is ItemType.CALCULATE and calculation is None:
        ctx.err(node, "template.missing_key", key="calculation")
    if itype is not ItemType.CALCULATE and "calculation" in f:
        ctx.err(f["calculation"], "template.key_not_for_type", key="calculation", type=type_name)

    signer_role = _str(ctx, f.get("signer_role"), "signer_role")
    if signer_role is not None and signer_role not in roles:
        ctx.err(f.get("signer_role"), "template.unknown_signer", role=signer_role)

    children: tuple[Item, ...] = ()
    if itype is ItemType.REPEAT:
        if repeat is not None:
            ctx.err(node, "template.nested_repeat", name=name)
        children = tuple(
            it for it in (_build_item(ctx, n, response_sets, roles, repeat=name,
                                      sections=sections)
                          for n in _seq(ctx, f.get("items"), "items"))
            if it is not None
        )
        if not children:
            ctx.err(node, "template.empty_repeat", name=name)
    elif "items" in f:
        ctx.err(f["items"], "template.key_not_for_type", key="items", type=type_name)

    appearance = _enum(ctx, f.get("appearance"), "appearance", sorted(APPEARANCES))
    default_node = f.get("default")
    default = None if default_node is None or _is_null(default_node) else _scalar(default_node)
    if default_node is not None and default is None and not _is_null(default_node):
        ctx.err(default_node, "template.bad_type", key="default", expected="text")
    dynamic_default = _expr_attr(ctx, f.get("dynamic_default"), name, "dynamic_default",
                                 repeat)
    if dynamic_default is not None:
        if default is not None:
            ctx.err(f.get("dynamic_default"), "template.keys_conflict", key="dynamic_default",
                    other="default")
        if itype not in VALUE_TYPES:
            ctx.err(f.get("dynamic_default"), "template.key_not_for_type",
                    key="dynamic_default", type=type_name)
    choice_filter = _expr_attr(ctx, f.get("choice_filter"), name, "choice_filter", repeat,
                               columns=True)
    if choice_filter is not None:
        if itype not in (ItemType.SELECT_ONE, ItemType.SELECT_MULTIPLE):
            ctx.err(f.get("choice_filter"), "template.key_not_for_type", key="choice_filter",
                    type=type_name)
        elif rs_name in response_sets:
            ctx.filters.append((name, rs_name, f["choice_filter"]))

    min_rows = _number(ctx, f.get("min_rows"), "min_rows", minimum=0, integer=True)
    max_rows = _number(ctx, f.get("max_rows"), "max_rows", minimum=1, integer=True)
    if min_rows is not None and max_rows is not None and min_rows > max_rows:
        ctx.err(f.get("min_rows"), "template.min_above_max")

    weight = _number(ctx, f.get("weight"), "weight", minimum=0)
    scored = _bool(ctx, f.get("score"), "score", True)
    critical = _bool(ctx, f.get("critical"), "critical", False)
    if critical and itype not in (ItemType.SELECT_ONE, ItemType.SELECT_MULTIPLE):
        ctx.err(f.get("critical"), "template.critical_needs_choice", name=name)

    return Item(
        name=name,
        type=itype,
        label=label,
        code=_str(ctx, f.get("code"), "code"),
        hint=_text(ctx, f.get("hint"), "hint"),
        evidence_hint=_text(ctx, f.get("evidence_hint"), "evidence_hint"),
        regulation=_str(ctx, f.get("regulation"), "regulation"),
        response_set=rs_name,
        required=required,
        required_message=required_message,
        relevant=_expr_attr(ctx, f.get("relevant"), name, "relevant", repeat),
        constraint=_expr_attr(ctx, f.get("constraint"), name, "constraint", repeat),
        constraint_message=_text(ctx, f.get("constraint_message"), "constraint_message"),
        calculation=calculation,
        default=default,
        dynamic_default=dynamic_default,
        choice_filter=choice_filter,
        read_only=_bool(ctx, f.get("read_only"), "read_only", False),
        multiline=_bool(ctx, f.get("multiline"), "multiline", False),
        appearance=appearance,
        critical=critical,
        weight=1.0 if weight is None else weight,
        scored=scored,
        kuk=_str(ctx, f.get("kuk"), "kuk"),
        decision=_bool(ctx, f.get("decision"), "decision", False),
        recommendation=_bool(ctx, f.get("recommendation"), "recommendation", False),
        origin=_enum(ctx, f.get("origin"), "origin", (ORIGIN_APP,)),
        benchmark=_str(ctx, f.get("benchmark"), "benchmark"),
        signer_role=signer_role,
        items=children,
        min_rows=0 if min_rows is None else int(min_rows),
        max_rows=None if max_rows is None else int(max_rows),
        line=node.start_mark.line + 1,
    )


def _expr_attr(ctx: _Ctx, node: Node | None, owner: str, attr: str,
               repeat: str | None, *, columns: bool = False) -> str | None:
    """Parse an expression-valued key now (syntax errors); references are checked later.
    ``columns``: a choice_filter, where a bare name is a choice column."""
    if node is None or _is_null(node):
        return None
    if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:bool":
        return "true()" if str(node.value).lower() in ("true", "yes", "on") else "false()"
    source = _scalar(node)
    if source is None:
        ctx.err(node, "template.bad_type", key=attr, expected="expression")
        return None
    assert isinstance(node, ScalarNode)
    try:
        ast = expr.parse(source, columns=columns)
    except expr.ExprSyntaxError as exc:
        line, col = _expr_position(node, exc.pos)
        params = {k: v for k, v in exc.params.items() if k not in ("attr", "column")}
        ctx.err_at(line, col, exc.code, attr=attr, column=exc.pos + 1, **params)
        return source
    ctx.exprs.append(_Expr(owner, attr, source, node, ast, repeat))
    return source


def _expr_position(node: ScalarNode, offset: int) -> tuple[int, int]:
    """Line/col (1-based) of character ``offset`` of an expression inside a YAML scalar."""
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    if node.style in ('"', "'"):
        return line, col + 1 + offset
    if node.style in ("|", ">"):
        return line + 1, 1
    return line, col + offset


def _check_kuk_items(ctx: _Ctx, sections: tuple[Section, ...],
                     response_sets: dict[str, ResponseSet]) -> None:
    for sec in sections:
        for sub in sec.walk_sections():
            for it in sub.walk_items():
                if it.kuk is None:
                    continue
                rs = response_sets.get(it.response_set or "")
                if it.type is not ItemType.SELECT_ONE or rs is None or not rs.scored:
                    ctx.err(ctx.names.get(it.name), "template.kuk_needs_scale", name=it.name)


def _check_recommendation(ctx: _Ctx, root: Node, header: tuple[Item, ...],
                          sections: tuple[Section, ...],
                          response_sets: dict[str, ResponseSet], *, institutional: bool,
                          mode: VerdictMode) -> None:
    """An institutional ``verdict: recommendation`` needs exactly one top-level select_one
    item marked ``recommendation: true`` whose every option says what it means
    (``verdict``); the mark means nothing elsewhere."""
    marked = [it for it in _walk_all(header, sections) if it.recommendation]
    wanted = institutional and mode is VerdictMode.RECOMMENDATION
    if not wanted:
        for it in marked:
            ctx.err(ctx.names.get(it.name), "template.recommendation_unused", name=it.name)
        return
    if len(marked) != 1:
        ctx.err(root, "template.recommendation_item", count=len(marked))
        return
    item = marked[0]
    rs = response_sets.get(item.response_set or "")
    if item.type is not ItemType.SELECT_ONE or rs is None or ctx.repeat_children.get(item.name):
        ctx.err(ctx.names.get(item.name), "template.recommendation_needs_verdicts",
                name=item.name)
        return
    if any(o.verdict is None for o in rs.options):
        ctx.err(ctx.names.get(item.name), "template.recommendation_needs_verdicts",
                name=item.name)


def _walk_all(header: tuple[Item, ...], sections: tuple[Section, ...]) -> list[Item]:
    out: list[Item] = []
    for it in header:
        out.append(it)
        out.extend(it.items)
    for sec in sections:
        out.extend(sec.walk_items())
    return out


def _check_decisions(ctx: _Ctx, sections: tuple[Section, ...],
                     response_sets: dict[str, ResponseSet]) -> None:
    """verdict: decision needs exactly one K/BK ``decision`` item in each unit section."""
    for sec in sections:
        for sub in sec.walk_sections():
            decisions = [it for it in sub.walk_items() if it.decision]
            for it in decisions:
                rs = response_sets.get(it.response_set or "")
                if it.type is not ItemType.SELECT_ONE or rs is None or \
                        {o.value for o in rs.options} != {"k", "bk"}:
                    ctx.err(ctx.names.get(it.name), "template.decision_needs_k_bk", name=it.name)
            if sub.unit is not None and len(decisions) != 1:
                ctx.err(ctx.names.get(sub.name), "template.unit_needs_decision", name=sub.name)


# ------------------------------------------------------------------ references and cycles


def _check_expressions(ctx: _Ctx, template: Template) -> None:
    known = {it.name: it for it in template.walk_items()}
    section_names = {s.name for s in template.walk_sections()}
    deps: dict[str, set[str]] = {}
    first_node: dict[str, ScalarNode] = {}
    for e in ctx.exprs:
        for ref_name, offset in expr.ref_positions(e.source):
            if ref_name not in known:
                if ref_name in section_names:
                    code = "expr.ref_to_section"
                else:
                    code = "expr.unknown_ref"
                guess = difflib.get_close_matches(ref_name, sorted(known), n=1)
                line, col = _expr_position(e.node, offset)
                ctx.err_at(line, col, code, name=ref_name, attr=e.attr,
                           suggestion=guess[0] if guess else "")
                continue
            target = known[ref_name]
            if target.type in (ItemType.NOTE, ItemType.EVIDENCE, ItemType.SIGNATURE):
                line, col = _expr_position(e.node, offset)
                ctx.err_at(line, col, "expr.ref_without_value", name=ref_name)
        if e.attr in ("relevant", "calculation"):
            deps.setdefault(e.owner, set()).update(r for r in expr.references(e.ast) if r in known)
            first_node.setdefault(e.owner, e.node)
        if e.attr in ("constraint", "required") and e.owner in expr.references(e.ast):
            pass  # an item may check its own value in a constraint via ${self}; harmless
    # An item's effective value also depends on the relevance of its enclosing sections.
    section_deps: dict[str, set[str]] = {}
    for e in ctx.exprs:
        if e.owner in section_names and e.attr == "relevant":
            section_deps[e.owner] = {r for r in expr.references(e.ast) if r in known}
    for item_name, secs in ctx.section_of.items():
        for sec_name in secs:
            if sec_name in section_deps:
                deps.setdefault(item_name, set()).update(section_deps[sec_name])
                if item_name not in first_node:
                    for e in ctx.exprs:
                        if e.owner == sec_name and e.attr == "relevant":
                            first_node[item_name] = e.node
    for name in ctx.repeat_children:
        rep = ctx.repeat_children[name]
        deps.setdefault(name, set()).update(deps.get(rep, set()))
    _check_filter_columns(ctx, template)
    _check_choice_names(ctx, known)
    cycle = _find_cycle(deps)
    if cycle:
        node = first_node.get(cycle[0]) or ctx.names.get(cycle[0])
        ctx.err(node, "expr.cycle", chain=" -> ".join(cycle))


def _check_filter_columns(ctx: _Ctx, template: Template) -> None:
    """Each bare name of a choice_filter is a column some option of the item's set has."""
    asts = {e.owner: e for e in ctx.exprs if e.attr == "choice_filter"}
    for item, rs_name, _node in ctx.filters:
        e = asts.get(item)
        rs = template.response_sets.get(rs_name)
        if e is None or rs is None:
            continue
        known = RESERVED_COLUMNS | {k for o in rs.options for k, _v in o.columns}
        for n in expr.walk(e.ast):
            if isinstance(n, expr.Field) and n.name not in known:
                line, col = _expr_position(e.node, n.pos)
                guess = difflib.get_close_matches(n.name, sorted(known), n=1)
                ctx.err_at(line, col, "expr.unknown_column", name=n.name, set=rs_name,
                           suggestion=guess[0] if guess else "")


def _check_choice_names(ctx: _Ctx, known: dict[str, Item]) -> None:
    """``jr:choice-name(v, '${x}')`` names, as a literal, an item with a response set."""
    for e in ctx.exprs:
        for n in expr.walk(e.ast):
            if not (isinstance(n, expr.Call) and n.name == "jr:choice-name"):
                continue
            arg = n.args[1]
            target = expr.choice_name_target(arg.value) \
                if isinstance(arg, expr.StringLit) else None
            item = known.get(target or "")
            if item is None or item.response_set is None:
                line, col = _expr_position(e.node, arg.pos)
                ctx.err_at(line, col, "expr.bad_choice_name", attr=e.attr)


def _find_cycle(deps: dict[str, set[str]]) -> list[str] | None:
    white, grey, black = 0, 1, 2
    color: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> list[str] | None:
        color[n] = grey
        stack.append(n)
        for m in sorted(deps.get(n, ())):
            c = color.get(m, white)
            if c == grey:
                return [*stack[stack.index(m):], m]
            if c == white:
                found = visit(m)
                if found:
                    return found
        stack.pop()
        color[n] = black
        return None

    for start in sorted(deps):
        if color.get(start, white) == white:
            found = visit(start)
            if found:
                return found
    return None


def load_templates(paths: Iterable[Path],
                   on_error: Callable[[Path, TemplateError], None] | None = None
                   ) -> list[Template]:
    """Load many; invalid files are reported through ``on_error`` and skipped."""
    out: list[Template] = []
    for p in paths:
        try:
            out.append(load_template(p))
        except TemplateError as exc:
            if on_error is None:
                raise
            on_error(p, exc)
    return out
