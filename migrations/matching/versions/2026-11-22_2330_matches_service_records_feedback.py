"""matches, service records, feedback

Revision ID: matching_0005
Revises: matching_0004
Create Date: 2026-11-22 23:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "matching_0005"
down_revision: str | None = "matching_0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "matches",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("need_id", sa.Uuid(), nullable=False),
        sa.Column("offer_id", sa.Uuid(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("round_id", sa.Uuid(), nullable=True),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("need_accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("need_accepted_by", sa.String(length=160), nullable=True),
        sa.Column("offer_accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("offer_accepted_by", sa.String(length=160), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.String(length=160), nullable=True),
        sa.Column("closed_side", sa.String(length=8), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("grant_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_matches_quantity_positive")),
        sa.CheckConstraint(
            "status IN ('proposed', 'accepted', 'in_service', 'completed', 'declined', "
            "'cancelled')",
            name=op.f("ck_matches_status_known"),
        ),
        sa.ForeignKeyConstraint(["need_id"], ["needs.id"], name=op.f("fk_matches_need_id_needs")),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offers.id"], name=op.f("fk_matches_offer_id_offers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matches")),
    )
    with op.batch_alter_table("matches", schema=None) as batch_op:
        batch_op.create_index("ix_matches_created_at_id", ["created_at", "id"], unique=False)
        batch_op.create_index("ix_matches_need_id_status", ["need_id", "status"], unique=False)
        batch_op.create_index("ix_matches_offer_id_status", ["offer_id", "status"], unique=False)
        batch_op.create_index("ix_matches_round_id", ["round_id"], unique=False)

    op.create_table(
        "service_records",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("match_id", sa.Uuid(), nullable=False),
        sa.Column("served_on", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("beneficiaries_served", sa.Integer(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("content", sa.String(length=500), nullable=False),
        sa.Column("note", sa.String(length=1000), nullable=True),
        sa.Column("time_bank_id", sa.Uuid(), nullable=True),
        sa.Column("recorded_by", sa.String(length=160), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "beneficiaries_served >= 0",
            name=op.f("ck_service_records_beneficiaries_not_negative"),
        ),
        sa.CheckConstraint("minutes > 0", name=op.f("ck_service_records_minutes_positive")),
        sa.ForeignKeyConstraint(
            ["match_id"], ["matches.id"], name=op.f("fk_service_records_match_id_matches")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_records")),
    )
    with op.batch_alter_table("service_records", schema=None) as batch_op:
        batch_op.create_index(
            "ix_service_records_match_id_created_at", ["match_id", "created_at"], unique=False
        )
        batch_op.create_index("ix_service_records_served_on", ["served_on"], unique=False)

    op.create_table(
        "service_record_volunteers",
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("volunteer_id", sa.Uuid(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "minutes > 0", name=op.f("ck_service_record_volunteers_minutes_positive")
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["service_records.id"],
            name=op.f("fk_service_record_volunteers_record_id_service_records"),
        ),
        sa.PrimaryKeyConstraint(
            "record_id", "volunteer_id", name=op.f("pk_service_record_volunteers")
        ),
    )
    with op.batch_alter_table("service_record_volunteers", schema=None) as batch_op:
        batch_op.create_index(
            "ix_service_record_volunteers_volunteer_id", ["volunteer_id"], unique=False
        )

    op.create_table(
        "feedback",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("match_id", sa.Uuid(), nullable=False),
        sa.Column("side", sa.String(length=8), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sa.String(length=1000), nullable=True),
        sa.Column("rating_sent", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(length=160), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("score BETWEEN 1 AND 5", name=op.f("ck_feedback_score_range")),
        sa.ForeignKeyConstraint(
            ["match_id"], ["matches.id"], name=op.f("fk_feedback_match_id_matches")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
        sa.UniqueConstraint("match_id", "side", name="uq_feedback_match_id_side"),
    )


def downgrade() -> None:
    op.drop_table("feedback")
    with op.batch_alter_table("service_record_volunteers", schema=None) as batch_op:
        batch_op.drop_index("ix_service_record_volunteers_volunteer_id")
    op.drop_table("service_record_volunteers")
    with op.batch_alter_table("service_records", schema=None) as batch_op:
        batch_op.drop_index("ix_service_records_served_on")
        batch_op.drop_index("ix_service_records_match_id_created_at")
    op.drop_table("service_records")
    with op.batch_alter_table("matches", schema=None) as batch_op:
        batch_op.drop_index("ix_matches_round_id")
        batch_op.drop_index("ix_matches_offer_id_status")
        batch_op.drop_index("ix_matches_need_id_status")
        batch_op.drop_index("ix_matches_created_at_id")
    op.drop_table("matches")
