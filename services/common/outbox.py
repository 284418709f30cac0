"""The transactional outbox: messages owed to other services, written with the change.

A service that must cause an effect in another service calls :func:`send` in the same
transaction as its own change; the :class:`Relay` delivers each message over HTTP with the
target's client, the message id as ``Idempotency-Key`` (the receiver's idempotency makes a
redelivery after a crash harmless), in write order per ordering key, retrying with exponential
backoff and jitter, and moving a message to ``dead`` after ``max_attempts`` or a refusal that
no retry can change (a 4xx other than 408/409-in-progress/429). Operators list and retry dead
messages through ``/v1/outbox/{service}``.

Delivery is at least once and the effect exactly once: a crash between the commit and the
delivery leaves the message ``pending`` and the relay delivers it after the restart. On
PostgreSQL several relays (several replicas) share the work: each claims a batch with
``FOR UPDATE SKIP LOCKED`` and holds the rows' locks while it delivers, so no message is
delivered by two relays at once; a message whose ordering key has an earlier pending message is
not eligible, so messages about one aggregate arrive in the order they were written.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import random
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.db import Database, utcnow
from services.common.errors import Upstream, WusheError
from services.common.http import ServiceClient
from services.common.store import KernelTables

log = logging.getLogger("wushe.outbox")

PENDING, DELIVERED, DEAD = "pending", "delivered", "dead"
#: Refusals a retry might change: timeouts, a key still in progress, rate limits.
_RETRYABLE_4XX = frozenset({408, 409, 425, 429})

_last_seq = 0


def _next_seq() -> int:
    """A monotonic write order (nanoseconds, never repeating within this process)."""
    global _last_seq
    _last_seq = max(_last_seq + 1, time.time_ns())
    return _last_seq


async def send(
    session: AsyncSession,
    tables: KernelTables,
    *,
    target: str,
    method: str,
    path: str,
    body: Mapping[str, Any] | None = None,
    ordering_key: str,
) -> uuid.UUID:
    """Owe ``target`` a request; delivered after this transaction commits (never before)."""
    message_id = uuid.uuid4()
    now = utcnow()
    await session.execute(
        sa.insert(tables.outbox).values(
            id=message_id,
            target=target,
            method=method.upper(),
            path=path,
            body=dict(body) if body is not None else None,
            ordering_key=ordering_key[:160],
            seq=_next_seq(),
            status=PENDING,
            attempts=0,
            next_attempt_at=now,
            created_at=now,
        )
    )
    return message_id


@dataclass(frozen=True)
class RelayPolicy:
    """How the relay retries."""

    max_attempts: int = 12
    base_delay: float = 0.5
    max_delay: float = 600.0
    batch: int = 100
    idle_poll: float = 0.2

    def delay(self, attempts: int) -> float:
        """Exponential backoff with full jitter (AWS's recommendation), capped."""
        ceiling = min(self.max_delay, self.base_delay * 2 ** max(0, attempts - 1))
        return random.uniform(ceiling / 2, ceiling)


class Relay:
    """Delivers pending messages of one service's outbox to the other services."""

    def __init__(
        self,
        database: Database,
        tables: KernelTables,
        clients: Mapping[str, ServiceClient],
        policy: RelayPolicy | None = None,
    ) -> None:
        self.database = database
        self.tables = tables
        self.clients = clients
        self.policy = policy or RelayPolicy()
        self._wake = asyncio.Event()
        self.delivered = 0

    def nudge(self) -> None:
        """Something was written: look now rather than at the next poll."""
        self._wake.set()

    async def run(self) -> None:
        """Deliver until cancelled."""
        while True:
            try:
                done = await self.deliver_due()
            except asyncio.CancelledError:
                raise
            except Exception:  # the relay must outlive any one failure (database restart...)
                log.exception("outbox relay round failed")
                done = 0
            if done == 0:
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.policy.idle_poll)

    def _due(self, now: dt.datetime) -> sa.Select[Any]:
        outbox = self.tables.outbox
        earlier = outbox.alias("earlier")
        blocked = (
            sa.select(sa.literal(1))
            .where(
                earlier.c.ordering_key == outbox.c.ordering_key,
                earlier.c.status == PENDING,
                earlier.c.seq < outbox.c.seq,
            )
            .exists()
        )
        return (
            sa.select(outbox)
            .where(outbox.c.status == PENDING, outbox.c.next_attempt_at <= now, ~blocked)
            .order_by(outbox.c.seq)
            .limit(self.policy.batch)
        )

    async def deliver_due(self) -> int:
        """One round: claim due messages, deliver them, record the outcomes; how many were due."""
        # A look without a transaction first: an idle relay never takes SQLite's write lock.
        async with self.database.read_sessionmaker() as peek:
            if (await peek.execute(self._due(utcnow()).limit(1))).first() is None:
                return 0
        async with self.database.sessionmaker() as session:
            stmt = self._due(utcnow())
            if session.get_bind().dialect.name == "postgresql":
                stmt = stmt.with_for_update(skip_locked=True, of=self.tables.outbox)
            rows = (await session.execute(stmt)).all()
            if not rows:
                return 0
            outcomes = await asyncio.gather(*(self._deliver(row) for row in rows))
            outbox = self.tables.outbox
            now = utcnow()
            for row, error in zip(rows, outcomes, strict=True):
                if error is None:
                    values: dict[str, Any] = {
                        "status": DELIVERED,
                        "delivered_at": now,
                        "attempts": row.attempts + 1,
                        "last_error": None,
                    }
                    self.delivered += 1
                else:
                    attempts = row.attempts + 1
                    final, message = error
                    dead = final or attempts >= self.policy.max_attempts
                    values = {
                        "status": DEAD if dead else PENDING,
                        "attempts": attempts,
                        "last_error": message[:2000],
                        "next_attempt_at": now + dt.timedelta(seconds=self.policy.delay(attempts)),
                    }
                    log.warning(
                        "outbox message %s to %s %s failed (attempt %d%s): %s",
                        row.id,
                        row.target,
                        row.path,
                        attempts,
                        ", dead" if dead else "",
                        message,
                    )
                await session.execute(sa.update(outbox).where(outbox.c.id == row.id).values(values))
            await session.commit()
            return len(rows)

    async def _deliver(self, row: Any) -> tuple[bool, str] | None:
        """``None`` when delivered; else (final, why)."""
        client = self.clients.get(row.target)
        if client is None:
            return True, f"no client for service {row.target!r}"
        try:
            await client.request(
                row.method, row.path, json=row.body, headers={"Idempotency-Key": str(row.id)}
            )
        except Upstream as exc:
            return False, f"{exc.code}: {exc.detail}"
        except WusheError as exc:
            return exc.status not in _RETRYABLE_4XX, f"{exc.status} {exc.code}: {exc.detail}"
        except Exception as exc:  # e.g. an answer that is not JSON: this message's failure only
            return False, f"{type(exc).__name__}: {exc}"
        return None


async def retry_dead(session: AsyncSession, tables: KernelTables, message_id: uuid.UUID) -> bool:
    """Put a dead message back in line (now); False if it is not dead."""
    outbox = tables.outbox
    result = await session.execute(
        sa.update(outbox)
        .where(outbox.c.id == message_id, outbox.c.status == DEAD)
        .values(status=PENDING, attempts=0, next_attempt_at=utcnow(), last_error=None)
    )
    return bool(getattr(result, "rowcount", 0))
