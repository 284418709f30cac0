"""``/v1/organizations``: the roster of social organizations, its search and ratings."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

from fastapi import File, Query, Request, Response, UploadFile
from fastapi.responses import JSONResponse, StreamingResponse
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.auth import CallerDep, service_router
from services.common.db import ReadSession, WriteSession
from services.common.idempotency import Idempotent
from services.common.pagination import Page, PageDep
from services.common.types import NormalizedText
from services.registry.api.deps import IfMatch, Reader, Writer, sees_pii, set_etag
from services.registry.domain.bulk import ImportLimits, RosterImporter, export_rows
from services.registry.domain.organization import (
    OrganizationService,
    organization_json,
    organization_read,
    rating_summary,
)
from services.registry.domain.region import RegionService
from services.registry.domain.repositories.organization import OrganizationRepository
from services.registry.domain.roster import RosterLimits, write_roster_csv, write_roster_xlsx
from services.registry.schemas import (
    CreditStatus,
    ImportResult,
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
from services.registry.settings import RegistrySettings

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

router = service_router(prefix="/v1/organizations", tags=["registry"])


def _service(session: AsyncSession) -> OrganizationService:
    return OrganizationService(OrganizationRepository(session))


@router.get(
    "",
    summary="查询社会组织 / Search organizations",
    response_model=Page[OrganizationRead],
    response_class=JSONResponse,
)
async def list_organizations(
    session: ReadSession,
    caller: Reader,
    page: PageDep,
    q: Annotated[
        NormalizedText | None,
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
) -> JSONResponse:
    """Search the roster: name substring and every filter together, keyset-paginated."""
    rows, cursor = await _service(session).list(
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
    # Served as JSON straight from our own rows: re-validating 50 models was most of a page's time.
    items = [organization_json(r, pii=pii) for r in rows]
    return JSONResponse({"items": items, "next_cursor": cursor})


@router.post("", status_code=201, summary="登记或备案社会组织 / Add an organization")
async def create_organization(
    data: OrganizationCreate,
    session: WriteSession,
    caller: Writer,
    response: Response,
    _idempotency: Idempotent,
) -> OrganizationRead:
    """Register (with a credit code) or file (with a filing number) an organization."""
    org = await _service(session).create(data, caller)
    set_etag(response, org.version)
    response.headers["Location"] = f"/v1/organizations/{org.id}"
    return organization_read(org, pii=sees_pii(caller))


@router.post(
    "/import",
    summary="导入名册 / Import a roster",
    responses={
        413: {"description": "超出导入限制 / over an import limit (import_too_large)"},
        422: {"description": "文件无法读取或错误行过多 / roster_invalid, import_too_many_errors"},
        503: {"description": "超时，已全部撤销 / took too long, rolled back (import_timeout)"},
    },
)
async def import_organizations(
    request: Request,
    file: Annotated[UploadFile, File(description="CSV 或 XLSX 名册 / CSV or XLSX roster")],
    session: WriteSession,
    caller: Writer,
    dry_run: Annotated[bool, Query(description="只校验不写入 / check only, write nothing")] = False,
) -> ImportResult:
    """Upsert organizations by credit code or filing number; bad rows are reported, not fatal.

    All or nothing beyond the rows: a file over the limits (``WUSHE_IMPORT_*``), with too many
    bad rows, or still running at the deadline is refused and nothing of it is written.
    """
    # The spooled upload itself, not its bytes: an XLSX is streamed from it (flat memory).
    return await RosterImporter(session, caller).run(
        file.file,
        file.filename or "roster",
        dry_run=dry_run,
        limits=import_limits(request.app.state.settings),
    )


def import_limits(settings: RegistrySettings) -> ImportLimits:
    """The import limits the service's settings name."""
    return ImportLimits(
        roster=RosterLimits(
            max_upload_bytes=settings.import_max_upload_bytes,
            max_rows=settings.import_max_rows,
            max_cell_chars=settings.import_max_cell_chars,
            max_xlsx_part_bytes=settings.import_max_xlsx_part_bytes,
            max_shared_strings=settings.import_max_shared_strings,
            max_shared_chars=settings.import_max_shared_chars,
        ),
        max_failed_rows=settings.import_max_failed_rows,
        deadline_seconds=settings.import_deadline_seconds,
    )


