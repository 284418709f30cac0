"""``/v1/grants``: applications, distinct approvers, reservations, disbursements, cancel."""

from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa
from fastapi import Request, Response

from services.common.db import ReadSession, WriteSession
from services.common.idempotency import Idempotent
from services.common.pagination import Page, PageDep, cursor_key, encode_cursor
from services.common.routing import service_router
from services.funds.api.deps import IdempotencyKey, Reader, Writer, WriterDep, fingerprint
from services.funds.api.funds import RegistryDep
from services.funds.db.models import Grant
from services.funds.domain.grant import GrantService, get_grant, grant_read
from services.funds.domain.ledger import transfer_json
from services.funds.schemas import (
    DisbursementCreate,
    GrantCreate,
    GrantRead,
    GrantReject,
    GrantStatus,
    TransferRead,
)

router = service_router(prefix="/v1/grants", tags=["funds"])


def _service(request: Request, writer: WriterDep) -> GrantService:
    return GrantService(request.app.state.database, writer)


async def _read(request: Request, grant_id: uuid.UUID) -> GrantRead:
    async with request.app.state.database.read_sessionmaker() as session:
        return await grant_read(session, await get_grant(session, grant_id))


@router.post(
    "",
    status_code=201,
    summary="申请资助 / Submit a grant",
    responses={409: {"description": "grantee_not_eligible, domain_restricted"}},
)
async def create_grant(
    data: GrantCreate,
    request: Request,
    session: WriteSession,
    caller: Writer,
    registry: RegistryDep,
    writer: WriterDep,
    response: Response,
    _idempotency: Idempotent,
) -> GrantRead:
    """Submit a grant; the grantee's standing is checked in the Registry (503 if it is down)."""
    grant = await _service(request, writer).create(session, registry, data, caller)
    response.headers["Location"] = f"/v1/grants/{grant.id}"
    return await grant_read(session, grant)


@router.get("", summary="资助列表 / List grants")
async def list_grants(
    session: ReadSession,
    caller: Reader,
    page: PageDep,
    fund_id: uuid.UUID | None = None,
    grantee_org_id: uuid.UUID | None = None,
    status: GrantStatus | None = None,
) -> Page[GrantRead]:
    """Grants, oldest first."""
    stmt = sa.select(Grant)
    if fund_id is not None:
        stmt = stmt.where(Grant.fund_id == fund_id)
    if grantee_org_id is not None:
        stmt = stmt.where(Grant.grantee_org_id == grantee_org_id)
    if status is not None:
        stmt = stmt.where(Grant.status == status)
    after = cursor_key(page, (dt.datetime, uuid.UUID))
    if after is not None:
        stmt = stmt.where(sa.tuple_(Grant.created_at, Grant.id) > sa.tuple_(*after))
    rows = (
        await session.scalars(stmt.order_by(Grant.created_at, Grant.id).limit(page.limit + 1))
    ).all()
    cursor = None
    if len(rows) > page.limit:
        cursor = encode_cursor([rows[page.limit - 1].created_at, rows[page.limit - 1].id])
    return Page(
        items=[await grant_read(session, g) for g in rows[: page.limit]], next_cursor=cursor
    )


@router.get("/{grant_id}", summary="资助详情 / Get a grant")
async def get_grant_detail(grant_id: uuid.UUID, session: ReadSession, caller: Reader) -> GrantRead:
    """One grant with its approvers and what was disbursed."""
    return await grant_read(session, await get_grant(session, grant_id))


@router.post(
    "/{grant_id}/approve",
    summary="审批资助 / Approve a grant",
    responses={409: {"description": "already_approved, grant_state, insufficient_funds"}},
)
async def approve_grant(
    grant_id: uuid.UUID, request: Request, caller: Writer, writer: WriterDep
) -> GrantRead:
    """Approve (not the submitter); the approval reaching the fund's count reserves the money."""
    await _service(request, writer).approve(grant_id, caller)
    return await _read(request, grant_id)


@router.post("/{grant_id}/reject", summary="驳回资助 / Reject a grant")
async def reject_grant(
    grant_id: uuid.UUID,
    request: Request,
    caller: Writer,
    writer: WriterDep,
    data: GrantReject,
) -> GrantRead:
    """Reject a submitted grant."""
    reason = data.reason
    await _service(request, writer).reject(grant_id, caller, reason)
    return await _read(request, grant_id)


@router.post(
    "/{grant_id}/disbursements",
    status_code=201,
    summary="拨付资助 / Disburse part of a grant",
    responses={409: {"description": "grant_state, pending_settled"}},
)
async def create_disbursement(
    grant_id: uuid.UUID,
    data: DisbursementCreate,
    request: Request,
    caller: Writer,
    writer: WriterDep,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> TransferRead:
    """Post ``amount`` of the reservation to the grantee (never more than is left)."""
    path = f"/v1/grants/{grant_id}/disbursements"
    request_hash = fingerprint(path, data.model_dump(mode="json")) if idempotency_key else None
    entry = await _service(request, writer).disburse(
        grant_id, data.amount, idempotency_key, request_hash
    )
    response.headers["Location"] = f"/v1/transfers/{entry['id']}"
    return TransferRead.model_validate(transfer_json(entry))


@router.post("/{grant_id}/cancel", summary="取消资助 / Cancel a grant")
async def cancel_grant(
    grant_id: uuid.UUID,
    request: Request,
    caller: Writer,
    writer: WriterDep,
    data: GrantReject,
) -> GrantRead:
    """Cancel a grant not yet completed; what is left of its reservation is released."""
    reason = data.reason
    await _service(request, writer).cancel(grant_id, caller, reason)
    return await _read(request, grant_id)
