"""Webhooks: partner systems get what their key may read, signed, retried, never an SSRF hole.

A real HTTP receiver on loopback verifies every delivery with the ``standardwebhooks`` library,
exactly as a partner system would.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import uvicorn
from standardwebhooks.webhooks import Webhook

from gateway.domain.webhooks import check_url, signature
from services.common.errors import ValidationFailed
from tests.factories import HAISHU, ZUNYI, community_payload, create, suffix
from tests.system_fixture import System


@dataclass
class Receiver:
    """A partner's endpoint: records what arrives, fails the first ``fail`` attempts."""

    url: str = ""
    fail: int = 0
    always_fail: bool = False
    received: list[dict[str, Any]] = field(default_factory=list)

    async def app(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = {k.decode(): v.decode() for k, v in scope["headers"]}
        self.received.append({"body": body, "headers": headers})
        failing = self.always_fail or self.fail > 0
        if self.fail > 0:
            self.fail -= 1
        status = 500 if failing else 204
        await send({"type": "http.response.start", "status": status, "headers": []})
        await send({"type": "http.response.body", "body": b""})


@contextlib.asynccontextmanager
async def receiving() -> AsyncIterator[Receiver]:
    receiver = Receiver()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            receiver.app,
            host="127.0.0.1",
            port=port,
            log_config=None,
            lifespan="off",
            interface="asgi3",
        )
    )
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 (uvicorn exposes a flag, not an event)
        await asyncio.sleep(0.02)
    receiver.url = f"http://127.0.0.1:{port}/hooks"
    try:
        yield receiver
    finally:
        server.should_exit = True
        await task


