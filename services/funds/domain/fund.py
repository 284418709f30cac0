"""Funds and their ledger accounts; the Registry checks every fund and grant depends on.

A fund opens its accounts when it is created, in the same transaction as its row:

- ``fund:<id>:cash`` and ``fund:<id>:in_kind`` (CNY): money, and goods at their valuation;
- a time bank also ``fund:<id>:time_issuer`` (TIME, may go negative: the minutes it has issued)
  and ``fund:<id>:store`` (TIME: minutes redeemed at the charity store).

Shared accounts are opened on first use: ``world:CNY`` (may go negative: where donations come
from), ``org:<org_id>:CNY`` (a grantee's receipts) and ``volunteer:<fund>:<volunteer_id>``
(TIME: a volunteer's minutes in one time bank).
"""

from __future__ import annotations

import uuid
from typing import Any, Literal, cast

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.common.db import utcnow
from services.common.errors import (
    Conflict,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    ValidationFailed,
)
from services.common.events import emit
from services.common.identity import Identity
from services.common.retry import run_in_transaction
from services.funds.db.models import Account, Fund, TimeBankPolicy
from services.funds.domain.errors import FundsCode
from services.funds.schemas import FundCreate, FundRead, TimeBankPolicyIn
from services.registry.client import RegistryClient, Standing

ACCOUNTS = cast(sa.Table, Account.__table__)
WORLD_CNY = "world:CNY"

#: role → (asset, allow_negative) of the accounts every fund opens; time banks open more.
FUND_ACCOUNTS: dict[str, tuple[str, bool]] = {"cash": ("CNY", False), "in_kind": ("CNY", False)}
TIME_BANK_ACCOUNTS: dict[str, tuple[str, bool]] = {
    "time_issuer": ("TIME", True),
    "store": ("TIME", False),
}


def fund_code(fund_id: uuid.UUID, role: str) -> str:
    """The code of a fund's account of ``role``."""
    return f"fund:{fund_id}:{role}"


def who(caller: Identity) -> str:
    """The person (or key) on whose behalf a request acts."""
    return (caller.act or caller.sub)[:160]


async def require_standing(
    registry: RegistryClient, org_id: uuid.UUID, role: Literal["host", "grantee"]
) -> Standing:
    """The organization's standing, asked of the Registry; refuse if unknown or not eligible.

    ``role`` says which field is refused: the fund's host or a grant's grantee. An unreachable
    Registry raises ``UpstreamUnavailable`` (503): nothing is done unchecked.
    """
    field = "host_org_id" if role == "host" else "grantee_org_id"
    try:
        standing = await registry.check_standing(org_id)
    except NotFound as exc:
        errors = [{"field": field, "message": "unknown organization"}]
        message = f"组织 {org_id} 在登记系统中不存在"
        if role == "host":
            raise ValidationFailed(message, code=FundsCode.HOST_ORG_UNKNOWN, errors=errors) from exc
        raise ValidationFailed(message, code=FundsCode.GRANTEE_UNKNOWN, errors=errors) from exc
    if not standing.eligible:
        message = f"组织 {org_id} 不符合条件：{', '.join(standing.reasons)}"
        extra = {"reasons": standing.reasons}
        if role == "host":
            raise Conflict(message, code=FundsCode.HOST_NOT_ELIGIBLE, extra=extra)
        raise Conflict(message, code=FundsCode.GRANTEE_NOT_ELIGIBLE, extra=extra)
    return standing


async def open_account(
    session: AsyncSession,
    code: str,
    *,
    asset: str,
    kind: str,
    fund_id: uuid.UUID | None = None,
    allow_negative: bool = False,
) -> uuid.UUID:
    """The id of the account ``code``, opened now if there is none (safe against a race)."""
    found = await session.scalar(sa.select(ACCOUNTS.c.id).where(ACCOUNTS.c.code == code))
    if found is not None:
        return cast(uuid.UUID, found)
    account_id = uuid.uuid4()
    try:
        async with session.begin_nested():
            await session.execute(
                sa.insert(ACCOUNTS).values(
                    id=account_id,
                    code=code,
                    fund_id=fund_id,
                    asset=asset,
                    kind=kind,
                    allow_negative=allow_negative,
                    debits_posted=0,
                    credits_posted=0,
                    debits_pending=0,
                    credits_pending=0,
                )
            )
    except IntegrityError:
        # Another transaction opened it first.
        found = await session.scalar(sa.select(ACCOUNTS.c.id).where(ACCOUNTS.c.code == code))
        if found is None:
            raise
        return cast(uuid.UUID, found)
    return account_id


