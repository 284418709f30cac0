"""``GET /v1/needs/{id}/candidates``: who can reach the need, ranked and explained."""

from __future__ import annotations

import datetime as dt

from tests.factories import suffix
from tests.matching.support import (
    NANMING,
    TODAY,
    admin,
    collaboration,
    community,
    need,
    offer,
    organization,
    synced,
    window,
)
from tests.system_fixture import System


async def _candidates(system: System, need_id: str, **params: int) -> list[dict]:  # type: ignore[type-arg]
    response = await system.gateway.get(
        f"/v1/needs/{need_id}/candidates", params=params, headers=await admin(system)
    )
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


class TestCandidates:
    async def test_reach_fit_and_explanations(self, system: System) -> None:
        domain = f"d_{suffix()}"
        village = await community(system)
        wanted = await need(system, village["id"], domain=domain, quantity=3)
        # A local organization: no collaboration of another test carries it anywhere.
        org = await organization(system, grade=5, region_code=NANMING)
        near = await offer(system, org["id"], domains=[domain], service_region_codes=[NANMING])
        province = await offer(system, org["id"], domains=[domain], service_region_codes=["520000"])
        # Not candidates: another domain, another kind, a window that ends before the need's
        # starts, a region that does not hold the village, a withdrawn offer.
        await offer(system, org["id"], domains=["other_domain"])
        await offer(system, org["id"], domains=[domain], resource_kind="team")
        late = {
            "start": (TODAY + dt.timedelta(days=200)).isoformat(),
            "end": (TODAY + dt.timedelta(days=300)).isoformat(),
        }
        await offer(system, org["id"], domains=[domain], window=late)
        await offer(system, org["id"], domains=[domain], service_region_codes=["510000"])
        gone = await offer(system, org["id"], domains=[domain])
        withdrawn = await system.gateway.post(
            f"/v1/offers/{gone['id']}/withdraw", headers=await admin(system)
        )
        assert withdrawn.status_code == 200

        items = await _candidates(system, wanted["id"])
        assert [c["offer_id"] for c in items] == [near["id"], province["id"]]
        best = items[0]
        assert best["score"] == sum(best["parts"].values())
        assert best["parts"]["domain"] == 300
        assert best["parts"]["grade"] == 50
        assert best["parts"]["region"] > items[1]["parts"]["region"] > 0
        assert NANMING in best["reasons"]["region"]
        assert set(best["reasons"]) <= set(best["parts"])
        assert best["provider"] == {"kind": "organization", "id": org["id"]}
        assert len(await _candidates(system, wanted["id"], limit=1)) == 1

    async def test_a_collaboration_reaches_east_to_west(self, system: System) -> None:
        domain = f"d_{suffix()}"
        await collaboration(system, supporting="330000", receiving="520000")
        village = await community(system)
        wanted = await need(system, village["id"], domain=domain)
        east = await organization(system)  # in 海曙, Zhejiang
        # It serves only its own province; the collaboration carries it to Guizhou.
        remote = await offer(system, east["id"], domains=[domain], service_region_codes=["330203"])
        items = await _candidates(system, wanted["id"])
        assert [c["offer_id"] for c in items] == [remote["id"]]
        assert items[0]["parts"]["collaboration"] == 150
        assert items[0]["parts"]["region"] == 0

    async def test_a_pairing_scores(self, system: System) -> None:
        domain = f"d_{suffix()}"
        village = await community(system)
        wanted = await need(system, village["id"], domain=domain)
        paired, other = await organization(system), await organization(system)
        body = {
            "org_id": paired["id"],
            "community_id": village["id"],
            "start_date": (TODAY - dt.timedelta(days=30)).isoformat(),
            "end_date": (TODAY + dt.timedelta(days=700)).isoformat(),
            "plan": "三年帮扶计划",
        }
        response = await system.gateway.post("/v1/pairings", json=body, headers=await admin(system))
        assert response.status_code == 201, response.text
        await synced(system)
        plain = await offer(system, other["id"], domains=[domain])
        pairs = await offer(system, paired["id"], domains=[domain])
        items = await _candidates(system, wanted["id"])
        assert [c["offer_id"] for c in items] == [pairs["id"], plain["id"]]
        assert items[0]["parts"]["pairing"] == 150
        assert items[1]["parts"]["pairing"] == 0
        assert "结对" in items[0]["reasons"]["pairing"]

    async def test_only_open_needs_have_candidates(self, system: System) -> None:
        village = await community(system)
        closed = await need(system, village["id"], triage="private", advice="自行解决")
        response = await system.gateway.get(
            f"/v1/needs/{closed['id']}/candidates", headers=await admin(system)
        )
        assert response.status_code == 409, response.text
        assert response.json()["code"] == "need_state"

    async def test_limit_is_bounded(self, system: System) -> None:
        village = await community(system)
        wanted = await need(system, village["id"], window=window(10))
        response = await system.gateway.get(
            f"/v1/needs/{wanted['id']}/candidates",
            params={"limit": 0},
            headers=await admin(system),
        )
        assert response.status_code == 422, response.text
