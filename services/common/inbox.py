"""The receiving half of batched outbox delivery: many messages, one transaction, each once.

A receiving app registers a batch handler for each (method, path template) it takes in batches::

    inbox = app.state.inbox
    inbox.register("POST", "/v1/organizations/{org_id}/ratings", apply_rating)

    async def apply_rating(session: AsyncSession, message: InboxMessage) -> None:
        data = RatingCreate.model_validate(message.body)
        await RegistryService(session).rate(uuid.UUID(message.params["org_id"]), data, ...)

A handler does what the endpoint would do with one message, in the session it is given, and
raises the kernel's errors to refuse it (a pydantic ``ValidationError`` of the body counts as
422). It must not commit. Another service's relay (:mod:`services.common.outbox`) asks
``GET /internal/inbox`` which pairs this service takes, and posts them to ``POST
/internal/inbox`` in write order; both are for services only (a signed ``service`` identity) and
outside ``/v1``, so the gateway never routes to them.

**Each once.** Every applied message id is inserted into the ``inbox`` table in the same
transaction as its effect (``INSERT … ON CONFLICT DO NOTHING RETURNING``): an id already there is
a ``duplicate`` and is not applied again. An id the caller delivered earlier as a single
request (its ``Idempotency-Key`` is in ``idempotency_keys``) is a duplicate too.

**One failure fails one message.** The batch is first applied in one go (a statement or so per
message). If any message refuses, that transaction is rolled back and the batch is applied again
message by message, each in a SAVEPOINT: the refused message's effects, its inbox row and its
events go, the others stay. A message after a refused one of the same ordering key is ``held``
(not applied), so order per key holds. The answer has one outcome per message: ``applied``,
``duplicate``, ``failed`` (with the status, code and detail its single request would have had),
``held`` or ``unsupported`` (no handler: the relay sends it as a single request instead).
"""

# No ``from __future__ import annotations``: FastAPI resolves the endpoints' annotations.

import dataclasses
import logging
import re
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import pydantic
import sqlalchemy as sa
from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.common import events
from services.common.auth import CallerDep
from services.common.db import WriteSession, utcnow
from services.common.errors import Forbidden, KernelCode, UniqueRules, WusheError
from services.common.identity import Identity
from services.common.outbox import INBOX_PATH
from services.common.routing import service_router
from services.common.store import KernelTables

log = logging.getLogger("wushe.inbox")

#: The most messages one batch may carry.
MAX_BATCH = 1000


@dataclasses.dataclass(frozen=True)
class InboxMessage:
    """One message of a batch, as its handler sees it."""

    id: uuid.UUID
    method: str
    path: str
    #: The path template's parameters (``{"org_id": "..."}``).
    params: dict[str, str]
    body: Any
    ordering_key: str
    #: The calling service's identity (the relay signs as its service).
    caller: Identity
    request: Request


BatchHandler = Callable[[AsyncSession, InboxMessage], Awaitable[None]]
#: Optional: applies many messages of one route at once (one ``executemany``, say). Used when
#: a whole batch is applied in one go; one by one, after a refusal, the single handler is.
ManyHandler = Callable[[AsyncSession, list[InboxMessage]], Awaitable[None]]


def _compile(template: str) -> re.Pattern[str]:
    out = []
    for part in re.split(r"(\{[^/{}]+\})", template):
        if part.startswith("{") and part.endswith("}"):
            out.append(f"(?P<{part[1:-1]}>[^/]+)")
        else:
            out.append(re.escape(part))
    return re.compile("^" + "".join(out) + "$")


class Inbox:
    """The batch handlers one app registered."""

    def __init__(self) -> None:
        self._routes: list[tuple[str, str, re.Pattern[str], BatchHandler]] = []
        self.many: dict[BatchHandler, ManyHandler] = {}

    def register(
        self, method: str, template: str, handler: BatchHandler, *, many: ManyHandler | None = None
    ) -> None:
        """Take ``method template`` in batches with ``handler`` (and ``many``, if given, to
        apply a whole run of them at once)."""
        self._routes.append((method.upper(), template, _compile(template), handler))
        if many is not None:
            self.many[handler] = many

    def match(self, method: str, path: str) -> tuple[BatchHandler, dict[str, str]] | None:
        """The handler of ``method path`` and its parameters, or ``None``."""
        for route_method, _template, pattern, handler in self._routes:
            found = pattern.match(path) if route_method == method.upper() else None
            if found is not None:
                return handler, found.groupdict()
        return None

    def templates(self) -> list[dict[str, str]]:
        """What the relay of another service needs to know: the pairs taken in batches."""
        return [{"method": m, "path": t} for m, t, _p, _h in self._routes]


