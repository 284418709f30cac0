"""First-run chores of ``wushe up``: secrets, migrations, the first operator account."""

from __future__ import annotations

import json
import os
import pkgutil
import secrets
from pathlib import Path

from sqlalchemy import select

from gateway.db.models import User
from gateway.domain.security import hash_password
from services.common.access import Role
from services.common.apps import APP_NAMES, GATEWAY, get_app
from services.common.db import Database
from services.common.migrate import upgrade
from services.common.settings import ServiceSettings


def load_or_create_secrets(data_dir: Path) -> dict[str, str]:
    """Internal and JWT secrets: from the environment, else kept in ``data_dir/secrets.json``."""
    path = data_dir / "secrets.json"
    stored: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
    changed = False
    result = {}
    for env in ("WUSHE_INTERNAL_SECRET", "WUSHE_JWT_SECRET"):
        value = os.environ.get(env) or stored.get(env)
        if not value:
            value = secrets.token_urlsafe(32)
            stored[env] = value
            changed = True
        result[env] = value
    if changed:
        path.write_text(json.dumps(stored))
        path.chmod(0o600)
    return result


def settings_class(app: str) -> type[ServiceSettings]:
    """The settings class of an app (``gateway`` or a service)."""
    found = pkgutil.resolve_name(get_app(app).settings)
    if not (isinstance(found, type) and issubclass(found, ServiceSettings)):
        raise TypeError(f"{get_app(app).settings} is not a ServiceSettings class")
    return found


def database_url(service: str) -> str:
    """The database URL a service will use with the current environment."""
    return settings_class(service)().resolved_database_url()


async def migrate_all() -> list[str]:
    """Apply every service's migrations; return the URLs migrated (passwords hidden)."""
    done = []
    for service in APP_NAMES:
        url = database_url(service)
        await upgrade(service, url)
        done.append(f"{service}: {_redact(url)}")
    return done


async def ensure_admin(password: str | None, url: str | None = None) -> str | None:
    """Create the ``admin`` operator if missing; return the generated password if one was made."""
    database = Database(url or database_url(GATEWAY.name), pool_size=1)
    try:
        async with database.sessionmaker() as session:
            exists = await session.scalar(select(User.id).where(User.username == "admin"))
            if exists is not None:
                return None
            generated = None
            if not password:
                generated = password = secrets.token_urlsafe(12)
            session.add(
                User(
                    username="admin",
                    password_hash=hash_password(password),
                    role=Role.OPERATOR.value,
                    display_name="系统管理员",
                )
            )
            await session.commit()
            return generated
    finally:
        await database.dispose()


async def ensure_operator(username: str, display_name: str, url: str | None = None) -> str:
    """An operator ``username`` with a new random password (created, or its password reset and
    any lockout cleared); the password is returned, never stored."""
    password = secrets.token_urlsafe(18)
    database = Database(url or database_url(GATEWAY.name), pool_size=1)
    try:
        async with database.sessionmaker() as session:
            user = await session.scalar(select(User).where(User.username == username))
            if user is None:
                session.add(
                    User(
                        username=username,
                        password_hash=hash_password(password),
                        role=Role.OPERATOR.value,
                        display_name=display_name,
                    )
                )
            else:
                user.password_hash = hash_password(password)
                user.is_active = True
            await session.commit()
            return password
    finally:
        await database.dispose()


def _redact(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        return f"{scheme}://{creds.split(':')[0]}:***@{host}" if ":" in creds else url
    return url
