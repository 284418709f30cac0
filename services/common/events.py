"""The change feed: domain events appended in the same transaction as the change they describe.

A service calls :func:`emit` while it changes something; the events are written when its
session commits (a ``before_commit`` hook), so an event exists exactly when its change does.
Readers (``GET /v1/events/{service}``, :func:`read_feed`) page by ``position``.

**No gaps for readers.** Positions come from a sequence when rows are inserted, but transactions
commit in another order: a reader that has seen position 12 could miss 11 if 11's transaction
commits after 12's — the classic gap race. Here every transaction that writes events takes one
transaction-scoped advisory lock right before its INSERT (the last statement before COMMIT), so
positions are handed out in commit order and a reader never sees a later position before an
earlier one is visible. The serialized section is the INSERT and the COMMIT only. SQLite
serializes writers already (``BEGIN IMMEDIATE``). ``tests/common/test_events.py`` races
concurrent writers against a follower and fails without the lock.

**Prompt across replicas.** A commit that wrote events wakes the long polls of its own process
at once (:class:`FeedSignal`); on PostgreSQL the transaction also says ``NOTIFY wushe_feed``
(delivered at commit, in the statement that takes the feed lock), and every process LISTENs on
one dedicated connection of its own (:meth:`FeedSignal.listen`, reconnecting), so a long poll
served by another replica wakes as promptly; the 50 ms poll stays as the fallback.

**Personal data** is masked once, when the event is written: each event keeps ``data`` (for
callers with ``pii:read``) and ``masked`` (for everyone else). Most events hold no personal data:
their ``masked`` is stored as the JSON ``null``, meaning "the same as ``data``", rather than as a
second copy (a ``transfer.batch`` event carries a thousand transfers).

**Reading is cheap.** The feed endpoint reads the one column its caller may see as text and
splices it into the answer (:func:`read_page` with ``raw=True``, :func:`page_json`): the events
are never decoded and encoded again, however often followers ask.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import datetime as dt
import json
import logging
import uuid
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event as sa_event
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from services.common.db import json_dumps, utcnow
from services.common.errors import Gone, KernelCode
from services.common.fastpath import Prepared
from services.common.store import KernelTables

log = logging.getLogger("wushe.events")

#: Where a session keeps the events it owes until it commits.
PENDING = "wushe_pending_events"
#: The advisory lock that hands out positions in commit order (an arbitrary constant).
FEED_LOCK = 0x57_55_53_48_45_46  # "WUSHEF"
MAX_LIMIT = 500
MAX_WAIT_SECONDS = 30.0
#: The PostgreSQL notification channel of the feed (per database, so per service).
CHANNEL = "wushe_feed"


@dataclass(frozen=True)
class PendingEvent:
    """An event waiting for its transaction to commit."""

    type: str
    subject_kind: str
    subject_id: str
    data: Mapping[str, Any]
    #: ``None``: the same as ``data`` (stored as the JSON ``null``, not a second copy).
    masked: Mapping[str, Any] | None
    region_code: str | None = None
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    occurred_at: dt.datetime = field(default_factory=utcnow)


class FeedSignal:
    """Wakes long-polling readers when events commit: this process's commits directly, other
    processes' through PostgreSQL's LISTEN (:meth:`listen`).

    Each commit says which event types it wrote, so a reader that asked for some types only
    wakes for commits that hold one of them: a reader of ``types=-`` (a follower that only
    keeps its place) or of one rare type is not woken, and does not read the feed again, for
    every commit of a busy service. Readers say which commit they last saw (:attr:`generation`
    before they read), so a commit during their read is never slept through.
    """

    #: How many commits' types are remembered for readers that fell behind.
    HISTORY = 256

    def __init__(self) -> None:
        self._event = asyncio.Event()
        #: True while the LISTEN connection is up.
        self.listening = False
        #: Commits signalled so far.
        self.generation = 0
        self._recent: collections.deque[tuple[int, frozenset[str] | None]] = collections.deque(
            maxlen=self.HISTORY
        )

    def notify(self, types: Iterable[str] | None = None) -> None:
        """Events committed (of ``types``; ``None``: not known): wake the readers they concern."""
        self.generation += 1
        self._recent.append((self.generation, None if types is None else frozenset(types)))
        self._event.set()
        self._event = asyncio.Event()

    def changed(self, since: int, types: Collection[str] = ()) -> bool:
        """Whether a commit after generation ``since`` may hold events of ``types`` (any if
        empty)."""
        if self.generation == since:
            return False
        if not types:
            return True
        newer = [kinds for generation, kinds in self._recent if generation > since]
        if len(newer) < self.generation - since:  # older than the history: assume so
            return True
        return any(kinds is None or not kinds.isdisjoint(types) for kinds in newer)

    async def wait(
        self, seconds: float, since: int | None = None, types: Collection[str] = ()
    ) -> None:
        """Until a commit after generation ``since`` (now if ``None``) that may hold events of
        ``types`` (any if empty), or ``seconds``."""
        if since is None:
            since = self.generation
        deadline = asyncio.get_running_loop().time() + seconds
        while not self.changed(since, types):
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                return
            waiting = self._event
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(waiting.wait(), remaining)

    async def listen(self, url: str, *, retry_seconds: float = 1.0) -> None:
        """LISTEN for commits of any process on the database at ``url`` until cancelled.

        One dedicated asyncpg connection (outside the pool: it is held for good); when it is
        lost it is opened again after ``retry_seconds``, and readers are woken after each
        (re)connection, since a commit during the gap went unannounced.
        """
        import asyncpg  # PostgreSQL only; SQLite deployments need not have it loaded

        dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        while True:
            conn = None
            try:
                conn = await asyncpg.connect(dsn, timeout=10)
                lost = asyncio.Event()
                conn.add_termination_listener(lambda _conn, lost=lost: lost.set())
                await conn.add_listener(
                    CHANNEL, lambda _conn, _pid, _channel, payload: self.notify(_types(payload))
                )
                self.listening = True
                self.notify()
                while not lost.is_set():
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(lost.wait(), 30)
                    if not lost.is_set():  # a connection dead without a word (no FIN)
                        await conn.execute("SELECT 1", timeout=10)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("feed LISTEN connection failed, again in %ss: %s", retry_seconds, exc)
            finally:
                self.listening = False
                if conn is not None:
                    with contextlib.suppress(Exception):
                        await conn.close(timeout=2)
            await asyncio.sleep(retry_seconds)


#: A NOTIFY payload holds at most 8000 bytes: more types than this are sent as "not known".
_MAX_PAYLOAD = 7000


def _payload(types: Collection[str]) -> str:
    text = ",".join(sorted(types))
    return text if len(text) <= _MAX_PAYLOAD else ""


def _types(payload: str) -> frozenset[str] | None:
    return frozenset(payload.split(",")) if payload else None


def emit(
    session: AsyncSession,
    type: str,
    *,
    subject_kind: str,
    subject_id: Any,
    data: Mapping[str, Any],
    masked: Mapping[str, Any] | None = None,
    region_code: str | None = None,
) -> PendingEvent:
    """Owe an event: it is written when ``session`` commits, and dropped if it rolls back."""
    pending = PendingEvent(
        type=type,
        subject_kind=subject_kind,
        subject_id=str(subject_id),
        data=data,
        masked=None if masked is None or masked is data else masked,
        region_code=region_code,
    )
    session.sync_session.info.setdefault(PENDING, []).append(pending)
    return pending


def mark(session: AsyncSession) -> int:
    """How many events ``session`` owes now (to :func:`rewind` to after a SAVEPOINT rollback)."""
    return len(session.sync_session.info.get(PENDING, ()))


def rewind(session: AsyncSession, to: int) -> None:
    """Forget the events owed since :func:`mark` returned ``to``: their SAVEPOINT rolled back."""
    pending: list[PendingEvent] | None = session.sync_session.info.get(PENDING)
    if pending is not None:
        del pending[to:]


#: Hand out positions in commit order on PostgreSQL (tests switch it off to show the race).
LOCK_POSITIONS = True


def write_pending(session: Session, tables: KernelTables) -> set[str]:
    """Insert the events ``session`` owes, under the feed lock; their types (none if it owed
    none).

    Called just before COMMIT (``before_commit``), so the lock is held for the INSERT and the
    COMMIT only.
    """
    pending: list[PendingEvent] | None = session.info.pop(PENDING, None)
    if not pending:
        return set()
    types = {e.type for e in pending}
    if session.get_bind().dialect.name == "postgresql":
        # One statement, one round trip: the lock that orders positions, the NOTIFY other
        # processes' long polls wait for (PostgreSQL delivers it when, and only if, this
        # commits; it names the types written, so readers of other types sleep on), and every
        # event as columns of arrays (_insert_events).
        _insert_events(tables.events, LOCK_POSITIONS).execute_sync(
            session,
            {
                "feed_lock": FEED_LOCK,
                "notify": _payload(types),
                "ids": [e.id for e in pending],
                "types": [e.type for e in pending],
                "occurred": [e.occurred_at for e in pending],
                "kinds": [e.subject_kind for e in pending],
                "subjects": [e.subject_id for e in pending],
                "regions": [e.region_code for e in pending],
                "data": [json_dumps(dict(e.data)) for e in pending],
                "masked": [_masked_text(e) for e in pending],
            },
        )
        return types
    session.execute(
        sa.insert(tables.events),
        [
            {
                "id": e.id,
                "type": e.type,
                "occurred_at": e.occurred_at,
                "subject_kind": e.subject_kind,
                "subject_id": e.subject_id,
                "region_code": e.region_code,
                "data": dict(e.data),
                "masked": sa.JSON.NULL if e.masked is None else dict(e.masked),
            }
            for e in pending
        ],
    )
    return types


def _masked_text(event: PendingEvent) -> str:
    return "null" if event.masked is None else json_dumps(dict(event.masked))


_INSERTS: dict[tuple[sa.Table, bool], Prepared] = {}


def _insert_events(events: sa.Table, lock: bool) -> Prepared:
    """``WITH feed AS (SELECT pg_advisory_xact_lock(..), pg_notify(..)) INSERT INTO events
    (...) SELECT unnest(:ids), ... FROM feed`` on PostgreSQL, compiled once per table.

    The rows are projected from the one row of ``feed``, so the lock is held before the first
    row reaches the INSERT, and so before its position is drawn from the sequence: positions
    still follow commit order (what :data:`LOCK_POSITIONS` is for). The JSON columns are given
    as their text, encoded by the engine's own serializer (the same bytes the executemany of
    the ORM path writes).
    """
    found = _INSERTS.get((events, lock))
    if found is None:
        notify = sa.func.pg_notify(CHANNEL, sa.bindparam("notify", type_=sa.Text()))
        feed = sa.select(
            *(
                [sa.func.pg_advisory_xact_lock(sa.bindparam("feed_lock", type_=sa.BigInteger()))]
                if lock
                else []
            ),
            notify,
        ).cte("feed")

        def column(name: str, kind: Any) -> Any:
            return sa.func.unnest(sa.bindparam(name, type_=ARRAY(kind)))

        def json_column(name: str) -> Any:
            return sa.cast(column(name, sa.Text()), sa.JSON())

        rows = sa.select(
            column("ids", sa.Uuid()),
            column("types", sa.String()),
            column("occurred", sa.DateTime(timezone=True)),
            column("kinds", sa.String()),
            column("subjects", sa.String()),
            column("regions", sa.String()),
            json_column("data"),
            json_column("masked"),
        ).select_from(feed)
        names = ["id", "type", "occurred_at", "subject_kind", "subject_id", "region_code"]
        found = _INSERTS[(events, lock)] = Prepared(
            sa.insert(events).from_select([*names, "data", "masked"], rows)
        )
    return found


def install_feed(session_class: type[Session], tables: KernelTables, signal: FeedSignal) -> None:
    """Write owed events before each commit of sessions of ``session_class``; wake readers after."""

    @sa_event.listens_for(session_class, "before_commit")
    def _write(session: Session) -> None:
        types = write_pending(session, tables)
        if types:
            session.info["wushe_feed_written"] = types

    @sa_event.listens_for(session_class, "after_commit")
    def _wake(session: Session) -> None:
        types = session.info.pop("wushe_feed_written", None)
        if types:
            signal.notify(types)

    @sa_event.listens_for(session_class, "after_soft_rollback")
    def _drop(session: Session, _previous: Any) -> None:
        if not session.in_transaction():
            session.info.pop(PENDING, None)
            session.info.pop("wushe_feed_written", None)


def _item(row: Any, pii: bool) -> dict[str, Any]:
    item: dict[str, Any] = {
        "position": row.position,
        "id": str(row.id),
        "type": row.type,
        "occurred_at": row.occurred_at.isoformat(),
        "subject": {"kind": row.subject_kind, "id": row.subject_id},
        "data": row.data if pii or row.masked is None else row.masked,
    }
    if row.region_code:
        item["region_code"] = row.region_code
    return item


def _body_text(events: sa.Table, pii: bool) -> sa.ColumnElement[str]:
    """The event's body as its caller may see it, as the JSON text stored (no decoding)."""
    data = sa.cast(events.c.data, sa.Text)
    if pii:
        return data.label("body")
    masked = sa.cast(events.c.masked, sa.Text)
    return sa.case((masked == "null", data), else_=masked).label("body")


