"""SQLAlchemy models of the matching service. Ids of other services' rows are plain UUID columns.

Two groups of tables:

- **The Registry's read model** (``registry_*``): the facts Matching scores on, copied from the
  Registry's change feed by a follower (``domain/readmodel.py``). Matching never writes them
  otherwise; a candidate query or a round reads them and never calls the Registry per row.
- **Matching's own data**: needs (with their referrals), offers (with ``offer_reach``, the index
  that lets one need find the offers that can reach it among hundreds of thousands), rounds.
  The match lifecycle's tables are in ``db/lifecycle.py``.

List-valued columns are ``text[]`` on PostgreSQL and JSON arrays on SQLite (:data:`StringList`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from services.common.db import UTCDateTime, make_metadata, utcnow
from services.common.store import kernel_tables

#: A list of strings: ``text[]`` on PostgreSQL, a JSON array on SQLite.
StringList = sa.JSON().with_variant(postgresql.ARRAY(sa.Text()), "postgresql")


class Base(DeclarativeBase):
    """Declarative base; its metadata is what ``migrations/matching`` sees, and nothing else."""

    metadata = make_metadata()


#: The kernel's tables in this service's database: its change feed, outbox, idempotency keys
#: and follower checkpoints (services/common/store.py).
KERNEL = kernel_tables(Base.metadata)


def _uuid_pk() -> Mapped[uuid.UUID]:
    return mapped_column(sa.Uuid(), primary_key=True, default=uuid.uuid4)


class Timestamps:
    """Creation and update times, and the version the ETag is made of (``W/"<version>"``)."""

    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(sa.Integer())

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        # The ORM bumps ``version`` on every UPDATE and checks it in the WHERE clause, so two
        # writers holding the same ETag cannot both win.
        return {"version_id_col": cls.version}


# -- the Registry's read model ------------------------------------------------------------------


class RegistryRegion(Base):
    """A region of the Registry's tree: the shipped GB/T 2260 levels (loaded by the migration)
    and the townships and villages the Registry adds (``region.created``)."""

    __tablename__ = "registry_regions"

    code: Mapped[str] = mapped_column(sa.String(12), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    level: Mapped[str] = mapped_column(sa.String(10))
    parent_code: Mapped[str | None] = mapped_column(sa.String(12), index=True)


class RegistryOrganization(Base):
    """What Matching needs of an organization: standing, fit and how to reach it."""

    __tablename__ = "registry_organizations"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    status: Mapped[str] = mapped_column(sa.String(16))
    credit_status: Mapped[str] = mapped_column(sa.String(16))
    grade: Mapped[int | None] = mapped_column(sa.SmallInteger())
    grade_expires_on: Mapped[dt.date | None] = mapped_column(sa.Date())
    rating_average: Mapped[float | None] = mapped_column(sa.Float())
    rating_count: Mapped[int] = mapped_column(sa.Integer(), default=0)
    region_code: Mapped[str] = mapped_column(sa.String(12), index=True)
    community_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid())
    domains: Mapped[list[str]] = mapped_column(StringList, default=list)
    roles: Mapped[list[str]] = mapped_column(StringList, default=list)
    contact_name: Mapped[str | None] = mapped_column(sa.String(100))
    contact_phone: Mapped[str | None] = mapped_column(sa.String(32))
    #: The feed position of the event this row was last written from.
    position: Mapped[int] = mapped_column(sa.BigInteger(), default=0)


class RegistryCommunity(Base):
    """A community or village: where needs come from."""

    __tablename__ = "registry_communities"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(16))
    region_code: Mapped[str] = mapped_column(sa.String(12), index=True)
    position: Mapped[int] = mapped_column(sa.BigInteger(), default=0)


class RegistryCollaboration(Base):
    """A collaboration between a supporting and a receiving region, with its dates."""

    __tablename__ = "registry_collaborations"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(24))
    supporting_region_code: Mapped[str] = mapped_column(sa.String(12), index=True)
    receiving_region_code: Mapped[str] = mapped_column(sa.String(12), index=True)
    start_date: Mapped[dt.date] = mapped_column(sa.Date())
    end_date: Mapped[dt.date | None] = mapped_column(sa.Date())
    position: Mapped[int] = mapped_column(sa.BigInteger(), default=0)


class RegistryPairing(Base):
    """An organization paired with a community for a period."""

    __tablename__ = "registry_pairings"
    __table_args__ = (
        sa.Index("ix_registry_pairings_org_id_community_id", "org_id", "community_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), primary_key=True)
    org_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid())
    community_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), index=True)
    start_date: Mapped[dt.date] = mapped_column(sa.Date())
    end_date: Mapped[dt.date] = mapped_column(sa.Date())
    status: Mapped[str] = mapped_column(sa.String(16))
    position: Mapped[int] = mapped_column(sa.BigInteger(), default=0)


class RegistryVolunteer(Base):
    """A volunteer: the community and team they serve with, and how to reach them."""

    __tablename__ = "registry_volunteers"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    phone: Mapped[str | None] = mapped_column(sa.String(32))
    community_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid(), index=True)
    team_org_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid(), index=True)
    position: Mapped[int] = mapped_column(sa.BigInteger(), default=0)


# -- needs ---------------------------------------------------------------------------------------


class Need(Timestamps, Base):
    """A need posted by (or for) a community, triaged at intake (三事分流)."""

    __tablename__ = "needs"
    __table_args__ = (
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
        sa.CheckConstraint("window_end >= window_start", name="window_ordered"),
        sa.Index("ix_needs_created_at_id", "created_at", "id"),
        sa.Index("ix_needs_status_region_code", "status", "region_code"),
    )

    id: Mapped[uuid.UUID] = _uuid_pk()
    community_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), index=True)
    #: The community's region when the need was posted (needs stay where they were found).
    region_code: Mapped[str] = mapped_column(sa.String(12))
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str | None] = mapped_column(sa.Text())
    triage: Mapped[str] = mapped_column(sa.String(8))
    domain: Mapped[str] = mapped_column(sa.String(64))
    resource_kind: Mapped[str] = mapped_column(sa.String(16))
    quantity: Mapped[int] = mapped_column(sa.Integer())
    beneficiary_count: Mapped[int] = mapped_column(sa.Integer(), default=0)
    beneficiary_groups: Mapped[list[str]] = mapped_column(StringList, default=list)
    window_start: Mapped[dt.date] = mapped_column(sa.Date())
    window_end: Mapped[dt.date] = mapped_column(sa.Date())
    urgency: Mapped[str] = mapped_column(sa.String(8))
    status: Mapped[str] = mapped_column(sa.String(12))
    #: For a ``private`` need: what the residents were advised to do instead.
    advice: Mapped[str | None] = mapped_column(sa.Text())
    created_by: Mapped[str] = mapped_column(sa.String(200))


class Referral(Base):
    """A ``major`` need handed to a government department (one per need)."""

    __tablename__ = "referrals"
    __table_args__ = (sa.Index("ix_referrals_created_at_id", "created_at", "id"),)

    id: Mapped[uuid.UUID] = _uuid_pk()
    need_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), sa.ForeignKey("needs.id"), unique=True)
    department: Mapped[str] = mapped_column(sa.String(200))
    reason: Mapped[str | None] = mapped_column(sa.Text())
    region_code: Mapped[str] = mapped_column(sa.String(12), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


# -- offers --------------------------------------------------------------------------------------


class Offer(Timestamps, Base):
    """Capacity offered by an organization, a volunteer or a donor."""

    __tablename__ = "offers"
    __table_args__ = (
        sa.CheckConstraint("capacity > 0", name="capacity_positive"),
        sa.CheckConstraint("remaining >= 0 AND remaining <= capacity", name="remaining_in_range"),
        sa.CheckConstraint("window_end >= window_start", name="window_ordered"),
        sa.Index("ix_offers_created_at_id", "created_at", "id"),
        sa.Index("ix_offers_provider_kind_provider_id", "provider_kind", "provider_id"),
        sa.Index("ix_offers_status_resource_kind", "status", "resource_kind"),
    )

    id: Mapped[uuid.UUID] = _uuid_pk()
    provider_kind: Mapped[str] = mapped_column(sa.String(16))
    provider_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid())
    #: Where the provider is (an organization's region, a volunteer's community's region);
    #: what a collaboration's supporting side is matched on. Null for donors.
    provider_region_code: Mapped[str | None] = mapped_column(sa.String(12))
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str | None] = mapped_column(sa.Text())
    domains: Mapped[list[str]] = mapped_column(StringList, default=list)
    resource_kind: Mapped[str] = mapped_column(sa.String(16))
    capacity: Mapped[int] = mapped_column(sa.Integer())
    remaining: Mapped[int] = mapped_column(sa.Integer())
    service_region_codes: Mapped[list[str]] = mapped_column(StringList, default=list)
    window_start: Mapped[dt.date] = mapped_column(sa.Date())
    window_end: Mapped[dt.date] = mapped_column(sa.Date())
    status: Mapped[str] = mapped_column(sa.String(12))
    fund_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid())
    created_by: Mapped[str] = mapped_column(sa.String(200))


class OfferReach(Base):
    """Where an offer can serve, one row per (domain, service region): the candidate index.

    A need looks up ``(resource_kind, domain, region_code IN its region path)``: a region serves
    all its descendants, so the need's own region and each ancestor are the only codes that can
    reach it. The collaboration path looks up ``(resource_kind, domain, provider_region_code)``
    by the supporting region's prefix. Rows exist while the offer is not withdrawn.
    """

    __tablename__ = "offer_reach"
    __table_args__ = (
        sa.Index("ix_offer_reach_kind_domain_region", "resource_kind", "domain", "region_code"),
        sa.Index(
            "ix_offer_reach_kind_domain_provider",
            "resource_kind",
            "domain",
            "provider_region_code",
        ),
        sa.Index("ix_offer_reach_offer_id", "offer_id"),
    )

    offer_id: Mapped[uuid.UUID] = mapped_column(
        sa.Uuid(), sa.ForeignKey("offers.id"), primary_key=True
    )
    domain: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    region_code: Mapped[str] = mapped_column(sa.String(12), primary_key=True)
    resource_kind: Mapped[str] = mapped_column(sa.String(16))
    provider_region_code: Mapped[str | None] = mapped_column(sa.String(12))


# -- rounds --------------------------------------------------------------------------------------


class Round(Base):
    """One allocation round: its scope, what it considered and what it proposed."""

    __tablename__ = "rounds"
    __table_args__ = (sa.Index("ix_rounds_created_at_id", "created_at", "id"),)

    id: Mapped[uuid.UUID] = _uuid_pk()
    region_code: Mapped[str | None] = mapped_column(sa.String(12))
    domains: Mapped[list[str]] = mapped_column(StringList, default=list)
    dry_run: Mapped[bool] = mapped_column(sa.Boolean())
    needs_considered: Mapped[int] = mapped_column(sa.Integer())
    offers_considered: Mapped[int] = mapped_column(sa.Integer())
    edges: Mapped[int] = mapped_column(sa.Integer())
    matches_proposed: Mapped[int] = mapped_column(sa.Integer())
    objective: Mapped[int] = mapped_column(sa.BigInteger())
    optimal: Mapped[bool] = mapped_column(sa.Boolean())
    solve_ms: Mapped[float] = mapped_column(sa.Float())
    total_ms: Mapped[float] = mapped_column(sa.Float())
    created_by: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


# The match lifecycle's tables live in their own module; importing it here puts them in
# Base.metadata for the app, the migrations and ``alembic check``.
from services.matching.db import lifecycle as _lifecycle  # noqa: E402, F401
