"""Settings of the funds service (environment variables only)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from services.common.settings import ServiceSettings


class FundsSettings(ServiceSettings):
    """``WUSHE_*`` variables the funds service reads."""

    service_name: ClassVar[str] = "funds"

    funds_database_url: str | None = Field(
        default=None,
        description="postgresql+asyncpg://... or sqlite+aiosqlite:///...; default var/funds.db",
    )
