"""The Registry's error codes with their zh-CN / en titles, and its uniqueness rules."""

from __future__ import annotations

from services.common.errors import ErrorCode, UniqueRules
from services.registry.db.models import Base


class RegistryCode(ErrorCode):
    """Codes only the Registry raises (the kernel's are in ``KernelCode``)."""

    USCC_INVALID = "uscc_invalid", "统一社会信用代码无效", "Unified social credit code invalid"
    USCC_ENTERPRISE = (
        "uscc_enterprise",
        "该代码属于企业（市场监管部门登记），不是社会组织",
        "This is an enterprise's code (industry and commerce), not a social organization's",
    )
    USCC_WRONG_AUTHORITY = (
        "uscc_wrong_authority",
        "统一社会信用代码的登记管理部门不是民政部门",
        "Credit code not issued by a civil-affairs authority",
    )
    USCC_CATEGORY_MISMATCH = (
        "uscc_category_mismatch",
        "统一社会信用代码的机构类别与组织形式不符",
        "Credit code category does not match the legal form",
    )
    USCC_TAKEN = (
        "uscc_taken",
        "该统一社会信用代码已登记",
        "Unified social credit code already registered",
    )
    USCC_REQUIRED = (
        "uscc_required",
        "登记的社会组织必须提供统一社会信用代码",
        "A registered organization needs a uscc",
    )
    FILING_NO_REQUIRED = (
        "filing_no_required",
        "备案的社会组织必须提供备案编号",
        "A filed organization needs a filing_no",
    )
    FILING_NO_TAKEN = "filing_no_taken", "该备案编号已存在", "Filing number already exists"
    REGION_UNKNOWN = "region_unknown", "行政区划不存在", "Unknown region"
    REGION_EXISTS = "region_exists", "该行政区划代码已存在", "Region code already exists"
    REGION_INVALID = (
        "region_invalid",
        "行政区划代码与层级或上级不符",
        "Region code does not fit its level or parent",
    )
    COMMUNITY_UNKNOWN = "community_unknown", "社区或村不存在", "Unknown community"
    COMMUNITY_CODE_TAKEN = (
        "community_code_taken",
        "该社区代码已存在",
        "Community code already exists",
    )
    ORG_UNKNOWN = "org_unknown", "社会组织不存在", "Unknown organization"
    ROLE_NOT_ALLOWED = (
        "role_not_allowed",
        "该角色只能维护本组织或本社区的数据",
        "This role may maintain only its own organization's or community's data",
    )
    FIELD_NOT_ALLOWED = (
        "field_not_allowed",
        "这些字段由登记管理机关维护",
        "These fields are maintained by the registration authority",
    )
    COLLABORATION_UNKNOWN = "collaboration_unknown", "协作关系不存在", "Unknown collaboration"
    HUB_INVALID = (
        "hub_invalid",
        "孵化方必须是枢纽型社会组织",
        "incubated_by must be a hub organization",
    )
    STATUS_TRANSITION_INVALID = (
        "status_transition_invalid",
        "不允许的状态变更",
        "Illegal status transition",
    )
    ORG_DEREGISTERED = "org_deregistered", "该组织已注销", "Organization is deregistered"
    DATES_INVALID = "dates_invalid", "日期范围无效", "Invalid date range"
    PAIRING_OVERLAP = (
        "pairing_overlap",
        "该组织与该社区在此期间已有结对",
        "This organization is already paired with this community for an overlapping period",
    )
    PAIRING_ENDED = "pairing_ended", "结对已结束", "Pairing has ended"
    CERTIFICATE_TAKEN = (
        "certificate_taken",
        "该证书编号已登记",
        "Certificate number already registered",
    )
    RATING_SOURCE_CONFLICT = (
        "rating_source_conflict",
        "该来源已对另一个组织评价过",
        "This source already rated another organization",
    )
    ROSTER_INVALID = "roster_invalid", "名册文件无法读取", "Roster file cannot be read"
    FIELD_REQUIRED = "field_required", "缺少必填字段", "Required field missing"
    IMPORT_TOO_LARGE = (
        "import_too_large",
        "名册文件超出导入限制",
        "Roster file exceeds the import limits",
    )
    IMPORT_TOO_MANY_ERRORS = (
        "import_too_many_errors",
        "名册错误行过多，未导入任何数据",
        "Too many bad rows in the roster: nothing was imported",
    )
    IMPORT_TIMEOUT = (
        "import_timeout",
        "导入超时，已全部撤销",
        "Import took too long and was rolled back",
    )
    RATING_OWN_ORG = (
        "rating_own_org",
        "不能评价自己所在的组织",
        "Nobody may rate their own organization",
    )


#: Every unique constraint of the Registry and the 409 its violation answers with.
UNIQUE = UniqueRules(
    {
        "pk_regions": RegistryCode.REGION_EXISTS,
        "uq_communities_code": RegistryCode.COMMUNITY_CODE_TAKEN,
        "uq_organizations_uscc": RegistryCode.USCC_TAKEN,
        "uq_organizations_filing_no": RegistryCode.FILING_NO_TAKEN,
        "uq_social_workers_certificate_no": RegistryCode.CERTIFICATE_TAKEN,
        "uq_ratings_source_match_id": RegistryCode.RATING_SOURCE_CONFLICT,
    },
    Base.metadata,
)
