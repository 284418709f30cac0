"""Offers: capacity offered by organizations (active, not on the dishonest list), volunteers and
donors, for a window, in some regions (a region serves all its descendants).

``remaining`` starts at ``capacity``; the match lifecycle reserves and releases it with guarded
statements (``domain/matches.py``). Every offer that is not withdrawn has its rows in
``offer_reach`` (one per domain and service region), the index candidates are found by.
"""

from __future__ import annotations

import builtins
import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.access import BOUND_ROLES
from services.common.auth import ensure_acts_for_org
from services.common.clock import china_today
from services.common.errors import Conflict, Forbidden, NotFound
from services.common.http import ServiceClient
from services.common.identity import Identity
from services.common.pagination import PageParams
from services.common.repository import Repository
from services.matching.db.models import Offer, OfferReach, RegistryRegion
from services.matching.domain import readmodel
from services.matching.domain.base import (
    changed,
    check_if_match,
    check_window,
    invalid,
    reject_nulls,
)
from services.matching.domain.errors import MatchingCode
from services.matching.schemas import OfferCreate, OfferRead, Provider, Window

REQUIRED = ("title", "domains", "service_region_codes", "window")


def offer_read(row: Offer) -> OfferRead:
    """The public shape of an offer."""
    return OfferRead(
        id=row.id,
        provider=Provider(kind=row.provider_kind, id=row.provider_id),
        provider_region_code=row.provider_region_code,
        title=row.title,
        description=row.description,
        domains=list(row.domains or []),
        resource_kind=row.resource_kind,
        capacity=row.capacity,
        remaining=row.remaining,
        service_region_codes=list(row.service_region_codes or []),
        window=Window(start=row.window_start, end=row.window_end),
        status=row.status,
        fund_id=row.fund_id,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _unique(values: Iterable[str]) -> builtins.list[str]:
    return list(dict.fromkeys(values))


class OfferRepository(Repository[Offer]):
    """Offers by id and filters, and their reach rows."""

    model = Offer

    async def known_regions(self, codes: builtins.list[str]) -> set[str]:
        """Which of ``codes`` the region tree holds."""
        rows = await self.session.scalars(
            sa.select(RegistryRegion.code).where(RegistryRegion.code.in_(codes))
        )
        return set(rows)

    async def set_reach(self, row: Offer) -> None:
        """Replace the offer's reach rows (none once withdrawn)."""
        await self.session.execute(sa.delete(OfferReach).where(OfferReach.offer_id == row.id))
        if row.status == "withdrawn":
            return
        values = [
            {
                "offer_id": row.id,
                "domain": domain,
                "region_code": code,
                "resource_kind": row.resource_kind,
                "provider_region_code": row.provider_region_code,
            }
            for domain in row.domains
            for code in row.service_region_codes
        ]
        await self.session.execute(sa.insert(OfferReach), values)

    async def search(
        self,
        params: PageParams,
        *,
        provider_kind: str | None,
        provider_id: uuid.UUID | None,
        status: str | None,
        resource_kind: str | None,
        domain: str | None,
        region_code: str | None,
    ) -> tuple[builtins.list[Offer], str | None]:
        """Offers by provider, status, kind, domain and a service region code, oldest first."""
        stmt = sa.select(Offer)
        if provider_kind:
            stmt = stmt.where(Offer.provider_kind == provider_kind)
        if provider_id is not None:
            stmt = stmt.where(Offer.provider_id == provider_id)
        if status:
            stmt = stmt.where(Offer.status == status)
        if resource_kind:
            stmt = stmt.where(Offer.resource_kind == resource_kind)
        if domain or region_code:
            reach = sa.select(OfferReach.offer_id).where(OfferReach.offer_id == Offer.id)
            if domain:
                reach = reach.where(OfferReach.domain == domain)
            if region_code:
                reach = reach.where(OfferReach.region_code == region_code)
            stmt = stmt.where(reach.exists())
        order = [Offer.created_at, Offer.id]
        return await self.page(stmt, order, params, lambda r: [r.created_at, r.id])


class OfferService:
    """Creates, changes and withdraws offers."""

    def __init__(self, session: AsyncSession, funds: ServiceClient | None = None) -> None:
        self.session = session
        self.repo = OfferRepository(session)
        self.funds = funds

    async def get(self, offer_id: uuid.UUID) -> Offer:
        """The offer, or 404."""
        row = await self.repo.get(offer_id)
        if row is None:
            raise NotFound(f"资源 {offer_id} 不存在")
        return row

    async def _provider_region(self, provider: Provider, caller: Identity) -> str | None:
        """Check who may offer for ``provider`` and that it may provide; where it is."""
        kind, pid = provider.kind, provider.id
        if kind == "organization":
            if caller.role == "community_admin":
                raise Forbidden(
                    "社区管理员不能以组织名义提供资源", code=MatchingCode.PROVIDER_NOT_ALLOWED
                )
            ensure_acts_for_org(caller, str(pid))
            org = await readmodel.organization(self.session, pid)
            if org is None:
                raise invalid(
                    "provider.id", f"社会组织 {pid} 不存在", MatchingCode.PROVIDER_UNKNOWN
                )
            if not readmodel.may_provide(org):
                reasons = []
                if org.status != "active":
                    reasons.append(f"status_{org.status}")
                if org.credit_status == "dishonest":
                    reasons.append("credit_dishonest")
                raise Conflict(
                    f"{org.name} 不能提供资源",
                    code=MatchingCode.PROVIDER_NOT_ELIGIBLE,
                    extra={"reasons": reasons},
                )
            return org.region_code
        if kind == "volunteer":
            person = await readmodel.volunteer(self.session, pid)
            if person is None:
                raise invalid("provider.id", f"志愿者 {pid} 不存在", MatchingCode.PROVIDER_UNKNOWN)
            if caller.role == "org_admin" and str(person.team_org_id) != caller.org_id:
                raise Forbidden(
                    "只能为本组织队伍的志愿者提供资源", code=MatchingCode.PROVIDER_NOT_ALLOWED
                )
            if caller.role == "community_admin" and str(person.community_id) != caller.community_id:
                raise Forbidden(
                    "只能为本社区的志愿者提供资源", code=MatchingCode.PROVIDER_NOT_ALLOWED
                )
            if person.community_id is not None:
                home = await readmodel.community(self.session, person.community_id)
                if home is not None:
                    return home.region_code
            if person.team_org_id is not None:
                team = await readmodel.organization(self.session, person.team_org_id)
                if team is not None:
                    return team.region_code
            return None
        # A donor is no Registry entity: people bound to an organization or a community offer
        # through those, never as anonymous donors.
        if caller.role in BOUND_ROLES:
            raise Forbidden(
                "该角色只能以本组织或本社区名义提供资源", code=MatchingCode.PROVIDER_NOT_ALLOWED
            )
        return None

    async def _check_regions(self, codes: builtins.list[str]) -> None:
        known = await self.repo.known_regions(codes)
        for index, code in enumerate(codes):
            if code not in known:
                raise invalid(
                    f"service_region_codes[{index}]",
                    f"行政区划 {code} 不存在",
                    MatchingCode.REGION_UNKNOWN,
                )

    async def _check_fund(self, resource_kind: str, fund_id: uuid.UUID | None) -> None:
        if (resource_kind == "funds") != (fund_id is not None):
            raise invalid(
                "fund_id", "资金类资源须指明基金，其他资源不得指明", MatchingCode.FUND_REQUIRED
            )
        if fund_id is None or self.funds is None:
            return
        fund = await self.funds.request("GET", f"/v1/funds/{fund_id}", allow_404=True)
        if fund is None:
            raise invalid("fund_id", f"基金 {fund_id} 不存在", MatchingCode.FUND_UNKNOWN)
        if fund.get("status") != "active":
            raise Conflict("该基金未处于运作状态", code=MatchingCode.FUND_INACTIVE)

    async def create(self, data: OfferCreate, caller: Identity) -> Offer:
        """Offer capacity; the provider must exist and may provide."""
        provider_region = await self._provider_region(data.provider, caller)
        check_window(data.window.start, data.window.end)
        if data.window.end < china_today():
            raise invalid("window.end", "服务时间已过", MatchingCode.DATES_INVALID)
        codes = _unique(data.service_region_codes)
        await self._check_regions(codes)
        await self._check_fund(data.resource_kind, data.fund_id)
        row = Offer(
            provider_kind=data.provider.kind,
            provider_id=data.provider.id,
            provider_region_code=provider_region,
            title=data.title,
            description=data.description,
            domains=_unique(data.domains),
            resource_kind=data.resource_kind,
            capacity=data.capacity,
            remaining=data.capacity,
            service_region_codes=codes,
            window_start=data.window.start,
            window_end=data.window.end,
            status="open",
            fund_id=data.fund_id,
            created_by=caller.sub,
        )
        self.repo.add(row)
        await self.repo.flush()
        await self.repo.set_reach(row)
        changed(self.session, "offer.created", row.id, offer_read(row), region_code=provider_region)
        return row

    async def list(
        self,
        params: PageParams,
        *,
        provider_kind: str | None = None,
        provider_id: uuid.UUID | None = None,
        status: str | None = None,
        resource_kind: str | None = None,
        domain: str | None = None,
        region_code: str | None = None,
    ) -> tuple[builtins.list[Offer], str | None]:
        """Offers by provider, status, kind, domain and service region."""
        return await self.repo.search(
            params,
            provider_kind=provider_kind,
            provider_id=provider_id,
            status=status,
            resource_kind=resource_kind,
            domain=domain,
            region_code=region_code,
        )

    def _may_write(self, row: Offer, caller: Identity) -> None:
        if row.provider_kind == "organization":
            if caller.role == "community_admin":
                raise Forbidden("只能操作本组织的资源", code=MatchingCode.PROVIDER_NOT_ALLOWED)
            ensure_acts_for_org(caller, str(row.provider_id))
        elif caller.role in BOUND_ROLES and row.created_by != caller.sub:
            raise Forbidden("只能操作自己提供的资源", code=MatchingCode.PROVIDER_NOT_ALLOWED)

    async def update(
        self, offer_id: uuid.UUID, patch: dict[str, Any], if_match: str | None, caller: Identity
    ) -> Offer:
        """Change an offer that is not withdrawn (If-Match required)."""
        row = await self.get(offer_id)
        self._may_write(row, caller)
        check_if_match(if_match, row.version)
        reject_nulls(patch, REQUIRED)
        if row.status == "withdrawn":
            raise Conflict("资源已撤回，不能修改", code=MatchingCode.OFFER_STATE)
        if "window" in patch:
            window = patch.pop("window")
            start = dt.date.fromisoformat(str(window["start"]))
            end = dt.date.fromisoformat(str(window["end"]))
            check_window(start, end)
            row.window_start, row.window_end = start, end
        if "service_region_codes" in patch:
            codes = _unique(patch.pop("service_region_codes"))
            await self._check_regions(codes)
            row.service_region_codes = codes
        if "domains" in patch:
            row.domains = _unique(patch.pop("domains"))
        for key, value in patch.items():
            setattr(row, key, value)
        await self.repo.flush()
        await self.repo.set_reach(row)
        changed(
            self.session,
            "offer.updated",
            row.id,
            offer_read(row),
            region_code=row.provider_region_code,
        )
        return row

    async def withdraw(self, offer_id: uuid.UUID, caller: Identity) -> Offer:
        """Withdraw an offer: no new proposals; accepted matches keep their reserved capacity."""
        row = await self.repo.get_for_update(offer_id)
        if row is None:
            raise NotFound(f"资源 {offer_id} 不存在")
        self._may_write(row, caller)
        if row.status == "withdrawn":
            raise Conflict(
                "资源已撤回", code=MatchingCode.OFFER_STATE, extra={"status": row.status}
            )
        row.status = "withdrawn"
        await self.repo.flush()
        await self.repo.set_reach(row)
        changed(
            self.session,
            "offer.withdrawn",
            row.id,
            offer_read(row),
            region_code=row.provider_region_code,
        )
        return row
