"""Hot paths: a Core statement compiled once and run on the driver, rows back as plain dicts.

The ORM, and even Core execution, cost more of the service's CPU than the database work of a
one-row read: on this project's machine the same SELECT of one region costs the client about
1.1 ms through ``session.get``, 0.7 ms through Core on a session and 0.25 ms through the driver
(docs/benchmarks.md, "Per-request cost"). The difference is per-execution machinery (cache keys,
execution contexts, result metadata, identity maps), not SQL. Endpoints that serve many requests
and need no ORM object can run their statements here instead::

    REGION = Prepared(select(t.c.code, t.c.name).where(t.c.code == bindparam("code")))

    row = await REGION.first(engine, code="330203")   # one statement, no transaction
    rows = await REGION.all(session, code="330203")    # inside the session's transaction

What SQLAlchemy still does: compile the statement (once per dialect, kept on the
:class:`Prepared`), convert bound values and results with the columns' types (``UTCDateTime``,
``Uuid`` on SQLite, JSON, arrays: the same processors Core applies), translate driver errors to
``sqlalchemy.exc`` errors (so the kernel's ``DataError`` handler still answers 422), begin the
session's transaction as Core would (``BEGIN`` on PostgreSQL when the session is not autocommit,
autoflush of pending ORM changes first). What it skips: the per-execution cache key, execution
context and ``Result`` objects, execution events (``echo``, ``before_cursor_execute``
listeners do not see these statements), and on SQLite three of the four thread hops the adapted
cursor makes. It reads one private attribute of SQLAlchemy's compiler (``_result_columns``, the
keys and types ``Result`` uses); ``tests/common/test_fastpath.py`` compares every answer with
Core's on both backends, so an upgrade that changes it fails there.

Sources:

- an ``AsyncEngine``: a pooled connection is checked out for this one statement, in autocommit
  (a read that needs no transaction: no ``BEGIN``/``COMMIT``); row-returning statements only;
- an ``AsyncSession`` or ``AsyncConnection``: the statement runs on its connection, inside its
  transaction, and sees what the session wrote (it is flushed first when it autoflushes).

Rows are ``dict``s keyed like ``Result.mappings()`` (the column's name or label). Statements with
expanding parameters (``in_(bindparam(..., expanding=True))`` or a list given to ``in_``) work;
each execution renders them.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import exc
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession
from sqlalchemy.orm import Session
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.util import greenlet_spawn

Source = AsyncEngine | AsyncConnection | AsyncSession
Row = dict[str, Any]
#: A bind processor (SQLAlchemy's own type for them is private).
_Processor = Any


@dataclass(slots=True)
class _Plan:
    """One statement compiled for one dialect, with its type processors."""

    compiled: SQLCompiler
    sql: str
    #: Bound parameter names in positional order, with each one's bind processor.
    binds: list[tuple[str, _Processor]]
    expanding: bool
    is_select: bool
    keys: list[str]
    types: list[Any]
    #: Result processors by position, once the driver has said what it returns (PostgreSQL
    #: numerics need the column's type code); ``None`` until then.
    results: list[tuple[int, Callable[[Any], Any]]] | None = field(default=None)


def _compile(statement: ClauseElement, dialect: Dialect) -> _Plan:
    compiled = statement.compile(dialect=dialect)
    if not isinstance(compiled, SQLCompiler) or not compiled.positional:
        raise TypeError(f"fastpath runs positional SQL statements, not {type(compiled).__name__}")
    binds = [
        (name, compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect))
        for name in compiled.positiontup or ()
    ]
    # The keys and types ``Result.mappings()`` uses: SQLAlchemy's own record of the columns.
    columns = list(compiled._result_columns)
    return _Plan(
        compiled=compiled,
        sql=compiled.string,
        binds=binds,
        expanding=bool(compiled.post_compile_params or compiled.literal_execute_params),
        is_select=bool(getattr(statement, "is_select", False)),
        keys=[c.keyname for c in columns],
        types=[c.type for c in columns],
    )


class Prepared:
    """A Core statement compiled once per dialect and run on the driver (see the module)."""

    __slots__ = ("__weakref__", "_plans", "statement")

    def __init__(self, statement: ClauseElement) -> None:
        self.statement = statement
        self._plans: weakref.WeakKeyDictionary[Dialect, _Plan] = weakref.WeakKeyDictionary()

    def plan(self, dialect: Dialect) -> _Plan:
        """The statement compiled for ``dialect`` (compiled on first use)."""
        plan = self._plans.get(dialect)
        if plan is None:
            plan = self._plans[dialect] = _compile(self.statement, dialect)
        return plan

    async def all(
        self, source: Source, params: Mapping[str, Any] | None = None, **kw: Any
    ) -> list[Row]:
        """Every row, as dicts."""
        rows, _ = await _run(self, source, _params(params, kw), rows=True)
        return rows

    async def first(
        self, source: Source, params: Mapping[str, Any] | None = None, **kw: Any
    ) -> Row | None:
        """The first row, or ``None``."""
        rows, _ = await _run(self, source, _params(params, kw), rows=True)
        return rows[0] if rows else None

    async def scalar(
        self, source: Source, params: Mapping[str, Any] | None = None, **kw: Any
    ) -> Any:
        """The first column of the first row, or ``None``."""
        rows, _ = await _run(self, source, _params(params, kw), rows=True)
        return next(iter(rows[0].values())) if rows else None

    async def execute(
        self,
        source: AsyncSession | AsyncConnection,
        params: Mapping[str, Any] | None = None,
        **kw: Any,
    ) -> int:
        """Run a statement in the session's transaction; the number of rows it matched."""
        _, rowcount = await _run(self, source, _params(params, kw), rows=False)
        return rowcount

    def execute_sync(self, session: Session, params: Mapping[str, Any]) -> int:
        """:meth:`execute` from SQLAlchemy's synchronous side: the sync ``Session`` of an
        ``AsyncSession``, inside one of its event hooks (``before_commit``), which already
        runs in the greenlet that lets the driver be awaited. PostgreSQL only."""
        dialect = session.get_bind().dialect
        if dialect.name != "postgresql":
            raise TypeError("execute_sync runs on PostgreSQL: use the session elsewhere")
        sql, args = _arguments(self.plan(dialect), params)
        return _on_connection(session, dialect, sql, args)[2]


