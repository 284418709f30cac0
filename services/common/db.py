"""The async SQLAlchemy engine and the one-session-per-request unit of work.

Every service owns one database: an SQLite file under the data directory by default, or
PostgreSQL through asyncpg. A request gets one session (``SessionDep``); kernel code commits it
once, after the endpoint returns and before the response is sent (:class:`AutoCommitRoute`), so an
error anywhere leaves nothing half-written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from fastapi.routing import APIRoute
from sqlalchemy import DateTime, MetaData, event, text
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.types import TypeDecorator

from services.common.errors import WusheError

#: Stable constraint names on SQLite and PostgreSQL alike (alembic needs them to alter).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def make_metadata() -> MetaData:
    """A MetaData with the project's naming convention; one per service."""
    return MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware UTC timestamp on both backends (SQLite stores no offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def utcnow() -> dt.datetime:
    """The current time, timezone-aware, in UTC."""
    return dt.datetime.now(dt.UTC)


def is_sqlite(url: str) -> bool:
    """True for an SQLite URL."""
    return url.startswith("sqlite")


def create_engine(url: str, *, pool_size: int = 10, echo: bool = False) -> AsyncEngine:
    """An async engine tuned for the backend behind ``url``."""
    if is_sqlite(url):
        engine = create_async_engine(url, echo=echo, connect_args={"timeout": 30})

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    return create_async_engine(
        url, echo=echo, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=False
    )


class Database:
    """One service's engine and session factory."""

    def __init__(self, url: str, *, pool_size: int = 10, echo: bool = False) -> None:
        self.url = url
        self.engine = create_engine(url, pool_size=pool_size, echo=echo)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)
        #: For GET and HEAD: no BEGIN and COMMIT round trips around a read (two of a read's
        #: four on PostgreSQL). Reads never write; a write through it would commit at once.
        self.read_sessionmaker = async_sessionmaker(
            self.engine.execution_options(isolation_level="AUTOCOMMIT"), expire_on_commit=False
        )

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    async def ping(self) -> None:
        """Raise if the database cannot answer a trivial query."""
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """The request's session; committed by :class:`AutoCommitRoute`, closed after the response."""
    database: Database = request.app.state.database
    factory = (
        database.read_sessionmaker if request.method in READ_METHODS else database.sessionmaker
    )
    async with factory() as session:
        request.state.db_session = session
        yield session


READ_METHODS = frozenset({"GET", "HEAD"})

SessionDep = Annotated[AsyncSession, Depends(get_session)]


class AutoCommitRoute(APIRoute):
    """Commits the request's session after the endpoint returns, before the response is sent.

    An endpoint that raises never commits (the session is rolled back when it closes), unless the
    error says ``commit_session``: a refusal that must keep what it recorded.
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def commit_then_respond(request: Request) -> Response:
            try:
                response = await handler(request)
            except WusheError as exc:
                # A few refusals must keep what they recorded (a revoked token family, say).
                pending: AsyncSession | None = getattr(request.state, "db_session", None)
                if exc.commit_session and pending is not None:
                    await pending.commit()
                raise
            session: AsyncSession | None = getattr(request.state, "db_session", None)
            if session is not None and response.status_code < 400:
                await session.commit()
            return response

        return commit_then_respond
