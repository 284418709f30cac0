"""The Registry's rules, tested on the services themselves (no HTTP), each test rolled back."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.errors import Conflict, Forbidden, PreconditionFailed, ValidationFailed
from services.common.identity import ALL_SCOPES, Identity
from services.common.pagination import PageParams
from services.registry.db.models import Community, Organization
from services.registry.domain.community import CommunityService
from services.registry.domain.pairing import PairingService
from services.registry.domain.person import SocialWorkerService, VolunteerService
from services.registry.schemas import (
    CommunityCreate,
    PairingCreate,
    SocialWorkerCreate,
    VolunteerCreate,
)
from tests.factories import HAISHU, suffix

OFFICER = Identity(sub="officer", kind="user", role="officer", scopes=frozenset(ALL_SCOPES))


def _community_admin(community_id: uuid.UUID) -> Identity:
    return Identity(sub="ca", kind="user", role="community_admin", community_id=str(community_id))


async def _community(session: AsyncSession, **over: object) -> Community:
    data = CommunityCreate.model_validate(
        {"name": f"测试社区{suffix()}", "kind": "community", "region_code": HAISHU, **over}
    )
    return await CommunityService(session).create(data, OFFICER)


async def _org(session: AsyncSession) -> Organization:
    org = Organization(
        name=f"测试组织{suffix()}",
        name_bigrams=[],
        registration="filed",
        filing_no=f"备{suffix()}",
        legal_form="social_group",
        roles=[],
        domains=[],
        region_code=HAISHU,
        credit_status="normal",
        status="active",
        party_has_branch=False,
        party_members=0,
        staff_full_time=0,
        staff_certified_social_workers=0,
        rating_sum=0,
        rating_count=0,
    )
    session.add(org)
    await session.flush()
    return org


class TestIsolation:
    @pytest.mark.parametrize("attempt", [1, 2])
    async def test_each_test_starts_from_what_was_committed(
        self, registry_session: AsyncSession, attempt: int
    ) -> None:
        """The same fixed code in both runs: the second passes only if the first was undone."""
        row = await _community(registry_session, code="ISOLATION-CHECK")
        await registry_session.commit()  # a SAVEPOINT inside the outer transaction
        found = await registry_session.scalar(
            sa.select(sa.func.count()).where(Community.code == "ISOLATION-CHECK")
        )
        assert found == 1, attempt
        assert row.id is not None


class TestCommunityRules:
    async def test_unknown_region_is_422(self, registry_session: AsyncSession) -> None:
        with pytest.raises(ValidationFailed) as caught:
            await _community(registry_session, region_code="339999")
        assert caught.value.code == "region_unknown"

    async def test_a_taken_code_is_409(self, registry_session: AsyncSession) -> None:
        await _community(registry_session, code="TAKEN-1")
        with pytest.raises(Conflict) as caught:
            await _community(registry_session, code="TAKEN-1")
        assert caught.value.code == "community_code_taken"

    async def test_a_community_admin_edits_only_its_own(
        self, registry_session: AsyncSession
    ) -> None:
        mine, other = await _community(registry_session), await _community(registry_session)
        service = CommunityService(registry_session)
        admin = _community_admin(mine.id)
        updated = await service.update(mine.id, {"population": 10}, 'W/"1"', admin)
        assert updated.population == 10
        with pytest.raises(Forbidden):
            await service.update(other.id, {"population": 10}, 'W/"1"', admin)

    async def test_a_stale_etag_is_412_and_null_required_fields_422(
        self, registry_session: AsyncSession
    ) -> None:
        row = await _community(registry_session)
        service = CommunityService(registry_session)
        await service.update(row.id, {"population": 1}, 'W/"1"', OFFICER)
        with pytest.raises(PreconditionFailed):
            await service.update(row.id, {"population": 2}, 'W/"1"', OFFICER)
        with pytest.raises(ValidationFailed) as caught:
            await service.update(row.id, {"name": None}, f'W/"{row.version}"', OFFICER)
        assert caught.value.code == "field_required"

    async def test_list_filters_by_region_subtree(self, registry_session: AsyncSession) -> None:
        row = await _community(registry_session, name=f"子树{suffix()}")
        rows, _ = await CommunityService(registry_session).list(
            PageParams(limit=200, after=None), region_code="330200", q=row.name
        )
        assert [r.id for r in rows] == [row.id]


class TestPairingRules:
    async def test_overlapping_active_pairings_are_409(
        self, registry_session: AsyncSession
    ) -> None:
        org, community = await _org(registry_session), await _community(registry_session)
        service = PairingService(registry_session)

        def body(start: str, end: str) -> PairingCreate:
            return PairingCreate.model_validate(
                {
                    "org_id": str(org.id),
                    "community_id": str(community.id),
                    "start_date": start,
                    "end_date": end,
                    "plan": "帮扶",
                }
            )

        first = await service.create(body("2026-01-01", "2026-06-30"), OFFICER)
        with pytest.raises(Conflict) as caught:
            await service.create(body("2026-06-01", "2026-12-31"), OFFICER)
        assert caught.value.code == "pairing_overlap"
        later = await service.create(body("2026-07-01", "2026-12-31"), OFFICER)
        assert later.start_date == dt.date(2026, 7, 1)
        ended = await service.update(first.id, {"status": "ended"}, 'W/"1"', OFFICER)
        assert ended.status == "ended"


class TestPeopleRules:
    async def test_a_certificate_is_unique(self, registry_session: AsyncSession) -> None:
        service = SocialWorkerService(registry_session)
        data = SocialWorkerCreate.model_validate(
            {
                "name": "李华",
                "qualification": "assistant",
                "certificate_no": f"SW{suffix()}",
                "region_code": HAISHU,
            }
        )
        await service.create(data, OFFICER)
        with pytest.raises(Conflict) as caught:
            await service.create(data, OFFICER)
        assert caught.value.code == "certificate_taken"

    async def test_a_community_admin_registers_only_its_own_volunteers(
        self, registry_session: AsyncSession
    ) -> None:
        mine, other = await _community(registry_session), await _community(registry_session)
        service = VolunteerService(registry_session)
        admin = _community_admin(mine.id)
        ok = await service.create(
            VolunteerCreate.model_validate({"name": "张三", "community_id": str(mine.id)}), admin
        )
        assert ok.community_id == mine.id
        with pytest.raises(Forbidden):
            await service.create(
                VolunteerCreate.model_validate({"name": "李四", "community_id": str(other.id)}),
                admin,
            )
        with pytest.raises(Forbidden):
            await service.update(ok.id, {"community_id": other.id}, 'W/"1"', admin)
