"""Alembic environment of the registry service: sees only its own metadata and version table."""

from services.common.migrate import run_env
from services.registry.db.models import Base
from services.registry.settings import RegistrySettings

run_env(Base.metadata, RegistrySettings().resolved_database_url())
