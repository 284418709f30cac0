"""Settings of the matching service (environment variables only)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from services.common.settings import ServiceSettings


class MatchingSettings(ServiceSettings):
    """``WUSHE_*`` variables the matching service reads."""

    service_name: ClassVar[str] = "matching"

    matching_database_url: str | None = Field(
        default=None,
        description="postgresql+asyncpg://... or sqlite+aiosqlite:///...; default var/matching.db",
    )
