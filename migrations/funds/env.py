"""Alembic environment of the funds service: sees only its own metadata and version table."""

from alembic import context

from services.common.migrate import run_env
from services.funds.db.models import Base
from services.funds.settings import FundsSettings

run_env(Base.metadata, context, FundsSettings().resolved_database_url())
