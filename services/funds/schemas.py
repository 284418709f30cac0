"""Pydantic in/out models of Funds: the public contract. Money is integer fen; time minutes."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from services.common.types import IsoDate, NormalizedText, StrictBool, StrictInt

Asset = Literal["CNY", "TIME"]
Amount = Annotated[
    StrictInt,
    Field(ge=1, le=10**15, description="最小单位整数：分（CNY）或分钟（TIME）/ minor units"),
]
Kind = Annotated[str, Field(pattern=r"^[a-z][a-z_]{0,31}$", description="用途 / purpose")]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Balance(BaseModel):
    """An account's balance: credits minus debits, posted and reserved (pending)."""

    posted: int
    pending: int


class AccountCreate(_In):
    """A ledger account."""

    code: str = Field(
        min_length=1, max_length=160, pattern=r"^[\w:.\-]+$", examples=["fund:demo:cash"]
    )
    asset: Asset
    kind: Kind = Field(examples=["cash"])
    fund_id: uuid.UUID | None = None
    allow_negative: StrictBool = Field(
        default=False, description="可否透支（外部来源账户才允许）/ may go below zero"
    )


class AccountRead(BaseModel):
    """A ledger account with its balance (now, or ``as_of``)."""

    id: uuid.UUID
    code: str
    fund_id: uuid.UUID | None
    asset: Asset
    kind: str
    allow_negative: bool
    balance: Balance
    as_of: dt.datetime | None = None


class TransferCreate(_In):
    """A transfer from the debit account to the credit account, or a reservation (pending)."""

    debit_account_id: uuid.UUID
    credit_account_id: uuid.UUID
    amount: Amount
    asset: Asset
    kind: Kind = "transfer"
    pending: StrictBool = Field(default=False, description="两阶段：先预留 / reserve only")
    timeout_seconds: StrictInt | None = Field(
        default=None, ge=1, le=90 * 86400, description="预留超时自动撤销 / void after"
    )
    booked_on: IsoDate | None = Field(
        default=None, description="记账日期，默认今天（北京时间）/ booking date"
    )
    reverses_id: uuid.UUID | None = Field(default=None, description="更正的原转账 / corrects")
    metadata: dict[str, Any] = Field(default_factory=dict, max_length=32)

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "debit_account_id": "5b3f2c1e-8a4d-4f6b-9c2e-1d7a8b9c0e1f",
                    "credit_account_id": "0c9e8d7f-6b5a-4c3d-8e2f-1a0b9c8d7e6f",
                    "amount": 12345,
                    "asset": "CNY",
                    "kind": "transfer",
                }
            ]
        },
    )

    @field_validator("metadata")
    @classmethod
    def _small(cls, value: dict[str, Any]) -> dict[str, Any]:
        if value and len(json.dumps(value, ensure_ascii=False)) > 4096:
            raise ValueError("metadata 不超过 4096 字节 / at most 4096 bytes")
        return value


class PostPending(_In):
    """Post a reservation, in full (no amount) or in part."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"amount": 5000}]})

    amount: Amount | None = None


class TransferBalances(BaseModel):
    """Both accounts' balances right after the transfer."""

    debit: Balance
    credit: Balance


class TransferRead(BaseModel):
    """A journal entry. Immutable."""

    id: uuid.UUID
    seq: int
    debit_account_id: uuid.UUID
    credit_account_id: uuid.UUID
    amount: int
    asset: Asset
    kind: str
    action: Literal["single", "pending", "post", "void", "expire"]
    pending: bool
    pending_id: uuid.UUID | None
    reverses_id: uuid.UUID | None
    timeout_at: dt.datetime | None
    booked_on: dt.date
    metadata: dict[str, Any]
    created_at: dt.datetime
    balances: TransferBalances
    hash: str


