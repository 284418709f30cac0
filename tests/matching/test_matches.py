"""``/v1/matches``: both sides accept, capacity reserved and released, contacts, the need
follows."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import sqlalchemy as sa

from services.matching.db.lifecycle import Match
from services.matching.db.models import Need, Offer
from tests.funds.support import fund
from tests.matching.lifecycle_support import (
    World,
    as_role,
    insert,
    match_row,
    need_row,
    need_status,
    offer_row,
    offer_state,
    officer,
    outbox_rows,
    registry_community,
    registry_org,
    registry_volunteer,
    wait_delivered,
)
from tests.system_fixture import System


async def feed(system: System, subject_id: uuid.UUID, types: str = "") -> list[dict[str, Any]]:
    """Matching's events about ``subject_id`` (of ``types``, comma-separated), oldest first."""
    found: list[dict[str, Any]] = []
    after = 0
    while True:
        response = await system.direct["matching"].get(
            "/v1/events/matching",
            params={"limit": 500, "after": after, "types": types},
            headers=officer(system),
        )
        assert response.status_code == 200, response.text
        page = response.json()
        found += [e for e in page["items"] if e["subject"]["id"] == str(subject_id)]
        if not page["items"]:
            return found
        after = page["next_after"]


async def match_events(system: System, match_id: uuid.UUID) -> list[str]:
    """The types of the match's events, oldest first."""
    return [e["type"] for e in await feed(system, match_id)]


class TestAcceptance:
    async def test_both_sides_accept_then_capacity_is_reserved_and_contacts_shown(
        self, system: System
    ) -> None:
        world = await World(system).build(quantity=2, capacity=5)
        first = await world.post("/accept", {"side": "need"}, world.community_admin())
        assert first.status_code == 200, first.text
        body = first.json()
        assert body["status"] == "proposed"
        assert body["acceptance"]["need_accepted_at"] is not None
        assert body["acceptance"]["offer_accepted_at"] is None
        assert body["contacts"] is None
        assert await offer_state(system, world.offer.id) == (5, "open")
        assert await need_status(system, world.need.id) == "open"

        second = await world.post("/accept", {"side": "offer"}, world.org_admin())
        assert second.status_code == 200, second.text
        body = second.json()
        assert body["status"] == "accepted"
        assert await offer_state(system, world.offer.id) == (3, "open")
        assert await need_status(system, world.need.id) == "matched"
        contacts = body["contacts"]
        assert contacts["need"]["id"] == world.community["id"]
        assert contacts["need"]["name"] == world.community["name"]
        assert contacts["offer"]["name"] == world.org["name"]
        assert contacts["offer"]["contact_name"] == "王明"
        assert contacts["offer"]["phone"] == "13812345678"  # a party sees it in full

    async def test_a_repeat_changes_nothing(self, system: System) -> None:
        world = await World(system).build()
        await world.accept_both()
        before = await world.get()
        again = await world.post("/accept", {"side": "offer"}, world.org_admin())
        assert again.status_code == 200, again.text
        assert again.headers["ETag"] == before.headers["ETag"]
        assert await offer_state(system, world.offer.id) == (4, "open")

    async def test_only_the_sides_own_admins_accept(self, system: System) -> None:
        world = await World(system).build()
        other = await registry_community(system)
        cases = [
            (world.community_admin(other["id"]), "need", 403, "community_mismatch"),
            (world.community_admin(), "offer", 403, "side_not_allowed"),
            (world.org_admin(str(uuid.uuid4())), "offer", 403, "org_mismatch"),
            (world.org_admin(), "need", 403, "side_not_allowed"),
            (as_role(system, "social_worker"), "offer", 403, "side_not_allowed"),
        ]
        for headers, side, status, code in cases:
            response = await world.post("/accept", {"side": side}, headers)
            assert response.status_code == status, (side, response.text)
            assert response.json()["code"] == code
        assert (await world.get()).json()["acceptance"] == {
            "need_accepted_at": None,
            "offer_accepted_at": None,
        }

    async def test_a_bad_side_or_unknown_match_is_a_problem(self, system: System) -> None:
        world = await World(system).build()
        bad = await world.post("/accept", {"side": "both"})
        assert bad.status_code == 422
        assert bad.json()["code"] == "validation_failed"
        missing = await system.direct["matching"].post(
            f"/v1/matches/{uuid.uuid4()}/accept", json={"side": "need"}, headers=officer(system)
        )
        assert missing.status_code == 404
        assert missing.json()["code"] == "not_found"

    async def test_a_stale_etag_is_412(self, system: System) -> None:
        world = await World(system).build()
        etag = (await world.get()).headers["ETag"]
        await world.post("/accept", {"side": "need"})
        stale = await system.direct["matching"].post(
            world.url + "/accept",
            json={"side": "offer"},
            headers={**officer(system), "If-Match": etag},
        )
        assert stale.status_code == 412
        assert stale.json()["code"] == "precondition_failed"


