"""Alembic environment of the registry service: sees only its own metadata and version table."""

from typing import Any

from alembic import context

from services.common.migrate import run_env
from services.registry.db.models import Base
from services.registry.settings import RegistrySettings


class _DialectAwareContext:
    """Alembic's context, told to skip indexes declared for another dialect (``ddl_if``).

    The GIN indexes on ``text[]`` columns exist on PostgreSQL only; without this, ``alembic check``
    on SQLite would report them missing.
    """

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def configure(self, **kwargs: Any) -> None:
        def include_object(obj: Any, name: Any, type_: str, reflected: bool, compare: Any) -> bool:
            if type_ == "index" and not reflected:
                ddl_if = getattr(obj, "_ddl_if", None)
                dialect = self._inner.get_context().dialect.name
                if ddl_if is not None and ddl_if.dialect and ddl_if.dialect != dialect:
                    return False
            return True

        self._inner.configure(include_object=include_object, **kwargs)


run_env(Base.metadata, _DialectAwareContext(context), RegistrySettings().resolved_database_url())
