"""A lean HTTP/1.1 client for the gateway's forwarding hot path.

The gateway forwards every proxied request; the client it uses is most of its cost. Measured on
this machine (``docs/benchmarks.md``), aiohttp's client spends about 180 µs of CPU per request
and httpx several times more under concurrency (encode/httpx#3215), while a keep-alive
connection driven by asyncio streams and the ``httptools`` parser (the one uvicorn uses) spends
about 60 µs. This module is that connection pool, and no more: HTTP/1.1 to the services on
loopback or a private network, no TLS, no redirects, no proxies, no decompression.

Failure semantics (see :class:`RawForwarder`):

* cannot connect → 503 ``upstream_unavailable`` (retried once first for idempotent methods);
* a pooled connection that closes before any response byte → for idempotent methods, retried
  once on a fresh connection without spending the retry budget, else 503 (the service may or
  may not have acted: the caller retries with its ``Idempotency-Key``);
* no byte for ``timeout`` seconds → 504 ``upstream_timeout``.
"""

from __future__ import annotations

import asyncio
import collections
import time
from urllib.parse import urlsplit

import httptools
from starlette.types import Send

from gateway.forwarders import HOP_BY_HOP, IDEMPOTENT, Headers
from services.common.errors import Upstream, UpstreamTimeout, UpstreamUnavailable

#: Reuse an idle connection only this long: below uvicorn's keep-alive, so that the service
#: rarely closes a connection we are about to write to.
MAX_IDLE_SECONDS = 4.0
READ_SIZE = 65536


class _Closed(Exception):
    """The connection closed before a complete response; ``started`` if bytes had arrived."""

    def __init__(self, started: bool) -> None:
        super().__init__("upstream connection closed")
        self.started = started


class _Response:
    """httptools callbacks collecting one response."""

    __slots__ = ("body", "complete", "headers", "headers_done", "keep_alive", "parser")

    def __init__(self) -> None:
        self.headers: list[tuple[bytes, bytes]] = []
        self.headers_done = False
        self.keep_alive = False
        self.parser: httptools.HttpResponseParser | None = None
        self.body: list[bytes] = []
        self.complete = False

    def on_header(self, name: bytes, value: bytes) -> None:
        self.headers.append((name.lower(), value))

    def on_headers_complete(self) -> None:
        self.headers_done = True
        # Asked now: httptools forgets keep-alive once the message completes.
        assert self.parser is not None
        self.keep_alive = self.parser.should_keep_alive()

    def on_body(self, body: bytes) -> None:
        self.body.append(body)

    def on_message_complete(self) -> None:
        self.complete = True


class _Connection:
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


