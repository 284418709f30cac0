"""The async SQLAlchemy engine and the sessions an endpoint can ask for.

Every service owns one database: an SQLite file under the data directory by default, or
PostgreSQL through asyncpg. An endpoint declares the session it needs, never chosen by HTTP method:

- :data:`ReadSession` — autocommit: no BEGIN/COMMIT round trips; each statement sees the latest
  committed data. For single-statement reads (a resource, a page).
- :data:`SnapshotSession` — one read-only transaction (REPEATABLE READ on PostgreSQL, a deferred
  read transaction on SQLite's WAL): several statements see one consistent snapshot, as a
  ledger's balance-plus-entries read needs. Rolled back after the response.
- :data:`WriteSession` — one transaction, committed exactly once by the route class
  (:class:`services.common.routing.CommittingRoute`) after the endpoint returns and before the
  first byte of the response, so an error anywhere leaves nothing half-written. On SQLite it
  begins with ``BEGIN IMMEDIATE``: the write lock is taken up front, so a transaction that reads
  and then writes waits its turn (busy timeout) instead of failing with "database is locked"
  when another writer got in between its read and its write.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import DateTime, MetaData, event, text
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

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


#: Execution option naming how an SQLite transaction begins (``IMMEDIATE`` for writers).
SQLITE_BEGIN = "wushe_sqlite_begin"

#: How long an SQLite writer waits for the write lock before giving up (milliseconds).
SQLITE_BUSY_TIMEOUT_MS = 30_000


class RawJSON(str):
    """JSON text already encoded, spliced as it is where a JSON column's top-level object has it.

    A large value written more than once (a batch of transfers in an event's ``data`` and
    ``masked``, and in the answer) is encoded once: ``{"transfers": RawJSON(text)}`` is stored
    as the object whose ``transfers`` is the array ``text`` holds. The text must be valid JSON.
    """

    __slots__ = ()


def json_dumps(value: Any) -> str:
    """The JSON columns' serializer: :func:`json.dumps`, splicing top-level :class:`RawJSON`."""
    if type(value) is dict and any(type(v) is RawJSON for v in value.values()):
        return (
            "{"
            + ", ".join(
                f"{json.dumps(str(k))}: {v if type(v) is RawJSON else json.dumps(v)}"
                for k, v in value.items()
            )
            + "}"
        )
    return json.dumps(value)


def create_engine(
    url: str, *, pool_size: int = 10, echo: bool = False, hide_parameters: bool = True
) -> AsyncEngine:
    """An async engine tuned for the backend behind ``url``.

    ``hide_parameters`` keeps bound values (names, phone numbers) out of error messages and
    therefore out of logs.
    """
    if is_sqlite(url):
        engine = create_async_engine(
            url,
            echo=echo,
            hide_parameters=hide_parameters,
            connect_args={"timeout": 30},
            json_serializer=json_dumps,
        )
        _sqlite_transactions(engine)
        return engine
    return create_async_engine(
        url,
        echo=echo,
        hide_parameters=hide_parameters,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=False,
        json_serializer=json_dumps,
    )


def _sqlite_transactions(engine: AsyncEngine) -> None:
    """Take over BEGIN from the sqlite3 module so that writers can say ``BEGIN IMMEDIATE``.

    SQLAlchemy's documented recipe for pysqlite/aiosqlite: the driver's own implicit BEGIN is
    switched off and the ``begin`` event emits ours, which also makes SAVEPOINTs reliable.
    """

    @event.listens_for(engine.sync_engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        # WAL + NORMAL: a committed transaction survives a process crash (SIGKILL); only an
        # operating-system crash or power loss can lose the last commits.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _begin(conn: Connection) -> None:
        options = conn.get_execution_options()
        if options.get("isolation_level") == "AUTOCOMMIT":
            return
        conn.exec_driver_sql(f"BEGIN {options.get(SQLITE_BEGIN, 'DEFERRED')}")


class Database:
    """One service's engine and its three session factories (see the module docstring)."""

    def __init__(self, url: str, *, pool_size: int = 10, echo: bool = False) -> None:
        self.url = url
        self.engine = create_engine(url, pool_size=pool_size, echo=echo)
        #: This database's own Session class: session events (the change feed's hooks) are
        #: listened for on it, so apps sharing a process never see each other's sessions.
        self.session_class: type[Session] = type("WusheSession", (Session,), {})
        sqlite = is_sqlite(url)
        writer = self.engine.execution_options(**{SQLITE_BEGIN: "IMMEDIATE"}) if sqlite else None
        self.sessionmaker = async_sessionmaker(
            writer or self.engine, expire_on_commit=False, sync_session_class=self.session_class
        )
        self.read_sessionmaker = async_sessionmaker(
            self.engine.execution_options(isolation_level="AUTOCOMMIT"),
            expire_on_commit=False,
            sync_session_class=self.session_class,
        )
        snapshot = (
            self.engine
            if sqlite  # a deferred read transaction in WAL mode is a snapshot
            else self.engine.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
        )
        self.snapshot_sessionmaker = async_sessionmaker(
            snapshot, expire_on_commit=False, sync_session_class=self.session_class
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


#: Where the request's write session waits for the route class to commit it.
WRITE_SESSION_STATE = "wushe_write_session"


def _database(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


async def read_session(request: Request) -> AsyncIterator[AsyncSession]:
    """An autocommit session for reads that need no transaction."""
    async with _database(request).read_sessionmaker() as session:
        yield session


async def snapshot_session(request: Request) -> AsyncIterator[AsyncSession]:
    """A read-only transaction: every statement sees the same snapshot; rolled back after."""
    async with _database(request).snapshot_sessionmaker() as session:
        await session.connection()  # begin now, so the snapshot starts before the first read
        yield session


async def write_session(request: Request) -> AsyncIterator[AsyncSession]:
    """The request's unit of work; committed by the route class before the response."""
    async with _database(request).sessionmaker() as session:
        request.state.__setattr__(WRITE_SESSION_STATE, session)
        yield session


ReadSession = Annotated[AsyncSession, Depends(read_session)]
SnapshotSession = Annotated[AsyncSession, Depends(snapshot_session)]
WriteSession = Annotated[AsyncSession, Depends(write_session)]

#: Every session dependency; the routing test checks endpoints use one of these.
SESSION_DEPENDENCIES = (read_session, snapshot_session, write_session)