async def _key(system: System, scopes: list[str]) -> dict[str, Any]:
    headers = await system.admin_headers()
    response = await system.gateway.post(
        "/v1/api-keys",
        json={"name": f"partner-{suffix()}", "scopes": scopes, "rate_limit_per_minute": 6000},
        headers=headers,
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def _subscribe(system: System, key: dict[str, Any], url: str, **body: Any) -> dict[str, Any]:
    response = await system.gateway.post(
        "/v1/webhooks", json={"url": url, **body}, headers={"X-API-Key": key["key"]}
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def _until(condition: Any, seconds: float = 15.0) -> None:
    for _ in range(int(seconds / 0.1)):
        if condition():
            return
        await asyncio.sleep(0.1)
    raise AssertionError("timed out")


class TestDeliveries:
    async def test_signed_deliveries_of_the_types_and_region_asked_for(
        self, system: System
    ) -> None:
        key = await _key(system, ["registry:read"])
        async with receiving() as receiver:
            hook = await _subscribe(
                system, key, receiver.url, event_types=["community.*"], region_code=HAISHU
            )
            assert hook["secret"].startswith("whsec_")
            headers = await system.admin_headers()
            far = await create(
                system.gateway, "/v1/communities", community_payload(region_code=ZUNYI), headers
            )
            near = await create(system.gateway, "/v1/communities", community_payload(), headers)
            await create(system.gateway, "/v1/organizations", _org(), headers)  # another type
            await _until(lambda: len(receiver.received) >= 1)
            await asyncio.sleep(1.0)  # nothing else may follow
        assert len(receiver.received) == 1
        delivery = receiver.received[0]
        payload = Webhook(hook["secret"]).verify(delivery["body"], delivery["headers"])
        assert payload["type"] == "community.created"
        assert payload["data"]["subject"]["id"] == near["id"] != far["id"]
        assert payload["data"]["region_code"] == HAISHU

    async def test_a_failing_receiver_gets_retries_with_the_same_id(self, system: System) -> None:
        key = await _key(system, ["registry:read"])
        async with receiving() as receiver:
            receiver.fail = 2
            hook = await _subscribe(system, key, receiver.url, event_types=["community.created"])
            headers = await system.admin_headers()
            await create(system.gateway, "/v1/communities", community_payload(), headers)
            await _until(lambda: len(receiver.received) >= 3)
        ids = {r["headers"]["webhook-id"] for r in receiver.received[:3]}
        assert len(ids) == 1
        for r in receiver.received[:3]:
            Webhook(hook["secret"]).verify(r["body"], r["headers"])
        log = await system.gateway.get(
            f"/v1/webhooks/{hook['id']}/deliveries", headers={"X-API-Key": key["key"]}
        )
        (entry,) = log.json()["items"]
        assert entry["status"] == "delivered"
        assert entry["attempts"] == 3

    async def test_personal_data_follows_the_keys_scopes(self, system: System) -> None:
        plain = await _key(system, ["registry:read"])
        trusted = await _key(system, ["registry:read", "pii:read"])
        blind = await _key(system, ["funds:read"])
        async with receiving() as receiver, receiving() as full, receiving() as nothing:
            await _subscribe(system, plain, receiver.url, event_types=["social_worker.*"])
            await _subscribe(system, trusted, full.url, event_types=["social_worker.*"])
            await _subscribe(system, blind, nothing.url, event_types=["*"])
            headers = await system.admin_headers()
            await create(
                system.gateway,
                "/v1/social-workers",
                {
                    "name": "欧阳小红",
                    "qualification": "assistant",
                    "region_code": HAISHU,
                    "phone": "13912345678",
                },
                headers,
            )
            await _until(lambda: receiver.received and full.received)
            await asyncio.sleep(1.0)
        masked = receiver.received[0]["body"].decode()
        assert "欧阳小红" not in masked
        assert "13912345678" not in masked
        assert "欧***" in masked
        assert "欧阳小红" in full.received[0]["body"].decode()
        assert nothing.received == []

    async def test_a_subscription_that_keeps_failing_is_disabled_and_can_be_redelivered(
        self, system: System
    ) -> None:
        key = await _key(system, ["registry:read"])
        own = {"X-API-Key": key["key"]}
        async with receiving() as receiver:
            receiver.always_fail = True
            hook = await _subscribe(system, key, receiver.url, event_types=["community.created"])
            headers = await system.admin_headers()
            for _ in range(3):
                await create(system.gateway, "/v1/communities", community_payload(), headers)

            async def disabled() -> bool:
                got = await system.gateway.get(f"/v1/webhooks/{hook['id']}", headers=own)
                return bool(got.json()["status"] == "disabled")

            for _ in range(150):
                if await disabled():
                    break
                await asyncio.sleep(0.1)
            assert await disabled()
            receiver.always_fail = False
            log = await system.gateway.get(f"/v1/webhooks/{hook['id']}/deliveries", headers=own)
            delivery = log.json()["items"][0]
            before = len(receiver.received)
            retry = await system.gateway.post(
                f"/v1/webhooks/{hook['id']}/deliveries/{delivery['id']}/retry", headers=own
            )
            assert retry.status_code == 202
            await _until(lambda: len(receiver.received) > before)
        again = await system.gateway.get(f"/v1/webhooks/{hook['id']}", headers=own)
        assert again.json()["status"] == "active"


def _org() -> dict[str, Any]:
    from tests.factories import org_payload

    return org_payload()


class TestManagement:
    async def test_a_partner_sees_only_its_own_and_residents_none(self, system: System) -> None:
        mine, theirs = await _key(system, ["registry:read"]), await _key(system, ["registry:read"])
        a = await _subscribe(system, mine, "http://127.0.0.1:9/a", event_types=["*"])
        b = await _subscribe(system, theirs, "http://127.0.0.1:9/b", event_types=["*"])
        listed = await system.gateway.get("/v1/webhooks", headers={"X-API-Key": mine["key"]})
        assert [h["id"] for h in listed.json()["items"]] == [a["id"]]
        hidden = await system.gateway.get(
            f"/v1/webhooks/{b['id']}", headers={"X-API-Key": mine["key"]}
        )
        assert hidden.status_code == 404
        for_other = await system.gateway.post(
            "/v1/webhooks",
            json={"url": "http://127.0.0.1:9/c", "event_types": ["*"], "api_key_id": theirs["id"]},
            headers={"X-API-Key": mine["key"]},
        )
        assert for_other.status_code == 403
        everything = await system.gateway.get(
            "/v1/webhooks?limit=200", headers=await system.admin_headers()
        )
        assert {a["id"], b["id"]} <= {h["id"] for h in everything.json()["items"]}
        assert "secret" not in everything.json()["items"][0]


class TestSsrf:
    @pytest.mark.parametrize(
        "url",
        [
            "http://127.0.0.1:8000/hook",
            "http://localhost/hook",
            "http://10.0.0.7/hook",
            "http://192.168.1.1/hook",
            "http://169.254.169.254/latest/meta-data",
            "http://[::1]/hook",
            "http://0.0.0.0/hook",
            "ftp://example.com/hook",
        ],
    )
    async def test_non_public_urls_are_refused(self, url: str) -> None:
        with pytest.raises(ValidationFailed) as caught:
            await check_url(url, allow_private=False)
        assert caught.value.code in ("webhook_url_forbidden", "webhook_url_invalid")

    async def test_the_api_refuses_them_unless_the_operator_allows(self, system: System) -> None:
        key = await _key(system, ["registry:read"])
        async with system.another_gateway(webhook_allow_private=False) as strict:
            refused = await strict.post(
                "/v1/webhooks",
                json={"url": "http://127.0.0.1:8000/hook", "event_types": ["*"]},
                headers={"X-API-Key": key["key"]},
            )
        assert refused.status_code == 422
        assert refused.json()["code"] == "webhook_url_forbidden"

    def test_the_signature_is_the_standard_one(self) -> None:
        secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
        wh = Webhook(secret)
        import datetime as dt

        at = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)
        expected = wh.sign("msg_1", at.replace(tzinfo=None), '{"a":1}')
        assert signature(secret, "msg_1", int(at.timestamp()), b'{"a":1}') == expected
