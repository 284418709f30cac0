"""Pydantic in/out models of Funds: the public contract. Money is integer fen; time minutes."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from services.common.types import IsoDate, StrictBool, StrictInt

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
        import json

        if len(json.dumps(value, ensure_ascii=False)) > 4096:
            raise ValueError("metadata 不超过 4096 字节 / at most 4096 bytes")
        return value


class PostPending(_In):
    """Post a reservation, in full (no amount) or in part."""

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
