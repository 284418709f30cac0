"""``/v1/social-workers``: social workers, masked without ``pii:read``."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Response

from services.common.db import ReadSession, WriteSession
from services.common.idempotency import Idempotent
from services.common.pagination import Page, PageDep
from services.common.routing import service_router
from services.registry.api.deps import IfMatch, Reader, Writer, set_etag
from services.registry.domain.person import SocialWorkerService, social_worker_read
from services.registry.schemas import (
    Qualification,
    SocialWorkerCreate,
    SocialWorkerRead,
    SocialWorkerUpdate,
)

router = service_router(prefix="/v1/social-workers", tags=["registry"])


@router.get("", summary="社工列表 / List social workers")
async def list_social_workers(
    session: ReadSession,
    caller: Reader,
    page: PageDep,
    region_code: Annotated[
        str | None, Query(description="含所有下级区划 / includes descendants")
    ] = None,
    org_id: uuid.UUID | None = None,
    qualification: Qualification | None = None,
    skill: str | None = None,
) -> Page[SocialWorkerRead]:
    """Social workers by region subtree, organization, qualification and skill."""
    rows, cursor = await SocialWorkerService(session).list(
        page, region_code=region_code, org_id=org_id, qualification=qualification, skill=skill
    )
    return Page(items=[social_worker_read(r, caller) for r in rows], next_cursor=cursor)


@router.post("", status_code=201, summary="登记社工 / Add a social worker")
async def create_social_worker(
    data: SocialWorkerCreate,
    session: WriteSession,
    caller: Writer,
    response: Response,
    _idempotency: Idempotent,
) -> SocialWorkerRead:
    """Add a social worker; an org admin only for its own organization."""
    row = await SocialWorkerService(session).create(data, caller)
    set_etag(response, row.version)
    response.headers["Location"] = f"/v1/social-workers/{row.id}"
    return social_worker_read(row, caller)


@router.get("/{worker_id}", summary="社工详情 / Get a social worker")
async def get_social_worker(
    worker_id: uuid.UUID, session: ReadSession, caller: Reader, response: Response
) -> SocialWorkerRead:
    """One social worker, with its ETag."""
    row = await SocialWorkerService(session).get(worker_id)
    set_etag(response, row.version)
    return social_worker_read(row, caller)


@router.patch("/{worker_id}", summary="修改社工 / Update a social worker")
async def update_social_worker(
    worker_id: uuid.UUID,
    data: SocialWorkerUpdate,
    session: WriteSession,
    caller: Writer,
    response: Response,
    if_match: IfMatch = None,
) -> SocialWorkerRead:
    """Change fields (If-Match required)."""
    row = await SocialWorkerService(session).update(
        worker_id, data.model_dump(exclude_unset=True), if_match, caller
    )
    set_etag(response, row.version)
    return social_worker_read(row, caller)
