"""``/v1/volunteers``: community volunteers, masked without ``pii:read``."""

from __future__ import annotations

import uuid

from fastapi import Response

from services.common.db import ReadSession, WriteSession
from services.common.idempotency import Idempotent
from services.common.pagination import Page, PageDep
from services.common.routing import service_router
from services.registry.api.deps import IfMatch, Reader, Writer, set_etag
from services.registry.domain.person import VolunteerService, volunteer_read
from services.registry.schemas import VolunteerCreate, VolunteerRead, VolunteerUpdate

router = service_router(prefix="/v1/volunteers", tags=["registry"])


@router.get("", summary="志愿者列表 / List volunteers")
async def list_volunteers(
    session: ReadSession,
    caller: Reader,
    page: PageDep,
    community_id: uuid.UUID | None = None,
    team_org_id: uuid.UUID | None = None,
    skill: str | None = None,
) -> Page[VolunteerRead]:
    """Volunteers by community, team and skill."""
    rows, cursor = await VolunteerService(session).list(
        page, community_id=community_id, team_org_id=team_org_id, skill=skill
    )
    return Page(items=[volunteer_read(r, caller) for r in rows], next_cursor=cursor)


@router.post("", status_code=201, summary="登记志愿者 / Add a volunteer")
async def create_volunteer(
    data: VolunteerCreate,
    session: WriteSession,
    caller: Writer,
    response: Response,
    _idempotency: Idempotent,
) -> VolunteerRead:
    """Add a volunteer; a community admin for its community, an org admin for its team."""
    row = await VolunteerService(session).create(data, caller)
    set_etag(response, row.version)
    response.headers["Location"] = f"/v1/volunteers/{row.id}"
    return volunteer_read(row, caller)


@router.get("/{volunteer_id}", summary="志愿者详情 / Get a volunteer")
async def get_volunteer(
    volunteer_id: uuid.UUID, session: ReadSession, caller: Reader, response: Response
) -> VolunteerRead:
    """One volunteer, with its ETag."""
    row = await VolunteerService(session).get(volunteer_id)
    set_etag(response, row.version)
    return volunteer_read(row, caller)


@router.patch("/{volunteer_id}", summary="修改志愿者 / Update a volunteer")
async def update_volunteer(
    volunteer_id: uuid.UUID,
    data: VolunteerUpdate,
    session: WriteSession,
    caller: Writer,
    response: Response,
    if_match: IfMatch = None,
) -> VolunteerRead:
    """Change fields (If-Match required)."""
    row = await VolunteerService(session).update(
        volunteer_id, data.model_dump(exclude_unset=True), if_match, caller
    )
    set_etag(response, row.version)
    return volunteer_read(row, caller)
