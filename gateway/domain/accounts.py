"""Users, refresh-token families and API keys: the gateway's rules, no FastAPI here."""

from __future__ import annotations

import asyncio
import datetime as dt
import hmac
import re
import time
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import CursorResult, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from gateway.authz import COMMUNITY_BOUND_ROLES, ORG_BOUND_ROLES, scopes_for_role
from gateway.db.models import ApiKey, RefreshToken, User, normalize_username
from gateway.domain.ratelimit import Limiter, LoginLimits
from gateway.domain.security import (
    AccessClaims,
    TokenCodec,
    hash_password,
    new_secret,
    sha256_hex,
    verify_password,
)
from gateway.errors import GatewayCode
from services.common.db import utcnow
from services.common.errors import (
    Conflict,
    NotFound,
    TooManyRequests,
    Unauthorized,
    ValidationFailed,
)
from services.common.identity import ALL_SCOPES, Identity
from services.registry.client import RegistryClient

API_KEY_PREFIX = "wsk_"
#: Every key :meth:`ApiKeyService.create` makes: ``wsk_`` + 12 hex (the looked-up prefix) + ``_``
#: + ``token_urlsafe(32)`` (43 characters). Anything else is refused before any lookup.
API_KEY_SHAPE = re.compile(r"wsk_([0-9a-f]{12})_[A-Za-z0-9_-]{43}")
API_KEY_LENGTH = 60
#: Database lookups of keys nobody has, per client address and minute, before that address's
#: lookups are 429: each costs a query, and well-formed random keys are free to invent.
UNKNOWN_KEYS_PER_ADDRESS = 60
UNKNOWN_KEYS_WINDOW_SECONDS = 60
#: Failed logins per address, over all usernames, as a multiple of the per-pair limit: many
#: officers share one office NAT.
IP_FAILURE_FACTOR = 10
#: Failed logins per username, over all addresses: a ceiling that takes at least this many
#: addresses to reach, so that five guesses from anywhere no longer lock an account.
USER_FAILURE_FACTOR = 20


@dataclass(frozen=True, slots=True)
class TokenPair:
    """What a login or a refresh returns."""

    access_token: str
    refresh_token: str
    expires_in: int


def user_identity(claims: AccessClaims) -> Identity:
    """The identity a user's access token stands for."""
    return Identity(
        sub=claims.user_id,
        kind="user",
        role=claims.role,
        scopes=scopes_for_role(claims.role),
        org_id=claims.org_id,
        community_id=claims.community_id,
    )


def check_binding(role: str, org_id: uuid.UUID | None, community_id: uuid.UUID | None) -> None:
    """An org_admin needs an org, a community_admin a community; nobody else is bound."""
    errors = []
    if role in ORG_BOUND_ROLES and org_id is None:
        errors.append({"field": "org_id", "message": "org_admin 必须绑定组织 / requires org_id"})
    if role in COMMUNITY_BOUND_ROLES and community_id is None:
        errors.append(
            {
                "field": "community_id",
                "message": "community_admin 必须绑定社区 / requires community_id",
            }
        )
    if errors:
        raise ValidationFailed("角色绑定不完整", code=GatewayCode.BINDING_REQUIRED, errors=errors)


class SessionRevocations:
    """Ends a user's access tokens before they expire: "issued before T" per user.

    Recorded in the shared store (Redis when configured, else this process) for one token
    lifetime. The recording instance knows at once; the others re-read a user's entry at least
    every :attr:`REFRESH_SECONDS`, one store round trip per user and second instead of one per
    request.
    """

    REFRESH_SECONDS = 1.0
    #: Users whose entry is held locally; past it the table starts afresh (a re-read costs little).
    MAX_CACHED = 16_384

    def __init__(self, limiter: Limiter, token_ttl_seconds: int) -> None:
        self.limiter = limiter
        # The verifier's leeway and clock skew between instances: a minute is plenty.
        self.ttl = token_ttl_seconds + 60
        self._cache: dict[str, tuple[float, float]] = {}

    async def revoke(self, user_id: str) -> None:
        """Every access token of ``user_id`` issued until now stops working."""
        await self._revoke(user_id)

    async def revoke_family(self, family_id: str) -> None:
        """Every access token of one login (a refresh-token family) issued until now stops."""
        await self._revoke(f"family:{family_id}")

    async def check(self, claims: AccessClaims) -> None:
        """401 ``token_invalid`` if the token was issued before its user's or login's revocation."""
        before = await self._revoked_before(claims.user_id)
        if claims.family_id:
            before = max(before, await self._revoked_before(f"family:{claims.family_id}"))
        if claims.issued_at < before:
            raise Unauthorized("该登录已失效，请重新登录", code=GatewayCode.TOKEN_INVALID)

    async def _revoke(self, subject: str) -> None:
        before = time.time()
        await self.limiter.revoke_sessions(subject, before, self.ttl)
        self._remember(subject, before)

    async def _revoked_before(self, subject: str) -> float:
        entry = self._cache.get(subject)
        if entry is not None and entry[1] > time.monotonic():
            return entry[0]
        before = await self.limiter.sessions_revoked_before(subject)
        self._remember(subject, before)
        return before

    def _remember(self, subject: str, before: float) -> None:
        if len(self._cache) >= self.MAX_CACHED:
            self._cache.clear()
        self._cache[subject] = (before, time.monotonic() + self.REFRESH_SECONDS)


