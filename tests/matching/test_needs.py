"""``/v1/needs``: triage at intake, validation, community binding, list filters, ETags, cancel."""

from __future__ import annotations

import uuid

import sqlalchemy as sa

from services.matching.db.models import Need
from tests.factories import suffix
from tests.matching.support import (
    DOMAIN,
    GUIYANG,
    NANMING,
    admin,
    community,
    need,
    need_body,
    person,
    window,
)
from tests.system_fixture import System


async def _count_needs(system: System, title: str) -> int:
    async with system.apps["matching"].state.database.engine.connect() as conn:
        return int(
            await conn.scalar(sa.select(sa.func.count()).where(Need.__table__.c.title == title))
            or 0
        )


async def _events(system: System, subject_id: str) -> list[str]:
    kernel = system.apps["matching"].state.kernel_tables
    async with system.apps["matching"].state.database.engine.connect() as conn:
        rows = await conn.execute(
            sa.select(kernel.events.c.type)
            .where(kernel.events.c.subject_id == subject_id)
            .order_by(kernel.events.c.position)
        )
        return [r.type for r in rows]


class TestTriage:
    async def test_a_minor_need_is_open(self, system: System) -> None:
        village = await community(system)
        created = await need(system, village["id"])
        assert created["status"] == "open"
        assert created["region_code"] == NANMING
        assert created["referral"] is None
        assert created["advice"] is None
        assert await _events(system, created["id"]) == ["need.created"]

    async def test_a_major_need_is_referred_with_a_record(self, system: System) -> None:
        village = await community(system)
        department = f"南明区民政局{suffix()}"
        created = await need(
            system,
            village["id"],
            triage="major",
            referral={"department": department, "reason": "涉及低保认定，属政府职责"},
        )
        assert created["status"] == "referred"
        assert created["referral"]["department"] == department
        assert await _events(system, created["id"]) == ["need.created", "need.triaged"]
        # Partner systems with matching:read list referrals by region and department.
        headers = await admin(system)
        listed = await system.gateway.get(
            "/v1/needs/referrals",
            params={"region_code": GUIYANG, "department": department},
            headers=headers,
        )
        assert listed.status_code == 200, listed.text
        assert [r["need_id"] for r in listed.json()["items"]] == [created["id"]]

    async def test_a_private_need_is_closed_with_advice(self, system: System) -> None:
        village = await community(system)
        created = await need(
            system, village["id"], triage="private", advice="属家庭内部事务，建议通过家政市场解决"
        )
        assert created["status"] == "closed"
        assert created["advice"].startswith("属家庭内部事务")

    async def test_a_major_need_without_a_department_is_422(self, system: System) -> None:
        village = await community(system)
        title = f"无转介{suffix()}"
        body = need_body(village["id"], triage="major", title=title)
        response = await system.gateway.post("/v1/needs", json=body, headers=await admin(system))
        assert response.status_code == 422, response.text
        assert response.json()["code"] == "referral_required"
        assert await _count_needs(system, title) == 0

    async def test_advice_on_a_minor_need_is_422(self, system: System) -> None:
        village = await community(system)
        body = need_body(village["id"], advice="不需要")
        response = await system.gateway.post("/v1/needs", json=body, headers=await admin(system))
        assert response.status_code == 422, response.text
        assert response.json()["code"] == "triage_fields_invalid"


