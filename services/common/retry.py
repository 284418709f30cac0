"""Run a unit of work in its own transaction, and run it again when it loses a race.

Concurrent writers sometimes lose through no fault of their own: PostgreSQL aborts one
transaction of a deadlock (SQLSTATE ``40P01``) or one of two that cannot be serialized
(``40001``: REPEATABLE READ or SERIALIZABLE seeing a concurrent update), and SQLite answers
"database is locked" when its busy timeout runs out or a read snapshot went stale before the
write. In each case nothing was written, and running the same work again from the start is
correct. :func:`run_in_transaction` does that: a fresh session and transaction per attempt,
commit, and on one of those errors roll back, wait (exponential backoff with full jitter, so
the losers do not collide again in step) and retry, within a budget of attempts *and* seconds.
Any other error propagates at once, untouched.

When the budget runs out it raises :class:`RetryExhausted`: 503 ``busy`` with ``Retry-After``,
the same answer as SQLite's busy timeout. The service is healthy and nothing was saved, so the
client should retry the same request shortly (with its ``Idempotency-Key`` where the endpoint
takes one); a 409 would tell it the request conflicts with the data and must be changed, and a
500 would call a lost race a bug.

The work function may run several times: it must do nothing outside the database that it
cannot repeat (no HTTP calls, no messages), must not commit itself, and should return plain
values or objects it is done with (``expire_on_commit=False`` keeps their loaded attributes).
"""

from __future__ import annotations

import asyncio
import logging
import random
import sqlite3
from collections.abc import Awaitable, Callable
from typing import Any, Literal, TypeVar

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.common.errors import KernelCode, WusheError

__all__ = [
    "RETRYABLE_SQLSTATES",
    "IsolationLevel",
    "RetryExhausted",
    "retry_reason",
    "run_in_transaction",
]

log = logging.getLogger("wushe.retry")

T = TypeVar("T")

IsolationLevel = Literal["READ COMMITTED", "REPEATABLE READ", "SERIALIZABLE"]

#: PostgreSQL errors after which the whole transaction may simply be run again.
RETRYABLE_SQLSTATES = {"40001": "serialization_failure", "40P01": "deadlock_detected"}

_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6


class RetryExhausted(WusheError):
    """A unit of work lost its race every time the retry budget allowed; nothing was saved."""

    status, code = 503, KernelCode.BUSY

    def __init__(self, detail: str | None = None, *, retry_after: int = 1, **kw: Any) -> None:
        headers = dict(kw.pop("headers", None) or {})
        headers["Retry-After"] = str(max(1, retry_after))
        super().__init__(detail, headers=headers, **kw)


def retry_reason(exc: BaseException) -> str | None:
    """Why ``exc`` may be retried (a SQLSTATE, or SQLite's error name), or ``None`` if not."""
    if not isinstance(exc, DBAPIError):
        return None
    # asyncpg through SQLAlchemy: the adapted error carries ``sqlstate``/``pgcode`` and its
    # ``__cause__`` is asyncpg's own exception; psycopg has ``sqlstate``, psycopg2 ``pgcode``.
    orig: BaseException | None = exc.orig
    while orig is not None:
        state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
        if isinstance(state, str):
            return state if state in RETRYABLE_SQLSTATES else None
        if isinstance(orig, sqlite3.OperationalError):
            code = getattr(orig, "sqlite_errorcode", None)
            if code is not None and code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED):
                return str(getattr(orig, "sqlite_errorname", "SQLITE_BUSY"))
            message = str(orig)
            if "database is locked" in message or "database table is locked" in message:
                return "SQLITE_BUSY"
            return None
        orig = orig.__cause__
    return None


def _backoff_delay(attempt: int, *, base: float, cap: float) -> float:
    """Seconds to wait after failed attempt number ``attempt`` (1-based): full jitter."""
    return random.uniform(0, min(cap, base * 2 ** (attempt - 1)))


async def run_in_transaction(
    sessionmaker: async_sessionmaker[AsyncSession],
    work: Callable[[AsyncSession], Awaitable[T]],
    *,
    attempts: int = 5,
    budget_seconds: float = 5.0,
    base_delay: float = 0.02,
    max_delay: float = 0.5,
    isolation_level: IsolationLevel | None = None,
) -> T:
    """Run ``work(session)`` in a fresh transaction and commit; retry it on a lost race.

    Retries after a deadlock, a serialization failure or SQLite's "database is locked", at most
    ``attempts`` runs in all and none started after ``budget_seconds``; then
    :class:`RetryExhausted`. ``isolation_level`` is PostgreSQL's; on SQLite any level gives a
    serializable transaction.
    """
    if attempts < 1:
        raise ValueError("attempts must be at least 1")
    loop = asyncio.get_running_loop()
    started = loop.time()
    name = getattr(work, "__qualname__", repr(work))
    attempt = 0
    while True:
        attempt += 1
        try:
            async with sessionmaker() as session:
                if isolation_level is not None:
                    await _isolate(session, isolation_level)
                result = await work(session)
                await session.commit()
            return result
        except DBAPIError as exc:
            reason = retry_reason(exc)
            if reason is None:
                raise
            delay = _backoff_delay(attempt, base=base_delay, cap=max_delay)
            elapsed = loop.time() - started
            if attempt >= attempts or elapsed + delay > budget_seconds:
                log.warning(
                    "%s gave up after %d attempts in %.2fs: %s", name, attempt, elapsed, reason
                )
                raise RetryExhausted() from exc
            log.info(
                "%s lost a race (%s) on attempt %d of %d; retrying in %.3fs",
                name,
                reason,
                attempt,
                attempts,
                delay,
            )
            await asyncio.sleep(delay)


async def _isolate(session: AsyncSession, level: IsolationLevel) -> None:
    if session.get_bind().dialect.name != "sqlite":
        await session.connection(execution_options={"isolation_level": level})
        return
    # A begun SQLite transaction is serializable already: a read that went stale makes the
    # write fail (SQLITE_BUSY_SNAPSHOT), which is retried. Only sqlite3's legacy mode runs the
    # reads before the first write outside any transaction; begin one for it.
    conn = await session.connection()
    raw = await conn.get_raw_connection()
    if not raw.driver_connection.in_transaction:  # type: ignore[union-attr]
        await conn.exec_driver_sql("BEGIN IMMEDIATE")
