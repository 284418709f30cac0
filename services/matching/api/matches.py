"""``/v1/matches``: the lifecycle of a match, its service records and feedback."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Body, Depends, Header, Request, Response

from services.common.auth import require_scope
from services.common.db import ReadSession, WriteSession
from services.common.idempotency import Idempotent
from services.common.identity import Identity
from services.common.pagination import Page, PageDep
from services.common.routing import service_router
from services.matching.db.lifecycle import Match
from services.matching.domain.feedback import FeedbackService
from services.matching.domain.matches import MatchService, ensure_may_see, etag, match_read
from services.matching.domain.records import RecordService
from services.matching.schemas_lifecycle import (
    AcceptBody,
    CancelBody,
    DeclineBody,
    FeedbackCreate,
    FeedbackRead,
    MatchRead,
    MatchStatus,
    ServiceRecordCreate,
    ServiceRecordRead,
    StartBody,
)

router = service_router(prefix="/v1/matches", tags=["matching"])

Reader = Annotated[Identity, Depends(require_scope("matching:read"))]
Writer = Annotated[Identity, Depends(require_scope("matching:write"))]
IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description="可选：上次 GET 返回的 ETag；已过期则 412 / optional: the ETag from the last "
        "GET; a stale one is 412",
    ),
]

TRANSITION_ERRORS: dict[int | str, dict[str, str]] = {
    403: {"description": "community_mismatch, org_mismatch, side_not_allowed"},
    404: {"description": "not_found"},
    409: {"description": "match_state, capacity_exhausted, need_covered, need_state, offer_state"},
    412: {"description": "precondition_failed (stale If-Match)"},
}


async def _answer(
    service: MatchService, caller: Identity, match: Match, response: Response
) -> MatchRead:
    response.headers["ETag"] = etag(match.version)
    return match_read(match, await service.contacts(caller, match))


def _nudge(request: Request) -> None:
    """Owed messages were written: the relay looks again right after the commit."""
    relay = getattr(request.app.state, "relay", None)
    if relay is not None:
        relay.nudge()


@router.get("", summary="对接列表 / List matches")
async def list_matches(
    session: ReadSession,
    caller: Reader,
    page: PageDep,
    need_id: uuid.UUID | None = None,
    offer_id: uuid.UUID | None = None,
    status: MatchStatus | None = None,
    round_id: uuid.UUID | None = None,
) -> Page[MatchRead]:
    """Matches, oldest first; a community admin sees its community's, an org admin its
    organization's. Contact details appear once both sides have accepted."""
    service = MatchService(session)
    rows, cursor = await service.list(
        caller, page, need_id=need_id, offer_id=offer_id, status=status, round_id=round_id
    )
    items = [match_read(m, await service.contacts(caller, m)) for m in rows]
    return Page(items=items, next_cursor=cursor)


@router.get(
    "/{match_id}",
    summary="对接详情 / Get a match",
    responses={403: {"description": "community_mismatch, org_mismatch"}},
)
async def get_match(
    match_id: uuid.UUID, session: ReadSession, caller: Reader, response: Response
) -> MatchRead:
    """One match with its ETag; both sides' contacts once both have accepted."""
    service = MatchService(session)
    match = await service.get(match_id)
    need, offer = await service.sides(match)
    ensure_may_see(caller, need, offer)
    return await _answer(service, caller, match, response)


@router.post("/{match_id}/accept", summary="接受对接 / Accept a match", responses=TRANSITION_ERRORS)
async def accept_match(
    match_id: uuid.UUID,
    data: AcceptBody,
    session: WriteSession,
    caller: Writer,
    response: Response,
    if_match: IfMatch = None,
) -> MatchRead:
    """One side accepts (a community admin the need side of its community's need, an org admin
    the offer side of its organization's offer). The second acceptance reserves the offer's
    capacity: 409 ``capacity_exhausted`` when another match took it first. A repeat changes
    nothing."""
    service = MatchService(session)
    match = await service.accept(match_id, data.side, caller, if_match)
    return await _answer(service, caller, match, response)


@router.post(
    "/{match_id}/decline", summary="拒绝对接 / Decline a match", responses=TRANSITION_ERRORS
)
async def decline_match(
    match_id: uuid.UUID,
    data: DeclineBody,
    session: WriteSession,
    caller: Writer,
    response: Response,
    if_match: IfMatch = None,
) -> MatchRead:
    """One side declines a proposed or accepted match; reserved capacity goes back."""
    service = MatchService(session)
    match = await service.decline(match_id, data.side, data.reason, caller, if_match)
    return await _answer(service, caller, match, response)