class InboxItem(BaseModel):
    """A message of a batch, in the sender's write order."""

    id: uuid.UUID
    method: str = Field(min_length=1, max_length=8)
    path: str = Field(min_length=1, max_length=255)
    body: Any = None
    ordering_key: str = Field(max_length=160)


class InboxBatch(BaseModel):
    """Messages delivered in one request."""

    messages: list[InboxItem] = Field(max_length=MAX_BATCH)


class InboxResult(BaseModel):
    """What became of one message."""

    id: uuid.UUID
    status: str = Field(description="applied | duplicate | failed | held | unsupported")
    http_status: int | None = None
    code: str | None = None
    detail: str | None = None
    #: The refusal's ``Retry-After``, if it had one: it will go another way later.
    retry_after: str | None = None


class InboxAnswer(BaseModel):
    """One outcome per message, in the order given."""

    results: list[InboxResult]


class InboxHandlers(BaseModel):
    """The (method, path template) pairs this service takes in batches."""

    handlers: list[dict[str, str]]


def _service_caller(caller: Identity) -> Identity:
    if caller.kind != "service":
        raise Forbidden("只有内部服务可以投递批量消息", code=KernelCode.FORBIDDEN)
    return caller


def _insert(session: AsyncSession, table: sa.Table) -> Any:
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


async def _seen_as_singles(
    session: AsyncSession, tables: KernelTables, caller: Identity, ids: list[uuid.UUID]
) -> set[uuid.UUID]:
    """Ids the caller already delivered as single requests (their idempotency keys)."""
    keys = tables.idempotency_keys
    found = await session.execute(
        sa.select(keys.c.key).where(
            keys.c.principal == str(caller.sub)[:160], keys.c.key.in_([str(i) for i in ids])
        )
    )
    return {uuid.UUID(k) for k in found.scalars()}


def _refusal(exc: Exception, unique: UniqueRules) -> tuple[int, str, str]:
    """(status, code, detail) of a refused message, as its single request would have answered."""
    if isinstance(exc, WusheError):
        return exc.status, str(exc.code), str(exc.detail or "")
    if isinstance(exc, pydantic.ValidationError):
        return 422, KernelCode.VALIDATION_FAILED.value, str(exc)[:500]
    if isinstance(exc, IntegrityError):
        code = unique.code_for(exc)
        return 409, str(code or KernelCode.CONFLICT), "unique or integrity rule"
    if isinstance(exc, DataError):
        return 422, KernelCode.VALUE_OUT_OF_RANGE.value, "value refused by the database"
    log.error("batch handler failed", exc_info=exc)
    return 500, KernelCode.INTERNAL_ERROR.value, type(exc).__name__


def inbox_router() -> APIRouter:
    """``GET`` and ``POST /internal/inbox`` (services only; not in the OpenAPI document)."""
    router = service_router(tags=["events"])

    @router.get(INBOX_PATH, include_in_schema=False, summary="批量投递入口 / Batch handlers")
    async def list_batch_handlers(request: Request, caller: CallerDep) -> InboxHandlers:
        """The (method, path template) pairs this service takes in batches."""
        _service_caller(caller)
        inbox: Inbox = request.app.state.inbox
        return InboxHandlers(handlers=inbox.templates())

    @router.post(INBOX_PATH, include_in_schema=False, summary="批量投递 / Apply a batch")
    async def apply_batch(
        request: Request, batch: InboxBatch, session: WriteSession, caller: CallerDep
    ) -> InboxAnswer:
        """Apply messages of another service's outbox in one transaction, each once."""
        _service_caller(caller)
        inbox: Inbox = request.app.state.inbox
        tables: KernelTables = request.app.state.kernel_tables
        unique: UniqueRules = request.app.state.unique_rules
        messages = []
        for item in batch.messages:
            found = inbox.match(item.method, item.path)
            handler, params = found if found is not None else (None, {})
            messages.append(
                (
                    handler,
                    InboxMessage(
                        id=item.id,
                        method=item.method.upper(),
                        path=item.path,
                        params=params,
                        body=item.body,
                        ordering_key=item.ordering_key,
                        caller=caller,
                        request=request,
                    ),
                )
            )
        if not messages:
            return InboxAnswer(results=[])
        if all(handler is not None for handler, _m in messages):
            answer = await _apply_at_once(session, tables, caller, messages, inbox.many)
            if answer is not None:
                return answer
            await session.rollback()
            events.rewind(session, 0)
        return await _apply_one_by_one(session, tables, caller, messages, unique)

    return router


