"""SIGKILL of a sender mid-delivery, and an outage of the receiver: nothing lost, nothing twice.

Two real processes on loopback ports (``tests/system/outbox_apps.py`` under uvicorn): a sender
whose one request owes the receiver many messages and whose relay delivers them, and a receiver
that applies each once. Both tests run in two modes: ``single`` (400 messages over 100 ordering
keys, one request each; the receiver's ``Idempotent`` endpoint) and ``batch`` (2,000 messages
over 500 keys; the receiver takes them in batches through its kernel inbox, 2 ms per message so
that a round takes long enough to be killed in).

- The sender is killed with SIGKILL while its relay is in the middle of a round — messages the
  receiver applied but the sender never recorded as delivered, messages leased and never tried —
  then started again on the same database: the leases of the dead relay run out (twice the
  request timeout, 2 s + 1 s here) and everything is delivered, each effect once, in order per key.
- The receiver is stopped, the sender owes it messages and keeps failing, the receiver comes back:
  everything is delivered once.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from services.common.db import Database
from services.common.identity import Identity, IdentitySigner
from services.common.migrate import upgrade
from services.common.outbox import DEAD, DELIVERED, PENDING
from tests.backends import DatabaseSet
from tests.system.outbox_apps import (
    RECEIVER_TABLES,
    SENDER_KERNEL,
    SENDER_TABLES,
    create_test_tables,
    effects,
)
from tests.system.test_up import free_port_block

pytestmark = pytest.mark.system

ROOT = Path(__file__).resolve().parents[2]
SECRET = "crash-test-internal-secret-0123456789"
#: Per mode: messages, ordering keys, and how many must be applied before the kill.
SIZES = {"single": (400, 100, 150), "batch": (2000, 500, 600)}
OUTBOX = SENDER_KERNEL.outbox


@dataclass
class Server:
    """One uvicorn process of an outbox test app, its log in a file."""

    name: str
    factory: str
    port: int
    env: dict[str, str]
    log: Path
    proc: subprocess.Popen[bytes] | None = None
    starts: list[float] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            f"tests.system.outbox_apps:{self.factory}",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--log-level",
            "warning",
        ]
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT
            )
        self.starts.append(time.monotonic())

    async def ready(self, within: float = 60.0) -> None:
        deadline = time.monotonic() + within
        async with httpx.AsyncClient(base_url=self.url, timeout=2) as client:
            while True:
                assert self.proc is not None
                assert self.proc.poll() is None, f"{self.name} exited:\n{self.tail()}"
                try:
                    if (await client.get("/readyz")).status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                assert time.monotonic() < deadline, f"{self.name} not ready:\n{self.tail()}"
                await asyncio.sleep(0.05)

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def tail(self) -> str:
        lines = self.log.read_text(errors="replace").splitlines()[-20:]
        return "\n".join(line[:400] for line in lines)


@dataclass
class Pair:
    sender: Server
    receiver: Server
    sender_db: Database
    receiver_db: Database
    mode: str


def _env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WUSHE_")}
    env.update(
        {"WUSHE_INTERNAL_SECRET": SECRET, "WUSHE_LOG_LEVEL": "WARNING", "WUSHE_LOG_JSON": "true"}
    )
    env.update(values)
    return env


@pytest.fixture(scope="module", params=["single", "batch"])
async def pair(
    backend: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> AsyncIterator[Pair]:
    mode = str(request.param)
    tmp = Path(tmp_path_factory.mktemp(f"outbox-crash-{backend}-{mode}"))
    dbs = DatabaseSet(backend, tmp)
    await dbs.create()
    sender_url, receiver_url = dbs.url("registry"), dbs.url("funds")
    await upgrade("registry", sender_url)
    await upgrade("funds", receiver_url)
    await create_test_tables(sender_url, SENDER_TABLES)
    await create_test_tables(receiver_url, RECEIVER_TABLES)
    port = free_port_block(2)
    receiver = Server(
        "receiver",
        "receiver_app",
        port + 1,
        _env(
            WUSHE_DATABASE_URL=receiver_url,
            WUSHE_TEST_DELAY="0.002" if mode == "batch" else "0",
            WUSHE_TEST_BATCH="1" if mode == "batch" else "0",
        ),
        tmp / "receiver.log",
    )
    sender = Server(
        "sender",
        "sender_app",
        port,
        _env(
            WUSHE_DATABASE_URL=sender_url,
            WUSHE_FUNDS_URL=receiver.url,
            WUSHE_OUTBOX_BASE_DELAY_SECONDS="0.2",
            WUSHE_UPSTREAM_TIMEOUT_SECONDS="2",
        ),
        tmp / "sender.log",
    )
    databases = [Database(sender_url), Database(receiver_url)]
    try:
        for server in (receiver, sender):
            server.start()
            await server.ready()
        yield Pair(sender, receiver, *databases, mode=mode)
    finally:
        for server in (sender, receiver):
            server.stop()
        for database in databases:
            await database.dispose()
        await dbs.drop()


def _headers() -> dict[str, str]:
    identity = Identity(sub="crash-test", kind="user", role="operator", scopes=frozenset({"admin"}))
    return {"x-wushe-identity": IdentitySigner(SECRET.encode()).sign(identity)}


async def _applied(pair: Pair, tag: str) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=pair.receiver.url, timeout=5) as client:
        response = await client.get(f"/t/effects/{tag}", headers=_headers())
    assert response.status_code == 200, response.text
    return dict(response.json())


async def _outbox(pair: Pair) -> dict[str, int]:
    async with pair.sender_db.read_sessionmaker() as session:
        rows = await session.execute(
            sa.select(OUTBOX.c.status, sa.func.count()).group_by(OUTBOX.c.status)
        )
        return {str(status): int(count) for status, count in rows}


@pytest.fixture
def logs_on_failure(pair: Pair) -> Iterator[None]:
    yield
    # pytest prints captured output only for failures: the servers' logs say why.
    for server in (pair.sender, pair.receiver):
        print(f"--- {server.name} log\n{server.tail()}")  # noqa: T201


async def _place(pair: Pair, tag: str, messages: int, keys: int) -> None:
    async with httpx.AsyncClient(base_url=pair.sender.url, timeout=30) as client:
        placed = await client.post(
            "/t/orders", json={"tag": tag, "count": messages, "keys": keys}, headers=_headers()
        )
    assert placed.status_code == 201, placed.text


async def _all_delivered(pair: Pair, within: float = 120) -> None:
    deadline = time.monotonic() + within
    while (await _outbox(pair)).get(PENDING, 0) > 0:
        assert time.monotonic() < deadline, await _outbox(pair)
        await asyncio.sleep(0.1)


async def _check_once_in_order(pair: Pair, tag: str, messages: int, keys: int) -> dict[str, Any]:
    final = await _applied(pair, tag)
    assert final["rows"] == final["messages"] == messages  # none lost
    assert final["most_rows_of_one_message"] == 1  # none applied twice
    async with pair.receiver_db.read_sessionmaker() as session:
        rows = await session.execute(
            sa.select(effects.c.key, effects.c.n).where(effects.c.tag == tag).order_by(effects.c.id)
        )
        by_key: dict[str, list[int]] = {}
        for key, n in rows:
            by_key.setdefault(key, []).append(n)
    assert len(by_key) == keys
    assert all(ns == sorted(ns) for ns in by_key.values())  # in write order per key
    return final


@pytest.mark.usefixtures("logs_on_failure")
async def test_sigkill_mid_delivery_loses_nothing_and_applies_nothing_twice(pair: Pair) -> None:
    messages, keys, kill_after = SIZES[pair.mode]
    tag = f"crash{int(time.time() * 1000) % 10**9}"
    await _place(pair, tag, messages, keys)

    # Kill the sender in the middle of a round of deliveries.
    deadline = time.monotonic() + 60
    while (await _applied(pair, tag))["rows"] < kill_after:
        assert time.monotonic() < deadline, "the relay delivered too little"
        await asyncio.sleep(0.01)
    pair.sender.kill()
    await asyncio.sleep(1.0 if pair.mode == "batch" else 0.5)  # the receiver finishes its share
    at_kill = await _applied(pair, tag)
    outbox = await _outbox(pair)
    assert 0 < at_kill["rows"] < messages, at_kill
    assert outbox.get(PENDING, 0) > 0
    # The crash left messages applied but never recorded as delivered: they will come again.
    assert at_kill["rows"] > outbox.get(DELIVERED, 0), (at_kill, outbox)

    pair.sender.start()
    await pair.sender.ready()
    await _all_delivered(pair)
    assert (await _outbox(pair)).get(DEAD, 0) == 0
    final = await _check_once_in_order(pair, tag, messages, keys)
    assert final["deliveries"] > final["messages"]  # ... though some were delivered twice


@pytest.mark.usefixtures("logs_on_failure")
async def test_a_receiver_outage_delays_and_loses_nothing(pair: Pair) -> None:
    messages, keys = 300, 60
    tag = f"outage{int(time.time() * 1000) % 10**9}"
    pair.receiver.stop()
    try:
        await _place(pair, tag, messages, keys)

        async def tried() -> bool:
            async with pair.sender_db.read_sessionmaker() as session:
                failed = await session.scalar(
                    sa.select(sa.func.count()).where(
                        OUTBOX.c.status == PENDING, OUTBOX.c.attempts >= 2
                    )
                )
            return bool(failed)

        deadline = time.monotonic() + 60
        while not await tried():  # the relay keeps trying while the receiver is down
            assert time.monotonic() < deadline, await _outbox(pair)
            await asyncio.sleep(0.1)
    finally:
        pair.receiver.start()
        await pair.receiver.ready()
    await _all_delivered(pair)
    assert (await _outbox(pair)).get(DEAD, 0) == 0
    await _check_once_in_order(pair, tag, messages, keys)
