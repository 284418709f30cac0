"""Needs and their triage (三事分流): minor needs are matched, major ones referred to a
government department, private ones closed with advice.

Triage is decided at intake and never changes: a need whose triage was wrong is cancelled and
posted again, so a referral on record always belongs to a need that was referred.
"""

from __future__ import annotations

import builtins
import datetime as dt
import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.auth import ensure_acts_for_community
from services.common.clock import china_today
from services.common.errors import Conflict, NotFound
from services.common.identity import Identity
from services.common.pagination import PageParams
from services.common.repository import Repository
from services.matching.db.models import Need, Referral
from services.matching.domain import readmodel
from services.matching.domain.base import (
    changed,
    check_if_match,
    check_window,
    invalid,
    reject_nulls,
)
from services.matching.domain.errors import MatchingCode
from services.matching.schemas import (
    Beneficiaries,
    NeedCreate,
    NeedRead,
    ReferralRead,
    Window,
)

#: Where each triage sends a new need.
STATUS_BY_TRIAGE = {"minor": "open", "major": "referred", "private": "closed"}
#: Fields a PATCH may not null.
REQUIRED = (
    "title",
    "domain",
    "resource_kind",
    "quantity",
    "beneficiaries",
    "window",
    "urgency",
)


def referral_read(row: Referral) -> ReferralRead:
    """The public shape of a referral."""
    return ReferralRead.model_validate(row, from_attributes=True)