class TestValidation:
    async def test_an_unknown_community_is_422(self, system: System) -> None:
        title = f"无社区{suffix()}"
        body = need_body(str(uuid.uuid4()), title=title)
        response = await system.gateway.post("/v1/needs", json=body, headers=await admin(system))
        assert response.status_code == 422, response.text
        assert response.json()["code"] == "community_unknown"
        assert response.json()["errors"][0]["field"] == "community_id"
        assert await _count_needs(system, title) == 0

    async def test_a_window_ending_before_it_starts_is_422(self, system: System) -> None:
        village = await community(system)
        bad = {"start": window()["end"], "end": window()["start"]}
        body = need_body(village["id"], window=bad)
        response = await system.gateway.post("/v1/needs", json=body, headers=await admin(system))
        assert response.status_code == 422, response.text
        assert response.json()["code"] == "dates_invalid"

    async def test_a_zero_quantity_is_422(self, system: System) -> None:
        village = await community(system)
        body = need_body(village["id"], quantity=0)
        response = await system.gateway.post("/v1/needs", json=body, headers=await admin(system))
        assert response.status_code == 422, response.text
        assert response.json()["errors"][0]["field"] == "quantity"

    async def test_a_boolean_quantity_is_422(self, system: System) -> None:
        village = await community(system)
        body = need_body(village["id"], quantity=True)
        response = await system.gateway.post("/v1/needs", json=body, headers=await admin(system))
        assert response.status_code == 422, response.text


class TestCommunityBinding:
    async def test_a_community_admin_posts_for_its_own(self, system: System) -> None:
        village = await community(system)
        headers = person(system, "community_admin", community_id=village["id"])
        response = await system.direct["matching"].post(
            "/v1/needs", json=need_body(village["id"]), headers=headers
        )
        assert response.status_code == 201, response.text

    async def test_a_community_admin_may_not_post_for_another(self, system: System) -> None:
        mine, other = await community(system), await community(system)
        headers = person(system, "community_admin", community_id=mine["id"])
        title = f"越权{suffix()}"
        response = await system.direct["matching"].post(
            "/v1/needs", json=need_body(other["id"], title=title), headers=headers
        )
        assert response.status_code == 403, response.text
        assert response.json()["code"] == "community_mismatch"
        assert await _count_needs(system, title) == 0

    async def test_a_community_admin_may_not_cancel_anothers(self, system: System) -> None:
        mine, other = await community(system), await community(system)
        theirs = await need(system, other["id"])
        headers = person(system, "community_admin", community_id=mine["id"])
        response = await system.direct["matching"].post(
            f"/v1/needs/{theirs['id']}/cancel", headers=headers
        )
        assert response.status_code == 403, response.text


class TestListAndGet:
    async def test_filters_and_region_descendants(self, system: System) -> None:
        village = await community(system)
        domain = f"d_{suffix()}"
        first = await need(system, village["id"], domain=domain)
        second = await need(
            system, village["id"], domain=domain, triage="private", advice="自行解决"
        )
        headers = await admin(system)
        page = await system.gateway.get(
            "/v1/needs", params={"domain": domain, "region_code": "520000"}, headers=headers
        )
        assert page.status_code == 200, page.text
        assert [n["id"] for n in page.json()["items"]] == [first["id"], second["id"]]
        only_open = await system.gateway.get(
            "/v1/needs", params={"domain": domain, "status": "open"}, headers=headers
        )
        assert [n["id"] for n in only_open.json()["items"]] == [first["id"]]
        elsewhere = await system.gateway.get(
            "/v1/needs", params={"domain": domain, "region_code": "330000"}, headers=headers
        )
        assert elsewhere.json()["items"] == []
        paged = await system.gateway.get(
            "/v1/needs", params={"domain": domain, "limit": 1}, headers=headers
        )
        assert [n["id"] for n in paged.json()["items"]] == [first["id"]]
        rest = await system.gateway.get(
            "/v1/needs",
            params={"domain": domain, "limit": 1, "cursor": paged.json()["next_cursor"]},
            headers=headers,
        )
        assert [n["id"] for n in rest.json()["items"]] == [second["id"]]

    async def test_an_unknown_region_filter_is_422(self, system: System) -> None:
        response = await system.gateway.get(
            "/v1/needs", params={"region_code": "999999"}, headers=await admin(system)
        )
        assert response.status_code == 422, response.text
        assert response.json()["code"] == "region_unknown"

    async def test_a_missing_need_is_404(self, system: System) -> None:
        response = await system.gateway.get(
            f"/v1/needs/{uuid.uuid4()}", headers=await admin(system)
        )
        assert response.status_code == 404, response.text


