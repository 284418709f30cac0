"""The change feed: events commit with their change, readers never miss one, PII stays masked."""

from __future__ import annotations

import asyncio
import random
import time
from typing import Any

import pytest
import sqlalchemy as sa

from services.common import events as feed_module
from services.common.db import Database, utcnow
from services.common.events import emit, purge, read_page, write_pending
from services.registry.db.models import KERNEL
from tests.factories import HAISHU, community_payload, create, suffix
from tests.system_fixture import System


async def _head(system: System) -> int:
    """The feed's current head (past any purge another test made)."""
    after = 0
    while True:
        response = await system.direct["registry"].get(
            f"/v1/events/registry?after={after}&limit=1&types=none", headers=system.signed()
        )
        if response.status_code == 410:
            after = int(response.json()["purged_through"])
            continue
        return int(response.json()["next_after"])


async def _events_after(system: System, after: int, **params: Any) -> list[dict[str, Any]]:
    response = await system.direct["registry"].get(
        "/v1/events/registry",
        params={"after": after, "limit": 500, **params},
        headers=params.pop("headers", None) or system.signed(),
    )
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


class TestRegistryWritesEmit:
    async def test_a_create_and_an_update_are_in_the_feed(self, system: System) -> None:
        headers = await system.admin_headers()
        start = await _head(system)
        community = await create(system.gateway, "/v1/communities", community_payload(), headers)
        etag = (
            await system.gateway.get(f"/v1/communities/{community['id']}", headers=headers)
        ).headers["etag"]
        patched = await system.gateway.patch(
            f"/v1/communities/{community['id']}",
            json={"population": 4321},
            headers={**headers, "If-Match": etag},
        )
        assert patched.status_code == 200
        mine = [
            e for e in await _events_after(system, start) if e["subject"]["id"] == community["id"]
        ]
        assert [e["type"] for e in mine] == ["community.created", "community.updated"]
        assert mine[1]["data"]["population"] == 4321
        assert mine[0]["region_code"] == HAISHU
        assert mine[0]["position"] < mine[1]["position"]

    async def test_a_refused_write_emits_nothing(self, system: System) -> None:
        headers = await system.admin_headers()
        start = await _head(system)
        refused = await system.gateway.post(
            "/v1/communities", json=community_payload(region_code="339999"), headers=headers
        )
        assert refused.status_code == 422
        assert await _events_after(system, start) == []

    async def test_personal_data_is_masked_without_pii_read(self, system: System) -> None:
        from services.common.identity import Identity

        headers = await system.admin_headers()
        start = await _head(system)
        await _social_worker(system, headers)
        reader = Identity(sub="p", kind="api_key", scopes=frozenset({"registry:read"}))
        masked = await _events_after(
            system, start, types="social_worker.created", headers=system.signed(reader)
        )
        full = await _events_after(system, start, types="social_worker.created")
        assert masked[-1]["data"]["name"] == "欧***"
        assert masked[-1]["data"]["phone"] == "139****5678"
        assert full[-1]["data"]["name"] == "欧阳小红"
        assert full[-1]["data"]["phone"] == "13912345678"

    async def test_an_event_without_personal_data_is_stored_once(self, system: System) -> None:
        """``masked`` is the JSON null ("as ``data``"), not a copy; both views answer ``data``,
        and the answer is what the documented ``EventPage`` model makes of it."""
        from services.common.event_api import EventPage
        from services.common.identity import Identity

        database: Database = system.apps["registry"].state.database
        start = await _db_head(database)
        async with database.sessionmaker() as session:
            emit(
                session, "test.plain", subject_kind="test", subject_id="a", data={"n": 1, "s": "好"}
            )
            emit(
                session,
                "test.private",
                subject_kind="test",
                subject_id="b",
                data={"phone": "13912345678"},
                masked={"phone": "139****5678"},
            )
            await session.commit()
        async with database.read_sessionmaker() as session:
            stored = (
                await session.execute(
                    sa.select(KERNEL.events.c.type, sa.cast(KERNEL.events.c.masked, sa.Text))
                    .where(KERNEL.events.c.position > start)
                    .order_by(KERNEL.events.c.position)
                )
            ).all()
        assert [(t, m.replace(" ", "")) for t, m in stored] == [
            ("test.plain", "null"),
            ("test.private", '{"phone":"139****5678"}'),
        ]
        reader = Identity(sub="p", kind="api_key", scopes=frozenset({"registry:read"}))
        masked = await _events_after(system, start, headers=system.signed(reader))
        full = await _events_after(system, start)
        assert [e["data"] for e in masked] == [{"n": 1, "s": "好"}, {"phone": "139****5678"}]
        assert [e["data"] for e in full] == [{"n": 1, "s": "好"}, {"phone": "13912345678"}]
        response = await system.direct["registry"].get(
            f"/v1/events/registry?after={start}", headers=system.signed()
        )
        page = EventPage.model_validate_json(response.content)
        assert response.json() == page.model_dump(mode="json")
        assert [i.region_code for i in page.items] == [None, None]
        # The non-raw reader (in-process followers, tests) agrees.
        async with database.snapshot_sessionmaker() as s:
            await s.connection()
            items, _ = await read_page(s, KERNEL, after=start, pii=True)
        assert [i["data"] for i in items] == [{"n": 1, "s": "好"}, {"phone": "13912345678"}]
        async with database.snapshot_sessionmaker() as s:
            await s.connection()
            items, _ = await read_page(s, KERNEL, after=start, pii=False)
        assert [i["data"] for i in items] == [{"n": 1, "s": "好"}, {"phone": "139****5678"}]

    async def test_the_feed_needs_the_read_scope_and_its_own_name(self, system: System) -> None:
        from services.common.identity import Identity

        nobody = Identity(sub="n", kind="api_key", scopes=frozenset({"funds:read"}))
        registry = system.direct["registry"]
        refused = await registry.get("/v1/events/registry", headers=system.signed(nobody))
        assert refused.status_code == 403
        other = await registry.get("/v1/events/funds", headers=system.signed())
        assert other.status_code == 404
        headers = await system.admin_headers()
        through = await system.gateway.get("/v1/events/registry?limit=1", headers=headers)
        assert through.status_code == 200


