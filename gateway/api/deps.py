"""Dependencies of the gateway's own routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from gateway.domain.accounts import UserService
from gateway.proxy import ProxyState
from services.common.access import Role, Scope
from services.common.db import WriteSession
from services.common.errors import Forbidden, KernelCode, Unauthorized
from services.common.identity import Identity


async def get_identity(request: Request) -> Identity:
    """Authenticate and authorize the caller against the authorization table."""
    state: ProxyState = request.app.state.proxy
    identity = await state.authenticator.identify(
        request.headers.get("authorization"),
        request.headers.get("x-api-key"),
        request.client.host if request.client else None,
    )
    route = request.scope.get("route")
    template = getattr(route, "path", request.url.path)
    state.authorizer.check(state.authorizer.match(request.method, template), identity)
    return identity


IdentityDep = Annotated[Identity, Depends(get_identity)]


async def get_caller(request: Request) -> Identity:
    """Who is calling, anonymous allowed (bad credentials are still 401, never anonymous)."""
    state: ProxyState = request.app.state.proxy
    return await state.authenticator.identify(
        request.headers.get("authorization"),
        request.headers.get("x-api-key"),
        request.client.host if request.client else None,
    )


CallerDep = Annotated[Identity, Depends(get_caller)]


def is_operator(identity: Identity) -> bool:
    """An operator, or a partner system trusted with the ``admin`` scope."""
    return identity.role == Role.OPERATOR or identity.has_scope(Scope.ADMIN)


async def get_operator(caller: CallerDep) -> Identity:
    """401 without credentials, 403 unless the caller is an operator (see :func:`is_operator`)."""
    if caller.is_anonymous:
        raise Unauthorized("需要登录或有效凭据")
    if not is_operator(caller):
        raise Forbidden("仅限运维人员 / operators only", code=KernelCode.FORBIDDEN)
    return caller


OperatorDep = Annotated[Identity, Depends(get_operator)]


async def get_user_service(request: Request, session: WriteSession) -> UserService:
    """The user service bound to this request's session."""
    settings = request.app.state.settings
    return UserService(
        session,
        request.app.state.codec,
        request.app.state.limiter,
        revocations=request.app.state.revocations,
        refresh_ttl_seconds=settings.refresh_token_ttl_seconds,
        max_failures=settings.login_max_failures,
        lockout_seconds=settings.login_lockout_seconds,
    )


UserServiceDep = Annotated[UserService, Depends(get_user_service)]
