"""Alembic environment of the gateway service: sees only its own metadata and version table."""

from alembic import context

from gateway.db.models import Base
from gateway.settings import GatewaySettings
from services.common.migrate import run_env

run_env(Base.metadata, context, GatewaySettings().resolved_database_url())
