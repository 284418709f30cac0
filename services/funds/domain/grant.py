"""Grants: submitted → approved (reserved) → disbursing → completed; rejected; cancelled.

**Approvals.** Each approval is a row of ``grant_approvals``, unique per (grant, approver), so
"distinct approvers" is the database's rule; the submitter may not approve. An approval is
recorded under the grant's row lock. Once a grant has as many approvals as its fund requires,
its amount is reserved: a pending transfer ``fund:<id>:cash`` → ``org:<grantee>:CNY`` under
the idempotency key ``grant:<id>:reserve``, so however many approvers reach the count at once
(or a retry after a crash) the money is reserved once; the grant becomes ``approved`` under its
lock again. The ledger runs in the writer's own transaction, so no database lock is held while
it works (on SQLite that lock would be the whole database). If the fund cannot cover the
amount, the approvals stay and the grant stays ``submitted``: any later ``approve`` — even by an
approver who already approved — tries the reservation again.

**Disbursements** post part of the reservation; the ledger refuses more than what is left.
What was disbursed is read back from the journal, so a replayed or concurrent disbursement can
never be counted twice. **Cancel** marks the grant cancelled first (no disbursement passes after
that) and then voids what is left of the reservation (key ``grant:<id>:void``); a repeated
cancel voids again if a crash came in between.
"""

from __future__ import annotations

import uuid
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.db import Database, utcnow
from services.common.errors import Conflict, Forbidden, NotFound
from services.common.events import emit
from services.common.identity import Identity
from services.common.locking import lock_rows
from services.common.retry import run_in_transaction
from services.funds.db.models import Fund, Grant, GrantApproval, PendingTransfer, Transfer
from services.funds.domain.errors import FundsCode
from services.funds.domain.fund import (
    ensure_account,
    fund_code,
    get_fund,
    require_active,
    require_standing,
    who,
)
from services.funds.domain.ledger import Outcome, TransferRequest
from services.funds.domain.writer import LedgerWriter
from services.funds.schemas import GrantCreate, GrantRead
from services.registry.client import RegistryClient

PRINCIPAL = "funds:grants"
TRANSFERS = cast(sa.Table, Transfer.__table__)
PENDINGS = cast(sa.Table, PendingTransfer.__table__)


def grantee_code(org_id: uuid.UUID) -> str:
    """The account an organization receives grants into."""
    return f"org:{org_id}:CNY"


async def grant_read(session: AsyncSession, grant: Grant) -> GrantRead:
    """The public shape of a grant, with its approvers."""
    approvers = (
        await session.scalars(
            sa.select(GrantApproval.approver)
            .where(GrantApproval.grant_id == grant.id)
            .order_by(GrantApproval.created_at, GrantApproval.approver)
        )
    ).all()
    required = await session.scalar(
        sa.select(Fund.approvals_required).where(Fund.id == grant.fund_id)
    )
    return GrantRead(
        id=grant.id,
        fund_id=grant.fund_id,
        grantee_org_id=grant.grantee_org_id,
        title=grant.title,
        amount=grant.amount,
        domain=grant.domain,
        status=grant.status,
        need_id=grant.need_id,
        match_id=grant.match_id,
        submitted_by=grant.submitted_by,
        approvals=list(approvers),
        approvals_required=int(required or 0),
        reservation_id=grant.reservation_id,
        disbursed=grant.disbursed,
        created_at=grant.created_at,
    )


def grant_json(grant: Grant) -> dict[str, Any]:
    """A grant as its events carry it (no personal data: approvers are not included)."""
    return {
        "id": str(grant.id),
        "fund_id": str(grant.fund_id),
        "grantee_org_id": str(grant.grantee_org_id),
        "title": grant.title,
        "amount": grant.amount,
        "domain": grant.domain,
        "status": grant.status,
        "need_id": str(grant.need_id) if grant.need_id else None,
        "match_id": str(grant.match_id) if grant.match_id else None,
        "reservation_id": str(grant.reservation_id) if grant.reservation_id else None,
        "disbursed": grant.disbursed,
    }


def _state(grant: Grant, action: str) -> Conflict:
    return Conflict(
        f"资助项目状态为 {grant.status}，不能{action}",
        code=FundsCode.GRANT_STATE,
        extra={"status": grant.status},
    )


def _error(outcome: Outcome) -> None:
    if outcome.error is not None:
        raise outcome.error


