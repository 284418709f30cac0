"""The fast path answers exactly what Core answers, in the same transaction, on both backends."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import exc
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from services.common import fastpath
from services.common.db import UTCDateTime, create_engine
from services.common.fastpath import Prepared
from tests.backends import DatabaseSet

StringList = sa.JSON().with_variant(postgresql.ARRAY(sa.Text()), "postgresql")


class Base(DeclarativeBase):
    pass


class Item(Base):
    """Every column type the services store."""

    __tablename__ = "fastpath_items"

    id: Mapped[int] = mapped_column(sa.Integer(), primary_key=True)
    ref: Mapped[uuid.UUID] = mapped_column(sa.Uuid())
    name: Mapped[str] = mapped_column(sa.String(100))
    amount: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))
    total: Mapped[int] = mapped_column(sa.BigInteger())
    active: Mapped[bool] = mapped_column(sa.Boolean())
    due_on: Mapped[dt.date | None] = mapped_column(sa.Date())
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    tags: Mapped[list[str]] = mapped_column(StringList)
    note: Mapped[str | None] = mapped_column(sa.String(50))


T = Item.__table__
WHEN = dt.datetime(2026, 11, 22, 8, 30, 15, 123456, tzinfo=dt.UTC)
ROWS: list[dict[str, Any]] = [
    {
        "id": i,
        "ref": uuid.UUID(int=i),
        "name": f"互助服务中心{i}",
        "amount": Decimal(f"{i}.25"),
        "total": 10**12 + i,
        "active": i % 2 == 0,
        "due_on": dt.date(2026, 1, i) if i % 3 else None,
        "created_at": WHEN + dt.timedelta(minutes=i),
        "tags": ["elderly_care", f"t{i}"],
        "note": None if i % 2 else "备注",
    }
    for i in range(1, 8)
]

BY_ID = Prepared(sa.select(T).where(T.c.id == sa.bindparam("id")))
STATEMENTS: dict[str, tuple[Any, dict[str, Any]]] = {
    "every column": (sa.select(T).order_by(T.c.id), {}),
    "one row by key": (sa.select(T).where(T.c.id == sa.bindparam("id")), {"id": 3}),
    "labels and expressions": (
        sa.select(T.c.name, T.c.id.label("item_id"), (T.c.amount * 2).label("double"))
        .where(T.c.active.is_(True))
        .order_by(T.c.id),
        {},
    ),
    "literal bound in the statement": (sa.select(T.c.id).where(T.c.total > 10**12 + 4), {}),
    "aggregates": (
        sa.select(sa.func.count(), sa.func.sum(T.c.amount), sa.func.max(T.c.created_at)),
        {},
    ),
    "expanding IN": (
        sa.select(T.c.id, T.c.ref).where(T.c.id.in_(sa.bindparam("ids", expanding=True))),
        {"ids": [2, 4, 6]},
    ),
    "uuid and datetime binds": (
        sa.select(T.c.id).where(
            T.c.ref == sa.bindparam("ref"), T.c.created_at >= sa.bindparam("since")
        ),
        {"ref": uuid.UUID(int=5), "since": WHEN},
    ),
    "nothing found": (sa.select(T).where(T.c.id == -1), {}),
    "a typed literal": (sa.select(sa.cast(sa.literal("12.50"), sa.Numeric(12, 2)).label("x")), {}),
}


@pytest.fixture(scope="module")
async def engine(
    backend: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[AsyncEngine]:
    """A fresh database with this module's table and seven rows."""
    dbs = DatabaseSet(backend, Path(tmp_path_factory.mktemp(f"fastpath-{backend}")))
    await dbs.create()
    engine = create_engine(dbs.url("funds"))
    try:
        async with engine.begin() as conn:
            await conn.run_sync(Base.metadata.create_all)
            await conn.execute(sa.insert(Item), ROWS)
        yield engine
    finally:
        await engine.dispose()
        await dbs.drop()


def sessions(engine: AsyncEngine) -> async_sessionmaker[Any]:
    return async_sessionmaker(engine, expire_on_commit=False)


async def core_rows(
    engine: AsyncEngine, statement: Any, params: dict[str, Any]
) -> list[dict[str, Any]]:
    async with engine.connect() as conn:
        return [dict(row) for row in (await conn.execute(statement, params)).mappings()]


