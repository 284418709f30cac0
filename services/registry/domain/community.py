"""Communities (社区) and villages (村)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.common.auth import ensure_acts_for_community
from services.common.errors import Conflict
from services.common.identity import Identity
from services.common.pagination import PageParams
from services.registry.db.models import Community
from services.registry.domain import feed
from services.registry.domain.base import (
    apply_patch,
    ensure_not_bound,
    get_or_404,
    require_region,
)
from services.registry.domain.errors import RegistryCode
from services.registry.domain.region import RegionService
from services.registry.domain.repositories.community import CommunityRepository
from services.registry.domain.repositories.reference import References
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
    """The rules of communities and villages."""

    def __init__(self, session: AsyncSession) -> None:
        self.repo = CommunityRepository(session)
        self.refs = References(session)
        self.regions = RegionService(session)

    async def get(self, community_id: uuid.UUID) -> Community:
        """The community, or 404."""
        return await get_or_404(self.repo, community_id, "社区")

    async def _code_free(self, code: str | None, own: uuid.UUID | None = None) -> None:
        # The friendly answer to the common case; the unique constraint is the rule.
        if code is None:
            return
        other = await self.repo.code_owner(code)
        if other is not None and other != own:
            raise Conflict(f"社区代码 {code} 已存在", code=RegistryCode.COMMUNITY_CODE_TAKEN)

    async def create(self, data: CommunityCreate, caller: Identity) -> Community:
        """Add a community or village under an existing region."""
        ensure_not_bound(caller)
        await require_region(self.refs, data.region_code)
        await self._code_free(data.code)
        row = self.repo.add(Community(**data.model_dump()))
        await self.repo.flush()
        feed.changed(
            self.repo.session,
            "community",
            "created",
            row.id,
            community_read(row),
            region_code=row.region_code,
        )
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

        async def check(values: Mapping[str, Any]) -> None:
            if "region_code" in values:
                await require_region(self.refs, values["region_code"])
            if "code" in values:
                await self._code_free(values["code"], row.id)

        required = ("name", "kind", "region_code", "tags")
        row = await apply_patch(self.repo, row, patch, if_match, required=required, check=check)
        feed.changed(
            self.repo.session,
            "community",
            "updated",
            row.id,
            community_read(row),
            region_code=row.region_code,
        )
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
        prefix = await self.regions.subtree_prefix(region_code) if region_code else None
        return await self.repo.search(params, region_prefix=prefix, kind=kind, q=q)
