"""The unified social credit code (统一社会信用代码, GB 32100-2015), checked without a database.

Layout of the 18 characters::

    pos 1     registration authority (5 = civil affairs, 9 = industry and commerce, ...)
    pos 2     category under the authority (under 5: 1 social group, 2 social service agency,
              3 foundation, 9 other)
    pos 3-8   administrative division code of the registering authority (GB/T 2260)
    pos 9-17  organization code (GB 11714); pos 17 is its own check character
    pos 18    check character over pos 1-17 (mod 31)

:func:`check_uscc` raises :class:`UsccError` with a stable ``code`` the API turns into a 422;
:func:`make_uscc` builds valid codes (tests, factories, demo data).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

CIVIL_AFFAIRS = "5"
ENTERPRISE = "9"

#: Category character under the civil-affairs authority → the legal form it means.
CATEGORY_LEGAL_FORM = {
    "1": "social_group",
    "2": "social_service_agency",
    "3": "foundation",
    "9": "other",
}
LEGAL_FORM_CATEGORY = {v: k for k, v in CATEGORY_LEGAL_FORM.items()}


class UsccError(ValueError):
    """A code that is not a valid civil-affairs credit code; ``code`` is the API error code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class Uscc:
    """A checked credit code, split into its parts."""

    value: str
    authority: str
    category: str
    division: str
    org_code: str

    @property
    def legal_form(self) -> str:
        """The legal form the category character stands for."""
        return CATEGORY_LEGAL_FORM[self.category]


def check_character(first17: str) -> str:
    """The GB 32100 check character (pos 18) for the first 17 characters."""
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, WEIGHTS, strict=True))
    c = 31 - total % 31
    return ALPHABET[0 if c == 31 else c]


def _org_value(ch: str) -> int:
    return int(ch) if ch.isdigit() else ord(ch) - ord("A") + 10


def org_code_check_character(first8: str) -> str:
    """The GB 11714 check character (pos 17 of a credit code) for the organization code body."""
    # GB 11714 values letters A-Z as 10-35 (its own scale, not the credit-code alphabet's).
    total = sum(_org_value(ch) * w for ch, w in zip(first8, ORG_CODE_WEIGHTS, strict=True))
    c = 11 - total % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def normalize(value: str) -> str:
    """Strip blanks and upper-case: what officers type and what is stored."""
    return value.strip().upper()


def check_uscc(value: str, legal_form: str | None = None) -> Uscc:
    """Parse and check a civil-affairs credit code; raise :class:`UsccError` if it is not one.

    ``legal_form`` given, the category character must agree with it.
    """
    code = normalize(value)
    if len(code) != 18:
        raise UsccError("uscc_invalid", f"统一社会信用代码应为 18 位，实为 {len(code)} 位")
    bad = sorted({ch for ch in code if ch not in _VALUE})
    if bad:
        raise UsccError("uscc_invalid", f"统一社会信用代码含非法字符：{''.join(bad)}")
    if check_character(code[:17]) != code[17]:
        raise UsccError("uscc_invalid", "统一社会信用代码校验位错误")
    if not code[2:8].isdigit():
        raise UsccError("uscc_invalid", "统一社会信用代码第 3-8 位应为行政区划代码")
    body = code[8:16]
    if org_code_check_character(body) != code[16]:
        raise UsccError("uscc_invalid", "统一社会信用代码中的组织机构代码校验位错误")
    if code[0] == ENTERPRISE:
        raise UsccError(
            "uscc_enterprise",
            "该代码由市场监管部门登记（企业），社会组织的代码应由民政部门登记（首位 5）",
        )
    if code[0] != CIVIL_AFFAIRS:
        raise UsccError(
            "uscc_wrong_authority", f"登记管理部门代码为 {code[0]}，社会组织应为 5（民政）"
        )
    if code[1] not in CATEGORY_LEGAL_FORM:
        raise UsccError("uscc_invalid", f"民政登记的机构类别代码 {code[1]} 不存在")
    parsed = Uscc(code, code[0], code[1], code[2:8], code[8:17])
    if legal_form is not None and parsed.legal_form != legal_form:
        raise UsccError(
            "uscc_category_mismatch",
            f"代码第 2 位 {code[1]} 表示 {parsed.legal_form}，与组织形式 {legal_form} 不符",
        )
    return parsed


def make_uscc(
    legal_form: str = "social_group",
    division: str = "330203",
    *,
    authority: str = CIVIL_AFFAIRS,
    rng: random.Random | None = None,
) -> str:
    """A valid credit code with a random organization code (for tests and demo data)."""
    rnd = rng or random.Random()
    category = LEGAL_FORM_CATEGORY[legal_form] if authority == CIVIL_AFFAIRS else "1"
    body = "".join(rnd.choice(ALPHABET) for _ in range(8))
    first17 = authority + category + division + body + org_code_check_character(body)
    return first17 + check_character(first17)
