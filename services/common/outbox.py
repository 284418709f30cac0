"""The transactional outbox: messages owed to other services, written with the change.

A service that must cause an effect in another service calls :func:`send` in the same
transaction as its own change; the :class:`Relay` delivers the messages over HTTP with the
target's client, in write order per ordering key, retrying with exponential backoff and jitter,
and moving a message to ``dead`` after ``max_attempts`` or a refusal that no retry can change (a
4xx other than 408/425/429; a 409 unless it is ``idempotency_in_progress`` or has a
``Retry-After``). Operators list and retry dead messages through ``/v1/outbox/{service}``.

**Batched delivery.** A receiving app registers batch handlers for the (method, path template)
pairs it takes in batches (:mod:`services.common.inbox`); the relay asks each target which those
are (``GET /internal/inbox``, cached) and sends the matching messages of a round as one
``POST /internal/inbox`` of up to ``per_request`` messages. The receiver applies them in one
transaction and remembers each id in its inbox table, so a redelivered id is not applied twice;
it answers with an outcome per message, and the relay records each batch's deliveries with one
statement. Anything without a batch handler is one request per message, as before, with the
message id as ``Idempotency-Key``.

**Order per key.** A round claims, for each ordering key whose first pending message is due, a
run of that key's pending messages in ``seq`` order. A key's run goes in one batch (its order
kept inside it) or as single requests one after another; a message that fails holds back the
later messages of its key only (they are released unattempted, and wait behind it).

**Leases, not open transactions.** The claim is one short transaction that marks the messages
``claimed_until`` (a lease of twice the request timeout) with a claim id; delivery happens with no
transaction open; the outcomes are recorded afterwards, only where the claim id still matches.
No request starts unless it can finish (its hard timeout) before the lease ends, so two relays
(replicas) never deliver one message at the same time; on PostgreSQL claims are serialized by a
transaction-scoped advisory lock (they take milliseconds), on SQLite by its write lock. A relay
killed mid-round leaves its messages leased: another relay (or it, restarted) delivers them once
the lease has run out, and the receiver's inbox or idempotency key makes the effect happen once.

Requests in flight are bounded per target (``in_flight``). A commit that wrote outbox rows wakes
the relay of its process at once (:func:`install_wakeup`); other processes' relays poll.
Delivered messages are purged after a retention (:func:`purge_delivered`, by housekeeping).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import random
import re
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event as sa_event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from services.common.db import Database, utcnow
from services.common.errors import KernelCode, NotFound, Upstream, WusheError, error_for_status
from services.common.http import ServiceClient
from services.common.store import KernelTables

log = logging.getLogger("wushe.outbox")

PENDING, DELIVERED, DEAD = "pending", "delivered", "dead"
#: Refusals a retry might change: timeouts, too early, rate limits. A 409 only when it says so
#: (:func:`_retryable`): most are business refusals (``insufficient_funds``) no retry changes.
_RETRYABLE_4XX = frozenset({408, 425, 429})
#: The receiving side of batched delivery (``services.common.inbox``), outside ``/v1``.
INBOX_PATH = "/internal/inbox"
#: Serializes claims on PostgreSQL (an arbitrary constant: "WUSHEO").
CLAIM_LOCK = 0x57_55_53_48_45_4F
#: Session flag: this transaction wrote outbox rows (the relay is woken after its commit).
_WRITTEN = "wushe_outbox_written"

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
    session.sync_session.info[_WRITTEN] = True
    return message_id


def install_wakeup(session_class: type[Session], relay: Relay) -> None:
    """Nudge ``relay`` right after each commit of a ``session_class`` session that wrote
    outbox rows, so a message leaves without waiting for the relay's next poll."""

    @sa_event.listens_for(session_class, "after_commit")
    def _wake(session: Session) -> None:
        if session.info.pop(_WRITTEN, False):
            relay.nudge()

    @sa_event.listens_for(session_class, "after_soft_rollback")
    def _forget(session: Session, _previous: Any) -> None:
        if not session.in_transaction():
            session.info.pop(_WRITTEN, None)


@dataclass(frozen=True)
class RelayPolicy:
    """How the relay claims, batches and retries."""

    max_attempts: int = 12
    base_delay: float = 0.5
    max_delay: float = 600.0
    #: Messages claimed per round (over all targets).
    batch: int = 500
    #: Messages per batched request.
    per_request: int = 200
    #: Requests in flight per target.
    in_flight: int = 8
    idle_poll: float = 0.2
    #: The longest a request may take (a hard bound around the client's own timeouts).
    request_timeout: float = 30.0
    #: How long a target's answer to "which paths do you take in batches" is trusted.
    discovery_ttl: float = 30.0

    @property
    def lease(self) -> float:
        """How long a claim keeps other relays away: room for a request started at its end."""
        return 2 * self.request_timeout

    def delay(self, attempts: int) -> float:
        """Exponential backoff with full jitter (AWS's recommendation), capped."""
        ceiling = min(self.max_delay, self.base_delay * 2 ** max(0, attempts - 1))
        return random.uniform(ceiling / 2, ceiling)


