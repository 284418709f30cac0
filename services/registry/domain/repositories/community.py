"""SQL of communities and villages."""

from __future__ import annotations

import uuid

import sqlalchemy as sa

from services.common.pagination import PageParams
from services.common.repository import Repository
from services.registry.db.models import Community
from services.registry.domain.query import in_region


class CommunityRepository(Repository[Community]):
    """Communities by id, code and filters."""

    model = Community

    async def code_owner(self, code: str) -> uuid.UUID | None:
        """The id of the community holding ``code``."""
        return await self.session.scalar(sa.select(Community.id).where(Community.code == code))

    async def search(
        self,
        params: PageParams,
        *,
        region_prefix: str | None,
        kind: str | None,
        q: str | None,
    ) -> tuple[list[Community], str | None]:
        """Communities in a region subtree, of a kind, whose name contains ``q``."""
        stmt = sa.select(Community)
        if region_prefix is not None:
            stmt = stmt.where(in_region(Community.region_code, region_prefix))
        if kind:
            stmt = stmt.where(Community.kind == kind)
        if q:
            stmt = stmt.where(Community.name.contains(q, autoescape=True))
        order = [Community.created_at, Community.id]
        return await self.page(stmt, order, params, lambda r: [r.created_at, r.id])
