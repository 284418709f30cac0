"""SQLAlchemy models of the funds service. Ids of other services' rows are plain UUID columns."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase

from services.common.db import make_metadata


class Base(DeclarativeBase):
    """Declarative base; its metadata is what ``migrations/funds`` sees, and nothing else."""

    metadata = make_metadata()
