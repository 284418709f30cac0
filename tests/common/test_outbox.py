"""The transactional outbox: delivered after commit only, in order per key, once in effect.

A sender (Registry-schema database) owes messages to a receiver (Funds-schema database) whose
endpoint declares ``Idempotent`` and writes one row per effect (``tests/system/outbox_apps.py``);
the two talk through :class:`~tests.system.outbox_apps.Wire`, an ASGI transport that can be down,
lose answers and records what reached the receiver. The databases are fresh per backend so that
no relay of the in-process system touches these messages; the operator API is tested on the real
Registry behind the gateway.

The delivery tests run twice (``mode``): ``single``, one request per message, and ``batch``, the
receiver taking ``POST /t/effects`` in batches through its kernel inbox. The promises are the
same: after commit only, order per key, a failure holds back its key only, exactly once.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import json
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.db import Database, utcnow
from services.common.errors import Conflict, KernelCode
from services.common.identity import Identity, IdentitySigner, service_identity
from services.common.inbox import Inbox, InboxMessage
from services.common.migrate import upgrade
from services.common.outbox import (
    DEAD,
    DELIVERED,
    HELD,
    INBOX_PATH,
    PENDING,
    Failure,
    Relay,
    RelayPolicy,
    install_wakeup,
    purge_delivered,
    retry_dead,
    send,
)
from services.funds.settings import FundsSettings
from services.matching.db.models import KERNEL as MATCHING_KERNEL
from services.registry.settings import RegistrySettings
from tests.backends import DatabaseSet
from tests.funds.support import fund, volunteer
from tests.system.outbox_apps import (
    RECEIVER_TABLES,
    SENDER_KERNEL,
    SENDER_TABLES,
    ReceiverClient,
    Wire,
    apply_effect_message,
    apply_effect_messages,
    create_test_tables,
    effects,
    receiver_app,
    sender_app,
)
from tests.system_fixture import INTERNAL_SECRET, System

T = TypeVar("T")
SIGNER = IdentitySigner(INTERNAL_SECRET.encode())
OUTBOX = SENDER_KERNEL.outbox


# -- fixtures -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
async def urls(
    backend: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[dict[str, str]]:
    """Fresh, migrated sender (registry schema) and receiver (funds schema) databases."""
    dbs = DatabaseSet(backend, Path(tmp_path_factory.mktemp(f"outbox-{backend}")))
    await dbs.create()
    try:
        sender, receiver = dbs.url("registry"), dbs.url("funds")
        await upgrade("registry", sender)
        await upgrade("funds", receiver)
        await create_test_tables(sender, SENDER_TABLES)
        await create_test_tables(receiver, RECEIVER_TABLES)
        yield {"sender": sender, "receiver": receiver}
    finally:
        await dbs.drop()


@pytest.fixture(scope="module")
async def receiver(urls: dict[str, str]) -> AsyncIterator[FastAPI]:
    """The receiving app, running (its lifespan) for the whole module."""
    settings = FundsSettings(
        database_url=urls["receiver"], internal_secret=INTERNAL_SECRET, log_level="WARNING"
    )
    app = receiver_app(settings, delay=0)
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture(scope="module")
async def sender_db(urls: dict[str, str]) -> AsyncIterator[Database]:
    database = Database(urls["sender"])
    yield database
    await database.dispose()


@pytest.fixture(params=["single", "batch"])
def mode(request: pytest.FixtureRequest) -> str:
    """How the receiver takes ``POST /t/effects``: one request each, or in batches."""
    return str(request.param)


@pytest.fixture
async def wire(receiver: FastAPI, sender_db: Database, mode: str) -> Wire:
    """A fresh line to the receiver, a receiver with no script, and an empty outbox.

    No relay runs between tests (each test starts its own), so emptying the outbox is safe.
    """
    receiver.state.script.clear()
    receiver.state.delay = 0
    receiver.state.inbox = Inbox()
    if mode == "batch":
        receiver.state.inbox.register(
            "POST", "/t/effects", apply_effect_message, many=apply_effect_messages
        )
    async with sender_db.sessionmaker() as session:
        await session.execute(sa.delete(OUTBOX))
        await session.commit()
    return Wire(receiver)


@pytest.fixture
async def make_relay(sender_db: Database) -> AsyncIterator[Callable[..., Relay]]:
    """Relays over the sender's outbox whose client of ``funds`` goes through a wire."""
    clients: list[ReceiverClient] = []

    def make(
        wire: httpx.AsyncBaseTransport, database: Database = sender_db, **policy: Any
    ) -> Relay:
        client = ReceiverClient("http://funds", caller="registry", signer=SIGNER, transport=wire)
        clients.append(client)
        return Relay(database, SENDER_KERNEL, {"funds": client}, RelayPolicy(**policy))

    yield make
    for client in clients:
        await client.aclose()


# -- helpers ------------------------------------------------------------------------------------


def _tag() -> str:
    return f"t{uuid.uuid4().hex[:12]}"


async def _owe(database: Database, tag: str, keys: list[str]) -> list[uuid.UUID]:
    """One committed transaction owing one message per entry of ``keys`` (its ordering key)."""
    async with database.sessionmaker() as session:
        ids = [
            await send(
                session,
                SENDER_KERNEL,
                target="funds",
                method="POST",
                path="/t/effects",
                body={"tag": tag, "key": key, "n": n},
                ordering_key=f"{tag}:{key}",
            )
            for n, key in enumerate(keys)
        ]
        await session.commit()
    return ids


