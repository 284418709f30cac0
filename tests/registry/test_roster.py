"""Roster CSV/XLSX import and export (``services.registry.domain.roster``), no database."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from services.registry.domain.roster import (
    COLUMNS,
    RosterFormatError,
    RosterRow,
    read_roster,
    write_roster_csv,
    write_roster_xlsx,
)

HEADER = [column.header for column in COLUMNS]


def org(**overrides: Any) -> dict[str, Any]:
    """An organization shaped like the API's read model."""
    row: dict[str, Any] = {
        "id": "7d0f6c1e-2b7a-4d7e-9a43-0f5f0a9e2c11",
        "name": "宁波市海曙区阳光社工服务中心",
        "registration": "registered",
        "uscc": "52330203MJ8XD4RF6Y",
        "filing_no": None,
        "legal_form": "social_service_agency",
        "roles": ["social_work_agency", "hub"],
        "domains": ["elderly_care", "dispute_mediation", "乡村振兴"],
        "region_code": "330203",
        "community_id": None,
        "founded_on": date(2016, 3, 18),
        "grade": 4,
        "grade_expires_on": date(2027, 12, 31),
        "credit_status": "normal",
        "rating": {"average": 4.6, "count": 12},
        "party": {"has_branch": True, "members": 5},
        "staff": {"full_time": 12, "certified_social_workers": 7},
        "status": "active",
        "incubated_by": None,
        "contact": {"name": "李晓红", "phone": "13805741234"},
    }
    row.update(overrides)
    return row


FILED = org(
    name="武侯区玉林街道邻里互助志愿服务队",
    registration="filed",
    uscc=None,
    filing_no="WH-YL-2021-007",
    legal_form="other",
    roles=["volunteer_team"],
    domains=["mutual_aid"],
    region_code="510107003",
    founded_on="2021-06-01",
    grade=None,
    grade_expires_on=None,
    credit_status="abnormal",
    party={"has_branch": False, "members": 0},
    staff={"full_time": 0, "certified_social_workers": 0},
    status="incubating",
    contact={"name": "王强", "phone": "+86 028-85551234"},
)

EXPECTED_FILED = {
    "name": "武侯区玉林街道邻里互助志愿服务队",
    "registration": "filed",
    "filing_no": "WH-YL-2021-007",
    "legal_form": "other",
    "roles": ["volunteer_team"],
    "domains": ["mutual_aid"],
    "region_code": "510107003",
    "founded_on": date(2021, 6, 1),
    "grade": None,
    "credit_status": "abnormal",
    "status": "incubating",
    "party": {"has_branch": False, "members": 0},
    "staff": {"full_time": 0, "certified_social_workers": 0},
    "contact": {"name": "王强", "phone": "+86 028-85551234"},
}


def import_values(row: dict[str, Any]) -> dict[str, Any]:
    """What importing an exported ``row`` must give back: its create fields, blanks left out."""
    values: dict[str, Any] = {}
    for column in COLUMNS:
        head, _, tail = column.field.partition(".")
        value = (row[head] or {}).get(tail) if tail else row[head]
        if isinstance(value, str) and column.field.endswith("_on"):
            value = date.fromisoformat(value)
        if value is None and column.field != "grade":
            continue
        if value == []:
            continue
        if tail:
            values.setdefault(head, {})[tail] = value
        else:
            values[head] = value
    return values


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    return "\r\n".join(",".join(r) for r in rows).encode(encoding) + b"\r\n"


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for r in rows:
        sheet.append(r)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def only(rows: list[RosterRow]) -> RosterRow:
    assert len(rows) == 1
    return rows[0]


ROWS = [
    org(),
    FILED,
    org(name='=HYPERLINK("http://x")', grade=5, roles=[], domains=[], contact=None),
    org(name="-1+成都市武侯区社区发展基金会", legal_form="foundation", party=None, staff=None),
]


