"""Group commit: the transfers of many concurrent requests go into one ledger transaction.

A ledger write locks its accounts and the ledger head until it commits, so writes through one
hot account — or through the head, which every write touches — are serialized behind the commit
of the one before: a few hundred a second however many clients wait. :class:`LedgerWriter`
queues what requests ask for and applies everything waiting as one batch in one transaction
(:class:`~services.funds.domain.ledger.Ledger`), then answers every request from the batch's
outcomes. Under load the batch grows by itself, and the writer can linger a moment (``linger``,
off by default: with it on, a test run left an SQLite connection unreturned at shutdown, not
yet understood) while more requests keep arriving, so that it commits a few large batches rather
than many small ones: each commit has a fixed cost (about ten statements and their round trips,
the flush of the WAL, waking the change feed's readers) that large batches share. It lingers
only while the previous batch held several requests: alone, a request waits for no one. Each
request's transfers stay a group of their own (or an atomic group for an atomic batch), so
one client's failure never touches another's transfers.

A request may bring a *book* with its transfers: rows that must commit in the same transaction
as them (a donation's row and its receipt number: :mod:`services.funds.domain.donation`). After
the ledger has applied the batch, each book writes the rows of all its requests at once, seeing
their transfers' outcomes, so a hundred donations into one fund take one commit, not three each.

On PostgreSQL two batches are in flight at once (``workers``): while one transaction waits for
its statements' answers, the next batch is already formed and sent, and waits *in the database*
for the locks the first holds (accounts in id order, then the ledger head: the same order, so
they never deadlock), to run the moment it commits. A batch's statements each wait for this
process's event loop to come round to them, and the loop is busy with the requests: with one
batch in flight, that waiting, not the database, bounded the writer (16 single transfers per
batch, 17.7 ms per batch, ~900 a second, with the loop two-thirds busy). SQLite takes one
writer at a time anyway: one worker.

A lost race with another process (another replica's writer) or with the other worker is
retried with the kernel's ``run_in_transaction``; nothing is answered before its batch has
committed. A batch that fails for any other reason (a constraint one request's rows broke) is
applied again one request per transaction, so the failure stays with the request that caused it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, cast

import sqlalchemy as sa
from prometheus_client.core import CounterMetricFamily, Metric
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.db import Database, utcnow
from services.common.retry import RetryExhausted, run_in_transaction
from services.funds.db.models import PendingTransfer
from services.funds.domain.ledger import Ledger, Outcome, TransferRequest

log = logging.getLogger("wushe.funds.writer")

Group = tuple[Sequence[TransferRequest], bool]


class Book(Protocol):
    """Rows committed with a batch's transfers (see the module docstring)."""

    async def check(self, session: AsyncSession, payloads: Sequence[Any]) -> list[Any]:
        """Before the ledger: a refusal (an exception, the item's result) or ``None`` per item;
        a refused item's transfers are not applied."""
        ...

    async def write(
        self, session: AsyncSession, items: Sequence[tuple[Any, list[list[Outcome]]]]
    ) -> list[Any]:
        """Write the rows of ``items`` (each a request's payload and its groups' outcomes);
        one result per item, in order. Must not raise for one item's sake: a refusal is that
        item's result."""
        ...


@dataclass
class _Waiting:
    groups: Sequence[Group]
    done: asyncio.Future[Any]
    book: Book | None = None
    payload: Any = None

    @property
    def size(self) -> int:
        return sum(len(group) for group, _ in self.groups)


