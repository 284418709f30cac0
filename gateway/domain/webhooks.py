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
import collections
import contextlib
import datetime as dt
import hashlib
import hmac
import ipaddress
import json
import logging
import secrets
import socket
import ssl
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import quote, urlsplit

import httptools
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


async def check_url(url: str, *, allow_private: bool) -> list[str]:
    """422 unless ``url`` is http(s) and every address it resolves to is public; those
    addresses (none when private ones are allowed: nothing was resolved)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationFailed(
            "回调地址须为 http(s) URL",
            code=GatewayCode.WEBHOOK_URL_INVALID,
            errors=[{"field": "url", "message": "an http(s) URL"}],
        )
    if allow_private:
        return []
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
    return sorted(addresses)


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
    #: Events that occurred before the subscription are not its (a follower may read them
    #: after it was made: the cursor lags the feed by up to a poll).
    since: dt.datetime | None = None


def _occurred(event: dict[str, Any]) -> dt.datetime:
    when = dt.datetime.fromisoformat(str(event["occurred_at"]))
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


class Dispatcher:
    """Follows every service's feed and owes each matching subscription a delivery.

    While a service keeps committing, a follower that asked again at once would read one
    commit's events per request: a feed read (and a cursor write here) for every commit the
    service makes — with a few hundred commits a second, the dispatcher's reads cost the
    service as much CPU as its own requests. After a page that caught up with the feed it
    waits ``pace`` seconds, so it reads at most a few pages a second however busy the service
    is (each holding everything committed meanwhile); a full page is followed at once. A
    delivery starts at most ``pace`` later than it would have.
    """

    VIEWS = (True, False)  # the full feed (keys with pii:read) and the masked one
    #: Events per page.
    PAGE = 200

    def __init__(
        self,
        database: Database,
        clients: dict[str, ServiceClient],
        signer: IdentitySigner,
        deliverer: Deliverer,
        *,
        wait: float = 3.0,
        pace: float = 0.25,
    ) -> None:
        self.database = database
        self.clients = clients
        self.signer = signer
        self.deliverer = deliverer
        self.wait = wait
        self.pace = pace
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
                read = await self.step(service, pii, name)
                failures = 0
                if 0 < read < self.PAGE and self.pace > 0:
                    await asyncio.sleep(self.pace)  # caught up: let the next commits gather
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
            try:
                page = await client.request(
                    "GET",
                    f"/v1/events/{service}",
                    params={"after": 0, "types": "-"},
                    headers=headers,
                )
            except Gone as gone:  # older events were purged: the head is past the horizon
                await self._resume(name, gone)
                return 0
            await self._save(name, int(page["next_after"]), [])
            return 0
        if not any(t.pii == pii for t in await self._subscriptions()):
            return await self._skip(service, pii, name, after, headers)
        try:
            page = await client.request(
                "GET",
                f"/v1/events/{service}",
                params={"after": after, "limit": self.PAGE, "wait": self.wait},
                headers=headers,
            )
        except Gone as gone:
            log.error("webhook feed %s fell behind the retention; resuming at its horizon", name)
            await self._resume(name, gone)
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
                if target.since is not None and _occurred(event) < target.since:
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

    async def _resume(self, name: str, gone: Gone) -> None:
        """Go on from the feed's retention horizon (what is older was purged); a subscription
        is not sent what occurred before it was made (``_Target.since``)."""
        horizon = gone.extra.get("purged_through")
        if isinstance(horizon, int) and horizon >= 0:
            await self._save(name, horizon, [])
        else:  # an answer without its horizon: begin again at the head
            await self._save(name, 0, [], reset=True)

    async def _skip(
        self, service: str, pii: bool, name: str, after: int, headers: dict[str, str]
    ) -> int:
        """No subscription to this view: follow the feed's head without reading its events.

        The long poll names no event type, so the service sends none (it used to send every
        event, and this process decoded them all, for nobody). The subscriptions are read again
        before the cursor moves: if one came meanwhile, the cursor stays, and the next page is
        read with its events; those that occurred before the subscription was made are not
        its own (``_Target.since``), so it gets what happened after, never a gap.
        """
        try:
            page = await self.clients[service].request(
                "GET",
                f"/v1/events/{service}",
                # A short poll: a new subscription waits at most this long for its first events.
                params={"after": after, "types": "-", "wait": min(self.wait, 1.0)},
                headers=headers,
            )
        except Gone as gone:
            await self._resume(name, gone)
            return 0
        self.forget()
        if any(t.pii == pii for t in await self._subscriptions()):
            return 0
        head = int(page["next_after"])
        if head != after:
            await self._save(name, head, [])
        return 0

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
                    sub.created_at,
                )
            )
        self._targets = (time.monotonic(), targets)
        return targets

    def forget(self) -> None:
        """Subscriptions changed: read them afresh for the next event."""
        self._targets = (0.0, [])


#: An idle connection is reused only this long (below most servers' keep-alive timeouts).
MAX_IDLE_SECONDS = 4.0
#: A partner's answer body beyond this closes the connection rather than being read.
MAX_ANSWER_BYTES = 64 * 1024
#: Characters a request target keeps as they are; anything else is percent-encoded.
_TARGET_SAFE = "!#$%&'()*+,/:;=?@[]~"


class DeliveryError(Exception):
    """No answer from the partner (refused, reset, timed out, not HTTP)."""


class NotStarted(DeliveryError):
    """The request was not sent: it could not have ended before its ``deadline``."""


class _Link:
    """One keep-alive connection to a partner's origin."""

    __slots__ = ("idle_since", "reader", "writer")

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.idle_since = 0.0

    def usable(self, now: float) -> bool:
        return (
            not self.writer.is_closing()
            and not self.reader.at_eof()
            and now - self.idle_since < MAX_IDLE_SECONDS
        )

    def close(self) -> None:
        self.writer.close()