class TestCapacity:
    async def test_the_last_unit_goes_to_one_match_only(self, system: System) -> None:
        community = await registry_community(system)
        org = await registry_org(system)
        offer = offer_row(org, capacity=3, remaining=1)
        needs = [need_row(community) for _ in range(2)]
        await insert(system, offer, *needs)
        matches = [match_row(n, offer) for n in needs]
        await insert(system, *matches)
        headers = officer(system)
        client = system.direct["matching"]
        for m in matches:
            r = await client.post(
                f"/v1/matches/{m.id}/accept", json={"side": "need"}, headers=headers
            )
            assert r.status_code == 200, r.text
        won = await client.post(
            f"/v1/matches/{matches[0].id}/accept", json={"side": "offer"}, headers=headers
        )
        assert won.status_code == 200, won.text
        assert await offer_state(system, offer.id) == (0, "exhausted")
        lost = await client.post(
            f"/v1/matches/{matches[1].id}/accept", json={"side": "offer"}, headers=headers
        )
        assert lost.status_code == 409, lost.text
        assert lost.json()["code"] == "capacity_exhausted"
        after = await client.get(f"/v1/matches/{matches[1].id}", headers=headers)
        assert after.json()["status"] == "proposed"
        assert after.json()["acceptance"]["offer_accepted_at"] is None

    async def test_ten_needs_race_for_the_last_unit(self, system: System) -> None:
        """Concurrent second acceptances of ten matches on one offer with one unit left:
        exactly one wins, the rest are 409, never 5xx, and remaining never goes below zero."""
        community = await registry_community(system)
        org = await registry_org(system)
        offer = offer_row(org, capacity=4, remaining=1)
        needs = [need_row(community) for _ in range(10)]
        await insert(system, offer, *needs)
        matches = [match_row(n, offer) for n in needs]
        await insert(system, *matches)
        client = system.direct["matching"]
        headers = officer(system)
        for m in matches:
            r = await client.post(
                f"/v1/matches/{m.id}/accept", json={"side": "need"}, headers=headers
            )
            assert r.status_code == 200, r.text
        responses = await asyncio.gather(
            *(
                client.post(f"/v1/matches/{m.id}/accept", json={"side": "offer"}, headers=headers)
                for m in matches
            )
        )
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [200] + [409] * 9, [r.text for r in responses if r.status_code != 409]
        assert {r.json()["code"] for r in responses if r.status_code == 409} == {
            "capacity_exhausted"
        }
        assert await offer_state(system, offer.id) == (0, "exhausted")
        async with system.apps["matching"].state.database.read_sessionmaker() as session:
            accepted = await session.scalar(
                sa.select(sa.func.count())
                .select_from(Match)
                .where(Match.offer_id == offer.id, Match.status == "accepted")
            )
        assert accepted == 1

    async def test_a_need_is_not_covered_twice(self, system: System) -> None:
        community = await registry_community(system)
        org = await registry_org(system)
        need = need_row(community, quantity=1)
        offers = [offer_row(org), offer_row(org)]
        await insert(system, need, *offers)
        matches = [match_row(need, o) for o in offers]
        await insert(system, *matches)
        client = system.direct["matching"]
        headers = officer(system)
        for m in matches:
            for side in ("need", "offer"):
                last = await client.post(
                    f"/v1/matches/{m.id}/accept", json={"side": side}, headers=headers
                )
        assert last.status_code == 409, last.text
        assert last.json()["code"] == "need_covered"
        assert await offer_state(system, offers[1].id) == (5, "open")

    async def test_a_cancelled_need_or_withdrawn_offer_takes_no_reservation(
        self, system: System
    ) -> None:
        for table, status, code in (
            (Need, "cancelled", "need_state"),
            (Offer, "withdrawn", "offer_state"),
        ):
            world = await World(system).build()
            await world.post("/accept", {"side": "need"})
            row_id = world.need.id if table is Need else world.offer.id
            async with system.apps["matching"].state.database.sessionmaker() as session:
                await session.execute(
                    sa.update(table).where(table.id == row_id).values(status=status)
                )
                await session.commit()
            refused = await world.post("/accept", {"side": "offer"})
            assert refused.status_code == 409, refused.text
            assert refused.json()["code"] == code
            remaining, _ = await offer_state(system, world.offer.id)
            assert remaining == 5
            assert (await world.get()).json()["status"] == "proposed"

    async def test_decline_of_an_accepted_match_gives_the_capacity_back(
        self, system: System
    ) -> None:
        world = await World(system).build(capacity=1)
        await world.accept_both()
        assert await offer_state(system, world.offer.id) == (0, "exhausted")
        declined = await world.post(
            "/decline", {"side": "offer", "reason": "人手不足"}, world.org_admin()
        )
        assert declined.status_code == 200, declined.text
        body = declined.json()
        assert (body["status"], body["closed_side"], body["reason"]) == (
            "declined",
            "offer",
            "人手不足",
        )
        assert body["contacts"] is None
        assert await offer_state(system, world.offer.id) == (1, "open")
        assert await need_status(system, world.need.id) == "open"
        again = await world.post("/decline", {"side": "offer"}, world.org_admin())
        assert again.status_code == 200
        assert await offer_state(system, world.offer.id) == (1, "open")  # released once
        late = await world.post("/accept", {"side": "need"})
        assert late.status_code == 409
        assert late.json()["code"] == "match_state"
        assert await match_events(system, world.match.id) == [
            "match.accepted",
            "match.accepted",
            "match.declined",
        ]

    async def test_cancel_in_service_gives_the_capacity_back(self, system: System) -> None:
        world = await World(system).build(capacity=2)
        await world.in_service()
        assert await offer_state(system, world.offer.id) == (1, "open")
        cancelled = await world.post("/cancel", {"reason": "村里已另行安排"})
        assert cancelled.status_code == 200, cancelled.text
        assert cancelled.json()["status"] == "cancelled"
        assert await offer_state(system, world.offer.id) == (2, "open")
        assert await need_status(system, world.need.id) == "open"
        again = await world.post("/cancel")
        assert again.status_code == 200
        assert await offer_state(system, world.offer.id) == (2, "open")
        assert (await match_events(system, world.match.id))[-1:] == ["match.cancelled"]


