"""The kernel's sessions: reads skip the transaction, snapshots hold one view, writes commit."""

from __future__ import annotations

import asyncio

import pytest
import sqlalchemy as sa

from services.common.db import Database
from services.registry.db.models import Community
from tests.system_fixture import System


async def test_read_sessions_autocommit_and_write_sessions_do_not(system: System) -> None:
    database: Database = system.apps["registry"].state.database
    async with database.read_sessionmaker() as session:
        reader = await session.connection()
        assert reader.sync_connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT"
    async with database.sessionmaker() as session:
        writer = await session.connection()
        assert writer.sync_connection.get_execution_options().get("isolation_level") is None


async def test_a_snapshot_session_sees_one_view_of_the_data(system: System) -> None:
    """Two reads in one snapshot agree although a write committed between them."""
    database: Database = system.apps["registry"].state.database
    count = sa.text("SELECT count(*) FROM communities")
    async with database.snapshot_sessionmaker() as snapshot:
        await snapshot.connection()
        before = await snapshot.scalar(count)
        async with database.sessionmaker() as writer:
            writer.add(Community(name="快照社区", kind="community", region_code="330203"))
            await writer.commit()
        assert await snapshot.scalar(count) == before
    async with database.read_sessionmaker() as fresh:
        assert await fresh.scalar(count) == before + 1


async def test_sqlite_writers_take_turns_instead_of_failing(system: System) -> None:
    """Read-then-write transactions from many connections: no "database is locked", no loss.

    About SQLite (BEGIN IMMEDIATE); PostgreSQL needs row locks for this (tests/common/test_locking).
    """
    if system.backend != "sqlite":
        pytest.skip("about SQLite's write lock")
    database: Database = system.apps["registry"].state.database
    async with database.sessionmaker() as session:
        await session.execute(sa.text("CREATE TABLE IF NOT EXISTS kernel_counter (n integer)"))
        await session.execute(sa.text("DELETE FROM kernel_counter"))
        await session.execute(sa.text("INSERT INTO kernel_counter VALUES (0)"))
        await session.commit()

    async def bump() -> None:
        async with database.sessionmaker() as session:
            n = await session.scalar(sa.text("SELECT n FROM kernel_counter"))
            await asyncio.sleep(0.01)  # let the others read the same value if they could
            await session.execute(sa.text("UPDATE kernel_counter SET n = :n"), {"n": n + 1})
            await session.commit()

    await asyncio.gather(*(bump() for _ in range(12)))
    async with database.read_sessionmaker() as session:
        assert await session.scalar(sa.text("SELECT n FROM kernel_counter")) == 12
    async with database.sessionmaker() as session:
        await session.execute(sa.text("DROP TABLE kernel_counter"))
        await session.commit()
