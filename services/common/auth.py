"""Authorization helpers for services: the verified caller, scopes, and bound org/community."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from services.common.db import AutoCommitRoute
from services.common.errors import Forbidden, Unauthorized
from services.common.identity import Identity


def service_router(**kwargs: Any) -> APIRouter:
    """An APIRouter whose routes commit the request's session before responding."""
    return APIRouter(route_class=AutoCommitRoute, **kwargs)


async def get_caller(request: Request) -> Identity:
    """The caller vouched for by the signed identity header.

    Dependencies here are ``async def`` on purpose: FastAPI runs plain ``def`` dependencies in a
    thread pool, a thread hop per request for a dictionary lookup.
    """
    identity: Identity | None = request.scope.get("state", {}).get("identity")
    if identity is None:
        raise Unauthorized("缺少调用者身份", code="identity_invalid")
    return identity


CallerDep = Annotated[Identity, Depends(get_caller)]


def require_scope(scope: str) -> Callable[[Identity], Coroutine[Any, Any, Identity]]:
    """A dependency that lets through callers holding ``scope`` (services hold every scope)."""

    async def check(caller: CallerDep) -> Identity:
        if caller.is_anonymous:
            raise Unauthorized("需要登录或有效凭据")
        if not caller.has_scope(scope):
            raise Forbidden(f"缺少权限范围 {scope}", code="scope_missing", extra={"scope": scope})
        return caller

    return check


def ensure_acts_for_org(caller: Identity, org_id: str) -> None:
    """An ``org_admin`` may act only for the organization it is bound to."""
    if caller.role == "org_admin" and caller.org_id != str(org_id):
        raise Forbidden("只能操作本组织的数据", code="org_mismatch")


def ensure_acts_for_community(caller: Identity, community_id: str) -> None:
    """A ``community_admin`` may act only for the community it is bound to."""
    if caller.role == "community_admin" and caller.community_id != str(community_id):
        raise Forbidden("只能操作本社区的数据", code="community_mismatch")
