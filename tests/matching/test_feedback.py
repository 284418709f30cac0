"""Feedback: one per side (raced), and the need side's becomes the provider's Registry rating."""

from __future__ import annotations

import asyncio
import uuid

from services.common.outbox import PENDING
from tests.matching.lifecycle_support import (
    World,
    as_role,
    down,
    due_now,
    officer,
    outbox_rows,
    wait_delivered,
)
from tests.system_fixture import System


async def rating_of(system: System, org_id: str) -> dict[str, object]:
    response = await system.direct["registry"].get(
        f"/v1/organizations/{org_id}", headers=system.signed()
    )
    assert response.status_code == 200, response.text
    return dict(response.json()["rating"])


class TestFeedback:
    async def test_the_need_sides_feedback_becomes_the_organizations_rating(
        self, system: System
    ) -> None:
        world = await World(system).build()
        await world.in_service()
        response = await world.post(
            "/feedback", {"score": 4, "comment": "服务及时"}, world.community_admin()
        )
        assert response.status_code == 201, response.text
        body = response.json()
        assert (body["side"], body["score"], body["rating_sent"]) == ("need", 4, True)
        await wait_delivered(system, f"/v1/organizations/{world.org['id']}/ratings", count=1)
        assert await rating_of(system, world.org["id"]) == {"average": 4.0, "count": 1}
        offer_side = await world.post("/feedback", {"score": 5}, world.org_admin())
        assert offer_side.status_code == 201, offer_side.text
        assert offer_side.json()["rating_sent"] is False  # the community is not rated
        listed = await world.get("/feedback")
        assert [f["side"] for f in listed.json()["items"]] == ["need", "offer"]

    async def test_one_per_side(self, system: System) -> None:
        world = await World(system).build()
        await world.in_service()
        first = await world.post("/feedback", {"score": 5, "side": "need"})
        assert first.status_code == 201
        again = await world.post("/feedback", {"score": 1}, world.community_admin())
        assert again.status_code == 409
        assert again.json()["code"] == "feedback_exists"

    async def test_concurrent_feedback_of_one_side_stores_one(self, system: System) -> None:
        world = await World(system).build()
        await world.in_service()
        responses = await asyncio.gather(
            *(world.post("/feedback", {"score": s, "side": "offer"}) for s in range(1, 6))
        )
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [201, 409, 409, 409, 409], [r.text for r in responses]
        assert {r.json()["code"] for r in responses if r.status_code == 409} == {"feedback_exists"}
        assert len((await world.get("/feedback")).json()["items"]) == 1

    async def test_who_speaks_for_which_side(self, system: System) -> None:
        world = await World(system).build()
        await world.in_service()
        unnamed = await world.post("/feedback", {"score": 3})
        assert unnamed.status_code == 422
        assert unnamed.json()["code"] == "side_required"
        wrong = await world.post("/feedback", {"score": 3, "side": "need"}, world.org_admin())
        assert wrong.status_code == 403
        assert wrong.json()["code"] == "side_not_allowed"
        stranger = as_role(system, "org_admin", org_id=str(uuid.uuid4()))
        other = await world.post("/feedback", {"score": 3}, stranger)
        assert other.status_code == 403
        assert other.json()["code"] == "org_mismatch"
        for score in (0, 6, "5"):
            bad = await world.post("/feedback", {"score": score, "side": "need"})
            assert bad.status_code == 422

    async def test_feedback_waits_for_service(self, system: System) -> None:
        world = await World(system).build()
        await world.accept_both()
        early = await world.post("/feedback", {"score": 5, "side": "need"})
        assert early.status_code == 409
        assert early.json()["code"] == "match_state"

    async def test_with_the_registry_down_feedback_is_accepted_and_rated_once_later(
        self, system: System
    ) -> None:
        world = await World(system).build()
        await world.in_service()
        path = f"/v1/organizations/{world.org['id']}/ratings"
        async with down(system, "registry"):
            response = await world.post("/feedback", {"score": 2, "side": "need"}, officer(system))
            assert response.status_code == 201, response.text
            for _ in range(3):
                await due_now(system, path)
                system.apps["matching"].state.relay.nudge()
                await asyncio.sleep(0.3)
            rows = await outbox_rows(system, path)
            assert len(rows) == 1
            assert rows[0].status == PENDING, rows
            assert rows[0].attempts >= 1, rows
            assert rows[0].last_error
        assert await rating_of(system, world.org["id"]) == {"average": None, "count": 0}
        await due_now(system, path)
        rows = await wait_delivered(system, path, count=1)
        assert await rating_of(system, world.org["id"]) == {"average": 2.0, "count": 1}
        # A second delivery of the same message (a crash before it was recorded): still one.
        registry = system.apps["matching"].state.clients["registry"]
        await registry.request(
            "POST", rows[0].path, json=rows[0].body, headers={"Idempotency-Key": "again"}
        )
        assert await rating_of(system, world.org["id"]) == {"average": 2.0, "count": 1}