class TestRoundTrip:
    def test_csv(self) -> None:
        content = b"".join(write_roster_csv(ROWS))
        got = list(read_roster(content, "名册.csv"))
        assert [r.row for r in got] == [2, 3, 4, 5]
        assert [r.errors for r in got] == [[]] * 4
        assert [r.values for r in got] == [import_values(r) for r in ROWS]

    def test_xlsx(self) -> None:
        content = write_roster_xlsx(ROWS)
        got = list(read_roster(content, "名册.XLSX"))
        assert [r.row for r in got] == [2, 3, 4, 5]
        assert [r.errors for r in got] == [[]] * 4
        assert [r.values for r in got] == [import_values(r) for r in ROWS]

    def test_filed_organization_values(self) -> None:
        assert only(list(read_roster(write_roster_xlsx([FILED]), "a.xlsx"))).values == (
            EXPECTED_FILED
        )

    def test_csv_is_utf8_with_bom_and_chinese_header(self) -> None:
        chunks = list(write_roster_csv([org()] * 1200, batch=500))
        assert chunks[0].startswith(b"\xef\xbb\xbf")
        assert chunks[0].decode("utf-8-sig").strip() == ",".join(HEADER)
        assert len(chunks) == 4  # header, 500, 500, 200

    def test_xlsx_cells_are_typed_and_never_formulas(self) -> None:
        content = write_roster_xlsx([org(), ROWS[2]])
        sheet = load_workbook(io.BytesIO(content)).active
        assert sheet is not None
        assert [c.value for c in sheet[1]] == HEADER
        assert isinstance(sheet["I2"].value, datetime)
        assert sheet["A3"].data_type == "s"
        assert sheet["A3"].value.startswith("=HYPERLINK")

    def test_csv_formula_cells_are_quoted(self) -> None:
        text = b"".join(write_roster_csv([ROWS[2]])).decode("utf-8-sig")
        assert '"\'=HYPERLINK(""http://x"")"' in text

    def test_export_accepts_json_mode_rows(self) -> None:
        row = org(founded_on="2016-03-18", grade_expires_on="2027-12-31T00:00:00+08:00")
        got = only(list(read_roster(b"".join(write_roster_csv([row])), "a.csv")))
        assert got.values["founded_on"] == date(2016, 3, 18)
        assert got.values["grade_expires_on"] == date(2027, 12, 31)


ENCODED_ROWS = [
    ["名称", "信用代码", "服务领域", "评估等级"],
    ["余姚市阳明街道睦邻助老协会", "51330281MJ9B8J0H0X", "养老服务；助残服务", "AAA"],
]
ENCODED_EXPECTED = {
    "name": "余姚市阳明街道睦邻助老协会",
    "uscc": "51330281MJ9B8J0H0X",
    "domains": ["elderly_care", "disability"],
    "grade": 3,
}


class TestEncodings:
    @pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
    def test_csv_encodings(self, encoding: str) -> None:
        got = only(list(read_roster(csv_bytes(ENCODED_ROWS, encoding), "roster.csv")))
        assert got.values == ENCODED_EXPECTED
        assert got.errors == []

    def test_tab_separated(self) -> None:
        content = "\n".join("\t".join(r) for r in ENCODED_ROWS).encode("gbk")
        assert only(list(read_roster(content, "roster.txt"))).values == ENCODED_EXPECTED


