"""Webhooks: partner systems get what their key may read, signed, retried, never an SSRF hole.

A real HTTP receiver on loopback verifies every delivery with the ``standardwebhooks`` library,
exactly as a partner system would.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import re
import socket
import ssl
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from standardwebhooks.webhooks import Webhook

from gateway.domain.webhooks import (
    DeliveryError,
    NotStarted,
    WebhookSender,
    check_url,
    signature,
)
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


@dataclass
class RawPartner:
    """A partner's endpoint at the socket level: counts connections, keeps each request's bytes,
    can stall, answer garbage, or drop requests that arrive on a reused connection."""

    answer: bytes = b"HTTP/1.1 204 No Content\r\n\r\n"
    stall: float = 0.0
    #: Close this many requests that arrive on an already used connection, unanswered.
    drop_reused: int = 0
    connections: int = 0
    requests: list[bytes] = field(default_factory=list)
    port: int = 0
    writers: list[asyncio.StreamWriter] = field(default_factory=list)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self.writers.append(writer)
        served = 0
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                found = re.search(rb"content-length: (\d+)", head, re.IGNORECASE)
                body = await reader.readexactly(int(found.group(1)) if found else 0)
                if served and self.drop_reused > 0:
                    self.drop_reused -= 1
                    break
                self.requests.append(head + body)
                served += 1
                if self.stall:
                    await asyncio.sleep(self.stall)
                writer.write(self.answer)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass  # the client went away, or the test ended (the server closing)
        finally:
            writer.close()


@contextlib.asynccontextmanager
async def raw_partner(tls: ssl.SSLContext | None = None) -> AsyncIterator[RawPartner]:
    partner = RawPartner()
    server = await asyncio.start_server(partner.handle, "127.0.0.1", 0, ssl=tls)
    partner.port = server.sockets[0].getsockname()[1]
    try:
        yield partner
    finally:
        server.close()
        # Since Python 3.12 wait_closed() also waits for open connections, and the deliverer
        # keeps its connections alive in a pool: the partner hangs up on them first.
        for writer in partner.writers:
            writer.close()
        await asyncio.wait_for(server.wait_closed(), 10)


class TestSender:
    """The deliverer's own HTTP/1.1 client (httpx's pool cost most of a fan-out's CPU)."""

    async def test_connections_are_kept_alive_and_a_dropped_one_is_replaced(self) -> None:
        sender = WebhookSender(timeout=5.0)
        try:
            async with raw_partner() as partner:
                url = f"http://127.0.0.1:{partner.port}/hook"
                for i in range(5):
                    assert await sender.post(url, b'{"n":%d}' % i, {"webhook-id": "m"}) == 204
                assert (partner.connections, len(partner.requests)) == (1, 5)
                # The partner closes the kept-alive connection as the next request arrives:
                # sent again on a fresh one, once.
                partner.drop_reused = 1
                assert await sender.post(url, b"{}", {"webhook-id": "m"}) == 204
                assert (partner.connections, len(partner.requests)) == (2, 6)
                partner.answer = b"HTTP/1.1 500 Oops\r\ncontent-length: 4\r\n\r\nnope"
                assert await sender.post(url, b"{}", {}) == 500
                assert partner.connections == 2  # the body read: the connection kept
        finally:
            await sender.aclose()

    async def test_what_is_sent_is_one_well_formed_request(self) -> None:
        sender = WebhookSender(timeout=5.0)
        try:
            async with raw_partner() as partner:
                url = f"http://127.0.0.1:{partner.port}/hooks/a b?x=ü&y=%41"
                await sender.post(url, b'{"a":1}', {"webhook-id": "msg_1"})
                (request,) = partner.requests
                head, _, body = request.partition(b"\r\n\r\n")
                lines = head.split(b"\r\n")
                assert lines[0] == b"POST /hooks/a%20b?x=%C3%BC&y=%41 HTTP/1.1"
                assert f"host: 127.0.0.1:{partner.port}".encode() in lines
                assert b"content-length: 7" in lines
                assert b"webhook-id: msg_1" in lines
                assert body == b'{"a":1}'
                with pytest.raises(DeliveryError):  # no header can smuggle a second request
                    await sender.post(url, b"{}", {"webhook-id": "x\r\nPOST /other HTTP/1.1"})
                assert len(partner.requests) == 1
        finally:
            await sender.aclose()

    async def test_the_request_goes_to_the_address_found_public(self) -> None:
        """The deliverer resolves a host once, checks the addresses, and connects to what it
        checked: a DNS answer that changes in between (rebinding) redirects nothing."""
        sender = WebhookSender(timeout=5.0)
        try:
            async with raw_partner() as partner:
                url = f"http://partner.invalid:{partner.port}/hook"  # resolves to nothing
                with pytest.raises(DeliveryError):
                    await sender.post(url, b"{}", {})
                assert await sender.post(url, b"{}", {}, address="127.0.0.1") == 204
                (request,) = partner.requests
                assert f"host: partner.invalid:{partner.port}".encode() in request.split(b"\r\n")
        finally:
            await sender.aclose()

    async def test_no_request_starts_that_could_outlive_its_lease(self) -> None:
        sender = WebhookSender(timeout=2.0, per_origin=1)
        try:
            async with raw_partner() as partner:
                url = f"http://127.0.0.1:{partner.port}/hook"
                partner.stall = 1.0
                deadline = time.monotonic() + 2.5  # room for one request, not two in a row
                first = asyncio.create_task(sender.post(url, b"{}", {}, deadline=deadline))
                second = asyncio.create_task(sender.post(url, b"{}", {}, deadline=deadline))
                assert await first == 204
                with pytest.raises(NotStarted):
                    await second  # it waited for the origin's one connection: too late now
                assert len(partner.requests) == 1
        finally:
            await sender.aclose()

    async def test_no_answer_in_time_or_no_http_answer_is_a_failed_delivery(self) -> None:
        sender = WebhookSender(timeout=0.3)
        try:
            async with raw_partner() as partner:
                url = f"http://127.0.0.1:{partner.port}/hook"
                partner.stall = 3.0
                started = time.monotonic()
                with pytest.raises(DeliveryError, match="no answer"):
                    await sender.post(url, b"{}", {})
                assert time.monotonic() - started < 2.0
                partner.stall, partner.answer = 0.0, b"SSH-2.0-OpenSSH_9.6\r\n\r\n"
                with pytest.raises(DeliveryError, match="not an HTTP answer"):
                    await sender.post(url, b"{}", {})
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                closed = probe.getsockname()[1]
            with pytest.raises(DeliveryError):
                await sender.post(f"http://127.0.0.1:{closed}/hook", b"{}", {})
        finally:
            await sender.aclose()

    async def test_https_is_verified(self, tmp_path: Path) -> None:
        cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
        made = await asyncio.create_subprocess_exec(
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost"),
            *("-addext", "subjectAltName=DNS:localhost"),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        assert await made.wait() == 0
        served = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        served.load_cert_chain(cert, key)
        trusting = WebhookSender(timeout=5.0, ssl_context=ssl.create_default_context(cafile=cert))
        default = WebhookSender(timeout=5.0)
        try:
            async with raw_partner(tls=served) as partner:
                url = f"https://localhost:{partner.port}/hook"
                assert await trusting.post(url, b"{}", {}) == 204
                assert await trusting.post(url, b"{}", {}) == 204
                assert partner.connections == 1
                with pytest.raises(DeliveryError, match="CERTIFICATE_VERIFY_FAILED"):
                    await default.post(url, b"{}", {})  # a self-signed certificate
                assert len(partner.requests) == 2
        finally:
            await trusting.aclose()
            await default.aclose()


class TestDelivererRounds:
    async def test_a_slow_partner_holds_no_lock_and_its_delivery_is_not_sent_twice(
        self, system: System
    ) -> None:
        """Defect: a round kept its transaction (on SQLite the database's write lock) open
        while it waited for every partner: one slow partner stalled every gateway write."""
        key = await _key(system, ["registry:read"])
        deliverer = system.apps["gateway"].state.webhook_deliverer
        async with raw_partner() as partner:
            partner.stall = 4.0
            hook = await _subscribe(
                system,
                key,
                f"http://127.0.0.1:{partner.port}/hook",
                event_types=["community.created"],
            )
            headers = await system.admin_headers()
            await create(system.gateway, "/v1/communities", community_payload(), headers)
            await _until(lambda: len(partner.requests) == 1)
            started = time.monotonic()
            written = await system.gateway.post(
                "/v1/api-keys",
                json={
                    "name": f"during-{suffix()}",
                    "scopes": ["registry:read"],
                    "rate_limit_per_minute": 60,
                },
                headers=headers,
            )
            assert written.status_code == 201, written.text
            assert time.monotonic() - started < 2.5  # not behind the partner's 4 s
            # Another round now (another gateway instance, say) leaves the leased delivery
            # alone. (It may send other tests' deliveries that are due: the count is not ours.)
            await deliverer.deliver_due()

            async def delivered() -> bool:
                log = await system.gateway.get(
                    f"/v1/webhooks/{hook['id']}/deliveries", headers={"X-API-Key": key["key"]}
                )
                return bool(log.json()["items"]) and log.json()["items"][0]["status"] == (
                    "delivered"
                )

            for _ in range(100):
                if await delivered():
                    break
                await asyncio.sleep(0.1)
            log = await system.gateway.get(
                f"/v1/webhooks/{hook['id']}/deliveries", headers={"X-API-Key": key["key"]}
            )
            (entry,) = log.json()["items"]
            assert (entry["status"], entry["attempts"]) == ("delivered", 1)
            assert len(partner.requests) == 1


class _BusyFeed:
    """A service committing all the time: every read finds one new event."""

    def __init__(self) -> None:
        self.reads: list[dict[str, Any]] = []
        self.times: list[float] = []  # when each read came (monotonic)
        #: Set once ``want`` reads have come.
        self.want = 0
        self.reached = asyncio.Event()

    async def request(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        self.reads.append(dict(kwargs["params"]))
        self.times.append(time.monotonic())
        if self.want and len(self.reads) >= self.want:
            self.reached.set()
        after = int(kwargs["params"]["after"])
        if kwargs["params"].get("types") == "-":
            return {"items": [], "next_after": after + 1}
        event = {
            "position": after + 1,
            "id": f"e{after + 1}",
            "type": "test.happened",
            "occurred_at": "2026-11-23T00:00:00+00:00",
            "subject": {"kind": "test", "id": "t"},
            "region_code": None,
            "data": {},
        }
        return {"items": [event], "next_after": after + 1}


def _dispatcher(system: System, service: str, feed: _BusyFeed, **kw: Any) -> Any:
    from gateway.domain.webhooks import Dispatcher
    from services.common.identity import IdentitySigner

    return Dispatcher(
        system.apps["gateway"].state.database,
        {service: feed},  # type: ignore[dict-item]
        IdentitySigner(b"k" * 32),
        None,  # type: ignore[arg-type]
        **kw,
    )


def _target(pii: bool) -> Any:
    from gateway.domain.webhooks import _Target

    # Subscribed to a type the busy feed never has: nothing is owed, the feed is still read.
    return _Target(uuid.uuid4(), ["nothing.ever"], None, frozenset({"registry:read"}), pii)


async def _run_until(dispatcher: Any, service: str, feed: _BusyFeed, reads: int) -> None:
    """Follow ``service`` until the feed has been read ``reads`` times (however slow the
    machine: the tests look at what was read and when, not at how much fits in a window)."""
    feed.want = reads
    following = asyncio.create_task(dispatcher._follow(service, False))
    try:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(feed.reached.wait(), 30)
    finally:
        following.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await following
    assert len(feed.reads) >= reads, feed.reads


def _gaps(feed: _BusyFeed) -> list[float]:
    """Seconds between consecutive reads, after the first (which finds the head: no pace)."""
    return [b - a for a, b in itertools.pairwise(feed.times[1:])]


class TestDispatcherPace:
    async def test_a_busy_feed_is_read_a_few_times_a_second_not_once_a_commit(
        self, system: System
    ) -> None:
        """Without the pace the dispatcher reads (and saves its cursor) once per commit: the
        next read comes as soon as the last is saved. With it, a read that caught up waits."""
        gaps = {}
        for pace in (0.25, 0.0):
            service = f"busy{suffix()}"
            feed = _BusyFeed()
            dispatcher = _dispatcher(system, service, feed, pace=pace)

            async def subscribed() -> list[Any]:
                return [_target(False)]

            dispatcher._subscriptions = subscribed
            await _run_until(dispatcher, service, feed, 6)
            assert all("types" not in params for params in feed.reads[1:])
            gaps[pace] = _gaps(feed)
        # asyncio's timers may fire a clock tick early: a millisecond of slack.
        assert min(gaps[0.25]) >= 0.249, gaps
        assert min(gaps[0.0]) < 0.25, gaps

    async def test_a_view_nobody_subscribed_to_is_followed_without_its_events(
        self, system: System
    ) -> None:
        service = f"quiet{suffix()}"
        feed = _BusyFeed()
        dispatcher = _dispatcher(system, service, feed, wait=0.05)

        async def nobody() -> list[Any]:
            return [_target(True)]  # the full view only: the masked one has nobody

        dispatcher._subscriptions = nobody
        await _run_until(dispatcher, service, feed, 4)
        assert all(params.get("types") == "-" for params in feed.reads), feed.reads
        last = feed.reads[-1]["after"]  # its answer may not have been saved: cancelled
        assert await dispatcher._position(f"{service}:masked") in (last, last + 1)
        assert last >= 2  # the cursor moved with the feed's head

    async def test_a_subscription_made_during_the_poll_is_owed_what_it_passed(
        self, system: System
    ) -> None:
        service = f"quiet{suffix()}"
        feed = _BusyFeed()
        dispatcher = _dispatcher(system, service, feed, wait=0.05)
        state = {"calls": 0}

        async def arriving() -> list[Any]:
            state["calls"] += 1  # nobody before the poll, someone after it
            return [] if state["calls"] == 1 else [_target(False)]

        dispatcher._subscriptions = arriving
        name = f"{service}:masked"
        await dispatcher._save(name, 40, [])
        assert await dispatcher.step(service, False, name) == 0
        assert feed.reads == [{"after": 40, "types": "-", "wait": 0.05}]
        assert await dispatcher._position(name) == 40  # not moved past what it must read
        await dispatcher.step(service, False, name)
        assert feed.reads[-1] == {"after": 40, "limit": 200, "wait": 0.05}
        assert await dispatcher._position(name) == 41


class _Nudged:
    def __init__(self) -> None:
        self.nudges = 0

    def nudge(self) -> None:
        self.nudges += 1


class TestDispatcherCursor:
    async def test_a_subscription_is_not_sent_what_occurred_before_it(self, system: System) -> None:
        import datetime as dt

        from gateway.domain.webhooks import _Target

        service = f"old{suffix()}"
        made = dt.datetime(2026, 11, 23, 0, 0, 1, tzinfo=dt.UTC)
        target = _Target(uuid.uuid4(), ["*"], None, frozenset({"admin"}), False, made)
        feed = _BusyFeed()  # its events occurred at 2026-11-23T00:00:00+00:00
        nudged = _Nudged()
        dispatcher = _dispatcher(system, service, feed)
        dispatcher.deliverer = nudged
        owed: list[dict[str, Any]] = []
        save = dispatcher._save

        async def keeping(name: str, position: int, new: list[Any], reset: bool = False) -> None:
            owed.extend(new)  # kept here: the made-up subscription has no row to refer to
            await save(name, position, [], reset)

        dispatcher._save = keeping

        async def subscribed() -> list[Any]:
            return [target]

        dispatcher._subscriptions = subscribed
        name = f"{service}:masked"
        await dispatcher._save(name, 5, [])
        assert await dispatcher.step(service, False, name) == 1
        assert (owed, nudged.nudges) == ([], 0)  # read, not owed: it came before the subscription
        assert await dispatcher._position(name) == 6
        before = made - dt.timedelta(seconds=2)
        earlier = _Target(uuid.uuid4(), ["*"], None, frozenset({"admin"}), False, before)

        async def older() -> list[Any]:
            return [earlier]

        dispatcher._subscriptions = older
        assert await dispatcher.step(service, False, name) == 1
        assert [o["subscription_id"] for o in owed] == [earlier.id]  # made before the event
        assert nudged.nudges == 1

    async def test_a_feed_purged_past_the_cursor_resumes_at_its_horizon(
        self, system: System
    ) -> None:
        from services.common.errors import Gone

        class Purged:
            async def request(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
                raise Gone("purged", extra={"purged_through": 17})

        service = f"purged{suffix()}"
        dispatcher = _dispatcher(system, service, Purged())  # type: ignore[arg-type]
        name = f"{service}:full"
        assert await dispatcher.step(service, True, name) == 0  # not started: begins at 17
        assert await dispatcher._position(name) == 17
        await dispatcher._save(name, 3, [])
        assert await dispatcher.step(service, True, name) == 0  # behind: skipping, resumes
        assert await dispatcher._position(name) == 17