class UserService:
    """Logins, token rotation and the user roster."""

    def __init__(
        self,
        session: AsyncSession,
        codec: TokenCodec,
        limiter: Limiter,
        *,
        revocations: SessionRevocations,
        refresh_ttl_seconds: int,
        max_failures: int,
        lockout_seconds: int,
    ) -> None:
        self.session = session
        self.revocations = revocations
        self.codec = codec
        self.limiter = limiter
        self.refresh_ttl = refresh_ttl_seconds
        self.max_failures = max_failures
        self.lockout = lockout_seconds

    async def check_binding_exists(
        self, registry: RegistryClient, org_id: uuid.UUID | None, community_id: uuid.UUID | None
    ) -> None:
        """The bound organization or community must exist in the Registry (asked over HTTP)."""
        if org_id is not None and await registry.find_organization(org_id) is None:
            raise ValidationFailed(
                "绑定的组织不存在",
                code=GatewayCode.ORG_UNKNOWN,
                errors=[{"field": "org_id", "message": "no such organization in the registry"}],
            )
        if community_id is not None:
            try:
                await registry.get_community(community_id)
            except NotFound as exc:
                raise ValidationFailed(
                    "绑定的社区不存在",
                    code=GatewayCode.COMMUNITY_UNKNOWN,
                    errors=[
                        {"field": "community_id", "message": "no such community in the registry"}
                    ],
                ) from exc

    async def create_user(
        self,
        *,
        username: str,
        password: str,
        role: str,
        org_id: uuid.UUID | None = None,
        community_id: uuid.UUID | None = None,
        display_name: str | None = None,
    ) -> User:
        """Create a user with an argon2id-hashed password."""
        check_binding(role, org_id, community_id)
        existing = await self.session.scalar(
            select(User.id).where(User.username_key == normalize_username(username))
        )
        if existing is not None:
            raise Conflict(f"用户名 {username} 已存在", code=GatewayCode.USERNAME_TAKEN)
        user = User(
            username=username,
            password_hash=await asyncio.to_thread(hash_password, password),
            role=role,
            org_id=org_id if role in ORG_BOUND_ROLES else None,
            community_id=community_id if role in COMMUNITY_BOUND_ROLES else None,
            display_name=display_name,
        )
        self.session.add(user)
        try:
            await self.session.flush()
        except IntegrityError as exc:
            raise Conflict(f"用户名 {username} 已存在", code=GatewayCode.USERNAME_TAKEN) from exc
        return user

    async def get_user(self, user_id: uuid.UUID) -> User:
        """One user, or 404."""
        user = await self.session.get(User, user_id)
        if user is None:
            raise NotFound("用户不存在", code=GatewayCode.USER_NOT_FOUND)
        return user

    @property
    def login_limits(self) -> LoginLimits:
        """How many failed logins each count allows in one lockout window."""
        return LoginLimits(
            pair=self.max_failures,
            username=self.max_failures * USER_FAILURE_FACTOR,
            address=self.max_failures * IP_FAILURE_FACTOR,
            window_seconds=self.lockout,
        )

    async def login(self, username: str, password: str, client_ip: str | None) -> TokenPair:
        """Check a password (throttled per username and address) and start a token family.

        The attempt is reserved before the password is looked at, so simultaneous guesses are
        counted like consecutive ones; only a success gives the reservation back.
        """
        key, address = normalize_username(username), client_ip or ""
        wait = await self.limiter.reserve_login(key, address, self.login_limits)
        if wait:
            raise TooManyRequests(
                "登录失败次数过多，请稍后再试", code=GatewayCode.LOGIN_THROTTLED, retry_after=wait
            )
        try:
            user = await self.session.scalar(select(User).where(User.username_key == key))
            # The same argon2 effort whether the user exists, is active or not: timing says
            # nothing. In a thread: a verification blocks for tens of milliseconds.
            matches = await asyncio.to_thread(
                verify_password, user.password_hash if user else None, password
            )
            if user is None or not user.is_active or not matches:
                raise Unauthorized("用户名或密码错误", code=GatewayCode.INVALID_CREDENTIALS)
            pair = await self._issue(user, family_id=uuid.uuid4())
        except Unauthorized:
            raise  # the reservation stays: it was a failed login
        except BaseException:
            await self.limiter.release_login(key, address, succeeded=False)
            raise
        await self.limiter.release_login(key, address, succeeded=True)
        return pair

    async def update_user(
        self,
        user: User,
        changes: dict[str, Any],
        registry: RegistryClient,
    ) -> User:
        """Apply a PATCH; a new password, a deactivation or a new role or binding ends sessions.

        ``changes`` holds only the fields the client sent (``org_id: null`` unbinds).
        """
        role = changes.get("role") or user.role
        org_id = changes.get("org_id", user.org_id) if role in ORG_BOUND_ROLES else None
        community_id = (
            changes.get("community_id", user.community_id)
            if role in COMMUNITY_BOUND_ROLES
            else None
        )
        check_binding(role, org_id, community_id)
        await self.check_binding_exists(
            registry,
            org_id if org_id != user.org_id else None,
            community_id if community_id != user.community_id else None,
        )
        ends_sessions = (
            changes.get("password") is not None
            or changes.get("is_active") is False
            or (role, org_id, community_id) != (user.role, user.org_id, user.community_id)
        )
        if changes.get("password") is not None:
            user.password_hash = await asyncio.to_thread(hash_password, changes["password"])
        if changes.get("is_active") is not None:
            user.is_active = changes["is_active"]
        if changes.get("display_name") is not None:
            user.display_name = changes["display_name"]
        user.role, user.org_id, user.community_id = role, org_id, community_id
        await self.session.flush()
        if ends_sessions:
            await self.end_sessions(user.id)
        return user

    async def end_sessions(self, user_id: uuid.UUID) -> None:
        """Revoke every refresh-token family of the user and every access token issued so far."""
        await self.session.execute(
            update(RefreshToken)
            .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
        # Before the commit: if it fails, the user logs in again; never the other way round.
        await self.revocations.revoke(str(user_id))

    async def clear_lockout(self, user: User) -> None:
        """Lift every failed-login count against ``user``'s name (an operator's decision)."""
        await self.limiter.clear_login(normalize_username(user.username))

    async def refresh(self, refresh_token: str) -> TokenPair:
        """Rotate a refresh token; a token used twice revokes its whole family."""
        row = await self.session.scalar(
            select(RefreshToken).where(RefreshToken.token_hash == sha256_hex(refresh_token))
        )
        now = utcnow()
        if row is None or row.revoked_at is not None or row.expires_at <= now:
            raise Unauthorized("刷新令牌无效或已过期", code=GatewayCode.TOKEN_INVALID)
        if row.used_at is not None:
            await self.revoke_family(row.family_id)
            raise Unauthorized(
                "刷新令牌已被使用，该登录已注销",
                code=GatewayCode.REFRESH_TOKEN_REUSED,
                commit_session=True,
            )
        claimed: CursorResult[Any] = await self.session.execute(  # type: ignore[assignment]
            update(RefreshToken)
            .where(RefreshToken.id == row.id, RefreshToken.used_at.is_(None))
            .values(used_at=now)
        )
        if claimed.rowcount != 1:  # lost a race with another use of the same token
            await self.revoke_family(row.family_id)
            raise Unauthorized(
                "刷新令牌已被使用，该登录已注销",
                code=GatewayCode.REFRESH_TOKEN_REUSED,
                commit_session=True,
            )
        user = await self.session.get(User, row.user_id)
        if user is None or not user.is_active:
            raise Unauthorized("用户已停用", code=GatewayCode.TOKEN_INVALID)
        return await self._issue(user, family_id=row.family_id)

    async def logout(self, refresh_token: str) -> None:
        """Revoke the family of a refresh token (no error if it is unknown)."""
        row = await self.session.scalar(
            select(RefreshToken).where(RefreshToken.token_hash == sha256_hex(refresh_token))
        )
        if row is not None:
            await self.revoke_family(row.family_id)

    async def revoke_family(self, family_id: uuid.UUID) -> None:
        """Revoke every refresh token of one login."""
        await self.session.execute(
            update(RefreshToken)
            .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
        # The family's access tokens too: after a logout, or a stolen refresh token's reuse,
        # the access tokens it minted must not live on for the rest of their 15 minutes.
        await self.revocations.revoke_family(str(family_id))

    async def _issue(self, user: User, family_id: uuid.UUID) -> TokenPair:
        secret = "rt_" + new_secret()
        self.session.add(
            RefreshToken(
                user_id=user.id,
                family_id=family_id,
                token_hash=sha256_hex(secret),
                expires_at=utcnow() + dt.timedelta(seconds=self.refresh_ttl),
            )
        )
        await self.session.flush()
        access = self.codec.issue(
            AccessClaims(
                user_id=str(user.id),
                username=user.username,
                role=user.role,
                org_id=str(user.org_id) if user.org_id else None,
                community_id=str(user.community_id) if user.community_id else None,
                family_id=str(family_id),
            )
        )
        return TokenPair(access, secret, self.codec.ttl)


@dataclass(frozen=True, slots=True)
class KeyRecord:
    """What authenticating an API key needs, cached briefly in memory."""

    id: str
    secret_hash: str
    scopes: frozenset[str]
    rate_limit_per_minute: int
    expires_at: dt.datetime | None
    revoked: bool


class ApiKeyService:
    """Creates, lists, revokes and authenticates partner-system API keys."""

    #: Key records (and "no such key" answers) held at most: well-formed unknown prefixes are
    #: the client's to invent, so the table must not grow with them.
    MAX_CACHED = 10_000

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        limiter: Limiter,
        cache_seconds: float = 5.0,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.limiter = limiter
        self.cache_seconds = cache_seconds
        self._cache: dict[str, tuple[KeyRecord | None, float]] = {}
        #: Prefixes the database has shown to exist (bounded like the cache).
        self._known: set[str] = set()
        self._last_used_written: dict[str, float] = {}

    @staticmethod
    async def create(
        session: AsyncSession,
        *,
        name: str,
        scopes: list[str],
        rate_limit_per_minute: int,
        expires_at: dt.datetime | None,
        created_by: str | None,
        created_by_key: uuid.UUID | None = None,
    ) -> tuple[ApiKey, str]:
        """Create a key; the secret is returned once and stored only as a hash.

        A key created by another key (``created_by_key``) is its child: it ends when its parent
        is revoked and never outlives the parent's expiry (it inherits it when it has none).
        """
        unknown = sorted(set(scopes) - set(ALL_SCOPES))
        if unknown:
            raise ValidationFailed(
                "未知的权限范围",
                code=GatewayCode.SCOPE_UNKNOWN,
                errors=[{"field": "scopes", "message": f"unknown scopes: {', '.join(unknown)}"}],
            )
        if expires_at is not None and expires_at <= utcnow():
            raise ValidationFailed(
                "过期时间必须在将来",
                errors=[{"field": "expires_at", "message": "must be in the future"}],
            )
        if created_by_key is not None:
            # Locked: a revocation of the parent either sees this child or makes us see it.
            parent = await session.scalar(
                select(ApiKey).where(ApiKey.id == created_by_key).with_for_update()
            )
            if parent is None or parent.revoked_at is not None:
                raise Unauthorized("API 密钥已吊销", code=GatewayCode.API_KEY_INVALID)
            if parent.expires_at is not None:
                if expires_at is None:
                    expires_at = parent.expires_at
                elif expires_at > parent.expires_at:
                    raise ValidationFailed(
                        "新密钥不能晚于创建它的密钥过期",
                        errors=[
                            {
                                "field": "expires_at",
                                "message": "must not be after the creating key's expiry",
                            }
                        ],
                    )
        prefix = uuid.uuid4().hex[:12]
        secret = f"{API_KEY_PREFIX}{prefix}_{new_secret()}"
        key = ApiKey(
            name=name,
            prefix=prefix,
            secret_hash=sha256_hex(secret),
            scopes=sorted(set(scopes)),
            rate_limit_per_minute=rate_limit_per_minute,
            expires_at=expires_at,
            created_by=uuid.UUID(created_by) if created_by and _is_uuid(created_by) else None,
            created_by_key_id=created_by_key,
        )
        session.add(key)
        await session.flush()
        return key, secret

    async def revoke(self, session: AsyncSession, key_id: uuid.UUID) -> ApiKey:
        """Revoke a key and every key it created, transitively, at once on every instance."""
        key = await session.get(ApiKey, key_id, with_for_update=True)
        if key is None:
            raise NotFound("API 密钥不存在", code=GatewayCode.API_KEY_NOT_FOUND)
        now = utcnow()
        family, frontier = [key], [key.id]
        while frontier:
            children = list(
                await session.scalars(
                    select(ApiKey).where(ApiKey.created_by_key_id.in_(frontier)).with_for_update()
                )
            )
            family += children
            frontier = [child.id for child in children]
        for member in family:
            if member.revoked_at is None:
                member.revoked_at = now
        await session.flush()
        for member in family:
            await self.limiter.revoke(str(member.id))
            self._cache.pop(member.prefix, None)
        return key

    async def _load(self, prefix: str, address: str | None) -> KeyRecord | None:
        cached = self._cache.get(prefix)
        now = time.monotonic()
        if cached and cached[1] > now:
            return cached[0]
        # Prefixes of real keys pass: a partner behind the same address as a prober keeps working.
        budgeted = address is not None and prefix not in self._known
        if budgeted:
            failed, left = await self.limiter.failures(f"keys:{address}")
            if failed >= UNKNOWN_KEYS_PER_ADDRESS:
                raise TooManyRequests("无效的 API 密钥过多，请稍后再试", retry_after=left)
        async with self.sessionmaker() as session:
            key = await session.scalar(select(ApiKey).where(ApiKey.prefix == prefix))
        record = (
            None
            if key is None
            else KeyRecord(
                id=str(key.id),
                secret_hash=key.secret_hash,
                scopes=frozenset(key.scopes),
                rate_limit_per_minute=key.rate_limit_per_minute,
                expires_at=key.expires_at,
                revoked=key.revoked_at is not None,
            )
        )
        if record is None and budgeted:
            await self.limiter.add_failure(f"keys:{address}", UNKNOWN_KEYS_WINDOW_SECONDS)
        elif record is not None:
            if len(self._known) >= self.MAX_CACHED:
                self._known.clear()
            self._known.add(prefix)
        if len(self._cache) >= self.MAX_CACHED:
            self._cache = {k: v for k, v in self._cache.items() if v[1] > now}
            if len(self._cache) >= self.MAX_CACHED:
                self._cache.clear()
        self._cache[prefix] = (record, now + self.cache_seconds)
        return record

    async def authenticate(self, raw: str, address: str | None = None) -> Identity:
        """The identity of a valid key within its rate, or 401 / 429.

        ``address`` is the client's: one that keeps presenting keys nobody has is refused
        (429) before its lookups reach the database.
        """
        shape = API_KEY_SHAPE.fullmatch(raw) if len(raw) == API_KEY_LENGTH else None
        if shape is None:
            raise Unauthorized("API 密钥格式错误", code=GatewayCode.API_KEY_INVALID)
        prefix = shape.group(1)
        record = await self._load(prefix, address)
        if (
            record is None
            or record.revoked
            or not hmac.compare_digest(sha256_hex(raw), record.secret_hash)
            or (record.expires_at is not None and record.expires_at <= utcnow())
        ):
            raise Unauthorized("API 密钥无效、已过期或已吊销", code=GatewayCode.API_KEY_INVALID)
        decision = await self.limiter.take(record.id, record.rate_limit_per_minute)
        if decision.revoked:
            self._cache.pop(prefix, None)
            raise Unauthorized("API 密钥已吊销", code=GatewayCode.API_KEY_INVALID)
        if not decision.allowed:
            raise TooManyRequests("超过该密钥的调用频率上限", retry_after=decision.retry_after)
        await self._touch(record.id)
        return Identity(sub=f"api_key:{record.id}", kind="api_key", scopes=record.scopes)

    async def _touch(self, key_id: str) -> None:
        """Write ``last_used_at`` at most once a minute per key: a write per request would cost."""
        now = time.monotonic()
        if now - self._last_used_written.get(key_id, -1e9) < 60:
            return
        self._last_used_written[key_id] = now
        async with self.sessionmaker() as session:
            await session.execute(
                update(ApiKey).where(ApiKey.id == uuid.UUID(key_id)).values(last_used_at=utcnow())
            )
            await session.commit()


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
