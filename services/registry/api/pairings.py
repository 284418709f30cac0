"""``/v1/pairings``: organizations paired with communities (结对帮扶)."""

from __future__ import annotations

import uuid

from fastapi import Response

from services.common.db import ReadSession, WriteSession
from services.common.idempotency import Idempotent
from services.common.pagination import Page, PageDep
from services.common.routing import service_router
from services.common.types import IsoDate
from services.registry.api.deps import IfMatch, Reader, Writer, set_etag
from services.registry.domain.pairing import PairingService, pairing_read
from services.registry.schemas import PairingCreate, PairingRead, PairingStatus, PairingUpdate

router = service_router(prefix="/v1/pairings", tags=["registry"])


@router.get("", summary="结对列表 / List pairings")
async def list_pairings(
    session: ReadSession,
    caller: Reader,
    page: PageDep,
    org_id: uuid.UUID | None = None,
    community_id: uuid.UUID | None = None,
    collaboration_id: uuid.UUID | None = None,
    status: PairingStatus | None = None,
    active_on: IsoDate | None = None,
) -> Page[PairingRead]:
    """Pairings by organization, community, collaboration, status or day (history included)."""
    rows, cursor = await PairingService(session).list(
        page,
        org_id=org_id,
        community_id=community_id,
        collaboration_id=collaboration_id,
        status=status,
        active_on=active_on,
    )
    return Page(items=[pairing_read(r) for r in rows], next_cursor=cursor)


@router.post("", status_code=201, summary="新增结对 / Add a pairing")
async def create_pairing(
    data: PairingCreate,
    session: WriteSession,
    caller: Writer,
    response: Response,
    _idempotency: Idempotent,
) -> PairingRead:
    """Pair an organization with a community for a period."""
    row = await PairingService(session).create(data, caller)
    set_etag(response, row.version)
    response.headers["Location"] = f"/v1/pairings/{row.id}"
    return pairing_read(row)


@router.get("/{pairing_id}", summary="结对详情 / Get a pairing")
async def get_pairing(
    pairing_id: uuid.UUID, session: ReadSession, caller: Reader, response: Response
) -> PairingRead:
    """One pairing, with its ETag."""
    row = await PairingService(session).get(pairing_id)
    set_etag(response, row.version)
    return pairing_read(row)


@router.patch("/{pairing_id}", summary="修改或结束结对 / Update or end a pairing")
async def update_pairing(
    pairing_id: uuid.UUID,
    data: PairingUpdate,
    session: WriteSession,
    caller: Writer,
    response: Response,
    if_match: IfMatch = None,
) -> PairingRead:
    """Change the plan or end date, or set ``status: ended`` (If-Match required)."""
    row = await PairingService(session).update(
        pairing_id, data.model_dump(exclude_unset=True), if_match, caller
    )
    set_etag(response, row.version)
    return pairing_read(row)
