"""``RegistryClient``: what Matching and Funds ask the Registry, over HTTP."""

from __future__ import annotations

from services.common.http import ServiceClient


class RegistryClient(ServiceClient):
    """Typed async calls to the Registry service."""

    target = "registry"
