"""Test-wide fixtures: the database backends and the in-process system on each."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.db import SQLITE_BEGIN
from tests.backends import DatabaseSet, detect_backends
from tests.system_fixture import System, running_system

BACKENDS = detect_backends()


def pytest_report_header() -> str:
    return f"wushe database backends: {', '.join(BACKENDS)}"


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Each database-touching test runs once per backend."""
    return str(request.param)


@pytest.fixture(scope="session")
async def system(backend: str, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[System]:
    """The whole system in-process on fresh, migrated databases of ``backend``."""
    dbs = DatabaseSet(backend, Path(tmp_path_factory.mktemp(f"system-{backend}")))
    try:
        async with running_system(backend, dbs) as running:
            yield running
            # Issue 10's "done when": the ledger verifies after everything the suite did to it
            # (tests that edit it behind the service's back put it back).
            verified = await running.direct["funds"].get(
                "/v1/ledger/verify", headers=running.signed()
            )
            assert verified.status_code == 200, verified.text
            assert verified.json()["ok"] is True, f"the ledger after the suite: {verified.text}"
    finally:
        await dbs.drop()


@pytest.fixture
async def registry_session(system: System) -> AsyncIterator[AsyncSession]:
    """A session on the Registry's database whose work is rolled back after the test.

    SQLAlchemy's recipe for isolated tests: one outer transaction on a connection, the session
    joined to it with ``create_savepoint`` (its commits and rollbacks are SAVEPOINTs), and the
    outer transaction rolled back at teardown. For service-level tests without HTTP.
    """
    engine = system.apps["registry"].state.database.engine
    # SQLite: take the write lock up front, as the app's write sessions do, so that a read
    # followed by a write in the test never fails on the lock upgrade.
    async with engine.execution_options(**{SQLITE_BEGIN: "IMMEDIATE"}).connect() as conn:
        outer = await conn.begin()
        session = AsyncSession(
            bind=conn, join_transaction_mode="create_savepoint", expire_on_commit=False
        )
        try:
            yield session
        finally:
            await session.close()
            await outer.rollback()
