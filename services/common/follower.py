"""Following another service's change feed with a stored checkpoint (a read model's keeper).

A :class:`Follower` long-polls ``GET /v1/events/{service}`` through that service's client (signed
as the calling service) and, for each page, applies every event and moves its checkpoint row
(``follower_checkpoints``) in **one** local write transaction: after a crash the read model and
the checkpoint agree, so an event is applied exactly once per checkpoint, never skipped.

- **Several replicas, one follower name.** The page's transaction locks the checkpoint row
  (``FOR UPDATE`` on PostgreSQL; SQLite writers take turns) and applies the page only if the
  stored position is still the one the page was read after; otherwise another instance got
  there first and this one adopts the stored position. Pages are read outside any transaction,
  so a long poll never holds a lock.
- **The other service down** (refused, timed out, 5xx) or the local database failing: the
  follower logs, backs off exponentially with jitter (0.5 s to 30 s) and keeps trying.
- **Behind the feed's retention** (410 ``events_expired``): with a ``resync`` callback, the
  follower reads the feed's head, calls ``resync(session)`` to rebuild the read model from the
  other service's lists, and continues from that head, all in one transaction; without one it
  logs an error and stops (``status()["state"] == "stopped"``), since applying what is left of
  the feed would build a wrong model. Events after the head that the lists already showed are
  applied again, so ``apply`` must be an upsert of the representation each event carries.
- **Lag**: :attr:`Follower.lag_seconds` and :attr:`Follower.lag_events`, and :meth:`status` for
  ``/readyz`` (``services/common/metrics.py`` exports them to Prometheus).

Long polls need a client whose timeout is longer than ``wait``: give the follower a client of its
own (it also keeps long polls off the connection pool requests use); a shorter timeout shortens
``wait`` to fit, with a warning.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random
import time
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass
from typing import Any

import httpx
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.db import Database, utcnow
from services.common.errors import Gone, KernelCode, WusheError
from services.common.events import MAX_LIMIT, MAX_WAIT_SECONDS
from services.common.http import ServiceClient
from services.common.store import KernelTables

log = logging.getLogger("wushe.follower")

#: ``apply(session, event)``: change the local model; runs in the checkpoint's transaction.
Apply = Callable[[AsyncSession, dict[str, Any]], Awaitable[None]]
#: ``resync(session)``: rebuild the local model from the other service's lists.
Resync = Callable[[AsyncSession], Awaitable[None]]

STARTING, FOLLOWING, CATCHING_UP, RETRYING, STOPPED = (
    "starting",
    "following",
    "catching_up",
    "retrying",
    "stopped",
)
#: A type no event has: a page filtered by it is empty and its ``next_after`` is the head.
_NO_TYPE = "~head~"
#: Seconds a long poll leaves between ``wait`` and the client's read timeout.
_TIMEOUT_MARGIN = 2.0


@dataclass(frozen=True)
class FollowerSpec:
    """What an app follows, declared before its lifespan builds the :class:`Follower`."""

    name: str
    service: str
    apply: Apply
    types: tuple[str, ...] = ()
    resync: Resync | None = None
    batch: int = 100
    wait: float = 25.0

    def worker(
        self,
        client_class: type[ServiceClient] = ServiceClient,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float | None = None,
    ) -> Callable[[FastAPI], Coroutine[Any, Any, None]]:
        """A worker for ``create_service_app(workers=...)``: it builds the follower on the
        app's database with a client of its own (timeout ``wait`` + 10 s unless given), adds
        it to ``app.state.followers`` (``/readyz`` and ``/metrics`` show it) and runs it."""

        async def follow(app: FastAPI) -> None:
            client = client_class(
                app.state.settings.service_url(self.service),
                caller=app.state.service_name,
                signer=app.state.signer,
                timeout=timeout if timeout is not None else self.wait + 10,
                transport=transport,
            )
            follower = self.build(client, app.state.database, app.state.kernel_tables)
            app.state.followers.append(follower)
            try:
                await follower.run()
            finally:
                await client.aclose()

        return follow

    def build(self, client: ServiceClient, database: Database, tables: KernelTables) -> Follower:
        """The follower, on this app's database and a client of ``service``."""
        return Follower(
            self.name,
            client,
            self.service,
            database,
            tables,
            self.apply,
            types=self.types,
            resync=self.resync,
            batch=self.batch,
            wait=self.wait,
        )


def _read_timeout(client: ServiceClient) -> float | None:
    # ServiceClient does not expose its timeout; its httpx client does.
    timeout = getattr(getattr(client, "_client", None), "timeout", None)
    read = getattr(timeout, "read", None)
    return float(read) if isinstance(read, int | float) else None


