"""``/v1/offers``: capacity offered by organizations, volunteers and donors."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Response

from services.common.db import ReadSession, WriteSession
from services.common.idempotency import Idempotent
from services.common.pagination import Page, PageDep
from services.common.routing import service_router
from services.matching.api.deps import FundsDep, IfMatch, Reader, Writer, set_etag
from services.matching.domain.offers import OfferService, offer_read
from services.matching.schemas import (
    OfferCreate,
    OfferRead,
    OfferStatus,
    OfferUpdate,
    ProviderKind,
    ResourceKind,
)

router = service_router(prefix="/v1/offers", tags=["matching"])


@router.get("", summary="资源列表 / List offers")
async def list_offers(
    session: ReadSession,
    caller: Reader,
    page: PageDep,
    provider_kind: ProviderKind | None = None,
    provider_id: uuid.UUID | None = None,
    status: OfferStatus | None = None,
    resource_kind: ResourceKind | None = None,
    domain: Annotated[str | None, Query(min_length=1, max_length=64)] = None,
    region_code: Annotated[
        str | None,
        Query(pattern=r"^(\d{6}|\d{9}|\d{12})$", description="服务区划之一 / a served region"),
    ] = None,
) -> Page[OfferRead]:
    """Offers by provider, status, kind, domain and served region, oldest first."""
    rows, cursor = await OfferService(session).list(
        page,
        provider_kind=provider_kind,
        provider_id=provider_id,
        status=status,
        resource_kind=resource_kind,
        domain=domain,
        region_code=region_code,
    )
    return Page(items=[offer_read(r) for r in rows], next_cursor=cursor)


@router.post("", status_code=201, summary="提供资源 / Offer a resource")
async def create_offer(
    data: OfferCreate,
    session: WriteSession,
    caller: Writer,
    funds: FundsDep,
    response: Response,
    _idempotency: Idempotent,
) -> OfferRead:
    """Offer capacity; an organization must be active and not on the dishonest list, and an
    org admin offers only for its own organization."""
    row = await OfferService(session, funds).create(data, caller)
    set_etag(response, row.version)
    response.headers["Location"] = f"/v1/offers/{row.id}"
    return offer_read(row)


@router.get("/{offer_id}", summary="资源详情 / Get an offer")
async def get_offer(
    offer_id: uuid.UUID, session: ReadSession, caller: Reader, response: Response
) -> OfferRead:
    """One offer, with its ETag."""
    row = await OfferService(session).get(offer_id)
    set_etag(response, row.version)
    return offer_read(row)


@router.patch("/{offer_id}", summary="修改资源 / Update an offer")
async def update_offer(
    offer_id: uuid.UUID,
    data: OfferUpdate,
    session: WriteSession,
    caller: Writer,
    response: Response,
    if_match: IfMatch = None,
) -> OfferRead:
    """Change an offer that is not withdrawn (If-Match required; capacity is fixed)."""
    row = await OfferService(session).update(
        offer_id, data.model_dump(exclude_unset=True), if_match, caller
    )
    set_etag(response, row.version)
    return offer_read(row)


@router.post("/{offer_id}/withdraw", summary="撤回资源 / Withdraw an offer")
async def withdraw_offer(
    offer_id: uuid.UUID, session: WriteSession, caller: Writer, response: Response
) -> OfferRead:
    """Withdraw an offer: it is proposed no more; accepted matches keep their capacity."""
    row = await OfferService(session).withdraw(offer_id, caller)
    set_etag(response, row.version)
    return offer_read(row)
