"""Password hashing (argon2id), JWT access tokens, and opaque secrets stored only as hashes."""

from __future__ import annotations

import hashlib
import secrets
import time
import uuid
from dataclasses import dataclass
from typing import Any

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from gateway.errors import GatewayCode
from services.common.errors import Unauthorized

_hasher = PasswordHasher()
#: A real hash to verify against when the username is unknown, so timing does not reveal it.
_DUMMY_HASH = _hasher.hash("wushe-timing-equalizer")

JWT_ALGORITHM = "HS256"
JWT_ISSUER = "wushe-gateway"


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``."""
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True if ``password`` matches; always spends the same effort, even without a hash."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def sha256_hex(secret: str) -> str:
    """Digest of a high-entropy secret (API key, refresh token): fast to look up, safe for them."""
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret(nbytes: int = 32) -> str:
    """A URL-safe random secret."""
    return secrets.token_urlsafe(nbytes)


@dataclass(frozen=True, slots=True)
class AccessClaims:
    """What an access token says about its holder."""

    user_id: str
    username: str
    role: str
    org_id: str | None
    community_id: str | None
    #: When the token was issued (epoch seconds, millisecond precision): a revocation ends
    #: every token issued before it, and a login right after a reset must not be one of them.
    issued_at: float = 0.0
    #: The login (refresh-token family) it belongs to: a logout ends that login's tokens only.
    family_id: str | None = None


class TokenCodec:
    """Issues and verifies short-lived HS256 access tokens."""

    #: Verified tokens kept in memory: decoding a JWT is the gateway's largest per-request cost.
    CACHE_SIZE = 8192

    def __init__(self, secret: bytes, ttl_seconds: int) -> None:
        self._secret = secret
        self.ttl = ttl_seconds
        self._verified: dict[str, tuple[AccessClaims, float]] = {}

    def issue(self, claims: AccessClaims) -> str:
        """A signed access token valid for ``ttl`` seconds."""
        issued = time.time()
        now = int(issued)
        payload: dict[str, Any] = {
            "iss": JWT_ISSUER,
            "sub": claims.user_id,
            "name": claims.username,
            "role": claims.role,
            "iat": now,
            "iat_ms": int(issued * 1000),
            "exp": now + self.ttl,
            "jti": uuid.uuid4().hex,
            "typ": "access",
        }
        if claims.org_id:
            payload["org_id"] = claims.org_id
        if claims.community_id:
            payload["community_id"] = claims.community_id
        if claims.family_id:
            payload["fam"] = claims.family_id
        return jwt.encode(payload, self._secret, algorithm=JWT_ALGORITHM)

    def verify(self, token: str) -> AccessClaims:
        """The claims of a valid access token, or 401 ``token_invalid``."""
        hit = self._verified.get(token)
        if hit is not None and hit[1] > time.time():
            return hit[0]
        claims, expires = self._decode(token)
        if len(self._verified) >= self.CACHE_SIZE:
            self._verified.clear()
        self._verified[token] = (claims, expires)
        return claims

    def _decode(self, token: str) -> tuple[AccessClaims, float]:
        try:
            payload = jwt.decode(
                token,
                self._secret,
                algorithms=[JWT_ALGORITHM],
                issuer=JWT_ISSUER,
                options={"require": ["exp", "iat", "sub"]},
                leeway=5,
            )
        except jwt.PyJWTError as exc:
            raise Unauthorized("访问令牌无效或已过期", code=GatewayCode.TOKEN_INVALID) from exc
        if payload.get("typ") != "access":
            raise Unauthorized("不是访问令牌", code=GatewayCode.TOKEN_INVALID)
        claims = AccessClaims(
            user_id=str(payload["sub"]),
            username=str(payload.get("name", "")),
            role=str(payload.get("role", "")),
            org_id=payload.get("org_id"),
            community_id=payload.get("community_id"),
            issued_at=_issued_at(payload),
            family_id=str(payload["fam"]) if payload.get("fam") else None,
        )
        return claims, float(payload["exp"])


def _issued_at(payload: dict[str, Any]) -> float:
    precise = payload.get("iat_ms")
    if isinstance(precise, int) and not isinstance(precise, bool):
        return precise / 1000
    return float(payload["iat"])
