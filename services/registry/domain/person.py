"""Social workers and volunteers: people, so the least personal data that does the job.

Only a name, a phone to reach them and (for social workers) the certificate number that proves
the qualification are kept; no ID-card numbers, birth dates or addresses. Phones and certificate
numbers are masked for callers without ``pii:read``.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.common.auth import ensure_acts_for_community, ensure_acts_for_org
from services.common.errors import Conflict, Forbidden, KernelCode
from services.common.identity import Identity
from services.common.pagination import PageParams
from services.registry.db.models import SocialWorker, Volunteer
from services.registry.domain import base, feed
from services.registry.domain.base import apply_patch, get_or_404
from services.registry.domain.errors import RegistryCode
from services.registry.domain.query import mask, mask_name
from services.registry.domain.region import RegionService
from services.registry.domain.repositories.person import SocialWorkerRepository, VolunteerRepository
from services.registry.domain.repositories.reference import References
from services.registry.schemas import (
    SocialWorkerCreate,
    SocialWorkerRead,
    VolunteerCreate,
    VolunteerRead,
)


def sees_pii(caller: Identity) -> bool:
    """True when the caller may see names, phone and certificate numbers unmasked."""
    return caller.has_scope("pii:read")


def _manages(caller: Identity, org_id: uuid.UUID | None, community_id: uuid.UUID | None) -> bool:
    """True for the admin a person is bound to: it needs the names of its own people."""
    if caller.role == "org_admin":
        return org_id is not None and caller.org_id == str(org_id)
    if caller.role == "community_admin":
        return community_id is not None and caller.community_id == str(community_id)
    return False


def social_worker_read(row: SocialWorker, caller: Identity) -> SocialWorkerRead:
    """The public shape of a social worker; numbers masked without ``pii:read``, the name too
    unless the caller is the organization's own admin."""
    pii = sees_pii(caller)
    return SocialWorkerRead(
        id=row.id,
        name=row.name if pii or _manages(caller, row.org_id, None) else mask_name(row.name),
        qualification=row.qualification,
        certificate_no=row.certificate_no if pii else mask(row.certificate_no),
        org_id=row.org_id,
        region_code=row.region_code,
        skills=list(row.skills or []),
        phone=row.phone if pii else mask(row.phone),
    )


def volunteer_read(row: Volunteer, caller: Identity) -> VolunteerRead:
    """The public shape of a volunteer; the phone masked without ``pii:read``, the name too
    unless the caller is the admin of the volunteer's team or community."""
    pii = sees_pii(caller)
    own = _manages(caller, row.team_org_id, row.community_id)
    return VolunteerRead(
        id=row.id,
        name=row.name if pii or own else mask_name(row.name),
        phone=row.phone if pii else mask(row.phone),
        community_id=row.community_id,
        team_org_id=row.team_org_id,
        skills=list(row.skills or []),
    )


def _org_admin_may(caller: Identity, org_id: uuid.UUID | None) -> None:
    """An org admin writes only people of its own organization; community admins none."""
    if caller.role == "community_admin":
        base.ensure_not_bound(caller)
    if caller.role == "org_admin":
        if org_id is None:
            raise Forbidden("只能登记本组织的社工", code=KernelCode.ORG_MISMATCH)
        ensure_acts_for_org(caller, str(org_id))


class SocialWorkerService:
    """The rules of social workers."""

    def __init__(self, session: AsyncSession) -> None:
        self.repo = SocialWorkerRepository(session)
        self.refs = References(session)
        self.regions = RegionService(session)

    async def get(self, worker_id: uuid.UUID) -> SocialWorker:
        """The social worker, or 404."""
        return await get_or_404(self.repo, worker_id, "社工")

    async def _certificate_free(self, number: str | None, own: uuid.UUID | None = None) -> None:
        # The friendly answer to the common case; the unique constraint is the rule.
        if number is None:
            return
        other = await self.repo.certificate_owner(number)
        if other is not None and other != own:
            raise Conflict("该证书编号已登记", code=RegistryCode.CERTIFICATE_TAKEN)

    async def _references(self, values: Mapping[str, Any]) -> None:
        if values.get("region_code") is not None:
            await base.require_region(self.refs, values["region_code"])
        if values.get("org_id") is not None:
            await base.require_org(self.refs, values["org_id"])

    async def create(self, data: SocialWorkerCreate, caller: Identity) -> SocialWorker:
        """Add a social worker."""
        _org_admin_may(caller, data.org_id)
        values = data.model_dump()
        await self._references(values)
        await self._certificate_free(data.certificate_no)
        row = self.repo.add(SocialWorker(**values))
        await self.repo.flush()
        self._changed(row, "created")
        return row

    def _changed(self, row: SocialWorker, verb: str) -> None:
        feed.changed(
            self.repo.session,
            "social_worker",
            verb,
            row.id,
            social_worker_read(row, feed.FULL),
            social_worker_read(row, feed.PUBLIC),
            region_code=row.region_code,
        )

    async def update(
        self, worker_id: uuid.UUID, patch: dict[str, Any], if_match: str | None, caller: Identity
    ) -> SocialWorker:
        """Apply a PATCH guarded by the ETag."""
        row = await self.get(worker_id)
        _org_admin_may(caller, row.org_id)
        if "org_id" in patch:
            _org_admin_may(caller, patch["org_id"])

        async def check(values: Mapping[str, Any]) -> None:
            await self._references(values)
            if "certificate_no" in values:
                await self._certificate_free(values["certificate_no"], row.id)

        required = ("name", "qualification", "region_code", "skills")
        row = await apply_patch(self.repo, row, patch, if_match, required=required, check=check)
        self._changed(row, "updated")
        return row

    async def list(
        self,
        params: PageParams,
        *,
        region_code: str | None = None,
        org_id: uuid.UUID | None = None,
        qualification: str | None = None,
        skill: str | None = None,
    ) -> tuple[list[SocialWorker], str | None]:
        """Social workers by region subtree, organization, qualification and skill."""
        prefix = await self.regions.subtree_prefix(region_code) if region_code else None
        return await self.repo.search(
            params, region_prefix=prefix, org_id=org_id, qualification=qualification, skill=skill
        )