@router.get(
    "/export",
    summary="导出名册 / Export the roster",
    response_class=StreamingResponse,
    responses={200: {"content": {CSV: {}, XLSX: {}}}},
)
async def export_organizations(
    request: Request,
    session: ReadSession,
    caller: Reader,
    format: Annotated[Literal["csv", "xlsx"], Query(description="csv 或 xlsx")] = "csv",
    q: Annotated[NormalizedText | None, Query(min_length=2, max_length=100)] = None,
    region_code: str | None = None,
    domain: str | None = None,
    role: str | None = None,
    registration: Registration | None = None,
    status: OrgStatus | None = None,
) -> Response:
    """The roster (filtered like the list) as CSV (streamed) or XLSX; phones masked without pii."""
    if region_code:
        await RegionService(session).subtree_prefix(region_code)
    filters: dict[str, Any] = {
        "q": q,
        "region_code": region_code,
        "domain": domain,
        "role": role,
        "registration": registration,
        "status": status,
    }
    batches = export_rows(
        request.app.state.database.snapshot_sessionmaker, filters, pii=sees_pii(caller)
    )
    name = f"organizations-{dt.date.today().isoformat()}"
    if format == "xlsx":
        rows = [row async for batch in batches for row in batch]
        return Response(
            write_roster_xlsx(rows),
            media_type=XLSX,
            headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'},
        )

    async def stream() -> AsyncIterator[bytes]:
        first = True
        async for batch in batches:
            chunks = write_roster_csv(batch)
            header = next(chunks)
            if first:
                yield header
                first = False
            for chunk in chunks:
                yield chunk

    return StreamingResponse(
        stream(),
        media_type=CSV,
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


@router.get("/{org_id}", summary="社会组织详情 / Get an organization")
async def get_organization(
    org_id: uuid.UUID, session: ReadSession, caller: Reader, response: Response
) -> OrganizationRead:
    """One organization, with its ETag."""
    org = await _service(session).get(org_id)
    set_etag(response, org.version)
    return organization_read(org, pii=sees_pii(caller))


@router.patch("/{org_id}", summary="修改社会组织 / Update an organization")
async def update_organization(
    org_id: uuid.UUID,
    data: OrganizationUpdate,
    session: WriteSession,
    caller: Writer,
    response: Response,
    if_match: IfMatch = None,
) -> OrganizationRead:
    """Change fields (If-Match required); a status change must follow the lifecycle."""
    patch = data.model_dump(exclude_unset=True)
    org = await _service(session).update(org_id, patch, if_match, caller)
    set_etag(response, org.version)
    return organization_read(org, pii=sees_pii(caller))


@router.get("/{org_id}/standing", summary="组织资格 / Organization standing")
async def get_organization_standing(
    org_id: uuid.UUID, session: ReadSession, caller: Reader
) -> Standing:
    """Whether the organization may take on work or receive grants now, and why not."""
    return await _service(session).standing(org_id)


@router.post(
    "/{org_id}/ratings",
    status_code=201,
    summary="评价社会组织 / Rate an organization",
    responses={
        200: {
            "model": RatingRead,
            "description": "同一来源已评价过，返回首次评价 / repeat from the same source",
        }
    },
)
async def create_rating(
    org_id: uuid.UUID,
    data: RatingCreate,
    session: WriteSession,
    caller: CallerDep,
    response: Response,
) -> RatingRead:
    """Add a 1-5 rating; a repeat from the same source_match_id returns the first one (200)."""
    rating, org, created = await _service(session).rate(org_id, data, caller)
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
