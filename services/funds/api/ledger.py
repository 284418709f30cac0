"""``/v1/ledger/verify`` and ``/v1/periods``: tamper evidence and sealed periods."""

from __future__ import annotations

import sqlalchemy as sa
from fastapi import Response

from services.common.db import ReadSession, SnapshotSession, WriteSession
from services.common.errors import Forbidden, KernelCode, ValidationFailed
from services.common.routing import service_router
from services.funds.api.deps import Reader, Writer
from services.funds.db.models import Fund, Period
from services.funds.domain.errors import FundsCode
from services.funds.domain.verify import verify
from services.funds.schemas import PeriodClose, PeriodRead, VerifyResult

router = service_router(tags=["funds"])


@router.get("/v1/ledger/verify", summary="账本校验 / Verify the ledger")
async def verify_ledger(session: SnapshotSession, caller: Reader) -> VerifyResult:
    """Recompute the hash chain and every balance from the journal; name the first mismatch."""
    return VerifyResult.model_validate(await verify(session))


@router.post("/v1/periods/close", status_code=201, summary="封账 / Seal a period")
async def close_period(
    data: PeriodClose, session: WriteSession, caller: Writer, response: Response
) -> PeriodRead:
    """Seal the books on and before ``until`` (operators): nothing can be booked there after."""
    if caller.kind == "user" and caller.role != "operator":
        raise Forbidden("只有运维人员或财务管理员可以封账", code=KernelCode.FORBIDDEN)
    if data.fund_id is not None and await session.get(Fund, data.fund_id) is None:
        raise ValidationFailed(
            f"基金 {data.fund_id} 不存在",
            code=FundsCode.FUND_UNKNOWN,
            errors=[{"field": "fund_id", "message": "unknown fund"}],
        )
    row = Period(fund_id=data.fund_id, until=data.until, sealed_by=caller.act or caller.sub)
    session.add(row)
    await session.flush()
    return PeriodRead.model_validate(row, from_attributes=True)


@router.get("/v1/periods", summary="已封账期间 / Sealed periods")
async def list_periods(session: ReadSession, caller: Reader) -> list[PeriodRead]:
    """Every sealed period, newest first."""
    rows = (await session.scalars(sa.select(Period).order_by(Period.until.desc()))).all()
    return [PeriodRead.model_validate(r, from_attributes=True) for r in rows]
