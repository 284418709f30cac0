"""``/v1/communities`` and ``/v1/collaborations``."""

from __future__ import annotations

import uuid
from typing import Any

from services.common.identity import Identity
from tests.factories import (
    GUIZHOU,
    HAISHU,
    JIANGBEI,
    NINGBO,
    ZUNYI,
    community_payload,
    create,
    suffix,
)
from tests.system_fixture import System

PATH = "/v1/communities"
COLLAB = "/v1/collaborations"


def _community_admin(community_id: str) -> Identity:
    return Identity(
        sub="ca",
        kind="user",
        role="community_admin",
        community_id=community_id,
        scopes=frozenset({"registry:read", "registry:write"}),
    )


class TestCreateCommunity:
    async def test_created(self, system: System) -> None:
        body = community_payload(code=f"C{suffix()}")
        created = await create(system.gateway, PATH, body, await system.admin_headers())
        assert created["name"] == body["name"]
        assert created["tags"] == ["old_town"]
        assert created["code"] == body["code"]

    async def test_village(self, system: System) -> None:
        created = await create(
            system.gateway,
            PATH,
            community_payload(kind="village", region_code=ZUNYI),
            await system.admin_headers(),
        )
        assert created["kind"] == "village"

    async def test_unknown_region_is_422(self, system: System) -> None:
        response = await system.gateway.post(
            PATH, json=community_payload(region_code="339999"), headers=await system.admin_headers()
        )
        assert response.status_code == 422
        assert response.json()["code"] == "region_unknown"

    async def test_duplicate_code_is_409(self, system: System) -> None:
        code = f"C{suffix()}"
        await create(
            system.gateway, PATH, community_payload(code=code), await system.admin_headers()
        )
        response = await system.gateway.post(
            PATH, json=community_payload(code=code), headers=await system.admin_headers()
        )
        assert response.status_code == 409
        assert response.json()["code"] == "community_code_taken"

    async def test_bad_kind_is_422(self, system: System) -> None:
        response = await system.gateway.post(
            PATH, json=community_payload(kind="town"), headers=await system.admin_headers()
        )
        assert response.status_code == 422


class TestGetCommunity:
    async def test_with_etag(self, system: System) -> None:
        created = await create(
            system.gateway, PATH, community_payload(), await system.admin_headers()
        )
        response = await system.gateway.get(
            f"{PATH}/{created['id']}", headers=await system.admin_headers()
        )
        assert response.json() == created
        assert response.headers["etag"] == 'W/"1"'

    async def test_unknown_is_404(self, system: System) -> None:
        response = await system.gateway.get(
            f"{PATH}/{uuid.uuid4()}", headers=await system.admin_headers()
        )
        assert response.status_code == 404


class TestUpdateCommunity:
    async def test_with_etag(self, system: System) -> None:
        created = await create(
            system.gateway, PATH, community_payload(), await system.admin_headers()
        )
        response = await system.gateway.patch(
            f"{PATH}/{created['id']}",
            json={"population": 6000},
            headers={**(await system.admin_headers()), "If-Match": 'W/"1"'},
        )
        assert response.status_code == 200
        assert response.json()["population"] == 6000
        assert response.headers["etag"] == 'W/"2"'

    async def test_stale_etag_is_412(self, system: System) -> None:
        created = await create(
            system.gateway, PATH, community_payload(), await system.admin_headers()
        )
        headers = {**(await system.admin_headers()), "If-Match": 'W/"1"'}
        await system.gateway.patch(
            f"{PATH}/{created['id']}", json={"population": 1}, headers=headers
        )
        response = await system.gateway.patch(
            f"{PATH}/{created['id']}", json={"population": 2}, headers=headers
        )
        assert response.status_code == 412

    async def test_missing_if_match_is_428(self, system: System) -> None:
        created = await create(
            system.gateway, PATH, community_payload(), await system.admin_headers()
        )
        response = await system.gateway.patch(
            f"{PATH}/{created['id']}", json={"population": 1}, headers=await system.admin_headers()
        )
        assert response.status_code == 428

    async def test_community_admin_edits_own_only(self, system: System) -> None:
        mine = await create(system.gateway, PATH, community_payload(), await system.admin_headers())
        other = await create(
            system.gateway, PATH, community_payload(), await system.admin_headers()
        )
        headers = system.signed(_community_admin(mine["id"]), **{"If-Match": 'W/"1"'})
        ok = await system.direct["registry"].patch(
            f"{PATH}/{mine['id']}", json={"tags": ["elderly"]}, headers=headers
        )
        assert ok.status_code == 200
        refused = await system.direct["registry"].patch(
            f"{PATH}/{other['id']}", json={"tags": ["elderly"]}, headers=headers
        )
        assert refused.status_code == 403
        assert refused.json()["code"] == "community_mismatch"


