"""The time bank: volunteers earn minutes, redeem them at the charity store, give them to family.

Volunteers are the Registry's (asked over HTTP; 503 when it is down). Each movement is a history
row (``time_bank_entries``) and a ledger transfer, in the same three steps as a donation: the
row is written ``pending`` (for an earning: under ``lock_key(entries, fund, volunteer)``, with
the fund's daily and lifetime caps checked against every earning not refused), then the
transfer goes to the writer under the key ``tb:<entry id>``, then the row becomes ``posted``.
A refused transfer deletes its pending rows. An earning is idempotent per ``(fund, source)``
(a unique constraint): a repeat replays the first, the same source with other details is 409.

Accounts: ``fund:<id>:time_issuer`` (may go negative: minutes issued) → ``volunteer:<fund>:<id>``
(opened on first earning) → ``fund:<id>:store`` (redeemed); a volunteer's account never goes
below zero, so nobody redeems or gives minutes they do not have.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import uuid
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.db import Database
from services.common.errors import Conflict, ValidationFailed, WusheError
from services.common.events import emit
from services.common.identity import Identity
from services.common.locking import lock_key
from services.common.retry import run_in_transaction
from services.funds.db.models import Account, Fund, TimeBankEntry, TimeBankPolicy, Transfer
from services.funds.domain.errors import FundsCode
from services.funds.domain.fund import ensure_account, fund_code, get_fund, require_active, who
from services.funds.domain.ledger import TransferRequest, today
from services.funds.domain.writer import LedgerWriter
from services.funds.schemas import (
    EarnCreate,
    GiftCreate,
    RedeemCreate,
    TimeBankBalance,
    TimeBankEntryRead,
    TimeBankRead,
)
from services.registry.client import RegistryClient

log = logging.getLogger("wushe.funds.time_bank")

PRINCIPAL = "funds:time_bank"
ENTRIES = cast(sa.Table, TimeBankEntry.__table__)
ACCOUNTS = cast(sa.Table, Account.__table__)
TRANSFERS = cast(sa.Table, Transfer.__table__)
LIVE = ("pending", "posted")


def volunteer_code(fund_id: uuid.UUID, volunteer_id: uuid.UUID) -> str:
    """A volunteer's minutes in one time bank."""
    return f"volunteer:{fund_id}:{volunteer_id}"


def entry_read(row: TimeBankEntry) -> TimeBankEntryRead:
    """The public shape of a history line."""
    return TimeBankEntryRead.model_validate(row, from_attributes=True)


async def require_volunteer(registry: RegistryClient, volunteer_id: uuid.UUID, field: str) -> None:
    """Refuse a volunteer the Registry does not know (503 when it cannot be asked)."""
    found = await registry.get_volunteer(volunteer_id)
    if found is None:
        raise ValidationFailed(
            f"志愿者 {volunteer_id} 不存在",
            code=FundsCode.VOLUNTEER_UNKNOWN,
            errors=[{"field": field, "message": "unknown volunteer"}],
        )


