"""Donations: money, or goods at their valuation, each with a gapless receipt number.

The money moves through the ledger writer, in the writer's own transaction, so a donation takes
three steps, each committed on its own:

1. the donation row is written ``pending`` (no receipt number yet);
2. the transfer ``world:CNY`` → ``fund:<id>:cash`` (or ``in_kind``) is submitted with the
   idempotency key ``donation:<donation id>``, so however often this step runs, the money moves
   once;
3. under ``lock_key(donations, fund, year)`` the last receipt number of the fund's year is read
   and the next one written to the row, now ``received``.

So no transfer exists without its donation row (the row commits first), and a receipt number
is never spent on a transfer that failed (numbers are handed out only after the transfer
committed, and the number and the row's update commit together: 1..N with no gap). A refused
transfer deletes its pending row. A crash between steps leaves a ``pending`` row that
:meth:`DonationService.finish` completes: a repeat of the request with the same
``Idempotency-Key`` does it (the key lives on the row, because the effect spans three
transactions and the kernel's key lives in one).

Donors' names never enter the journal (it is immutable and public to auditors): transfers carry
only the donation's id.
"""

from __future__ import annotations

import uuid
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.db import Database
from services.common.errors import KernelCode, NotFound, ValidationFailed
from services.common.events import emit
from services.common.identity import Identity
from services.common.locking import lock_key
from services.common.retry import run_in_transaction
from services.funds.db.models import Account, Donation
from services.funds.domain.errors import FundsCode
from services.funds.domain.fund import WORLD_CNY, fund_code, get_fund, require_active, who
from services.funds.domain.ledger import Outcome, TransferRequest, transfer_json
from services.funds.domain.writer import LedgerWriter
from services.funds.schemas import DonationCreate, DonationRead, DonorRead, TransferRead

DONATIONS = cast(sa.Table, Donation.__table__)
ACCOUNTS = cast(sa.Table, Account.__table__)
ANONYMOUS = "匿名"
#: Whose idempotency keys the ledger keeps for donations' transfers.
PRINCIPAL = "funds:donations"


def donor_name(row: Donation, *, reveal: bool) -> str:
    """The donor's name, or ``匿名`` for an anonymous donor unless ``reveal``."""
    return row.donor_name if reveal or not row.anonymous else ANONYMOUS


def donation_read(
    row: Donation, *, reveal: bool, transfer: dict[str, Any] | None = None
) -> DonationRead:
    """The public shape of a donation; anonymous donors' names only with ``reveal``."""
    return DonationRead(
        id=row.id,
        fund_id=row.fund_id,
        status=row.status,
        donor=DonorRead(
            kind=row.donor_kind, name=donor_name(row, reveal=reveal), anonymous=row.anonymous
        ),
        amount=row.amount,
        asset=row.asset,
        in_kind=row.in_kind,
        purpose=row.purpose,
        receipt_no=row.receipt_no,
        transfer_id=row.transfer_id,
        booked_on=row.booked_on,
        created_at=row.created_at,
        transfer=TransferRead.model_validate(transfer) if transfer else None,
    )


def donation_json(row: Donation, *, reveal: bool) -> dict[str, Any]:
    """A donation as its events carry it."""
    return donation_read(row, reveal=reveal).model_dump(mode="json", exclude={"transfer"})