class LedgerWriter:
    """The one writer of this process's ledger transactions (see the module docstring)."""

    def __init__(
        self,
        database: Database,
        *,
        max_batch: int = 8000,
        linger: float = 0.0,
        workers: int | None = None,
    ) -> None:
        self.database = database
        self.max_batch = max_batch
        self.linger = linger
        #: Batches in flight at once (see the module docstring).
        self.workers = (
            workers if workers is not None else (2 if database.backend == "postgresql" else 1)
        )
        self._queue: asyncio.Queue[_Waiting] = asyncio.Queue()
        #: Committed so far: batches (transactions), the requests they answered, their groups.
        self.batches = 0
        self.requests = 0
        self.transfers = 0
        #: Account ids by code, for accounts that exist (a code names one account for good).
        self.account_ids: dict[str, uuid.UUID] = {}

    async def submit(self, groups: Sequence[Group]) -> list[list[Outcome]]:
        """Apply ``groups`` in the next batch; their outcomes once it has committed."""
        waiting = _Waiting(groups, asyncio.get_running_loop().create_future())
        self._queue.put_nowait(waiting)
        outcomes: list[list[Outcome]] = (await waiting.done)[0]
        return outcomes

    async def submit_with(
        self, book: Book, payload: Any, groups: Sequence[Group]
    ) -> tuple[list[list[Outcome]], Any]:
        """Like :meth:`submit`, and ``book`` writes ``payload``'s rows in the same commit;
        ``(outcomes, the book's result for payload)``."""
        waiting = _Waiting(groups, asyncio.get_running_loop().create_future(), book, payload)
        self._queue.put_nowait(waiting)
        outcomes, result = await waiting.done
        return outcomes, result

    async def run(self) -> None:
        """Apply batches until cancelled."""
        try:
            await asyncio.gather(*(self._work() for _ in range(self.workers)))
        finally:
            while not self._queue.empty():
                waiting = self._queue.get_nowait()
                if not waiting.done.done():
                    waiting.done.set_exception(RuntimeError("ledger writer stopped"))

    async def _work(self) -> None:
        """One worker: take what waits, apply it as one batch, again."""
        previous = 1
        while True:
            batch = [await self._queue.get()]
            size = batch[0].size
            if previous > 1 and self.linger > 0:
                await self._wait_for_more(size)
            while not self._queue.empty() and size < self.max_batch:
                nxt = self._queue.get_nowait()
                batch.append(nxt)
                size += nxt.size
            previous = len(batch)
            await self._apply(batch)

    async def _wait_for_more(self, size: int) -> None:
        """Give concurrent requests up to ``linger`` to join, while they keep coming."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.linger
        waiting = self._queue.qsize()
        while size + waiting < self.max_batch and loop.time() < deadline:
            await asyncio.sleep(self.linger / 4)
            now_waiting = self._queue.qsize()
            if now_waiting == waiting:
                return  # nobody came in a quarter of the linger: go
            waiting = now_waiting

    async def _apply(self, batch: list[_Waiting], *, again: bool = True) -> None:
        groups = [group for waiting in batch for group in waiting.groups]

        async def work(session: AsyncSession) -> list[tuple[list[list[Outcome]], Any]]:
            books: dict[int, tuple[Book, list[int]]] = {}
            for index, waiting in enumerate(batch):
                if waiting.book is not None:
                    books.setdefault(id(waiting.book), (waiting.book, []))[1].append(index)
            refused: dict[int, Any] = {}
            for book, indexes in books.values():
                checked = await book.check(session, [batch[i].payload for i in indexes])
                refused.update((i, r) for i, r in zip(indexes, checked, strict=True) if r)
            admitted = [w for i, w in enumerate(batch) if i not in refused]
            outcomes = await Ledger(session).apply(
                [group for waiting in admitted for group in waiting.groups]
            )
            answers: list[tuple[list[list[Outcome]], Any]] = []
            start = 0
            for index, waiting in enumerate(batch):
                if index in refused:
                    answers.append(([], refused[index]))
                    continue
                count = len(waiting.groups)
                answers.append((outcomes[start : start + count], None))
                start += count
            for book, indexes in books.values():
                indexes = [i for i in indexes if i not in refused]
                if not indexes:
                    continue
                items = [(batch[i].payload, answers[i][0]) for i in indexes]
                for i, result in zip(indexes, await book.write(session, items), strict=True):
                    answers[i] = (answers[i][0], result)
            return answers

        try:
            answers = await run_in_transaction(self.database.sessionmaker, work)
        except Exception as exc:
            # A failure of the batch itself (not of a transfer): nothing was committed.
            if again and isinstance(exc, IntegrityError):
                # Most likely a row another transaction committed first (the other worker's,
                # another replica's): the same idempotency key sent twice at once. Once more:
                # the replay is visible now.
                await self._apply(batch, again=False)
                return
            if len(batch) > 1 and not isinstance(exc, RetryExhausted):
                # One request's rows (a constraint) must not fail the others': one at a time.
                log.warning(
                    "ledger batch of %d requests failed; applying them one by one", len(batch)
                )
                for waiting in batch:
                    await self._apply([waiting])
                return
            log.exception("ledger batch of %d groups failed", len(groups))
            for waiting in batch:
                if not waiting.done.done():
                    waiting.done.set_exception(exc)
            return
        self.batches += 1
        self.requests += len(batch)
        self.transfers += len(groups)
        for waiting, answer in zip(batch, answers, strict=True):
            if not waiting.done.done():
                waiting.done.set_result(answer)

    async def expire_due(self) -> int:
        """Void the pending transfers whose timeout has passed; how many were expired."""
        table = cast(sa.Table, PendingTransfer.__table__)
        async with self.database.read_sessionmaker() as session:
            ids = (
                await session.scalars(
                    sa.select(table.c.id)
                    .where(table.c.state == "pending", table.c.timeout_at <= utcnow())
                    .limit(1000)
                )
            ).all()
        if not ids:
            return 0
        groups: list[Group] = [
            ([TransferRequest(action="expire", pending_id=i, kind="expiry")], False) for i in ids
        ]
        outcomes = await self.submit(groups)
        return sum(1 for (o,) in outcomes if o.error is None)

    async def expire_forever(self, every: float = 1.0) -> None:
        """Expire due pending transfers now and then, until cancelled."""
        while True:
            await asyncio.sleep(every)
            with contextlib.suppress(Exception):
                await self.expire_due()


def writer_families(app: Any) -> Callable[[str], list[Metric]]:
    """``/metrics`` figures of the app's ledger writer (:mod:`services.common.metrics`): how many
    commits, requests and transfer groups, so that requests per commit (the group commit at
    work) is a ratio of two counters."""

    def families(service: str) -> list[Metric]:
        writer = writer_of(app)
        found: list[Metric] = []
        for name, value, text in (
            ("batches", writer.batches, "Ledger transactions the group-commit writer committed"),
            ("requests", writer.requests, "Requests those transactions answered"),
            ("groups", writer.transfers, "Transfer groups (one transfer, or an atomic batch)"),
        ):
            family = CounterMetricFamily(f"wushe_ledger_writer_{name}", text, labels=["service"])
            family.add_metric([service], float(value))
            found.append(family)
        return found

    return families


def writer_of(app: Any) -> LedgerWriter:
    """The app's one ledger writer (made on first use: by the worker or by a first request)."""
    writer: LedgerWriter | None = getattr(app.state, "ledger_writer", None)
    if writer is None:
        writer = LedgerWriter(app.state.database)
        app.state.ledger_writer = writer
    return writer
