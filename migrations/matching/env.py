"""Alembic environment of the matching service: sees only its own metadata and version table."""

from services.common.migrate import run_env
from services.matching.db.models import Base
from services.matching.settings import MatchingSettings

run_env(Base.metadata, MatchingSettings().resolved_database_url())
