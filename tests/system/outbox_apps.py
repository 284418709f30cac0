"""Two small kernel apps for outbox tests: a sender owing messages, a receiver applying them.

The **sender** (a Registry-schema database, ``service_name`` ``registry``) has ``POST /t/orders``:
one write transaction inserts an order row and owes the ``funds`` service ``count`` messages
(``services.common.outbox.send``), or fails after owing them (``fail``). Its lifespan runs the
kernel's relay. The **receiver** (a Funds-schema database, ``service_name`` ``funds``) has
``POST /t/effects``, which declares ``Idempotent`` and records each effect as a row of its own
table, so exactly-once is a count; with ``batch`` (``WUSHE_TEST_BATCH=1``) it also takes that
path in batches (a batch handler on the kernel's inbox, ``services.common.inbox``). It can be
told to refuse a message a few times first (``app.state.script``) or to take its time
(``app.state.delay``), and it counts every delivery per message id in memory (single requests by
their ``Idempotency-Key``, batched messages by their id), replays and duplicates included.

Used in-process (``tests/common/test_outbox.py``), as real processes
(``tests/system/test_outbox_crash.py``; ``python -m uvicorn tests.system.outbox_apps:sender_app
--factory``, configured by ``WUSHE_*`` variables) and by ``bench/outbox_throughput.py``.
"""

from __future__ import annotations

import asyncio
import json
import os
import uuid
from collections import Counter
from collections.abc import Mapping
from typing import Any

import httpx
import sqlalchemy as sa
from fastapi import BackgroundTasks, FastAPI, Request
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from starlette.types import ASGIApp, Receive, Scope, Send

from services.common.app import create_service_app
from services.common.db import ReadSession, UTCDateTime, WriteSession, utcnow
from services.common.errors import (
    Conflict,
    KernelCode,
    NotFound,
    TooManyRequests,
    UpstreamUnavailable,
    ValidationFailed,
    WusheError,
)
from services.common.http import ServiceClient
from services.common.idempotency import Idempotent
from services.common.inbox import Inbox, InboxMessage
from services.common.outbox import INBOX_PATH, send
from services.common.routing import service_router
from services.funds.db.models import KERNEL as RECEIVER_KERNEL
from services.funds.domain.errors import FundsCode
from services.funds.settings import FundsSettings
from services.registry.db.models import KERNEL as SENDER_KERNEL
from services.registry.domain.errors import RegistryCode
from services.registry.settings import RegistrySettings

