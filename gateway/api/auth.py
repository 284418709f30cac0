"""``/v1/auth``: tokens for people."""

from __future__ import annotations

from fastapi import Request, Response

from gateway.api.deps import IdentityDep, UserServiceDep
from gateway.schemas import MeRead, RefreshRequest, TokenRequest, TokenResponse
from services.common.routing import service_router

router = service_router(prefix="/v1/auth", tags=["gateway"])


@router.post("/token", response_model=TokenResponse, summary="登录获取令牌 / log in")
async def create_token(
    body: TokenRequest, request: Request, users: UserServiceDep
) -> TokenResponse:
    """Exchange a username and password for an access token and a refresh token."""
    client = request.client.host if request.client else None
    pair = await users.login(body.username, body.password, client)
    return TokenResponse(
        access_token=pair.access_token, refresh_token=pair.refresh_token, expires_in=pair.expires_in
    )


@router.post("/refresh", response_model=TokenResponse, summary="刷新令牌 / rotate tokens")
async def refresh_token(body: RefreshRequest, users: UserServiceDep) -> TokenResponse:
    """Rotate a refresh token; reusing an old one revokes the whole login."""
    pair = await users.refresh(body.refresh_token)
    return TokenResponse(
        access_token=pair.access_token, refresh_token=pair.refresh_token, expires_in=pair.expires_in
    )


@router.post("/logout", status_code=204, summary="注销 / log out")
async def logout(body: RefreshRequest, users: UserServiceDep) -> Response:
    """Revoke the refresh token's whole family."""
    await users.logout(body.refresh_token)
    return Response(status_code=204)


@router.get("/me", response_model=MeRead, summary="当前调用者 / who am I")
async def get_me(identity: IdentityDep) -> MeRead:
    """The caller as the gateway identifies it: subject, role, scopes, binding."""
    return MeRead(
        sub=identity.sub,
        kind=identity.kind,
        role=identity.role,
        scopes=sorted(identity.scopes),
        org_id=identity.org_id,
        community_id=identity.community_id,
    )