async def _rows(database: Database, ids: list[uuid.UUID]) -> list[Any]:
    """The outbox rows of ``ids``, in the order of ``ids``."""
    async with database.read_sessionmaker() as session:
        rows = {r.id: r for r in (await session.execute(sa.select(OUTBOX))).all()}
    return [rows[i] for i in ids]


async def _effects(receiver: FastAPI, tag: str) -> Counter[str]:
    """Effect rows per message id for ``tag`` (exactly once: every count is 1)."""
    async with receiver.state.database.read_sessionmaker() as session:
        found = await session.execute(sa.select(effects.c.message_id).where(effects.c.tag == tag))
        return Counter(str(r[0]) for r in found)


async def _eventually(check: Callable[[], Awaitable[T]], within: float = 15.0) -> T:
    deadline = time.monotonic() + within
    while True:
        result = await check()
        if result:
            return result
        assert time.monotonic() < deadline, "condition not reached in time"
        await asyncio.sleep(0.02)


def _reached(wire: Wire, tag: str) -> list[int]:
    """``n`` of each message of ``tag`` that reached the receiver, in arrival order."""
    return [body["n"] for _key, body in wire.log if body and body.get("tag") == tag]


async def _applied_order(receiver: FastAPI, tag: str) -> dict[str, list[int]]:
    """Per ordering key of ``tag``, the ``n`` of its effects in the order they were applied."""
    async with receiver.state.database.read_sessionmaker() as session:
        rows = await session.execute(
            sa.select(effects.c.key, effects.c.n).where(effects.c.tag == tag).order_by(effects.c.id)
        )
        by_key: dict[str, list[int]] = {}
        for key, n in rows:
            by_key.setdefault(key, []).append(n)
    return by_key


@pytest.fixture
def sender_settings(urls: dict[str, str]) -> RegistrySettings:
    return RegistrySettings(
        database_url=urls["sender"],
        internal_secret=INTERNAL_SECRET,
        funds_url="http://funds",
        outbox_base_delay_seconds=0.05,
        log_level="WARNING",
    )


def _signed() -> dict[str, str]:
    return {
        "x-wushe-identity": SIGNER.sign(
            Identity(sub="test", kind="user", role="operator", scopes=frozenset({"admin"}))
        )
    }


# -- tests --------------------------------------------------------------------------------------


class TestAfterCommitOnly:
    async def test_a_rolled_back_write_owes_nothing_and_a_committed_one_is_delivered(
        self, sender_settings: RegistrySettings, wire: Wire, receiver: FastAPI, sender_db: Database
    ) -> None:
        app = sender_app(sender_settings, transports={"funds": wire})
        refused, placed = _tag(), _tag()
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://s") as c,
        ):
            failed = await c.post(
                "/t/orders", json={"tag": refused, "count": 3, "fail": True}, headers=_signed()
            )
            assert failed.status_code == 409
            ok = await c.post("/t/orders", json={"tag": placed, "count": 3}, headers=_signed())
            assert ok.status_code == 201, ok.text
            ids = [uuid.UUID(i) for i in ok.json()["messages"]]

            async def delivered() -> bool:
                return all(r.status == DELIVERED for r in await _rows(sender_db, ids))

            await _eventually(delivered)
        assert await _effects(receiver, placed) == Counter({str(i): 1 for i in ids})
        assert await _effects(receiver, refused) == Counter()
        assert _reached(wire, refused) == []
        async with sender_db.read_sessionmaker() as session:
            bodies = (await session.execute(sa.select(OUTBOX.c.body))).scalars().all()
        assert [b for b in bodies if b["tag"] == refused] == []

    async def test_an_uncommitted_message_is_invisible_to_the_relay(
        self, wire: Wire, receiver: FastAPI, sender_db: Database, make_relay: Callable[..., Relay]
    ) -> None:
        relay = make_relay(wire)
        tag = _tag()
        async with sender_db.sessionmaker() as session:
            message = await send(
                session,
                SENDER_KERNEL,
                target="funds",
                method="POST",
                path="/t/effects",
                body={"tag": tag, "key": "k", "n": 0},
                ordering_key=tag,
            )
            assert await relay.deliver_due() == 0
            assert _reached(wire, tag) == []
            await session.commit()
        assert await relay.deliver_due() == 1
        assert await _effects(receiver, tag) == Counter({str(message): 1})