class TimeBankService:
    """Earning, redeeming and gifting minutes (see the module docstring)."""

    def __init__(self, database: Database, writer: LedgerWriter, registry: RegistryClient) -> None:
        self.database = database
        self.writer = writer
        self.registry = registry

    async def _time_bank(self, fund_id: uuid.UUID) -> Fund:
        async with self.database.read_sessionmaker() as session:
            fund = await get_fund(session, fund_id, field="fund_id")
        require_active(fund)
        if fund.kind != "time_bank":
            raise Conflict("该基金不是时间银行", code=FundsCode.FUND_KIND_MISMATCH)
        return fund

    async def earn(self, data: EarnCreate, caller: Identity) -> tuple[TimeBankEntry, bool]:
        """Credit a volunteer-service record's minutes (once per source); ``(entry, replayed)``."""
        await self._time_bank(data.fund_id)
        existing = await self._by_source(data.fund_id, data.source)
        if existing is not None:
            return await self._replay_earning(existing, data), True
        await require_volunteer(self.registry, data.volunteer_id, "volunteer_id")
        served_on = data.served_on or today()
        row = TimeBankEntry(
            id=uuid.uuid4(),
            fund_id=data.fund_id,
            volunteer_id=data.volunteer_id,
            kind="earn",
            status="pending",
            minutes=data.minutes,
            source=data.source,
            served_on=served_on,
            place=data.place,
            content=data.content,
            recorded_by=data.recorded_by or who(caller),
        )

        async def record(session: AsyncSession) -> None:
            await lock_key(session, TimeBankEntry, data.fund_id, data.volunteer_id)
            policy = await session.get(TimeBankPolicy, data.fund_id)
            mine = sa.and_(
                ENTRIES.c.fund_id == data.fund_id,
                ENTRIES.c.volunteer_id == data.volunteer_id,
                ENTRIES.c.kind == "earn",
                ENTRIES.c.status.in_(LIVE),
            )
            total = sa.select(sa.func.coalesce(sa.func.sum(ENTRIES.c.minutes), 0))
            if policy is not None and policy.daily_cap is not None:
                day = int(
                    await session.scalar(total.where(mine, ENTRIES.c.served_on == served_on)) or 0
                )
                if day + data.minutes > policy.daily_cap:
                    raise Conflict(
                        f"超出每日上限 {policy.daily_cap} 分钟（当日已有 {day}）",
                        code=FundsCode.TIME_BANK_CAP_EXCEEDED,
                        extra={"cap": "daily", "limit": policy.daily_cap, "used": day},
                    )
            if policy is not None and policy.lifetime_cap is not None:
                ever = int(await session.scalar(total.where(mine)) or 0)
                if ever + data.minutes > policy.lifetime_cap:
                    raise Conflict(
                        f"超出累计上限 {policy.lifetime_cap} 分钟（已有 {ever}）",
                        code=FundsCode.TIME_BANK_CAP_EXCEEDED,
                        extra={"cap": "lifetime", "limit": policy.lifetime_cap, "used": ever},
                    )
            session.add(row)
            await session.flush()

        try:
            await run_in_transaction(self.database.sessionmaker, record)
        except IntegrityError:
            # The same source recorded concurrently (perhaps for another volunteer).
            existing = await self._by_source(data.fund_id, data.source)
            if existing is None:
                raise
            return await self._replay_earning(existing, data), True
        issuer = fund_code(data.fund_id, "time_issuer")
        await self._move([row], issuer, volunteer_code(data.fund_id, data.volunteer_id), "earn")
        return row, False

    async def _by_source(self, fund_id: uuid.UUID, source: str) -> TimeBankEntry | None:
        async with self.database.read_sessionmaker() as session:
            return cast(
                TimeBankEntry | None,
                await session.scalar(
                    sa.select(TimeBankEntry).where(
                        TimeBankEntry.fund_id == fund_id, TimeBankEntry.source == source
                    )
                ),
            )

    async def _replay_earning(self, existing: TimeBankEntry, data: EarnCreate) -> TimeBankEntry:
        if (existing.volunteer_id, existing.minutes) != (data.volunteer_id, data.minutes):
            raise Conflict(
                f"来源 {data.source} 已记录为另一条服务记录",
                code=FundsCode.TIME_BANK_SOURCE_CONFLICT,
                extra={"entry_id": str(existing.id)},
            )
        if existing.status == "pending":
            issuer = fund_code(existing.fund_id, "time_issuer")
            target = volunteer_code(existing.fund_id, existing.volunteer_id)
            await self._move([existing], issuer, target, "earn")
        return existing

    async def redeem(self, data: RedeemCreate, caller: Identity) -> TimeBankEntry:
        """Exchange minutes for goods at the charity store (409 ``insufficient_funds`` if short)."""
        await self._time_bank(data.fund_id)
        row = TimeBankEntry(
            id=uuid.uuid4(),
            fund_id=data.fund_id,
            volunteer_id=data.volunteer_id,
            kind="redeem",
            status="pending",
            minutes=data.minutes,
            served_on=today(),
            item=data.item,
            recorded_by=who(caller),
        )
        await self._insert([row])
        source = volunteer_code(data.fund_id, data.volunteer_id)
        await self._move([row], source, fund_code(data.fund_id, "store"), "redeem")
        return row

    async def gift(self, data: GiftCreate, caller: Identity) -> TimeBankEntry:
        """Give minutes to a family member's account (both are the Registry's volunteers)."""
        if data.from_volunteer_id == data.to_volunteer_id:
            raise ValidationFailed(
                "不能转赠给自己",
                code=FundsCode.SAME_ACCOUNT,
                errors=[{"field": "to_volunteer_id", "message": "same volunteer"}],
            )
        await self._time_bank(data.fund_id)
        await require_volunteer(self.registry, data.to_volunteer_id, "to_volunteer_id")
        common: dict[str, Any] = {
            "fund_id": data.fund_id,
            "status": "pending",
            "minutes": data.minutes,
            "served_on": today(),
            "relation": data.relation,
            "recorded_by": who(caller),
        }
        out = TimeBankEntry(
            id=uuid.uuid4(),
            volunteer_id=data.from_volunteer_id,
            kind="gift_out",
            counterpart_id=data.to_volunteer_id,
            **common,
        )
        into = TimeBankEntry(
            id=uuid.uuid4(),
            volunteer_id=data.to_volunteer_id,
            kind="gift_in",
            counterpart_id=data.from_volunteer_id,
            **common,
        )
        await self._insert([out, into])
        await self._move(
            [out, into],
            volunteer_code(data.fund_id, data.from_volunteer_id),
            volunteer_code(data.fund_id, data.to_volunteer_id),
            "gift",
        )
        return out

    async def finish_stranded(self, cutoff: dt.datetime, limit: int = 100) -> int:
        """Complete the entries whose request died half-way (before ``cutoff``); how many.

        An earning is finished as its retry would finish it: the transfer under its key
        ``tb:<entry id>`` moves the minutes once (or finds them moved) and the row is posted; a
        refused transfer (a sealed period) deletes it, as for the request. A redemption or a gift
        is posted if its transfer committed; if it never did, the row is marked ``failed``
        (``stranded``) rather than carried out late: its client was told of a failure and may
        have asked again.
        """
        async with self.database.read_sessionmaker() as session:
            rows = (
                await session.scalars(
                    sa.select(TimeBankEntry)
                    .where(
                        TimeBankEntry.status == "pending",
                        TimeBankEntry.kind != "gift_in",
                        TimeBankEntry.created_at < cutoff,
                    )
                    .order_by(TimeBankEntry.created_at)
                    .limit(limit)
                )
            ).all()
        finished = 0
        for row in rows:
            fund_id, volunteer_id = row.fund_id, row.volunteer_id
            try:
                if row.kind == "earn":
                    issuer = fund_code(fund_id, "time_issuer")
                    await self._move([row], issuer, volunteer_code(fund_id, volunteer_id), "earn")
                elif await self._moved(row.id):
                    if row.kind == "redeem":
                        target = fund_code(fund_id, "store")
                        source = volunteer_code(fund_id, volunteer_id)
                        await self._move([row], source, target, "redeem")
                    else:
                        assert row.counterpart_id is not None
                        pair = [row, *await self._gift_in(row)]
                        await self._move(
                            pair,
                            volunteer_code(fund_id, volunteer_id),
                            volunteer_code(fund_id, row.counterpart_id),
                            "gift",
                        )
                else:
                    await self._fail([row, *await self._gift_in(row)])
            except WusheError:
                log.info("stranded time-bank entry %s refused by the ledger", row.id)
            finished += 1
        return finished

    async def _moved(self, entry_id: uuid.UUID) -> bool:
        async with self.database.read_sessionmaker() as session:
            found = await session.scalar(
                sa.select(TRANSFERS.c.id).where(
                    TRANSFERS.c.principal == PRINCIPAL,
                    TRANSFERS.c.idempotency_key == f"tb:{entry_id}",
                )
            )
        return found is not None

    async def _gift_in(self, out: TimeBankEntry) -> list[TimeBankEntry]:
        """The receiving line written with a pending ``gift_out`` (same fund, minutes, time)."""
        if out.kind != "gift_out":
            return []
        async with self.database.read_sessionmaker() as session:
            found = await session.scalar(
                sa.select(TimeBankEntry).where(
                    TimeBankEntry.kind == "gift_in",
                    TimeBankEntry.status == "pending",
                    TimeBankEntry.fund_id == out.fund_id,
                    TimeBankEntry.volunteer_id == out.counterpart_id,
                    TimeBankEntry.counterpart_id == out.volunteer_id,
                    TimeBankEntry.minutes == out.minutes,
                    TimeBankEntry.created_at == out.created_at,
                )
            )
        return [found] if found is not None else []

    async def _fail(self, rows: list[TimeBankEntry]) -> None:
        keys = [r.id for r in rows]

        async def work(session: AsyncSession) -> None:
            await session.execute(
                sa.update(ENTRIES)
                .where(ENTRIES.c.id.in_(keys), ENTRIES.c.status == "pending")
                .values(status="failed", failure="stranded")
            )

        await run_in_transaction(self.database.sessionmaker, work)

    async def _insert(self, rows: list[TimeBankEntry]) -> None:
        async def work(session: AsyncSession) -> None:
            session.add_all(rows)
            await session.flush()

        await run_in_transaction(self.database.sessionmaker, work)

    async def _move(self, rows: list[TimeBankEntry], debit: str, credit: str, kind: str) -> None:
        """Step 2 and 3: the transfer (once, by the first row's key), then the rows posted."""
        first = rows[0]
        ids = []
        for code in (debit, credit):
            ids.append(
                await ensure_account(
                    self.database.sessionmaker,
                    code,
                    asset="TIME",
                    kind="volunteer" if code.startswith("volunteer:") else code.rsplit(":", 1)[1],
                    fund_id=first.fund_id,
                    allow_negative=code.endswith(":time_issuer"),
                )
            )
        request = TransferRequest(
            debit_account_id=ids[0],
            credit_account_id=ids[1],
            amount=first.minutes,
            asset="TIME",
            kind=kind,
            metadata={"entry_id": str(first.id), "fund_id": str(first.fund_id)},
            principal=PRINCIPAL,
            idempotency_key=f"tb:{first.id}",
            request_hash=f"tb:{first.id}:{first.minutes}",
        )
        ((outcome,),) = await self.writer.submit([([request], False)])
        keys = [r.id for r in rows]
        if outcome.error is not None:

            async def forget(session: AsyncSession) -> None:
                await session.execute(
                    sa.delete(ENTRIES).where(ENTRIES.c.id.in_(keys), ENTRIES.c.status == "pending")
                )

            await run_in_transaction(self.database.sessionmaker, forget)
            raise outcome.error
        assert outcome.entry is not None
        transfer_id = outcome.entry["id"]

        async def post(session: AsyncSession) -> None:
            await session.execute(
                sa.update(ENTRIES)
                .where(ENTRIES.c.id.in_(keys))
                .values(status="posted", transfer_id=transfer_id)
            )
            for row in rows:
                row.status = "posted"
                row.transfer_id = transfer_id
            data = entry_read(first).model_dump(mode="json")
            emit(
                session,
                f"time_bank.{ {'earn': 'earned', 'redeem': 'redeemed', 'gift': 'gifted'}[kind] }",
                subject_kind="time_bank_entry",
                subject_id=first.id,
                data=data,
            )

        await run_in_transaction(self.database.sessionmaker, post)


