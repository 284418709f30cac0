"""``/v1/stats``."""

from __future__ import annotations

from services.common.routing import service_router

router = service_router(prefix="/v1/stats", tags=["matching"])
