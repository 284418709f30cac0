"""``/v1/transfers``: double-entry transfers, two-phase reservations, batches.

Writes answer with JSON built straight from the journal entry (:func:`read_json`, the bytes
``TransferRead`` would give) rather than through a response model: validating and serializing
``TransferRead`` cost more than the ledger's own work per transfer, and 8,000 of them per batch.
The decorators still name the models, so the OpenAPI document is unchanged.
"""

from __future__ import annotations

import json
import uuid
from typing import Annotated, Any, cast

import sqlalchemy as sa
from fastapi import Query, Request
from fastapi.responses import Response

from services.common.db import ReadSession
from services.common.errors import NotFound, WusheError, wants_english, wushe_problem
from services.common.identity import Identity
from services.common.pagination import Page, PageDep, cursor_key, encode_cursor
from services.common.routing import service_router
from services.funds.api.deps import (
    IdempotencyKey,
    Reader,
    Writer,
    WriterDep,
    fingerprint,
    lane_caller,
    principal,
)
from services.funds.db.models import Transfer
from services.funds.domain.errors import FundsCode
from services.funds.domain.ledger import (
    Outcome,
    TransferRequest,
    entry_of,
    new_ids,
    read_text,
    transfer_json,
)
from services.funds.domain.writer import LedgerWriter, writer_of
from services.funds.schemas import (
    BatchCreate,
    BatchItem,
    BatchResult,
    PostPending,
    TransferCreate,
    TransferRead,
)

router = service_router(prefix="/v1/transfers", tags=["funds"])

TRANSFERS = cast(sa.Table, Transfer.__table__)


def _request(
    data: TransferCreate,
    caller: Any,
    key: str | None,
    path: str,
    body: Any,
    batch: str | None = None,
) -> TransferRequest:
    return TransferRequest(
        debit_account_id=data.debit_account_id,
        credit_account_id=data.credit_account_id,
        amount=data.amount,
        asset=data.asset,
        kind=data.kind,
        action="pending" if data.pending else "single",
        timeout_seconds=data.timeout_seconds,
        booked_on=data.booked_on,
        reverses_id=data.reverses_id,
        metadata=data.metadata,
        principal=principal(caller) if key else None,
        idempotency_key=key,
        request_hash=fingerprint(path, body) if key else None,
        batch=batch,
    )


def _answer(outcome: Outcome) -> Response:
    if outcome.error is not None:
        raise outcome.error
    assert outcome.entry is not None
    headers = {"Location": f"/v1/transfers/{outcome.entry['id']}"}
    if outcome.replayed:
        headers["Idempotent-Replayed"] = "true"
    # The entry's text (the bytes JSONResponse would make of read_json): once per transfer.
    return Response(
        read_text(outcome.entry).encode(),
        status_code=201,
        headers=headers,
        media_type="application/json",
    )


