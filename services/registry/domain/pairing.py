"""Pairings (结对帮扶): an organization with a community for a period; ended ones stay."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.common.errors import Conflict, Forbidden, KernelCode
from services.common.identity import Identity
from services.common.pagination import PageParams
from services.registry.db.models import Pairing
from services.registry.domain import base, feed
from services.registry.domain.base import (
    check_if_match,
    get_or_404,
    invalid,
    reject_nulls,
)
from services.registry.domain.errors import RegistryCode
from services.registry.domain.organization import today
from services.registry.domain.repositories.pairing import PairingRepository
from services.registry.domain.repositories.reference import References
from services.registry.schemas import PairingCreate, PairingRead


def effective_status(row: Pairing, on: dt.date | None = None) -> str:
    """``ended`` once ended by hand or past its end date."""
    if row.status == "ended" or row.end_date < (on or today()):
        return "ended"
    return "active"


def pairing_read(row: Pairing) -> PairingRead:
    """The public shape of a pairing."""
    return PairingRead(
        id=row.id,
        org_id=row.org_id,
        community_id=row.community_id,
        collaboration_id=row.collaboration_id,
        start_date=row.start_date,
        end_date=row.end_date,
        plan=row.plan,
        status=effective_status(row),
    )


def _may_write(caller: Identity, org_id: uuid.UUID, community_id: uuid.UUID) -> None:
    """Either side's admin may write a pairing; officers any."""
    if caller.role == "org_admin" and caller.org_id != str(org_id):
        raise Forbidden("只能操作本组织的结对", code=KernelCode.ORG_MISMATCH)
    if caller.role == "community_admin" and caller.community_id != str(community_id):
        raise Forbidden("只能操作本社区的结对", code=KernelCode.COMMUNITY_MISMATCH)


class PairingService:
    """The rules of pairings."""

    def __init__(self, session: AsyncSession) -> None:
        self.repo = PairingRepository(session)
        self.refs = References(session)

    async def get(self, pairing_id: uuid.UUID) -> Pairing:
        """The pairing, or 404."""
        return await get_or_404(self.repo, pairing_id, "结对")

    async def _no_overlap(
        self,
        org_id: uuid.UUID,
        community_id: uuid.UUID,
        start: dt.date,
        end: dt.date,
        own: uuid.UUID | None = None,
    ) -> None:
        """409 when an active pairing of the same two sides meets the period.

        Callers hold the organization's row lock: two requests pairing the same organization
        take turns, so the second sees the first's pairing (no check-then-insert race).
        """
        if await self.repo.overlapping(org_id, community_id, start, end, own) is not None:
            raise Conflict("该组织与该社区在此期间已有结对", code=RegistryCode.PAIRING_OVERLAP)

    async def create(self, data: PairingCreate, caller: Identity) -> Pairing:
        """Pair an existing, not deregistered organization with an existing community."""
        _may_write(caller, data.org_id, data.community_id)
        org = await base.require_org(self.refs, data.org_id, lock=True)
        if org.status == "deregistered":
            raise invalid("org_id", f"{org.name} 已注销", RegistryCode.ORG_DEREGISTERED)
        await base.require_community(self.refs, data.community_id)
        if (
            data.collaboration_id is not None
            and await self.refs.collaboration(data.collaboration_id) is None
        ):
            raise invalid("collaboration_id", "协作关系不存在", RegistryCode.COLLABORATION_UNKNOWN)
        await self._no_overlap(data.org_id, data.community_id, data.start_date, data.end_date)
        row = self.repo.add(Pairing(**data.model_dump(), status="active"))
        await self.repo.flush()
        await self._changed(row, "created")
        return row

    async def _changed(self, row: Pairing, verb: str) -> None:
        community = await self.refs.community(row.community_id)
        feed.changed(
            self.repo.session,
            "pairing",
            verb,
            row.id,
            pairing_read(row),
            region_code=community.region_code if community else None,
        )

    async def update(
        self, pairing_id: uuid.UUID, patch: dict[str, Any], if_match: str | None, caller: Identity
    ) -> Pairing:
        """Change the plan or end date, or end the pairing (it stays in history)."""
        row = await self.get(pairing_id)
        _may_write(caller, row.org_id, row.community_id)
        check_if_match(if_match, row.version)
        reject_nulls(patch, ("end_date", "plan", "status"))
        if row.status == "ended":
            raise Conflict("结对已结束，不能修改", code=RegistryCode.PAIRING_ENDED)
        if patch.get("status") == "ended":
            row.status = "ended"
            row.ended_on = today()
            if row.end_date > row.ended_on:
                row.end_date = max(row.ended_on, row.start_date)
        if "end_date" in patch:
            if patch["end_date"] < row.start_date:
                raise invalid("end_date", "结束日期不能早于开始日期", RegistryCode.DATES_INVALID)
            await base.require_org(self.refs, row.org_id, lock=True)
            await self._no_overlap(
                row.org_id, row.community_id, row.start_date, patch["end_date"], row.id
            )
            row.end_date = patch["end_date"]
        if "plan" in patch:
            row.plan = patch["plan"]
        await self.repo.flush()
        await self._changed(row, "ended" if row.status == "ended" else "updated")
        return row

    async def list(
        self,
        params: PageParams,
        *,
        org_id: uuid.UUID | None = None,
        community_id: uuid.UUID | None = None,
        collaboration_id: uuid.UUID | None = None,
        status: str | None = None,
        active_on: dt.date | None = None,
    ) -> tuple[list[Pairing], str | None]:
        """Pairings by organization, community, collaboration, status or day."""
        return await self.repo.search(
            params,
            org_id=org_id,
            community_id=community_id,
            collaboration_id=collaboration_id,
            status=status,
            active_on=active_on,
            today=today(),
        )