class DonationService:
    """Receiving donations (see the module docstring for the three steps)."""

    def __init__(self, database: Database, writer: LedgerWriter) -> None:
        self.database = database
        self.writer = writer

    async def create(
        self, data: DonationCreate, caller: Identity, key: str | None, request_hash: str | None
    ) -> tuple[Donation, dict[str, Any] | None, bool]:
        """Receive a donation; ``(row, transfer, replayed)``."""
        principal = who(caller) if key else None
        if key:
            existing = await self._by_key(principal, key)
            if existing is not None:
                return await self._replay(existing, request_hash)
        if data.in_kind is not None and data.in_kind.valuation != data.amount:
            raise ValidationFailed(
                "物资捐赠的金额应等于估值",
                code=KernelCode.VALIDATION_FAILED,
                errors=[{"field": "amount", "message": "must equal in_kind.valuation"}],
            )
        async with self.database.read_sessionmaker() as session:
            require_active(await get_fund(session, data.fund_id, field="fund_id"))
        row = Donation(
            id=uuid.uuid4(),
            fund_id=data.fund_id,
            status="pending",
            donor_kind=data.donor.kind,
            donor_name=data.donor.name,
            anonymous=data.donor.anonymous,
            amount=data.amount,
            asset=data.asset,
            in_kind=data.in_kind.model_dump() if data.in_kind else None,
            purpose=data.purpose,
            principal=principal,
            idempotency_key=key,
            request_hash=request_hash,
            created_by=who(caller),
        )

        async def write(session: AsyncSession) -> None:
            session.add(row)
            await session.flush()

        try:
            await run_in_transaction(self.database.sessionmaker, write)
        except IntegrityError:
            # A concurrent request with the same key wrote its row first: answer as it does.
            existing = await self._by_key(principal, key) if key else None
            if existing is None:
                raise
            return await self._replay(existing, request_hash)
        donation, transfer = await self.finish(row.id)
        return donation, transfer, False

    async def _by_key(self, principal: str | None, key: str) -> Donation | None:
        async with self.database.read_sessionmaker() as session:
            return cast(
                Donation | None,
                await session.scalar(
                    sa.select(Donation).where(
                        Donation.principal == principal, Donation.idempotency_key == key
                    )
                ),
            )

    async def _replay(
        self, existing: Donation, request_hash: str | None
    ) -> tuple[Donation, dict[str, Any] | None, bool]:
        if existing.request_hash != request_hash:
            raise ValidationFailed(
                "同一幂等键对应了不同的请求内容", code=KernelCode.IDEMPOTENCY_MISMATCH
            )
        donation, transfer = await self.finish(existing.id)
        return donation, transfer, True

    async def finish(self, donation_id: uuid.UUID) -> tuple[Donation, dict[str, Any] | None]:
        """Move the money of a pending donation (once) and give it its receipt number."""
        async with self.database.read_sessionmaker() as session:
            row = await session.get(Donation, donation_id)
            if row is None:
                raise NotFound(f"捐赠 {donation_id} 不存在", code=FundsCode.DONATION_UNKNOWN)
            role = "in_kind" if row.in_kind else "cash"
            world = await session.scalar(
                sa.select(ACCOUNTS.c.id).where(ACCOUNTS.c.code == WORLD_CNY)
            )
            target = await session.scalar(
                sa.select(ACCOUNTS.c.id).where(ACCOUNTS.c.code == fund_code(row.fund_id, role))
            )
        request = TransferRequest(
            debit_account_id=world,
            credit_account_id=target,
            amount=row.amount,
            asset=row.asset,
            kind="in_kind_donation" if row.in_kind else "donation",
            metadata={"donation_id": str(row.id), "fund_id": str(row.fund_id)},
            principal=PRINCIPAL,
            idempotency_key=f"donation:{row.id}",
            request_hash=f"donation:{row.id}:{row.amount}",
        )
        ((outcome,),) = await self.writer.submit([([request], False)])
        if outcome.error is not None:
            await self._forget(row)
            raise outcome.error
        return await self._receipt(row, outcome), transfer_json(_entry(outcome))

    async def _forget(self, row: Donation) -> None:
        """The ledger refused the transfer: nothing moved, so the pending row goes."""

        async def work(session: AsyncSession) -> None:
            await session.execute(
                sa.delete(DONATIONS).where(
                    DONATIONS.c.id == row.id, DONATIONS.c.status == "pending"
                )
            )

        await run_in_transaction(self.database.sessionmaker, work)

    async def _receipt(self, pending: Donation, outcome: Outcome) -> Donation:
        entry = _entry(outcome)
        year = entry["booked_on"].year

        async def work(session: AsyncSession) -> Donation:
            # The lock first, then the reads it protects: the last number and the next commit
            # together, and no other donation of this fund and year reads in between (nor a
            # concurrent finish of this same donation).
            await lock_key(session, Donation, pending.fund_id, year)
            row = await session.get(Donation, pending.id, populate_existing=True)
            assert row is not None
            if row.status == "received":
                return row
            last = await session.scalar(
                sa.select(sa.func.max(DONATIONS.c.receipt_seq)).where(
                    DONATIONS.c.fund_id == row.fund_id, DONATIONS.c.year == year
                )
            )
            seq = int(last or 0) + 1
            row.status = "received"
            row.year = year
            row.receipt_seq = seq
            row.receipt_no = f"{row.fund_id.hex[:8].upper()}-{year}-{seq:06d}"
            row.transfer_id = entry["id"]
            row.booked_on = entry["booked_on"]
            await session.flush()
            emit(
                session,
                "donation.received",
                subject_kind="donation",
                subject_id=row.id,
                data=donation_json(row, reveal=True),
                masked=donation_json(row, reveal=False),
            )
            return row

        return await run_in_transaction(self.database.sessionmaker, work)


def _entry(outcome: Outcome) -> dict[str, Any]:
    assert outcome.entry is not None
    return outcome.entry
