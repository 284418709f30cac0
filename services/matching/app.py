"""The Matching app factory."""

from __future__ import annotations

from collections.abc import Mapping

import httpx
from fastapi import FastAPI

from services.common.app import create_service_app
from services.funds.client import FundsClient
from services.matching.api import ROUTERS
from services.matching.db.models import KERNEL
from services.matching.domain.errors import UNIQUE, MatchingCode
from services.matching.settings import MatchingSettings
from services.registry.client import RegistryClient

TAGS = [
    {
        "name": "matching",
        "description": "需求与资源对接：分流、候选、分配轮次、对接、服务记录、反馈",
    }
]


def create_app(
    settings: MatchingSettings | None = None,
    *,
    transports: Mapping[str, httpx.AsyncBaseTransport] | None = None,
    configure_logs: bool = True,
) -> FastAPI:
    """Build the Matching service."""
    return create_service_app(
        settings or MatchingSettings(),
        title="Wushe Matching",
        description="需求与资源对接服务 / needs matched against offered resources",
        version="1.0.0",
        routers=ROUTERS,
        codes=MatchingCode,
        kernel=KERNEL,
        unique=UNIQUE,
        clients={"registry": RegistryClient, "funds": FundsClient},
        transports=transports,
        openapi_tags=TAGS,
        configure_logs=configure_logs,
    )
