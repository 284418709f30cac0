"""SQL of the region tree."""

from __future__ import annotations

import sqlalchemy as sa

from services.common.pagination import PageParams
from services.common.repository import Repository
from services.registry.db.models import Region


class RegionRepository(Repository[Region]):
    """Regions by code and by parent."""

    model = Region

    async def children(
        self, params: PageParams, *, parent_code: str | None, level: str | None
    ) -> tuple[list[Region], str | None]:
        """Regions under ``parent_code`` (provinces when neither it nor ``level`` is given)."""
        stmt = sa.select(Region)
        if parent_code:
            stmt = stmt.where(Region.parent_code == parent_code)
        elif level is None:
            stmt = stmt.where(Region.parent_code.is_(None))
        if level:
            stmt = stmt.where(Region.level == level)
        return await self.page(stmt, [Region.code], params, lambda r: [r.code])
