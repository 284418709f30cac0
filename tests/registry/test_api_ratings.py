"""``POST /v1/organizations/{id}/ratings`` and ``GET /v1/organizations/{id}/standing``."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from services.common.identity import Identity
from tests.factories import create, org_payload
from tests.system_fixture import System

PATH = "/v1/organizations"
RESIDENT = Identity(
    sub="resident-1", kind="user", role="resident", scopes=frozenset({"registry:read"})
)


def _resident(sub: str) -> Identity:
    return Identity(sub=sub, kind="user", role="resident", scopes=frozenset({"registry:read"}))


async def _org(system: System, **over: Any) -> dict[str, Any]:
    return await create(system.gateway, PATH, org_payload(**over), await system.admin_headers())


class TestCreateRating:
    async def test_resident_ratings_update_the_average(self, system: System) -> None:
        org = await _org(system)
        url = f"{PATH}/{org['id']}/ratings"
        for number, score in enumerate((5, 4, 2)):
            response = await system.direct["registry"].post(
                url,
                json={"score": score, "comment": "好"},
                headers=system.signed(_resident(f"resident-{number}")),
            )
            assert response.status_code == 201, response.text
        assert response.json()["rating"] == {"average": 3.67, "count": 3}
        got = await system.gateway.get(f"{PATH}/{org['id']}", headers=await system.admin_headers())
        assert got.json()["rating"] == {"average": 3.67, "count": 3}

    async def test_rating_does_not_change_the_etag(self, system: System) -> None:
        org = await _org(system)
        await system.direct["registry"].post(
            f"{PATH}/{org['id']}/ratings", json={"score": 3}, headers=system.signed(RESIDENT)
        )
        got = await system.gateway.get(f"{PATH}/{org['id']}", headers=await system.admin_headers())
        assert got.headers["etag"] == 'W/"1"'

    async def test_same_source_is_idempotent(self, system: System) -> None:
        org = await _org(system)
        url = f"{PATH}/{org['id']}/ratings"
        body = {"score": 5, "source_match_id": str(uuid.uuid4())}
        first = await system.gateway.post(url, json=body, headers=await system.admin_headers())
        again = await system.gateway.post(url, json=body, headers=await system.admin_headers())
        assert first.status_code == 201
        assert again.status_code == 200
        assert again.json()["id"] == first.json()["id"]
        assert again.json()["rating"] == {"average": 5.0, "count": 1}

    async def test_same_source_for_another_org_is_409(self, system: System) -> None:
        a, b = await _org(system), await _org(system)
        body = {"score": 5, "source_match_id": str(uuid.uuid4())}
        headers = await system.admin_headers()
        assert (
            await system.gateway.post(f"{PATH}/{a['id']}/ratings", json=body, headers=headers)
        ).status_code == 201
        response = await system.gateway.post(
            f"{PATH}/{b['id']}/ratings", json=body, headers=headers
        )
        assert response.status_code == 409
        assert response.json()["code"] == "rating_source_conflict"

    async def test_score_out_of_range_is_422(self, system: System) -> None:
        org = await _org(system)
        for score in (0, 6):
            response = await system.gateway.post(
                f"{PATH}/{org['id']}/ratings",
                json={"score": score},
                headers=await system.admin_headers(),
            )
            assert response.status_code == 422

    async def test_unknown_org_is_404(self, system: System) -> None:
        response = await system.gateway.post(
            f"{PATH}/{uuid.uuid4()}/ratings",
            json={"score": 3},
            headers=await system.admin_headers(),
        )
        assert response.status_code == 404

    async def test_volunteer_may_not_rate(self, system: System) -> None:
        org = await _org(system)
        caller = Identity(
            sub="v", kind="user", role="volunteer", scopes=frozenset({"registry:read"})
        )
        response = await system.direct["registry"].post(
            f"{PATH}/{org['id']}/ratings", json={"score": 3}, headers=system.signed(caller)
        )
        assert response.status_code == 403


class TestStanding:
    async def test_active_normal_is_eligible(self, system: System) -> None:
        org = await _org(system, grade=3)
        response = await system.gateway.get(
            f"{PATH}/{org['id']}/standing", headers=await system.admin_headers()
        )
        assert response.json() == {
            "org_id": org["id"],
            "eligible": True,
            "status": "active",
            "credit_status": "normal",
            "grade": 3,
            "reasons": [],
        }

    async def test_dishonest_and_suspended_are_not(self, system: System) -> None:
        org = await _org(system)
        headers = await system.admin_headers()
        patched = await system.gateway.patch(
            f"{PATH}/{org['id']}",
            json={"status": "suspended", "credit_status": "dishonest"},
            headers={**headers, "If-Match": 'W/"1"'},
        )
        assert patched.status_code == 200
        body = (await system.gateway.get(f"{PATH}/{org['id']}/standing", headers=headers)).json()
        assert body["eligible"] is False
        assert body["reasons"] == ["status_suspended", "credit_dishonest"]

    async def test_unknown_is_404(self, system: System) -> None:
        response = await system.gateway.get(
            f"{PATH}/{uuid.uuid4()}/standing", headers=await system.admin_headers()
        )
        assert response.status_code == 404


class TestOneRatingPerRater:
    """Issue 8 defect 6: one live rating per rater per organization, never one's own."""

    async def test_a_second_rating_replaces_the_first(self, system: System) -> None:
        org = await _org(system)
        url = f"{PATH}/{org['id']}/ratings"
        headers = system.signed(_resident(f"again-{uuid.uuid4().hex}"))
        first = await system.direct["registry"].post(url, json={"score": 1}, headers=headers)
        assert first.status_code == 201
        for score in (5, 4):
            again = await system.direct["registry"].post(
                url, json={"score": score, "comment": "改"}, headers=headers
            )
            assert again.status_code == 200, again.text
            assert again.json()["id"] == first.json()["id"]
        assert again.json()["score"] == 4
        assert again.json()["rating"] == {"average": 4.0, "count": 1}
        other = system.signed(_resident(f"other-{uuid.uuid4().hex}"))
        added = await system.direct["registry"].post(url, json={"score": 2}, headers=other)
        assert added.json()["rating"] == {"average": 3.0, "count": 2}

    async def test_ratings_from_distinct_matches_each_count(self, system: System) -> None:
        org = await _org(system)
        url = f"{PATH}/{org['id']}/ratings"
        headers = system.signed(_resident(f"matched-{uuid.uuid4().hex}"))
        await system.direct["registry"].post(url, json={"score": 5}, headers=headers)
        for score in (3, 4):
            body = {"score": score, "source_match_id": str(uuid.uuid4())}
            response = await system.direct["registry"].post(url, json=body, headers=headers)
            assert response.status_code == 201
        assert response.json()["rating"] == {"average": 4.0, "count": 3}

    async def test_org_admin_may_not_rate_its_own_organization(self, system: System) -> None:
        org = await _org(system)
        admin = Identity(
            sub=f"org-admin-{uuid.uuid4().hex}",
            kind="user",
            role="org_admin",
            org_id=org["id"],
            scopes=frozenset({"registry:read", "registry:write"}),
        )
        response = await system.direct["registry"].post(
            f"{PATH}/{org['id']}/ratings", json={"score": 5}, headers=system.signed(admin)
        )
        assert response.status_code == 403
        assert response.json()["code"] == "rating_own_org"
        got = await system.gateway.get(f"{PATH}/{org['id']}", headers=await system.admin_headers())
        assert got.json()["rating"] == {"average": None, "count": 0}

    async def test_concurrent_ratings_from_one_rater_count_once(self, system: System) -> None:
        org = await _org(system)
        url = f"{PATH}/{org['id']}/ratings"
        headers = system.signed(_resident(f"race-{uuid.uuid4().hex}"))
        scores = [1 + i % 5 for i in range(20)]
        responses = await asyncio.gather(
            *(
                system.direct["registry"].post(url, json={"score": s}, headers=headers)
                for s in scores
            )
        )
        assert sorted(r.status_code for r in responses) == [200] * 19 + [201]
        got = await system.gateway.get(f"{PATH}/{org['id']}", headers=await system.admin_headers())
        rating = got.json()["rating"]
        assert rating["count"] == 1
        # The aggregate is exactly the one live rating: no replaced score left behind.
        assert rating["average"] in {float(s) for s in scores}
        again = await system.direct["registry"].post(url, json={"score": 3}, headers=headers)
        assert again.json()["rating"] == {"average": 3.0, "count": 1}
