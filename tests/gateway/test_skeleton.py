"""The walking skeleton through the gateway: health, readiness, docs, request IDs, signatures."""

from __future__ import annotations

import time

import pytest

from services.common.identity import Identity, IdentitySigner
from tests.system_fixture import System

SERVICES = ("registry", "matching", "funds")


class TestHealth:
    async def test_healthz(self, system: System) -> None:
        response = await system.gateway.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "service": "gateway"}

    async def test_readyz_lists_every_service_and_database(self, system: System) -> None:
        response = await system.gateway.get("/readyz", headers=await system.admin_headers())
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["status"] == "ready"
        assert set(body["services"]) == {"gateway", *SERVICES}
        for name, entry in body["services"].items():
            assert entry["status"] == "ready", name
            assert entry["database"]["status"] == "ready", name
            assert entry["database"]["backend"] == system.backend, name

    @pytest.mark.parametrize("service", SERVICES)
    async def test_service_readyz_needs_no_signature(self, system: System, service: str) -> None:
        response = await system.direct[service].get("/readyz")
        assert response.status_code == 200
        assert response.json()["database"]["backend"] == system.backend


class TestDocs:
    async def test_openapi_merges_every_app(self, system: System) -> None:
        response = await system.gateway.get("/openapi.json")
        assert response.status_code == 200
        doc = response.json()
        assert "x-unavailable-services" not in doc
        assert "/v1/auth/token" in doc["paths"]
        assert {t["name"] for t in doc["tags"]} == {"gateway", *SERVICES}
        assert set(doc["components"]["securitySchemes"]) == {"bearerAuth", "apiKeyAuth"}
        for service in SERVICES:
            service_doc = (
                await system.direct[service].get("/openapi.json", headers=system.signed())
            ).json()
            for path in service_doc["paths"]:
                if path not in ("/healthz", "/readyz"):
                    assert path in doc["paths"], (service, path)

    def test_bundled_swagger_ui_renders_openapi_3_1(self) -> None:
        import re

        from swagger_ui_bundle import swagger_ui_path

        version = re.search(r"swagger-ui-(\d+)\.", str(swagger_ui_path))
        assert version is not None
        assert int(version.group(1)) >= 5  # Swagger UI 4 refuses "openapi: 3.1.0"

    async def test_docs_page_loads_local_assets(self, system: System) -> None:
        page = await system.gateway.get("/docs")
        assert page.status_code == 200
        assert "/openapi.json" in page.text
        asset = await system.gateway.get("/docs/assets/swagger-ui-bundle.js")
        assert asset.status_code == 200
        assert len(asset.content) > 100_000


class TestRequestId:
    async def test_created_when_absent(self, system: System) -> None:
        response = await system.gateway.get("/healthz")
        assert len(response.headers["x-request-id"]) == 32

    async def test_accepted_and_returned(self, system: System) -> None:
        response = await system.gateway.get("/healthz", headers={"X-Request-ID": "abc-123"})
        assert response.headers["x-request-id"] == "abc-123"

    async def test_malformed_is_replaced(self, system: System) -> None:
        response = await system.gateway.get(
            "/healthz", headers={"X-Request-ID": "bad id with spaces"}
        )
        assert response.headers["x-request-id"] != "bad id with spaces"

    async def test_propagated_to_the_service(self, system: System) -> None:
        headers = {**(await system.admin_headers()), "X-Request-ID": "trace-xyz"}
        response = await system.gateway.get("/v1/regions", headers=headers)
        assert response.headers["x-request-id"] == "trace-xyz"


class TestSignatureAtTheServiceDoor:
    @pytest.mark.parametrize("service", SERVICES)
    async def test_unsigned_request_is_401(self, system: System, service: str) -> None:
        response = await system.direct[service].get("/openapi.json")
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["code"] == "identity_invalid"

    @pytest.mark.parametrize("service", SERVICES)
    async def test_wrong_secret_is_401(self, system: System, service: str) -> None:
        forged = IdentitySigner(b"not-the-shared-secret").sign(Identity(sub="x", kind="user"))
        response = await system.direct[service].get(
            "/openapi.json", headers={"x-wushe-identity": forged}
        )
        assert response.status_code == 401

    @pytest.mark.parametrize("service", SERVICES)
    async def test_stale_signature_is_401(self, system: System, service: str) -> None:
        stale = system.signer.sign(Identity(sub="x", kind="user"), now=time.time() - 3600)
        response = await system.direct[service].get(
            "/openapi.json", headers={"x-wushe-identity": stale}
        )
        assert response.status_code == 401

    @pytest.mark.parametrize("service", SERVICES)
    async def test_valid_signature_passes(self, system: System, service: str) -> None:
        response = await system.direct[service].get("/openapi.json", headers=system.signed())
        assert response.status_code == 200

    async def test_same_request_through_gateway_is_not_401(self, system: System) -> None:
        direct = await system.direct["registry"].get("/v1/regions")
        assert direct.status_code == 401
        through = await system.gateway.get("/v1/regions", headers=await system.admin_headers())
        assert through.status_code != 401

    async def test_client_cannot_forge_identity_through_gateway(self, system: System) -> None:
        forged = system.signed(
            Identity(sub="x", kind="user", role="operator", scopes=frozenset({"admin"}))
        )
        response = await system.gateway.get("/v1/regions", headers=forged)
        assert response.status_code == 401


class TestProblems:
    async def test_unknown_gateway_path_is_problem_json(self, system: System) -> None:
        response = await system.gateway.get("/nope", headers={"Accept-Language": "en"})
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["title"] == "Not found"

    async def test_bad_json_is_422_not_500(self, system: System) -> None:
        response = await system.gateway.post(
            "/v1/auth/token", content=b"{not json", headers={"content-type": "application/json"}
        )
        assert response.status_code == 422
        assert response.json()["code"] == "validation_failed"
