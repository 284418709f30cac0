"""Structural rules every app keeps, checked on the apps themselves and on the source.

- Every route of every app is a :class:`CommittingRoute` (a plain ``APIRouter`` builds routes
  that silently never commit).
- Every endpoint that touches the database declares its session (read, snapshot or write), and
  an endpoint that changes something declares the write session.
- Every error code raised anywhere is a member of a typed catalogue (no string literals), each
  member has a zh-CN and an en title, and a code shared by two apps means one thing: the same
  titles.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from gateway.errors import GatewayCode
from services.common.db import read_session, snapshot_session, write_session
from services.common.errors import ErrorCode, KernelCode
from services.common.routing import CommittingRoute
from services.funds.domain.errors import FundsCode
from services.matching.domain.errors import MatchingCode
from services.registry.domain.errors import RegistryCode
from tests.system_fixture import System

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES: dict[str, type[ErrorCode]] = {
    "gateway": GatewayCode,
    "registry": RegistryCode,
    "matching": MatchingCode,
    "funds": FundsCode,
}
WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def _walk(routes: list[Any]) -> Iterator[Any]:
    for route in routes:
        included = getattr(route, "original_router", None)  # FastAPI's lazily included router
        if included is not None:
            yield from _walk(included.routes)
        else:
            yield route


def _api_routes(app: FastAPI) -> list[APIRoute]:
    return [r for r in _walk(app.routes) if isinstance(r, APIRoute)]


def _calls(dependant: Dependant) -> Iterator[object]:
    for dep in dependant.dependencies:
        yield dep.call
        yield from _calls(dep)


class TestRoutes:
    async def test_every_route_of_every_app_commits(self, system: System) -> None:
        for name, app in system.apps.items():
            routes = _api_routes(app)
            assert routes, name
            plain = [r.path for r in routes if not isinstance(r, CommittingRoute)]
            assert plain == [], f"{name}: routes that would never commit: {plain}"

    async def test_a_plain_router_is_caught(self) -> None:
        """The check above can fail: a route built by a plain APIRouter is not committing."""
        from fastapi import APIRouter

        app = FastAPI()
        router = APIRouter()

        @router.get("/x")
        async def x() -> None: ...

        app.include_router(router)
        assert not all(isinstance(r, CommittingRoute) for r in _api_routes(app))

    async def test_endpoints_that_change_things_use_the_write_session(self, system: System) -> None:
        wrong = []
        for name, app in system.apps.items():
            for route in _api_routes(app):
                calls = set(_calls(route.dependant))
                reads = calls & {read_session, snapshot_session}
                if route.methods & WRITES and reads and write_session not in calls:
                    wrong.append(f"{name} {sorted(route.methods)} {route.path}")
        assert wrong == []

    async def test_the_app_catalogue_is_handed_to_the_app(self, system: System) -> None:
        for name, app in system.apps.items():
            assert app.state.codes is CATALOGUES[name]


def _error_classes() -> set[str]:
    import services.funds.app
    import services.matching.app
    import services.registry.app  # noqa: F401  (every error class is imported by its app)
    from services.common.errors import WusheError

    names, todo = set(), [WusheError]
    while todo:
        cls = todo.pop()
        names.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return names


def _callee(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def _raised_codes(package: str) -> Iterator[tuple[str, int, ast.expr]]:
    errors = _error_classes()
    for path in sorted((ROOT / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _callee(node) in errors:
                for kw in node.keywords:
                    if kw.arg == "code":
                        yield str(path.relative_to(ROOT)), node.lineno, kw.value
            elif isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Tuple)
                and any(isinstance(e, ast.Name) and e.id == "code" for e in t.elts)
                for t in node.targets
            ):
                value = node.value
                if isinstance(value, ast.Tuple):
                    yield str(path.relative_to(ROOT)), node.lineno, value.elts[-1]


PACKAGES = {
    "services/common": (KernelCode,),
    "services/registry": (KernelCode, RegistryCode),
    "services/matching": (KernelCode, MatchingCode),
    "services/funds": (KernelCode, FundsCode),
    "gateway": (KernelCode, GatewayCode),
}


class TestErrorCatalogue:
    @pytest.mark.parametrize("package", sorted(PACKAGES))
    def test_every_raised_code_is_catalogued(self, package: str) -> None:
        allowed = {cls.__name__: cls for cls in PACKAGES[package]}
        problems = []
        for where, line, value in _raised_codes(package):
            if (
                isinstance(value, ast.Attribute)
                and isinstance(value.value, ast.Name)
                and value.value.id in allowed
            ):
                if not hasattr(allowed[value.value.id], value.attr):
                    problems.append(f"{where}:{line}: {value.value.id}.{value.attr} is unknown")
                continue
            if isinstance(value, ast.IfExp):
                problems += [
                    f"{where}:{line}: code={ast.unparse(v)} is not a catalogue member"
                    for v in (value.body, value.orelse)
                    if not (isinstance(v, ast.Attribute) and ast.unparse(v.value) in allowed)
                ]
                continue
            if isinstance(value, ast.Name) and value.id in ("code", "None"):
                continue  # passed through (a client re-raising another service's problem)
            problems.append(f"{where}:{line}: code={ast.unparse(value)} is not a catalogue member")
        assert problems == []

    def test_the_scan_sees_a_string_literal(self, tmp_path: Path) -> None:
        """The scan above can fail: a literal code is reported."""
        tree = ast.parse('raise Conflict("x", code="made_up")')
        call = next(n for n in ast.walk(tree) if isinstance(n, ast.Call))
        assert isinstance(call.keywords[0].value, ast.Constant)

    def test_every_member_has_both_titles(self) -> None:
        for catalogue in (KernelCode, *CATALOGUES.values()):
            for member in catalogue:
                assert member.zh, f"{catalogue.__name__}.{member.name}"
                assert member.en, f"{catalogue.__name__}.{member.name}"
                assert member.value == member.name.lower()

    def test_a_code_means_one_thing_everywhere(self) -> None:
        seen: dict[str, tuple[str, str, str]] = {}
        for catalogue in (KernelCode, *CATALOGUES.values()):
            for member in catalogue:
                titles = (member.zh, member.en)
                if member.value in seen:
                    other, *known = seen[member.value]
                    assert tuple(known) == titles, (
                        f"{member.value}: {catalogue.__name__} and {other} disagree"
                    )
                else:
                    seen[member.value] = (catalogue.__name__, *titles)

    def test_service_catalogues_do_not_redefine_kernel_codes(self) -> None:
        kernel = {m.value for m in KernelCode}
        for name, catalogue in CATALOGUES.items():
            assert not kernel & {m.value for m in catalogue}, name
