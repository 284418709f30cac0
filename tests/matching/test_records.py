"""Service records: what a volunteer-service record holds, and the time-bank credits they owe."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from typing import Any

from services.common.outbox import DELIVERED, PENDING
from tests.funds.support import fund
from tests.matching.lifecycle_support import (
    World,
    as_role,
    down,
    due_now,
    outbox_rows,
    registry_volunteer,
    wait_delivered,
)
from tests.system_fixture import System


def record_body(volunteers: list[dict[str, Any]], bank: str | None, **over: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "minutes": 120,
        "volunteers": [{"volunteer_id": v["id"], "minutes": 90} for v in volunteers],
        "beneficiaries_served": 12,
        "note": "服务顺利",
        **over,
    }
    if bank is not None:
        body["time_bank_id"] = bank
    return body


async def minutes_of(system: System, volunteer_id: str) -> int:
    response = await system.direct["funds"].get(
        f"/v1/time-bank/{volunteer_id}", headers=system.signed()
    )
    assert response.status_code == 200, response.text
    return sum(b["minutes"] for b in response.json()["balances"])


class TestServiceRecords:
    async def test_a_record_holds_the_civil_affairs_fields_and_credits_the_time_bank(
        self, system: System
    ) -> None:
        bank = await fund(system, kind="time_bank")
        world = await World(system).build()
        await world.in_service()
        vol = await registry_volunteer(system)
        response = await world.post(
            "/service-records", record_body([vol], bank["id"]), world.org_admin()
        )
        assert response.status_code == 201, response.text
        record = response.json()
        assert record["date"] == dt.date.today().isoformat()
        assert record["place"] == world.community["name"]  # the need's community by default
        assert record["content"] == world.need.title
        assert record["minutes"] == 120
        assert record["recorded_by"].startswith("org_admin-")
        assert record["volunteers"] == [{"volunteer_id": vol["id"], "minutes": 90}]
        # This record's credit (other tests' credits in the shared system count for nothing).
        rows = await wait_delivered(system, f"service_record:{record['id']}", count=1)
        mine = [r for r in rows if r.body["source"] == f"service_record:{record['id']}:{vol['id']}"]
        assert len(mine) == 1
        assert mine[0].status == DELIVERED
        assert await minutes_of(system, vol["id"]) == 90
        history = await system.direct["funds"].get(
            f"/v1/time-bank/{vol['id']}", headers=system.signed()
        )
        entry = history.json()["entries"][0]
        assert (entry["place"], entry["content"]) == (world.community["name"], world.need.title)
        listed = await world.get("/service-records")
        assert listed.status_code == 200
        assert [r["id"] for r in listed.json()["items"]] == [record["id"]]

    async def test_only_a_match_in_service_takes_records(self, system: System) -> None:
        world = await World(system).build()
        response = await world.post("/service-records", record_body([], None))
        assert response.status_code == 409
        assert response.json()["code"] == "match_state"

    async def test_bad_records_are_422_and_store_nothing(self, system: System) -> None:
        bank = await fund(system, kind="time_bank")
        world = await World(system).build()
        await world.in_service()
        vol = await registry_volunteer(system)
        tomorrow = (dt.date.today() + dt.timedelta(days=2)).isoformat()
        twice = record_body([vol, vol], bank["id"])
        long = record_body([vol], bank["id"])
        long["volunteers"][0]["minutes"] = 121
        cases = [
            (record_body([{"id": str(uuid.uuid4())}], bank["id"]), "volunteer_unknown"),
            (twice, "volunteer_repeated"),
            (long, "minutes_invalid"),
            (record_body([vol], None), "time_bank_required"),
            (record_body([vol], bank["id"], date=tomorrow), "dates_invalid"),
            (record_body([vol], bank["id"], minutes=0), "validation_failed"),
            (record_body([vol], bank["id"], date=20260501), "validation_failed"),
        ]
        for body, code in cases:
            response = await world.post("/service-records", body)
            assert response.status_code == 422, (code, response.text)
            assert response.json()["code"] == code
        listed = await world.get("/service-records")
        assert listed.json()["items"] == []

    async def test_another_community_cannot_record(self, system: System) -> None:
        world = await World(system).build()
        await world.in_service()
        stranger = as_role(system, "community_admin", community_id=str(uuid.uuid4()))
        response = await world.post("/service-records", record_body([], None), stranger)
        assert response.status_code == 403
        assert response.json()["code"] == "community_mismatch"

    async def test_with_funds_down_the_record_is_accepted_and_credited_once_later(
        self, system: System
    ) -> None:
        bank = await fund(system, kind="time_bank")
        world = await World(system).build()
        await world.in_service()
        vols = [await registry_volunteer(system), await registry_volunteer(system)]
        async with down(system, "funds"):
            response = await world.post("/service-records", record_body(vols, bank["id"]))
            assert response.status_code == 201, response.text
            record = response.json()
            source = f"service_record:{record['id']}"
            # The relay tries and fails while Funds is away; the messages stay pending.
            for _ in range(3):
                await due_now(system, source)
                system.apps["matching"].state.relay.nudge()
                await _settle(system, source)
            rows = await outbox_rows(system, source)
            assert len(rows) == 2
            assert all(r.status == PENDING and r.attempts >= 1 for r in rows), rows
        for vol in vols:
            assert await minutes_of(system, vol["id"]) == 0
        await due_now(system, source)
        await wait_delivered(system, source, count=2)
        for vol in vols:
            assert await minutes_of(system, vol["id"]) == 90
        # Delivered again (a relay that crashed before recording the delivery): no second credit.
        for row in await outbox_rows(system, source):
            again = (
                await system.apps["matching"]
                .state.clients["funds"]
                .request(
                    "POST", row.path, json=row.body, headers={"Idempotency-Key": f"again-{row.id}"}
                )
            )
            assert again["source"] == row.body["source"]
        for vol in vols:
            assert await minutes_of(system, vol["id"]) == 90

    async def test_a_repeated_request_with_its_key_records_once(self, system: System) -> None:
        world = await World(system).build()
        await world.in_service()
        headers = {**as_role(system, "officer"), "Idempotency-Key": f"rec-{uuid.uuid4()}"}
        body = record_body([], None)
        first = await system.direct["matching"].post(
            world.url + "/service-records", json=body, headers=headers
        )
        second = await system.direct["matching"].post(
            world.url + "/service-records", json=body, headers=headers
        )
        assert (first.status_code, second.status_code) == (201, 201)
        assert first.json()["id"] == second.json()["id"]
        assert len((await world.get("/service-records")).json()["items"]) == 1


async def _settle(system: System, source: str) -> None:
    """Until the relay has tried every message of ``source`` once more (or a second passed)."""
    before = {r.id: r.attempts for r in await outbox_rows(system, source)}
    for _ in range(40):
        await asyncio.sleep(0.025)
        now = {r.id: r.attempts for r in await outbox_rows(system, source)}
        if all(now[k] > v for k, v in before.items()):
            return
