"""Officers' rosters of social organizations (社会组织名册) as CSV or XLSX, in and out.

This module reads rosters and is the one place callers import from; the parts that change for
other reasons live beside it: the column vocabulary (:mod:`.roster_columns`), the generic
streaming XLSX reader (:mod:`.xlsx`), CSV encoding and delimiter detection (:mod:`.csvsniff`)
and the writers (:mod:`.roster_writers`).

Pure functions: no database, no FastAPI. One table, :data:`COLUMNS`, names every column once
(Chinese header, field path, parser, formatter), so what the export writes is exactly what the
import reads back: ``read_roster(write_roster_xlsx([row]))`` gives the row's values unchanged.

Public functions
----------------
``read_roster(content: bytes, filename: str) -> Iterator[RosterRow]``
    Parse an uploaded roster lazily, one :class:`RosterRow` per non-empty data row.

    - File type by extension (``.csv``/``.txt``, ``.xlsx``/``.xlsm``), else by content (a ZIP is
      XLSX). Anything else, a legacy ``.xls``, or a file that cannot be opened raises
      :class:`RosterFormatError` (a ``ValueError``) before the first row is yielded.
    - CSV: UTF-8 with or without BOM, or GB18030/GBK (what Excel's plain "CSV" save writes);
      comma, tab or semicolon separated.
    - XLSX: the first worksheet, streamed from its XML with ``ElementTree.iterparse`` row by
      row, so memory stays flat in the row count (plus the shared-string table); typed cells
      (numbers, booleans, Excel dates) are accepted. Writing still uses openpyxl.
    - The header is the first non-empty row. Headers match :data:`COLUMNS` after trimming blanks
      (and a leading ``*``); the English field names (``name``, ``party.members`` ...) are accepted
      as aliases, as is ``信用代码`` for ``统一社会信用代码``. A second header row made only of the
      English field names is skipped. Unknown columns are ignored; a missing ``名称`` column
      raises :class:`RosterFormatError`.
    - ``RosterRow.row`` is the spreadsheet row number (the header row is 1 when it is the first
      row). ``RosterRow.values`` is shaped like the organization create body (``party``, ``staff``
      and ``contact`` are nested dicts); a blank cell leaves its field out (the create default
      applies; an update should leave the field unchanged). ``无`` in 评估等级 is an explicit
      ``grade: None``. A masked phone (``138****5678``, what an export without ``pii:read``
      contains) is left out, so re-importing such an export never overwrites real numbers.
    - ``RosterRow.errors`` lists ``{"field", "message"}`` for cells that cannot be parsed (those
      fields are left out of ``values``) and for a blank 名称. A row with errors should be
      reported (``{"row", "field", "message"}``) and skipped; later rows are unaffected.

``write_roster_csv(rows: Iterable[Mapping]) -> Iterator[bytes]``
    Stream a CSV export: UTF-8 with BOM (Excel then shows Chinese correctly), header first, one
    chunk per batch of rows. ``rows`` are shaped like the organization read model
    (``OrganizationRead.model_dump()`` or its JSON form; dates as ``date`` or ISO strings).

``write_roster_xlsx(rows: Iterable[Mapping]) -> bytes``
    The same as an XLSX workbook, written with ``openpyxl`` ``write_only=True``.

CSV cells that would start with ``=``, ``+``, ``-`` or ``@`` are written with a leading ``'`` so
a spreadsheet never runs them as formulas (CSV injection); the reader strips that ``'`` again.
XLSX cells are typed as text, so they need no prefix.
Roles and domains are written as Chinese labels where :data:`ROLE_LABELS` /
:data:`DOMAIN_LABELS` know the code, joined with ``、``; unknown values pass through unchanged.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from services.registry.domain.csvsniff import csv_delimiter, csv_encoding
from services.registry.domain.roster_columns import (
    BY_HEADER,
    COLUMNS,
    DOMAIN_LABELS,
    FIELDS,
    MISSING,
    REQUIRED,
    ROLE_LABELS,
    CellError,
    Column,
    header_key,
)
from services.registry.domain.roster_writers import write_roster_csv, write_roster_xlsx
from services.registry.domain.xlsx import XlsxError, read_xlsx_rows

__all__ = [
    "COLUMNS",
    "DOMAIN_LABELS",
    "ROLE_LABELS",
    "Column",
    "RosterFormatError",
    "RosterRow",
    "read_roster",
    "write_roster_csv",
    "write_roster_xlsx",
]


class RosterFormatError(ValueError):
    """The upload is not a roster this module can read (wrong file type, missing header)."""


@dataclass(slots=True)
class RosterRow:
    """One data row of a roster: its spreadsheet row number, parsed values and cell errors."""

    row: int
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[dict[str, str]] = field(default_factory=list)


def read_roster(content: bytes | BinaryIO, filename: str) -> Iterator[RosterRow]:
    """Parse a CSV or XLSX roster lazily; raises :class:`RosterFormatError` before any row.

    ``content`` is the file's bytes or a seekable binary file (an upload's spooled file: an XLSX
    is then read from it without ever holding the whole file in memory).
    """
    source: BinaryIO = io.BytesIO(content) if isinstance(content, bytes) else content
    source.seek(0)
    head = source.read(4096)
    source.seek(0)
    kind = _kind(head, filename)
    rows = _xlsx_rows(source) if kind == "xlsx" else _csv_rows(source.read())
    for _, cells in rows:
        if not _is_blank(cells):
            columns = _header(cells)
            break
    else:
        raise RosterFormatError("文件为空，没有表头 / the file is empty: no header row")
    return _parse_rows(columns, rows)


_FORMATS_HELP = "请上传 CSV 或 XLSX 文件 / upload a CSV or XLSX file"


def _kind(content: bytes, filename: str) -> str:
    """``xlsx`` or ``csv`` from the extension and the first 4 KiB (``content``)."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    is_zip = content[:4] == b"PK\x03\x04"
    if ext in {"xlsx", "xlsm"}:
        if not is_zip:
            raise RosterFormatError(f"文件不是有效的 XLSX / not a valid XLSX file. {_FORMATS_HELP}")
        return "xlsx"
    if ext == "xls" or content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise RosterFormatError(
            "不支持旧版 Excel .xls 格式，请另存为 .xlsx / legacy .xls is not supported, "
            "save it as .xlsx"
        )
    if ext in {"csv", "txt"}:
        if is_zip or b"\x00" in content[:4096]:
            raise RosterFormatError(f"文件不是文本 CSV / not a text CSV file. {_FORMATS_HELP}")
        return "csv"
    if is_zip and ext == "":
        return "xlsx"
    raise RosterFormatError(
        f"无法识别的文件类型：{filename!r} / unknown file type. {_FORMATS_HELP}"
    )


