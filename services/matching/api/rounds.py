"""``/v1/rounds``."""

from __future__ import annotations

from services.common.routing import service_router

router = service_router(prefix="/v1/rounds", tags=["matching"])