class RawForwarder:
    """Forwards requests to one service over pooled keep-alive HTTP/1.1 connections."""

    def __init__(
        self, service: str, base_url: str, timeout: float, retries: int = 1, max_idle: int = 64
    ) -> None:
        parts = urlsplit(base_url)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"{service}: only http:// upstreams are supported, got {base_url!r}")
        self.service = service
        self.host = parts.hostname
        self.port = parts.port or 80
        self.prefix = parts.path.rstrip("/")
        self.host_header = (parts.netloc or self.host).encode()
        self.timeout = timeout
        self.connect_timeout = min(2.0, timeout)
        self.retries = retries
        self.max_idle = max_idle
        self._idle: collections.deque[_Connection] = collections.deque()

    async def _connect(self) -> _Connection:
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection(self.host, self.port, limit=READ_SIZE * 4),
                self.connect_timeout,
            )
        except (TimeoutError, OSError) as exc:
            raise UpstreamUnavailable(f"{self.service} 服务不可用") from exc
        return _Connection(reader, writer)

    def _checkout(self) -> _Connection | None:
        now = time.monotonic()
        while self._idle:
            conn = self._idle.pop()  # most recently used first: warmest, least likely stale
            if conn.usable(now):
                return conn
            conn.close()
        return None

    def _checkin(self, conn: _Connection) -> None:
        if len(self._idle) >= self.max_idle:
            conn.close()
            return
        conn.idle_since = time.monotonic()
        self._idle.append(conn)

    def _encode(self, method: str, target: str, headers: Headers, body: bytes) -> bytes:
        head = [
            f"{method} {self.prefix}{target} HTTP/1.1\r\n".encode("latin-1"),
            b"host: ",
            self.host_header,
            b"\r\n",
        ]
        for name, value in headers:
            if name not in (b"content-length", b"host"):
                head += (name, b": ", value, b"\r\n")
        if body or method in ("POST", "PUT", "PATCH"):
            head += (b"content-length: ", str(len(body)).encode(), b"\r\n")
        head.append(b"\r\n")
        return b"".join(head) + body

    async def forward(
        self, method: str, target: str, headers: Headers, body: bytes, send: Send
    ) -> int:
        """Send the request, stream the response to ``send``; return the upstream status."""
        payload = self._encode(method, target, headers, body)
        idempotent = method in IDEMPOTENT
        retries = self.retries if idempotent else 0
        fresh = False
        while True:
            conn = None if fresh else self._checkout()
            reused = conn is not None
            if conn is None:
                try:
                    conn = await self._connect()
                except UpstreamUnavailable:
                    if retries:
                        retries -= 1
                        continue
                    raise
            try:
                return await self._exchange(conn, method, payload, send)
            except _Closed as exc:
                conn.close()
                if exc.started:
                    raise Upstream(f"{self.service} 响应中断") from exc
                # A pooled connection the service closed while it sat idle (keep-alive timeout,
                # restart) is not a failure of the service: retry once on a new connection,
                # outside the retry budget, which is for real failures. Once, because the
                # retry dials; a second silent close would be the service's own doing.
                # Only idempotent methods: we wrote the request before we saw the close, and
                # from here an idle close that crossed our request cannot be told from a
                # service that read it, acted and died before answering. urllib3, aiohttp and
                # Go's net/http (RFC 9112 §9.3.1) likewise replay a non-idempotent request
                # only when it was never sent; a POST gets 503 and the caller decides.
                if reused and idempotent:
                    fresh = True
                    continue
                if retries:
                    retries -= 1
                    continue
                raise UpstreamUnavailable(f"{self.service} 服务连接中断") from exc

    async def _exchange(self, conn: _Connection, method: str, payload: bytes, send: Send) -> int:
        loop = asyncio.get_running_loop()
        timed_out = False

        def expire() -> None:
            nonlocal timed_out
            timed_out = True
            conn.writer.transport.abort()

        timer = loop.call_later(self.timeout, expire)
        response = _Response()
        parser = httptools.HttpResponseParser(response)
        response.parser = parser
        started = False
        no_body = method == "HEAD"
        try:
            conn.writer.write(payload)
            while True:
                try:
                    data = await conn.reader.read(READ_SIZE)
                except (ConnectionError, OSError):
                    data = b""
                if not data:
                    if timed_out:
                        raise UpstreamTimeout(f"{self.service} 服务超时")
                    raise _Closed(started)
                try:
                    parser.feed_data(data)
                except httptools.HttpParserError as exc:
                    conn.close()
                    raise Upstream(f"{self.service} 响应格式错误") from exc
                if not started and response.headers_done:
                    started = True
                    status = parser.get_status_code()
                    await send(
                        {
                            "type": "http.response.start",
                            "status": status,
                            "headers": [(k, v) for k, v in response.headers if k not in HOP_BY_HOP],
                        }
                    )
                    no_body = no_body or status in (204, 304) or 100 <= status < 200
                if no_body and started:
                    await send({"type": "http.response.body", "body": b"", "more_body": False})
                    self._checkin(conn) if response.keep_alive else conn.close()
                    return status
                if response.body:
                    chunks, response.body = response.body, []
                    await send(
                        {
                            "type": "http.response.body",
                            "body": b"".join(chunks),
                            "more_body": not response.complete,
                        }
                    )
                    if response.complete:
                        break
                elif response.complete:
                    await send({"type": "http.response.body", "body": b"", "more_body": False})
                    break
                timer.cancel()  # the service is answering: the timeout runs from its last byte
                timer = loop.call_later(self.timeout, expire)
        except BaseException:
            timer.cancel()
            raise
        timer.cancel()
        if response.keep_alive:
            self._checkin(conn)
        else:
            conn.close()
        return status

    async def aclose(self) -> None:
        """Close every idle connection."""
        while self._idle:
            self._idle.pop().close()