class GrantService:
    """The grant workflow (see the module docstring)."""

    def __init__(self, database: Database, writer: LedgerWriter) -> None:
        self.database = database
        self.writer = writer

    async def create(
        self,
        session: AsyncSession,
        registry: RegistryClient,
        data: GrantCreate,
        caller: Identity,
    ) -> Grant:
        """Submit a grant to an organization in good standing, within the fund's domains."""
        fund = await get_fund(session, data.fund_id, field="fund_id")
        require_active(fund)
        if fund.kind == "time_bank":
            raise Conflict("时间银行不做资金资助", code=FundsCode.FUND_KIND_MISMATCH)
        if fund.restricted_domains and data.domain not in fund.restricted_domains:
            raise Conflict(
                f"该基金只资助 {', '.join(fund.restricted_domains)} 领域",
                code=FundsCode.DOMAIN_RESTRICTED,
                extra={"restricted_domains": list(fund.restricted_domains)},
            )
        await require_standing(registry, data.grantee_org_id, "grantee")
        if fund.restricted_domains:
            # The grantee must itself work in the domain the fund is restricted to.
            org = await registry.get_organization(data.grantee_org_id)
            if data.domain not in org.domains:
                raise Conflict(
                    f"受资助组织不从事 {data.domain} 领域",
                    code=FundsCode.DOMAIN_RESTRICTED,
                    extra={"grantee_domains": org.domains},
                )
        grant = Grant(
            id=uuid.uuid4(),
            fund_id=fund.id,
            grantee_org_id=data.grantee_org_id,
            title=data.title,
            amount=data.amount,
            domain=data.domain,
            status="submitted",
            need_id=data.need_id,
            match_id=data.match_id,
            submitted_by=who(caller),
            disbursed=0,
        )
        session.add(grant)
        await session.flush()
        emit(
            session,
            "grant.submitted",
            subject_kind="grant",
            subject_id=grant.id,
            data=grant_json(grant),
        )
        return grant

    async def _locked(self, session: AsyncSession, grant_id: uuid.UUID) -> Grant:
        found = await lock_rows(session, Grant, [grant_id], missing_ok=True)
        grant = found.get(grant_id)
        if grant is None:
            raise NotFound(f"资助项目 {grant_id} 不存在", code=FundsCode.GRANT_UNKNOWN)
        return grant

    async def _transaction(self, work: Any) -> Any:
        return await run_in_transaction(self.database.sessionmaker, work)

    async def approve(self, grant_id: uuid.UUID, caller: Identity) -> uuid.UUID:
        """Record the caller's approval; reserve the amount once the fund's count is reached."""
        approver = who(caller)

        async def record(session: AsyncSession) -> tuple[int, int, Grant]:
            grant = await self._locked(session, grant_id)
            if grant.status != "submitted":
                raise _state(grant, "审批")
            if grant.submitted_by == approver:
                raise Forbidden("申请人不能审批自己的申请", code=FundsCode.SELF_APPROVAL)
            fund = await get_fund(session, grant.fund_id)
            already = await session.scalar(
                sa.select(GrantApproval.id).where(
                    GrantApproval.grant_id == grant_id, GrantApproval.approver == approver
                )
            )
            count = await self._count(session, grant_id)
            if already is not None:
                if count < fund.approvals_required:
                    raise Conflict("您已审批过该申请", code=FundsCode.ALREADY_APPROVED)
                return count, fund.approvals_required, grant  # retry the reservation
            session.add(GrantApproval(grant_id=grant_id, approver=approver))
            await session.flush()
            return count + 1, fund.approvals_required, grant

        count, required, grant = await self._transaction(record)
        if count >= required:
            await self._reserve(grant)
        return grant_id

    async def _count(self, session: AsyncSession, grant_id: uuid.UUID) -> int:
        return int(
            await session.scalar(
                sa.select(sa.func.count()).where(GrantApproval.grant_id == grant_id)
            )
            or 0
        )

    async def _reserve(self, grant: Grant) -> None:
        cash = await ensure_account(
            self.database.sessionmaker, fund_code(grant.fund_id, "cash"), asset="CNY", kind="cash"
        )
        target = await ensure_account(
            self.database.sessionmaker,
            grantee_code(grant.grantee_org_id),
            asset="CNY",
            kind="grantee",
        )
        request = TransferRequest(
            debit_account_id=cash,
            credit_account_id=target,
            amount=grant.amount,
            asset="CNY",
            kind="grant_reserve",
            action="pending",
            metadata={"grant_id": str(grant.id), "fund_id": str(grant.fund_id)},
            principal=PRINCIPAL,
            idempotency_key=f"grant:{grant.id}:reserve",
            request_hash=f"grant:{grant.id}:{grant.amount}",
        )
        ((outcome,),) = await self.writer.submit([([request], False)])
        _error(outcome)
        assert outcome.entry is not None
        reservation = outcome.entry["id"]

        async def settle(session: AsyncSession) -> bool:
            row = await self._locked(session, grant.id)
            if row.status == "submitted":
                row.status = "approved"
                row.reservation_id = reservation
                row.updated_at = utcnow()
                row.version += 1
                await session.flush()
                emit(
                    session,
                    "grant.approved",
                    subject_kind="grant",
                    subject_id=row.id,
                    data=grant_json(row),
                )
                return False
            # Cancelled or rejected while the reservation was made: release it.
            return row.status in ("cancelled", "rejected") and row.reservation_id is None

        if await self._transaction(settle):
            await self._void(grant.id, reservation)

    async def reject(self, grant_id: uuid.UUID, caller: Identity, reason: str | None) -> None:
        """Reject a submitted grant (not by its submitter)."""

        async def work(session: AsyncSession) -> None:
            grant = await self._locked(session, grant_id)
            if grant.status != "submitted":
                raise _state(grant, "驳回")
            if grant.submitted_by == who(caller):
                raise Forbidden("申请人不能审批自己的申请", code=FundsCode.SELF_APPROVAL)
            grant.status = "rejected"
            grant.decided_by = who(caller)
            grant.reason = reason
            grant.updated_at = utcnow()
            grant.version += 1
            await session.flush()
            emit(
                session,
                "grant.rejected",
                subject_kind="grant",
                subject_id=grant.id,
                data=grant_json(grant),
            )

        await self._transaction(work)

    async def disburse(
        self, grant_id: uuid.UUID, amount: int, key: str | None, request_hash: str | None
    ) -> dict[str, Any]:
        """Post ``amount`` of the reservation to the grantee; the journal entry."""
        async with self.database.read_sessionmaker() as session:
            grant = await session.get(Grant, grant_id)
        if grant is None:
            raise NotFound(f"资助项目 {grant_id} 不存在", code=FundsCode.GRANT_UNKNOWN)
        if grant.status not in ("approved", "disbursing") or grant.reservation_id is None:
            raise _state(grant, "拨付")
        request = TransferRequest(
            action="post",
            pending_id=grant.reservation_id,
            amount=amount,
            kind="disbursement",
            metadata={"grant_id": str(grant.id), "fund_id": str(grant.fund_id)},
            principal=PRINCIPAL if key else None,
            idempotency_key=f"grant:{grant.id}:disburse:{key}" if key else None,
            request_hash=request_hash,
        )
        ((outcome,),) = await self.writer.submit([([request], False)])
        _error(outcome)
        assert outcome.entry is not None
        await self._sync(grant_id)
        return outcome.entry

    async def _sync(self, grant_id: uuid.UUID) -> None:
        """Bring the grant's ``disbursed`` and status in line with its reservation's journal."""

        async def work(session: AsyncSession) -> None:
            grant = await self._locked(session, grant_id)
            if grant.reservation_id is None:
                return
            posted = await session.scalar(
                sa.select(sa.func.coalesce(sa.func.sum(TRANSFERS.c.amount), 0)).where(
                    TRANSFERS.c.pending_id == grant.reservation_id, TRANSFERS.c.action == "post"
                )
            )
            grant.disbursed = int(posted or 0)
            before = grant.status
            if grant.status in ("approved", "disbursing") and grant.disbursed > 0:
                grant.status = "completed" if grant.disbursed >= grant.amount else "disbursing"
            if grant.status != before or grant.disbursed:
                grant.updated_at = utcnow()
                grant.version += 1
            await session.flush()
            if grant.status != before:
                emit(
                    session,
                    f"grant.{grant.status}",
                    subject_kind="grant",
                    subject_id=grant.id,
                    data=grant_json(grant),
                )

        await self._transaction(work)

    async def cancel(self, grant_id: uuid.UUID, caller: Identity, reason: str | None) -> None:
        """Cancel a grant not yet completed; what is left of its reservation is voided."""

        async def work(session: AsyncSession) -> uuid.UUID | None:
            grant = await self._locked(session, grant_id)
            if grant.status == "cancelled":
                return grant.reservation_id  # a repeat: void again if a crash came between
            if grant.status not in ("submitted", "approved", "disbursing"):
                raise _state(grant, "取消")
            grant.status = "cancelled"
            grant.decided_by = who(caller)
            grant.reason = reason
            grant.updated_at = utcnow()
            grant.version += 1
            await session.flush()
            emit(
                session,
                "grant.cancelled",
                subject_kind="grant",
                subject_id=grant.id,
                data=grant_json(grant),
            )
            return grant.reservation_id

        reservation = await self._transaction(work)
        if reservation is not None:
            await self._void(grant_id, reservation)
            await self._sync(grant_id)

    async def _void(self, grant_id: uuid.UUID, reservation: uuid.UUID) -> None:
        async with self.database.read_sessionmaker() as session:
            state = await session.scalar(
                sa.select(PENDINGS.c.state).where(PENDINGS.c.id == reservation)
            )
        if state != "pending":
            return
        request = TransferRequest(
            action="void",
            pending_id=reservation,
            kind="grant_cancel",
            metadata={"grant_id": str(grant_id)},
            principal=PRINCIPAL,
            idempotency_key=f"grant:{grant_id}:void",
            request_hash=f"grant:{grant_id}:void",
        )
        ((outcome,),) = await self.writer.submit([([request], False)])
        if outcome.error is not None and outcome.error.code != FundsCode.PENDING_SETTLED:
            raise outcome.error


async def get_grant(session: AsyncSession, grant_id: uuid.UUID) -> Grant:
    """The grant, or 404 ``grant_unknown``."""
    grant = await session.get(Grant, grant_id)
    if grant is None:
        raise NotFound(f"资助项目 {grant_id} 不存在", code=FundsCode.GRANT_UNKNOWN)
    return grant
