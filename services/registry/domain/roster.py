"""Officers' rosters of social organizations (社会组织名册) as CSV or XLSX, in and out.

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

import codecs
import csv
import functools
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any, BinaryIO
from xml.etree import ElementTree

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


class CellError(ValueError):
    """One cell that cannot be parsed; its message goes into ``RosterRow.errors``."""


@dataclass(slots=True)
class RosterRow:
    """One data row of a roster: its spreadsheet row number, parsed values and cell errors."""

    row: int
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[dict[str, str]] = field(default_factory=list)


class _Missing:
    """A blank cell: the field is left out of ``values``."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()

Cell = str | int | float | date | None

# ---------------------------------------------------------------------------------------------
# Value labels


ROLE_LABELS: dict[str, str] = {
    "hub": "枢纽型社会组织",
    "social_work_agency": "专业社工机构",
    "community_social_work_room": "社区社工室",
    "volunteer_team": "志愿服务队",
    "culture_sports": "文体团队",
    "charity": "慈善组织",
    "industry_association": "行业协会",
    "incubator": "孵化器",
    "platform": "服务平台",
}

DOMAIN_LABELS: dict[str, str] = {
    "elderly_care": "养老服务",
    "youth_mental_health": "青少年心理健康",
    "children": "儿童服务",
    "disability": "助残服务",
    "legal_aid": "法律援助",
    "psychological_counselling": "心理咨询",
    "rights_protection": "权益维护",
    "mutual_aid": "邻里互助",
    "health": "健康服务",
    "employment": "就业服务",
    "culture_sports": "文体活动",
    "dispute_mediation": "矛盾调解",
    "emergency_relief": "应急救助",
    "environment": "环境保护",
    "community_building": "社区营造",
    "community_worker_training": "社区工作者培训",
}

_REGISTRATION = {"registered": ("登记",), "filed": ("备案",)}
_LEGAL_FORM = {
    "social_group": ("社会团体", "社团"),
    "social_service_agency": ("社会服务机构", "民办非企业单位", "民非"),
    "foundation": ("基金会",),
    "other": ("其他",),
}
_CREDIT = {
    "normal": ("正常",),
    "abnormal": ("活动异常", "活动异常名录"),
    "dishonest": ("严重失信", "严重违法失信", "严重违法失信名单"),
}
_STATUS = {
    "incubating": ("培育中", "孵化中"),
    "active": ("正常", "活跃"),
    "suspended": ("暂停",),
    "deregistered": ("注销", "已注销"),
}

# ---------------------------------------------------------------------------------------------
# Parsers: raw cell (str from CSV, typed from XLSX) → value, MISSING, or CellError


