"""``/v1/regions``: the administrative division tree."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Response

from services.common.db import ReadSession, WriteSession
from services.common.idempotency import Idempotent
from services.common.pagination import Page, PageDep
from services.common.routing import service_router
from services.registry.api.deps import Reader, Writer
from services.registry.domain.base import ensure_not_bound
from services.registry.domain.region import RegionService
from services.registry.schemas import RegionCreate, RegionLevel, RegionRead

router = service_router(prefix="/v1/regions", tags=["registry"])


#: Regions never change once created, so their ETag is constant.
REGION_ETAG = 'W/"1"'


@router.get("", summary="区划列表 / List regions")
async def list_regions(
    session: ReadSession,
    caller: Reader,
    page: PageDep,
    parent_code: Annotated[str | None, Query(description="上级区划代码；为空时列出省级")] = None,
    level: RegionLevel | None = None,
) -> Page[RegionRead]:
    """Children of a region (provinces when no parent is given), ordered by code."""
    rows, cursor = await RegionService(session).list(page, parent_code=parent_code, level=level)
    return Page(
        items=[RegionRead.model_validate(r, from_attributes=True) for r in rows], next_cursor=cursor
    )


@router.get("/{code}", summary="区划详情 / Get a region")
async def get_region(
    code: str, session: ReadSession, caller: Reader, response: Response
) -> RegionRead:
    """One region."""
    region = await RegionService(session).get(code)
    response.headers["ETag"] = REGION_ETAG
    return RegionRead.model_validate(region, from_attributes=True)


@router.get("/{code}/ancestors", summary="区划上级链 / Region ancestry")
async def get_region_ancestry(code: str, session: ReadSession, caller: Reader) -> list[RegionRead]:
    """The region and each of its ancestors, province first."""
    chain = await RegionService(session).ancestry(code)
    return [RegionRead.model_validate(r, from_attributes=True) for r in chain]


@router.post("", status_code=201, summary="新增乡镇或村 / Add a township or village")
async def create_region(
    data: RegionCreate,
    session: WriteSession,
    caller: Writer,
    response: Response,
    _idempotency: Idempotent,
) -> RegionRead:
    """Add a township (9 digits) or village (12 digits) under an existing parent."""
    ensure_not_bound(caller)
    region = await RegionService(session).create(data)
    response.headers["Location"] = f"/v1/regions/{region.code}"
    response.headers["ETag"] = REGION_ETAG
    return RegionRead.model_validate(region, from_attributes=True)
