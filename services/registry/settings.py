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

    # Roster imports: bounds on what one upload can make the service do. A county's roster
    # (tens of thousands of rows, this service's own 100,000-row export) fits well inside them.
    import_max_upload_bytes: int = Field(
        default=64 << 20, gt=0, description="bytes of one uploaded roster file"
    )
    import_max_rows: int = Field(default=100_000, gt=0, description="data rows of one roster")
    import_max_cell_chars: int = Field(default=4096, gt=0, description="characters of one cell")
    import_max_xlsx_part_bytes: int = Field(
        default=256 << 20,
        gt=0,
        description="inflated bytes of one XLSX part (the 100k-row export's sheet: 93 MiB)",
    )
    import_max_shared_strings: int = Field(
        default=1_000_000, gt=0, description="entries of an XLSX shared-string table"
    )
    import_max_shared_chars: int = Field(
        default=16_000_000, gt=0, description="characters of all shared strings together"
    )
    import_max_failed_rows: int = Field(
        default=1000, gt=0, description="bad rows before the whole file is refused"
    )
    import_deadline_seconds: float = Field(
        default=25.0,
        gt=0,
        description="an import still running after this is rolled back (503 import_timeout); "
        "below the gateway's WUSHE_REGISTRY_TIMEOUT_SECONDS (30 s), so no client is told "
        "'timed out' about an import that later commits",
    )
