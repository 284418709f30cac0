"""What every Registry service shares: lookups that 404 or 422, ETag checks, patch application."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any, Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from services.common.errors import (
    ErrorCode,
    Forbidden,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    ValidationFailed,
)
from services.common.identity import Identity
from services.common.repository import Repository
from services.registry.db.models import Community, Organization, Region
from services.registry.domain.errors import RegistryCode
from services.registry.domain.repositories.reference import References

M = TypeVar("M")

BOUND_ROLES = frozenset({"org_admin", "community_admin"})


def etag(version: int) -> str:
    """The weak ETag of a resource at ``version``."""
    return f'W/"{version}"'


def check_if_match(if_match: str | None, version: int) -> None:
    """428 without ``If-Match``, 412 unless it names the current version (or is ``*``)."""
    if if_match is None or not if_match.strip():
        raise PreconditionRequired("更新需要 If-Match 请求头（取自 GET 返回的 ETag）")
    current = f'"{version}"'
    for token in if_match.split(","):
        tag = token.strip()
        if tag == "*" or tag.removeprefix("W/") == current:
            return
    raise PreconditionFailed(f"ETag 已过期，当前为 {etag(version)}", extra={"etag": etag(version)})


async def flush_versioned(session: AsyncSession) -> None:
    """Flush; a concurrent writer that bumped the version first turns into 412."""
    try:
        await session.flush()
    except StaleDataError as exc:
        raise PreconditionFailed("数据已被他人修改，请刷新后重试") from exc


class Versioned(Protocol):
    """A row with an optimistic-lock ``version`` (its ETag)."""

    version: int


V = TypeVar("V", bound=Versioned)


async def apply_patch(
    repo: Repository[Any],
    row: V,
    patch: Mapping[str, Any],
    if_match: str | None,
    *,
    required: Iterable[str],
    check: Callable[[Mapping[str, Any]], Awaitable[None]] | None = None,
) -> V:
    """The update pattern, once: If-Match → no nulls in required fields → the resource's own
    checks → apply → flush (a concurrent writer that got there first is 412).

    The caller has fetched the row (404) and checked who may write it.
    """
    check_if_match(if_match, row.version)
    reject_nulls(patch, required)
    if check is not None:
        await check(patch)
    for key, value in patch.items():
        setattr(row, key, value)
    await repo.flush()
    return row


def invalid(field: str, message: str, code: ErrorCode) -> ValidationFailed:
    """A 422 about one field."""
    return ValidationFailed(message, code=code, errors=[{"field": field, "message": message}])


def ensure_not_bound(caller: Identity) -> None:
    """Organization and community admins may not write the shared roster (regions, ...)."""
    if caller.role in BOUND_ROLES:
        raise Forbidden("该角色只能维护本组织或本社区的数据", code=RegistryCode.ROLE_NOT_ALLOWED)


def reject_nulls(patch: Mapping[str, Any], fields: Iterable[str]) -> None:
    """A PATCH may not set a required field to null."""
    for name in fields:
        if name in patch and patch[name] is None:
            raise invalid(name, f"{name} 不能为空", RegistryCode.FIELD_REQUIRED)


async def get_or_404(repo: Repository[M], key: Any, what: str) -> M:
    """The row with primary key ``key``, or 404."""
    row = await repo.get(key)
    if row is None:
        raise NotFound(f"{what} {key} 不存在")
    return row


def _refs(source: AsyncSession | References) -> References:
    return source if isinstance(source, References) else References(source)


async def require_region(
    refs: AsyncSession | References, code: str, field: str = "region_code"
) -> Region:
    """The region a body names, or 422 ``region_unknown``."""
    region = await _refs(refs).region(code)
    if region is None:
        raise invalid(field, f"行政区划 {code} 不存在", RegistryCode.REGION_UNKNOWN)
    return region


async def require_community(
    refs: AsyncSession | References, community_id: uuid.UUID, field: str = "community_id"
) -> Community:
    """The community a body names, or 422 ``community_unknown``."""
    community = await _refs(refs).community(community_id)
    if community is None:
        raise invalid(field, f"社区 {community_id} 不存在", RegistryCode.COMMUNITY_UNKNOWN)
    return community


async def require_org(
    refs: AsyncSession | References, org_id: uuid.UUID, field: str = "org_id", *, lock: bool = False
) -> Organization:
    """The organization a body names (locked with ``lock``), or 422 ``org_unknown``."""
    org = await _refs(refs).organization(org_id, lock=lock)
    if org is None:
        raise invalid(field, f"社会组织 {org_id} 不存在", RegistryCode.ORG_UNKNOWN)
    return org


def dialect_of(session: AsyncSession) -> str:
    """``sqlite`` or ``postgresql``."""
    return session.get_bind().dialect.name
