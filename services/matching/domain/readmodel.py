"""Matching's read model of the Registry: organizations, communities, regions, collaborations,
pairings and volunteers, kept by a follower of ``/v1/events/registry``.

- **Apply.** Every Registry event carries the resource as the API shows it after the change
  (``services/registry/domain/feed.py``); :func:`apply_event` upserts that representation, so
  applying an event twice (after a resync) is harmless. Events of resources Matching does not
  keep (social workers) are skipped. The follower applies a page and moves its checkpoint in one
  transaction; the page's upserts are owed to the session and written just before it commits,
  a few multi-row statements per page (a round trip per event made a burst of 10,000 changes
  take minutes on a loaded machine).
- **Regions.** The Registry's migration loads the shipped GB/T 2260 provinces, cities and counties
  without events, so Matching's migration loads the same shipped file; townships and villages
  arrive as ``region.created``. A region's path (itself, then each ancestor) is read from
  ``parent_code`` (a township may hang under a city, so codes alone do not say) and cached per
  database: regions are never changed or removed, only added.
- **Resync.** Behind the feed's retention (410), :func:`resync` rebuilds the model from the
  Registry's lists, in the follower's transaction.

Other modules (matches, stats) read through the functions at the bottom, never the tables.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event as sa_event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from services.common.clock import china_today
from services.common.http import ServiceClient
from services.matching.db.models import (
    RegistryCollaboration,
    RegistryCommunity,
    RegistryOrganization,
    RegistryPairing,
    RegistryRegion,
    RegistryVolunteer,
)

log = logging.getLogger("wushe.matching.readmodel")

#: The follower's checkpoint name.
FOLLOWER_NAME = "matching-registry"

#: Digits a region's descendants share with it, by level (the Registry's rule).
LEVEL_PREFIX = {"province": 2, "city": 4, "county": 6, "township": 9, "village": 12}


def _uuid(value: Any) -> uuid.UUID | None:
    return uuid.UUID(str(value)) if value else None


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


# -- writing: one upsert per representation ------------------------------------------------------


def _upsert_statement(dialect: str, model: Any, rows: Sequence[Mapping[str, Any]]) -> Any:
    """``INSERT ... ON CONFLICT (key) DO UPDATE`` of every column, for ``rows``."""
    table = model.__table__
    keys = [c.name for c in table.primary_key.columns]
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(table).values(list(rows))
    columns = [name for name in rows[0] if name not in keys]
    return stmt.on_conflict_do_update(
        index_elements=keys, set_={name: stmt.excluded[name] for name in columns}
    )


async def _upsert(session: AsyncSession, model: Any, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` into ``model``'s table, replacing every column of rows already there."""
    dialect = session.get_bind().dialect.name
    for start in range(0, len(rows), _CHUNK):
        await session.execute(_upsert_statement(dialect, model, rows[start : start + _CHUNK]))


#: Rows per multi-row upsert (well under both backends' limits on bound parameters).
_CHUNK = 500
#: Where a session keeps the rows its page of events owes the read model.
_BUFFER = "wushe_readmodel_rows"


def _owe(session: AsyncSession, model: Any, key: Any, row: dict[str, Any]) -> None:
    """Owe an upsert, written just before the session commits: a page of events is a few
    multi-row statements instead of a round trip per event (the last change of a row wins)."""
    sync = session.sync_session
    owed = sync.info.get(_BUFFER)
    if owed is None:
        owed = sync.info[_BUFFER] = {}
        if not sa_event.contains(sync, "before_commit", _write_owed):
            sa_event.listen(sync, "before_commit", _write_owed)
            sa_event.listen(sync, "after_rollback", _forget_owed)
    owed.setdefault(model, {})[key] = row


def _write_owed(sync: Session) -> None:
    owed: dict[Any, dict[Any, dict[str, Any]]] | None = sync.info.pop(_BUFFER, None)
    if not owed:
        return
    dialect = sync.get_bind().dialect.name
    for model, by_key in owed.items():
        rows = list(by_key.values())
        for start in range(0, len(rows), _CHUNK):
            sync.execute(_upsert_statement(dialect, model, rows[start : start + _CHUNK]))


def _forget_owed(sync: Session) -> None:
    sync.info.pop(_BUFFER, None)


def organization_row(data: Mapping[str, Any], position: int = 0) -> dict[str, Any]:
    """The read model's columns from an ``OrganizationRead``."""
    rating = data.get("rating") or {}
    contact = data.get("contact") or {}
    return {
        "id": _uuid(data["id"]),
        "name": data["name"],
        "status": data["status"],
        "credit_status": data["credit_status"],
        "grade": data.get("grade"),
        "grade_expires_on": _date(data.get("grade_expires_on")),
        "rating_average": rating.get("average"),
        "rating_count": int(rating.get("count") or 0),
        "region_code": data["region_code"],
        "community_id": _uuid(data.get("community_id")),
        "domains": list(data.get("domains") or []),
        "roles": list(data.get("roles") or []),
        "contact_name": contact.get("name"),
        "contact_phone": contact.get("phone"),
        "position": position,
    }