def _params(params: Mapping[str, Any] | None, kw: Mapping[str, Any]) -> Mapping[str, Any]:
    if params and kw:
        return {**params, **kw}
    return params or kw


#: Statements given to the module functions, prepared on first use and kept while the statement
#: lives (build statements once, at import time, as for :class:`Prepared`).
_PREPARED: weakref.WeakKeyDictionary[ClauseElement, Prepared] = weakref.WeakKeyDictionary()


def prepared(statement: ClauseElement | Prepared) -> Prepared:
    """The :class:`Prepared` of ``statement`` (made on first use)."""
    if isinstance(statement, Prepared):
        return statement
    found = _PREPARED.get(statement)
    if found is None:
        found = _PREPARED[statement] = Prepared(statement)
    return found


async def fetch_all(
    source: Source, statement: ClauseElement | Prepared, params: Mapping[str, Any] | None = None
) -> list[Row]:
    """Every row of ``statement``, as dicts."""
    return await prepared(statement).all(source, params)


async def fetch_first(
    source: Source, statement: ClauseElement | Prepared, params: Mapping[str, Any] | None = None
) -> Row | None:
    """The first row of ``statement`` as a dict, or ``None``."""
    return await prepared(statement).first(source, params)


async def fetch_scalar(
    source: Source, statement: ClauseElement | Prepared, params: Mapping[str, Any] | None = None
) -> Any:
    """The first column of the first row of ``statement``, or ``None``."""
    return await prepared(statement).scalar(source, params)


# ---------------------------------------------------------------------------------------------
# Execution

#: What a driver call gives back: the cursor description (or None), raw rows, the row count.
_Raw = tuple[Any, list[Any], int]


