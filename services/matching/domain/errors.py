"""Matching's error codes with their zh-CN / en titles (none of its own yet: its endpoints come
with their own issue), and its uniqueness rules."""

from __future__ import annotations

from services.common.errors import ErrorCode, UniqueRules
from services.matching.db.models import Base


class MatchingCode(ErrorCode):
    """Codes only Matching raises (the kernel's are in ``KernelCode``)."""

    # -- needs, offers, candidates, rounds (M-core) --
    COMMUNITY_UNKNOWN = "community_unknown", "社区或村不存在", "Unknown community"
    REGION_UNKNOWN = "region_unknown", "行政区划不存在", "Unknown region"
    DATES_INVALID = "dates_invalid", "日期范围无效", "Invalid date range"
    FIELD_REQUIRED = "field_required", "缺少必填字段", "Required field missing"
    REFERRAL_REQUIRED = (
        "referral_required",
        "大事需写明转介的政府部门",
        "A major need must name the department it is referred to",
    )
    ADVICE_REQUIRED = (
        "advice_required",
        "私事需写明给居民的建议",
        "A private need must carry the advice given",
    )
    TRIAGE_FIELDS_INVALID = (
        "triage_fields_invalid",
        "转介信息只用于大事，建议只用于私事",
        "A referral belongs to a major need only, advice to a private need only",
    )
    NEED_STATE = (
        "need_state",
        "需求当前状态不允许此操作",
        "The need's status does not allow this",
    )
    OFFER_STATE = (
        "offer_state",
        "资源当前状态不允许此操作",
        "The offer's status does not allow this",
    )
    PROVIDER_UNKNOWN = "provider_unknown", "资源提供方不存在", "Unknown provider"
    PROVIDER_NOT_ELIGIBLE = (
        "provider_not_eligible",
        "提供方组织未处于正常运作状态或被列入失信名单",
        "The providing organization is not active or is on the dishonest list",
    )
    PROVIDER_NOT_ALLOWED = (
        "provider_not_allowed",
        "该角色只能以本组织或本社区的名义提供资源",
        "This role may offer only for its own organization or community",
    )
    FUND_REQUIRED = (
        "fund_required",
        "资金类资源须指明出资基金，其他资源不得指明",
        "A funds offer names its fund; other offers name none",
    )
    FUND_UNKNOWN = "fund_unknown", "基金不存在", "Unknown fund"
    FUND_INACTIVE = "fund_inactive", "基金未处于运作状态", "The fund is not active"

    # -- matches, service records, feedback, stats (M-life) --
    MATCH_STATE = (
        "match_state",
        "对接当前状态不允许此操作",
        "The match's status does not allow this",
    )
    CAPACITY_EXHAUSTED = (
        "capacity_exhausted",
        "该资源剩余容量不足，已被其他对接占用",
        "The offer has not enough capacity left",
    )
    NEED_COVERED = (
        "need_covered",
        "该需求的数量已由其他已接受的对接满足",
        "Accepted matches already cover the need's quantity",
    )
    SIDE_NOT_ALLOWED = (
        "side_not_allowed",
        "该角色不能代表这一方操作",
        "This role may not act for that side of the match",
    )
    SIDE_REQUIRED = "side_required", "请指明评价方（need 或 offer）", "Say which side gives it"
    VOLUNTEER_UNKNOWN = "volunteer_unknown", "志愿者不存在", "Unknown volunteer"
    VOLUNTEER_REPEATED = (
        "volunteer_repeated",
        "同一志愿者在一条记录中只能出现一次",
        "A volunteer appears once per record",
    )
    MINUTES_INVALID = (
        "minutes_invalid",
        "志愿者的服务时长不能超过本次服务时长",
        "A volunteer's minutes exceed the service's",
    )
    TIME_BANK_REQUIRED = (
        "time_bank_required",
        "记录志愿者服务时长须指明时间银行",
        "Name the time bank the volunteers' minutes go to",
    )
    GRANTEE_REQUIRED = (
        "grantee_required",
        "资金类对接开始服务须指明受资助组织",
        "A funds match names the grantee organization when it starts",
    )
    GRANTEE_UNKNOWN = "grantee_unknown", "受资助组织不存在", "Unknown grantee organization"
    GRANTEE_NOT_ELIGIBLE = (
        "grantee_not_eligible",
        "受资助组织不符合资助条件",
        "The grantee organization is not in good standing",
    )
    FEEDBACK_EXISTS = (
        "feedback_exists",
        "这一方已对该对接作出评价",
        "This side has already given feedback on the match",
    )


#: Matching's unique constraints and the 409 each answers with.
UNIQUE = UniqueRules(
    {"uq_feedback_match_id_side": MatchingCode.FEEDBACK_EXISTS},
    Base.metadata,
)