def _text(raw: object) -> str:
    """A cell as trimmed text; integral floats (Excel numbers) lose their ``.0``."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "是" if raw else "否"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime | date):
        return raw.isoformat()
    text = str(raw).strip().replace("\u3000", " ").strip()
    if len(text) > 1 and text[0] == "'" and text[1] in _FORMULA_START:
        text = text[1:]
    return text


def _parse_text(raw: object) -> Any:
    text = _text(raw)
    return text or MISSING


def _parse_code(raw: object) -> Any:
    """Credit codes: no blanks, upper case."""
    text = re.sub(r"\s+", "", _text(raw)).upper()
    return text or MISSING


def _enum(mapping: Mapping[str, Sequence[str]], what: str) -> Callable[[object], Any]:
    lookup = {label: value for value, labels in mapping.items() for label in labels}
    lookup.update({value: value for value in mapping})
    choices = "、".join(labels[0] for labels in mapping.values())

    def parse(raw: object) -> Any:
        text = _text(raw)
        if not text:
            return MISSING
        try:
            return lookup[text.lower() if text.isascii() else text]
        except KeyError:
            raise CellError(f"无法识别的{what}：{text}（应为 {choices}）") from None

    return parse


def _enum_format(mapping: Mapping[str, Sequence[str]]) -> Callable[[Any], Cell]:
    def fmt(value: Any) -> Cell:
        if value is None or value == "":
            return None
        return mapping[value][0] if value in mapping else str(value)

    return fmt


_LIST_SPLIT = re.compile(r"[、,，;；|\n]+")


def _list(labels: Mapping[str, str]) -> tuple[Callable[[object], Any], Callable[[Any], Cell]]:
    to_code = {label: code for code, label in labels.items()}

    def parse(raw: object) -> Any:
        items = [part.strip() for part in _LIST_SPLIT.split(_text(raw))]
        items = [to_code.get(part, part) for part in items if part]
        return items or MISSING

    def fmt(value: Any) -> Cell:
        if not value:
            return None
        return "、".join(labels.get(item, item) for item in value)

    return parse, fmt


_REGION = re.compile(r"^(?:.*?[(（]\s*)?(\d{6}|\d{9}|\d{12})\s*[)）]?$")


def _parse_region(raw: object) -> Any:
    text = _text(raw)
    if not text:
        return MISSING
    match = _REGION.match(text)
    if not match:
        raise CellError(f"区划代码应为 6、9 或 12 位数字，或“名称(代码)”：{text}")
    return match.group(1)


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")


def _parse_date(raw: object) -> Any:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool) and 1 < raw < 2958466:
        from openpyxl.utils.datetime import from_excel

        # An Excel serial day number in a cell without a date format.
        converted = from_excel(raw)
        return converted.date() if isinstance(converted, datetime) else converted
    text = _text(raw)
    if not text:
        return MISSING
    text = text.split(" ")[0].split("T")[0]
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CellError(f"日期应为 YYYY-MM-DD：{text}")


def _format_date(value: Any) -> Cell:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


_GRADE = re.compile(r"^(?:([1-5])\s*A?|(A{1,5}))\s*级?$")
_NO_GRADE = {"无", "未评估", "未评级", "-", "—", "none", "null"}


def _parse_grade(raw: object) -> Any:
    text = _text(raw)
    if not text:
        return MISSING
    if text.lower() in _NO_GRADE:
        return None
    match = _GRADE.match(text.upper())
    if not match:
        raise CellError(f"评估等级应为 1A-5A、AAAAA 或 无：{text}")
    return int(match.group(1)) if match.group(1) else len(match.group(2))


def _format_grade(value: Any) -> Cell:
    return "无" if value is None or value == "" else f"{int(value)}A"


_TRUE = {"有", "是", "y", "yes", "true", "1", "已建立", "已建"}
_FALSE = {"无", "否", "没有", "n", "no", "false", "0", "未建立", "未建"}


def _parse_bool(raw: object) -> Any:
    if isinstance(raw, bool):
        return raw
    text = _text(raw).lower()
    if not text:
        return MISSING
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError(f"应为 有 或 无：{text}")


def _format_bool(value: Any) -> Cell:
    if value is None or value == "":
        return None
    return "有" if value else "无"


def _parse_count(raw: object) -> Any:
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        if raw < 0 or not float(raw).is_integer():
            raise CellError(f"人数应为非负整数：{raw}")
        return int(raw)
    text = _text(raw).removesuffix("人").strip()
    if not text:
        return MISSING
    if not text.isdigit():
        raise CellError(f"人数应为非负整数：{text}")
    return int(text)


def _format_count(value: Any) -> Cell:
    return None if value is None or value == "" else int(value)


# The same rule as ``schemas.Phone``: digits, blanks and dashes, an optional leading ``+``.
_PHONE = re.compile(r"\+?[0-9][0-9\- ]{4,30}")


def _parse_phone(raw: object) -> Any:
    text = _text(raw)
    if not text or "*" in text:
        # Blank, or masked by an export made without pii:read: never overwrite the real number.
        return MISSING
    if not _PHONE.fullmatch(text):
        raise CellError(f"联系电话格式不对：{text}")
    return text


def _format_text(value: Any) -> Cell:
    return None if value is None or value == "" else str(value)


# ---------------------------------------------------------------------------------------------
# The column table


@dataclass(frozen=True, slots=True)
class Column:
    """One roster column: its Chinese header, the field path it fills, and how to convert."""

    header: str
    field: str
    parse: Callable[[object], Any]
    format: Callable[[Any], Cell]
    aliases: tuple[str, ...] = ()
    width: int = 12


_ROLES = _list(ROLE_LABELS)
_DOMAINS = _list(DOMAIN_LABELS)

#: Every column, in export order. ``field`` is a dotted path into the create/read model.
COLUMNS: tuple[Column, ...] = (
    Column("名称", "name", _parse_text, _format_text, width=36),
    Column("统一社会信用代码", "uscc", _parse_code, _format_text, ("信用代码",), width=22),
    # Kept as written (trimmed): filing numbers are local formats, stored as the API got them,
    # so upper-casing one would stop an export from re-importing onto the same organization.
    Column("备案编号", "filing_no", _parse_text, _format_text, width=16),
    Column(
        "登记/备案",
        "registration",
        _enum(_REGISTRATION, "登记/备案"),
        _enum_format(_REGISTRATION),
        ("登记或备案", "登记备案"),
        width=10,
    ),
    Column(
        "组织类型",
        "legal_form",
        _enum(_LEGAL_FORM, "组织类型"),
        _enum_format(_LEGAL_FORM),
        ("组织形式",),
    ),
    Column("组织角色", "roles", *_ROLES, width=20),
    Column("服务领域", "domains", *_DOMAINS, width=24),
    Column("所属区划", "region_code", _parse_region, _format_text, ("区划代码",), width=14),
    Column("成立日期", "founded_on", _parse_date, _format_date),
    Column("评估等级", "grade", _parse_grade, _format_grade, width=10),
    Column("等级有效期至", "grade_expires_on", _parse_date, _format_date, width=14),
    Column("信用状态", "credit_status", _enum(_CREDIT, "信用状态"), _enum_format(_CREDIT)),
    Column("状态", "status", _enum(_STATUS, "状态"), _enum_format(_STATUS), width=10),
    Column("党组织", "party.has_branch", _parse_bool, _format_bool, width=8),
    Column("党员人数", "party.members", _parse_count, _format_count, width=10),
    Column("专职人员", "staff.full_time", _parse_count, _format_count, width=10),
    Column("持证社工", "staff.certified_social_workers", _parse_count, _format_count, width=10),
    Column("联系人", "contact.name", _parse_text, _format_text, width=10),
    Column("联系电话", "contact.phone", _parse_phone, _format_text, width=16),
)

_BY_HEADER: dict[str, Column] = {}
for _column in COLUMNS:
    for _name in (_column.header, _column.field, *_column.aliases):
        _BY_HEADER[_name] = _column
_FIELDS = {column.field for column in COLUMNS}
_REQUIRED = COLUMNS[0]


def _header_key(raw: object) -> str:
    return re.sub(r"\s+", "", _text(raw)).lstrip("*＊")


# ---------------------------------------------------------------------------------------------
# Reading


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


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL, _VALUE, _ROW, _TEXT = f"{_MAIN}c", f"{_MAIN}v", f"{_MAIN}row", f"{_MAIN}t"
_INLINE, _PHONETIC = f"{_MAIN}is", f"{_MAIN}rPh"


def _xlsx_rows(source: BinaryIO) -> Iterator[tuple[int, Sequence[object]]]:
    """Rows of the first worksheet as ``(row number, cell values)``, streamed from the sheet XML.

    The sheet is decompressed a block at a time and cut after the last ``</row>`` in the block;
    each cut (128 KiB, about 150 rows) is parsed by ElementTree's C parser in one call, so memory
    is the shared-string table plus one block, and no Python code runs per XML element (three
    times faster than ``iterparse`` events, eight than openpyxl's read-only mode). Shared and
    inline strings, numbers (``int`` when written without a fraction), booleans, ISO dates
    (``t="d"``) and numbers in a date format (Excel dates) are typed as openpyxl would.
    """
    try:
        archive = zipfile.ZipFile(source)
        sheet = _first_sheet(archive)
        strings = _shared_strings(archive)
        date_styles = _date_styles(archive)
        stream = archive.open(sheet)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, ElementTree.ParseError) as exc:
        raise RosterFormatError(
            f"无法打开 XLSX 文件 / cannot open the XLSX file: {exc}. {_FORMATS_HELP}"
        ) from exc

    def rows() -> Iterator[tuple[int, Sequence[object]]]:
        number = 0
        try:
            for block in _row_blocks(stream):
                for row in block:
                    number = int(row.get("r") or number + 1)
                    yield number, _row_values(row, strings, date_styles)
        except (ElementTree.ParseError, zipfile.BadZipFile, OSError, ValueError) as exc:
            raise RosterFormatError(f"XLSX 内容损坏 / broken XLSX sheet: {exc}") from exc
        finally:
            stream.close()
            archive.close()

    return rows()


_ROOT_START = re.compile(rb"<(?![?!])([\w.:-]+)[^>]*>")
_SHEET_DATA = re.compile(rb"<(?:[\w.-]+:)?sheetData\b[^>]*?(/?)>")
_ROW_END = re.compile(rb"</(?:[\w.-]+:)?row>")
_BLOCK = 1 << 17  # 128 KiB of XML: about 150 rows, a few MiB of elements


def _row_blocks(stream: IO[bytes]) -> Iterator[Any]:
    """The sheet's ``<row>`` elements, a block at a time, each block parsed in one call.

    Every block is wrapped in the worksheet's own start tag, so its namespace declarations (and
    a prefix such as ``x:``) apply. Text never contains a literal ``</row>`` (``<`` is always
    escaped in XML text), so cutting after one is safe.
    """
    buffer = b""
    while True:  # the prolog: up to the start of <sheetData>
        chunk = stream.read(_BLOCK)
        buffer += chunk
        root, data = _ROOT_START.search(buffer), _SHEET_DATA.search(buffer)
        if root and data:
            break
        if not chunk:
            return  # no sheetData: no rows
    if data.group(1):  # <sheetData/>
        return
    wrap_start, wrap_end = root.group(0), b"</" + root.group(1) + b">"
    buffer = buffer[data.end() :]
    while True:
        chunk = stream.read(_BLOCK)
        buffer += chunk
        # The last </row> in the buffer: search the tail first, it is almost always there.
        tail = max(0, len(buffer) - 65536)
        ends = list(_ROW_END.finditer(buffer, tail)) or list(_ROW_END.finditer(buffer))
        if ends:
            cut = ends[-1].end()
            block, buffer = buffer[:cut], buffer[cut:]
            yield ElementTree.fromstring(wrap_start + block + wrap_end).iter(_ROW)
        if not chunk:
            return


def _row_values(row: Any, strings: list[str], date_styles: frozenset[int]) -> list[object]:
    values: list[object] = []
    for cell in row.iter(_CELL):
        ref = cell.get("r")
        if ref:
            index = _column_index(ref.rstrip("0123456789"))
            if index > len(values):
                values.extend([None] * (index - len(values)))
        values.append(_cell_value(cell, strings, date_styles))
    return values


@functools.lru_cache(maxsize=1024)
def _column_index(letters: str) -> int:
    """``"C"`` → 2 (zero-based column)."""
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index - 1


def _cell_value(cell: Any, strings: list[str], date_styles: frozenset[int]) -> object:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = cell.find(_INLINE)
        return _rich_text(inline) if inline is not None else None
    raw = cell.findtext(_VALUE)
    if raw is None:
        return None
    if kind == "s":
        return strings[int(raw)]
    if kind in {"str", "e"}:
        return raw
    if kind == "b":
        return raw.strip() in {"1", "true"}
    if kind == "d":
        return datetime.fromisoformat(raw.strip().removesuffix("Z"))
    try:
        number: int | float = int(raw)
    except ValueError:
        number = float(raw)
    style = cell.get("s")
    if style is not None and int(style) in date_styles:
        from openpyxl.utils.datetime import from_excel

        return from_excel(number)
    return number


def _rich_text(element: Any) -> str:
    """The text of a shared or inline string: every ``<t>`` but phonetic guides (``<rPh>``)."""
    parts: list[str] = []
    for child in element:
        if child.tag == _TEXT:
            parts.append(child.text or "")
        elif child.tag != _PHONETIC:
            parts.extend(t.text or "" for t in child.iter(_TEXT))
    return "".join(parts)


def _first_sheet(archive: zipfile.ZipFile) -> str:
    names = set(archive.namelist())
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        return "xl/worksheets/sheet1.xml"
    sheet = workbook.find(f"{_MAIN}sheets/{_MAIN}sheet")
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
    target = targets.get(sheet.get(f"{_REL}id")) if sheet is not None else None
    if not target:
        raise KeyError("the workbook has no worksheet")
    path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    if path not in names:
        raise KeyError(f"missing worksheet {path}")
    return path


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    strings: list[str] = []
    with archive.open("xl/sharedStrings.xml") as stream:
        for _, element in ElementTree.iterparse(stream, events=("end",)):
            if element.tag == f"{_MAIN}si":
                strings.append(_rich_text(element))
                element.clear()
    return strings


def _date_styles(archive: zipfile.ZipFile) -> frozenset[int]:
    """Indexes of cell styles whose number format shows a date or time."""
    if "xl/styles.xml" not in archive.namelist():
        return frozenset()
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

    styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
    formats: dict[int, str] = dict(BUILTIN_FORMATS)
    for fmt in styles.iter(f"{_MAIN}numFmt"):
        formats[int(fmt.get("numFmtId", "0"))] = fmt.get("formatCode", "")
    xfs = styles.find(f"{_MAIN}cellXfs")
    found = set()
    for index, xf in enumerate(xfs if xfs is not None else []):
        number_format = int(xf.get("numFmtId", "0"))
        # 14-22 and the CJK-locale date formats 27-36, 50-58 are dates whatever their text.
        if (
            14 <= number_format <= 22
            or 27 <= number_format <= 36
            or 45 <= number_format <= 47
            or 50 <= number_format <= 58
            or is_date_format(formats.get(number_format, ""))
        ):
            found.add(index)
    return frozenset(found)


def _csv_rows(content: bytes) -> Iterator[tuple[int, Sequence[object]]]:
    encoding = _csv_encoding(content)
    stream = io.TextIOWrapper(io.BytesIO(content), encoding=encoding, newline="")
    first = stream.readline()
    delimiter = max(",\t;", key=first.count) if first else ","
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


def _csv_encoding(content: bytes) -> str:
    if content.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        view = memoryview(content)
        for start in range(0, len(content), 1 << 20):
            decoder.decode(view[start : start + (1 << 20)])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


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
            keys = [_header_key(c) for c in cells]
            if all(k in _FIELDS for k in keys if k):
                continue  # an English header row under the Chinese one
        yield _parse_row(number, columns, cells)


def _header(cells: Sequence[object]) -> list[Column | None]:
    columns = [_BY_HEADER.get(_header_key(c)) for c in cells]
    if _REQUIRED not in columns:
        found = "、".join(k for k in (_header_key(c) for c in cells) if k)
        raise RosterFormatError(
            f"缺少必需的表头“{_REQUIRED.header}” / missing required column {_REQUIRED.header!r} "
            f"({_REQUIRED.field}); 表头为 / header is: {found}"
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


# ---------------------------------------------------------------------------------------------
# Writing

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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
    return "'" + text if text.startswith(_FORMULA_START) else text


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
