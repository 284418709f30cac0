"""SQL of collaborations between regions."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from services.common.pagination import PageParams
from services.common.repository import Repository
from services.registry.db.models import Collaboration
from services.registry.domain.query import in_region


class CollaborationRepository(Repository[Collaboration]):
    """Collaborations by id and filters."""

    model = Collaboration

    async def search(
        self,
        params: PageParams,
        *,
        region_prefix: str | None,
        kind: str | None,
        active_on: dt.date | None,
    ) -> tuple[list[Collaboration], str | None]:
        """Collaborations touching a region subtree (either side), of a kind, active on a day."""
        stmt = sa.select(Collaboration)
        if region_prefix is not None:
            stmt = stmt.where(
                sa.or_(
                    in_region(Collaboration.supporting_region_code, region_prefix),
                    in_region(Collaboration.receiving_region_code, region_prefix),
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
        return await self.page(stmt, order, params, lambda r: [r.created_at, r.id])
