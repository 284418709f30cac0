"""one live rating per rater and organization

A rater's second rating of an organization replaces the first; ratings tied to a completed match
(``source_match_id``) stand on their own. Earlier duplicates are folded first: the latest rating
of each rater stays, and every organization's aggregate is recomputed from what remains.

Revision ID: registry_0003
Revises: registry_0002
Create Date: 2026-11-22 20:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "registry_0003"
down_revision: str | None = "registry_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE = "source_match_id IS NULL"


def upgrade() -> None:
    op.execute(
        f"""
        DELETE FROM ratings WHERE id IN (
            SELECT id FROM (
                SELECT id, ROW_NUMBER() OVER (
                    PARTITION BY org_id, rated_by ORDER BY created_at DESC, id DESC
                ) AS newest
                FROM ratings WHERE {LIVE}
            ) ranked WHERE newest > 1
        )
        """
    )
    # Plain SQL on purpose: the aggregate never bumps an organization's version (its ETag).
    op.execute(
        """
        UPDATE organizations SET
            rating_sum = COALESCE(
                (SELECT SUM(score) FROM ratings WHERE ratings.org_id = organizations.id), 0
            ),
            rating_count = (SELECT COUNT(*) FROM ratings WHERE ratings.org_id = organizations.id)
        """
    )
    with op.batch_alter_table("ratings", schema=None) as batch_op:
        batch_op.create_index(
            "uq_ratings_org_id_rated_by",
            ["org_id", "rated_by"],
            unique=True,
            postgresql_where=sa.text(LIVE),
            sqlite_where=sa.text(LIVE),
        )


def downgrade() -> None:
    with op.batch_alter_table("ratings", schema=None) as batch_op:
        batch_op.drop_index("uq_ratings_org_id_rated_by")