def _volunteer_admin_may(
    caller: Identity, community_id: uuid.UUID | None, team_org_id: uuid.UUID | None
) -> None:
    """A community admin writes its community's volunteers; an org admin its team's."""
    if caller.role == "community_admin":
        if community_id is None:
            raise Forbidden("只能登记本社区的志愿者", code=KernelCode.COMMUNITY_MISMATCH)
        ensure_acts_for_community(caller, str(community_id))
    if caller.role == "org_admin":
        if team_org_id is None:
            raise Forbidden("只能登记本组织队伍的志愿者", code=KernelCode.ORG_MISMATCH)
        ensure_acts_for_org(caller, str(team_org_id))


class VolunteerService:
    """The rules of volunteers."""

    def __init__(self, session: AsyncSession) -> None:
        self.repo = VolunteerRepository(session)
        self.refs = References(session)

    async def get(self, volunteer_id: uuid.UUID) -> Volunteer:
        """The volunteer, or 404."""
        return await get_or_404(self.repo, volunteer_id, "志愿者")

    async def _references(self, values: Mapping[str, Any]) -> None:
        if values.get("community_id") is not None:
            await base.require_community(self.refs, values["community_id"])
        if values.get("team_org_id") is not None:
            await base.require_org(self.refs, values["team_org_id"], "team_org_id")

    async def create(self, data: VolunteerCreate, caller: Identity) -> Volunteer:
        """Add a volunteer."""
        _volunteer_admin_may(caller, data.community_id, data.team_org_id)
        values = data.model_dump()
        await self._references(values)
        row = self.repo.add(Volunteer(**values))
        await self.repo.flush()
        await self._changed(row, "created")
        return row

    async def _changed(self, row: Volunteer, verb: str) -> None:
        community = await self.refs.community(row.community_id) if row.community_id else None
        feed.changed(
            self.repo.session,
            "volunteer",
            verb,
            row.id,
            volunteer_read(row, feed.FULL),
            volunteer_read(row, feed.PUBLIC),
            region_code=community.region_code if community else None,
        )

    async def update(
        self, volunteer_id: uuid.UUID, patch: dict[str, Any], if_match: str | None, caller: Identity
    ) -> Volunteer:
        """Apply a PATCH guarded by the ETag."""
        row = await self.get(volunteer_id)
        _volunteer_admin_may(caller, row.community_id, row.team_org_id)
        _volunteer_admin_may(
            caller,
            patch.get("community_id", row.community_id),
            patch.get("team_org_id", row.team_org_id),
        )
        # Each admin moves only its own binding: an organization's admin may not move a team
        # volunteer into another community, nor a community's admin into another team.
        if caller.role == "org_admin" and patch.get("community_id", row.community_id) != (
            row.community_id
        ):
            raise Forbidden("只能变更本组织队伍的归属", code=KernelCode.COMMUNITY_MISMATCH)
        if caller.role == "community_admin" and patch.get("team_org_id", row.team_org_id) != (
            row.team_org_id
        ):
            raise Forbidden("只能变更本社区的归属", code=KernelCode.ORG_MISMATCH)
        row = await apply_patch(
            self.repo, row, patch, if_match, required=("name", "skills"), check=self._references
        )
        await self._changed(row, "updated")
        return row

    async def list(
        self,
        params: PageParams,
        *,
        community_id: uuid.UUID | None = None,
        team_org_id: uuid.UUID | None = None,
        skill: str | None = None,
    ) -> tuple[list[Volunteer], str | None]:
        """Volunteers by community, team and skill."""
        return await self.repo.search(
            params, community_id=community_id, team_org_id=team_org_id, skill=skill
        )
