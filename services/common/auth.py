"""Authorization helpers for services: the verified caller, scopes, and bound org/community."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request

from services.common.errors import Forbidden, KernelCode, Unauthorized
from services.common.identity import Identity
from services.common.routing import service_router

__all__ = [
    "CallerDep",
    "ensure_acts_for_community",
    "ensure_acts_for_org",
    "get_caller",
    "require_scope",
    "service_router",
]


async def get_caller(request: Request) -> Identity:
    """The caller vouched for by the signed identity header.

    Dependencies here are ``async def`` on purpose: FastAPI runs plain ``def`` dependencies in a
    thread pool, a thread hop per request for a dictionary lookup.
    """
    identity: Identity | None = request.scope.get("state", {}).get("identity")
    if identity is None:
        raise Unauthorized("缺少调用者身份", code=KernelCode.IDENTITY_INVALID)
    return identity


CallerDep = Annotated[Identity, Depends(get_caller)]


def require_scope(scope: str) -> Callable[[Identity], Coroutine[Any, Any, Identity]]:
    """A dependency that lets through callers holding ``scope`` (services hold every scope)."""

    async def check(caller: CallerDep) -> Identity:
        if caller.is_anonymous:
            raise Unauthorized("需要登录或有效凭据")
        if not caller.has_scope(scope):
            raise Forbidden(
                f"缺少权限范围 {scope}", code=KernelCode.SCOPE_MISSING, extra={"scope": scope}
            )
        return caller

    return check


def ensure_acts_for_org(caller: Identity, org_id: str) -> None:
    """An ``org_admin`` may act only for the organization it is bound to."""
    if caller.role == "org_admin" and caller.org_id != str(org_id):
        raise Forbidden("只能操作本组织的数据", code=KernelCode.ORG_MISMATCH)


def ensure_acts_for_community(caller: Identity, community_id: str) -> None:
    """A ``community_admin`` may act only for the community it is bound to."""
    if caller.role == "community_admin" and caller.community_id != str(community_id):
        raise Forbidden("只能操作本社区的数据", code=KernelCode.COMMUNITY_MISMATCH)
