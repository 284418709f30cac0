"""Lookups of the rows other resources refer to (a region, a community, an organization...)."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from services.registry.db.models import Collaboration, Community, Organization, Region


class References:
    """Finds the rows a body names; ``None`` when missing (the caller decides 404 or 422)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def region(self, code: str) -> Region | None:
        """The region with ``code``."""
        return await self.session.get(Region, code)

    async def community(self, community_id: uuid.UUID) -> Community | None:
        """The community with ``community_id``."""
        return await self.session.get(Community, community_id)

    async def organization(self, org_id: uuid.UUID, *, lock: bool = False) -> Organization | None:
        """The organization; with ``lock``, locked until the transaction ends, so that a rule
        spanning several of its rows (pairings that must not overlap) holds under concurrency."""
        return await self.session.get(
            Organization, org_id, with_for_update=lock or None, populate_existing=lock
        )

    async def collaboration(self, collaboration_id: uuid.UUID) -> Collaboration | None:
        """The collaboration with ``collaboration_id``."""
        return await self.session.get(Collaboration, collaboration_id)
