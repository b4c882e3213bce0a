"""XLSForm workbooks in and out: ``templates import FORM.xlsx`` / ``templates export``.

Reading goes through pyxform's own parser (``get_xlsform`` + ``workbook_to_json``): its
survey JSON is translated into our template mapping, written as YAML and loaded by
:mod:`assessor_app.core.template_loader`, so every check of a YAML template applies. Our
expression language is XLSForm's (``${name}``, the ODK functions of :mod:`expr`), so
expressions pass through unchanged and the loader checks them. Every problem is reported
at its cell (``FORM.xlsx:survey!E12``): pyxform's JSON keeps no positions, so the header
rows are read again with openpyxl and each row is found by its ``name``.

What our templates have beyond XLSForm travels as extra columns (survey: ``score``,
``weight``, ``critical``, ``code``, ``regulation``, ``evidence_hint``, ``kuk``, ...;
choices: ``score``, ``na``, ``pass``, ``list_label``), extra settings columns (``kind``,
``subject``, ``verdict``, ...) and the sheets ``signers`` and ``scoring``. Any other
choices column is an option's ``columns`` (what a ``choice_filter`` tests); a ``default``
pyxform finds dynamic (``today()``, ``${x}``) is a ``dynamic_default``. Writing
(:func:`write_xlsform`) uses the same columns, so a template survives the round trip.

Before pyxform, the grid itself is checked with openpyxl (formulas Excel never computed,
Excel error values, merged cells, values under no header), because pyxform reads such
cells as empty or as text without a word. pyxform and openpyxl are imported only when a
workbook is read or written.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from assessor_app.core import expr
from assessor_app.core.errors import AppError, TemplateError, TemplateIssue
from assessor_app.core.responses import BUILTIN_RESPONSE_SETS
from assessor_app.core.template import Item, ItemType, ResponseSet, Section, Template, Text
from assessor_app.core.template_loader import (
    APPEARANCES,
    COLUMN_RE,
    RESERVED_COLUMNS,
    load_template_text,
)
from assessor_app.core.template_warnings import layout_warnings

SUFFIXES = (".xlsx", ".xlsm")
# The sheets read: XLSForm's own and ours (others are the author's notes).
_SHEETS = ("survey", "choices", "settings", "scoring", "signers")
_EXCEL_ERRORS = {"#REF!", "#N/A", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!",
                 "#SPILL!", "#CALC!", "#GETTING_DATA"}
ID_LANG = "Indonesian (id)"
EN_LANG = "English (en)"
_TRUE = {"yes", "true", "true()", "1", "ya", "y"}
_FALSE = {"no", "false", "false()", "0", "tidak", "n", ""}
# pyxform JSON type -> our item type
_TYPES = {
    "text": "text", "integer": "integer", "decimal": "decimal", "date": "date",
    "time": "time", "dateTime": "datetime", "select one": "select_one",
    "select all that apply": "select_multiple", "note": "note", "calculate": "calculate",
    "photo": "evidence", "image": "evidence", "file": "evidence", "audio": "evidence",
    "video": "evidence", "geopoint": "text", "acknowledge": "select_one",
}
# Layout hints our forms have no use for: reported as warnings, not errors.
_LAYOUT_APPEARANCES = {"field-list", "horizontal", "horizontal-compact", "compact", "likert",
                       "quick", "table-list", "label", "list-nolabel", "list", "no-calendar",
                       "month-year", "year", "numbers", "thousands-sep", "no-buttons",
                       "quickcompact"}  # and columns, columns-pack, columns-N, wN
# choices columns pyxform turns into something else (labels per language, media)
_CHOICE_OWN = {"list_name", "list name", "name", "label", "media", "image", "audio", "video",
               "big-image"}
# Camera hints on image/file questions: an evidence item takes a file or a photo anyway.
_CAPTURE_HINTS = {"new", "new-front", "selfie"}
# Survey columns (JSON keys) of our own: key -> "text" | "bool" | "number" | "int" | "str"
_ITEM_EXTRAS = {
    "code": "str", "regulation": "str", "evidence_hint": "text", "kuk": "str",
    "benchmark": "str", "signer_role": "str", "decision": "bool", "critical": "bool",
    "weight": "number", "score": "bool", "min_rows": "int", "max_rows": "int",
    "recommendation": "bool", "origin": "str",
}
_SECTION_EXTRAS = {"code": "str", "description": "text", "pass_threshold": "number",
                   "regulation": "str", "origin": "str"}
_UNIT_COLUMNS = ("unit_code", "unit_title", "unit_group", "element_no", "element_title")
# YAML key -> survey column, for placing loader messages on a cell
_KEY_COLUMN = {"response_set": "type", "title": "label", "calculation": "calculation",
               "read_only": "read_only", "constraint_message": "constraint_message",
               "unit": "unit_code", "element": "element_no", "dynamic_default": "default",
               "value": "name"}
_SETTINGS_TEXT = ("form_title", "description")
_SCHEME_KEYS = ("type", "number", "title", "level", "code", "version")
_LSP_KEYS = ("name", "licence", "address", "contact", "logo")


@dataclass
class XlsformImport:
    """A workbook turned into a template: the YAML we install and what was left out."""

    yaml_text: str
    template: Template
    warnings: list[TemplateIssue] = field(default_factory=list)


def _lang(key: str) -> str | None:
    k = key.strip().lower()
    if k in ("default", "id", "ind", "indonesian", "bahasa indonesia") or "(id)" in k \
            or k.startswith(("indonesia", "bahasa")):
        return "id"
    if k in ("en", "eng", "english") or "(en)" in k or k.startswith("english"):
        return "en"
    return None


def _flag(value: str) -> bool | None:
    v = str(value).strip().lower()
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    return None


# pyxform's words for the mistakes people make most, as our codes (so they are said in
# Indonesian or English); anything else is said in pyxform's words (xlsform.invalid).
_PYXFORM_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"Unmatched '(?P<kind>begin_(?:group|repeat))'.*name '(?P<name>[^']*)'"),
     "xlsform.unclosed"),
    (re.compile(r"Unmatched '(?P<kind>end_(?:group|repeat))'"), "xlsform.unmatched_end"),
    (re.compile(r"the 'name' value '(?P<name>[^']*)' is invalid\. Questions, groups, and "
                r"repeats must be unique"), "xlsform.duplicate_name"),
    (re.compile(r"^Question or group with no name"), "xlsform.no_name"),
    (re.compile(r"the 'name' value is invalid\. Names must begin"), "xlsform.bad_name"),
    (re.compile(r"the '(?P<column>[^']+)' value is invalid\. Reference variables must "
                r"contain a name from the 'survey' sheet\. Could not find the name "
                r"'(?P<name>[^']*)'"), "xlsform.unknown_ref"),
    (re.compile(r"There should be a choices sheet"), "xlsform.no_choices"),
    (re.compile(r"List name not in choices sheet: (?P<name>\S+)"), "xlsform.unknown_list"),
    (re.compile(r"You must have a sheet named 'survey'"), "xlsform.no_survey"),
    (re.compile(r"Invalid headers provided for sheet: '(?P<sheet>\w+)'\. One or more "
                r"required column headers were not found: '(?P<column>[^']+)'"),
     "xlsform.missing_column"),
)


def _pyxform_words(reason: str) -> tuple[str, dict[str, Any]]:
    """A pyxform error as (code, params): one of ours when it is a known mistake."""
    for pattern, code in _PYXFORM_ERRORS:
        m = pattern.search(reason)
        if m:
            params: dict[str, Any] = {k: v for k, v in m.groupdict().items() if v is not None}
            if code == "xlsform.missing_column":  # said by the message, not placed on it
                params["heading"] = params.pop("column")
            return code, params
    return "xlsform.invalid", {"reason": reason}


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.file = path.name
        self.issues: list[TemplateIssue] = []
        self.warnings: list[TemplateIssue] = []
        self.columns: dict[str, dict[str, str]] = {}  # sheet -> header -> column letter
        self.extra_rows: dict[str, list[tuple[int, dict[str, str]]]] = {}
        self.rows: dict[str, int] = {}  # item/section name -> survey row
        self.choice_rows: dict[tuple[str, str], int] = {}
        self.raw_choices: dict[tuple[str, str], dict[str, Any]] = {}
        self.raw_types: dict[str, str] = {}
        self.generated: dict[str, str] = {}  # calculates pyxform adds for repeat_count

    # -------------------------------------------------------------- positions

    def cell(self, sheet: str, row: int | None, column: str | None) -> str:
        cols = self.columns.get(sheet, {})
        letter = ""
        if column is not None:
            letter = cols.get(column, "")
            if not letter:  # "label" finds "label::Indonesian (id)"
                letter = next((v for k, v in cols.items()
                               if k.split("::")[0].strip() == column), "")
        if row is None:
            return f"{sheet}!{letter}1" if letter else sheet
        return f"{sheet}!{letter or 'A'}{row}"

    def err(self, on_sheet: str, row: int | None, header: str | None, code: str,
            warn: bool = False, **params: Any) -> None:
        issue = TemplateIssue(self.file, row or 1, 1, code, params,
                              cell=self.cell(on_sheet, row, header))
        (self.warnings if warn else self.issues).append(issue)

    def misplaced(self, element: dict[str, Any], code: str) -> None:
        """An error on the type cell of a survey row that cannot stand where it is."""
        name = element.get("name", "")
        self.err("survey", self.rows.get(str(name)), "type", code, name=name)

    # -------------------------------------------------------------- reading

    def read(self) -> dict[str, Any]:
        from pyxform.errors import PyXFormError
        from pyxform.xls2json import workbook_to_json
        from pyxform.xls2json_backends import get_xlsform

        self._read_grid()
        data = None
        try:
            data = get_xlsform(str(self.path))
            notes: list[str] = []
            form = workbook_to_json(data, form_name="data",
                                    fallback_form_name=data.fallback_form_name,
                                    default_language=ID_LANG, warnings=notes)
        except PyXFormError as exc:
            text = str(exc)
            row = re.search(r"\[row\s*:\s*(\d+)\]", text)
            sheet = re.search(r"On the '(\w+)' sheet", text)
            column = re.search(r"the '([^']+)' (?:value|column)", text)
            reason = re.sub(r"^\[row\s*:\s*\d+\]\s*", "", text)
            code, params = _pyxform_words(reason)
            self.err(sheet.group(1).lower() if sheet else "survey",
                     int(row.group(1)) if row else None,
                     params.get("column") or (column.group(1) if column else None),
                     code, **params)
            raise TemplateError(self.issues) from exc
        except Exception as exc:  # pyxform or openpyxl on a broken file: never a crash
            before = len(self.issues)
            self._scan_types(data)
            if len(self.issues) == before:
                self.err("survey", None, None, "xlsform.invalid",
                         reason=f"{type(exc).__name__}: {exc}")
            raise TemplateError(self.issues) from exc
        self._unsupported_sheets(data)
        if self.issues:
            raise TemplateError(self.issues)
        for i, raw in enumerate(data.survey or ()):
            name = raw.get("name")
            if name:
                self.rows.setdefault(str(name), i + 2)
                self.raw_types.setdefault(str(name), str(raw.get("type", "")))
        for i, raw in enumerate(data.choices or ()):
            key = (str(raw.get("list_name", "")), str(raw.get("name", "")))
            self.choice_rows.setdefault(key, i + 2)
            self.raw_choices.setdefault(key, raw)
        settings = dict((data.settings or [{}])[0]) if data.settings else {}
        try:
            return self._template(form, settings)
        except (AttributeError, TypeError, ValueError, KeyError) as exc:  # odd JSON shapes
            self.err("survey", None, None, "xlsform.invalid",
                     reason=f"{type(exc).__name__}: {exc}")
            raise TemplateError(self.issues) from exc

    def _read_grid(self) -> None:
        from assessor_app.core.scheme_xlsx import cell_text

        try:
            import openpyxl

            wb = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        except Exception as exc:
            self.err("survey", None, None, "xlsform.invalid",
                     reason=f"{type(exc).__name__}: {exc}")
            raise TemplateError(self.issues) from exc
        try:
            for ws in wb.worksheets:
                sheet = ws.title.strip().lower()
                rows = ws.iter_rows(values_only=True)
                header = next(rows, ())
                from openpyxl.utils import get_column_letter

                cols = {str(v).strip(): get_column_letter(i + 1)
                        for i, v in enumerate(header) if v not in (None, "")}
                self.columns[sheet] = cols
                if sheet in ("scoring", "signers"):
                    names = [str(v).strip() if v not in (None, "") else "" for v in header]
                    out = []
                    for n, values in enumerate(rows, start=2):
                        rec = {names[i]: cell_text(v) for i, v in enumerate(values)
                               if i < len(names) and names[i] and cell_text(v)}
                        if rec:
                            out.append((n, rec))
                    self.extra_rows[sheet] = out
        finally:
            wb.close()
        self._check_cells()

    def _check_cells(self) -> None:
        """What the grid holds that pyxform would read wrong without a word: a formula
        Excel never computed (read as empty) or an Excel error value, merged cells (only
        the first holds the value), and values in a column without a header (dropped)."""
        import openpyxl
        from openpyxl.utils import get_column_letter

        try:
            wb = openpyxl.load_workbook(self.path, data_only=False)
        except Exception:  # noqa: BLE001 - read above already; pyxform reports it
            return
        formulas: list[tuple[str, str, str]] = []  # sheet, cell, formula
        for ws in wb.worksheets:
            sheet = ws.title.strip().lower()
            if sheet not in _SHEETS:
                continue
            for rng in ws.merged_cells.ranges:
                where = f"{sheet}!{rng.coord.split(':')[0]}"
                self._cell_issue(where, "xlsform.merged_cells", rng.min_row == rng.max_row,
                                 range=rng.coord)
            headers = {c for c, v in enumerate(next(ws.iter_rows(max_row=1, values_only=True),
                                                    ()), start=1) if v not in (None, "")}
            flagged: set[int] = set()
            for row in ws.iter_rows(min_row=1):
                for c in row:
                    value = c.value
                    if value is None or value == "":
                        continue
                    if c.data_type == "f" or not isinstance(value, str | int | float | bool)\
                            and type(value).__name__ in ("ArrayFormula", "DataTableFormula"):
                        text = value if isinstance(value, str) else str(
                            getattr(value, "text", "") or "")
                        formulas.append((ws.title, c.coordinate, text))
                    elif isinstance(value, str) and value.strip() in _EXCEL_ERRORS:
                        self._cell_issue(f"{sheet}!{c.coordinate}", "xlsform.excel_error",
                                         False, value=value.strip())
                    if c.column not in headers and c.column not in flagged and c.row > 1 \
                            and sheet != "settings":
                        flagged.add(c.column)
                        self._cell_issue(f"{sheet}!{c.coordinate}", "xlsform.no_header",
                                         True, column=get_column_letter(c.column))
        wb.close()
        if not formulas:
            return
        values = openpyxl.load_workbook(self.path, data_only=True)
        try:
            for title, coord, text in formulas:
                cached = values[title][coord].value
                where = f"{title.strip().lower()}!{coord}"
                if cached is None:
                    self._cell_issue(where, "xlsform.formula_without_value", False,
                                     formula=text[:60])
                elif isinstance(cached, str) and cached.strip() in _EXCEL_ERRORS:
                    self._cell_issue(where, "xlsform.excel_error", False, value=cached.strip())
        finally:
            values.close()

    def _cell_issue(self, cell: str, code: str, warn: bool, **params: Any) -> None:
        row = re.search(r"(\d+)$", cell)
        issue = TemplateIssue(self.file, int(row.group(1)) if row else 1, 1, code, params,
                              cell=cell)
        (self.warnings if warn else self.issues).append(issue)

    def _unsupported_sheets(self, data: Any) -> None:
        for extra in ("entities", "external_choices", "osm"):
            if getattr(data, extra, None):
                self.err(extra, None, None, "xlsform.unsupported_sheet", sheet=extra)

    def _scan_types(self, data: Any) -> None:
        """When pyxform fails on a type read from elsewhere (a file, an external sheet),
        say so at its cell rather than in pyxform's words."""
        for i, raw in enumerate(getattr(data, "survey", None) or ()):
            raw_type = str(raw.get("type", ""))
            if re.search(r"_from_file|_external\b", raw_type):
                self.err("survey", i + 2, "type", "xlsform.unsupported_type", type=raw_type)
        if data is not None:
            self._unsupported_sheets(data)

    def text(self, value: Any, sheet: str, row: int | None, column: str) -> Any:
        """A label cell (plain or per language) as YAML: a string or {id, en}."""
        if value is None:
            return None
        if isinstance(value, str):
            return value
        out: dict[str, str] = {}
        for lang_key, text in value.items():
            lang = _lang(str(lang_key))
            if lang is None:
                self.err(sheet, row, f"{column}::{lang_key}", "xlsform.language", warn=True,
                         language=lang_key)
                continue
            out.setdefault(lang, str(text))
        if "id" not in out:
            if not out:
                return None
            out["id"] = out["en"]
        return out if len(out) > 1 else out["id"]

    def check_piping(self, value: Any, sheet: str, row: int | None, column: str) -> None:
        """A label that shows another answer (``${name}`` inside it) shows the text as is."""
        texts = value.values() if isinstance(value, dict) else [value]
        if any("${" in str(t) for t in texts):
            self.err(sheet, row, column, "xlsform.label_reference", warn=True)

    def settings_text(self, settings: dict[str, str], key: str) -> Any:
        value: dict[str, str] = {}
        for k, v in settings.items():
            base, _, lang = k.partition("::")
            if base.strip() == key:
                value[lang or "default"] = v
        return self.text(value, "settings", 2, key) if value else None

    # -------------------------------------------------------------- template

    def _template(self, form: dict[str, Any], settings: dict[str, str]) -> dict[str, Any]:
        out: dict[str, Any] = {"template": 1}
        out["code"] = settings.get("form_id") or self.path.stem
        out["version"] = str(settings.get("version") or "1")
        for key in ("form", "kind", "subject", "verdict", "source"):
            if settings.get(key):
                out[key] = settings[key]
        if out.get("form") == out["code"]:
            del out["form"]
        out.setdefault("kind", "institutional")
        out.setdefault("subject", "institution")
        out["title"] = self.settings_text(settings, "form_title") or out["code"]
        desc = self.settings_text(settings, "description")
        if desc:
            out["description"] = desc
        scheme: dict[str, Any] = {k: settings[f"scheme_{k}"] for k in _SCHEME_KEYS
                                  if k != "title" and settings.get(f"scheme_{k}")}
        if self.settings_text(settings, "scheme_title"):
            scheme["title"] = self.settings_text(settings, "scheme_title")
        lsp = {k: settings[f"scheme_lsp_{k}"] for k in _LSP_KEYS
               if settings.get(f"scheme_lsp_{k}")}
        if lsp:
            scheme["lsp"] = lsp
        if scheme:
            out["scheme"] = scheme
        # what a server or ODK Collect does with a submission (its name, encryption, where
        # it goes) has no place here: said as a warning, never dropped without a word
        known = {"form_id", "version", "form", "kind", "subject", "verdict", "source",
                 "form_title", "description", "default_language"}
        for key in settings:
            base = key.split("::")[0].strip()
            if base in known or base.startswith("scheme_"):
                continue
            self.err("settings", 2, key, "xlsform.unsupported_column", warn=True, column=key)
        signers = self._signers()
        if signers:
            out["signers"] = signers
        out["response_sets"] = self._response_sets(form.get("choices") or {})
        header: list[dict[str, Any]] = []
        sections: list[dict[str, Any]] = []
        loose: list[dict[str, Any]] = []
        children = []
        for c in form.get("children", []):
            if not self._is_meta(c):
                children.append(c)
                continue
            for meta in c.get("children", []):  # audit and the like: pyxform moves them here
                row = self.rows.get(str(meta.get("name", "")))
                if row is not None:
                    self.err("survey", row, "type", "xlsform.metadata_ignored", warn=True,
                             type=meta.get("type", ""))
        has_group = any(c.get("type") == "group" for c in children)

        def flush() -> None:
            if loose:
                n = len(sections) + 1
                name = f"bagian_{n}"
                while name in self.rows:
                    name += "_"
                sections.append({"name": name, "title": out["title"], "items": list(loose)})
                loose.clear()

        for child in children:
            if child.get("type") == "group":
                flush()
                sec = self._section(child, out["response_sets"])
                if sec:
                    sections.append(sec)
                continue
            item = self._item(child, out["response_sets"], in_repeat=False)
            if item is None:
                continue
            if has_group and not sections:
                header.append(item)
            else:
                loose.append(item)
        flush()
        if not sections and not header:
            self.err("survey", None, None, "xlsform.empty_survey")
            raise TemplateError(self.issues)
        if header:
            out["header"] = header
        out["sections"] = sections
        scoring = self._scoring()
        if scoring:
            out["scoring"] = scoring
        if not out["response_sets"]:
            del out["response_sets"]
        return out

    @staticmethod
    def _is_meta(child: dict[str, Any]) -> bool:
        return child.get("name") == "meta" and child.get("type") == "group" and \
            bool(child.get("control", {}).get("bodyless"))

    def _signers(self) -> list[dict[str, Any]]:
        out = []
        for row, rec in self.extra_rows.get("signers", []):
            entry: dict[str, Any] = {"role": rec.get("role", "")}
            entry["label"] = self.text(
                {k.partition("::")[2] or "default": v for k, v in rec.items()
                 if k.split("::")[0].strip() == "label"}, "signers", row, "label") or ""
            for key in ("registration", "required"):
                if key in rec:
                    entry[key] = self.boolean(rec[key], "signers", row, key)
            out.append(entry)
        return out

    def _scoring(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        bands = []
        for row, rec in self.extra_rows.get("scoring", []):
            if "source" in rec:
                out["source"] = str(rec["source"])
            if "summary" in rec:
                out["summary"] = self.boolean(rec["summary"], "scoring", row, "summary")
            if "pass_threshold" in rec:
                out["pass_threshold"] = self.number(rec["pass_threshold"], "scoring", row,
                                                    "pass_threshold")
            if "grade" in rec or "min" in rec:
                band: dict[str, Any] = {"grade": rec.get("grade", "")}
                if "min" in rec:
                    band["min"] = self.number(rec["min"], "scoring", row, "min")
                label = self.text({k.partition("::")[2] or "default": v
                                   for k, v in rec.items() if k.split("::")[0] == "label"},
                                  "scoring", row, "label")
                if label:
                    band["label"] = label
                if "requires_pass" in rec:
                    band["requires_pass"] = self.boolean(rec["requires_pass"], "scoring", row,
                                                         "requires_pass")
                bands.append(band)
        if bands:
            out["grade_bands"] = bands
        return out

    def boolean(self, value: Any, sheet: str, row: int | None, column: str) -> Any:
        flag = _flag(value)
        if flag is None:
            self.err(sheet, row, column, "template.bad_type", key=column,
                     expected="yes/no")
            return False
        return flag

    def number(self, value: Any, sheet: str, row: int | None, column: str,
               integer: bool = False) -> Any:
        try:
            num = float(str(value).replace(",", "."))
        except ValueError:
            num = None
        if num is None or (integer and not num.is_integer()):
            self.err(sheet, row, column, "template.bad_type", key=column,
                     expected="whole number" if integer else "number")
            return None
        return int(num) if num.is_integer() else num

    def _response_sets(self, choices: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for list_name, options in choices.items():
            opts = []
            label = None
            for o in options:
                row = self.choice_rows.get((list_name, str(o.get("name", ""))))
                opt: dict[str, Any] = {"value": str(o.get("name", "")),
                                       "label": self.text(o.get("label"), "choices", row,
                                                          "label") or str(o.get("name", ""))}
                if o.get("name") == "other" and row is None:  # added by pyxform (or_other)
                    continue
                for key, value in o.items():
                    if key in ("name", "label"):
                        continue
                    if key == "score":
                        opt["score"] = self.number(value, "choices", row, key)
                    elif key in ("na", "pass"):
                        opt[key] = self.boolean(value, "choices", row, key)
                    elif key == "verdict":
                        opt[key] = str(value)
                    elif key == "list_label":
                        label = label or self.text(value, "choices", row, key)
                    elif isinstance(value, str) and COLUMN_RE.match(key) and \
                            key not in RESERVED_COLUMNS:  # what a choice_filter can test
                        opt.setdefault("columns", {})[key] = value
                    else:
                        self.err("choices", row, key, "xlsform.unsupported_column", warn=True,
                                 column=key)
                raw = self.raw_choices.get((list_name, str(o.get("name", ""))), {})
                for key in raw:  # what pyxform left out of its JSON without a word
                    base = key.split("::")[0].strip()
                    if key not in o and base not in o and base not in _CHOICE_OWN:
                        self.err("choices", row, key, "xlsform.unsupported_column", warn=True,
                                 column=key)
                opts.append(opt)
            rs: dict[str, Any] = {"options": opts}
            if label:
                rs["label"] = label
            out[list_name] = rs
        return out

    def _section(self, g: dict[str, Any], sets: dict[str, Any]) -> dict[str, Any] | None:
        name = str(g.get("name", ""))
        row = self.rows.get(name)
        sec: dict[str, Any] = {"name": name,
                               "title": self.text(g.get("label"), "survey", row, "label") or name}
        bind = dict(g.get("bind") or {})
        if "relevant" in bind:
            sec["relevant"] = self.expression(bind.pop("relevant"), row, "relevant")
        for key in bind:
            self.err("survey", row, key, "xlsform.unsupported_column", column=key)
        unit = {}
        for key, value in g.items():
            if key in ("name", "label", "type", "children", "bind"):
                continue
            if key == "control":
                self.appearance(value.get("appearance"), row, group=True)
            elif key in _SECTION_EXTRAS:
                sec[key] = self.extra(_SECTION_EXTRAS[key], value, row, key)
            elif key == "hint" and "description" not in g:  # a group's hint: its description
                sec["description"] = self.text(value, "survey", row, key)
            elif key in _UNIT_COLUMNS:
                unit[key] = self.text(value, "survey", row, key)
            else:
                self.err("survey", row, key, "xlsform.unsupported_column", column=key)
        if "unit_code" in unit or "unit_title" in unit:
            sec["unit"] = {"code": unit.get("unit_code"), "title": unit.get("unit_title")}
            if "unit_group" in unit:
                sec["unit"]["group"] = unit["unit_group"]
        if "element_no" in unit or "element_title" in unit:
            sec["element"] = {"no": unit.get("element_no"), "title": unit.get("element_title")}
        items: list[dict[str, Any]] = []
        subs: list[dict[str, Any]] = []
        for child in g.get("children", []):
            if child.get("type") == "group":
                sub = self._section(child, sets)
                if sub:
                    subs.append(sub)
                continue
            if subs:  # a question after a subgroup: XLSForm allows it, our sections do not
                self.misplaced(child, "xlsform.item_after_group")
                continue
            item = self._item(child, sets, in_repeat=False)
            if item is not None:
                items.append(item)
        if items:
            sec["items"] = items
        if subs:
            sec["sections"] = subs
        return sec

    def expression(self, source: Any, row: int | None, column: str) -> Any:
        text = str(source)
        flag = _flag(text) if column in ("required", "read_only") else None
        if flag is not None:
            return flag
        try:
            expr.parse(text, columns=column == "choice_filter")
        except expr.ExprSyntaxError as exc:
            params: dict[str, Any] = {k: v for k, v in exc.params.items()
                                      if k not in ("attr", "column")}
            self.err("survey", row, column, exc.code, attr=column, column=exc.pos + 1,
                     **params)
        return text

    def appearance(self, value: Any, row: int | None, group: bool = False) -> str | None:
        if not value:
            return None
        text = str(value)
        call = re.search(r"([A-Za-z][\w-]*)\s*\(", text)
        if call:  # search('file', ...): ODK looks the choices up in a CSV file
            self.err("survey", row, "appearance", "xlsform.unsupported_appearance",
                     appearance=f"{call.group(1)}()")
            return None
        words = text.split()
        kept = []
        for w in words:
            if w in _LAYOUT_APPEARANCES or re.fullmatch(r"columns(-pack|-\d+)?|w\d+", w):
                self.err("survey", row, "appearance", "xlsform.layout_ignored", warn=True,
                         appearance=w)
            else:
                kept.append(w)
        if len(kept) > 1:
            self.err("survey", row, "appearance", "xlsform.unsupported_appearance",
                     appearance=" ".join(kept))
            return None
        return kept[0] if kept else None

    def extra(self, kind: str, value: Any, row: int | None, key: str) -> Any:
        if kind == "bool":
            return self.boolean(value, "survey", row, key)
        if kind in ("number", "int"):
            return self.number(value, "survey", row, key, integer=kind == "int")
        if kind == "text":
            return self.text(value, "survey", row, key)
        return str(value)

    def _item(self, e: dict[str, Any], sets: dict[str, Any], *, in_repeat: bool
              ) -> dict[str, Any] | None:
        name = str(e.get("name", ""))
        row = self.rows.get(name)
        jtype = str(e.get("type", ""))
        raw_type = self.raw_types.get(name, "")
        if row is None and jtype == "calculate" and name.endswith("_count"):  # repeat_count
            self.generated[name] = str((e.get("bind") or {}).get("calculate", ""))
            return None
        if row is None and name.endswith("_other") and jtype == "text":  # or_other's question
            base = name[: -len("_other")]
            return {"name": name, "type": "text",
                    "label": {"id": "Sebutkan lainnya", "en": "Specify other."},
                    "relevant": f"selected(${{{base}}}, 'other')"}
        item: dict[str, Any] = {"name": name}
        control = dict(e.get("control") or {})
        appearance = self.appearance(control.pop("appearance", None), row)
        if jtype == "repeat":
            item["type"] = "repeat"
            if in_repeat:
                self.err("survey", row, "type", "template.nested_repeat", name=name)
            count = control.pop("jr:count", None)
            if count is not None:  # pyxform puts a number into a calculate NAME_count
                ref = re.fullmatch(r"\$\{(\w+)\}", str(count).strip())
                count = self.generated.get(ref.group(1), count) if ref else count
                if re.fullmatch(r"\d+", str(count).strip()):
                    item["min_rows"] = item["max_rows"] = int(str(count).strip())
                else:  # a count computed from answers: our tables have no such thing
                    self.err("survey", row, "repeat_count", "xlsform.unsupported_value",
                             column="repeat_count", value=count)
            children = []
            for c in e.get("children", []):
                if c.get("type") == "group":
                    self.misplaced(c, "xlsform.group_in_repeat")
                    continue
                child = self._item(c, sets, in_repeat=True)
                if child is not None:
                    children.append(child)
            item["items"] = children
        elif re.search(r"_from_file|_external|\bexternal\b", raw_type):
            self.err("survey", row, "type", "xlsform.unsupported_type", type=raw_type)
            return None
        elif jtype in _TYPES:
            item["type"] = _TYPES[jtype]
        elif jtype in ("start", "end", "today", "deviceid", "username", "phonenumber",
                       "subscriberid", "simserial", "email", "audit", "start-geopoint"):
            self.err("survey", row, "type", "xlsform.metadata_ignored", warn=True, type=jtype)
            return None
        else:
            self.err("survey", row, "type", "xlsform.unsupported_type", type=raw_type or jtype)
            return None
        item["label"] = self.text(e.get("label"), "survey", row, "label") or name
        for key in ("label", "hint"):
            self.check_piping(e.get(key), "survey", row, key)
        if jtype in ("select one", "select all that apply"):
            list_name = str(e.get("list_name") or e.get("itemset") or "")
            if re.search(r"\s(or_other|or other|or specify other)\s*$", raw_type):
                other = f"{list_name}_or_other"
                if other not in sets and list_name in sets:
                    sets[other] = {**sets[list_name], "options": [
                        *sets[list_name]["options"],
                        {"value": "other", "label": {"id": "Lainnya", "en": "Other"}}]}
                list_name = other
            item["response_set"] = list_name
        if jtype == "acknowledge":
            sets.setdefault("acknowledge", {"label": "OK", "options": [
                {"value": "ok", "label": "OK"}]})
            item["response_set"] = "acknowledge"
        if jtype == "image" and appearance == "signature" or \
                jtype == "photo" and appearance == "signature":
            item["type"] = "signature"
            appearance = None
        if jtype == "text" and appearance == "multiline":
            item["multiline"] = True
            appearance = None
        if appearance in ("minimal", "autocomplete"):  # a list to pick from
            appearance = "dropdown"
        if appearance in _CAPTURE_HINTS and item["type"] == "evidence":
            self.err("survey", row, "appearance", "xlsform.layout_ignored", warn=True,
                     appearance=appearance)  # which camera: the evidence panel offers both
            appearance = None
        if appearance is not None:
            if appearance in APPEARANCES:
                item["appearance"] = appearance
            else:
                self.err("survey", row, "appearance", "xlsform.unsupported_appearance",
                         appearance=appearance)
        if jtype == "geopoint":
            self.err("survey", row, "type", "xlsform.geopoint_as_text", warn=True)
        for key in control:
            if key != "bodyless":
                self.err("survey", row, key, "xlsform.unsupported_column", column=key)
        hint = self.text(e.get("hint"), "survey", row, "hint")
        if hint:
            item["hint"] = hint
        bind = dict(e.get("bind") or {})
        for key, col in (("relevant", "relevant"), ("constraint", "constraint"),
                         ("calculate", "calculation"), ("required", "required"),
                         ("readonly", "read_only")):
            if key in bind:
                value = self.expression(bind.pop(key), row, col)
                if col == "read_only" and not isinstance(value, bool):
                    self.err("survey", row, col, "xlsform.unsupported_value", column=col,
                             value=value)
                    continue
                if isinstance(value, bool) and col not in ("required", "read_only"):
                    value = "true()" if value else "false()"
                if value is False:
                    continue
                item["calculation" if col == "calculation" else col] = value
        if "jr:constraintMsg" in bind:
            item["constraint_message"] = self.text(bind.pop("jr:constraintMsg"), "survey", row,
                                                   "constraint_message")
        if "jr:requiredMsg" in bind:
            message = self.text(bind.pop("jr:requiredMsg"), "survey", row, "required_message")
            if "required" in item:
                item["required_message"] = message
            else:  # the words for a required answer that is never required
                self.err("survey", row, "required_message", "xlsform.required_message",
                         warn=True)
        for key in bind:
            self.err("survey", row, key, "xlsform.unsupported_column", column=key)
        if "default" in e:
            default = str(e["default"])
            if e.get("_dynamic_default") or "${" in default or \
                    re.fullmatch(r"[\w:-]+\(.*\)", default.strip()):
                # ODK's dynamic default: evaluated when the item is created
                item["dynamic_default"] = self.expression(default, row, "default")
            else:
                item["default"] = default
        if e.get("choice_filter"):
            if jtype in ("select one", "select all that apply"):
                item["choice_filter"] = self.expression(e["choice_filter"], row,
                                                        "choice_filter")
            else:  # rank and the like are reported on their type already
                self.err("survey", row, "choice_filter", "xlsform.unsupported_column",
                         column="choice_filter")
        for key, value in e.items():
            if key in ("name", "type", "label", "hint", "bind", "control", "children",
                       "default", "choice_filter", "choices", "itemset", "list_name",
                       "parameters", "trigger", "_dynamic_default", "actions"):
                continue
            if key in _ITEM_EXTRAS:
                item[key] = self.extra(_ITEM_EXTRAS[key], value, row, key)
            elif key in ("media", "guidance_hint"):  # pictures and notes for the enumerator
                self.err("survey", row, key, "xlsform.unsupported_column", warn=True,
                         column=key)
            else:
                self.err("survey", row, key, "xlsform.unsupported_column", column=key)
        if e.get("parameters"):
            self.err("survey", row, "parameters", "xlsform.unsupported_column",
                     column="parameters")
        if e.get("trigger"):
            self.err("survey", row, "trigger", "xlsform.unsupported_column", column="trigger")
        return item


# ------------------------------------------------------------------ loader issues -> cells


def _node_spans(root: Any) -> Iterator[tuple[int, int, str | None, dict[str, tuple[int, int]]]]:
    """Every mapping of the composed YAML: (first line, last line, name/value, key lines)."""
    from yaml.nodes import MappingNode, SequenceNode

    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, MappingNode):
            keys = {str(k.value): (k.start_mark.line + 1, v.end_mark.line + 1)
                    for k, v in node.value}
            ident = None
            for k, v in node.value:
                if k.value in ("name", "value", "role", "grade"):
                    ident = str(getattr(v, "value", ""))
            yield node.start_mark.line + 1, node.end_mark.line + 1, ident, keys
            stack.extend(v for _k, v in node.value)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)


