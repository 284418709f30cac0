"""api key parent: the key that created a key, so that revoking it revokes its children

Revision ID: gateway_0004
Revises: gateway_0003
Create Date: 2026-11-22 20:57:00

Keys created by keys before this revision recorded nothing about their creator (``created_by``
held only people's ids): their lineage cannot be recovered, and ``created_by_key_id`` stays
null for them (docs/security.md says how to find them).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "gateway_0004"
down_revision: str | None = "gateway_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.add_column(sa.Column("created_by_key_id", sa.Uuid(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_api_keys_created_by_key_id"), ["created_by_key_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_api_keys_created_by_key_id_api_keys"),
            "api_keys",
            ["created_by_key_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_api_keys_created_by_key_id_api_keys"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_api_keys_created_by_key_id"))
        batch_op.drop_column("created_by_key_id")
