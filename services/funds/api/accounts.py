"""``/v1/accounts``: ledger accounts and their balances, now or as of a past time."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, cast

import sqlalchemy as sa
from fastapi import Query, Response

from services.common.db import ReadSession, WriteSession
from services.common.errors import NotFound
from services.common.pagination import Page, PageDep, cursor_key, encode_cursor
from services.common.routing import service_router
from services.common.types import IsoDateTime
from services.funds.api.deps import Reader, Writer
from services.funds.db.models import Account, Transfer
from services.funds.domain.errors import FundsCode
from services.funds.schemas import AccountCreate, AccountRead, Asset

router = service_router(prefix="/v1/accounts", tags=["funds"])
ACCOUNTS = cast(sa.Table, Account.__table__)
TRANSFERS = cast(sa.Table, Transfer.__table__)


def account_read(row: Any, *, posted: int | None = None, pending: int | None = None) -> AccountRead:
    """The public shape of an account (its current balance unless given)."""
    return AccountRead(
        id=row.id,
        code=row.code,
        fund_id=row.fund_id,
        asset=row.asset,
        kind=row.kind,
        allow_negative=row.allow_negative,
        balance={
            "posted": row.credits_posted - row.debits_posted if posted is None else posted,
            "pending": row.credits_pending - row.debits_pending if pending is None else pending,
        },
    )


@router.post("", status_code=201, summary="开设账户 / Open an account")
async def create_account(
    data: AccountCreate, session: WriteSession, caller: Writer, response: Response
) -> AccountRead:
    """Open a ledger account (funds open theirs when they are created)."""
    row = Account(**data.model_dump())
    session.add(row)
    await session.flush()
    response.headers["Location"] = f"/v1/accounts/{row.id}"
    return account_read(row)


@router.get("", summary="账户列表 / List accounts")
async def list_accounts(
    session: ReadSession,
    caller: Reader,
    page: PageDep,
    fund_id: uuid.UUID | None = None,
    asset: Asset | None = None,
) -> Page[AccountRead]:
    """Accounts of a fund or of an asset, ordered by code."""
    stmt = sa.select(ACCOUNTS)
    if fund_id is not None:
        stmt = stmt.where(ACCOUNTS.c.fund_id == fund_id)
    if asset is not None:
        stmt = stmt.where(ACCOUNTS.c.asset == asset)
    after = cursor_key(page, (str,))
    if after is not None:
        stmt = stmt.where(ACCOUNTS.c.code > after[0])
    rows = (await session.execute(stmt.order_by(ACCOUNTS.c.code).limit(page.limit + 1))).all()
    cursor = encode_cursor([rows[page.limit - 1].code]) if len(rows) > page.limit else None
    return Page(items=[account_read(r) for r in rows[: page.limit]], next_cursor=cursor)


@router.get("/{account_id}", summary="账户与余额 / Get an account")
async def get_account(
    account_id: uuid.UUID,
    session: ReadSession,
    caller: Reader,
    as_of: Annotated[
        IsoDateTime | None, Query(description="历史时点的余额 / balance as of this time")
    ] = None,
) -> AccountRead:
    """The account and its balance now, or as of ``as_of`` (from the journal)."""
    row = (await session.execute(sa.select(ACCOUNTS).where(ACCOUNTS.c.id == account_id))).first()
    if row is None:
        raise NotFound(f"账户 {account_id} 不存在", code=FundsCode.ACCOUNT_UNKNOWN)
    if as_of is None:
        return account_read(row)
    last = (
        await session.execute(
            sa.select(TRANSFERS)
            .where(
                sa.or_(
                    TRANSFERS.c.debit_account_id == account_id,
                    TRANSFERS.c.credit_account_id == account_id,
                ),
                TRANSFERS.c.created_at <= as_of,
            )
            .order_by(TRANSFERS.c.seq.desc())
            .limit(1)
        )
    ).first()
    if last is None:
        read = account_read(row, posted=0, pending=0)
    elif last.debit_account_id == account_id:
        read = account_read(row, posted=last.debit_posted, pending=last.debit_pending)
    else:
        read = account_read(row, posted=last.credit_posted, pending=last.credit_pending)
    read.as_of = as_of
    return read
