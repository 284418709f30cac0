"""Tables of the match lifecycle: matches, service records, feedback (in ``Base.metadata``)."""

from __future__ import annotations

from services.matching.db.models import Base

__all__ = ["Base"]