class TestOrderPerKey:
    async def test_a_failing_message_holds_back_its_key_and_no_other(
        self,
        mode: str,
        wire: Wire,
        receiver: FastAPI,
        sender_db: Database,
        make_relay: Callable[..., Relay],
    ) -> None:
        tag = _tag()
        first, second, other = await _owe(sender_db, tag, ["K", "K", "L"])
        receiver.state.script[(tag, 0)] = [503, 503]
        relay = make_relay(wire, base_delay=0.01)

        assert await relay.deliver_due() == 2  # K's first and L's; K's second must wait
        rows = await _rows(sender_db, [first, second, other])
        assert [r.status for r in rows] == [PENDING, PENDING, DELIVERED]
        assert [r.attempts for r in rows] == [1, 0, 1]

        async def done() -> bool:
            await relay.deliver_due()
            return all(r.status == DELIVERED for r in await _rows(sender_db, [first, second]))

        await _eventually(done)
        arrivals = _reached(wire, tag)
        if mode == "single":
            assert [n for n in arrivals if n != 2] == [0, 0, 0, 1]  # 1 only after 0 got through
        else:  # 1 rode along in each batch, held by the receiver behind 0 until 0 took
            assert [n for n in arrivals if n != 2] == [0, 1, 0, 1, 0, 1]
            assert wire.batches == 3
        assert arrivals.count(2) == 1
        assert arrivals.index(2) < arrivals.index(0, 1)  # L was not held back by K's retries
        assert sorted((await _effects(receiver, tag)).values()) == [1, 1, 1]
        assert (await _applied_order(receiver, tag))["K"] == [0, 1]

    async def test_a_dead_message_does_not_block_its_key_forever(
        self, wire: Wire, receiver: FastAPI, sender_db: Database, make_relay: Callable[..., Relay]
    ) -> None:
        tag = _tag()
        first, second = await _owe(sender_db, tag, ["K", "K"])
        receiver.state.script[(tag, 0)] = [422]
        relay = make_relay(wire)
        assert await relay.deliver_due() == 1
        assert await relay.deliver_due() == 1
        rows = await _rows(sender_db, [first, second])
        assert [r.status for r in rows] == [DEAD, DELIVERED]


class TestBackoff:
    async def test_delays_grow_with_jitter_and_the_message_dies_after_max_attempts(
        self, wire: Wire, receiver: FastAPI, sender_db: Database, make_relay: Callable[..., Relay]
    ) -> None:
        tag = _tag()
        ids = await _owe(sender_db, tag, ["a", "b", "c", "d", "e"])
        for n in range(5):
            receiver.state.script[(tag, n)] = [503] * 10
        relay = make_relay(wire, max_attempts=5, base_delay=1.0)
        for attempt in range(1, 6):
            before = utcnow()
            assert await relay.deliver_due() == 5
            after = utcnow()
            rows = await _rows(sender_db, ids)
            assert {r.attempts for r in rows} == {attempt}
            if attempt < 5:
                assert {r.status for r in rows} == {PENDING}
                ceiling = 2.0 ** (attempt - 1)  # base_delay * 2^(attempts-1)
                delays = [(r.next_attempt_at - before).total_seconds() for r in rows]
                assert all(ceiling / 2 <= d for d in delays), (attempt, delays)
                assert all((r.next_attempt_at - after).total_seconds() <= ceiling for r in rows)
                assert len({round(d, 4) for d in delays}) > 1, "no jitter"
                assert await relay.deliver_due() == 0  # not due yet
                async with sender_db.sessionmaker() as session:  # skip the wait
                    await session.execute(
                        sa.update(OUTBOX).where(OUTBOX.c.id.in_(ids)).values(next_attempt_at=after)
                    )
                    await session.commit()
        rows = await _rows(sender_db, ids)
        assert {r.status for r in rows} == {DEAD}
        assert all("upstream_error" in (r.last_error or "") for r in rows)
        async with sender_db.sessionmaker() as session:
            await session.execute(
                sa.update(OUTBOX).where(OUTBOX.c.id.in_(ids)).values(next_attempt_at=after)
            )
            await session.commit()
        assert await relay.deliver_due() == 0  # the dead are not retried
        assert Counter(_reached(wire, tag)) == dict.fromkeys(range(5), 5)
        assert await _effects(receiver, tag) == Counter()

    @pytest.mark.parametrize(
        ("status", "outcome"),
        [(422, DEAD), (404, DEAD), (409, DEAD), (429, PENDING), (503, PENDING)],
    )
    async def test_a_refusal_no_retry_can_change_is_dead_at_once(
        self,
        status: int,
        outcome: str,
        wire: Wire,
        receiver: FastAPI,
        sender_db: Database,
        make_relay: Callable[..., Relay],
    ) -> None:
        tag = _tag()
        (message,) = await _owe(sender_db, tag, ["k"])
        receiver.state.script[(tag, 0)] = [status]
        relay = make_relay(wire, max_attempts=12)
        assert await relay.deliver_due() == 1
        (row,) = await _rows(sender_db, [message])
        assert (row.status, row.attempts) == (outcome, 1)
        assert row.last_error


def _conflicting(mode: str, code: str, retry_after: str | None) -> httpx.MockTransport:
    """A receiver that refuses every message with a 409 ``code`` (and ``Retry-After``), one
    request per message (``single``) or in its inbox's answer (``batch``)."""

    def answer(request: httpx.Request) -> httpx.Response:
        problem = {"status": 409, "code": code, "detail": f"test: {code}"}
        if request.url.path == INBOX_PATH and request.method == "GET":
            if mode == "single":
                return httpx.Response(404, json={"status": 404, "code": "not_found"})
            return httpx.Response(
                200, json={"handlers": [{"method": "POST", "path": "/t/effects"}]}
            )
        if request.url.path == INBOX_PATH:
            messages = json.loads(request.content)["messages"]
            failed = {"status": "failed", "http_status": 409, "code": code, "detail": code}
            if retry_after:
                failed["retry_after"] = retry_after
            return httpx.Response(
                200, json={"results": [{**failed, "id": m["id"]} for m in messages]}
            )
        headers = {"Retry-After": retry_after} if retry_after else {}
        return httpx.Response(409, json=problem, headers=headers)

    return httpx.MockTransport(answer)


