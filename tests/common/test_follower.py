"""The follower: another service's feed applied once, in order, with its checkpoint.

Matching's database follows a Registry's feed, both on fresh databases of their own (some tests
purge the feed), through a signed client over an ASGI transport that can be switched off. Each
test writes events of a type of its own (``emit`` in the Registry's database, as its endpoints
do), so other tests' events pass by, and starts its follower at the feed's head.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.app import create_service_app
from services.common.db import Database, utcnow
from services.common.errors import WusheError
from services.common.events import PENDING, PendingEvent, emit, purge
from services.common.follower import (
    CATCHING_UP,
    FOLLOWING,
    RETRYING,
    STOPPED,
    Follower,
    FollowerSpec,
)
from services.common.http import ServiceClient
from services.common.identity import Identity, IdentitySigner
from services.common.metrics import metrics_router
from services.common.migrate import upgrade
from services.matching.db.models import KERNEL as MATCHING_KERNEL
from services.matching.domain.errors import MatchingCode
from services.matching.settings import MatchingSettings
from services.registry.app import create_app as create_registry
from services.registry.db.models import KERNEL as REGISTRY_KERNEL
from services.registry.settings import RegistrySettings
from tests.backends import DatabaseSet
from tests.system_fixture import INTERNAL_SECRET

T = TypeVar("T")
SIGNER = IdentitySigner(INTERNAL_SECRET.encode())

#: What the followers of these tests applied (in Matching's database).
APPLIED_TABLES = sa.MetaData()
applied = sa.Table(
    "test_follower_applied",
    APPLIED_TABLES,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("follower", sa.String(64), nullable=False, index=True),
    sa.Column("position", sa.BigInteger(), nullable=False),
    sa.Column("type", sa.String(64), nullable=False),
)


class Switch(httpx.AsyncBaseTransport):
    """The line to the Registry; ``down`` refuses every connection."""

    def __init__(self, transport: httpx.AsyncBaseTransport) -> None:
        self.inner = transport
        self.down = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("test: the registry is down", request=request)
        return await self.inner.handle_async_request(request)


class KeepsProblemExtras(ServiceClient):
    """A client that keeps a problem's extra members (``purged_through`` of a 410).

    ``ServiceClient`` keeps only ``code``, ``detail`` and ``errors``, so a follower cannot learn
    the feed's horizon from it; this is the change proposed for ``services/common/http.py``.
    """

    def _problem(self, response: httpx.Response) -> Exception:
        error = super()._problem(response)
        body = response.json()
        if isinstance(error, WusheError) and isinstance(body, dict):
            known = {"type", "title", "status", "detail", "code", "errors", "instance"}
            error.extra = {k: v for k, v in body.items() if k not in known}
        return error


# -- fixtures and helpers -----------------------------------------------------------------------


@dataclass
class Feed:
    """A Registry of its own (its feed is purged by tests here) and a Matching database."""

    registry: FastAPI
    registry_db: Database
    matching_db: Database
    matching_url: str


@pytest.fixture(scope="module")
async def feed(backend: str, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Feed]:
    """Fresh, migrated Registry and Matching databases; the Registry app running on its own."""
    dbs = DatabaseSet(backend, Path(tmp_path_factory.mktemp(f"follower-{backend}")))
    await dbs.create()
    try:
        await upgrade("registry", dbs.url("registry"))
        await upgrade("matching", dbs.url("matching"))
        registry = create_registry(
            RegistrySettings(
                database_url=dbs.url("registry"), internal_secret=INTERNAL_SECRET, log_json=True
            ),
            configure_logs=False,
        )
        matching = Database(dbs.url("matching"))
        async with matching.engine.begin() as conn:
            await conn.run_sync(APPLIED_TABLES.create_all)
        try:
            async with registry.router.lifespan_context(registry):
                yield Feed(registry, registry.state.database, matching, dbs.url("matching"))
        finally:
            await matching.dispose()
    finally:
        await dbs.drop()


@pytest.fixture
def matching_db(feed: Feed) -> Database:
    return feed.matching_db


@pytest.fixture
async def line(feed: Feed) -> AsyncIterator[tuple[Switch, ServiceClient]]:
    """A switchable line to the Registry and a client on it that keeps problem extras."""
    switch = Switch(httpx.ASGITransport(app=feed.registry))
    client = KeepsProblemExtras(
        "http://registry", caller="matching", signer=SIGNER, timeout=10, transport=switch
    )
    yield switch, client
    await client.aclose()


def _signed() -> dict[str, str]:
    operator = Identity(sub="test", kind="user", role="operator", scopes=frozenset({"admin"}))
    return {"x-wushe-identity": SIGNER.sign(operator)}


def _type() -> str:
    return f"test.f{uuid.uuid4().hex[:10]}"


async def _head(feed: Feed) -> int:
    """The Registry feed's head (its last position, or the horizon after a purge)."""
    async with feed.registry_db.read_sessionmaker() as session:
        head = await session.scalar(sa.select(sa.func.max(REGISTRY_KERNEL.events.c.position)))
        horizon = await session.scalar(
            sa.select(sa.func.max(REGISTRY_KERNEL.event_horizon.c.purged_through))
        )
    return max(int(head or 0), int(horizon or 0))


