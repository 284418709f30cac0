"""Test-wide fixtures: the database backends and the in-process system on each."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

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
    finally:
        await dbs.drop()
