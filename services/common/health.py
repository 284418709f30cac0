"""``/healthz`` (the process is alive) and ``/readyz`` (its database answers)."""

from __future__ import annotations

import time
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse

from services.common.routing import service_router

router = service_router(tags=["ops"])


@router.get("/healthz", summary="进程存活 / process alive")
async def healthz(request: Request) -> dict[str, Any]:
    """Liveness: answers while the process serves requests."""
    return {"status": "ok", "service": request.app.state.service_name}


@router.get(
    "/readyz",
    summary="就绪检查 / ready to serve",
    response_model=None,
    responses={
        200: {"description": "就绪 / ready", "content": {"application/json": {}}},
        503: {
            "description": "数据库未就绪 / database not ready",
            "content": {"application/json": {}},
        },
    },
)
async def readyz(request: Request) -> JSONResponse:
    """Readiness: the service and its own database answer."""
    database = request.app.state.database
    started = time.perf_counter()
    try:
        await database.ping()
        db = {
            "status": "ready",
            "backend": database.backend,
            "latency_ms": round((time.perf_counter() - started) * 1000, 2),
        }
        ok = True
    except Exception as exc:  # any failure means "not ready", never a crash
        db = {"status": "unready", "backend": database.backend, "error": type(exc).__name__}
        ok = False
    body: dict[str, Any] = {
        "status": "ready" if ok else "unready",
        "service": request.app.state.service_name,
        "database": db,
    }
    followers = getattr(request.app.state, "followers", ())
    if followers:
        # How far behind the feeds this service keeps read models of: detail, not readiness
        # (stale data is served knowingly while the other service is down).
        body["followers"] = [follower.status() for follower in followers]
    return JSONResponse(body, status_code=200 if ok else 503)
