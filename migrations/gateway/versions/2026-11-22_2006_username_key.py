"""username key: usernames unique in their NFKC case-folded form

Revision ID: gateway_0002
Revises: gateway_0001
Create Date: 2026-11-22 20:06:00

``Admin`` and ``admin`` were two accounts. The key column holds NFKC + casefold of the username
(``gateway.db.models.normalize_username``, repeated here: a migration must not change when the
model does) and carries the unique constraint the username had. Existing rows that collide
stop the upgrade with their names, for an operator to rename one: picking a winner silently
would hand one person's account to another.
"""

import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "gateway_0002"
down_revision: str | None = "gateway_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _key(username: str) -> str:
    return unicodedata.normalize("NFKC", username).casefold()


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("username_key", sa.String(length=64), nullable=True))
    conn = op.get_bind()
    users = sa.table(
        "users", sa.column("id", sa.Uuid()), sa.column("username"), sa.column("username_key")
    )
    seen: dict[str, str] = {}
    for user_id, username in conn.execute(sa.select(users.c.id, users.c.username)).all():
        key = _key(username)
        if key in seen:
            raise RuntimeError(
                f"usernames {seen[key]!r} and {username!r} differ only in case or width; "
                "rename one of them, then upgrade again"
            )
        seen[key] = username
        conn.execute(users.update().where(users.c.id == user_id).values(username_key=key))
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("username_key", existing_type=sa.String(length=64), nullable=False)
        batch_op.drop_constraint("uq_users_username", type_="unique")
        batch_op.create_unique_constraint(batch_op.f("uq_users_username_key"), ["username_key"])


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_users_username_key"), type_="unique")
        batch_op.create_unique_constraint("uq_users_username", ["username"])
        batch_op.drop_column("username_key")
