"""A trivial upstream for forwarder benchmarks: one small JSON answer, no database, no auth."""

from __future__ import annotations

BODY = b'{"code":"330203","name":"\\u6d77\\u66d9\\u533a","level":"county","parent_code":"330200"}'


async def app(scope, receive, send):  # type: ignore[no-untyped-def]
    if scope["type"] != "http":
        return
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(BODY)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": BODY})


def _fastapi_app():  # type: ignore[no-untyped-def]
    from fastapi import FastAPI

    api = FastAPI()

    @api.get("/v1/regions/{code}")
    async def get_region(code: str) -> dict[str, str]:
        return {"code": code, "name": "海曙区", "level": "county", "parent_code": "330200"}

    return api


#: The reference's "tiny FastAPI JSON endpoint".
fastapi_app = _fastapi_app()
