"""The base of every repository: all SQL of one aggregate lives in its repository.

Services hold the rules and never build a statement; repositories hold the statements and no
rules (``flush()`` is fine, ``commit()`` never: the route class commits). The base gives every
repository the moves all of them need, with the kernel's answers: a missing row is ``None``
(the service decides whether that is a 404 or a 422), a lost optimistic-lock race is 412, and a
page is keyset-paginated.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.sql.elements import ColumnElement

from services.common.errors import PreconditionFailed
from services.common.pagination import PageParams, paginate

M = TypeVar("M")


class Repository(Generic[M]):
    """Reads and writes of one model; subclasses add the queries their service needs."""

    model: ClassVar[type[Any]]

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.session.get_bind().dialect.name

    async def get(self, key: Any) -> M | None:
        """The row with primary key ``key``, or ``None``."""
        row: M | None = await self.session.get(self.model, key)
        return row

    async def get_for_update(self, key: Any) -> M | None:
        """The row, locked until the transaction ends (``FOR UPDATE``; SQLite's write
        transactions hold the database's write lock from their ``BEGIN IMMEDIATE``)."""
        row: M | None = await self.session.get(
            self.model, key, with_for_update=True, populate_existing=True
        )
        return row

    def add(self, row: M) -> M:
        """Stage a new row (written at the next flush)."""
        self.session.add(row)
        return row

    async def flush(self) -> None:
        """Write what is staged. A writer that bumped the version first is 412; a unique
        violation propagates and the app answers it with its 409 (``UniqueRules``)."""
        try:
            await self.session.flush()
        except StaleDataError as exc:
            raise PreconditionFailed("数据已被他人修改，请刷新后重试") from exc

    async def page(
        self,
        stmt: Select[Any],
        order_by: Sequence[ColumnElement[Any] | QueryableAttribute[Any]],
        params: PageParams,
        key: Callable[[Any], Sequence[Any]],
    ) -> tuple[list[M], str | None]:
        """One keyset page of ``stmt`` (see :func:`services.common.pagination.paginate`)."""
        return await paginate(self.session, stmt, order_by, params, key)
