"""``/v1/organizations``: the roster of social organizations, its search and ratings."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Response

from services.common.auth import CallerDep, service_router
from services.common.db import SessionDep
from services.common.pagination import Page, PageDep
from services.registry.api.deps import IfMatch, Reader, Writer, sees_pii, set_etag
from services.registry.domain.organization import (
    OrganizationService,
    organization_read,
    rating_summary,
)
from services.registry.schemas import (
    CreditStatus,
    LegalForm,
    OrganizationCreate,
    OrganizationRead,
    OrganizationUpdate,
    OrgStatus,
    RatingCreate,
    RatingRead,
    Registration,
    Standing,
)

router = service_router(prefix="/v1/organizations", tags=["registry"])


@router.get("", summary="查询社会组织 / Search organizations")
async def list_organizations(
    session: SessionDep,
    caller: Reader,
    page: PageDep,
    q: Annotated[
        str | None,
        Query(
            min_length=2,
            max_length=100,
            description="名称中的任意片段（至少 2 个字）/ name substring",
        ),
    ] = None,
    region_code: Annotated[
        str | None, Query(description="含所有下级区划 / includes descendants")
    ] = None,
    domain: str | None = None,
    role: str | None = None,
    registration: Registration | None = None,
    legal_form: LegalForm | None = None,
    grade_min: Annotated[int | None, Query(ge=1, le=5, description="最低有效评估等级")] = None,
    status: OrgStatus | None = None,
    credit_status: CreditStatus | None = None,
    community_id: uuid.UUID | None = None,
    incubated_by: uuid.UUID | None = None,
) -> Page[OrganizationRead]:
    """Search the roster: name substring and every filter together, keyset-paginated."""
    rows, cursor = await OrganizationService(session).list(
        page,
        q=q,
        region_code=region_code,
        domain=domain,
        role=role,
        registration=registration,
        legal_form=legal_form,
        grade_min=grade_min,
        status=status,
        credit_status=credit_status,
        community_id=community_id,
        incubated_by=incubated_by,
    )
    pii = sees_pii(caller)
    return Page(items=[organization_read(r, pii=pii) for r in rows], next_cursor=cursor)


@router.post("", status_code=201, summary="登记或备案社会组织 / Add an organization")
async def create_organization(
    data: OrganizationCreate, session: SessionDep, caller: Writer, response: Response
) -> OrganizationRead:
    """Register (with a credit code) or file (with a filing number) an organization."""
    org = await OrganizationService(session).create(data, caller)
    set_etag(response, org.version)
    response.headers["Location"] = f"/v1/organizations/{org.id}"
    return organization_read(org, pii=sees_pii(caller))


@router.get("/{org_id}", summary="社会组织详情 / Get an organization")
async def get_organization(
    org_id: uuid.UUID, session: SessionDep, caller: Reader, response: Response
) -> OrganizationRead:
    """One organization, with its ETag."""
    org = await OrganizationService(session).get(org_id)
    set_etag(response, org.version)
    return organization_read(org, pii=sees_pii(caller))


@router.patch("/{org_id}", summary="修改社会组织 / Update an organization")
async def update_organization(
    org_id: uuid.UUID,
    data: OrganizationUpdate,
    session: SessionDep,
    caller: Writer,
    response: Response,
    if_match: IfMatch = None,
) -> OrganizationRead:
    """Change fields (If-Match required); a status change must follow the lifecycle."""
    patch = data.model_dump(exclude_unset=True)
    org = await OrganizationService(session).update(org_id, patch, if_match, caller)
    set_etag(response, org.version)
    return organization_read(org, pii=sees_pii(caller))


@router.get("/{org_id}/standing", summary="组织资格 / Organization standing")
async def get_organization_standing(
    org_id: uuid.UUID, session: SessionDep, caller: Reader
) -> Standing:
    """Whether the organization may take on work or receive grants now, and why not."""
    return await OrganizationService(session).standing(org_id)


@router.post("/{org_id}/ratings", status_code=201, summary="评价社会组织 / Rate an organization")
async def create_rating(
    org_id: uuid.UUID,
    data: RatingCreate,
    session: SessionDep,
    caller: CallerDep,
    response: Response,
) -> RatingRead:
    """Add a 1-5 rating; a repeat from the same source_match_id returns the first one (200)."""
    rating, org, created = await OrganizationService(session).rate(org_id, data, caller)
    if not created:
        response.status_code = 200
    return RatingRead(
        id=rating.id,
        org_id=rating.org_id,
        score=rating.score,
        comment=rating.comment,
        source_match_id=rating.source_match_id,
        created_at=rating.created_at,
        rating=rating_summary(org),
    )