@dataclass(frozen=True)
class Failure:
    """A delivery that did not take: ``final`` ones are dead at once."""

    final: bool
    why: str


#: A message of the round that was not attempted (behind a failure of its key, out of lease
#: time, or refused by the receiver's inbox as not batchable): released, attempts unchanged.
HELD = "held"
Outcome = Failure | str | None  # None: delivered


def _template_pattern(template: str) -> re.Pattern[str]:
    """``/v1/x/{id}/y`` → a pattern matching one path segment per parameter."""
    parts = re.split(r"(\{[^/{}]+\})", template)
    return re.compile(
        "^"
        + "".join(
            "[^/]+" if part.startswith("{") and part.endswith("}") else re.escape(part)
            for part in parts
        )
        + "$"
    )


def _pending(table: sa.FromClause) -> sa.ColumnElement[bool]:
    """``status = 'pending'`` with the value written into the SQL: a bound parameter would keep
    both backends from using the partial indexes (a generic plan on PostgreSQL, any plan on
    SQLite cannot prove that the parameter will be ``'pending'``)."""
    return table.c.status == sa.literal_column(f"'{PENDING}'")


def _retryable(exc: WusheError) -> bool:
    """Whether a refusal might go another way later. A 409 only if the receiver is still busy
    with the same key (``idempotency_in_progress``) or says when to come back (``Retry-After``);
    any other 409 is a business refusal (``time_bank_cap_exceeded``, ``insufficient_funds``)
    that waits for an operator in the dead letters rather than for the attempts to run out."""
    if exc.status == 409:
        retry_after = any(name.lower() == "retry-after" for name in exc.headers)
        return retry_after or str(exc.code) == KernelCode.IDEMPOTENCY_IN_PROGRESS.value
    return exc.status in _RETRYABLE_4XX