async def _write(feed: Feed, type_: str, count: int, *, age: float = 0.0) -> list[int]:
    """One Registry transaction emitting ``count`` events of ``type_``; their positions."""
    database = feed.registry_db
    async with database.sessionmaker() as session:
        for i in range(count):
            if age:  # an event that occurred ``age`` seconds ago
                session.sync_session.info.setdefault(PENDING, []).append(
                    PendingEvent(
                        type=type_,
                        subject_kind="test",
                        subject_id=str(i),
                        data={"i": i},
                        masked={"i": i},
                        occurred_at=utcnow() - dt.timedelta(seconds=age),
                    )
                )
            else:
                emit(session, type_, subject_kind="test", subject_id=i, data={"i": i})
        await session.commit()
    events = REGISTRY_KERNEL.events
    async with database.read_sessionmaker() as session:
        found = await session.execute(
            sa.select(events.c.position).where(events.c.type == type_).order_by(events.c.position)
        )
        return [int(p) for p in found.scalars()][-count:]


async def _applied(database: Database, name: str) -> list[int]:
    async with database.read_sessionmaker() as session:
        found = await session.execute(
            sa.select(applied.c.position).where(applied.c.follower == name).order_by(applied.c.id)
        )
        return [int(p) for p in found.scalars()]


async def _checkpoint(database: Database, name: str) -> Any:
    table = MATCHING_KERNEL.follower_checkpoints
    async with database.read_sessionmaker() as session:
        return (await session.execute(sa.select(table).where(table.c.name == name))).one()


async def _start_at(database: Database, name: str, position: int) -> None:
    table = MATCHING_KERNEL.follower_checkpoints
    async with database.sessionmaker() as session:
        await session.execute(
            sa.insert(table).values(name=name, position=position, updated_at=utcnow())
        )
        await session.commit()


def _recorder(name: str) -> Callable[[AsyncSession, dict[str, Any]], Awaitable[None]]:
    async def apply(session: AsyncSession, event: dict[str, Any]) -> None:
        await session.execute(
            sa.insert(applied).values(follower=name, position=event["position"], type=event["type"])
        )

    return apply


async def _eventually(check: Callable[[], Awaitable[T]], within: float = 15.0) -> T:
    deadline = time.monotonic() + within
    while True:
        result = await check()
        if result:
            return result
        assert time.monotonic() < deadline, "condition not reached in time"
        await asyncio.sleep(0.02)


async def _follower(
    feed: Feed,
    database: Database,
    client: ServiceClient,
    type_: str,
    *,
    name: str | None = None,
    start: bool = True,
    **options: Any,
) -> Follower:
    """A follower of ``type_`` events, its checkpoint at the feed's head (unless ``start``)."""
    name = name or f"test-{uuid.uuid4().hex[:10]}"
    if start:
        await _start_at(database, name, await _head(feed))
    options = {"wait": 2.0, "retry_base": 0.05, "retry_max": 0.2, **options}
    return Follower(
        name,
        client,
        "registry",
        database,
        MATCHING_KERNEL,
        options.pop("apply", None) or _recorder(name),
        types=[type_],
        **options,
    )


async def _stop(task: asyncio.Task[None]) -> None:
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


# -- tests --------------------------------------------------------------------------------------


