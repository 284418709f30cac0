"""``/v1/regions``: the shipped tree, ancestry, and townships and villages added by API."""

from __future__ import annotations

import random
import uuid

from services.common.identity import Identity
from tests.factories import HAISHU, NINGBO
from tests.system_fixture import System

PATH = "/v1/regions"


def _fresh_township(county: str = HAISHU) -> str:
    return county + f"{random.randint(100, 999)}"


async def _township(system: System, county: str = HAISHU) -> str:
    headers = await system.admin_headers()
    for _ in range(20):
        code = _fresh_township(county)
        response = await system.gateway.post(
            PATH,
            json={
                "code": code,
                "name": f"测试街道{code[-3:]}",
                "level": "township",
                "parent_code": county,
            },
            headers=headers,
        )
        if response.status_code == 201:
            return code
        assert response.json()["code"] == "region_exists", response.text
    raise AssertionError("no free township code")


class TestListRegions:
    async def test_provinces_without_parent(self, system: System) -> None:
        response = await system.gateway.get(
            PATH, params={"limit": 200}, headers=await system.admin_headers()
        )
        assert response.status_code == 200
        items = response.json()["items"]
        assert len(items) == 31
        assert {
            "code": "330000",
            "name": "浙江省",
            "level": "province",
            "parent_code": None,
        } in items

    async def test_children_of_a_city(self, system: System) -> None:
        response = await system.gateway.get(
            PATH, params={"parent_code": NINGBO, "limit": 200}, headers=await system.admin_headers()
        )
        names = {r["name"] for r in response.json()["items"]}
        assert "海曙区" in names
        assert all(r["parent_code"] == NINGBO for r in response.json()["items"])

    async def test_pages_by_code(self, system: System) -> None:
        headers = await system.admin_headers()
        first = (await system.gateway.get(PATH, params={"limit": 10}, headers=headers)).json()
        second = (
            await system.gateway.get(
                PATH, params={"limit": 10, "cursor": first["next_cursor"]}, headers=headers
            )
        ).json()
        codes = [r["code"] for r in first["items"] + second["items"]]
        assert codes == sorted(codes)
        assert len(set(codes)) == 20

    async def test_unknown_parent_is_404(self, system: System) -> None:
        response = await system.gateway.get(
            PATH, params={"parent_code": "999999"}, headers=await system.admin_headers()
        )
        assert response.status_code == 404

    async def test_level_filter(self, system: System) -> None:
        response = await system.gateway.get(
            PATH, params={"level": "city", "limit": 200}, headers=await system.admin_headers()
        )
        assert {r["level"] for r in response.json()["items"]} == {"city"}


class TestGetRegion:
    async def test_county(self, system: System) -> None:
        response = await system.gateway.get(
            f"{PATH}/{HAISHU}", headers=await system.admin_headers()
        )
        assert response.status_code == 200
        assert response.json() == {
            "code": HAISHU,
            "name": "海曙区",
            "level": "county",
            "parent_code": NINGBO,
        }
        assert response.headers["etag"]

    async def test_unknown_is_404(self, system: System) -> None:
        response = await system.gateway.get(f"{PATH}/339999", headers=await system.admin_headers())
        assert response.status_code == 404


class TestRegionAncestry:
    async def test_province_first(self, system: System) -> None:
        response = await system.gateway.get(
            f"{PATH}/{HAISHU}/ancestors", headers=await system.admin_headers()
        )
        assert [r["code"] for r in response.json()] == ["330000", NINGBO, HAISHU]

    async def test_village_ancestry(self, system: System) -> None:
        township = await _township(system)
        village = township + "201"
        created = await system.gateway.post(
            PATH,
            json={"code": village, "name": "测试村", "level": "village", "parent_code": township},
            headers=await system.admin_headers(),
        )
        assert created.status_code == 201, created.text
        response = await system.gateway.get(
            f"{PATH}/{village}/ancestors", headers=await system.admin_headers()
        )
        assert [r["level"] for r in response.json()] == [
            "province",
            "city",
            "county",
            "township",
            "village",
        ]

    async def test_unknown_is_404(self, system: System) -> None:
        response = await system.gateway.get(
            f"{PATH}/339999/ancestors", headers=await system.admin_headers()
        )
        assert response.status_code == 404


class TestCreateRegion:
    async def test_township_under_county(self, system: System) -> None:
        code = await _township(system)
        response = await system.gateway.get(f"{PATH}/{code}", headers=await system.admin_headers())
        assert response.json()["level"] == "township"
        assert response.json()["parent_code"] == HAISHU

    async def test_duplicate_is_409(self, system: System) -> None:
        code = await _township(system)
        response = await system.gateway.post(
            PATH,
            json={"code": code, "name": "重复", "level": "township", "parent_code": HAISHU},
            headers=await system.admin_headers(),
        )
        assert response.status_code == 409
        assert response.json()["code"] == "region_exists"

    async def test_unknown_parent_is_422(self, system: System) -> None:
        response = await system.gateway.post(
            PATH,
            json={"code": "339999001", "name": "无", "level": "township", "parent_code": "339999"},
            headers=await system.admin_headers(),
        )
        assert response.status_code == 422
        assert response.json()["code"] == "region_unknown"

    async def test_code_outside_parent_is_422(self, system: System) -> None:
        response = await system.gateway.post(
            PATH,
            json={"code": "330205001", "name": "错", "level": "township", "parent_code": HAISHU},
            headers=await system.admin_headers(),
        )
        assert response.status_code == 422
        assert response.json()["code"] == "region_invalid"

    async def test_wrong_length_for_level_is_422(self, system: System) -> None:
        response = await system.gateway.post(
            PATH,
            json={
                "code": HAISHU + "001001",
                "name": "错",
                "level": "township",
                "parent_code": HAISHU,
            },
            headers=await system.admin_headers(),
        )
        assert response.status_code == 422
        assert response.json()["code"] == "region_invalid"

    async def test_village_under_county_is_422(self, system: System) -> None:
        response = await system.gateway.post(
            PATH,
            json={
                "code": HAISHU + "001001",
                "name": "错",
                "level": "village",
                "parent_code": HAISHU,
            },
            headers=await system.admin_headers(),
        )
        assert response.status_code == 422
        assert response.json()["code"] == "region_invalid"

    async def test_counties_ship_with_the_system(self, system: System) -> None:
        response = await system.gateway.post(
            PATH,
            json={"code": "330299", "name": "新区", "level": "county", "parent_code": NINGBO},
            headers=await system.admin_headers(),
        )
        assert response.status_code == 422
        assert response.json()["code"] == "region_invalid"

    async def test_malformed_code_is_422(self, system: System) -> None:
        response = await system.gateway.post(
            PATH,
            json={"code": "33A", "name": "错", "level": "township", "parent_code": HAISHU},
            headers=await system.admin_headers(),
        )
        assert response.status_code == 422
        assert response.json()["code"] == "validation_failed"

    async def test_community_admin_may_not(self, system: System) -> None:
        caller = Identity(
            sub="c",
            kind="user",
            role="community_admin",
            community_id=str(uuid.uuid4()),
            scopes=frozenset({"registry:read", "registry:write"}),
        )
        response = await system.direct["registry"].post(
            PATH,
            json={
                "code": _fresh_township(),
                "name": "x",
                "level": "township",
                "parent_code": HAISHU,
            },
            headers=system.signed(caller),
        )
        assert response.status_code == 403
        assert response.json()["code"] == "role_not_allowed"
