"""``/v1/transfers``: double-entry transfers, two-phase reservations, batches."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, cast

import sqlalchemy as sa
from fastapi import Query, Request, Response

from services.common.db import ReadSession
from services.common.errors import NotFound, WusheError, wants_english
from services.common.pagination import Page, PageDep, cursor_key, encode_cursor
from services.common.routing import service_router
from services.funds.api.deps import (
    IdempotencyKey,
    Reader,
    Writer,
    WriterDep,
    fingerprint,
    principal,
)
from services.funds.db.models import Transfer
from services.funds.domain.errors import FundsCode
from services.funds.domain.ledger import Outcome, TransferRequest, entry_of, transfer_json
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
    data: TransferCreate, caller: Any, key: str | None, path: str, body: Any
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
    )


def _answer(outcome: Outcome, response: Response) -> TransferRead:
    if outcome.error is not None:
        raise outcome.error
    assert outcome.entry is not None
    if outcome.replayed:
        response.headers["Idempotent-Replayed"] = "true"
    response.headers["Location"] = f"/v1/transfers/{outcome.entry['id']}"
    return TransferRead.model_validate(transfer_json(outcome.entry))


@router.post(
    "",
    status_code=201,
    summary="转账 / Create a transfer",
    responses={409: {"description": "insufficient_funds, period_sealed"}},
)
async def create_transfer(
    data: TransferCreate,
    caller: Writer,
    writer: WriterDep,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> TransferRead:
    """Move ``amount`` from the debit account to the credit account (or reserve it: pending)."""
    body = data.model_dump(mode="json")
    request = _request(data, caller, idempotency_key, "/v1/transfers", body)
    ((outcome,),) = await writer.submit([([request], False)])
    return _answer(outcome, response)


def _problem(exc: WusheError, english: bool) -> dict[str, Any]:
    return exc.to_problem(english)


@router.post("/batch", summary="批量转账 / Up to 8,000 transfers")
async def create_transfers(
    data: BatchCreate,
    request: Request,
    caller: Writer,
    writer: WriterDep,
    idempotency_key: IdempotencyKey = None,
) -> BatchResult:
    """Every item gets its own outcome; with ``atomic`` all are applied or none is.

    With ``Idempotency-Key``, item ``i`` is idempotent under ``<key>:<i>``: a repeated batch
    replays what was applied and applies only what was not.
    """
    requests = []
    for index, item in enumerate(data.transfers):
        key = f"{idempotency_key}:{index}" if idempotency_key else None
        body = item.model_dump(mode="json")
        requests.append(_request(item, caller, key, "/v1/transfers", body))
    if data.atomic:
        (outcomes,) = await writer.submit([(requests, True)])
    else:
        outcomes = [o for (o,) in await writer.submit([([r], False) for r in requests])]
    english = wants_english(request.headers.get("accept-language"))
    results = []
    for index, outcome in enumerate(outcomes):
        if outcome.error is not None:
            results.append(
                BatchItem(
                    index=index,
                    status=outcome.error.status,
                    error=_problem(outcome.error, english),
                )
            )
        else:
            assert outcome.entry is not None
            results.append(
                BatchItem(
                    index=index,
                    status=200 if outcome.replayed else 201,
                    transfer=TransferRead.model_validate(transfer_json(outcome.entry)),
                )
            )
    return BatchResult(results=results, applied=sum(r.error is None for r in results))


async def _settle(
    action: str,
    pending_id: uuid.UUID,
    amount: int | None,
    caller: Any,
    writer: Any,
    response: Response,
    key: str | None,
) -> TransferRead:
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
    return _answer(outcome, response)


@router.post("/{transfer_id}/post", status_code=201, summary="入账预留 / Post a reservation")
async def post_transfer(
    transfer_id: uuid.UUID,
    caller: Writer,
    writer: WriterDep,
    response: Response,
    data: PostPending | None = None,
    idempotency_key: IdempotencyKey = None,
) -> TransferRead:
    """Post a pending transfer in full, or part of what remains of it."""
    amount = data.amount if data is not None else None
    return await _settle("post", transfer_id, amount, caller, writer, response, idempotency_key)


@router.post("/{transfer_id}/void", status_code=201, summary="撤销预留 / Void a reservation")
async def void_transfer(
    transfer_id: uuid.UUID,
    caller: Writer,
    writer: WriterDep,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> TransferRead:
    """Release what remains of a pending transfer."""
    return await _settle("void", transfer_id, None, caller, writer, response, idempotency_key)


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
