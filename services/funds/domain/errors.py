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


#: Funds' unique constraints and the 409 each answers with.
UNIQUE = UniqueRules({"uq_accounts_code": FundsCode.ACCOUNT_CODE_TAKEN}, Base.metadata)