async def _long_poll(
    system: System, query: str, headers: dict[str, str]
) -> tuple[float, list[dict[str, Any]]]:
    """A long poll of the Registry's feed: when it answered, and what."""
    response = await system.gateway.get(f"/v1/events/registry?{query}", headers=headers)
    return time.monotonic(), response.json()["items"]


class TestLongPoll:
    async def test_a_waiting_reader_sees_a_commit_within_a_fraction_of_a_second(
        self, system: System
    ) -> None:
        headers = await system.admin_headers()
        start = await _head(system)

        reader = asyncio.create_task(_long_poll(system, f"after={start}&wait=10", headers))
        await asyncio.sleep(0.3)
        assert not reader.done()
        written = time.monotonic()
        await create(system.gateway, "/v1/communities", community_payload(), headers)
        seen_at, items = await reader
        assert [e["type"] for e in items] == ["community.created"]
        assert seen_at - written < 1.0


class TestRetention:
    async def test_a_reader_behind_the_retention_gets_410(self, system: System) -> None:
        headers = await system.admin_headers()
        # Two writes: purging keeps the newest event (positions only grow), so the older one
        # goes even when these are the feed's only events (this test run alone).
        for _ in range(2):
            await create(system.gateway, "/v1/communities", community_payload(), headers)
        database: Database = system.apps["registry"].state.database
        async with database.sessionmaker() as session:
            await purge(session, KERNEL, utcnow())
            await session.commit()
        gone = await system.gateway.get("/v1/events/registry?after=0", headers=headers)
        assert gone.status_code == 410
        assert gone.json()["code"] == "events_expired"
        head = int(gone.json()["purged_through"])
        fresh = await system.gateway.get(f"/v1/events/registry?after={head}", headers=headers)
        assert fresh.status_code == 200


