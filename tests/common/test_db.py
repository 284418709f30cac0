"""The kernel's unit of work: reads skip the transaction, writes commit once or not at all."""

from __future__ import annotations

from services.common.db import READ_METHODS
from tests.system_fixture import System


def test_only_safe_methods_read_without_a_transaction() -> None:
    assert frozenset({"GET", "HEAD"}) == READ_METHODS


async def test_read_sessions_autocommit_and_write_sessions_do_not(system: System) -> None:
    database = system.apps["registry"].state.database
    async with database.read_sessionmaker() as session:
        reader = await session.connection()
        assert reader.sync_connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT"
    async with database.sessionmaker() as session:
        writer = await session.connection()
        assert "isolation_level" not in writer.sync_connection.get_execution_options()
