"""What Matching's services share: ETags, 422s about one field, events, bound roles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.errors import (
    ErrorCode,
    PreconditionFailed,
    PreconditionRequired,
    ValidationFailed,
)
from services.common.events import emit
from services.matching.domain.errors import MatchingCode


def etag(version: int) -> str:
    """The weak ETag of a resource at ``version``."""
    return f'W/"{version}"'


def check_if_match(if_match: str | None, version: int) -> None:
    """428 without ``If-Match``, 412 unless it names the current version (or is ``*``)."""
    if if_match is None or not if_match.strip():
        raise PreconditionRequired("更新需要 If-Match 请求头（取自 GET 返回的 ETag）")
    current = f'"{version}"'
    for token in if_match.split(","):
        tag = token.strip()
        if tag == "*" or tag.removeprefix("W/") == current:
            return
    raise PreconditionFailed(f"ETag 已过期，当前为 {etag(version)}", extra={"etag": etag(version)})


def invalid(field: str, message: str, code: ErrorCode) -> ValidationFailed:
    """A 422 about one field."""
    return ValidationFailed(message, code=code, errors=[{"field": field, "message": message}])


def reject_nulls(patch: Mapping[str, Any], fields: Iterable[str]) -> None:
    """A PATCH may not set a required field to null."""
    for name in fields:
        if name in patch and patch[name] is None:
            raise invalid(name, f"{name} 不能为空", MatchingCode.FIELD_REQUIRED)


def check_window(start: dt.date, end: dt.date, *, field: str = "window") -> None:
    """A window's end is not before its start (422 ``dates_invalid``)."""
    if end < start:
        raise invalid(f"{field}.end", "结束日期不能早于开始日期", MatchingCode.DATES_INVALID)


def changed(
    session: AsyncSession,
    type_: str,
    subject_id: Any,
    read: BaseModel,
    *,
    region_code: str | None = None,
) -> None:
    """Owe the event ``type_`` (``need.created`` ...) carrying the resource as the API shows it."""
    kind = type_.split(".", 1)[0]
    emit(
        session,
        type_,
        subject_kind=kind,
        subject_id=subject_id,
        data=read.model_dump(mode="json"),
        region_code=region_code,
    )
