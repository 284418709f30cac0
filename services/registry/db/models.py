"""SQLAlchemy models of the registry service. Ids of other services' rows are plain UUID columns.

List-valued columns (roles, domains, tags, skills, name bigrams) are ``text[]`` with GIN indexes on
PostgreSQL and JSON arrays on SQLite (:data:`StringList`); queries on them go through
``services.registry.domain.query``, which knows both dialects.
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

#: A list of strings: ``text[]`` on PostgreSQL (GIN-indexable), a JSON array on SQLite.
StringList = sa.JSON().with_variant(postgresql.ARRAY(sa.Text()), "postgresql")


class Base(DeclarativeBase):
    """Declarative base; its metadata is what ``migrations/registry`` sees, and nothing else."""

    metadata = make_metadata()


def _uuid_pk() -> Mapped[uuid.UUID]:
    return mapped_column(sa.Uuid(), primary_key=True, default=uuid.uuid4)


def _gin(name: str, column: str) -> sa.Index:
    """A GIN index on a ``text[]`` column, created on PostgreSQL only."""
    return sa.Index(name, column, postgresql_using="gin").ddl_if(dialect="postgresql")


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


class Region(Base):
    """An administrative division (GB/T 2260, extended by 9- and 12-digit statistical codes)."""

    __tablename__ = "regions"

    code: Mapped[str] = mapped_column(sa.String(12), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    level: Mapped[str] = mapped_column(sa.String(10))
    parent_code: Mapped[str | None] = mapped_column(
        sa.String(12), sa.ForeignKey("regions.code"), index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Community(Timestamps, Base):
    """An urban community (社区) or a village (村)."""

    __tablename__ = "communities"
    __table_args__ = (sa.Index("ix_communities_created_at_id", "created_at", "id"),)

    id: Mapped[uuid.UUID] = _uuid_pk()
    name: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(16))
    region_code: Mapped[str] = mapped_column(
        sa.String(12), sa.ForeignKey("regions.code"), index=True
    )
    code: Mapped[str | None] = mapped_column(sa.String(32), unique=True)
    population: Mapped[int | None] = mapped_column(sa.Integer())
    tags: Mapped[list[str]] = mapped_column(StringList, default=list)


class Collaboration(Timestamps, Base):
    """East-west, mountain-sea or paired-assistance collaboration between two regions."""

    __tablename__ = "collaborations"
    __table_args__ = (sa.Index("ix_collaborations_created_at_id", "created_at", "id"),)

    id: Mapped[uuid.UUID] = _uuid_pk()
    kind: Mapped[str] = mapped_column(sa.String(24))
    name: Mapped[str] = mapped_column(sa.String(200))
    supporting_region_code: Mapped[str] = mapped_column(
        sa.String(12), sa.ForeignKey("regions.code"), index=True
    )
    receiving_region_code: Mapped[str] = mapped_column(
        sa.String(12), sa.ForeignKey("regions.code"), index=True
    )
    start_date: Mapped[dt.date] = mapped_column(sa.Date())
    end_date: Mapped[dt.date | None] = mapped_column(sa.Date())


class Organization(Timestamps, Base):
    """A social organization, registered (with a credit code) or filed (with a filing number)."""

    __tablename__ = "organizations"
    __table_args__ = (
        sa.Index("ix_organizations_created_at_id", "created_at", "id"),
        _gin("ix_organizations_name_bigrams", "name_bigrams"),
        _gin("ix_organizations_roles", "roles"),
        _gin("ix_organizations_domains", "domains"),
    )

    id: Mapped[uuid.UUID] = _uuid_pk()
    name: Mapped[str] = mapped_column(sa.String(200))
    #: Distinct two-character pieces of the lower-cased name: what CJK substring search seeks on.
    name_bigrams: Mapped[list[str]] = mapped_column(StringList, default=list)
    registration: Mapped[str] = mapped_column(sa.String(16))
    uscc: Mapped[str | None] = mapped_column(sa.String(18), unique=True)
    filing_no: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    legal_form: Mapped[str] = mapped_column(sa.String(24))
    roles: Mapped[list[str]] = mapped_column(StringList, default=list)
    domains: Mapped[list[str]] = mapped_column(StringList, default=list)
    region_code: Mapped[str] = mapped_column(
        sa.String(12), sa.ForeignKey("regions.code"), index=True
    )
    community_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.Uuid(), sa.ForeignKey("communities.id"), index=True
    )
    founded_on: Mapped[dt.date | None] = mapped_column(sa.Date())
    grade: Mapped[int | None] = mapped_column(sa.SmallInteger())
    grade_expires_on: Mapped[dt.date | None] = mapped_column(sa.Date())
    credit_status: Mapped[str] = mapped_column(sa.String(16), default="normal")
    rating_sum: Mapped[int] = mapped_column(sa.Integer(), default=0)
    rating_count: Mapped[int] = mapped_column(sa.Integer(), default=0)
    party_has_branch: Mapped[bool] = mapped_column(sa.Boolean(), default=False)
    party_members: Mapped[int] = mapped_column(sa.Integer(), default=0)
    staff_full_time: Mapped[int] = mapped_column(sa.Integer(), default=0)
    staff_certified_social_workers: Mapped[int] = mapped_column(sa.Integer(), default=0)
    status: Mapped[str] = mapped_column(sa.String(16), index=True)
    incubated_by: Mapped[uuid.UUID | None] = mapped_column(
        sa.Uuid(), sa.ForeignKey("organizations.id"), index=True
    )
    contact_name: Mapped[str | None] = mapped_column(sa.String(100))
    contact_phone: Mapped[str | None] = mapped_column(sa.String(32))


class Rating(Base):
    """One resident's rating of an organization; ``source_match_id`` makes feedback idempotent."""

    __tablename__ = "ratings"
    __table_args__ = (
        # One live rating per rater and organization; ratings from completed matches (feedback,
        # one per match) stand on their own. Partial on both backends.
        sa.Index(
            "uq_ratings_org_id_rated_by",
            "org_id",
            "rated_by",
            unique=True,
            postgresql_where=sa.text("source_match_id IS NULL"),
            sqlite_where=sa.text("source_match_id IS NULL"),
        ),
    )

    id: Mapped[uuid.UUID] = _uuid_pk()
    org_id: Mapped[uuid.UUID] = mapped_column(
        sa.Uuid(), sa.ForeignKey("organizations.id"), index=True
    )
    score: Mapped[int] = mapped_column(sa.SmallInteger())
    comment: Mapped[str | None] = mapped_column(sa.String(1000))
    source_match_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid(), unique=True)
    rated_by: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SocialWorker(Timestamps, Base):
    """A social worker: only what matching needs (no ID-card number, birth date or address)."""

    __tablename__ = "social_workers"
    __table_args__ = (
        sa.Index("ix_social_workers_created_at_id", "created_at", "id"),
        _gin("ix_social_workers_skills", "skills"),
    )

    id: Mapped[uuid.UUID] = _uuid_pk()
    name: Mapped[str] = mapped_column(sa.String(100))
    qualification: Mapped[str] = mapped_column(sa.String(16))
    certificate_no: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    org_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.Uuid(), sa.ForeignKey("organizations.id"), index=True
    )
    region_code: Mapped[str] = mapped_column(
        sa.String(12), sa.ForeignKey("regions.code"), index=True
    )
    skills: Mapped[list[str]] = mapped_column(StringList, default=list)
    phone: Mapped[str | None] = mapped_column(sa.String(32))