class TestHeader:
    def test_spaces_star_and_english_header_row(self) -> None:
        content = csv_bytes(
            [
                [" *名称 ", " 统一社会信用代码", "党组织", "党员人数 ", "备注"],
                ["name", "uscc", "party.has_branch", "party.members", ""],
                ["某某协会", " 51330203mj1234567x ", "有", "3人"],
            ]
        )
        got = only(list(read_roster(content, "a.csv")))
        assert got.row == 3
        assert got.values == {
            "name": "某某协会",
            "uscc": "51330203MJ1234567X",
            "party": {"has_branch": True, "members": 3},
        }

    def test_english_header_alone(self) -> None:
        content = csv_bytes([["name", "registration", "status"], ["某某协会", "备案", "活跃"]])
        assert only(list(read_roster(content, "a.csv"))).values == {
            "name": "某某协会",
            "registration": "filed",
            "status": "active",
        }

    def test_missing_name_column(self) -> None:
        content = csv_bytes([["组织名称", "信用代码"], ["某某协会", ""]])
        with pytest.raises(RosterFormatError, match="名称"):
            read_roster(content, "a.csv")

    def test_missing_name_column_xlsx(self) -> None:
        with pytest.raises(RosterFormatError, match="name"):
            read_roster(xlsx_bytes([["信用代码"], ["x"]]), "a.xlsx")

    def test_empty_file(self) -> None:
        with pytest.raises(RosterFormatError):
            read_roster(b"\xef\xbb\xbf\r\n,,\r\n", "a.csv")


class TestFileType:
    @pytest.mark.parametrize(
        ("content", "filename"),
        [
            (b"%PDF-1.7 ...", "roster.pdf"),
            (b"name\nx\n", "roster"),
            (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "roster.xls"),
            (b"not a zip at all", "roster.xlsx"),
            (b"PK\x03\x04 broken zip", "roster.xlsx"),
            (xlsx_bytes([["名称"], ["x"]]), "roster.csv"),
        ],
    )
    def test_rejected(self, content: bytes, filename: str) -> None:
        with pytest.raises(RosterFormatError) as info:
            read_roster(content, filename)
        assert isinstance(info.value, ValueError)
        assert "CSV" in str(info.value) or "xlsx" in str(info.value).lower()

    def test_xlsx_without_extension_is_sniffed(self) -> None:
        rows = list(read_roster(xlsx_bytes([["名称"], ["某某协会"]]), "upload"))
        assert only(rows).values == {"name": "某某协会"}


