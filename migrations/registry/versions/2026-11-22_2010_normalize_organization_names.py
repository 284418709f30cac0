"""normalize organization names

Names are now stored NFKC-normalized without invisible characters (``services.common.types.
normalize_text``), and search normalizes its query the same way; names stored before that are
brought into the same form here, with their search bigrams. Control and bidirectional characters,
refused for new names, are dropped from old ones. The logic is copied, not imported: a migration
must do tomorrow what it did today.

Revision ID: registry_0005
Revises: registry_0004
Create Date: 2026-11-22 20:10:00
"""

import re
import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "registry_0005"
down_revision: str | None = "registry_0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STRING_LIST = sa.JSON().with_variant(postgresql.ARRAY(sa.Text()), "postgresql")
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e]")
BATCH = 1000

organizations = sa.table(
    "organizations",
    sa.column("id", sa.Uuid()),
    sa.column("name", sa.String()),
    sa.column("name_bigrams", STRING_LIST),
)


def _normal(name: str) -> str:
    text = INVISIBLE.sub("", unicodedata.normalize("NFKC", name)).strip()
    return "".join(c for c in text if unicodedata.category(c) not in {"Cc", "Cf", "Co", "Cs"})


def _bigrams(text: str) -> list[str]:
    low = text.lower()
    seen: dict[str, None] = {}
    for i in range(len(low) - 1):
        seen.setdefault(low[i : i + 2], None)
    return list(seen)


def upgrade() -> None:
    bind = op.get_bind()
    after = None
    while True:
        stmt = sa.select(organizations.c.id, organizations.c.name).order_by(organizations.c.id)
        if after is not None:
            stmt = stmt.where(organizations.c.id > after)
        rows = bind.execute(stmt.limit(BATCH)).all()
        if not rows:
            return
        changed = [
            {"row_id": row.id, "new_name": _normal(row.name), "grams": _bigrams(_normal(row.name))}
            for row in rows
            if _normal(row.name) != row.name and _normal(row.name)
        ]
        if changed:
            bind.execute(
                organizations.update()
                .where(organizations.c.id == sa.bindparam("row_id"))
                .values(name=sa.bindparam("new_name"), name_bigrams=sa.bindparam("grams")),
                changed,
            )
        after = rows[-1].id


def downgrade() -> None:
    """Nothing to undo: the normalized names are the same names."""