#: The sender's own state change, written in the transaction that owes the messages.
SENDER_TABLES = sa.MetaData()
orders = sa.Table(
    "test_outbox_orders",
    SENDER_TABLES,
    sa.Column("id", sa.Uuid(), primary_key=True),
    sa.Column("tag", sa.String(64), nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
)
#: One row per effect the receiver applied; no unique constraint, so a duplicate would count.
RECEIVER_TABLES = sa.MetaData()
effects = sa.Table(
    "test_outbox_effects",
    RECEIVER_TABLES,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("message_id", sa.String(64), nullable=False),
    sa.Column("tag", sa.String(64), nullable=False, index=True),
    sa.Column("key", sa.String(64), nullable=False),
    sa.Column("n", sa.Integer(), nullable=False),
    sa.Column("received_at", UTCDateTime(), nullable=False),
)


async def create_test_tables(url: str, metadata: sa.MetaData) -> None:
    """Create the test tables of one side in a migrated database (idempotent)."""
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(metadata.create_all)
    finally:
        await engine.dispose()


# -- the sender ---------------------------------------------------------------------------------


class ReceiverClient(ServiceClient):
    """The sender's client of the receiver (which answers as ``funds``)."""

    target = "funds"


class OrderIn(BaseModel):
    """What ``POST /t/orders`` writes."""

    tag: str = Field(min_length=1, max_length=40)
    count: int = Field(default=1, ge=0, le=20_000)
    #: Messages go round-robin over this many ordering keys (``<tag>:<k>``).
    keys: int = Field(default=1, ge=1, le=20_000)
    #: Fail after owing the messages: the transaction rolls back, nothing is owed.
    fail: bool = False


sender_router = service_router(prefix="/t")


@sender_router.post("/orders", status_code=201)
async def place_order(
    request: Request, order: OrderIn, session: WriteSession, tasks: BackgroundTasks
) -> dict[str, Any]:
    """Insert an order and owe the receiver ``count`` messages, in one transaction."""
    order_id = uuid.uuid4()
    await session.execute(sa.insert(orders).values(id=order_id, tag=order.tag, created_at=utcnow()))
    ids = []
    for n in range(order.count):
        key = f"{order.tag}:{n % order.keys}"
        ids.append(
            await send(
                session,
                SENDER_KERNEL,
                target="funds",
                method="POST",
                path="/t/effects",
                body={"tag": order.tag, "key": key, "n": n},
                ordering_key=key,
            )
        )
    if order.fail:
        raise Conflict("test: refused after owing the messages", code=KernelCode.CONFLICT)
    # After the commit (background tasks run after the response): the relay looks now.
    tasks.add_task(request.app.state.relay.nudge)
    return {"order_id": str(order_id), "messages": [str(i) for i in ids]}


def sender_app(
    settings: RegistrySettings | None = None,
    *,
    transports: Mapping[str, httpx.AsyncBaseTransport] | None = None,
) -> FastAPI:
    """The sender (``uvicorn --factory``: settings from ``WUSHE_*``; ``WUSHE_FUNDS_URL``)."""
    return create_service_app(
        settings or RegistrySettings(),
        title="outbox test sender",
        description="t",
        version="0",
        routers=[sender_router],
        codes=RegistryCode,
        kernel=SENDER_KERNEL,
        clients={"funds": ReceiverClient},
        transports=transports,
        configure_logs=transports is None,
    )


# -- the receiver -------------------------------------------------------------------------------


class EffectIn(BaseModel):
    """A message the sender owes."""

    tag: str
    key: str
    n: int


_ANSWERS: dict[int, type[WusheError]] = {
    404: NotFound,
    409: Conflict,
    422: ValidationFailed,
    429: TooManyRequests,
    503: UpstreamUnavailable,
}

receiver_router = service_router(prefix="/t")


@receiver_router.post("/effects", status_code=201)
async def apply_effect(
    request: Request, effect: EffectIn, session: WriteSession, _key: Idempotent
) -> dict[str, Any]:
    """Apply a message once: one row per effect (a replay answers without running this)."""
    await _apply(request, session, effect, request.headers.get("idempotency-key", ""), None)
    return {"applied": effect.n}


async def _apply(
    request: Request, session: AsyncSession, effect: EffectIn, message_id: str, answers: Any
) -> None:
    """One effect row, unless the script says to refuse (once per request and message:
    the inbox may run a handler twice in one request, at once and then one by one)."""
    state = request.app.state
    script: list[int] = state.script.get((effect.tag, effect.n), [])
    if answers is not None and message_id in answers:
        status = answers[message_id]
    else:
        status = script.pop(0) if script else None
        if answers is not None:
            answers[message_id] = status
    if status is not None:
        raise _ANSWERS[status](f"test: answering {status}")
    if state.delay:
        await asyncio.sleep(state.delay)
    await session.execute(
        sa.insert(effects).values(
            message_id=message_id,
            tag=effect.tag,
            key=effect.key,
            n=effect.n,
            received_at=utcnow(),
        )
    )


async def apply_effect_messages(session: AsyncSession, messages: list[InboxMessage]) -> None:
    """Many messages of ``POST /t/effects`` at once: one ``executemany`` (the fast path)."""
    state = messages[0].request.app.state
    rows = []
    for message in messages:
        effect = EffectIn.model_validate(message.body)
        if state.script.get((effect.tag, effect.n)):
            await apply_effect_message(session, message)  # refuses: the inbox goes one by one
        rows.append(
            {
                "message_id": str(message.id),
                "tag": effect.tag,
                "key": effect.key,
                "n": effect.n,
                "received_at": utcnow(),
            }
        )
    if state.delay:
        await asyncio.sleep(state.delay * len(rows))
    await session.execute(sa.insert(effects), rows)


async def apply_effect_message(session: AsyncSession, message: InboxMessage) -> None:
    """The batch handler of ``POST /t/effects``: the same effect, one message of a batch."""
    effect = EffectIn.model_validate(message.body)
    answers = getattr(message.request.state, "test_answers", None)
    if answers is None:
        answers = message.request.state.test_answers = {}
    await _apply(message.request, session, effect, str(message.id), answers)


@receiver_router.post("/plain", status_code=201, response_class=PlainTextResponse)
async def answer_plain_text(session: WriteSession, _key: Idempotent) -> str:
    """A 2xx whose body is not JSON (the client of this service cannot read it)."""
    return "applied"


@receiver_router.get("/effects/{tag}")
async def count_effects(request: Request, tag: str, session: ReadSession) -> dict[str, Any]:
    """Effects of ``tag``: rows, distinct messages, the most rows of one message; deliveries."""
    per_message = (
        sa.select(effects.c.message_id, sa.func.count().label("rows"))
        .where(effects.c.tag == tag)
        .group_by(effects.c.message_id)
        .subquery()
    )
    row = (
        await session.execute(
            sa.select(
                sa.func.coalesce(sa.func.sum(per_message.c.rows), 0),
                sa.func.count(),
                sa.func.coalesce(sa.func.max(per_message.c.rows), 0),
            )
        )
    ).one()
    return {
        "rows": int(row[0]),
        "messages": int(row[1]),
        "most_rows_of_one_message": int(row[2]),
        "deliveries": sum(request.app.state.deliveries.values()),
    }


class CountDeliveries:
    """Counts every delivery per message id before anything answers: requests by their
    ``Idempotency-Key`` (replays too), batches by the ids of their messages (duplicates too)."""

    def __init__(self, app: ASGIApp, counts: Counter[str]) -> None:
        self.app = app
        self.counts = counts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST":
            for name, value in scope["headers"]:
                if name == b"idempotency-key":
                    self.counts[value.decode()] += 1
            if scope["path"] == INBOX_PATH:
                receive = await self._count_batch(receive)
        await self.app(scope, receive, send)

    async def _count_batch(self, receive: Receive) -> Receive:
        messages = []
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request" or not message.get("more_body", False):
                break
        body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.request")
        try:
            for item in json.loads(body).get("messages", []):
                self.counts[str(item.get("id"))] += 1
        except (ValueError, AttributeError):
            pass
        replay = iter(messages)

        async def replayed() -> Any:
            return next(replay, None) or await receive()

        return replayed


def receiver_app(
    settings: FundsSettings | None = None,
    *,
    delay: float | None = None,
    batch: bool | None = None,
) -> FastAPI:
    """The receiver (``uvicorn --factory``: settings from ``WUSHE_*``; ``WUSHE_TEST_DELAY``,
    ``WUSHE_TEST_BATCH=1`` to take ``POST /t/effects`` in batches too)."""
    app = create_service_app(
        settings or FundsSettings(),
        title="outbox test receiver",
        description="t",
        version="0",
        routers=[receiver_router],
        codes=FundsCode,
        kernel=RECEIVER_KERNEL,
        configure_logs=settings is None,
    )
    if os.environ.get("WUSHE_TEST_BATCH", "0") == "1" if batch is None else batch:
        inbox: Inbox = app.state.inbox
        inbox.register("POST", "/t/effects", apply_effect_message, many=apply_effect_messages)
    app.state.script = {}
    app.state.delay = float(os.environ.get("WUSHE_TEST_DELAY", "0")) if delay is None else delay
    app.state.deliveries = Counter()
    app.add_middleware(CountDeliveries, counts=app.state.deliveries)
    return app


# -- the line between them (in-process) ---------------------------------------------------------


class Wire(httpx.AsyncBaseTransport):
    """The sender's line to an in-process receiver: it can be down, lose answers, and records.

    ``down``: every request fails to connect. ``lose_answer``: message ids whose next answer is
    lost after the receiver applied the message (the sender sees a broken connection). ``log``:
    (key, body) of every request that reached the receiver, in order. ``overlap``: the most
    requests with one ``Idempotency-Key`` ever in flight at once.
    """

    def __init__(self, app: FastAPI) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.down = False
        self.lose_answer: set[str] = set()
        self.log: list[tuple[str, dict[str, Any]]] = []
        self._in_flight: Counter[str] = Counter()
        self.overlap = 0
        #: Batched requests that reached the receiver (their messages are in ``log`` too).
        self.batches = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("test: the receiver is down", request=request)
        body = json.loads(await request.aread() or b"null")
        if request.url.path == INBOX_PATH and request.method == "POST":
            self.batches += 1
            keys = [str(m["id"]) for m in body["messages"]]
            self.log.extend((k, m["body"]) for k, m in zip(keys, body["messages"], strict=True))
        else:
            keys = [request.headers.get("idempotency-key", "")]
            self.log.append((keys[0], body))
        for key in keys:
            self._in_flight[key] += 1
            self.overlap = max(self.overlap, self._in_flight[key])
        try:
            response = await self.inner.handle_async_request(request)
        finally:
            for key in keys:
                self._in_flight[key] -= 1
        lost = self.lose_answer.intersection(keys)
        if lost:
            self.lose_answer.difference_update(lost)
            await response.aclose()
            raise httpx.ReadError("test: the answer was lost", request=request)
        return response