async def ensure_account(
    sessionmaker: async_sessionmaker[AsyncSession],
    code: str,
    **kw: Any,
) -> uuid.UUID:
    """:func:`open_account` in a transaction of its own (before a ledger transfer needs it)."""

    async def work(session: AsyncSession) -> uuid.UUID:
        return await open_account(session, code, **kw)

    return await run_in_transaction(sessionmaker, work)


async def fund_accounts(session: AsyncSession, fund_id: uuid.UUID) -> dict[str, uuid.UUID]:
    """The fund's own accounts by role (``cash``, ``in_kind``, ``time_issuer``, ``store``)."""
    prefix = f"fund:{fund_id}:"
    rows = (
        await session.execute(
            sa.select(ACCOUNTS.c.code, ACCOUNTS.c.id).where(ACCOUNTS.c.code.startswith(prefix))
        )
    ).all()
    return {code[len(prefix) :]: account_id for code, account_id in rows}


async def get_fund(session: AsyncSession, fund_id: uuid.UUID, *, field: str | None = None) -> Fund:
    """The fund; 404 ``fund_unknown`` (or 422 naming ``field`` when a body refers to it)."""
    fund = await session.get(Fund, fund_id)
    if fund is None:
        if field is not None:
            raise ValidationFailed(
                f"基金 {fund_id} 不存在",
                code=FundsCode.FUND_UNKNOWN,
                errors=[{"field": field, "message": "unknown fund"}],
            )
        raise NotFound(f"基金 {fund_id} 不存在", code=FundsCode.FUND_UNKNOWN)
    return fund


def require_active(fund: Fund) -> None:
    """Refuse work on a fund that is not active."""
    if fund.status != "active":
        raise Conflict(f"基金状态为 {fund.status}", code=FundsCode.FUND_INACTIVE)


async def fund_read(session: AsyncSession, fund: Fund) -> FundRead:
    """The public shape of a fund, with its accounts and time-bank policy."""
    policy = None
    if fund.kind == "time_bank":
        row = await session.get(TimeBankPolicy, fund.id)
        if row is not None:
            policy = TimeBankPolicyIn(daily_cap=row.daily_cap, lifetime_cap=row.lifetime_cap)
    return FundRead(
        id=fund.id,
        name=fund.name,
        kind=fund.kind,
        host_org_id=fund.host_org_id,
        community_id=fund.community_id,
        restricted_domains=list(fund.restricted_domains),
        status=fund.status,
        approvals_required=fund.approvals_required,
        accounts=await fund_accounts(session, fund.id),
        time_bank_policy=policy,
        created_at=fund.created_at,
    )


def fund_json(fund: Fund) -> dict[str, Any]:
    """A fund as its events carry it."""
    return {
        "id": str(fund.id),
        "name": fund.name,
        "kind": fund.kind,
        "host_org_id": str(fund.host_org_id),
        "community_id": str(fund.community_id) if fund.community_id else None,
        "restricted_domains": list(fund.restricted_domains),
        "status": fund.status,
        "approvals_required": fund.approvals_required,
    }


