"""What the Registry takes in batches from other services' outboxes (``services.common.inbox``).

Matching's feedback owes the Registry ``POST /v1/organizations/{org_id}/ratings`` (with the
match as ``source_match_id``) through its outbox; registered here, those messages arrive many
to a request and are applied in one transaction. The handler is the route's own work: the same
body model, the same :meth:`OrganizationService.rate` (authorization, one rating per match, the
aggregate, the ``organization.rated`` event), so a rating cannot mean one thing one way and
another the other. The inbox makes each message id take effect once; ``source_match_id`` makes
each match's rating count once whichever way it came.
"""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from services.common.errors import KernelCode, ValidationFailed
from services.common.inbox import Inbox, InboxMessage
from services.registry.domain.organization import OrganizationService
from services.registry.domain.repositories.organization import OrganizationRepository
from services.registry.schemas import RatingCreate

RATINGS = "/v1/organizations/{org_id}/ratings"


def _org_id(message: InboxMessage) -> uuid.UUID:
    """The path's organization id, refused as the route's path validation would refuse it."""
    try:
        return uuid.UUID(message.params["org_id"])
    except ValueError as exc:
        raise ValidationFailed(
            "路径参数 org_id 不是有效的 UUID",
            code=KernelCode.VALIDATION_FAILED,
            errors=[{"field": "org_id", "message": "a UUID"}],
        ) from exc


async def apply_rating(session: AsyncSession, message: InboxMessage) -> None:
    """``POST /v1/organizations/{org_id}/ratings``, one message of a batch."""
    org_id = _org_id(message)
    data = RatingCreate.model_validate(message.body)  # a ValidationError is the route's 422
    await OrganizationService(OrganizationRepository(session)).rate(org_id, data, message.caller)


def register(inbox: Inbox) -> None:
    """Register the Registry's batch handlers."""
    inbox.register("POST", RATINGS, apply_rating)
