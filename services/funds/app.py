"""The Funds app factory."""

from __future__ import annotations

from collections.abc import Mapping

import httpx
from fastapi import FastAPI

from services.common.app import create_service_app
from services.funds.api import ROUTERS
from services.funds.db.models import KERNEL
from services.funds.domain.errors import UNIQUE, FundsCode
from services.funds.settings import FundsSettings
from services.registry.client import RegistryClient

TAGS = [
    {"name": "funds", "description": "社区基金账本：复式记账、捐赠、资助审批、时间银行、信息公开"}
]


def create_app(
    settings: FundsSettings | None = None,
    *,
    transports: Mapping[str, httpx.AsyncBaseTransport] | None = None,
    configure_logs: bool = True,
) -> FastAPI:
    """Build the Funds service."""
    return create_service_app(
        settings or FundsSettings(),
        title="Wushe Funds",
        description="社区基金账本服务 / community-fund ledgers",
        version="1.0.0",
        routers=ROUTERS,
        codes=FundsCode,
        kernel=KERNEL,
        unique=UNIQUE,
        clients={"registry": RegistryClient},
        transports=transports,
        openapi_tags=TAGS,
        configure_logs=configure_logs,
    )
