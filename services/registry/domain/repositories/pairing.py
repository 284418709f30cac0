"""SQL of pairings."""

from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa

from services.common.pagination import PageParams
from services.common.repository import Repository
from services.registry.db.models import Pairing


class PairingRepository(Repository[Pairing]):
    """Pairings by id, overlap and filters."""

    model = Pairing

    async def overlapping(
        self,
        org_id: uuid.UUID,
        community_id: uuid.UUID,
        start: dt.date,
        end: dt.date,
        own: uuid.UUID | None = None,
    ) -> uuid.UUID | None:
        """An active pairing of the same two sides whose period meets ``start``..``end``."""
        stmt = sa.select(Pairing.id).where(
            Pairing.org_id == org_id,
            Pairing.community_id == community_id,
            Pairing.status == "active",
            Pairing.start_date <= end,
            Pairing.end_date >= start,
        )
        if own is not None:
            stmt = stmt.where(Pairing.id != own)
        return await self.session.scalar(stmt.limit(1))

    async def search(
        self,
        params: PageParams,
        *,
        org_id: uuid.UUID | None,
        community_id: uuid.UUID | None,
        collaboration_id: uuid.UUID | None,
        status: str | None,
        active_on: dt.date | None,
        today: dt.date,
    ) -> tuple[list[Pairing], str | None]:
        """Pairings by organization, community, collaboration, status or day."""
        stmt = sa.select(Pairing)
        if org_id:
            stmt = stmt.where(Pairing.org_id == org_id)
        if community_id:
            stmt = stmt.where(Pairing.community_id == community_id)
        if collaboration_id:
            stmt = stmt.where(Pairing.collaboration_id == collaboration_id)
        if status == "active":
            stmt = stmt.where(Pairing.status == "active", Pairing.end_date >= today)
        elif status == "ended":
            stmt = stmt.where(sa.or_(Pairing.status == "ended", Pairing.end_date < today))
        if active_on:
            # Ending a pairing early moves its end date, so history stays answerable.
            stmt = stmt.where(Pairing.start_date <= active_on, Pairing.end_date >= active_on)
        order = [Pairing.created_at, Pairing.id]
        return await self.page(stmt, order, params, lambda r: [r.created_at, r.id])
