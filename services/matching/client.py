"""``MatchingClient``: what other services ask Matching, over HTTP."""

from __future__ import annotations

from services.common.http import ServiceClient


class MatchingClient(ServiceClient):
    """Typed async calls to the Matching service."""

    target = "matching"