class _Answer:
    """httptools callbacks: the status line's code, keep-alive, and the end of the message."""

    __slots__ = ("complete", "keep_alive", "parser", "size", "started")

    def __init__(self) -> None:
        self.parser: httptools.HttpResponseParser | None = None
        self.started = False
        self.keep_alive = False
        self.complete = False
        self.size = 0

    def on_headers_complete(self) -> None:
        self.started = True
        assert self.parser is not None
        # Asked now: httptools forgets keep-alive once the message completes.
        self.keep_alive = self.parser.should_keep_alive()

    def on_body(self, body: bytes) -> None:
        self.size += len(body)

    def on_message_complete(self) -> None:
        self.complete = True


class _Stale(Exception):
    """A pooled connection closed before any byte of the answer: try once on a fresh one."""


class WebhookSender:
    """POSTs deliveries over keep-alive HTTP/1.1 connections pooled per origin.

    The partner's answer matters only for its status; its body is read (to reuse the
    connection) and dropped, and a body beyond ``MAX_ANSWER_BYTES`` closes the connection
    instead. HTTPS with the system's trust store (or ``ssl_context``); no redirects (a
    redirect is a failed delivery, as Standard Webhooks expects), no proxies.

    Why not httpx: its connection pool scans every connection (a ``poll`` of each idle socket)
    for every request it assigns, about 2 ms of CPU per delivery at 64 connections to one
    partner, most of the gateway's cost in a fan-out (docs/benchmarks.md, "Webhook fan-out").
    """

    def __init__(
        self,
        *,
        timeout: float,
        per_origin: int = 8,
        user_agent: str = "wushe-webhooks/1",
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.timeout = timeout
        self.per_origin = per_origin
        self.user_agent = user_agent
        self._ssl = ssl_context
        self._idle: dict[tuple[str, str, int], collections.deque[_Link]] = {}
        self._gates: dict[tuple[str, str, int], asyncio.Semaphore] = {}

    def _context(self) -> ssl.SSLContext:
        if self._ssl is None:
            self._ssl = ssl.create_default_context()
        return self._ssl

    async def post(
        self,
        url: str,
        body: bytes,
        headers: Mapping[str, str],
        *,
        address: str | None = None,
        deadline: float | None = None,
    ) -> int:
        """The status of ``POST url``; raises :class:`DeliveryError` if there is none.

        ``address``: connect to this IP (the one found public) rather than resolving the host
        again, so a DNS answer that changes in between (rebinding) cannot redirect the request.
        ``deadline`` (``time.monotonic()``): raise :class:`NotStarted` rather than start a
        request, after waiting for a connection of the origin, that could outlive it.
        """
        parts = urlsplit(url)
        scheme, host = parts.scheme, parts.hostname
        if scheme not in ("http", "https") or not host:
            raise DeliveryError(f"not an http(s) URL: {url}")
        port = parts.port or (443 if scheme == "https" else 80)
        origin = (scheme, host, port)
        # Spaces, controls and non-ASCII percent-encoded: nothing can end the request line.
        target = quote(
            (parts.path or "/") + (f"?{parts.query}" if parts.query else ""), _TARGET_SAFE
        )
        try:
            authority = parts.netloc.rpartition("@")[2].encode("idna").decode()
        except UnicodeError as exc:
            raise DeliveryError(f"not a valid host: {host}") from exc
        lines = [
            f"POST {target} HTTP/1.1",
            f"host: {authority}",
            f"user-agent: {self.user_agent}",
            f"content-length: {len(body)}",
        ]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        if any(not line.isascii() or not line.isprintable() for line in lines):
            raise DeliveryError("a header carries a control or non-ASCII character")
        payload = ("\r\n".join(lines) + "\r\n\r\n").encode("ascii") + body
        gate = self._gates.get(origin)
        if gate is None:
            gate = self._gates[origin] = asyncio.Semaphore(self.per_origin)
        async with gate:
            if deadline is not None and time.monotonic() + self.timeout >= deadline:
                raise NotStarted("its lease would run out first")
            try:
                async with asyncio.timeout(self.timeout):
                    link = self._checkout(origin)
                    if link is not None:
                        try:
                            return await self._exchange(origin, link, payload)
                        except _Stale:
                            pass
                    link = await self._connect(origin, address)
                    try:
                        return await self._exchange(origin, link, payload)
                    except _Stale as exc:
                        raise DeliveryError("the connection closed before an answer") from exc
            except TimeoutError as exc:
                raise DeliveryError(f"no answer within {self.timeout:g} s") from exc
            except (OSError, ssl.SSLError) as exc:
                raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc

    async def _connect(self, origin: tuple[str, str, int], address: str | None) -> _Link:
        scheme, host, port = origin
        tls = self._context() if scheme == "https" else None
        reader, writer = await asyncio.open_connection(
            address or host, port, ssl=tls, server_hostname=host if tls else None
        )
        return _Link(reader, writer)

    def _checkout(self, origin: tuple[str, str, int]) -> _Link | None:
        idle = self._idle.get(origin)
        now = time.monotonic()
        while idle:
            link = idle.pop()  # the most recently used: least likely to have been closed
            if link.usable(now):
                return link
            link.close()
        return None

    def _checkin(self, origin: tuple[str, str, int], link: _Link) -> None:
        idle = self._idle.setdefault(origin, collections.deque())
        if len(idle) >= self.per_origin:
            link.close()
            return
        link.idle_since = time.monotonic()
        idle.append(link)

    async def _exchange(self, origin: tuple[str, str, int], link: _Link, payload: bytes) -> int:
        answer = _Answer()
        parser = httptools.HttpResponseParser(answer)
        answer.parser = parser
        reused = link.idle_since > 0
        try:
            link.writer.write(payload)
            while not answer.complete:
                try:
                    data = await link.reader.read(65536)
                except ConnectionError:
                    data = b""
                if not data:
                    if reused and not answer.started:
                        raise _Stale()
                    if answer.started:  # closed to end the body: the status is in
                        break
                    raise DeliveryError("the connection closed before an answer")
                parser.feed_data(data)
                if answer.size > MAX_ANSWER_BYTES:
                    break
        except httptools.HttpParserError as exc:
            link.close()
            raise DeliveryError(f"not an HTTP answer: {exc}") from exc
        except BaseException:
            link.close()
            raise
        if answer.complete and answer.keep_alive:
            self._checkin(origin, link)
        else:
            link.close()
        return int(parser.get_status_code())

    async def aclose(self) -> None:
        """Close every idle connection."""
        for idle in self._idle.values():
            while idle:
                idle.pop().close()


class Deliverer:
    """Sends due deliveries, signed, with retries; disables a subscription that keeps failing.

    A round is three steps, and no transaction is open while partners are called: a short
    transaction claims the due deliveries (``FOR UPDATE SKIP LOCKED`` on PostgreSQL) and leases
    them by moving ``next_attempt_at`` past the longest a request may take, so another gateway
    instance leaves them alone; the requests go out (``concurrency`` at a time, ``per_origin``
    per partner, over kept-alive connections); a second short transaction records the outcomes
    (the delivered with one statement). A gateway killed mid-round leaves its deliveries
    leased: they are sent again when the lease runs out, with the same ``webhook-id``.
    """

    def __init__(
        self,
        database: Database,
        *,
        allow_private: bool,
        retry_delays: Sequence[float] = DEFAULT_RETRY_DELAYS,
        disable_after: int = 50,
        timeout: float = 10.0,
        concurrency: int = 64,
        per_origin: int = 8,
        transport: httpx.AsyncBaseTransport | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.database = database
        self.allow_private = allow_private
        self.retry_delays = tuple(retry_delays)
        self.disable_after = disable_after
        self.timeout = timeout
        #: Claimed deliveries are left alone by other rounds this long (every request has
        #: ended by then: ``timeout`` bounds connecting, sending and reading together).
        self.lease = dt.timedelta(seconds=2 * timeout + 5)
        self._sender = WebhookSender(
            timeout=timeout, per_origin=per_origin, ssl_context=ssl_context
        )
        # An in-process transport (tests that do not listen on a socket) goes through httpx.
        self._client = (
            httpx.AsyncClient(
                timeout=timeout,
                follow_redirects=False,
                transport=transport,
                headers={"user-agent": "wushe-webhooks/1"},
            )
            if transport is not None
            else None
        )
        self._wake = asyncio.Event()
        self._slots = asyncio.Semaphore(concurrency)
        #: Hosts checked this round (``check_url`` resolves each once per round): why not, or
        #: the address to connect to (``None``: resolve as usual, private ones allowed).
        self._checked: dict[str, asyncio.Task[tuple[str | None, str | None]]] = {}

    def nudge(self) -> None:
        """New deliveries are due."""
        self._wake.set()

    async def aclose(self) -> None:
        """Close the pooled connections."""
        await self._sender.aclose()
        if self._client is not None:
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
        claimed = await self._claim(limit)
        if not claimed:
            return 0
        self._checked = {}
        deadline = time.monotonic() + self.lease.total_seconds()
        try:
            results = await asyncio.gather(*(self._send(d, s, deadline) for d, s in claimed))
        finally:
            self._checked = {}
        await self._record(claimed, results)
        return sum(1 for result in results if result is not HELD)

    async def _claim(self, limit: int) -> list[tuple[_Due, _Sub]]:
        """Lease the due deliveries of active subscriptions (none if nothing is due)."""
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
            return []
        delivery = WebhookDelivery
        async with self.database.sessionmaker() as session:
            now = utcnow()
            stmt = (
                sa.select(
                    delivery.id,
                    delivery.event_id,
                    delivery.payload,
                    delivery.attempts,
                    WebhookSubscription.id,
                    WebhookSubscription.url,
                    WebhookSubscription.secret,
                )
                .join(WebhookSubscription, WebhookSubscription.id == delivery.subscription_id)
                .where(
                    delivery.status == "pending",
                    delivery.next_attempt_at <= now,
                    WebhookSubscription.status == "active",
                )
                .order_by(delivery.created_at)
                .limit(limit)
            )
            if session.get_bind().dialect.name == "postgresql":
                stmt = stmt.with_for_update(skip_locked=True, of=delivery)
            rows = (await session.execute(stmt)).all()
            if not rows:
                return []
            await session.execute(
                sa.update(delivery)
                .where(delivery.id.in_([r[0] for r in rows]))
                .values(next_attempt_at=now + self.lease)
                .execution_options(synchronize_session=False)
            )
            await session.commit()
        return [(_Due(r[0], r[1], r[2], r[3]), _Sub(r[4], r[5], r[6])) for r in rows]

    async def _record(
        self,
        claimed: list[tuple[_Due, _Sub]],
        results: list[_Result],
    ) -> None:
        """The round's outcomes, in one short transaction."""
        delivery = WebhookDelivery
        now = utcnow()
        delivered: dict[int | None, list[uuid.UUID]] = {}
        held: list[uuid.UUID] = []
        ok_subs: set[uuid.UUID] = set()
        failures: dict[uuid.UUID, int] = {}
        for (due, sub), result in zip(claimed, results, strict=True):
            if isinstance(result, str):  # HELD
                held.append(due.id)
                continue
            ok, status, _error = result
            if ok:
                delivered.setdefault(status, []).append(due.id)
                ok_subs.add(sub.id)
            else:
                failures[sub.id] = failures.get(sub.id, 0) + 1
        async with self.database.sessionmaker() as session:
            pending = delivery.status == "pending"  # not redelivered or removed meanwhile
            for status, ids in delivered.items():
                await session.execute(
                    sa.update(delivery)
                    .where(delivery.id.in_(ids), pending)
                    .values(
                        status="delivered",
                        delivered_at=now,
                        attempts=delivery.attempts + 1,
                        last_status=status,
                        last_error=None,
                    )
                    .execution_options(synchronize_session=False)
                )
            if held:  # not attempted (out of lease time): due again now, no attempt counted
                await session.execute(
                    sa.update(delivery)
                    .where(delivery.id.in_(held), pending)
                    .values(next_attempt_at=now)
                    .execution_options(synchronize_session=False)
                )
            for (due, _sub), result in zip(claimed, results, strict=True):
                if isinstance(result, str):  # HELD
                    continue
                ok, status, error = result
                if ok:
                    continue
                attempts = due.attempts + 1
                values: dict[str, Any] = {
                    "attempts": delivery.attempts + 1,
                    "last_status": status,
                    "last_error": error,
                }
                if attempts > len(self.retry_delays):
                    values["status"] = "failed"
                else:
                    delay = self.retry_delays[attempts - 1]
                    values["next_attempt_at"] = now + dt.timedelta(seconds=delay)
                await session.execute(
                    sa.update(delivery)
                    .where(delivery.id == due.id, pending)
                    .values(**values)
                    .execution_options(synchronize_session=False)
                )
            subscription = WebhookSubscription
            # A success ends a run of failures; a subscription with both in one round ends it
            # with its failures counted after (the later ones are what the partner does now).
            if ok_subs - set(failures):
                await session.execute(
                    sa.update(subscription)
                    .where(
                        subscription.id.in_(ok_subs - set(failures)),
                        subscription.consecutive_failures != 0,
                    )
                    .values(consecutive_failures=0)
                    .execution_options(synchronize_session=False)
                )
            for sub_id, count in failures.items():
                row = await session.get(subscription, sub_id)
                if row is None:
                    continue
                row.consecutive_failures = (
                    count if sub_id in ok_subs else row.consecutive_failures + count
                )
                if row.consecutive_failures >= self.disable_after and row.status == "active":
                    row.status = "disabled"
                    row.disabled_reason = f"{row.consecutive_failures} failed attempts in a row"
                    log.warning("webhook %s disabled after %d failures", row.id, self.disable_after)
            await session.commit()

    async def _public(self, url: str) -> tuple[str | None, str | None]:
        """(why ``url`` may not be called now or ``None``, the address to call it at), each host
        resolved once a round."""
        if self.allow_private:
            return None, None
        parts = urlsplit(url)
        key = f"{parts.hostname}:{parts.port}"
        task = self._checked.get(key)
        if task is None:
            task = self._checked[key] = asyncio.ensure_future(self._check(url))
        return await task

    async def _check(self, url: str) -> tuple[str | None, str | None]:
        try:
            addresses = await check_url(url, allow_private=self.allow_private)
        except ValidationFailed as exc:
            return f"{exc.code}: {exc.detail}", None
        return None, addresses[0] if addresses else None

    async def _send(self, delivery: _Due, sub: _Sub, deadline: float) -> _Result:
        body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()
        timestamp = int(time.time())
        headers = {
            "content-type": "application/json",
            "webhook-id": delivery.event_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": signature(sub.secret, delivery.event_id, timestamp, body),
        }
        async with self._slots:
            if time.monotonic() + self.timeout >= deadline:
                return HELD
            # Again before every round, and the request goes to the address found public.
            refused, address = await self._public(sub.url)
            if refused is not None:
                return False, None, refused
            try:
                if self._client is not None:
                    status = (
                        await self._client.post(sub.url, content=body, headers=headers)
                    ).status_code
                else:
                    status = await self._sender.post(
                        sub.url, body, headers, address=address, deadline=deadline
                    )
            except NotStarted:
                return HELD
            except DeliveryError as exc:
                return False, None, f"DeliveryError: {exc}"
            except httpx.HTTPError as exc:
                return False, None, f"{type(exc).__name__}: {exc}"
        if 200 <= status < 300:
            return True, status, None
        return False, status, f"HTTP {status}"


#: A delivery of the round that was not attempted (it could have outlived its lease).
HELD = "held"
_Result = tuple[bool, int | None, str | None] | str


@dataclass(frozen=True)
class _Due:
    id: uuid.UUID
    event_id: str
    payload: dict[str, Any]
    attempts: int


@dataclass(frozen=True)
class _Sub:
    id: uuid.UUID
    url: str
    secret: str