async def read_page(
    session: AsyncSession,
    tables: KernelTables,
    *,
    after: int,
    types: Sequence[str] = (),
    limit: int = 100,
    pii: bool = False,
    raw: bool = False,
) -> tuple[list[dict[str, Any]], int]:
    """Events after ``after`` (oldest first) and the position to ask after next time.

    ``session`` must hold one snapshot (a snapshot session): the page and the head are read
    from the same view, so ``next_after`` never skips an event that was not visible. With
    ``raw``, each item's ``data`` is the stored JSON text (for :func:`page_json`), not decoded.
    """
    horizon = await session.scalar(sa.select(tables.event_horizon.c.purged_through))
    if horizon is not None and after < horizon:
        raise Gone(
            f"位置 {after} 之后的部分事件已过保留期，请从列表重新同步",
            code=KernelCode.EVENTS_EXPIRED,
            extra={"purged_through": horizon},
        )
    events = tables.events
    if raw:
        c = events.c
        columns = [c.position, c.id, c.type, c.occurred_at, c.subject_kind, c.subject_id]
        stmt = sa.select(*columns, c.region_code, _body_text(events, pii))
    else:
        stmt = sa.select(events)
    stmt = stmt.where(events.c.position > after)
    if types:
        stmt = stmt.where(events.c.type.in_(list(types)))
    rows = (await session.execute(stmt.order_by(events.c.position).limit(limit))).all()
    if raw:
        items = [
            {
                "position": row.position,
                "id": str(row.id),
                "type": row.type,
                "occurred_at": row.occurred_at.isoformat(),
                "subject": {"kind": row.subject_kind, "id": row.subject_id},
                "region_code": row.region_code or None,
                "data": row.body,
            }
            for row in rows
        ]
    else:
        items = [_item(row, pii) for row in rows]
    if len(rows) == limit:
        return items, rows[-1].position
    # A short page read everything visible: the next reader may start from the head.
    head = await session.scalar(sa.select(sa.func.max(events.c.position)))
    return items, max(after, int(head or 0), rows[-1].position if rows else 0)