def community_row(data: Mapping[str, Any], position: int = 0) -> dict[str, Any]:
    """The read model's columns from a ``CommunityRead``."""
    return {
        "id": _uuid(data["id"]),
        "name": data["name"],
        "kind": data["kind"],
        "region_code": data["region_code"],
        "position": position,
    }


def collaboration_row(data: Mapping[str, Any], position: int = 0) -> dict[str, Any]:
    """The read model's columns from a ``CollaborationRead``."""
    return {
        "id": _uuid(data["id"]),
        "kind": data["kind"],
        "supporting_region_code": data["supporting_region_code"],
        "receiving_region_code": data["receiving_region_code"],
        "start_date": _date(data["start_date"]),
        "end_date": _date(data.get("end_date")),
        "position": position,
    }


def pairing_row(data: Mapping[str, Any], position: int = 0) -> dict[str, Any]:
    """The read model's columns from a ``PairingRead``."""
    return {
        "id": _uuid(data["id"]),
        "org_id": _uuid(data["org_id"]),
        "community_id": _uuid(data["community_id"]),
        "start_date": _date(data["start_date"]),
        "end_date": _date(data["end_date"]),
        "status": data["status"],
        "position": position,
    }


def volunteer_row(data: Mapping[str, Any], position: int = 0) -> dict[str, Any]:
    """The read model's columns from a ``VolunteerRead`` (the full copy: Matching shows the
    phone to the other side of an accepted match)."""
    return {
        "id": _uuid(data["id"]),
        "name": data["name"],
        "phone": data.get("phone"),
        "community_id": _uuid(data.get("community_id")),
        "team_org_id": _uuid(data.get("team_org_id")),
        "position": position,
    }


def region_row(data: Mapping[str, Any]) -> dict[str, Any]:
    """The read model's columns from a ``RegionRead``."""
    return {
        "code": data["code"],
        "name": data["name"],
        "level": data["level"],
        "parent_code": data.get("parent_code"),
    }


_KINDS: dict[str, tuple[Any, Any]] = {
    "organization": (RegistryOrganization, organization_row),
    "community": (RegistryCommunity, community_row),
    "collaboration": (RegistryCollaboration, collaboration_row),
    "pairing": (RegistryPairing, pairing_row),
    "volunteer": (RegistryVolunteer, volunteer_row),
}


async def apply_event(session: AsyncSession, event: Mapping[str, Any]) -> None:
    """Apply one Registry event (the follower's ``apply``): upsert what it carries."""
    kind = str(event.get("type", "")).split(".", 1)[0]
    data = event.get("data") or {}
    if kind == "region":
        row = region_row(data)
        _owe(session, RegistryRegion, row["code"], row)
        return
    if kind not in _KINDS:
        return  # social workers and anything newer: not Matching's business
    model, make = _KINDS[kind]
    row = make(data, int(event.get("position") or 0))
    _owe(session, model, row["id"], row)


async def _each_page(
    client: ServiceClient, path: str, params: Mapping[str, Any] | None = None
) -> Any:
    cursor: str | None = None
    while True:
        query = {**(params or {}), "limit": 200, **({"cursor": cursor} if cursor else {})}
        page = await client.request("GET", path, params=query)
        yield page["items"]
        cursor = page.get("next_cursor")
        if not cursor:
            return


async def resync(session: AsyncSession, client: ServiceClient) -> None:
    """Rebuild the read model from the Registry's lists (upserts; nothing the Registry lists
    is ever deleted there, so nothing is deleted here)."""
    for level in ("township", "village"):
        async for items in _each_page(client, "/v1/regions", {"level": level}):
            await _upsert(session, RegistryRegion, [region_row(i) for i in items])
    lists = {
        "organization": "/v1/organizations",
        "community": "/v1/communities",
        "collaboration": "/v1/collaborations",
        "pairing": "/v1/pairings",
        "volunteer": "/v1/volunteers",
    }
    for kind, path in lists.items():
        model, row = _KINDS[kind]
        async for items in _each_page(client, path):
            await _upsert(session, model, [row(i) for i in items])
    log.warning("read model of the Registry rebuilt from its lists")


# -- reading: what Matching's other modules use --------------------------------------------------

_PATHS: dict[tuple[str, str], tuple[str, ...]] = {}


def _cache_key(session: AsyncSession, code: str) -> tuple[str, str]:
    return (str(session.get_bind().engine.url), code)


async def region(session: AsyncSession, code: str) -> RegistryRegion | None:
    """The region with ``code``, or ``None``."""
    return await session.get(RegistryRegion, code)


async def region_path(session: AsyncSession, code: str) -> tuple[str, ...] | None:
    """``code`` first, then each ancestor up to the province; ``None`` for an unknown code."""
    return (await region_paths(session, [code])).get(code)