@router.post(
    "",
    status_code=201,
    response_model=TransferRead,
    summary="转账 / Create a transfer",
    responses={409: {"description": "insufficient_funds, period_sealed"}},
)
async def create_transfer(
    data: TransferCreate,
    caller: Writer,
    writer: WriterDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Move ``amount`` from the debit account to the credit account (or reserve it: pending)."""
    body = data.model_dump(mode="json") if idempotency_key else None
    request = _request(data, caller, idempotency_key, "/v1/transfers", body)
    ((outcome,),) = await writer.submit([([request], False)])
    return _answer(outcome)


async def transfer_lane(request: Request, body: bytes) -> Response | None:
    """``POST /v1/transfers`` without the framework's layers (:mod:`services.common.lane`).

    It answers what :func:`create_transfer` answers to a well-formed transfer from a caller with
    ``funds:write`` — the same checks, the same request to the ledger writer, the same answer
    and problems — at a fraction of the CPU; anything else (a body that does not validate, a
    missing scope, an unusual header) is left to :func:`create_transfer`.
    """
    allowed = lane_caller(request)
    if allowed is None:
        return None
    caller, key = allowed
    try:
        data = TransferCreate.model_validate(json.loads(body))  # as FastAPI parses a body
    except ValueError:  # JSON, encoding or validation (a ValueError): the endpoint answers
        return None
    # From here on the lane answers: the transfer is in the writer's hands.
    dumped = data.model_dump(mode="json") if key else None
    ((outcome,),) = await writer_of(request.app).submit(
        [([_request(data, caller, key, "/v1/transfers", dumped)], False)]
    )
    if outcome.error is not None:
        return wushe_problem(request, outcome.error)
    return _answer(outcome)


async def batch_lane(request: Request, body: bytes) -> Response | None:
    """``POST /v1/transfers/batch`` without the framework's layers: as :func:`transfer_lane`.

    The body is parsed by Pydantic straight from JSON (``model_validate_json``): for 8,000
    items, ``json.loads`` and then validating the Python objects, as FastAPI does, cost a sixth
    of the batch's CPU. Whatever does not validate is left to :func:`create_transfers`, whose
    422 names every field.
    """
    allowed = lane_caller(request)
    if allowed is None:
        return None
    caller, key = allowed
    try:
        data = BatchCreate.model_validate_json(body)
    except ValueError:
        return None
    english = wants_english(request.headers.get("accept-language"))
    return await _apply_batch(data, caller, writer_of(request.app), key, english)


def _problem(exc: WusheError, english: bool) -> dict[str, Any]:
    return exc.to_problem(english)


@router.post("/batch", response_model=BatchResult, summary="批量转账 / Up to 8,000 transfers")
async def create_transfers(
    data: BatchCreate,
    request: Request,
    caller: Writer,
    writer: WriterDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Every item gets its own outcome; with ``atomic`` all are applied or none is.

    With ``Idempotency-Key``, item ``i`` is idempotent under ``<key>:<i>``: a repeated batch
    replays what was applied and applies only what was not.

    The change feed tells a batch's transfers in ``transfer.batch`` events, not one
    ``transfer.posted``/``transfer.pending`` event each: ``subject`` is ``{kind:
    "transfer_batch", id: <batch id>}`` and ``data`` is ``{batch_id, part, parts, count,
    transfers}``, ``transfers`` holding up to 1,000 applied transfers in journal order, each
    exactly as ``GET /v1/transfers/{id}`` gives it (``action`` and ``pending`` tell posted from
    reserved). A batch of more than 1,000 is told in ``parts`` events numbered ``part`` 1, 2, ...
    Replayed and refused items are not told again.
    """
    english = wants_english(request.headers.get("accept-language"))
    return await _apply_batch(data, caller, writer, idempotency_key, english)


async def _apply_batch(
    data: BatchCreate,
    caller: Identity,
    writer: LedgerWriter,
    idempotency_key: str | None,
    english: bool,
) -> Response:
    """A batch's transfers through the writer, and its answer (the endpoint's and the lane's)."""
    batch = str(new_ids(1)[0])
    requests = []
    for index, item in enumerate(data.transfers):
        key = f"{idempotency_key}:{index}" if idempotency_key else None
        body = item.model_dump(mode="json") if key else None
        requests.append(_request(item, caller, key, "/v1/transfers", body, batch))
    if data.atomic:
        (outcomes,) = await writer.submit([(requests, True)])
    else:
        outcomes = [o for (o,) in await writer.submit([([r], False) for r in requests])]
    # The answer as BatchResult serializes it, built as text: each applied entry's JSON was
    # encoded once, for its transfer.batch event (ledger.read_text); 8,000 per batch.
    parts: list[str] = []
    applied = 0
    for index, outcome in enumerate(outcomes):
        if outcome.error is not None:
            # Problems are free-form (extra members): validated as BatchItem validates them.
            failed = BatchItem(
                index=index, status=outcome.error.status, error=_problem(outcome.error, english)
            )
            parts.append(_DUMPS(failed.model_dump(mode="json")))
        else:
            assert outcome.entry is not None
            applied += 1
            status = 200 if outcome.replayed else 201
            text = read_text(outcome.entry)
            parts.append(f'{{"index":{index},"status":{status},"transfer":{text},"error":null}}')
    content = '{"results":[' + ",".join(parts) + f'],"applied":{applied}}}'
    return Response(content.encode(), media_type="application/json")


_DUMPS = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode


async def _settle(
    action: str,
    pending_id: uuid.UUID,
    amount: int | None,
    caller: Any,
    writer: Any,
    key: str | None,
) -> Response:
    body = {"action": action, "pending_id": str(pending_id), "amount": amount}
    request = TransferRequest(
        action=action,
        pending_id=pending_id,
        amount=amount,
        kind="settlement",
        principal=principal(caller) if key else None,
        idempotency_key=key,
        request_hash=fingerprint(f"/v1/transfers/{pending_id}/{action}", body) if key else None,
    )
    ((outcome,),) = await writer.submit([([request], False)])
    return _answer(outcome)


@router.post(
    "/{transfer_id}/post",
    status_code=201,
    response_model=TransferRead,
    summary="入账预留 / Post a reservation",
)
async def post_transfer(
    transfer_id: uuid.UUID,
    caller: Writer,
    writer: WriterDep,
    data: PostPending = PostPending(),
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Post a pending transfer in full, or part of what remains of it."""
    amount = data.amount
    return await _settle("post", transfer_id, amount, caller, writer, idempotency_key)


@router.post(
    "/{transfer_id}/void",
    status_code=201,
    response_model=TransferRead,
    summary="撤销预留 / Void a reservation",
)
async def void_transfer(
    transfer_id: uuid.UUID,
    caller: Writer,
    writer: WriterDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Release what remains of a pending transfer."""
    return await _settle("void", transfer_id, None, caller, writer, idempotency_key)


@router.get("/{transfer_id}", summary="转账详情 / Get a transfer")
async def get_transfer(
    transfer_id: uuid.UUID, session: ReadSession, caller: Reader
) -> TransferRead:
    """One journal entry."""
    row = (await session.execute(sa.select(TRANSFERS).where(TRANSFERS.c.id == transfer_id))).first()
    if row is None:
        raise NotFound(f"转账 {transfer_id} 不存在", code=FundsCode.TRANSFER_UNKNOWN)
    return TransferRead.model_validate(transfer_json(entry_of(row)))


@router.get("", summary="转账列表 / List transfers")
async def list_transfers(
    session: ReadSession,
    caller: Reader,
    page: PageDep,
    account_id: Annotated[uuid.UUID | None, Query(description="借方或贷方 / either side")] = None,
) -> Page[TransferRead]:
    """The journal in order, or the entries of one account."""
    stmt = sa.select(TRANSFERS)
    if account_id is not None:
        stmt = stmt.where(
            sa.or_(
                TRANSFERS.c.debit_account_id == account_id,
                TRANSFERS.c.credit_account_id == account_id,
            )
        )
    after = cursor_key(page, (int,))
    if after is not None:
        stmt = stmt.where(TRANSFERS.c.seq > after[0])
    rows = (await session.execute(stmt.order_by(TRANSFERS.c.seq).limit(page.limit + 1))).all()
    cursor = encode_cursor([rows[page.limit - 1].seq]) if len(rows) > page.limit else None
    return Page(
        items=[TransferRead.model_validate(transfer_json(entry_of(r))) for r in rows[: page.limit]],
        next_cursor=cursor,
    )
