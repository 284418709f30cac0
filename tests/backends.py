"""Which database backends the test run uses, and fresh databases on them.

PostgreSQL when reachable (``WUSHE_TEST_DATABASE_URL``, default the local server), SQLite always.
``WUSHE_TEST_DATABASE_URL=sqlite`` runs SQLite only; ``WUSHE_TEST_REQUIRE_POSTGRES=1`` turns an
unreachable PostgreSQL into a failure instead of a quiet fallback.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from pathlib import Path

from services.common.apps import APP_NAMES

DEFAULT_PG = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
#: Every app gets its own database; the name other test modules import.
SERVICES = APP_NAMES


def pg_admin_url() -> str | None:
    """The PostgreSQL URL to create test databases through, or ``None`` for SQLite only."""
    url = os.environ.get("WUSHE_TEST_DATABASE_URL", DEFAULT_PG)
    return None if url.startswith("sqlite") else url


def require_postgres() -> bool:
    """True when an unreachable PostgreSQL must fail the run."""
    return os.environ.get("WUSHE_TEST_REQUIRE_POSTGRES", "") not in ("", "0", "false")


def _plain(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


async def _pg_reachable(url: str) -> str | None:
    import asyncpg

    try:
        conn = await asyncio.wait_for(asyncpg.connect(_plain(url)), timeout=5)
    except Exception as exc:  # any failure to connect means unreachable
        return f"{type(exc).__name__}: {exc}"
    await conn.close()
    return None


def detect_backends() -> list[str]:
    """``["sqlite", "postgresql"]`` when PostgreSQL answers, else ``["sqlite"]`` (or an error)."""
    url = pg_admin_url()
    if url is None:
        if require_postgres():
            raise RuntimeError(
                "WUSHE_TEST_REQUIRE_POSTGRES=1 but WUSHE_TEST_DATABASE_URL is SQLite"
            )
        return ["sqlite"]
    problem = asyncio.run(_pg_reachable(url))
    if problem is not None:
        if require_postgres():
            raise RuntimeError(f"PostgreSQL required but unreachable at {url}: {problem}")
        return ["sqlite"]
    return ["sqlite", "postgresql"]


class DatabaseSet:
    """One fresh database per service on one backend; dropped by :meth:`drop`."""

    def __init__(self, backend: str, tmp_dir: Path) -> None:
        self.backend = backend
        self.tag = uuid.uuid4().hex[:10]
        self.tmp_dir = tmp_dir
        self.names = {svc: f"wushe_test_{self.tag}_{svc}" for svc in SERVICES}

    def url(self, service: str) -> str:
        """The async URL of one service's database."""
        if self.backend == "sqlite":
            return f"sqlite+aiosqlite:///{self.tmp_dir / f'{service}.db'}"
        admin = pg_admin_url()
        assert admin is not None
        return admin.rsplit("/", 1)[0] + "/" + self.names[service]

    async def _each_database(self, statement: str) -> None:
        import asyncpg

        admin = pg_admin_url()
        assert admin is not None
        conn = await asyncpg.connect(_plain(admin))
        try:
            for name in self.names.values():
                await conn.execute(statement.format(name=name))
        finally:
            await conn.close()

    async def create(self) -> None:
        """Create the databases (PostgreSQL) or the directory (SQLite)."""
        if self.backend == "sqlite":
            self.tmp_dir.mkdir(parents=True, exist_ok=True)
            return
        await self._each_database('CREATE DATABASE "{name}"')

    async def drop(self) -> None:
        """Drop the databases (PostgreSQL); SQLite files go with the temporary directory."""
        if self.backend != "sqlite":
            await self._each_database('DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
