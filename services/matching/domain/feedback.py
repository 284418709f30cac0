"""Feedback on a match: one per side (a unique constraint), and the provider's rating.

The need side's feedback on an organization's offer is the community's rating of that
organization: it is owed to the Registry through the outbox (``POST /v1/organizations/{id}/
ratings`` with ``source_match_id``; the Registry keeps one rating per match), so a Registry that
is down delays the rating and never doubles it. The offer side's feedback stays in Matching.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.access import Role
from services.common.errors import Conflict, Forbidden, ValidationFailed
from services.common.events import emit
from services.common.identity import Identity
from services.common.outbox import send
from services.matching.db.lifecycle import Feedback
from services.matching.db.models import KERNEL
from services.matching.domain.errors import MatchingCode
from services.matching.domain.matches import (
    MatchService,
    ensure_acts_for_side,
    ensure_may_see,
    state_conflict,
    who,
)
from services.matching.schemas_lifecycle import FeedbackCreate, FeedbackRead

#: Match statuses that take feedback: service has begun.
RATEABLE = ("in_service", "completed")
#: The side a bound admin speaks for.
BOUND_SIDE = {Role.COMMUNITY_ADMIN.value: "need", Role.ORG_ADMIN.value: "offer"}


def feedback_read(row: Feedback) -> FeedbackRead:
    """The public shape of feedback."""
    return FeedbackRead(
        id=row.id,
        match_id=row.match_id,
        side=row.side,
        score=row.score,
        comment=row.comment,
        created_by=row.created_by,
        created_at=row.created_at,
        rating_sent=row.rating_sent,
    )


def side_of(caller: Identity, asked: str | None) -> str:
    """The side the caller gives feedback for: its binding's, or the one it names."""
    bound = BOUND_SIDE.get(caller.role or "")
    if bound is not None:
        if asked is not None and asked != bound:
            raise Forbidden(f"该角色只能代表 {bound} 一方评价", code=MatchingCode.SIDE_NOT_ALLOWED)
        return bound
    if asked is None:
        raise ValidationFailed(
            "请指明评价方 side（need 或 offer）",
            code=MatchingCode.SIDE_REQUIRED,
            errors=[{"field": "side", "message": "required for this caller"}],
        )
    return asked


class FeedbackService:
    """The rules of feedback."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(
        self, match_id: uuid.UUID, data: FeedbackCreate, caller: Identity
    ) -> FeedbackRead:
        """Store one side's feedback; the need side's on an organization becomes its rating."""
        loaded = await MatchService(self.session)._load(match_id)
        match, need, offer = loaded.match, loaded.need, loaded.offer
        side = side_of(caller, data.side)
        ensure_acts_for_side(caller, side, need, offer)
        if match.status not in RATEABLE:
            raise state_conflict(match, "评价", "对接开始服务后才能评价")
        existing = await self.session.scalar(
            select(Feedback.id).where(Feedback.match_id == match.id, Feedback.side == side)
        )
        if existing is not None:
            # The match row lock orders two writers of one match; the unique constraint
            # (uq_feedback_match_id_side, answered with the same code) is the rule itself.
            raise Conflict("这一方已对该对接作出评价", code=MatchingCode.FEEDBACK_EXISTS)
        rating = side == "need" and offer.provider_kind == "organization"
        row = Feedback(
            id=uuid.uuid4(),
            match_id=match.id,
            side=side,
            score=data.score,
            comment=data.comment,
            rating_sent=rating,
            created_by=who(caller),
        )
        self.session.add(row)
        await self.session.flush()
        if rating:
            await send(
                self.session,
                KERNEL,
                target="registry",
                method="POST",
                path=f"/v1/organizations/{offer.provider_id}/ratings",
                body={
                    "score": data.score,
                    "comment": data.comment,
                    "source_match_id": str(match.id),
                },
                ordering_key=f"organization:{offer.provider_id}",
            )
        read = feedback_read(row)
        emit(
            self.session,
            "feedback.created",
            subject_kind="feedback",
            subject_id=row.id,
            data=read.model_dump(mode="json"),
            region_code=need.region_code,
        )
        return read

    async def list(self, match_id: uuid.UUID, caller: Identity) -> list[FeedbackRead]:
        """A match's feedback (at most one per side)."""
        service = MatchService(self.session)
        match = await service.get(match_id)
        need, offer = await service.sides(match)
        ensure_may_see(caller, need, offer)
        rows = await self.session.scalars(
            select(Feedback).where(Feedback.match_id == match_id).order_by(Feedback.side)
        )
        return [feedback_read(r) for r in rows]
