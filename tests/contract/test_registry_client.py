"""``RegistryClient`` against the real Registry app through ``httpx.ASGITransport``."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import httpx
import pytest

from services.common.errors import NotFound, ValidationFailed
from services.common.identity import IdentitySigner
from services.registry.client import RegistryClient
from services.registry.schemas import OrganizationRead, RegionRead
from tests.factories import HAISHU, ZUNYI, community_payload, create, org_payload
from tests.system_fixture import INTERNAL_SECRET, System


@pytest.fixture
async def client(system: System) -> AsyncIterator[RegistryClient]:
    registry = RegistryClient(
        "http://registry",
        caller="matching",
        signer=IdentitySigner(INTERNAL_SECRET.encode()),
        transport=httpx.ASGITransport(app=system.apps["registry"]),
    )
    yield registry
    await registry.aclose()


async def _org(system: System) -> dict[str, object]:
    return await create(
        system.gateway, "/v1/organizations", org_payload(), await system.admin_headers()
    )


class TestGetOrganization:
    async def test_returns_the_schema(self, system: System, client: RegistryClient) -> None:
        org = await _org(system)
        got = await client.get_organization(str(org["id"]))
        assert isinstance(got, OrganizationRead)
        assert str(got.id) == org["id"]
        assert got.contact.phone == "13812345678"  # services hold pii:read

    async def test_unknown_raises_not_found(self, client: RegistryClient) -> None:
        with pytest.raises(NotFound):
            await client.get_organization(uuid.uuid4())
        assert await client.find_organization(uuid.uuid4()) is None


class TestCheckStanding:
    async def test_eligible(self, system: System, client: RegistryClient) -> None:
        org = await _org(system)
        standing = await client.check_standing(str(org["id"]))
        assert standing.eligible is True
        assert standing.reasons == []


class TestRegionAncestry:
    async def test_province_first(self, client: RegistryClient) -> None:
        chain = await client.get_region_ancestry(HAISHU)
        assert all(isinstance(r, RegionRead) for r in chain)
        assert [r.level for r in chain] == ["province", "city", "county"]

    async def test_unknown_raises_not_found(self, client: RegistryClient) -> None:
        with pytest.raises(NotFound):
            await client.get_region_ancestry("339999")


class TestPairingsAndCommunity:
    async def test_pairings_between_org_and_community(
        self, system: System, client: RegistryClient
    ) -> None:
        headers = await system.admin_headers()
        org = await _org(system)
        village = await create(
            system.gateway,
            "/v1/communities",
            community_payload(kind="village", region_code=ZUNYI),
            headers,
        )
        assert (await client.list_pairings(str(org["id"]), village["id"])) == []
        pairing = await create(
            system.gateway,
            "/v1/pairings",
            {
                "org_id": org["id"],
                "community_id": village["id"],
                "start_date": "2024-01-01",
                "end_date": "2099-01-01",
                "plan": "帮扶",
            },
            headers,
        )
        found = await client.list_pairings(str(org["id"]), village["id"], status="active")
        assert [str(p.id) for p in found] == [pairing["id"]]
        community = await client.get_community(village["id"])
        assert community.kind == "village"


class TestPostRating:
    async def test_idempotent_per_source(self, system: System, client: RegistryClient) -> None:
        org = await _org(system)
        source = uuid.uuid4()
        first = await client.post_rating(str(org["id"]), 4, source_match_id=source)
        again = await client.post_rating(str(org["id"]), 4, source_match_id=source)
        assert again.id == first.id
        assert again.rating.count == 1
        assert again.rating.average == 4.0

    async def test_bad_score_is_validation_failed(
        self, system: System, client: RegistryClient
    ) -> None:
        org = await _org(system)
        with pytest.raises(ValidationFailed):
            await client.request(
                "POST", f"/v1/organizations/{org['id']}/ratings", json={"score": 9}
            )