def _arguments(plan: _Plan, params: Mapping[str, Any]) -> tuple[str, list[Any]]:
    """The SQL to send and its positional arguments, converted by the bind types."""
    if plan.expanding:
        state = plan.compiled.construct_expanded_state(params)
        args = []
        for name in state.positiontup or ():
            value = state.parameters[name]
            proc = state.processors.get(name)
            args.append(proc(value) if proc is not None else value)
        return state.statement, args
    values = plan.compiled.construct_params(params)
    return plan.sql, [
        proc(values[name]) if proc is not None else values[name] for name, proc in plan.binds
    ]


def _result_processors(
    plan: _Plan, dialect: Dialect, description: Sequence[Sequence[Any]] | None
) -> list[tuple[int, Callable[[Any], Any]]]:
    found = []
    for i, type_ in enumerate(plan.types):
        coltype = description[i][1] if description and i < len(description) else None
        proc = type_.dialect_impl(dialect).result_processor(dialect, coltype)
        if proc is not None:
            found.append((i, proc))
    return found


def _as_dicts(plan: _Plan, raw: Sequence[Sequence[Any]]) -> list[Row]:
    keys = plan.keys
    if not plan.results:
        return [dict(zip(keys, row, strict=True)) for row in raw]
    out = []
    for row in raw:
        values = list(row)
        for i, proc in plan.results:
            values[i] = proc(values[i])
        out.append(dict(zip(keys, values, strict=True)))
    return out


def _wrap(error: Exception, sql: str, args: Sequence[Any], dialect: Dialect) -> Exception:
    """A driver error as the ``sqlalchemy.exc`` error Core would have raised."""
    dbapi = dialect.loaded_dbapi
    if isinstance(error, dbapi.Error):
        wrapped: Exception = exc.DBAPIError.instance(
            sql, list(args), error, dbapi.Error, dialect=dialect
        )
        return wrapped
    return error


async def _run(
    prep: Prepared, source: Source, params: Mapping[str, Any], *, rows: bool
) -> tuple[list[Row], int]:
    if isinstance(source, AsyncEngine):
        dialect = source.dialect
        plan = prep.plan(dialect)
        if not plan.is_select:
            raise TypeError("on an engine, fastpath runs only SELECT statements: use a session")
        sql, args = _arguments(plan, params)
        if dialect.name == "sqlite":
            raw = await _sqlite_on_engine(source, dialect, sql, args)
        else:
            raw = await greenlet_spawn(_on_engine, source, dialect, sql, args)
    else:
        sync: Session | Connection
        if isinstance(source, AsyncSession):
            sync = source.sync_session
            bind = source.sync_session.get_bind()
            dialect = bind.dialect
        else:
            sync = source.sync_connection  # type: ignore[assignment]
            dialect = source.dialect
        plan = prep.plan(dialect)
        sql, args = _arguments(plan, params)
        if dialect.name == "sqlite":
            raw = await _sqlite_on_connection(sync, dialect, sql, args, rows and bool(plan.keys))
        else:
            raw = await greenlet_spawn(_on_connection, sync, dialect, sql, args)
    if not rows:
        return [], raw[2]
    if not plan.keys:
        raise TypeError("the statement names no result columns (for text(), add .columns())")
    if plan.results is None:
        plan.results = _result_processors(plan, dialect, raw[0])
    return _as_dicts(plan, raw[1]), raw[2]


def _cursor_execute(dbapi_connection: Any, sql: str, args: list[Any]) -> _Raw:
    """Run on SQLAlchemy's adapted DBAPI cursor (inside a greenlet)."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(sql, args)
        description = cursor.description
        rows = list(cursor.fetchall()) if description else []
        return description, rows, cursor.rowcount
    finally:
        cursor.close()


def _connection_of(sync: Session | Connection) -> Connection:
    """The session's connection, begun as Core would begin it (flushing the session first)."""
    if isinstance(sync, Session):
        if sync.autoflush:
            sync.flush()  # returns at once when nothing is pending
        return sync.connection()
    if not sync.in_transaction():
        sync.begin()
    return sync


def _invalidate_if_gone(
    error: Exception, dialect: Dialect, dbapi_connection: Any, target: Any
) -> None:
    if isinstance(error, dialect.loaded_dbapi.Error) and dialect.is_disconnect(
        error, dbapi_connection, None
    ):
        target.invalidate(error)


