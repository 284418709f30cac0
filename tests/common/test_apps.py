"""The app list and the access vocabulary are defined once, and everything reads that definition.

``services/common/apps.py`` names the apps, ``services/common/access.py`` the scopes and roles.
These tests tie each reader to them and fail when a module spells either out again.
"""

from __future__ import annotations

import ast
import configparser
import pkgutil
from pathlib import Path

import pytest

from gateway import authz, schemas
from gateway.settings import GatewaySettings
from services.common import access, apps, identity
from services.common import settings as common_settings
from services.common.access import ALL_SCOPES, ROLES
from services.common.apps import APP_NAMES, APPS, SERVICE_NAMES, App, get_app
from services.common.settings import ServiceSettings
from tests import backends
from wushe import bootstrap, cli

ROOT = Path(__file__).resolve().parents[2]


class TestAppList:
    def test_the_gateway_comes_first_then_the_services(self) -> None:
        assert [app.kind for app in APPS] == ["gateway"] + ["service"] * len(SERVICE_NAMES)
        assert APP_NAMES[1:] == SERVICE_NAMES
        assert len(set(APP_NAMES)) == len(APP_NAMES)
        assert len({app.port_offset for app in APPS}) == len(APPS)

    @pytest.mark.parametrize("app", APPS, ids=APP_NAMES)
    def test_settings_class_is_the_apps(self, app: App) -> None:
        settings_class = pkgutil.resolve_name(app.settings)
        assert issubclass(settings_class, ServiceSettings)
        assert settings_class.service_name == app.name
        assert f"{app.name}_database_url" in settings_class.model_fields

    @pytest.mark.parametrize("app", APPS, ids=APP_NAMES)
    def test_factory_resolves(self, app: App) -> None:
        assert callable(pkgutil.resolve_name(app.factory))

    @pytest.mark.parametrize("name", SERVICE_NAMES)
    def test_every_app_finds_each_service(self, name: str) -> None:
        field = ServiceSettings.model_fields[f"{name}_url"]
        assert field.default == get_app(name).default_url

    @pytest.mark.parametrize("name", SERVICE_NAMES)
    def test_the_gateway_has_a_timeout_per_service(self, name: str) -> None:
        assert f"{name}_timeout_seconds" in GatewaySettings.model_fields

    def test_old_names_read_the_definition(self) -> None:
        assert common_settings.SERVICE_NAMES is apps.SERVICE_NAMES
        assert common_settings.DEFAULT_PORTS is apps.DEFAULT_PORTS
        assert backends.SERVICES is APP_NAMES

    def test_alembic_has_one_environment_per_app(self) -> None:
        ini = configparser.RawConfigParser()
        ini.read(ROOT / "alembic.ini")
        environments = {s for s in ini.sections() if ini.has_option(s, "script_location")}
        assert environments == set(APP_NAMES)
        for name in APP_NAMES:
            assert ini.get(name, "service") == name
            assert (ROOT / "migrations" / name / "env.py").is_file()

    @pytest.mark.parametrize("name", APP_NAMES)
    def test_no_env_reaches_into_alembic(self, name: str) -> None:
        # The kernel's run_env owns alembic's context; an env passes hooks, never wraps it.
        tree = ast.parse((ROOT / "migrations" / name / "env.py").read_text(encoding="utf-8"))
        modules = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        modules += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        assert not [m for m in modules if m and m.split(".")[0] == "alembic"]


