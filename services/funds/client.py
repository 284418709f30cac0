"""``FundsClient``: what other services ask Funds, over HTTP."""

from __future__ import annotations

from services.common.http import ServiceClient


class FundsClient(ServiceClient):
    """Typed async calls to the Funds service."""

    target = "funds"
