"""Forwarding one request to an upstream service and streaming its answer back.

Two implementations of one small interface:

* :class:`AiohttpForwarder` — production. aiohttp's client keeps several times the throughput
  of httpx under concurrency (httpx's pool is a known bottleneck, encode/httpx#3215); the
  figures are in ``docs/benchmarks.md``.
* :class:`HttpxForwarder` — used when an ``httpx`` transport is injected (the in-process test
  system wires services with ``ASGITransport``, real HTTP semantics without ports).

Both retry idempotent methods once on a connection failure before any byte came back, map a
refused connection to 503 ``upstream_unavailable`` and a slow one to 504 ``upstream_timeout``.
"""

from __future__ import annotations

from typing import Protocol

import httpx
from starlette.types import Send

from services.common.errors import Upstream, UpstreamTimeout, UpstreamUnavailable

IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
#: Response headers that belong to one hop only.
HOP_BY_HOP = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"proxy-authenticate",
        b"proxy-authorization",
        b"te",
        b"trailer",
        b"trailers",
        b"transfer-encoding",
        b"upgrade",
        b"server",
        b"date",
    }
)

Headers = list[tuple[bytes, bytes]]


class Forwarder(Protocol):
    """Sends one request upstream and relays the response to an ASGI ``send``."""

    service: str

    async def forward(
        self, method: str, target: str, headers: Headers, body: bytes, send: Send
    ) -> int:
        """Relay the upstream response; return its status. Raise kernel errors before it starts."""
        ...

    async def aclose(self) -> None:
        """Close pooled connections."""
        ...


def _response_headers(raw: list[tuple[bytes, bytes]]) -> Headers:
    return [(k.lower(), v) for k, v in raw if k.lower() not in HOP_BY_HOP]


class AiohttpForwarder:
    """Forwards over a pooled :class:`aiohttp.ClientSession`."""

    def __init__(
        self,
        service: str,
        base_url: str,
        timeout: float,
        retries: int = 1,
        max_connections: int = 256,
    ) -> None:
        import aiohttp  # imported here so that test runs without it stay possible

        self._aiohttp = aiohttp
        self.service = service
        self.base_url = base_url.rstrip("/")
        self.retries = retries
        self.timeout = timeout
        self._session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(
                limit=max_connections, keepalive_timeout=30, ttl_dns_cache=300
            ),
            timeout=aiohttp.ClientTimeout(total=None, connect=min(2.0, timeout), sock_read=timeout),
            auto_decompress=False,
            skip_auto_headers=("User-Agent", "Accept-Encoding", "Content-Type"),
        )

    async def forward(
        self, method: str, target: str, headers: Headers, body: bytes, send: Send
    ) -> int:
        aiohttp = self._aiohttp
        url = self.base_url + target
        hdrs = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers]
        attempts = 1 + (self.retries if method in IDEMPOTENT else 0)
        for attempt in range(attempts):
            try:
                async with self._session.request(
                    method,
                    url,
                    headers=hdrs,
                    data=body or None,
                    allow_redirects=False,
                    compress=None,
                ) as resp:
                    await send(
                        {
                            "type": "http.response.start",
                            "status": resp.status,
                            "headers": _response_headers(list(resp.raw_headers)),
                        }
                    )
                    async for chunk in resp.content.iter_any():
                        await send({"type": "http.response.body", "body": chunk, "more_body": True})
                    await send({"type": "http.response.body", "body": b"", "more_body": False})
                    return resp.status
            except (aiohttp.ClientConnectorError, aiohttp.ServerDisconnectedError) as exc:
                if attempt + 1 < attempts:
                    continue
                raise UpstreamUnavailable(f"{self.service} 服务不可用") from exc
            except (TimeoutError, aiohttp.ServerTimeoutError) as exc:
                raise UpstreamTimeout(f"{self.service} 服务超时") from exc
            except aiohttp.ClientError as exc:
                raise Upstream(f"{self.service} 服务通信失败") from exc
        raise UpstreamUnavailable(
            f"{self.service} 服务不可用"
        )  # pragma: no cover - loop always returns

    async def aclose(self) -> None:
        await self._session.close()


class HttpxForwarder:
    """Forwards over a pooled :class:`httpx.AsyncClient` (any transport, ASGI included)."""

    def __init__(
        self,
        service: str,
        base_url: str,
        timeout: float,
        retries: int = 1,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.service = service
        self.retries = retries
        self._client = httpx.AsyncClient(
            base_url=base_url,
            timeout=httpx.Timeout(timeout, connect=min(2.0, timeout)),
            limits=httpx.Limits(max_connections=256, max_keepalive_connections=64),
            transport=transport,
        )

    async def forward(
        self, method: str, target: str, headers: Headers, body: bytes, send: Send
    ) -> int:
        attempts = 1 + (self.retries if method in IDEMPOTENT else 0)
        for attempt in range(attempts):
            request = self._client.build_request(method, target, headers=headers, content=body)
            try:
                resp = await self._client.send(request, stream=True)
            except (httpx.ConnectError, httpx.RemoteProtocolError) as exc:
                if attempt + 1 < attempts:
                    continue
                raise UpstreamUnavailable(f"{self.service} 服务不可用") from exc
            except httpx.TimeoutException as exc:
                raise UpstreamTimeout(f"{self.service} 服务超时") from exc
            except httpx.TransportError as exc:
                raise Upstream(f"{self.service} 服务通信失败") from exc
            try:
                await send(
                    {
                        "type": "http.response.start",
                        "status": resp.status_code,
                        "headers": _response_headers(list(resp.headers.raw)),
                    }
                )
                async for chunk in resp.aiter_raw():
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
                await send({"type": "http.response.body", "body": b"", "more_body": False})
            finally:
                await resp.aclose()
            return resp.status_code
        raise UpstreamUnavailable(f"{self.service} 服务不可用")  # pragma: no cover

    async def aclose(self) -> None:
        await self._client.aclose()
