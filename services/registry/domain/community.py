"""Communities (社区) and villages (村)."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.auth import ensure_acts_for_community
from services.common.errors import Conflict
from services.common.identity import Identity
from services.common.pagination import PageParams, paginate
from services.registry.db.models import Community
from services.registry.domain.base import (
    check_if_match,
    ensure_not_bound,
    flush_versioned,
    get_or_404,
    reject_nulls,
    require_region,
)
from services.registry.domain.query import in_region
from services.registry.domain.region import RegionService
from services.registry.schemas import CommunityCreate, CommunityRead


def community_read(row: Community) -> CommunityRead:
    """The public shape of a community."""
    return CommunityRead(
        id=row.id,
        name=row.name,
        kind=row.kind,
        region_code=row.region_code,
        code=row.code,
        population=row.population,
        tags=list(row.tags or []),
    )


class CommunityService:
    """Creates, reads and updates communities and villages."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, community_id: uuid.UUID) -> Community:
        """The community, or 404."""
        return await get_or_404(self.session, Community, community_id, "社区")

    async def _code_free(self, code: str | None, own: uuid.UUID | None = None) -> None:
        if code is None:
            return
        other = await self.session.scalar(sa.select(Community.id).where(Community.code == code))
        if other is not None and other != own:
            raise Conflict(f"社区代码 {code} 已存在", code="community_code_taken")

    async def create(self, data: CommunityCreate, caller: Identity) -> Community:
        """Add a community or village under an existing region."""
        ensure_not_bound(caller)
        await require_region(self.session, data.region_code)
        await self._code_free(data.code)
        row = Community(**data.model_dump())
        self.session.add(row)
        await self.session.flush()
        return row

    async def update(
        self,
        community_id: uuid.UUID,
        patch: dict[str, Any],
        if_match: str | None,
        caller: Identity,
    ) -> Community:
        """Apply a PATCH guarded by the ETag; a community admin edits only its own."""
        if caller.role == "org_admin":
            ensure_not_bound(caller)
        ensure_acts_for_community(caller, str(community_id))
        row = await self.get(community_id)
        check_if_match(if_match, row.version)
        reject_nulls(patch, ("name", "kind", "region_code", "tags"))
        if "region_code" in patch:
            await require_region(self.session, patch["region_code"])
        if "code" in patch:
            await self._code_free(patch["code"], row.id)
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
        q: str | None = None,
    ) -> tuple[list[Community], str | None]:
        """Communities in a region subtree, of a kind, whose name contains ``q``."""
        stmt = sa.select(Community)
        if region_code:
            prefix = await RegionService(self.session).subtree_prefix(region_code)
            stmt = stmt.where(in_region(Community.region_code, prefix))
        if kind:
            stmt = stmt.where(Community.kind == kind)
        if q:
            stmt = stmt.where(Community.name.contains(q, autoescape=True))
        order = [Community.created_at, Community.id]
        return await paginate(self.session, stmt, order, params, lambda r: [r.created_at, r.id])
