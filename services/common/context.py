"""Per-request context carried across awaits: request ID and the caller's identity."""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from services.common.identity import Identity

request_id_var: ContextVar[str | None] = ContextVar("wushe_request_id", default=None)
identity_var: ContextVar[Identity | None] = ContextVar("wushe_identity", default=None)


def current_request_id() -> str | None:
    """The request ID of the request being served, if any."""
    return request_id_var.get()