@router.post(
    "/{match_id}/start",
    summary="开始服务 / Start service",
    responses={
        **TRANSITION_ERRORS,
        409: {"description": "match_state (both sides must accept first), grantee_not_eligible"},
        422: {"description": "grantee_required, grantee_unknown"},
    },
)
async def start_match(
    match_id: uuid.UUID,
    session: WriteSession,
    caller: Writer,
    request: Request,
    response: Response,
    data: Annotated[StartBody, Body(default_factory=StartBody)],
    if_match: IfMatch = None,
) -> MatchRead:
    """Service begins once both sides have accepted. A funds match names the grantee and
    becomes a grant application in Funds (amount = quantity yuan × 100 fen), sent through
    the outbox; ``grant_id`` stays empty (see docs/decisions.md)."""
    service = MatchService(session)
    match = await service.start(match_id, data.grantee_org_id, caller, if_match)
    _nudge(request)
    return await _answer(service, caller, match, response)


@router.post(
    "/{match_id}/complete", summary="完成服务 / Complete a match", responses=TRANSITION_ERRORS
)
async def complete_match(
    match_id: uuid.UUID,
    session: WriteSession,
    caller: Writer,
    response: Response,
    if_match: IfMatch = None,
) -> MatchRead:
    """Service is done; the need is fulfilled once completed matches cover its quantity."""
    service = MatchService(session)
    match = await service.complete(match_id, caller, if_match)
    return await _answer(service, caller, match, response)


@router.post("/{match_id}/cancel", summary="取消对接 / Cancel a match", responses=TRANSITION_ERRORS)
async def cancel_match(
    match_id: uuid.UUID,
    session: WriteSession,
    caller: Writer,
    response: Response,
    data: Annotated[CancelBody, Body(default_factory=CancelBody)],
    if_match: IfMatch = None,
) -> MatchRead:
    """Call off a match that has not completed; reserved capacity goes back."""
    service = MatchService(session)
    match = await service.cancel(match_id, data.reason, caller, if_match)
    return await _answer(service, caller, match, response)


@router.post(
    "/{match_id}/service-records",
    status_code=201,
    summary="记录服务 / Record service",
    responses={
        403: {"description": "community_mismatch, org_mismatch, side_not_allowed"},
        404: {"description": "not_found"},
        409: {"description": "match_state"},
        422: {
            "description": "volunteer_unknown, volunteer_repeated, minutes_invalid, "
            "time_bank_required, dates_invalid"
        },
    },
)
async def create_service_record(
    match_id: uuid.UUID,
    data: ServiceRecordCreate,
    session: WriteSession,
    caller: Writer,
    request: Request,
    response: Response,
    _idempotency: Idempotent,
) -> ServiceRecordRead:
    """A volunteer-service record of a match in service or completed. Each volunteer's minutes
    are credited to the Funds time bank through the outbox: accepted even while Funds is down,
    credited exactly once when it is back."""
    record = await RecordService(session).create(match_id, data, caller)
    response.headers["Location"] = f"/v1/matches/{match_id}/service-records"
    _nudge(request)
    return record


@router.get(
    "/{match_id}/service-records",
    summary="服务记录 / A match's service records",
    responses={403: {"description": "community_mismatch, org_mismatch"}},
)
async def list_service_records(
    match_id: uuid.UUID, session: ReadSession, caller: Reader, page: PageDep
) -> Page[ServiceRecordRead]:
    """A match's service records, oldest first."""
    items, cursor = await RecordService(session).list(match_id, caller, page)
    return Page(items=items, next_cursor=cursor)


@router.post(
    "/{match_id}/feedback",
    status_code=201,
    summary="评价对接 / Give feedback",
    responses={
        403: {"description": "community_mismatch, org_mismatch, side_not_allowed"},
        404: {"description": "not_found"},
        409: {"description": "feedback_exists, match_state"},
        422: {"description": "side_required"},
    },
)
async def create_feedback(
    match_id: uuid.UUID,
    data: FeedbackCreate,
    session: WriteSession,
    caller: Writer,
    request: Request,
    response: Response,
) -> FeedbackRead:
    """One side's 1-5 feedback, once per side. The need side's on an organization's offer
    becomes the organization's rating in the Registry (through the outbox)."""
    row = await FeedbackService(session).create(match_id, data, caller)
    response.headers["Location"] = f"/v1/matches/{match_id}/feedback"
    _nudge(request)
    return row


@router.get(
    "/{match_id}/feedback",
    summary="对接评价 / A match's feedback",
    responses={403: {"description": "community_mismatch, org_mismatch"}},
)
async def list_feedback(
    match_id: uuid.UUID, session: ReadSession, caller: Reader
) -> Page[FeedbackRead]:
    """The feedback given on a match (at most one per side; never a next page)."""
    return Page(items=await FeedbackService(session).list(match_id, caller))
