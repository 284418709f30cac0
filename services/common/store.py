"""The kernel's own tables, which every service's database holds beside the service's tables.

Each service calls :func:`kernel_tables` on its MetaData (``db/models.py``), so its alembic
environment sees them and its migrations create them; no table is shared between services.

- ``idempotency_keys``: the first successful answer to a creating POST, per caller and key.
- ``events``: the service's change feed, appended in the same transaction as the change.
- ``event_horizon``: how far the feed has been purged (readers behind it get 410).
- ``outbox``: messages owed to other services, written with the change, delivered by the relay.
- ``inbox``: ids of messages this service applied from other services' batched deliveries (a
  redelivered id is not applied twice).
- ``follower_checkpoints``: how far this service has applied another service's feed.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from services.common.db import UTCDateTime

#: A 64-bit position that autoincrements on both backends (SQLite needs INTEGER PRIMARY KEY).
Position = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


@dataclass(frozen=True)
class KernelTables:
    """The kernel's tables in one service's MetaData."""

    idempotency_keys: sa.Table
    events: sa.Table
    event_horizon: sa.Table
    outbox: sa.Table
    follower_checkpoints: sa.Table
    inbox: sa.Table


def kernel_tables(metadata: sa.MetaData) -> KernelTables:
    """Declare the kernel's tables in ``metadata`` (once per service)."""
    idempotency_keys = sa.Table(
        "idempotency_keys",
        metadata,
        sa.Column("principal", sa.String(160), primary_key=True),
        sa.Column("key", sa.String(255), primary_key=True),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False, index=True),
    )
    events = sa.Table(
        "events",
        metadata,
        sa.Column("position", Position, primary_key=True, autoincrement=True),
        sa.Column("id", sa.Uuid(), nullable=False, unique=True),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("occurred_at", UTCDateTime(), nullable=False, index=True),
        sa.Column("subject_kind", sa.String(32), nullable=False),
        sa.Column("subject_id", sa.String(64), nullable=False),
        sa.Column("region_code", sa.String(12), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        # ``data`` as a caller without ``pii:read`` may see it, masked when it was written.
        sa.Column("masked", sa.JSON(), nullable=False),
    )
    event_horizon = sa.Table(
        "event_horizon",
        metadata,
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("purged_through", sa.BigInteger(), nullable=False),
    )
    outbox = sa.Table(
        "outbox",
        metadata,
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("target", sa.String(32), nullable=False),
        sa.Column("method", sa.String(8), nullable=False),
        sa.Column("path", sa.String(255), nullable=False),
        sa.Column("body", sa.JSON(), nullable=True),
        sa.Column("ordering_key", sa.String(160), nullable=False),
        # Write order within an ordering key (a monotonic clock in nanoseconds).
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("delivered_at", UTCDateTime(), nullable=True),
        # A relay's lease on a message it is delivering: no other relay claims it before
        # ``claimed_until``; ``claim`` names the claim, so only its holder records the outcome.
        sa.Column("claimed_until", UTCDateTime(), nullable=True),
        sa.Column("claim", sa.Uuid(), nullable=True),
        # The claim walks pending messages in write order (and stops when it has a round's
        # worth); operators list a status in the same order.
        sa.Index("ix_outbox_status_seq", "status", "seq"),
        # Pending messages only (a small part of the table once delivered ones pile up): "is
        # there an earlier pending message of this key" is one probe of this index. ``status``
        # is in it too, so that SQLite's planner, which does not weigh a partial index's
        # predicate, sees two equalities here against one in ix_outbox_status_seq.
        sa.Index(
            "ix_outbox_pending_key_seq",
            "ordering_key",
            "status",
            "seq",
            postgresql_where=sa.text("status = 'pending'"),
            sqlite_where=sa.text("status = 'pending'"),
        ),
    )
    follower_checkpoints = sa.Table(
        "follower_checkpoints",
        metadata,
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("last_event_at", UTCDateTime(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    inbox = sa.Table(
        "inbox",
        metadata,
        sa.Column("message_id", sa.Uuid(), primary_key=True),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False, index=True),
    )
    return KernelTables(
        idempotency_keys=idempotency_keys,
        events=events,
        event_horizon=event_horizon,
        outbox=outbox,
        follower_checkpoints=follower_checkpoints,
        inbox=inbox,
    )
