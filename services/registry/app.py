"""The Registry app factory."""

from __future__ import annotations

from collections.abc import Mapping

import httpx
from fastapi import FastAPI

from services.common.app import create_service_app
from services.registry.api import ROUTERS
from services.registry.db.models import KERNEL
from services.registry.domain.errors import UNIQUE, RegistryCode
from services.registry.domain.inbox import register as register_inbox
from services.registry.settings import RegistrySettings

TAGS = [
    {"name": "registry", "description": "名册：区划、社区与村、社会组织、社工、志愿者、协作与结对"}
]


def create_app(
    settings: RegistrySettings | None = None,
    *,
    transports: Mapping[str, httpx.AsyncBaseTransport] | None = None,
    configure_logs: bool = True,
) -> FastAPI:
    """Build the Registry service."""
    app = create_service_app(
        settings or RegistrySettings(),
        title="Wushe Registry",
        description="五社联动名册服务 / the roster of the five societies",
        version="1.0.0",
        routers=ROUTERS,
        codes=RegistryCode,
        kernel=KERNEL,
        unique=UNIQUE,
        clients={},
        transports=transports,
        openapi_tags=TAGS,
        configure_logs=configure_logs,
    )
    register_inbox(app.state.inbox)  # Matching's ratings arrive in batches
    return app
