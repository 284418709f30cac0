"""The apps of the system: the gateway and the three services, each named here and nowhere else.

Settings, migrations, ``wushe`` and the tests read this list; ``tests/common/test_apps.py`` fails
when another module spells it out again. Adding a service starts with a line here.

The kernel may not import a service, so an app's factory and settings class are named by
``"module:attribute"`` references (uvicorn's convention); ``pkgutil.resolve_name`` loads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: The gateway's port when nothing else is said; the services follow it (``wushe up --port``).
BASE_PORT = 8000


@dataclass(frozen=True, slots=True)
class App:
    """One process of the system: its name, where it listens, and where its code starts."""

    #: Also its alembic section, its ``WUSHE_<NAME>_*`` variables and its SQLite file's stem.
    name: str
    kind: Literal["gateway", "service"]
    #: Distance of its port from the gateway's, so that one ``--port`` moves all four.
    port_offset: int
    #: ``"module:function"`` building the ASGI app (what ``wushe serve`` hands uvicorn).
    factory: str
    #: ``"module:Class"`` of its settings.
    settings: str

    @property
    def is_service(self) -> bool:
        """True for the services behind the gateway."""
        return self.kind == "service"

    @property
    def default_port(self) -> int:
        """Its port when ``wushe up`` runs with the default ``--port``."""
        return self.port(BASE_PORT)

    @property
    def default_url(self) -> str:
        """Where the others find it when no ``WUSHE_<NAME>_URL`` says otherwise."""
        return f"http://127.0.0.1:{self.default_port}"

    def port(self, base: int) -> int:
        """Its port when the gateway listens on ``base``."""
        return base + self.port_offset


GATEWAY = App("gateway", "gateway", 0, "gateway.app:create_app", "gateway.settings:GatewaySettings")
REGISTRY = App(
    "registry",
    "service",
    1,
    "services.registry.app:create_app",
    "services.registry.settings:RegistrySettings",
)
MATCHING = App(
    "matching",
    "service",
    2,
    "services.matching.app:create_app",
    "services.matching.settings:MatchingSettings",
)
FUNDS = App(
    "funds", "service", 3, "services.funds.app:create_app", "services.funds.settings:FundsSettings"
)

#: In start-up and migration order: the gateway first, then the services.
APPS: tuple[App, ...] = (GATEWAY, REGISTRY, MATCHING, FUNDS)
APP_NAMES: tuple[str, ...] = tuple(app.name for app in APPS)
SERVICE_NAMES: tuple[str, ...] = tuple(app.name for app in APPS if app.is_service)
DEFAULT_PORTS: dict[str, int] = {app.name: app.default_port for app in APPS}


def get_app(name: str) -> App:
    """The app called ``name``; ``KeyError`` for any other name."""
    return _BY_NAME[name]


def ports(base: int = BASE_PORT) -> dict[str, int]:
    """Every app's port when the gateway listens on ``base``."""
    return {app.name: app.port(base) for app in APPS}


_BY_NAME = {app.name: app for app in APPS}
