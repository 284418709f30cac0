"""``/v1/donations``: money and in-kind donations with gapless receipt numbers."""

from __future__ import annotations

import json
import uuid

import sqlalchemy as sa
from fastapi import Request
from fastapi.responses import JSONResponse, Response

from services.common.db import ReadSession
from services.common.errors import NotFound
from services.common.identity import Identity
from services.common.pagination import Page, PageDep, cursor_key, encode_cursor
from services.common.routing import service_router
from services.funds.api.deps import (
    IdempotencyKey,
    Reader,
    Writer,
    WriterDep,
    fingerprint,
    lane_caller,
)
from services.funds.db.models import Donation
from services.funds.domain.donation import DonationService, donation_json, donation_read
from services.funds.domain.errors import FundsCode
from services.funds.domain.ledger import read_json
from services.funds.domain.writer import LedgerWriter, writer_of
from services.funds.schemas import DonationCreate, DonationRead

router = service_router(prefix="/v1/donations", tags=["funds"])


@router.post(
    "",
    status_code=201,
    response_model=DonationRead,
    summary="接收捐赠 / Receive a donation",
    responses={409: {"description": "fund_inactive, period_sealed"}},
)
async def create_donation(
    data: DonationCreate,
    request: Request,
    caller: Writer,
    writer: WriterDep,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    """Book the donation into the fund and give it the fund's next receipt number of the year."""
    return await _donate(data, request, caller, writer, idempotency_key)


async def _donate(
    data: DonationCreate,
    request: Request,
    caller: Identity,
    writer: LedgerWriter,
    idempotency_key: str | None,
) -> JSONResponse:
    """A donation through the writer, and its answer (the endpoint's and the lane's)."""
    request_hash = (
        fingerprint("/v1/donations", data.model_dump(mode="json")) if idempotency_key else None
    )
    service = DonationService(request.app.state.database, writer)
    row, entry, replayed = await service.create(data, caller, idempotency_key, request_hash)
    # The JSON DonationRead gives, built directly (the hot path: see donation_json).
    body = donation_json(row, reveal=caller.has_scope("pii:read"))
    body["transfer"] = read_json(entry)
    headers = {"Location": f"/v1/donations/{body['id']}"}
    if replayed:
        headers["Idempotent-Replayed"] = "true"
    return JSONResponse(body, status_code=201, headers=headers)


async def donation_lane(request: Request, body: bytes) -> Response | None:
    """``POST /v1/donations`` without the framework's layers (:mod:`services.common.lane`), as
    :func:`~services.funds.api.transfers.transfer_lane` does for transfers: a well-formed
    donation from a caller with ``funds:write`` gets :func:`create_donation`'s answer and
    problems; anything else is left to :func:`create_donation`.

    64 concurrent donations into one fund spent about 0.9 ms of the Funds process each through
    the endpoint, most of it in the framework's layers (docs/benchmarks.md, "Funds").
    """
    allowed = lane_caller(request)
    if allowed is None:
        return None
    caller, key = allowed
    try:
        data = DonationCreate.model_validate(json.loads(body))  # as FastAPI parses a body
    except ValueError:  # JSON, encoding or validation: the endpoint answers with every field
        return None
    # A refusal (a WusheError) is answered by the app's handler for it, as at the endpoint.
    return await _donate(data, request, caller, writer_of(request.app), key)


@router.get("", summary="捐赠列表 / List donations")
async def list_donations(
    session: ReadSession,
    caller: Reader,
    page: PageDep,
    fund_id: uuid.UUID | None = None,
) -> Page[DonationRead]:
    """Received donations, oldest first; anonymous donors are ``匿名`` without ``pii:read``."""
    stmt = sa.select(Donation).where(Donation.status == "received")
    if fund_id is not None:
        stmt = stmt.where(Donation.fund_id == fund_id)
    after = cursor_key(page, (str,))
    if after is not None:
        stmt = stmt.where(Donation.receipt_no > after[0])
    rows = (await session.scalars(stmt.order_by(Donation.receipt_no).limit(page.limit + 1))).all()
    cursor = encode_cursor([rows[page.limit - 1].receipt_no]) if len(rows) > page.limit else None
    reveal = caller.has_scope("pii:read")
    return Page(
        items=[donation_read(r, reveal=reveal) for r in rows[: page.limit]], next_cursor=cursor
    )


@router.get("/{donation_id}", summary="捐赠详情 / Get a donation")
async def get_donation(
    donation_id: uuid.UUID, session: ReadSession, caller: Reader
) -> DonationRead:
    """One donation with its receipt number."""
    row = await session.get(Donation, donation_id)
    if row is None:
        raise NotFound(f"捐赠 {donation_id} 不存在", code=FundsCode.DONATION_UNKNOWN)
    return donation_read(row, reveal=caller.has_scope("pii:read"))
