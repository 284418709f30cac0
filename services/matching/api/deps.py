"""Annotated dependencies shared by the routers of needs, offers and rounds."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request, Response

from services.common.auth import require_scope
from services.common.http import ServiceClient
from services.common.identity import Identity
from services.matching.domain.base import etag
from services.matching.domain.scoring import Weights

Reader = Annotated[Identity, Depends(require_scope("matching:read"))]
Writer = Annotated[Identity, Depends(require_scope("matching:write"))]
IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description="上次 GET 返回的 ETag / the ETag from the last GET (required)",
    ),
]


async def _weights(request: Request) -> Weights:
    weights: Weights = request.app.state.score_weights
    return weights


async def _funds(request: Request) -> ServiceClient:
    client: ServiceClient = request.app.state.clients["funds"]
    return client


#: The score weights in force (``WUSHE_SCORE_WEIGHTS``).
WeightsDep = Annotated[Weights, Depends(_weights)]
#: The Funds client (offers of money name their fund).
FundsDep = Annotated[ServiceClient, Depends(_funds)]


def set_etag(response: Response, version: int) -> None:
    """Put the resource's ETag on the response."""
    response.headers["ETag"] = etag(version)