def _on_connection(sync: Session | Connection, dialect: Dialect, sql: str, args: list[Any]) -> _Raw:
    conn = _connection_of(sync)
    dbapi_connection = conn.connection.dbapi_connection
    try:
        # The adapted cursor begins the connection's transaction when it is not autocommit.
        return _cursor_execute(dbapi_connection, sql, args)
    except Exception as error:
        _invalidate_if_gone(error, dialect, dbapi_connection, conn)
        raise _wrap(error, sql, args, dialect) from error


def _on_engine(engine: AsyncEngine, dialect: Dialect, sql: str, args: list[Any]) -> _Raw:
    """Check out a pooled connection, run one read in autocommit, give the connection back."""
    fairy = engine.sync_engine.raw_connection()
    dbapi_connection = fairy.dbapi_connection
    assert dbapi_connection is not None
    try:
        dialect.set_isolation_level(dbapi_connection, "AUTOCOMMIT")
        try:
            return _cursor_execute(dbapi_connection, sql, args)
        finally:
            dialect.reset_isolation_level(dbapi_connection)
    except Exception as error:
        _invalidate_if_gone(error, dialect, dbapi_connection, fairy)
        raise _wrap(error, sql, args, dialect) from error
    finally:
        fairy.close()


async def copy_records(
    session: AsyncSession, table: str, columns: Sequence[str], records: Sequence[Sequence[Any]]
) -> None:
    """PostgreSQL only: ``COPY table (columns) FROM STDIN`` (binary) in the session's transaction.

    The cheapest way to add many rows: no statement to plan per batch, no array parameters (the
    driver checks every element of an array for nesting), no per-row executor work in the
    server. Values go to the driver as they are: give each column what asyncpg encodes for its
    type (JSON columns take their text). A driver error is raised as the ``sqlalchemy.exc``
    error Core would raise (a unique violation is an ``IntegrityError``).
    """
    sync = session.sync_session
    dialect = sync.get_bind().dialect
    if dialect.name != "postgresql":
        raise TypeError("COPY is PostgreSQL's: use an INSERT elsewhere")
    conn = await greenlet_spawn(_connection_of, sync)
    adapted = conn.connection.dbapi_connection
    driver = conn.connection.driver_connection
    assert adapted is not None
    assert driver is not None
    # SQLAlchemy's adapter begins the transaction when its cursor first runs a statement.
    if adapted._transaction is None:
        await adapted._start_transaction()
    try:
        await driver.copy_records_to_table(table, records=records, columns=list(columns))
    except Exception as error:
        try:
            adapted._handle_exception(error)  # raises the DBAPI error the adapter's cursor would
        except Exception as translated:
            _invalidate_if_gone(translated, dialect, adapted, conn)
            raise _wrap(translated, f"COPY {table}", [], dialect) from error
        raise


async def _sqlite_on_engine(
    engine: AsyncEngine, dialect: Dialect, sql: str, args: list[Any]
) -> _Raw:
    """SQLite: aiosqlite itself, one thread hop; its driver begins no transaction for a SELECT."""
    fairy = await greenlet_spawn(engine.sync_engine.raw_connection)
    driver = fairy.driver_connection
    assert driver is not None
    try:
        rows = list(await driver.execute_fetchall(sql, args))
        return None, rows, -1
    except Exception as error:
        raise _wrap(error, sql, args, dialect) from error
    finally:
        await greenlet_spawn(fairy.close)


async def _sqlite_on_connection(
    sync: Session | Connection, dialect: Dialect, sql: str, args: list[Any], rows: bool
) -> _Raw:
    """SQLite in the session's transaction, through aiosqlite: one or two thread hops instead
    of the adapted cursor's four (the connection is the session's; no one else uses it)."""
    conn = await greenlet_spawn(_connection_of, sync)
    driver = conn.connection.driver_connection
    assert driver is not None
    try:
        if rows:
            return None, list(await driver.execute_fetchall(sql, args)), -1
        cursor = await driver.execute(sql, args)
        try:
            return None, [], cursor.rowcount
        finally:
            await cursor.close()
    except Exception as error:
        raise _wrap(error, sql, args, dialect) from error