class TestWushe:
    def test_up_starts_every_app_on_its_port(self) -> None:
        commands = cli.serve_commands("127.0.0.1", 9000)
        assert list(commands) == list(APP_NAMES)
        for app in APPS:
            port = str(9000 + app.port_offset)
            assert commands[app.name][-6:] == [
                "serve",
                app.name,
                "--host",
                "127.0.0.1",
                "--port",
                port,
            ]

    @pytest.mark.parametrize("name", APP_NAMES)
    def test_serve_accepts_every_app(self, name: str) -> None:
        args = cli.build_parser().parse_args(["serve", name, "--port", "1"])
        assert args.service == name

    async def test_migrate_migrates_every_app(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        migrated: list[str] = []

        async def upgrade(service: str, url: str) -> None:
            migrated.append(service)

        monkeypatch.setenv("WUSHE_DATA_DIR", str(tmp_path))
        monkeypatch.setattr(bootstrap, "upgrade", upgrade)
        await bootstrap.migrate_all()
        assert migrated == list(APP_NAMES)


class TestVocabulary:
    def test_identity_reads_the_definition(self) -> None:
        assert identity.ALL_SCOPES is access.ALL_SCOPES
        assert identity.ROLES is access.ROLES

    def test_each_service_has_read_and_write_scopes(self) -> None:
        for name in SERVICE_NAMES:
            assert {f"{name}:read", f"{name}:write"} <= set(ALL_SCOPES)

    def test_contract_enumerates_the_vocabulary_in_order(self) -> None:
        user_create = schemas.UserCreate.model_json_schema()["properties"]
        user_read = schemas.UserRead.model_json_schema()["properties"]
        key_create = schemas.ApiKeyCreate.model_json_schema()["properties"]
        assert user_create["role"]["enum"] == list(ROLES)
        assert user_read["role"]["enum"] == list(ROLES)
        assert key_create["scopes"]["items"]["enum"] == list(ALL_SCOPES)

    def test_every_role_has_scopes_from_the_vocabulary(self) -> None:
        assert list(authz.ROLE_SCOPES) == list(ROLES)
        assert authz.ROLE_SCOPES["operator"] == frozenset(ALL_SCOPES)
        for scopes in authz.ROLE_SCOPES.values():
            assert scopes <= set(ALL_SCOPES)

    def test_every_rule_speaks_the_vocabulary(self) -> None:
        for rule in authz.RULES:
            assert rule.scope is None or rule.scope in ALL_SCOPES, rule
            assert rule.roles <= set(ROLES), rule

    def test_bound_roles_are_the_definitions(self) -> None:
        assert authz.ORG_BOUND_ROLES is access.ORG_BOUND_ROLES
        assert authz.COMMUNITY_BOUND_ROLES is access.COMMUNITY_BOUND_ROLES

    def test_every_app_owns_a_route_prefix(self) -> None:
        routed = set(authz.ROUTE_TABLE.values()) - {authz.BY_SECOND_SEGMENT}
        assert routed == set(APP_NAMES)


#: The modules that define the lists.
DEFINITIONS = {"services/common/apps.py", "services/common/access.py"}
#: Second spellings in code this change does not own, with where they should go.
PENDING = {
    # SERVICE_TAGS: one OpenAPI tag description per app, keyed by the names.
    "gateway/docs.py": "app names",
    # BOUND_ROLES: services.common.access.BOUND_ROLES says the same.
    "services/registry/domain/base.py": "roles",
}
#: Each vocabulary, and the words a mapping keyed by all of it must name (the services at least:
#: a mapping from two services to their clients is a dependency, not the app list).
VOCABULARIES = {
    "app names": (set(APP_NAMES), set(SERVICE_NAMES)),
    "roles": (set(ROLES), set(ROLES)),
    "scopes": (set(ALL_SCOPES), set(ALL_SCOPES)),
}


def spelled_out(path: Path) -> list[tuple[str, str]]:
    """(vocabulary, where) for each literal that lists a vocabulary again.

    A tuple, list or set naming two or more of its words does; so does a dict keyed by all of it.
    """
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            elements: list[ast.expr | None] = list(node.elts)
        elif isinstance(node, ast.Dict):
            elements = list(node.keys)
        else:
            continue
        words = {e.value for e in elements if isinstance(e, ast.Constant)}
        for vocabulary, (known, complete) in VOCABULARIES.items():
            listed = complete <= words if isinstance(node, ast.Dict) else len(words & known) >= 2
            if listed:
                found.append((vocabulary, f"{path.relative_to(ROOT)}:{node.lineno}"))
    return found


def test_no_module_spells_out_a_list_again() -> None:
    problems = []
    for package in ("services", "gateway", "wushe"):
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if relative in DEFINITIONS:
                continue
            for vocabulary, where in spelled_out(path):
                if PENDING.get(relative) != vocabulary:
                    problems.append(f"{where} spells out the {vocabulary}")
    assert problems == []
