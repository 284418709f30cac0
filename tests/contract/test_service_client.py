"""The kernel's service client against a real service app over ASGI transport."""

from __future__ import annotations

import httpx
import pytest

from services.common.context import request_id_var
from services.common.errors import NotFound, Unauthorized, UpstreamUnavailable
from services.common.identity import IdentitySigner
from services.registry.client import RegistryClient
from tests.system_fixture import INTERNAL_SECRET, System


@pytest.fixture
def signer() -> IdentitySigner:
    return IdentitySigner(INTERNAL_SECRET.encode())


async def test_client_signs_as_its_service(system: System, signer: IdentitySigner) -> None:
    client = RegistryClient(
        "http://registry",
        caller="matching",
        signer=signer,
        transport=httpx.ASGITransport(app=system.apps["registry"]),
    )
    token = request_id_var.set("rid-contract-1")
    try:
        doc = await client.request("GET", "/openapi.json")
    finally:
        request_id_var.reset(token)
        await client.aclose()
    assert doc["info"]["title"] == "Wushe Registry"


async def test_client_reraises_problems_as_kernel_errors(
    system: System, signer: IdentitySigner
) -> None:
    client = RegistryClient(
        "http://registry",
        caller="matching",
        signer=signer,
        transport=httpx.ASGITransport(app=system.apps["registry"]),
    )
    try:
        with pytest.raises(NotFound):
            await client.request("GET", "/no-such-path")
        assert await client.request("GET", "/no-such-path", allow_404=True) is None
    finally:
        await client.aclose()


async def test_unreachable_service_is_upstream_unavailable(signer: IdentitySigner) -> None:
    client = RegistryClient("http://127.0.0.1:9", caller="matching", signer=signer, timeout=1.0)
    try:
        with pytest.raises(UpstreamUnavailable):
            await client.request("GET", "/readyz")
    finally:
        await client.aclose()


async def test_wrong_secret_is_refused(system: System) -> None:
    client = RegistryClient(
        "http://registry",
        caller="matching",
        signer=IdentitySigner(b"some-other-secret-value"),
        transport=httpx.ASGITransport(app=system.apps["registry"]),
    )
    try:
        with pytest.raises(Unauthorized) as info:
            await client.request("GET", "/openapi.json")
        assert info.value.code == "identity_invalid"
    finally:
        await client.aclose()
