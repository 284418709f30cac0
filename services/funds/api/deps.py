"""Annotated dependencies shared by Funds' routers."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Annotated, Any

from fastapi import Depends, Header, Request

from services.common.auth import require_scope
from services.common.errors import KernelCode, ValidationFailed
from services.common.idempotency import HEADER
from services.common.identity import Identity
from services.funds.domain.writer import LedgerWriter, writer_of

Reader = Annotated[Identity, Depends(require_scope("funds:read"))]
Writer = Annotated[Identity, Depends(require_scope("funds:write"))]


async def get_writer(request: Request) -> LedgerWriter:
    """This process's ledger writer."""
    return writer_of(request.app)


WriterDep = Annotated[LedgerWriter, Depends(get_writer)]

#: What an Idempotency-Key may be: 1 to 200 visible ASCII characters.
KEY_PATTERN = r"^[\x21-\x7e]{1,200}$"

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias=HEADER,
        pattern=KEY_PATTERN,
        description=(
            "幂等键：同一键与相同请求重放首次的转账，不同请求返回 422 / the same key and body "
            "replay the first transfer; another body is 422 idempotency_mismatch"
        ),
    ),
]


def fingerprint(path: str, body: Any) -> str:
    """What a repeated request must match to replay (the path and the canonical body)."""
    raw = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{path}\n{raw}".encode()).hexdigest()


def principal(caller: Identity) -> str:
    """Whose idempotency keys these are: the caller as the gateway vouched for them."""
    return (caller.act or caller.sub)[:160]


def refuse_if(condition: bool, message: str) -> None:
    """A 422 about the request as a whole."""
    if condition:
        raise ValidationFailed(message, code=KernelCode.VALIDATION_FAILED)


_KEY = re.compile(KEY_PATTERN)
_JSON = ("application/json", "application/json; charset=utf-8")


def lane_caller(request: Request) -> tuple[Identity, str | None] | None:
    """The caller and Idempotency-Key of a request a lane (:mod:`services.common.lane`) may
    answer, or ``None``: a caller without ``funds:write``, a body that is not JSON, an unusual
    key (the endpoint answers those)."""
    caller: Identity | None = getattr(request.state, "identity", None)
    if caller is None or caller.is_anonymous or not caller.has_scope("funds:write"):
        return None
    if request.headers.get("content-type", "").lower() not in _JSON:
        return None
    keys = request.headers.getlist(HEADER)
    if len(keys) > 1 or (keys and not _KEY.fullmatch(keys[0])):
        return None
    return caller, keys[0] if keys else None
