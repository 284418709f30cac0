"""The region tree fits the prefix rule, and name search is served by an index on PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa

from services.registry.db.models import Organization, Region
from services.registry.domain.query import LEVEL_PREFIX, bigrams, name_matches
from tests.factories import create, org_payload, suffix
from tests.system_fixture import System


async def test_every_shipped_region_extends_its_parents_prefix(system: System) -> None:
    async with system.apps["registry"].state.database.sessionmaker() as session:
        rows = (await session.execute(sa.select(Region.code, Region.level))).all()
        levels = dict(rows)
        parents = dict((await session.execute(sa.select(Region.code, Region.parent_code))).all())
    assert sum(1 for lv in levels.values() if lv == "county") > 2900
    for code, parent in parents.items():
        if parent is not None:
            assert code.startswith(parent[: LEVEL_PREFIX[levels[parent]]]), (code, parent)


def test_bigrams_of_a_name() -> None:
    assert bigrams("海曙区海曙") == ["海曙", "曙区", "区海"]
    assert bigrams("Ab") == ["ab"]
    assert bigrams("海") == []


async def test_postgresql_serves_two_character_search_from_the_gin_index(system: System) -> None:
    if system.backend != "postgresql":
        return  # SQLite answers with LIKE; correctness is covered by the API tests
    tag = suffix()
    await create(
        system.gateway,
        "/v1/organizations",
        org_payload(name=f"海曙{tag}"),
        await system.admin_headers(),
    )
    stmt = sa.select(Organization.id).where(
        name_matches(Organization.name, Organization.name_bigrams, "海曙", "postgresql")
    )
    engine = system.apps["registry"].state.database.engine
    async with engine.connect() as conn:
        await conn.execute(sa.text("SET LOCAL enable_seqscan = off"))
        compiled = stmt.compile(engine.sync_engine, compile_kwargs={"literal_binds": True})
        plan = (await conn.execute(sa.text(f"EXPLAIN {compiled}"))).scalars().all()
        found = (await conn.execute(stmt)).scalars().all()
    assert "ix_organizations_name_bigrams" in "\n".join(plan)
    assert len(found) >= 1
