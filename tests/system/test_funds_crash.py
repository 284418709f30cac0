"""Funds survives SIGKILL in the middle of a storm of transfers (issue 10, item 3).

A real Funds process (``wushe serve funds``) on a fresh database of each backend takes many
concurrent clients making random transfers (single, pending and batched, a third of them
under idempotency keys that other clients replay), and is killed with SIGKILL while they run.
It is then restarted on the same database, and:

* every transfer that was acknowledged (a 201, or a 201 item of a batch) is in the journal
  exactly once, and replaying its idempotency key after the restart answers the same transfer;
* nothing half-written is there: ``GET /v1/ledger/verify`` recomputes the hash chain, the
  head and every account's totals from the journal and finds them equal;
* every asset sums to zero across all accounts and no restricted account is below zero
  (counting what is reserved).

The embedded SQLite default runs in WAL mode with ``synchronous=NORMAL``: a transaction is
durable once its commit record is in the WAL file, which the operating system holds even when
the process dies, so a process crash loses nothing that was committed (power loss could lose
the last commits; that would need ``synchronous=FULL``). PostgreSQL commits are durable by
its own WAL (``fsync`` on, the default).
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine

from services.common.identity import ALL_SCOPES, Identity, IdentitySigner
from services.common.migrate import upgrade
from tests.backends import DatabaseSet
from tests.system.test_up import free_port_block

pytestmark = pytest.mark.system

SECRET = "crash-test-internal-secret-0123456789"
CLIENTS = 24
ACCOUNTS = 8
#: Keys shared by all clients: each is replayed by several of them, before and after the kill.
KEYS = 60
#: Acknowledgements before the kill: the storm is well under way.
KILL_AFTER = 300


@dataclass
class Funds:
    """The Funds process under test, on one database, restartable."""

    url: str
    data_dir: Path
    port: int
    log: Path
    proc: subprocess.Popen[bytes] | None = None
    signer: IdentitySigner = field(default_factory=lambda: IdentitySigner(SECRET.encode()))

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("WUSHE_")}
        env.update(
            {
                "WUSHE_INTERNAL_SECRET": SECRET,
                "WUSHE_FUNDS_DATABASE_URL": self.url,
                "WUSHE_DATA_DIR": str(self.data_dir),
                "WUSHE_LOG_LEVEL": "WARNING",
            }
        )
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "wushe.cli", "serve", "funds", "--port", str(self.port)],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"funds exited: {self.log.read_text()[-3000:]}"
            try:
                if httpx.get(f"{self.base}/readyz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"funds not ready: {self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        assert self.proc.wait(timeout=10) == -signal.SIGKILL

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def headers(self, **extra: str) -> dict[str, str]:
        identity = Identity(
            sub="crash-test", kind="user", role="operator", scopes=frozenset(ALL_SCOPES)
        )
        return {"x-wushe-identity": self.signer.sign(identity), **extra}


@pytest.fixture
def funds(backend: str, tmp_path: Path) -> Iterator[Funds]:
    dbs = DatabaseSet(backend, tmp_path)
    asyncio.run(dbs.create())
    url = dbs.url("funds")
    asyncio.run(upgrade("funds", url))
    service = Funds(url, tmp_path, free_port_block(1), tmp_path / "funds.log")
    try:
        service.start()
        yield service
    finally:
        service.stop()
        asyncio.run(dbs.drop())


@dataclass
class Storm:
    """What the clients were told: acknowledged transfers, and the key each was made under."""

    accounts: list[str]
    world: str
    acknowledged: dict[str, str | None] = field(default_factory=dict)  # transfer id -> key
    by_key: dict[str, str] = field(default_factory=dict)  # key -> transfer id
    bodies: dict[str, dict[str, Any]] = field(default_factory=dict)  # key -> its one body
    answers: Counter[str] = field(default_factory=Counter)
    #: Set once the storm is well under way: that is when the process is killed.
    under_way: asyncio.Event = field(default_factory=asyncio.Event)

    def acknowledge(self, transfer: dict[str, Any], key: str | None) -> None:
        tid = transfer["id"]
        self.acknowledged[tid] = key
        if len(self.acknowledged) >= KILL_AFTER:
            self.under_way.set()
        if key is not None:
            # A replay must answer the transfer the first acknowledgement named.
            assert self.by_key.setdefault(key, tid) == tid, key


def _body(storm: Storm, rng: random.Random) -> dict[str, Any]:
    debit, credit = rng.sample(storm.accounts, 2)
    return {
        "debit_account_id": debit,
        "credit_account_id": credit,
        "amount": rng.randint(1, 900),
        "asset": "CNY",
        "pending": rng.random() < 0.15,
    }


async def _client(n: int, funds: Funds, storm: Storm, stop: asyncio.Event) -> None:
    rng = random.Random(n)
    async with httpx.AsyncClient(base_url=funds.base, timeout=10) as http:
        while not stop.is_set():
            roll = rng.random()
            key: str | None = None
            if roll < 0.35:
                key = f"k{rng.randrange(KEYS)}"
                path, body = "/v1/transfers", storm.bodies[key]
            elif roll < 0.45:
                path, body = (
                    "/v1/transfers/batch",
                    {
                        "transfers": [_body(storm, rng) for _ in range(rng.randint(2, 20))],
                        "atomic": rng.random() < 0.5,
                    },
                )
                if rng.random() < 0.5:
                    key = f"b{n}-{rng.randrange(5)}"
                    body = storm.bodies.setdefault(key, body)
            else:
                path, body = "/v1/transfers", _body(storm, rng)
            headers = funds.headers(**({"Idempotency-Key": key} if key else {}))
            try:
                response = await http.post(path, json=body, headers=headers)
            except httpx.HTTPError:
                storm.answers["no answer"] += 1
                await asyncio.sleep(0.05)  # the process is down; the test restarts it
                continue
            storm.answers[str(response.status_code)] += 1
            assert response.status_code in (200, 201, 409), response.text
            if path == "/v1/transfers/batch":
                for index, item in enumerate(response.json()["results"]):
                    if item["status"] in (200, 201):
                        storm.acknowledge(item["transfer"], f"{key}:{index}" if key else None)
            elif response.status_code == 201:
                storm.acknowledge(response.json(), key)


async def _setup(funds: Funds) -> Storm:
    async with httpx.AsyncClient(base_url=funds.base, timeout=10) as http:

        async def account(kind: str, allow_negative: bool) -> str:
            response = await http.post(
                "/v1/accounts",
                json={
                    "code": f"crash:{kind}:{uuid.uuid4().hex}",
                    "asset": "CNY",
                    "kind": kind,
                    "allow_negative": allow_negative,
                },
                headers=funds.headers(),
            )
            assert response.status_code == 201, response.text
            return str(response.json()["id"])

        world = await account("world", True)
        accounts = [await account("cash", False) for _ in range(ACCOUNTS)]
        for acc in accounts:
            response = await http.post(
                "/v1/transfers",
                json={
                    "debit_account_id": world,
                    "credit_account_id": acc,
                    "amount": 50_000,
                    "asset": "CNY",
                },
                headers=funds.headers(),
            )
            assert response.status_code == 201, response.text
    storm = Storm(accounts, world)
    rng = random.Random(0)
    for k in range(KEYS):
        storm.bodies[f"k{k}"] = _body(storm, rng)
    return storm


async def _storm(funds: Funds, storm: Storm) -> None:
    """Clients run; SIGKILL lands while they do; they keep knocking until the restart."""
    stop = asyncio.Event()
    clients = [asyncio.create_task(_client(n, funds, storm, stop)) for n in range(CLIENTS)]
    await asyncio.wait_for(storm.under_way.wait(), timeout=60)
    acknowledged_before = len(storm.acknowledged)
    await asyncio.to_thread(funds.kill)
    await asyncio.sleep(0.3)  # clients hit a dead port for a while
    await asyncio.to_thread(funds.start)
    await asyncio.sleep(1.0)  # ... and the restarted process, replays included
    stop.set()
    await asyncio.gather(*clients)
    assert acknowledged_before >= KILL_AFTER
    assert storm.answers["no answer"] > 0, "the kill landed after the clients stopped"
    storm.answers["acknowledged before the kill"] = acknowledged_before


async def _check(funds: Funds, storm: Storm) -> None:
    engine = create_async_engine(funds.url)
    try:
        async with engine.connect() as conn:
            rows = (await conn.execute(sa.text("SELECT id FROM transfers"))).all()
            found = Counter(uuid.UUID(str(r[0])) for r in rows)
            accounts = (
                await conn.execute(
                    sa.text(
                        "SELECT asset, allow_negative, credits_posted - debits_posted AS posted, "
                        "credits_posted - debits_posted - debits_pending AS available, "
                        "credits_pending - debits_pending AS pending FROM accounts"
                    )
                )
            ).all()
    finally:
        await engine.dispose()
    # Every acknowledged transfer is there, exactly once.
    missing = [t for t in storm.acknowledged if found[uuid.UUID(t)] != 1]
    assert not missing, f"{len(missing)} acknowledged transfers not found once: {missing[:5]}"
    assert max(found.values()) == 1
    # Every asset sums to zero, posted and pending; no restricted account below zero.
    for asset in {a.asset for a in accounts}:
        assert sum(a.posted for a in accounts if a.asset == asset) == 0
        assert sum(a.pending for a in accounts if a.asset == asset) == 0
    assert all(a.available >= 0 for a in accounts if not a.allow_negative)
    async with httpx.AsyncClient(base_url=funds.base, timeout=30) as http:
        verified = await http.get("/v1/ledger/verify", headers=funds.headers())
        assert verified.status_code == 200, verified.text
        assert verified.json()["ok"] is True, verified.text
        assert verified.json()["entries"] == len(found)
        # Shown with -s: how the storm went (answers by status, acknowledgements, entries).
        sys.stderr.write(
            f"\ncrash storm: {dict(storm.answers)}, acknowledged {len(storm.acknowledged)}, "
            f"journal {len(found)}, keys acknowledged {len(storm.by_key)}\n"
        )
        # Acknowledged keys replay the same transfer after the restart.
        for key, tid in storm.by_key.items():
            if key.startswith("b"):
                continue  # batch items: replayed through their batch below
            response = await http.post(
                "/v1/transfers",
                json=storm.bodies[key],
                headers=funds.headers(**{"Idempotency-Key": key}),
            )
            assert response.status_code == 201, response.text
            assert response.json()["id"] == tid
            assert response.headers["idempotent-replayed"] == "true"
        for key in {k.split(":")[0] for k in storm.by_key if k.startswith("b")}:
            response = await http.post(
                "/v1/transfers/batch",
                json=storm.bodies[key],
                headers=funds.headers(**{"Idempotency-Key": key}),
            )
            assert response.status_code == 200, response.text
            for index, item in enumerate(response.json()["results"]):
                tid = storm.by_key.get(f"{key}:{index}")
                if tid is not None:
                    assert item["status"] == 200, item
                    assert item["transfer"]["id"] == tid


def test_sigkill_mid_storm_loses_nothing_acknowledged(funds: Funds) -> None:
    async def scenario() -> None:
        storm = await _setup(funds)
        await _storm(funds, storm)
        await _check(funds, storm)

    asyncio.run(scenario())
