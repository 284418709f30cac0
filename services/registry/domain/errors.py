"""The Registry's error codes and their zh-CN / en titles (registered at app creation)."""

from __future__ import annotations

from services.common.errors import register_titles

TITLES: dict[str, tuple[str, str]] = {
    "uscc_invalid": ("统一社会信用代码无效", "Unified social credit code invalid"),
    "uscc_enterprise": (
        "该代码属于企业（市场监管部门登记），不是社会组织",
        "This is an enterprise's code (industry and commerce), not a social organization's",
    ),
    "uscc_wrong_authority": (
        "统一社会信用代码的登记管理部门不是民政部门",
        "Credit code not issued by a civil-affairs authority",
    ),
    "uscc_category_mismatch": (
        "统一社会信用代码的机构类别与组织形式不符",
        "Credit code category does not match the legal form",
    ),
    "uscc_taken": ("该统一社会信用代码已登记", "Unified social credit code already registered"),
    "uscc_required": (
        "登记的社会组织必须提供统一社会信用代码",
        "A registered organization needs a uscc",
    ),
    "filing_no_required": (
        "备案的社会组织必须提供备案编号",
        "A filed organization needs a filing_no",
    ),
    "filing_no_taken": ("该备案编号已存在", "Filing number already exists"),
    "region_unknown": ("行政区划不存在", "Unknown region"),
    "region_exists": ("该行政区划代码已存在", "Region code already exists"),
    "region_invalid": (
        "行政区划代码与层级或上级不符",
        "Region code does not fit its level or parent",
    ),
    "community_unknown": ("社区或村不存在", "Unknown community"),
    "community_code_taken": ("该社区代码已存在", "Community code already exists"),
    "org_unknown": ("社会组织不存在", "Unknown organization"),
    "org_mismatch": ("只能操作本组织的数据", "You may act only for your own organization"),
    "community_mismatch": ("只能操作本社区的数据", "You may act only for your own community"),
    "role_not_allowed": (
        "该角色只能维护本组织或本社区的数据",
        "This role may maintain only its own organization's or community's data",
    ),
    "field_not_allowed": (
        "这些字段由登记管理机关维护",
        "These fields are maintained by the registration authority",
    ),
    "collaboration_unknown": ("协作关系不存在", "Unknown collaboration"),
    "hub_invalid": ("孵化方必须是枢纽型社会组织", "incubated_by must be a hub organization"),
    "status_transition_invalid": ("不允许的状态变更", "Illegal status transition"),
    "org_deregistered": ("该组织已注销", "Organization is deregistered"),
    "dates_invalid": ("日期范围无效", "Invalid date range"),
    "pairing_overlap": (
        "该组织与该社区在此期间已有结对",
        "This organization is already paired with this community for an overlapping period",
    ),
    "pairing_ended": ("结对已结束", "Pairing has ended"),
    "certificate_taken": ("该证书编号已登记", "Certificate number already registered"),
    "rating_source_conflict": (
        "该来源已对另一个组织评价过",
        "This source already rated another organization",
    ),
    "roster_invalid": ("名册文件无法读取", "Roster file cannot be read"),
    "field_required": ("缺少必填字段", "Required field missing"),
}


def register() -> None:
    """Add the Registry's codes to the kernel's catalogue."""
    register_titles(TITLES)
