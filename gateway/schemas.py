"""The gateway's public contract: tokens, users, API keys."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from services.common.access import RoleName, ScopeName
from services.common.types import IsoDateTime, StrictBool, StrictInt


def _in_utc(value: dt.datetime) -> dt.datetime:
    # 9999-12-31T23:59:59-01:00 is a valid RFC 3339 instant that no datetime can hold in UTC:
    # the client's mistake (422), not an OverflowError when the column converts it (500).
    try:
        return value.astimezone(dt.UTC)
    except OverflowError as exc:
        raise ValueError("时间超出可表示范围 / timestamp out of range") from exc


#: An RFC 3339 timestamp with its offset (naive ones are 422), stored and answered in UTC.
UtcDateTime = Annotated[IsoDateTime, AfterValidator(_in_utc)]


class TokenRequest(BaseModel):
    """用户名与密码 / username and password."""

    username: str = Field(min_length=1, max_length=64, examples=["admin"])
    password: str = Field(min_length=1, max_length=256, examples=["correct horse battery staple"])


class RefreshRequest(BaseModel):
    """刷新令牌 / a refresh token."""

    refresh_token: str = Field(
        min_length=1, max_length=512, examples=["rt_7Qm2vX9kLp0aZ3cYh1sN4bWq8tRe5uJf6gDi0oKx"]
    )


class TokenResponse(BaseModel):
    """访问令牌与刷新令牌 / access and refresh tokens."""

    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int = Field(description="访问令牌有效秒数 / access token lifetime in seconds")


class UserCreate(BaseModel):
    """新建用户 / a new user (operators only)."""

    model_config = ConfigDict(extra="forbid")

    username: str = Field(
        min_length=3, max_length=64, pattern=r"^[A-Za-z0-9_.@\-]+$", examples=["haishu_officer"]
    )
    password: str = Field(min_length=8, max_length=256, description="至少 8 位 / 8+ characters")
    role: RoleName
    org_id: uuid.UUID | None = Field(
        default=None, description="org_admin 所属组织 / bound organization"
    )
    community_id: uuid.UUID | None = Field(
        default=None, description="community_admin 所属社区 / bound community"
    )
    display_name: str | None = Field(default=None, max_length=100, examples=["海曙区民政局 张三"])


class UserUpdate(BaseModel):
    """修改用户：重置密码、停用、改名、改角色或绑定 / reset, deactivate, rename, change role.

    重置密码、停用以及改变角色或绑定会立即注销该用户的全部登录 / a new password, a deactivation
    and a new role or binding end every session of the user at once.
    """

    model_config = ConfigDict(extra="forbid")

    password: str | None = Field(default=None, min_length=8, max_length=256)
    is_active: StrictBool | None = None
    display_name: str | None = Field(default=None, max_length=100)
    role: RoleName | None = None
    org_id: uuid.UUID | None = Field(
        default=None, description="org_admin 所属组织 / bound organization"
    )
    community_id: uuid.UUID | None = Field(
        default=None, description="community_admin 所属社区 / bound community"
    )


class UserRead(BaseModel):
    """用户 / a user (never the password hash)."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    username: str
    role: RoleName
    org_id: uuid.UUID | None
    community_id: uuid.UUID | None
    display_name: str | None
    is_active: bool
    created_at: dt.datetime


class MeRead(BaseModel):
    """当前调用者 / the caller as the gateway sees it."""

    sub: str
    kind: str
    role: str | None
    scopes: list[str]
    org_id: str | None
    community_id: str | None


class ApiKeyCreate(BaseModel):
    """新建 API 密钥 / a new API key."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100, examples=["省民政厅数据共享平台"])
    scopes: list[ScopeName] = Field(min_length=1, examples=[["registry:read"]])
    rate_limit_per_minute: StrictInt = Field(ge=1, le=100_000, examples=[600])
    expires_at: UtcDateTime | None = Field(
        default=None, description="RFC 3339, 带时区 / with offset"
    )


class ApiKeyRead(BaseModel):
    """API 密钥（不含密钥本身）/ an API key, without its secret."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    prefix: str
    scopes: list[str]
    rate_limit_per_minute: int
    created_at: dt.datetime
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None
    last_used_at: dt.datetime | None
    created_by_key_id: uuid.UUID | None = Field(
        default=None,
        description="创建它的密钥；该密钥吊销时一并吊销 / the key that created it; revoked with it",
    )


class ApiKeyCreated(ApiKeyRead):
    """新建的密钥：`key` 仅此一次显示 / the new key; `key` is shown only this once."""

    key: str
