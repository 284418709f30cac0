"""The kernel's endpoints every service has: its change feed and its outbox.

- ``GET /v1/events/{service}`` — the feed (``<service>:read``); ``wait`` long-polls.
- ``GET /v1/outbox/{service}`` and ``POST /v1/outbox/{service}/{id}/retry`` — operators list
  and retry messages the relay could not deliver.
"""

# No ``from __future__ import annotations``: the endpoints below are built inside a function,
# and FastAPI resolves their annotations (which name local dependencies) when they are defined.

import time
import uuid
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, Field

from services.common.auth import require_scope
from services.common.db import Database, ReadSession, WriteSession
from services.common.errors import Forbidden, KernelCode, NotFound
from services.common.events import (
    MAX_LIMIT,
    MAX_WAIT_SECONDS,
    FeedSignal,
    page_json,
    read_page,
)
from services.common.identity import Identity
from services.common.outbox import DEAD, retry_dead
from services.common.pagination import Page, PageDep, cursor_key, encode_cursor
from services.common.routing import service_router
from services.common.store import KernelTables

#: How often a long poll looks for events committed by other instances of the service.
POLL_SECONDS = 0.05
#: The same while PostgreSQL's LISTEN tells this process about every commit.
LISTENING_POLL_SECONDS = 1.0


class Subject(BaseModel):
    """What an event is about."""

    kind: str
    id: str


class EventItem(BaseModel):
    """One event of the feed."""

    position: int = Field(description="在本服务事件流中的位置（递增）/ position in the feed")
    id: str
    type: str = Field(description="<resource>.<verb>, e.g. organization.created")
    occurred_at: str
    subject: Subject
    region_code: str | None = None
    data: dict[str, Any] = Field(description="变更后的资源表示（按权限脱敏）/ the resource after")


class EventPage(BaseModel):
    """A page of the feed; ask again with ``after=next_after``."""

    items: list[EventItem]
    next_after: int


class OutboxMessage(BaseModel):
    """A message owed to another service."""

    id: uuid.UUID
    target: str
    method: str
    path: str
    status: str
    attempts: int
    last_error: str | None
    created_at: str
    next_attempt_at: str


async def _operator(caller: Annotated[Identity, Depends(require_scope("admin"))]) -> Identity:
    if caller.kind == "user" and caller.role not in ("operator", "service"):
        raise Forbidden("只有运维人员可以管理发件箱", code=KernelCode.FORBIDDEN)
    return caller


def event_router(service: str) -> APIRouter:
    """The feed and outbox routes of ``service``, at literal paths (``/v1/events/registry``) so
    that the merged OpenAPI document has one operation per service."""
    router = service_router(tags=["events"])
    Reader = Annotated[Identity, Depends(require_scope(f"{service}:read"))]
    Operator = Annotated[Identity, Depends(_operator)]

    @router.get(
        f"/v1/events/{service}",
        summary=f"{service} 事件流 / Change feed",
        response_model=EventPage,
    )
    async def read_events(
        request: Request,
        caller: Reader,
        after: Annotated[int, Query(ge=0, le=2**62, description="上次的 next_after")] = 0,
        types: Annotated[
            str | None,
            Query(max_length=1000, description="逗号分隔的事件类型 / comma-separated types"),
        ] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
        wait: Annotated[
            float,
            Query(ge=0, le=MAX_WAIT_SECONDS, description="无新事件时最长等待秒数 / long poll"),
        ] = 0,
    ) -> Response:
        """Events after ``after``, oldest first; ``wait`` holds the request until one commits."""
        database: Database = request.app.state.database
        tables: KernelTables = request.app.state.kernel_tables
        signal: FeedSignal = request.app.state.feed_signal
        wanted = [t.strip() for t in (types or "").split(",") if t.strip()]
        pii = caller.has_scope("pii:read")
        deadline = time.monotonic() + wait
        while True:
            seen = signal.generation  # a commit from now on wakes the wait below
            async with database.snapshot_sessionmaker() as session:
                await session.connection()
                items, next_after = await read_page(
                    session, tables, after=after, types=wanted, limit=limit, pii=pii, raw=True
                )
            remaining = deadline - time.monotonic()
            if items or remaining <= 0 or await request.is_disconnected():
                # The stored JSON spliced as it is: events are never decoded to be re-encoded.
                return Response(page_json(items, next_after), media_type="application/json")
            after = next_after
            # Woken by a commit of a type asked for; the poll only catches what no signal told
            # (another process's commit while the LISTEN connection was down, or on SQLite).
            poll = LISTENING_POLL_SECONDS if signal.listening else POLL_SECONDS
            await signal.wait(min(remaining, poll), seen, wanted)

    @router.get(f"/v1/outbox/{service}", summary=f"{service} 发件箱 / Outbox messages")
    async def list_outbox(
        request: Request,
        session: ReadSession,
        _: Operator,
        page: PageDep,
        status: Annotated[str, Query(pattern="^(pending|delivered|dead)$")] = DEAD,
    ) -> Page[OutboxMessage]:
        """Messages to other services by status (``dead``: given up after retries)."""
        outbox = request.app.state.kernel_tables.outbox
        stmt = sa.select(outbox).where(outbox.c.status == status)
        key = cursor_key(page, (int,))
        if key is not None:
            stmt = stmt.where(outbox.c.seq > key[0])
        rows = (await session.execute(stmt.order_by(outbox.c.seq).limit(page.limit + 1))).all()
        cursor = encode_cursor([rows[page.limit - 1].seq]) if len(rows) > page.limit else None
        return Page(
            items=[
                OutboxMessage(
                    id=r.id,
                    target=r.target,
                    method=r.method,
                    path=r.path,
                    status=r.status,
                    attempts=r.attempts,
                    last_error=r.last_error,
                    created_at=r.created_at.isoformat(),
                    next_attempt_at=r.next_attempt_at.isoformat(),
                )
                for r in rows[: page.limit]
            ],
            next_cursor=cursor,
        )

    @router.post(
        f"/v1/outbox/{service}/{{message_id}}/retry",
        status_code=202,
        summary=f"{service} 重新投递 / Retry a dead message",
    )
    async def retry_outbox_message(
        request: Request, message_id: uuid.UUID, session: WriteSession, _: Operator
    ) -> dict[str, str]:
        """Put a dead message back in line for delivery."""
        if not await retry_dead(session, request.app.state.kernel_tables, message_id):
            raise NotFound(f"没有死信 {message_id}")
        relay = getattr(request.app.state, "relay", None)
        if relay is not None:
            relay.nudge()
        return {"id": str(message_id), "status": "pending"}

    return router
