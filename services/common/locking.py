"""Row locks in a fixed order, and named locks for rules that are not a row.

A unit of work that reads a row, decides, and writes it back (a balance, a remaining capacity)
must hold a lock on that row from the read to the commit, or two of them read the same value and
one update is lost. :func:`lock_rows` takes those locks; :func:`lock_key` locks a named slice of
a table for rules that span rows ("receipt numbers of one fund in one year are gapless": lock
``(receipts, fund, year)``, then read the last number and insert the next). Take the locks first,
then read what they protect.

**Order.** :func:`lock_rows` locks every row it is given in one statement, in ascending primary
key order (``ORDER BY`` is applied before the locking clause, so PostgreSQL takes the locks row by
row in that order). Two transfers that lock {A, B} and {B, A} therefore both wait for A first and
can never deadlock. That holds only if every writer of the table takes its locks through one call
per unit of work: locking A in one call and B in a later one is a fresh ordering. Across tables,
lock in one order the service documents (parents before children, say).

**PostgreSQL.** ``SELECT ... FOR NO KEY UPDATE``, the lock an ``UPDATE`` that leaves the key
alone takes anyway, so inserts of rows that reference a locked row through a foreign key (ledger
entries pointing at an account) are not blocked; ``key_update=True`` asks for ``FOR UPDATE`` when
the key will change or the row will be deleted. :func:`lock_key` is ``pg_advisory_xact_lock`` on
a 64-bit BLAKE2b hash of the table's name and the parts: released at commit or rollback, never
left behind on a pooled connection; a collision costs an unneeded wait, never a wrong answer, and
at 64 bits it is far rarer than with ``hashtext``'s 32.

**SQLite.** There is no ``FOR UPDATE``: SQLite has one writer at a time, so the database's write
lock is every row lock at once. What matters is *when* it is taken. A deferred transaction that
reads and then writes holds a read snapshot; if another writer commits in between, the upgrade
fails at once with ``SQLITE_BUSY_SNAPSHOT`` ("database is locked"), and ``busy_timeout`` never
applies, since waiting could not help. So on SQLite both helpers first take the write lock with
``UPDATE <table> SET <key> = <key> WHERE 0``: a write that changes nothing but takes the lock
(a second ``BEGIN IMMEDIATE`` is refused while it is held). It works however the transaction
began: sqlite3's legacy implicit ``BEGIN`` before DML, an explicit deferred ``BEGIN`` (the lock
comes with the first statement, so ``busy_timeout`` applies), or ``BEGIN IMMEDIATE`` (already
held: free). The read after it sees every committed write, and the next writer waits its turn
instead of failing. Only a read *before* the lock, in a deferred transaction, can still make it
fail with "database is locked", which :func:`~services.common.retry.run_in_transaction`
retries. A lock without a table would have to read something (``PRAGMA user_version``, say)
before writing it back, and that read is the very snapshot that makes the upgrade fail: hence
:func:`lock_key` names a table.

Locks need a transaction: a session in ``AUTOCOMMIT`` (the read sessions) is refused, since its
lock would end with the statement that took it.

**Missing ids.** :func:`lock_rows` raises :class:`~services.common.errors.NotFound` (with the
missing ids in ``missing_ids``) when a requested row does not exist, so that a transfer to a
missing account cannot half-happen by accident; ``missing_ok=True`` returns the rows found.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any, TypeVar, overload

from sqlalchemy import BigInteger, Table, bindparam, false, inspect, select, text, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from services.common.errors import NotFound

__all__ = ["advisory_key", "lock_key", "lock_rows"]

M = TypeVar("M")

_ADVISORY_LOCK = text("SELECT pg_advisory_xact_lock(:key)").bindparams(
    bindparam("key", type_=BigInteger)
)


@overload
async def lock_rows(
    session: AsyncSession,
    entity: type[M],
    ids: Iterable[Any],
    *,
    missing_ok: bool = ...,
    key_update: bool = ...,
) -> dict[Any, M]: ...


@overload
async def lock_rows(
    session: AsyncSession,
    entity: Table,
    ids: Iterable[Any],
    *,
    missing_ok: bool = ...,
    key_update: bool = ...,
) -> dict[Any, Row[Any]]: ...


async def lock_rows(
    session: AsyncSession,
    entity: Any,
    ids: Iterable[Any],
    *,
    missing_ok: bool = False,
    key_update: bool = False,
) -> dict[Any, Any]:
    """Lock the rows of ``entity`` (mapped class or Table) with these primary keys, in key order.

    Returns the rows keyed by primary key, in ascending order: mapped objects, refreshed from the
    locked rows even if the session already held them, or Core rows for a Table. Duplicates in
    ``ids`` are ignored. A missing id raises :class:`NotFound` unless ``missing_ok``.
    """
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    table = _table_of(entity)
    keys = list(table.primary_key.columns)
    if len(keys) != 1:
        raise TypeError(f"lock_rows needs a single-column primary key; {table.name} has {keys}")
    key = keys[0]
    conn = await _transaction_connection(session)
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:
        await _sqlite_write_lock(conn, table)
    orm = not isinstance(entity, Table)
    stmt = (select(entity) if orm else select(table)).where(key.in_(wanted)).order_by(key)
    if not sqlite:
        stmt = stmt.with_for_update(key_share=not key_update)
    found: dict[Any, Any]
    if orm:
        objects = (await session.scalars(stmt.execution_options(populate_existing=True))).all()
        found = {inspect(obj).identity[0]: obj for obj in objects}
    else:
        found = {row._mapping[key]: row for row in (await session.execute(stmt)).all()}
    if not missing_ok:
        missing = [i for i in wanted if i not in found]
        if missing:
            raise NotFound(extra={"missing_ids": [str(i) for i in missing]})
    return found


async def lock_key(session: AsyncSession, entity: Any, *parts: object) -> None:
    """Hold a lock on the slice ``parts`` of ``entity``'s table until the transaction ends.

    E.g. ``lock_key(session, Receipt, fund_id, year)`` before reading the last receipt number
    and inserting the next. PostgreSQL: a transaction-scoped advisory lock, so only holders of
    the same table and parts wait. SQLite: the database's write lock, so every writer waits.
    """
    table = _table_of(entity)
    conn = await _transaction_connection(session)
    if conn.dialect.name == "sqlite":
        await _sqlite_write_lock(conn, table)
        return
    await conn.execute(_ADVISORY_LOCK, {"key": advisory_key(table.name, *parts)})


def advisory_key(namespace: str, *parts: object) -> int:
    """The signed 64-bit advisory-lock key for ``namespace`` and ``parts`` (stable everywhere)."""
    # A separator no part contains keeps ("ab", "c") and ("a", "bc") apart.
    name = "\x1f".join([namespace, *(str(part) for part in parts)])
    digest = hashlib.blake2b(name.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


async def _sqlite_write_lock(conn: AsyncConnection, table: Table) -> None:
    column = [*table.primary_key.columns, *table.columns][0]
    await conn.execute(update(table).where(false()).values({column.name: column}))


async def _transaction_connection(session: AsyncSession) -> AsyncConnection:
    conn = await session.connection()
    if conn.sync_connection is not None:
        options = conn.sync_connection.get_execution_options()
        if options.get("isolation_level") == "AUTOCOMMIT":
            raise RuntimeError("row and key locks need a transaction; this session autocommits")
    return conn


def _table_of(entity: Any) -> Table:
    if isinstance(entity, Table):
        return entity
    local = inspect(entity).local_table
    if not isinstance(local, Table):
        raise TypeError(f"{entity!r} is not mapped to a table")
    return local
