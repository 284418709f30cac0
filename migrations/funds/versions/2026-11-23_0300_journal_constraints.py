"""the journal without per-row foreign key checks; accounts never deleted; events compressed by lz4

The ledger writer only books between accounts it has locked in the same transaction, so the two
foreign keys of ``transfers`` only made PostgreSQL look both accounts up again for every entry
(a third of the cost of inserting the journal). What they also guaranteed, that an account named
by the journal is never deleted, a trigger now guarantees on both backends; ``GET
/v1/ledger/verify`` names any entry whose account does not exist. The unique index on ``hash`` is
dropped: the hash covers ``seq`` (the primary key) and the chain, not an index, is what proves
it. On PostgreSQL the feed's payloads (a ``transfer.batch`` event holds a thousand transfers) are
compressed with lz4 instead of pglz, at about half of pglz's CPU, where the server has lz4.

Revision ID: funds_0006
Revises: funds_0005
Create Date: 2026-11-23 03:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "funds_0006"
down_revision: str | None = "funds_0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_REFUSE = "账户不可删除 / accounts are never deleted (the journal names them)"


def upgrade() -> None:
    with op.batch_alter_table("transfers", schema=None) as batch_op:
        batch_op.drop_constraint("fk_transfers_credit_account_id_accounts", type_="foreignkey")
        batch_op.drop_constraint("fk_transfers_debit_account_id_accounts", type_="foreignkey")
        batch_op.drop_constraint("uq_transfers_hash", type_="unique")
    if _pg():
        op.execute(
            f"""
            CREATE FUNCTION accounts_never_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '{_REFUSE}' USING ERRCODE = 'restrict_violation';
            END $$
            """
        )
        op.execute(
            "CREATE TRIGGER accounts_never_deleted BEFORE DELETE ON accounts "
            "FOR EACH ROW EXECUTE FUNCTION accounts_never_deleted()"
        )
        op.execute(
            """
            DO $$
            BEGIN
                ALTER TABLE events ALTER COLUMN data SET COMPRESSION lz4;
                ALTER TABLE events ALTER COLUMN masked SET COMPRESSION lz4;
            EXCEPTION WHEN feature_not_supported THEN
                NULL;  -- a server built without lz4 keeps pglz
            END $$
            """
        )
    else:
        op.execute(
            "CREATE TRIGGER accounts_never_deleted BEFORE DELETE ON accounts "
            f"BEGIN SELECT RAISE(ABORT, '{_REFUSE}'); END"
        )


def downgrade() -> None:
    op.execute(
        "DROP TRIGGER accounts_never_deleted ON accounts"
        if _pg()
        else "DROP TRIGGER accounts_never_deleted"
    )
    if _pg():
        op.execute("DROP FUNCTION accounts_never_deleted()")
        op.execute("ALTER TABLE events ALTER COLUMN data SET COMPRESSION DEFAULT")
        op.execute("ALTER TABLE events ALTER COLUMN masked SET COMPRESSION DEFAULT")
    with op.batch_alter_table("transfers", schema=None) as batch_op:
        batch_op.create_unique_constraint("uq_transfers_hash", ["hash"])
        batch_op.create_foreign_key(
            "fk_transfers_debit_account_id_accounts", "accounts", ["debit_account_id"], ["id"]
        )
        batch_op.create_foreign_key(
            "fk_transfers_credit_account_id_accounts", "accounts", ["credit_account_id"], ["id"]
        )


def _pg() -> bool:
    return op.get_context().dialect.name == "postgresql"
