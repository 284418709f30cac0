"""A small base for service-to-service HTTP clients.

Pooled connections (one ``httpx.AsyncClient`` per target service), explicit timeouts, the
request ID and a signed identity on every call, and upstream problems re-raised as kernel errors.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from services.common.context import current_request_id, identity_var
from services.common.errors import (
    KernelCode,
    UpstreamTimeout,
    UpstreamUnavailable,
    error_for_status,
)
from services.common.identity import ALL_SCOPES, IdentitySigner, service_identity


class ServiceClient:
    """Base of every ``<Svc>Client``: call ``request`` and get JSON back, or a kernel error."""

    #: The service this client talks to; subclasses set it.
    target: str = "service"

    def __init__(
        self,
        base_url: str,
        *,
        caller: str,
        signer: IdentitySigner,
        timeout: float = 5.0,
        transport: httpx.AsyncBaseTransport | None = None,
        max_connections: int = 50,
    ) -> None:
        self.caller = caller
        self.signer = signer
        self._client = httpx.AsyncClient(
            base_url=base_url,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 2.0)),
            limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=20),
            transport=transport,
        )

    async def aclose(self) -> None:
        """Close pooled connections."""
        await self._client.aclose()

    def _headers(
        self, extra: Mapping[str, str] | None, method: str | None = None, path: str | None = None
    ) -> dict[str, str]:
        current = identity_var.get()
        identity = service_identity(
            self.caller,
            ALL_SCOPES,
            request_id=current_request_id(),
            act=current.sub if current is not None else None,
        )
        headers = {"x-wushe-identity": self.signer.sign(identity, method=method, path=path)}
        rid = current_request_id()
        if rid:
            headers["x-request-id"] = rid
        if extra:
            headers.update(extra)
        return headers

    async def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        allow_404: bool = False,
    ) -> Any:
        """Send a request; JSON body on success, ``None`` for 204 or an allowed 404."""
        try:
            response = await self._client.request(
                method, path, json=json, params=params, headers=self._headers(headers, method, path)
            )
        except httpx.TimeoutException as exc:
            raise UpstreamTimeout(f"{self.target} 服务超时") from exc
        except httpx.TransportError as exc:
            raise UpstreamUnavailable(f"{self.target} 服务不可用") from exc
        if response.status_code == 404 and allow_404:
            return None
        if response.status_code >= 400:
            raise self._problem(response)
        if response.status_code == 204 or not response.content:
            return None
        return response.json()

    def _problem(self, response: httpx.Response) -> Exception:
        try:
            body = response.json()
        except ValueError:
            body = {}
        code = body.get("code") if isinstance(body, dict) else None
        detail = body.get("detail") if isinstance(body, dict) else None
        status = response.status_code
        if status >= 500:
            return error_for_status(502)(
                f"{self.target}: {detail or status}", code=KernelCode.UPSTREAM_ERROR
            )
        errors = body.get("errors") if isinstance(body, dict) else None
        # Members beyond RFC 9457's are part of the answer (a 410's ``purged_through``).
        known = {"type", "title", "status", "detail", "code", "errors", "instance"}
        extra = {k: v for k, v in body.items() if k not in known} if isinstance(body, dict) else {}
        # A Retry-After says the refusal is temporary (the outbox relay retries such a 409).
        retry_after = response.headers.get("retry-after")
        headers = {"Retry-After": retry_after} if retry_after else None
        return error_for_status(status)(
            detail, code=code, errors=errors, extra=extra, headers=headers
        )
