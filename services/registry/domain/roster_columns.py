"""The officers' roster vocabulary: every column once (Chinese header, field path, parser,
formatter), and the labels of roles, domains and the enumerations.

What the export writes is exactly what the import reads back, because both sides take their
columns from :data:`COLUMNS`. Parsers take a raw cell (text from CSV, typed from XLSX) and return
a value, :data:`MISSING` (a blank cell: the field is left out), or raise :class:`CellError`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

__all__ = [
    "BY_HEADER",
    "COLUMNS",
    "DOMAIN_LABELS",
    "FIELDS",
    "FORMULA_START",
    "MISSING",
    "REQUIRED",
    "ROLE_LABELS",
    "Cell",
    "CellError",
    "Column",
    "header_key",
    "text_of",
]

#: A cell starting with one of these is a formula to a spreadsheet (CSV injection): the CSV
#: writer prefixes ``'`` and the reader strips it again.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class CellError(ValueError):
    """One cell that cannot be parsed; its message goes into ``RosterRow.errors``."""


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


def text_of(raw: object) -> str:
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
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_START:
        text = text[1:]
    return text


def _parse_text(raw: object) -> Any:
    text = text_of(raw)
    return text or MISSING


def _parse_code(raw: object) -> Any:
    """Credit codes: no blanks, upper case."""
    text = re.sub(r"\s+", "", text_of(raw)).upper()
    return text or MISSING


def _enum(mapping: Mapping[str, Sequence[str]], what: str) -> Callable[[object], Any]:
    lookup = {label: value for value, labels in mapping.items() for label in labels}
    lookup.update({value: value for value in mapping})
    choices = "、".join(labels[0] for labels in mapping.values())

    def parse(raw: object) -> Any:
        text = text_of(raw)
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
        items = [part.strip() for part in _LIST_SPLIT.split(text_of(raw))]
        items = [to_code.get(part, part) for part in items if part]
        return items or MISSING

    def fmt(value: Any) -> Cell:
        if not value:
            return None
        return "、".join(labels.get(item, item) for item in value)

    return parse, fmt


_REGION = re.compile(r"^(?:.*?[(（]\s*)?(\d{6}|\d{9}|\d{12})\s*[)）]?$")


def _parse_region(raw: object) -> Any:
    text = text_of(raw)
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
    text = text_of(raw)
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
    text = text_of(raw)
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
    text = text_of(raw).lower()
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
    text = text_of(raw).removesuffix("人").strip()
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
    text = text_of(raw)
    if not text or "*" in text:
        # Blank, or masked by an export made without pii:read: never overwrite the real number.
        return MISSING
    if not _PHONE.fullmatch(text):
        raise CellError(f"联系电话格式不对：{text}")
    return text


def _parse_person(raw: object) -> Any:
    text = text_of(raw)
    if text and text.endswith("*"):
        # A name masked by an export made without pii:read (王*): never overwrite the real one.
        return MISSING
    return _parse_text(raw)


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
    Column("联系人", "contact.name", _parse_person, _format_text, width=10),
    Column("联系电话", "contact.phone", _parse_phone, _format_text, width=16),
)

BY_HEADER: dict[str, Column] = {}
for _column in COLUMNS:
    for _name in (_column.header, _column.field, *_column.aliases):
        BY_HEADER[_name] = _column
FIELDS = {column.field for column in COLUMNS}
REQUIRED = COLUMNS[0]


def header_key(raw: object) -> str:
    return re.sub(r"\s+", "", text_of(raw)).lstrip("*＊")
