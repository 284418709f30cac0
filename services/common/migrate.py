"""Run a service's alembic environment (``migrations/<service>/``) on its own database.

Each service keeps its own version table (``alembic_version_<service>``), so the four lineages
never see each other even if an operator points two services at one PostgreSQL database. Only
upgrades, though: autogenerate and ``alembic check`` compare every table they find, so on a shared
database they propose dropping the other services' tables; they want one database per service.

Every ``env.py`` is one call to :func:`run_env`; it alone talks to alembic's ``context``, so what
an environment needs beyond the defaults comes in as a parameter (``include_object``), not as a
wrapper around the context.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from alembic import command, context
from alembic.autogenerate.api import AutogenContext
from alembic.config import Config
from sqlalchemy import Connection, MetaData, make_url, pool
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.schema import SchemaItem

ROOT = Path(__file__).resolve().parents[2]
ALEMBIC_INI = ROOT / "alembic.ini"

#: Alembic's ``include_object(object, name, type_, reflected, compare_to) -> bool``.
IncludeObject = Callable[[SchemaItem, str | None, str, bool, SchemaItem | None], bool]


def version_table(service: str) -> str:
    """The alembic version table of a service."""
    return f"alembic_version_{service}"


def alembic_config(service: str, url: str | None = None) -> Config:
    """The alembic config of one service's environment."""
    cfg = Config(str(ALEMBIC_INI), ini_section=service)
    if url:
        cfg.attributes["url"] = url
    return cfg


def _render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Render kernel column types as plain SQLAlchemy ones: migrations import nothing of ours."""
    if type_ == "type" and type(obj).__name__ == "UTCDateTime":
        return "sa.DateTime(timezone=True)"
    return False


def declared_for(dialect: str) -> IncludeObject:
    """Compare only what ``dialect`` is given: skip indexes declared for another (``ddl_if``).

    The Registry's GIN indexes on ``text[]`` exist on PostgreSQL only; without this, ``alembic
    check`` on SQLite would report them missing. Any service's metadata may declare such DDL.
    """

    def include(
        obj: SchemaItem, name: str | None, type_: str, reflected: bool, compare_to: Any
    ) -> bool:
        if type_ != "index" or reflected:
            return True
        only = getattr(getattr(obj, "_ddl_if", None), "dialect", None)
        if isinstance(only, str):
            return only == dialect
        return only is None or dialect in only

    return include


def run_env(
    metadata: MetaData, settings_url: str, *, include_object: IncludeObject | None = None
) -> None:
    """Body of every ``env.py``: online migrations, sync connection given or made from the URL.

    ``include_object`` narrows what autogenerate compares, after :func:`declared_for`.
    """
    config = context.config
    service = config.get_main_option("service")
    if not service:
        raise RuntimeError(f"alembic section [{config.config_ini_section}] names no service")
    url = config.attributes.get("url") or settings_url

    def configure(dialect: str, **kw: Any) -> None:
        for_dialect = declared_for(dialect)

        def include(
            obj: SchemaItem, name: str | None, type_: str, reflected: bool, compare_to: Any
        ) -> bool:
            if not for_dialect(obj, name, type_, reflected, compare_to):
                return False
            return include_object is None or include_object(obj, name, type_, reflected, compare_to)

        context.configure(
            target_metadata=metadata,
            version_table=version_table(service),
            render_as_batch=dialect == "sqlite",
            compare_type=True,
            render_item=_render_item,
            include_object=include,
            **kw,
        )

    def do_run(connection: Connection) -> None:
        configure(connection.dialect.name, connection=connection)
        with context.begin_transaction():
            context.run_migrations()

    connection = config.attributes.get("connection")
    if connection is not None:
        do_run(connection)
        return
    if context.is_offline_mode():
        configure(make_url(url).get_backend_name(), url=url, literal_binds=True)
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