class TestApplying:
    async def test_each_event_is_applied_once_in_order_and_the_checkpoint_moves(
        self, feed: Feed, matching_db: Database, line: tuple[Switch, ServiceClient]
    ) -> None:
        _, client = line
        type_ = _type()
        follower = await _follower(feed, matching_db, client, type_, batch=3)
        positions = await _write(feed, type_, 3)
        positions += await _write(feed, type_, 2)
        assert await follower.step() == 3
        assert follower.state == CATCHING_UP
        assert await follower.step() == 2
        assert follower.state == FOLLOWING
        assert await _applied(matching_db, follower.name) == positions
        stored = await _checkpoint(matching_db, follower.name)
        assert stored.position == follower.position >= positions[-1]
        assert stored.last_event_at is not None

        again = await _follower(
            feed, matching_db, client, type_, name=follower.name, wait=0.1, start=False
        )
        assert await again.step() == 0  # a restart starts at the stored checkpoint
        later = await _write(feed, type_, 2)
        assert await again.step() == 2
        assert await _applied(matching_db, follower.name) == positions + later

    async def test_a_failing_apply_rolls_back_its_page_and_the_page_is_retried(
        self, feed: Feed, matching_db: Database, line: tuple[Switch, ServiceClient]
    ) -> None:
        _, client = line
        type_ = _type()
        name = f"test-{uuid.uuid4().hex[:10]}"
        record = _recorder(name)
        calls = {"n": 0}

        async def apply(session: AsyncSession, event: dict[str, Any]) -> None:
            await record(session, event)  # the first event is recorded, then the page fails
            calls["n"] += 1
            if calls["n"] == 2:
                raise RuntimeError("test: apply failed")

        follower = await _follower(feed, matching_db, client, type_, name=name, apply=apply)
        positions = await _write(feed, type_, 3)
        task = asyncio.create_task(follower.run())
        try:

            async def done() -> bool:
                return len(await _applied(matching_db, name)) >= 3

            await _eventually(done)
        finally:
            await _stop(task)
        assert await _applied(matching_db, name) == positions  # the first once, not twice
        assert calls["n"] == 5

    async def test_a_long_poll_applies_a_commit_within_a_fraction_of_a_second(
        self, feed: Feed, matching_db: Database, line: tuple[Switch, ServiceClient]
    ) -> None:
        _, client = line
        type_ = _type()
        follower = await _follower(feed, matching_db, client, type_, wait=10.0)
        task = asyncio.create_task(follower.run())
        try:
            await _eventually(lambda: _true(follower.state == FOLLOWING))
            await asyncio.sleep(0.2)  # the follower is now waiting in a long poll
            written = time.monotonic()
            positions = await _write(feed, type_, 1)

            async def seen() -> list[int]:
                return await _applied(matching_db, follower.name)

            assert await _eventually(seen) == positions
            assert time.monotonic() - written < 1.0
            assert follower.lag_seconds == 0.0
            assert follower.lag_events == 0
        finally:
            await _stop(task)


async def _true(value: bool) -> bool:
    return value


class TestLag:
    async def test_behind_the_lag_is_the_age_of_the_newest_applied_event(
        self, feed: Feed, matching_db: Database, line: tuple[Switch, ServiceClient]
    ) -> None:
        _, client = line
        type_ = _type()
        follower = await _follower(feed, matching_db, client, type_, batch=2, wait=0.1)
        await _write(feed, type_, 4, age=3600)
        assert await follower.step() == 2
        assert follower.state == CATCHING_UP
        assert 3590 < follower.lag_seconds < 3700
        status = follower.status()
        assert status["state"] == CATCHING_UP
        assert status["position"] == follower.position
        assert 3590 < status["lag_seconds"] < 3700
        assert status["last_event_at"] is not None
        while follower.state != FOLLOWING:
            await follower.step()
        assert (follower.lag_seconds, follower.lag_events) == (0.0, 0)
        assert len(await _applied(matching_db, follower.name)) == 4


class TestOutage:
    async def test_the_registry_down_then_up_applies_what_was_written_meanwhile(
        self, feed: Feed, matching_db: Database, line: tuple[Switch, ServiceClient]
    ) -> None:
        switch, client = line
        type_ = _type()
        follower = await _follower(feed, matching_db, client, type_)
        switch.down = True
        task = asyncio.create_task(follower.run())
        try:
            await _eventually(lambda: _true(follower.failures >= 3))
            assert follower.state == RETRYING
            assert "UpstreamUnavailable" in (follower.last_error or "")
            positions = await _write(feed, type_, 4)
            await asyncio.sleep(0.3)
            assert follower.lag_seconds > 0.2
            assert follower.status()["state"] == RETRYING
            assert await _applied(matching_db, follower.name) == []

            switch.down = False

            async def caught_up() -> bool:
                return (
                    follower.state == FOLLOWING
                    and len(await _applied(matching_db, follower.name)) == 4
                )

            await _eventually(caught_up)
        finally:
            await _stop(task)
        assert await _applied(matching_db, follower.name) == positions
        assert (follower.failures, follower.last_error, follower.lag_seconds) == (0, None, 0.0)


