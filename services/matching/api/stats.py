"""``/v1/stats``: a region's figures over a period."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from services.common.auth import require_scope
from services.common.db import SnapshotSession
from services.common.identity import Identity
from services.common.routing import service_router
from services.common.types import IsoDate
from services.matching.domain.stats import region_stats
from services.matching.schemas_lifecycle import StatsRead

router = service_router(prefix="/v1/stats", tags=["matching"])

Reader = Annotated[Identity, Depends(require_scope("matching:read"))]


@router.get(
    "",
    summary="统计 / Figures by region and period",
    responses={422: {"description": "region_unknown, dates_invalid"}},
    response_model_by_alias=True,
)
async def get_stats(
    session: SnapshotSession,
    caller: Reader,
    region_code: Annotated[
        str | None,
        Query(pattern=r"^\d{6}(\d{3}(\d{3})?)?$", description="区划（含下级）/ with descendants"),
    ] = None,
    start: Annotated[IsoDate | None, Query(alias="from", description="起始日（含）")] = None,
    end: Annotated[IsoDate | None, Query(alias="to", description="截止日（含）")] = None,
) -> StatsRead:
    """Needs posted in the period by status, organizations engaged, person-times served and
    volunteer minutes, for the region and every region under it (all regions when omitted)."""
    return await region_stats(session, region_code, start, end)
