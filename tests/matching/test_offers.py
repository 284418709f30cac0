"""``/v1/offers``: providers in standing, binding, regions, funds, ETags, withdrawal."""

from __future__ import annotations

import uuid

import sqlalchemy as sa

from services.matching.db.models import Offer, OfferReach
from tests.factories import suffix
from tests.funds.support import fund
from tests.matching.support import (
    DOMAIN,
    NANMING,
    admin,
    community,
    offer,
    offer_body,
    organization,
    person,
    synced,
)
from tests.system_fixture import System


async def _count(system: System, title: str) -> int:
    async with system.apps["matching"].state.database.engine.connect() as conn:
        return int(
            await conn.scalar(sa.select(sa.func.count()).where(Offer.__table__.c.title == title))
            or 0
        )


async def _reach(system: System, offer_id: str) -> set[tuple[str, str]]:
    table = OfferReach.__table__
    async with system.apps["matching"].state.database.engine.connect() as conn:
        rows = await conn.execute(
            sa.select(table.c.domain, table.c.region_code).where(
                table.c.offer_id == uuid.UUID(offer_id)
            )
        )
        return {(r.domain, r.region_code) for r in rows}


class TestCreateOffer:
    async def test_an_organization_offers(self, system: System) -> None:
        org = await organization(system)
        created = await offer(
            system,
            org["id"],
            domains=[DOMAIN, "children", "children"],
            service_region_codes=[NANMING, "520000"],
        )
        assert created["status"] == "open"
        assert created["remaining"] == created["capacity"] == 5
        assert created["provider_region_code"] == "330203"
        assert created["domains"] == [DOMAIN, "children"]
        assert await _reach(system, created["id"]) == {
            (DOMAIN, NANMING),
            (DOMAIN, "520000"),
            ("children", NANMING),
            ("children", "520000"),
        }

    async def test_a_dishonest_organization_may_not_offer(self, system: System) -> None:
        org = await organization(system, credit_status="dishonest")
        title = f"失信{suffix()}"
        response = await system.gateway.post(
            "/v1/offers", json=offer_body(org["id"], title=title), headers=await admin(system)
        )
        assert response.status_code == 409, response.text
        assert response.json()["code"] == "provider_not_eligible"
        assert response.json()["reasons"] == ["credit_dishonest"]
        assert await _count(system, title) == 0

    async def test_an_incubating_organization_may_not_offer(self, system: System) -> None:
        org = await organization(system, status="incubating")
        response = await system.gateway.post(
            "/v1/offers", json=offer_body(org["id"]), headers=await admin(system)
        )
        assert response.status_code == 409, response.text
        assert response.json()["reasons"] == ["status_incubating"]

    async def test_an_unknown_organization_is_422(self, system: System) -> None:
        response = await system.gateway.post(
            "/v1/offers", json=offer_body(str(uuid.uuid4())), headers=await admin(system)
        )
        assert response.status_code == 422, response.text
        assert response.json()["code"] == "provider_unknown"

    async def test_an_unknown_service_region_is_422(self, system: System) -> None:
        org = await organization(system)
        title = f"无区划{suffix()}"
        body = offer_body(org["id"], title=title, service_region_codes=[NANMING, "999999"])
        response = await system.gateway.post("/v1/offers", json=body, headers=await admin(system))
        assert response.status_code == 422, response.text
        assert response.json()["code"] == "region_unknown"
        assert response.json()["errors"][0]["field"] == "service_region_codes[1]"
        assert await _count(system, title) == 0

    async def test_a_volunteer_offers_from_their_community(self, system: System) -> None:
        village = await community(system)
        body = {"name": "陈建国", "phone": "13705741122", "community_id": village["id"]}
        response = await system.gateway.post(
            "/v1/volunteers", json=body, headers=await admin(system)
        )
        assert response.status_code == 201, response.text
        await synced(system)
        created = await offer(system, response.json()["id"], kind="volunteer")
        assert created["provider"]["kind"] == "volunteer"
        assert created["provider_region_code"] == NANMING

    async def test_a_window_ending_before_it_starts_is_422(self, system: System) -> None:
        org = await organization(system)
        body = offer_body(org["id"], window={"start": "2030-02-01", "end": "2030-01-01"})
        response = await system.gateway.post("/v1/offers", json=body, headers=await admin(system))
        assert response.status_code == 422, response.text
        assert response.json()["code"] == "dates_invalid"