class TestConflicts:
    """Defect: every 409 was retried (for ``idempotency_in_progress``), so a business refusal
    such as Funds' ``time_bank_cap_exceeded`` went on until the attempts ran out."""

    @pytest.mark.parametrize(
        ("code", "retry_after", "outcome"),
        [
            ("idempotency_in_progress", None, PENDING),
            ("time_bank_cap_exceeded", "3", PENDING),
            ("time_bank_cap_exceeded", None, DEAD),
            ("insufficient_funds", None, DEAD),
            ("conflict", None, DEAD),
        ],
    )
    async def test_only_a_409_that_says_it_is_temporary_is_retried(
        self,
        code: str,
        retry_after: str | None,
        outcome: str,
        mode: str,
        wire: Wire,
        sender_db: Database,
        make_relay: Callable[..., Relay],
    ) -> None:
        tag = _tag()
        (message,) = await _owe(sender_db, tag, ["k"])
        relay = make_relay(_conflicting(mode, code, retry_after), max_attempts=12)
        assert await relay.deliver_due() == 1
        assert relay.batches == (1 if mode == "batch" else 0)
        (row,) = await _rows(sender_db, [message])
        assert (row.status, row.attempts) == (outcome, 1)
        # The refusal is kept for the operator (``/v1/outbox/{service}?status=dead``).
        assert row.last_error.startswith(f"409 {code}: ")
        if outcome == PENDING:
            assert row.next_attempt_at > utcnow()  # waits for its backoff, then again
        else:
            assert await relay.deliver_due() == 0  # nothing left to try until an operator does
            async with sender_db.sessionmaker() as session:
                assert await retry_dead(session, SENDER_KERNEL, message)
                await session.commit()
            (row,) = await _rows(sender_db, [message])
            assert (row.status, row.attempts, row.last_error) == (PENDING, 0, None)

    async def test_a_funds_business_refusal_is_dead_at_once_for_the_operator(
        self, system: System
    ) -> None:
        """End to end on the real services: Matching owes Funds a time-bank credit beyond the
        fund's daily cap; Funds' 409 ``time_bank_cap_exceeded`` dead-letters it on the first
        attempt, and the operator sees why in Matching's outbox."""
        bank = await fund(system, kind="time_bank", time_bank_policy={"daily_cap": 60})
        vol = await volunteer(system)
        matching = system.apps["matching"]
        async with matching.state.database.sessionmaker() as session:
            message = await send(
                session,
                MATCHING_KERNEL,
                target="funds",
                method="POST",
                path="/v1/time-bank/earn",
                body={
                    "fund_id": bank["id"],
                    "volunteer_id": vol["id"],
                    "minutes": 90,
                    "source": f"test:{uuid.uuid4()}",
                    "served_on": "2026-05-01",
                    "place": "鼓楼街道日间照料中心",
                    "content": "为独居老人理发",
                    "recorded_by": "test",
                },
                ordering_key=f"test:{uuid.uuid4()}",
            )
            await session.commit()
        admin = await system.admin_headers()

        async def dead() -> dict[str, Any] | None:
            page = await system.gateway.get(
                "/v1/outbox/matching?status=dead&limit=200", headers=admin
            )
            assert page.status_code == 200, page.text
            return next((m for m in page.json()["items"] if m["id"] == str(message)), None)

        found = await _eventually(dead)
        assert found is not None
        assert found["attempts"] == 1
        assert found["last_error"].startswith("409 time_bank_cap_exceeded: ")


class TestOneFailureDoesNotUndoTheRound:
    async def test_an_unexpected_error_counts_against_its_message_only(
        self, wire: Wire, receiver: FastAPI, sender_db: Database, make_relay: Callable[..., Relay]
    ) -> None:
        """Defect: an answer the client could not read (a 2xx that is not JSON) raised out of
        the round, which rolled back every outcome of the batch: the others were delivered
        again each round and the odd one was retried forever without counting attempts."""
        tag = _tag()
        good = await _owe(sender_db, tag, ["a", "b"])
        async with sender_db.sessionmaker() as session:
            odd = await send(
                session,
                SENDER_KERNEL,
                target="funds",
                method="POST",
                path="/t/plain",
                body={},
                ordering_key=f"{tag}:odd",
            )
            await session.commit()
        relay = make_relay(wire, max_attempts=2, base_delay=0.01)
        assert await relay.deliver_due() == 3
        rows = await _rows(sender_db, [*good, odd])
        assert [r.status for r in rows] == [DELIVERED, DELIVERED, PENDING]
        assert rows[2].attempts == 1
        assert "ValueError" in (rows[2].last_error or "") or "JSON" in (rows[2].last_error or "")
        await asyncio.sleep(0.05)
        await relay.deliver_due()
        (odd_row,) = await _rows(sender_db, [odd])
        assert (odd_row.status, odd_row.attempts) == (DEAD, 2)
        assert Counter(_reached(wire, tag)) == {0: 1, 1: 1}  # the good ones once each