def _place(reader: _Reader, text: str, issues: list[TemplateIssue]) -> list[TemplateIssue]:
    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    spans = list(_node_spans(root))
    out = []
    for issue in issues:
        best = None
        for first, last, ident, keys in spans:
            if first <= issue.line <= last and (best is None or first >= best[0]):
                best = (first, last, ident, keys)
        cell = reader.cell("settings", 2, None)
        if issue.code == "template.unsourced_scoring":  # the scoring sheet, as a whole
            cell = reader.cell("scoring", None, None)
        elif best is not None:
            _first, _last, ident, keys = best
            key = next((k for k, (a, b) in keys.items() if a <= issue.line <= b), None)
            column = _KEY_COLUMN.get(key or "", key) or "name"
            if ident in reader.rows:
                cell = reader.cell("survey", reader.rows[ident], column)
            elif any(ident == v for (_l, v) in reader.choice_rows):
                row = next(r for (_l, v), r in reader.choice_rows.items() if v == ident)
                cell = reader.cell("choices", row, column)
            elif key in ("code", "version", "kind", "subject", "verdict", "title"):
                cell = reader.cell("settings", 2, {"code": "form_id",
                                                   "title": "form_title"}.get(key, key))
        out.append(TemplateIssue(reader.file, issue.line, issue.col, issue.code,
                                 issue.params, cell=cell))
    return out