class TestService:
    async def test_start_needs_both_acceptances_then_complete_fulfils(self, system: System) -> None:
        world = await World(system).build()
        early = await world.post("/start")
        assert early.status_code == 409
        assert early.json()["code"] == "match_state"
        await world.accept_both()
        started = await world.post("/start")
        assert started.status_code == 200, started.text
        assert started.json()["status"] == "in_service"
        assert await need_status(system, world.need.id) == "in_service"
        complete = await world.post("/complete", headers=world.community_admin())
        assert complete.status_code == 200, complete.text
        assert complete.json()["status"] == "completed"
        assert await need_status(system, world.need.id) == "fulfilled"
        assert await offer_state(system, world.offer.id) == (4, "open")  # consumed, not given back
        for path in ("/cancel", "/decline"):
            late = await world.post(path, {"side": "need"} if path == "/decline" else None)
            assert late.status_code == 409, path
            assert late.json()["code"] == "match_state"

    async def test_events_tell_the_lifecycle(self, system: System) -> None:
        world = await World(system).build()
        await world.in_service()
        await world.post("/complete")
        mine = await feed(system, world.match.id, "match.accepted,match.started,match.completed")
        assert [e["type"] for e in mine] == [
            "match.accepted",
            "match.accepted",
            "match.started",
            "match.completed",
        ]
        assert mine[1]["data"]["both_accepted"] is True
        assert mine[1]["data"].get("contacts") is None
        followed = [e["data"] for e in await feed(system, world.need.id, "need.updated")]
        assert [d["status"] for d in followed] == ["matched", "in_service", "fulfilled"]
        assert followed[0]["title"] == world.need.title  # the need as its own API shows it


