"""Roster exports: CSV streamed in batches (UTF-8 with BOM) and XLSX written with openpyxl.

Both write :data:`~services.registry.domain.roster_columns.COLUMNS` in order. CSV cells that
would start a formula get a leading ``'`` (CSV injection); XLSX cells are typed as text.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import Any

from services.registry.domain.roster_columns import COLUMNS, FORMULA_START, Cell

__all__ = ["write_roster_csv", "write_roster_xlsx"]


def _get(row: Mapping[str, Any], path: str) -> Any:
    head, _, tail = path.partition(".")
    value = row.get(head)
    if tail:
        if value is None:
            return None
        value = value.get(tail) if isinstance(value, Mapping) else getattr(value, tail, None)
    return value


def _cells(row: Mapping[str, Any]) -> list[Cell]:
    return [column.format(_get(row, column.field)) for column in COLUMNS]


def _csv_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def write_roster_csv(rows: Iterable[Mapping[str, Any]], *, batch: int = 500) -> Iterator[bytes]:
    """Stream a roster as UTF-8 CSV with BOM: header row first, then ``batch`` rows per chunk."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.header for column in COLUMNS])
    yield codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")
    buffer.seek(0)
    buffer.truncate()
    pending = 0
    for row in rows:
        writer.writerow([_csv_text(value) for value in _cells(row)])
        pending += 1
        if pending >= batch:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    if pending:
        yield buffer.getvalue().encode("utf-8")


def write_roster_xlsx(rows: Iterable[Mapping[str, Any]]) -> bytes:
    """A roster as an XLSX workbook (one sheet 社会组织名册), written in write-only mode."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("社会组织名册")
    for i, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = column.width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in COLUMNS:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        values: list[Any] = []
        for value in _cells(row):
            if isinstance(value, date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "yyyy-mm-dd"
                values.append(cell)
            elif isinstance(value, str) and value.startswith("="):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"  # text, never a formula
                values.append(cell)
            else:
                values.append(value)
        sheet.append(values)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
