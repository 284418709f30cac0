"""``/v1/needs``: needs with their triage (三事分流), referrals and candidates."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Response

from services.common.db import ReadSession, WriteSession
from services.common.idempotency import Idempotent
from services.common.pagination import Page, PageDep
from services.common.routing import service_router
from services.matching.api.deps import IfMatch, Reader, WeightsDep, Writer, set_etag
from services.matching.domain.candidates import candidates
from services.matching.domain.needs import NeedService
from services.matching.schemas import (
    SCORE_DOC,
    CandidateList,
    NeedCreate,
    NeedRead,
    NeedStatus,
    NeedUpdate,
    ReferralRead,
    Triage,
)

router = service_router(prefix="/v1/needs", tags=["matching"])

RegionQuery = Annotated[
    str | None,
    Query(
        pattern=r"^(\d{6}|\d{9}|\d{12})$",
        description="含所有下级区划 / includes descendants",
    ),
]


@router.get("", summary="需求列表 / List needs")
async def list_needs(
    session: ReadSession,
    caller: Reader,
    page: PageDep,
    community_id: uuid.UUID | None = None,
    region_code: RegionQuery = None,
    status: NeedStatus | None = None,
    domain: Annotated[str | None, Query(min_length=1, max_length=64)] = None,
    triage: Triage | None = None,
) -> Page[NeedRead]:
    """Needs by community, region subtree, status, domain and triage, oldest first."""
    items, cursor = await NeedService(session).list(
        page,
        community_id=community_id,
        region_code=region_code,
        status=status,
        domain=domain,
        triage=triage,
    )
    return Page(items=items, next_cursor=cursor)


@router.post("", status_code=201, summary="发布需求 / Post a need")
async def create_need(
    data: NeedCreate,
    session: WriteSession,
    caller: Writer,
    response: Response,
    _idempotency: Idempotent,
) -> NeedRead:
    """Post a need for a community and triage it: minor → open, major → referred (with a
    referral record), private → closed with advice. A community admin posts only for its own."""
    read = await NeedService(session).create(data, caller)
    set_etag(response, 1)
    response.headers["Location"] = f"/v1/needs/{read.id}"
    return read


@router.get("/referrals", summary="转介记录 / List referrals of major needs")
async def list_referrals(
    session: ReadSession,
    caller: Reader,
    page: PageDep,
    region_code: RegionQuery = None,
    department: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
) -> Page[ReferralRead]:
    """Major needs (大事) referred to government departments, for partner systems."""
    items, cursor = await NeedService(session).referrals(
        page, region_code=region_code, department=department
    )
    return Page(items=items, next_cursor=cursor)


@router.get("/{need_id}", summary="需求详情 / Get a need")
async def get_need(
    need_id: uuid.UUID, session: ReadSession, caller: Reader, response: Response
) -> NeedRead:
    """One need, with its ETag."""
    service = NeedService(session)
    row = await service.get(need_id)
    set_etag(response, row.version)
    return await service.read(row)


@router.patch("/{need_id}", summary="修改需求 / Update a need")
async def update_need(
    need_id: uuid.UUID,
    data: NeedUpdate,
    session: WriteSession,
    caller: Writer,
    response: Response,
    if_match: IfMatch = None,
) -> NeedRead:
    """Change an open need (If-Match required); a community admin changes only its own."""
    row, read = await NeedService(session).update(
        need_id, data.model_dump(exclude_unset=True), if_match, caller
    )
    set_etag(response, row.version)
    return read


@router.post("/{need_id}/cancel", summary="取消需求 / Cancel a need")
async def cancel_need(
    need_id: uuid.UUID, session: WriteSession, caller: Writer, response: Response
) -> NeedRead:
    """Cancel an open need."""
    row, read = await NeedService(session).cancel(need_id, caller)
    set_etag(response, row.version)
    return read


@router.get(
    "/{need_id}/candidates",
    summary="候选资源 / Candidate offers for a need",
    description="按得分从高到低列出可服务该需求的资源。" + SCORE_DOC,
)
async def list_candidates(
    need_id: uuid.UUID,
    session: ReadSession,
    caller: Reader,
    weights: WeightsDep,
    limit: Annotated[int, Query(ge=1, le=200, description="条数 / how many (1-200)")] = 20,
) -> CandidateList:
    """The best offers for an open need, best first, each score explained by its parts."""
    need = await NeedService(session).get(need_id)
    return CandidateList(items=await candidates(session, need, limit=limit, weights=weights))