class Volunteer(Timestamps, Base):
    """A community volunteer: a name, a phone to reach them, where they serve, what they can do."""

    __tablename__ = "volunteers"
    __table_args__ = (
        sa.Index("ix_volunteers_created_at_id", "created_at", "id"),
        _gin("ix_volunteers_skills", "skills"),
    )

    id: Mapped[uuid.UUID] = _uuid_pk()
    name: Mapped[str] = mapped_column(sa.String(100))
    phone: Mapped[str | None] = mapped_column(sa.String(32))
    community_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.Uuid(), sa.ForeignKey("communities.id"), index=True
    )
    team_org_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.Uuid(), sa.ForeignKey("organizations.id"), index=True
    )
    skills: Mapped[list[str]] = mapped_column(StringList, default=list)


class Pairing(Timestamps, Base):
    """An organization paired with a community (结对帮扶) for a period; ended ones stay."""

    __tablename__ = "pairings"
    __table_args__ = (
        sa.Index("ix_pairings_created_at_id", "created_at", "id"),
        sa.Index("ix_pairings_org_id_community_id", "org_id", "community_id"),
    )

    id: Mapped[uuid.UUID] = _uuid_pk()
    org_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), sa.ForeignKey("organizations.id"))
    community_id: Mapped[uuid.UUID] = mapped_column(
        sa.Uuid(), sa.ForeignKey("communities.id"), index=True
    )
    collaboration_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.Uuid(), sa.ForeignKey("collaborations.id"), index=True
    )
    start_date: Mapped[dt.date] = mapped_column(sa.Date())
    end_date: Mapped[dt.date] = mapped_column(sa.Date())
    plan: Mapped[str] = mapped_column(sa.Text())
    status: Mapped[str] = mapped_column(sa.String(16), default="active")
    ended_on: Mapped[dt.date | None] = mapped_column(sa.Date())


#: The kernel's tables in this service's database: its change feed, outbox, idempotency keys
#: and follower checkpoints (services/common/store.py).
KERNEL = kernel_tables(Base.metadata)
