"""``/v1/pairings``: validated references and dates; ended pairings stay in history."""

from __future__ import annotations

import uuid
from typing import Any

from services.common.identity import Identity
from services.registry.domain.organization import today
from tests.factories import NINGBO, ZUNYI, community_payload, create, org_payload, suffix
from tests.system_fixture import System

PATH = "/v1/pairings"


async def _parties(system: System) -> tuple[dict[str, Any], dict[str, Any]]:
    headers = await system.admin_headers()
    org = await create(system.gateway, "/v1/organizations", org_payload(), headers)
    village = await create(
        system.gateway,
        "/v1/communities",
        community_payload(kind="village", region_code=ZUNYI),
        headers,
    )
    return org, village


def _body(org: dict[str, Any], community: dict[str, Any], **over: Any) -> dict[str, Any]:
    body = {
        "org_id": org["id"],
        "community_id": community["id"],
        "start_date": "2024-01-01",
        "end_date": "2099-12-31",
        "plan": "三年帮扶计划：助老、助学",
    }
    body.update(over)
    return body


class TestCreatePairing:
    async def test_created_active(self, system: System) -> None:
        org, village = await _parties(system)
        created = await create(
            system.gateway, PATH, _body(org, village), await system.admin_headers()
        )
        assert created["status"] == "active"
        assert created["collaboration_id"] is None

    async def test_with_collaboration(self, system: System) -> None:
        org, village = await _parties(system)
        collab = await create(
            system.gateway,
            "/v1/collaborations",
            {
                "kind": "east_west",
                "name": f"协作{suffix()}",
                "supporting_region_code": NINGBO,
                "receiving_region_code": ZUNYI,
                "start_date": "2024-01-01",
            },
            await system.admin_headers(),
        )
        created = await create(
            system.gateway,
            PATH,
            _body(org, village, collaboration_id=collab["id"]),
            await system.admin_headers(),
        )
        assert created["collaboration_id"] == collab["id"]

    async def test_unknown_references_are_422(self, system: System) -> None:
        org, village = await _parties(system)
        headers = await system.admin_headers()
        cases = [
            (_body(org, village, org_id=str(uuid.uuid4())), "org_unknown"),
            (_body(org, village, community_id=str(uuid.uuid4())), "community_unknown"),
            (_body(org, village, collaboration_id=str(uuid.uuid4())), "collaboration_unknown"),
        ]
        for body, code in cases:
            response = await system.gateway.post(PATH, json=body, headers=headers)
            assert response.status_code == 422, body
            assert response.json()["code"] == code

    async def test_end_before_start_is_422(self, system: System) -> None:
        org, village = await _parties(system)
        response = await system.gateway.post(
            PATH,
            json=_body(org, village, end_date="2023-01-01"),
            headers=await system.admin_headers(),
        )
        assert response.status_code == 422

    async def test_overlap_is_409(self, system: System) -> None:
        org, village = await _parties(system)
        headers = await system.admin_headers()
        await create(system.gateway, PATH, _body(org, village), headers)
        response = await system.gateway.post(
            PATH, json=_body(org, village, start_date="2025-01-01"), headers=headers
        )
        assert response.status_code == 409
        assert response.json()["code"] == "pairing_overlap"

    async def test_org_admin_of_another_org_is_403(self, system: System) -> None:
        org, village = await _parties(system)
        caller = Identity(
            sub="oa",
            kind="user",
            role="org_admin",
            org_id=str(uuid.uuid4()),
            scopes=frozenset({"registry:read", "registry:write"}),
        )
        response = await system.direct["registry"].post(
            PATH, json=_body(org, village), headers=system.signed(caller)
        )
        assert response.status_code == 403
        assert response.json()["code"] == "org_mismatch"


class TestEndPairing:
    async def test_ended_pairing_stays_in_history(self, system: System) -> None:
        org, village = await _parties(system)
        headers = await system.admin_headers()
        created = await create(system.gateway, PATH, _body(org, village), headers)
        ended = await system.gateway.patch(
            f"{PATH}/{created['id']}",
            json={"status": "ended"},
            headers={**headers, "If-Match": 'W/"1"'},
        )
        assert ended.status_code == 200, ended.text
        assert ended.json()["status"] == "ended"
        assert ended.json()["end_date"] <= today().isoformat()
        history = (
            await system.gateway.get(
                PATH, params={"org_id": org["id"], "community_id": village["id"]}, headers=headers
            )
        ).json()["items"]
        assert [p["id"] for p in history] == [created["id"]]
        active = (
            await system.gateway.get(
                PATH, params={"org_id": org["id"], "status": "active"}, headers=headers
            )
        ).json()["items"]
        assert active == []
        was_active = (
            await system.gateway.get(
                PATH, params={"org_id": org["id"], "active_on": "2024-06-01"}, headers=headers
            )
        ).json()["items"]
        assert [p["id"] for p in was_active] == [created["id"]]

    async def test_ended_cannot_change(self, system: System) -> None:
        org, village = await _parties(system)
        headers = await system.admin_headers()
        created = await create(system.gateway, PATH, _body(org, village), headers)
        ended = await system.gateway.patch(
            f"{PATH}/{created['id']}",
            json={"status": "ended"},
            headers={**headers, "If-Match": 'W/"1"'},
        )
        response = await system.gateway.patch(
            f"{PATH}/{created['id']}",
            json={"plan": "x"},
            headers={**headers, "If-Match": ended.headers["etag"]},
        )
        assert response.status_code == 409
        assert response.json()["code"] == "pairing_ended"

    async def test_past_end_date_reads_as_ended(self, system: System) -> None:
        org, village = await _parties(system)
        created = await create(
            system.gateway,
            PATH,
            _body(org, village, end_date="2024-12-31"),
            await system.admin_headers(),
        )
        assert created["status"] == "ended"

    async def test_stale_etag_is_412(self, system: System) -> None:
        org, village = await _parties(system)
        headers = await system.admin_headers()
        created = await create(system.gateway, PATH, _body(org, village), headers)
        url = f"{PATH}/{created['id']}"
        await system.gateway.patch(
            url, json={"plan": "新计划"}, headers={**headers, "If-Match": 'W/"1"'}
        )
        response = await system.gateway.patch(
            url, json={"plan": "旧"}, headers={**headers, "If-Match": 'W/"1"'}
        )
        assert response.status_code == 412

    async def test_get_unknown_is_404(self, system: System) -> None:
        response = await system.gateway.get(
            f"{PATH}/{uuid.uuid4()}", headers=await system.admin_headers()
        )
        assert response.status_code == 404
