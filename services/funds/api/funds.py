"""``/v1/funds``: funds (community, named, special, venture, time bank) and their statements."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

import sqlalchemy as sa
from fastapi import Depends, Header, Query, Request, Response

from services.common.access import STAFF_ROLES
from services.common.db import ReadSession, SnapshotSession, WriteSession
from services.common.errors import Forbidden, KernelCode
from services.common.idempotency import Idempotent
from services.common.pagination import Page, PageDep, cursor_key, encode_cursor
from services.common.routing import service_router
from services.common.types import IsoDate
from services.funds.api.deps import Reader, Writer, refuse_if
from services.funds.db.models import Fund
from services.funds.domain.fund import FundService, fund_etag, fund_read, get_fund, update_policy
from services.funds.domain.statement import build_statement, statement_csv, statement_xlsx
from services.funds.schemas import (
    FundCreate,
    FundKind,
    FundRead,
    StatementRead,
    TimeBankPolicyPatch,
)
from services.registry.client import RegistryClient

router = service_router(prefix="/v1/funds", tags=["funds"])


async def get_registry(request: Request) -> RegistryClient:
    """The Registry's client of this app."""
    client: RegistryClient = request.app.state.clients["registry"]
    return client


RegistryDep = Annotated[RegistryClient, Depends(get_registry)]


@router.post(
    "",
    status_code=201,
    summary="设立基金 / Create a fund",
    responses={503: {"description": "upstream_unavailable: 登记系统不可用，未设立"}},
)
async def create_fund(
    data: FundCreate,
    session: WriteSession,
    caller: Writer,
    registry: RegistryDep,
    response: Response,
    _idempotency: Idempotent,
) -> FundRead:
    """Create a fund after the Registry confirms its host; its ledger accounts open with it."""
    fund = await FundService(session, registry).create(data, caller)
    response.headers["Location"] = f"/v1/funds/{fund.id}"
    return await fund_read(session, fund)


@router.get("", summary="基金列表 / List funds")
async def list_funds(
    session: ReadSession,
    caller: Reader,
    page: PageDep,
    kind: FundKind | None = None,
    host_org_id: uuid.UUID | None = None,
) -> Page[FundRead]:
    """Funds, oldest first, by kind or host."""
    stmt = sa.select(Fund)
    if kind is not None:
        stmt = stmt.where(Fund.kind == kind)
    if host_org_id is not None:
        stmt = stmt.where(Fund.host_org_id == host_org_id)
    after = cursor_key(page, (dt.datetime, uuid.UUID))
    if after is not None:
        stmt = stmt.where(sa.tuple_(Fund.created_at, Fund.id) > sa.tuple_(*after))
    rows = (
        await session.scalars(stmt.order_by(Fund.created_at, Fund.id).limit(page.limit + 1))
    ).all()
    cursor = None
    if len(rows) > page.limit:
        last = rows[page.limit - 1]
        cursor = encode_cursor([last.created_at, last.id])
    return Page(items=[await fund_read(session, f) for f in rows[: page.limit]], next_cursor=cursor)


@router.get("/{fund_id}", summary="基金详情 / Get a fund")
async def get_fund_detail(
    fund_id: uuid.UUID, session: ReadSession, caller: Reader, response: Response
) -> FundRead:
    """One fund with its accounts, and its ETag (for ``PATCH .../time-bank-policy``)."""
    fund = await get_fund(session, fund_id)
    response.headers["ETag"] = fund_etag(fund.version)
    return await fund_read(session, fund)


IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description="上次 GET 返回的 ETag / the ETag from the last GET (required)",
    ),
]


@router.patch(
    "/{fund_id}/time-bank-policy",
    summary="修改时间银行上限 / Update a time bank's caps",
    responses={
        409: {"description": "fund_kind_mismatch: 不是时间银行"},
        412: {"description": "precondition_failed: ETag 已过期"},
        428: {"description": "precondition_required: 缺少 If-Match"},
    },
)
async def update_time_bank_policy(
    fund_id: uuid.UUID,
    data: TimeBankPolicyPatch,
    session: WriteSession,
    caller: Writer,
    response: Response,
    if_match: IfMatch = None,
) -> FundRead:
    """Change the daily and lifetime earning caps (``null``: no cap); operators and officers,
    with ``If-Match`` from ``GET /v1/funds/{id}``. Earnings already credited stay."""
    if caller.kind == "user" and caller.role not in STAFF_ROLES:
        raise Forbidden("只有运维人员或民政干部可以修改时间银行上限", code=KernelCode.FORBIDDEN)
    fund = await update_policy(session, fund_id, data.model_dump(exclude_unset=True), if_match)
    response.headers["ETag"] = fund_etag(fund.version)
    return await fund_read(session, fund)


@router.get(
    "/{fund_id}/statement",
    summary="基金报表 / Statement of a fund",
    response_model=StatementRead,
    responses={
        200: {
            "content": {
                "text/csv": {},
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
            }
        }
    },
)
async def get_statement(
    fund_id: uuid.UUID,
    session: SnapshotSession,
    caller: Reader,
    from_: Annotated[IsoDate, Query(alias="from", description="起始记账日（含）/ first day")],
    to: Annotated[IsoDate, Query(description="截止记账日（含）/ last day")],
    format: Literal["json", "csv", "xlsx"] = "json",
) -> StatementRead | Response:
    """Opening balance, inflows and outflows by kind, closing balance, per asset; they reconcile."""
    refuse_if(to < from_, "to 不能早于 from / to is before from")
    fund = await get_fund(session, fund_id)
    statement = await build_statement(session, fund, from_, to)
    name = f"statement-{fund.id}-{from_.isoformat()}-{to.isoformat()}"
    if format == "csv":
        return Response(
            statement_csv(statement),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    if format == "xlsx":
        return Response(
            statement_xlsx(statement),
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'},
        )
    return statement
