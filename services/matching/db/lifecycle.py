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