async def history(
    session: AsyncSession, volunteer_id: uuid.UUID, fund_id: uuid.UUID | None = None
) -> TimeBankRead:
    """A volunteer's balances and posted history, newest first."""
    accounts = sa.select(ACCOUNTS).where(ACCOUNTS.c.code.like(f"volunteer:%:{volunteer_id}"))
    entries = sa.select(TimeBankEntry).where(
        TimeBankEntry.volunteer_id == volunteer_id, TimeBankEntry.status == "posted"
    )
    if fund_id is not None:
        accounts = accounts.where(ACCOUNTS.c.fund_id == fund_id)
        entries = entries.where(TimeBankEntry.fund_id == fund_id)
    balances = [
        TimeBankBalance(
            fund_id=row.fund_id,
            account_id=row.id,
            minutes=row.credits_posted - row.debits_posted,
        )
        for row in (await session.execute(accounts.order_by(ACCOUNTS.c.code))).all()
    ]
    rows = (
        await session.scalars(
            entries.order_by(TimeBankEntry.created_at.desc(), TimeBankEntry.id).limit(1000)
        )
    ).all()
    return TimeBankRead(
        volunteer_id=volunteer_id, balances=balances, entries=[entry_read(r) for r in rows]
    )


KIND_NAMES = {"earn": "服务", "redeem": "兑换", "gift_out": "转赠", "gift_in": "受赠"}
EXPORT_HEADER = [
    "日期 date",
    "类型 kind",
    "服务地点 place",
    "服务内容 content",
    "时长（分钟）minutes",
    "兑换物品 item",
    "记录人 recorded by",
    "来源 source",
    "基金 fund",
]


def history_xlsx(record: TimeBankRead) -> bytes:
    """The volunteer's history as XLSX: what a volunteer-service record must hold."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("志愿服务记录")
    sheet.append(["志愿者编号 volunteer", str(record.volunteer_id)])
    for balance in record.balances:
        sheet.append(["余额（分钟）balance", str(balance.fund_id), balance.minutes])
    sheet.append(EXPORT_HEADER)
    for e in reversed(record.entries):
        sheet.append(
            [
                e.served_on.isoformat(),
                KIND_NAMES[e.kind],
                e.place or "",
                e.content or "",
                e.minutes if e.kind in ("earn", "gift_in") else -e.minutes,
                e.item or "",
                e.recorded_by,
                e.source or "",
                str(e.fund_id),
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
