"""Forwarding one request to an upstream service and streaming its answer back.

Two implementations of one small interface:

* :class:`gateway.upstream.RawForwarder` — production: pooled keep-alive HTTP/1.1 on asyncio
  streams with the ``httptools`` parser. Against aiohttp's client it halves the gateway's CPU per
  request, and httpx is 5-6 times slower still (encode/httpx#3215); see ``docs/benchmarks.md``.
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
