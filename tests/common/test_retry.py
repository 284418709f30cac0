"""run_in_transaction: a lost race is run again within a budget; anything else propagates."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

import asyncpg
import pytest
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from services.common.db import Database
from services.common.locking import lock_rows
from services.common.retry import RetryExhausted, retry_reason, run_in_transaction
from tests.backends import DatabaseSet

T = TypeVar("T")

LOSE = {
    state: sa.text(f"DO $$ BEGIN RAISE EXCEPTION 'lost' USING ERRCODE = '{state}'; END $$")
    for state in ("40001", "40P01", "23505")
}


class Base(DeclarativeBase):
    pass


class Counter(Base):
    __tablename__ = "retry_counters"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    n: Mapped[int]


@pytest.fixture(autouse=True)
def _backend_only(request: pytest.FixtureRequest) -> None:
    for marker, wanted, name in (
        ("postgres_only", "postgresql", "PostgreSQL"),
        ("sqlite_only", "sqlite", "SQLite"),
    ):
        if request.node.get_closest_marker(marker) is None:
            continue
        if request.getfixturevalue("backend") != wanted:
            pytest.skip(f"about {name} itself")


@pytest.fixture(scope="module")
async def database(
    backend: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Database]:
    """A fresh database with this module's table; real commits, so real contention."""
    dbs = DatabaseSet(backend, Path(tmp_path_factory.mktemp(f"retry-{backend}")))
    dbs.names = {"funds": dbs.names["funds"]}  # one database, not four: DROP is slow
    await dbs.create()
    db = Database(dbs.url("funds"), pool_size=10)
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(Base.metadata.create_all)
        yield db
    finally:
        await db.dispose()
        await dbs.drop()


@pytest.fixture
async def counters(database: Database) -> None:
    """Counters 1 and 2 at zero."""
    async with database.engine.begin() as conn:
        await conn.execute(sa.delete(Counter))
        await conn.execute(sa.insert(Counter), [{"id": 1, "n": 0}, {"id": 2, "n": 0}])


@pytest.fixture
def retries(caplog: pytest.LogCaptureFixture) -> Callable[[], list[str]]:
    """The retry log lines so far."""
    caplog.set_level(logging.INFO, logger="wushe.retry")
    return lambda: [r.getMessage() for r in caplog.records if r.name == "wushe.retry"]


async def counts(database: Database) -> dict[int, int]:
    async with database.engine.connect() as conn:
        return {row.id: row.n for row in await conn.execute(sa.select(Counter.id, Counter.n))}


async def bump(session: AsyncSession, counter: int) -> None:
    await session.execute(sa.update(Counter).where(Counter.id == counter).values(n=Counter.n + 1))


async def soon(waiting: Awaitable[T]) -> T:
    """``waiting``, or a TimeoutError: a task that failed before signalling must not hang us."""
    return await asyncio.wait_for(waiting, timeout=10)


async def gather_outcomes(*jobs: Awaitable[object]) -> list[object]:
    return await asyncio.wait_for(asyncio.gather(*jobs, return_exceptions=True), timeout=20)