_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def page_json(items: Sequence[Mapping[str, Any]], next_after: int) -> bytes:
    """The feed's answer (``EventPage``) from :func:`read_page`'s ``raw`` items, as bytes:
    each item's ``data`` text spliced in as it is."""
    parts = []
    for item in items:
        head = {k: v for k, v in item.items() if k != "data"}
        parts.append(_encode(head)[:-1] + ',"data":' + item["data"] + "}")
    body = '{"items":[' + ",".join(parts) + '],"next_after":' + str(int(next_after)) + "}"
    return body.encode()


async def purge(session: AsyncSession, tables: KernelTables, older_than: dt.datetime) -> int:
    """Delete events older than ``older_than`` and move the horizon; the number deleted."""
    events, horizon = tables.events, tables.event_horizon
    through = await session.scalar(
        sa.select(sa.func.max(events.c.position)).where(events.c.occurred_at < older_than)
    )
    if through is None:
        return 0
    # SQLite gives a new row max(position) + 1 (INTEGER PRIMARY KEY without AUTOINCREMENT):
    # deleting every event would hand out positions from 1 again, behind the horizon, where no
    # reader looks. The newest event is kept, so positions only grow (on PostgreSQL too).
    head = await session.scalar(sa.select(sa.func.max(events.c.position)))
    through = min(through, int(head) - 1)
    if through <= 0:
        return 0
    result = await session.execute(sa.delete(events).where(events.c.position <= through))
    current = await session.scalar(sa.select(horizon.c.purged_through).where(horizon.c.id == 1))
    if current is None:
        await session.execute(sa.insert(horizon).values(id=1, purged_through=through))
    else:
        await session.execute(
            sa.update(horizon).where(horizon.c.id == 1).values(purged_through=max(current, through))
        )
    return int(getattr(result, "rowcount", 0) or 0)
