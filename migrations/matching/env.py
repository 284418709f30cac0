"""Alembic environment of the matching service: sees only its own metadata and version table."""

from alembic import context

from services.common.migrate import run_env
from services.matching.db.models import Base
from services.matching.settings import MatchingSettings

run_env(Base.metadata, context, MatchingSettings().resolved_database_url())
