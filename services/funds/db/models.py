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
    """One journal entry. Never updated, never deleted; chained to the one before by hash."""

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
    debit_account_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), sa.ForeignKey("accounts.id"))
    credit_account_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), sa.ForeignKey("accounts.id"))
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
    hash: Mapped[str] = mapped_column(sa.String(64), unique=True)


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


#: The kernel's tables in this service's database: its change feed, outbox, idempotency keys
#: and follower checkpoints (services/common/store.py).
KERNEL = kernel_tables(Base.metadata)