async def _db_head(database: Database) -> int:
    async with database.read_sessionmaker() as s:
        head = await s.scalar(sa.select(sa.func.max(KERNEL.events.c.position)))
        horizon = await s.scalar(sa.select(sa.func.max(KERNEL.event_horizon.c.purged_through)))
    return max(int(head or 0), int(horizon or 0))


async def _social_worker(system: System, headers: dict[str, str]) -> None:
    """A write whose event holds personal data (a name and a phone)."""
    await create(
        system.gateway,
        "/v1/social-workers",
        {
            "name": "欧阳小红",
            "qualification": "assistant",
            "region_code": HAISHU,
            "phone": "13912345678",
            "certificate_no": f"SW{suffix()}",
        },
        headers,
    )


def _owe(session: Any, n: int = 1) -> None:
    for _ in range(n):
        emit(session, "test.happened", subject_kind="test", subject_id=suffix(), data={"n": n})


class TestNoGaps:
    """A reader that has seen position N never misses an event that commits later below N."""

    async def _race_two_writers(self, database: Database) -> tuple[list[int], list[int]]:
        """Writer 1 gets its position first but commits last; what a reader saw, and the truth."""
        start = await _db_head(database)
        first = database.sessionmaker()
        second = database.sessionmaker()
        try:
            _owe(first)
            await first.run_sync(lambda sync: write_pending(sync, KERNEL))  # position taken
            _owe(second)
            committing = asyncio.create_task(second.commit())
            await asyncio.sleep(0.3)  # the second commits now, unless the lock holds it
            async with database.snapshot_sessionmaker() as s:
                await s.connection()
                seen, _ = await read_page(s, KERNEL, after=start, types=["test.happened"])
            await first.commit()
            await committing
        finally:
            await first.close()
            await second.close()
        async with database.snapshot_sessionmaker() as s:
            await s.connection()
            everything, _ = await read_page(s, KERNEL, after=start, types=["test.happened"])
        return [e["position"] for e in seen], [e["position"] for e in everything]

    async def test_positions_become_visible_in_order(self, system: System) -> None:
        if system.backend != "postgresql":
            pytest.skip("about PostgreSQL's concurrent writers (SQLite writers take turns)")
        database: Database = system.apps["registry"].state.database
        seen, everything = await self._race_two_writers(database)
        # Nothing was visible below a later position: what was seen is a prefix of the truth.
        assert seen == everything[: len(seen)]
        assert len(everything) == 2

    async def test_without_the_lock_a_reader_misses_one(
        self, system: System, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The race is real: switch the lock off and the reader sees 2 before 1 exists."""
        if system.backend != "postgresql":
            pytest.skip("about PostgreSQL's concurrent writers (SQLite writers take turns)")
        monkeypatch.setattr(feed_module, "LOCK_POSITIONS", False)
        database: Database = system.apps["registry"].state.database
        seen, everything = await self._race_two_writers(database)
        assert seen != everything[: len(seen)]

    async def test_concurrent_writers_and_a_follower(self, system: System) -> None:
        database: Database = system.apps["registry"].state.database
        start = await _db_head(database)
        done = asyncio.Event()
        followed: list[int] = []

        async def writer() -> None:
            for _ in range(15):
                async with database.sessionmaker() as session:
                    _owe(session, random.randint(1, 3))
                    await session.execute(sa.select(1))
                    await asyncio.sleep(random.random() / 100)
                    await session.commit()

        async def follower() -> None:
            after = start
            while True:
                finished = done.is_set()
                async with database.snapshot_sessionmaker() as s:
                    await s.connection()
                    items, after = await read_page(
                        s, KERNEL, after=after, types=["test.happened"], limit=7
                    )
                followed.extend(e["position"] for e in items)
                if finished and not items:
                    return
                await asyncio.sleep(0)

        following = asyncio.create_task(follower())
        await asyncio.gather(*(writer() for _ in range(8)))
        done.set()
        await following
        async with database.snapshot_sessionmaker() as s:
            await s.connection()
            everything, _ = await read_page(
                s, KERNEL, after=start, types=["test.happened"], limit=500
            )
        assert followed == sorted(followed)
        assert followed == [e["position"] for e in everything]


class TestServiceMetrics:
    async def test_a_service_exposes_its_outbox_to_the_internal_scrape(
        self, system: System
    ) -> None:
        response = await system.direct["registry"].get("/metrics")
        assert response.status_code == 200
        assert "wushe_outbox_messages" in response.text
        ready = await system.direct["registry"].get("/readyz")
        assert ready.json()["status"] == "ready"


class TestFeedSignal:
    """Commits say which types they wrote: readers of other types sleep on."""

    async def test_a_reader_wakes_only_for_the_types_it_asked_for(self) -> None:
        signal = feed_module.FeedSignal()
        since = signal.generation
        waiting = asyncio.create_task(signal.wait(5, since, ["grant.approved"]))
        await asyncio.sleep(0.01)
        signal.notify({"transfer.posted"})
        signal.notify({"transfer.posted", "donation.received"})
        await asyncio.sleep(0.05)
        assert not waiting.done()
        signal.notify({"transfer.posted", "grant.approved"})
        await asyncio.wait_for(waiting, 1)
        any_type = asyncio.create_task(signal.wait(5))
        await asyncio.sleep(0.01)
        signal.notify({"x.y"})
        await asyncio.wait_for(any_type, 1)

    async def test_a_commit_during_the_read_is_not_slept_through(self) -> None:
        signal = feed_module.FeedSignal()
        since = signal.generation  # the reader notes it, then reads the feed ...
        signal.notify({"a.b"})  # ... while this commits
        started = time.monotonic()
        await signal.wait(5, since, ["a.b"])
        assert time.monotonic() - started < 0.5
        signal.notify(None)  # types not known (a notification without them): wakes everyone
        await asyncio.wait_for(signal.wait(5, since + 1, ["c.d"]), 1)

    async def test_a_reader_older_than_the_history_wakes(self) -> None:
        signal = feed_module.FeedSignal()
        since = signal.generation
        for _ in range(signal.HISTORY + 1):
            signal.notify({"other.type"})
        assert signal.changed(since, ["mine.type"])  # the history no longer tells
        assert not signal.changed(signal.generation - 3, ["mine.type"])
        assert not signal.changed(signal.generation, [])

    def test_notify_payloads_carry_the_types_or_nothing(self) -> None:
        assert feed_module._types(feed_module._payload({"b.x", "a.y"})) == {"a.y", "b.x"}
        many = {f"type.{i:05d}" for i in range(1000)}
        assert feed_module._payload(many) == ""
        assert feed_module._types("") is None

    async def test_a_long_poll_for_one_type_sleeps_through_other_commits(
        self, system: System
    ) -> None:
        headers = await system.admin_headers()
        start = await _head(system)

        signal = system.apps["registry"].state.feed_signal
        query = f"after={start}&wait=10&types=social_worker.created"
        reader = asyncio.create_task(_long_poll(system, query, headers))
        await asyncio.sleep(0.3)
        seen = signal.generation
        await create(system.gateway, "/v1/communities", community_payload(), headers)
        await asyncio.sleep(0.3)
        # The commit was signalled with its type (locally, and on PostgreSQL through LISTEN
        # too), so the reader of another type slept on (the unit tests above show the wait).
        told = [kinds for generation, kinds in signal._recent if generation > seen]
        assert told
        assert all(kinds == {"community.created"} for kinds in told), told
        assert not reader.done()
        written = time.monotonic()
        await _social_worker(system, headers)
        seen_at, items = await reader
        assert [e["type"] for e in items] == ["social_worker.created"]
        assert seen_at - written < 1.0