class TestOutage:
    async def test_receiver_down_then_up_delivers_each_message_once(
        self,
        sender_settings: RegistrySettings,
        wire: Wire,
        receiver: FastAPI,
        sender_db: Database,
    ) -> None:
        """The app's own relay: pending while down, delivered once when up, a lost answer too."""
        app = sender_app(sender_settings, transports={"funds": wire})
        tag = _tag()
        wire.down = True
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://s") as c,
        ):
            placed = await c.post(
                "/t/orders", json={"tag": tag, "count": 6, "keys": 3}, headers=_signed()
            )
            assert placed.status_code == 201, placed.text
            ids = [uuid.UUID(i) for i in placed.json()["messages"]]
            wire.lose_answer.add(str(ids[0]))  # applied, but the sender never hears so

            async def tried_twice() -> bool:
                return all(r.attempts >= 2 for r in await _rows(sender_db, ids[:3]))

            await _eventually(tried_twice)
            rows = await _rows(sender_db, ids)
            assert {r.status for r in rows} == {PENDING}
            assert {r.attempts for r in rows[3:]} == {0}  # held behind their keys' first
            assert all("upstream_unavailable" in (r.last_error or "") for r in rows[:3])
            assert await _effects(receiver, tag) == Counter()

            wire.down = False

            async def delivered() -> bool:
                return all(r.status == DELIVERED for r in await _rows(sender_db, ids))

            await _eventually(delivered)
        assert await _effects(receiver, tag) == Counter({str(i): 1 for i in ids})
        assert receiver.state.deliveries[str(ids[0])] == 2  # redelivered; applied once
        applied = await _applied_order(receiver, tag)
        for key in range(3):  # in write order per key
            assert applied[f"{tag}:{key}"] == [key, key + 3]
            arrivals = [n for n in _reached(wire, tag) if n % 3 == key]
            assert set(arrivals) == {key, key + 3}
            if wire.batches == 0:  # one by one: 0 arrived twice, both before 3
                assert arrivals == sorted(arrivals)


class TestTwoRelays:
    async def test_no_message_is_delivered_by_two_relays_at_once(
        self,
        urls: dict[str, str],
        wire: Wire,
        receiver: FastAPI,
        sender_db: Database,
        make_relay: Callable[..., Relay],
    ) -> None:
        """Two relays on their own engines, as two replicas. PostgreSQL: ``SKIP LOCKED`` lets
        them share the work; SQLite: the write lock makes them take turns."""
        tag = _tag()
        keys = [f"k{i}" for i in range(150)] * 2
        ids = await _owe(sender_db, tag, keys)
        receiver.state.delay = 0.002
        other = Database(urls["sender"])
        relays = [
            make_relay(wire, idle_poll=0.02, batch=50),
            make_relay(wire, other, idle_poll=0.02, batch=50),
        ]
        tasks = [asyncio.create_task(r.run()) for r in relays]
        try:

            async def delivered() -> bool:
                return all(r.status == DELIVERED for r in await _rows(sender_db, ids))

            await _eventually(delivered, within=60)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await other.dispose()
        # Never two deliveries of one message at the same time; a message may be sent again
        # after its first attempt timed out on a loaded machine (at least once), and the
        # receiver's idempotency makes the effect happen exactly once.
        assert wire.overlap == 1
        assert await _effects(receiver, tag) == Counter({str(i): 1 for i in ids})
        arrivals = _reached(wire, tag)
        for first in range(150):  # the second message of each key after the first
            assert arrivals.index(first) < arrivals.index(first + 150)
        if sender_db.backend == "postgresql":
            assert all(r.delivered > 0 for r in relays), [r.delivered for r in relays]


