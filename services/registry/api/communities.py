"""``/v1/communities``: urban communities (社区) and villages (村)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Response

from services.common.db import ReadSession, WriteSession
from services.common.idempotency import Idempotent
from services.common.pagination import Page, PageDep
from services.common.routing import service_router
from services.registry.api.deps import IfMatch, Reader, Writer, set_etag
from services.registry.domain.community import CommunityService, community_read
from services.registry.schemas import (
    CommunityCreate,
    CommunityKind,
    CommunityRead,
    CommunityUpdate,
)

router = service_router(prefix="/v1/communities", tags=["registry"])


@router.get("", summary="社区和村列表 / List communities")
async def list_communities(
    session: ReadSession,
    caller: Reader,
    page: PageDep,
    region_code: Annotated[
        str | None, Query(description="含所有下级区划 / includes descendants")
    ] = None,
    kind: CommunityKind | None = None,
    q: Annotated[str | None, Query(min_length=1, max_length=100)] = None,
) -> Page[CommunityRead]:
    """Communities and villages in a region subtree, keyset-paginated."""
    rows, cursor = await CommunityService(session).list(
        page, region_code=region_code, kind=kind, q=q
    )
    return Page(items=[community_read(r) for r in rows], next_cursor=cursor)


@router.post("", status_code=201, summary="新增社区或村 / Add a community")
async def create_community(
    data: CommunityCreate,
    session: WriteSession,
    caller: Writer,
    response: Response,
    _idempotency: Idempotent,
) -> CommunityRead:
    """Add a community or village under an existing region."""
    row = await CommunityService(session).create(data, caller)
    set_etag(response, row.version)
    response.headers["Location"] = f"/v1/communities/{row.id}"
    return community_read(row)


@router.get("/{community_id}", summary="社区详情 / Get a community")
async def get_community(
    community_id: uuid.UUID, session: ReadSession, caller: Reader, response: Response
) -> CommunityRead:
    """One community or village, with its ETag."""
    row = await CommunityService(session).get(community_id)
    set_etag(response, row.version)
    return community_read(row)


@router.patch("/{community_id}", summary="修改社区 / Update a community")
async def update_community(
    community_id: uuid.UUID,
    data: CommunityUpdate,
    session: WriteSession,
    caller: Writer,
    response: Response,
    if_match: IfMatch = None,
) -> CommunityRead:
    """Change fields (If-Match required); a community admin edits only its own."""
    row = await CommunityService(session).update(
        community_id, data.model_dump(exclude_unset=True), if_match, caller
    )
    set_etag(response, row.version)
    return community_read(row)
