"""Import boundaries between the services, checked on the source (no import-linter needed).

- the kernel (``services.common``) imports no service and not the gateway;
- a service imports the kernel, itself, and of another service only ``client`` and ``schemas``;
- the gateway imports the kernel and never a service's internals;
- ``wushe`` (the command that wires processes together) may import anything.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SERVICES = ("registry", "matching", "funds")
ALLOWED_FROM_OTHERS = ("client", "schemas")


def imports_of(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from a.b import c` counts as a.b.c: c may be the module (client) or a name in it
            found += [f"{node.module}.{alias.name}" for alias in node.names]
    return found


def owner(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] == "gateway":
        return "gateway"
    if parts[0] == "services" and len(parts) > 1:
        return parts[1]
    return None


def violations(package: Path, me: str, root: Path = ROOT) -> list[str]:
    problems = []
    for path in sorted(package.rglob("*.py")):
        for module in imports_of(path):
            target = owner(module)
            if target is None or target == me or target == "common":
                continue
            parts = module.split(".")
            allowed = (
                me != "common"
                and target != "gateway"
                and len(parts) >= 3
                and parts[2] in ALLOWED_FROM_OTHERS
            )
            if not allowed:
                problems.append(f"{path.relative_to(root)} imports {module}")
    return problems


@pytest.mark.parametrize("service", [*SERVICES, "common"])
def test_service_boundaries(service: str) -> None:
    assert violations(ROOT / "services" / service, service) == []


def test_gateway_imports_no_service_internals() -> None:
    assert violations(ROOT / "gateway", "gateway") == []


def test_the_check_catches_a_violation(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "bad.py").write_text(
        "from services.registry.db.models import Organization\n"
        "from services.registry.client import RegistryClient\n"
        "import services.funds.domain\n",
        encoding="utf-8",
    )
    found = violations(package, "matching", root=tmp_path)
    assert found == [
        "pkg/bad.py imports services.registry.db.models.Organization",
        "pkg/bad.py imports services.funds.domain",
    ]
