"""``Idempotency-Key`` for creating POSTs: the same key and body replay the first answer.

An endpoint declares :data:`Idempotent`. The key row is inserted at the start of the request's
write transaction and the answer stored in it just before the commit, so the key, the effect and
the stored answer commit together or not at all:

- a repeat after the first committed finds the row: the same request (method, path, body)
  gets the stored answer again (``Idempotent-Replayed: true``), another body 422
  ``idempotency_mismatch``;
- two concurrent requests with one key execute once: the second's INSERT waits on the first's
  uncommitted row (PostgreSQL's unique index; SQLite's write lock) and then replays its answer;
- a request that fails stores nothing (its transaction rolls back), so a retry with the same key
  executes afresh: only answers below 400 are kept.

Keys are scoped to the caller (the signed identity's subject), so one client can never replay
another's answer, and expire after ``idempotency_retention_hours``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import Depends, Header, Request, Response
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.db import WriteSession, utcnow
from services.common.errors import Conflict, KernelCode, ValidationFailed
from services.common.store import KernelTables

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
STATE = "wushe_idempotency"
#: Printable ASCII without spaces, as Stripe and the IETF draft use in practice.
_VALID = re.compile(r"^[\x21-\x7e]{1,255}$")
#: Response headers worth replaying (the rest are per response: dates, request IDs).
_KEPT = ("content-type", "location", "etag")


class Replay(Exception):
    """The stored answer to a repeated request; the route class sends it as it is."""

    def __init__(self, response: Response) -> None:
        super().__init__("idempotent replay")
        self.response = response


@dataclass
class IdempotencyGuard:
    """The key row of this request, waiting for the answer to store."""

    tables: KernelTables
    session: AsyncSession
    principal: str
    key: str

    async def store(self, response: Response) -> None:
        """Keep a successful answer with the key (called just before the commit)."""
        body = bytes(getattr(response, "body", b"") or b"")
        headers = {k: v for k, v in response.headers.items() if k.lower() in _KEPT}
        table = self.tables.idempotency_keys
        await self.session.execute(
            sa.update(table)
            .where(table.c.principal == self.principal, table.c.key == self.key)
            .values(status_code=response.status_code, headers=headers, body=body)
        )


def _fingerprint(request: Request, body: bytes) -> str:
    digest = hashlib.sha256()
    digest.update(request.method.encode())
    digest.update(b"\0" + request.url.path.encode() + b"\0" + request.url.query.encode() + b"\0")
    try:  # the same JSON with other spacing or key order is the same request
        digest.update(json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode())
    except ValueError:
        digest.update(body)
    return digest.hexdigest()


def _principal(request: Request) -> str:
    identity = request.scope.get("state", {}).get("identity")
    return str(getattr(identity, "sub", None) or "anonymous")[:160]


def _replay(row: Any) -> Response:
    response = Response(content=row.body, status_code=row.status_code)
    for name, value in (row.headers or {}).items():
        response.headers[name] = value
    response.headers[REPLAYED] = "true"
    return response


async def idempotency(
    request: Request,
    session: WriteSession,
    key: Annotated[
        str | None,
        Header(
            alias=HEADER,
            description=(
                "幂等键：同一键与相同请求体重放首次应答，不同请求体返回 422 / the same key "
                "with the same body replays the first answer; another body is 422 "
                "idempotency_mismatch"
            ),
        ),
    ] = None,
) -> IdempotencyGuard | None:
    """Claim the key for this request, or replay the answer stored under it."""
    if key is None:
        return None
    if not _VALID.match(key):
        raise ValidationFailed(
            "幂等键应为 1-255 个可见 ASCII 字符",
            code=KernelCode.IDEMPOTENCY_KEY_INVALID,
            errors=[{"field": HEADER, "message": "1-255 printable ASCII characters"}],
        )
    tables: KernelTables = request.app.state.kernel_tables
    table = tables.idempotency_keys
    principal = _principal(request)
    fingerprint = _fingerprint(request, await request.body())
    now = utcnow()
    retention = dt.timedelta(hours=request.app.state.settings.idempotency_retention_hours)
    where = (table.c.principal == principal, table.c.key == key)
    for _ in range(2):
        try:
            async with session.begin_nested():
                await session.execute(
                    sa.insert(table).values(
                        principal=principal,
                        key=key,
                        request_hash=fingerprint,
                        status_code=0,
                        headers={},
                        body=b"",
                        created_at=now,
                        expires_at=now + retention,
                    )
                )
        except IntegrityError:
            row = (await session.execute(sa.select(table).where(*where))).one_or_none()
            if row is None:  # the holder rolled back between our INSERT and SELECT
                continue
            if row.expires_at <= now:
                await session.execute(sa.delete(table).where(*where))
                continue
            if row.request_hash != fingerprint:
                raise ValidationFailed(
                    "同一幂等键对应了不同的请求内容",
                    code=KernelCode.IDEMPOTENCY_MISMATCH,
                    errors=[{"field": HEADER, "message": "key reused with a different request"}],
                ) from None
            raise Replay(_replay(row)) from None
        guard = IdempotencyGuard(tables, session, principal, key)
        setattr(request.state, STATE, guard)
        return guard
    raise Conflict("幂等键正被并发使用，请稍后重试", code=KernelCode.IDEMPOTENCY_IN_PROGRESS)


#: Declare on a creating POST to honour ``Idempotency-Key``.
Idempotent = Annotated[IdempotencyGuard | None, Depends(idempotency)]


async def purge_expired(session: AsyncSession, tables: KernelTables) -> int:
    """Delete expired keys; the number deleted."""
    table = tables.idempotency_keys
    result = await session.execute(sa.delete(table).where(table.c.expires_at <= utcnow()))
    return int(getattr(result, "rowcount", 0) or 0)
