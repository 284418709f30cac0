"""Gateway settings (``WUSHE_*`` environment variables)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, SecretStr

from services.common.settings import ServiceSettings


class GatewaySettings(ServiceSettings):
    """What the gateway reads from the environment."""

    service_name: ClassVar[str] = "gateway"

    gateway_database_url: str | None = Field(
        default=None, description="users, refresh tokens, API keys"
    )
    jwt_secret: SecretStr = Field(default=SecretStr(""), description="HS256 key for access tokens")
    access_token_ttl_seconds: int = Field(default=900, ge=60, le=86400)
    refresh_token_ttl_seconds: int = Field(default=30 * 86400, ge=3600)
    admin_password: SecretStr | None = Field(default=None, description="first operator's password")
    redis_url: str | None = Field(
        default=None, description="shared rate-limit state; in-process if unset"
    )
    cors_origins: list[str] = Field(default_factory=list, description="origins allowed by CORS")
    max_request_bytes: int = Field(default=20 * 1024 * 1024, ge=1024)
    body_read_timeout_seconds: float = Field(
        default=15.0,
        gt=0,
        description="longest wait for the next piece of a request body (408 after it; the "
        "whole body may take 8 times as long)",
    )
    login_max_failures: int = Field(default=5, ge=1)
    login_lockout_seconds: int = Field(default=900, ge=1)
    # Per-service upstream timeouts (seconds); imports and rounds take longer than reads.
    registry_timeout_seconds: float = Field(default=30.0, gt=0)
    matching_timeout_seconds: float = Field(default=30.0, gt=0)
    funds_timeout_seconds: float = Field(default=15.0, gt=0)
    upstream_retries: int = Field(default=1, ge=0, le=3)
    forwarder: str = Field(
        default="raw", pattern="^(raw|httpx)$", description="forwarding client (see forwarders.py)"
    )
    openapi_cache_seconds: float = Field(default=30.0, ge=0)
    webhook_allow_private: bool = Field(
        default=False,
        description="allow webhook URLs on loopback/private networks (tests, closed networks)",
    )
    webhook_retry_delays: list[float] = Field(
        default=[5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0, 36000.0],
        description="seconds before each retry of a failed delivery (Standard Webhooks' schedule)",
    )
    webhook_disable_after: int = Field(default=50, ge=1, description="failed attempts in a row")

    def timeout_for(self, service: str) -> float:
        """The upstream timeout for one service."""
        return float(getattr(self, f"{service}_timeout_seconds", self.upstream_timeout_seconds))

    def require_jwt_secret(self) -> bytes:
        """The JWT key; refuse to start without one."""
        secret = self.jwt_secret.get_secret_value()
        if len(secret) < 16:
            raise RuntimeError(
                "WUSHE_JWT_SECRET must be set (16+ characters); `wushe up` generates one"
            )
        return secret.encode()
