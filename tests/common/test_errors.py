"""problem+json bodies and Accept-Language negotiation."""

from __future__ import annotations

import pytest

from services.common.errors import (
    Conflict,
    NotFound,
    TooManyRequests,
    error_for_status,
    problem_body,
    wants_english,
)


@pytest.mark.parametrize(
    ("header", "english"),
    [
        (None, False),
        ("", False),
        ("zh-CN", False),
        ("en", True),
        ("en-US,en;q=0.9", True),
        ("zh-CN,zh;q=0.9,en;q=0.8", False),
        ("en;q=0.5,zh-CN;q=0.9", False),
        ("fr, en;q=0.8", False),
        ("en;q=abc", False),
    ],
)
def test_accept_language(header: str | None, english: bool) -> None:
    assert wants_english(header) is english


class TestProblemBody:
    def test_zh_title_by_default(self) -> None:
        body = NotFound("组织不存在", code="organization_not_found").to_problem()
        assert body["status"] == 404
        assert body["code"] == "organization_not_found"
        assert body["type"] == "urn:wushe:problem:organization_not_found"
        assert body["detail"] == "组织不存在"

    def test_known_code_has_both_titles(self) -> None:
        assert problem_body(409, "conflict")["title"] == "与现有数据冲突"
        assert problem_body(409, "conflict", english=True)["title"] == "Conflict"

    def test_validation_errors_listed(self) -> None:
        body = problem_body(422, "validation_failed", errors=[{"field": "uscc", "message": "bad"}])
        assert body["errors"] == [{"field": "uscc", "message": "bad"}]

    def test_retry_after_header(self) -> None:
        exc = TooManyRequests(retry_after=7)
        assert exc.headers["Retry-After"] == "7"
        assert exc.status == 429

    def test_error_for_status(self) -> None:
        assert error_for_status(409) is Conflict
        assert error_for_status(418)().status == 400
        assert error_for_status(599)().status == 502


async def test_a_value_the_database_refuses_is_422_not_500() -> None:
    import httpx
    from fastapi import FastAPI
    from sqlalchemy.exc import DataError

    from services.common.errors import install_error_handlers

    app = FastAPI()
    install_error_handlers(app)

    @app.post("/boom")
    async def boom() -> None:
        raise DataError("INSERT ...", {}, Exception("integer out of range"))

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        response = await c.post("/boom")
    assert response.status_code == 422
    assert response.json()["code"] == "value_out_of_range"