async def region_paths(session: AsyncSession, codes: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """:func:`region_path` of many codes (unknown codes left out): one query per level of the
    tree for every code not cached yet, never one per code."""
    found: dict[str, tuple[str, ...]] = {}
    missing: set[str] = set()
    for code in set(codes):
        cached = _PATHS.get(_cache_key(session, code))
        if cached is not None:
            found[code] = cached
        else:
            missing.add(code)
    if not missing:
        return found
    parents: dict[str, str | None] = {}
    frontier = set(missing)
    for _ in range(8):  # village → township → county → city → province, and some slack
        frontier -= parents.keys()
        if not frontier:
            break
        rows = await session.execute(
            sa.select(RegistryRegion.code, RegistryRegion.parent_code).where(
                RegistryRegion.code.in_(sorted(frontier))
            )
        )
        level = {r.code: r.parent_code for r in rows.all()}
        parents.update(level)
        frontier = {p for p in level.values() if p is not None}
    for code in missing:
        if code not in parents:
            continue  # unknown
        path = [code]
        complete = True
        while (parent := parents.get(path[-1])) is not None and len(path) < 8:
            if parent not in parents:
                complete = False  # a parent the model has not heard of yet: not cached
                break
            path.append(parent)
        found[code] = tuple(path)
        if complete:
            _PATHS[_cache_key(session, code)] = found[code]
    return found


def prefix_of(code: str, level: str) -> str:
    """The part of ``code`` every descendant's code starts with."""
    return code[: LEVEL_PREFIX.get(level, len(code))]


async def subtree_prefix(session: AsyncSession, code: str) -> str | None:
    """The code prefix of ``code``'s subtree (the region and its descendants); ``None`` if the
    region is unknown."""
    found = await region(session, code)
    return None if found is None else prefix_of(found.code, found.level)


def in_subtree(column: Any, prefix: str) -> sa.ColumnElement[bool]:
    """``column`` holds a region code in the subtree with ``prefix`` (a B-tree range)."""
    return sa.and_(column >= prefix, column <= prefix.ljust(12, "9"))


async def region_descendant_codes(session: AsyncSession, code: str) -> list[str]:
    """Every known region code in ``code``'s subtree, ``code`` included."""
    prefix = await subtree_prefix(session, code)
    if prefix is None:
        return []
    rows = await session.scalars(
        sa.select(RegistryRegion.code).where(in_subtree(RegistryRegion.code, prefix))
    )
    return list(rows)


async def organization(session: AsyncSession, org_id: uuid.UUID) -> RegistryOrganization | None:
    """The organization as Matching last heard of it, or ``None``."""
    return await session.get(RegistryOrganization, org_id)


async def community(session: AsyncSession, community_id: uuid.UUID) -> RegistryCommunity | None:
    """The community or village, or ``None``."""
    return await session.get(RegistryCommunity, community_id)


async def volunteer(session: AsyncSession, volunteer_id: uuid.UUID) -> RegistryVolunteer | None:
    """The volunteer, or ``None``."""
    return await session.get(RegistryVolunteer, volunteer_id)


def effective_grade(org: RegistryOrganization, today: dt.date | None = None) -> int | None:
    """The organization's grade, ``None`` once it has expired."""
    today = today or china_today()
    if org.grade is None or (org.grade_expires_on is not None and org.grade_expires_on < today):
        return None
    return org.grade


def may_provide(org: RegistryOrganization | None) -> bool:
    """An organization may offer (and be offered) only while active and not dishonest."""
    return org is not None and org.status == "active" and org.credit_status != "dishonest"


async def collaborations_in_force(
    session: AsyncSession, on: dt.date, receiving: Iterable[str] | None = None
) -> frozenset[tuple[str, str]]:
    """``(supporting_region_code, receiving_region_code)`` of collaborations in force on ``on``,
    only those received by one of ``receiving`` when given."""
    c = RegistryCollaboration
    stmt = sa.select(c.supporting_region_code, c.receiving_region_code).where(
        c.start_date <= on, sa.or_(c.end_date.is_(None), c.end_date >= on)
    )
    if receiving is not None:
        stmt = stmt.where(c.receiving_region_code.in_(list(set(receiving))))
    return frozenset((s, r) for s, r in (await session.execute(stmt)).all())


async def pairings_in_force(
    session: AsyncSession,
    on: dt.date,
    *,
    community_ids: Iterable[uuid.UUID] | None = None,
) -> frozenset[tuple[str, str]]:
    """``(org_id, community_id)`` of active pairings in force on ``on`` (as strings)."""
    p = RegistryPairing
    stmt = sa.select(p.org_id, p.community_id).where(
        p.status == "active", p.start_date <= on, p.end_date >= on
    )
    if community_ids is not None:
        ids = list(set(community_ids))
        if not ids:
            return frozenset()
        stmt = stmt.where(p.community_id.in_(ids))
    return frozenset((str(o), str(c)) for o, c in (await session.execute(stmt)).all())