class TestOperatorApi:
    async def test_list_dead_messages_and_retry_one_through_the_gateway(
        self, system: System, receiver: FastAPI, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """On the real Registry: a message to nowhere dies; the operator lists and retries it."""
        registry = system.apps["registry"]
        database: Database = registry.state.database
        tag = _tag()
        async with database.sessionmaker() as session:
            message = await send(
                session,
                SENDER_KERNEL,
                target="funds",
                method="POST",
                path="/t/effects",
                body={"tag": tag, "key": "k", "n": 0},
                ordering_key=tag,
            )
            await session.commit()
        nowhere = ReceiverClient("http://127.0.0.1:9", caller="registry", signer=SIGNER)
        try:
            relay = Relay(database, SENDER_KERNEL, {"funds": nowhere}, RelayPolicy(max_attempts=1))
            await relay.deliver_due()  # or the Registry's own relay (it has no client: dead)
        finally:
            await nowhere.aclose()

        admin = await system.admin_headers()
        path = "/v1/outbox/registry"

        async def listed() -> dict[str, Any] | None:
            page = await system.gateway.get(f"{path}?status=dead&limit=200", headers=admin)
            assert page.status_code == 200, page.text
            return next((m for m in page.json()["items"] if m["id"] == str(message)), None)

        dead = await _eventually(listed)
        assert dead["status"] == DEAD
        assert dead["target"] == "funds"
        assert dead["attempts"] == 1
        assert dead["last_error"]

        officer = Identity(
            sub="o", kind="user", role="officer", scopes=frozenset({"registry:read", "admin"})
        )
        refused = await system.direct["registry"].post(
            f"{path}/{message}/retry", headers=system.signed(officer)
        )
        assert refused.status_code == 403

        line = ReceiverClient(
            "http://funds", caller="registry", signer=SIGNER, transport=Wire(receiver)
        )
        monkeypatch.setitem(registry.state.clients, "funds", line)
        try:
            retried = await system.gateway.post(f"{path}/{message}/retry", headers=admin)
            assert retried.status_code == 202, retried.text
            assert retried.json() == {"id": str(message), "status": "pending"}

            async def applied() -> Counter[str]:
                return await _effects(receiver, tag)

            assert await _eventually(applied) == Counter({str(message): 1})
            again = await system.gateway.post(f"{path}/{message}/retry", headers=admin)
            assert again.status_code == 404

            async def recorded() -> bool:  # the relay records after the receiver has applied
                (row,) = await _rows(database, [message])
                return bool(row.status == DELIVERED)

            await _eventually(recorded)
        finally:
            await line.aclose()
        delivered = await system.gateway.get(f"{path}?status=delivered&limit=200", headers=admin)
        assert str(message) in [m["id"] for m in delivered.json()["items"]]


def _as_service() -> dict[str, str]:
    return {"x-wushe-identity": SIGNER.sign(service_identity("registry"))}


class TestInbox:
    """The receiving half of batched delivery, posted to directly as a relay would."""

    @staticmethod
    def _message(tag: str, n: int, key: str = "k", path: str = "/t/effects") -> dict[str, Any]:
        return {
            "id": str(uuid.uuid4()),
            "method": "POST",
            "path": path,
            "body": {"tag": tag, "key": key, "n": n},
            "ordering_key": f"{tag}:{key}",
        }

    @staticmethod
    async def _post(receiver: FastAPI, messages: list[dict[str, Any]]) -> httpx.Response:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=receiver), base_url="http://r"
        ) as client:
            return await client.post(INBOX_PATH, json={"messages": messages}, headers=_as_service())

    @staticmethod
    def _statuses(response: httpx.Response) -> list[str]:
        assert response.status_code == 200, response.text
        return [r["status"] for r in response.json()["results"]]

    @pytest.mark.parametrize("mode", ["batch"])
    async def test_a_redelivered_id_is_applied_once_in_order(
        self, wire: Wire, receiver: FastAPI
    ) -> None:
        tag = _tag()
        a, b, c = (self._message(tag, n) for n in range(3))
        assert self._statuses(await self._post(receiver, [a, b])) == ["applied", "applied"]
        assert self._statuses(await self._post(receiver, [b, c, c])) == [
            "duplicate",
            "applied",
            "duplicate",
        ]
        assert await _effects(receiver, tag) == Counter({a["id"]: 1, b["id"]: 1, c["id"]: 1})
        assert (await _applied_order(receiver, tag))["k"] == [0, 1, 2]

    @pytest.mark.parametrize("mode", ["batch"])
    async def test_a_refusal_fails_alone_and_holds_back_its_key_only(
        self, wire: Wire, receiver: FastAPI
    ) -> None:
        tag = _tag()
        k0, k1 = self._message(tag, 0, "K"), self._message(tag, 1, "K")
        l2, l3 = self._message(tag, 2, "L"), self._message(tag, 3, "L")
        receiver.state.script[(tag, 0)] = [422]
        refused = await self._post(receiver, [k0, l2, k1, l3])
        assert self._statuses(refused) == ["failed", "applied", "held", "applied"]
        failed = refused.json()["results"][0]
        assert (failed["http_status"], failed["code"]) == (422, "validation_failed")
        assert await _effects(receiver, tag) == Counter({l2["id"]: 1, l3["id"]: 1})
        # The refused message left nothing behind, not even its inbox row: it can come again.
        assert self._statuses(await self._post(receiver, [k0, k1])) == ["applied", "applied"]
        assert (await _applied_order(receiver, tag))["K"] == [0, 1]

    @pytest.mark.parametrize("mode", ["batch"])
    async def test_an_id_delivered_as_a_single_request_before_is_a_duplicate(
        self, wire: Wire, receiver: FastAPI
    ) -> None:
        tag = _tag()
        message = self._message(tag, 0)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=receiver), base_url="http://r"
        ) as client:
            single = await client.post(
                "/t/effects",
                json=message["body"],
                headers={**_as_service(), "Idempotency-Key": message["id"]},
            )
        assert single.status_code == 201, single.text
        assert self._statuses(await self._post(receiver, [message])) == ["duplicate"]
        assert await _effects(receiver, tag) == Counter({message["id"]: 1})

    @pytest.mark.parametrize("mode", ["batch"])
    async def test_a_message_without_a_batch_handler_is_unsupported(
        self, wire: Wire, receiver: FastAPI
    ) -> None:
        tag = _tag()
        odd = self._message(tag, 0, path="/t/plain")
        after = self._message(tag, 1)
        other = self._message(tag, 2, "L")
        answer = await self._post(receiver, [odd, after, other])
        assert self._statuses(answer) == ["unsupported", "held", "applied"]

    @pytest.mark.parametrize("mode", ["batch"])
    async def test_only_services_deliver_batches(self, wire: Wire, receiver: FastAPI) -> None:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=receiver), base_url="http://r"
        ) as client:
            listed = await client.get(INBOX_PATH, headers=_as_service())
            refused = await client.post(
                INBOX_PATH, json={"messages": [self._message(_tag(), 0)]}, headers=_signed()
            )
        assert listed.json() == {"handlers": [{"method": "POST", "path": "/t/effects"}]}
        assert refused.status_code == 403
        assert refused.json()["code"] == "forbidden"

    @pytest.mark.parametrize("mode", ["batch"])
    async def test_a_refusal_keeps_its_retry_after(self, wire: Wire, receiver: FastAPI) -> None:
        """What the relay needs to tell a temporary 409 from a business refusal."""

        async def busy(_session: AsyncSession, message: InboxMessage) -> None:
            later = message.body.get("later")
            headers = {"Retry-After": "3"} if later else None
            raise Conflict("test: busy", code=KernelCode.CONFLICT, headers=headers)

        receiver.state.inbox.register("POST", "/t/busy", busy)
        tag = _tag()
        messages = [self._message(tag, 0, "a", "/t/busy"), self._message(tag, 1, "b", "/t/busy")]
        messages[0]["body"]["later"] = True
        response = await self._post(receiver, messages)
        assert self._statuses(response) == ["failed", "failed"]
        first, second = response.json()["results"]
        assert (first["http_status"], first["code"], first["retry_after"]) == (409, "conflict", "3")
        assert (second["http_status"], second["retry_after"]) == (409, None)


