"""The access line and request IDs: the same line whichever way it is written."""

from __future__ import annotations

import io
import json
import logging
import re
import uuid
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI

from services.common.logging import JsonFormatter, sole_json_handler
from services.common.requestid import (
    RequestIdMiddleware,
    access_log,
    new_request_id,
    write_access_line,
)

TS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


@pytest.fixture
def json_log() -> Iterator[tuple[logging.StreamHandler[io.StringIO], io.StringIO]]:
    """The access logger writing JSON lines to a buffer through one plain stream handler, as
    ``configure_logging`` sets up the root logger. Tests call :func:`only` first: pytest adds
    its capturing handlers when the test starts."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(JsonFormatter("registry"))
    saved = access_log.handlers[:], access_log.propagate, access_log.level
    access_log.propagate = False
    access_log.setLevel(logging.INFO)
    try:
        yield handler, buffer
    finally:
        access_log.handlers[:], access_log.propagate = saved[0], saved[1]
        access_log.setLevel(saved[2])


class Collect(logging.Handler):
    """Keeps every record it gets."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def only(handler: logging.Handler) -> None:
    """Leave ``handler`` the access logger's one handler."""
    access_log.handlers[:] = [handler]


def lines(buffer: io.StringIO) -> list[str]:
    return buffer.getvalue().splitlines()


class TestAccessLine:
    def test_direct_line_is_the_line_a_record_makes(
        self, json_log: tuple[logging.StreamHandler[io.StringIO], io.StringIO]
    ) -> None:
        handler, buffer = json_log
        only(handler)
        assert sole_json_handler(access_log) is handler
        args = ("registry", "rid-1", "GET", '/v1/组织/"引号"\\\n', 404, 2.5)
        write_access_line(*args)
        # The same call through a record, as ``access_log.info`` made it before.
        access_log.info(
            "%s %s %d",
            "GET",
            args[3],
            404,
            extra={
                "app": "registry",
                "request_id": "rid-1",
                "method": "GET",
                "path": args[3],
                "status": 404,
                "duration_ms": 2.5,
            },
        )
        direct, recorded = lines(buffer)
        assert TS.match(json.loads(direct)["ts"])

        def without_ts(line: str) -> str:
            return re.sub(r'^\{"ts": "[^"]*", ', "", line)

        assert without_ts(direct) == without_ts(recorded)
        assert list(json.loads(direct)) == [
            "ts",
            "level",
            "service",
            "logger",
            "msg",
            "request_id",
            "app",
            "method",
            "path",
            "status",
            "duration_ms",
        ]

    def test_a_capturing_handler_still_gets_records(
        self, json_log: tuple[logging.StreamHandler[io.StringIO], io.StringIO]
    ) -> None:
        collect = Collect()
        only(json_log[0])
        access_log.addHandler(collect)
        assert sole_json_handler(access_log) is None
        write_access_line("registry", "rid-2", "POST", "/v1/x", 201, 1.0)
        (record,) = collect.records
        assert record.getMessage() == "POST /v1/x 201"
        assert (
            JsonFormatter("registry")
            .format(record)
            .endswith(
                '"request_id": "rid-2", "app": "registry", "method": "POST", "path": "/v1/x", '
                '"status": 201, "duration_ms": 1.0}'
            )
        )
        assert len(lines(json_log[1])) == 1  # and the JSON handler wrote it once

    def test_a_filter_on_the_way_gets_records(
        self, json_log: tuple[logging.StreamHandler[io.StringIO], io.StringIO]
    ) -> None:
        handler, buffer = json_log
        only(handler)
        handler.addFilter(lambda record: record.getMessage() != "GET /hidden 200")
        write_access_line("registry", "rid-3", "GET", "/hidden", 200, 1.0)
        write_access_line("registry", "rid-4", "GET", "/shown", 200, 1.0)
        assert [json.loads(line)["path"] for line in lines(buffer)] == ["/shown"]

    def test_nothing_is_written_above_info(
        self, json_log: tuple[logging.StreamHandler[io.StringIO], io.StringIO]
    ) -> None:
        only(json_log[0])
        access_log.setLevel(logging.WARNING)
        write_access_line("registry", "rid-5", "GET", "/", 200, 1.0)
        assert lines(json_log[1]) == []


class TestRequestIds:
    def test_new_ids_are_version_4_uuids_in_hex(self) -> None:
        ids = {new_request_id() for _ in range(500)}
        assert len(ids) == 500
        for rid in ids:
            parsed = uuid.UUID(rid)
            assert parsed.hex == rid
            assert parsed.version == 4
            assert parsed.variant == uuid.RFC_4122

    async def test_echoed_or_made_and_logged(
        self, json_log: tuple[logging.StreamHandler[io.StringIO], io.StringIO]
    ) -> None:
        only(json_log[0])
        app = FastAPI()

        @app.get("/ping")
        async def ping() -> dict[str, bool]:
            return {"ok": True}

        asgi = RequestIdMiddleware(app, service="registry")
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=asgi), base_url="http://test"
        ) as client:
            kept = await client.get("/ping", headers={"X-Request-ID": "caller-id.1"})
            made = await client.get("/ping", headers={"X-Request-ID": "bad id!"})
        assert kept.headers["x-request-id"] == "caller-id.1"
        assert uuid.UUID(made.headers["x-request-id"]).version == 4
        logged = [json.loads(line) for line in lines(json_log[1])]
        assert [(e["request_id"], e["status"], e["path"]) for e in logged] == [
            ("caller-id.1", 200, "/ping"),
            (made.headers["x-request-id"], 200, "/ping"),
        ]