class TestCells:
    def test_broken_cells_give_errors_and_later_rows_still_parse(self) -> None:
        content = csv_bytes(
            [
                ["名称", "登记/备案", "成立日期", "评估等级", "党员人数", "所属区划", "联系电话"],
                ["甲协会", "登记", "2020-13-45", "6A", "三", "宁波", "abc"],
                ["", "备案", "", "", "", "", ""],
                ["乙协会", "报备", "2020/2/3", "5a", "2", "330203", ""],
                ["丙协会", "备案", "2021年7月1日", "", "", "海曙区（330203）", "0574-87654321"],
            ]
        )
        rows = list(read_roster(content, "a.csv"))
        assert [r.row for r in rows] == [2, 3, 4, 5]
        first, second, third, fourth = rows
        assert first.values == {"name": "甲协会", "registration": "registered"}
        assert [e["field"] for e in first.errors] == [
            "founded_on",
            "grade",
            "party.members",
            "region_code",
            "contact.phone",
        ]
        assert all(e["message"] for e in first.errors)
        assert second.errors == [{"field": "name", "message": "名称不能为空 / name is required"}]
        assert [e["field"] for e in third.errors] == ["registration"]
        assert third.values == {
            "name": "乙协会",
            "founded_on": date(2020, 2, 3),
            "grade": 5,
            "party": {"members": 2},
            "region_code": "330203",
        }
        assert fourth.errors == []
        assert fourth.values == {
            "name": "丙协会",
            "registration": "filed",
            "founded_on": date(2021, 7, 1),
            "region_code": "330203",
            "contact": {"phone": "0574-87654321"},
        }

    @pytest.mark.parametrize(
        ("text", "legal_form"),
        [
            ("社会团体", "social_group"),
            ("社会服务机构", "social_service_agency"),
            ("民办非企业单位", "social_service_agency"),
            ("基金会", "foundation"),
            ("其他", "other"),
        ],
    )
    def test_legal_forms(self, text: str, legal_form: str) -> None:
        content = csv_bytes([["名称", "组织类型"], ["x", text]])
        assert only(list(read_roster(content, "a.csv"))).values["legal_form"] == legal_form

    @pytest.mark.parametrize(
        ("text", "grade"),
        [("1A", 1), ("AAAAA", 5), ("4A级", 4), ("3", 3), ("无", None), ("未评估", None)],
    )
    def test_grades(self, text: str, grade: int | None) -> None:
        content = csv_bytes([["名称", "评估等级"], ["x", text]])
        assert only(list(read_roster(content, "a.csv"))).values["grade"] == grade

    def test_blank_grade_is_left_out(self) -> None:
        content = csv_bytes([["名称", "评估等级"], ["x", ""]])
        assert "grade" not in only(list(read_roster(content, "a.csv"))).values

    @pytest.mark.parametrize(
        ("status_text", "status", "credit_text", "credit"),
        [
            ("培育中", "incubating", "正常", "normal"),
            ("正常", "active", "活动异常", "abnormal"),
            ("暂停", "suspended", "严重失信", "dishonest"),
            ("注销", "deregistered", "normal", "normal"),
        ],
    )
    def test_status_and_credit(
        self, status_text: str, status: str, credit_text: str, credit: str
    ) -> None:
        content = csv_bytes([["名称", "状态", "信用状态"], ["x", status_text, credit_text]])
        values = only(list(read_roster(content, "a.csv"))).values
        assert (values["status"], values["credit_status"]) == (status, credit)

    def test_list_separators(self) -> None:
        content = (
            "名称,服务领域,组织角色\n"
            'x,"养老服务, 矛盾调解;助残服务；心理咨询",枢纽型社会组织、孵化器\n'
        )
        values = only(list(read_roster(content.encode(), "a.csv"))).values
        assert values["domains"] == [
            "elderly_care",
            "dispute_mediation",
            "disability",
            "psychological_counselling",
        ]
        assert values["roles"] == ["hub", "incubator"]

    def test_masked_phone_is_left_out(self) -> None:
        content = csv_bytes([["名称", "联系人", "联系电话"], ["x", "张三", "138****5678"]])
        assert only(list(read_roster(content, "a.csv"))).values == {
            "name": "x",
            "contact": {"name": "张三"},
        }

    def test_typed_excel_cells(self) -> None:
        content = xlsx_bytes(
            [
                ["名称", "所属区划", "成立日期", "等级有效期至", "党员人数", "联系电话", "党组织"],
                ["x", 330203, datetime(2019, 5, 1), 46387, 3.0, 13912345678, True],
            ]
        )
        assert only(list(read_roster(content, "a.xlsx"))).values == {
            "name": "x",
            "region_code": "330203",
            "founded_on": date(2019, 5, 1),
            "grade_expires_on": date(2026, 12, 31),
            "party": {"members": 3, "has_branch": True},
            "contact": {"phone": "13912345678"},
        }


class TestEmptyRows:
    def test_csv_empty_rows_skipped_and_numbers_kept(self) -> None:
        content = csv_bytes([["名称"], [""], ["甲"], [" "], [""], ["乙"]])
        assert [(r.row, r.values["name"]) for r in read_roster(content, "a.csv")] == [
            (3, "甲"),
            (6, "乙"),
        ]

    def test_xlsx_empty_rows_skipped_and_numbers_kept(self) -> None:
        content = xlsx_bytes([[None], ["名称", "信用代码"], [None, None], ["甲"], [], ["乙", None]])
        assert [(r.row, r.values["name"]) for r in read_roster(content, "a.xlsx")] == [
            (4, "甲"),
            (6, "乙"),
        ]

    def test_reading_is_lazy(self) -> None:
        content = write_roster_xlsx(org(name=f"组织{i}") for i in range(50))
        rows = read_roster(content, "a.xlsx")
        assert next(rows).values["name"] == "组织0"
        assert sum(1 for _ in rows) == 49