class TestBatchedDelivery:
    @pytest.mark.parametrize("mode", ["batch"])
    async def test_many_messages_go_in_few_requests_each_applied_once(
        self, wire: Wire, receiver: FastAPI, sender_db: Database, make_relay: Callable[..., Relay]
    ) -> None:
        tag = _tag()
        ids = await _owe(sender_db, tag, [f"k{i % 50}" for i in range(450)])
        relay = make_relay(wire, batch=500, per_request=200)
        assert await relay.deliver_due() == 450
        assert wire.batches == 3  # 200 + 200 + 50, each key's 9 messages in one of them
        assert relay.delivered == 450
        assert {r.status for r in await _rows(sender_db, ids)} == {DELIVERED}
        assert await _effects(receiver, tag) == Counter({str(i): 1 for i in ids})
        applied = await _applied_order(receiver, tag)
        assert all(ns == sorted(ns) for ns in applied.values())
        assert len(applied) == 50

    @pytest.mark.parametrize("mode", ["batch"])
    async def test_a_lost_answer_is_redelivered_and_applied_once(
        self, wire: Wire, receiver: FastAPI, sender_db: Database, make_relay: Callable[..., Relay]
    ) -> None:
        tag = _tag()
        ids = await _owe(sender_db, tag, ["a", "b", "a"])
        wire.lose_answer.add(str(ids[0]))
        relay = make_relay(wire, base_delay=0.01)
        assert await relay.deliver_due() == 2  # the first of each key counted, "a"'s second held
        rows = await _rows(sender_db, ids)
        assert [(r.status, r.attempts) for r in rows] == [(PENDING, 1), (PENDING, 1), (PENDING, 0)]

        async def delivered() -> bool:
            await relay.deliver_due()
            return all(r.status == DELIVERED for r in await _rows(sender_db, ids))

        await _eventually(delivered)
        assert await _effects(receiver, tag) == Counter({str(i): 1 for i in ids})
        assert receiver.state.deliveries[str(ids[0])] == 2


class TestLease:
    async def test_a_claimed_message_waits_for_its_lease_and_a_stale_claim_records_nothing(
        self, wire: Wire, receiver: FastAPI, sender_db: Database, make_relay: Callable[..., Relay]
    ) -> None:
        tag = _tag()
        (message,) = await _owe(sender_db, tag, ["k"])
        first, second = make_relay(wire), make_relay(wire)
        claimed = await first._claim()  # a relay that claimed, then stalled (or was killed)
        assert claimed is not None
        claim, _lease_end, rows = claimed
        assert [r.id for r in rows] == [message]
        assert await second.deliver_due() == 0  # leased: not claimed again, not delivered
        assert _reached(wire, tag) == []
        async with sender_db.sessionmaker() as session:  # the lease runs out
            await session.execute(
                sa.update(OUTBOX)
                .where(OUTBOX.c.id == message)
                .values(claimed_until=utcnow() - dt.timedelta(seconds=1))
            )
            await session.commit()
        assert await second.deliver_due() == 1
        # The first relay wakes up and reports a failure: its claim is stale, nothing changes.
        await first._record(claim, rows, {message: Failure(True, "stale")})
        (row,) = await _rows(sender_db, [message])
        assert (row.status, row.attempts, row.last_error, row.claim) == (DELIVERED, 1, None, None)
        assert await _effects(receiver, tag) == Counter({str(message): 1})

    async def test_no_request_starts_that_could_outlive_the_lease(
        self, wire: Wire, receiver: FastAPI, sender_db: Database, make_relay: Callable[..., Relay]
    ) -> None:
        tag = _tag()
        (message,) = await _owe(sender_db, tag, ["k"])
        relay = make_relay(wire)
        claimed = await relay._claim()
        assert claimed is not None
        claim, _lease_end, rows = claimed
        # As if the round had spent its lease waiting for a slot: the message is released.
        outcomes = await relay._deliver_target("funds", rows, time.monotonic() + 1.0)
        assert outcomes == {message: HELD}
        await relay._record(claim, rows, outcomes)
        (row,) = await _rows(sender_db, [message])
        assert (row.status, row.attempts, row.claim, row.claimed_until) == (PENDING, 0, None, None)
        assert _reached(wire, tag) == []


