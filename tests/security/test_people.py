"""People's names masked for callers who do not need them; bindings moved only by their admin."""

from __future__ import annotations

from typing import Any

from services.common.identity import Identity
from tests.factories import HAISHU, community_payload, create, org_payload
from tests.system_fixture import System


def _resident() -> Identity:
    return Identity(sub="r", kind="user", role="resident", scopes=frozenset({"registry:read"}))


def _partner_key() -> Identity:
    return Identity(sub="k", kind="api_key", scopes=frozenset({"registry:read"}))


def _admin(role: str, **binding: str) -> Identity:
    return Identity(
        sub=role,
        kind="user",
        role=role,
        scopes=frozenset({"registry:read", "registry:write"}),
        **binding,
    )


async def _setup(system: System) -> dict[str, Any]:
    headers = await system.admin_headers()
    org = await create(system.gateway, "/v1/organizations", org_payload(), headers)
    other_org = await create(system.gateway, "/v1/organizations", org_payload(), headers)
    community = await create(system.gateway, "/v1/communities", community_payload(), headers)
    other = await create(system.gateway, "/v1/communities", community_payload(), headers)
    worker = await create(
        system.gateway,
        "/v1/social-workers",
        {
            "name": "欧阳小红",
            "qualification": "assistant",
            "region_code": HAISHU,
            "org_id": org["id"],
            "phone": "13912345678",
        },
        headers,
    )
    volunteer = await create(
        system.gateway,
        "/v1/volunteers",
        {"name": "王明", "community_id": community["id"], "team_org_id": org["id"]},
        headers,
    )
    return {
        "org": org,
        "other_org": other_org,
        "community": community,
        "other": other,
        "worker": worker,
        "volunteer": volunteer,
    }


class TestNames:
    async def test_residents_and_partner_keys_see_surnames_only(self, system: System) -> None:
        made = await _setup(system)
        registry = system.direct["registry"]
        for who in (_resident(), _partner_key()):
            headers = system.signed(who)
            worker = (
                await registry.get(f"/v1/social-workers/{made['worker']['id']}", headers=headers)
            ).json()
            assert worker["name"] == "欧***"
            assert worker["phone"] == "139****5678"
            volunteer = (
                await registry.get(f"/v1/volunteers/{made['volunteer']['id']}", headers=headers)
            ).json()
            assert volunteer["name"] == "王*"
            page = (
                await registry.get(
                    f"/v1/volunteers?community_id={made['community']['id']}", headers=headers
                )
            ).json()
            assert [v["name"] for v in page["items"]] == ["王*"]

    async def test_officers_and_the_bound_admin_see_full_names(self, system: System) -> None:
        made = await _setup(system)
        registry = system.direct["registry"]
        officer = (
            await registry.get(
                f"/v1/social-workers/{made['worker']['id']}", headers=system.signed()
            )
        ).json()
        assert officer["name"] == "欧阳小红"
        own = system.signed(_admin("org_admin", org_id=made["org"]["id"]))
        assert (
            await registry.get(f"/v1/social-workers/{made['worker']['id']}", headers=own)
        ).json()["name"] == "欧阳小红"
        stranger = system.signed(_admin("org_admin", org_id=made["other_org"]["id"]))
        assert (
            await registry.get(f"/v1/social-workers/{made['worker']['id']}", headers=stranger)
        ).json()["name"] == "欧***"
        community_admin = system.signed(
            _admin("community_admin", community_id=made["community"]["id"])
        )
        assert (
            await registry.get(f"/v1/volunteers/{made['volunteer']['id']}", headers=community_admin)
        ).json()["name"] == "王明"


class TestVolunteerBindings:
    async def test_an_org_admin_cannot_move_a_volunteer_to_another_community(
        self, system: System
    ) -> None:
        made = await _setup(system)
        registry = system.direct["registry"]
        headers = system.signed(_admin("org_admin", org_id=made["org"]["id"]))
        path = f"/v1/volunteers/{made['volunteer']['id']}"
        etag = (await registry.get(path, headers=system.signed())).headers["etag"]
        moved = await registry.patch(
            path,
            json={"community_id": made["other"]["id"]},
            headers={**headers, "If-Match": etag},
        )
        assert moved.status_code == 403
        assert moved.json()["code"] == "community_mismatch"
        skills = await registry.patch(
            path, json={"skills": ["first_aid"]}, headers={**headers, "If-Match": etag}
        )
        assert skills.status_code == 200

    async def test_a_community_admin_cannot_move_a_volunteer_to_another_team(
        self, system: System
    ) -> None:
        made = await _setup(system)
        registry = system.direct["registry"]
        headers = system.signed(_admin("community_admin", community_id=made["community"]["id"]))
        path = f"/v1/volunteers/{made['volunteer']['id']}"
        etag = (await registry.get(path, headers=system.signed())).headers["etag"]
        moved = await registry.patch(
            path,
            json={"team_org_id": made["other_org"]["id"]},
            headers={**headers, "If-Match": etag},
        )
        assert moved.status_code == 403
        assert moved.json()["code"] == "org_mismatch"
