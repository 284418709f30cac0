"""``GET /v1/needs/{id}/candidates``: who can reach the need, ranked and explained."""

from __future__ import annotations

import datetime as dt
import uuid

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


class TestRankingInTheDatabase:
    async def test_the_database_ranks_as_scoring_does(self, system: System) -> None:
        """On PostgreSQL the best offers are scored and ordered in SQL; that score must be
        ``scoring.score``'s, part for part, or rankings would silently drift from the
        explanations. Offers here vary every part: domains, region level, collaboration,
        pairing, grade (one expired), ratings, window overlap, capacity."""
        from services.matching.db.models import Need
        from services.matching.domain import candidates as module
        from services.matching.domain import readmodel, scoring

        domain = f"d_{suffix()}"
        await collaboration(system, supporting="330000", receiving="520000")
        village = await community(system)
        wanted = await need(system, village["id"], domain=domain, quantity=3, urgency="high")
        headers = await admin(system)
        orgs = [
            await organization(system, grade=5),
            await organization(system, grade=2, region_code=NANMING),
            await organization(system, grade=4, grade_expires_on="2020-01-01"),
            await organization(system, region_code="520100"),
        ]
        for org, scores in zip(orgs[:2], ([5, 4, 2], [1]), strict=True):
            for score_ in scores:
                rated = await system.gateway.post(
                    f"/v1/organizations/{org['id']}/ratings",
                    json={"score": score_},
                    headers={**headers, "X-Test": suffix()},
                )
                assert rated.status_code in (200, 201), rated.text
        pairing = {
            "org_id": orgs[3]["id"],
            "community_id": village["id"],
            "start_date": (TODAY - dt.timedelta(days=1)).isoformat(),
            "end_date": (TODAY + dt.timedelta(days=300)).isoformat(),
            "plan": "结对",
        }
        response = await system.gateway.post("/v1/pairings", json=pairing, headers=headers)
        assert response.status_code == 201, response.text
        await synced(system)
        shapes = [
            {"domains": [domain], "service_region_codes": [NANMING], "capacity": 5},
            {"domains": [domain, "a", "b"], "service_region_codes": ["520000"], "capacity": 1},
            {"domains": [domain, "c"], "service_region_codes": ["520100"], "capacity": 2},
            {"domains": [domain], "service_region_codes": ["330203"], "window": window(20, 40)},
            {"domains": [domain], "service_region_codes": [NANMING, "520000"], "capacity": 3},
        ]
        for org in orgs:
            for shape in shapes:
                await offer(system, org["id"], **shape)
        async with system.apps["matching"].state.database.read_sessionmaker() as session:
            row = await session.get(Need, uuid.UUID(wanted["id"]))
            assert row is not None
            path = await readmodel.region_path(session, row.region_code)
            assert path is not None
            collaborations, prefixes = await module._collaborations(session, TODAY, path)
            pairings = await readmodel.pairings_in_force(
                session, TODAY, community_ids=[row.community_id]
            )
            query = module._Query(row, path, prefixes, pairings, TODAY)
            ctx = scoring.Context(collaborations=collaborations, pairings=pairings)
            facts = module.need_facts(row, path)
            weights = scoring.Weights()
            in_python = await module._ranked_in_python(session, query, facts, ctx, weights, 50)
            # All but the two Guizhou organizations' offers for 海曙 reach the need.
            assert len(in_python) == 18
            if system.backend == "postgresql":
                in_sql = await module._ranked_in_sql(session, query, facts, ctx, weights, 50)
                assert in_sql is not None, "the SQL score disagreed with scoring.score"
                assert [(o.id, s.total) for o, s in in_sql] == [
                    (o.id, s.total) for o, s in in_python
                ]
            served = await module.candidates(session, row, limit=50, weights=weights)
        assert [(str(c.offer_id), c.score) for c in served] == [
            (o.id, s.total) for o, s in in_python
        ]
