"""baseline

Revision ID: matching_0001
Revises:
Create Date: 2026-11-22 05:32:52.045229
"""

from collections.abc import Sequence

revision: str = "matching_0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
