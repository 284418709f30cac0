"""Settings of the matching service (environment variables only)."""

from __future__ import annotations

from dataclasses import fields
from typing import ClassVar

from pydantic import Field, field_validator

from services.common.settings import ServiceSettings
from services.matching.domain.scoring import Weights

_PARTS = frozenset(f.name for f in fields(Weights))


class MatchingSettings(ServiceSettings):
    """``WUSHE_*`` variables the matching service reads."""

    service_name: ClassVar[str] = "matching"

    matching_database_url: str | None = Field(
        default=None,
        description="postgresql+asyncpg://... or sqlite+aiosqlite:///...; default var/matching.db",
    )
    score_weights: dict[str, int] = Field(
        default_factory=dict,
        description=(
            "WUSHE_SCORE_WEIGHTS: points per score part, JSON, overriding the defaults of "
            'services.matching.domain.scoring.Weights, e.g. {"pairing": 200}'
        ),
    )
    follow_registry: bool = Field(
        default=True,
        description="keep the Registry's read model by following its feed (off only in tests)",
    )
    follower_wait_seconds: float = Field(default=25.0, gt=0, le=30)

    @field_validator("score_weights")
    @classmethod
    def _known_parts(cls, value: dict[str, int]) -> dict[str, int]:
        unknown = sorted(set(value) - _PARTS)
        if unknown:
            raise ValueError(f"unknown score parts {unknown}; known: {sorted(_PARTS)}")
        if any(points < 0 or points > 10_000 for points in value.values()):
            raise ValueError("score weights are points from 0 to 10000")
        return value

    def weights(self) -> Weights:
        """The score weights in force."""
        return Weights(**self.score_weights)
