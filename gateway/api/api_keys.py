"""``/v1/api-keys``: keys for partner government systems (operators manage them)."""

from __future__ import annotations

import uuid

from fastapi import Request, Response
from sqlalchemy import select

from gateway.api.deps import IdentityDep
from gateway.db.models import ApiKey
from gateway.domain.accounts import ApiKeyService
from gateway.errors import GatewayCode
from gateway.schemas import ApiKeyCreate, ApiKeyCreated, ApiKeyRead
from services.common.db import ReadSession, WriteSession
from services.common.errors import Gone, NotFound
from services.common.pagination import Page, PageDep, paginate
from services.common.routing import service_router

router = service_router(prefix="/v1/api-keys", tags=["gateway"])


@router.post("", status_code=201, response_model=ApiKeyCreated, summary="新建 API 密钥 / create")
async def create_api_key(
    body: ApiKeyCreate, identity: IdentityDep, session: WriteSession
) -> ApiKeyCreated:
    """Create a key; the secret `key` is in this response only and stored only as a hash.

    A key created with an `admin` key belongs to it: revoking the creating key revokes it too,
    and it never outlives the creating key's expiry.
    """
    key, secret = await ApiKeyService.create(
        session,
        name=body.name,
        scopes=list(body.scopes),
        rate_limit_per_minute=body.rate_limit_per_minute,
        expires_at=body.expires_at,
        created_by=identity.sub,
        created_by_key=(
            uuid.UUID(identity.sub.removeprefix("api_key:")) if identity.kind == "api_key" else None
        ),
    )
    return ApiKeyCreated(**ApiKeyRead.model_validate(key).model_dump(), key=secret)


@router.get("", response_model=Page[ApiKeyRead], summary="API 密钥列表 / list keys")
async def list_api_keys(_: IdentityDep, session: ReadSession, page: PageDep) -> Page[ApiKeyRead]:
    """Keys, oldest first, never with their secrets."""
    rows, cursor = await paginate(
        session,
        select(ApiKey),
        [ApiKey.created_at, ApiKey.id],
        page,
        lambda k: (k.created_at, k.id),
    )
    return Page[ApiKeyRead](items=[ApiKeyRead.model_validate(r) for r in rows], next_cursor=cursor)


@router.get("/{key_id}", response_model=ApiKeyRead, summary="查看 API 密钥 / get a key")
async def get_api_key(key_id: uuid.UUID, _: IdentityDep, session: ReadSession) -> ApiKey:
    """One live key, without its secret; a revoked key is 410 (the list still shows it)."""
    key = await session.get(ApiKey, key_id)
    if key is None:
        raise NotFound("API 密钥不存在", code=GatewayCode.API_KEY_NOT_FOUND)
    if key.revoked_at is not None:
        raise Gone(
            "API 密钥已吊销",
            code=GatewayCode.API_KEY_REVOKED,
            extra={"revoked_at": key.revoked_at.isoformat()},
        )
    return key


@router.delete("/{key_id}", status_code=204, summary="吊销 API 密钥 / revoke a key")
async def revoke_api_key(
    key_id: uuid.UUID, _: IdentityDep, session: WriteSession, request: Request
) -> Response:
    """Revoke a key and every key it created; they stop working at once, on every instance."""
    await request.app.state.api_keys.revoke(session, key_id)
    return Response(status_code=204)
