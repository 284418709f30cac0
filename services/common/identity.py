"""The signed internal identity: who the caller is, as the gateway (or a service) vouches.

The gateway authenticates people and partner systems, then tells the service behind it who the
caller is in one header::

    X-Wushe-Identity: v1.<base64url(JSON claims)>.<base64url(HMAC-SHA256(secret, "v1." + claims))>

Claims are short-lived (``exp``) and checked against a bounded clock skew. A service rejects any
request whose header is missing, malformed, wrongly signed or stale with 401. Services calling each
other sign as themselves (``kind="service"``), carrying the original caller in ``act``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from services.common.access import ALL_SCOPES, ROLES
from services.common.context import identity_var
from services.common.errors import (
    KernelCode,
    Unauthorized,
    problem_body,
    send_problem,
    wants_english,
)

HEADER = "x-wushe-identity"
_HEADER_B = HEADER.encode()
_VERSION = "v1"


def _b64e(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True, slots=True)
class Identity:
    """The caller of a request, as vouched for by the signer."""

    sub: str
    kind: str  # user | api_key | service | anonymous
    role: str | None = None
    scopes: frozenset[str] = field(default_factory=frozenset)
    org_id: str | None = None
    community_id: str | None = None
    request_id: str | None = None
    iss: str = "gateway"
    act: str | None = None  # the original caller when a service acts on someone's behalf

    @property
    def is_anonymous(self) -> bool:
        """True for callers the gateway let through without credentials (public routes)."""
        return self.kind == "anonymous"

    def has_scope(self, scope: str) -> bool:
        """True if the caller holds ``scope`` (``admin`` holds every scope)."""
        return scope in self.scopes or "admin" in self.scopes

    def claims(self) -> dict[str, Any]:
        """The claims that get signed (empty fields left out)."""
        data: dict[str, Any] = {"sub": self.sub, "kind": self.kind, "iss": self.iss}
        if self.role:
            data["role"] = self.role
        if self.scopes:
            data["scopes"] = sorted(self.scopes)
        for key in ("org_id", "community_id", "request_id", "act"):
            value = getattr(self, key)
            if value:
                data[key] = value
        return data

    @classmethod
    def from_claims(cls, data: dict[str, Any]) -> Identity:
        """Rebuild an identity from verified claims."""
        return cls(
            sub=str(data["sub"]),
            kind=str(data.get("kind", "user")),
            role=data.get("role"),
            scopes=frozenset(data.get("scopes", ())),
            org_id=data.get("org_id"),
            community_id=data.get("community_id"),
            request_id=data.get("request_id"),
            iss=str(data.get("iss", "gateway")),
            act=data.get("act"),
        )


def service_identity(service: str, scopes: Iterable[str] = ALL_SCOPES, **kw: Any) -> Identity:
    """The identity a service signs as when it calls another service."""
    return Identity(
        sub=f"service:{service}",
        kind="service",
        role="service",
        scopes=frozenset(scopes),
        iss=service,
        **kw,
    )


class IdentitySigner:
    """Signs and verifies identity headers with one shared secret."""

    #: Signed and verified headers kept for reuse; signing and checking an HMAC on every request
    #: was a measurable share of both the gateway's and the services' CPU per request.
    CACHE_SIZE = 4096

    def __init__(self, secret: bytes, *, ttl_seconds: int = 60, max_skew_seconds: int = 30) -> None:
        if len(secret) < 16:
            raise ValueError("identity secret must be at least 16 bytes")
        self._secret = secret
        self.ttl = ttl_seconds
        self.skew = max_skew_seconds
        self._signed: dict[tuple[Identity, str | None, str | None], tuple[str, float]] = {}
        self._verified: dict[str, tuple[Identity, float, float, str | None, str | None]] = {}

    def sign_cached(
        self, identity: Identity, method: str | None = None, path: str | None = None
    ) -> str:
        """Like :meth:`sign`, reusing a header signed within the last quarter of its life."""
        now = time.time()
        key = (identity, method, path)
        hit = self._signed.get(key)
        if hit is not None and hit[1] > now:
            return hit[0]
        value = self.sign(identity, now=now, method=method, path=path)
        if len(self._signed) >= self.CACHE_SIZE:
            self._signed.clear()
        self._signed[key] = (value, now + self.ttl / 4)
        return value

    def _mac(self, signing_input: bytes) -> bytes:
        return hmac.new(self._secret, signing_input, hashlib.sha256).digest()

    def sign(
        self,
        identity: Identity,
        *,
        now: float | None = None,
        method: str | None = None,
        path: str | None = None,
    ) -> str:
        """A header value vouching for ``identity`` for the next ``ttl`` seconds.

        With ``method`` and ``path`` the header is bound to that one route: a header captured
        on its way to ``GET /v1/x`` cannot be replayed on ``DELETE /v1/y``. Every production
        signer binds (the gateway, service clients, the webhook feed reader).
        """
        issued = int(now if now is not None else time.time())
        claims = identity.claims()
        claims["iat"] = issued
        claims["exp"] = issued + self.ttl
        if method is not None:
            claims["m"] = method.upper()
        if path is not None:
            claims["p"] = path
        payload = _b64e(json.dumps(claims, separators=(",", ":"), ensure_ascii=False).encode())
        signing_input = f"{_VERSION}.{payload}".encode()
        return f"{_VERSION}.{payload}.{_b64e(self._mac(signing_input))}"

    def verify(
        self,
        value: str | None,
        *,
        now: float | None = None,
        method: str | None = None,
        path: str | None = None,
    ) -> Identity:
        """The identity in a header value, or :class:`Unauthorized` if it cannot be trusted.

        A header bound to a route (see :meth:`sign`) is refused on any other method or path.
        """
        current = now if now is not None else time.time()
        hit = self._verified.get(value) if value else None
        if hit is None or not hit[1] - self.skew <= current <= hit[2] + self.skew:
            verified = self._verify(value, current)
            if len(self._verified) >= self.CACHE_SIZE:
                self._verified.clear()
            assert value is not None
            self._verified[value] = hit = verified
        identity, _, _, bound_method, bound_path = hit
        if (bound_method is not None and method is not None and bound_method != method.upper()) or (
            bound_path is not None and path is not None and bound_path != path
        ):
            raise Unauthorized("内部身份签名不属于此接口", code=KernelCode.IDENTITY_INVALID)
        return identity

    def _verify(
        self, value: str | None, current: float
    ) -> tuple[Identity, float, float, str | None, str | None]:
        if not value:
            raise Unauthorized("缺少内部身份签名", code=KernelCode.IDENTITY_INVALID)
        parts = value.split(".")
        if len(parts) != 3 or parts[0] != _VERSION:
            raise Unauthorized("内部身份签名格式错误", code=KernelCode.IDENTITY_INVALID)
        try:
            signature = _b64d(parts[2])
            claims = json.loads(_b64d(parts[1]))
        except (ValueError, UnicodeDecodeError) as exc:
            raise Unauthorized("内部身份签名格式错误", code=KernelCode.IDENTITY_INVALID) from exc
        expected = self._mac(f"{parts[0]}.{parts[1]}".encode())
        if not hmac.compare_digest(signature, expected):
            raise Unauthorized("内部身份签名不匹配", code=KernelCode.IDENTITY_INVALID)
        if not isinstance(claims, dict) or "sub" not in claims:
            raise Unauthorized("内部身份声明不完整", code=KernelCode.IDENTITY_INVALID)
        try:
            iat, exp = int(claims["iat"]), int(claims["exp"])
        except (KeyError, TypeError, ValueError) as exc:
            raise Unauthorized("内部身份声明不完整", code=KernelCode.IDENTITY_INVALID) from exc
        if iat > current + self.skew or exp < current - self.skew:
            raise Unauthorized("内部身份签名已过期", code=KernelCode.IDENTITY_INVALID)
        if exp - iat > self.ttl:
            # Signed with a longer life than this deployment gives: not one of ours to honour.
            raise Unauthorized("内部身份签名有效期过长", code=KernelCode.IDENTITY_INVALID)
        bound_method, bound_path = claims.get("m"), claims.get("p")
        if not isinstance(bound_method, str | None) or not isinstance(bound_path, str | None):
            raise Unauthorized("内部身份声明不完整", code=KernelCode.IDENTITY_INVALID)
        return Identity.from_claims(claims), float(iat), float(exp), bound_method, bound_path


class IdentityMiddleware:
    """Rejects every request without a valid signed identity, except the exempt paths."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        signer: IdentitySigner,
        exempt_paths: Iterable[str] = ("/healthz", "/readyz"),
    ) -> None:
        self.app = app
        self.signer = signer
        self.exempt = frozenset(exempt_paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in self.exempt:
            await self.app(scope, receive, send)
            return
        value = None
        accept_language = None
        for key, raw in scope["headers"]:
            if key == _HEADER_B:
                value = raw.decode("latin-1")
            elif key == b"accept-language":
                accept_language = raw.decode("latin-1")
        try:
            identity = self.signer.verify(value, method=scope["method"], path=scope["path"])
        except Unauthorized as exc:
            await send_problem(send, exc, wants_english(accept_language), scope["path"])
            return
        scope.setdefault("state", {})["identity"] = identity
        token = identity_var.set(identity)
        try:
            await self.app(scope, receive, send)
        finally:
            identity_var.reset(token)


__all__ = [
    "ALL_SCOPES",
    "HEADER",
    "ROLES",
    "Identity",
    "IdentityMiddleware",
    "IdentitySigner",
    "problem_body",
    "service_identity",
]
