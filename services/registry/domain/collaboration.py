"""Collaborations between a supporting and a receiving region (东西协作, 山海协作, 对口支援)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.common.identity import Identity
from services.common.pagination import PageParams
from services.registry.db.models import Collaboration
from services.registry.domain import feed
from services.registry.domain.base import (
    apply_patch,
    ensure_not_bound,
    get_or_404,
    invalid,
    require_region,
)
from services.registry.domain.errors import RegistryCode
from services.registry.domain.region import RegionService
from services.registry.domain.repositories.collaboration import CollaborationRepository
from services.registry.domain.repositories.reference import References
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
        raise invalid("end_date", "结束日期不能早于开始日期", RegistryCode.DATES_INVALID)


class CollaborationService:
    """The rules of collaborations."""

    def __init__(self, session: AsyncSession) -> None:
        self.repo = CollaborationRepository(session)
        self.refs = References(session)
        self.regions = RegionService(session)

    async def get(self, collaboration_id: uuid.UUID) -> Collaboration:
        """The collaboration, or 404."""
        return await get_or_404(self.repo, collaboration_id, "协作关系")

    async def create(self, data: CollaborationCreate, caller: Identity) -> Collaboration:
        """Record a collaboration between two existing, distinct regions."""
        ensure_not_bound(caller)
        await require_region(self.refs, data.supporting_region_code, "supporting_region_code")
        await require_region(self.refs, data.receiving_region_code, "receiving_region_code")
        if data.supporting_region_code == data.receiving_region_code:
            raise invalid(
                "receiving_region_code", "支援方与受援方不能是同一区划", RegistryCode.REGION_INVALID
            )
        _check_dates(data.start_date, data.end_date)
        row = self.repo.add(Collaboration(**data.model_dump()))
        await self.repo.flush()
        self._changed(row, "created")
        return row

    def _changed(self, row: Collaboration, verb: str) -> None:
        # Filed under the receiving region: partners follow what reaches their villages.
        feed.changed(
            self.repo.session,
            "collaboration",
            verb,
            row.id,
            collaboration_read(row),
            region_code=row.receiving_region_code,
        )

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

        async def check(values: Mapping[str, Any]) -> None:
            _check_dates(
                values.get("start_date", row.start_date), values.get("end_date", row.end_date)
            )

        required = ("name", "start_date")
        row = await apply_patch(self.repo, row, patch, if_match, required=required, check=check)
        self._changed(row, "updated")
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
        prefix = await self.regions.subtree_prefix(region_code) if region_code else None
        return await self.repo.search(params, region_prefix=prefix, kind=kind, active_on=active_on)
