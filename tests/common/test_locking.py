"""Row locks in key order and named locks: no lost update, no deadlock, on both backends."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Awaitable
from pathlib import Path
from typing import TypeVar

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from services.common.db import Database
from services.common.errors import NotFound
from services.common.locking import advisory_key, lock_key, lock_rows
from tests.backends import DatabaseSet

START = 100

T = TypeVar("T")


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "lock_accounts"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    balance: Mapped[int]


class Receipt(Base):
    __tablename__ = "lock_receipts"

    id: Mapped[int] = mapped_column(primary_key=True)
    fund: Mapped[int]
    number: Mapped[int]


@pytest.fixture(autouse=True)
def _postgres_only(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("postgres_only") is None:
        return
    if request.getfixturevalue("backend") != "postgresql":
        pytest.skip("about PostgreSQL itself")


@pytest.fixture(scope="module")
async def database(
    backend: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Database]:
    """A fresh database with this module's tables; real commits, so real contention."""
    dbs = DatabaseSet(backend, Path(tmp_path_factory.mktemp(f"locking-{backend}")))
    dbs.names = {"funds": dbs.names["funds"]}  # one database, not four: DROP is slow
    await dbs.create()
    db = Database(dbs.url("funds"), pool_size=15)
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(Base.metadata.create_all)
        yield db
    finally:
        await db.dispose()
        await dbs.drop()


@pytest.fixture
async def accounts(database: Database) -> list[int]:
    """Six accounts holding ``START`` each, and no receipts."""
    ids = list(range(1, 7))
    async with database.engine.begin() as conn:
        await conn.execute(sa.delete(Account))
        await conn.execute(sa.delete(Receipt))
        await conn.execute(sa.insert(Account), [{"id": i, "balance": START} for i in ids])
    return ids


@pytest.fixture(params=["writer", "deferred", "driver"])
async def sessions(
    request: pytest.FixtureRequest, database: Database
) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions that begin however a caller may have them begin.

    ``writer``: the kernel's writer sessions. ``deferred``: the kernel's engine without the
    writer's options (on SQLite a deferred BEGIN). ``driver``: an engine that leaves BEGIN to
    the driver, which for sqlite3 means reads run outside any transaction until the first write.
    """
    if request.param != "writer" and database.backend != "sqlite":
        pytest.skip("PostgreSQL begins every session alike")
    if request.param == "writer":
        yield database.sessionmaker
    elif request.param == "deferred":
        yield async_sessionmaker(database.engine, expire_on_commit=False)
    else:
        bare = create_async_engine(database.url, pool_size=15)
        yield async_sessionmaker(bare, expire_on_commit=False)
        await bare.dispose()


async def balances(database: Database) -> dict[int, int]:
    async with database.engine.connect() as conn:
        rows = await conn.execute(sa.select(Account.id, Account.balance).order_by(Account.id))
        return {row.id: row.balance for row in rows}


async def soon(waiting: Awaitable[T]) -> T:
    """``waiting``, or a TimeoutError: a task that failed before signalling must not hang us."""
    return await asyncio.wait_for(waiting, timeout=10)


async def gather_outcomes(*jobs: Awaitable[object]) -> list[object]:
    """Every job's result or exception, with a deadline so a lock bug fails instead of hanging."""
    return await asyncio.wait_for(asyncio.gather(*jobs, return_exceptions=True), timeout=20)


