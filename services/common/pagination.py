"""Keyset pagination: ``?limit=&cursor=`` in, ``{"items": [...], "next_cursor": ...}`` out.

A cursor is the opaque, URL-safe encoding of the sort key of the last item served. Pages stay
stable when rows are inserted meanwhile, and each page costs an index seek, not an OFFSET scan.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import uuid
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel, Field
from sqlalchemy import Select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.sql.elements import ColumnElement

from services.common.errors import KernelCode, ValidationFailed

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class Page(BaseModel, Generic[T]):
    """One page of a list."""

    items: list[T]
    next_cursor: str | None = Field(
        default=None,
        description="传给下一次请求的 cursor；为空表示没有更多 / pass as cursor for the next page",
    )


class PageParams(BaseModel):
    """Validated ``limit`` and decoded ``cursor``."""

    limit: int
    after: list[Any] | None


def _encode_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"d": value.isoformat()}
    if isinstance(value, dt.date):
        return {"day": value.isoformat()}
    if isinstance(value, uuid.UUID):
        return {"u": value.hex}
    return value


def _decode_value(value: Any) -> Any:
    if isinstance(value, dict):
        if "d" in value:
            return dt.datetime.fromisoformat(value["d"])
        if "day" in value:
            return dt.date.fromisoformat(value["day"])
        if "u" in value:
            return uuid.UUID(value["u"])
        raise ValueError("unknown cursor value")
    return value


def encode_cursor(values: Sequence[Any]) -> str:
    """An opaque cursor for a sort key."""
    raw = json.dumps([_encode_value(v) for v in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).rstrip(b"=").decode()


def decode_cursor(cursor: str) -> list[Any]:
    """The sort key inside a cursor, or a 422 ``cursor_invalid``."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
        if not isinstance(values, list) or not values:
            raise ValueError("empty cursor")
        return [_decode_value(v) for v in values]
    except (ValueError, TypeError, UnicodeDecodeError, OverflowError, RecursionError) as exc:
        raise ValidationFailed(
            "cursor 无效",
            code=KernelCode.CURSOR_INVALID,
            errors=[{"field": "cursor", "message": "invalid cursor"}],
        ) from exc


def _invalid_cursor(message: str) -> ValidationFailed:
    return ValidationFailed(
        "cursor 无效",
        code=KernelCode.CURSOR_INVALID,
        errors=[{"field": "cursor", "message": message}],
    )


def cursor_key(params: PageParams, types: Sequence[type]) -> list[Any] | None:
    """The cursor's sort key, checked against the list's key ``types`` (422 if it does not fit).

    A cursor is opaque to clients but not to attackers: ``[[1],[2]]`` or ``[1e30, 1]`` must be a
    422, never a value handed to the database to compare with a timestamp.
    """
    if params.after is None:
        return None
    if len(params.after) != len(types):
        raise _invalid_cursor("cursor does not fit this list")
    for value, expected in zip(params.after, types, strict=True):
        fits = isinstance(value, expected) and not (
            isinstance(value, bool) and expected is not bool
        )
        if isinstance(value, dt.datetime) and value.tzinfo is None:
            fits = False
        if not fits:
            raise _invalid_cursor("cursor does not fit this list")
    return params.after


def column_types(columns: Sequence[Any]) -> list[type]:
    """The Python types of a list's sort columns (what a cursor for it must hold)."""
    types = []
    for column in columns:
        python_type = column.type.python_type
        types.append(dt.datetime if issubclass(python_type, dt.datetime) else python_type)
    return types


async def page_params(
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description="每页条数 / page size (1-200)")
    ] = DEFAULT_LIMIT,
    cursor: Annotated[
        str | None,
        Query(max_length=512, description="上一页返回的 next_cursor / from the last page"),
    ] = None,
) -> PageParams:
    """Query parameters shared by every list endpoint."""
    return PageParams(limit=limit, after=decode_cursor(cursor) if cursor else None)


PageDep = Annotated[PageParams, Depends(page_params)]


async def paginate(
    session: AsyncSession,
    stmt: Select[Any],
    order_by: Sequence[ColumnElement[Any] | QueryableAttribute[Any]],
    params: PageParams,
    key: Callable[[Any], Sequence[Any]],
) -> tuple[list[Any], str | None]:
    """Run ``stmt`` ordered ascending by ``order_by`` after the cursor; return rows and next cursor.

    ``order_by`` must end in a unique column so that the order is total.
    """
    after = cursor_key(params, column_types(order_by))
    if after is not None:
        stmt = stmt.where(tuple_(*order_by) > tuple_(*after))
    rows = list((await session.scalars(stmt.order_by(*order_by).limit(params.limit + 1))).all())
    next_cursor = None
    if len(rows) > params.limit:
        rows = rows[: params.limit]
        next_cursor = encode_cursor(key(rows[-1]))
    return rows, next_cursor
