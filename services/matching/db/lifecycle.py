"""Tables of the match lifecycle: matches, service records, feedback (in ``Base.metadata``).

A round (M-core) inserts ``matches`` rows in status ``proposed``; every transition after that is
the lifecycle's (``services/matching/domain/matches.py``). ``accepted`` means *both* sides have
accepted and the offer's capacity is reserved: one side's acceptance alone is only its timestamp.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from services.common.db import UTCDateTime, utcnow
from services.matching.db.models import Base

__all__ = ["Base", "Feedback", "Match", "ServiceRecord", "ServiceRecordVolunteer"]

#: Statuses whose quantity is reserved from the offer's remaining capacity.
RESERVED = ("accepted", "in_service")


class Match(Base):
    """One proposed pairing of a need with an offer, for a quantity, and its lifecycle."""

    __tablename__ = "matches"
    __table_args__ = (
        sa.Index("ix_matches_created_at_id", "created_at", "id"),
        sa.Index("ix_matches_need_id_status", "need_id", "status"),
        sa.Index("ix_matches_offer_id_status", "offer_id", "status"),
        sa.Index("ix_matches_round_id", "round_id"),
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
        sa.CheckConstraint(
            "status IN ('proposed', 'accepted', 'in_service', 'completed', 'declined', "
            "'cancelled')",
            name="status_known",
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), primary_key=True, default=uuid.uuid4)
    need_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), sa.ForeignKey("needs.id"))
    offer_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), sa.ForeignKey("offers.id"))
    quantity: Mapped[int] = mapped_column(sa.Integer())
    #: proposed | accepted | in_service | completed | declined | cancelled
    status: Mapped[str] = mapped_column(sa.String(16), default="proposed")
    round_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid())
    score: Mapped[int] = mapped_column(sa.Integer(), default=0)
    #: The score's parts and reasons: ``{"parts": {...}, "reasons": {...}}``.
    reasons: Mapped[dict[str, Any]] = mapped_column(sa.JSON(), default=dict)
    need_accepted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    need_accepted_by: Mapped[str | None] = mapped_column(sa.String(160))
    offer_accepted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    offer_accepted_by: Mapped[str | None] = mapped_column(sa.String(160))
    started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    completed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    #: When and by whom it was declined or cancelled, and why.
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    closed_by: Mapped[str | None] = mapped_column(sa.String(160))
    #: need | offer: the side that declined (``None`` for a cancellation by an officer).
    closed_side: Mapped[str | None] = mapped_column(sa.String(8))
    reason: Mapped[str | None] = mapped_column(sa.String(500))
    #: The Funds grant a funds match became when it started (learnt after delivery).
    grant_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid())
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    version: Mapped[int] = mapped_column(sa.Integer(), default=1)


class ServiceRecord(Base):
    """A volunteer-service record (志愿服务记录): date, place, content, minutes, who recorded it.

    Its volunteers' minutes are owed to the Funds time bank through the outbox, in the same
    transaction (source ``service_record:<id>:<volunteer_id>``, idempotent in Funds).
    """

    __tablename__ = "service_records"
    __table_args__ = (
        sa.Index("ix_service_records_match_id_created_at", "match_id", "created_at"),
        sa.Index("ix_service_records_served_on", "served_on"),
        sa.CheckConstraint("minutes > 0", name="minutes_positive"),
        sa.CheckConstraint("beneficiaries_served >= 0", name="beneficiaries_not_negative"),
    )

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), primary_key=True, default=uuid.uuid4)
    match_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), sa.ForeignKey("matches.id"))
    served_on: Mapped[dt.date] = mapped_column(sa.Date())
    minutes: Mapped[int] = mapped_column(sa.Integer())
    beneficiaries_served: Mapped[int] = mapped_column(sa.Integer())
    place: Mapped[str] = mapped_column(sa.String(200))
    content: Mapped[str] = mapped_column(sa.String(500))
    note: Mapped[str | None] = mapped_column(sa.String(1000))
    #: The Funds time bank the volunteers' minutes were sent to.
    time_bank_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid())
    recorded_by: Mapped[str] = mapped_column(sa.String(160))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ServiceRecordVolunteer(Base):
    """One volunteer's minutes in a service record (one line per volunteer and record)."""

    __tablename__ = "service_record_volunteers"
    __table_args__ = (
        sa.Index("ix_service_record_volunteers_volunteer_id", "volunteer_id"),
        sa.CheckConstraint("minutes > 0", name="minutes_positive"),
    )

    record_id: Mapped[uuid.UUID] = mapped_column(
        sa.Uuid(), sa.ForeignKey("service_records.id"), primary_key=True
    )
    volunteer_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), primary_key=True)
    minutes: Mapped[int] = mapped_column(sa.Integer())


class Feedback(Base):
    """One side's feedback on a match: one per match and side (a database constraint)."""

    __tablename__ = "feedback"
    __table_args__ = (
        sa.UniqueConstraint("match_id", "side", name="uq_feedback_match_id_side"),
        sa.CheckConstraint("score BETWEEN 1 AND 5", name="score_range"),
    )

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), primary_key=True, default=uuid.uuid4)
    match_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), sa.ForeignKey("matches.id"))
    #: need | offer
    side: Mapped[str] = mapped_column(sa.String(8))
    score: Mapped[int] = mapped_column(sa.Integer())
    comment: Mapped[str | None] = mapped_column(sa.String(1000))
    #: Whether it was sent to the Registry as the provider organization's rating.
    rating_sent: Mapped[bool] = mapped_column(sa.Boolean(), default=False)
    created_by: Mapped[str] = mapped_column(sa.String(160))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
