"""SQLAlchemy models of the funds service. Ids of other services' rows are plain UUID columns.

The ledger follows TigerBeetle's shape: accounts carry their debit and credit totals, posted and
pending; the journal (``transfers``) is append-only and hash-chained; a pending (two-phase)
transfer is settled by later transfers that name it, and its remaining amount is bookkeeping in
``pending_transfers`` that the journal alone can rebuild.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from services.common.db import UTCDateTime, make_metadata, utcnow
from services.common.store import kernel_tables

#: A list of strings: ``text[]`` would tie us to PostgreSQL; funds' lists are short, JSON does.
StringList = sa.JSON()


class Base(DeclarativeBase):
    """Declarative base; its metadata is what ``migrations/funds`` sees, and nothing else."""

    metadata = make_metadata()


class Fund(Base):
    """A community fund, named fund, special fund, venture pool or time bank."""

    __tablename__ = "funds"
    __table_args__ = (sa.Index("ix_funds_created_at_id", "created_at", "id"),)

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(16))
    host_org_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid())
    community_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid())
    restricted_domains: Mapped[list[str]] = mapped_column(StringList, default=list)
    status: Mapped[str] = mapped_column(sa.String(16), default="active")
    approvals_required: Mapped[int] = mapped_column(sa.Integer(), default=2)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    version: Mapped[int] = mapped_column(sa.Integer(), default=1)


class Account(Base):
    """A ledger account; its balance is credits minus debits, posted and pending."""

    __tablename__ = "accounts"
    __table_args__ = (
        sa.Index("ix_accounts_fund_id", "fund_id"),
        sa.CheckConstraint("debits_posted >= 0 AND credits_posted >= 0", name="totals_positive"),
        sa.CheckConstraint("debits_pending >= 0 AND credits_pending >= 0", name="pending_positive"),
        # The rule the service checks, held by the database as well: an account that may not go
        # negative never does, whatever code path wrote it.
        sa.CheckConstraint(
            "allow_negative OR credits_posted - debits_posted - debits_pending >= 0",
            name="not_overdrawn",
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), primary_key=True, default=uuid.uuid4)
    code: Mapped[str] = mapped_column(sa.String(160), unique=True)
    fund_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid(), sa.ForeignKey("funds.id"))
    asset: Mapped[str] = mapped_column(sa.String(8))
    kind: Mapped[str] = mapped_column(sa.String(32))
    allow_negative: Mapped[bool] = mapped_column(sa.Boolean(), default=False)
    debits_posted: Mapped[int] = mapped_column(sa.BigInteger(), default=0)
    credits_posted: Mapped[int] = mapped_column(sa.BigInteger(), default=0)
    debits_pending: Mapped[int] = mapped_column(sa.BigInteger(), default=0)
    credits_pending: Mapped[int] = mapped_column(sa.BigInteger(), default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Transfer(Base):
    """One journal entry. Never updated, never deleted; chained to the one before by hash.

    Its accounts are not foreign keys: PostgreSQL would check both of every entry with a query
    of its own (a third of the journal's insert cost), while the ledger writer only writes
    entries between accounts it has just locked, accounts are never deleted (a trigger refuses
    it: migration ``funds_0006``), and ``GET /v1/ledger/verify`` names any entry whose account
    does not exist. The hash is not a unique key either: it covers ``seq``, the primary key,
    and the chain is what proves it (docs/decisions.md, "The journal's constraints").
    """

    __tablename__ = "transfers"
    __table_args__ = (
        sa.Index("ix_transfers_debit_account_id_seq", "debit_account_id", "seq"),
        sa.Index("ix_transfers_credit_account_id_seq", "credit_account_id", "seq"),
        sa.Index("ix_transfers_created_at", "created_at"),
        sa.UniqueConstraint("principal", "idempotency_key", name="uq_transfers_idempotency"),
        sa.CheckConstraint("amount > 0", name="amount_positive"),
        sa.CheckConstraint("debit_account_id <> credit_account_id", name="two_accounts"),
    )

    #: Journal order, handed out by the writer holding the ledger head.
    seq: Mapped[int] = mapped_column(sa.BigInteger(), primary_key=True, autoincrement=False)
    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), unique=True)
    debit_account_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid())
    credit_account_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid())
    amount: Mapped[int] = mapped_column(sa.BigInteger())
    asset: Mapped[str] = mapped_column(sa.String(8))
    kind: Mapped[str] = mapped_column(sa.String(32))
    #: single | pending | post | void | expire
    action: Mapped[str] = mapped_column(sa.String(8))
    pending_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid())
    reverses_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid())
    timeout_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    booked_on: Mapped[dt.date] = mapped_column(sa.Date())
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", sa.JSON(), default=dict)
    principal: Mapped[str | None] = mapped_column(sa.String(160))
    idempotency_key: Mapped[str | None] = mapped_column(sa.String(255))
    request_hash: Mapped[str | None] = mapped_column(sa.String(64))
    #: The balances of both accounts right after this entry (posted and pending).
    debit_posted: Mapped[int] = mapped_column(sa.BigInteger())
    debit_pending: Mapped[int] = mapped_column(sa.BigInteger())
    credit_posted: Mapped[int] = mapped_column(sa.BigInteger())
    credit_pending: Mapped[int] = mapped_column(sa.BigInteger())
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64))


class PendingTransfer(Base):
    """What is left of a pending transfer: bookkeeping the journal can rebuild."""

    __tablename__ = "pending_transfers"
    __table_args__ = (sa.Index("ix_pending_transfers_state_timeout_at", "state", "timeout_at"),)

    id: Mapped[uuid.UUID] = mapped_column(
        sa.Uuid(), sa.ForeignKey("transfers.id"), primary_key=True
    )
    remaining: Mapped[int] = mapped_column(sa.BigInteger())
    #: pending | posted | voided | expired
    state: Mapped[str] = mapped_column(sa.String(8))
    timeout_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class LedgerHead(Base):
    """The end of the journal: the last sequence number and hash (one row)."""

    __tablename__ = "ledger_head"

    id: Mapped[int] = mapped_column(sa.Integer(), primary_key=True)
    seq: Mapped[int] = mapped_column(sa.BigInteger())
    hash: Mapped[str] = mapped_column(sa.String(64))


class Period(Base):
    """A sealed accounting period: nothing may be booked on or before ``until``."""

    __tablename__ = "periods"
    __table_args__ = (sa.Index("ix_periods_fund_id_until", "fund_id", "until"),)

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), primary_key=True, default=uuid.uuid4)
    #: ``None``: every fund.
    fund_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid(), sa.ForeignKey("funds.id"))
    until: Mapped[dt.date] = mapped_column(sa.Date())
    sealed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sealed_by: Mapped[str] = mapped_column(sa.String(160))


class Donation(Base):
    """A donation of money, or of goods at their valuation, with its receipt number.

    Written ``pending`` before its ledger transfer (idempotency key ``donation:<id>``), and
    ``received`` with the next receipt number of its fund and year once the transfer committed:
    no transfer without its donation, no receipt number for a transfer that failed.
    """

    __tablename__ = "donations"
    __table_args__ = (
        sa.UniqueConstraint("fund_id", "year", "receipt_seq", name="uq_donations_receipt"),
        sa.UniqueConstraint("principal", "idempotency_key", name="uq_donations_idempotency"),
        sa.Index("ix_donations_fund_id_created_at", "fund_id", "created_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), primary_key=True, default=uuid.uuid4)
    fund_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), sa.ForeignKey("funds.id"))
    #: pending | received | failed
    status: Mapped[str] = mapped_column(sa.String(16), default="pending")
    donor_kind: Mapped[str] = mapped_column(sa.String(16))
    donor_name: Mapped[str] = mapped_column(sa.String(200))
    anonymous: Mapped[bool] = mapped_column(sa.Boolean(), default=False)
    amount: Mapped[int] = mapped_column(sa.BigInteger())
    asset: Mapped[str] = mapped_column(sa.String(8))
    #: SQL NULL for money (not JSON ``null``), so ``in_kind IS NULL`` tells money from goods.
    in_kind: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON(none_as_null=True))
    purpose: Mapped[str | None] = mapped_column(sa.String(500))
    year: Mapped[int | None] = mapped_column(sa.Integer())
    receipt_seq: Mapped[int | None] = mapped_column(sa.Integer())
    receipt_no: Mapped[str | None] = mapped_column(sa.String(40))
    transfer_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid())
    booked_on: Mapped[dt.date | None] = mapped_column(sa.Date())
    failure: Mapped[str | None] = mapped_column(sa.String(64))
    principal: Mapped[str | None] = mapped_column(sa.String(160))
    idempotency_key: Mapped[str | None] = mapped_column(sa.String(255))
    request_hash: Mapped[str | None] = mapped_column(sa.String(64))
    created_by: Mapped[str] = mapped_column(sa.String(160))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Grant(Base):
    """A grant from a fund to an organization, from submission to completion."""

    __tablename__ = "grants"
    __table_args__ = (
        sa.Index("ix_grants_fund_id_created_at", "fund_id", "created_at"),
        sa.CheckConstraint("amount > 0", name="amount_positive"),
    )

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), primary_key=True, default=uuid.uuid4)
    fund_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), sa.ForeignKey("funds.id"))
    grantee_org_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid())
    title: Mapped[str] = mapped_column(sa.String(200))
    amount: Mapped[int] = mapped_column(sa.BigInteger())
    domain: Mapped[str | None] = mapped_column(sa.String(64))
    #: submitted | approved | rejected | disbursing | completed | cancelled
    status: Mapped[str] = mapped_column(sa.String(16), default="submitted")
    need_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid())
    match_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid())
    submitted_by: Mapped[str] = mapped_column(sa.String(160))
    reservation_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid())
    disbursed: Mapped[int] = mapped_column(sa.BigInteger(), default=0)
    decided_by: Mapped[str | None] = mapped_column(sa.String(160))
    reason: Mapped[str | None] = mapped_column(sa.String(500))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    version: Mapped[int] = mapped_column(sa.Integer(), default=1)


class GrantApproval(Base):
    """One approver's approval of a grant; the database keeps approvers distinct."""

    __tablename__ = "grant_approvals"
    __table_args__ = (
        sa.UniqueConstraint("grant_id", "approver", name="uq_grant_approvals_grant_id_approver"),
    )

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), primary_key=True, default=uuid.uuid4)
    grant_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), sa.ForeignKey("grants.id"))
    approver: Mapped[str] = mapped_column(sa.String(160))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class TimeBankPolicy(Base):
    """A time bank's caps on earning (minutes); ``None``: no cap."""

    __tablename__ = "time_bank_policies"

    fund_id: Mapped[uuid.UUID] = mapped_column(
        sa.Uuid(), sa.ForeignKey("funds.id"), primary_key=True
    )
    daily_cap: Mapped[int | None] = mapped_column(sa.Integer())
    lifetime_cap: Mapped[int | None] = mapped_column(sa.Integer())
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class TimeBankEntry(Base):
    """One line of a volunteer's time-bank history: earned, redeemed, given or received.

    An earning is a volunteer-service record (志愿服务记录): date, place, content, minutes and
    who recorded it. Written ``pending`` before its ledger transfer, ``posted`` after it.
    """

    __tablename__ = "time_bank_entries"
    __table_args__ = (
        sa.UniqueConstraint("fund_id", "source", name="uq_time_bank_entries_fund_id_source"),
        sa.UniqueConstraint(
            "principal", "idempotency_key", name="uq_time_bank_entries_idempotency"
        ),
        sa.Index("ix_time_bank_entries_volunteer_id_created_at", "volunteer_id", "created_at"),
        sa.CheckConstraint("minutes > 0", name="minutes_positive"),
    )

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), primary_key=True, default=uuid.uuid4)
    fund_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), sa.ForeignKey("funds.id"))
    volunteer_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid())
    #: earn | redeem | gift_out | gift_in
    kind: Mapped[str] = mapped_column(sa.String(16))
    #: pending | posted | failed
    status: Mapped[str] = mapped_column(sa.String(16), default="pending")
    minutes: Mapped[int] = mapped_column(sa.Integer())
    #: What an earning is for (a service record, a match): unique per fund.
    source: Mapped[str | None] = mapped_column(sa.String(200))
    served_on: Mapped[dt.date] = mapped_column(sa.Date())
    place: Mapped[str | None] = mapped_column(sa.String(200))
    content: Mapped[str | None] = mapped_column(sa.String(500))
    item: Mapped[str | None] = mapped_column(sa.String(200))
    counterpart_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid())
    relation: Mapped[str | None] = mapped_column(sa.String(16))
    recorded_by: Mapped[str] = mapped_column(sa.String(160))
    transfer_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid())
    failure: Mapped[str | None] = mapped_column(sa.String(64))
    principal: Mapped[str | None] = mapped_column(sa.String(160))
    idempotency_key: Mapped[str | None] = mapped_column(sa.String(255))
    request_hash: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


#: The kernel's tables in this service's database: its change feed, outbox, idempotency keys
#: and follower checkpoints (services/common/store.py).
KERNEL = kernel_tables(Base.metadata)
