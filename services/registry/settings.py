"""Settings of the registry service (environment variables only)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from services.common.settings import ServiceSettings


class RegistrySettings(ServiceSettings):
    """``WUSHE_*`` variables the registry service reads."""

    service_name: ClassVar[str] = "registry"

    registry_database_url: str | None = Field(
        default=None,
        description="postgresql+asyncpg://... or sqlite+aiosqlite:///...; default var/registry.db",
    )
