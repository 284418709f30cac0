"""Webhooks for partner systems: subscriptions, the feeds they ride on, signed deliveries.

A subscription names a URL, event types, an optional region (with its descendants) and the API
key it acts for; it never receives what that key could not read: the key must hold the read
scope of the event's service, and without ``pii:read`` it receives the masked view of the event.

The :class:`Dispatcher` follows each service's change feed twice (the full view and the masked
one), turns each event into one delivery row per matching subscription, and moves its cursor in
the same transaction, so an event is owed exactly once whatever crashes. The :class:`Deliverer`
sends due deliveries following the Standard Webhooks specification — ``webhook-id`` (the event
id: the same on every retry, so receivers can drop duplicates), ``webhook-timestamp`` and
``webhook-signature`` (``v1,`` + base64 HMAC-SHA256 of ``id.timestamp.body`` with the
subscription's ``whsec_`` secret) — retries on the specification's schedule, and disables a
subscription after a long run of failures.

URLs that resolve to loopback, private, link-local or otherwise non-public addresses are refused
(at creation and again before every delivery, against DNS rebinding) unless an operator setting
allows them: a webhook must not be a way into the operator's own network.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import datetime as dt
import hashlib
import hmac
import ipaddress
import json
import logging
import secrets
import socket
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlsplit

import httpx
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db.models import ApiKey
from gateway.db.webhooks import FeedCursor, WebhookDelivery, WebhookSubscription
from gateway.errors import GatewayCode
from services.common.access import ALL_SCOPES, Scope
from services.common.apps import SERVICE_NAMES
from services.common.db import Database, utcnow
from services.common.errors import Forbidden, Gone, KernelCode, NotFound, ValidationFailed
from services.common.http import ServiceClient
from services.common.identity import Identity, IdentitySigner, service_identity
from services.common.regions import within

log = logging.getLogger("wushe.gateway.webhooks")

SECRET_PREFIX = "whsec_"
#: Standard Webhooks' suggested schedule after the first attempt: 5 s, 5 min, 30 min, 2 h, 5 h,
#: 10 h, 10 h.
DEFAULT_RETRY_DELAYS = (5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0, 36000.0)


def new_secret() -> str:
    """A fresh signing secret, ``whsec_`` + base64 of 32 random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` value: ``v1,`` + base64(HMAC-SHA256(key, id.timestamp.body))."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


async def check_url(url: str, *, allow_private: bool) -> None:
    """422 unless ``url`` is http(s) and every address it resolves to is public."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationFailed(
            "回调地址须为 http(s) URL",
            code=GatewayCode.WEBHOOK_URL_INVALID,
            errors=[{"field": "url", "message": "an http(s) URL"}],
        )
    if allow_private:
        return
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(
            parts.hostname,
            parts.port or (443 if parts.scheme == "https" else 80),
            type=socket.SOCK_STREAM,
        )
    except OSError as exc:
        raise ValidationFailed(
            f"无法解析回调主机 {parts.hostname}",
            code=GatewayCode.WEBHOOK_URL_INVALID,
            errors=[{"field": "url", "message": "the host does not resolve"}],
        ) from exc
    addresses = {str(info[4][0]) for info in infos}
    if not addresses or not all(_public(a) for a in addresses):
        raise ValidationFailed(
            "回调地址指向内网、回环或链路本地地址，不允许",
            code=GatewayCode.WEBHOOK_URL_FORBIDDEN,
            errors=[{"field": "url", "message": "resolves to a non-public address"}],
        )


def type_matches(wanted: Sequence[str], event_type: str) -> bool:
    """``*`` is every type, ``organization.*`` every type of a resource."""
    for pattern in wanted:
        if pattern == "*" or pattern == event_type:
            return True
        if pattern.endswith(".*") and event_type.startswith(pattern[:-1]):
            return True
    return False


def key_id_of(caller: Identity) -> uuid.UUID | None:
    """The API key a caller is, if it is one."""
    if caller.kind == "api_key" and caller.sub.startswith("api_key:"):
        with contextlib.suppress(ValueError):
            return uuid.UUID(caller.sub.removeprefix("api_key:"))
    return None


class WebhookService:
    """Subscriptions as operators and partner keys manage them."""

    def __init__(self, session: AsyncSession, *, allow_private: bool) -> None:
        self.session = session
        self.allow_private = allow_private

    async def create(
        self,
        *,
        url: str,
        event_types: list[str],
        region_code: str | None,
        api_key_id: uuid.UUID | None,
        caller: Identity,
    ) -> WebhookSubscription:
        """A new subscription (a partner key subscribes for itself; operators name the key)."""
        own = key_id_of(caller)
        if own is not None:
            if api_key_id is not None and api_key_id != own:
                raise Forbidden("API 密钥只能为自己订阅", code=KernelCode.FORBIDDEN)
            api_key_id = own
        if api_key_id is None:
            raise ValidationFailed(
                "需要指定订阅所代表的 API 密钥",
                code=KernelCode.VALIDATION_FAILED,
                errors=[{"field": "api_key_id", "message": "required"}],
            )
        key = await self.session.get(ApiKey, api_key_id)
        if key is None or key.revoked_at is not None:
            raise ValidationFailed(
                "API 密钥不存在或已吊销",
                code=GatewayCode.API_KEY_NOT_FOUND,
                errors=[{"field": "api_key_id", "message": "unknown or revoked key"}],
            )
        await check_url(url, allow_private=self.allow_private)
        row = WebhookSubscription(
            url=url,
            event_types=sorted(set(event_types)),
            region_code=region_code,
            api_key_id=api_key_id,
            secret=new_secret(),
            created_by=caller.sub,
        )
        self.session.add(row)
        await self.session.flush()
        return row

    async def get(self, subscription_id: uuid.UUID, caller: Identity) -> WebhookSubscription:
        """The subscription, if the caller may see it (404 otherwise, not 403: no probing)."""
        row = await self.session.get(WebhookSubscription, subscription_id)
        own = key_id_of(caller)
        if row is None or (own is not None and row.api_key_id != own):
            raise NotFound(f"订阅 {subscription_id} 不存在", code=GatewayCode.WEBHOOK_NOT_FOUND)
        return row

    def visible(self, caller: Identity) -> sa.Select[Any]:
        """The subscriptions the caller may list."""
        stmt = sa.select(WebhookSubscription)
        own = key_id_of(caller)
        if own is not None:
            stmt = stmt.where(WebhookSubscription.api_key_id == own)
        return stmt

    async def delete(self, subscription_id: uuid.UUID, caller: Identity) -> None:
        """Remove a subscription and its delivery log."""
        row = await self.get(subscription_id, caller)
        await self.session.delete(row)
        await self.session.flush()

    async def redeliver(
        self, subscription_id: uuid.UUID, delivery_id: uuid.UUID, caller: Identity
    ) -> WebhookDelivery:
        """Send a delivery again now (and re-enable a disabled subscription)."""
        row = await self.get(subscription_id, caller)
        delivery = await self.session.get(WebhookDelivery, delivery_id)
        if delivery is None or delivery.subscription_id != row.id:
            raise NotFound(f"投递 {delivery_id} 不存在", code=GatewayCode.WEBHOOK_NOT_FOUND)
        delivery.status = "pending"
        delivery.next_attempt_at = utcnow()
        if row.status == "disabled":
            row.status, row.consecutive_failures, row.disabled_reason = "active", 0, None
        await self.session.flush()
        return delivery


@dataclass(frozen=True)
class _Target:
    id: uuid.UUID
    event_types: list[str]
    region_code: str | None
    scopes: frozenset[str]
    pii: bool


class Dispatcher:
    """Follows every service's feed and owes each matching subscription a delivery."""

    VIEWS = (True, False)  # the full feed (keys with pii:read) and the masked one

    def __init__(
        self,
        database: Database,
        clients: dict[str, ServiceClient],
        signer: IdentitySigner,
        deliverer: Deliverer,
        *,
        wait: float = 3.0,
    ) -> None:
        self.database = database
        self.clients = clients
        self.signer = signer
        self.deliverer = deliverer
        self.wait = wait
        self._targets: tuple[float, list[_Target]] = (0.0, [])

    async def run(self) -> None:
        """Follow every feed until cancelled."""
        await asyncio.gather(
            *(self._follow(service, pii) for service in SERVICE_NAMES for pii in self.VIEWS)
        )

    def _identity(self, pii: bool, service: str) -> dict[str, str]:
        scopes = set(ALL_SCOPES) - {Scope.ADMIN.value} - (set() if pii else {Scope.PII_READ.value})
        identity = service_identity("gateway", scopes)
        signed = self.signer.sign(identity, method="GET", path=f"/v1/events/{service}")
        return {"x-wushe-identity": signed}

    async def _follow(self, service: str, pii: bool) -> None:
        name = f"{service}:{'full' if pii else 'masked'}"
        failures = 0
        while True:
            try:
                await self.step(service, pii, name)
                failures = 0
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # a service down, a restart: try again, never stop
                failures += 1
                if failures in (1, 10) or failures % 100 == 0:
                    log.warning("webhook feed %s unavailable (%s): %s", name, failures, exc)
                await asyncio.sleep(min(30.0, 0.5 * 2 ** min(failures, 6)))

    async def _position(self, name: str) -> int:
        async with self.database.read_sessionmaker() as session:
            cursor = await session.get(FeedCursor, name)
        if cursor is not None:
            return cursor.position
        return -1  # not started: begin at the feed's head (no history to partners on day one)

    async def step(self, service: str, pii: bool, name: str) -> int:
        """Read one page of one feed and owe its deliveries; how many events were read."""
        after = await self._position(name)
        client = self.clients[service]
        headers = self._identity(pii, service)
        if after < 0:
            page = await client.request(
                "GET", f"/v1/events/{service}", params={"after": 0, "types": "-"}, headers=headers
            )
            await self._save(name, int(page["next_after"]), [])
            return 0
        try:
            page = await client.request(
                "GET",
                f"/v1/events/{service}",
                params={"after": after, "limit": 200, "wait": self.wait},
                headers=headers,
            )
        except Gone:
            log.error("webhook feed %s fell behind the retention; skipping to the head", name)
            await self._save(name, 0, [], reset=True)
            return 0
        events = page["items"]
        owed = []
        targets = [t for t in await self._subscriptions() if t.pii == pii]
        for event in events:
            for target in targets:
                if not type_matches(target.event_types, event["type"]):
                    continue
                if f"{service}:read" not in target.scopes and "admin" not in target.scopes:
                    continue
                if target.region_code and not within(event.get("region_code"), target.region_code):
                    continue
                owed.append(
                    {
                        "id": uuid.uuid4(),
                        "subscription_id": target.id,
                        "event_id": event["id"],
                        "event_type": event["type"],
                        "payload": {
                            "type": event["type"],
                            "timestamp": event["occurred_at"],
                            "data": event,
                        },
                        "status": "pending",
                        "attempts": 0,
                        "next_attempt_at": utcnow(),
                        "created_at": utcnow(),
                    }
                )
        await self._save(name, int(page["next_after"]), owed)
        if owed:
            self.deliverer.nudge()
        return len(events)

    async def _save(
        self, name: str, position: int, owed: list[dict[str, Any]], reset: bool = False
    ) -> None:
        async with self.database.sessionmaker() as session:
            if owed:
                await session.execute(sa.insert(cast(sa.Table, WebhookDelivery.__table__)), owed)
            cursor = await session.get(FeedCursor, name)
            if reset:
                if cursor is not None:
                    await session.delete(cursor)
            elif cursor is None:
                session.add(FeedCursor(name=name, position=position))
            else:
                cursor.position = position
            await session.commit()

    async def _subscriptions(self) -> list[_Target]:
        loaded_at, targets = self._targets
        if time.monotonic() - loaded_at < 1.0:
            return targets
        now = utcnow()
        async with self.database.read_sessionmaker() as session:
            rows = (
                await session.execute(
                    sa.select(WebhookSubscription, ApiKey)
                    .join(ApiKey, ApiKey.id == WebhookSubscription.api_key_id)
                    .where(WebhookSubscription.status == "active", ApiKey.revoked_at.is_(None))
                )
            ).all()
        targets = []
        for sub, key in rows:
            if key.expires_at is not None and key.expires_at <= now:
                continue
            scopes = frozenset(key.scopes or ())
            targets.append(
                _Target(
                    sub.id,
                    list(sub.event_types),
                    sub.region_code,
                    scopes,
                    "pii:read" in scopes or "admin" in scopes,
                )
            )
        self._targets = (time.monotonic(), targets)
        return targets

    def forget(self) -> None:
        """Subscriptions changed: read them afresh for the next event."""
        self._targets = (0.0, [])


class Deliverer:
    """Sends due deliveries, signed, with retries; disables a subscription that keeps failing."""

    def __init__(
        self,
        database: Database,
        *,
        allow_private: bool,
        retry_delays: Sequence[float] = DEFAULT_RETRY_DELAYS,
        disable_after: int = 50,
        timeout: float = 10.0,
        concurrency: int = 64,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.database = database
        self.allow_private = allow_private
        self.retry_delays = tuple(retry_delays)
        self.disable_after = disable_after
        self._client = httpx.AsyncClient(
            timeout=timeout,
            follow_redirects=False,
            transport=transport,
            limits=httpx.Limits(max_connections=concurrency),
            headers={"user-agent": "wushe-webhooks/1"},
        )
        self._wake = asyncio.Event()
        self._slots = asyncio.Semaphore(concurrency)

    def nudge(self) -> None:
        """New deliveries are due."""
        self._wake.set()

    async def aclose(self) -> None:
        """Close the pooled connections."""
        await self._client.aclose()

    async def run(self) -> None:
        """Deliver until cancelled."""
        while True:
            try:
                done = await self.deliver_due()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("webhook delivery round failed")
                done = 0
            if done == 0:
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), 0.5)

    async def deliver_due(self, limit: int = 500) -> int:
        """One round over due deliveries; how many were attempted."""
        # A look without a transaction first: an idle deliverer never takes SQLite's write lock.
        async with self.database.read_sessionmaker() as peek:
            due = await peek.scalar(
                sa.select(WebhookDelivery.id)
                .where(
                    WebhookDelivery.status == "pending", WebhookDelivery.next_attempt_at <= utcnow()
                )
                .limit(1)
            )
        if due is None:
            return 0
        async with self.database.sessionmaker() as session:
            subscription = WebhookSubscription
            stmt = (
                sa.select(WebhookDelivery, subscription)
                .join(
                    WebhookSubscription, WebhookSubscription.id == WebhookDelivery.subscription_id
                )
                .where(
                    WebhookDelivery.status == "pending",
                    WebhookDelivery.next_attempt_at <= utcnow(),
                    WebhookSubscription.status == "active",
                )
                .order_by(WebhookDelivery.created_at)
                .limit(limit)
            )
            if session.get_bind().dialect.name == "postgresql":
                stmt = stmt.with_for_update(skip_locked=True, of=WebhookDelivery)
            rows = (await session.execute(stmt)).all()
            if not rows:
                return 0
            results = await asyncio.gather(*(self._send(d, s) for d, s in rows))
            now = utcnow()
            for (delivery, sub), (ok, status, error) in zip(rows, results, strict=True):
                delivery.attempts += 1
                delivery.last_status = status
                delivery.last_error = error
                if ok:
                    delivery.status, delivery.delivered_at = "delivered", now
                    sub.consecutive_failures = 0
                    continue
                sub.consecutive_failures += 1
                if delivery.attempts > len(self.retry_delays):
                    delivery.status = "failed"
                else:
                    delay = self.retry_delays[delivery.attempts - 1]
                    delivery.next_attempt_at = now + dt.timedelta(seconds=delay)
                if sub.consecutive_failures >= self.disable_after and sub.status == "active":
                    sub.status = "disabled"
                    sub.disabled_reason = f"{sub.consecutive_failures} failed attempts in a row"
                    log.warning("webhook %s disabled after %d failures", sub.id, self.disable_after)
            await session.commit()
            return len(rows)

    async def _send(
        self, delivery: WebhookDelivery, sub: WebhookSubscription
    ) -> tuple[bool, int | None, str | None]:
        body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()
        timestamp = int(time.time())
        headers = {
            "content-type": "application/json",
            "webhook-id": delivery.event_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": signature(sub.secret, delivery.event_id, timestamp, body),
        }
        async with self._slots:
            try:
                await check_url(sub.url, allow_private=self.allow_private)
                response = await self._client.post(sub.url, content=body, headers=headers)
            except ValidationFailed as exc:
                return False, None, f"{exc.code}: {exc.detail}"
            except httpx.HTTPError as exc:
                return False, None, f"{type(exc).__name__}: {exc}"
        if 200 <= response.status_code < 300:
            return True, response.status_code, None
        return False, response.status_code, f"HTTP {response.status_code}"