class TestReplicas:
    async def test_two_instances_of_one_follower_apply_each_event_once(
        self, feed: Feed, matching_db: Database, line: tuple[Switch, ServiceClient]
    ) -> None:
        _, client = line
        type_ = _type()
        name = f"test-{uuid.uuid4().hex[:10]}"
        record = _recorder(name)

        async def slow(session: AsyncSession, event: dict[str, Any]) -> None:
            await record(session, event)
            await asyncio.sleep(0.002)  # widen the window in which both hold the same page

        first = await _follower(feed, matching_db, client, type_, name=name, apply=slow, batch=4)
        second = await _follower(
            feed, matching_db, client, type_, name=name, apply=slow, batch=4, start=False
        )
        positions = await _write(feed, type_, 30)
        tasks = [asyncio.create_task(f.run()) for f in (first, second)]
        try:

            async def done() -> bool:
                return len(await _applied(matching_db, name)) >= 30 and all(
                    f.state == FOLLOWING for f in (first, second)
                )

            await _eventually(done)
            await asyncio.sleep(0.2)
        finally:
            for task in tasks:
                await _stop(task)
        assert await _applied(matching_db, name) == positions


class TestExpired:
    async def test_without_resync_the_follower_stops_loudly(
        self,
        feed: Feed,
        matching_db: Database,
        line: tuple[Switch, ServiceClient],
        caplog: pytest.LogCaptureFixture,
    ) -> None:
        _, client = line
        type_ = _type()
        follower = await _follower(feed, matching_db, client, type_)
        await _write(feed, type_, 2)
        await self._purge_all(feed)
        with caplog.at_level(logging.ERROR, logger="wushe.follower"):
            await asyncio.wait_for(follower.run(), 10)  # returns: it stopped
        assert follower.state == STOPPED
        assert "retention" in (follower.last_error or "")
        assert [r for r in caplog.records if "STOPPED" in r.getMessage()]
        assert await _applied(matching_db, follower.name) == []

    async def test_with_resync_it_rebuilds_and_follows_from_the_head(
        self, feed: Feed, matching_db: Database, line: tuple[Switch, ServiceClient]
    ) -> None:
        _, client = line
        type_ = _type()
        name = f"test-{uuid.uuid4().hex[:10]}"
        resyncs: list[int] = []

        async def resync(session: AsyncSession) -> None:
            # Rebuilding from the lists would go here; the marker shares the transaction.
            await session.execute(
                sa.insert(applied).values(follower=name, position=-1, type="resync")
            )
            resyncs.append(1)

        follower = await _follower(feed, matching_db, client, type_, name=name, resync=resync)
        await _write(feed, type_, 2)  # purged before the follower reads them
        await self._purge_all(feed)
        head = await _head(feed)
        assert await follower.step() == 0
        assert resyncs == [1]
        assert follower.position == head
        assert (await _checkpoint(matching_db, name)).position == head
        later = await _write(feed, type_, 2)
        assert await follower.step() == 2
        assert await _applied(matching_db, name) == [-1, *later]

    async def test_positions_keep_growing_after_every_old_event_is_purged(
        self, feed: Feed, matching_db: Database, line: tuple[Switch, ServiceClient]
    ) -> None:
        """Defect: on SQLite a purge of every event handed out positions from 1 again, below
        the horizon, so a follower at the horizon never saw the new events."""
        _, client = line
        type_ = _type()
        await _write(feed, type_, 2)
        await self._purge_all(feed)
        start = await _head(feed)
        follower = await _follower(feed, matching_db, client, type_, wait=0.1)
        later = await _write(feed, type_, 1)
        assert later[0] > start
        assert await follower.step() == 1
        assert await _applied(matching_db, follower.name) == later

    @staticmethod
    async def _purge_all(feed: Feed) -> None:
        async with feed.registry_db.sessionmaker() as session:
            await purge(session, REGISTRY_KERNEL, utcnow() + dt.timedelta(seconds=1))
            await session.commit()