class TestUpdateAndCancel:
    async def test_patch_needs_the_current_etag(self, system: System) -> None:
        village = await community(system)
        created = await need(system, village["id"])
        headers = await admin(system)
        got = await system.gateway.get(f"/v1/needs/{created['id']}", headers=headers)
        etag = got.headers["ETag"]
        missing = await system.gateway.patch(
            f"/v1/needs/{created['id']}", json={"quantity": 4}, headers=headers
        )
        assert missing.status_code == 428, missing.text
        changed = await system.gateway.patch(
            f"/v1/needs/{created['id']}",
            json={"quantity": 4, "urgency": "high"},
            headers={**headers, "If-Match": etag},
        )
        assert changed.status_code == 200, changed.text
        assert changed.json()["quantity"] == 4
        assert changed.json()["urgency"] == "high"
        stale = await system.gateway.patch(
            f"/v1/needs/{created['id']}",
            json={"quantity": 5},
            headers={**headers, "If-Match": etag},
        )
        assert stale.status_code == 412, stale.text
        assert await _events(system, created["id"]) == ["need.created", "need.updated"]

    async def test_a_null_title_is_422(self, system: System) -> None:
        village = await community(system)
        created = await need(system, village["id"])
        headers = await admin(system)
        response = await system.gateway.patch(
            f"/v1/needs/{created['id']}", json={"title": None}, headers={**headers, "If-Match": "*"}
        )
        assert response.status_code == 422, response.text
        assert response.json()["code"] == "field_required"

    async def test_cancel_once(self, system: System) -> None:
        village = await community(system)
        created = await need(system, village["id"])
        headers = await admin(system)
        first = await system.gateway.post(f"/v1/needs/{created['id']}/cancel", headers=headers)
        assert first.status_code == 200, first.text
        assert first.json()["status"] == "cancelled"
        again = await system.gateway.post(f"/v1/needs/{created['id']}/cancel", headers=headers)
        assert again.status_code == 409, again.text
        assert again.json()["code"] == "need_state"
        patched = await system.gateway.patch(
            f"/v1/needs/{created['id']}", json={"quantity": 2}, headers={**headers, "If-Match": "*"}
        )
        assert patched.status_code == 409, patched.text


class TestOddInput:
    """What a property-based client (CI's schemathesis) sends: a 4xx problem, never a 500."""

    async def test_odd_bodies_are_client_errors(self, system: System) -> None:
        village = await community(system)
        headers = await admin(system)
        far = {"start": "0001-01-01", "end": "9999-12-31"}
        bodies = [
            need_body(village["id"], window=far, quantity=1_000_000),
            need_body(village["id"], window={"start": "9999-12-31", "end": "0001-01-01"}),
            need_body(village["id"], title="\u0000"),
            need_body(village["id"], domain="有 空格"),
            need_body(village["id"], beneficiaries={"count": -1, "groups": []}),
            need_body(village["id"], triage="major", referral={"department": ""}),
            {**need_body(village["id"]), "unknown": 1},
            [],
        ]
        for body in bodies:
            response = await system.gateway.post("/v1/needs", json=body, headers=headers)
            assert response.status_code < 500, (body, response.text)
        created = await need(system, village["id"], window=far)
        for patch in ({"window": None}, {"window": far}, {"quantity": 0}, {"beneficiaries": None}):
            response = await system.gateway.patch(
                f"/v1/needs/{created['id']}", json=patch, headers={**headers, "If-Match": "*"}
            )
            assert response.status_code < 500, (patch, response.text)
        candidates = await system.gateway.get(
            f"/v1/needs/{created['id']}/candidates", headers=headers
        )
        assert candidates.status_code == 200, candidates.text
        rounds = await system.gateway.post(
            "/v1/rounds", json={"domains": [DOMAIN], "dry_run": True}, headers=headers
        )
        assert rounds.status_code == 201, rounds.text
