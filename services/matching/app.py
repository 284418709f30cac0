"""The Matching app factory."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Mapping
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.app import create_service_app
from services.common.follower import Follower
from services.funds.client import FundsClient
from services.matching.api import ROUTERS
from services.matching.db.models import KERNEL
from services.matching.domain import readmodel
from services.matching.domain.errors import UNIQUE, MatchingCode
from services.matching.settings import MatchingSettings
from services.registry.client import RegistryClient

TAGS = [
    {
        "name": "matching",
        "description": "需求与资源对接：分流、候选、分配轮次、对接、服务记录、反馈",
    }
]


def registry_follower(
    settings: MatchingSettings, transport: httpx.AsyncBaseTransport | None = None
) -> Callable[[FastAPI], Coroutine[Any, Any, None]]:
    """The worker that keeps the Registry's read model: a follower of ``/v1/events/registry``
    with a client of its own (long polls stay off the request pool), whose ``resync`` rebuilds
    the model from the Registry's lists when the feed has purged what it has not applied."""

    async def follow(app: FastAPI) -> None:
        client = RegistryClient(
            settings.service_url("registry"),
            caller=app.state.service_name,
            signer=app.state.signer,
            timeout=settings.follower_wait_seconds + 10,
            transport=transport,
        )

        async def resync(session: AsyncSession) -> None:
            await readmodel.resync(session, client)

        follower = Follower(
            readmodel.FOLLOWER_NAME,
            client,
            "registry",
            app.state.database,
            app.state.kernel_tables,
            readmodel.apply_event,
            batch=500,
            wait=settings.follower_wait_seconds,
            resync=resync,
        )
        app.state.followers.append(follower)
        try:
            await follower.run()
        finally:
            await client.aclose()

    return follow


def create_app(
    settings: MatchingSettings | None = None,
    *,
    transports: Mapping[str, httpx.AsyncBaseTransport] | None = None,
    configure_logs: bool = True,
) -> FastAPI:
    """Build the Matching service."""
    settings = settings or MatchingSettings()
    workers = []
    if settings.follow_registry:
        workers.append(registry_follower(settings, (transports or {}).get("registry")))
    app = create_service_app(
        settings,
        title="Wushe Matching",
        description="需求与资源对接服务 / needs matched against offered resources",
        version="1.0.0",
        routers=ROUTERS,
        codes=MatchingCode,
        kernel=KERNEL,
        unique=UNIQUE,
        workers=workers,
        clients={"registry": RegistryClient, "funds": FundsClient},
        transports=transports,
        openapi_tags=TAGS,
        configure_logs=configure_logs,
    )
    app.state.score_weights = settings.weights()
    return app
