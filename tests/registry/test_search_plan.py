"""Name search: the plan choice, and pages that never skip or repeat whichever plan serves them."""

from __future__ import annotations

import random
from typing import Any

import pytest

from services.registry.domain import search
from services.registry.domain.search import BigramStats, SearchPlan, choose_plan
from tests.factories import create, filed_payload, org_payload
from tests.system_fixture import System

PATH = "/v1/organizations"


def _cjk_tag(n: int = 4) -> str:
    """A run of rare ideographs no other test's names contain."""
    return "".join(chr(random.randint(0x4E00 + 8000, 0x9FA5)) for _ in range(n))


STATS = BigramStats(
    rows=300_000, frequencies={"服务": 0.44, "街道": 0.44, "志愿": 0.2}, floor=0.002
)


class TestChoosePlan:
    def test_rare_bigram_uses_the_index(self) -> None:
        plan = choose_plan(STATS, ["闻县"], 51)
        assert plan.kind == "index"
        assert plan.estimate == pytest.approx(600)

    def test_frequent_bigram_walks_a_bounded_stretch(self) -> None:
        plan = choose_plan(STATS, ["服务"], 51)
        assert plan.kind == "walk"
        assert search.MIN_BUDGET <= plan.budget < 2_000

    def test_the_rarest_bigram_bounds_a_long_query(self) -> None:
        assert choose_plan(STATS, ["服务", "务街", "街道"], 51).kind == "index"
        assert choose_plan(STATS, ["志愿", "愿服", "服务"], 51).kind == "index"  # 愿服 unknown
        assert choose_plan(STATS, ["服务", "街道"], 51).kind == "walk"

    def test_budget_follows_the_match_rate_not_a_fixed_probe(self) -> None:
        def plan(rows: int, frequency: float) -> SearchPlan:
            return choose_plan(BigramStats(rows, {"志愿": frequency}, 0.0001), ["志愿"], 51)

        assert plan(300_000, 0.05).budget == 2 * 51 * 20
        assert plan(300_000, 0.01).budget == 2 * 51 * 100
        # 0.2 %: 600 matches are cheaper through the index at 300k rows, 6,000 are not at 3M.
        assert plan(300_000, 0.002).kind == "index"
        assert plan(3_000_000, 0.002).budget == 2 * 51 * 500

    def test_without_statistics_the_index_answers(self) -> None:
        assert choose_plan(None, ["服务"], 51) == SearchPlan("index", None)


async def _pages(system: System, limit: int, **params: Any) -> list[str]:
    """Every page of a search, concatenated; fails on an over-long page."""
    headers = await system.admin_headers()
    seen: list[str] = []
    cursor = None
    while True:
        query = {**params, "limit": limit, **({"cursor": cursor} if cursor else {})}
        response = await system.gateway.get(PATH, params=query, headers=headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert len(body["items"]) <= limit
        seen += [o["id"] for o in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            return seen


@pytest.fixture
async def roster(system: System) -> dict[str, Any]:
    """Seven organizations whose names contain a fresh tag (some filed), between others."""
    tag = _cjk_tag()
    headers = await system.admin_headers()
    made: list[tuple[str, str, bool]] = []
    for i in range(7):
        filed = i % 3 == 1
        name = f"测试{tag}{'ABC' if i % 2 else 'abc'}服务站{i}"
        body = filed_payload(name=name) if filed else org_payload(name=name)
        made.append(((await create(system.gateway, PATH, body, headers))["id"], name, filed))
        await create(system.gateway, PATH, org_payload(name=f"无关{i}{_cjk_tag(2)}"), headers)
    return {"tag": tag, "made": made}


#: None: the index for every page; otherwise walk with this budget (2: it always falls back to
#: the index; a million: it reaches the end of the table, or fills the page).
BUDGETS = [None, 2, 5, 1_000_000]


@pytest.fixture(params=BUDGETS, ids=["index", "walk-2", "walk-5", "walk-all"])
def plan(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int | None:
    budget = request.param
    if budget is not None:
        monkeypatch.setattr(search, "choose_plan", lambda *_: SearchPlan("walk", 1.0, budget))
    return budget  # type: ignore[no-any-return]


class TestSearchPagination:
    """The same ids in the same order, page after page, on both backends and every plan."""

    async def test_two_characters(self, system: System, roster: dict[str, Any], plan: Any) -> None:
        tag = roster["tag"]
        want = [i for i, _, _ in roster["made"]]
        assert await _pages(system, 2, q=tag[1:3]) == await _pages(system, 200, q=tag[1:3])
        assert [i for i in await _pages(system, 2, q=tag[1:3]) if i in want] == want

    async def test_long_query_and_filter(
        self, system: System, roster: dict[str, Any], plan: Any
    ) -> None:
        tag = roster["tag"]
        want = [i for i, _, filed in roster["made"] if filed]
        assert await _pages(system, 1, q=f"{tag}ab", registration="filed") == want
        assert await _pages(system, 2, q=tag, registration="filed") == want

    async def test_latin_letters_ignore_case(
        self, system: System, roster: dict[str, Any], plan: Any
    ) -> None:
        tag = roster["tag"]
        want = [i for i, _, _ in roster["made"]]
        assert await _pages(system, 3, q=f"{tag}aBc") == want
        # Two ideographs of the tag: rare, but other tests' names may share them.
        q = f"{tag[-2:]}ABC服务站"
        pages = await _pages(system, 2, q=q)
        assert pages == await _pages(system, 200, q=q)
        assert [i for i in pages if i in want] == want

    async def test_no_match(self, system: System, roster: dict[str, Any], plan: Any) -> None:
        assert await _pages(system, 2, q=f"{roster['tag']}不存在") == []
