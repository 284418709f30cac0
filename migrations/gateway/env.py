"""Alembic environment of the gateway service: sees only its own metadata and version table."""

import gateway.db.webhooks  # noqa: F401  (its tables are in the same MetaData)
from gateway.db.models import Base
from gateway.settings import GatewaySettings
from services.common.migrate import run_env

run_env(Base.metadata, GatewaySettings().resolved_database_url())
