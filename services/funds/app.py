"""The Funds app factory."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

import httpx
from fastapi import FastAPI

from services.common.app import create_service_app
from services.funds.api import ROUTERS
from services.funds.db.models import KERNEL
from services.funds.domain.errors import UNIQUE, FundsCode
from services.funds.domain.writer import writer_of
from services.funds.settings import FundsSettings
from services.registry.client import RegistryClient

TAGS = [
    {"name": "funds", "description": "社区基金账本：复式记账、捐赠、资助审批、时间银行、信息公开"}
]


async def ledger_worker(app: FastAPI) -> None:
    """The ledger writer (group commit) and the expiry of pending transfers past their timeout."""
    writer = writer_of(app)
    await asyncio.gather(writer.run(), writer.expire_forever())


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
        workers=[ledger_worker],
        clients={"registry": RegistryClient},
        transports=transports,
        openapi_tags=TAGS,
        configure_logs=configure_logs,
    )