def typed(rows: list[dict[str, Any]]) -> list[dict[str, tuple[type, Any]]]:
    return [{k: (type(v), v) for k, v in row.items()} for row in rows]


class TestSameAnswersAsCore:
    @pytest.mark.parametrize("case", list(STATEMENTS))
    async def test_on_the_engine(self, engine: AsyncEngine, case: str) -> None:
        statement, params = STATEMENTS[case]
        expected = await core_rows(engine, statement, params)
        for _ in range(2):  # the first run learns the result types, the second uses them
            assert typed(await fastpath.fetch_all(engine, statement, params)) == typed(expected)

    @pytest.mark.parametrize("case", list(STATEMENTS))
    async def test_in_a_session(self, engine: AsyncEngine, case: str) -> None:
        statement, params = STATEMENTS[case]
        expected = await core_rows(engine, statement, params)
        async with sessions(engine)() as session:
            assert typed(await fastpath.fetch_all(session, statement, params)) == typed(expected)

    async def test_on_a_connection(self, engine: AsyncEngine) -> None:
        async with engine.connect() as conn:
            row = await BY_ID.first(conn, id=2)
        assert row is not None
        assert row["name"] == "互助服务中心2"

    async def test_first_scalar_and_none(self, engine: AsyncEngine) -> None:
        assert (await BY_ID.first(engine, id=4) or {})["ref"] == uuid.UUID(int=4)
        assert await BY_ID.first(engine, {"id": 99}) is None
        count = sa.select(sa.func.count()).select_from(T)
        assert await fastpath.fetch_scalar(engine, count) == len(ROWS)
        assert await fastpath.fetch_first(engine, sa.select(T.c.id).where(T.c.id < 0)) is None

    async def test_statements_are_compiled_once_per_dialect(self, engine: AsyncEngine) -> None:
        statement = sa.select(T.c.id).where(T.c.id == sa.bindparam("id"))
        await fastpath.fetch_all(engine, statement, {"id": 1})
        plan = fastpath.prepared(statement).plan(engine.dialect)
        await fastpath.fetch_all(engine, statement, {"id": 2})
        assert fastpath.prepared(statement).plan(engine.dialect) is plan


class TestTransactions:
    async def test_a_session_reads_its_own_pending_and_flushed_writes(
        self, engine: AsyncEngine
    ) -> None:
        async with sessions(engine)() as session:
            item = await session.get(Item, 1)
            assert item is not None
            item.note = "未提交"  # pending: autoflush must send it before the read
            row = await BY_ID.first(session, id=1)
            assert row is not None
            assert row["note"] == "未提交"
            await session.rollback()
        assert (await BY_ID.first(engine, id=1) or {})["note"] is None

    async def test_execute_writes_in_the_transaction_and_counts_rows(
        self, engine: AsyncEngine
    ) -> None:
        touch = Prepared(sa.update(Item).where(T.c.id.in_([2, 4])).values(note=sa.bindparam("n")))
        async with sessions(engine)() as session:
            assert await touch.execute(session, n="改") == 2
            await session.rollback()
        assert [
            r["note"]
            for r in await fastpath.fetch_all(engine, sa.select(T.c.note).where(T.c.id.in_([2, 4])))
        ] == ["备注", "备注"]
        async with sessions(engine)() as session:
            assert await touch.execute(session, n="备注") == 2
            await session.commit()

    async def test_the_engine_runs_only_reads(self, engine: AsyncEngine) -> None:
        with pytest.raises(TypeError, match="SELECT"):
            await Prepared(sa.update(Item).values(note="x")).all(engine)

    async def test_repeatable_read_snapshot_starts_with_a_fast_read(
        self, engine: AsyncEngine, backend: str
    ) -> None:
        if backend != "postgresql":
            pytest.skip("SQLite has one writer and no isolation levels to choose")
        snapshot = sessions(engine.execution_options(isolation_level="REPEATABLE READ"))
        async with snapshot() as session:
            before = await BY_ID.first(session, id=7)
            async with engine.begin() as other:
                await other.execute(sa.update(Item).where(T.c.id == 7).values(note="later"))
            after = (await session.execute(sa.select(T.c.note).where(T.c.id == 7))).scalar()
        assert before is not None
        assert after == before["note"]  # the fast read took the snapshot the later read sees
        async with engine.begin() as other:
            await other.execute(sa.update(Item).where(T.c.id == 7).values(note=None))


