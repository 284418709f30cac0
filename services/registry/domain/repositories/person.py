"""SQL of social workers and volunteers."""

from __future__ import annotations

import uuid

import sqlalchemy as sa

from services.common.pagination import PageParams
from services.common.repository import Repository
from services.registry.db.models import SocialWorker, Volunteer
from services.registry.domain.query import contains_all, in_region


class SocialWorkerRepository(Repository[SocialWorker]):
    """Social workers by id, certificate and filters."""

    model = SocialWorker

    async def certificate_owner(self, number: str) -> uuid.UUID | None:
        """The id of the social worker holding certificate ``number``."""
        return await self.session.scalar(
            sa.select(SocialWorker.id).where(SocialWorker.certificate_no == number)
        )

    async def search(
        self,
        params: PageParams,
        *,
        region_prefix: str | None,
        org_id: uuid.UUID | None,
        qualification: str | None,
        skill: str | None,
    ) -> tuple[list[SocialWorker], str | None]:
        """Social workers by region subtree, organization, qualification and skill."""
        stmt = sa.select(SocialWorker)
        if region_prefix is not None:
            stmt = stmt.where(in_region(SocialWorker.region_code, region_prefix))
        if org_id:
            stmt = stmt.where(SocialWorker.org_id == org_id)
        if qualification:
            stmt = stmt.where(SocialWorker.qualification == qualification)
        if skill:
            stmt = stmt.where(contains_all(SocialWorker.skills, [skill], self.dialect))
        order = [SocialWorker.created_at, SocialWorker.id]
        return await self.page(stmt, order, params, lambda r: [r.created_at, r.id])


class VolunteerRepository(Repository[Volunteer]):
    """Volunteers by id and filters."""

    model = Volunteer

    async def search(
        self,
        params: PageParams,
        *,
        community_id: uuid.UUID | None,
        team_org_id: uuid.UUID | None,
        skill: str | None,
    ) -> tuple[list[Volunteer], str | None]:
        """Volunteers by community, team and skill."""
        stmt = sa.select(Volunteer)
        if community_id:
            stmt = stmt.where(Volunteer.community_id == community_id)
        if team_org_id:
            stmt = stmt.where(Volunteer.team_org_id == team_org_id)
        if skill:
            stmt = stmt.where(contains_all(Volunteer.skills, [skill], self.dialect))
        order = [Volunteer.created_at, Volunteer.id]
        return await self.page(stmt, order, params, lambda r: [r.created_at, r.id])