def _xlsx_rows(source: BinaryIO) -> Iterator[tuple[int, Sequence[object]]]:
    try:
        rows = read_xlsx_rows(source)
    except XlsxError as exc:
        raise RosterFormatError(f"{exc}. {_FORMATS_HELP}") from exc

    def checked() -> Iterator[tuple[int, Sequence[object]]]:
        try:
            yield from rows
        except XlsxError as exc:
            raise RosterFormatError(str(exc)) from exc

    return checked()


def _csv_rows(content: bytes) -> Iterator[tuple[int, Sequence[object]]]:
    encoding = csv_encoding(content)
    stream = io.TextIOWrapper(io.BytesIO(content), encoding=encoding, newline="")
    first = stream.readline()
    delimiter = csv_delimiter(first)
    stream.seek(0)
    reader = csv.reader(stream, delimiter=delimiter)

    def rows() -> Iterator[tuple[int, Sequence[object]]]:
        try:
            for cells in reader:
                # line_num counts physical lines; a quoted cell can span several.
                yield reader.line_num, cells
        except csv.Error as exc:
            raise RosterFormatError(f"CSV 格式错误 / malformed CSV: {exc}") from exc

    return rows()


def _is_blank(cells: Sequence[object]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _parse_rows(
    columns: Sequence[Column | None], rows: Iterator[tuple[int, Sequence[object]]]
) -> Iterator[RosterRow]:
    first = True
    for number, cells in rows:
        if _is_blank(cells):
            continue
        if first:
            first = False
            keys = [header_key(c) for c in cells]
            if all(k in FIELDS for k in keys if k):
                continue  # an English header row under the Chinese one
        yield _parse_row(number, columns, cells)


def _header(cells: Sequence[object]) -> list[Column | None]:
    columns = [BY_HEADER.get(header_key(c)) for c in cells]
    if REQUIRED not in columns:
        found = "、".join(k for k in (header_key(c) for c in cells) if k)
        raise RosterFormatError(
            f"缺少必需的表头“{REQUIRED.header}” / missing required column {REQUIRED.header!r} "
            f"({REQUIRED.field}); 表头为 / header is: {found}"
        )
    seen: set[str] = set()
    for i, column in enumerate(columns):
        if column is not None:
            if column.field in seen:
                columns[i] = None  # the first of two same columns wins
            seen.add(column.field)
    return columns


def _parse_row(number: int, columns: Sequence[Column | None], cells: Sequence[object]) -> RosterRow:
    result = RosterRow(row=number)
    for column, raw in zip(columns, cells, strict=False):
        if column is None:
            continue
        try:
            value = column.parse(raw)
        except CellError as exc:
            result.errors.append({"field": column.field, "message": str(exc)})
            continue
        if value is MISSING:
            continue
        head, _, tail = column.field.partition(".")
        if tail:
            result.values.setdefault(head, {})[tail] = value
        else:
            result.values[head] = value
    if "name" not in result.values:
        result.errors.insert(0, {"field": "name", "message": "名称不能为空 / name is required"})
    return result