class BatchCreate(_In):
    """Up to 8,000 transfers; ``atomic``: all succeed or none does."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "transfers": [
                        {
                            "debit_account_id": "5b3f2c1e-8a4d-4f6b-9c2e-1d7a8b9c0e1f",
                            "credit_account_id": "0c9e8d7f-6b5a-4c3d-8e2f-1a0b9c8d7e6f",
                            "amount": 500,
                            "asset": "CNY",
                        }
                    ],
                    "atomic": True,
                }
            ]
        },
    )

    transfers: list[TransferCreate] = Field(min_length=1, max_length=8000)
    atomic: StrictBool = False


class BatchItem(BaseModel):
    """The outcome of one item of a batch."""

    index: int
    status: int
    transfer: TransferRead | None = None
    error: dict[str, Any] | None = None


class BatchResult(BaseModel):
    """One outcome per item, in order."""

    results: list[BatchItem]
    applied: int


class BrokenEntry(BaseModel):
    """Where the journal and what it should be first disagree."""

    seq: int | None = None
    id: str | None = None
    account_id: str | None = None
    reason: str


class VerifyResult(BaseModel):
    """The hash chain and every stored balance recomputed from the journal."""

    ok: bool
    entries: int
    head: str
    accounts: int
    broken: BrokenEntry | None = None


class PeriodClose(_In):
    """Seal the books of one fund (or all) on and before ``until``."""

    fund_id: uuid.UUID | None = None
    until: IsoDate

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"until": "2026-09-30"}]}
    )


class PeriodRead(BaseModel):
    """A sealed period."""

    id: uuid.UUID
    fund_id: uuid.UUID | None
    until: dt.date
    sealed_at: dt.datetime
    sealed_by: str


# --- funds -----------------------------------------------------------------------------------

FundKind = Literal["community", "named", "special", "venture", "time_bank"]
DomainTag = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
Text200 = Annotated[NormalizedText, Field(min_length=1, max_length=200)]


class TimeBankPolicyIn(_In):
    """A time bank's caps on earning, in minutes (none: no cap)."""

    daily_cap: StrictInt | None = Field(default=None, ge=1, le=24 * 60, description="每日上限")
    lifetime_cap: StrictInt | None = Field(default=None, ge=1, description="累计上限")


class TimeBankPolicyPatch(TimeBankPolicyIn):
    """The caps to change; a member left out stays, ``null`` removes the cap."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"daily_cap": 480, "lifetime_cap": None}]}
    )


class FundCreate(_In):
    """A fund hosted by a registered organization in good standing."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "茶村振兴专项基金",
                    "kind": "special",
                    "host_org_id": "7d0c4b1e-8f5a-4c2e-9b7d-3a1f6e2d9c40",
                    "restricted_domains": ["rural_revitalization"],
                    "approvals_required": 2,
                }
            ]
        },
    )

    name: Text200 = Field(description="基金名称 / name")
    kind: FundKind = Field(description="社区/冠名/专项/公益创投/时间银行 / kind")
    host_org_id: uuid.UUID = Field(description="主办组织（登记在册、无失信）/ host organization")
    community_id: uuid.UUID | None = None
    restricted_domains: list[DomainTag] = Field(
        default_factory=list, max_length=20, description="定向领域，空为不限 / restricted domains"
    )
    approvals_required: StrictInt = Field(
        default=2, ge=1, le=7, description="资助需要的不同审批人数 / distinct approvers"
    )
    time_bank_policy: TimeBankPolicyIn | None = Field(
        default=None, description="时间银行积分上限（仅时间银行）/ time bank caps"
    )


class FundRead(BaseModel):
    """A fund and the ledger accounts it opened."""

    id: uuid.UUID
    name: str
    kind: FundKind
    host_org_id: uuid.UUID
    community_id: uuid.UUID | None
    restricted_domains: list[str]
    status: str
    approvals_required: int
    accounts: dict[str, uuid.UUID] = Field(description="账户用途 → 账户 id / accounts by role")
    time_bank_policy: TimeBankPolicyIn | None = None
    created_at: dt.datetime


# --- donations -------------------------------------------------------------------------------


class DonorIn(_In):
    """Who gave; an anonymous donor's name is kept for the receipt and never shown publicly."""

    kind: Literal["person", "enterprise"]
    name: Text200
    anonymous: StrictBool = False


class InKindIn(_In):
    """Goods given, at their valuation (fen)."""

    items: list[Annotated[NormalizedText, Field(min_length=1, max_length=200)]] = Field(
        min_length=1, max_length=100
    )
    valuation: Amount