class FundService:
    """Creating and reading funds."""

    def __init__(self, session: AsyncSession, registry: RegistryClient) -> None:
        self.session = session
        self.registry = registry

    async def create(self, data: FundCreate, caller: Identity) -> Fund:
        """Check the host in the Registry, then create the fund and open its accounts."""
        if data.time_bank_policy is not None and data.kind != "time_bank":
            raise ValidationFailed(
                "只有时间银行可以设置积分上限",
                code=FundsCode.FUND_KIND_MISMATCH,
                errors=[{"field": "time_bank_policy", "message": "time banks only"}],
            )
        # Asked before anything is written: with the Registry down this raises 503.
        await require_standing(self.registry, data.host_org_id, "host")
        fund = Fund(
            id=uuid.uuid4(),
            name=data.name,
            kind=data.kind,
            host_org_id=data.host_org_id,
            community_id=data.community_id,
            restricted_domains=sorted(set(data.restricted_domains)),
            status="active",
            approvals_required=data.approvals_required,
        )
        self.session.add(fund)
        await self.session.flush()
        roles = dict(FUND_ACCOUNTS)
        if data.kind == "time_bank":
            roles.update(TIME_BANK_ACCOUNTS)
            policy = data.time_bank_policy or TimeBankPolicyIn()
            self.session.add(
                TimeBankPolicy(
                    fund_id=fund.id, daily_cap=policy.daily_cap, lifetime_cap=policy.lifetime_cap
                )
            )
        for role, (asset, negative) in roles.items():
            await open_account(
                self.session,
                fund_code(fund.id, role),
                asset=asset,
                kind=role,
                fund_id=fund.id,
                allow_negative=negative,
            )
        await open_account(self.session, WORLD_CNY, asset="CNY", kind="world", allow_negative=True)
        await self.session.flush()
        emit(
            self.session,
            "fund.created",
            subject_kind="fund",
            subject_id=fund.id,
            data=fund_json(fund),
        )
        return fund


def fund_etag(version: int) -> str:
    """The weak ETag of a fund (its policy included) at ``version``."""
    return f'W/"{version}"'


def check_if_match(if_match: str | None, version: int) -> None:
    """428 without ``If-Match``, 412 unless it names ``version`` (or is ``*``)."""
    if if_match is None or not if_match.strip():
        raise PreconditionRequired("更新需要 If-Match 请求头（取自 GET 返回的 ETag）")
    current = f'"{version}"'
    for token in if_match.split(","):
        tag = token.strip()
        if tag == "*" or tag.removeprefix("W/") == current:
            return
    raise PreconditionFailed(
        f"ETag 已过期，当前为 {fund_etag(version)}", extra={"etag": fund_etag(version)}
    )


FUNDS = cast(sa.Table, Fund.__table__)
POLICIES = cast(sa.Table, TimeBankPolicy.__table__)


async def update_policy(
    session: AsyncSession, fund_id: uuid.UUID, patch: dict[str, Any], if_match: str | None
) -> Fund:
    """Change a time bank's earning caps (``None``: no cap); the fund's version is its ETag.

    The version moves with a conditional ``UPDATE ... WHERE version = <the one If-Match named>``:
    of two editors holding the same ETag, one changes the policy and the other gets 412, and
    earnings (which read the policy under their volunteer's lock) see the old caps or the new.
    """
    fund = await get_fund(session, fund_id)
    if fund.kind != "time_bank":
        raise Conflict("该基金不是时间银行", code=FundsCode.FUND_KIND_MISMATCH)
    check_if_match(if_match, fund.version)
    bumped = await session.execute(
        sa.update(FUNDS)
        .where(FUNDS.c.id == fund_id, FUNDS.c.version == fund.version)
        .values(version=fund.version + 1)
    )
    if cast(Any, bumped).rowcount != 1:
        raise PreconditionFailed("数据已被他人修改，请刷新后重试")
    values = {k: patch[k] for k in ("daily_cap", "lifetime_cap") if k in patch}
    changed = await session.execute(
        sa.update(POLICIES)
        .where(POLICIES.c.fund_id == fund_id)
        .values(**values, updated_at=utcnow())
    )
    if cast(Any, changed).rowcount == 0:
        session.add(TimeBankPolicy(fund_id=fund_id, **values))
    await session.flush()
    await session.refresh(fund)
    data = (await fund_read(session, fund)).model_dump(mode="json")
    emit(session, "fund.updated", subject_kind="fund", subject_id=fund.id, data=data)
    return fund
