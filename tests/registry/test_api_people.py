"""``/v1/social-workers`` and ``/v1/volunteers``: personal data masked without ``pii:read``."""

from __future__ import annotations

import uuid
from typing import Any

from services.common.identity import Identity
from tests.factories import HAISHU, NINGBO, ZUNYI, community_payload, create, org_payload, suffix
from tests.system_fixture import System

SW = "/v1/social-workers"
VOL = "/v1/volunteers"
READER = Identity(sub="r", kind="user", role="social_worker", scopes=frozenset({"registry:read"}))


def _worker(**over: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "李华",
        "qualification": "intermediate",
        "certificate_no": f"SW{suffix()}{suffix()}",
        "region_code": HAISHU,
        "skills": ["elderly_care", "counselling"],
        "phone": "13912345678",
    }
    body.update(over)
    return body


def _org_admin(org_id: str) -> Identity:
    return Identity(
        sub="oa",
        kind="user",
        role="org_admin",
        org_id=org_id,
        scopes=frozenset({"registry:read", "registry:write"}),
    )


class TestCreateSocialWorker:
    async def test_created_and_visible_to_pii_reader(self, system: System) -> None:
        body = _worker()
        created = await create(system.gateway, SW, body, await system.admin_headers())
        assert created["phone"] == "13912345678"
        assert created["certificate_no"] == body["certificate_no"]

    async def test_masked_without_pii(self, system: System) -> None:
        body = _worker()
        created = await create(system.gateway, SW, body, await system.admin_headers())
        response = await system.direct["registry"].get(
            f"{SW}/{created['id']}", headers=system.signed(READER)
        )
        assert response.json()["phone"] == "139****5678"
        cert = response.json()["certificate_no"]
        assert cert != body["certificate_no"]
        assert cert.startswith(body["certificate_no"][:3])
        assert cert.endswith(body["certificate_no"][-4:])
        assert "*" in cert

    async def test_list_is_masked_too(self, system: System) -> None:
        org = await create(
            system.gateway, "/v1/organizations", org_payload(), await system.admin_headers()
        )
        await create(system.gateway, SW, _worker(org_id=org["id"]), await system.admin_headers())
        response = await system.direct["registry"].get(
            SW, params={"org_id": org["id"]}, headers=system.signed(READER)
        )
        assert [w["phone"] for w in response.json()["items"]] == ["139****5678"]

    async def test_duplicate_certificate_is_409(self, system: System) -> None:
        body = _worker()
        await create(system.gateway, SW, body, await system.admin_headers())
        response = await system.gateway.post(
            SW,
            json=_worker(certificate_no=body["certificate_no"]),
            headers=await system.admin_headers(),
        )
        assert response.status_code == 409
        assert response.json()["code"] == "certificate_taken"

    async def test_unknown_region_is_422(self, system: System) -> None:
        response = await system.gateway.post(
            SW, json=_worker(region_code="339999"), headers=await system.admin_headers()
        )
        assert response.status_code == 422
        assert response.json()["code"] == "region_unknown"

    async def test_unknown_org_is_422(self, system: System) -> None:
        response = await system.gateway.post(
            SW, json=_worker(org_id=str(uuid.uuid4())), headers=await system.admin_headers()
        )
        assert response.status_code == 422
        assert response.json()["code"] == "org_unknown"

    async def test_extra_personal_data_is_refused(self, system: System) -> None:
        response = await system.gateway.post(
            SW, json=_worker(id_card_no="330203199001011234"), headers=await system.admin_headers()
        )
        assert response.status_code == 422

    async def test_org_admin_only_for_own_org(self, system: System) -> None:
        org = await create(
            system.gateway, "/v1/organizations", org_payload(), await system.admin_headers()
        )
        headers = system.signed(_org_admin(org["id"]))
        ok = await system.direct["registry"].post(
            SW, json=_worker(org_id=org["id"]), headers=headers
        )
        assert ok.status_code == 201
        other = await system.direct["registry"].post(
            SW, json=_worker(org_id=str(uuid.uuid4())), headers=headers
        )
        assert other.status_code == 403


