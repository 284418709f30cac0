"""``/v1/time-bank``: earning, redeeming and gifting volunteers' minutes, and their history."""

from __future__ import annotations

import uuid

from fastapi import Request, Response

from services.common.db import ReadSession
from services.common.routing import service_router
from services.funds.api.deps import Reader, Writer, WriterDep
from services.funds.api.funds import RegistryDep
from services.funds.domain.time_bank import TimeBankService, entry_read, history, history_xlsx
from services.funds.schemas import (
    EarnCreate,
    GiftCreate,
    RedeemCreate,
    TimeBankEntryRead,
    TimeBankRead,
)

router = service_router(prefix="/v1/time-bank", tags=["funds"])


def _service(request: Request, writer: WriterDep, registry: RegistryDep) -> TimeBankService:
    return TimeBankService(request.app.state.database, writer, registry)


@router.post(
    "/earn",
    status_code=201,
    summary="记录服务时长 / Earn minutes",
    responses={409: {"description": "time_bank_cap_exceeded, time_bank_source_conflict"}},
)
async def earn_minutes(
    data: EarnCreate,
    request: Request,
    caller: Writer,
    writer: WriterDep,
    registry: RegistryDep,
    response: Response,
) -> TimeBankEntryRead:
    """Credit a volunteer-service record; a repeat of the same source replays the first (200)."""
    row, replayed = await _service(request, writer, registry).earn(data, caller)
    if replayed:
        response.status_code = 200
        response.headers["Idempotent-Replayed"] = "true"
    return entry_read(row)


@router.post(
    "/redeem",
    status_code=201,
    summary="公益仓兑换 / Redeem minutes",
    responses={409: {"description": "insufficient_funds"}},
)
async def redeem_minutes(
    data: RedeemCreate,
    request: Request,
    caller: Writer,
    writer: WriterDep,
    registry: RegistryDep,
) -> TimeBankEntryRead:
    """Exchange minutes for goods at the charity store; never below zero."""
    return entry_read(await _service(request, writer, registry).redeem(data, caller))


@router.post(
    "/gifts",
    status_code=201,
    summary="转赠亲属 / Give minutes to family",
    responses={409: {"description": "insufficient_funds"}},
)
async def gift_minutes(
    data: GiftCreate,
    request: Request,
    caller: Writer,
    writer: WriterDep,
    registry: RegistryDep,
) -> TimeBankEntryRead:
    """Give minutes to a family member's time-bank account."""
    return entry_read(await _service(request, writer, registry).gift(data, caller))


@router.get("/{volunteer_id}", summary="时间银行账户 / A volunteer's time bank")
async def get_time_bank(
    volunteer_id: uuid.UUID,
    session: ReadSession,
    caller: Reader,
    fund_id: uuid.UUID | None = None,
) -> TimeBankRead:
    """A volunteer's balances and history (date, place, content, minutes, who recorded it)."""
    return await history(session, volunteer_id, fund_id)


@router.get(
    "/{volunteer_id}/export",
    summary="导出志愿服务记录 / Export the history (XLSX)",
    response_class=Response,
    responses={
        200: {"content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}}
    },
)
async def export_time_bank(
    volunteer_id: uuid.UUID,
    session: ReadSession,
    caller: Reader,
    fund_id: uuid.UUID | None = None,
) -> Response:
    """The volunteer-service record as an XLSX workbook."""
    record = await history(session, volunteer_id, fund_id)
    return Response(
        history_xlsx(record),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="time-bank-{volunteer_id}.xlsx"'},
    )