class TestInAService:
    async def test_a_spec_runs_as_a_worker_and_shows_in_readyz_and_metrics(
        self, feed: Feed, matching_db: Database
    ) -> None:
        type_ = _type()
        name = f"test-{uuid.uuid4().hex[:10]}"
        await _start_at(matching_db, name, await _head(feed))
        spec = FollowerSpec(name, "registry", _recorder(name), types=(type_,), wait=2)
        app = create_service_app(
            MatchingSettings(
                database_url=feed.matching_url,
                internal_secret=INTERNAL_SECRET,
                registry_url="http://registry",
            ),
            title="t",
            description="t",
            version="0",
            routers=[],
            codes=MatchingCode,
            kernel=MATCHING_KERNEL,
            workers=[spec.worker(transport=httpx.ASGITransport(app=feed.registry))],
            configure_logs=False,
        )
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://m") as http,
        ):

            async def following() -> bool:
                return any(f.state == FOLLOWING for f in app.state.followers)

            await _eventually(following)
            positions = await _write(feed, type_, 2)

            async def applied_all() -> bool:
                return await _applied(matching_db, name) == positions

            await _eventually(applied_all)
            ready = (await http.get("/readyz", headers=_signed())).json()
            metrics = (await http.get("/metrics")).text  # scraped unsigned
        (status,) = [f for f in ready["followers"] if f["name"] == name]
        assert status["service"] == "registry"
        assert status["position"] >= positions[-1]
        labels = f'follower="{name}",service="matching",source="registry"'
        assert f"wushe_follower_up{{{labels}}} 1.0" in metrics


class TestConfiguration:
    async def test_a_long_poll_longer_than_the_client_timeout_is_shortened(
        self, feed: Feed, matching_db: Database, caplog: pytest.LogCaptureFixture
    ) -> None:
        client = ServiceClient("http://registry", caller="matching", signer=SIGNER, timeout=5)
        try:
            with caplog.at_level(logging.WARNING, logger="wushe.follower"):
                follower = Follower(
                    "x", client, "registry", matching_db, MATCHING_KERNEL, _recorder("x"), wait=25
                )
            assert follower.wait == 3.0
            assert [r for r in caplog.records if "shortened" in r.getMessage()]
        finally:
            await client.aclose()


class TestMetrics:
    async def test_metrics_show_each_apps_own_followers_and_outbox(
        self, feed: Feed, matching_db: Database, line: tuple[Switch, ServiceClient]
    ) -> None:
        _, client = line
        type_ = _type()
        follower = await _follower(feed, matching_db, client, type_, wait=0.1)
        await _write(feed, type_, 2)
        await follower.step()
        apps = [
            create_service_app(
                MatchingSettings(database_url=feed.matching_url, internal_secret=INTERNAL_SECRET),
                title="t",
                description="t",
                version="0",
                routers=[metrics_router()],
                codes=MatchingCode,
                kernel=MATCHING_KERNEL,
                configure_logs=False,
            )
            for _ in range(2)
        ]
        async with (
            apps[0].router.lifespan_context(apps[0]),
            apps[1].router.lifespan_context(apps[1]),
        ):
            apps[0].state.followers = [follower]
            samples = []
            for app in apps:
                async with httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=app), base_url="http://m"
                ) as http:
                    response = await http.get("/metrics", headers=_signed())
                assert response.status_code == 200, response.text
                assert response.headers["content-type"].startswith("text/plain")
                samples.append(
                    {
                        (s.name, tuple(sorted(s.labels.items()))): s.value
                        for family in text_string_to_metric_families(response.text)
                        for s in family.samples
                    }
                )
        labels = (("follower", follower.name), ("service", "matching"), ("source", "registry"))
        assert samples[0][("wushe_follower_position", labels)] == follower.position
        assert samples[0][("wushe_follower_lag_seconds", labels)] == 0.0
        assert samples[0][("wushe_follower_up", labels)] == 1.0
        assert ("wushe_follower_position", labels) not in samples[1]  # the other app's own
        dead = ("wushe_outbox_messages", (("service", "matching"), ("status", "dead")))
        assert dead in samples[0]
        assert ("wushe_outbox_delivered_total", (("service", "matching"),)) in samples[0]