@asynccontextmanager
async def contested(
    database: Database,
) -> AsyncIterator[tuple[Database, sqlite3.Connection | None]]:
    """A lost race on every try: SQLite's write lock held elsewhere, and 50 ms patience for it.

    On SQLite another connection holds the write lock until the block ends (or it rolls back),
    and the database comes through an engine that waits only 50 ms for that lock. PostgreSQL
    gets the database as it is and no holder: its work raises the error itself.
    """
    if database.backend != "sqlite":
        yield database, None
        return
    impatient = Database(database.url)

    @event.listens_for(impatient.engine.sync_engine, "connect")
    def _short_busy_timeout(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout=50")
        cursor.close()

    holder = sqlite3.connect(database.url.split(":///", 1)[1], isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield impatient, holder
    finally:
        if holder.in_transaction:
            holder.execute("ROLLBACK")
        holder.close()
        await impatient.dispose()


def always_losing(backend: str, calls: list[int]) -> Callable[[AsyncSession], Awaitable[None]]:
    """Work that loses its race on every attempt, with the backend's real error."""

    async def lose(session: AsyncSession) -> None:
        calls.append(1)
        if backend == "postgresql":
            await session.execute(LOSE["40001"])
        else:
            await bump(session, 1)  # the write lock is held elsewhere

    return lose


@pytest.mark.postgres_only
class TestDeadlock:
    """Two transactions bump counters 1 then 2, and 2 then 1, each holding its first row."""

    @staticmethod
    def crossing(
        first: int, second: int, holds: dict[int, asyncio.Event], calls: list[int]
    ) -> Callable[[AsyncSession], Awaitable[None]]:
        async def work(session: AsyncSession) -> None:
            calls.append(first)
            await session.execute(sa.text("SET LOCAL deadlock_timeout = '100ms'"))
            await bump(session, first)
            if calls.count(first) == 1:  # only the first attempts meet each other
                holds[first].set()
                await soon(holds[second].wait())
            await bump(session, second)

        return work

    async def test_without_the_wrapper_one_dies_with_40P01(
        self, database: Database, counters: None
    ) -> None:
        holds = {1: asyncio.Event(), 2: asyncio.Event()}
        calls: list[int] = []

        async def once(work: Callable[[AsyncSession], Awaitable[None]]) -> None:
            async with database.sessionmaker() as session, session.begin():
                await work(session)

        outcomes = await gather_outcomes(
            once(self.crossing(1, 2, holds, calls)), once(self.crossing(2, 1, holds, calls))
        )
        died = [o for o in outcomes if isinstance(o, DBAPIError)]
        assert len(died) == 1, outcomes
        assert died[0].orig is not None
        assert getattr(died[0].orig, "pgcode", None) == "40P01"
        assert isinstance(died[0].orig.__cause__, asyncpg.DeadlockDetectedError)
        assert await counts(database) == {1: 1, 2: 1}

    async def test_with_the_wrapper_both_complete_exactly_once(
        self, database: Database, counters: None, retries: Callable[[], list[str]]
    ) -> None:
        holds = {1: asyncio.Event(), 2: asyncio.Event()}
        calls: list[int] = []
        outcomes = await gather_outcomes(
            run_in_transaction(database.sessionmaker, self.crossing(1, 2, holds, calls)),
            run_in_transaction(database.sessionmaker, self.crossing(2, 1, holds, calls)),
        )
        assert outcomes == [None, None]
        assert await counts(database) == {1: 2, 2: 2}
        assert len(calls) == 3  # the victim ran twice
        assert len(retries()) == 1
        assert "40P01" in retries()[0]


@pytest.mark.postgres_only
@pytest.mark.parametrize("level", ["REPEATABLE READ", "SERIALIZABLE"])
class TestSerializationFailure:
    """Two transactions read counter 1, then both write what they read plus one."""

    @staticmethod
    def increment(
        all_read: asyncio.Barrier, calls: list[int]
    ) -> Callable[[AsyncSession], Awaitable[None]]:
        async def work(session: AsyncSession) -> None:
            calls.append(1)
            seen = await session.scalar(sa.select(Counter.n).where(Counter.id == 1))
            if len(calls) <= 2:  # the first two attempts read before either writes
                await soon(all_read.wait())
            await session.execute(
                sa.update(Counter).where(Counter.id == 1).values(n=int(seen or 0) + 1)
            )

        return work

    async def test_without_the_wrapper_the_second_writer_fails_with_40001(
        self, database: Database, counters: None, level: Any
    ) -> None:
        work = self.increment(asyncio.Barrier(2), [])

        async def once() -> None:
            async with database.sessionmaker() as session:
                await session.connection(execution_options={"isolation_level": level})
                await work(session)
                await session.commit()

        outcomes = await gather_outcomes(once(), once())
        failed = [o for o in outcomes if isinstance(o, DBAPIError)]
        assert len(failed) == 1, outcomes
        assert getattr(failed[0].orig, "sqlstate", None) == "40001"
        assert (await counts(database))[1] == 1

    async def test_with_the_wrapper_both_increments_land(
        self,
        database: Database,
        counters: None,
        level: Any,
        retries: Callable[[], list[str]],
    ) -> None:
        calls: list[int] = []
        work = self.increment(asyncio.Barrier(2), calls)
        outcomes = await gather_outcomes(
            run_in_transaction(database.sessionmaker, work, isolation_level=level),
            run_in_transaction(database.sessionmaker, work, isolation_level=level),
        )
        assert outcomes == [None, None]
        assert (await counts(database))[1] == 2
        assert len(calls) == 3
        assert ["40001" in line for line in retries()] == [True]


class TestBudget:
    async def test_gives_up_after_the_attempts_as_503_busy(
        self, backend: str, database: Database, counters: None
    ) -> None:
        calls: list[int] = []
        async with contested(database) as (db, _):
            with pytest.raises(RetryExhausted) as caught:
                await soon(
                    run_in_transaction(
                        db.sessionmaker, always_losing(backend, calls), attempts=3, base_delay=0.001
                    )
                )
        assert len(calls) == 3
        assert isinstance(caught.value.__cause__, DBAPIError)
        assert retry_reason(caught.value.__cause__) is not None
        problem = caught.value.to_problem(english=True)
        assert (problem["status"], problem["code"]) == (503, "busy")
        assert caught.value.headers == {"Retry-After": "1"}

    async def test_gives_up_when_the_time_budget_is_spent(
        self, backend: str, database: Database, counters: None
    ) -> None:
        calls: list[int] = []
        started = time.monotonic()
        async with contested(database) as (db, _):
            with pytest.raises(RetryExhausted):
                await soon(
                    run_in_transaction(
                        db.sessionmaker,
                        always_losing(backend, calls),
                        attempts=1000,
                        budget_seconds=0.3,
                        base_delay=0.05,
                        max_delay=0.05,
                    )
                )
        assert 2 <= len(calls) < 20
        assert time.monotonic() - started < 2

    async def test_other_errors_are_not_retried(self, database: Database, counters: None) -> None:
        calls: list[int] = []

        async def duplicate(session: AsyncSession) -> None:
            calls.append(1)
            session.add(Counter(id=1, n=5))

        async def wrong(session: AsyncSession) -> None:
            calls.append(1)
            raise ValueError("a bug, not a race")

        with pytest.raises(IntegrityError):
            await run_in_transaction(database.sessionmaker, duplicate)
        with pytest.raises(ValueError, match="a bug"):
            await run_in_transaction(database.sessionmaker, wrong)
        assert len(calls) == 2

    async def test_attempts_must_allow_one_run(self, database: Database) -> None:
        async def nothing(session: AsyncSession) -> None:
            pass

        with pytest.raises(ValueError, match="at least 1"):
            await run_in_transaction(database.sessionmaker, nothing, attempts=0)


class TestRetryThenSucceed:
    async def test_returns_the_result_of_the_attempt_that_won(
        self,
        backend: str,
        database: Database,
        counters: None,
        retries: Callable[[], list[str]],
    ) -> None:
        calls: list[int] = []

        async def work(session: AsyncSession) -> int:
            calls.append(1)
            if backend == "postgresql" and len(calls) < 3:
                await session.execute(LOSE["40P01"])
            await bump(session, 1)
            return len(calls)

        async with contested(database) as (db, holder):
            if holder is not None:  # SQLite: the lock is released while the work is retrying
                asyncio.get_running_loop().call_later(0.12, holder.execute, "ROLLBACK")
            result = await run_in_transaction(
                db.sessionmaker, work, attempts=20, base_delay=0.01, max_delay=0.02
            )
        assert result == len(calls) >= 2
        assert (await counts(database))[1] == 1
        assert len(retries()) == len(calls) - 1
        assert all(
            ("40P01" if backend == "postgresql" else "SQLITE_BUSY") in line for line in retries()
        )


class TestConcurrentIncrements:
    """Many tasks on separate connections increment one hot counter: every increment lands."""

    TASKS = 12

    @pytest.fixture(params=["deferred", "driver"])
    async def deferred(
        self, request: pytest.FixtureRequest, database: Database
    ) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
        """Sessions that do not begin as writers.

        ``deferred``: the kernel's engine without the writer's options. ``driver`` (SQLite): an
        engine that leaves BEGIN to sqlite3, which runs reads outside any transaction until the
        first write.
        """
        if request.param == "deferred":
            yield async_sessionmaker(database.engine, expire_on_commit=False)
            return
        if database.backend != "sqlite":
            pytest.skip("PostgreSQL begins every session alike")
        bare = create_async_engine(database.url, pool_size=15)
        yield async_sessionmaker(bare, expire_on_commit=False)
        await bare.dispose()

    async def test_locked_rows_need_no_retry(
        self,
        database: Database,
        counters: None,
        retries: Callable[[], list[str]],
        deferred: async_sessionmaker[AsyncSession],
    ) -> None:

        async def increment(session: AsyncSession) -> None:
            rows = await lock_rows(session, Counter, [1])
            seen = rows[1].n
            await asyncio.sleep(0.002)
            rows[1].n = seen + 1

        outcomes = await gather_outcomes(
            *(run_in_transaction(deferred, increment) for _ in range(self.TASKS))
        )
        assert outcomes == [None] * self.TASKS
        assert (await counts(database))[1] == self.TASKS
        assert retries() == []

    async def test_serializable_transactions_land_through_retries(
        self, database: Database, counters: None, deferred: async_sessionmaker[AsyncSession]
    ) -> None:
        # No lock: the isolation level alone, and the wrapper re-running whoever lost.

        async def increment(session: AsyncSession) -> None:
            seen = await session.scalar(sa.select(Counter.n).where(Counter.id == 1))
            await asyncio.sleep(0.002)
            await session.execute(
                sa.update(Counter).where(Counter.id == 1).values(n=int(seen or 0) + 1)
            )

        outcomes = await gather_outcomes(
            *(
                run_in_transaction(
                    deferred,
                    increment,
                    isolation_level="SERIALIZABLE",
                    attempts=50,
                    budget_seconds=15,
                    max_delay=0.05,
                )
                for _ in range(self.TASKS)
            )
        )
        assert outcomes == [None] * self.TASKS
        assert (await counts(database))[1] == self.TASKS


class TestRetryReason:
    @pytest.mark.postgres_only
    async def test_only_deadlocks_and_serialization_failures_on_postgresql(
        self, backend: str, database: Database
    ) -> None:
        found = {}
        async with database.engine.connect() as conn:
            for state, statement in LOSE.items():
                with pytest.raises(DBAPIError) as caught:
                    await conn.execute(statement)
                await conn.rollback()
                found[state] = retry_reason(caught.value)
        assert found == {"40001": "40001", "40P01": "40P01", "23505": None}

    @pytest.mark.sqlite_only
    async def test_only_a_locked_database_on_sqlite(self, backend: str, database: Database) -> None:
        async with contested(database) as (db, _), db.engine.connect() as conn:
            with pytest.raises(DBAPIError) as missing:
                await conn.execute(sa.text("SELECT * FROM no_such_table"))
            await conn.rollback()
            with pytest.raises(DBAPIError) as locked:
                await conn.execute(sa.delete(Counter).where(sa.false()))
            await conn.rollback()
        assert retry_reason(missing.value) is None
        assert retry_reason(locked.value) == "SQLITE_BUSY"

    def test_nothing_else(self) -> None:
        assert retry_reason(ValueError("database is locked")) is None
