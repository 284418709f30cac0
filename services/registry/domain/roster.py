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

Limits (:class:`RosterLimits`): file size, data rows, characters per cell, and for XLSX the
inflated size of each part and the shared strings' count and characters, all checked while
streaming; over any of them :class:`RosterTooLarge` (a :class:`RosterFormatError`) is raised.

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
from services.registry.domain.xlsx import XlsxError, XlsxLimits, XlsxTooLarge, read_xlsx_rows

__all__ = [
    "COLUMNS",
    "DOMAIN_LABELS",
    "ROLE_LABELS",
    "Column",
    "RosterFormatError",
    "RosterLimits",
    "RosterRow",
    "RosterTooLarge",
    "read_roster",
    "write_roster_csv",
    "write_roster_xlsx",
]


class RosterFormatError(ValueError):
    """The upload is not a roster this module can read (wrong file type, missing header)."""


class RosterTooLarge(RosterFormatError):
    """The upload exceeds :class:`RosterLimits` (raised as soon as it is seen, mid-stream too)."""


@dataclass(frozen=True, slots=True)
class RosterLimits:
    """What one upload may make the reader do (see ``RegistrySettings.import_*``)."""

    max_upload_bytes: int = 64 << 20
    max_rows: int = 100_000
    max_cell_chars: int = 4096
    max_xlsx_part_bytes: int = 256 << 20
    max_shared_strings: int = 1_000_000
    max_shared_chars: int = 16_000_000

    def xlsx(self) -> XlsxLimits:
        """The workbook limits these imply."""
        return XlsxLimits(
            max_part_bytes=self.max_xlsx_part_bytes,
            max_cell_chars=self.max_cell_chars,
            max_shared_strings=self.max_shared_strings,
            max_shared_chars=self.max_shared_chars,
        )


@dataclass(slots=True)
class RosterRow:
    """One data row of a roster: its spreadsheet row number, parsed values and cell errors."""

    row: int
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[dict[str, str]] = field(default_factory=list)


def read_roster(
    content: bytes | BinaryIO, filename: str, limits: RosterLimits | None = None
) -> Iterator[RosterRow]:
    """Parse a CSV or XLSX roster lazily; raises :class:`RosterFormatError` before any row.

    ``content`` is the file's bytes or a seekable binary file (an upload's spooled file: an XLSX
    is then read from it without ever holding the whole file in memory). Anything over
    ``limits`` raises :class:`RosterTooLarge`: before the first row when the file says so up
    front, else when the reader gets there.
    """
    limits = limits or RosterLimits()
    source: BinaryIO = io.BytesIO(content) if isinstance(content, bytes) else content
    size = source.seek(0, io.SEEK_END)
    if size > limits.max_upload_bytes:
        raise RosterTooLarge(
            f"文件超过 {limits.max_upload_bytes:,} 字节 / the file is over "
            f"{limits.max_upload_bytes:,} bytes"
        )
    source.seek(0)
    head = source.read(4096)
    source.seek(0)
    kind = _kind(head, filename)
    rows = _xlsx_rows(source, limits) if kind == "xlsx" else _csv_rows(source.read(), limits)
    for _, cells in rows:
        if not _is_blank(cells):
            columns = _header(cells)
            break
    else:
        raise RosterFormatError("文件为空，没有表头 / the file is empty: no header row")
    return _parse_rows(columns, rows, limits.max_rows)


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


def _xlsx_rows(source: BinaryIO, limits: RosterLimits) -> Iterator[tuple[int, Sequence[object]]]:
    try:
        rows = read_xlsx_rows(source, limits.xlsx())
    except XlsxTooLarge as exc:
        raise RosterTooLarge(str(exc)) from exc
    except XlsxError as exc:
        raise RosterFormatError(f"{exc}. {_FORMATS_HELP}") from exc

    def checked() -> Iterator[tuple[int, Sequence[object]]]:
        try:
            yield from rows
        except XlsxTooLarge as exc:
            raise RosterTooLarge(str(exc)) from exc
        except XlsxError as exc:
            raise RosterFormatError(str(exc)) from exc

    return checked()


def _csv_rows(content: bytes, limits: RosterLimits) -> Iterator[tuple[int, Sequence[object]]]:
    encoding = csv_encoding(content)

    def reader() -> Any:
        stream = io.TextIOWrapper(io.BytesIO(content), encoding=encoding, newline="")
        first = stream.readline()
        stream.seek(0)
        return csv.reader(stream, delimiter=csv_delimiter(first))

    # Two header rows at most; only a file with more lines than that needs its records counted
    # (a quoted cell may span lines), and one too long is refused before any row is checked.
    if content.count(b"\n") > limits.max_rows + 2:
        try:
            # Empty lines are not records; a line of bare delimiters counts (rare, and harmless).
            records = sum(1 for cells in reader() if cells)
        except csv.Error as exc:
            raise RosterFormatError(f"CSV 格式错误 / malformed CSV: {exc}") from exc
        if records > limits.max_rows + 2:
            raise _too_many_rows(limits.max_rows)
    parsed = reader()

    def rows() -> Iterator[tuple[int, Sequence[object]]]:
        try:
            for cells in parsed:
                for cell in cells:
                    if len(cell) > limits.max_cell_chars:
                        raise RosterTooLarge(
                            f"第 {parsed.line_num} 行有单元格超过 {limits.max_cell_chars:,} 个"
                            f"字符 / a cell in line {parsed.line_num} is over "
                            f"{limits.max_cell_chars:,} characters"
                        )
                # line_num counts physical lines; a quoted cell can span several.
                yield parsed.line_num, cells
        except csv.Error as exc:
            raise RosterFormatError(f"CSV 格式错误 / malformed CSV: {exc}") from exc

    return rows()


def _too_many_rows(limit: int) -> RosterTooLarge:
    return RosterTooLarge(
        f"名册超过 {limit:,} 行，请拆分后分批导入 / the roster is over {limit:,} rows: "
        "split it and import the parts one after another"
    )


def _is_blank(cells: Sequence[object]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _parse_rows(
    columns: Sequence[Column | None],
    rows: Iterator[tuple[int, Sequence[object]]],
    max_rows: int,
) -> Iterator[RosterRow]:
    first = True
    count = 0
    for number, cells in rows:
        if _is_blank(cells):
            continue
        if first:
            first = False
            keys = [header_key(c) for c in cells]
            if all(k in FIELDS for k in keys if k):
                continue  # an English header row under the Chinese one
        count += 1
        if count > max_rows:
            raise _too_many_rows(max_rows)
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