def _parse_time(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


class Follower:
    """Applies another service's feed to this service's database; see the module docstring."""

    def __init__(
        self,
        name: str,
        client: ServiceClient,
        service: str,
        database: Database,
        tables: KernelTables,
        apply: Apply,
        *,
        types: Sequence[str] = (),
        batch: int = 100,
        wait: float = 25.0,
        resync: Resync | None = None,
        retry_base: float = 0.5,
        retry_max: float = 30.0,
    ) -> None:
        self.name = name
        self.client = client
        self.service = service
        self.database = database
        self.tables = tables
        self.apply = apply
        self.types = tuple(types)
        self.batch = max(1, min(batch, MAX_LIMIT))
        self.resync = resync
        self.retry_base = retry_base
        self.retry_max = retry_max
        self.wait = max(0.0, min(wait, MAX_WAIT_SECONDS))
        read = _read_timeout(client)
        if read is not None and self.wait > read - _TIMEOUT_MARGIN:
            self.wait = max(0.0, read - _TIMEOUT_MARGIN)
            log.warning(
                "follower %s: the %s client times out after %.1f s; long polls shortened to "
                "%.1f s (give the follower a client of its own with a longer timeout)",
                name,
                service,
                read,
                self.wait,
            )
        #: The applied checkpoint (``None`` until read from the database).
        self.position: int | None = None
        self.state = STARTING
        self.failures = 0
        self.last_error: str | None = None
        self._head = 0
        self._last_event_at: dt.datetime | None = None
        #: When the request that last found this follower at the head was sent (wall clock).
        self._at_head_since: float | None = None
        self._started = time.time()

    # -- the loop ----------------------------------------------------------------------------

    async def run(self) -> None:
        """Follow until cancelled, or until the feed expired under a follower without resync."""
        while self.state != STOPPED:
            try:
                await self.step()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the follower must outlive any one failure
                await self._back_off(exc)
            else:
                self.failures = 0

    async def step(self) -> int:
        """Read one page (long-polling when at the head) and apply it; the events applied."""
        if self.position is None:
            await self._load()
        assert self.position is not None
        after = self.position
        asked_at = time.time()
        params: dict[str, Any] = {"after": after, "limit": self.batch, "wait": self.wait}
        if self.types:
            params["types"] = ",".join(self.types)
        try:
            page = await self.client.request("GET", f"/v1/events/{self.service}", params=params)
        except Gone as exc:
            if exc.code != KernelCode.EVENTS_EXPIRED:
                raise
            await self._expired(exc)
            return 0
        items: list[dict[str, Any]] = list(page["items"])
        next_after = int(page["next_after"])
        # ``head`` if the feed ever reports it; a short page's ``next_after`` is the head.
        self._head = max(self._head, next_after, int(page.get("head") or 0))
        at_head = len(items) < self.batch
        if items or next_after != after:
            await self._commit(after, items, next_after)
        self.state = FOLLOWING if at_head else CATCHING_UP
        self.last_error = None
        if at_head:
            self._at_head_since = asked_at
        return len(items)

    async def _back_off(self, exc: Exception) -> None:
        self.failures += 1
        self.state = RETRYING
        self.last_error = f"{type(exc).__name__}: {exc}"[:500]
        ceiling = min(self.retry_max, self.retry_base * 2 ** (self.failures - 1))
        delay = random.uniform(ceiling / 2, ceiling)
        log.warning(
            "follower %s of %s failed (%d in a row; again in %.1f s): %s",
            self.name,
            self.service,
            self.failures,
            delay,
            self.last_error,
            # A traceback once for the unexpected (a bug in ``apply``), never for an outage.
            exc_info=not isinstance(exc, WusheError) and self.failures == 1,
        )
        await asyncio.sleep(delay)

    # -- the checkpoint ----------------------------------------------------------------------

    async def _load(self) -> None:
        """Read the checkpoint, creating it at 0 (the feed's start) the first time."""
        table = self.tables.follower_checkpoints
        select = sa.select(table).where(table.c.name == self.name)
        async with self.database.sessionmaker() as session:
            row = (await session.execute(select)).first()
            if row is None:
                try:
                    async with session.begin_nested():
                        await session.execute(
                            sa.insert(table).values(name=self.name, position=0, updated_at=utcnow())
                        )
                except IntegrityError:  # another instance created it first
                    pass
                row = (await session.execute(select)).one()
                await session.commit()
        self.position = int(row.position)
        self._last_event_at = row.last_event_at
        self._head = max(self._head, self.position)

    async def _lock(self, session: AsyncSession) -> tuple[int, dt.datetime | None]:
        table = self.tables.follower_checkpoints
        row = (
            await session.execute(
                sa.select(table.c.position, table.c.last_event_at)
                .where(table.c.name == self.name)
                .with_for_update()
            )
        ).one()
        return int(row.position), row.last_event_at

    def _adopt(self, position: int, last_event_at: dt.datetime | None) -> None:
        log.info(
            "follower %s: checkpoint moved to %d by another instance (was %s)",
            self.name,
            position,
            self.position,
        )
        self.position = position
        self._last_event_at = last_event_at
        self._head = max(self._head, position)

    async def _commit(self, after: int, items: list[dict[str, Any]], next_after: int) -> None:
        """Apply ``items`` and move the checkpoint to ``next_after``, in one transaction."""
        table = self.tables.follower_checkpoints
        async with self.database.sessionmaker() as session:
            stored, stored_at = await self._lock(session)
            if stored != after:
                self._adopt(stored, stored_at)
                return
            for event in items:
                await self.apply(session, event)
            last_event_at = stored_at
            if items:
                last_event_at = _parse_time(items[-1].get("occurred_at")) or stored_at
            await session.execute(
                sa.update(table)
                .where(table.c.name == self.name)
                .values(position=next_after, last_event_at=last_event_at, updated_at=utcnow())
            )
            await session.commit()
        self.position = next_after
        self._last_event_at = last_event_at

    async def _expired(self, exc: Gone) -> None:
        """The feed no longer holds our position: resynchronize from the lists, or stop."""
        horizon = exc.extra.get("purged_through")
        if self.resync is None or not isinstance(horizon, int):
            self.state = STOPPED
            self.last_error = (
                f"events after {self.position} are past {self.service}'s retention; "
                + ("no resync given" if self.resync is None else "the 410 named no horizon")
            )
            log.error(
                "follower %s STOPPED: %s. The read model is stale until it is rebuilt from "
                "%s's lists and the checkpoint moved to the feed's head.",
                self.name,
                self.last_error,
                self.service,
            )
            return
        after = self.position
        head = await self._read_head(horizon)
        table = self.tables.follower_checkpoints
        async with self.database.sessionmaker() as session:
            stored, stored_at = await self._lock(session)
            if stored != after:
                self._adopt(stored, stored_at)
                return
            log.warning(
                "follower %s: behind %s's retention (at %s, purged through %d); "
                "resynchronizing from its lists, then following from %d",
                self.name,
                self.service,
                after,
                horizon,
                head,
            )
            await self.resync(session)
            await session.execute(
                sa.update(table)
                .where(table.c.name == self.name)
                .values(position=head, updated_at=utcnow())
            )
            await session.commit()
        self.position = head
        self._head = max(self._head, head)

    async def _read_head(self, horizon: int) -> int:
        """The feed's head: a page of a type no event has is empty and ends at the head."""
        page = await self.client.request(
            "GET",
            f"/v1/events/{self.service}",
            params={"after": horizon, "limit": 1, "types": _NO_TYPE},
        )
        return int(page["next_after"])

    # -- lag ---------------------------------------------------------------------------------

    @property
    def lag_events(self) -> int:
        """Positions between the checkpoint and the newest head seen (0 at the head).

        The feed names its head only on a page that reaches it, so while catching up this is
        a lower bound; :attr:`lag_seconds` is the measure to alert on.
        """
        if self.position is None:
            return 0
        return max(0, self._head - self.position)

    @property
    def lag_seconds(self) -> float:
        """How old the oldest event not yet applied can be; 0 while following at the head.

        Behind, that is the time since the newest applied event occurred (everything after it
        occurred later); failing, the time since the follower last knew it was at the head.
        """
        if self.state == FOLLOWING:
            return 0.0
        marks = [self._at_head_since or 0.0]
        if self._last_event_at is not None:
            marks.append(self._last_event_at.timestamp())
        since = max(marks) or self._started
        return max(0.0, time.time() - since)

    def status(self) -> dict[str, Any]:
        """For ``/readyz`` detail: state, checkpoint, lag, and the last error."""
        return {
            "name": self.name,
            "service": self.service,
            "state": self.state,
            "position": self.position,
            "lag_events": self.lag_events,
            "lag_seconds": round(self.lag_seconds, 3),
            "last_event_at": self._last_event_at.isoformat() if self._last_event_at else None,
            "failures": self.failures,
            "last_error": self.last_error,
        }
