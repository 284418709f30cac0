"""Alembic environment of the funds service: sees only its own metadata and version table."""

from services.common.migrate import run_env
from services.funds.db.models import Base
from services.funds.settings import FundsSettings

run_env(Base.metadata, FundsSettings().resolved_database_url())
