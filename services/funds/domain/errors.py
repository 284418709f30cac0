"""Funds' error codes with their zh-CN / en titles, and its uniqueness rules."""

from __future__ import annotations

from services.common.errors import ErrorCode, UniqueRules
from services.funds.db.models import Base


class FundsCode(ErrorCode):
    """Codes only Funds raises (the kernel's are in ``KernelCode``)."""

    INSUFFICIENT_FUNDS = "insufficient_funds", "余额不足", "Insufficient funds"
    ACCOUNT_UNKNOWN = "account_unknown", "账户不存在", "Unknown account"
    ACCOUNT_CODE_TAKEN = "account_code_taken", "账户代码已存在", "Account code already exists"
    ASSET_MISMATCH = "asset_mismatch", "资产类型不一致", "Assets of the accounts differ"
    SAME_ACCOUNT = "same_account", "借贷双方不能是同一账户", "Debit and credit are one account"
    AMOUNT_INVALID = "amount_invalid", "金额无效", "Invalid amount"
    PENDING_UNKNOWN = "pending_unknown", "待处理转账不存在", "Unknown pending transfer"
    PENDING_SETTLED = (
        "pending_settled",
        "待处理转账已入账、撤销或超时",
        "The pending transfer is already posted, voided or expired",
    )
    PERIOD_SEALED = "period_sealed", "会计期间已封账", "The accounting period is sealed"
    BATCH_FAILED = (
        "batch_failed",
        "原子批次中有项目失败，整批未执行",
        "An item of the atomic batch failed; nothing was done",
    )
    BATCH_TOO_LARGE = "batch_too_large", "批次过大", "Batch too large"
    TRANSFER_UNKNOWN = "transfer_unknown", "转账不存在", "Unknown transfer"
    FUND_UNKNOWN = "fund_unknown", "基金不存在", "Unknown fund"
    FUND_INACTIVE = "fund_inactive", "基金未处于运作状态", "The fund is not active"
    FUND_KIND_MISMATCH = (
        "fund_kind_mismatch",
        "该类基金不支持此操作",
        "This kind of fund does not do that",
    )
    HOST_ORG_UNKNOWN = "host_org_unknown", "主办组织不存在", "Unknown host organization"
    HOST_NOT_ELIGIBLE = (
        "host_not_eligible",
        "主办组织未正常登记或被列入失信名单",
        "The host organization is not registered and in good standing",
    )
    GRANTEE_UNKNOWN = "grantee_unknown", "受资助组织不存在", "Unknown grantee organization"
    GRANTEE_NOT_ELIGIBLE = (
        "grantee_not_eligible",
        "受资助组织不符合资助条件",
        "The grantee organization is not in good standing",
    )
    DOMAIN_RESTRICTED = (
        "domain_restricted",
        "定向基金只能资助限定领域",
        "A restricted fund grants only within its domains",
    )
    DONATION_UNKNOWN = "donation_unknown", "捐赠不存在", "Unknown donation"
    GRANT_UNKNOWN = "grant_unknown", "资助项目不存在", "Unknown grant"
    GRANT_STATE = (
        "grant_state",
        "资助项目当前状态不允许此操作",
        "The grant's status does not allow this",
    )
    SELF_APPROVAL = "self_approval", "申请人不能审批自己的申请", "The submitter cannot approve"
    ALREADY_APPROVED = "already_approved", "您已审批过该申请", "You have already approved"
    VOLUNTEER_UNKNOWN = "volunteer_unknown", "志愿者不存在", "Unknown volunteer"
    TIME_BANK_CAP_EXCEEDED = (
        "time_bank_cap_exceeded",
        "超出时间银行的每日或累计积分上限",
        "Over the time bank's daily or lifetime cap",
    )
    TIME_BANK_SOURCE_CONFLICT = (
        "time_bank_source_conflict",
        "同一来源已记录了不同的服务时长",
        "This source was already recorded with other details",
    )


#: Funds' unique constraints and the 409 each answers with.
UNIQUE = UniqueRules(
    {
        "uq_accounts_code": FundsCode.ACCOUNT_CODE_TAKEN,
        "uq_grant_approvals_grant_id_approver": FundsCode.ALREADY_APPROVED,
    },
    Base.metadata,
)