class TestVisibility:
    async def test_contacts_are_masked_for_a_reader_who_is_neither_party(
        self, system: System
    ) -> None:
        world = await World(system).build()
        await world.accept_both()
        stranger = as_role(system, "social_worker")
        seen = await world.get(headers=stranger)
        assert seen.status_code == 200, seen.text
        assert seen.json()["contacts"]["offer"]["phone"] == "138****5678"
        party = await world.get(headers=world.community_admin())
        assert party.json()["contacts"]["offer"]["phone"] == "13812345678"

    async def test_a_volunteers_offer_shows_the_volunteer_once_accepted(
        self, system: System
    ) -> None:
        community = await registry_community(system)
        person = await registry_volunteer(system)
        need = need_row(community)
        offer = offer_row(person, kind="volunteer", provider_region_code=None)
        await insert(system, need, offer)
        match = match_row(need, offer)
        await insert(system, match)
        client = system.direct["matching"]
        for side in ("need", "offer"):
            r = await client.post(
                f"/v1/matches/{match.id}/accept", json={"side": side}, headers=officer(system)
            )
            assert r.status_code == 200, r.text
        provider = r.json()["contacts"]["offer"]
        assert (provider["kind"], provider["id"], provider["name"]) == (
            "volunteer",
            person["id"],
            person["name"],
        )
        assert provider["phone"] == "13705741122"
        masked = await client.get(
            f"/v1/matches/{match.id}", headers=as_role(system, "social_worker")
        )
        assert masked.json()["contacts"]["offer"]["phone"] == "137****1122"

    async def test_bound_admins_list_and_read_only_their_own(self, system: System) -> None:
        world = await World(system).build()
        other = await World(system).build()
        client = system.direct["matching"]
        mine = await client.get(
            "/v1/matches", params={"limit": 200}, headers=world.community_admin()
        )
        assert mine.status_code == 200, mine.text
        assert {m["id"] for m in mine.json()["items"]} == {str(world.match.id)}
        theirs = await client.get("/v1/matches", params={"limit": 200}, headers=other.org_admin())
        assert {m["id"] for m in theirs.json()["items"]} == {str(other.match.id)}
        forbidden = await other.get(headers=world.community_admin())
        assert forbidden.status_code == 403
        assert forbidden.json()["code"] == "community_mismatch"

    async def test_filters_and_pages(self, system: System) -> None:
        world = await World(system).build()
        await world.accept_both()
        client = system.direct["matching"]
        by_need = await client.get(
            "/v1/matches", params={"need_id": str(world.need.id)}, headers=officer(system)
        )
        assert [m["id"] for m in by_need.json()["items"]] == [str(world.match.id)]
        accepted = await client.get(
            "/v1/matches",
            params={"offer_id": str(world.offer.id), "status": "proposed"},
            headers=officer(system),
        )
        assert accepted.json()["items"] == []
        first = await client.get("/v1/matches", params={"limit": 1}, headers=officer(system))
        cursor = first.json()["next_cursor"]
        assert cursor
        second = await client.get(
            "/v1/matches", params={"limit": 1, "cursor": cursor}, headers=officer(system)
        )
        assert second.status_code == 200
        assert second.json()["items"][0]["id"] != first.json()["items"][0]["id"]
        bad = await client.get("/v1/matches", params={"cursor": "zz"}, headers=officer(system))
        assert bad.status_code == 422


class TestFundsMatch:
    async def test_a_funds_match_becomes_a_grant_request_when_it_starts(
        self, system: System
    ) -> None:
        money = await fund(system)
        world = await World(system).build(
            quantity=300, capacity=1000, resource_kind="funds", fund_id=uuid.UUID(money["id"])
        )
        await world.accept_both()
        missing = await world.post("/start")
        assert missing.status_code == 422
        assert missing.json()["code"] == "grantee_required"
        unknown = await world.post("/start", {"grantee_org_id": str(uuid.uuid4())})
        assert unknown.status_code == 422
        assert unknown.json()["code"] == "grantee_unknown"
        grantee = await registry_org(system)
        started = await world.post("/start", {"grantee_org_id": grantee["id"]})
        assert started.status_code == 200, started.text
        # This match's grant request (other tests' requests in the shared system do not count).
        rows = await wait_delivered(system, str(world.match.id), count=1)
        mine = [r for r in rows if r.body["match_id"] == str(world.match.id)]
        assert len(mine) == 1
        assert mine[0].body["amount"] == 30_000  # 300 yuan in fen
        grants = await system.direct["funds"].get(
            "/v1/grants",
            params={"fund_id": money["id"], "grantee_org_id": grantee["id"]},
            headers=system.signed(),
        )
        assert grants.status_code == 200, grants.text
        items = grants.json()["items"]
        assert len(items) == 1
        assert (items[0]["match_id"], items[0]["need_id"], items[0]["amount"]) == (
            str(world.match.id),
            str(world.need.id),
            30_000,
        )
        assert len(await outbox_rows(system, "/v1/grants")) >= 1
