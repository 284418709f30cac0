"""``/v1/webhooks``: partner systems subscribe to events; operators manage every subscription."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from gateway.api.deps import IdentityDep
from gateway.db.webhooks import WebhookDelivery, WebhookSubscription
from gateway.domain.webhooks import WebhookService
from services.common.db import ReadSession, WriteSession
from services.common.errors import Forbidden, KernelCode
from services.common.identity import Identity
from services.common.pagination import Page, PageDep, paginate
from services.common.routing import service_router

router = service_router(prefix="/v1/webhooks", tags=["gateway"])

EventType = Annotated[str, Field(pattern=r"^(\*|[a-z_]{1,32}\.(\*|[a-z_]{1,32}))$")]


class WebhookCreate(BaseModel):
    """订阅事件 / a subscription: where to, which events, which region, for which key."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "url": "https://partner.example.gov.cn/wushe/hooks",
                    "event_types": ["organization.*", "pairing.created"],
                    "region_code": "520222",
                }
            ]
        },
    )

    url: str = Field(min_length=8, max_length=2000)
    event_types: list[EventType] = Field(min_length=1, max_length=50)
    region_code: str | None = Field(
        default=None, pattern=r"^\d{6}(\d{3}){0,2}$", description="含下级区划 / with descendants"
    )
    api_key_id: uuid.UUID | None = Field(
        default=None, description="代表的 API 密钥（运维人员必填）/ the key it acts for"
    )


class WebhookRead(BaseModel):
    """A subscription (its secret is shown only when it is created)."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    url: str
    event_types: list[str]
    region_code: str | None
    api_key_id: uuid.UUID
    status: str
    consecutive_failures: int
    disabled_reason: str | None
    created_at: dt.datetime


class WebhookCreated(WebhookRead):
    """The new subscription with its signing secret (``whsec_...``), shown this once."""

    secret: str


class DeliveryRead(BaseModel):
    """One delivery of one event to one subscription."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    event_id: str
    event_type: str
    status: str
    attempts: int
    next_attempt_at: dt.datetime
    last_status: int | None
    last_error: str | None
    created_at: dt.datetime
    delivered_at: dt.datetime | None


async def manager(identity: IdentityDep) -> Identity:
    """Operators manage every subscription, a partner key its own; nobody else any."""
    if identity.kind == "api_key" or identity.role == "operator":
        return identity
    raise Forbidden("只有运维人员或合作方 API 密钥可以管理订阅", code=KernelCode.FORBIDDEN)


Manager = Annotated[Identity, Depends(manager)]


def _service(request: Request, session: Any) -> WebhookService:
    return WebhookService(session, allow_private=request.app.state.settings.webhook_allow_private)


def _changed(request: Request) -> None:
    dispatcher = getattr(request.app.state, "webhook_dispatcher", None)
    if dispatcher is not None:
        dispatcher.forget()


@router.post("", status_code=201, summary="订阅事件 / Subscribe")
async def create_webhook(
    body: WebhookCreate,
    request: Request,
    caller: Manager,
    session: WriteSession,
    response: Response,
) -> WebhookCreated:
    """Subscribe a URL to events; the answer carries the signing secret, this once."""
    row = await _service(request, session).create(
        url=body.url,
        event_types=body.event_types,
        region_code=body.region_code,
        api_key_id=body.api_key_id,
        caller=caller,
    )
    _changed(request)
    response.headers["Location"] = f"/v1/webhooks/{row.id}"
    return WebhookCreated.model_validate(
        {**WebhookRead.model_validate(row).model_dump(), "secret": row.secret}
    )


@router.get("", summary="订阅列表 / List subscriptions")
async def list_webhooks(
    request: Request, caller: Manager, session: ReadSession, page: PageDep
) -> Page[WebhookRead]:
    """Every subscription (operators) or the key's own."""
    stmt = _service(request, session).visible(caller)
    rows, cursor = await paginate(
        session,
        stmt,
        [WebhookSubscription.created_at, WebhookSubscription.id],
        page,
        lambda r: (r.created_at, r.id),
    )
    return Page(items=[WebhookRead.model_validate(r) for r in rows], next_cursor=cursor)


@router.get("/{webhook_id}", summary="订阅详情 / Get a subscription")
async def get_webhook(
    webhook_id: uuid.UUID, request: Request, caller: Manager, session: ReadSession
) -> WebhookRead:
    """One subscription, without its secret."""
    return WebhookRead.model_validate(await _service(request, session).get(webhook_id, caller))


@router.delete("/{webhook_id}", status_code=204, summary="取消订阅 / Delete a subscription")
async def delete_webhook(
    webhook_id: uuid.UUID, request: Request, caller: Manager, session: WriteSession
) -> Response:
    """Stop deliveries and forget the subscription and its log."""
    await _service(request, session).delete(webhook_id, caller)
    _changed(request)
    return Response(status_code=204)


@router.get("/{webhook_id}/deliveries", summary="投递记录 / Delivery log")
async def list_deliveries(
    webhook_id: uuid.UUID, request: Request, caller: Manager, session: ReadSession, page: PageDep
) -> Page[DeliveryRead]:
    """What was sent to this subscription, newest last, with each attempt's outcome."""
    await _service(request, session).get(webhook_id, caller)
    stmt = select(WebhookDelivery).where(WebhookDelivery.subscription_id == webhook_id)
    rows, cursor = await paginate(
        session,
        stmt,
        [WebhookDelivery.created_at, WebhookDelivery.id],
        page,
        lambda r: (r.created_at, r.id),
    )
    return Page(items=[DeliveryRead.model_validate(r) for r in rows], next_cursor=cursor)


@router.post(
    "/{webhook_id}/deliveries/{delivery_id}/retry",
    status_code=202,
    summary="重新投递 / Redeliver",
)
async def retry_delivery(
    webhook_id: uuid.UUID,
    delivery_id: uuid.UUID,
    request: Request,
    caller: Manager,
    session: WriteSession,
) -> DeliveryRead:
    """Send a delivery again now; re-enables a subscription that was disabled."""
    delivery = await _service(request, session).redeliver(webhook_id, delivery_id, caller)
    deliverer = getattr(request.app.state, "webhook_deliverer", None)
    if deliverer is not None:
        deliverer.nudge()
    _changed(request)
    return DeliveryRead.model_validate(delivery)
