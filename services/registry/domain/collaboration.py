"""Collaborations between a supporting and a receiving region (东西协作, 山海协作, 对口支援)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.identity import Identity
from services.common.pagination import PageParams, paginate
from services.registry.db.models import Collaboration
from services.registry.domain.base import (
    check_if_match,
    ensure_not_bound,
    flush_versioned,
    get_or_404,
    invalid,
    reject_nulls,
    require_region,
)
from services.registry.domain.query import in_region
from services.registry.domain.region import RegionService
from services.registry.schemas import CollaborationCreate, CollaborationRead


def collaboration_read(row: Collaboration) -> CollaborationRead:
    """The public shape of a collaboration."""
    return CollaborationRead(
        id=row.id,
        kind=row.kind,
        supporting_region_code=row.supporting_region_code,
        receiving_region_code=row.receiving_region_code,
        name=row.name,
        start_date=row.start_date,
        end_date=row.end_date,
    )


def _check_dates(start: dt.date, end: dt.date | None) -> None:
    if end is not None and end < start:
        raise invalid("end_date", "结束日期不能早于开始日期", "dates_invalid")


class CollaborationService:
    """Creates, reads and updates collaborations."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, collaboration_id: uuid.UUID) -> Collaboration:
        """The collaboration, or 404."""
        return await get_or_404(self.session, Collaboration, collaboration_id, "协作关系")

    async def create(self, data: CollaborationCreate, caller: Identity) -> Collaboration:
        """Record a collaboration between two existing, distinct regions."""
        ensure_not_bound(caller)
        await require_region(self.session, data.supporting_region_code, "supporting_region_code")
        await require_region(self.session, data.receiving_region_code, "receiving_region_code")
        if data.supporting_region_code == data.receiving_region_code:
            raise invalid("receiving_region_code", "支援方与受援方不能是同一区划", "region_invalid")
        _check_dates(data.start_date, data.end_date)
        row = Collaboration(**data.model_dump())
        self.session.add(row)
        await self.session.flush()
        return row

    async def update(
        self,
        collaboration_id: uuid.UUID,
        patch: dict[str, Any],
        if_match: str | None,
        caller: Identity,
    ) -> Collaboration:
        """Apply a PATCH guarded by the ETag."""
        ensure_not_bound(caller)
        row = await self.get(collaboration_id)
        check_if_match(if_match, row.version)
        reject_nulls(patch, ("name", "start_date"))
        _check_dates(patch.get("start_date", row.start_date), patch.get("end_date", row.end_date))
        for key, value in patch.items():
            setattr(row, key, value)
        await flush_versioned(self.session)
        return row

    async def list(
        self,
        params: PageParams,
        *,
        region_code: str | None = None,
        kind: str | None = None,
        active_on: dt.date | None = None,
    ) -> tuple[list[Collaboration], str | None]:
        """Collaborations touching a region subtree (either side), of a kind, active on a day."""
        stmt = sa.select(Collaboration)
        if region_code:
            prefix = await RegionService(self.session).subtree_prefix(region_code)
            stmt = stmt.where(
                sa.or_(
                    in_region(Collaboration.supporting_region_code, prefix),
                    in_region(Collaboration.receiving_region_code, prefix),
                )
            )
        if kind:
            stmt = stmt.where(Collaboration.kind == kind)
        if active_on:
            stmt = stmt.where(
                Collaboration.start_date <= active_on,
                sa.or_(Collaboration.end_date.is_(None), Collaboration.end_date >= active_on),
            )
        order = [Collaboration.created_at, Collaboration.id]
        return await paginate(self.session, stmt, order, params, lambda r: [r.created_at, r.id])