class TestHousekeeping:
    @pytest.mark.parametrize("mode", ["single"])
    async def test_a_commit_that_owes_messages_wakes_the_relay_and_a_rollback_does_not(
        self, wire: Wire, urls: dict[str, str], make_relay: Callable[..., Relay]
    ) -> None:
        database = Database(urls["sender"])
        try:
            relay = make_relay(wire, database)
            install_wakeup(database.session_class, relay)
            tag = _tag()
            for commit in (False, True):
                async with database.sessionmaker() as session:
                    await send(
                        session,
                        SENDER_KERNEL,
                        target="funds",
                        method="POST",
                        path="/t/effects",
                        body={"tag": tag, "key": "k", "n": 0},
                        ordering_key=tag,
                    )
                    if commit:
                        await session.commit()
                    else:
                        await session.rollback()
                assert relay._wake.is_set() is commit
        finally:
            await database.dispose()

    @pytest.mark.parametrize("mode", ["single"])
    async def test_delivered_messages_are_purged_after_the_retention(
        self, wire: Wire, sender_db: Database
    ) -> None:
        tag = _tag()
        old, recent, waiting = await _owe(sender_db, tag, ["a", "b", "c"])
        now = utcnow()
        async with sender_db.sessionmaker() as session:
            for message, when in ((old, now - dt.timedelta(days=2)), (recent, now)):
                await session.execute(
                    sa.update(OUTBOX)
                    .where(OUTBOX.c.id == message)
                    .values(status=DELIVERED, delivered_at=when)
                )
            assert await purge_delivered(session, SENDER_KERNEL, now - dt.timedelta(days=1)) == 1
            await session.commit()
        async with sender_db.read_sessionmaker() as session:
            left = set((await session.execute(sa.select(OUTBOX.c.id))).scalars())
        assert left == {recent, waiting}


def _backlog(now: dt.datetime, count: int) -> list[dict[str, Any]]:
    return [
        {
            "id": uuid.uuid4(),
            "target": "funds",
            "method": "POST",
            "path": "/t/effects",
            "body": {},
            "ordering_key": f"k{n}",
            "seq": n,
            "status": PENDING,
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
        }
        for n in range(count)
    ]


class TestClaimPlan:
    @pytest.mark.parametrize("mode", ["single"])
    async def test_the_claim_probes_indexes_and_never_joins_the_backlog(
        self, wire: Wire, sender_db: Database
    ) -> None:
        """5,000 pending messages in a table PostgreSQL has no statistics of (a burst into a
        new table): candidates come from the first pending messages in write order, each checked
        by one probe of the (key, status, seq) index; no sequential scan, no anti-join, and no
        more probes than the window holds."""
        if sender_db.backend == "sqlite":
            await self._sqlite_plan(sender_db)
            return
        copy = OUTBOX.to_metadata(sa.MetaData(), name="outbox_plan")
        tables = dataclasses.replace(SENDER_KERNEL, outbox=copy)
        async with sender_db.sessionmaker() as session:
            await session.execute(sa.text("DROP TABLE IF EXISTS outbox_plan"))
            # the same columns and (partial) indexes, and no statistics yet
            await session.execute(sa.text("CREATE TABLE outbox_plan (LIKE outbox INCLUDING ALL)"))
            await session.execute(sa.insert(copy), _backlog(utcnow(), 5000))
            await session.commit()
        try:
            stmt = Relay(sender_db, tables, {})._heads(utcnow(), 500, 2000)
            compiled = stmt.compile(
                dialect=sender_db.engine.dialect,
                compile_kwargs={"literal_binds": True},
            )
            async with sender_db.read_sessionmaker() as session:
                plan = (
                    await session.execute(sa.text(f"EXPLAIN (ANALYZE, FORMAT JSON) {compiled}"))
                ).scalar_one()
        finally:
            async with sender_db.sessionmaker() as session:
                await session.execute(sa.text("DROP TABLE outbox_plan"))
                await session.commit()
        nodes: list[dict[str, Any]] = []

        def walk(node: dict[str, Any]) -> None:
            nodes.append(node)
            for child in node.get("Plans", []):
                walk(child)

        walk(plan[0]["Plan"])
        kinds = [n["Node Type"] for n in nodes]
        assert "Seq Scan" not in kinds, kinds
        assert not [k for k in kinds if "Join" in k], kinds
        probes = [n for n in nodes if n.get("Alias") == "earlier"]
        assert len(probes) == 1, kinds
        assert probes[0]["Node Type"] in ("Index Only Scan", "Index Scan"), probes
        # the copy of ix_outbox_pending_key_seq (LIKE ... INCLUDING ALL names it by its columns)
        assert "ordering_key_status_seq" in probes[0]["Index Name"], probes
        assert probes[0]["Actual Loops"] <= 2000  # the window, not the backlog
        assert plan[0]["Plan"]["Actual Rows"] == 500
        assert plan[0]["Execution Time"] < 1000

    @staticmethod
    async def _sqlite_plan(sender_db: Database) -> None:
        """SQLite: the same two indexes, the probe a correlated subquery per candidate."""
        async with sender_db.sessionmaker() as session:
            await session.execute(sa.insert(OUTBOX), _backlog(utcnow(), 5000))
            await session.commit()
        stmt = Relay(sender_db, SENDER_KERNEL, {})._heads(utcnow(), 500, 2000)
        compiled = stmt.compile(
            dialect=sender_db.engine.dialect,
            compile_kwargs={"literal_binds": True},
        )
        async with sender_db.read_sessionmaker() as session:
            plan = [
                str(r[-1]) for r in await session.execute(sa.text(f"EXPLAIN QUERY PLAN {compiled}"))
            ]
            await session.execute(sa.delete(OUTBOX))
        assert any("ix_outbox_status_seq" in line for line in plan), plan
        assert any("ix_outbox_pending_key_seq" in line for line in plan), plan
        assert not [p for p in plan if p.startswith("SCAN outbox") and "INDEX" not in p], plan
        # (the window, at most 4 rounds' worth, is sorted again outside: never the backlog)
