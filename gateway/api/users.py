"""``/v1/users``: the people who log in (operators manage them)."""

from __future__ import annotations

import uuid

from fastapi import Request, Response
from sqlalchemy import select

from gateway.api.deps import IdentityDep, UserServiceDep
from gateway.authz import COMMUNITY_BOUND_ROLES, ORG_BOUND_ROLES
from gateway.db.models import User
from gateway.domain.accounts import check_binding
from gateway.schemas import UserCreate, UserRead, UserUpdate
from services.common.db import ReadSession
from services.common.pagination import Page, PageDep, paginate
from services.common.routing import service_router

router = service_router(prefix="/v1/users", tags=["gateway"])


@router.post("", status_code=201, response_model=UserRead, summary="新建用户 / create a user")
async def create_user(
    body: UserCreate, _: IdentityDep, users: UserServiceDep, request: Request
) -> User:
    """Create a user with a role, bound to an organization or community where the role says so."""
    check_binding(body.role, body.org_id, body.community_id)
    await users.check_binding_exists(
        request.app.state.registry,
        body.org_id if body.role in ORG_BOUND_ROLES else None,
        body.community_id if body.role in COMMUNITY_BOUND_ROLES else None,
    )
    return await users.create_user(
        username=body.username,
        password=body.password,
        role=body.role,
        org_id=body.org_id,
        community_id=body.community_id,
        display_name=body.display_name,
    )


@router.get("", response_model=Page[UserRead], summary="用户列表 / list users")
async def list_users(_: IdentityDep, session: ReadSession, page: PageDep) -> Page[UserRead]:
    """Users, oldest first, keyset-paginated."""
    rows, cursor = await paginate(
        session, select(User), [User.created_at, User.id], page, lambda u: (u.created_at, u.id)
    )
    return Page[UserRead](items=[UserRead.model_validate(r) for r in rows], next_cursor=cursor)


@router.get("/{user_id}", response_model=UserRead, summary="查看用户 / get a user")
async def get_user(user_id: uuid.UUID, _: IdentityDep, users: UserServiceDep) -> User:
    """One user."""
    return await users.get_user(user_id)


@router.patch("/{user_id}", response_model=UserRead, summary="修改用户 / update a user")
async def update_user(
    user_id: uuid.UUID, body: UserUpdate, _: IdentityDep, users: UserServiceDep, request: Request
) -> User:
    """Reset a password, (de)activate, rename, or change the role or binding of a user.

    A new password, a deactivation and a new role or binding end every session of the user:
    refresh tokens stop at once, access tokens at their next request.
    """
    user = await users.get_user(user_id)
    return await users.update_user(
        user, body.model_dump(exclude_unset=True), request.app.state.registry
    )


@router.delete(
    "/{user_id}/lockout", status_code=204, summary="解除登录锁定 / clear a login lockout"
)
async def clear_lockout(user_id: uuid.UUID, _: IdentityDep, users: UserServiceDep) -> Response:
    """Forget the user's failed logins from every address, so that the user can log in again."""
    await users.clear_lockout(await users.get_user(user_id))
    return Response(status_code=204)
