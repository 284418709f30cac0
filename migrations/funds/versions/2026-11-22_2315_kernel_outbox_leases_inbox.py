"""kernel tables: outbox leases and partial indexes, the inbox of batched deliveries

The relay claims messages with a lease (``claimed_until``, ``claim``) instead of holding row locks
while it delivers; it walks pending messages in write order by (status, seq) and probes "an earlier
pending message of this key" in a partial index over pending messages, without reading the
backlog (``services/common/outbox.py``); the
``inbox`` keeps the ids of messages applied from other services' batches
(``services/common/inbox.py``).

Revision ID: funds_0005
Revises: funds_0004
Create Date: 2026-11-22 23:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "funds_0005"
down_revision: str | None = "funds_0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PENDING_ONLY = sa.text("status = 'pending'")


def upgrade() -> None:
    op.create_table(
        "inbox",
        sa.Column("message_id", sa.Uuid(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("message_id", name=op.f("pk_inbox")),
    )
    with op.batch_alter_table("inbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inbox_received_at"), ["received_at"], unique=False)

    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("claim", sa.Uuid(), nullable=True))
        batch_op.drop_index(batch_op.f("ix_outbox_ordering_key_seq"))
        batch_op.create_index(
            "ix_outbox_pending_key_seq",
            ["ordering_key", "status", "seq"],
            unique=False,
            postgresql_where=PENDING_ONLY,
            sqlite_where=PENDING_ONLY,
        )
        batch_op.drop_index(batch_op.f("ix_outbox_status_next_attempt_at"))
        batch_op.create_index("ix_outbox_status_seq", ["status", "seq"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_status_seq")
        batch_op.create_index(
            batch_op.f("ix_outbox_status_next_attempt_at"),
            ["status", "next_attempt_at"],
            unique=False,
        )
        batch_op.drop_index("ix_outbox_pending_key_seq")
        batch_op.create_index(
            batch_op.f("ix_outbox_ordering_key_seq"), ["ordering_key", "seq"], unique=False
        )
        batch_op.drop_column("claim")
        batch_op.drop_column("claimed_until")

    with op.batch_alter_table("inbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inbox_received_at"))

    op.drop_table("inbox")
