"""Annotated dependencies shared by the Registry's routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Response

from services.common.auth import require_scope
from services.common.identity import Identity
from services.registry.domain.base import etag

Reader = Annotated[Identity, Depends(require_scope("registry:read"))]
Writer = Annotated[Identity, Depends(require_scope("registry:write"))]
IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description="上次 GET 返回的 ETag / the ETag from the last GET (required)",
    ),
]


def sees_pii(caller: Identity) -> bool:
    """True when the caller may see phone and certificate numbers unmasked."""
    return caller.has_scope("pii:read")


def set_etag(response: Response, version: int) -> None:
    """Put the resource's ETag on the response."""
    response.headers["ETag"] = etag(version)
