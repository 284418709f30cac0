"""SQLAlchemy models of the matching service. Ids of other services' rows are plain UUID columns."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase

from services.common.db import make_metadata
from services.common.store import kernel_tables


class Base(DeclarativeBase):
    """Declarative base; its metadata is what ``migrations/matching`` sees, and nothing else."""

    metadata = make_metadata()


#: The kernel's tables in this service's database: its change feed, outbox, idempotency keys
#: and follower checkpoints (services/common/store.py).
KERNEL = kernel_tables(Base.metadata)

# The match lifecycle's tables live in their own module; importing it here puts them in
# Base.metadata for the app, the migrations and ``alembic check``.
from services.matching.db import lifecycle as _lifecycle  # noqa: E402, F401
