"""The Registry's events: every write says what changed, in the same transaction.

Types are ``<resource>.<verb>``: ``community.created``, ``organization.status_changed``... The
data is the resource as the API shows it after the change: in full for readers with
``pii:read``, masked (phones, certificates, people's names) for everyone else.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.access import Scope
from services.common.events import emit
from services.common.identity import ALL_SCOPES, Identity

#: Who the masked copy is written for: a reader with every scope but ``pii:read``.
PUBLIC = Identity(
    sub="feed",
    kind="service",
    scopes=frozenset(ALL_SCOPES) - {Scope.PII_READ.value, Scope.ADMIN.value},
)
#: Who the full copy is written for.
FULL = Identity(sub="feed", kind="service", scopes=frozenset(ALL_SCOPES))


def _json(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json")


def changed(
    session: AsyncSession,
    kind: str,
    verb: str,
    subject_id: Any,
    full: BaseModel,
    masked: BaseModel | None = None,
    *,
    region_code: str | None = None,
) -> None:
    """Owe the event ``<kind>.<verb>`` about ``subject_id`` (written when the session commits)."""
    data = _json(full)
    emit(
        session,
        f"{kind}.{verb}",
        subject_kind=kind,
        subject_id=subject_id,
        data=data,
        masked=_json(masked) if masked is not None else data,
        region_code=region_code,
    )
