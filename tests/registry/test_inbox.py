"""Ratings from Matching's outbox in batches: the route's validation and effects, each once.

Posted to the Registry's ``/internal/inbox`` as a relay would, and end to end through
Matching's own relay (which finds out from ``GET /internal/inbox`` that ratings go in batches).
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import sqlalchemy as sa

from services.common.identity import Identity, service_identity
from services.common.outbox import DELIVERED, INBOX_PATH, send
from services.matching.db.models import KERNEL as MATCHING_KERNEL
from tests.factories import create, org_payload
from tests.registry.test_feed import _head, _org_events
from tests.system_fixture import System

PATH = "/v1/organizations"
MATCHING = service_identity("matching")


async def _org(system: System, **over: Any) -> dict[str, Any]:
    return await create(system.gateway, PATH, org_payload(**over), await system.admin_headers())


def _rating(org_id: str, score: Any = 4, key: str | None = None, **body: Any) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "method": "POST",
        "path": f"{PATH}/{org_id}/ratings",
        "body": {"score": score, "source_match_id": str(uuid.uuid4()), **body},
        "ordering_key": key or f"organization:{org_id}",
    }


async def _deliver(
    system: System, messages: list[dict[str, Any]], caller: Identity = MATCHING
) -> list[dict[str, Any]]:
    response = await system.direct["registry"].post(
        INBOX_PATH, json={"messages": messages}, headers=system.signed(caller)
    )
    assert response.status_code == 200, response.text
    return list(response.json()["results"])


async def _summary(system: System, org_id: str) -> dict[str, Any]:
    got = await system.gateway.get(f"{PATH}/{org_id}", headers=await system.admin_headers())
    return dict(got.json()["rating"])


class TestRatingsInBatches:
    async def test_the_registry_takes_ratings_in_batches(self, system: System) -> None:
        listed = await system.direct["registry"].get(INBOX_PATH, headers=system.signed(MATCHING))
        assert listed.status_code == 200, listed.text
        assert {"method": "POST", "path": "/v1/organizations/{org_id}/ratings"} in (
            listed.json()["handlers"]
        )

    async def test_a_batch_rates_each_once_and_a_redelivery_changes_nothing(
        self, system: System
    ) -> None:
        org, other = await _org(system), await _org(system)
        start = await _head(system)
        batch = [_rating(org["id"], s) for s in (5, 4, 2)] + [_rating(other["id"], 1)]
        results = await _deliver(system, batch)
        assert [r["status"] for r in results] == ["applied"] * 4
        assert await _summary(system, org["id"]) == {"average": 3.67, "count": 3}
        assert await _summary(system, other["id"]) == {"average": 1.0, "count": 1}

        again = await _deliver(system, batch)  # the relay lost the answer and sends again
        assert [r["status"] for r in again] == ["duplicate"] * 4
        # The same feedback in a new message (a new id): the match's rating counts once.
        repeat = {**_rating(org["id"]), "body": batch[0]["body"]}
        assert [r["status"] for r in await _deliver(system, [repeat])] == ["applied"]
        assert await _summary(system, org["id"]) == {"average": 3.67, "count": 3}

        rated = [
            e
            for e in await _org_events(system, start)
            if e["type"] == "organization.rated" and e["subject"]["id"] == org["id"]
        ]
        assert len(rated) == 3  # one event per rating, none for the repeats

    async def test_refusals_are_the_routes_and_fail_their_message_only(
        self, system: System
    ) -> None:
        org, gone = await _org(system), await _org(system)
        headers = await system.admin_headers()
        etag = (await system.gateway.get(f"{PATH}/{gone['id']}", headers=headers)).headers["etag"]
        deregistered = await system.gateway.patch(
            f"{PATH}/{gone['id']}",
            json={"status": "deregistered"},
            headers={**headers, "If-Match": etag},
        )
        assert deregistered.status_code == 200, deregistered.text
        taken = _rating(org["id"], 3)
        await _deliver(system, [taken])
        start = await _head(system)

        batch = [
            _rating(org["id"], 9, key="a"),  # out of range
            _rating(org["id"], 5, key="a"),  # held behind the refusal of its key
            _rating(str(uuid.uuid4()), 5, key="b"),  # no such organization
            _rating(gone["id"], 5, key="c"),  # deregistered
            {**_rating(gone["id"], key="d"), "body": taken["body"]},  # that match rated another
            _rating(org["id"], 5, key="e", extra="field"),  # unknown field
            {**_rating(org["id"], key="f"), "path": f"{PATH}/not-a-uuid/ratings"},
            _rating(org["id"], 5, key="g"),  # fine
        ]
        results = await _deliver(system, batch)
        outcome = [(r["status"], r.get("http_status"), r.get("code")) for r in results]
        assert outcome == [
            ("failed", 422, "validation_failed"),
            ("held", None, None),
            ("failed", 404, "not_found"),
            ("failed", 409, "org_deregistered"),
            ("failed", 409, "rating_source_conflict"),
            ("failed", 422, "validation_failed"),
            ("failed", 422, "validation_failed"),
            ("applied", None, None),
        ]
        assert await _summary(system, org["id"]) == {"average": 4.0, "count": 2}
        assert await _summary(system, gone["id"]) == {"average": None, "count": 0}
        events = [e for e in await _org_events(system, start) if e["type"] == "organization.rated"]
        assert [e["subject"]["id"] for e in events] == [org["id"]]  # the refused left none

    async def test_only_a_caller_that_may_rate_rates(self, system: System) -> None:
        org = await _org(system)
        reader = service_identity("matching", ["registry:read"])
        (result,) = await _deliver(system, [_rating(org["id"])], caller=reader)
        assert (result["status"], result["http_status"]) == ("failed", 403)
        assert await _summary(system, org["id"]) == {"average": None, "count": 0}


class TestThroughMatchingsRelay:
    async def test_ratings_owed_by_matching_arrive_in_a_batch_once(self, system: System) -> None:
        org = await _org(system)
        matching = system.apps["matching"]
        relay = matching.state.relay
        before = relay.batches
        async with matching.state.database.sessionmaker() as session:
            ids = [
                await send(
                    session,
                    MATCHING_KERNEL,
                    target="registry",
                    method="POST",
                    path=f"{PATH}/{org['id']}/ratings",
                    body={"score": score, "source_match_id": str(uuid.uuid4())},
                    ordering_key=f"organization:{org['id']}",
                )
                for score in (5, 3, 4, 4)
            ]
            await session.commit()
        outbox = MATCHING_KERNEL.outbox
        for _ in range(200):
            async with matching.state.database.read_sessionmaker() as session:
                statuses = set(
                    (
                        await session.execute(
                            sa.select(outbox.c.status).where(outbox.c.id.in_(ids))
                        )
                    ).scalars()
                )
            if statuses == {DELIVERED}:
                break
            await asyncio.sleep(0.05)
        assert statuses == {DELIVERED}
        assert relay.batches > before
        assert await _summary(system, org["id"]) == {"average": 4.0, "count": 4}