def need_read(row: Need, referral: Referral | None = None) -> NeedRead:
    """The public shape of a need."""
    return NeedRead(
        id=row.id,
        community_id=row.community_id,
        region_code=row.region_code,
        title=row.title,
        description=row.description,
        triage=row.triage,
        domain=row.domain,
        resource_kind=row.resource_kind,
        quantity=row.quantity,
        beneficiaries=Beneficiaries(
            count=row.beneficiary_count, groups=list(row.beneficiary_groups or [])
        ),
        window=Window(start=row.window_start, end=row.window_end),
        urgency=row.urgency,
        status=row.status,
        advice=row.advice,
        referral=referral_read(referral) if referral is not None else None,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


class NeedRepository(Repository[Need]):
    """Needs by id and filters, and their referrals."""

    model = Need

    async def referral_of(self, need_id: uuid.UUID) -> Referral | None:
        """The referral of a need, if it was referred."""
        return await self.session.scalar(sa.select(Referral).where(Referral.need_id == need_id))

    async def referrals_of(self, need_ids: builtins.list[uuid.UUID]) -> dict[uuid.UUID, Referral]:
        """The referrals of these needs, by need id."""
        if not need_ids:
            return {}
        rows = await self.session.scalars(sa.select(Referral).where(Referral.need_id.in_(need_ids)))
        return {r.need_id: r for r in rows}

    async def search(
        self,
        params: PageParams,
        *,
        community_id: uuid.UUID | None,
        region_prefix: str | None,
        status: str | None,
        domain: str | None,
        triage: str | None,
    ) -> tuple[builtins.list[Need], str | None]:
        """Needs by community, region subtree, status, domain and triage, oldest first."""
        stmt = sa.select(Need)
        if community_id is not None:
            stmt = stmt.where(Need.community_id == community_id)
        if region_prefix is not None:
            stmt = stmt.where(readmodel.in_subtree(Need.region_code, region_prefix))
        if status:
            stmt = stmt.where(Need.status == status)
        if domain:
            stmt = stmt.where(Need.domain == domain)
        if triage:
            stmt = stmt.where(Need.triage == triage)
        return await self.page(
            stmt, [Need.created_at, Need.id], params, lambda r: [r.created_at, r.id]
        )

    async def search_referrals(
        self, params: PageParams, *, region_prefix: str | None, department: str | None
    ) -> tuple[builtins.list[Referral], str | None]:
        """Referrals in a region subtree, to a department, oldest first."""
        stmt = sa.select(Referral)
        if region_prefix is not None:
            stmt = stmt.where(readmodel.in_subtree(Referral.region_code, region_prefix))
        if department:
            stmt = stmt.where(Referral.department == department)
        order = [Referral.created_at, Referral.id]
        rows, cursor = await self.page(stmt, order, params, lambda r: [r.created_at, r.id])
        return rows, cursor  # type: ignore[return-value]


class NeedService:
    """Posts, triages, changes and cancels needs."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.repo = NeedRepository(session)

    async def get(self, need_id: uuid.UUID) -> Need:
        """The need, or 404."""
        row = await self.repo.get(need_id)
        if row is None:
            raise NotFound(f"需求 {need_id} 不存在")
        return row

    async def read(self, row: Need) -> NeedRead:
        """The need with its referral."""
        referral = await self.repo.referral_of(row.id) if row.triage == "major" else None
        return need_read(row, referral)

    async def reads(self, rows: builtins.list[Need]) -> builtins.list[NeedRead]:
        """Needs with their referrals (one query for the page)."""
        referrals = await self.repo.referrals_of([r.id for r in rows if r.triage == "major"])
        return [need_read(r, referrals.get(r.id)) for r in rows]

    async def _region_prefix(self, code: str | None) -> str | None:
        if code is None:
            return None
        prefix = await readmodel.subtree_prefix(self.session, code)
        if prefix is None:
            raise invalid("region_code", f"行政区划 {code} 不存在", MatchingCode.REGION_UNKNOWN)
        return prefix

    @staticmethod
    def _check_triage(data: NeedCreate) -> None:
        if data.triage == "major" and data.referral is None:
            raise invalid("referral", "大事需写明转介部门", MatchingCode.REFERRAL_REQUIRED)
        if data.triage == "private" and not data.advice:
            raise invalid("advice", "私事需写明给居民的建议", MatchingCode.ADVICE_REQUIRED)
        if data.referral is not None and data.triage != "major":
            raise invalid("referral", "只有大事需要转介", MatchingCode.TRIAGE_FIELDS_INVALID)
        if data.advice is not None and data.triage != "private":
            raise invalid("advice", "只有私事给出建议", MatchingCode.TRIAGE_FIELDS_INVALID)

    async def create(self, data: NeedCreate, caller: Identity) -> NeedRead:
        """Post a need for an existing community and triage it."""
        ensure_acts_for_community(caller, str(data.community_id))
        self._check_triage(data)
        check_window(data.window.start, data.window.end)
        if data.window.end < china_today():
            raise invalid("window.end", "需求时间已过", MatchingCode.DATES_INVALID)
        community = await readmodel.community(self.session, data.community_id)
        if community is None:
            raise invalid(
                "community_id", f"社区 {data.community_id} 不存在", MatchingCode.COMMUNITY_UNKNOWN
            )
        row = Need(
            community_id=community.id,
            region_code=community.region_code,
            title=data.title,
            description=data.description,
            triage=data.triage,
            domain=data.domain,
            resource_kind=data.resource_kind,
            quantity=data.quantity,
            beneficiary_count=data.beneficiaries.count,
            beneficiary_groups=list(data.beneficiaries.groups),
            window_start=data.window.start,
            window_end=data.window.end,
            urgency=data.urgency,
            status=STATUS_BY_TRIAGE[data.triage],
            advice=data.advice if data.triage == "private" else None,
            created_by=caller.sub,
        )
        self.repo.add(row)
        await self.repo.flush()
        referral = None
        if data.triage == "major":
            assert data.referral is not None
            referral = Referral(
                need_id=row.id,
                department=data.referral.department,
                reason=data.referral.reason,
                region_code=row.region_code,
            )
            self.session.add(referral)
            await self.repo.flush()
        read = need_read(row, referral)
        changed(self.session, "need.created", row.id, read, region_code=row.region_code)
        if data.triage != "minor":
            changed(self.session, "need.triaged", row.id, read, region_code=row.region_code)
        return read

    async def list(
        self,
        params: PageParams,
        *,
        community_id: uuid.UUID | None = None,
        region_code: str | None = None,
        status: str | None = None,
        domain: str | None = None,
        triage: str | None = None,
    ) -> tuple[builtins.list[NeedRead], str | None]:
        """Needs by community, region subtree, status, domain and triage."""
        rows, cursor = await self.repo.search(
            params,
            community_id=community_id,
            region_prefix=await self._region_prefix(region_code),
            status=status,
            domain=domain,
            triage=triage,
        )
        return await self.reads(rows), cursor

    async def referrals(
        self, params: PageParams, *, region_code: str | None, department: str | None
    ) -> tuple[builtins.list[ReferralRead], str | None]:
        """Referrals of major needs, for the departments' and partners' systems."""
        rows, cursor = await self.repo.search_referrals(
            params, region_prefix=await self._region_prefix(region_code), department=department
        )
        return [referral_read(r) for r in rows], cursor

    async def update(
        self, need_id: uuid.UUID, patch: dict[str, Any], if_match: str | None, caller: Identity
    ) -> tuple[Need, NeedRead]:
        """Change an open need (If-Match required); a community admin changes only its own."""
        row = await self.get(need_id)
        ensure_acts_for_community(caller, str(row.community_id))
        check_if_match(if_match, row.version)
        reject_nulls(patch, REQUIRED)
        if row.status != "open":
            raise Conflict(
                f"需求状态为 {row.status}，只能修改待对接的需求",
                code=MatchingCode.NEED_STATE,
                extra={"status": row.status},
            )
        if "window" in patch:
            window = patch.pop("window")
            start, end = (
                dt.date.fromisoformat(str(window["start"])),
                dt.date.fromisoformat(str(window["end"])),
            )
            check_window(start, end)
            row.window_start, row.window_end = start, end
        if "beneficiaries" in patch:
            beneficiaries = patch.pop("beneficiaries")
            row.beneficiary_count = beneficiaries.get("count", 0)
            row.beneficiary_groups = list(beneficiaries.get("groups", []))
        for key, value in patch.items():
            setattr(row, key, value)
        await self.repo.flush()
        read = await self.read(row)
        changed(self.session, "need.updated", row.id, read, region_code=row.region_code)
        return row, read

    async def cancel(self, need_id: uuid.UUID, caller: Identity) -> tuple[Need, NeedRead]:
        """Cancel an open need (its proposals lapse with it: a cancelled need is never matched)."""
        row = await self.repo.get_for_update(need_id)
        if row is None:
            raise NotFound(f"需求 {need_id} 不存在")
        ensure_acts_for_community(caller, str(row.community_id))
        if row.status != "open":
            raise Conflict(
                f"需求状态为 {row.status}，只能取消待对接的需求",
                code=MatchingCode.NEED_STATE,
                extra={"status": row.status},
            )
        row.status = "cancelled"
        await self.repo.flush()
        read = await self.read(row)
        changed(self.session, "need.cancelled", row.id, read, region_code=row.region_code)
        return row, read
