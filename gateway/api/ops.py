"""Operations: health, readiness per service, metrics, the merged OpenAPI and Swagger UI."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from fastapi import Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response

from gateway.api.deps import CallerDep, OperatorDep, is_operator
from gateway.docs import merge_openapi
from services.common.errors import WusheError
from services.common.http import ServiceClient
from services.common.openapi import problem_response
from services.common.routing import service_router
from services.common.settings import SERVICE_NAMES

router = service_router(tags=["gateway"])


@router.get("/healthz", summary="进程存活 / process alive")
async def healthz() -> dict[str, str]:
    """Liveness of the gateway process."""
    return {"status": "ok", "service": "gateway"}


async def _service_ready(client: ServiceClient) -> dict[str, Any]:
    try:
        body = await client.request("GET", "/readyz")
    except WusheError as exc:
        return {"status": "unready", "error": exc.code, "detail": exc.detail}
    return {"status": body.get("status", "unready"), "database": body.get("database")}


@router.get(
    "/readyz",
    summary="就绪检查（含各服务及数据库）/ readiness per service",
    response_model=None,
    responses={
        200: {"description": "全部就绪 / all ready", "content": {"application/json": {}}},
        503: {
            "description": "有服务未就绪 / something is not ready",
            "content": {"application/json": {}},
        },
    },
)
async def readyz(request: Request, caller: CallerDep) -> JSONResponse:
    """The gateway and each service with its database; 503 unless all are ready.

    Anyone (a load balancer, `wushe up`) gets `{"status": ...}`; operators also get each
    service's state, database backend and errors, which tell an outsider too much.
    """
    if is_operator(caller):
        ok, services = await _check_readiness(request)
        report: dict[str, Any] = {"status": "ready" if ok else "unready", "services": services}
    else:
        ok = await _shared_readiness(request)
        report = {"status": "ready" if ok else "unready"}
    return JSONResponse(report, status_code=200 if ok else 503)


#: Anonymous answers are shared for this long: each check costs a database round trip and a
#: call to every service, and anyone may ask as often as they like.
READINESS_SHARED_SECONDS = 1.0


async def _shared_readiness(request: Request) -> bool:
    """The last check if it is fresh, else one new check however many callers wait for it."""
    state = request.app.state
    lock: asyncio.Lock | None = getattr(state, "readiness_lock", None)
    if lock is None:
        lock = state.readiness_lock = asyncio.Lock()
    async with lock:
        last: tuple[float, bool] | None = getattr(state, "readiness_last", None)
        if last is not None and time.monotonic() - last[0] < READINESS_SHARED_SECONDS:
            return last[1]
        ok, _ = await _check_readiness(request)
        state.readiness_last = (time.monotonic(), ok)
        return ok


async def _check_readiness(request: Request) -> tuple[bool, dict[str, Any]]:
    database = request.app.state.database
    clients: dict[str, ServiceClient] = request.app.state.clients
    started = time.perf_counter()
    try:
        await database.ping()
        own: dict[str, Any] = {
            "status": "ready",
            "database": {
                "status": "ready",
                "backend": database.backend,
                "latency_ms": round((time.perf_counter() - started) * 1000, 2),
            },
        }
    except Exception as exc:  # any failure means "not ready"
        own = {"status": "unready", "database": {"status": "unready", "error": type(exc).__name__}}
    results = await asyncio.gather(*(_service_ready(clients[name]) for name in SERVICE_NAMES))
    services = {"gateway": own, **dict(zip(SERVICE_NAMES, results, strict=True))}
    return all(s["status"] == "ready" for s in services.values()), services


@router.get(
    "/metrics",
    summary="Prometheus 指标（仅运维）/ metrics (operators)",
    response_class=Response,
    responses={
        401: problem_response("未认证 / unauthenticated"),
        403: problem_response("仅限运维人员或 admin 密钥 / operators and admin keys only"),
    },
)
async def metrics(request: Request, _: OperatorDep) -> Response:
    """Requests, latency histograms per route, service and status; upstream errors.

    Operators only (a bearer token of an operator, or an API key with the `admin` scope): the
    routes, volumes and error rates map the system for an attacker.
    """
    return Response(
        request.app.state.metrics.render(), media_type="text/plain; version=0.0.4; charset=utf-8"
    )


async def merged_openapi(request: Request) -> dict[str, Any]:
    """The merged OpenAPI document, cached for a short while once complete."""
    app = request.app
    cached = app.state.openapi_cache
    ttl = app.state.settings.openapi_cache_seconds
    if cached and time.monotonic() - cached[0] < ttl:
        return dict(cached[1])
    clients: dict[str, ServiceClient] = app.state.clients

    async def fetch(name: str) -> dict[str, Any] | None:
        try:
            doc = await clients[name].request("GET", "/openapi.json")
        except WusheError:
            return None
        return doc if isinstance(doc, dict) else None

    docs = await asyncio.gather(*(fetch(name) for name in SERVICE_NAMES))
    available = {name: doc for name, doc in zip(SERVICE_NAMES, docs, strict=True) if doc}
    merged = merge_openapi(app.openapi(), available, app.state.proxy.authorizer)
    missing = sorted(set(SERVICE_NAMES) - set(available))
    if missing:
        merged["x-unavailable-services"] = missing
    else:
        app.state.openapi_cache = (time.monotonic(), merged)
    return merged


@router.get("/openapi.json", include_in_schema=False)
async def openapi_json(request: Request) -> JSONResponse:
    """One OpenAPI document for the gateway and every service."""
    return JSONResponse(await merged_openapi(request))


@router.get("/docs", include_in_schema=False)
async def swagger_ui() -> HTMLResponse:
    """Swagger UI over the merged document, served from local assets (no CDN)."""
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="五社联动资源对接平台 API",
        swagger_js_url="/docs/assets/swagger-ui-bundle.js",
        swagger_css_url="/docs/assets/swagger-ui.css",
        swagger_favicon_url="/docs/assets/favicon-32x32.png",
        swagger_ui_parameters={
            "persistAuthorization": True,
            "displayRequestDuration": True,
            "tryItOutEnabled": True,
        },
    )
