"""Settings every service shares, read from ``WUSHE_*`` environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.common.apps import DEFAULT_PORTS, FUNDS, MATCHING, REGISTRY, SERVICE_NAMES

# The app list lives in services.common.apps; these names stay importable from here.
__all__ = ["DEFAULT_PORTS", "SERVICE_NAMES", "ServiceSettings"]


class ServiceSettings(BaseSettings):
    """Base of every service's settings; no instance is built at import time."""

    model_config = SettingsConfigDict(env_prefix="WUSHE_", extra="ignore")

    #: The service this settings class configures; subclasses set it.
    service_name: ClassVar[str] = "service"

    data_dir: Path = Field(
        default=Path("var"), description="Where the SQLite files live by default"
    )
    database_url: str | None = Field(
        default=None,
        description="Overrides the per-service WUSHE_<SVC>_DATABASE_URL when set (tests use it)",
    )
    internal_secret: SecretStr = Field(
        default=SecretStr(""),
        description="HMAC key for the signed identity header shared by the gateway and services",
    )
    identity_max_skew_seconds: int = Field(default=30, ge=1, le=300)
    identity_ttl_seconds: int = Field(default=60, ge=5, le=600)
    log_level: str = "INFO"
    log_json: bool | None = Field(
        default=None,
        description="JSON log lines (true), readable lines (false); unset: readable at a terminal",
    )
    db_pool_size: int = Field(default=10, ge=1)
    db_echo: bool = False

    # Where the other services are, for service-to-service calls: one field per service, so that
    # WUSHE_<SVC>_URL is an ordinary variable (tests/common/test_apps.py checks none is missing).
    registry_url: str = REGISTRY.default_url
    matching_url: str = MATCHING.default_url
    funds_url: str = FUNDS.default_url
    upstream_timeout_seconds: float = Field(default=5.0, gt=0)

    # Events, idempotency and the outbox (services/common/events.py, idempotency.py, outbox.py).
    idempotency_retention_hours: int = Field(default=24, ge=1, le=24 * 90)
    event_retention_days: int = Field(default=30, ge=1, le=3650)
    outbox_max_attempts: int = Field(default=12, ge=1, le=100)
    outbox_base_delay_seconds: float = Field(default=0.5, gt=0, le=60)
    housekeeping_interval_seconds: float = Field(default=300.0, gt=0)

    def service_url(self, service: str) -> str:
        """Base URL of another service."""
        return str(getattr(self, f"{service}_url"))

    def resolved_database_url(self) -> str:
        """This service's database URL: explicit, per-service, or an SQLite file in ``data_dir``."""
        if self.database_url:
            return self.database_url
        own = getattr(self, f"{self.service_name}_database_url", None)
        if own:
            return str(own)
        return f"sqlite+aiosqlite:///{(self.data_dir / f'{self.service_name}.db').resolve()}"

    def require_secret(self) -> bytes:
        """The internal HMAC key; refuse to run without one rather than accept unsigned calls."""
        secret = self.internal_secret.get_secret_value()
        if len(secret) < 16:
            raise RuntimeError(
                "WUSHE_INTERNAL_SECRET must be set (16+ characters); `wushe up` generates one"
            )
        return secret.encode()