class TestErrorsAndConnections:
    async def test_driver_errors_are_sqlalchemy_errors_like_cores(
        self, engine: AsyncEngine
    ) -> None:
        statement: Any = sa.select(sa.literal_column("x")).select_from(sa.table("no_such_table"))
        with pytest.raises(exc.DBAPIError) as core:
            await core_rows(engine, statement, {})
        with pytest.raises(exc.DBAPIError) as fast:
            await fastpath.fetch_all(engine, statement)
        assert type(fast.value) is type(core.value)
        async with sessions(engine)() as session:
            with pytest.raises(type(core.value)):
                await fastpath.fetch_all(session, statement)

    async def test_a_value_out_of_range_is_a_data_error(
        self, engine: AsyncEngine, backend: str
    ) -> None:
        if backend != "postgresql":
            pytest.skip("SQLite stores any integer")
        small = sa.select(T.c.id).where(
            sa.cast(T.c.id, sa.SmallInteger()) == sa.bindparam("n", type_=sa.SmallInteger())
        )
        with pytest.raises(exc.DBAPIError) as core:
            await core_rows(engine, small, {"n": 10**9})
        with pytest.raises(type(core.value)):
            await fastpath.fetch_all(engine, small, {"n": 10**9})

    async def test_a_missing_parameter_is_refused(self, engine: AsyncEngine) -> None:
        with pytest.raises(exc.InvalidRequestError, match="id"):
            await BY_ID.all(engine)

    async def test_every_connection_goes_back_to_the_pool(self, engine: AsyncEngine) -> None:
        broken: Any = sa.select(sa.literal_column("x")).select_from(sa.table("no_such_table"))
        for _ in range(30):
            await BY_ID.first(engine, id=1)
            with pytest.raises(exc.DBAPIError):
                await fastpath.fetch_all(engine, broken)
        assert engine.sync_engine.pool.checkedout() == 0  # type: ignore[attr-defined]


class TestCopy:
    """``copy_records``: PostgreSQL's COPY inside the session's transaction."""

    async def test_rows_commit_and_roll_back_with_the_transaction(
        self, engine: AsyncEngine, backend: str
    ) -> None:
        if backend != "postgresql":
            pytest.skip("COPY is PostgreSQL's (SQLite inserts)")
        columns = ["id", "ref", "name", "amount", "total", "active", "created_at", "tags"]
        record = (100, uuid.UUID(int=100), "铺路", Decimal("1.50"), 5, True, WHEN, ["a"])
        async with sessions(engine)() as session:  # COPY first: it begins the transaction
            await fastpath.copy_records(session, "fastpath_items", columns, [record])
            seen = await BY_ID.first(session, id=100)
            await session.rollback()
        assert seen is not None
        assert (seen["name"], seen["created_at"], seen["tags"]) == ("铺路", WHEN, ["a"])
        assert await BY_ID.first(engine, id=100) is None
        async with sessions(engine)() as session:
            await BY_ID.first(session, id=1)
            await fastpath.copy_records(session, "fastpath_items", columns, [record])
            await session.commit()
        assert (await BY_ID.first(engine, id=100) or {})["total"] == 5
        async with engine.begin() as conn:
            await conn.execute(sa.delete(Item).where(T.c.id == 100))

    async def test_a_duplicate_is_an_integrity_error_and_the_pool_gets_it_back(
        self, engine: AsyncEngine, backend: str
    ) -> None:
        if backend != "postgresql":
            pytest.skip("COPY is PostgreSQL's (SQLite inserts)")
        columns = ["id", "ref", "name", "amount", "total", "active", "created_at", "tags"]
        duplicate = (1, uuid.UUID(int=1), "x", Decimal(1), 1, True, WHEN, [])
        for _ in range(3):
            async with sessions(engine)() as session:
                with pytest.raises(exc.IntegrityError):
                    await fastpath.copy_records(session, "fastpath_items", columns, [duplicate])
                await session.rollback()
                assert (await BY_ID.first(session, id=1) or {})["id"] == 1  # usable again
        assert engine.sync_engine.pool.checkedout() == 0  # type: ignore[attr-defined]