def _failure(exc: Exception) -> Failure:
    if isinstance(exc, Upstream):
        return Failure(False, f"{exc.code}: {exc.detail}")
    if isinstance(exc, WusheError):
        return Failure(not _retryable(exc), f"{exc.status} {exc.code}: {exc.detail}")
    if isinstance(exc, TimeoutError):
        return Failure(False, "timeout: no answer within the relay's request timeout")
    # e.g. an answer that is not JSON: this message's failure only
    return Failure(False, f"{type(exc).__name__}: {exc}")


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
        #: Messages recorded as delivered by this relay.
        self.delivered = 0
        #: Batched requests this relay sent (with the messages in them).
        self.batches = 0
        self._gates: dict[str, asyncio.Semaphore] = {}
        self._batchable: dict[str, tuple[float, list[tuple[str, re.Pattern[str]]]]] = {}

    def nudge(self) -> None:
        """Something was written: look now rather than at the next poll."""
        self._wake.set()

    async def run(self) -> None:
        """Deliver until cancelled."""
        while True:
            self._wake.clear()
            try:
                done = await self.deliver_due()
            except asyncio.CancelledError:
                raise
            except Exception:  # the relay must outlive any one failure (database restart...)
                log.exception("outbox relay round failed")
                done = 0
            if done == 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.policy.idle_poll)

    # -- claiming -----------------------------------------------------------------------------

    def _heads(self, now: dt.datetime, limit: int, window: int | None) -> sa.Select[Any]:
        """Due, unleased messages that are the first pending message of their key.

        The candidates are the first ``window`` pending messages in write order (an ordered
        walk of ``ix_outbox_status_seq`` that stops there; without the bound PostgreSQL, with
        no statistics on a fresh burst, would rather read and sort the whole backlog), or all
        of them with ``window=None``. "No earlier pending message of this key" is a scalar
        subquery with ``LIMIT 1``, not ``NOT EXISTS``: it cannot become an anti-join over the
        backlog, and stays one probe of ``ix_outbox_pending_key_seq`` per candidate.
        """
        outbox = self.tables.outbox
        walk = sa.select(
            outbox.c.id,
            outbox.c.ordering_key,
            outbox.c.seq,
            outbox.c.next_attempt_at,
            outbox.c.claimed_until,
        ).where(_pending(outbox))
        if window is not None:
            walk = walk.order_by(outbox.c.seq).limit(window)
        candidate = walk.subquery("candidate")
        earlier = outbox.alias("earlier")
        first_earlier = (
            sa.select(earlier.c.seq)
            .where(
                earlier.c.ordering_key == candidate.c.ordering_key,
                _pending(earlier),
                earlier.c.seq < candidate.c.seq,
            )
            .limit(1)
            .scalar_subquery()
        )
        return (
            sa.select(candidate.c.id, candidate.c.ordering_key)
            .where(
                candidate.c.next_attempt_at <= now,
                sa.or_(candidate.c.claimed_until.is_(None), candidate.c.claimed_until <= now),
                first_earlier.is_(None),
            )
            .order_by(candidate.c.seq)
            .limit(limit)
        )

    async def _find_heads(self, session: AsyncSession, limit: int) -> list[Any]:
        """Up to ``limit`` heads, looked for in the first pending messages, and in all of them
        only when those are clogged (keys waiting for a retry with long backlogs behind them:
        the keys after them must not starve)."""
        window = 4 * self.policy.batch
        now = utcnow()
        heads = list((await session.execute(self._heads(now, limit, window))).all())
        if len(heads) < limit:
            outbox = self.tables.outbox
            beyond = await session.scalar(
                sa.select(outbox.c.seq)
                .where(_pending(outbox))
                .order_by(outbox.c.seq)
                .offset(window)
                .limit(1)
            )
            if beyond is not None:
                heads = list((await session.execute(self._heads(now, limit, None))).all())
        return heads

    async def _claim(self) -> tuple[uuid.UUID, float, list[Any]] | None:
        """Lease a round's messages: (claim id, lease end on the monotonic clock, rows)."""
        # A look without a transaction first: an idle relay never takes SQLite's write lock.
        async with self.database.read_sessionmaker() as peek:
            if not await self._find_heads(peek, 1):
                return None
        outbox = self.tables.outbox
        async with self.database.sessionmaker() as session:
            if session.get_bind().dialect.name == "postgresql":
                await session.execute(sa.select(sa.func.pg_advisory_xact_lock(CLAIM_LOCK)))
            now = utcnow()
            heads = await self._find_heads(session, self.policy.batch)
            if not heads:
                return None
            keys = list({h.ordering_key for h in heads})
            candidates = (
                await session.execute(
                    sa.select(outbox)
                    .where(_pending(outbox), outbox.c.ordering_key.in_(keys))
                    .order_by(outbox.c.seq)
                    .limit(self.policy.batch)
                )
            ).all()
            # Per key, the run from its head on: stop at a message another claim holds or that
            # waits for a retry (a dead message put back by an operator, say).
            head_ids = {h.id for h in heads}
            started: set[str] = set()
            stopped: set[str] = set()
            rows = []
            for row in candidates:
                key = row.ordering_key
                if key in stopped:
                    continue
                if key not in started:
                    if row.id not in head_ids:
                        stopped.add(key)
                        continue
                    started.add(key)
                elif row.next_attempt_at > now or (
                    row.claimed_until is not None and row.claimed_until > now
                ):
                    stopped.add(key)
                    continue
                rows.append(row)
            claim = uuid.uuid4()
            lease_end = time.monotonic() + self.policy.lease
            await session.execute(
                sa.update(outbox)
                .where(outbox.c.id.in_([r.id for r in rows]))
                .values(claim=claim, claimed_until=now + dt.timedelta(seconds=self.policy.lease))
            )
            await session.commit()
        return claim, lease_end, rows

    # -- one round ----------------------------------------------------------------------------

    async def deliver_due(self) -> int:
        """One round: claim due messages, deliver them, record the outcomes; how many were
        attempted (messages held back behind a failure of their key are not counted)."""
        claimed = await self._claim()
        if claimed is None:
            return 0
        claim, lease_end, rows = claimed
        outcomes: dict[uuid.UUID, Outcome] = {}
        try:
            by_target: dict[str, list[Any]] = {}
            for row in rows:
                by_target.setdefault(row.target, []).append(row)
            results = await asyncio.gather(
                *(self._deliver_target(t, msgs, lease_end) for t, msgs in by_target.items())
            )
            for result in results:
                outcomes.update(result)
        finally:
            # Whatever happened, every claimed message gets an outcome (unknown ones released).
            await asyncio.shield(self._record(claim, rows, outcomes))
        return sum(1 for row in rows if outcomes.get(row.id, HELD) != HELD)

    def _gate(self, target: str) -> asyncio.Semaphore:
        gate = self._gates.get(target)
        if gate is None:
            gate = self._gates[target] = asyncio.Semaphore(self.policy.in_flight)
        return gate

    async def _request(
        self, client: ServiceClient, target: str, lease_end: float, *args: Any, **kw: Any
    ) -> Any:
        """One request under the target's gate; ``HELD`` if it could outlive the lease."""
        async with self._gate(target):
            if time.monotonic() + self.policy.request_timeout >= lease_end:
                return HELD
            async with asyncio.timeout(self.policy.request_timeout):
                return await client.request(*args, **kw)

    async def _batch_patterns(
        self, target: str, client: ServiceClient
    ) -> list[tuple[str, re.Pattern[str]]]:
        """The (method, path pattern) pairs ``target`` takes in batches (asked, then cached)."""
        cached = self._batchable.get(target)
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        try:
            async with asyncio.timeout(self.policy.request_timeout):
                answer = await client.request("GET", INBOX_PATH)
            patterns = [
                (str(h["method"]).upper(), _template_pattern(str(h["path"])))
                for h in answer.get("handlers", [])
            ]
        except NotFound:  # a receiver without an inbox: everything goes one by one
            patterns = []
        self._batchable[target] = (time.monotonic() + self.policy.discovery_ttl, patterns)
        return patterns

    async def _deliver_target(
        self, target: str, rows: list[Any], lease_end: float
    ) -> dict[uuid.UUID, Outcome]:
        """Deliver one target's share of the round; an outcome per message."""
        client = self.clients.get(target)
        if client is None:
            failure = Failure(True, f"no client for service {target!r}")
            return dict.fromkeys((r.id for r in rows), failure)
        runs: dict[str, list[Any]] = {}
        for row in rows:
            runs.setdefault(row.ordering_key, []).append(row)
        try:
            patterns = await self._batch_patterns(target, client)
        except Exception as exc:
            # The target did not say how it takes messages (it is down, most likely): its
            # messages must not go one way now and another way later, so they wait. The
            # first of each key counts an attempt, as a failed request would.
            failure = _failure(exc)
            outcomes: dict[uuid.UUID, Outcome] = {}
            for run in runs.values():
                outcomes[run[0].id] = failure
                outcomes.update(dict.fromkeys((r.id for r in run[1:]), HELD))
            return outcomes

        def batchable(row: Any) -> bool:
            return any(m == row.method and p.match(row.path) for m, p in patterns)

        outcomes = {}
        chunks: list[list[Any]] = [[]]
        singles: list[list[Any]] = []
        for run in runs.values():
            # A run goes one way: the prefix of the kind of its first message; the rest waits.
            kind = batchable(run[0])
            cut = next((i for i, r in enumerate(run) if batchable(r) != kind), len(run))
            if kind:
                cut = min(cut, self.policy.per_request)
            outcomes.update(dict.fromkeys((r.id for r in run[cut:]), HELD))
            part = run[:cut]
            if not kind:
                singles.append(part)
                continue
            if len(chunks[-1]) + len(part) > self.policy.per_request:
                chunks.append([])
            chunks[-1].extend(part)
        jobs = [self._send_batch(client, target, c, lease_end) for c in chunks if c]
        jobs += [self._send_run(client, target, run, lease_end) for run in singles]
        for result in await asyncio.gather(*jobs):
            outcomes.update(result)
        return outcomes

    async def _send_run(
        self, client: ServiceClient, target: str, run: list[Any], lease_end: float
    ) -> dict[uuid.UUID, Outcome]:
        """One key's messages as single requests, each only after the previous one took."""
        outcomes: dict[uuid.UUID, Outcome] = {}
        for i, row in enumerate(run):
            try:
                answer = await self._request(
                    client,
                    target,
                    lease_end,
                    row.method,
                    row.path,
                    json=row.body,
                    headers={"Idempotency-Key": str(row.id)},
                )
            except Exception as exc:
                outcomes[row.id] = _failure(exc)
            else:
                outcomes[row.id] = HELD if answer is HELD else None
            if outcomes[row.id] is not None:
                outcomes.update(dict.fromkeys((r.id for r in run[i + 1 :]), HELD))
                break
        return outcomes

    async def _send_batch(
        self, client: ServiceClient, target: str, rows: list[Any], lease_end: float
    ) -> dict[uuid.UUID, Outcome]:
        """Messages of whole keys' runs as one request to the target's inbox."""
        body = {
            "messages": [
                {
                    "id": str(r.id),
                    "method": r.method,
                    "path": r.path,
                    "body": r.body,
                    "ordering_key": r.ordering_key,
                }
                for r in rows
            ]
        }
        try:
            answer = await self._request(client, target, lease_end, "POST", INBOX_PATH, json=body)
            if answer is HELD:
                return dict.fromkeys((r.id for r in rows), HELD)
            results = {str(item["id"]): item for item in answer["results"]}
        except Exception as exc:
            # Nothing of the batch took: the first message of each key counts an attempt.
            failure = _failure(exc)
            outcomes: dict[uuid.UUID, Outcome] = {}
            seen: set[str] = set()
            for r in rows:
                outcomes[r.id] = HELD if r.ordering_key in seen else failure
                seen.add(r.ordering_key)
            return outcomes
        self.batches += 1
        outcomes = {}
        for r in rows:
            item = results.get(str(r.id))
            status = item.get("status") if item else None
            if status in ("applied", "duplicate"):
                outcomes[r.id] = None
            elif status == "failed" and item is not None:
                # Worded as the single request's failure would be (the client's rules).
                code = int(item.get("http_status") or 500)
                detail = item.get("detail") or ""
                retry_after = item.get("retry_after")
                refusal = (
                    error_for_status(502)(
                        f"{target}: {detail or code}", code=KernelCode.UPSTREAM_ERROR
                    )
                    if code >= 500
                    else error_for_status(code)(
                        detail,
                        code=item.get("code"),
                        headers={"Retry-After": str(retry_after)} if retry_after else None,
                    )
                )
                outcomes[r.id] = _failure(refusal)
            else:  # held behind its key, or the receiver no longer batches it: ask again
                if status == "unsupported":
                    self._batchable.pop(target, None)
                outcomes[r.id] = HELD
        return outcomes

    # -- recording ----------------------------------------------------------------------------

    async def _record(
        self, claim: uuid.UUID, rows: Sequence[Any], outcomes: Mapping[uuid.UUID, Outcome]
    ) -> None:
        """Write the round's outcomes where the claim is still ours; release the rest."""
        outbox = self.tables.outbox
        now = utcnow()
        mine = outbox.c.claim == claim
        delivered = [r for r in rows if r.id in outcomes and outcomes[r.id] is None]
        held = [r.id for r in rows if outcomes.get(r.id, HELD) == HELD]
        failed = [(r, outcomes[r.id]) for r in rows if isinstance(outcomes.get(r.id), Failure)]
        async with self.database.sessionmaker() as session:
            if delivered:
                result = await session.execute(
                    sa.update(outbox)
                    .where(outbox.c.id.in_([r.id for r in delivered]), mine)
                    .values(
                        status=DELIVERED,
                        delivered_at=now,
                        attempts=outbox.c.attempts + 1,
                        last_error=None,
                        claim=None,
                        claimed_until=None,
                    )
                )
                self.delivered += int(getattr(result, "rowcount", 0) or 0)
            if held:
                await session.execute(
                    sa.update(outbox)
                    .where(outbox.c.id.in_(held), mine)
                    .values(claim=None, claimed_until=None)
                )
            for row, failure in failed:
                assert isinstance(failure, Failure)
                attempts = row.attempts + 1
                dead = failure.final or attempts >= self.policy.max_attempts
                log.warning(
                    "outbox message %s to %s %s failed (attempt %d%s): %s",
                    row.id,
                    row.target,
                    row.path,
                    attempts,
                    ", dead" if dead else "",
                    failure.why,
                )
                await session.execute(
                    sa.update(outbox)
                    .where(outbox.c.id == row.id, mine)
                    .values(
                        status=DEAD if dead else PENDING,
                        attempts=attempts,
                        last_error=failure.why[:2000],
                        next_attempt_at=now + dt.timedelta(seconds=self.policy.delay(attempts)),
                        claim=None,
                        claimed_until=None,
                    )
                )
            await session.commit()


async def retry_dead(session: AsyncSession, tables: KernelTables, message_id: uuid.UUID) -> bool:
    """Put a dead message back in line (now); False if it is not dead."""
    outbox = tables.outbox
    result = await session.execute(
        sa.update(outbox)
        .where(outbox.c.id == message_id, outbox.c.status == DEAD)
        .values(
            status=PENDING,
            attempts=0,
            next_attempt_at=utcnow(),
            last_error=None,
            claim=None,
            claimed_until=None,
        )
    )
    return bool(getattr(result, "rowcount", 0))


async def purge_delivered(
    session: AsyncSession, tables: KernelTables, older_than: dt.datetime
) -> int:
    """Delete messages delivered before ``older_than``; the number deleted."""
    outbox = tables.outbox
    result = await session.execute(
        sa.delete(outbox).where(outbox.c.status == DELIVERED, outbox.c.delivered_at < older_than)
    )
    return int(getattr(result, "rowcount", 0) or 0)