class TestFunds:
    async def test_money_names_an_active_fund(self, system: System) -> None:
        created_fund = await fund(system)
        donor = str(uuid.uuid4())
        created = await offer(
            system, donor, kind="donor", resource_kind="funds", fund_id=created_fund["id"]
        )
        assert created["fund_id"] == created_fund["id"]
        assert created["provider_region_code"] is None

    async def test_money_without_a_fund_is_422(self, system: System) -> None:
        body = offer_body(str(uuid.uuid4()), kind="donor", resource_kind="funds")
        response = await system.gateway.post("/v1/offers", json=body, headers=await admin(system))
        assert response.status_code == 422, response.text
        assert response.json()["code"] == "fund_required"

    async def test_an_unknown_fund_is_422(self, system: System) -> None:
        body = offer_body(
            str(uuid.uuid4()), kind="donor", resource_kind="funds", fund_id=str(uuid.uuid4())
        )
        response = await system.gateway.post("/v1/offers", json=body, headers=await admin(system))
        assert response.status_code == 422, response.text
        assert response.json()["code"] == "fund_unknown"


class TestBinding:
    async def test_an_org_admin_offers_for_its_own(self, system: System) -> None:
        mine, other = await organization(system), await organization(system)
        headers = person(system, "org_admin", org_id=mine["id"])
        ok = await system.direct["matching"].post(
            "/v1/offers", json=offer_body(mine["id"]), headers=headers
        )
        assert ok.status_code == 201, ok.text
        title = f"越权{suffix()}"
        refused = await system.direct["matching"].post(
            "/v1/offers", json=offer_body(other["id"], title=title), headers=headers
        )
        assert refused.status_code == 403, refused.text
        assert refused.json()["code"] == "org_mismatch"
        assert await _count(system, title) == 0
        withdraw = await system.direct["matching"].post(
            f"/v1/offers/{ok.json()['id']}/withdraw",
            headers=person(system, "org_admin", org_id=other["id"]),
        )
        assert withdraw.status_code == 403, withdraw.text

    async def test_a_community_admin_may_not_offer_as_an_organization(self, system: System) -> None:
        org = await organization(system)
        village = await community(system)
        headers = person(system, "community_admin", community_id=village["id"])
        response = await system.direct["matching"].post(
            "/v1/offers", json=offer_body(org["id"]), headers=headers
        )
        assert response.status_code == 403, response.text
        assert response.json()["code"] == "provider_not_allowed"


class TestUpdateAndWithdraw:
    async def test_patch_moves_the_reach(self, system: System) -> None:
        org = await organization(system)
        created = await offer(system, org["id"])
        headers = await admin(system)
        got = await system.gateway.get(f"/v1/offers/{created['id']}", headers=headers)
        response = await system.gateway.patch(
            f"/v1/offers/{created['id']}",
            json={"service_region_codes": ["520100"], "domains": ["children"]},
            headers={**headers, "If-Match": got.headers["ETag"]},
        )
        assert response.status_code == 200, response.text
        assert await _reach(system, created["id"]) == {("children", "520100")}
        stale = await system.gateway.patch(
            f"/v1/offers/{created['id']}",
            json={"title": "改名"},
            headers={**headers, "If-Match": got.headers["ETag"]},
        )
        assert stale.status_code == 412, stale.text

    async def test_capacity_is_not_patchable(self, system: System) -> None:
        org = await organization(system)
        created = await offer(system, org["id"])
        response = await system.gateway.patch(
            f"/v1/offers/{created['id']}",
            json={"capacity": 50},
            headers={**await admin(system), "If-Match": "*"},
        )
        assert response.status_code == 422, response.text

    async def test_withdraw_once(self, system: System) -> None:
        org = await organization(system)
        created = await offer(system, org["id"])
        headers = await admin(system)
        first = await system.gateway.post(f"/v1/offers/{created['id']}/withdraw", headers=headers)
        assert first.status_code == 200, first.text
        assert first.json()["status"] == "withdrawn"
        assert await _reach(system, created["id"]) == set()
        again = await system.gateway.post(f"/v1/offers/{created['id']}/withdraw", headers=headers)
        assert again.status_code == 409, again.text
        assert again.json()["code"] == "offer_state"

    async def test_list_by_provider(self, system: System) -> None:
        org = await organization(system)
        first = await offer(system, org["id"])
        second = await offer(system, org["id"], domains=["children"])
        headers = await admin(system)
        page = await system.gateway.get(
            "/v1/offers", params={"provider_id": org["id"]}, headers=headers
        )
        assert page.status_code == 200, page.text
        assert [o["id"] for o in page.json()["items"]] == [first["id"], second["id"]]
        by_domain = await system.gateway.get(
            "/v1/offers", params={"provider_id": org["id"], "domain": "children"}, headers=headers
        )
        assert [o["id"] for o in by_domain.json()["items"]] == [second["id"]]
