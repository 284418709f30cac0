"""``/v1/collaborations``: east-west, mountain-sea and paired-assistance collaborations."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Response

from services.common.db import ReadSession, WriteSession
from services.common.idempotency import Idempotent
from services.common.pagination import Page, PageDep
from services.common.routing import service_router
from services.common.types import IsoDate
from services.registry.api.deps import IfMatch, Reader, Writer, set_etag
from services.registry.domain.collaboration import CollaborationService, collaboration_read
from services.registry.schemas import (
    CollaborationCreate,
    CollaborationKind,
    CollaborationRead,
    CollaborationUpdate,
)

router = service_router(prefix="/v1/collaborations", tags=["registry"])


@router.get("", summary="协作关系列表 / List collaborations")
async def list_collaborations(
    session: ReadSession,
    caller: Reader,
    page: PageDep,
    region_code: Annotated[
        str | None, Query(description="支援方或受援方在此区划内 / either side in this subtree")
    ] = None,
    kind: CollaborationKind | None = None,
    active_on: Annotated[IsoDate | None, Query(description="当日有效 / active on this day")] = None,
) -> Page[CollaborationRead]:
    """Collaborations touching a region subtree, keyset-paginated."""
    rows, cursor = await CollaborationService(session).list(
        page, region_code=region_code, kind=kind, active_on=active_on
    )
    return Page(items=[collaboration_read(r) for r in rows], next_cursor=cursor)


@router.post("", status_code=201, summary="新增协作关系 / Add a collaboration")
async def create_collaboration(
    data: CollaborationCreate,
    session: WriteSession,
    caller: Writer,
    response: Response,
    _idempotency: Idempotent,
) -> CollaborationRead:
    """Record a collaboration between a supporting and a receiving region."""
    row = await CollaborationService(session).create(data, caller)
    set_etag(response, row.version)
    response.headers["Location"] = f"/v1/collaborations/{row.id}"
    return collaboration_read(row)


@router.get("/{collaboration_id}", summary="协作关系详情 / Get a collaboration")
async def get_collaboration(
    collaboration_id: uuid.UUID, session: ReadSession, caller: Reader, response: Response
) -> CollaborationRead:
    """One collaboration, with its ETag."""
    row = await CollaborationService(session).get(collaboration_id)
    set_etag(response, row.version)
    return collaboration_read(row)


@router.patch("/{collaboration_id}", summary="修改协作关系 / Update a collaboration")
async def update_collaboration(
    collaboration_id: uuid.UUID,
    data: CollaborationUpdate,
    session: WriteSession,
    caller: Writer,
    response: Response,
    if_match: IfMatch = None,
) -> CollaborationRead:
    """Change the name or dates (If-Match required)."""
    row = await CollaborationService(session).update(
        collaboration_id, data.model_dump(exclude_unset=True), if_match, caller
    )
    set_etag(response, row.version)
    return collaboration_read(row)