async def _apply_at_once(
    session: AsyncSession,
    tables: KernelTables,
    caller: Identity,
    messages: list[tuple[BatchHandler | None, InboxMessage]],
    many: dict[BatchHandler, ManyHandler],
) -> InboxAnswer | None:
    """The common case: every message applies. ``None`` if one refused (nothing is kept)."""
    now = utcnow()
    source = caller.iss or str(caller.sub)
    ids = [m.id for _h, m in messages]
    singles = await _seen_as_singles(session, tables, caller, ids)
    rows = [
        {"message_id": i, "source": source[:32], "received_at": now}
        for i in dict.fromkeys(ids)
        if i not in singles
    ]
    fresh: set[uuid.UUID] = set()
    if rows:
        fresh = set(
            (
                await session.execute(
                    _insert(session, tables.inbox)
                    .values(rows)
                    .on_conflict_do_nothing()
                    .returning(tables.inbox.c.message_id)
                )
            ).scalars()
        )
    results = []
    run: list[InboxMessage] = []  # consecutive messages of one handler that applies many
    run_of: ManyHandler | None = None
    try:
        for handler, message in messages:
            if message.id not in fresh:
                results.append(InboxResult(id=message.id, status="duplicate"))
                continue
            assert handler is not None
            fresh.discard(message.id)  # the same id twice in one batch: applied once
            results.append(InboxResult(id=message.id, status="applied"))
            bulk = many.get(handler)
            if run and bulk is not run_of:
                assert run_of is not None
                await run_of(session, run)
                run = []
            if bulk is None:
                await handler(session, message)
            else:
                run.append(message)
            run_of = bulk
        if run:
            assert run_of is not None
            await run_of(session, run)
        await session.flush()
    except Exception:
        return None
    return InboxAnswer(results=results)


async def _apply_one_by_one(
    session: AsyncSession,
    tables: KernelTables,
    caller: Identity,
    messages: list[tuple[BatchHandler | None, InboxMessage]],
    unique: UniqueRules,
) -> InboxAnswer:
    """Each message in its own SAVEPOINT: a refusal undoes that message only."""
    source = (caller.iss or str(caller.sub))[:32]
    singles = await _seen_as_singles(session, tables, caller, [m.id for _h, m in messages])
    blocked: set[str] = set()
    results = []
    for handler, message in messages:
        if message.ordering_key in blocked:
            results.append(InboxResult(id=message.id, status="held"))
            continue
        if handler is None:
            blocked.add(message.ordering_key)
            results.append(InboxResult(id=message.id, status="unsupported"))
            continue
        if message.id in singles:
            results.append(InboxResult(id=message.id, status="duplicate"))
            continue
        mark = events.mark(session)
        try:
            async with session.begin_nested():
                fresh = (
                    await session.execute(
                        _insert(session, tables.inbox)
                        .values(message_id=message.id, source=source, received_at=utcnow())
                        .on_conflict_do_nothing()
                        .returning(tables.inbox.c.message_id)
                    )
                ).first()
                if fresh is None:
                    results.append(InboxResult(id=message.id, status="duplicate"))
                    continue
                await handler(session, message)
                await session.flush()
        except Exception as exc:
            events.rewind(session, mark)
            status, code, detail = _refusal(exc, unique)
            blocked.add(message.ordering_key)
            headers = exc.headers if isinstance(exc, WusheError) else {}
            retry_after = next((v for k, v in headers.items() if k.lower() == "retry-after"), None)
            results.append(
                InboxResult(
                    id=message.id,
                    status="failed",
                    http_status=status,
                    code=code,
                    detail=detail,
                    retry_after=retry_after,
                )
            )
            continue
        results.append(InboxResult(id=message.id, status="applied"))
    return InboxAnswer(results=results)


async def purge_inbox(session: AsyncSession, tables: KernelTables, older_than: Any) -> int:
    """Forget message ids received before ``older_than``; the number deleted.

    Kept as long as idempotency keys: a sender's relay gives up on a message well before.
    """
    inbox = tables.inbox
    result = await session.execute(sa.delete(inbox).where(inbox.c.received_at < older_than))
    return int(getattr(result, "rowcount", 0) or 0)