class DonationCreate(_In):
    """A donation of money, or of goods (``in_kind``: ``amount`` equals the valuation)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "fund_id": "5b3f2c1e-8a4d-4f6b-9c2e-1d7a8b9c0e1f",
                    "donor": {
                        "kind": "enterprise",
                        "name": "宁波某茶业有限公司",
                        "anonymous": False,
                    },
                    "amount": 500000,
                    "asset": "CNY",
                    "purpose": "茶村道路修缮",
                }
            ]
        },
    )

    fund_id: uuid.UUID
    donor: DonorIn
    amount: Amount
    asset: Literal["CNY"] = "CNY"
    in_kind: InKindIn | None = None
    purpose: Annotated[NormalizedText, Field(max_length=500)] | None = None


class DonorRead(BaseModel):
    """A donor as this caller may see them (``匿名`` for anonymous donors)."""

    kind: str
    name: str
    anonymous: bool


class DonationRead(BaseModel):
    """A donation with its ledger transfer and receipt number."""

    id: uuid.UUID
    fund_id: uuid.UUID
    status: Literal["pending", "received", "failed"]
    donor: DonorRead
    amount: int
    asset: str
    in_kind: dict[str, Any] | None
    purpose: str | None
    receipt_no: str | None = Field(description="收据编号：每基金每年连续 / gapless per fund, year")
    transfer_id: uuid.UUID | None
    booked_on: dt.date | None
    created_at: dt.datetime
    transfer: TransferRead | None = Field(
        default=None, description="捐赠的转账（仅创建时）/ the transfer, when created"
    )


# --- grants ----------------------------------------------------------------------------------

GrantStatus = Literal["submitted", "approved", "rejected", "disbursing", "completed", "cancelled"]


class GrantCreate(_In):
    """A grant application from a fund to an organization in good standing."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "fund_id": "5b3f2c1e-8a4d-4f6b-9c2e-1d7a8b9c0e1f",
                    "grantee_org_id": "7d0c4b1e-8f5a-4c2e-9b7d-3a1f6e2d9c40",
                    "title": "独居老人助餐项目",
                    "amount": 2000000,
                    "domain": "elderly_care",
                }
            ]
        },
    )

    fund_id: uuid.UUID
    grantee_org_id: uuid.UUID
    title: Text200
    amount: Amount
    domain: DomainTag | None = Field(
        default=None, description="资助领域；定向基金必填 / required by restricted funds"
    )
    need_id: uuid.UUID | None = None
    match_id: uuid.UUID | None = None


class GrantRead(BaseModel):
    """A grant, its approvals and what has been paid out."""

    id: uuid.UUID
    fund_id: uuid.UUID
    grantee_org_id: uuid.UUID
    title: str
    amount: int
    domain: str | None
    status: GrantStatus
    need_id: uuid.UUID | None
    match_id: uuid.UUID | None
    submitted_by: str
    approvals: list[str]
    approvals_required: int
    reservation_id: uuid.UUID | None
    disbursed: int
    created_at: dt.datetime


class GrantReject(_In):
    """Why a grant is rejected or cancelled."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"reason": "预算不符合要求"}]}
    )

    reason: Annotated[NormalizedText, Field(max_length=500)] | None = None


class DisbursementCreate(_In):
    """Pay out part of an approved grant's reservation."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"amount": 500000}]})

    amount: Amount


# --- time bank -------------------------------------------------------------------------------


class EarnCreate(_In):
    """A volunteer-service record credited to the time bank (idempotent per ``source``)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "fund_id": "5b3f2c1e-8a4d-4f6b-9c2e-1d7a8b9c0e1f",
                    "volunteer_id": "0c9e8d7f-6b5a-4c3d-8e2f-1a0b9c8d7e6f",
                    "minutes": 120,
                    "source": "match:3f1e2d4c-5b6a-4798-8a9b-0c1d2e3f4a5b",
                    "served_on": "2026-05-01",
                    "place": "海曙区鼓楼街道日间照料中心",
                    "content": "为独居老人理发",
                }
            ]
        },
    )

    fund_id: uuid.UUID = Field(description="时间银行 / the time bank")
    volunteer_id: uuid.UUID
    minutes: StrictInt = Field(ge=1, le=24 * 60, description="服务时长（分钟）/ minutes")
    source: Annotated[str, Field(pattern=r"^[\x21-\x7e]{1,200}$")] = Field(
        description="来源（服务记录、撮合）；同一来源只记一次 / once per source"
    )
    served_on: IsoDate | None = Field(default=None, description="服务日期，默认今天 / date")
    place: Annotated[NormalizedText, Field(max_length=200)] | None = Field(
        default=None, description="服务地点 / place"
    )
    content: Annotated[NormalizedText, Field(max_length=500)] | None = Field(
        default=None, description="服务内容 / content"
    )
    recorded_by: Annotated[NormalizedText, Field(max_length=100)] | None = Field(
        default=None, description="记录人，默认调用者 / who recorded it"
    )


class RedeemCreate(_In):
    """Minutes exchanged for goods at the charity store; never below zero."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "fund_id": "5b3f2c1e-8a4d-4f6b-9c2e-1d7a8b9c0e1f",
                    "volunteer_id": "0c9e8d7f-6b5a-4c3d-8e2f-1a0b9c8d7e6f",
                    "minutes": 60,
                    "item": "大米 5 公斤",
                }
            ]
        },
    )

    fund_id: uuid.UUID
    volunteer_id: uuid.UUID
    minutes: StrictInt = Field(ge=1, le=10**9)
    item: Text200 = Field(description="兑换物品 / goods")