class TestSocialWorkerUpdateAndList:
    async def test_update_with_etag(self, system: System) -> None:
        created = await create(system.gateway, SW, _worker(), await system.admin_headers())
        url = f"{SW}/{created['id']}"
        headers = await system.admin_headers()
        ok = await system.gateway.patch(
            url, json={"qualification": "senior"}, headers={**headers, "If-Match": 'W/"1"'}
        )
        assert ok.status_code == 200
        assert ok.json()["qualification"] == "senior"
        assert (
            await system.gateway.patch(
                url, json={"name": "x"}, headers={**headers, "If-Match": 'W/"1"'}
            )
        ).status_code == 412
        assert (
            await system.gateway.patch(url, json={"name": "x"}, headers=headers)
        ).status_code == 428

    async def test_filters(self, system: System) -> None:
        skill = f"skill{suffix()}"
        headers = await system.admin_headers()
        a = await create(system.gateway, SW, _worker(skills=[skill], region_code=HAISHU), headers)
        b = await create(
            system.gateway,
            SW,
            _worker(skills=[skill], region_code=ZUNYI, qualification="assistant"),
            headers,
        )
        items = (
            await system.gateway.get(
                SW, params={"skill": skill, "region_code": NINGBO}, headers=headers
            )
        ).json()["items"]
        assert [w["id"] for w in items] == [a["id"]]
        items = (
            await system.gateway.get(
                SW, params={"skill": skill, "qualification": "assistant"}, headers=headers
            )
        ).json()["items"]
        assert [w["id"] for w in items] == [b["id"]]

    async def test_unknown_is_404(self, system: System) -> None:
        response = await system.gateway.get(
            f"{SW}/{uuid.uuid4()}", headers=await system.admin_headers()
        )
        assert response.status_code == 404


class TestVolunteers:
    async def test_create_get_masked(self, system: System) -> None:
        community = await create(
            system.gateway, "/v1/communities", community_payload(), await system.admin_headers()
        )
        created = await create(
            system.gateway,
            VOL,
            {
                "name": "张三",
                "phone": "13700001111",
                "community_id": community["id"],
                "skills": ["tutoring"],
            },
            await system.admin_headers(),
        )
        assert created["phone"] == "13700001111"
        response = await system.direct["registry"].get(
            f"{VOL}/{created['id']}", headers=system.signed(READER)
        )
        assert response.json()["phone"] == "137****1111"
        assert response.headers["etag"] == 'W/"1"'

    async def test_unknown_community_is_422(self, system: System) -> None:
        response = await system.gateway.post(
            VOL,
            json={"name": "x", "community_id": str(uuid.uuid4())},
            headers=await system.admin_headers(),
        )
        assert response.status_code == 422
        assert response.json()["code"] == "community_unknown"

    async def test_community_admin_for_own_community(self, system: System) -> None:
        community = await create(
            system.gateway, "/v1/communities", community_payload(), await system.admin_headers()
        )
        caller = Identity(
            sub="ca",
            kind="user",
            role="community_admin",
            community_id=community["id"],
            scopes=frozenset({"registry:read", "registry:write"}),
        )
        ok = await system.direct["registry"].post(
            VOL, json={"name": "x", "community_id": community["id"]}, headers=system.signed(caller)
        )
        assert ok.status_code == 201
        refused = await system.direct["registry"].post(
            VOL, json={"name": "x"}, headers=system.signed(caller)
        )
        assert refused.status_code == 403

    async def test_update_and_filter_by_skill(self, system: System) -> None:
        skill = f"s{suffix()}"
        headers = await system.admin_headers()
        created = await create(system.gateway, VOL, {"name": "王五"}, headers)
        patched = await system.gateway.patch(
            f"{VOL}/{created['id']}",
            json={"skills": [skill]},
            headers={**headers, "If-Match": 'W/"1"'},
        )
        assert patched.status_code == 200
        items = (await system.gateway.get(VOL, params={"skill": skill}, headers=headers)).json()[
            "items"
        ]
        assert [v["id"] for v in items] == [created["id"]]

    async def test_bad_phone_is_422(self, system: System) -> None:
        response = await system.gateway.post(
            VOL, json={"name": "x", "phone": "call me"}, headers=await system.admin_headers()
        )
        assert response.status_code == 422
