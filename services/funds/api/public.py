"""``/v1/public/funds/{id}``: public disclosure (信息公开) without credentials or personal data."""

from __future__ import annotations

import uuid

from services.common.db import SnapshotSession
from services.common.routing import service_router
from services.funds.domain.fund import get_fund
from services.funds.domain.statement import disclosure
from services.funds.schemas import PublicFund

router = service_router(prefix="/v1/public", tags=["funds"])


@router.get("/funds/{fund_id}", summary="基金信息公开 / Public disclosure of a fund")
async def get_public_fund(fund_id: uuid.UUID, session: SnapshotSession) -> PublicFund:
    """Totals, grants and donations (anonymous donors as ``匿名``); no personal data."""
    return await disclosure(session, await get_fund(session, fund_id))
