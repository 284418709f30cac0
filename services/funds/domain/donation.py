"""Donations: money, or goods at their valuation, each with a gapless receipt number.

A donation is one commit: its transfer ``world:CNY`` → ``fund:<id>:cash`` (or ``in_kind``), its
row (``received``, with its receipt number) and its events. The request hands the transfer to
the ledger writer with a *book* (:class:`DonationBook`), and the writer's batch — the
transfers of every request waiting at that moment — writes the donations of all of them after
the ledger has applied their transfers, in the same transaction:

1. for each fund and year that receives donations, ``lock_key(donations, fund, year)`` (in one
   order: no two writers deadlock), then the last receipt number of each, in one statement;
2. the next numbers, in the order of the batch, to the donations whose transfer was applied;
   a refused transfer (a sealed period) gets no row and spends no number;
3. every row in one insert, and ``donation.received`` for each.

So 64 concurrent donations into one fund are a handful of commits, not 64 × 3 transactions
serialized behind one lock; receipt numbers are 1..N with no gap (numbers are handed out under
the lock and commit with their rows and transfers, or not at all), and no transfer exists
without its donation.

Idempotency: a request with ``Idempotency-Key`` gives its transfer the ledger key
``donation-key:<hash of caller and key>``, so two concurrent repeats in one batch, or a repeat
after the commit, replay the first transfer, and the book answers with the first donation. A
repeat whose donation has committed is answered from its row before reaching the writer.

Donations written before this design (a row ``pending`` first, then the transfer under
``donation:<id>``, then the receipt in a third transaction) may have been left ``pending`` by a
crash: :meth:`DonationService.finish` completes them, as the app's finisher does.

Donors' names never enter the journal (it is immutable and public to auditors): transfers carry
only the donation's id.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Mapping, Sequence
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.db import Database, utcnow
from services.common.errors import Conflict, KernelCode, NotFound, ValidationFailed
from services.common.events import emit
from services.common.identity import Identity
from services.common.locking import lock_key
from services.common.retry import run_in_transaction
from services.funds.db.models import Account, Donation, Fund, Transfer
from services.funds.domain.errors import FundsCode
from services.funds.domain.fund import WORLD_CNY, fund_code, who
from services.funds.domain.ledger import Outcome, TransferRequest, entry_of
from services.funds.domain.writer import LedgerWriter
from services.funds.schemas import DonationCreate, DonationRead, DonorRead, TransferRead

DONATIONS = cast(sa.Table, Donation.__table__)
ACCOUNTS = cast(sa.Table, Account.__table__)
TRANSFERS = cast(sa.Table, Transfer.__table__)
FUNDS = cast(sa.Table, Fund.__table__)
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


def _utc_iso(value: dt.datetime) -> str:
    # Pydantic's form of a UTC timestamp ("Z").
    text = value.astimezone(dt.UTC).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def donation_json(row: Donation | Mapping[str, Any], *, reveal: bool) -> dict[str, Any]:
    """A donation as ``DonationRead`` serializes it, without its transfer (its events' data).

    Built directly (the same JSON as the model gives: ``tests/funds/test_donations.py``): it is
    computed three times per donation on the hot path (two events and the answer).
    """
    get: Any = row.get if isinstance(row, Mapping) else row.__dict__.get
    anonymous = bool(get("anonymous"))
    booked_on = get("booked_on")
    transfer_id = get("transfer_id")
    return {
        "id": str(get("id")),
        "fund_id": str(get("fund_id")),
        "status": get("status"),
        "donor": {
            "kind": get("donor_kind"),
            "name": get("donor_name") if reveal or not anonymous else ANONYMOUS,
            "anonymous": anonymous,
        },
        "amount": get("amount"),
        "asset": get("asset"),
        "in_kind": get("in_kind"),
        "purpose": get("purpose"),
        "receipt_no": get("receipt_no"),
        "transfer_id": str(transfer_id) if transfer_id is not None else None,
        "booked_on": booked_on.isoformat() if booked_on is not None else None,
        "created_at": _utc_iso(get("created_at")),
    }


class DonationService:
    """Receiving donations (see the module docstring for the three steps)."""

    def __init__(self, database: Database, writer: LedgerWriter) -> None:
        self.database = database
        self.writer = writer

    async def create(
        self, data: DonationCreate, caller: Identity, key: str | None, request_hash: str | None
    ) -> tuple[Donation | dict[str, Any], dict[str, Any], bool]:
        """Receive a donation; ``(row or its values, transfer entry, replayed)``."""
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
        role = "in_kind" if data.in_kind else "cash"
        world, target = await self._accounts(WORLD_CNY, fund_code(data.fund_id, role))
        donation_id = uuid.uuid4()
        row: dict[str, Any] = {
            "id": donation_id,
            "fund_id": data.fund_id,
            "status": "received",
            "donor_kind": data.donor.kind,
            "donor_name": data.donor.name,
            "anonymous": data.donor.anonymous,
            "amount": data.amount,
            "asset": data.asset,
            "in_kind": data.in_kind.model_dump() if data.in_kind else None,
            "purpose": data.purpose,
            "principal": principal,
            "idempotency_key": key,
            "request_hash": request_hash,
            "created_by": who(caller),
            "created_at": utcnow(),
        }
        if key:
            digest = hashlib.sha256(f"{principal}\n{key}".encode()).hexdigest()[:48]
            ledger_key, ledger_hash = f"donation-key:{digest}", request_hash
        else:
            ledger_key, ledger_hash = f"donation:{donation_id}", f"donation:{donation_id}"
        request = TransferRequest(
            debit_account_id=world,
            credit_account_id=target,
            amount=data.amount,
            asset=data.asset,
            kind="in_kind_donation" if data.in_kind else "donation",
            metadata={"donation_id": str(donation_id), "fund_id": str(data.fund_id)},
            principal=PRINCIPAL,
            idempotency_key=ledger_key,
            request_hash=ledger_hash,
        )
        _, result = await self.writer.submit_with(BOOK, row, [([request], False)])
        if isinstance(result, Exception):
            raise result
        values, entry, replayed = result
        return values, entry, replayed

    async def _accounts(self, *codes: str) -> list[uuid.UUID | None]:
        """The ids of these accounts (``None`` if missing), remembered once found."""
        known = self.writer.account_ids
        wanted = [c for c in codes if c not in known]
        if wanted:
            async with self.database.read_sessionmaker() as session:
                rows = await session.execute(
                    sa.select(ACCOUNTS.c.code, ACCOUNTS.c.id).where(ACCOUNTS.c.code.in_(wanted))
                )
            for code, account_id in rows:
                known[code] = account_id
        return [known.get(c) for c in codes]

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
    ) -> tuple[Donation, dict[str, Any], bool]:
        if existing.request_hash != request_hash:
            raise ValidationFailed(
                "同一幂等键对应了不同的请求内容", code=KernelCode.IDEMPOTENCY_MISMATCH
            )
        donation, transfer = await self.finish(existing.id)
        return donation, transfer, True

    async def finish(self, donation_id: uuid.UUID) -> tuple[Donation, dict[str, Any]]:
        """Move the money of a pending donation (once) and give it its receipt number."""
        async with self.database.read_sessionmaker() as session:
            row = await session.get(Donation, donation_id)
            if row is None:
                raise NotFound(f"捐赠 {donation_id} 不存在", code=FundsCode.DONATION_UNKNOWN)
            if row.transfer_id is not None:
                # The money moved with this row (it was written with its transfer).
                moved = (
                    await session.execute(
                        sa.select(TRANSFERS).where(TRANSFERS.c.id == row.transfer_id)
                    )
                ).first()
                if moved is not None:
                    outcome = Outcome(entry=entry_of(moved), replayed=True)
                    if row.status == "received":
                        return row, _entry(outcome)
                    return await self._receipt(row, outcome), _entry(outcome)
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
        return await self._receipt(row, outcome), _entry(outcome)

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
            row.receipt_no = receipt_no(row.fund_id, year, seq)
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


class DonationBook:
    """Writes the donations of a writer's batch with their transfers (the module docstring)."""

    async def check(self, session: AsyncSession, payloads: Sequence[Any]) -> list[Any]:
        """Each donation's fund exists and is active (read in the batch's transaction)."""
        wanted = {row["fund_id"] for row in payloads}
        rows = await session.execute(
            sa.select(FUNDS.c.id, FUNDS.c.status).where(FUNDS.c.id.in_(wanted))
        )
        found = {fund_id: status for fund_id, status in rows.all()}  # noqa: C416 (Row objects)
        refusals: list[Any] = []
        for row in payloads:
            status = found.get(row["fund_id"])
            if status is None:
                refusals.append(
                    ValidationFailed(
                        f"基金 {row['fund_id']} 不存在",
                        code=FundsCode.FUND_UNKNOWN,
                        errors=[{"field": "fund_id", "message": "unknown fund"}],
                    )
                )
            elif status != "active":
                refusals.append(Conflict(f"基金状态为 {status}", code=FundsCode.FUND_INACTIVE))
            else:
                refusals.append(None)
        return refusals

    async def write(
        self, session: AsyncSession, items: Sequence[tuple[Any, list[list[Outcome]]]]
    ) -> list[Any]:
        results: list[Any] = [None] * len(items)
        new: list[tuple[int, dict[str, Any], dict[str, Any]]] = []
        replayed: list[tuple[int, dict[str, Any], dict[str, Any]]] = []
        for index, (row, outcomes) in enumerate(items):
            ((outcome,),) = outcomes
            if outcome.error is not None:
                results[index] = outcome.error
            elif outcome.replayed:
                replayed.append((index, row, _entry(outcome)))
            else:
                new.append((index, row, _entry(outcome)))
        if new:
            slices = sorted({(row["fund_id"], e["booked_on"].year) for _, row, e in new}, key=str)
            for fund_id, year in slices:
                await lock_key(session, Donation, fund_id, year)
            last = {
                (fund_id, year): int(seq or 0)
                for fund_id, year, seq in (
                    await session.execute(
                        sa.select(
                            DONATIONS.c.fund_id,
                            DONATIONS.c.year,
                            sa.func.max(DONATIONS.c.receipt_seq),
                        )
                        .where(
                            DONATIONS.c.fund_id.in_([f for f, _ in slices]),
                            DONATIONS.c.year.in_({y for _, y in slices}),
                        )
                        .group_by(DONATIONS.c.fund_id, DONATIONS.c.year)
                    )
                ).all()
            }
            rows = []
            for index, row, entry in new:
                year = entry["booked_on"].year
                seq = last.get((row["fund_id"], year), 0) + 1
                last[(row["fund_id"], year)] = seq
                values = {
                    **row,
                    "year": year,
                    "receipt_seq": seq,
                    "receipt_no": receipt_no(row["fund_id"], year, seq),
                    "transfer_id": entry["id"],
                    "booked_on": entry["booked_on"],
                    "failure": None,
                }
                rows.append(values)
                results[index] = (values, entry, False)
            await session.execute(sa.insert(DONATIONS), rows)
            for values in rows:
                emit(
                    session,
                    "donation.received",
                    subject_kind="donation",
                    subject_id=values["id"],
                    data=donation_json(values, reveal=True),
                    masked=donation_json(values, reveal=False),
                )
        if replayed:
            # The first request's donation: written in this batch, or committed before it.
            mine = {
                values["transfer_id"]: values
                for values, _, _ in (r for r in results if isinstance(r, tuple))
            }
            wanted = [e["id"] for _, _, e in replayed if e["id"] not in mine]
            if wanted:
                found = await session.execute(
                    sa.select(DONATIONS).where(DONATIONS.c.transfer_id.in_(wanted))
                )
                for stored in found:
                    mine[stored.transfer_id] = dict(stored._mapping)
            for index, _, entry in replayed:
                first = mine.get(entry["id"])
                results[index] = (
                    (first, entry, True)
                    if first is not None
                    else Conflict(
                        "该幂等键的捐赠尚在处理中，请稍后重试",
                        code=KernelCode.IDEMPOTENCY_IN_PROGRESS,
                    )
                )
        return results


BOOK = DonationBook()


def receipt_no(fund_id: uuid.UUID, year: int, seq: int) -> str:
    """A receipt number: the fund's first 8 hex digits, the year and the gapless number."""
    return f"{fund_id.hex[:8].upper()}-{year}-{seq:06d}"


def _entry(outcome: Outcome) -> dict[str, Any]:
    assert outcome.entry is not None
    return outcome.entry
