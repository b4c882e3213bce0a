"""Reading a workbook for the scheme loader: every sheet's cells as text.

The XLSX layout of scheme data (the sheets ``Skema``, ``Unit``, ``Persyaratan``,
``Pertanyaan``, ``PilihanGanda``, ``Tugas``) and its checks live with the other scheme
formats in :mod:`assessor_app.core.competency`; this module only opens the file
(openpyxl, read-only, cached values rather than formulas) and turns cell values into text.
openpyxl is imported when a workbook is read, not when the app starts.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assessor_app.core.errors import AppError
from assessor_app.core.files import read_user_file

MAX_WORKBOOK_BYTES = 32 * 1024 * 1024  # a scheme workbook (a real one is a few hundred KB)


@dataclass(frozen=True)
class Sheet:
    """One worksheet: its name and its rows as text, each with its 1-based row number."""

    title: str
    rows: list[tuple[int, list[str]]]


def cell_text(value: Any) -> str:
    """A cell's value as text: whole numbers without ``.0``, dates as ISO dates.

    A KUK number typed as a number loses its trailing zero (``1.10`` is the number 1.1);
    forms/README.md asks for text cells there."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def read_workbook(path: Path) -> list[Sheet]:
    """Every sheet of the workbook, in order.

    Raises ``AppError("scheme.invalid", reason="unreadable")`` when the file cannot be
    opened as a workbook."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    def unreadable(error: str) -> AppError:
        return AppError("scheme.invalid", file=str(path), line=1, reason="unreadable",
                        error=error)

    data = read_user_file(path, MAX_WORKBOOK_BYTES)  # regular file only, capped
    try:
        with warnings.catch_warnings():
            # style and extension warnings of workbooks written by other programs
            warnings.simplefilter("ignore")
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except OSError as exc:
        raise unreadable(exc.strerror or str(exc)) from exc
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise unreadable(str(exc) or type(exc).__name__) from exc
    try:
        sheets = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for ws in wb.worksheets:
                rows = ws.iter_rows(min_row=1, min_col=1, values_only=True)
                sheets.append(Sheet(str(ws.title), [
                    (n, [cell_text(v) for v in values]) for n, values in enumerate(rows, 1)]))
        return sheets
    finally:
        wb.close()