class TestListCommunities:
    async def test_region_includes_descendants(self, system: System) -> None:
        tag = suffix()
        headers = await system.admin_headers()
        a = await create(
            system.gateway, PATH, community_payload(name=f"甲{tag}", region_code=HAISHU), headers
        )
        b = await create(
            system.gateway, PATH, community_payload(name=f"乙{tag}", region_code=JIANGBEI), headers
        )
        c = await create(
            system.gateway, PATH, community_payload(name=f"丙{tag}", region_code=ZUNYI), headers
        )
        found = (
            await system.gateway.get(
                PATH, params={"region_code": NINGBO, "q": tag, "limit": 200}, headers=headers
            )
        ).json()["items"]
        ids = {x["id"] for x in found}
        assert {a["id"], b["id"]} == ids
        assert c["id"] not in ids


async def _collab(system: System, **over: Any) -> dict[str, Any]:
    body = {
        "kind": "east_west",
        "name": f"浙黔协作{suffix()}",
        "supporting_region_code": NINGBO,
        "receiving_region_code": ZUNYI,
        "start_date": "2024-01-01",
    }
    body.update(over)
    return await create(system.gateway, COLLAB, body, await system.admin_headers())


class TestCollaborations:
    async def test_create_and_get(self, system: System) -> None:
        created = await _collab(system)
        response = await system.gateway.get(
            f"{COLLAB}/{created['id']}", headers=await system.admin_headers()
        )
        assert response.json() == created
        assert response.json()["end_date"] is None
        assert response.headers["etag"] == 'W/"1"'

    async def test_unknown_region_is_422(self, system: System) -> None:
        response = await system.gateway.post(
            COLLAB,
            json={
                "kind": "mountain_sea",
                "name": "x",
                "supporting_region_code": "339999",
                "receiving_region_code": ZUNYI,
                "start_date": "2024-01-01",
            },
            headers=await system.admin_headers(),
        )
        assert response.status_code == 422
        assert response.json()["code"] == "region_unknown"
        assert response.json()["errors"][0]["field"] == "supporting_region_code"

    async def test_same_region_is_422(self, system: System) -> None:
        response = await system.gateway.post(
            COLLAB,
            json={
                "kind": "paired_assistance",
                "name": "x",
                "supporting_region_code": ZUNYI,
                "receiving_region_code": ZUNYI,
                "start_date": "2024-01-01",
            },
            headers=await system.admin_headers(),
        )
        assert response.status_code == 422

    async def test_end_before_start_is_422(self, system: System) -> None:
        response = await system.gateway.post(
            COLLAB,
            json={
                "kind": "east_west",
                "name": "x",
                "supporting_region_code": NINGBO,
                "receiving_region_code": ZUNYI,
                "start_date": "2024-01-01",
                "end_date": "2023-01-01",
            },
            headers=await system.admin_headers(),
        )
        assert response.status_code == 422
        assert response.json()["code"] == "dates_invalid"

    async def test_update_needs_current_etag(self, system: System) -> None:
        created = await _collab(system)
        url = f"{COLLAB}/{created['id']}"
        headers = await system.admin_headers()
        ok = await system.gateway.patch(
            url, json={"end_date": "2026-12-31"}, headers={**headers, "If-Match": 'W/"1"'}
        )
        assert ok.status_code == 200
        assert ok.json()["end_date"] == "2026-12-31"
        stale = await system.gateway.patch(
            url, json={"name": "y"}, headers={**headers, "If-Match": 'W/"1"'}
        )
        assert stale.status_code == 412

    async def test_list_by_either_side(self, system: System) -> None:
        created = await _collab(system, kind="mountain_sea")
        headers = await system.admin_headers()
        for region in (GUIZHOU, "330000"):
            items = (
                await system.gateway.get(
                    COLLAB,
                    params={"region_code": region, "kind": "mountain_sea", "limit": 200},
                    headers=headers,
                )
            ).json()["items"]
            assert created["id"] in {c["id"] for c in items}
        items = (
            await system.gateway.get(
                COLLAB, params={"region_code": "110000", "limit": 200}, headers=headers
            )
        ).json()["items"]
        assert created["id"] not in {c["id"] for c in items}

    async def test_org_admin_may_not_create(self, system: System) -> None:
        caller = Identity(
            sub="o",
            kind="user",
            role="org_admin",
            org_id=str(uuid.uuid4()),
            scopes=frozenset({"registry:read", "registry:write"}),
        )
        response = await system.direct["registry"].post(
            COLLAB,
            json={
                "kind": "east_west",
                "name": "x",
                "supporting_region_code": NINGBO,
                "receiving_region_code": ZUNYI,
                "start_date": "2024-01-01",
            },
            headers=system.signed(caller),
        )
        assert response.status_code == 403


class TestHugeNumbers:
    async def test_population_beyond_any_village_is_422(self, system: System) -> None:
        response = await system.gateway.post(
            "/v1/communities",
            json=community_payload(population=33748270885251770744832),
            headers=await system.admin_headers(),
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "population"