Relation = Literal["spouse", "parent", "child", "sibling", "grandparent", "grandchild"]


class GiftCreate(_In):
    """Minutes given to a family member's time-bank account."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "fund_id": "5b3f2c1e-8a4d-4f6b-9c2e-1d7a8b9c0e1f",
                    "from_volunteer_id": "0c9e8d7f-6b5a-4c3d-8e2f-1a0b9c8d7e6f",
                    "to_volunteer_id": "1b9e2f3a-4c5d-4e6f-8a7b-9c0d1e2f3a4b",
                    "minutes": 30,
                    "relation": "parent",
                }
            ]
        },
    )

    fund_id: uuid.UUID
    from_volunteer_id: uuid.UUID
    to_volunteer_id: uuid.UUID
    minutes: StrictInt = Field(ge=1, le=10**9)
    relation: Relation = Field(description="亲属关系 / family relation of the recipient")


class TimeBankEntryRead(BaseModel):
    """One line of a volunteer's history (an earning is a volunteer-service record)."""

    id: uuid.UUID
    fund_id: uuid.UUID
    volunteer_id: uuid.UUID
    kind: Literal["earn", "redeem", "gift_out", "gift_in"]
    status: Literal["pending", "posted", "failed"]
    minutes: int
    source: str | None
    served_on: dt.date
    place: str | None
    content: str | None
    item: str | None
    counterpart_id: uuid.UUID | None
    relation: str | None
    recorded_by: str
    transfer_id: uuid.UUID | None
    created_at: dt.datetime


class TimeBankBalance(BaseModel):
    """A volunteer's minutes in one time bank."""

    fund_id: uuid.UUID
    account_id: uuid.UUID
    minutes: int


class TimeBankRead(BaseModel):
    """A volunteer's balances and history, newest first."""

    volunteer_id: uuid.UUID
    balances: list[TimeBankBalance]
    entries: list[TimeBankEntryRead]


# --- statements and disclosure ---------------------------------------------------------------


class FlowLine(BaseModel):
    """Money (or minutes) in or out by transfer kind."""

    kind: str
    amount: int
    count: int


class AssetStatement(BaseModel):
    """One asset's statement: opening + inflows − outflows = closing."""

    asset: str
    opening: int
    inflows: list[FlowLine]
    outflows: list[FlowLine]
    total_in: int
    total_out: int
    closing: int


class StatementRead(BaseModel):
    """A fund's statement for a period (booking dates, inclusive)."""

    fund_id: uuid.UUID
    fund_name: str
    from_: dt.date = Field(alias="from")
    to: dt.date
    assets: list[AssetStatement]
    reconciled: bool

    model_config = ConfigDict(populate_by_name=True)


class PublicDonation(BaseModel):
    """A donation as the public sees it: anonymous donors are ``匿名``."""

    receipt_no: str | None
    donor: str
    donor_kind: str
    amount: int
    in_kind: bool
    booked_on: dt.date | None


class PublicGrant(BaseModel):
    """A grant as the public sees it."""

    title: str
    grantee_org_id: uuid.UUID
    amount: int
    disbursed: int
    status: str


class PublicFund(BaseModel):
    """A fund's public disclosure (信息公开): totals, grants, anonymized donations."""

    id: uuid.UUID
    name: str
    kind: str
    status: str
    restricted_domains: list[str]
    balances: dict[str, int]
    donations_total: int
    donations_count: int
    in_kind_total: int
    granted_total: int
    disbursed_total: int
    minutes_earned: int
    minutes_redeemed: int
    grants: list[PublicGrant]
    donations: list[PublicDonation]