_ORDER = ["template", "code", "version", "form", "kind", "subject", "title", "description",
          "source", "scheme", "signers", "header", "response_sets", "scoring", "verdict",
          "sections", "name", "type", "label", "options", "value", "role", "grade", "min",
          "na", "pass", "verdict", "columns", "registration", "requires_pass",
          "pass_threshold", "grade_bands", "unit", "element", "no", "group", "items",
          "response_set", "choice_filter", "hint", "relevant", "required", "required_message",
          "constraint", "constraint_message", "calculation", "default", "dynamic_default",
          "read_only", "multiline", "appearance", "critical", "weight", "score", "kuk",
          "benchmark", "signer_role", "decision", "recommendation", "origin", "min_rows",
          "max_rows", "regulation", "evidence_hint", "summary", "lsp", "number", "level",
          "licence", "address", "contact", "logo"]
_DEFAULTS = {"verdict": "score", "read_only": False, "multiline": False, "critical": False,
             "decision": False, "recommendation": False, "weight": 1, "min_rows": 0,
             "na": False,
             "requires_pass": False, "registration": False}


def _canonical(node: Any) -> Any:
    """The same template gives the same YAML whatever the workbook's column order, so an
    exported workbook imported again is the version already installed."""
    if isinstance(node, list):
        return [_canonical(v) for v in node]
    if not isinstance(node, dict):
        return node
    rank = {k: i for i, k in enumerate(_ORDER)}
    items = sorted(node.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0]))
    signer = "role" in node
    out: dict[str, Any] = {}
    for k, v in items:
        if k in _DEFAULTS and v == _DEFAULTS[k] and v is not True:
            continue
        if signer and k == "required":
            if v is False:
                out[k] = v
            continue
        if k == "score" and v is True or k == "required" and v is False:
            continue
        out[k] = dict(v) if k == "columns" else _canonical(v)  # the author's columns as is
    return out


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:  # shared option dicts: no &anchors
        return True


