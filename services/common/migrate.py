"""Run a service's alembic environment (``migrations/<service>/``) on its own database.

Each service keeps its own version table (``alembic_version_<service>``), so the four lineages
never see each other even if an operator points two services at one PostgreSQL database.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, MetaData, pool
from sqlalchemy.ext.asyncio import create_async_engine

ROOT = Path(__file__).resolve().parents[2]
ALEMBIC_INI = ROOT / "alembic.ini"
SERVICES = ("gateway", "registry", "matching", "funds")


def version_table(service: str) -> str:
    """The alembic version table of a service."""
    return f"alembic_version_{service}"


def alembic_config(service: str, url: str | None = None) -> Config:
    """The alembic config of one service's environment."""
    cfg = Config(str(ALEMBIC_INI), ini_section=service)
    if url:
        cfg.attributes["url"] = url
    return cfg


def _render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Render kernel column types as plain SQLAlchemy ones: migrations import nothing of ours."""
    if type_ == "type" and type(obj).__name__ == "UTCDateTime":
        return "sa.DateTime(timezone=True)"
    return False


def run_env(metadata: MetaData, context: Any, settings_url: str) -> None:
    """Body of every ``env.py``: online migrations, sync connection given or made from the URL."""
    config = context.config
    service = config.get_main_option("service")
    url = config.attributes.get("url") or settings_url
    opts: dict[str, Any] = {
        "target_metadata": metadata,
        "version_table": version_table(service),
        "render_as_batch": url.startswith("sqlite"),
        "compare_type": True,
        "render_item": _render_item,
    }

    def do_run(connection: Connection) -> None:
        context.configure(connection=connection, **opts)
        with context.begin_transaction():
            context.run_migrations()

    connection = config.attributes.get("connection")
    if connection is not None:
        do_run(connection)
        return
    if context.is_offline_mode():
        context.configure(url=url, literal_binds=True, **opts)
        with context.begin_transaction():
            context.run_migrations()
        return

    async def online() -> None:
        engine = create_async_engine(url, poolclass=pool.NullPool)
        async with engine.begin() as conn:
            await conn.run_sync(do_run)
        await engine.dispose()

    asyncio.run(online())


async def upgrade(service: str, url: str, revision: str = "head") -> None:
    """Apply a service's migrations from async code (tests, ``wushe up``)."""
    engine = create_async_engine(url, poolclass=pool.NullPool)
    try:
        async with engine.begin() as conn:

            def _run(sync_conn: Connection) -> None:
                cfg = alembic_config(service, url)
                cfg.attributes["connection"] = sync_conn
                command.upgrade(cfg, revision)

            await conn.run_sync(_run)
    finally:
        await engine.dispose()