class TestLockRows:
    async def test_returns_the_rows_keyed_by_id_in_ascending_order(
        self, database: Database, accounts: list[int]
    ) -> None:
        async with database.sessionmaker() as session, session.begin():
            rows = await lock_rows(session, Account, [5, 2, 2, 4])
        assert list(rows) == [2, 4, 5]
        assert all(isinstance(obj, Account) and obj.id == key for key, obj in rows.items())

    async def test_locks_core_tables_too(self, database: Database, accounts: list[int]) -> None:
        table = Account.__table__
        assert isinstance(table, sa.Table)
        async with database.sessionmaker() as session, session.begin():
            rows = await lock_rows(session, table, [3, 1])
        assert list(rows) == [1, 3]
        assert rows[3].balance == START

    async def test_missing_rows_are_not_found_unless_missing_is_ok(
        self, database: Database, accounts: list[int]
    ) -> None:
        async with database.sessionmaker() as session, session.begin():
            with pytest.raises(NotFound) as caught:
                await lock_rows(session, Account, [1, 99, 98])
        assert caught.value.extra == {"missing_ids": ["98", "99"]}
        async with database.sessionmaker() as session, session.begin():
            rows = await lock_rows(session, Account, [1, 99], missing_ok=True)
        assert list(rows) == [1]

    async def test_no_ids_lock_nothing(self, database: Database, accounts: list[int]) -> None:
        async with database.sessionmaker() as session, session.begin():
            assert await lock_rows(session, Account, []) == {}

    async def test_refreshes_objects_the_session_already_held(
        self, database: Database, accounts: list[int]
    ) -> None:
        async with database.sessionmaker() as session, session.begin():
            stale = await session.get(Account, 1)
            assert stale is not None
            await session.execute(
                sa.text("UPDATE lock_accounts SET balance = 7 WHERE id = 1")
            )  # behind the identity map's back
            rows = await lock_rows(session, Account, [1])
        assert rows[1] is stale
        assert stale.balance == 7

    async def test_refuses_an_autocommit_session(
        self, database: Database, accounts: list[int]
    ) -> None:
        async with database.read_sessionmaker() as session:
            with pytest.raises(RuntimeError, match="autocommits"):
                await lock_rows(session, Account, [1])
            with pytest.raises(RuntimeError, match="autocommits"):
                await lock_key(session, Receipt, 1)

    async def test_a_second_locker_waits_for_the_first_to_commit(
        self, database: Database, accounts: list[int], sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        first_holds = asyncio.Event()
        release = asyncio.Event()

        async def first() -> None:
            async with sessions() as session, session.begin():
                rows = await lock_rows(session, Account, [1])
                first_holds.set()
                await soon(release.wait())
                rows[1].balance += 1

        async def second() -> int:
            await soon(first_holds.wait())
            async with sessions() as session, session.begin():
                rows = await lock_rows(session, Account, [1])
                rows[1].balance += 1
                return rows[1].balance

        holder, waiter = asyncio.create_task(first()), asyncio.create_task(second())
        try:
            await soon(first_holds.wait())
            await asyncio.sleep(0.2)
            waited = not waiter.done()
        finally:
            release.set()
            outcomes = await gather_outcomes(holder, waiter)
        assert waited, "the second transaction read a row the first had locked"
        assert outcomes == [None, START + 2]

    async def test_concurrent_read_modify_write_loses_no_update(
        self, database: Database, accounts: list[int], sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        async def increment() -> None:
            async with sessions() as session, session.begin():
                rows = await lock_rows(session, Account, [1])
                seen = rows[1].balance
                await asyncio.sleep(0.002)  # let the others run between the read and the write
                rows[1].balance = seen + 1

        tasks = 20
        outcomes = await gather_outcomes(*(increment() for _ in range(tasks)))
        assert [o for o in outcomes if o is not None] == []  # no "database is locked"
        assert (await balances(database))[1] == START + tasks

    async def test_without_the_lock_the_same_work_loses_updates_or_fails(
        self, database: Database, accounts: list[int]
    ) -> None:
        # The control for the test above: it can fail, because without the lock it does.
        plain = async_sessionmaker(database.engine, expire_on_commit=False)
        tasks = 5
        all_read = asyncio.Barrier(tasks)

        async def increment() -> None:
            async with plain() as session, session.begin():
                account = (await session.scalars(sa.select(Account).where(Account.id == 1))).one()
                seen = account.balance
                await soon(all_read.wait())
                account.balance = seen + 1

        outcomes = await gather_outcomes(*(increment() for _ in range(tasks)))
        failed = [o for o in outcomes if isinstance(o, DBAPIError)]
        final = (await balances(database))[1]
        assert failed or final < START + tasks

    async def test_crossing_transfers_in_key_order_never_deadlock(
        self, database: Database, accounts: list[int], sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        rng = random.Random(7)
        transfers = [(*rng.sample(accounts, 2), rng.randint(1, 30)) for _ in range(30)]
        start = asyncio.Event()

        async def transfer(source: int, target: int, amount: int) -> None:
            await soon(start.wait())
            async with sessions() as session, session.begin():
                if database.backend == "postgresql":
                    # Detect a deadlock fast, so a regression fails quickly instead of slowly.
                    await session.execute(sa.text("SET LOCAL deadlock_timeout = '100ms'"))
                rows = await lock_rows(session, Account, [source, target])
                await asyncio.sleep(0.002)
                rows[source].balance -= amount
                rows[target].balance += amount

        jobs = [asyncio.create_task(transfer(*t)) for t in transfers]
        start.set()
        outcomes = await gather_outcomes(*jobs)
        assert [o for o in outcomes if o is not None] == []  # no deadlock, no lock error
        expected = dict.fromkeys(accounts, START)
        for source, target, amount in transfers:
            expected[source] -= amount
            expected[target] += amount
        final = await balances(database)
        assert final == expected
        assert sum(final.values()) == START * len(accounts)


@pytest.mark.postgres_only
class TestOrderAgainstDeadlock:
    """One pair of crossing transfers, locked row by row in the caller's order, then by lock_rows.

    SQLite has one writer at a time, so rows cannot deadlock there.
    """

    async def test_row_by_row_in_the_callers_order_deadlocks(
        self, database: Database, accounts: list[int]
    ) -> None:
        both_hold_one = asyncio.Barrier(2)

        async def transfer(ids: list[int]) -> None:
            async with database.sessionmaker() as session, session.begin():
                await session.execute(sa.text("SET LOCAL deadlock_timeout = '100ms'"))
                first, second = (sa.select(Account).where(Account.id == i) for i in ids)
                await session.execute(first.with_for_update())
                await soon(both_hold_one.wait())
                await session.execute(second.with_for_update())

        outcomes = await gather_outcomes(transfer([1, 2]), transfer([2, 1]))
        deadlocked = [o for o in outcomes if isinstance(o, DBAPIError)]
        assert len(deadlocked) == 1, outcomes
        assert getattr(deadlocked[0].orig, "sqlstate", None) == "40P01"

    async def test_lock_rows_does_not(self, database: Database, accounts: list[int]) -> None:
        go = asyncio.Barrier(2)

        async def transfer(ids: list[int]) -> None:
            async with database.sessionmaker() as session, session.begin():
                await session.execute(sa.text("SET LOCAL deadlock_timeout = '100ms'"))
                await soon(go.wait())
                rows = await lock_rows(session, Account, ids)
                await asyncio.sleep(0.05)
                rows[ids[0]].balance -= 1
                rows[ids[1]].balance += 1

        assert await gather_outcomes(transfer([1, 2]), transfer([2, 1])) == [None, None]
        assert (await balances(database))[1] == START


class TestLockKey:
    def test_advisory_keys_are_stable_signed_64_bit_and_separate_their_parts(self) -> None:
        key = advisory_key("receipt_no", 7, 2025)
        assert key == advisory_key("receipt_no", "7", "2025")  # parts are compared as text
        assert -(2**63) <= key < 2**63
        assert advisory_key("ab", "c") != advisory_key("a", "bc")
        assert advisory_key("receipt_no", 7, 2025) != advisory_key("receipt_no", 7, 2024)
        # Pinned: a different number on another host or Python would let two holders in.
        assert advisory_key("receipt_no", 7, 2025) == -489631482669882324

    async def test_gapless_numbers_under_concurrency(
        self, database: Database, accounts: list[int], sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        async def issue(fund: int) -> None:
            async with sessions() as session, session.begin():
                await lock_key(session, Receipt, fund)
                last = await session.scalar(
                    sa.select(sa.func.coalesce(sa.func.max(Receipt.number), 0)).where(
                        Receipt.fund == fund
                    )
                )
                await asyncio.sleep(0.002)
                session.add(Receipt(fund=fund, number=int(last or 0) + 1))

        outcomes = await gather_outcomes(*(issue(fund) for fund in (1, 2) * 10))
        assert [o for o in outcomes if o is not None] == []
        async with database.engine.connect() as conn:
            rows = (await conn.execute(sa.select(Receipt.fund, Receipt.number))).all()
        for fund in (1, 2):
            assert sorted(n for f, n in rows if f == fund) == list(range(1, 11))

    async def test_holders_of_one_name_wait_for_each_other(
        self, database: Database, accounts: list[int]
    ) -> None:
        held = asyncio.Event()
        release = asyncio.Event()

        async def holder() -> None:
            async with database.sessionmaker() as session, session.begin():
                await lock_key(session, Receipt, 1)
                held.set()
                await soon(release.wait())

        async def taker(fund: int) -> None:
            async with database.sessionmaker() as session, session.begin():
                await lock_key(session, Receipt, fund)

        holding = asyncio.create_task(holder())
        await soon(held.wait())
        same, other = asyncio.create_task(taker(1)), asyncio.create_task(taker(2))
        try:
            await asyncio.sleep(0.2)
            waiting = (not same.done(), not other.done())
        finally:
            release.set()
            outcomes = await gather_outcomes(holding, same, other)
        # SQLite's equivalent is its one write lock: every writer waits.
        assert waiting == (True, database.backend == "sqlite")
        assert outcomes == [None, None, None]