def read_xlsform(path: Path) -> XlsformImport:
    """Read an XLSForm workbook into a validated template (raise TemplateError per cell)."""
    reader = _Reader(path)
    try:
        data = reader.read()
    except TemplateError as exc:
        raise TemplateError(_in_sheet_order(exc.issues)) from exc
    if reader.issues:
        raise TemplateError(_in_sheet_order(reader.issues))
    text = "# Imported from XLSForm\n" + yaml.dump(
        _canonical(data), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    try:
        template = load_template_text(text, path.name)
    except TemplateError as exc:
        raise TemplateError(_in_sheet_order(_place(reader, text, exc.issues))) from exc
    long_texts = _place(reader, text, layout_warnings(template, path.name))
    return XlsformImport(text, template, _in_sheet_order([*reader.warnings, *long_texts]))


def _in_sheet_order(issues: list[TemplateIssue]) -> list[TemplateIssue]:
    """Issues as the author reads the workbook: sheet by sheet, row by row, left to right."""
    def key(issue: TemplateIssue) -> tuple[int, str, int, int, str]:
        sheet, _, ref = (issue.cell or "").partition("!")
        m = re.fullmatch(r"([A-Z]*)(\d*)", ref)
        letters, digits = (m.group(1), m.group(2)) if m else ("", "")
        rank = _SHEETS.index(sheet) if sheet in _SHEETS else len(_SHEETS)
        return rank, sheet, int(digits or 0), len(letters), letters
    return sorted(issues, key=key)


# ------------------------------------------------------------------ writing


def _langs(text: Text | None) -> dict[str, str]:
    if text is None:
        return {}
    out = {f"::{ID_LANG}": text.id}
    if text.en:
        out[f"::{EN_LANG}"] = text.en
    return out


def _builtin_used(template: Template) -> list[str]:
    return [n for n in BUILTIN_RESPONSE_SETS
            if any(it.response_set == n for it in template.walk_items())]


def write_xlsform(template: Template, path: Path) -> None:
    """Write ``template`` as an XLSForm workbook; raise AppError for what has no column."""
    import openpyxl

    from assessor_app.fileio import atomic_write_bytes

    survey: list[dict[str, Any]] = []

    def add(row: dict[str, Any]) -> None:
        survey.append({k: v for k, v in row.items() if v not in (None, "", False)})

    def texts(prefix: str, text: Text | None) -> dict[str, str]:
        return {f"{prefix}{k}": v for k, v in _langs(text).items()}

    def item_row(it: Item) -> None:
        if it.type is ItemType.REPEAT:
            add({"type": "begin_repeat", "name": it.name, **texts("label", it.label),
                 **texts("hint", it.hint), "relevant": it.relevant, "code": it.code,
                 "regulation": it.regulation, **texts("evidence_hint", it.evidence_hint),
                 "min_rows": it.min_rows or None, "max_rows": it.max_rows})
            for child in it.items:
                item_row(child)
            add({"type": "end_repeat"})
            return
        t = {ItemType.SELECT_ONE: f"select_one {it.response_set}",
             ItemType.SELECT_MULTIPLE: f"select_multiple {it.response_set}",
             ItemType.DATETIME: "dateTime", ItemType.EVIDENCE: "file",
             ItemType.SIGNATURE: "image"}.get(it.type, it.type.value)
        appearance = {"dropdown": "minimal"}.get(it.appearance or "", it.appearance)
        if it.type is ItemType.SIGNATURE:
            appearance = "signature"
        if it.multiline:
            appearance = "multiline"
        required = None
        if it.required:
            required = "yes" if it.required == "true()" else it.required
        add({"type": t, "name": it.name, **texts("label", it.label), **texts("hint", it.hint),
             "relevant": it.relevant, "required": required,
             **texts("required_message", it.required_message), "constraint": it.constraint,
             **texts("constraint_message", it.constraint_message),
             "calculation": it.calculation,
             "default": it.default if it.dynamic_default is None else it.dynamic_default,
             "choice_filter": it.choice_filter,
             "read_only": "yes" if it.read_only else None, "appearance": appearance,
             "code": it.code, "regulation": it.regulation,
             **texts("evidence_hint", it.evidence_hint),
             "score": "no" if not it.scored else None,
             "weight": it.weight if it.weight != 1.0 else None,
             "critical": "yes" if it.critical else None, "kuk": it.kuk,
             "benchmark": it.benchmark, "signer_role": it.signer_role,
             "decision": "yes" if it.decision else None,
             "recommendation": "yes" if it.recommendation else None, "origin": it.origin})

    def section_rows(sec: Section) -> None:
        add({"type": "begin_group", "name": sec.name, **texts("label", sec.title),
             "relevant": sec.relevant, "code": sec.code,
             **texts("description", sec.description), "pass_threshold": sec.pass_threshold,
             "regulation": sec.regulation, "origin": sec.origin,
             "unit_code": sec.unit.code if sec.unit else None,
             **texts("unit_title", sec.unit.title if sec.unit else None),
             "unit_group": sec.unit.group if sec.unit else None,
             "element_no": sec.element.no if sec.element else None,
             **texts("element_title", sec.element.title if sec.element else None)})
        for it in sec.items:
            item_row(it)
        for sub in sec.sections:
            section_rows(sub)
        add({"type": "end_group"})

    for it in template.header:
        item_row(it)
    if template.header and not template.sections:
        raise AppError("xlsform.not_exportable", code=template.code, what="header")
    for sec in template.sections:
        section_rows(sec)

    choices: list[dict[str, Any]] = []
    own = [n for n in template.response_sets if n not in BUILTIN_RESPONSE_SETS or
           template.response_sets[n] != BUILTIN_RESPONSE_SETS[n]]
    for name in [*_builtin_used(template), *own]:
        rs: ResponseSet = template.response_sets[name]
        for i, o in enumerate(rs.options):
            choices.append({k: v for k, v in {
                "list_name": name, "name": o.value, **texts("label", o.label),
                **dict(o.columns), "score": o.score, "na": "yes" if o.na else None,
                "pass": None if o.passed is None else ("yes" if o.passed else "no"),
                "verdict": o.verdict,
                **(texts("list_label", rs.label) if i == 0 and rs.label != Text(name) else {}),
            }.items() if v is not None})

    settings: dict[str, Any] = {"form_id": template.code, "version": template.version,
                                **texts("form_title", template.title),
                                "default_language": ID_LANG, "kind": template.kind.value,
                                "subject": template.subject.value,
                                "verdict": template.verdict.value,
                                "form": template.form if template.form != template.code
                                else None, "source": template.source,
                                **texts("description", template.description)}
    if template.scheme is not None:
        sc = template.scheme
        settings.update({f"scheme_{k}": getattr(sc, k) for k in _SCHEME_KEYS if k != "title"})
        settings.update(texts("scheme_title", sc.title))
        if sc.lsp is not None:
            settings.update({f"scheme_lsp_{k}": getattr(sc.lsp, k) for k in _LSP_KEYS})

    scoring: list[dict[str, Any]] = []
    if template.scoring.source is not None:
        scoring.append({"source": template.scoring.source})
    if not template.scoring.summary:
        scoring.append({"summary": "no"})
    if template.scoring.pass_threshold is not None:
        scoring.append({"pass_threshold": template.scoring.pass_threshold})
    for b in template.scoring.grade_bands:
        scoring.append({"grade": b.grade, "min": b.min, **texts("label", b.label),
                        "requires_pass": "yes" if b.requires_pass else None})
    signers = [{"role": s.role, **texts("label", s.label),
                "registration": "yes" if s.registration else "no",
                "required": "yes" if s.required else "no"} for s in template.signers]

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in (("survey", survey), ("choices", choices), ("settings", [settings]),
                        ("signers", signers), ("scoring", scoring)):
        if not rows and title in ("signers", "scoring"):
            continue
        ws = wb.create_sheet(title)
        headers: list[str] = []
        for r in rows:
            for k, v in r.items():
                if k not in headers and v is not None:
                    headers.append(k)
        ws.append(headers or ["list_name", "name", "label"])
        for r in rows:
            ws.append([r.get(h) for h in headers])
    import io
    import tempfile

    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    # Read it back the way an import does: anything the workbook cannot carry is refused
    # here, never lost without a word.
    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp) / "export.xlsx"
        probe.write_bytes(data)
        try:
            again = read_xlsform(probe).template
        except TemplateError as exc:
            raise AppError("xlsform.not_exportable", code=template.code,
                           what=exc.issues[0].code) from exc
    lost = _first_difference(template_structure(template), template_structure(again))
    if lost is not None:
        raise AppError("xlsform.not_exportable", code=template.code, what=lost)
    atomic_write_bytes(path, data)


def template_structure(t: Template) -> dict[str, Any]:
    """What a template means, without its source text and positions (for comparisons)."""
    def strip(x: Any) -> Any:
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items()
                    if k not in ("line", "source_text", "sha256")}
        if isinstance(x, list | tuple):
            return [strip(v) for v in x]
        return x
    return strip(dataclasses.asdict(t))  # type: ignore[no-any-return]


def _first_difference(a: Any, b: Any, where: str = "", owner: str = "") -> str | None:
    """Where ``a`` and ``b`` first differ: ``sections[2].items[0].label.id (item name)``."""
    if isinstance(a, dict) and isinstance(b, dict):
        owner = str(a.get("name") or owner)
        for k in [*a, *(k for k in b if k not in a)]:
            found = _first_difference(a.get(k), b.get(k), f"{where}.{k}" if where else str(k),
                                      owner)
            if found is not None:
                return found
        return None
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            found = _first_difference(x, y, f"{where}[{i}]", owner)
            if found is not None:
                return found
        return None
    if a == b:
        return None
    return f"{where} ({owner})" if owner else where
